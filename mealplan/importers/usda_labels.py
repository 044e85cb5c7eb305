"""What a USDA food is, for mealplan: its shopping aisle, its tags (for diets, allergens and
--exclude) and its caffeine, from its name and USDA food category alone.

usda.py maps each USDA food to a foods.csv row with these; they are apart because the word
lists that drive them are most of the importer's length and change for other reasons (a new
allergen, a missed aisle) than its reading of fooddata.csv does.
"""

from __future__ import annotations

import re
from typing import Iterable


AISLES = ("produce", "dairy & eggs", "meat & fish", "grains & bakery", "nuts & seeds", "pantry",
          "frozen", "drinks", "snacks & sweets", "other")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


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
