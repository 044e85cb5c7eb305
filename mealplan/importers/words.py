"""Units and words: what a recipe line's units mean and which words say nothing of the food."""

from __future__ import annotations

import re


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
