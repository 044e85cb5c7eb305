"""The single-food problem (foods, targets, rules, the week's requests), its day menus
(Column) and the names every constraint carries."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping, NamedTuple, Sequence

from ..data import Food, Nutrient, PlannerSettings
from ..domain import Person

# A day that misses a soft target by 100 % costs this much in the objective: far above any
# day's cost or variety terms, so full coverage always comes first.
SHORTFALL_WEIGHT = 1000.0


OBJECTIVES = ("coverage", "cost", "variety")


# What serving a food again at the same meal as in an --avoid plan costs (about a serving's
# price), so a new week prefers new combinations without paying much for them.
AVOID_WEIGHT = 0.5


@dataclass(frozen=True)
class Weights:
    cost: float
    repeat: float


def objective_weights(objective: str) -> Weights:
    """How the three objectives trade cost against repeating a food on another day.

    Shortfall is always weighted by SHORTFALL_WEIGHT; these weights order what comes after.
    """
    if objective == "cost":
        return Weights(cost=1.0, repeat=0.001)
    if objective == "variety":
        return Weights(cost=0.01, repeat=1.0)
    return Weights(cost=1.0, repeat=0.0)


@dataclass(frozen=True)
class Problem:
    """Everything a model needs: the allowed foods, per-day targets and the planner rules."""

    foods: tuple[Food, ...]
    targets: Mapping[str, Nutrient]
    settings: PlannerSettings
    days: int
    credits: Mapping[str, float] = field(default_factory=dict)
    objective: str = "coverage"
    seed: int | None = None
    # --avoid: meals of an earlier plan (meal, food indices) that must not come back whole, and
    # the (food, meal) pairs that cost AVOID_WEIGHT each time they recur.
    avoid_meals: tuple[tuple[str, frozenset[int]], ...] = ()
    avoid_pairs: frozenset[tuple[int, str]] = frozenset()
    # --include: each group of foods (one term's matches) appears at least once in the week.
    include_groups: tuple[frozenset[int], ...] = ()
    # --budget: what the whole plan's shopping may cost at the till: whole packages, for all
    # ``people`` (or the household), after what is at home (``pantry``: servings by food).
    budget: float | None = None
    people: int = 1
    pantry: Mapping[int, float] = field(default_factory=dict)
    # --lock: day number -> meal -> {food index: servings of each eater} kept exactly from an
    # earlier plan (a one-person plan has one eater; 0 servings: that person skips the dish).
    locked: Mapping[int, Mapping[str, Mapping[int, tuple[int, ...]]]] = field(
        default_factory=dict)
    # --household: the people sharing the menu, each with their own targets and foods.  Empty
    # for a one-person plan, whose eater is ``targets`` and ``credits``.
    household: tuple[Person, ...] = ()

    @cached_property
    def eaters(self) -> tuple[Person, ...]:
        return self.household or (Person(targets=self.targets, credits=self.credits),)

    @cached_property
    def day_types(self) -> list[tuple[int, ...]]:
        """Days that share their locks share a day model: type 0 is every unlocked day."""
        types: dict[tuple, list[int]] = {(): []}
        for day in range(1, self.days + 1):
            key = tuple(sorted((meal, i, k) for meal, foods in self.locked.get(day, {}).items()
                               for i, k in foods.items()))
            types.setdefault(key, []).append(day)
        return [tuple(days) for days in types.values() if days or not self.locked]

    def type_key(self, day: int) -> int:
        for n, days in enumerate(self.day_types):
            if day in days:
                return n
        raise KeyError(day)

    @property
    def weights(self) -> Weights:
        return objective_weights(self.objective)

    @cached_property
    def shopping_lines(self) -> list[ShoppingLine]:
        """How each food is bought, as the shopping list buys it (plan.Plan.shopping_list):
        foods with a package weight as grams of their product (all forms of eggs on one
        line), others by the serving."""
        lines = []
        for food in self.foods:
            if food.package_grams:
                per = food.grams * food.product_ratio
                price = (food.package_price if food.package_price is not None
                         else (food.price or 0.0) * food.package_grams / per)
                lines.append(ShoppingLine(("g", (food.product or food.name).casefold()), per,
                                          food.package_grams, price))
            else:
                size = food.package_servings or 1.0
                lines.append(ShoppingLine(("servings", food.name), 1.0, size,
                                          (food.price or 0.0) * size))
        return lines

    def serving_price(self, index: int) -> float:
        """What a serving of food ``index`` costs at the till's package price."""
        line = self.shopping_lines[index]
        return line.price * line.per_serving / line.size

    @cached_property
    def pantry_value(self) -> float:
        return sum(self.serving_price(i) * servings for i, servings in self.pantry.items())

    @property
    def eaten_budget(self) -> float | None:
        """What the menu's food (Column.money, at package prices) may cost at most for a till
        bill within the budget: the bill is at least the food eaten less what the pantry
        supplies, so this is a relaxation the linear master can price with."""
        if self.budget is None:
            return None
        return (self.budget + self.pantry_value) / self.people

    def line_amounts(self, columns: Sequence["Column"]) -> dict[tuple[str, str], float]:
        """What the days need of each shopping line (grams of product, or servings), for
        everyone."""
        needed: dict[tuple[str, str], float] = {}
        for column in columns:
            for (i, _), portions in column.servings.items():
                line = self.shopping_lines[i]
                needed[line.key] = (needed.get(line.key, 0.0)
                                    + sum(portions) * self.people * line.per_serving)
        return needed

    @cached_property
    def pantry_lines(self) -> dict[tuple[str, str], float]:
        at_home: dict[tuple[str, str], float] = {}
        for i, servings in self.pantry.items():
            line = self.shopping_lines[i]
            at_home[line.key] = at_home.get(line.key, 0.0) + servings * line.per_serving
        return at_home

    def till_cost(self, columns: Sequence["Column"]) -> float:
        """What the week's shopping costs at the till: whole packages of what everyone eats,
        after the pantry, each line rounded up once over the week."""
        lines = {line.key: line for line in self.shopping_lines}
        return sum(_packages(amount - self.pantry_lines.get(key, 0.0), lines[key].size)
                   * lines[key].price for key, amount in self.line_amounts(columns).items())

    def max_days(self, index: int) -> int:
        food = self.foods[index]
        limit = food.max_days if food.max_days is not None else self.settings.max_days_per_food
        return min(limit, self.days)

    def repeat_penalised(self, index: int) -> bool:
        # A food given its own max_days (milk, coffee, bread) is a staple meant to recur.
        return self.foods[index].max_days is None

    def soft_minimums(self) -> dict[str, float]:
        """Nutrients with a minimum the menu itself must supply, after credits."""
        return self.eaters[0].soft_minimums()

    @cached_property
    def pick_costs(self) -> dict[tuple[int, str], float]:
        """Costs of serving food i at a meal beyond its price: the seeded preferences that steer
        ties toward a different, equally valid menu, and the --avoid penalty."""
        costs: dict[tuple[int, str], float] = {}
        if self.seed is not None:
            rng = random.Random(self.seed)
            prices = [food.price or 0.0 for food in self.foods]
            scale = 0.15 * (sum(prices) / len(prices) if prices and any(prices) else 1.0)
            costs = {(i, meal): scale * rng.random() for i, food in enumerate(self.foods)
                     for meal in self.settings.meal_names if meal in food.meals}
        for pair in self.avoid_pairs:
            costs[pair] = costs.get(pair, 0.0) + AVOID_WEIGHT
        return costs


@dataclass(frozen=True)
class ShoppingLine:
    key: tuple[str, str]  # ("g", product) or ("servings", food)
    per_serving: float    # grams of product (or servings) a serving of the food takes
    size: float           # a package, in the same unit
    price: float          # a package's price


def _packages(needed: float, size: float) -> int:
    # The shopping list's rule (plan.Plan.shopping_list): a hair of tolerance so 14.000000001
    # servings of a 14-serving pack is one pack.
    return math.ceil(needed / size - 1e-9) if needed > 1e-9 else 0


class Row(NamedTuple):
    """What a named constraint of the day model enforces, kept when it is built so that a
    diagnosis reads it instead of parsing the name back."""

    person: int | None   # 1-based, as in the name (_p1); None: the one person, or everyone
    day: int | None
    nutrient: str | None  # the nutrient key of a target row
    kind: str             # min, max, kcal_share_min, kcal_share_max, eats


def constraint_name(kind: str, key: str, day: int | None = None, who: str = "") -> str:
    """``min_magnesium_mg_day3``; in a household ``min_magnesium_mg_p1_day3`` (person 1)."""
    safe = re.sub(r"[^A-Za-z0-9_]", "_", key)
    return f"{kind}_{safe}" + (f"_{who}" if who else "") + (
        f"_day{day}" if day is not None else "")


def kind_slug(kind: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", kind).strip("_") or "food"


@dataclass(frozen=True)
class Column:
    """One day's menu as the master sees it."""

    servings: Mapping[tuple[int, str], tuple[int, ...]]  # food at meal -> each eater's servings
    cost: float  # the day's own objective: shortfall penalty + cost + seeded preferences
    foods: frozenset[int]
    money: float = 0.0  # what the day's food costs
    day_type: int = 0   # which day model made it (see Problem.day_types)

    @property
    def pattern(self) -> frozenset[tuple[int, str]]:
        """Which food at which meal, servings aside: what makes two days look the same."""
        return frozenset(self.servings)
