"""Weeks in a row: a plan remembers the dishes of the weeks before it (its history), so the
next week --after it prefers dishes none of them served."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mealplan.errors import InfeasibleError
from mealplan.menu_problem import AVOID_WEIGHT
from mealplan.menu_planner import plan_menu, prepare_menu
from mealplan.plan import Plan
from mealplan.planner import PlanOptions

from .conftest import without_sodium_cap


def test_the_next_plan_remembers_this_one_and_its_history(catalogue, targets, small_cookbook,
                                                          recipe_plan):
    # An earlier plan with a history of its own (as if it followed another week).
    older = ["Black bean burrito bowl", "Apple slices with almond butter"]
    first = replace(recipe_plan, history=[older])
    text = first.to_json()
    assert Plan.from_json(text).history == [older]
    options = PlanOptions(days=1, avoid=Plan.from_json(text), rounds=0)
    plan = plan_menu(catalogue, without_sodium_cap(targets), small_cookbook, options)
    assert plan.history == [recipe_plan.dish_names(), older]
    # Both weeks' dishes cost more to serve again.
    prepared = prepare_menu(catalogue, without_sodium_cap(targets), small_cookbook, options)
    problem = prepared.problem
    remembered = {problem.recipes[r].name for r in problem.avoid}
    assert remembered == set(recipe_plan.dish_names()) | set(older)
    assert all(problem.pick_costs[r] >= AVOID_WEIGHT for r in problem.avoid)


def test_history_is_as_long_as_the_targets_say(catalogue, targets, small_cookbook, recipe_plan):
    weeks = [["Black bean burrito bowl"], ["Lentil soup with spinach and lemon"],
             ["Tuna niçoise salad"]]
    earlier = replace(recipe_plan, history=weeks)
    plan = plan_menu(catalogue, without_sodium_cap(targets), small_cookbook,
                     PlanOptions(days=1, avoid=earlier, rounds=0))
    assert targets.recipes.remember_weeks == 3
    assert plan.history == [recipe_plan.dish_names(), *weeks[:2]]
    one = replace(targets, recipes=replace(targets.recipes, remember_weeks=1))
    plan = plan_menu(catalogue, without_sodium_cap(one), small_cookbook,
                     PlanOptions(days=1, avoid=earlier, rounds=0))
    assert plan.history == [recipe_plan.dish_names()]


def test_a_plan_file_without_history_still_loads_and_can_be_followed(catalogue, targets,
                                                                     small_cookbook,
                                                                     recipe_plan):
    document = recipe_plan.to_dict()
    assert "history" not in document  # a first week has none
    document["version"] = 3           # a recipe plan of an older mealplan
    for key in ("staples", "wasted_cost"):
        document.pop(key, None)
    old = Plan.from_dict(document)
    assert old.history == []
    plan = plan_menu(catalogue, without_sodium_cap(targets), small_cookbook,
                     PlanOptions(days=1, avoid=old, rounds=0))
    assert plan.history == [recipe_plan.dish_names()]


def test_a_remembered_week_gives_new_dishes(catalogue, targets, small_cookbook, recipe_plan):
    lifted = without_sodium_cap(targets)
    free = plan_menu(catalogue, lifted, small_cookbook, PlanOptions(days=1, rounds=0))
    # A week whose history holds today's dishes (two weeks back): the day changes.
    before = replace(recipe_plan, history=[free.dish_names()])
    after = plan_menu(catalogue, lifted, small_cookbook,
                      PlanOptions(days=1, avoid=before, rounds=0))
    assert set(after.dish_names()) != set(free.dish_names())
    assert len(set(after.dish_names()) & set(free.dish_names())) < len(free.dish_names())


def test_a_routine_breakfast_is_eaten_mornings_running(catalogue, targets, small_cookbook):
    """With one breakfast in the cookbook, two days have the same breakfast, days in a row:
    the routine allows it, and only the routine (without it there is no week)."""
    from mealplan.recipes import Cookbook

    breakfasts = [r for r in small_cookbook.recipes if r.meals == ("breakfast",)]
    one = Cookbook(tuple(r for r in small_cookbook.recipes if r.meals != ("breakfast",))
                   + (breakfasts[0],), small_cookbook.source, small_cookbook.sources)
    relaxed = without_sodium_cap(targets)
    plan = plan_menu(catalogue, relaxed, one, PlanOptions(days=2, rounds=0))
    served = [{i.recipe for i in day.items if i.meal == "breakfast" and i.recipe}
              for day in plan.days]
    assert served == [{breakfasts[0].name}] * 2
    plain = replace(relaxed, recipes=replace(relaxed.recipes, routine_meals=frozenset()))
    with pytest.raises(InfeasibleError, match="no complete week"):
        plan_menu(catalogue, plain, one, PlanOptions(days=2, rounds=0))
