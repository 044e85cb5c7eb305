"""The shopping list buys what is sold: forms of one product are one line, in whole packages
of the product, with how much of them the week uses.

The plans here are built by hand, and the expected grams, packages and costs are worked out
in the tests from the numbers written below, not from the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from mealplan.data import Nutrient
from mealplan.plan import DayPlan, FoodInfo, MenuItem, Plan
from mealplan.render import render_shopping_list


def egg(serving: str, grams: float, ratio: float) -> FoodInfo:
    return FoodInfo("dairy & eggs", serving, grams, 0.30, "dozen large", 12.0, 78.0,
                    product="Eggs", product_ratio=ratio, package_grams=600.0,
                    package_price=3.49)


def spinach(grams: float, ratio: float) -> FoodInfo:
    return FoodInfo("produce", f"{grams:g} g", grams, 0.45, "10 oz bag", 9.0, 7.0,
                    product="Spinach", product_ratio=ratio, package_grams=283.0,
                    package_price=3.99)


FOODS = {
    "Egg, hard-boiled": egg("1 large (50 g)", 50.0, 1.1),
    "Egg, poached": egg("1 large (50 g)", 50.0, 1.0),
    "Eggs, scrambled": egg("2 large eggs (122 g)", 122.0, 0.999),
    "Egg, raw": egg("1 large (50 g)", 50.0, 1.0),  # at home only, never on the menu
    "Spinach, raw": spinach(30.0, 1.0),
    "Spinach, cooked": spinach(90.0, 1.4),
    # No package weight (a user catalogue, coffee): bought by servings, 30 to a bag.
    "Coffee, brewed": FoodInfo("drinks", "1 cup", 237.0, 0.30, "12 oz bag ground", 30.0, 2.0),
}
TARGETS = {"kcal": Nutrient("kcal", "Energy", "kcal", 1800, None, True)}


def item(food: str, servings: float, meal: str = "breakfast") -> MenuItem:
    return MenuItem(meal, food, servings, servings * FOODS[food].grams)


def tiny_plan(**kwargs) -> Plan:
    days = [
        DayPlan(1, [item("Egg, hard-boiled", 2), item("Eggs, scrambled", 1),
                    item("Spinach, raw", 3, "lunch"), item("Coffee, brewed", 2)], {}),
        DayPlan(2, [item("Egg, poached", 2), item("Egg, hard-boiled", 3, "snack"),
                    item("Spinach, cooked", 2, "dinner"), item("Coffee, brewed", 1)], {}),
        DayPlan(3, [item("Eggs, scrambled", 2), item("Spinach, cooked", 1, "dinner"),
                    item("Coffee, brewed", 2)], {}),
    ]
    return Plan("optimal", days, TARGETS, dict(FOODS), **kwargs)


# Worked out by hand from the menu above: grams eaten * product_ratio, summed per product.
EGG_GRAMS = (2 + 3) * 50 * 1.1 + (1 + 2) * 122 * 0.999 + 2 * 50 * 1.0  # 740.634
SPINACH_GRAMS = 3 * 30 * 1.0 + (2 + 1) * 90 * 1.4  # 468.0
COFFEE_SERVINGS = 2 + 1 + 2


def lines(plan: Plan, **kwargs) -> dict[str, object]:
    return {line.food: line for line in plan.shopping_list(**kwargs)}


def test_forms_of_one_product_are_one_line_of_whole_packages():
    shopping = lines(tiny_plan())
    assert set(shopping) == {"Eggs", "Spinach", "Coffee, brewed"}
    eggs = shopping["Eggs"]
    assert eggs.foods == ["Egg, hard-boiled", "Egg, poached", "Eggs, scrambled"]
    assert eggs.unit == "g" and eggs.package == "dozen large" and eggs.package_grams == 600
    assert eggs.packages == 2  # 740.6 g of eggs: two dozen, not one per form
    assert eggs.cost == pytest.approx(2 * 3.49)
    assert eggs.packages_used == pytest.approx(EGG_GRAMS / 600)
    assert eggs.used_percent == pytest.approx(100 * EGG_GRAMS / 1200)
    assert eggs.leftover == pytest.approx(1200 - EGG_GRAMS)
    spinach_line = shopping["Spinach"]
    assert spinach_line.foods == ["Spinach, cooked", "Spinach, raw"]
    assert spinach_line.packages == 2 and spinach_line.cost == pytest.approx(2 * 3.99)
    assert spinach_line.category == "produce"
    # what the menu serves of the line's foods together
    assert eggs.servings == 2 + 1 + 2 + 3 + 2


def test_line_grams_are_grams_eaten_times_product_ratio():
    shopping = lines(tiny_plan())
    assert shopping["Eggs"].grams == pytest.approx(EGG_GRAMS)
    assert shopping["Eggs"].needed == pytest.approx(EGG_GRAMS)
    assert shopping["Spinach"].grams == pytest.approx(SPINACH_GRAMS)


def test_people_multiply_the_week():
    plan = tiny_plan(people=2)
    two = lines(plan)
    assert two["Eggs"].grams == pytest.approx(2 * EGG_GRAMS)
    assert two["Eggs"].packages == math.ceil(2 * EGG_GRAMS / 600)  # 3 dozen
    assert two["Coffee, brewed"].needed == pytest.approx(2 * COFFEE_SERVINGS)
    five = lines(plan, people=5)  # the argument wins over the plan's own headcount
    assert five["Spinach"].grams == pytest.approx(5 * SPINACH_GRAMS)
    assert five["Spinach"].packages == math.ceil(5 * SPINACH_GRAMS / 283)  # 9 bags
    assert five["Spinach"].cost == pytest.approx(9 * 3.99)


def test_household_portions_are_already_everyones():
    """A household plan's items are everyone's portions together: no further multiplier."""
    day = DayPlan(1, [MenuItem("breakfast", "Egg, poached", 5, 250, {"Ana": 2, "Ben": 3})], {})
    plan = Plan("optimal", [day], TARGETS, dict(FOODS))
    assert lines(plan)["Eggs"].grams == pytest.approx(250)


def test_pantry_reduces_the_product_line():
    # 4 poached eggs' worth at home (servings of one form) and 2 raw eggs (never on the menu,
    # but the plan knows the food): 4 * 50 * 1.0 + 2 * 50 * 1.0 = 300 g of eggs.
    plan = tiny_plan(pantry={"Egg, poached": 4, "Egg, raw": 2, "Spinach, cooked": 10})
    shopping = lines(plan)
    eggs = shopping["Eggs"]
    assert eggs.from_pantry == pytest.approx(300)
    assert eggs.needed == pytest.approx(EGG_GRAMS)
    assert eggs.packages == 1  # 440.6 g left to buy: one dozen instead of two
    assert eggs.packages_used == pytest.approx((EGG_GRAMS - 300) / 600)
    assert eggs.leftover == pytest.approx(600 - (EGG_GRAMS - 300))
    # More spinach at home than the week eats: buy none, the rest is left over.
    at_home = 10 * 90 * 1.4
    assert shopping["Spinach"].packages == 0 and shopping["Spinach"].cost == 0
    assert shopping["Spinach"].from_pantry == pytest.approx(SPINACH_GRAMS)
    assert shopping["Spinach"].leftover == pytest.approx(at_home - SPINACH_GRAMS)
    # An explicit pantry replaces the plan's own.
    assert lines(plan, pantry={})["Eggs"].packages == 2


def test_pantry_file_grams_reduce_the_product_line(tmp_path, catalogue):
    from mealplan.data import load_pantry

    foods = catalogue.by_name()
    names = ("Egg, hard-boiled", "Egg, raw")
    day = DayPlan(1, [MenuItem("breakfast", "Egg, hard-boiled", 12, 12 * 50.0)], {})
    plan = Plan("optimal", [day], TARGETS, {name: FoodInfo.of(foods[name]) for name in names})
    path = tmp_path / "pantry.csv"
    path.write_text('food,amount,unit\n"Egg, raw",150,g\n')
    pantry = load_pantry(path, catalogue)
    eggs = lines(plan, pantry=pantry)["Eggs"]
    ratio = foods["Egg, hard-boiled"].product_ratio
    assert eggs.from_pantry == pytest.approx(150 * foods["Egg, raw"].product_ratio)
    assert eggs.needed == pytest.approx(600 * ratio)
    assert eggs.packages == math.ceil((600 * ratio - 150) / 600)


def test_a_food_without_package_grams_is_bought_by_servings():
    coffee = lines(tiny_plan(), pantry={"Coffee, brewed": 1})["Coffee, brewed"]
    assert coffee.unit == "servings" and coffee.grams is None and coffee.package_grams is None
    assert coffee.needed == COFFEE_SERVINGS and coffee.from_pantry == 1
    assert coffee.packages == 1 and coffee.package_servings == 30
    assert coffee.cost == pytest.approx(30 * 0.30)  # the bag at the per-serving price
    assert coffee.packages_used == pytest.approx((COFFEE_SERVINGS - 1) / 30)
    assert coffee.leftover == pytest.approx(30 - (COFFEE_SERVINGS - 1))
    assert coffee.foods == ["Coffee, brewed"]


def test_a_package_without_a_price_is_priced_from_the_serving():
    info = FoodInfo("produce", "1 cup", 100.0, 0.50, "bag", 4.0, product="Beans",
                    product_ratio=0.5, package_grams=400.0)
    day = DayPlan(1, [MenuItem("lunch", "Beans, cooked", 3, 300.0)], {})
    beans = lines(Plan("optimal", [day], TARGETS, {"Beans, cooked": info}))["Beans"]
    # 150 g of product; a serving (100 g eaten, 50 g of product) costs 0.50: 400 g cost 4.00
    assert beans.packages == 1 and beans.cost == pytest.approx(4.00)


def _v2_document() -> dict:
    """A plan file as version 2 wrote it: FoodInfo without product or package weights."""
    food = {"category": "dairy & eggs", "serving": "1 large (50 g)", "grams": 50.0,
            "price": 0.29, "package": "dozen large", "package_servings": 12.0, "kcal": 78.0}
    return {
        "format": "mealplan-plan", "version": 2, "status": "optimal", "people": 2,
        "targets": {"kcal": {"label": "Energy", "unit": "kcal", "min": 1800, "max": None,
                             "hard": True}},
        "days": [{"day": 1, "meals": [
            {"meal": "breakfast", "food": "Egg, hard-boiled", "servings": 3.0, "grams": 150.0},
            {"meal": "snack", "food": "Egg, poached", "servings": 2.0, "grams": 100.0}],
            "totals": {"kcal": 390.0}}],
        "foods": {"Egg, hard-boiled": food, "Egg, poached": food},
        "pantry": {"Egg, poached": 1.0},
    }


def test_old_plan_files_still_give_a_shopping_list():
    plan = Plan.from_dict(_v2_document())
    assert plan.foods["Egg, poached"].package_grams is None
    shopping = lines(plan)
    # Without package weights each food is its own line, bought by servings as before.
    assert set(shopping) == {"Egg, hard-boiled", "Egg, poached"}
    poached = shopping["Egg, poached"]
    assert poached.unit == "servings" and poached.needed == pytest.approx(4)  # 2 people
    assert poached.from_pantry == 1 and poached.packages == 1
    assert poached.cost == pytest.approx(12 * 0.29)
    assert "dozen large" in render_shopping_list(plan, "table")


def test_plan_json_keeps_the_product_fields():
    plan = tiny_plan()
    document = json.loads(plan.to_json())
    assert document["foods"]["Egg, hard-boiled"]["product"] == "Eggs"
    assert document["foods"]["Egg, hard-boiled"]["package_grams"] == 600
    again = Plan.from_json(plan.to_json())
    assert again.foods == plan.foods
    assert again.shopping_list() == plan.shopping_list()
    eggs = next(line for line in document["shopping_list"] if line["food"] == "Eggs")
    assert eggs["grams"] == pytest.approx(EGG_GRAMS) and eggs["unit"] == "g"


def test_food_info_of_fills_the_product_fields(catalogue):
    food = catalogue.by_name()["Spinach, cooked"]
    info = FoodInfo.of(food)
    assert (info.product, info.product_ratio, info.package_grams, info.package_price) == (
        food.product, food.product_ratio, food.package_grams, food.package_price)
    assert info.product == "Spinach" and info.package_grams


# --------------------------------------------------------------------------------------------
# Renderings carry the new fields


def test_csv_carries_grams_packages_and_use():
    rows = {row["food"]: row for row in
            csv.DictReader(io.StringIO(render_shopping_list(tiny_plan(), "csv")))}
    eggs = rows["Eggs"]
    assert float(eggs["grams"]) == pytest.approx(EGG_GRAMS)  # full precision
    assert eggs["unit"] == "g" and float(eggs["package_grams"]) == 600
    assert int(eggs["packages"]) == 2 and eggs["package"] == "dozen large"
    assert float(eggs["packages_used"]) == pytest.approx(EGG_GRAMS / 600)
    assert float(eggs["used_percent"]) == pytest.approx(100 * EGG_GRAMS / 1200)
    assert eggs["foods"] == "Egg, hard-boiled; Egg, poached; Eggs, scrambled"
    coffee = rows["Coffee, brewed"]
    assert coffee["unit"] == "servings" and coffee["grams"] == ""
    assert float(coffee["package_servings"]) == 30


def test_json_carries_grams_packages_and_use():
    document = json.loads(render_shopping_list(tiny_plan(), "json", people=2))
    assert document["people"] == 2
    eggs = next(line for line in document["items"] if line["food"] == "Eggs")
    assert eggs["grams"] == pytest.approx(2 * EGG_GRAMS)
    assert eggs["package_grams"] == 600 and eggs["packages"] == 3
    assert eggs["packages_used"] == pytest.approx(2 * EGG_GRAMS / 600)
    assert eggs["used_percent"] == pytest.approx(100 * 2 * EGG_GRAMS / 1800)
    assert eggs["foods"] == ["Egg, hard-boiled", "Egg, poached", "Eggs, scrambled"]
    assert document["cost"] == pytest.approx(3 * 3.49 + 4 * 3.99 + 30 * 0.30)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_table_and_markdown_say_what_the_week_uses(fmt):
    text = render_shopping_list(tiny_plan(), fmt)
    eggs = next(line for line in text.splitlines() if "Eggs" in line)
    assert "741 g" in eggs  # 740.6 g needed
    assert "2 × dozen large (600 g)" in eggs
    assert "1.2 of 2 (62 %)" in eggs  # 740.6 / 600 = 1.23 dozen of the 2 bought
    coffee = next(line for line in text.splitlines() if "Coffee" in line)
    assert "5 servings" in coffee and "1 × 12 oz bag ground (30 servings)" in coffee
    assert "0.2 of 1 (17 %)" in coffee
    assert ("[ ] Eggs" in text) == (fmt == "markdown")
    assert not any("Spinach, raw" in line for line in text.splitlines())


def test_table_shows_pantry_in_the_line_unit():
    plan = tiny_plan(pantry={"Egg, poached": 4})
    eggs = next(line for line in render_shopping_list(plan, "table").splitlines()
                if "Eggs" in line)
    assert "200 g" in eggs  # at home
    assert "1 × dozen large (600 g)" in eggs
    assert f"{600 - (EGG_GRAMS - 200):.0f} g" in eggs  # left over


def test_html_checklist_has_one_box_per_product():
    from mealplan.report import render_html

    page = render_html(tiny_plan())
    page = page[page.index('id="shopping"'):]
    assert page.count('type="checkbox"') == 3
    assert 'data-food="Eggs"' in page and 'data-food="Egg, poached"' not in page
    assert "2 × dozen large (600 g)" in page
    assert "the week uses 1.2 of 2 (62 %)" in page
    assert "for Egg, hard-boiled; Egg, poached; Eggs, scrambled" in page
