"""Messages in plain words: shortfalls that suggest only what the diet allows, rounded like
the coverage table, pluralised; each household member's caffeine cap; 'mealplan show' and a
report that does not dump HTML on a terminal."""

from __future__ import annotations

import dataclasses

import pytest

from mealplan import cli_common as cli_module
from mealplan.cli import cli
from mealplan.data import Catalogue, household_from_document
from mealplan.plan import Plan
from mealplan.food.explain import explain_shortfalls
from mealplan.planner import PlanOptions, plan_week, prepare
from mealplan.render import render_plan
from mealplan.report import render_html


def invoke(runner, *args):
    return runner.invoke(cli, list(args), prog_name="mealplan", catch_exceptions=False)


# ---- shortfalls


def test_vegan_shortfall_suggests_only_vegan_foods(small_catalogue, targets):
    plan = plan_week(small_catalogue, targets,
                     PlanOptions(days=1, diet="vegan", exclude=["fortified"]))
    b12 = next(s for s in plan.shortfalls if s.nutrient == "vitamin_b12_ug")
    animal = {food.name for food in small_catalogue.foods
              if food.tags & targets.diets["vegan"].exclude_tags}
    assert not any(helper.split(" (")[0] in animal for helper in b12.helpers)
    # The fortified foods the person excluded themselves are still named.
    assert "Soy milk, unsweetened (excluded)" in b12.helpers


def test_capped_at_one_serving_is_singular(small_catalogue, targets):
    richest = max(small_catalogue.foods, key=lambda food: food.amount("vitamin_d_ug"))
    foods = tuple(dataclasses.replace(food, max_servings=1, max_days=1) if food is richest
                  else food for food in small_catalogue.foods)
    catalogue = Catalogue(foods, small_catalogue.nutrient_keys, "small.csv")
    prepared = prepare(catalogue, targets, PlanOptions(days=2))
    shortfall, = explain_shortfalls({"vitamin_d_ug": {1: 5.0}}, prepared)
    assert f"{richest.name} (capped at 1 serving a day and 1 day a week)" in shortfall.helpers


def test_shortfall_rounded_like_the_coverage_table(small_catalogue, targets):
    prepared = prepare(small_catalogue, targets, PlanOptions(days=2))
    shortfall, = explain_shortfalls({"thiamine_mg": {2: 0.0213}}, prepared)
    assert shortfall.describe().startswith(
        "Thiamine (B1) is short on day 2 by up to 0.02 mg (lowest day reaches 98 % of 1.2 mg)")


def test_a_rounding_residue_is_not_a_shortfall(small_catalogue, targets):
    prepared = prepare(small_catalogue, targets, PlanOptions(days=2))
    # 1.196 mg shows as 1.2 mg in the coverage table, 3,399.6 mg as 3,400 mg.
    assert explain_shortfalls({"thiamine_mg": {1: 0.004},
                                "potassium_mg": {2: 0.4}}, prepared) == []
    shortfall, = explain_shortfalls({"thiamine_mg": {1: 0.004, 2: 0.03}}, prepared)
    assert shortfall.missing == {2: 0.03}


# ---- household page


@pytest.mark.slow
def test_household_page_shows_each_persons_caffeine_cap(catalogue, targets, small_cookbook):
    from mealplan.menu_planner import plan_menu

    household = household_from_document({"people": [
        {"name": "Ana", "profile": "women_31_50", "low_caffeine": True},
        {"name": "Ben", "profile": "men_31_50", "max_caffeine": 300},
    ]}, targets, catalogue)
    plan = plan_menu(catalogue, targets, small_cookbook, PlanOptions(days=1, household=household))
    page = render_html(plan)
    assert "Ana 100 mg/day; Ben 300 mg/day" in page
    assert ">400 mg/day<" not in page  # not the default cap as if it were everyone's


# ---- show and report


@pytest.fixture(scope="module")
def saved_plan(tmp_path_factory, short_plan):
    path = tmp_path_factory.mktemp("plans") / "week.json"
    path.write_text(short_plan.to_json(), encoding="utf-8")
    return path


def test_show_reprints_a_saved_plan(runner, saved_plan):
    result = invoke(runner, "show", str(saved_plan))
    assert result.exit_code == 0, result.output
    assert result.stdout == render_plan(Plan.from_json(saved_plan.read_text()))
    markdown = invoke(runner, "show", str(saved_plan), "--format", "markdown")
    assert markdown.stdout.startswith("# Meal plan: 2 days")


def test_show_leaves_html_to_report(runner, saved_plan, tmp_path):
    out = tmp_path / "week.html"
    result = invoke(runner, "show", str(saved_plan), "-o", str(out))
    assert result.exit_code == 2
    assert result.output == (f"Error: 'mealplan show' writes table, markdown, csv, json, ics; "
                             f"for an HTML page use 'mealplan report {saved_plan} -o {out}'\n")


def test_report_on_a_terminal_says_how_to_save_it(runner, saved_plan, monkeypatch):
    monkeypatch.setattr(cli_module, "_stdout_is_terminal", lambda: True)
    result = invoke(runner, "report", str(saved_plan))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: the report is an HTML page: save it with -o week.html and open that in a "
        f"browser, or see the plan as text with 'mealplan show {saved_plan}'\n")


def test_plan_html_on_a_terminal_says_how_to_save_it(runner, monkeypatch):
    monkeypatch.setattr(cli_module, "_stdout_is_terminal", lambda: True)
    result = invoke(runner, "plan", "--format", "html")
    assert result.exit_code == 2
    assert result.output == "Error: html is a page for a browser: save it with -o week.html\n"


def test_report_to_a_pipe_still_writes_html(runner, saved_plan):
    result = invoke(runner, "report", str(saved_plan))
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
