"""--budget is what the shopping costs at the till: whole packages, after the pantry, for
everyone; recorded in the plan, shown beside the total, and explained when it cannot be met."""

from __future__ import annotations

import json
import re

import pytest

from mealplan.cli import cli
from mealplan.errors import InfeasibleError
from mealplan.planner import PlanOptions, plan_week
from mealplan.render import render_plan, render_shopping_list


def invoke(runner, *args):
    return runner.invoke(cli, list(args), prog_name="mealplan", catch_exceptions=False)


def test_budget_caps_the_bill_at_the_till(small_catalogue, targets, short_plan):
    # The plan made without a budget eats about $13 of food but buys $60 of packages.
    assert short_plan.shopping_cost > 2 * short_plan.total_cost
    budget = round(short_plan.shopping_cost) - 5.0
    plan = plan_week(small_catalogue, targets, PlanOptions(days=1, budget=budget))
    assert plan.shopping_cost <= budget
    assert plan.settings["budget"] == budget and plan.to_dict()["budget"] == budget


def test_budget_is_for_everyone(small_catalogue, targets):
    plan = plan_week(small_catalogue, targets, PlanOptions(days=1, budget=150.0, people=2))
    assert plan.shopping_cost <= 150.0
    assert plan.shopping_cost == pytest.approx(
        sum(item.cost for item in plan.shopping_list(people=2)))


def test_the_pantry_is_used_before_the_till(small_catalogue, targets):
    at_home = {food.name: 100.0 for food in small_catalogue.foods}
    plan = plan_week(small_catalogue, targets, PlanOptions(days=1, budget=1.0, pantry=at_home))
    assert plan.shopping_cost == 0.0 and plan.status != "shortfall"


def test_a_budget_only_the_pantry_meets_costs_coverage_and_says_so(small_catalogue, targets):
    """Nothing but what is at home fits $0.01, and nothing at home has vitamin B12."""
    at_home = {food.name: 100.0 for food in small_catalogue.foods
               if not food.amount("vitamin_b12_ug")}
    plan = plan_week(small_catalogue, targets,
                     PlanOptions(days=1, budget=0.01, pantry=at_home))
    assert plan.shopping_cost == 0.0
    assert plan.status == "shortfall"
    assert "vitamin_b12_ug" in {shortfall.nutrient for shortfall in plan.shortfalls}
    note = re.fullmatch(
        r"no plan within the budget of \$0\.01 at the till covers every target; this plan "
        r"comes closest within it; the cheapest plan found that covers every target costs "
        r"\$(\d+\.\d\d) at the till", plan.warnings[-1])
    # With the pantry used first, full coverage only buys the vitamin B12 foods.
    assert note and 0.01 < float(note.group(1)) < 20


def test_an_unreachable_budget_says_what_full_coverage_costs_at_the_till(small_catalogue,
                                                                          targets):
    with pytest.raises(InfeasibleError) as error:
        plan_week(small_catalogue, targets, PlanOptions(days=1, budget=10.0))
    message = str(error.value)
    assert message.startswith("no plan fits the budget (constraint ")
    cheapest = re.search(r"the cheapest plan found that covers every target costs "
                         r"\$(\d+\.\d\d) at the till$", message)
    assert cheapest and float(cheapest.group(1)) > 10.0
    # And that week is real: a budget of that much gets a plan covering every target.
    plan = plan_week(small_catalogue, targets,
                     PlanOptions(days=1, budget=float(cheapest.group(1)) + 0.01))
    assert plan.status != "shortfall"


def test_budget_shown_beside_the_total(small_catalogue, targets):
    plan = plan_week(small_catalogue, targets, PlanOptions(days=1, budget=80.0))
    text = render_plan(plan)
    bought = sum(1 for item in plan.shopping_list() if item.packages)
    till_line = next(line for line in text.splitlines() if line.startswith("At the till:"))
    assert till_line.startswith(f"At the till: ${plan.shopping_cost:,.2f} for {bought} products "
                                f"in whole packages; budget $80.00")
    listing = render_shopping_list(plan).splitlines()
    assert listing[-2].split()[0] == "Total"
    assert listing[-1].split() == ["Budget", "$80.00"]
    # Another head count is another bill: the budget is not shown beside it.
    assert "Budget" not in render_shopping_list(plan, people=3)


def test_cli_budget_is_recorded_in_the_plan_file(runner, small_foods_csv, tmp_path):
    out = tmp_path / "week.json"
    result = invoke(runner, "plan", "--days", "2", "--foods", str(small_foods_csv),
                    "--budget", "80", "-o", str(out))
    assert result.exit_code == 0, result.output
    saved = json.loads(out.read_text())
    assert saved["budget"] == 80.0 and saved["shopping_cost"] <= 80.0
    listing = invoke(runner, "shopping-list", str(out), "--format", "json")
    assert json.loads(listing.stdout)["budget"] == 80.0
