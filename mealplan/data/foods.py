"""foods.csv: the table of foods, one serving per row, with its nutrients and how it is bought.

The CSV is read with the standard library rather than pandas: it keeps ``mealplan plan`` quick
to start and lets errors name the exact spreadsheet row.
"""

from __future__ import annotations

import csv
import difflib
from collections import defaultdict
import io
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Any, Mapping

from ..errors import DataError
from ..files import _decode, _read_bytes
from ..yamlsafe import _printable
from .limits import (MAX_FOOD_ROWS, MAX_GRAMS, MAX_PACKAGE_GRAMS, MAX_PACKAGE_PRICE,
                     MAX_PACKAGE_SERVINGS, MAX_PER_SERVING, MAX_PRICE, MAX_PRODUCT_RATIO,
                     MAX_DAY_GRAMS, MAX_SERVINGS, MEAL_NAMES, MIN_GRAMS, MIN_PACKAGE_SERVINGS,
                     MIN_PRODUCT_RATIO)
from .matching import _did_you_mean
from .targets import PlannerSettings, Targets, load_targets

# Columns every foods.csv has besides the nutrient columns named in targets.yaml.
REQUIRED_COLUMNS = ("food", "category", "serving", "grams")
# Optional columns and what an empty or missing cell means (documented in README).
OPTIONAL_COLUMNS = (
    "price",            # empty: unknown; the cost objective refuses catalogues without prices
    "sources",          # empty: the article names it as a source of nothing
    "meals",            # empty: any meal
    "tags",             # empty: no tags
    "max_servings",     # empty: planner.max_servings
    "max_days",         # empty: planner.max_days_per_food
    "package",          # empty: bought by the serving
    "package_servings",  # empty: 1
    "keeps_days",       # empty: unknown, taken to spoil within the week (whole packages)
    "freezer_days",     # empty: not frozen (what is left spoils at keeps_days)
    "package_grams",    # empty: unknown; the package is counted in servings
    "package_price",    # empty: unknown
    "product",          # empty: the food itself ("Brown rice, cooked" is bought as dry rice)
    "product_ratio",    # empty: 1 gram of product per gram of food
    "usda_name",        # traceability, free text
    "usda_data_type",
    "kind",             # empty: the name before its first comma ("Milk, 2%" -> milk)
)
# A nutrient column may be left empty only for caffeine (an imported catalogue rarely knows it).
CAFFEINE = "caffeine_mg"
ZERO_IF_EMPTY = frozenset({CAFFEINE})
# How alike an unknown column's name must be to a known one to be taken for a typo of it
# ('magnesim_mg' for 'magnesium_mg' is 0.96; 'protein_g' is like none of them).
NEAR_MISS = 0.85


@dataclass(frozen=True)
class Food:
    name: str
    category: str
    serving: str
    grams: float
    price: float | None
    nutrients: Mapping[str, float]
    sources: frozenset[str] = frozenset()
    meals: frozenset[str] = frozenset(MEAL_NAMES)
    tags: frozenset[str] = frozenset()
    max_servings: int = 2
    max_days: int | None = None
    package: str = "serving"
    package_servings: float = 1.0
    usda_name: str = ""
    usda_data_type: str = ""
    # At most one food of a kind a day: "Milk, 2%" and "Milk, whole" are both milk.
    kind: str = ""
    # What a shopper buys: foods sharing a product (hard-boiled, scrambled and raw eggs) are
    # one line of the shopping list, in grams of product = grams eaten * product_ratio.
    product: str = ""
    product_ratio: float = 1.0
    package_grams: float | None = None
    package_price: float | None = None
    # Days an opened package keeps (fresh produce: in the refrigerator); None: unknown.
    keeps_days: int | None = None
    # Days it keeps frozen when frozen the day it is bought; None: not frozen.
    freezer_days: int | None = None
    # Columns mealplan does not plan with (notes, a brand, protein_g ...), kept as written.
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", self.name.partition(",")[0].strip().casefold())
        if not self.product:
            object.__setattr__(self, "product", self.name)

    def amount(self, key: str) -> float:
        return self.nutrients.get(key, 0.0)

    @property
    def bought_grams(self) -> float:
        """Grams of the product as bought that one serving takes: 65 g of dry rice for a cup
        of cooked brown rice (product_ratio 0.333), the serving's own grams for most foods."""
        return self.grams * self.product_ratio


@dataclass(frozen=True)
class Catalogue:
    foods: tuple[Food, ...]
    nutrient_keys: tuple[str, ...]  # the nutrient columns the table has
    source: str = "foods.csv"
    extra_columns: tuple[str, ...] = ()  # kept as information (Food.extra)
    # Likely mistakes that did not stop loading (a column named like a nutrient key).
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.foods)

    def by_name(self) -> dict[str, Food]:
        return {food.name: food for food in self.foods}

    @property
    def has_prices(self) -> bool:
        return all(food.price is not None for food in self.foods)


# --------------------------------------------------------------------------------------------
# Packaged defaults


def default_foods_path() -> Any:
    return resources.files("mealplan") / "data" / "foods.csv"



def load_foods(path: str | Path | None = None, targets: Targets | None = None) -> Catalogue:
    """Load and validate foods.csv (the packaged default when ``path`` is None).

    ``targets`` says which nutrient columns must be present; every numeric column in the file
    must be one of its nutrients, so a typo in a column name cannot silently drop a nutrient.
    """
    targets = targets if targets is not None else load_targets()
    source = default_foods_path() if path is None else Path(path)
    label = "foods.csv" if path is None else str(path)
    text = _decode(_read_bytes(source, label), label)
    return parse_foods(text, targets, label)


def parse_foods(text: str, targets: Targets, label: str = "foods.csv") -> Catalogue:
    if not text.strip():
        raise DataError("file is empty; expected a header row and at least one food", file=label)
    if "\x00" in text:
        raise DataError("contains NUL bytes; expected CSV text", file=label)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise DataError(f"not valid CSV: {error}", file=label, row=1) from None
    header = [name.strip() for name in header]
    extra_columns, warnings = _check_header(header, targets, label)
    # Nutrient columns: the targets' keys the table has (caffeine may be missing: 0), and a
    # caffeine column even when the targets do not name it, so --max-caffeine can use it.
    nutrient_keys = tuple(key for key in targets.nutrients if key in header)
    if CAFFEINE not in nutrient_keys and CAFFEINE in header:
        nutrient_keys += (CAFFEINE,)
    settings = targets.planner
    foods: list[Food] = []
    seen: dict[str, int] = {}
    products: dict[str, tuple[Food, int]] = {}
    try:
        for values in reader:
            row = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(foods) >= MAX_FOOD_ROWS:
                raise DataError(f"more than {MAX_FOOD_ROWS:,} foods; mealplan plans from at most "
                                f"{MAX_FOOD_ROWS:,}", file=label, row=row)
            if len(values) != len(header):
                raise DataError(
                    f"has {len(values)} fields but the header has {len(header)}; check for a "
                    f"stray comma or a missing quote",
                    file=label, row=row,
                )
            _check_cells(header, values, row, label)
            food = _food_from_row(dict(zip(header, values)), row, label, nutrient_keys, settings,
                                  targets, extra_columns)
            folded = food.name.casefold()
            if folded in seen:
                raise DataError(f"duplicate food '{food.name}' (first on row {seen[folded]})",
                                file=label, row=row, column="food")
            seen[folded] = row
            _check_product(food, row, products, label)
            foods.append(food)
    except csv.Error as error:
        raise DataError(f"not valid CSV: {error}", file=label, row=reader.line_num) from None
    if not foods:
        raise DataError("has a header but no foods", file=label)
    return Catalogue(tuple(foods), nutrient_keys, label, extra_columns, tuple(warnings))


def _check_cells(header: list[str], values: list[str], row: int, label: str) -> None:
    """No control characters in any cell: ESC sequences in a food name or a serving reached
    the terminal raw, and a line break inside a quoted cell breaks every one-line message."""
    from ..jsondoc import control_character

    for column, value in zip(header, values):
        found = control_character(value)
        if found:
            raise DataError(f"contains a control character ({found}); expected plain text",
                            file=label, row=row, column=_printable(column) or None)


def _check_header(header: list[str], targets: Targets,
                  label: str) -> tuple[tuple[str, ...], list[str]]:
    """Refuse a header mealplan cannot read; return its extra columns and warnings.

    A column mealplan does not plan with (``notes``, ``protein_g``, a brand, a nutrient the
    targets leave out) is kept as information.  Only a name that is a near miss of a column
    mealplan knows (``magnesim_mg``) earns a warning: it is most likely a typo.
    """
    for separator, name in ((";", "';'"), ("\t", "tabs")):
        if len(header) == 1 and separator in header[0]:
            raise DataError(f"columns are separated by {name}; mealplan expects "
                            f"comma-separated values", file=label, row=1)
    _check_cells(header, header, 1, label)
    seen: set[str] = set()
    for name in header:
        if not name:
            raise DataError("a column has no name", file=label, row=1)
        if name in seen:
            raise DataError("duplicate column", file=label, row=1, column=name)
        seen.add(name)
    known = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *targets.nutrients, CAFFEINE]
    extra = tuple(name for name in header if name not in known)
    warnings = []
    for name in extra:
        close = difflib.get_close_matches(name, [k for k in known if k not in seen], n=1,
                                          cutoff=NEAR_MISS)
        if close:
            what = "nutrient" if close[0] in targets.nutrients else "column"
            warnings.append(f"{label}: column '{name}' is not one mealplan plans with; did you "
                            f"mean the {what} '{close[0]}'? It is kept as information only")
    for name in (*REQUIRED_COLUMNS, *targets.nutrients):
        if name not in seen and name not in ZERO_IF_EMPTY:
            why = (f"{targets.source} has a nutrient '{name}'" if name in targets.nutrients
                   else "every food needs it")
            raise DataError(f"missing column '{name}' ({why}){_did_you_mean(name, extra)}",
                            file=label, row=1)
    return extra, warnings


def _check_product(food: Food, row: int, products: dict[str, tuple[Food, int]],
                   label: str) -> None:
    """Rows of one product describe one package, or the shopping list could not add them."""
    first, first_row = products.setdefault(food.product.casefold(), (food, row))
    for column in ("package_grams", "package_price"):
        mine, theirs = getattr(food, column), getattr(first, column)
        if mine != theirs:
            raise DataError(
                f"product '{food.product}' has {column} {_cell(mine)} here but {_cell(theirs)} "
                f"on row {first_row} ('{first.name}'); rows of one product must agree",
                file=label, row=row, column=column,
            )


def _cell(value: float | None) -> str:
    return "empty" if value is None else f"{value:g}"


# What each bounded column of foods.csv holds, for the message that names its range.
_BOUNDS: dict[str, str] = defaultdict(lambda: "per serving", grams="grams in a serving",
                                      price="per serving", package_servings="servings",
                                      package_grams="grams in a package",
                                      package_price="per package",
                                      product_ratio="grams bought per gram eaten")


def _food_from_row(cells: dict[str, str], row: int, label: str, nutrient_keys: Iterable[str],
                   settings: PlannerSettings, targets: Targets,
                   extra_columns: Iterable[str] = ()) -> Food:
    def text(column: str) -> str:
        return cells.get(column, "").strip()

    def number(column: str, high: float, *, positive: bool = False, low: float = 0.0,
               empty: float | None = None) -> float:
        raw = text(column)
        if not raw:
            if empty is not None:
                return empty
            raise DataError("empty; expected a number", file=label, row=row, column=column)
        try:
            value = float(raw)
        except ValueError:
            raise DataError(f"expected a number, found '{raw}'", file=label, row=row,
                            column=column) from None
        if not math.isfinite(value):
            raise DataError(f"expected a finite number, found '{raw}'", file=label, row=row,
                            column=column)
        if value < 0 or (positive and value == 0):
            sign = "> 0" if positive else ">= 0"
            raise DataError(f"expected a number {sign}, found '{raw}'", file=label, row=row,
                            column=column)
        if not low <= value <= high:
            raise DataError(f"expected a number from {low:g} to {high:g} ({_BOUNDS[column]}), "
                            f"found '{raw}'", file=label, row=row, column=column)
        return value

    def whole(column: str, default: int | None, high: int | None = None) -> int | None:
        raw = text(column)
        if not raw:
            return default
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1 or (
                high is not None and int(raw) > high):
            bounds = "a whole number >= 1" if high is None else f"a whole number from 1 to {high}"
            raise DataError(f"expected {bounds}, found '{raw}'", file=label, row=row,
                            column=column)
        return int(raw)

    def word_list(column: str, allowed: Iterable[str] | None = None,
                  ignore: frozenset[str] = frozenset()) -> frozenset[str]:
        items = [item.strip().lower() for item in text(column).split(";")
                 if item.strip() and item.strip().lower() not in ignore]
        for item in items:
            nutrient = targets.nutrients.get(item) if column == "sources" else None
            if nutrient is not None and not nutrient.min:
                raise DataError(f"'{item}' has no minimum in {targets.source}, so no food is a "
                                f"source of it; leave it out of sources", file=label, row=row,
                                column=column)
        if allowed is not None:
            allowed = tuple(allowed)
            for item in items:
                if item not in allowed:
                    raise DataError(
                        f"unknown value '{item}'{_did_you_mean(item, allowed)}; expected a "
                        f"';'-separated list from: {', '.join(allowed)}",
                        file=label, row=row, column=column,
                    )
        return frozenset(items)

    name = text("food")
    if not name:
        raise DataError("empty; every food needs a name", file=label, row=row, column="food")
    for column in ("category", "serving"):
        if not text(column):
            raise DataError("empty; expected text", file=label, row=row, column=column)
    nutrients = {}
    for key in nutrient_keys:
        nutrients[key] = number(key, MAX_PER_SERVING,
                                empty=0.0 if key in ZERO_IF_EMPTY else None)
    meal_names = settings.meal_names
    meals = word_list("meals", meal_names) or frozenset(meal_names)
    # A source of a nutrient the targets leave out (a column kept as information) or only
    # track (neither min nor max) is ignored.
    tracked = {k for k, n in targets.nutrients.items() if n.min is None and n.max is None}
    sources = word_list("sources", [k for k, n in targets.nutrients.items() if n.min],
                        ignore=frozenset(extra_columns) | tracked)
    price = number("price", MAX_PRICE) if text("price") else None
    package_servings = number("package_servings", MAX_PACKAGE_SERVINGS, positive=True,
                              low=MIN_PACKAGE_SERVINGS, empty=1.0)
    package_grams = (number("package_grams", MAX_PACKAGE_GRAMS, positive=True, low=MIN_GRAMS)
                     if text("package_grams") else None)
    package_price = (number("package_price", MAX_PACKAGE_PRICE, positive=True)
                     if text("package_price") else None)
    # Beyond this band a ratio is a typo (grams for kg, a ratio written upside down): cooked
    # rice from dry is about 0.33, oatmeal from oats 0.2, roast meat from raw 1.2-1.6.
    product_ratio = number("product_ratio", MAX_PRODUCT_RATIO, positive=True,
                           low=MIN_PRODUCT_RATIO, empty=1.0)
    grams = number("grams", MAX_GRAMS, positive=True, low=MIN_GRAMS)
    max_servings = whole("max_servings", settings.max_servings, high=MAX_SERVINGS)
    if max_servings is not None and max_servings * grams > MAX_DAY_GRAMS:
        raise DataError(f"{max_servings} servings of {grams:g} g is {max_servings * grams:,.0f} g "
                        f"of one food a day; expected max_servings x grams from 0.1 to "
                        f"{MAX_DAY_GRAMS:,} g", file=label, row=row, column="max_servings")
    return Food(
        name=name,
        category=text("category").lower(),
        serving=text("serving"),
        grams=grams,
        price=price,
        nutrients=nutrients,
        sources=sources,
        meals=meals,
        tags=word_list("tags"),
        max_servings=max_servings,  # type: ignore[arg-type]
        max_days=whole("max_days", None, high=366),
        package=text("package") or "serving",
        package_servings=package_servings,
        usda_name=text("usda_name"),
        usda_data_type=text("usda_data_type"),
        kind=text("kind").casefold(),
        product=text("product"),
        product_ratio=product_ratio,
        package_grams=package_grams,
        package_price=package_price,
        keeps_days=whole("keeps_days", None, high=3650),
        freezer_days=whole("freezer_days", None, high=3650),
        extra={column: text(column) for column in extra_columns},
    )
