"""mealplan swap: one meal or one day changed, the rest kept, coverage kept."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from mealplan.cli import cli
from mealplan.errors import DataError
from mealplan.recipes import Cookbook
from mealplan.swap import dishes, swap


@pytest.fixture(scope="module")
def unshaped(catalogue, targets, small_cookbook):
    """The small cookbook's two-day week without the meals' energy shares: with two dishes
    of a meal per diet, the shares alone decide which other dish can take a meal's place,
    and these tests are about what a swap keeps, not about the shares."""
    from mealplan.menu_planner import plan_menu
    from mealplan.planner import PlanOptions

    loose = replace(targets, recipes=replace(targets.recipes, meal_shares={}, patterns={}))
    # One round finds the same week as six (the session's recipe_plan likewise), in half the time.
    return loose, plan_menu(catalogue, loose, small_cookbook, PlanOptions(days=2, rounds=1))


def short(plan) -> set:
    return {(s.person, s.nutrient, day) for s in plan.shortfalls for day in s.missing}


def test_a_meal_swap_keeps_the_other_meals_and_the_coverage(catalogue, targets, small_cookbook,
                                                            recipe_plan):
    # A breakfast: its dish alone can change (a lunch of this week needs its dinner changed
    # too, to keep day 2's calcium: test_a_swap_changes_the_meal_asked_and_at_most_one_other).
    before = dishes(recipe_plan)
    result = swap(catalogue, targets, small_cookbook, recipe_plan, "day 2 breakfast", rounds=1)
    after = dishes(result.plan)
    assert after[2, "breakfast"] != before[2, "breakfast"]
    assert {k: v for k, v in after.items() if k != (2, "breakfast")} == {
        k: v for k, v in before.items() if k != (2, "breakfast")}
    assert short(result.plan) <= short(recipe_plan)
    assert result.others == [] and result.summary()[0] == (
        f"Swapped day 2 breakfast: {before[2, 'breakfast']} -> {after[2, 'breakfast']}")


def test_a_meal_the_week_left_unplanned_gets_a_dish(catalogue, targets, small_cookbook,
                                                   recipe_plan):
    # As a budget week may leave it: day 1 without its lunch (nor a leftover of it later).
    plan = copy.deepcopy(recipe_plan)
    gone = {item.recipe for item in plan.days[0].items if item.meal == "lunch"}
    for day in plan.days:
        day.items = [item for item in day.items if not (
            item.recipe in gone and (day.day == 1 and item.meal == "lunch"
                                     or item.leftover_from == 1))]
    before = dishes(plan)
    assert (1, "lunch") not in before
    result = swap(catalogue, targets, small_cookbook, plan, "day 1 lunch", rounds=1)
    after = dishes(result.plan)
    assert after.get((1, "lunch")) in {r.name for r in small_cookbook.recipes
                                       if "lunch" in r.meals}
    assert result.summary()[0] == f"Swapped day 1 lunch: nothing -> {after[1, 'lunch']}"
    assert {k: v for k, v in after.items() if k != (1, "lunch")} == before
    assert short(result.plan) <= short(recipe_plan)


def test_a_day_swap_redoes_every_dish_of_that_day_only(catalogue, small_cookbook, unshaped):
    targets, recipe_plan = unshaped
    before = dishes(recipe_plan)
    result = swap(catalogue, targets, small_cookbook, recipe_plan, "day 1", rounds=1)
    after = dishes(result.plan)
    day_one = {meal for (day, meal) in before if day == 1}
    old_dishes = {before[1, meal] for meal in day_one}
    assert all(after.get((1, meal)) not in old_dishes for meal in day_one)
    # Day 2 keeps its dishes, but a leftover of day 1's cooking has gone with it.
    from_day_one = {(2, i.meal) for i in recipe_plan.days[1].items if i.leftover_from == 1}
    assert {k: v for k, v in after.items() if k[0] == 2 and k not in from_day_one} == {
        k: v for k, v in before.items() if k[0] == 2 and k not in from_day_one}
    assert short(result.plan) <= short(recipe_plan)


@pytest.mark.slow
def test_when_nothing_fits_one_more_meal_changes_and_says_why(catalogue, targets,
                                                              small_cookbook):
    """Day 2's dinner may not keep its dish, and the only other dinner that keeps day 2's
    coverage (the same dish under day 1's dinner protein) shares day 1's dinner protein,
    which changes from one day to the next: day 1's dinner has to change too.  (On a plan
    without leftovers, so that the two dinners are two dishes, without the dietary pattern,
    whose caps on two days would decide which dinners may change, and without a food's
    servings a day, which would keep day 2's dinner off day 1 when it shares a food with day
    1's lunch: the rule under test is the protein's.)"""
    from mealplan.menu_planner import plan_menu
    from mealplan.planner import PlanOptions

    targets = replace(targets, recipes=replace(targets.recipes, leftover_portions=0,
                                               patterns={}, meal_shares={}))
    catalogue = replace(catalogue, foods=tuple(replace(food, max_servings=100)
                                               for food in catalogue.foods))
    recipe_plan = plan_menu(catalogue, targets, small_cookbook, PlanOptions(days=2))
    before = dishes(recipe_plan)
    by_name = small_cookbook.by_name()
    first, second = by_name[before[1, "dinner"]], by_name[before[2, "dinner"]]
    # Day 2's dish again, but with day 1's dinner protein.
    twin = replace(second, name=f"{second.name}, the other way", protein=first.protein)
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_swap_excludes_what_it_is_told(runner, tmp_path, recipe_plan, small_recipes_yaml):
    week = tmp_path / "week.json"
    week.write_text(recipe_plan.to_json(), encoding="utf-8")
    before = dishes(recipe_plan)
    # A breakfast: the dinner of day 1 is cooked for day 2 too, so swapping it and the lunch
    # the exclusion takes would change three meals, more than a swap may.
    result = runner.invoke(cli, ["swap", str(week), "day 1 breakfast", "--recipes",
                                 str(small_recipes_yaml), "--exclude", before[2, "lunch"],
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f"Also changed day 2 lunch: {before[2, 'lunch']} -> " in result.stderr
    assert ": it is excluded now" in result.stderr
    assert f"\"recipe\": \"{before[2, 'lunch']}\"" not in result.stdout


def test_swap_of_a_single_food_plan_is_refused(runner, tmp_path, short_plan):
    week = tmp_path / "week.json"
    week.write_text(short_plan.to_json(), encoding="utf-8")
    result = runner.invoke(cli, ["swap", str(week), "day 1 lunch"])
    assert result.exit_code == 2
    assert result.output == ("Error: swap changes dishes: this plan was made from single foods "
                             "(plan again with --keep and --lock to keep some of its meals)\n")


def tied_days(old, new, days: set[int]) -> set[int]:
    """``days`` and every day a leftover (of either week) ties to one of them."""
    links = {(i.leftover_from, d.day) for plan in (old, new) for d in plan.days
             for i in d.items if i.leftover_from}
    days = set(days)
    while any((a in days) != (b in days) for a, b in links):
        days |= {day for link in links if set(link) & days for day in link}
    return days


@pytest.mark.parametrize("spec", ["day 1 breakfast", "day 2 lunch",
                                  pytest.param("day 2 dinner", marks=pytest.mark.slow)])
def test_a_swap_changes_the_meal_asked_and_at_most_one_other(catalogue, small_cookbook,
                                                             unshaped, spec):
    targets, recipe_plan = unshaped
    _, day, meal = spec.split()
    day = int(day)
    result = swap(catalogue, targets, small_cookbook, recipe_plan, spec, rounds=1)
    before, after = dishes(recipe_plan), dishes(result.plan)
    changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    assert (day, meal) in changed and len(changed) <= 2, changed
    assert short(result.plan) <= short(recipe_plan)
    summary = "\n".join(result.summary())
    assert all(f"day {d} {m}: {before.get((d, m))}" in summary for d, m in changed)
    # A day whose dishes all stay, and that no leftover ties to a changed one, is left alone,
    # sides and portions included: the re-plan's other days are not taken.
    touched = tied_days(recipe_plan, result.plan, {d for d, _ in changed})
    for old_day, new_day in zip(recipe_plan.days, result.plan.days):
        if old_day.day not in touched:
            assert new_day.items == old_day.items, f"day {old_day.day} changed"
    for side_day in result.side_days:
        assert f"Sides of day {side_day}, to keep its coverage: now " in summary
        for item in result.plan.days[side_day - 1].items:
            if item.recipe is None:
                assert f"{item.food} ×{item.servings:g} at {item.meal}" in summary


@pytest.mark.slow
def test_a_leftover_whose_pot_was_swapped_says_it_is_cooked_that_day(catalogue, targets,
                                                                     small_cookbook, recipe_plan):
    cooked = next(((d.day, i.meal, i.recipe) for d in recipe_plan.days for i in d.items
                   if i.cooked and i.leftover_from is None), None)
    assert cooked, "the small cookbook's 2-day plan cooks a dish for later"
    eaten = next((d.day, i.meal) for d in recipe_plan.days for i in d.items
                 if i.leftover_from == cooked[0] and i.recipe == cooked[2])
    result = swap(catalogue, targets, small_cookbook, recipe_plan,
                  f"day {cooked[0]} {cooked[1]}")
    after = dishes(result.plan)
    served = next(i for d in result.plan.days for i in d.items
                  if (d.day, i.meal) == eaten and i.recipe is not None)
    if after[eaten] == cooked[2]:  # the dish stays at the later meal: cooked there now
        assert served.leftover_from is None
        assert (f"Also changed day {eaten[0]} {eaten[1]}: {cooked[2]} is now cooked that day "
                f"(it was day {cooked[0]}'s leftover)") in result.summary()
    else:  # or it made way for another dish, said as a change
        assert any(line.startswith(f"Also changed day {eaten[0]} {eaten[1]}: {cooked[2]} -> ")
                   for line in result.summary())


@pytest.mark.slow  # two plans or a week's search: 7-14 s here; CI runs it (-m slow)
def test_a_day_the_swap_need_not_touch_keeps_its_sides(catalogue, targets, small_cookbook):
    """Without leftovers nothing ties day 2 to day 1: swapping a day-1 meal leaves day 2 as it
    was, sides and portions too (a re-plan alone chooses every day's sides anew)."""
    from mealplan.menu_planner import plan_menu
    from mealplan.planner import PlanOptions

    targets = replace(targets, recipes=replace(targets.recipes, leftover_portions=0))
    week = plan_menu(catalogue, targets, small_cookbook, PlanOptions(days=2))
    result = swap(catalogue, targets, small_cookbook, week, "day 1 lunch")
    before, after = dishes(week), dishes(result.plan)
    changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    assert (1, "lunch") in changed and len(changed) <= 2
    if all(day == 1 for day, _ in changed):
        assert result.plan.days[1].items == week.days[1].items
        assert 2 not in result.side_days
    assert short(result.plan) <= short(week)


def test_a_swap_prices_the_week_with_the_plans_staples_and_stove(catalogue, recipe_plan):
    from mealplan.staples import load_staples
    from mealplan.swap import options_of

    shipped = load_staples(None, catalogue)
    saved = replace(recipe_plan, settings={**recipe_plan.settings, "staples": ["Salt"],
                                           "minute_cost": 0.2, "weeknight_minutes": 30.0})
    options = options_of(saved, staples=shipped)
    assert options.staples == {"Salt"}  # never bought in the new week either
    assert (options.minute_cost, options.weeknight_minutes, options.weekend_minutes) == (
        0.2, 30.0, None)
    # A plan from before it recorded them: the shipped list, and whatever staples it used.
    older = replace(recipe_plan, settings={k: v for k, v in recipe_plan.settings.items()
                                           if k != "staples"}, staples=["Sumac"])
    assert options_of(older, staples=shipped).staples == shipped | {"Sumac"}
    assert options_of(older, staples=shipped).minute_cost is None
