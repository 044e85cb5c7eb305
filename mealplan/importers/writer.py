"""Writing what was imported: the recipe file (YAML) and the catalogue with USDA foods."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Iterable, Mapping, Sequence

from ..data import Food
from .model import ImportResult

# --------------------------------------------------------------------------------------------
# Output


def portion_nutrients(ingredients: Mapping[str, float], foods: Mapping[str, Food],
                      extra: Iterable[Mapping[str, str]] = (),
                      keys: Iterable[str] = ()) -> dict[str, float]:
    """Nutrients of one portion from the catalogue's values per serving (and the USDA rows)."""
    keys = list(keys)
    per_gram: dict[str, dict[str, float]] = {
        name: {key: food.amount(key) / food.grams for key in keys}
        for name, food in foods.items()}
    for row in extra:
        per_gram[row["food"]] = {key: float(row.get(key) or 0) / float(row["grams"])
                                 for key in keys}
    totals = {key: 0.0 for key in keys}
    for name, grams in ingredients.items():
        for key in keys:
            totals[key] += per_gram[name][key] * grams
    return totals


def to_yaml(result: ImportResult, foods_file: str | None = None,
            recipes_file: str = "this-file.yaml") -> str:
    """The kept recipes in mealplan's recipe file format."""
    out = ["# written by mealplan import-recipes"]
    if foods_file:
        out.append(f"# Some ingredients are USDA foods that foods.csv does not have: {foods_file} "
                   f"is the catalogue with them")
        out.append(f"# added. Plan with: mealplan plan --foods {foods_file} --recipes "
                   f"shipped,{recipes_file}")
    else:
        out.append(f"# Plan with: mealplan plan --recipes shipped,{recipes_file}")
    out.append("recipes:")
    for recipe in result.kept:
        out.append(f"  # from {recipe.source}, {recipe.servings_note}")
        skipped = [line.text for line in recipe.lines if line.status == "unmatched"]
        if skipped:
            out.append(f"  # left out (unmatched): {'; '.join(skipped)}"[:400])
        out.append(f"  - name: {_scalar(recipe.name)}")
        out.append(f"    meals: [{', '.join(recipe.meals)}]")
        out.append(f"    minutes: {recipe.minutes}")
        if recipe.protein:
            out.append(f"    protein: {recipe.protein}")
        out.append(f"    tags: [{', '.join(recipe.tags)}]")
        if recipe.method:
            out.append(f"    method: {_scalar(recipe.method)}")
        out.append("    ingredients:")
        for food, grams in recipe.ingredients.items():
            out.append(f"      {_scalar(food)}: {_number_text(grams)}")
    if not result.kept:
        out[-1] = "recipes: []"
    return "\n".join(out) + "\n"


def foods_csv_with(rows: Sequence[Mapping[str, str]], catalogue_text: str) -> str:
    """The catalogue's CSV text with the USDA rows added at the end, in its columns."""
    header = next(csv.reader(io.StringIO(catalogue_text)))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[name.strip() for name in header],
                            extrasaction="ignore", lineterminator="\n")
    writer.writerows({key: row.get(key, "") for key in writer.fieldnames} for row in rows)
    text = catalogue_text if catalogue_text.endswith("\n") else catalogue_text + "\n"
    return text + buffer.getvalue()


def _number_text(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _scalar(text: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted (JSON escapes are valid YAML)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 '&()/%+.-]*", text) and not text.endswith(" ") \
            and text.casefold() not in ("yes", "no", "on", "off", "true", "false", "null") \
            and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)
