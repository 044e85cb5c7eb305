"""mealplan swap: one meal or one day changed, the rest kept, coverage kept."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mealplan.cli import cli
from mealplan.errors import DataError
from mealplan.recipes import Cookbook
from mealplan.swap import dishes, swap


def short(plan) -> set:
    return {(s.person, s.nutrient, day) for s in plan.shortfalls for day in s.missing}


def test_a_meal_swap_keeps_the_other_meals_and_the_coverage(catalogue, targets, small_cookbook,
                                                            recipe_plan):
    before = dishes(recipe_plan)
    result = swap(catalogue, targets, small_cookbook, recipe_plan, "day 2 lunch")
    after = dishes(result.plan)
    assert after[2, "lunch"] != before[2, "lunch"]
    assert {k: v for k, v in after.items() if k != (2, "lunch")} == {
        k: v for k, v in before.items() if k != (2, "lunch")}
    assert short(result.plan) <= short(recipe_plan)
    assert result.others == [] and result.summary()[0] == (
        f"Swapped day 2 lunch: {before[2, 'lunch']} -> {after[2, 'lunch']}")


def test_a_day_swap_redoes_every_dish_of_that_day_only(catalogue, targets, small_cookbook,
                                                       recipe_plan):
    before = dishes(recipe_plan)
    result = swap(catalogue, targets, small_cookbook, recipe_plan, "day 1")
    after = dishes(result.plan)
    day_one = {meal for (day, meal) in before if day == 1}
    old_dishes = {before[1, meal] for meal in day_one}
    assert all(after.get((1, meal)) not in old_dishes for meal in day_one)
    # Day 2 keeps its dishes, but a leftover of day 1's cooking has gone with it.
    from_day_one = {(2, i.meal) for i in recipe_plan.days[1].items if i.leftover_from == 1}
    assert {k: v for k, v in after.items() if k[0] == 2 and k not in from_day_one} == {
        k: v for k, v in before.items() if k[0] == 2 and k not in from_day_one}
    assert short(result.plan) <= short(recipe_plan)


def test_when_nothing_fits_one_more_meal_changes_and_says_why(catalogue, targets,
                                                              small_cookbook):
    """Day 2's dinner may not keep its dish, and the only other dinners share day 1's dinner
    protein (it changes from one day to the next): day 1's dinner has to change too.  (On a
    plan without leftovers, so that the two dinners are two dishes, and without the dietary
    pattern, whose caps on two days would decide which dinners may change.)"""
    from mealplan.menu_planner import plan_menu
    from mealplan.planner import PlanOptions

    targets = replace(targets, recipes=replace(targets.recipes, leftover_portions=0,
                                               patterns={}))
    recipe_plan = plan_menu(catalogue, targets, small_cookbook, PlanOptions(days=2))
    before = dishes(recipe_plan)
    by_name = small_cookbook.by_name()
    first, second = by_name[before[1, "dinner"]], by_name[before[2, "dinner"]]
    twin = replace(first, name=f"{first.name}, the other way")  # the same protein
    book = Cookbook(tuple(r for r in small_cookbook.recipes if "dinner" not in r.meals)
                    + (first, second, twin), "three-dinners.yaml")
    result = swap(catalogue, targets, book, recipe_plan, "day 2 dinner")
    after = dishes(result.plan)
    assert after[2, "dinner"] != second.name
    assert [(c.day, c.meal) for c in result.others] == [(1, "dinner")]
    assert {k: v for k, v in after.items() if k[1] != "dinner"} == {
        k: v for k, v in before.items() if k[1] != "dinner"}
    assert result.summary()[1].startswith(f"Also changed day 1 dinner: {first.name} -> ")


@pytest.mark.parametrize("spec, message", [
    ("day 9 lunch", "swap 'day 9 lunch': the plan has days 1 to 2"),
    ("day 1 brunch", "swap 'day 1 brunch': day 1 has no brunch dish; its dishes are at "
                     "breakfast, lunch, dinner"),
    ("lunch", "swap 'lunch': expected 'day N' or 'day N MEAL', e.g. 'day 4 lunch'"),
])
def test_a_bad_meal_is_refused(catalogue, targets, small_cookbook, recipe_plan, spec, message):
    with pytest.raises(DataError) as error:
        swap(catalogue, targets, small_cookbook, recipe_plan, spec)
    assert str(error.value) == message


def test_swap_on_the_command_line_writes_the_new_week(runner, tmp_path, recipe_plan,
                                                     small_recipes_yaml):
    week = tmp_path / "week.json"
    week.write_text(recipe_plan.to_json(), encoding="utf-8")
    out = tmp_path / "new.json"
    before = dishes(recipe_plan)
    result = runner.invoke(cli, ["swap", str(week), "day 1 dinner", "--recipes",
                                 str(small_recipes_yaml), "-o", str(out)])
    assert result.exit_code == 0, result.output
    from mealplan.plan import load_plan

    after = dishes(load_plan(str(out)))
    assert result.stderr.splitlines()[0] == (f"Swapped day 1 dinner: {before[1, 'dinner']} -> "
                                             f"{after[1, 'dinner']}")
    assert result.stderr.splitlines()[-1] == f"Wrote {out}"


def test_swap_excludes_what_it_is_told(runner, tmp_path, recipe_plan, small_recipes_yaml):
    week = tmp_path / "week.json"
    week.write_text(recipe_plan.to_json(), encoding="utf-8")
    before = dishes(recipe_plan)
    result = runner.invoke(cli, ["swap", str(week), "day 1 dinner", "--recipes",
                                 str(small_recipes_yaml), "--exclude", before[2, "lunch"],
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f"Also changed day 2 lunch: {before[2, 'lunch']} -> " in result.stderr
    assert f"\"recipe\": \"{before[2, 'lunch']}\"" not in result.stdout


def test_swap_of_a_single_food_plan_is_refused(runner, tmp_path, short_plan):
    week = tmp_path / "week.json"
    week.write_text(short_plan.to_json(), encoding="utf-8")
    result = runner.invoke(cli, ["swap", str(week), "day 1 lunch"])
    assert result.exit_code == 2
    assert result.output == ("Error: swap changes dishes: this plan was made from single foods "
                             "(plan again with --keep and --lock to keep some of its meals)\n")
