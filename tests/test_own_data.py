"""A person's own files just work: extra columns, partial targets, a caffeine column without a
caffeine target, a pantry written by hand, aisles of one's own."""

from __future__ import annotations

import json

import pytest

from mealplan.cli import cli
from mealplan.data import DataError, load_pantry, load_targets, parse_foods
from mealplan.planner import PlanOptions, plan_week

from .conftest import csv_rows, rows_to_csv


def invoke(runner, *args):
    return runner.invoke(cli, list(args), prog_name="mealplan", catch_exceptions=False)


def small_rows(foods_text, *names):
    wanted = {name.casefold() for name in names} or None
    from .conftest import SMALL_FOODS

    wanted = wanted or {name.casefold() for name in SMALL_FOODS}
    return [row for row in csv_rows(foods_text) if row["food"].casefold() in wanted]


@pytest.fixture
def write(tmp_path):
    def write(name, text):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


# ---- extra columns


def test_extra_columns_are_kept_shown_and_carried_in_json(runner, foods_text, write):
    rows = small_rows(foods_text)
    for row in rows:
        row.update(notes="", vitamin_c_mg="", brand="")
    rows[0].update(notes="wash well", vitamin_c_mg="2.9", brand="Green Acres")
    path = write("mine.csv", rows_to_csv(rows))

    result = invoke(runner, "foods", "--foods", path, "--search", rows[0]["food"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no column is a near miss of one mealplan plans with
    assert "wash well" in result.stdout and "Green Acres" in result.stdout
    header = result.stdout.splitlines()[0].split()
    assert header[-3:] == ["notes", "vitamin_c_mg", "brand"]

    listing = json.loads(invoke(runner, "foods", "--foods", path, "--format", "json",
                                "--search", rows[0]["food"]).stdout)
    assert listing[0]["extra"] == {"notes": "wash well", "vitamin_c_mg": "2.9",
                                   "brand": "Green Acres"}

    check = invoke(runner, "check", "--foods", path)
    assert check.exit_code == 0
    assert check.stdout.splitlines()[1] == (
        f"{path}: OK, {len(rows)} foods (and 3 information columns: notes, vitamin_c_mg, brand)")


def test_a_near_miss_of_a_column_name_is_a_warning(runner, foods_text, write):
    """'caffiene_mg' would otherwise leave every food at 0 mg caffeine without a word."""
    text = foods_text.replace("caffeine_mg", "caffiene_mg", 1)
    path = write("typo.csv", text)
    result = invoke(runner, "check", "--foods", path)
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {path}: column 'caffiene_mg' is not one mealplan plans with; did you mean "
        f"the nutrient 'caffeine_mg'? It is kept as information only\n")


def test_a_misspelt_nutrient_column_names_the_likely_typo(foods_text, targets):
    text = foods_text.replace("magnesium_mg", "magnesim_mg", 1)
    with pytest.raises(DataError) as error:
        parse_foods(text, targets, "mine.csv")
    assert str(error.value) == ("mine.csv, row 1: missing column 'magnesium_mg' (targets.yaml "
                                "has a nutrient 'magnesium_mg'); did you mean 'magnesim_mg'?")


# ---- partial targets


PARTIAL = """\
version: 1
nutrients:
  kcal: {label: Energy, unit: kcal, min: 1800, max: 2600, hard: true}
  magnesium_mg: {label: Magnesium, unit: mg, min: 400}
  calcium_mg: {label: Calcium, unit: mg}
"""


def test_partial_targets_work_with_the_shipped_foods(runner, write):
    path = write("mine.yaml", PARTIAL)
    result = invoke(runner, "check", "--targets", path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"{path}: OK, 3 nutrients, 1 profiles, 0 diets"


def test_a_nutrient_without_min_or_max_is_tracked_not_constrained(small_catalogue, write,
                                                                   foods_text):
    targets = load_targets(write("mine.yaml", PARTIAL))
    assert targets.nutrients["calcium_mg"].min is None
    assert targets.nutrients["calcium_mg"].max is None
    catalogue = parse_foods(rows_to_csv(small_rows(foods_text)), targets, "small.csv")
    # The shipped columns the targets leave out are kept as information.
    assert "vitamin_d_ug" in catalogue.extra_columns and catalogue.warnings == ()
    plan = plan_week(catalogue, targets, PlanOptions(days=1))
    calcium = {row["nutrient"]: row for row in plan.coverage()}["calcium_mg"]
    assert calcium["average"] > 0 and calcium["percent_of_min"] is None
    assert plan.status == "optimal" and not plan.shortfalls


def test_partial_targets_plan_shows_the_tracked_nutrient(runner, write, small_foods_csv):
    path = write("mine.yaml", PARTIAL)
    result = invoke(runner, "plan", "--days", "1", "--targets", path,
                    "--foods", str(small_foods_csv))
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("Calcium"))
    assert line.split()[-1] == "-"  # no target, no bar: information


# ---- caffeine only for the caffeine cap


CLASSIC = """\
version: 1
nutrients:
  kcal: {label: Energy, unit: kcal, min: 1800, max: 2600, hard: true}
  calcium_mg: {label: Calcium, unit: mg, min: 1000}
"""


def test_caffeine_column_without_a_caffeine_target(runner, write, small_foods_csv):
    path = write("classic.yaml", CLASSIC)
    result = invoke(runner, "plan", "--days", "1", "--targets", path,
                    "--foods", str(small_foods_csv), "--max-caffeine", "50",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["targets"]["caffeine_mg"]["max"] == 50
    assert plan["days"][0]["totals"]["caffeine_mg"] <= 50


def test_a_caffeine_cap_needs_a_caffeine_column(runner, foods_text, write):
    rows = small_rows(foods_text)
    for row in rows:
        del row["caffeine_mg"]
    path = write("nocaf.csv", rows_to_csv(rows))
    plain = invoke(runner, "plan", "--days", "1", "--foods", path)
    assert plain.exit_code == 0, plain.output  # nothing else needs the column
    result = invoke(runner, "plan", "--days", "1", "--foods", path, "--low-caffeine")
    assert result.exit_code == 2
    assert result.output == (f"Error: a caffeine cap needs a 'caffeine_mg' column in {path}, "
                             f"which it does not have\n")


# ---- pantry


def test_pantry_names_resolve_like_exclude_names(write, catalogue):
    path = write("pantry.csv", "food,amount,unit\nBrown rice,500,g\nsardine,2,servings\n")
    pantry = load_pantry(path, catalogue)
    rice = catalogue.by_name()["Brown rice, cooked"]
    # 500 g of rice from the cupboard is dry rice: its product_ratio tells how far it goes.
    assert rice.bought_grams == pytest.approx(rice.grams * rice.product_ratio)
    assert rice.bought_grams < rice.grams / 2
    assert pantry == {"Brown rice, cooked": pytest.approx(500 / rice.bought_grams),
                      "Sardines, canned": 2.0}


def test_pantry_cooked_grams_say_so(write, catalogue):
    path = write("pantry.csv", "food,amount,unit\nBrown rice,390,g cooked\n")
    assert load_pantry(path, catalogue) == {"Brown rice, cooked": pytest.approx(2.0)}


def test_pantry_name_with_an_unquoted_comma(write, catalogue):
    path = write("pantry.csv", "food,amount,unit\nMilk, whole,8,servings\n")
    assert load_pantry(path, catalogue) == {"Milk, whole": 8.0}


def test_pantry_ambiguous_name_says_which_foods(write, small_catalogue):
    path = write("pantry.csv", "food,amount,unit\nsoy milk,1,servings\nmilk,2,servings\n")
    with pytest.raises(DataError) as error:
        load_pantry(path, small_catalogue)
    assert str(error.value) == (
        f"{path}, row 3, column 'food': 'milk' fits 3 foods; did you mean 'Milk, 2%' "
        f"or 'Soy milk, unsweetened' or 'Almond milk, unsweetened'?")


def test_pantry_malformed_line_is_one_message(runner, write, small_foods_csv):
    path = write("pantry.csv", "amount,food,unit\n8,Milk, 2%,servings\n")
    result = invoke(runner, "plan", "--days", "1", "--foods", str(small_foods_csv),
                    "--pantry", path)
    assert result.exit_code == 2
    assert result.output == (f"Error: {path}, row 2: has 4 fields but the header has 3; put a "
                             f"name with a comma in quotes, e.g. \"Milk, whole\"\n")


def test_readme_pantry_example_works(runner, write, small_foods_csv):
    path = write("pantry.csv", "food,amount,unit\nOlive oil,20,servings\nBrown rice,500,g\n")
    result = invoke(runner, "plan", "--days", "1", "--foods", str(small_foods_csv),
                    "--pantry", path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)["pantry"]) == {"Olive oil", "Brown rice, cooked"}


# ---- aisles of one's own


AISLES = """\
version: 1
nutrients:
  kcal: {label: Energy, unit: kcal, min: 1800, max: 2600, hard: true}
  magnesium_mg: {label: Magnesium, unit: mg, min: 400}
planner:
  meals:
    breakfast: {min_foods: 1, max_foods: 4}
    lunch: {min_foods: 1, max_foods: 4, require_categories: [fresh, freezer]}
    dinner: {min_foods: 1, max_foods: 4, require_categories: [produce, freezer]}
    snack: {min_foods: 0, max_foods: 2}
  max_per_meal: {bakery: 1}
"""


def test_check_warns_about_aisles_the_table_lacks(runner, write, small_foods_csv):
    path = write("aisles.yaml", AISLES)
    result = invoke(runner, "check", "--targets", path, "--foods", str(small_foods_csv))
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: planner.meals.lunch.require_categories in {path} names aisles 'freezer', "
        f"'fresh' that {small_foods_csv} does not have; the rule is skipped\n"
        f"Warning: planner.meals.dinner.require_categories in {path} names aisle 'freezer' "
        f"that {small_foods_csv} does not have\n"
        f"Warning: planner.max_per_meal in {path} names aisle 'bakery' that "
        f"{small_foods_csv} does not have\n")


def test_a_rule_naming_only_missing_aisles_is_skipped(runner, write, small_foods_csv):
    path = write("aisles.yaml", AISLES)
    result = invoke(runner, "plan", "--days", "1", "--targets", path,
                    "--foods", str(small_foods_csv), "--format", "json")
    assert result.exit_code == 0, result.output
    warning = (f"{small_foods_csv} has no aisle freezer or fresh, which "
               f"planner.meals.lunch.require_categories in {path} asks for at lunch: that "
               f"rule is skipped")
    assert json.loads(result.stdout)["warnings"] == [warning]
    assert f"Warning: {warning}\n" in result.stderr
