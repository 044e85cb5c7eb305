"""A recipe day's menu checked and priced without a solver: the tally of a day's dishes
and sides that the day model's hard rules read (energy shares, a food's day limit,
portions), and a day menu made into a Column with its cost."""

from __future__ import annotations

import math
from typing import Collection, Mapping

from .menu_problem import (ENERGY, OVER_WEIGHT, SHORT_AT_ALL_WEIGHT, UNPLANNED_WEIGHT, Column,
                           MenuProblem)
from .model import SHORTFALL_WEIGHT


def column_allowed(problem: MenuProblem, dishes, sides, day_type: int | None = None) -> bool:
    """The day's hard rules, checked from the data: each eater's portions, energy band, upper
    limits and caps, the meals' shares of their energy, the most of one food a day, one dish
    at each required meal, and the minutes at the stove of ``day_type``'s days.  (Variants of
    a priced day are checked here before they join the pool.)"""
    return DayTally(problem, dishes, sides).allowed(day_type)


class DayTally:
    """What a day's dishes and sides add up to for each eater (the nutrients with a hard
    limit, each meal's energy, servings of each food) and the minutes at the stove.  A
    one-dish swap tallies the day's other dishes once and checks each candidate dish on top
    (``allowed(day_type, extra)``): the same rules as ``column_allowed``, without adding the
    whole day up again for every recipe of the catalogue."""

    def __init__(self, problem: MenuProblem, dishes=(), sides=()):
        self.problem = problem
        self.minutes = 0.0
        self.bad_portion = False
        self.totals = [[credit for _, _, _, credit in checks] for checks in problem.hard_checks]
        shares = problem.rules.meal_shares
        self.meals = [dict.fromkeys(shares, 0.0) for _ in problem.eaters]
        self.energy = [0.0] * len(problem.eaters)
        self.eaten: list[dict[str, float]] = [{} for _ in problem.eaters]
        self.fed: list[set[str]] = [set() for _ in problem.eaters]  # meals with a dish
        for (r, meal), portions in dishes:
            self._add(problem.recipes[r], meal, portions, problem.recipe_servings[r],
                      r not in problem.leftover_of)
            for p, portion in enumerate(portions):
                if portion:
                    self.fed[p].add(meal)
            self.bad_portion = self.bad_portion or self._off_level(portions)
        for (f, meal), servings in sides:
            self._add(problem.sides[f], meal, servings, {problem.sides[f].name: 1.0}, False)
        limits = problem.day_servings
        # Once, not per candidate dish: whether these dishes alone already eat too much of a
        # food (a candidate only adds to it).
        self.over_servings = bool(limits) and any(
            total > limits.get(name, math.inf) + 1e-6
            for eaten in self.eaten for name, total in eaten.items())

    def _off_level(self, portions) -> bool:
        return any(portions[p] and not any(abs(portions[p] - level) < 1e-9 for level in levels)
                   for p, levels in enumerate(self.problem.all_portion_levels))

    def _add(self, dish, meal: str, amounts, servings: Mapping[str, float], cooked: bool) -> None:
        if cooked:
            self.minutes += dish.minutes
        for p, checks in enumerate(self.problem.hard_checks):
            amount = amounts[p]
            if not amount:
                continue
            totals = self.totals[p]
            for n, (key, _, _, _) in enumerate(checks):
                totals[n] += dish.amount(key) * amount
            kcal = dish.amount(ENERGY) * amount
            self.energy[p] += kcal
            if meal in self.meals[p]:
                self.meals[p][meal] += kcal
            eaten = self.eaten[p]
            for name, per_portion in servings.items():
                eaten[name] = eaten.get(name, 0.0) + per_portion * amount

    def allowed(self, day_type: int | None = None, extra=None) -> bool:
        """The rules on this day, with ``extra`` ((recipe, meal), portions) added when given."""
        problem = self.problem
        dish = meal = servings = None
        minutes = self.minutes
        if self.bad_portion or self.over_servings:
            return False
        if extra is not None:
            (r, meal), portions = extra
            if self._off_level(portions):
                return False
            dish, servings = problem.recipes[r], problem.recipe_servings[r]
            if r not in problem.leftover_of:
                minutes += dish.minutes
        cap = None if day_type is None else problem.minute_cap(day_type)
        if cap is not None and minutes > cap + 1e-9:
            return False
        shares = problem.rules.meal_shares
        limits = problem.day_servings
        for p, checks in enumerate(problem.hard_checks):
            amount = extra[1][p] if extra is not None else 0.0
            totals = self.totals[p]
            for n, (key, low, high, _) in enumerate(checks):
                total = totals[n] + (dish.amount(key) * amount if amount else 0.0)
                if low is not None and total < low - 1e-6:
                    return False
                if high is not None and total > high + 1e-6:
                    return False
            if shares:
                kcal = dish.amount(ENERGY) * amount if amount else 0.0
                day = self.energy[p] + kcal
                fed = (self.fed[p] | {meal}) if amount else self.fed[p]
                for name, (low, high) in meal_share_limits(problem, fed).items():
                    at = self.meals[p][name] + (kcal if name == meal else 0.0)
                    if not low * day - 1e-6 <= at <= high * day + 1e-6:
                        return False
            if limits and amount:
                eaten = self.eaten[p]
                if any(eaten.get(name, 0.0) + per_portion * amount
                       > limits.get(name, math.inf) + 1e-6
                       for name, per_portion in servings.items()):
                    return False
        return True


def make_column(problem: MenuProblem, dishes, sides, day_type: int, extras=()) -> Column:
    """A column with its cost computed from the data (not read back from a solver)."""
    price = 0.0
    own = 0.0
    penalty = 0.0
    minutes = 0.0
    own_recipes, own_sides = problem.own_prices
    recipe_lines, side_lines = problem.line_amounts
    products: dict[int, float] = {}
    cooked = dict(extras)
    for (r, _), portions in dishes:
        if r in problem.leftover_of:
            continue  # cooked (and paid for) on the day it was cooked
        recipe = problem.recipes[r]
        total = sum(portions) + cooked.get(r, 0.0)
        price += (recipe.price or 0.0) * total
        own += own_recipes[r] * total * problem.copies
        penalty += problem.pick_costs.get(r, 0.0)
        minutes += recipe.minutes
        for line, amount in recipe_lines[r].items():
            products[line] = products.get(line, 0.0) + amount * total * problem.copies
    for (f, _), servings in sides:
        price += (problem.sides[f].price or 0.0) * sum(servings)
        own += own_sides[f] * sum(servings) * problem.copies
        for line, amount in side_lines[f].items():
            products[line] = products.get(line, 0.0) + amount * sum(servings) * problem.copies
    shortfall = 0.0
    for p, eater in enumerate(problem.eaters):
        for key, need in eater.soft_minimums().items():
            total = sum(problem.recipes[r].amount(key) * portions[p]
                        for (r, _), portions in dishes)
            total += sum(problem.sides[f].amount(key) * servings[p]
                         for (f, _), servings in sides)
            if total < need * (1 - 1e-6):
                shortfall += (need - total) / need
                penalty += SHORT_AT_ALL_WEIGHT
        for key, nutrient in eater.targets.items():
            if nutrient.soft_max and nutrient.max:
                total = eater.credits.get(key, 0.0) + sum(
                    problem.recipes[r].amount(key) * portions[p] for (r, _), portions in dishes)
                total += sum(problem.sides[f].amount(key) * servings[p]
                             for (f, _), servings in sides)
                if total > nutrient.max:
                    shortfall += OVER_WEIGHT / SHORTFALL_WEIGHT * (total - nutrient.max) \
                        / nutrient.max
    cost = (problem.cost_weight * own + SHORTFALL_WEIGHT * shortfall + penalty
            + problem.minute_cost * minutes
            + UNPLANNED_WEIGHT * len(unplanned_meals(problem, dishes)))
    twins = frozenset(r for (r, _), _ in dishes if r in problem.leftover_of)
    eaten: dict[int, float] = {}
    for (r, _), portions in dishes:
        if r in twins:
            base = problem.leftover_of[r]
            eaten[base] = eaten.get(base, 0.0) + sum(portions)
    return Column(dishes, sides, cost, price, day_type, tuple(sorted(products.items())),
                  minutes, twins, tuple(sorted(extras)), tuple(sorted(eaten.items())))


def unplanned_meals(problem: MenuProblem, dishes) -> list[tuple[int, str]]:
    """(eater, meal) of each required meal an eater has no dish at (only a budget allows it)."""
    if problem.budget is None:
        return []
    return [(p, meal) for p in range(len(problem.eaters)) for meal in problem.rules.meals
            if not any(m == meal and portions[p] for (_, m), portions in dishes)]


def meal_share_limits(problem: MenuProblem, fed: Collection[str]
                      ) -> dict[str, tuple[float, float]]:
    """Each meal's share of a person's day (its least and most), on a day they have a dish at
    each meal of ``fed``.  The shares are of a day of all its meals: on a day a budget left
    without one, the meals it has keep their minimums and the maxima lapse (breakfast and
    dinner carry the day), and the missing meal has none."""
    shares = problem.rules.meal_shares
    if problem.budget is None or all(meal in fed for meal in problem.rules.meals):
        return dict(shares)
    return {meal: (0.0 if meal in problem.rules.meals and meal not in fed else low, 1.0)
            for meal, (low, high) in shares.items()}
