"""PuLP models for planning from recipes.  Pure: no I/O, no solving.

A *day* is one recipe at each required meal (breakfast, lunch, dinner), at most one at each
optional meal (a snack), each at a portion size the model chooses per person (a whole number
of quarter portions), plus a few single-food sides (fruit, bread, milk, a drink), each served
with one meal, to close the last gaps.  Each meal, its sides included, keeps to its share of
every person's day's energy, and no person eats more of one food in a day than its
``max_servings`` (or one portion of a recipe that has more).  The *week* is chosen from such
days by a master program that holds the weekly variety rules.

One person is a household of one: every eater has their own portions, sides, nutrient rows,
energy band and caffeine cap; a dish on the menu is shared by everyone who eats it.

Every constraint is named after the rule it enforces (``min_magnesium_mg_p1``,
``one_breakfast_p1``, ``recipe_days_<n>``), so a failed plan can say which rule it was.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field
from functools import cached_property
from typing import Collection, Mapping, Sequence

import pulp

from .data import OVER, Food, RecipeRules, TagRule, applicable
from .domain import Person
from .model import SHORTFALL_WEIGHT, Row, constraint_name, objective_weights
from .recipes import Recipe
from .shopping import Lines, ShoppingRules, catalogue_lines

# Serving again a recipe of the weeks a plan remembers (--after, --avoid and their history)
# costs, per use, about two portions' price: more than most dishes cost more than the
# cheapest, so once the nutrients are met a dish not eaten lately wins over a cheaper one
# eaten last week (at 1.5 four weeks in a row served 49 recipes, at 6 with the week's own
# repeats priced alike 60, of 174).
AVOID_WEIGHT = 6.0
# What a second use of a recipe in the week costs, per objective (about a package a shared
# ingredient would save, so sharing does not collapse the week to a few dishes): "variety" pays for new
# dishes, "coverage" only breaks ties toward them, "cost" ignores it.
REPEAT_WEIGHTS = {"coverage": 1.0, "cost": 0.0, "variety": 3.0}
# The nutrient whose shares the meals keep to (targets.yaml recipes.meal_shares).
ENERGY = "kcal"
# Passing a soft maximum (sodium), per fraction of it: a hundred times a shortfall's weight,
# so the week goes over only when no week under it exists, not for a cent's saving.
OVER_WEIGHT = 100 * SHORTFALL_WEIGHT
# Under --budget a required meal may go unplanned when the money runs out: it costs as much as
# a day entirely without one nutrient (on top of what the meal would have brought), so a
# week plans every meal it can afford first.
UNPLANNED_WEIGHT = SHORTFALL_WEIGHT
# A day's energy when the targets set no maximum: more than any day of dishes reaches.
NO_ENERGY_CAP = 20_000.0
# Falling short at all, per nutrient and person and day, on top of the share missing: without
# it a day 0.02 g short of fibre cost 50 cents and was planned rather than a dearer dish; a
# person is told of a shortfall only when the recipes really cannot close it.
SHORT_AT_ALL_WEIGHT = 20.0


@dataclass(frozen=True)
class MenuProblem:
    recipes: tuple[Recipe, ...]
    sides: tuple[Food, ...]
    rules: RecipeRules
    days: int
    eaters: tuple[Person, ...]
    objective: str = "coverage"
    seed: int | None = None
    side_max_days: tuple[int, ...] = ()           # per side food
    avoid: frozenset[int] = frozenset()            # recipes of an --avoid plan
    # --include: groups of (recipe indices, side indices); each appears at least once a week.
    include_groups: tuple[tuple[frozenset[int], frozenset[int]], ...] = ()
    budget: float | None = None                    # the whole table's food for the plan
    # --lock: day -> meal -> (recipe index, portions per eater)
    locked: Mapping[int, Mapping[str, tuple[int, tuple[float, ...]]]] = field(
        default_factory=dict)
    foods: Mapping[str, Food] = field(default_factory=dict)      # the catalogue, by name
    shopping: ShoppingRules = ShoppingRules()
    pantry: Mapping[str, float] = field(default_factory=dict)   # servings at home, by food
    minute_cost: float = 0.0    # what a minute at the stove costs the week
    # Leftovers: a recipe that keeps has a twin (the same Recipe, another index) that stands
    # for eating it from the fridge: twin index -> the recipe's own index.
    leftover_of: Mapping[int, int] = field(default_factory=dict)
    # --weeknight-minutes / --weekend-minutes: day -> most minutes at the stove.
    minute_caps: Mapping[int, float] = field(default_factory=dict)
    copies: int = 1             # --people: the menu is cooked this many times over
    # Food name -> the most servings of it one person may eat in a day (dishes and sides).
    day_servings: Mapping[str, float] = field(default_factory=dict)

    def portion_levels(self, p: int) -> tuple[float, ...]:
        """The portions eater ``p`` may have of a dish."""
        return self.rules.portion_levels(self.eaters[p].profile)

    @cached_property
    def all_portion_levels(self) -> tuple[tuple[float, ...], ...]:
        """``portion_levels`` of every eater, in order."""
        return tuple(self.portion_levels(p) for p in range(len(self.eaters)))

    @cached_property
    def hard_checks(self) -> tuple[tuple[tuple[str, float | None, float | None, float], ...],
                                   ...]:
        """Per eater: (nutrient, hard minimum, hard maximum, credit) of each nutrient a day
        must keep within, the limits a day's dishes are checked against."""
        checks = []
        for eater in self.eaters:
            rows = []
            for key, nutrient in eater.targets.items():
                low = nutrient.min if nutrient.hard else None
                high = None if nutrient.soft_max else nutrient.max
                if low is not None or high is not None:
                    rows.append((key, low, high, eater.credits.get(key, 0.0)))
            checks.append(tuple(rows))
        return tuple(checks)

    @cached_property
    def recipe_servings(self) -> tuple[dict[str, float], ...]:
        """Per recipe: servings of each food in one portion."""
        return tuple({i.food: i.grams / self.foods[i.food].grams for i in recipe.ingredients}
                     for recipe in self.recipes)

    @cached_property
    def side_slots(self) -> tuple[tuple[int, str], ...]:
        """(side, meal) pairs: a side joins one of the meals it suits."""
        meals = self.rules.all_meals
        return tuple((f, meal) for f, food in enumerate(self.sides) for meal in meals
                     if meal in food.meals)

    @cached_property
    def lines(self) -> Lines:
        """The products the recipes and sides buy (staples are never bought)."""
        used = {food.name: food for food in self.sides}
        for recipe in self.recipes:
            for item in recipe.ingredients:
                used.setdefault(item.food, self.foods[item.food])
        return catalogue_lines(used.values(), self.shopping, self.pantry)

    @cached_property
    def own_prices(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """Per recipe portion and per side serving: the price of what the column itself pays
        for (staples and products that keep, at what is used); products that spoil are paid
        in whole packages by the week."""
        of_food = self.lines.of_food
        lines = self.lines.lines

        def own(name: str, price: float | None) -> float:
            where = of_food.get(name)
            if where is not None and not lines[where[0]].keeps:
                return 0.0
            return price or 0.0

        recipes = tuple(0.0 if r in self.leftover_of else
                        sum(own(i.food, self.foods[i.food].price) * i.grams
                            / self.foods[i.food].grams for i in recipe.ingredients)
                        for r, recipe in enumerate(self.recipes))
        sides = tuple(own(food.name, food.price) for food in self.sides)
        return recipes, sides

    @cached_property
    def line_amounts(self) -> tuple[tuple[dict[int, float], ...], tuple[dict[int, float], ...]]:
        """Per recipe portion and per side serving: what each takes from each product line."""
        of_food = self.lines.of_food

        def take(pairs) -> dict[int, float]:
            amounts: dict[int, float] = {}
            for name, servings in pairs:
                where = of_food.get(name)
                if where is not None:
                    amounts[where[0]] = amounts.get(where[0], 0.0) + servings * where[1]
            return amounts

        recipes = tuple({} if r in self.leftover_of else
                        take((i.food, i.grams / self.foods[i.food].grams)
                             for i in recipe.ingredients)
                        for r, recipe in enumerate(self.recipes))
        sides = tuple(take([(food.name, 1.0)]) for food in self.sides)
        return recipes, sides

    @cached_property
    def line_limits(self) -> dict[int, float]:
        """The most of each line one day can take (every meal's richest dish at the largest
        portion for everyone, and a side at its most)."""
        recipe_lines, side_lines = self.line_amounts
        eaters = len(self.eaters)
        largest = self.rules.portions[-1] * eaters * self.copies
        limits: dict[int, float] = {}
        for meal in self.rules.all_meals:
            best: dict[int, float] = {}
            for r, recipe in enumerate(self.recipes):
                if meal in recipe.meals:
                    cooked = largest + self.rules.leftover_portions * len(self.eaters) \
                        if r in self.twins else largest
                    for n, amount in recipe_lines[r].items():
                        best[n] = max(best.get(n, 0.0), amount * cooked)
            for n, amount in best.items():
                limits[n] = limits.get(n, 0.0) + amount
        for f, food in enumerate(self.sides):
            cap = max(1, min(food.max_servings, self.rules.side_max_servings)) * eaters * self.copies
            for n, amount in side_lines[f].items():
                limits[n] = limits.get(n, 0.0) + amount * cap
        return limits

    @cached_property
    def default_line_costs(self) -> dict[int, float]:
        """Before the master prices them: a product that spoils costs what is used of it."""
        weight = self.cost_weight
        return {n: weight * line.unit_price for n, line in enumerate(self.lines.lines)
                if not line.keeps and line.price}
    # Tastes: a per-use cost per recipe (negative: liked, more of it).
    recipe_cost_adjust: Mapping[int, float] = field(default_factory=dict)
    # A swap: day -> (recipe, meal) pairs that day may not serve.
    banned: Mapping[int, frozenset[tuple[int, str]]] = field(default_factory=dict)

    @cached_property
    def _applicable(self):
        # A minimum counts dishes the whole table eats: a dish on the menu is eaten by
        # everyone who can eat it, so with a vegetarian at the table a seafood dinner would
        # need a second dinner nobody else may eat, and two seafood dinners a week would make
        # a week impossible (the plan says the rule is not applied instead).
        shared = [r for n, r in enumerate(self.recipes) if n not in self.leftover_of
                  and all(eater.eats_recipe(n) for eater in self.eaters)]
        return applicable(self.rules.tag_rules, shared, self.days)

    @cached_property
    def tag_rules(self) -> tuple[tuple[TagRule, int | None, int | None], ...]:
        """The week's count rules (tags, the diet's pattern) scaled to the plan's length:
        (rule, min, max); a minimum no recipe the whole table eats can count toward is not
        applied (fish for a vegan table), and the planner says so (``skipped_rules``)."""
        return tuple(self._applicable[0])

    @property
    def skipped_rules(self) -> tuple[TagRule, ...]:
        return tuple(self._applicable[1])

    @cached_property
    def slots(self) -> tuple[tuple[int, str], ...]:
        """(recipe, meal) pairs a day may use."""
        meals = self.rules.all_meals
        return tuple((r, meal) for r, recipe in enumerate(self.recipes) for meal in meals
                     if meal in recipe.meals
                     and (r not in self.leftover_of or meal in self.rules.leftover_meals))

    @cached_property
    def twins(self) -> dict[int, int]:
        """A recipe that keeps -> its leftover twin."""
        return {base: twin for twin, base in self.leftover_of.items()}

    @cached_property
    def pick_costs(self) -> dict[int, float]:
        """Per-use costs of a recipe beyond its price: seeded preferences and --avoid."""
        costs: dict[int, float] = {}
        if self.seed is not None:
            rng = random.Random(self.seed)
            # A nudge the size of what a dish costs, its time at the stove included: whole
            # packages make the best week a deep valley, a smaller nudge stays in it.
            prices = [(r.price or 0.0) + self.minute_cost * r.minutes for r in self.recipes]
            scale = sum(prices) / len(prices) if any(prices) else 1.0
            costs = {r: scale * rng.random() for r in range(len(self.recipes))}
        for r in self.avoid:
            costs[r] = costs.get(r, 0.0) + AVOID_WEIGHT
        for r, extra in self.recipe_cost_adjust.items():
            costs[r] = costs.get(r, 0.0) + extra
        for twin in self.leftover_of:
            costs.pop(twin, None)  # a leftover is chosen when it is cooked
        return costs

    @cached_property
    def portion_costs(self) -> dict[int, float]:
        """What a portion of each recipe that keeps costs at the default prices: what a
        leftover portion is worth before the master prices the fridge."""
        own_recipes, _ = self.own_prices
        recipe_lines, _ = self.line_amounts
        lines = self.default_line_costs
        return {base: self.copies * (self.cost_weight * own_recipes[base] + sum(
            lines.get(n, 0.0) * amount for n, amount in recipe_lines[base].items()))
            for base in self.twins}

    @property
    def cost_weight(self) -> float:
        return objective_weights(self.objective).cost

    @property
    def repeat_weight(self) -> float:
        # A week that remembers earlier ones (--after) remembers its own days too: a dish
        # cooked again this week is as stale as one from last week.
        weight = REPEAT_WEIGHTS.get(self.objective, 0.0)
        return max(weight, AVOID_WEIGHT) if self.avoid else weight

    @cached_property
    def day_types(self) -> list[tuple[int, ...]]:
        """Days that share their locks share a day model: type 0 is every unlocked day."""
        types: dict[tuple, list[int]] = {(): []}
        for day in range(1, self.days + 1):
            key = tuple(sorted(self.locked.get(day, {}).items()))
            key += (tuple(sorted(self.banned[day])),) if self.banned.get(day) else ()
            key += (("minutes", self.minute_caps[day]),) if day in self.minute_caps else ()
            types.setdefault(key, []).append(day)
        return [tuple(days) for days in types.values() if days]

    def locked_meals(self, day_type: int) -> frozenset[str]:
        """The meals the days of ``day_type`` keep from an earlier plan."""
        days = self.day_types[day_type]
        return frozenset(self.locked.get(days[0], {})) if days else frozenset()

    def minute_cap(self, day_type: int) -> float | None:
        """The most minutes at the stove the days of ``day_type`` may take (None: no cap)."""
        days = self.day_types[day_type]
        return self.minute_caps.get(days[0]) if days else None

    def banned_on(self, day_type: int) -> frozenset[tuple[int, str]]:
        """The (recipe, meal) pairs the days of ``day_type`` may not serve: a dish barred
        there is barred as a leftover too."""
        days = self.day_types[day_type]
        banned = self.banned.get(days[0], frozenset()) if days else frozenset()
        return banned | frozenset((self.twins[r], meal) for r, meal in banned
                                  if r in self.twins)

    def type_of(self, day: int) -> int:
        return next(n for n, days in enumerate(self.day_types) if day in days)


@dataclass(frozen=True)
class Column:
    """One day's menu: (recipe, meal) -> each eater's portions, (side, meal) -> each eater's
    servings."""

    dishes: tuple[tuple[tuple[int, str], tuple[float, ...]], ...]
    sides: tuple[tuple[tuple[int, str], tuple[int, ...]], ...]
    cost: float         # own price (weighted) + shortfall + per-use costs + stove, for the table
    price: float        # what the day's food costs, for everyone
    day_type: int = 0
    # What the day takes from each product line (line index, amount for the table): the
    # week buys whole packages of these.
    products: tuple[tuple[int, float], ...] = ()
    minutes: float = 0.0  # at the stove
    # Leftovers: the twins among the dishes (eaten from the fridge), and the portions cooked
    # today for later (recipe, everyone's portions).
    twins: frozenset[int] = frozenset()
    extras: tuple[tuple[int, float], ...] = ()
    # Portions eaten from the fridge today, by the recipe's own index (not its twin's).
    eaten_leftovers: tuple[tuple[int, float], ...] = ()

    @cached_property
    def recipes(self) -> frozenset[int]:
        """The recipes cooked today (a leftover is not cooked, and repeats nothing)."""
        return frozenset(r for (r, _), _ in self.dishes if r not in self.twins)

    @cached_property
    def leftover_bases(self) -> frozenset[int]:
        """The recipes eaten from the fridge today."""
        return frozenset(base for base, _ in self.eaten_leftovers)

    @cached_property
    def menu(self) -> frozenset[int]:
        """Every dish of the day as its recipe, cooked or from the fridge: two days that
        share more than ``max_shared_recipes`` of these are too alike."""
        return frozenset(self.recipes) | self.leftover_bases

    @cached_property
    def side_foods(self) -> frozenset[int]:
        return frozenset(f for (f, _), _ in self.sides)

    def proteins(self, problem: MenuProblem, meal: str) -> frozenset[str]:
        return frozenset(problem.recipes[r].protein for (r, m), _ in self.dishes
                         if m == meal and problem.recipes[r].protein and r not in self.twins)

    def rule_count(self, problem: MenuProblem, rule: TagRule) -> int:
        """Dishes of the day a weekly count rule counts, leftovers included (seafood twice a
        week counts the seafood eaten)."""
        return sum(1 for (r, _), _ in self.dishes if rule.counts(problem.recipes[r]))

    def fridge_balance(self) -> dict[int, float]:
        """Portions the day takes from the fridge, less those it puts in, by recipe."""
        net = dict(self.eaten_leftovers)
        for base, portions in self.extras:
            net[base] = net.get(base, 0.0) - portions
        return net

    @property
    def key(self) -> tuple:
        return (self.dishes, self.sides, self.day_type, self.extras)


@dataclass
class DayModel:
    prob: pulp.LpProblem
    cook: dict[tuple[int, str], pulp.LpVariable]
    share: dict[tuple[int, int, str], pulp.LpVariable]  # eater, recipe, meal -> portions
    side: dict[tuple[int, int], pulp.LpAffineExpression]        # eater, food -> servings
    side_any: dict[int, pulp.LpVariable]                         # food on the day's table
    shortfall: dict[tuple[int, str], pulp.LpVariable]
    portions: dict[int, list[pulp.LpVariable]]   # recipe -> every eater's portion variables
    servings: dict[int, list[tuple[pulp.LpVariable, float]]]  # side -> its serving steps
    base: dict[pulp.LpVariable, float]   # the rest of the day's own objective
    problem: "MenuProblem"
    extra: dict[int, list[pulp.LpVariable]] = field(default_factory=dict)  # recipe -> steps
    # eater, side, meal -> servings at that meal
    side_part: dict[tuple[int, int, str], pulp.LpAffineExpression] = field(default_factory=dict)
    # What each nutrient row enforces (model.Row), kept as it is built: the diagnosis reads it
    # instead of parsing the row's name back.
    rows: dict[str, Row] = field(default_factory=dict)

    def objective_with(self, recipe_costs: Mapping[int, float], side_costs: Mapping[int, float],
                       line_costs: Mapping[int, float] | None = None,
                       cost_scale: float = 1.0,
                       carry_costs: Mapping[int, float] | None = None
                       ) -> pulp.LpAffineExpression:
        """The day's objective plus extra costs per recipe used and per side food served
        and per unit taken from each product line (the master's dual prices; by default
        what is used of a product that spoils); ``cost_scale`` weighs money against the
        rest (a week over its budget puts money first)."""
        problem = self.problem
        line_costs = problem.default_line_costs if line_costs is None else line_costs
        if cost_scale != 1.0:
            line_costs = {n: cost * cost_scale for n, cost in line_costs.items()}
        weight = problem.cost_weight * cost_scale
        own_recipes, own_sides = problem.own_prices
        recipe_lines, side_lines = problem.line_amounts
        coefficients = dict(self.base)
        for r, variables in self.portions.items():
            per_portion = problem.copies * (weight * own_recipes[r] + sum(
                line_costs.get(line, 0.0) * amount for line, amount in recipe_lines[r].items()))
            if per_portion:
                for var in variables:
                    coefficients[var] = coefficients.get(var, 0.0) + per_portion
        # The fridge: a leftover portion costs what the master says a stored portion is
        # worth; a portion cooked for later costs its food, less that.
        carry_costs = problem.portion_costs if carry_costs is None else carry_costs
        for twin, base in problem.leftover_of.items():
            worth = carry_costs.get(base, 0.0) * cost_scale
            if worth:
                for var in self.portions.get(twin, ()):
                    coefficients[var] = coefficients.get(var, 0.0) + worth
        for base, steps in self.extra.items():
            per_portion = problem.copies * (weight * own_recipes[base] + sum(
                line_costs.get(line, 0.0) * amount
                for line, amount in recipe_lines[base].items())) \
                - carry_costs.get(base, 0.0) * cost_scale
            for var in steps:
                coefficients[var] = coefficients.get(var, 0.0) + per_portion
        for f, steps in self.servings.items():
            per_serving = problem.copies * (weight * own_sides[f] + sum(
                line_costs.get(line, 0.0) * amount for line, amount in side_lines[f].items()))
            if per_serving:
                for var, coefficient in steps:
                    coefficients[var] = coefficients.get(var, 0.0) + per_serving * coefficient
        for (r, _), var in self.cook.items():
            extra = recipe_costs.get(r)
            if extra:
                coefficients[var] = coefficients.get(var, 0.0) + extra
        for f, var in self.side_any.items():
            extra = side_costs.get(f)
            if extra:
                coefficients[var] = coefficients.get(var, 0.0) + extra
        return pulp.LpAffineExpression(list(coefficients.items()))

    def column(self, values: Mapping[pulp.LpVariable, float], problem: MenuProblem,
               day_type: int) -> Column:
        eaters = len(problem.eaters)
        dishes = []
        for (r, meal), var in self.cook.items():
            if values.get(var, 0.0) < 0.5:
                continue
            portions = []
            for p in range(eaters):
                var = self.share.get((p, r, meal))
                value = 0.0 if var is None else values.get(var, 0.0)
                levels = problem.portion_levels(p)
                portions.append(min(levels, key=lambda level: abs(level - value))
                                if value > 1e-6 else 0.0)
            dishes.append(((r, meal), tuple(portions)))
        at: dict[tuple[int, str], list[int]] = {}
        for (p, f, meal), part in self.side_part.items():
            servings = round(sum(values.get(var, 0.0) * c for var, c in part.items()))
            if servings:
                at.setdefault((f, meal), [0] * eaters)[p] = servings
        sides = [(slot, tuple(servings)) for slot, servings in at.items()]
        extras = tuple((base, float(sum(round(values.get(var, 0.0)) for var in steps)))
                       for base, steps in self.extra.items())
        return make_column(problem, tuple(sorted(dishes)), tuple(sorted(sides)), day_type,
                           tuple((base, n) for base, n in extras if n))


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


def allow_unplanned_meals(model: DayModel) -> None:
    """Under a budget, each eater's required meal may go without a dish (``one_<meal>`` gets
    a slack that costs UNPLANNED_WEIGHT): so a day exists at any budget, down to an empty one
    when nothing at all is affordable."""
    problem = model.problem
    many = len(problem.eaters) > 1
    for p, eater in enumerate(problem.eaters):
        who = f"p{p + 1}" if many else ""
        skips = {}
        for meal in problem.rules.meals:
            row = model.prob.constraints.get(constraint_name("one", meal, who=who))
            if row is None:
                continue
            skip = pulp.LpVariable(f"unplanned_{meal}_{p}", 0, 1)
            row.addInPlace(skip)
            model.base[skip] = UNPLANNED_WEIGHT
            skips[meal] = skip
        # A day without one of its meals keeps the others' minimum shares, not the maxima
        # (``meal_share_limits``); the most a day's energy can be bounds each row.
        energy = eater.targets.get(ENERGY)
        most = energy.max if energy is not None and energy.max else NO_ENERGY_CAP
        for meal, (low, high) in problem.rules.meal_shares.items():
            least = model.prob.constraints.get(constraint_name("meal_share_min", meal, who=who))
            if least is not None and meal in skips:
                least.addInPlace(low * most * skips[meal])
            top = model.prob.constraints.get(constraint_name("meal_share_max", meal, who=who))
            if top is not None and skips:
                top.addInPlace(pulp.lpSum(-(1 - high) * most * skip for skip in skips.values()))


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


def day_model(problem: MenuProblem, day_type: int = 0) -> DayModel:
    """One day's menu model for the eaters of ``problem``."""
    prob = pulp.LpProblem(f"menu_day_type{day_type}", pulp.LpMinimize)
    rules = problem.rules
    eaters = problem.eaters
    many = len(eaters) > 1
    locks = dict(problem.day_types[day_type] and problem.locked.get(
        problem.day_types[day_type][0], {}) or {})

    def who(p: int) -> str:
        return f"p{p + 1}" if many else ""

    cook = {(r, meal): pulp.LpVariable(f"cook_{r}_{meal}", cat="Binary")
            for r, meal in problem.slots}
    # A person's portions of a dish are continuous, between their smallest and the largest
    # size when the dish is cooked and 0 otherwise; the size itself is a whole number of steps
    # chosen once per person and meal, and the one dish they eat at that meal takes exactly
    # that size.  So the integers are one per person and meal, not one per dish and size:
    # quarter portions from a quarter to two cost a day no more binaries than three sizes did.
    step = rules.portion_step
    share = {(p, r, meal): pulp.LpVariable(f"share_{p}_{r}_{meal}", 0, rules.portion_max)
             for p, eater in enumerate(eaters) for r, meal in problem.slots
             if eater.eats_recipe(r)}
    for (p, r, meal), var in share.items():
        prob += var >= problem.portion_levels(p)[0] * cook[r, meal], f"share_min_{p}_{r}_{meal}"
        prob += var <= rules.portion_max * cook[r, meal], f"share_max_{p}_{r}_{meal}"
    steps_of = {(p, meal): pulp.LpVariable(f"steps_{p}_{meal}", 0,
                                           round(rules.portion_max / step), cat="Integer")
                for p in range(len(eaters)) for meal in rules.all_meals}
    side = {}
    side_use = {}
    for p, eater in enumerate(eaters):
        for f, food in enumerate(problem.sides):
            if eater.eats_side(f):
                cap = max(1, min(food.max_servings, rules.side_max_servings))
                # Servings as steps (the k-th only after the (k-1)-th), the first of them
                # saying the side is served: no big-M link, so a tighter relaxation.
                steps = [pulp.LpVariable(f"side_{p}_{f}_{k}", cat="Binary")
                         for k in range(1, cap + 1)]
                for k in range(1, cap):
                    prob += steps[k] <= steps[k - 1], f"side_step_{p}_{f}_{k}"
                side[p, f] = pulp.lpSum(steps)
                side_use[p, f] = steps[0]
    side_any = {}
    for f in range(len(problem.sides)):
        users = [side_use[p, f] for p in range(len(eaters)) if (p, f) in side_use]
        if not users:
            continue
        if not many:
            side_any[f] = users[0]
            continue
        side_any[f] = pulp.LpVariable(f"side_any_{f}", cat="Binary")
        for p_var in users:
            prob += side_any[f] >= p_var, f"side_table_{p_var.name}"
        prob += side_any[f] <= pulp.lpSum(users), f"side_served_{f}"
    # Each person's servings of a side are split over the meals it suits, in whole servings
    # (two cups of milk: one at breakfast, one at dinner), and count toward those meals'
    # shares of their day.  Whole servings per meal, not one meal per side on the table: a
    # binary per side and meal shared by the table made a family's day ten times slower.
    side_meals: dict[int, list[str]] = {}
    for f, meal in problem.side_slots:
        if f in side_any:
            side_meals.setdefault(f, []).append(meal)
    side_part: dict[tuple[int, int, str], pulp.LpAffineExpression] = {}
    for (p, f), servings in side.items():
        meals = side_meals.get(f, [])
        if len(meals) == 1:
            side_part[p, f, meals[0]] = servings
            continue
        cap = max(1, min(problem.sides[f].max_servings, rules.side_max_servings))
        parts = {meal: pulp.LpVariable(f"side_part_{p}_{f}_{meal}", 0, cap, cat="Integer")
                 for meal in meals}
        for meal, var in parts.items():
            side_part[p, f, meal] = pulp.LpAffineExpression([(var, 1.0)])
        prob += pulp.lpSum(parts.values()) == servings, f"side_meals_{p}_{f}"
    for f in side_any:
        if f not in side_meals:
            side_any[f].upBound = 0  # a side that suits none of the planned meals

    def amount(p: int, r: int, meal: str) -> pulp.LpAffineExpression:
        """Person p's portions of recipe r at meal (0 when the dish is not cooked)."""
        return pulp.LpAffineExpression([(share[p, r, meal], 1.0)])

    for meal in rules.all_meals:
        slots = [(r, m) for r, m in problem.slots if m == meal]
        required = meal in rules.meals
        for p, eater in enumerate(eaters):
            # Everyone who can eat a cooked dish has a share of it, and one dish per meal.
            plate = pulp.lpSum(cook[r, meal] for r, _ in slots if eater.eats_recipe(r))
            name = constraint_name("one", meal, who=who(p))
            prob += (plate == 1) if required else (plate <= 1), name
            prob += pulp.lpSum(share[p, r, meal] for r, _ in slots if (p, r, meal) in share) \
                == step * steps_of[p, meal], f"portion_{p}_{meal}"
    for p, eater in enumerate(eaters):
        energy = {meal: pulp.lpSum(
            [problem.recipes[r].amount(ENERGY) * share[p, r, m]
             for r, m in problem.slots if m == meal and (p, r, m) in share]
            + [problem.sides[f].amount(ENERGY) * part
               for (q, f, m), part in side_part.items() if q == p and m == meal])
            for meal in rules.all_meals}
        day = pulp.lpSum(energy.values())
        for meal, (low, high) in rules.meal_shares.items():
            if meal not in energy:
                continue
            if low > 0:
                prob += energy[meal] - low * day >= 0, \
                    constraint_name("meal_share_min", meal, who=who(p))
            if high < 1:
                prob += energy[meal] - high * day <= 0, \
                    constraint_name("meal_share_max", meal, who=who(p))
        _most_servings(problem, p, share, side, prob, who(p))
    extra: dict[int, list[pulp.LpVariable]] = {}
    for r in range(len(problem.recipes)):
        if r in problem.leftover_of:
            continue
        cooked = [cook[r, meal] for meal in rules.all_meals if (r, meal) in cook]
        twin = problem.twins.get(r)
        # Not cooked and eaten from the fridge on one day either.
        uses = cooked + [cook[twin, meal] for meal in rules.all_meals if (twin, meal) in cook]
        if len(uses) > 1:
            prob += pulp.lpSum(uses) <= 1, f"recipe_once_a_day_{r}"
        if twin is not None and cooked and rules.leftover_portions:
            # Portions cooked for later, one at a time, only when the dish is cooked today.
            steps = [pulp.LpVariable(f"extra_{r}_{k}", cat="Binary")
                     for k in range(1, rules.leftover_portions * len(eaters) + 1)]
            prob += steps[0] <= pulp.lpSum(cooked), f"extra_cooked_{r}"
            for k in range(1, len(steps)):
                prob += steps[k] <= steps[k - 1], f"extra_step_{r}_{k}"
            extra[r] = steps
        if not any(eater.eats_recipe(r) for eater in eaters):
            for var in uses:
                var.upBound = 0
    kinds: dict[str, list] = {}
    for f, var in side_any.items():
        kinds.setdefault(problem.sides[f].kind, []).append(var)
    for kind, terms in kinds.items():
        if len(terms) > 1:
            prob += pulp.lpSum(terms) <= 1, f"one_side_of_a_kind_{constraint_name('', kind)[1:]}"
    aisles: dict[str, list] = {}
    for f, var in side_any.items():
        aisles.setdefault(problem.sides[f].category, []).append(var)
    for aisle, terms in aisles.items():
        limit = rules.side_max_per_aisle.get(aisle)
        if limit is not None and len(terms) > limit:
            prob += pulp.lpSum(terms) <= limit, \
                f"sides_from_{constraint_name('', aisle)[1:]}"
    for p in range(len(eaters)):
        uses = [var for (q, _), var in side_use.items() if q == p]
        if uses:
            prob += pulp.lpSum(uses) <= rules.sides_per_day, f"sides_per_day_p{p + 1}"

    cap = problem.minute_cap(day_type)
    if cap is not None:
        # A leftover is reheated, not cooked: only fresh dishes count.
        prob += pulp.lpSum(problem.recipes[r].minutes * var for (r, _), var in cook.items()
                           if r not in problem.leftover_of) <= cap, "minutes_at_the_stove"
    # Locked meals: the same dish at the same portions as the kept plan.
    for meal, (r, portions) in locks.items():
        prob += cook[r, meal] == 1, f"locked_{meal}"
        for p, wanted in enumerate(portions):
            if (p, r, meal) in share:
                prob += share[p, r, meal] == wanted, f"locked_{meal}_p{p}"
    for slot in problem.banned_on(day_type) & cook.keys():
        cook[slot].upBound = 0

    rows: dict[str, Row] = {}

    def row(kind: str, key: str, p: int) -> str:
        name = constraint_name(kind, key, who=who(p))
        rows[name] = Row(p + 1 if many else None, None, key, kind)
        return name

    shortfall: dict[tuple[int, str], pulp.LpVariable] = {}
    short_at_all: dict[tuple[int, str], pulp.LpVariable] = {}
    for p, eater in enumerate(eaters):
        soft = eater.soft_minimums()
        for key, nutrient in eater.targets.items():
            total = pulp.lpSum(
                [problem.recipes[r].amount(key) * amount(p, r, meal)
                 for r, meal in problem.slots if eater.eats_recipe(r)]
                + [problem.sides[f].amount(key) * var for (q, f), var in side.items() if q == p])
            credit = eater.credits.get(key, 0.0)
            if key in soft:
                shortfall[p, key] = pulp.LpVariable(f"short_{p}_{key}", 0, 1)
                prob += total + soft[key] * shortfall[p, key] >= soft[key], \
                    row("min", key, p)
                short_at_all[p, key] = pulp.LpVariable(f"short_at_all_{p}_{key}", cat="Binary")
                prob += shortfall[p, key] <= short_at_all[p, key], f"short_at_all_{p}_{key}"
            elif nutrient.min and nutrient.min - credit > 0:
                prob += total >= nutrient.min - credit, row("min", key, p)
            if nutrient.max is not None and nutrient.soft_max and nutrient.max > 0:
                # A guideline (sodium): passing it costs what falling short of a target does.
                over = pulp.LpVariable(f"over_{p}_{key}", 0)
                shortfall[p, OVER + key] = over
                prob += total - nutrient.max * over <= nutrient.max - credit, \
                    row("max", key, p)
            elif nutrient.max is not None:
                prob += total <= nutrient.max - credit, row("max", key, p)

    portions: dict[int, list[pulp.LpVariable]] = {}
    for (p, r, meal), var in share.items():
        portions.setdefault(r, []).append(var)
    servings: dict[int, list[tuple[pulp.LpVariable, float]]] = {}
    for (p, f), steps in side.items():
        servings.setdefault(f, []).extend(steps.items())
    base: dict[pulp.LpVariable, float] = {}
    for (r, meal), var in cook.items():
        charge = problem.pick_costs.get(r, 0.0)
        if r not in problem.leftover_of:
            charge += problem.minute_cost * problem.recipes[r].minutes
        if charge:
            base[var] = base.get(var, 0.0) + charge
    for (_, key), var in shortfall.items():
        base[var] = OVER_WEIGHT if key.startswith(OVER) else SHORTFALL_WEIGHT
    for var in short_at_all.values():
        base[var] = SHORT_AT_ALL_WEIGHT
    model = DayModel(prob, cook, share, side, side_any, shortfall, portions, servings, base,
                     problem, extra, side_part, rows)
    prob.setObjective(model.objective_with({}, {}))
    return model


def _most_servings(problem: MenuProblem, p: int, share, side, prob: pulp.LpProblem,
                   who: str) -> None:
    """No more of one food in person p's day than ``problem.day_servings`` allows, counting
    what each dish puts in (at p's portion) and the side; a row only where the day could
    pass it."""
    if not problem.day_servings:
        return
    terms: dict[str, list] = {}
    most: dict[str, dict[str, float]] = {}   # food -> meal -> the most a dish there puts in
    for (q, r, meal), var in share.items():
        if q != p:
            continue
        for name, amount in problem.recipe_servings[r].items():
            terms.setdefault(name, []).append((var, amount))
            at = most.setdefault(name, {})
            at[meal] = max(at.get(meal, 0.0), amount * problem.rules.portion_max)
    for (q, f), servings in side.items():
        if q != p:
            continue
        name = problem.sides[f].name
        terms.setdefault(name, []).extend(servings.items())
        cap = max(1, min(problem.sides[f].max_servings, problem.rules.side_max_servings))
        most.setdefault(name, {})["side"] = float(cap)
    for name in sorted(terms):
        limit = problem.day_servings.get(name)
        if limit is None or sum(most[name].values()) <= limit + 1e-9:
            continue
        prob += pulp.lpSum(c * var for var, c in terms[name]) <= limit, \
            constraint_name("most_servings", name, who=who)


# --------------------------------------------------------------------------------------------
# The week


@dataclass
class MasterModel:
    prob: pulp.LpProblem
    choose: dict[tuple[int, int], pulp.LpVariable]  # (column, day) -> chosen
    convexity: dict[int, pulp.LpConstraint]          # day type (linear) or day (integer)
    recipe_rows: dict[int, pulp.LpConstraint]
    repeat_rows: dict[int, pulp.LpConstraint]
    side_rows: dict[int, pulp.LpConstraint]
    tag_rows: dict[tuple[int, str], pulp.LpConstraint]  # (rule, "min"/"max")
    include_rows: dict[int, pulp.LpConstraint]
    budget_row: pulp.LpConstraint | None
    artificial: list[pulp.LpVariable]
    # The shopping: per product line, its row (what the days take <= packages bought + what
    # is at home), its "bought at all" row, and the master's own package and line variables.
    line_rows: dict[int, pulp.LpConstraint] = field(default_factory=dict)
    open_rows: dict[int, pulp.LpConstraint] = field(default_factory=dict)
    packs: dict[int, pulp.LpVariable] = field(default_factory=dict)
    opened: dict[int, pulp.LpVariable] = field(default_factory=dict)
    carry_rows: dict[int, pulp.LpConstraint] = field(default_factory=dict)  # the fridge


ARTIFICIAL_COST = 1e6


def master_model(problem: MenuProblem, columns: Sequence[Column], *, integer: bool,
                 by_day: bool = True) -> MasterModel:
    """Choose the week from ``columns``.

    Linear (``integer=False``): a relaxation that forgets the order of days, for column
    generation and its bound: how many times each column is used, each recipe on at most
    ``recipe_max_days`` days, the tag rules, each side food's days, --include, --budget.
    Integer: each column at most once, and no two days sharing more than
    ``max_shared_recipes`` recipes; ``by_day`` also gives each day its own column and the
    rules that need the days' order (never a recipe on two days in a row, the dinner's
    protein changes).  Without it the days are put in order afterwards (``order_week``).
    """
    rules = problem.rules
    prob = pulp.LpProblem("menu_week", pulp.LpMinimize)
    category = "Binary" if integer else "Continuous"
    choose: dict[tuple[int, int], pulp.LpVariable] = {}
    convexity: dict[int, pulp.LpConstraint] = {}
    artificial = []
    objective = []
    if integer and by_day:
        slots = {day: problem.type_of(day) for day in range(1, problem.days + 1)}
    else:
        slots = {t: t for t in range(len(problem.day_types))}
    for slot, day_type in slots.items():
        members = [(c, column) for c, column in enumerate(columns) if column.day_type == day_type]
        for c, column in members:
            choose[c, slot] = pulp.LpVariable(f"x_{c}_{slot}", 0, 1 if integer else None,
                                              cat=category)
            objective.append(column.cost * choose[c, slot])
        size = 1 if integer and by_day else len(problem.day_types[day_type])
        filler = pulp.LpVariable(f"artificial_{slot}", 0)
        artificial.append(filler)
        objective.append(ARTIFICIAL_COST * filler)
        convexity[slot] = pulp.LpConstraint(
            pulp.lpSum(choose[c, slot] for c, _ in members) + filler, pulp.LpConstraintEQ,
            f"days_{slot}", size)
        prob += convexity[slot]

    def uses(predicate) -> pulp.LpAffineExpression:
        return pulp.lpSum(var for (c, _), var in choose.items() if predicate(columns[c]))

    recipe_rows = {}
    repeat_rows = {}
    used_recipes = sorted(set().union(*(column.recipes for column in columns)) if columns
                          else set())
    for r in used_recipes:
        count = uses(lambda column: r in column.recipes)
        recipe_rows[r] = pulp.LpConstraint(count, pulp.LpConstraintLE, f"recipe_days_{r}",
                                           rules.recipe_max_days)
        prob += recipe_rows[r]
        if problem.repeat_weight:
            extra = pulp.LpVariable(f"repeat_{r}", 0, cat="Integer" if integer else "Continuous")
            objective.append(problem.repeat_weight * extra)
            repeat_rows[r] = pulp.LpConstraint(count - extra, pulp.LpConstraintLE,
                                               f"repeat_{r}", 1)
            prob += repeat_rows[r]
    side_rows = {}
    for f in sorted(set().union(*(column.side_foods for column in columns)) if columns else ()):
        side_rows[f] = pulp.LpConstraint(uses(lambda column: f in column.side_foods),
                                         pulp.LpConstraintLE, f"side_days_{f}",
                                         problem.side_max_days[f])
        prob += side_rows[f]
    tag_rows = {}   # (rule number, "min" or "max") -> row
    for n, (rule, low, high) in enumerate(problem.tag_rules):
        count = pulp.lpSum(columns[c].rule_count(problem, rule) * var
                           for (c, _), var in choose.items())
        if low:
            # A hard rule: the filler only lets the first masters start without the days
            # that meet it (their price draws them in), and a week that needs it is none.
            missing = pulp.LpVariable(f"missing_min_{rule.key}_week", 0)
            artificial.append(missing)
            objective.append(ARTIFICIAL_COST * missing)
            tag_rows[n, "min"] = pulp.LpConstraint(count + missing, pulp.LpConstraintGE,
                                                   f"min_{rule.key}_week", low)
        if high is not None:
            tag_rows[n, "max"] = pulp.LpConstraint(count, pulp.LpConstraintLE,
                                                   f"max_{rule.key}_week", high)
    for row in tag_rows.values():
        prob += row
    include_rows = {}
    for n, (recipes, sides) in enumerate(problem.include_groups):
        filler = pulp.LpVariable(f"include_missing_{n}", 0)
        artificial.append(filler)
        objective.append(ARTIFICIAL_COST * filler)
        include_rows[n] = pulp.LpConstraint(
            uses(lambda column: bool(column.recipes & recipes or column.side_foods & sides))
            + filler, pulp.LpConstraintGE, f"include_{n}", 1)
        prob += include_rows[n]
    carry_rows = {}
    fridge: dict[int, list] = {}
    for (c, _), var in choose.items():
        for base, amount in columns[c].fridge_balance().items():
            if amount:
                fridge.setdefault(base, []).append((amount, var))
    for base in sorted(fridge):
        # What is eaten from the fridge was cooked for it (the order is the week's).
        carry_rows[base] = pulp.LpConstraint(
            pulp.lpSum(amount * var for amount, var in fridge[base]), pulp.LpConstraintLE,
            f"carry_{base}", 0)
        prob += carry_rows[base]
    # Packages in the linear master only: with whole packages the integer program is far
    # slower to solve than a local search on the exact week (menu_search._improve_week).
    # (So is the budget, a row on the till's packages: the exact week holds it as a wall.)
    line_rows, open_rows, packs, opened = ({}, {}, {}, {}) if integer else _shopping_rows(
        problem, columns, choose, prob, objective)
    budget_row = None
    if problem.budget is not None and not integer:
        # The budget is the till: whole packages of every line, after the pantry.
        filler = pulp.LpVariable("over_budget", 0)
        artificial.append(filler)
        objective.append(ARTIFICIAL_COST * filler)
        budget_row = pulp.LpConstraint(
            pulp.lpSum((problem.lines.lines[n].price or 0.0) * var for n, var in packs.items())
            - filler, pulp.LpConstraintLE, "budget", problem.budget)
        prob += budget_row
    if integer:
        _shared_rule(problem, columns, choose, prob)
    if integer and by_day:
        _ordered_rules(problem, columns, choose, prob)
    prob.setObjective(pulp.lpSum(objective))
    return MasterModel(prob, choose, convexity, recipe_rows, repeat_rows, side_rows, tag_rows,
                       include_rows, budget_row, artificial, line_rows, open_rows, packs, opened,
                       carry_rows)


def rule_counts(problem: MenuProblem, week: Sequence[Column | None]
                ) -> list[tuple[TagRule, int | None, int | None, int]]:
    """Each weekly count rule of the problem with its (min, max) and what ``week`` (None:
    a day not planned yet) has of it: the master's rows, the greedy week's prices and the
    week's value all read this one count."""
    return [(rule, low, high, sum(column.rule_count(problem, rule) for column in week
                                  if column is not None))
            for rule, low, high in problem.tag_rules]


def rules_broken(problem: MenuProblem, week: Sequence[Column]) -> float:
    """Dishes a complete week is short of its minimums or over its maximums."""
    return sum(max(0, (low or 0) - have) + (max(0, have - high) if high is not None else 0)
               for _, low, high, have in rule_counts(problem, week))


def open_limit(problem: MenuProblem, line: int) -> int:
    """Packages of a line a week can need at most: every day at the most a day can take."""
    most = problem.line_limits.get(line, 0.0)
    return math.ceil(most * problem.days / problem.lines.lines[line].size) + 1


def _shopping_rows(problem: MenuProblem, columns: Sequence[Column],
                   choose: Mapping[tuple[int, int], pulp.LpVariable], prob: pulp.LpProblem,
                   objective: list):
    """Packages of each product line the columns use, for the linear master.  A line that spoils costs its
    packages; one that keeps was paid in the columns for what they use; every line bought
    costs ``line_cost``.  The linear master buys fractional packages: its bound is the
    week's cost with packages bought by the gram."""
    lines = problem.lines.lines
    weight = problem.cost_weight
    taken: dict[int, list] = {}
    for (c, _), var in choose.items():
        for n, amount in columns[c].products:
            taken.setdefault(n, []).append((var, amount))
    line_rows, open_rows, packs, opened = {}, {}, {}, {}
    for n in sorted(taken):
        line = lines[n]
        packs[n] = pulp.LpVariable(f"packs_{n}", 0)
        line_rows[n] = pulp.LpConstraint(
            pulp.lpSum(amount * var for var, amount in taken[n]) - line.size * packs[n],
            pulp.LpConstraintLE, f"line_{n}", line.at_home)
        prob += line_rows[n]
        if not line.keeps and line.price:
            objective.append(weight * line.price * packs[n])
        if problem.shopping.line_cost:
            opened[n] = pulp.LpVariable(f"bought_{n}", 0, 1)
            most_packs = open_limit(problem, n)
            open_rows[n] = pulp.LpConstraint(packs[n] - most_packs * opened[n],
                                             pulp.LpConstraintLE, f"bought_{n}", 0)
            prob += open_rows[n]
            objective.append(problem.shopping.line_cost * opened[n])
    return line_rows, open_rows, packs, opened


def days_conflict(problem: MenuProblem, first: Column, second: Column) -> bool:
    """True when ``second`` may not follow ``first`` on the next day."""
    rules = problem.rules
    if not rules.recipe_consecutive and first.recipes & second.recipes:
        return True
    return any(first.proteins(problem, meal) & second.proteins(problem, meal)
               for meal in rules.protein_changes)


def _ordered_rules(problem: MenuProblem, columns: Sequence[Column],
                   choose: Mapping[tuple[int, int], pulp.LpVariable],
                   prob: pulp.LpProblem) -> None:
    rules = problem.rules
    by_day: dict[int, list[tuple[int, pulp.LpVariable]]] = {}
    for (c, day), var in choose.items():
        by_day.setdefault(day, []).append((c, var))
    for day in range(1, problem.days):
        pairs = by_day.get(day, []) + by_day.get(day + 1, [])
        if not rules.recipe_consecutive:
            for r in set().union(*(columns[c].recipes for c, _ in pairs)) if pairs else ():
                terms = [var for c, var in pairs if r in columns[c].recipes]
                if len(terms) > 1:
                    prob += pulp.lpSum(terms) <= 1, f"not_two_days_running_{r}_day{day}"
        for meal in rules.protein_changes:
            proteins: dict[str, list] = {}
            for c, var in pairs:
                for protein in columns[c].proteins(problem, meal):
                    proteins.setdefault(protein, []).append(var)
            for protein, terms in proteins.items():
                if len(terms) > 1:
                    prob += pulp.lpSum(terms) <= 1, \
                        f"{meal}_protein_changes_{constraint_name('', protein)[1:]}_day{day}"


def _shared_rule(problem: MenuProblem, columns: Sequence[Column],
                 choose: Mapping[tuple[int, int], pulp.LpVariable], prob: pulp.LpProblem) -> None:
    """No two days share more than ``max_shared_recipes`` recipes: each group of one more
    recipe than that is on one day at most."""
    size = problem.rules.max_shared_recipes + 1
    groups: dict[tuple[int, ...], list] = {}
    for (c, _), var in choose.items():
        for group in itertools.combinations(sorted(columns[c].menu), size):
            groups.setdefault(group, []).append(var)
    for group, terms in groups.items():
        if len(terms) > 1:
            prob += pulp.lpSum(terms) <= 1, "shared_" + "_".join(map(str, group))


@dataclass
class WeekModel:
    prob: pulp.LpProblem
    days: list[DayModel]


def week_model(problem: MenuProblem) -> WeekModel:
    """The whole week as one MIP: a day model per day and the weekly rules between them.

    The reference the benchmarks compare the planner with at equal time.  It leaves out the
    rule that no two days share more than ``max_shared_recipes`` recipes (one binary per pair
    of recipes and day would swamp it), so its bound is a bound on the planner's week and its
    weeks may break that one rule.
    """
    rules = problem.rules
    prob = pulp.LpProblem("menu_week_one_piece", pulp.LpMinimize)
    days = []
    objective = []
    for day in range(1, problem.days + 1):
        model = day_model(problem, problem.type_of(day))
        for var in model.prob.variables():
            var.name = f"d{day}_{var.name}"
        for name, row in model.prob.constraints.items():
            prob.addConstraint(row, f"{name}_day{day}")
        objective.append(model.prob.objective)
        days.append(model)

    def uses(model: DayModel, r: int) -> pulp.LpAffineExpression:
        return pulp.lpSum(var for (q, _), var in model.cook.items() if q == r)

    for r, recipe in enumerate(problem.recipes):
        count = pulp.lpSum(uses(model, r) for model in days)
        prob += count <= rules.recipe_max_days, f"recipe_days_{r}"
        if problem.repeat_weight:
            extra = pulp.LpVariable(f"repeat_{r}", 0)
            prob += count - extra <= 1, f"repeat_{r}"
            objective.append(problem.repeat_weight * extra)
        if not rules.recipe_consecutive:
            for first, second in zip(days, days[1:]):
                prob += uses(first, r) + uses(second, r) <= 1, \
                    f"not_two_days_running_{r}_{len(objective)}_{id(first) % 10**6}"
    for meal in rules.protein_changes:
        proteins = {recipe.protein for recipe in problem.recipes if recipe.protein}
        for protein in proteins:
            for n, (first, second) in enumerate(zip(days, days[1:]), start=1):
                terms = [var for model in (first, second) for (r, m), var in model.cook.items()
                         if m == meal and problem.recipes[r].protein == protein]
                if len(terms) > 1:
                    prob += pulp.lpSum(terms) <= 1, \
                        f"{meal}_protein_changes_{constraint_name('', protein)[1:]}_day{n}"
    for rule, low, high in problem.tag_rules:
        count = pulp.lpSum(var for model in days for (r, _), var in model.cook.items()
                           if rule.counts(problem.recipes[r]))
        if low:
            prob += count >= low, f"min_{rule.key}_week"
        if high is not None:
            prob += count <= high, f"max_{rule.key}_week"
    for f in range(len(problem.sides)):
        served = [model.side_any[f] for model in days if f in model.side_any]
        if served:
            prob += pulp.lpSum(served) <= problem.side_max_days[f], f"side_days_{f}"
    prob.setObjective(pulp.lpSum(objective))
    return WeekModel(prob, days)
