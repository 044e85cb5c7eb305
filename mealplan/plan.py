"""The Plan: the week's menu, its nutrient totals, the shopping list, and JSON in and out.

A saved plan is self-contained: it carries what the shopping list needs (aisle, package size,
price) so ``mealplan shopping-list week.json`` works without the catalogue it came from.

The Plan is the picture of the week; what it is made of lives in plan_items.py, its shopping
list and coverage in plan_summary.py, its file format (every version) in plan_json.py.  The
names below are imported from here by the rest of mealplan.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from . import plan_summary
from .data import Nutrient
from .errors import DataError
from .domain import Person
from .plan_items import (DayPlan, FoodInfo, MenuItem, RecipeInfo, ShoppingItem,
                         Shortfall, format_amount, menu_totals, rounded_as_shown, wasted_cost)
from .plan_json import (PLAN_FORMAT, PLAN_VERSION, READABLE_VERSIONS, STATUSES,
                        parse_plan_json, plan_document, read_plan_fields)

__all__ = ["DayPlan", "FoodInfo", "MenuItem", "PLAN_FORMAT", "PLAN_VERSION", "Person", "Plan",
           "READABLE_VERSIONS", "RecipeInfo", "STATUSES", "ShoppingItem", "Shortfall",
           "format_amount", "load_plan", "menu_totals", "rounded_as_shown", "wasted_cost"]


@dataclass
class Plan:
    status: str
    days: list[DayPlan]
    targets: dict[str, Nutrient]
    foods: dict[str, FoodInfo]
    credits: dict[str, float] = field(default_factory=dict)
    people: int = 1
    settings: dict[str, Any] = field(default_factory=dict)
    solver: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    shortfalls: list[Shortfall] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pantry: dict[str, float] = field(default_factory=dict)  # servings at home, by food
    household: list[Person] = field(default_factory=list)  # empty: a one-person plan
    recipes: dict[str, RecipeInfo] = field(default_factory=dict)  # empty: a food-level plan
    staples: list[str] = field(default_factory=list)  # foods used but never bought
    start: str | None = None  # names the days: a weekday or an ISO date (mealplan.dates)
    # The dishes of the weeks before this one (--after, --avoid), the latest first: the next
    # week remembers them too (targets.yaml recipes.week.remember_weeks).
    history: list[list[str]] = field(default_factory=list)

    def dish_names(self) -> list[str]:
        """The recipes this plan serves, sorted."""
        return sorted({item.recipe for day in self.days for item in day.items if item.recipe})

    # ---- derived figures

    def servings_by_food(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for day in self.days:
            for item in day.items:
                totals[item.food] = totals.get(item.food, 0.0) + item.servings
        return totals

    @property
    def headcount(self) -> int:
        """How many people eat from the plan: the household, or ``people`` copies of one."""
        return len(self.household) or self.people

    @property
    def cost_per_person_day(self) -> float | None:
        cost = self.total_cost
        if cost is None or not self.days:
            return None
        return cost / len(self.days) / self.headcount

    @property
    def total_cost(self) -> float | None:
        """What the food eaten over the plan costs (for all ``people``)."""
        total = 0.0
        for food, servings in self.servings_by_food().items():
            price = self.foods[food].price
            if price is None:
                return None
            total += price * servings * self.people
        return total

    @property
    def shopping_cost(self) -> float | None:
        """What the shopping list costs at the till: whole packages, after the pantry."""
        items = self.shopping_list()
        if any(item.cost is None for item in items):
            return None
        return sum(item.cost for item in items)  # type: ignore[misc]

    @property
    def budget(self) -> float | None:
        """The budget the plan was made for (at the till), if any."""
        budget = self.settings.get("budget")
        return float(budget) if isinstance(budget, (int, float)) else None

    def shopping_list(self, people: int | None = None,
                      pantry: Mapping[str, float] | None = None) -> list[ShoppingItem]:
        """Whole packages to buy, grouped by aisle (see plan_summary.shopping_list)."""
        return plan_summary.shopping_list(self, people, pantry)

    def carried_over(self) -> dict[str, float]:
        """What this week leaves for the next, servings by food (plan_summary.carried_over)."""
        return plan_summary.carried_over(self)

    def pantry_after(self, pantry: Mapping[str, float], foods: Iterable[str]
                     ) -> dict[str, float]:
        """What is at home the week after this one (``--after``): ``pantry`` plus what this
        week carries over, for the ``foods`` the next week's catalogue has."""
        known = set(foods)
        home = dict(pantry)
        for food, servings in self.carried_over().items():
            if food in known:
                home[food] = home.get(food, 0.0) + servings
        return home

    def cooking_minutes(self, day: "DayPlan") -> float:
        """Minutes at the stove on ``day``: each dish cooked fresh (a leftover is not)."""
        cooked = {item.recipe for item in day.items
                  if item.recipe is not None and item.leftover_from is None}
        return float(sum(self.recipes[name].minutes for name in cooked if name in self.recipes))

    @property
    def leftover_meals(self) -> int:
        """Meals eaten from leftovers over the plan."""
        return len({(day.day, item.meal) for day in self.days for item in day.items
                    if item.leftover_from is not None})

    @property
    def wasted_cost(self) -> float | None:
        """What the shopping leaves over of food that will not keep until next week."""
        return wasted_cost(self.shopping_list())

    def person(self, name: str) -> Person:
        for person in self.household:
            if person.name == name:
                return person
        raise KeyError(name)

    def coverage(self, person: str | None = None) -> list[dict[str, Any]]:
        """Per nutrient: the daily average, lowest and highest day, target and % of target
        (see plan_summary.coverage)."""
        return plan_summary.coverage(self, person)

    # ---- JSON

    def to_dict(self) -> dict[str, Any]:
        return plan_document(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, label: str = "plan") -> "Plan":
        return cls.from_dict(parse_plan_json(text, label), label)

    @classmethod
    def from_dict(cls, document: Any, label: str = "plan") -> "Plan":
        """Read a plan document, checking every field's type and range (see plan_json)."""
        return cls(**read_plan_fields(document, label))


def load_plan(path: str) -> Plan:
    """Read a saved plan file, as strictly as foods.csv (the same size limit)."""
    from .files import _read_bytes

    raw = _read_bytes(path, path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("not a mealplan plan file (not UTF-8 text)", file=path) from None
    return Plan.from_json(text, path)

