"""Writing what was imported: the recipe file (YAML) and the catalogue with USDA foods."""

from __future__ import annotations

import csv
import io
import re
from typing import Iterable, Mapping, Sequence

from ..data import Food, Targets
from ..errors import DataError
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
    """The kept recipes in mealplan's recipe file format.

    Every text from a source goes through :func:`_scalar` or :func:`_comment`, which write it
    on one line whatever it holds, so no name, line or file name can add a line of YAML.
    """
    out = ["# written by mealplan import-recipes"]
    if foods_file:
        out.append(_comment(f"# Some ingredients are USDA foods that foods.csv does not have: "
                            f"{foods_file} is the catalogue with them"))
        out.append(_comment(f"# added. Plan with: mealplan plan --foods {foods_file} "
                            f"--recipes shipped,{recipes_file}"))
    else:
        out.append(_comment(f"# Plan with: mealplan plan --recipes shipped,{recipes_file}"))
    out.append("recipes:")
    for recipe in result.kept:
        out.append(_comment(f"  # from {recipe.source}, {recipe.servings_note}"))
        skipped = [line.text for line in recipe.lines if line.status == "unmatched"]
        if skipped:
            out.append(_comment(f"  # left out (unmatched): {'; '.join(skipped)}"[:400]))
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
    """A YAML scalar that reads back as exactly ``text``: plain when that is safe, else
    double-quoted with every character that is not printable escaped (line breaks of every
    kind, U+0085, U+2028 and U+2029 included, which JSON would leave as they are)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 '&()/%+.-]*", text) and not text.endswith(" ") \
            and text.casefold() not in ("yes", "no", "on", "off", "true", "false", "null") \
            and ": " not in text and " #" not in text:
        return text
    return '"' + "".join(_escaped(ch, '"\\') for ch in text) + '"'


def _comment(text: str) -> str:
    """A comment line: a character that could end it or drive a terminal is escaped."""
    return "".join(_escaped(ch, "") for ch in text)


def _escaped(ch: str, special: str) -> str:
    if ch in special:
        return "\\" + ch
    if ch.isprintable() and ch != "\ufeff":
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


def written_texts(result: ImportResult, targets: Targets, catalogue_text: str | None, *,
                  foods_name: str | None, recipes_name: str) -> tuple[str, str | None]:
    """The recipe file to write and, when the recipes use USDA foods, the catalogue with them
    added (``catalogue_text`` is the catalogue's CSV).  Both are read back as mealplan reads
    them before anything is written: the file must hold exactly the kept recipes, by name."""
    from ..data import parse_foods
    from ..recipes import parse_recipes

    catalogue = result.catalogue
    foods_text = None
    if result.usda_rows:
        if catalogue_text is None:
            raise ValueError("the catalogue's text is needed to add the USDA foods")
        foods_text = foods_csv_with(result.usda_rows, catalogue_text)
        catalogue = parse_foods(foods_text, targets, "the catalogue with the USDA foods")
    text = to_yaml(result, foods_name if foods_text else None, recipes_name)
    book = parse_recipes(text, catalogue, "the imported recipes")
    if [recipe.name for recipe in book.recipes] != [recipe.name for recipe in result.kept]:
        raise DataError("the imported recipes do not read back as the recipes kept; please "
                        "report this as a bug")
    return text, foods_text
