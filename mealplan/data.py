"""Read and validate foods.csv and targets.yaml into typed, immutable objects.

Everything the planner knows about nutrients comes from these two files: a nutrient is a key
under ``nutrients:`` in targets.yaml and a column of the same name in foods.csv.  Validation is
strict and every problem is reported as a :class:`~mealplan.errors.DataError` naming the file,
row or key, and what was expected, because users edit these files by hand.

The CSV is read with the standard library rather than pandas: it keeps ``mealplan plan`` quick
to start and lets errors name the exact spreadsheet row.
"""

from __future__ import annotations

import csv
import difflib
from collections import defaultdict
import io
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from .errors import DataError

# Hostile or mistaken input must fail fast rather than hang: the full USDA generic-food table is
# about 6,000 rows and 2 MB, so these limits leave plenty of room for real catalogues.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FOOD_ROWS = 20_000
# Plausible ranges for the numbers of every input file (foods.csv, targets, household, pantry,
# saved plans): finite but absurd values such as 1e308 mg per serving are refused, naming the
# range, before they overflow a sum or a chart.
MAX_SERVINGS = 20             # servings of a food in a day (max_servings, a plan's dish)
MIN_GRAMS, MAX_GRAMS = 0.1, 5000  # grams in a serving (a pantry's grams are divided by it)
MAX_PRICE = 1000              # price of a serving
MIN_PACKAGE_SERVINGS, MAX_PACKAGE_SERVINGS = 0.01, 10_000  # packages = servings / this
MAX_PER_SERVING = 100_000     # a nutrient per serving, in its unit
MAX_TARGET = 1_000_000        # a daily target, credit or cap, in its unit
MAX_PANTRY = 1_000_000        # servings or grams at home
MAX_PEOPLE = 1000
MAX_PACKAGE_GRAMS = 100_000   # grams in a package
MAX_PACKAGE_PRICE = 10_000    # price of a package
MIN_PRODUCT_RATIO, MAX_PRODUCT_RATIO = 0.05, 20  # grams bought per gram eaten
MAX_FOODS_PER_MEAL = 30

MEAL_NAMES = ("breakfast", "lunch", "dinner", "snack")

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

NUTRIENT_KEY = _KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


# --------------------------------------------------------------------------------------------
# Typed data


@dataclass(frozen=True)
class Nutrient:
    key: str
    label: str
    unit: str
    min: float | None = None
    max: float | None = None
    # A hard minimum must be met exactly (energy); a soft one may fall short, at a heavy penalty,
    # so an impossible target still yields the closest plan and an explanation.
    hard: bool = False


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
class MealRule:
    name: str
    min_foods: int
    max_foods: int
    kcal_share: tuple[float, float]
    # The meal includes at least one food from one of these aisles (e.g. a vegetable or fruit).
    require_categories: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlannerSettings:
    days: int = 7
    meals: tuple[MealRule, ...] = ()
    foods_per_day: tuple[int, int] = (6, 14)
    max_days_per_food: int = 3
    # No two days share more than this share of the smaller day's foods.
    max_shared_foods: float = 0.5
    max_servings: int = 2
    gap: float = 0.01
    # At most this many foods from one aisle at one meal (no rice and pasta at one dinner).
    max_per_meal: Mapping[str, int] = field(default_factory=dict)

    @property
    def meal_names(self) -> tuple[str, ...]:
        return tuple(rule.name for rule in self.meals)


@dataclass(frozen=True)
class TagRule:
    """At least ``min`` / at most ``max`` recipes carrying ``tag`` in a week of 7 days."""

    tag: str
    min: int | None
    max: int | None
    label: str


@dataclass(frozen=True)
class RecipeRules:
    """How a day is built from recipes and how the days of a week differ (targets.yaml)."""

    meals: tuple[str, ...] = ("breakfast", "lunch", "dinner")
    optional_meals: tuple[str, ...] = ("snack",)
    portions: tuple[float, ...] = (1.0, 1.5, 2.0)
    sides_per_day: int = 4
    side_max_servings: int = 2
    side_categories: frozenset[str] = frozenset()
    side_meals: frozenset[str] = frozenset({"snack"})
    side_max_per_aisle: Mapping[str, int] = field(default_factory=dict)
    recipe_max_days: int = 2
    recipe_consecutive: bool = False
    max_shared_recipes: int = 1
    protein_changes: tuple[str, ...] = ("dinner",)
    tag_rules: tuple[TagRule, ...] = ()

    @property
    def all_meals(self) -> tuple[str, ...]:
        return self.meals + self.optional_meals


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    overrides: Mapping[str, Mapping[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Diet:
    name: str
    label: str
    exclude_tags: frozenset[str]


@dataclass(frozen=True)
class Targets:
    nutrients: Mapping[str, Nutrient]
    profiles: Mapping[str, Profile]
    default_profile: str
    diets: Mapping[str, Diet]
    low_caffeine_mg: float
    credits: Mapping[str, float]
    planner: PlannerSettings
    source: str = "targets.yaml"
    recipes: RecipeRules = RecipeRules()
    # --exclude words that stand for groups of tags ("nuts" -> tree nuts and peanuts), keyed by
    # their words joined with '-' ("tree-nuts").
    allergens: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def for_profile(self, name: str | None = None) -> dict[str, Nutrient]:
        """The nutrient targets for one profile (the default profile when ``name`` is None)."""
        name = name or self.default_profile
        if name not in self.profiles:
            raise DataError(
                f"unknown profile '{name}'{_did_you_mean(name, self.profiles)}; "
                f"choose one of: {', '.join(self.profiles)}",
            )
        overrides = self.profiles[name].overrides
        result = {}
        for key, nutrient in self.nutrients.items():
            change = overrides.get(key, {})
            result[key] = Nutrient(
                key, nutrient.label, nutrient.unit,
                change.get("min", nutrient.min), change.get("max", nutrient.max), nutrient.hard,
            )
        return result


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


def default_targets_path() -> Any:
    return resources.files("mealplan") / "data" / "targets.yaml"


def _read_bytes(path: Any, label: str) -> bytes:
    try:
        size = Path(str(path)).stat().st_size if isinstance(path, (str, Path)) else None
        if size is not None and size > MAX_FILE_BYTES:
            raise DataError(
                f"file is {size / 1e6:.0f} MB; mealplan reads files up to "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
                file=label,
            )
        with path.open("rb") if hasattr(path, "open") else open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DataError("file not found", file=label) from None
    except IsADirectoryError:
        raise DataError("is a directory, expected a file", file=label) from None
    except PermissionError:
        raise DataError("permission denied", file=label) from None
    if len(data) > MAX_FILE_BYTES:
        raise DataError(
            f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the most mealplan reads",
            file=label,
        )
    return data


def _decode(data: bytes, label: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("is UTF-16 text; save it as UTF-8", file=label)
    try:
        # Spreadsheet programs often write a UTF-8 byte order mark: harmless, so accept it.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DataError(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8",
            file=label, line=line,
        ) from None


# --------------------------------------------------------------------------------------------
# targets.yaml


MAX_YAML_DEPTH = 32


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML loader that also refuses aliases, which can blow up memory ("billion laughs"),
    nesting deeper than MAX_YAML_DEPTH (a RecursionError otherwise) and duplicate keys (YAML
    keeps the last silently: a second 'magnesium_mg' made the first one's minimum vanish)."""

    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise DataError(
                "YAML aliases (*name) are not allowed; write the value out",
                line=event.start_mark.line + 1,
            )
        if self._depth >= MAX_YAML_DEPTH:
            raise DataError(f"nested more than {MAX_YAML_DEPTH} levels deep",
                            line=self.peek_event().start_mark.line + 1)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201
        _refuse_duplicate_keys(self, node)
        return super().construct_mapping(node, deep=deep)


def _refuse_duplicate_keys(loader, node) -> None:  # noqa: ANN001 - a PyYAML loader and node
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        first: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                earlier = first.get(key)
            except TypeError:  # an unhashable key: PyYAML's own error follows
                continue
            if earlier is not None:
                raise DataError(f"duplicate key '{_printable(key)}' (also on line "
                                f"{earlier}); YAML would keep only the last one",
                                line=line)
            first[key] = line


# YAML 1.1 reads 1e300 and 2.5E3 (no dot, or no sign in the exponent) as text: read them as the
# numbers they are.
_NoAliasLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."))


def _printable(value: Any) -> str:
    from .jsondoc import escape_controls

    text = escape_controls(str(value))
    return text if len(text) <= 60 else text[:57] + "..."


_CLoader = getattr(yaml, "CSafeLoader", None)
if _CLoader is not None:
    class _FastLoader(_CLoader):  # type: ignore[misc, valid-type]
        """libyaml's parser with the same checks: six times faster on the recipe file.  It
        composes nodes recursively in C, so aliases and depth are checked on the parser's
        events first (libyaml's parser itself does not recurse)."""

        def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201
            _refuse_duplicate_keys(self, node)
            return super().construct_mapping(node, deep=deep)

    _FastLoader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
        list("-+0123456789."))


def _load_yaml(text: str) -> Any:
    if _CLoader is None:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - safe loader subclass
    try:
        _check_events(text)
    except yaml.YAMLError as error:
        # libyaml stops at its own depth limit (PyYAML 6.0.4) before the events say so.
        if "nesting depth" not in str(error):
            raise
        mark = getattr(error, "problem_mark", None)
        raise DataError(f"nested more than {MAX_YAML_DEPTH} levels deep",
                        line=mark.line + 1 if mark is not None else None) from None
    return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - safe loader subclass


def _check_events(text: str) -> None:
    """Aliases and depth, from libyaml's parser events (it does not recurse)."""
    depth = 0
    for event in yaml.parse(text, Loader=_CLoader):
        if isinstance(event, yaml.AliasEvent):
            raise DataError("YAML aliases (*name) are not allowed; write the value out",
                            line=event.start_mark.line + 1)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise DataError(f"nested more than {MAX_YAML_DEPTH} levels deep",
                                line=event.start_mark.line + 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def parse_yaml(text: str, label: str, check_text: bool = True) -> Any:
    """Parse YAML safely; ``check_text=False`` leaves control characters to a caller that
    names the record at fault itself (recipes)."""
    try:
        document = _load_yaml(text)
    except DataError as error:
        raise DataError(error.reason, file=label, line=error.line) from None
    except RecursionError:
        raise DataError(f"nested more than {MAX_YAML_DEPTH} levels deep", file=label) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DataError(
            f"not valid YAML: {problem}", file=label,
            line=mark.line + 1 if mark is not None else None,
        ) from None
    if check_text:
        _check_text(document, label)
    return document


def _check_text(document: Any, label: str) -> None:
    """No control characters in any key or text of a YAML document (ESC sequences retitle or
    clear the terminal a message is printed on)."""
    from .jsondoc import control_character

    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                where = f"{path}.{_printable(key)}" if path else _printable(key)
                if isinstance(key, str) and control_character(key):
                    raise DataError(f"a key contains a control character "
                                    f"({control_character(key)})", file=label, key=where)
                stack.append((item, where))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{n + 1}]") for n, item in enumerate(value))
        elif isinstance(value, str) and control_character(value):
            raise DataError(f"text contains a control character ({control_character(value)})",
                            file=label, key=path or None)


def load_targets(path: str | Path | None = None) -> Targets:
    """Load targets.yaml (the packaged default when ``path`` is None)."""
    source = default_targets_path() if path is None else Path(path)
    label = "targets.yaml" if path is None else str(path)
    document = parse_yaml(_decode(_read_bytes(source, label), label), label)
    return _targets_from_document(document, label)


def _targets_from_document(document: Any, label: str) -> Targets:
    reader = _Mapping(document, label, "")
    reader.require_keys("nutrients")
    reader.allow_only("version", "nutrients", "default_profile", "profiles", "diets",
                      "low_caffeine_mg", "credits", "planner", "recipes", "allergens")
    version = reader.get("version", 1)
    if version != 1:
        raise DataError(f"unsupported version {version!r}; this mealplan reads version 1",
                        file=label, key="version")

    nutrients: dict[str, Nutrient] = {}
    nutrients_map = reader.child("nutrients")
    if not nutrients_map.value:
        raise DataError("expected at least one nutrient", file=label, key="nutrients")
    for key in nutrients_map.value:
        if not isinstance(key, str) or not _KEY_PATTERN.match(key):
            raise DataError(
                "nutrient keys are lower-case names like 'iron_mg' (letters, digits, _)",
                file=label, key=f"nutrients.{key}",
            )
        entry = nutrients_map.child(key)
        entry.allow_only("label", "unit", "min", "max", "hard")
        nutrient = Nutrient(
            key,
            label=str(entry.get("label", key)),
            unit=str(entry.get("unit", "")),
            min=entry.number("min"),
            max=entry.number("max"),
            hard=bool(entry.get("hard", False)),
        )
        # Neither min nor max: the nutrient is tracked (shown in the coverage table), not planned.
        _check_band(nutrient.min, nutrient.max, label, f"nutrients.{key}")
        nutrients[key] = nutrient

    profiles: dict[str, Profile] = {}
    profiles_map = reader.child("profiles", default={})
    for name in profiles_map.value:
        entry = profiles_map.child(name)
        entry.allow_only("label", "targets")
        overrides: dict[str, dict[str, float]] = {}
        targets_map = entry.child("targets", default={})
        for key in targets_map.value:
            where = f"profiles.{name}.targets.{key}"
            if key not in nutrients:
                raise DataError(
                    f"unknown nutrient '{key}'{_did_you_mean(key, nutrients)}",
                    file=label, key=where,
                )
            change = targets_map.child(key)
            change.allow_only("min", "max")
            overrides[key] = {k: change.number(k) for k in ("min", "max") if k in change.value}
            base = nutrients[key]
            _check_band(overrides[key].get("min", base.min), overrides[key].get("max", base.max),
                        label, where)
        profiles[str(name)] = Profile(str(name), str(entry.get("label", name)), overrides)
    default_profile = str(reader.get("default_profile", "default"))
    if default_profile not in profiles:
        if "default_profile" in reader.value:
            raise DataError(
                f"'{default_profile}' is not one of the profiles", file=label, key="default_profile"
            )
        profiles[default_profile] = Profile(default_profile, "Default")

    diets: dict[str, Diet] = {}
    diets_map = reader.child("diets", default={})
    for name in diets_map.value:
        entry = diets_map.child(name)
        entry.allow_only("label", "exclude_tags")
        tags = entry.get("exclude_tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise DataError("expected a list of tags", file=label,
                            key=f"diets.{name}.exclude_tags")
        diets[str(name)] = Diet(str(name), str(entry.get("label", name)),
                                frozenset(t.lower() for t in tags))

    credits_map = reader.child("credits", default={})
    credits: dict[str, float] = {}
    for key in credits_map.value:
        if key not in nutrients:
            raise DataError(f"unknown nutrient '{key}'{_did_you_mean(key, nutrients)}",
                            file=label, key=f"credits.{key}")
        credits[key] = credits_map.number(key)  # type: ignore[assignment]

    low_caffeine = reader.number("low_caffeine_mg")
    if "allergens" in reader.value:
        allergens = _allergens(reader.child("allergens", default={}), label)
    else:
        # A person's own targets file still knows what "nuts" means to someone with an
        # allergy: the shipped groups apply unless the file says otherwise (allergens: {}).
        allergens = _shipped_allergens()
    return Targets(
        nutrients=nutrients,
        profiles=profiles,
        default_profile=default_profile,
        diets=diets,
        low_caffeine_mg=100.0 if low_caffeine is None else low_caffeine,
        credits=credits,
        planner=_planner_settings(reader.child("planner", default={}), label),
        source=label,
        recipes=_recipe_rules(reader.child("recipes", default={}), label),
        allergens=allergens,
    )


def _meal_list(reader: "_Mapping", key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = reader.get(key, list(default))
    if not isinstance(value, list) or not all(v in MEAL_NAMES for v in value):
        raise DataError(f"expected a list of meals from: {', '.join(MEAL_NAMES)}; found "
                        f"{_describe(value)}", file=reader.label, key=reader._key(key))
    return tuple(value)


def _recipe_rules(reader: "_Mapping", label: str) -> RecipeRules:
    reader.allow_only("meals", "optional_meals", "portions", "sides", "week")
    meals = _meal_list(reader, "meals", RecipeRules.meals)
    optional = _meal_list(reader, "optional_meals", RecipeRules.optional_meals)
    if not meals or set(meals) & set(optional):
        raise DataError("expected at least one meal, and no meal both in meals and "
                        "optional_meals", file=label, key="recipes.meals")
    portions = reader.get("portions", list(RecipeRules.portions))
    if (not isinstance(portions, list) or not portions or not all(
            isinstance(p, (int, float)) and not isinstance(p, bool) and 0 < p <= 10
            for p in portions)):
        raise DataError(f"expected a list of portion sizes from 0 to 10, e.g. [1, 1.5, 2]; "
                        f"found {_describe(portions)}", file=label, key="recipes.portions")
    sides = reader.child("sides", default={})
    sides.allow_only("per_day", "max_servings", "categories", "meals", "max_per_aisle")
    per_aisle = sides.child("max_per_aisle", default={})
    max_per_aisle = {str(aisle).lower(): per_aisle.integer(aisle, 1, low=0)
                     for aisle in per_aisle.value}
    categories = sides.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise DataError("expected a list of aisles", file=label, key="recipes.sides.categories")
    week = reader.child("week", default={})
    week.allow_only("recipe_max_days", "recipe_consecutive", "max_shared_recipes",
                    "protein_changes", "tags")
    consecutive = week.get("recipe_consecutive", False)
    if not isinstance(consecutive, bool):
        raise DataError("expected true or false", file=label,
                        key="recipes.week.recipe_consecutive")
    tag_rules = []
    entries = week.get("tags", [])
    if not isinstance(entries, list):
        raise DataError("expected a list of {tag, min, max, label}", file=label,
                        key="recipes.week.tags")
    for n, entry in enumerate(entries):
        rule = _Mapping(entry, label, f"recipes.week.tags[{n}]")
        rule.require_keys("tag")
        rule.allow_only("tag", "min", "max", "label")
        tag = rule.get("tag")
        if not isinstance(tag, str) or not tag:
            raise DataError("expected a tag", file=label, key=f"recipes.week.tags[{n}].tag")
        low = rule.integer("min", -1, low=-1, high=50)
        high = rule.integer("max", -1, low=-1, high=50)
        if low < 0 and high < 0:
            raise DataError("expected a 'min' and/or a 'max'", file=label,
                            key=f"recipes.week.tags[{n}]")
        _check_band(low if low >= 0 else None, high if high >= 0 else None, label,
                    f"recipes.week.tags[{n}]")
        tag_rules.append(TagRule(tag.casefold(), low if low >= 0 else None,
                                 high if high >= 0 else None,
                                 str(rule.get("label", f"recipes tagged {tag}"))))
    return RecipeRules(
        meals=meals, optional_meals=optional,
        portions=tuple(sorted(float(p) for p in set(portions))),
        sides_per_day=sides.integer("per_day", RecipeRules.sides_per_day, low=0, high=20),
        side_max_servings=sides.integer("max_servings", RecipeRules.side_max_servings, low=1,
                                        high=10),
        side_categories=frozenset(c.lower() for c in categories),
        side_meals=frozenset(_meal_list(sides, "meals", ("snack",))),
        side_max_per_aisle=max_per_aisle,
        recipe_max_days=week.integer("recipe_max_days", RecipeRules.recipe_max_days, low=1,
                                     high=366),
        recipe_consecutive=consecutive,
        max_shared_recipes=week.integer("max_shared_recipes", RecipeRules.max_shared_recipes,
                                        low=0, high=10),
        protein_changes=_meal_list(week, "protein_changes", RecipeRules.protein_changes),
        tag_rules=tuple(tag_rules),
    )


def _allergens(reader: "_Mapping", label: str) -> dict[str, frozenset[str]]:
    groups: dict[str, frozenset[str]] = {}
    for word in reader.value:
        tags = reader.get(word)
        if (not isinstance(word, str) or not _words(word) or not isinstance(tags, list)
                or not tags or not all(isinstance(t, str) and t.strip() for t in tags)):
            raise DataError(f"expected a word and a list of tags, e.g. 'nuts: [nuts, peanuts]', "
                            f"found {_describe(tags)}", file=label, key=f"allergens.{word}")
        groups[phrase_key(word)] = frozenset(t.strip().lower() for t in tags)
    return groups


def _shipped_allergens() -> dict[str, frozenset[str]]:
    label = "targets.yaml"
    document = parse_yaml(_decode(_read_bytes(default_targets_path(), label), label), label)
    if not isinstance(document, dict) or "allergens" not in document:
        return {}
    return _allergens(_Mapping(document, label, "").child("allergens", default={}), label)


def _planner_settings(reader: "_Mapping", label: str) -> PlannerSettings:
    reader.allow_only("days", "meals", "foods_per_day", "max_days_per_food", "max_shared_foods",
                      "max_servings",
                      "gap", "max_per_meal")
    meals_map = reader.child("meals", default={name: {} for name in MEAL_NAMES})
    rules = []
    for name in meals_map.value:
        if name not in MEAL_NAMES:
            raise DataError(f"unknown meal '{name}'; meals are {', '.join(MEAL_NAMES)}",
                            file=label, key=f"planner.meals.{name}")
        entry = meals_map.child(name)
        entry.allow_only("min_foods", "max_foods", "kcal_share", "require_categories")
        share = entry.pair("kcal_share", (0.0, 1.0))
        if not 0 <= share[0] <= share[1] <= 1:
            raise DataError("expected [low, high] with 0 <= low <= high <= 1", file=label,
                            key=f"planner.meals.{name}.kcal_share")
        min_foods = entry.integer("min_foods", 1, low=0, high=MAX_FOODS_PER_MEAL)
        max_foods = entry.integer("max_foods", 4, low=1, high=MAX_FOODS_PER_MEAL)
        if min_foods > max_foods:
            raise DataError(f"min_foods {min_foods} is more than max_foods {max_foods}",
                            file=label, key=f"planner.meals.{name}")
        required = entry.get("require_categories", [])
        if not isinstance(required, list) or not all(isinstance(c, str) for c in required):
            raise DataError("expected a list of aisles, e.g. [produce, frozen]", file=label,
                            key=f"planner.meals.{name}.require_categories")
        rules.append(MealRule(name, min_foods, max_foods, share,
                              frozenset(c.lower() for c in required)))
    if not rules:
        raise DataError("expected at least one meal", file=label, key="planner.meals")
    foods_per_day = reader.pair("foods_per_day", (1, 30))
    if foods_per_day[0] > foods_per_day[1]:
        raise DataError("expected [low, high] with low <= high", file=label,
                        key="planner.foods_per_day")
    per_meal = reader.child("max_per_meal", default={})
    max_per_meal = {str(category).lower(): per_meal.integer(category, 1, low=1,
                                                            high=MAX_FOODS_PER_MEAL)
                    for category in per_meal.value}
    shared = reader.number("max_shared_foods")
    if shared is not None and not 0 < shared <= 1:
        raise DataError("expected a share of a day's foods between 0 and 1, e.g. 0.5",
                        file=label, key="planner.max_shared_foods")
    gap = reader.number("gap")
    if gap is not None and not 0 <= gap < 1:
        raise DataError("expected a fraction between 0 and 1, e.g. 0.005", file=label,
                        key="planner.gap")
    return PlannerSettings(
        days=reader.integer("days", 7, low=1, high=366),
        meals=tuple(rules),
        foods_per_day=(int(foods_per_day[0]), int(foods_per_day[1])),
        max_shared_foods=0.5 if shared is None else shared,
        max_days_per_food=reader.integer("max_days_per_food", 3, low=1, high=366),
        max_servings=reader.integer("max_servings", 2, low=1, high=MAX_SERVINGS),
        gap=0.01 if gap is None else gap,
        max_per_meal=max_per_meal,
    )


def aisle_warnings(catalogue: "Catalogue", targets: Targets) -> list[str]:
    """Planner rules that name aisles the food table does not have (a catalogue of one's own
    may sort foods differently): a meal rule none of whose aisles exist is skipped when
    planning."""
    aisles = {food.category for food in catalogue.foods}
    warnings = []
    for rule in targets.planner.meals:
        missing = sorted(rule.require_categories - aisles)
        if missing:
            skipped = "; the rule is skipped" if len(missing) == len(
                rule.require_categories) else ""
            warnings.append(f"planner.meals.{rule.name}.require_categories in {targets.source} "
                            f"names {_aisles(missing)} that {catalogue.source} does not have"
                            f"{skipped}")
    missing = sorted(set(targets.planner.max_per_meal) - aisles)
    if missing:
        warnings.append(f"planner.max_per_meal in {targets.source} names {_aisles(missing)} "
                        f"that {catalogue.source} does not have")
    return warnings


def _aisles(names: list[str]) -> str:
    return ("aisle " if len(names) == 1 else "aisles ") + ", ".join(f"'{n}'" for n in names)


def _check_band(low: float | None, high: float | None, label: str, key: str) -> None:
    if low is not None and high is not None and low > high:
        raise DataError(f"min {low:g} is more than max {high:g}", file=label, key=key)


class _Mapping:
    """A YAML mapping with its dotted key path, for precise error messages."""

    def __init__(self, value: Any, label: str, path: str):
        if not isinstance(value, dict):
            raise DataError(
                f"expected a mapping of keys to values, found {_describe(value)}",
                file=label, key=path or None,
            )
        self.value = value
        self.label = label
        self.path = path

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    def require_keys(self, *keys: str) -> None:
        for key in keys:
            if key not in self.value:
                raise DataError("missing", file=self.label, key=self._key(key))

    def allow_only(self, *keys: str) -> None:
        for key in self.value:
            if key not in keys:
                raise DataError(
                    f"unknown key{_did_you_mean(str(key), keys)}; expected one of: "
                    f"{', '.join(keys)}",
                    file=self.label, key=self._key(key),
                )

    def get(self, key: str, default: Any = None) -> Any:
        return self.value.get(key, default)

    def child(self, key: str, default: Any = None) -> "_Mapping":
        value = self.value.get(key, default)
        if value is None and default is not None:
            value = default
        return _Mapping(value, self.label, self._key(key))

    def number(self, key: str) -> float | None:
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
                value) or value < 0:
            raise DataError(f"expected a number >= 0, found {_describe(value)}",
                            file=self.label, key=self._key(key))
        if value > MAX_TARGET:
            raise DataError(f"expected a number from 0 to {MAX_TARGET:g}, found "
                            f"{_describe(value)}", file=self.label, key=self._key(key))
        return float(value)

    def integer(self, key: str, default: int, low: int = 0, high: int | None = None) -> int:
        value = self.value.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (
                high is not None and value > high):
            bounds = f">= {low}" if high is None else f"from {low} to {high}"
            raise DataError(f"expected a whole number {bounds}, found {_describe(value)}",
                            file=self.label, key=self._key(key))
        return value

    def pair(self, key: str, default: tuple[float, float]) -> tuple[float, float]:
        value = self.value.get(key, list(default))
        if (not isinstance(value, list) or len(value) != 2 or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool)
                and 0 <= v <= MAX_TARGET for v in value)):
            raise DataError(f"expected [low, high], found {_describe(value)}",
                            file=self.label, key=self._key(key))
        return float(value[0]), float(value[1])


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --------------------------------------------------------------------------------------------
# foods.csv


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
    from .jsondoc import control_character

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
    return Food(
        name=name,
        category=text("category").lower(),
        serving=text("serving"),
        grams=number("grams", MAX_GRAMS, positive=True, low=MIN_GRAMS),
        price=price,
        nutrients=nutrients,
        sources=sources,
        meals=meals,
        tags=word_list("tags"),
        max_servings=whole("max_servings", settings.max_servings,  # type: ignore[arg-type]
                           high=MAX_SERVINGS),
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
        extra={column: text(column) for column in extra_columns},
    )


# --------------------------------------------------------------------------------------------
# Choosing foods: diets and exclusions


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _forms(word: str) -> frozenset[str]:
    """A word and the singulars it may be the plural of: eggs -> egg, berries -> berry,
    tomatoes -> tomato, cookies -> cookie.  Two words are the same when their forms meet."""
    forms = {word}
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
    return frozenset(forms)


def _same_words(first: Iterable[str], second: Iterable[str]) -> bool:
    first, second = list(first), list(second)
    return len(first) == len(second) and all(_forms(a) & _forms(b)
                                              for a, b in zip(first, second))


def phrase_key(text: str) -> str:
    """'Tree nuts', 'tree-nuts' -> 'tree-nuts': the words of a phrase, joined with '-'."""
    return "-".join(_words(text))


def match_exclusion(catalogue: Catalogue, term: str,
                    allergens: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """Names of the foods a user's ``--exclude`` term means.

    A term matches a tag or an aisle, a group of tags named in targets.yaml's ``allergens``
    (``nuts``: tree nuts and peanuts), or a food whose name contains each of the term's words
    as a whole word, singular or plural: ``eggs`` removes "Egg, hard-boiled", ``mushrooms``
    removes "Portabella mushroom, grilled", ``spinach`` removes "Spinach, raw" but not a word
    that merely starts with it.
    """
    folded = term.strip().casefold()
    words = _words(folded)
    tags: set[str] = set()
    for key, group in (allergens or {}).items():
        if _same_words(words, key.split("-")):
            tags |= group
    matched = set()
    for food in catalogue.foods:
        name_words = _words(food.name)
        if (food.name.casefold() == folded or folded in food.tags or folded == food.category
                or food.tags & tags
                or any(_same_words(words, _words(label)) for label in (*food.tags, food.category))
                or (words and all(any(_forms(word) & _forms(other) for other in name_words)
                                  for word in words))):
            matched.add(food.name)
    return matched


def is_allergen(term: str, allergens: Mapping[str, frozenset[str]]) -> bool:
    return any(_same_words(_words(term), key.split("-")) for key in allergens)


def resolve_exclusions(catalogue: Catalogue, terms: Iterable[str], option: str = "--exclude",
                       allergens: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """Food names the terms name; an unknown term is a DataError with suggestions.

    An allergen group that no food of this table carries (no sesame in it) is not an error:
    there is simply nothing to leave out.
    """
    excluded: set[str] = set()
    for term in terms:
        matched = match_exclusion(catalogue, term, allergens)
        if not matched and not is_allergen(term, allergens or {}):
            vocabulary = set(allergens or ())
            for food in catalogue.foods:
                vocabulary.update(food.tags)
                vocabulary.add(food.category)
                vocabulary.update(_words(food.name))
                vocabulary.add(food.name.casefold())
            raise DataError(
                f"{option} '{term}': no food, tag or aisle matches"
                f"{_did_you_mean(term.casefold(), vocabulary)}"
            )
        excluded |= matched
    return excluded


def diet_exclusions(catalogue: Catalogue, targets: Targets, diet: str | None) -> set[str]:
    if diet is None:
        return set()
    if diet not in targets.diets:
        raise DataError(f"unknown diet '{diet}'{_did_you_mean(diet, targets.diets)}; choose "
                        f"one of: {', '.join(targets.diets)}")
    banned = targets.diets[diet].exclude_tags
    return {food.name for food in catalogue.foods if food.tags & banned}


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(set(map(str, candidates))), n=3, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


# --------------------------------------------------------------------------------------------
# pantry.csv: what is already at home


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


# --------------------------------------------------------------------------------------------
# household.yaml: the people who share the menu

MAX_MEMBERS = 12
_MEMBER_KEYS = ("name", "profile", "diet", "exclude", "low_caffeine", "max_caffeine", "credits")


@dataclass(frozen=True)
class Member:
    """One person of a household: whose targets, and which foods they will not eat."""

    name: str
    profile: str
    diet: str | None = None
    exclude: tuple[str, ...] = ()
    low_caffeine: bool = False
    max_caffeine: float | None = None
    credits: Mapping[str, float] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()  # food names their diet and exclusions remove


@dataclass(frozen=True)
class Household:
    members: tuple[Member, ...]
    source: str = "household.yaml"


def load_household(path: str | Path, targets: Targets, catalogue: Catalogue) -> Household:
    """Read household.yaml: ``people:``, a list of people each with a ``name`` and optionally a
    ``profile``, ``diet``, ``exclude`` list, ``low_caffeine``/``max_caffeine`` and ``credits``.
    """
    label = str(path)
    document = parse_yaml(_decode(_read_bytes(Path(path), label), label), label)
    return household_from_document(document, targets, catalogue, label)


def household_from_document(document: Any, targets: Targets, catalogue: Catalogue,
                            label: str = "household.yaml") -> Household:
    reader = _Mapping(document, label, "")
    reader.require_keys("people")
    reader.allow_only("people")
    people = reader.get("people")
    if not isinstance(people, list) or not people:
        raise DataError(f"expected a list of people, found {_describe(people)}", file=label,
                        key="people")
    if len(people) > MAX_MEMBERS:
        raise DataError(f"{len(people)} people is more than the {MAX_MEMBERS} a household may "
                        f"have; plan larger groups with --people", file=label, key="people")
    members = []
    seen: set[str] = set()
    for n, entry in enumerate(people, start=1):
        members.append(_member(_Mapping(entry, label, f"people[{n}]"), targets, catalogue))
        folded = members[-1].name.casefold()
        if folded in seen:
            raise DataError(f"'{members[-1].name}' is named twice; give each person their own "
                            f"name", file=label, key=f"people[{n}].name")
        seen.add(folded)
    return Household(tuple(members), label)


def _member(entry: "_Mapping", targets: Targets, catalogue: Catalogue) -> Member:
    label = entry.label
    entry.require_keys("name")
    entry.allow_only(*_MEMBER_KEYS)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 40 or any(
            not ch.isprintable() for ch in name):
        raise DataError(f"expected a name of 1 to 40 printable characters, found "
                        f"{_describe(name)}", file=label, key=entry._key("name"))
    profile = entry.get("profile", targets.default_profile)
    if not isinstance(profile, str) or profile not in targets.profiles:
        raise DataError(f"unknown profile {_describe(profile)}"
                        f"{_did_you_mean(str(profile), targets.profiles)}; choose one of: "
                        f"{', '.join(targets.profiles)}", file=label, key=entry._key("profile"))
    diet = entry.get("diet")
    if diet is not None and (not isinstance(diet, str) or diet not in targets.diets):
        raise DataError(f"unknown diet {_describe(diet)}{_did_you_mean(str(diet), targets.diets)}"
                        f"; choose one of: {', '.join(targets.diets)}", file=label,
                        key=entry._key("diet"))
    exclude = entry.get("exclude", [])
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list) or not all(isinstance(t, str) and t.strip()
                                                for t in exclude):
        raise DataError(f"expected a list of foods, tags or aisles, found {_describe(exclude)}",
                        file=label, key=entry._key("exclude"))
    try:
        excluded = resolve_exclusions(catalogue, exclude, option="exclude",
                                      allergens=targets.allergens)
    except DataError as error:
        raise DataError(error.reason, file=label, key=entry._key("exclude")) from None
    excluded |= diet_exclusions(catalogue, targets, diet)
    low_caffeine = entry.get("low_caffeine", False)
    if not isinstance(low_caffeine, bool):
        raise DataError(f"expected true or false, found {_describe(low_caffeine)}", file=label,
                        key=entry._key("low_caffeine"))
    max_caffeine = entry.number("max_caffeine")
    if low_caffeine and max_caffeine is not None:
        raise DataError("give low_caffeine or max_caffeine, not both", file=label,
                        key=entry._key("max_caffeine"))
    credits = {}
    credit_map = entry.child("credits", {})
    for key in credit_map.value:
        if key not in targets.nutrients:
            raise DataError(f"unknown nutrient{_did_you_mean(str(key), targets.nutrients)}; "
                            f"choose one of: {', '.join(targets.nutrients)}", file=label,
                            key=credit_map._key(str(key)))
        credits[key] = credit_map.number(key) or 0.0
    return Member(name.strip(), profile, diet, tuple(exclude), low_caffeine, max_caffeine,
                  credits, frozenset(excluded))
