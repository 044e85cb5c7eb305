"""What every plan is checked for, whichever planner made it: its days, each menu line's food
and amount, --include, the budget at the till, and a day's nutrients against targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..data import OVER, Food, Nutrient
from ..plan import MenuItem, Plan

# Solvers work to about 1e-6; anything looser than this is a real violation.
RELATIVE_TOLERANCE = 1e-5


# The nutrient whose shares the meals of a recipe day keep to (recipes.meal_shares).
ENERGY = "kcal"


@dataclass
class Verification:
    violations: list[str] = field(default_factory=list)
    # nutrient -> day -> amount missing (one-person plans)
    shortfalls: dict[str, dict[int, float]] = field(default_factory=dict)
    # person -> nutrient -> day -> amount missing (household plans)
    person_shortfalls: dict[str, dict[str, dict[int, float]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.violations


def exceeds(value: float, limit: float) -> bool:
    return value > limit + RELATIVE_TOLERANCE * max(1.0, abs(limit))


def falls_short(value: float, limit: float) -> bool:
    return value < limit - RELATIVE_TOLERANCE * max(1.0, abs(limit))


def check_day_count(plan: Plan, days: int, problems: list[str]) -> None:
    if len(plan.days) != days:
        problems.append(f"the plan has {len(plan.days)} days, expected {days}")


def checked_food(label: str, item: MenuItem, foods: Mapping[str, Food],
                 excluded: frozenset[str], problems: list[str]) -> Food | None:
    """The catalogue's food for a line of the menu, its amount checked (None: not in the
    catalogue, and nothing more can be checked of it)."""
    food = foods.get(item.food)
    if food is None:
        problems.append(f"{label}: '{item.food}' is not in the catalogue")
        return None
    if item.food in excluded:
        problems.append(f"{label}: '{item.food}' is excluded but on the menu")
    if not item.servings > 0:  # NaN too
        problems.append(f"{label}: '{item.food}' has {item.servings} servings")
    if not abs(item.grams - item.servings * food.grams) <= 1e-6 * max(1.0, abs(item.grams)):
        problems.append(f"{label}: '{item.food}' grams do not match its servings")
    return food


def check_included(groups: tuple[frozenset[str], ...], eaten: set[str],
                   problems: list[str]) -> None:
    for group in groups:
        if not group & eaten:
            problems.append(f"none of {', '.join(sorted(group))} is on the menu, though the "
                            f"plan was to include one")


def check_budget(plan: Plan, budget: float | None, problems: list[str]) -> None:
    if budget is None:
        return
    # The bill is the shopping list's: whole packages for everyone, after the pantry.
    spent = sum(item.cost or 0.0 for item in plan.shopping_list())
    if exceeds(spent, budget):
        problems.append(f"the shopping costs ${spent:,.2f} at the till, over the budget "
                        f"of ${budget:,.2f}")


def check_targets(label: str, targets: Mapping[str, Nutrient], credits: Mapping[str, float],
                  totals: Mapping[str, float], problems: list[str]) -> dict[str, float]:
    """A day's intake against one person's targets: hard limits broken go to ``problems``;
    returns the soft minimums missed, by how much."""
    short = {}
    for key, nutrient in targets.items():
        amount = totals.get(key, 0.0) + credits.get(key, 0.0)
        if nutrient.max is not None and exceeds(amount, nutrient.max):
            if nutrient.soft_max:
                short[OVER + key] = amount - nutrient.max  # reported, as a shortfall is
            else:
                problems.append(f"{label}: {nutrient.label} {amount:g} {nutrient.unit} is "
                                f"above the maximum {nutrient.max:g}")
        if nutrient.min and falls_short(amount, nutrient.min):
            if nutrient.hard:
                problems.append(f"{label}: {nutrient.label} {amount:g} {nutrient.unit} is "
                                f"below the minimum {nutrient.min:g}")
            else:
                short[key] = nutrient.min - amount
    return short
