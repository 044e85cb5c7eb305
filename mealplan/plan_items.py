"""What a plan is made of: its menu items and days, the people it feeds, what it keeps about
each food and recipe, its shopping lines and shortfalls, and how it shows an amount.

The Plan itself (plan.py) holds these; plan_json.py writes and reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .data import Food, Nutrient


@dataclass(frozen=True)
class MenuItem:
    meal: str
    food: str
    servings: float  # for a household: everyone's portions together
    grams: float
    # Household plans: person -> their servings of this dish (a person who does not eat the
    # food is left out).  Empty for a one-person plan.
    portions: dict[str, float] = field(default_factory=dict, hash=False, compare=True)
    # Recipe plans: the dish this ingredient belongs to and how many portions of it are served
    # (everyone's together).  None for a single food (a side, or a food-level plan).
    recipe: str | None = None
    portion: float | None = None
    # Leftovers: the day this dish was cooked, when it is eaten from the fridge; and on the
    # day it is cooked with more than it serves, the portions cooked in all (everyone's).
    leftover_from: int | None = None
    cooked: float | None = None

    @property
    def bought_factor(self) -> float:
        """How much of this item the shopping buys: none of a leftover (it was bought for
        the day it was cooked), all that was cooked of a dish cooked for later too."""
        if self.leftover_from is not None:
            return 0.0
        if self.cooked and self.portion:
            return self.cooked / self.portion
        return 1.0


@dataclass
class DayPlan:
    day: int
    items: list[MenuItem]
    totals: dict[str, float]  # from the menu alone; credits are kept apart
    # Household plans: person -> what their portions give them.
    person_totals: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class RecipeInfo:
    """What a plan keeps about each recipe it serves, to show and check the dish."""

    meals: list[str]
    minutes: int
    method: str
    ingredients: dict[str, float]  # food -> grams per one-person portion
    tags: list[str] = field(default_factory=list)
    protein: str | None = None


def _targets_to_dict(targets: Mapping[str, Nutrient]) -> dict[str, Any]:
    return {key: {"label": n.label, "unit": n.unit, "min": n.min, "max": n.max, "hard": n.hard,
                  **({"section": n.section} if n.section else {}),
                  **({"soft_max": True} if n.soft_max else {})}
            for key, n in targets.items()}


@dataclass(frozen=True)
class FoodInfo:
    """What a plan keeps about each food it uses, for shopping and display."""

    category: str
    serving: str
    grams: float
    price: float | None
    package: str
    package_servings: float
    kcal: float | None = None  # per serving, to show a dish's energy
    # What a shopper buys (plan files before these keys read as: the food itself, by servings).
    # Foods sharing a product (hard-boiled and raw eggs) are one shopping line, in grams of
    # product = grams eaten * product_ratio; without package_grams a food is bought by servings.
    product: str = ""  # empty: the food itself
    product_ratio: float = 1.0
    package_grams: float | None = None
    package_price: float | None = None
    keeps_days: int | None = None  # once opened; None: unknown (taken to spoil)
    freezer_days: int | None = None  # frozen the day it is bought; None: not frozen

    @classmethod
    def of(cls, food: Food) -> "FoodInfo":
        return cls(food.category, food.serving, food.grams, food.price, food.package,
                   food.package_servings, food.nutrients.get("kcal"), food.product,
                   food.product_ratio, food.package_grams, food.package_price,
                   food.keeps_days, food.freezer_days)


@dataclass(frozen=True)
class ShoppingItem:
    """One line of the shopping list: a product sold by weight, or a food sold by servings.

    ``unit`` says which: "g" (grams of product; ``package_grams`` set) or "servings" (of
    ``food``; ``package_servings`` per package).  ``needed``, ``from_pantry`` and ``leftover``
    are in that unit; ``servings`` is what the menu serves of all the line's foods together.
    """

    food: str  # the line's name: its product ("Eggs"), or the food bought by servings
    category: str
    servings: float
    packages: int
    package: str
    package_servings: float | None  # None for a line bought by weight
    cost: float | None  # what the whole packages cost
    from_pantry: float = 0.0  # taken from what is at home, in ``unit``
    leftover: float = 0.0     # left after the week (pantry and opened packages), in ``unit``
    unit: str = "servings"
    needed: float = 0.0       # everyone's week, before the pantry, in ``unit``
    grams: float | None = None  # grams of product eaten (a line bought by weight)
    package_grams: float | None = None
    packages_used: float = 0.0  # how many packages' worth the week takes from those bought
    # the menu's foods on this line (forms of the product)
    foods: list[str] = field(default_factory=list, hash=False)
    keeps_days: int | None = None  # how long an opened package keeps; None: unknown
    spoils: bool = False           # what is left over will not keep until next week
    frozen: bool = False           # what is left keeps because it is frozen when bought

    @property
    def package_size(self) -> float:
        """One package in ``unit``."""
        return (self.package_grams if self.unit == "g" else self.package_servings) or 1.0

    @property
    def used_percent(self) -> float | None:
        """Share of the bought packages the week uses (None when nothing is bought)."""
        return 100 * self.packages_used / self.packages if self.packages else None


@dataclass(frozen=True)
class Shortfall:
    """A soft target the plan could not reach, with what might have covered it."""

    nutrient: str
    label: str
    unit: str
    target: float
    missing: dict[int, float]  # day -> amount short
    helpers: list[str] = field(default_factory=list)  # excluded or capped foods rich in it
    person: str | None = None  # whose target, in a household plan
    over: bool = False  # a soft maximum passed: ``missing`` is how far above it

    def describe(self) -> str:
        days = ", ".join(str(day) for day in sorted(self.missing))
        worst = max(self.missing.values())
        if self.over:
            whose = f"{self.person}: " if self.person else ""
            return (f"{whose}{self.label} is above its limit of {_amount(self.target)} "
                    f"{self.unit} on day{'s' if len(self.missing) > 1 else ''} {days}, by up "
                    f"to {_amount(worst)} {self.unit}")
        reached = 100 * (self.target - worst) / self.target
        whose = f"{self.person}: " if self.person else ""
        text = (f"{whose}{self.label} is short on day{'s' if len(self.missing) > 1 else ''} {days} "
                f"by up to {_amount(worst)} {self.unit} (lowest day reaches {reached:.0f} % of "
                f"{_amount(self.target)} {self.unit})")
        if self.helpers:
            text += "; foods that would help: " + ", ".join(self.helpers)
        return text


def wasted_cost(items: list[ShoppingItem]) -> float | None:
    """What ``items`` leave over of food that will not keep until next week (None: a price
    is unknown)."""
    if any(item.cost is None for item in items):
        return None
    return sum((item.cost or 0.0) * (1 - item.packages_used / item.packages)
               for item in items if item.spoils and item.packages)


def _amount(value: float) -> str:
    return format_amount(value)


def format_amount(value: float) -> str:
    """A nutrient amount as the coverage table shows it: whole numbers from 100, one decimal
    from 10, two below (1,234; 45.6; 1.2; 0.05)."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def rounded_as_shown(value: float) -> float:
    """``value`` rounded the way format_amount shows it."""
    return round(value) if abs(value) >= 100 else round(value, 1 if abs(value) >= 10 else 2)


def menu_totals(items: list[MenuItem], foods: Mapping[str, Food]) -> dict[str, float]:
    """Nutrient totals of a day's menu, straight from the catalogue."""
    totals: dict[str, float] = {}
    for item in items:
        for key, per_serving in foods[item.food].nutrients.items():
            totals[key] = totals.get(key, 0.0) + per_serving * item.servings
    return totals
