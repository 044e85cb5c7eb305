"""Loading and validating foods.csv and targets.yaml: every bad input gets one exact message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mealplan.data import (
    MAX_FOOD_ROWS,
    load_foods,
    load_targets,
    match_exclusion,
    parse_foods,
    resolve_exclusions,
)
from mealplan.errors import DataError

from .conftest import csv_rows, rows_to_csv


def test_shipped_catalogue_is_valid_and_traceable(catalogue, targets):
    assert len(catalogue) >= 100
    six = [k for k, n in targets.nutrients.items() if n.min and not n.hard and not n.section]
    assert len(six) == 6
    more = [k for k, n in targets.nutrients.items() if n.section == "More nutrients"]
    assert more == ["protein_g", "fiber_g", "sodium_mg", "saturated_fat_g", "folate_ug",
                    "iron_mg"]
    for food in catalogue.foods:
        assert food.usda_name, food.name
        assert food.price is not None and food.price > 0, food.name
        assert food.meals, food.name
    names = [food.name.casefold() for food in catalogue.foods]
    assert len(names) == len(set(names))


def test_every_source_named_by_the_article_is_in_the_catalogue(catalogue):
    names = " ".join(food.name.casefold() for food in catalogue.foods)
    for source in ("spinach", "kale", "almonds", "cashews", "pumpkin seeds", "banana",
                   "avocado", "beans", "lentils", "salmon", "egg", "milk", "yogurt",
                   "fortified", "sweet potato", "tomato", "oat", "brown rice", "chicken",
                   "pork", "soy milk", "almond milk", "coffee", "tea", "cola"):
        assert source in names, source


def test_sources_column_tags_each_nutrient(catalogue, targets):
    # The article names sources of the six headline nutrients only.
    six = [k for k, n in targets.nutrients.items() if n.min and not n.hard and not n.section]
    for key in six:
        assert any(key in food.sources for food in catalogue.foods), key


def test_profiles_override_only_what_differs(targets):
    women = targets.for_profile("women_19_30")
    adult = targets.for_profile(None)
    assert women["magnesium_mg"].min == 310
    assert women["vitamin_b12_ug"].min == adult["vitamin_b12_ug"].min == 2.4
    assert targets.for_profile("pregnancy_19_30")["caffeine_mg"].max == 200


def test_unknown_profile_suggests(targets):
    with pytest.raises(DataError) as error:
        targets.for_profile("women_19_3")
    assert str(error.value).startswith("unknown profile 'women_19_3'; did you mean 'women_19_30'")


# --------------------------------------------------------------------------------------------
# foods.csv: one row per bad input, with the exact message


def _edit(text, row=0, **changes):
    rows = csv_rows(text)
    rows[row].update(changes)
    return rows_to_csv(rows)


BAD_FOODS = [
    ("empty file", lambda t: "",
     "foods.csv: file is empty; expected a header row and at least one food"),
    ("header only", lambda t: t.splitlines()[0] + "\n", "foods.csv: has a header but no foods"),
    ("semicolons", lambda t: t.replace(",", ";"),
     "foods.csv, row 1: columns are separated by ';'; mealplan expects comma-separated values"),
    ("missing nutrient column",
     lambda t: rows_to_csv([{k: v for k, v in r.items() if k != "calcium_mg"}
                            for r in csv_rows(t)]),
     "foods.csv, row 1: missing column 'calcium_mg' (targets.yaml has a nutrient "
     "'calcium_mg')"),
    ("missing required column",
     lambda t: rows_to_csv([{k: v for k, v in r.items() if k != "grams"} for r in csv_rows(t)]),
     "foods.csv, row 1: missing column 'grams' (every food needs it)"),
    # A misspelt nutrient column is kept as information, so the nutrient itself is missing.
    ("misspelt nutrient column", lambda t: t.replace("calcium_mg", "calcum_mg", 1),
     "foods.csv, row 1: missing column 'calcium_mg' (targets.yaml has a nutrient "
     "'calcium_mg'); did you mean 'calcum_mg'?"),
    ("duplicate column", lambda t: t.replace("usda_data_type", "grams", 1),
     "foods.csv, row 1, column 'grams': duplicate column"),
    ("duplicate food", lambda t: _edit(t, 1, food=csv_rows(t)[0]["food"].upper()),
     "foods.csv, row 3, column 'food': duplicate food 'SPINACH, RAW' (first on row 2)"),
    ("not a number", lambda t: _edit(t, 0, grams="thirty"),
     "foods.csv, row 2, column 'grams': expected a number, found 'thirty'"),
    ("negative", lambda t: _edit(t, 2, magnesium_mg="-1"),
     "foods.csv, row 4, column 'magnesium_mg': expected a number >= 0, found '-1'"),
    ("NaN", lambda t: _edit(t, 0, potassium_mg="nan"),
     "foods.csv, row 2, column 'potassium_mg': expected a finite number, found 'nan'"),
    ("infinity", lambda t: _edit(t, 0, kcal="inf"),
     "foods.csv, row 2, column 'kcal': expected a finite number, found 'inf'"),
    ("zero grams", lambda t: _edit(t, 0, grams="0"),
     "foods.csv, row 2, column 'grams': expected a number > 0, found '0'"),
    ("empty nutrient", lambda t: _edit(t, 0, vitamin_d_ug=""),
     "foods.csv, row 2, column 'vitamin_d_ug': empty; expected a number"),
    ("empty name", lambda t: _edit(t, 0, food=" "),
     "foods.csv, row 2, column 'food': empty; every food needs a name"),
    ("unknown meal", lambda t: _edit(t, 0, meals="brunch"),
     "foods.csv, row 2, column 'meals': unknown value 'brunch'; did you mean 'lunch'?; expected "
     "a ';'-separated list from: breakfast, lunch, dinner, snack"),
    ("unknown source", lambda t: _edit(t, 0, sources="magnesium"),
     "foods.csv, row 2, column 'sources': unknown value 'magnesium'; did you mean "
     "'magnesium_mg'?; expected a ';'-separated list from: kcal, magnesium_mg, vitamin_b12_ug, "
     "vitamin_d_ug, potassium_mg, calcium_mg, thiamine_mg, protein_g, fiber_g, folate_ug, "
     "iron_mg"),
    ("bad max_servings", lambda t: _edit(t, 0, max_servings="1.5"),
     "foods.csv, row 2, column 'max_servings': expected a whole number from 1 to 100000, found '1.5'"),
    ("stray comma", lambda t: t.replace("\n", ",extra\n", 2).replace(",extra\n", "\n", 1),
     "foods.csv, row 2: has 36 fields but the header has 35; check for a stray comma or a "
     "missing quote"),
    ("product_ratio too small", lambda t: _edit(t, 0, product_ratio="0.01"),
     "foods.csv, row 2, column 'product_ratio': expected a number from 0.05 to 20 (grams bought "
     "per gram eaten), found '0.01'"),
    ("product_ratio too large", lambda t: _edit(t, 0, product_ratio="454"),
     "foods.csv, row 2, column 'product_ratio': expected a number from 0.05 to 20 (grams bought "
     "per gram eaten), found '454'"),
    ("product_ratio not a number", lambda t: _edit(t, 0, product_ratio="x2"),
     "foods.csv, row 2, column 'product_ratio': expected a number, found 'x2'"),
    ("zero package_grams", lambda t: _edit(t, 0, package_grams="0"),
     "foods.csv, row 2, column 'package_grams': expected a number > 0, found '0'"),
    ("negative package_price", lambda t: _edit(t, 0, package_price="-3.99"),
     "foods.csv, row 2, column 'package_price': expected a number > 0, found '-3.99'"),
    ("one product, two package weights", lambda t: _edit(t, 1, package_grams="300"),
     "foods.csv, row 3, column 'package_grams': product 'Spinach' has package_grams 300 here "
     "but 283 on row 2 ('Spinach, raw'); rows of one product must agree"),
    ("one product, two package prices", lambda t: _edit(t, 1, package_price="2.99"),
     "foods.csv, row 3, column 'package_price': product 'Spinach' has package_price 2.99 here "
     "but 3.99 on row 2 ('Spinach, raw'); rows of one product must agree"),
    ("a product with and without a weight", lambda t: _edit(t, 1, package_grams=""),
     "foods.csv, row 3, column 'package_grams': product 'Spinach' has package_grams empty here "
     "but 283 on row 2 ('Spinach, raw'); rows of one product must agree"),
    ("another food's product", lambda t: _edit(t, 2, product="SPINACH"),
     "foods.csv, row 4, column 'package_grams': product 'SPINACH' has package_grams 284 "
     "here but 283 on row 2 ('Spinach, raw'); rows of one product must agree"),
]


@pytest.mark.parametrize("mutate, message", [case[1:] for case in BAD_FOODS],
                         ids=[case[0] for case in BAD_FOODS])
def test_bad_foods_csv(foods_text, targets, mutate, message):
    with pytest.raises(DataError) as error:
        parse_foods(mutate(foods_text), targets, "foods.csv")
    assert str(error.value) == message


def test_shipped_products_are_consistent(catalogue):
    """Forms of one product are one shopping line, priced the same at the table and the till."""
    by_product: dict[str, list] = {}
    for food in catalogue.foods:
        by_product.setdefault(food.product.casefold(), []).append(food)
    for foods in by_product.values():
        first = foods[0]
        for food in foods[1:]:
            assert (food.package, food.package_grams, food.package_price) == (
                first.package, first.package_grams, first.package_price), (food.name, first.name)
    for food in catalogue.foods:
        if food.package_grams is not None:
            till = food.package_price * food.grams * food.product_ratio / food.package_grams
            assert food.price == pytest.approx(till, abs=0.0051), food.name  # to the cent
    products = catalogue.by_name()
    for product, names in {
        "Eggs": ["Egg, hard-boiled", "Eggs, scrambled", "Egg, poached", "Egg, raw"],
        "Carrots": ["Carrots, raw", "Carrots, cooked"],
        "Spinach": ["Spinach, raw", "Spinach, cooked"],
        "Broccoli": ["Broccoli, raw", "Broccoli, cooked"],
        "Kale": ["Kale, raw", "Kale, cooked"],
        "Quick oats": ["Oatmeal, cooked", "Oats, quick, dry"],
        "Brown rice, dry": ["Brown rice, cooked"],
        "Pasta, dry": ["Pasta, cooked"],
        "Lentils, dry": ["Lentils, cooked"],
        "Salmon fillet": ["Salmon, baked"],
    }.items():
        assert {products[name].product for name in names} == {product}
    # Dry grains swell about threefold; cooked meat and fish weigh less than raw.
    assert 0.25 < products["Brown rice, cooked"].product_ratio < 0.45
    assert 1.1 < products["Chicken breast, roasted"].product_ratio < 1.4
    assert products["Banana"].product == "Banana" and products["Banana"].product_ratio == 1


def test_ingredients_are_tagged(catalogue):
    tagged = {food.name for food in catalogue.foods if "ingredient" in food.tags}
    assert {"Olive oil", "Salt", "Garlic", "Egg, raw", "All-purpose flour"} <= tagged
    assert not tagged & {"Granola", "Peach", "Frozen mixed berries", "Ricotta, part-skim",
                         "Whole-wheat hamburger bun", "Banana"}


def test_foods_bytes_problems(tmp_path, foods_text, targets):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(foods_text.replace("Spinach, raw", "Épinards").encode("latin-1"))
    with pytest.raises(DataError) as error:
        load_foods(latin, targets)
    assert str(error.value) == f"{latin}, line 2: is not UTF-8 text (byte 0xc9); save it as UTF-8"

    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(foods_text.encode("utf-16"))
    with pytest.raises(DataError) as error:
        load_foods(utf16, targets)
    assert str(error.value) == f"{utf16}: is UTF-16 text; save it as UTF-8"

    bom = tmp_path / "bom.csv"  # what spreadsheet programs write: accepted
    bom.write_bytes(b"\xef\xbb\xbf" + foods_text.encode())
    assert len(load_foods(bom, targets)) == len(csv_rows(foods_text))

    with pytest.raises(DataError) as error:
        load_foods(tmp_path / "missing.csv", targets)
    assert str(error.value) == f"{tmp_path / 'missing.csv'}: file not found"


def test_too_many_rows_fails_fast(foods_text, targets):
    header, first = foods_text.splitlines()[:2]
    name = csv_rows(foods_text)[0]["food"]
    body = "\n".join(first.replace(f'"{name}"', f"Food {n}") for n in range(MAX_FOOD_ROWS + 1))
    with pytest.raises(DataError) as error:
        parse_foods(header + "\n" + body + "\n", targets, "big.csv")
    assert str(error.value) == (f"big.csv, row {MAX_FOOD_ROWS + 2}: more than 20,000 foods; "
                                "mealplan plans from at most 20,000")


def test_caffeine_may_be_empty_and_added_nutrients_need_a_column(foods_text, targets_text,
                                                                   tmp_path):
    rows = csv_rows(foods_text)
    for row in rows:
        row["caffeine_mg"] = ""
    targets_file = tmp_path / "targets.yaml"
    targets_file.write_text(targets_text.replace(
        "  caffeine_mg:", "  zinc_mg:        {label: Zinc, unit: mg, min: 8}\n  caffeine_mg:"))
    extended = load_targets(targets_file)
    with pytest.raises(DataError) as error:
        parse_foods(rows_to_csv(rows), extended, "foods.csv")
    assert str(error.value) == ("foods.csv, row 1: missing column 'zinc_mg' "
                                f"({targets_file} has a nutrient 'zinc_mg')")
    for row in rows:
        row["zinc_mg"] = "1.5"
    catalogue = parse_foods(rows_to_csv(rows), extended, "foods.csv")
    assert catalogue.foods[0].amount("zinc_mg") == 1.5
    assert catalogue.foods[0].amount("caffeine_mg") == 0


# --------------------------------------------------------------------------------------------
# targets.yaml


BAD_TARGETS = [
    ("malformed YAML", lambda t: "version: 1\nnutrients: {kcal: [1, 2\n",
     "targets.yaml, line 3: not valid YAML: did not find expected ',' or ']'"),
    ("python tag", lambda t: "version: 1\nnutrients: !!python/object/apply:os.system ['true']\n",
     "targets.yaml, line 2: not valid YAML: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/object/apply:os.system'"),
    ("alias", lambda t: "version: 1\nbase: &b {min: 1}\nnutrients:\n  kcal: *b\n",
     "targets.yaml, line 4: YAML aliases (*name) are not allowed; write the value out"),
    ("min above max", lambda t: t.replace("min: 2000, max: 2600", "min: 2600, max: 2000"),
     "targets.yaml, key 'nutrients.kcal': min 2600 is more than max 2000"),
    ("not a number", lambda t: t.replace("min: 420}", "min: lots}"),
     "targets.yaml, key 'nutrients.magnesium_mg.min': expected a number >= 0, found 'lots'"),
    ("unknown nutrient in profile", lambda t: t.replace("{magnesium_mg: {min: 400}",
                                                        "{magnesum_mg: {min: 400}"),
     "targets.yaml, key 'profiles.men_19_30.targets.magnesum_mg': unknown nutrient "
     "'magnesum_mg'; did you mean 'magnesium_mg' or 'potassium_mg' or "
     "'sodium_mg'?"),
    ("unknown key", lambda t: t.replace("low_caffeine_mg:", "low_caffeine:"),
     "targets.yaml, key 'low_caffeine': unknown key; did you mean 'low_caffeine_mg'?; expected "
     "one of: version, nutrients, default_profile, profiles, diets, low_caffeine_mg, credits, "
     "planner, recipes, allergens, food_safety, shopping"),
    ("bad default profile", lambda t: t.replace("default_profile: adult", "default_profile: kid"),
     "targets.yaml, key 'default_profile': 'kid' is not one of the profiles"),
    ("not a mapping", lambda t: "- just\n- a list\n",
     "targets.yaml: expected a mapping of keys to values, found ['just', 'a list']"),
    ("newer version", lambda t: t.replace("version: 1", "version: 2"),
     "targets.yaml, key 'version': unsupported version 2; this mealplan reads version 1"),
    ("bad meal share", lambda t: t.replace("kcal_share: [0.15, 0.35]", "kcal_share: [0.5, 0.35]"),
     "targets.yaml, key 'planner.meals.breakfast.kcal_share': expected [low, high] with 0 <= "
     "low <= high <= 1"),
    ("negative line cost", lambda t: t.replace("line_cost: 1.00", "line_cost: -1"),
     "targets.yaml, key 'shopping.line_cost': expected a number >= 0, found -1"),
    ("unknown shopping key", lambda t: t.replace("keeps_days: 14", "keep_days: 14"),
     "targets.yaml, key 'shopping.keep_days': unknown key; did you mean 'keeps_days'?; expected "
     "one of: keeps_days, freezer, line_cost, minute_cost"),
    ("a freezer that is not yes or no", lambda t: t.replace("freezer: true", "freezer: yes please"),
     "targets.yaml, key 'shopping.freezer': expected true or false, found 'yes please'"),
    ("a rule of an unknown meal", lambda t: t.replace(
        "{group: meat, min: 1, max: 3,", "{group: meat, min: 1, max: 3, meals: [brunch],"),
     "targets.yaml, key 'recipes.week.patterns.omnivore[2].meals': expected a list of meals "
     "from: breakfast, lunch, dinner, snack, found ['brunch']"),
    ("a routine of an unknown meal", lambda t: t.replace(
        "routine: {meals: [breakfast]", "routine: {meals: [brunch]"),
     "targets.yaml, key 'recipes.week.routine.meals': expected a list of meals from: "
     "breakfast, lunch, dinner, snack; found ['brunch']"),
    ("a routine of no days", lambda t: t.replace(
        "routine: {meals: [breakfast], recipe_max_days: 4}",
        "routine: {meals: [breakfast], recipe_max_days: 0}"),
     "targets.yaml, key 'recipes.week.routine.recipe_max_days': expected a whole number from "
     "1 to 366, found 0"),
    ("budget variety not a flag", lambda t: t.replace(
        "days: 4, recipe_consecutive: true", "days: 4, recipe_consecutive: 1"),
     "targets.yaml, key 'recipes.week.on_a_budget.recipe_consecutive': expected true or false, "
     "found 1"),
    ("budget variety unknown rule", lambda t: t.replace(
        "max_shared_recipes: 2}", "max_shared: 2}"),
     "targets.yaml, key 'recipes.week.on_a_budget.max_shared': unknown key; did you mean "
     "'max_shared_recipes'?; expected one of: recipe_max_days, recipe_consecutive, "
     "max_shared_recipes"),
]


@pytest.mark.parametrize("mutate, message", [case[1:] for case in BAD_TARGETS],
                         ids=[case[0] for case in BAD_TARGETS])
def test_bad_targets_yaml(tmp_path, targets_text, mutate, message):
    path = tmp_path / "targets.yaml"
    path.write_text(mutate(targets_text), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_targets(path)
    assert str(error.value) == message.replace("targets.yaml", str(path), 1)


# --------------------------------------------------------------------------------------------
# Exclusions


def test_exclusion_matches_words_tags_and_aisles(catalogue):
    spinach = match_exclusion(catalogue, "SPINACH")
    assert spinach and all("spinach" in name.casefold() for name in spinach)
    assert len(spinach) >= 2
    fish = match_exclusion(catalogue, "fish")
    assert any("Salmon" in name for name in fish)
    assert match_exclusion(catalogue, "plant milks")
    assert not match_exclusion(catalogue, "spin")  # whole words only


def test_unknown_exclusion_suggests(catalogue):
    with pytest.raises(DataError) as error:
        resolve_exclusions(catalogue, ["spinnach"])
    # The other suggestions depend on what else the shipped catalogue holds.
    assert str(error.value).startswith("--exclude 'spinnach': no food, tag or aisle matches; "
                                       "did you mean 'spinach' or 'spinach, raw'")


# --------------------------------------------------------------------------------------------
# Fuzzing: the loaders raise DataError or succeed, never anything else


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_foods_loader_never_crashes(targets, text):
    try:
        parse_foods(text, targets, "fuzz.csv")
    except DataError:
        pass


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_foods_loader_survives_corrupted_cells(foods_text, targets, data):
    rows = csv_rows(foods_text)[:5]
    row = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.sampled_from(list(rows[0])))
    rows[row][column] = data.draw(st.text(max_size=12))
    try:
        parse_foods(rows_to_csv(rows), targets, "fuzz.csv")
    except DataError as error:
        assert str(error).startswith("fuzz.csv")


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=8),
                    lambda children: st.lists(children, max_size=3)
                    | st.dictionaries(st.text(max_size=8), children, max_size=3), max_leaves=12))
def test_targets_loader_never_crashes(tmp_path_factory, value):
    import yaml

    path = tmp_path_factory.mktemp("fuzz") / "targets.yaml"
    path.write_text(yaml.safe_dump({"nutrients": value}), encoding="utf-8")
    try:
        load_targets(path)
    except DataError:
        pass


def test_huge_file_is_refused_before_reading(tmp_path, targets):
    import time

    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as handle:  # a sparse 100 MB file: costs no disk, reads as zeros
        handle.truncate(100 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(DataError) as error:
        load_foods(huge, targets)
    assert time.perf_counter() - started < 1.0
    assert str(error.value) == f"{huge}: file is 105 MB; mealplan reads files up to 20 MB"
