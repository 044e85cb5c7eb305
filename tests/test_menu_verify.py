"""The verifier of recipe plans: every rule can fail, and is caught.

Each test breaks one rule of a real, verified two-day plan (the ``recipe_plan`` fixture) and
checks that the verifier names it.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from mealplan.menu_planner import menu_rules, prepare_menu
from mealplan.plan import MenuItem
from mealplan.planner import PlanOptions
from mealplan.verify import verify_menu

from .conftest import violations


def dish(plan, day: int, meal: str) -> list[MenuItem]:
    return [i for i in plan.days[day - 1].items if i.meal == meal and i.recipe]


def put(plan, day: int, meal: str, items: list[MenuItem]) -> None:
    """Replace the dish at ``meal`` of ``day`` by ``items`` (moved to that meal)."""
    kept = [i for i in plan.days[day - 1].items if not (i.meal == meal and i.recipe)]
    plan.days[day - 1].items = kept + [replace(i, meal=meal) for i in items]


def serve(recipes, catalogue, name: str, meal: str, portion: float = 1.0) -> list[MenuItem]:
    recipe = recipes[name]
    foods = catalogue.by_name()
    return [MenuItem(meal, i.food, i.grams * portion / foods[i.food].grams, i.grams * portion,
                     {}, recipe.name, portion) for i in recipe.ingredients]


def test_the_unbroken_plan_passes(recipe_plan, catalogue, rules):
    assert violations(recipe_plan, catalogue, rules) == []
    # And it really is a plan of dishes: every main meal of every day has one.
    for day in recipe_plan.days:
        assert {i.meal for i in day.items if i.recipe} >= {"breakfast", "lunch", "dinner"}


def test_a_recipe_on_two_days_in_a_row(plan, catalogue, rules):
    put(plan, 2, "lunch", dish(plan, 1, "lunch"))
    name = dish(plan, 1, "lunch")[0].recipe
    assert f"'{name}' is served on days 1 and 2 in a row" in violations(plan, catalogue, rules)


def test_a_recipe_on_more_days_than_allowed(plan, catalogue, rules):
    put(plan, 2, "lunch", dish(plan, 1, "lunch"))
    strict = replace(rules, recipe_rules=replace(rules.recipe_rules, recipe_max_days=1,
                                                 recipe_consecutive=True))
    name = dish(plan, 1, "lunch")[0].recipe
    assert f"'{name}' is served on 2 days, at most 1" in violations(plan, catalogue, strict)


def test_a_routine_breakfast_may_run_but_only_so_many_days(plan, catalogue, rules):
    """targets.yaml's routine: the same breakfast two mornings running, and two days that
    share it, break no rule; past the routine's days it is caught like any other dish."""
    assert rules.recipe_rules.routine_meals == {"breakfast"}
    put(plan, 2, "breakfast", dish(plan, 1, "breakfast"))
    name = dish(plan, 1, "breakfast")[0].recipe
    found = violations(plan, catalogue, rules)
    assert not [v for v in found if name in v], found
    plain = replace(rules, recipe_rules=replace(rules.recipe_rules, routine_meals=frozenset()))
    assert f"'{name}' is served on days 1 and 2 in a row" in violations(plan, catalogue, plain)
    short = replace(rules, recipe_rules=replace(rules.recipe_rules, recipe_max_days=1,
                                                routine_max_days=1))
    assert f"'{name}' is served on 2 days, at most 1" in violations(plan, catalogue, short)


def test_two_days_sharing_two_recipes(plan, catalogue, rules):
    put(plan, 2, "breakfast", dish(plan, 1, "breakfast"))
    put(plan, 2, "lunch", dish(plan, 1, "lunch"))
    loose = replace(rules, recipe_rules=replace(rules.recipe_rules, recipe_consecutive=True))
    found = violations(plan, catalogue, loose)
    assert any(v.startswith("days 1 and 2 share ") and "at most 1" in v for v in found), found


def test_the_same_dinner_protein_two_days_running(plan, catalogue, rules, small_cookbook):
    first = small_cookbook.by_name()[dish(plan, 1, "dinner")[0].recipe]
    other = next((r for r in small_cookbook.recipes if "dinner" in r.meals
                  and r.protein == first.protein and r.name != first.name), None)
    if other is None:  # give the day-2 dinner the same protein by changing the rules' book
        other = replace(small_cookbook.by_name()[dish(plan, 2, "dinner")[0].recipe],
                        protein=first.protein)
        rules = replace(rules, recipes={**rules.recipes, other.name: other})
    put(plan, 2, "dinner", serve(rules.recipes, catalogue, other.name, "dinner")
        if other.name in rules.recipes else [])
    assert (f"the dinner protein ({first.protein}) is the same on days 1 and 2"
            in violations(plan, catalogue, rules))


def test_a_weekly_tag_rule_over_its_maximum(plan, catalogue, rules):
    from mealplan.data import TagRule

    served = {i.recipe for day in plan.days for i in day.items if i.recipe}
    # Any tag a served dish carries (dairy, egg, fish ...): whichever the fixture week has.
    tag = min(set().union(*(rules.recipes[n].tags for n in served)))
    count = sum(1 for day in plan.days for n in {i.recipe for i in day.items if i.recipe}
                if tag in rules.recipes[n].tags)
    assert count, "the fixture plan should have a tagged dish"
    strict = replace(rules, recipe_rules=replace(
        rules.recipe_rules, tag_rules=(TagRule(tag, None, 0, f"no {tag}"),)))
    assert f"{count} recipes tagged '{tag}', more than 0 (no {tag})" in violations(
        plan, catalogue, strict)


def test_a_dish_missing_an_ingredient(plan, catalogue, rules):
    items = dish(plan, 1, "lunch")
    put(plan, 1, "lunch", items[1:])
    assert any(f"'{items[0].recipe}' at lunch is not the recipe (missing {items[0].food})" in v
               for v in violations(plan, catalogue, rules))


def test_an_ingredient_out_of_proportion(plan, catalogue, rules):
    items = dish(plan, 1, "dinner")
    food = catalogue.by_name()[items[0].food]
    bigger = replace(items[0], grams=items[0].grams * 1.1,
                     servings=items[0].grams * 1.1 / food.grams)
    put(plan, 1, "dinner", [bigger, *items[1:]])
    assert any(f"'{items[0].recipe}' has" in v and "its recipe gives" in v
               for v in violations(plan, catalogue, rules))


def test_a_portion_that_is_not_a_portion_size(plan, catalogue, rules, small_cookbook):
    name = dish(plan, 1, "dinner")[0].recipe
    put(plan, 1, "dinner", serve(small_cookbook.by_name(), catalogue, name, "dinner", 1.1))
    assert any(v.startswith(f"day 1: 1.1 portions of '{name}'; portions are 1 to 2 in "
                            f"steps of 0.25") for v in violations(plan, catalogue, rules))


def test_an_excluded_ingredient(plan, catalogue, rules):
    food = dish(plan, 1, "breakfast")[0].food
    found = violations(plan, catalogue, replace(rules, excluded=frozenset({food})))
    assert f"day 1: '{food}' is excluded but on the menu" in found


def test_two_dishes_at_one_meal(plan, catalogue, rules, small_cookbook):
    other = next(r for r in small_cookbook.recipes if "breakfast" in r.meals
                 and r.name != dish(plan, 1, "breakfast")[0].recipe
                 and r.name != dish(plan, 2, "breakfast")[0].recipe)
    plan.days[0].items += serve(small_cookbook.by_name(), catalogue, other.name, "breakfast")
    assert "day 1: eats 2 dishes at breakfast, expected one" in violations(plan, catalogue,
                                                                           rules)


def test_a_dish_at_a_meal_it_is_not_for(plan, catalogue, rules):
    items = dish(plan, 1, "breakfast")
    put(plan, 1, "breakfast", [])
    put(plan, 1, "snack", items)
    assert f"day 1: '{items[0].recipe}' is not a snack recipe" in violations(plan, catalogue,
                                                                              rules)


def test_an_ingredient_is_not_a_side(plan, catalogue, rules):
    garlic = catalogue.by_name()["Garlic"]
    plan.days[0].items.append(MenuItem("dinner", "Garlic", 1.0, garlic.grams))
    assert any(v.startswith("day 1: 'Garlic' is not a side")
               for v in violations(plan, catalogue, rules))


def test_more_sides_than_a_day_may_have(plan, catalogue, rules):
    foods = catalogue.by_name()
    for name in ("Apple", "Orange", "Banana", "Pear"):
        plan.days[0].items.append(MenuItem("snack", name, 1.0, foods[name].grams))
    limit = rules.recipe_rules.sides_per_day
    assert any(v.startswith("day 1: ") and v.endswith(f" sides, at most {limit}")
               for v in violations(plan, catalogue, rules))


def test_two_sides_of_one_kind(plan, catalogue, rules):
    foods = catalogue.by_name()
    for name in ("Milk, 2%", "Soy milk, unsweetened"):
        plan.days[0].items.append(MenuItem("breakfast", name, 1.0, foods[name].grams))
    found = violations(plan, catalogue, rules)
    assert any(v.startswith("day 1: ") and v.endswith("sides of the kind 'milk'; at most one")
               for v in found), found


def test_a_stated_total_that_does_not_match(plan, catalogue, rules):
    plan.days[0].totals["calcium_mg"] += 100
    assert any(v.startswith("day 1: the stated calcium_mg total")
               for v in violations(plan, catalogue, rules))


def test_an_energy_band_broken(plan, catalogue, rules):
    items = dish(plan, 1, "dinner")
    doubled = [replace(i, grams=i.grams * 8, servings=i.servings * 8, portion=8.0) for i in items]
    put(plan, 1, "dinner", doubled)
    found = violations(plan, catalogue, rules)
    assert any(v.startswith("day 1: Energy") and "is above the maximum" in v for v in found)


@pytest.fixture(scope="module")
def table(catalogue, targets, small_cookbook, tmp_path_factory):
    """A real one-day plan for a table of two, Ben vegan, and the rules it is held to."""
    from mealplan.data import load_household
    from mealplan.menu_planner import plan_menu

    from .conftest import without_sodium_cap

    targets = without_sodium_cap(targets)
    path = tmp_path_factory.mktemp("table") / "home.yaml"
    path.write_text("people:\n  - {name: Ana, profile: women_31_50}\n"
                    "  - {name: Ben, profile: men_31_50, diet: vegan}\n", encoding="utf-8")
    household = load_household(path, targets, catalogue)
    # rounds=0: the first day found; these tests break it on purpose.
    options = PlanOptions(days=1, household=household, rounds=0)
    plan = plan_menu(catalogue, targets, small_cookbook, options)
    prepared = prepare_menu(catalogue, targets, small_cookbook, options)
    return plan, menu_rules(prepared, catalogue, targets, small_cookbook, options)


@pytest.fixture
def table_plan(table):
    return copy.deepcopy(table[0])


def test_a_household_member_given_a_dish_they_do_not_eat(table, table_plan, catalogue,
                                                          small_cookbook):
    plan, rules = table_plan, table[1]
    assert verify_menu(plan, catalogue.by_name(), rules).ok
    # Every dish Ben eats is vegan; each person eats one dish at each main meal.
    for item in plan.days[0].items:
        if item.recipe and item.portions.get("Ben"):
            assert not small_cookbook.by_name()[item.recipe].tags & {
                "meat", "poultry", "fish", "shellfish", "dairy", "egg", "honey"}
    # Now say Ben does not eat an ingredient of a dish he was given.
    given = next(i for i in plan.days[0].items if i.recipe and i.portions.get("Ben"))
    ana, ben = rules.household
    strict = replace(rules, household=(ana, replace(ben, excluded=ben.excluded | {given.food})))
    found = verify_menu(plan, catalogue.by_name(), strict).violations
    assert f"day 1: Ben '{given.recipe}' has a food they do not eat" in found, found


def _shared_dish(plan) -> list[MenuItem]:
    """The items of a dish both people at the table eat."""
    for meal in ("dinner", "lunch", "breakfast"):
        items = dish(plan, 1, meal)
        if items and all(i.portions.get("Ana") and i.portions.get("Ben") for i in items):
            return items
    raise AssertionError("the fixture table shares no dish")


def test_portions_that_do_not_add_up_to_an_ingredients_servings(table, table_plan, catalogue):
    items = _shared_dish(table_plan)
    first = items[0]
    put(table_plan, 1, first.meal,
        [replace(first, portions={**first.portions, "Ana": first.portions["Ana"] * 2})]
        + items[1:])
    found = violations(table_plan, catalogue, table[1])
    assert (f"day 1: the portions of '{first.food}' in '{first.recipe}' do not add up to its "
            f"servings") in found, found


def test_a_share_out_of_proportion_between_ingredients(table, table_plan, catalogue):
    items = _shared_dish(table_plan)
    assert len(items) > 1
    # Ana gets more of the second ingredient and Ben less: each line still adds up.
    second = items[1]
    moved = second.portions["Ben"] / 2
    skewed = replace(second, portions={"Ana": second.portions["Ana"] + moved,
                                       "Ben": second.portions["Ben"] - moved})
    put(table_plan, 1, second.meal, [items[0], skewed, *items[2:]])
    found = violations(table_plan, catalogue, table[1])
    assert f"day 1: Ana's share of '{second.recipe}' is not in proportion" in found, found


def test_shares_that_do_not_add_up_to_the_dish(table, table_plan, catalogue):
    items = _shared_dish(table_plan)
    # Each line's people eat twice what it holds, in proportion: the dish's portion is short.
    doubled = [replace(i, portions={n: p * 2 for n, p in i.portions.items()},
                       servings=i.servings * 2, grams=i.grams * 2) for i in items]
    put(table_plan, 1, items[0].meal, doubled)
    portion = items[0].portion
    found = violations(table_plan, catalogue, table[1])
    assert any(v == f"day 1: the shares of '{items[0].recipe}' do not add up to its "
                    f"{portion:g} portions" for v in found), found


# ---- leftovers: cooked earlier, for enough portions, eaten within the fridge's days

def _leftover_rules(rules, recipe, fridge_days: int = 3):
    """The rules with ``recipe`` counted as a dish that keeps."""
    recipe_rules = replace(rules.recipe_rules, leftover_tags=frozenset(recipe.own_tags),
                           fridge_days=fridge_days)
    return replace(rules, recipe_rules=recipe_rules)


def _as_leftover(plan, day: int, meal: str, cooked_day: int, *, cook: float | None = None):
    """Serve day ``cooked_day``'s dinner again at ``meal`` of ``day``, as its leftover, with
    the cooking day's dish cooked for ``cook`` portions in all (None: as served).  The plan's
    own leftovers are made fresh dishes first, so only this one is tested."""
    for today in plan.days:
        today.items = [replace(i, leftover_from=None, cooked=None) for i in today.items]
    source = dish(plan, cooked_day, "dinner")
    portion = source[0].portion
    if cook is not None:
        put(plan, cooked_day, "dinner", [replace(i, cooked=cook) for i in source])
    put(plan, day, meal, [replace(i, leftover_from=cooked_day) for i in source])
    return source[0].recipe, portion


def test_a_leftover_cooked_for_passes(plan, catalogue, rules, small_cookbook):
    name, portion = _as_leftover(plan, 2, "lunch", 1, cook=None)
    put(plan, 1, "dinner", [replace(i, cooked=2 * portion) for i in dish(plan, 1, "dinner")])
    recipe = small_cookbook.by_name()[name]
    assert not [v for v in violations(plan, catalogue, _leftover_rules(rules, recipe))
                if "leftover" in v or "cooked" in v]


def test_a_leftover_never_cooked_before_is_caught(plan, catalogue, rules, small_cookbook):
    name, _ = _as_leftover(plan, 1, "lunch", 2)
    recipe = small_cookbook.by_name()[name]
    found = violations(plan, catalogue, _leftover_rules(rules, recipe))
    assert f"day 1: '{name}' (leftover from day 2) is eaten -1 days after cooking; leftovers " \
           f"keep 3 days" in found


def test_a_leftover_from_a_day_that_did_not_cook_it_is_caught(plan, catalogue, rules,
                                                            small_cookbook):
    name, _ = _as_leftover(plan, 2, "lunch", 1)
    other = next(r.name for r in small_cookbook.recipes if "dinner" in r.meals and r.name != name)
    put(plan, 1, "dinner", serve(small_cookbook.by_name(), catalogue, other, "dinner"))
    recipe = small_cookbook.by_name()[name]
    found = violations(plan, catalogue, _leftover_rules(rules, recipe))
    assert f"day 2: '{name}' (leftover from day 1) was not cooked on day 1" in found


def test_too_few_portions_cooked_is_caught(plan, catalogue, rules, small_cookbook):
    name, portion = _as_leftover(plan, 2, "lunch", 1)  # cooked only for what day 1 eats
    recipe = small_cookbook.by_name()[name]
    found = violations(plan, catalogue, _leftover_rules(rules, recipe))
    assert (f"day 1: '{name}' is cooked for {portion:g} portions, but {portion:g} are served "
            f"and {portion:g} eaten later") in found


def test_a_leftover_past_its_keeping_time_is_caught(plan, catalogue, rules, small_cookbook):
    name, portion = _as_leftover(plan, 2, "lunch", 1, cook=None)
    put(plan, 1, "dinner", [replace(i, cooked=2 * portion) for i in dish(plan, 1, "dinner")])
    recipe = small_cookbook.by_name()[name]
    # Kept two days, eaten the next: fine; with a fridge of no days at all it is not.
    strict = _leftover_rules(rules, recipe, fridge_days=1)
    assert not [v for v in violations(plan, catalogue, strict) if "keep" in v]
    strict = replace(strict, recipe_rules=replace(strict.recipe_rules, fridge_days=0))
    assert (f"day 2: '{name}' (leftover from day 1) is eaten 1 days after cooking; leftovers "
            f"keep 0 days") in violations(plan, catalogue, strict)


def test_a_dish_that_does_not_keep_is_no_leftover(plan, catalogue, rules):
    name, portion = _as_leftover(plan, 2, "lunch", 1, cook=None)
    put(plan, 1, "dinner", [replace(i, cooked=2 * portion) for i in dish(plan, 1, "dinner")])
    strict = replace(rules, recipe_rules=replace(rules.recipe_rules,
                                                 leftover_tags=frozenset({"no-such-tag"})))
    assert (f"day 2: '{name}' (leftover from day 1) is not a dish that keeps"
            in violations(plan, catalogue, strict))


# ---- the lines of the menu, the cookbook, the week's limits, the budget and the locks

def test_a_plan_of_the_wrong_length(plan, catalogue, rules):
    plan.days = plan.days[:1]
    assert "the plan has 1 days, expected 2" in violations(plan, catalogue, rules)


def test_a_food_not_in_the_catalogue(plan, catalogue, rules):
    plan.days[0].items.append(MenuItem("snack", "Moon cheese", 1.0, 30.0))
    assert "day 1: 'Moon cheese' is not in the catalogue" in violations(plan, catalogue, rules)


def test_no_servings_and_grams_that_do_not_match(plan, catalogue, rules):
    items = dish(plan, 1, "lunch")
    first, second = items[0], items[1]
    put(plan, 1, "lunch", [replace(first, servings=0.0),
                           replace(second, grams=second.grams + 5), *items[2:]])
    found = violations(plan, catalogue, rules)
    assert f"day 1: '{first.food}' has 0.0 servings" in found, found
    assert f"day 1: '{second.food}' grams do not match its servings" in found, found


def test_a_dish_not_in_the_cookbook(plan, catalogue, rules):
    items = dish(plan, 1, "dinner")
    put(plan, 1, "dinner", [replace(i, recipe="Grandma's secret stew") for i in items])
    assert ("day 1: 'Grandma's secret stew' is not a recipe of the cookbook"
            in violations(plan, catalogue, rules))


def test_an_excluded_dish(plan, catalogue, rules):
    name = dish(plan, 2, "lunch")[0].recipe
    found = violations(plan, catalogue, replace(rules, excluded_recipes=frozenset({name})))
    assert f"day 2: '{name}' is excluded but on the menu" in found


def test_a_dish_whose_lines_disagree_on_where_it_comes_from(plan, catalogue, rules):
    items = dish(plan, 2, "dinner")
    # (The fixture's day-2 dinner may be day 1's leftover: then one line says cooked today.)
    flipped = replace(items[0], leftover_from=None if items[0].leftover_from else 1)
    put(plan, 2, "dinner", [flipped, *items[1:]])
    assert (f"day 2: the ingredients of '{items[0].recipe}' disagree on where it comes from"
            in violations(plan, catalogue, rules))


def test_a_dish_without_a_portion_and_one_whose_lines_disagree_on_it(plan, catalogue, rules):
    lunch, dinner = dish(plan, 1, "lunch"), dish(plan, 1, "dinner")
    put(plan, 1, "lunch", [replace(i, portion=None) for i in lunch])
    put(plan, 1, "dinner", [replace(dinner[0], portion=dinner[0].portion + 0.25), *dinner[1:]])
    found = violations(plan, catalogue, rules)
    assert f"day 1: '{lunch[0].recipe}' has no portion" in found, found
    assert f"day 1: the ingredients of '{dinner[0].recipe}' disagree on its portion" in found


def test_a_main_meal_left_without_a_dish(plan, catalogue, rules):
    put(plan, 2, "lunch", [])
    assert "day 2: eats 0 dishes at lunch, expected one" in violations(plan, catalogue, rules)
    # Under a budget a meal may go unplanned (the plan says so), never two dishes.
    assert not [v for v in violations(plan, catalogue, replace(rules, budget=10_000.0))
                if "dishes at lunch" in v]


def test_a_side_they_do_not_eat(plan, catalogue, rules):
    side = next((i for day in plan.days for i in day.items if i.recipe is None), None)
    if side is None:
        side = MenuItem("snack", "Apple", 1.0, catalogue.by_name()["Apple"].grams)
        plan.days[0].items.append(side)
    found = violations(plan, catalogue, replace(rules, excluded=frozenset({side.food})))
    # One person: the menu's exclusion and the person's are the same rule, both named.
    day = next(d.day for d in plan.days if side in d.items)
    assert f"day {day}: has '{side.food}', which they do not eat" in found, found


def test_a_side_on_more_days_than_its_limit(plan, catalogue, rules):
    apple = catalogue.by_name()["Apple"]
    for day in plan.days:
        day.items.append(MenuItem("snack", "Apple", 1.0, apple.grams))
    found = violations(plan, catalogue, replace(rules, side_max_days={"Apple": 1}))
    assert "the side 'Apple' is served on 2 days, at most 1" in found, found


def test_a_food_asked_for_and_missing(plan, catalogue, rules):
    found = violations(plan, catalogue,
                       replace(rules, include_groups=(frozenset({"Kale", "Moon cheese"}),)))
    eaten = {i.food for day in plan.days for i in day.items}
    assert "Kale" not in eaten
    assert ("none of Kale, Moon cheese is on the menu, though the plan was to include one"
            in found), found


def test_a_shopping_list_over_the_budget(plan, catalogue, rules):
    spent = sum(item.cost or 0.0 for item in plan.shopping_list())
    assert spent > 1
    found = violations(plan, catalogue, replace(rules, budget=1.0))
    assert (f"the shopping costs ${spent:,.2f} at the till, over the budget of $1.00"
            in found), found
    assert not [v for v in violations(plan, catalogue, replace(rules, budget=spent))
                if "budget" in v]


def test_a_locked_meal_that_is_another_dish_or_another_portion(plan, catalogue, rules):
    dinner = dish(plan, 1, "dinner")
    name, portion = dinner[0].recipe, dinner[0].portion
    other = next(n for n in rules.recipes if n != name)
    kept = replace(rules, locked={1: {"dinner": (name, (portion,))}})
    assert not [v for v in violations(plan, catalogue, kept) if "locked" in v]
    moved = replace(rules, locked={1: {"dinner": (other, (portion,))}})
    assert f"day 1: dinner is not the locked '{other}'" in violations(plan, catalogue, moved)
    bigger = replace(rules, locked={1: {"dinner": (name, (portion + 0.25,))}})
    assert (f"day 1: dinner is the locked '{name}' at {portion:g} portions, not the kept "
            f"{portion + 0.25:g}") in violations(plan, catalogue, bigger)


def test_a_locked_portion_at_a_table(table, table_plan, catalogue):
    items = _shared_dish(table_plan)
    plan, rules = table_plan, table[1]
    meal, name = items[0].meal, items[0].recipe
    served = {}
    for person in rules.household:
        item = items[0]
        grams = rules.recipes[name].ingredients
        wanted = next(i.grams for i in grams if i.food == item.food)
        served[person.name] = item.portions[person.name] * catalogue.by_name()[item.food].grams \
            / wanted
    portions = tuple(served[p.name] for p in rules.household)
    kept = replace(rules, locked={1: {meal: (name, portions)}})
    assert not [v for v in violations(plan, catalogue, kept) if "locked" in v]
    swapped = replace(rules, locked={1: {meal: (name, portions[::-1])}})
    if portions[0] != portions[1]:
        assert any(v.startswith(f"day 1: {meal} is the locked '{name}' at ")
                   for v in violations(plan, catalogue, swapped))
    bigger = replace(rules, locked={1: {meal: (name, (portions[0] + 0.25, portions[1]))}})
    assert any(v.startswith(f"day 1: {meal} is the locked '{name}' at ")
               and v.endswith(f"not the kept {portions[0] + 0.25:g} + {portions[1]:g}")
               for v in violations(plan, catalogue, bigger))
