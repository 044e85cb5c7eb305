"""The person a plan feeds: one type from the household file to the plan's JSON.

A plan for one is a table of one: its person has no name (""), and every model, the
verifier and the plan treat it as the single member of its table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .data.targets import Nutrient


@dataclass(frozen=True)
class Person:
    """Someone the menu feeds.

    Read from a request or household file, a person has a profile, a diet, what they asked to
    leave out and the foods that removes; once prepared for a plan, their ``targets`` (their
    profile's, with their caffeine cap) and ``credits``; inside a model, the foods, recipes
    and sides of that model they eat (None: all of them)."""

    name: str = ""
    targets: Mapping[str, Nutrient] = field(default_factory=dict)
    credits: Mapping[str, float] = field(default_factory=dict)
    profile: str | None = None   # also sets their smallest portion (targets.yaml recipes.portions)
    diet: str | None = None
    exclude: tuple[str, ...] = ()           # the words they gave
    excluded: frozenset[str] = frozenset()  # the food names their diet and exclusions remove
    caffeine_cap_mg: float | None = None    # their own cap, on top of the request's
    foods: frozenset[int] | None = None     # a single-food model's foods they eat
    recipes: frozenset[int] | None = None   # a recipe model's dishes they eat
    sides: frozenset[int] | None = None     # ... and sides

    def eats(self, index: int) -> bool:
        return self.foods is None or index in self.foods

    def eats_recipe(self, index: int) -> bool:
        return self.recipes is None or index in self.recipes

    def eats_side(self, index: int) -> bool:
        return self.sides is None or index in self.sides

    def soft_minimums(self) -> dict[str, float]:
        """Nutrients with a minimum the menu itself must supply, after credits."""
        return soft_minimums(self.targets, self.credits)


def soft_minimums(targets: Mapping[str, Nutrient], credits: Mapping[str, float]
                  ) -> dict[str, float]:
    """Nutrients with a minimum the menu itself must supply, after credits."""
    result = {}
    for key, nutrient in targets.items():
        if nutrient.min and not nutrient.hard:
            remaining = nutrient.min - credits.get(key, 0.0)
            if remaining > 0:
                result[key] = remaining
    return result
