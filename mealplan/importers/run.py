"""What ``mealplan import-recipes`` and ``import-usda`` do between reading their options and
printing: the steps of the package put together, so a library caller imports exactly as the
command does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from ..errors import DataError
from .model import ImportResult
from .pipeline import import_recipes
from .review import review_text
from .writer import written_texts

if TYPE_CHECKING:
    from ..data import Catalogue, Targets

Progress = Callable[[str], None]


def import_recipe_files(sources: Sequence[str | Path], catalogue: "Catalogue", *,
                        servings: float | None, min_score: float, keep_partial: bool,
                        usda: bool, fooddata: str | Path | None,
                        progress: Progress | None = None) -> ImportResult:
    """import_recipes, with the shipped recipes' names taken: an imported recipe of the same
    name gets " (imported)", so both files plan together."""
    from ..recipes import load_recipes

    try:
        taken = [recipe.name for recipe in load_recipes(None, catalogue).recipes]
    except DataError:
        taken = []
    return import_recipes(sources, catalogue, servings=servings, min_score=min_score,
                          keep_partial=keep_partial, usda=usda, fooddata=fooddata,
                          taken_names=taken, progress=progress)


def import_review(result: ImportResult, targets: "Targets") -> str:
    """The review of an import: every line, its food, grams and score, and each recipe's
    nutrients per portion (all the targets' nutrients but caffeine)."""
    nutrients = targets.for_profile(None)
    labels = {key: f"{n.label} {n.unit}" if key != "kcal" else "kcal"
              for key, n in nutrients.items()}
    keys = [key for key in nutrients if key != "caffeine_mg"]
    return review_text(result, keys, labels)


def import_texts(result: ImportResult, targets: "Targets", foods_path: str | None, *,
                 foods_name: str | None, recipes_name: str) -> tuple[str, str | None]:
    """The recipe file to write and, when the recipes use USDA foods, the catalogue at
    ``foods_path`` (None: the shipped one) with them added (see writer.written_texts)."""
    catalogue_text = None
    if result.usda_rows:
        from ..data import default_foods_path
        from ..files import _decode, _read_bytes

        source = default_foods_path() if foods_path is None else Path(foods_path)
        label = foods_path or "foods.csv"
        catalogue_text = _decode(_read_bytes(source, label), label)
    return written_texts(result, targets, catalogue_text, foods_name=foods_name,
                         recipes_name=recipes_name)


def usda_foods_csv(fooddata: str | None, targets_path: str | None, *, query: str | None,
                   category: str | None, limit: int | None,
                   progress: Progress | None = None) -> str:
    """A foods.csv of the USDA generic foods that match, checked as mealplan reads a food
    table (never hand anyone a file that mealplan itself would refuse)."""
    from ..data import load_targets, parse_foods
    from .usda import import_usda, to_csv_text

    rows = import_usda(fooddata, query=query, category=category, limit=limit,
                       progress=progress)
    if not rows:
        raise DataError("no USDA food matches" + (f" '{query}'" if query else "")
                        + (f" in category '{category}'" if category else ""))
    text = to_csv_text(rows)
    parse_foods(text, load_targets(targets_path), "the USDA foods found")
    return text
