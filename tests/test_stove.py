"""Minutes at the stove: --weeknight-minutes and --weekend-minutes cap the cooking of a day, a
leftover counts nothing, and the verifier checks the cap from the recipes."""

from __future__ import annotations

import copy
from dataclasses import replace


from mealplan.menu_planner import menu_rules, minute_caps, plan_menu, prepare_menu
from mealplan.planner import PlanOptions
from mealplan.verify import verify_menu


def _minutes(plan) -> list[float]:
    return [plan.cooking_minutes(day) for day in plan.days]


def test_days_one_to_five_are_weeknights_and_six_seven_the_weekend():
    caps = minute_caps(PlanOptions(weeknight_minutes=30, weekend_minutes=90), 9)
    assert caps == {1: 30, 2: 30, 3: 30, 4: 30, 5: 30, 6: 90, 7: 90, 8: 30, 9: 30}
    assert minute_caps(PlanOptions(weekend_minutes=90), 7) == {6: 90.0, 7: 90.0}


def test_a_weeknight_cap_holds_every_weeknight(catalogue, targets, small_cookbook, recipe_plan):
    busiest = max(_minutes(recipe_plan))
    cap = busiest - 1
    plan = plan_menu(catalogue, targets, small_cookbook,
                     PlanOptions(days=2, weeknight_minutes=cap, rounds=0))
    assert all(minutes <= cap for minutes in _minutes(plan)), _minutes(plan)


def test_a_day_over_its_cap_is_caught(catalogue, targets, small_cookbook, recipe_plan):
    options = PlanOptions(days=2)
    prepared = prepare_menu(catalogue, targets, small_cookbook, options)
    rules = menu_rules(prepared, catalogue, targets, small_cookbook, options)
    plan = copy.deepcopy(recipe_plan)
    minutes = plan.cooking_minutes(plan.days[0])
    strict = replace(rules, minute_caps={1: minutes - 1})
    assert (f"day 1: {minutes:g} minutes at the stove, at most {minutes - 1:g}"
            in verify_menu(plan, catalogue.by_name(), strict).violations)
    assert not [v for v in verify_menu(plan, catalogue.by_name(),
                                       replace(rules, minute_caps={1: minutes})).violations
                if "stove" in v]


def test_the_cli_takes_the_caps(runner, small_recipes_yaml, tmp_path):
    from mealplan.cli import cli

    out = tmp_path / "week.json"
    result = runner.invoke(cli, ["plan", "--recipes", str(small_recipes_yaml), "--days", "1",
                                 "--rounds", "0", "--weeknight-minutes", "500", "-o", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["plan", "--weeknight-minutes", "-5"])
    assert result.exit_code == 2
    assert result.output.strip().endswith("Invalid value for '--weeknight-minutes': -5.0 is not in "
                                          "the range x>=0.")


def test_a_dish_that_keeps_cooked_again_within_its_fridge_days_becomes_the_leftover(
        catalogue, targets, small_cookbook):
    from mealplan.menu_columns import make_column
    from mealplan.menu_improve import _leftover_moves
    from mealplan.menu_week import exact_value, fridge_ok

    # The move is what is tested, not a day's nutrition: no limit or meal share rejects a day of
    # one dish.
    loose = replace(targets, nutrients={key: replace(n, hard=False, max=None)
                                        for key, n in targets.nutrients.items()},
                    recipes=replace(targets.recipes, meal_shares={}))
    problem = prepare_menu(catalogue, loose, small_cookbook, PlanOptions(days=3)).problem
    rules = problem.rules
    assert rules.fridge_days >= 2
    base, twin = next((b, t) for b, t in problem.twins.items()
                      if problem.recipes[b].minutes > 0)
    meal = next(m for m in problem.recipes[base].meals if m in rules.leftover_meals)
    cooked = make_column(problem, (((base, meal), (1.0,)),), (), 0)
    # Day 2 has nothing at that meal to take the leftover: the only place for it is the day
    # that cooks the same dish again, which is what a cook would do.
    week = [cooked, make_column(problem, (), (), 0), cooked]
    moved = _leftover_moves(problem, week, exact_value(problem, week))
    assert moved is not None
    new_week, value = moved
    assert dict(new_week[0].extras) == {base: 1.0}
    assert new_week[2].recipes == frozenset() and new_week[2].leftover_bases == {base}
    assert fridge_ok(problem, new_week)
    # At least the minutes of the second cooking are saved (the same food is bought).
    assert value <= exact_value(problem, week) - problem.minute_cost * problem.recipes[
        base].minutes + 1e-9
