"""Looking through the data without planning: foods and recipes by words, meal and richest
source of a nutrient, what a set of data files holds, and a profile's targets.

``mealplan foods``, ``recipes``, ``check`` and ``targets`` print what these return.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Mapping

from .errors import DataError

if TYPE_CHECKING:
    from .data import Catalogue, Food, Nutrient, Targets
    from .recipes import Cookbook, Recipe


class UnknownNutrient(DataError):
    """A nutrient asked for by name that the targets do not have (the message lists them)."""


def nutrient_key(text: str, nutrients: Mapping[str, "Nutrient"]) -> str:
    """The key of the nutrient ``text`` names: its key, its label, or the key without its
    unit ("magnesium" for magnesium_mg)."""
    folded = text.casefold().replace(" ", "_")
    for key, nutrient in nutrients.items():
        if folded in (key, nutrient.label.casefold().replace(" ", "_")) or key.startswith(
                folded + "_"):
            return key
    from .data.matching import _did_you_mean

    raise UnknownNutrient(f"unknown nutrient '{text}'{_did_you_mean(folded, nutrients)}; "
                          f"choose one of: {', '.join(nutrients)}")


def _richest(chosen: list, nutrients: Mapping[str, "Nutrient"], source: str | None,
             limit: int | None) -> list:
    """Foods or recipes with some of the nutrient ``source`` names, the richest first (all of
    ``chosen`` in order without a source), at most ``limit``."""
    if source:
        key = nutrient_key(source, nutrients)
        chosen = sorted((c for c in chosen if c.amount(key) > 0), key=lambda c: -c.amount(key))
    return chosen[:limit] if limit else chosen


def find_foods(catalogue: "Catalogue", nutrients: Mapping[str, "Nutrient"],
               search: str | None = None, source: str | None = None,
               limit: int | None = None) -> list["Food"]:
    """The catalogue's foods whose name, aisle or tags have ``search``, the richest in the
    nutrient ``source`` names first (only foods that have some), at most ``limit``."""
    chosen = list(catalogue.foods)
    if search:
        needle = search.casefold()
        chosen = [f for f in chosen if needle in f.name.casefold() or needle == f.category
                  or needle in f.tags]
    chosen = _richest(chosen, nutrients, source, limit)
    if not chosen:
        raise DataError(f"no food matches '{search}'" if search else "no food matches")
    return chosen


def find_recipes(cookbook: "Cookbook", nutrients: Mapping[str, "Nutrient"],
                 meal: str | None = None, search: str | None = None,
                 source: str | None = None, limit: int | None = None) -> list["Recipe"]:
    """The cookbook's recipes for ``meal`` whose name, tags, protein or ingredients have
    ``search``, the richest per portion in the nutrient ``source`` names first."""
    chosen = list(cookbook.recipes)
    if meal:
        chosen = [r for r in chosen if meal in r.meals]
    if search:
        needle = search.casefold()
        chosen = [r for r in chosen if needle in r.name.casefold()
                  or any(needle in tag for tag in r.tags) or needle == (r.protein or "")
                  or any(needle in item.food.casefold() for item in r.ingredients)]
    chosen = _richest(chosen, nutrients, source, limit)
    if not chosen:
        raise DataError("no recipe matches" + (f" '{search}'" if search else ""))
    return chosen


def data_summary(catalogue: "Catalogue", targets: "Targets") -> list[str]:
    """A line for the targets file and one for the food table, saying what each holds
    (``mealplan check``)."""
    extra = (f" (and {len(catalogue.extra_columns)} information column"
             f"{'s' * (len(catalogue.extra_columns) != 1)}: "
             f"{', '.join(catalogue.extra_columns)})" if catalogue.extra_columns else "")
    return [f"{targets.source}: OK, {len(targets.nutrients)} nutrients, "
            f"{len(targets.profiles)} profiles, {len(targets.diets)} diets",
            f"{catalogue.source}: OK, {len(catalogue)} foods{extra}"]


def cookbook_summary(cookbook: "Cookbook") -> str:
    """What a recipe file holds: its recipes, by meal."""
    meals = Counter(meal for recipe in cookbook.recipes for meal in recipe.meals)
    return (f"{cookbook.source}: OK, {len(cookbook)} recipes ("
            + ", ".join(f"{meals[m]} {m}" for m in ("breakfast", "lunch", "dinner", "snack")
                        if meals[m]) + ")")


def targets_text(targets: "Targets", profile: str | None) -> str:
    """A profile's daily targets as a table, then the profiles and diets there are."""
    from tabulate import tabulate

    nutrients = targets.for_profile(profile)
    rows = [[key, n.label, n.unit, "" if n.min is None else f"{n.min:g}",
             "" if n.max is None else f"{n.max:g}"] for key, n in nutrients.items()]
    return "\n".join([f"Profile: {profile or targets.default_profile}",
                      tabulate(rows, headers=["Key", "Nutrient", "Unit", "Min", "Max"]),
                      "\nProfiles: " + ", ".join(targets.profiles),
                      "Diets: " + ", ".join(targets.diets)])
