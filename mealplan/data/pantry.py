"""pantry.csv: what is already at home, in servings by food name."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from ..errors import DataError
from ..files import _decode, _read_bytes
from .foods import Catalogue, Food, _check_cells
from .limits import MAX_PANTRY
from .matching import _did_you_mean, _forms, _words


PANTRY_UNITS = ("servings", "g", "g cooked")


def load_pantry(path: str | Path, catalogue: Catalogue) -> dict[str, float]:
    """Read a pantry file (columns food, amount, unit) into servings at home by food name.

    ``unit`` is ``servings`` (the default when the column is missing or empty) or ``g``:
    grams of the food as bought (its ``product``: dry rice, pasta and lentils, raw eggs and
    fillets; see Food.bought_grams), so "Brown rice,500,g" is a 500 g bag of rice; ``g
    cooked`` is grams of the food as eaten, as the table's servings weigh it.  A name resolves
    like an ``--exclude`` name: the whole name in any case, or words that only one food's name
    has ("brown rice"); a name that fits several foods or none is a DataError with suggestions,
    so a typo cannot silently leave something off the shopping list.  A name with an unquoted
    comma (``Milk, whole,8,servings``) is read whole.
    """
    label = str(path)
    text = _decode(_read_bytes(Path(path), label), label)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except csv.Error as error:
        raise DataError(f"not valid CSV: {error}", file=label, row=1) from None
    if len(header) == 1 and ("\t" in header[0] or ";" in header[0]):
        raise DataError(f"columns are separated by {'tabs' if chr(9) in header[0] else repr(';')}"
                        f"; mealplan expects comma-separated values", file=label, row=1)
    _check_cells(header, header, 1, label)
    for column in ("food", "amount"):
        if column not in header:
            raise DataError(f"missing column '{column}' (columns: food, amount, unit)",
                            file=label, row=1)
    pantry: dict[str, float] = {}
    try:
        for values in reader:
            row = reader.line_num
            if not any(value.strip() for value in values):
                continue
            surplus = len(values) - len(header)
            if surplus > 0:
                if header[0] != "food":
                    raise DataError(f"has {len(values)} fields but the header has "
                                    f"{len(header)}; put a name with a comma in quotes, "
                                    f"e.g. \"Milk, whole\"", file=label, row=row)
                # "Milk, whole,8,servings": the name's own comma split it; join it again.
                values = [",".join(values[:surplus + 1]), *values[surplus + 1:]]
            cells = {name: value.strip() for name, value in zip(header, values)}
            _check_cells(list(cells), list(cells.values()), row, label)
            food = pantry_food(catalogue, cells.get("food", ""), label, row)
            raw = cells.get("amount", "")
            try:
                amount = float(raw)
            except ValueError:
                amount = -1.0
            if not math.isfinite(amount) or amount < 0:
                raise DataError(f"expected a number >= 0, found '{raw}'", file=label, row=row,
                                column="amount")
            if amount > MAX_PANTRY:
                raise DataError(f"expected a number from 0 to {MAX_PANTRY:g}, found '{raw}'",
                                file=label, row=row, column="amount")
            unit = " ".join(cells.get("unit", "").lower().split()) or "servings"
            if unit not in PANTRY_UNITS:
                raise DataError(f"expected 'servings', 'g' or 'g cooked', found '{unit}'",
                                file=label, row=row, column="unit")
            if unit == "servings":
                servings = amount
            elif unit == "g":
                servings = amount / food.bought_grams
            else:
                servings = amount / food.grams
            pantry[food.name] = pantry.get(food.name, 0.0) + servings
    except csv.Error as error:
        raise DataError(f"not valid CSV: {error}", file=label, row=reader.line_num) from None
    return pantry


def pantry_food(catalogue: Catalogue, name: str, label: str, row: int) -> Food:
    """The one food a pantry line names (see load_pantry)."""
    if not name:
        raise DataError("empty; expected a food name", file=label, row=row, column="food")
    folded = name.casefold()
    for food in catalogue.foods:
        if food.name.casefold() == folded:
            return food
    words = _words(name)
    matches = [food for food in catalogue.foods if words and all(
        any(_forms(word) & _forms(other) for other in _words(food.name)) for word in words)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = " or ".join(f"'{food.name}'" for food in matches[:4])
        more = f" (and {len(matches) - 4} more)" if len(matches) > 4 else ""
        raise DataError(f"'{name}' fits {len(matches)} foods; did you mean {shown}{more}?",
                        file=label, row=row, column="food")
    names = [food.name for food in catalogue.foods]
    raise DataError(f"unknown food '{name}'{_did_you_mean(name, names)}", file=label, row=row,
                    column="food")
