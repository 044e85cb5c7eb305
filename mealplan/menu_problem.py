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

import random
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

from .data import Food, RecipeRules, TagRule, applicable
from .domain import Person
from .model import SHORTFALL_WEIGHT, objective_weights
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
    # --lock of a kept leftover and the day that cooked it: day -> ((recipe, portions the
    # table eats later from that day's pot), ...), as the kept plan cooked them.
    locked_pots: Mapping[int, tuple[tuple[int, float], ...]] = field(default_factory=dict)

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

    def rule_dishes(self, rule: TagRule) -> list[int | tuple[int, str]]:
        """What a price on ``rule``'s dishes is keyed by (``dish_cost``): each recipe it
        counts, or for a rule of some meals each (recipe, meal) it counts at."""
        if not rule.meals:
            return [r for r, recipe in enumerate(self.recipes) if rule.counts(recipe)]
        return [(r, meal) for r, recipe in enumerate(self.recipes) for meal in recipe.meals
                if rule.counts_at(recipe, meal)]

    @cached_property
    def line_charges(self) -> dict[int, float]:
        """Each day's share of a product's ``line_cost``, for the search's bound: a product
        bought at all costs the week its line charge once, so the days that use it pay at
        least 1/days of it each (a product on k of the days is charged k/days of it, never
        more than once).  Nothing for what is at home (its line is not bought)."""
        if not self.shopping.line_cost or not self.days:
            return {}
        share = self.shopping.line_cost / self.days
        return {n: share for n, line in enumerate(self.lines.lines) if not line.at_home}

    @cached_property
    def routine(self) -> frozenset[int]:
        """Recipes of a routine meal (``RecipeRules.routine``): on more days of a week, days
        in a row too, and never what makes two days alike."""
        return frozenset(r for r, recipe in enumerate(self.recipes) if self.rules.routine(recipe))

    def max_days(self, r: int) -> int:
        return self.rules.max_days(self.recipes[r])

    def runs(self, r: int) -> bool:
        """Whether recipe ``r`` may be cooked on two days in a row."""
        return self.rules.runs(self.recipes[r])

    def alike(self, column: "Column") -> frozenset[int]:
        """The day's recipes that count toward ``max_shared_recipes``: its menu less the
        routine's."""
        return column.menu - self.routine

    def shared(self, first: "Column", second: "Column") -> frozenset[int]:
        """The recipes two days share that count toward ``max_shared_recipes``."""
        return self.alike(first) & self.alike(second)

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


def dish_cost(costs: Mapping, r: int, meal: str) -> float:
    """A price on serving recipe ``r`` at ``meal``: ``costs`` maps a recipe to its price at
    every meal, and (recipe, meal) to a price at that meal alone (a weekly rule that counts
    some meals); the day model, the reduced cost and the greedy week all read prices so."""
    return costs.get(r, 0.0) + costs.get((r, meal), 0.0)


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
        return sum(1 for (r, meal), _ in self.dishes
                   if rule.counts_at(problem.recipes[r], meal))

    def fridge_balance(self) -> dict[int, float]:
        """Portions the day takes from the fridge, less those it puts in, by recipe."""
        net = dict(self.eaten_leftovers)
        for base, portions in self.extras:
            net[base] = net.get(base, 0.0) - portions
        return net

    @property
    def key(self) -> tuple:
        return (self.dishes, self.sides, self.day_type, self.extras)
