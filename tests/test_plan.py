"""The Plan object: shopping list arithmetic, coverage, and the JSON format."""

from __future__ import annotations

import json
import math

import pytest

from mealplan.errors import DataError
from mealplan.plan import PLAN_VERSION, Plan


def _line_amount(plan, food, servings, grams):
    """What eating ``servings`` (``grams``) of ``food`` adds to its shopping line, by hand."""
    info = plan.foods[food]
    return grams * info.product_ratio if info.package_grams else servings


def test_shopping_list_adds_up_to_the_menu(short_plan):
    items = short_plan.shopping_list()
    line_of = {food: item for item in items for food in item.foods}
    expected: dict[str, float] = {}
    for day in short_plan.days:
        for item in day.items:
            line = line_of[item.food].food
            expected[line] = expected.get(line, 0) + _line_amount(short_plan, item.food,
                                                                  item.servings, item.grams)
    assert sum(len(item.foods) for item in items) == len(line_of)  # each food on one line
    assert {item.food: item.needed for item in items} == pytest.approx(expected)
    for item in items:
        info = short_plan.foods[item.foods[0]]
        size = info.package_grams if item.unit == "g" else info.package_servings
        # Whole packages, enough and not one too many.
        assert item.packages * size >= item.needed - 1e-9
        assert (item.packages - 1) * size < item.needed
        price = info.package_price if item.unit == "g" else size * info.price
        assert item.cost == pytest.approx(item.packages * price)
    assert [(i.category, i.food.casefold()) for i in items] == sorted(
        (i.category, i.food.casefold()) for i in items)


def test_shopping_list_scales_with_people(short_plan):
    one = {i.food: i for i in short_plan.shopping_list(1)}
    four = {i.food: i for i in short_plan.shopping_list(4)}
    assert set(one) == set(four)
    for food, item in four.items():
        assert item.servings == pytest.approx(4 * one[food].servings)
        assert item.needed == pytest.approx(4 * one[food].needed)
        assert item.packages == max(1, math.ceil(item.needed / item.package_size - 1e-9))


def test_total_cost_is_price_times_servings(short_plan):
    expected = sum(short_plan.foods[i.food].price * i.servings
                   for day in short_plan.days for i in day.items)
    assert short_plan.total_cost == pytest.approx(expected)


def test_json_round_trip_keeps_everything(short_plan):
    document = json.loads(short_plan.to_json())
    assert document["version"] == PLAN_VERSION
    for key in ("status", "days", "targets", "shopping_list", "total_cost", "solver", "gap",
                "seconds"):
        assert key in document
    day = document["days"][0]
    assert set(day) == {"day", "meals", "totals"}
    assert set(day["meals"][0]) == {"meal", "food", "servings", "grams"}
    assert set(document["shopping_list"][0]) >= {"food", "category", "servings", "packages",
                                                  "package", "cost"}
    again = Plan.from_json(short_plan.to_json())
    assert again.to_dict() == short_plan.to_dict()


def test_json_carries_unrounded_numbers(short_plan):
    document = json.loads(short_plan.to_json())
    totals = document["days"][0]["totals"]
    assert totals == pytest.approx(short_plan.days[0].totals, rel=0, abs=0)


@pytest.mark.parametrize("text, message", [
    ("[1, 2]", "plan.json: not a mealplan plan file (save one with 'mealplan plan --format json "
               "--output FILE')"),
    ("{not json", "plan.json, line 1: not a mealplan plan file: invalid JSON (Expecting "
                  "property name enclosed in double quotes)"),
    ('{"format": "mealplan-plan", "version": 0}',
     "plan.json: plan file version 0 is not supported; this mealplan reads versions 1 to 4: "
     "make the plan again"),
    ('{"format": "mealplan-plan", "version": 1, "status": "optimal"}',
     "plan.json, targets: missing"),
])
def test_foreign_or_old_plan_files_are_refused(text, message):
    with pytest.raises(DataError) as error:
        Plan.from_json(text, "plan.json")
    assert str(error.value) == message


def test_plan_file_naming_an_unknown_food_is_refused(short_plan):
    document = short_plan.to_dict()
    document["days"][0]["meals"][0]["food"] = "Unicorn steak"
    with pytest.raises(DataError) as error:
        Plan.from_dict(document, "plan.json")
    assert str(error.value) == ('plan.json, days[0].meals[0].food: "Unicorn steak" is not in '
                                "the plan's foods")


def test_coverage_reports_lowest_day(short_plan):
    for row in short_plan.coverage():
        per_day = [day.totals[row["nutrient"]] + row["credit"] for day in short_plan.days]
        assert row["lowest"] == pytest.approx(min(per_day))
        assert row["average"] == pytest.approx(sum(per_day) / len(per_day))


# --------------------------------------------------------------------------------------------
# Pantry: what is at home is used first; packages round up once


def test_pantry_arithmetic(short_plan):
    eaten = short_plan.servings_by_food()
    food, servings = next(iter(eaten.items()))
    grams = sum(i.grams for day in short_plan.days for i in day.items if i.food == food)
    amount = _line_amount(short_plan, food, servings, grams)  # in the line's unit
    per_serving = amount / servings

    def line(**kwargs):
        return next(i for i in short_plan.shopping_list(**kwargs) if food in i.foods)

    whole = line()
    # Enough at home: nothing more to buy for this food (its line may hold other forms).
    plenty = line(pantry={food: servings + 5})
    assert plenty.from_pantry == pytest.approx(min(whole.needed, amount + 5 * per_serving))
    assert plenty.needed == pytest.approx(whole.needed)
    if list(plenty.foods) == [food]:
        assert plenty.packages == 0 and plenty.cost == 0
        assert plenty.leftover == pytest.approx(5 * per_serving)
    # Part at home: buy whole packages for the rest only.
    half = line(people=3, pantry={food: servings / 2})
    rest = 3 * whole.needed - amount / 2
    assert half.from_pantry == pytest.approx(amount / 2)
    assert half.packages == math.ceil(rest / half.package_size - 1e-9)
    assert half.leftover == pytest.approx(half.packages * half.package_size - rest)


def test_pantry_file(tmp_path, small_catalogue):
    from mealplan.data import load_pantry

    path = tmp_path / "pantry.csv"
    path.write_text('food,amount,unit\n"milk, 2%",2,\nAlmonds,56,g\n', encoding="utf-8")
    pantry = load_pantry(path, small_catalogue)
    almonds = small_catalogue.by_name()["Almonds"]
    assert pantry == {"Milk, 2%": 2.0, "Almonds": pytest.approx(56 / almonds.grams)}

    path.write_text("food,amount\nAlmonds,lots\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_pantry(path, small_catalogue)
    assert str(error.value) == f"{path}, row 2, column 'amount': expected a number >= 0, found 'lots'"

    path.write_text("food,amount\nAlmond,1\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_pantry(path, small_catalogue)
    # 'Almond' is a word of two names: which one is meant?
    assert str(error.value) == (f"{path}, row 2, column 'food': 'Almond' fits 2 foods; did you "
                                "mean 'Almonds' or 'Almond milk, unsweetened'?")
