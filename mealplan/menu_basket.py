"""A budget's basket: the few products a week far under its usual till cooks every day from.

Filled a day at a time, a week under a tight budget spends its money on the first days'
packages (a bag of spinach, a block of feta, a loaf) and has none left for the rest: at $75,
two days of dishes and five of nothing.  People on a budget shop the other way round: a
basket of a few cheap products, cooked into several dishes through the week.

So the basket is chosen for the whole week at once, in a model that forgets the order of the
days: how many days each recipe is served at each meal and how many servings of each side,
each person's week of nutrients in aggregate (a shortfall costs what it costs a day, times
the days), and the whole packages of every product that all of it takes, within the budget.
The products it buys are then the only ones the week may cook from (``basket_eaters``), and
the usual search plans the days from them: the order of days, the variety rules, portions,
leftovers and the exact till are its business, never this model's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Collection

import pulp

from .errors import SolverError
from .menu_problem import MenuProblem
from .solve import Resolvable

# The model's weights: a whole nutrient short for a day costs 1,000 (as in the day model),
# a main meal with no dish 3,000 (a week of breakfasts and sides can add up to the week's
# nutrients in aggregate, and is no week of meals), a dollar 1 (within the budget, money
# only breaks ties).
SHORT_WEIGHT = 1000.0
UNPLANNED_WEIGHT = 3000.0
# A work budget, not the clock, ends the search (the same basket on a busy machine); the
# time limit is the safety net.
BASKET_NODES = 400
BASKET_GAP = 0.02
ENERGY = "kcal"


def basket_lines(problem: MenuProblem, budget: float, time_limit: float
                 ) -> dict[int, int] | None:
    """The product lines (``problem.lines``) of the best week in aggregate within ``budget``,
    each with its packages, or None when the model finds none in time.  (The days a dish is
    served are not whole numbers here: only the packages need to be, and the model solves in
    half the time.)"""
    lines = problem.lines.lines
    amounts_of_recipe, amounts_of_side = problem.line_amounts
    rules = problem.rules
    people = len(problem.eaters) * problem.copies
    prob = pulp.LpProblem("basket", pulp.LpMinimize)
    cooked = [r for r in range(len(problem.recipes)) if r not in problem.leftover_of
              and any(eater.eats_recipe(r) for eater in problem.eaters)]
    # days[r, meal]: days recipe r is served at meal; portions[r, meal]: the portions all of
    # them add up to, for the table (each person within their portions on each of those days).
    days, portions = {}, {}
    low = sum(min(levels) for levels in problem.all_portion_levels)
    high = sum(max(levels) for levels in problem.all_portion_levels)
    for r in cooked:
        for meal in problem.recipes[r].meals:
            if meal not in rules.all_meals:
                continue
            days[r, meal] = pulp.LpVariable(f"days_{r}_{meal}", 0, problem.max_days(r),
                                            cat="Continuous")
            portions[r, meal] = pulp.LpVariable(f"portions_{r}_{meal}", 0)
            prob += portions[r, meal] >= low * days[r, meal], f"least_portions_{r}_{meal}"
            prob += portions[r, meal] <= high * days[r, meal], f"most_portions_{r}_{meal}"
    for r in cooked:
        served = [days[key] for key in days if key[0] == r]
        if len(served) > 1:
            prob += pulp.lpSum(served) <= problem.max_days(r), f"recipe_days_{r}"
    # A dish that keeps may be cooked for more and eaten again (not a repeat): up to
    # ``leftover_portions`` more meals for each day it is cooked.
    keeps = set(problem.leftover_of.values())
    for r in sorted(keeps & set(cooked)):
        cooked_days = [days[key] for key in days if key[0] == r]
        again = []
        for meal in rules.leftover_meals:
            if meal not in rules.all_meals or meal not in problem.recipes[r].meals:
                continue
            days[r, meal, "again"] = var = pulp.LpVariable(f"again_{r}_{meal}", 0,
                                                           cat="Continuous")
            portions[r, meal, "again"] = eaten = pulp.LpVariable(f"again_portions_{r}_{meal}", 0)
            prob += eaten >= low * var, f"least_again_portions_{r}_{meal}"
            prob += eaten <= high * var, f"most_again_portions_{r}_{meal}"
            again.append(var)
        prob += (pulp.lpSum(again) <= rules.leftover_portions * pulp.lpSum(cooked_days),
                 f"leftovers_{r}")
    unplanned = {}
    for meal in rules.all_meals:
        at_meal = [days[key] for key in days if key[1] == meal]
        if meal in rules.meals:
            unplanned[meal] = pulp.LpVariable(f"unplanned_{meal}", 0, problem.days)
            prob += pulp.lpSum(at_meal) + unplanned[meal] == problem.days, f"meal_days_{meal}"
        else:
            prob += pulp.lpSum(at_meal) <= problem.days, f"meal_days_{meal}"
    # Sides: servings over the week for the table, at most their days and daily servings.
    sides = {}
    for f, food in enumerate(problem.sides):
        if not any(eater.eats_side(f) for eater in problem.eaters):
            continue
        most = problem.side_max_days[f] if problem.side_max_days else problem.days
        sides[f] = pulp.LpVariable(f"side_{f}", 0,
                                   most * rules.side_max_servings * people)
    if sides:
        prob += (pulp.lpSum(sides.values())
                 <= problem.days * rules.sides_per_day * rules.side_max_servings * people,
                 "side_servings")
    # Each meal's dishes at most their share of the week's energy need (a week of big
    # breakfasts is no week of meals); not at least theirs, since a meal may go unplanned.
    need_energy = problem.days * problem.copies * sum(
        eater.soft_minimums().get(ENERGY, 0.0) for eater in problem.eaters)
    for meal, (_, high_share) in rules.meal_shares.items():
        at_meal = [problem.recipes[key[0]].amount(ENERGY) * var
                   for key, var in portions.items() if key[1] == meal]
        if at_meal and need_energy > 0:
            prob += pulp.lpSum(at_meal) <= high_share * need_energy, f"most_energy_{meal}"
    # What the table needs over the week, nutrient by nutrient, in aggregate.
    shortfall = []
    for key in sorted({key for eater in problem.eaters for key in eater.soft_minimums()}):
        need = problem.days * problem.copies * sum(eater.soft_minimums().get(key, 0.0)
                                                   for eater in problem.eaters)
        if need <= 0:
            continue
        short = pulp.LpVariable(f"short_{key}", 0, 1)
        supply = (pulp.lpSum(problem.recipes[r].amount(key) * var
                             for (r, *_), var in portions.items())
                  + pulp.lpSum(problem.sides[f].amount(key) * var for f, var in sides.items()))
        prob += supply + need * short >= need, f"min_{key}_week"
        shortfall.append(short)
    # Whole packages of every product used, within the budget.
    packs = {}
    for n, line in enumerate(lines):
        use = (pulp.lpSum(amounts_of_recipe[key[0]][n] * var for key, var in portions.items()
                          if n in amounts_of_recipe[key[0]])
               + pulp.lpSum(amounts_of_side[f].get(n, 0.0) * var for f, var in sides.items()
                            if n in amounts_of_side[f]))
        if not isinstance(use, pulp.LpAffineExpression) or not use.keys():
            continue
        packs[n] = pulp.LpVariable(f"packages_{n}", 0, cat="Integer")
        prob += use <= packs[n] * line.size + line.at_home, f"line_{n}"
    # A dish served at all buys a package of each of its products: the relaxation's
    # packages by the gram would let every dish look nearly free.
    for r in cooked:
        served = [var for key, var in days.items() if key[0] == r]
        most = problem.max_days(r) * (1 + (rules.leftover_portions if r in keeps else 0))
        chosen = pulp.LpVariable(f"chosen_{r}", 0, 1, cat="Binary")
        prob += pulp.lpSum(served) <= most * chosen, f"chosen_{r}"
        for n in amounts_of_recipe[r]:
            if n in packs and (lines[n].price or 0.0) > 0:
                prob += packs[n] >= chosen, f"buys_{r}_{n}"
    money = pulp.lpSum((lines[n].price or 0.0) * var for n, var in packs.items())
    prob += money <= budget, "budget"
    objective = (SHORT_WEIGHT * problem.days * pulp.lpSum(shortfall)
                 + UNPLANNED_WEIGHT * people * pulp.lpSum(unplanned.values()) + money)
    prob.setObjective(objective)
    model = Resolvable(prob)
    try:
        result = model.solve(objective, time_limit=time_limit, gap=BASKET_GAP,
                             node_limit=BASKET_NODES, need_solution=False)
    except SolverError:
        return None
    if result.status not in ("optimal", "feasible"):
        return None
    return {n: round(var.value()) for n, var in packs.items() if (var.value() or 0.0) > 0.5}


def basket_eaters(problem: MenuProblem, basket: Collection[int]) -> MenuProblem:
    """``problem`` with every person eating only the recipes and sides made of the basket's
    products (staples are at home), and the dishes the plan must keep (locked meals, foods
    asked for)."""
    of_food = problem.lines.of_food
    lines = problem.lines.lines

    def in_basket(name: str) -> bool:
        where = of_food.get(name)
        return where is None or where[0] in basket or not lines[where[0]].price

    recipes = {r for r, recipe in enumerate(problem.recipes)
               if all(in_basket(i.food) for i in recipe.ingredients)}
    sides = {f for f, food in enumerate(problem.sides) if in_basket(food.name)}
    recipes |= {r for meals in problem.locked.values() for r, _ in meals.values()}
    for group_recipes, group_sides in problem.include_groups:
        if not (group_recipes & recipes or group_sides & sides):
            recipes |= group_recipes
            sides |= group_sides
    eaters = tuple(replace(eater,
                           recipes=frozenset(recipes if eater.recipes is None
                                             else eater.recipes & recipes),
                           sides=frozenset(sides if eater.sides is None
                                           else eater.sides & sides))
                   for eater in problem.eaters)
    return replace(problem, eaters=eaters)
