"""Rendering: what people read (table, markdown) and what programs read (CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json

from mealplan.render import DISCLAIMER, bar, defuse, render_foods, render_plan, \
    render_shopping_list


def test_table_has_menu_coverage_shopping_and_disclaimer(short_plan):
    text = render_plan(short_plan, "table")
    assert text.index("Day 1") < text.index("Daily coverage") < text.index("Shopping list")
    for day in short_plan.days:
        for item in day.items:
            assert item.food in text
    for nutrient in short_plan.targets.values():
        assert nutrient.label in text
    assert text.rstrip().endswith(DISCLAIMER)
    assert "Status: " in text


def test_markdown_is_a_document_with_checkboxes(short_plan):
    text = render_plan(short_plan, "markdown")
    assert text.startswith("# Meal plan")
    assert "## Shopping list" in text
    assert "| [ ] " in text


def test_csv_is_the_full_precision_menu(short_plan):
    rows = list(csv.DictReader(io.StringIO(render_plan(short_plan, "csv"))))
    items = [item for day in short_plan.days for item in day.items]
    assert len(rows) == len(items)
    assert [float(row["grams"]) for row in rows] == [item.grams for item in items]


def test_json_output_is_the_plan(short_plan):
    assert json.loads(render_plan(short_plan, "json")) == short_plan.to_dict()


def test_spreadsheet_formulas_are_defused():
    for dangerous in ("=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx"):
        assert defuse(dangerous) == "'" + dangerous
    assert defuse("Milk, 2%") == "Milk, 2%"
    assert defuse(-3.5) == -3.5


def test_formula_food_names_are_defused_in_csv_and_markdown(short_plan):
    import copy
    from dataclasses import replace

    hostile = copy.deepcopy(short_plan)
    name = hostile.days[0].items[0].food
    evil = "=cmd|' /C calc'!A0"
    hostile.foods[evil] = hostile.foods.pop(name)
    for day in hostile.days:
        day.items = [replace(item, food=evil) if item.food == name else item
                     for item in day.items]
    csv_text = render_plan(hostile, "csv") + render_shopping_list(hostile, "csv")
    assert "\n1,breakfast,=" not in csv_text and ",=cmd" not in csv_text
    assert "'=cmd" in csv_text
    markdown = render_plan(hostile, "markdown")
    assert "| =cmd" not in markdown and "'=cmd" in markdown


def test_bar_is_clamped():
    assert bar(0) == "·" * 20
    assert bar(50) == "█" * 10 + "·" * 10
    assert bar(250) == "█" * 20


def test_food_listing_formats(small_catalogue, targets):
    foods = small_catalogue.foods[:3]
    nutrients = targets.for_profile(None)
    table = render_foods(foods, nutrients, "table")
    assert all(food.name in table for food in foods)
    assert len(json.loads(render_foods(foods, nutrients, "json"))) == 3
    assert render_foods(foods, nutrients, "csv").count("\n") == 4


# ---- recipe cards: what goes in the pot, for the whole table

import html as html_lib  # noqa: E402
import re  # noqa: E402

import pytest  # noqa: E402

from mealplan.report import render_html  # noqa: E402

TWO = {"people": [{"name": "Ana", "profile": "men_31_50"},
                  {"name": "Ben", "profile": "children_4_8"}]}


@pytest.fixture(scope="module")
def two_plan(catalogue, targets, small_cookbook):
    """A real 1-day plan for two people of different needs (the first one found: what is
    rendered is tested here, not how good the day is)."""
    from mealplan.data import household_from_document
    from mealplan.menu_planner import plan_menu
    from mealplan.planner import PlanOptions

    household = household_from_document(TWO, targets, catalogue)
    return plan_menu(catalogue, targets, small_cookbook,
                     PlanOptions(days=1, household=household, rounds=0))


def expected_pots(plan, catalogue, cookbook) -> dict[tuple[int, str, str], dict[str, float]]:
    """(day, meal, dish) cooked -> grams of each ingredient: every eater's portions at that meal
    and every portion eaten later from it, times the recipe file's grams per portion.  A
    person's portions come from their servings of one ingredient and its serving's weight in
    the food table, not from the plan's grams."""
    foods, recipes = catalogue.by_name(), cookbook.by_name()
    pots: dict[tuple[int, str, str], float] = {}
    for day in plan.days:
        for item in day.items:
            if item.recipe is None:
                continue
            recipe = recipes[item.recipe]
            first = recipe.ingredients[0]
            if item.food != first.food:
                continue  # one ingredient is enough to count the portions
            if plan.household:
                portions = sum(servings * foods[item.food].grams / first.grams
                               for servings in item.portions.values())
            else:
                portions = item.servings * foods[item.food].grams / first.grams
            if item.leftover_from is None:
                key = (day.day, item.meal, item.recipe)
            else:  # eaten from the pot of the day it was cooked, at that day's meal
                cooked = plan.days[item.leftover_from - 1]
                key = next((cooked.day, i.meal, i.recipe) for i in cooked.items
                           if i.recipe == item.recipe and i.leftover_from is None)
            pots[key] = pots.get(key, 0.0) + portions
    return {key: {i.food: portions * i.grams for i in recipes[key[2]].ingredients}
            for key, portions in pots.items()}


def shown(text: str, food: str) -> float:
    found = re.search(re.escape(food) + r" ([\d,.]+) g", text)
    assert found, f"{food} is not on the card: {text}"
    return float(found.group(1).replace(",", ""))


def close(value: float, expected: float) -> bool:
    # whole grams from 10 g, a tenth of a gram below
    return abs(value - expected) <= (0.5 if expected >= 9.95 else 0.05) + 1e-9


def card_lines(plan, fmt: str) -> dict[str, list[str]]:
    """Dish -> the lines of its card in the text, markdown or HTML output."""
    if fmt == "html":
        page = render_html(plan)
        cards = {}
        for name, body in re.findall(r'<article class="card recipe-card"[^>]*data-recipe="([^"]*)"'
                                     r'>(.*?)</article>', page, flags=re.S):
            parts = re.findall(r'<p class="cooking">(.*?)</p>\s*<ul class="ingredients">(.*?)</ul>',
                               body, flags=re.S)
            cards[html_lib.unescape(name)] = [
                html_lib.unescape(head + ": " + ", ".join(re.findall(r"<li>(.*?)</li>", items)))
                for head, items in parts]
        return cards
    text = render_plan(plan, fmt)
    section = text.split("Recipes\n", 1)[1].split("coverage", 1)[0]
    cards, name = {}, None
    for line in section.splitlines():
        if line.startswith("### ") or (fmt == "table" and line and " min; " not in line
                                       and name is None):
            name = line.removeprefix("### ")
            cards[name] = []
        elif name and re.match(r"(- )?(\d+ min; )?Day \d", line):
            cards[name].append(line)
        elif not line.strip() and fmt == "table":
            name = None
    return cards


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_recipe_card_gives_the_whole_tables_amounts(two_plan, catalogue, small_cookbook, fmt):
    pots = expected_pots(two_plan, catalogue, small_cookbook)
    assert pots and len(two_plan.household) == 2
    cards = card_lines(two_plan, fmt)
    for (day, meal, dish), grams in pots.items():
        line = next(line for line in cards[dish] if f"Day {day} {meal}" in line)
        for food, amount in grams.items():
            assert close(shown(line, food), amount), (dish, food, shown(line, food), amount)
        # the table's amounts, not one portion
        one = {i.food: i.grams for i in small_cookbook.by_name()[dish].ingredients}
        assert all(amount > one[food] + 1e-6 for food, amount in grams.items())


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_dish_cooked_for_later_shows_the_portions_kept(recipe_plan, catalogue, small_cookbook,
                                                         fmt):
    pots = expected_pots(recipe_plan, catalogue, small_cookbook)
    cards = card_lines(recipe_plan, fmt)
    for (day, meal, dish), grams in pots.items():
        line = next(line for line in cards[dish] if f"Day {day} {meal}" in line)
        for food, amount in grams.items():
            assert close(shown(line, food), amount), (dish, food)
    later = [(d.day, i.meal, i.leftover_from) for d in recipe_plan.days for i in d.items
             if i.leftover_from is not None]
    assert later, "the small cookbook's 2-day plan cooks a dish for the next day"
    day, meal, cooked_on = later[0]
    assert any(f"for Day {day} {meal}" in line for lines in cards.values() for line in lines
                   if f"Day {cooked_on} " in line)


def test_the_html_menu_marks_leftovers_minutes_and_the_till(recipe_plan):
    page = render_html(recipe_plan)
    eaten = next((d.day, i) for d in recipe_plan.days for i in d.items if i.leftover_from)
    day, item = eaten
    row = page[page.index(f'id="day-{day}"'):]
    row = row[:row.index("</tr>")]
    dish = row[row.index(f'data-recipe="{html_lib.escape(item.recipe)}" class="leftover"'):]
    assert f"leftover from Day {item.leftover_from} · reheat" in dish[:dish.index("</li>")]
    minutes = recipe_plan.cooking_minutes(recipe_plan.days[day - 1])
    assert f"{minutes:.0f} min at the stove" in row
    status = page[page.index('role="status"'):page.index('id="menu"')]
    assert f"At the stove: {sum(map(recipe_plan.cooking_minutes, recipe_plan.days)):.0f} " \
           "minutes" in status
    assert f"At the till: ${recipe_plan.shopping_cost:,.2f} for " in status
    if recipe_plan.staples:
        assert "Check you have" in page and html_lib.escape(recipe_plan.staples[0]) in page
