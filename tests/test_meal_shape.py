"""Days shaped like meals: each meal within its share of the day's energy (its sides with it),
no more of one food a day than its limit, and portions in quarter steps sized per person.

The verifier tests break a real, verified two-day plan on purpose and check that the rule is
named; the planner tests plan one or two days from the small cookbook and recount the rule
from the plan's own items.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mealplan.data import household_from_document, load_targets
from mealplan.errors import DataError
from mealplan.menu_planner import day_servings, plan_menu
from mealplan.plan import MenuItem
from mealplan.planner import PlanOptions
from mealplan.render import format_servings, render_plan

from .conftest import violations, without_sodium_cap


def serve(recipes, catalogue, name: str, meal: str, portion: float) -> list[MenuItem]:
    recipe = recipes[name]
    foods = catalogue.by_name()
    return [MenuItem(meal, i.food, i.grams * portion / foods[i.food].grams, i.grams * portion,
                     {}, recipe.name, portion) for i in recipe.ingredients]


def put(plan, day: int, meal: str, items: list[MenuItem]) -> None:
    kept = [i for i in plan.days[day - 1].items if not (i.meal == meal and i.recipe)]
    plan.days[day - 1].items = kept + items


def meal_energy(plan, foods, person: str = "") -> list[dict[str, float]]:
    """Per day: each meal's kcal for ``person`` (one person: ""), counted from the items."""
    days = []
    for day in plan.days:
        energy: dict[str, float] = defaultdict(float)
        for item in day.items:
            servings = item.portions.get(person, 0.0) if person else item.servings
            energy[item.meal] += foods[item.food].nutrients["kcal"] * servings
        days.append(energy)
    return days


def servings_by_food(plan, person: str = "") -> list[dict[str, float]]:
    days = []
    for day in plan.days:
        eaten: dict[str, float] = defaultdict(float)
        for item in day.items:
            eaten[item.food] += item.portions.get(person, 0.0) if person else item.servings
        days.append(eaten)
    return days


# ---- the verifier: each rule broken on purpose


def test_a_breakfast_over_its_share_is_caught(plan, catalogue, rules, small_cookbook):
    foods = catalogue.by_name()
    name = next(i.recipe for i in plan.days[0].items if i.meal == "breakfast" and i.recipe)
    put(plan, 1, "breakfast", serve(small_cookbook.by_name(), catalogue, name, "breakfast", 2.0))
    energy = meal_energy(plan, foods)[0]
    share = energy["breakfast"] / sum(energy.values())
    assert share > 0.30  # the break is real: a double breakfast is over 30 % of this day
    assert (f"day 1: breakfast is {share:.1%} of the day's energy ({energy['breakfast']:,.0f} "
            f"of {sum(energy.values()):,.0f} kcal); at most 30%") in violations(plan, catalogue,
                                                                             rules)


def test_a_meal_under_its_share_is_caught(plan, catalogue, rules):
    foods = catalogue.by_name()
    energy = meal_energy(plan, foods)[0]
    share = energy["lunch"] / sum(energy.values())
    strict = replace(rules, recipe_rules=replace(rules.recipe_rules, meal_shares={
        **rules.recipe_rules.meal_shares, "lunch": (share + 0.01, 0.9)}))
    assert any(v.startswith(f"day 1: lunch is {share:.1%} of the day's energy") and
               v.endswith(f"at least {share + 0.01:.0%}") for v in violations(plan, catalogue,
                                                                             strict))


def test_a_side_counts_in_its_meal(plan, catalogue, rules):
    """The same side moved from one meal to another moves its energy with it."""
    day = plan.days[0]
    side = next((i for i in day.items if i.recipe is None), None)
    assert side is not None, "the fixture's day 1 has a side"
    foods = catalogue.by_name()
    before = meal_energy(plan, foods)[0]
    tight = replace(rules, recipe_rules=replace(rules.recipe_rules, meal_shares={
        side.meal: (0.0, before[side.meal] / sum(before.values()) + 1e-4)}))
    assert violations(plan, catalogue, tight) == []
    bigger = replace(side, servings=side.servings + 1, grams=side.grams / side.servings
                     * (side.servings + 1))
    day.items = [bigger if i is side else i for i in day.items]
    assert any(v.startswith(f"day 1: {side.meal} is ") for v in violations(plan, catalogue,
                                                                          tight))


def test_a_side_at_a_meal_it_does_not_suit_is_caught(plan, catalogue, rules):
    foods = catalogue.by_name()
    day = plan.days[0]
    side = next(i for i in day.items if i.recipe is None)
    wrong = next(meal for meal in ("breakfast", "lunch", "dinner", "snack")
                 if meal not in foods[side.food].meals)
    day.items = [replace(i, meal=wrong) if i is side else i for i in day.items]
    assert (f"day 1: the side '{side.food}' is served at {wrong}, which it does not suit"
            in violations(plan, catalogue, rules))


def test_two_bowls_of_bran_flakes_are_caught(plan, catalogue, rules, small_cookbook):
    """Issue 17's defect: 1.5 portions of a breakfast with 1.5 servings of bran flakes is 2.25
    servings of a food whose limit is 2."""
    name = "Bran flakes with soy milk, banana and walnuts"
    put(plan, 1, "breakfast", serve(small_cookbook.by_name(), catalogue, name, "breakfast", 1.5))
    assert catalogue.by_name()["Fortified bran flakes"].max_servings == 2
    assert ("day 1: 2.25 servings of 'Fortified bran flakes' in the day, at most 2"
            in violations(plan, catalogue, rules))


def test_a_side_of_a_food_the_dishes_already_have_is_counted(plan, catalogue, rules):
    foods = catalogue.by_name()
    limits = rules.day_servings(foods)
    day = plan.days[0]
    item = next(i for i in day.items if i.recipe and foods[i.food].meals & {"snack"}
                and i.servings < limits[i.food])
    extra = limits[item.food] - item.servings + 1
    day.items.append(MenuItem("snack", item.food, extra, extra * foods[item.food].grams))
    total = sum(i.servings for i in day.items if i.food == item.food)
    assert (f"day 1: {total:g} servings of '{item.food}' in the day, at most "
            f"{limits[item.food]:g}") in violations(plan, catalogue, rules)


def test_one_portion_of_a_recipe_is_never_over_the_limit(catalogue, cookbook):
    """A recipe's own portion is a sensible amount by definition: the day's limit of a food
    is at least what one portion of any recipe puts in (chicken breast: 1 serving in
    foods.csv, 140 g in a roast chicken dinner)."""
    limits = day_servings(catalogue, cookbook)
    foods = catalogue.by_name()
    for recipe in cookbook.recipes:
        for item in recipe.ingredients:
            assert item.grams / foods[item.food].grams <= limits[item.food] + 1e-9
    assert limits["Chicken breast, roasted"] > foods["Chicken breast, roasted"].max_servings
    assert limits["Fortified bran flakes"] == 2


def test_a_portion_between_steps_or_below_the_smallest_is_caught(plan, catalogue, rules,
                                                                   small_cookbook):
    name = next(i.recipe for i in plan.days[0].items if i.meal == "dinner" and i.recipe)
    put(plan, 1, "dinner", serve(small_cookbook.by_name(), catalogue, name, "dinner", 0.75))
    message = f"day 1: 0.75 portions of '{name}'; portions are 1 to 2 in steps of 0.25"
    assert message in violations(plan, catalogue, rules)
    # The same plate is a child's portion: her smallest is a quarter.
    child = replace(rules, profile="children_4_8")
    assert not any("portions of" in v for v in violations(plan, catalogue, child))
    put(plan, 1, "dinner", serve(small_cookbook.by_name(), catalogue, name, "dinner", 0.8))
    assert any(v.startswith(f"day 1: 0.8 portions of '{name}'; portions are 0.25 to 2")
               for v in violations(plan, catalogue, child))


# ---- the planner: every day keeps the rules, for anyone


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(profile=st.sampled_from(sorted(load_targets().profiles)))
def test_meal_shares_and_food_limits_hold_for_any_profile(profile, catalogue, targets,
                                                          small_cookbook):
    plan = plan_menu(catalogue, without_sodium_cap(targets), small_cookbook,
                     # rounds=0: the shares and limits are the day model's, in any day.
                     PlanOptions(days=1, profile=profile, rounds=0))
    foods = catalogue.by_name()
    shares = targets.recipes.meal_shares
    limits = day_servings(catalogue, small_cookbook)
    for energy, eaten in zip(meal_energy(plan, foods), servings_by_food(plan)):
        day = sum(energy.values())
        for meal, (low, high) in shares.items():
            assert low - 1e-6 <= energy.get(meal, 0.0) / day <= high + 1e-6, (profile, meal)
        for name, servings in eaten.items():
            assert servings <= max(limits[name], foods[name].max_servings) + 1e-6, name
    step = targets.recipes.portion_step
    smallest = targets.recipes.smallest_portion(profile)
    for item in plan.days[0].items:
        if item.recipe:
            assert smallest <= item.portion <= 2 and (item.portion / step).is_integer()


@pytest.mark.slow
def test_a_young_child_eats_a_childs_plate(catalogue, targets, small_cookbook):
    """At one table, a 4-8-year-old's portions are sized by her own targets: smaller than her
    father's, in quarter steps."""
    household = household_from_document({"people": [
        {"name": "Dad", "profile": "men_31_50"}, {"name": "Lea", "profile": "children_4_8"}]},
        targets, catalogue, "family.yaml")
    plan = plan_menu(catalogue, without_sodium_cap(targets), small_cookbook,
                     PlanOptions(days=1, household=household))
    foods = catalogue.by_name()
    dad = sum(meal_energy(plan, foods, "Dad")[0].values())
    lea = sum(meal_energy(plan, foods, "Lea")[0].values())
    assert lea < 0.85 * dad
    for item in plan.days[0].items:
        if item.recipe:
            per_portion = plan.recipes[item.recipe].ingredients[item.food]
            mine = {name: s * foods[item.food].grams / per_portion
                    for name, s in item.portions.items()}
            assert (mine["Lea"] * 4) == pytest.approx(round(mine["Lea"] * 4))
            assert mine["Lea"] <= mine["Dad"]
            # The dish is cooked for the table: its grams are everyone's portions together.
            assert item.grams == pytest.approx(per_portion * sum(mine.values()))
    lea = [(i.recipe, i.portions["Lea"] * foods[i.food].grams
            / plan.recipes[i.recipe].ingredients[i.food]) for i in plan.days[0].items
           if i.recipe]
    assert any(portion < 1 for _, portion in lea)
    # The menu shows her quarter steps as they are, not rounded to halves.
    text = render_plan(plan, "table")
    for recipe, portion in lea:
        assert f"Lea {format_servings(round(portion, 6))}" in text, recipe
    # The shopping list buys the table's total of every food.
    served: dict[str, float] = defaultdict(float)
    for item in plan.days[0].items:
        served[item.food] += item.servings
    lines = plan.shopping_list()
    assert sum(len(line.foods) for line in lines) == len(served)
    for line in lines:
        assert line.servings == pytest.approx(sum(served[f] for f in line.foods))


# ---- targets.yaml


@pytest.mark.parametrize("portions, message", [
    ("[1, 1.5, 2]", None),
    ("[1, 1.25, 2]", "targets.yaml, key 'recipes.portions': expected evenly spaced portion "
                     "sizes (a person's portion is a number of steps), e.g. [1, 1.5, 2]; "
                     "found [1, 1.25, 2]"),
    ("{step: 0.25, min: 0.3}", "targets.yaml, key 'recipes.portions.min': 0.3 is not a whole "
                               "number of steps of 0.25"),
    ("{step: 0.01}", "targets.yaml, key 'recipes.portions.step': a portion step of 0.01 is "
                     "finer than a cook can serve; expected at least 0.05"),
    ("{min_by_profile: {toddlers: 0.25}}", "targets.yaml, key 'recipes.portions.min_by_profile."
                                           "toddlers': unknown profile 'toddlers'; profiles "
                                           "are adult, men_19_30, men_31_50, men_51_70, "
                                           "men_71_plus, women_19_30, women_31_50, "
                                           "women_51_70, women_71_plus, pregnancy_19_30, "
                                           "pregnancy_31_50, children_4_8, boys_9_13, "
                                           "girls_9_13, boys_14_18, girls_14_18"),
])
def test_portions_in_targets_yaml(tmp_path, targets_text, portions, message):
    start = targets_text.index("  portions:\n")
    end = targets_text.index("  # Each meal's energy")
    path = tmp_path / "targets.yaml"
    path.write_text(targets_text[:start] + f"  portions: {portions}\n" + targets_text[end:],
                    encoding="utf-8")
    if message is None:
        assert load_targets(path).recipes.portions == (1.0, 1.5, 2.0)
        return
    with pytest.raises(DataError) as error:
        load_targets(path)
    assert str(error.value) == message.replace("targets.yaml", str(path), 1)


def test_meal_shares_that_ask_for_more_than_a_day(tmp_path, targets_text):
    path = tmp_path / "targets.yaml"
    path.write_text(targets_text.replace("breakfast: [0.15, 0.30]", "breakfast: [0.55, 0.60]"),
                    encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_targets(path)
    assert str(error.value) == (f"{path}, key 'recipes.meal_shares': the meals' lowest shares "
                                f"add up to more than the whole day")
