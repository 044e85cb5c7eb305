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
