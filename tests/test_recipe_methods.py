"""Each shipped recipe's method and ingredient list agree, and its name promises no missing food.

Three checks, read through the real loader:

* every ingredient is named in the method by a word of its food's name ("Spinach, raw" by
  "spinach", "Brown rice, cooked" by "rice"), singular or plural;
* the method names no food that is not in the list: a distinctive word of a catalogue food
  ("salmon", "feta"), a whole catalogue name ("sweet potato", "soy milk", "brown rice") or a
  food the catalogue does not carry at all ("lemongrass", "thyme") is an ingredient a cook
  would have to buy and the plan would not count;
* the name passes the same test as the method: "lemongrass tofu" needs lemongrass.

A food's naming words are the words of its name less a small vocabulary of QUALIFIERS (how it
is sold or cooked, its colour or variety: "raw", "canned", "brown", "greek").  A method may
also name a food by one of a few SYNONYMS, and a FAMILY word ("fish", "greens") needs some
member of its family among the ingredients.  The vocabularies are data below, not exceptions
per recipe; a word that is in none of them and in no food's name (water, sauce, salad) is not a
food and is never an offence.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable, Iterable

import pytest

from mealplan.data import Catalogue, load_foods, load_targets
from mealplan.data.matching import _forms as word_forms
from mealplan.recipes import Ingredient, Recipe, load_recipes

# "O's" stays one word; digits ("Milk, 2%") are no name; punctuation ends a run of words, so
# "oats, milk" is not "oat milk".
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_CLAUSE = re.compile(r"[,;:.()!?]")

# Words of food names that say how a food is sold, cut or cooked, its colour, origin or variety:
# they name no food by themselves ("brown the onion", "until crisp", "chop", "split the bread").
QUALIFIERS = frozenset("""
    raw cooked baked roasted roast grilled steamed fried scrambled poached hard boiled canned
    crushed dry ground grated sliced fresh frozen dried smoked kippered quick plain low fat
    nonfat lean extra firm whole wheat unsweetened lactose free calcium set with skin mixed
    toasted fortified all purpose brewed beverage powder root sauce flakes crisp patty
    chop split eyed part skim decaf herbal dark black white red green brown sweet wild pink
    greek swiss american english rainbow deli multigrain honeycomb alphabet vegetable
""".split())

# Words a cook uses for a food that its name does not contain.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "spaghetti": ("Pasta, cooked", "Whole-wheat pasta, cooked"),
    "kipper": ("Kippered herring",),
    "kippers": ("Kippered herring",),
    "pepitas": ("Pumpkin seeds",),
    "stock": ("Chicken broth", "Vegetable broth"),
    "kiwi": ("Kiwifruit",),
}

# Words that name any food of a group: a method that says "fish" needs a fish.
FAMILIES: dict[str, Callable] = {
    "fish": lambda food: "fish" in food.tags,
    "seafood": lambda food: bool({"fish", "shellfish"} & food.tags),
    "cereal": lambda food: "fortified" in food.tags and food.category == "grains & bakery",
    "greens": lambda food: food.name.partition(",")[0] in LEAFY_GREENS,
    "nuts": lambda food: bool({"nuts", "peanuts"} & food.tags) and "ingredient" not in food.tags,
    "berries": lambda food: food.name.endswith(("berries", "Raspberries")),
    "herbs": lambda food: food.name.endswith(", fresh") and food.category == "produce",
    "noodles": lambda food: food.name.partition(",")[0].endswith(("pasta", "noodles")),
}
LEAFY_GREENS = {"Spinach", "Kale", "Collard greens", "Swiss chard", "Beet greens",
                "Mustard greens", "Bok choy", "Arugula", "Romaine lettuce"}

# Foods foods.csv does not carry: a recipe cannot list them, so its method must not use them.
NOT_IN_CATALOGUE = frozenset("""
    lemongrass thyme oregano rosemary dill mint chives sage bay turmeric nutmeg saffron vanilla
    sugar yeast capers anchovy anchovies wine mayonnaise mayo ketchup tamari miso
    sriracha gochujang bacon injera
""".split())
NOT_IN_CATALOGUE_PHRASES = (("baking", "powder"), ("baking", "soda"), ("chili", "flakes"),
                            ("fish", "sauce"))

# Names of dishes whose words are not their foods: a Spanish tortilla is an omelette, banana
# bread a cake, gallo pinto ("spotted rooster") rice with black beans, baked oatmeal is baked
# oats.  They name no food, wherever they appear.
DISH_NAMES = (("spanish", "tortilla"), ("banana", "bread"), ("gallo", "pinto"),
              ("baked", "oatmeal"))


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def same(first: str, second: str) -> bool:
    return bool(word_forms(first) & word_forms(second))


class Vocabulary:
    """Which foods a word or a run of words of a method names."""

    def __init__(self, catalogue: Catalogue):
        self.foods = catalogue.foods
        self.naming: dict[str, frozenset[str]] = {}
        self.heads: list[tuple[tuple[str, ...], frozenset[str]]] = []
        heads: dict[tuple[str, ...], set[str]] = {}
        for food in self.foods:
            self.naming[food.name] = frozenset(
                word for word in words(food.name) if word not in QUALIFIERS)
            head = tuple(words(food.name.partition(",")[0]))
            if len(head) > 1:
                heads.setdefault(head, set()).add(food.name)
        for word, names in SYNONYMS.items():
            for name in names:
                self.naming[name] |= {word}
        # A whole name inside a method names every food whose name contains it ("coconut
        # milk": the canned one and the drink); the longest runs are matched first.
        for head in sorted(heads, key=len, reverse=True):
            named = {food.name for food in self.foods
                     if _contains(tuple(words(food.name.partition(",")[0])), head)}
            self.heads.append((head, frozenset(named)))
        self.families = {word: frozenset(food.name for food in self.foods if member(food))
                         for word, member in FAMILIES.items()}
        self._named: dict[str, frozenset[str]] = {}

    def named_by(self, word: str) -> frozenset[str]:
        """Foods a single word of a method names: by a naming word or a family."""
        if word in self._named:
            return self._named[word]
        named = {name for name, naming in self.naming.items()
                 if any(same(word, other) for other in naming)}
        for family, members in self.families.items():
            if same(word, family):
                named |= members
        self._named[word] = frozenset(named)
        return self._named[word]

    def mentions(self, text: str) -> list[tuple[str, frozenset[str]]]:
        """Each food mention in the text: the words, and the foods any of which it may mean
        (an empty set for a food the catalogue does not carry)."""
        found = []
        for clause in _CLAUSE.split(text):
            found += self._clause_mentions(words(clause))
        return found

    def _clause_mentions(self, tokens: list[str]) -> list[tuple[str, frozenset[str]]]:
        found = []
        position = 0
        while position < len(tokens):
            run = self._run_at(tokens, position)
            if run is not None:
                length, named = run
                if named is not None:
                    found.append((" ".join(tokens[position:position + length]), named))
                position += length
                continue
            word = tokens[position]
            if any(same(word, other) for other in NOT_IN_CATALOGUE):
                found.append((word, frozenset()))
            elif word not in QUALIFIERS:
                named = self.named_by(word)
                if named:
                    found.append((word, named))
            position += 1
        return found

    def _run_at(self, tokens, position):
        for phrase in DISH_NAMES:
            if _starts(tokens, position, phrase):
                return len(phrase), None
        for phrase in NOT_IN_CATALOGUE_PHRASES:
            if _starts(tokens, position, phrase):
                return len(phrase), frozenset()
        for head, named in self.heads:
            if _starts(tokens, position, head):
                return len(head), named
        return None


def _starts(tokens: list[str], position: int, phrase: tuple[str, ...]) -> bool:
    window = tokens[position:position + len(phrase)]
    return len(window) == len(phrase) and all(same(a, b) for a, b in zip(window, phrase))


def _contains(head: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(_starts(list(head), start, phrase) for start in range(len(head)))


def unnamed_ingredients(recipe: Recipe, vocabulary: Vocabulary) -> list[str]:
    """Ingredients the method never names."""
    method = words(recipe.method)
    return [item.food for item in recipe.ingredients
            if not any(same(word, name) for word in method
                       for name in vocabulary.naming[item.food])]


def foods_not_listed(text: str, recipe: Recipe, vocabulary: Vocabulary) -> list[str]:
    """Words of the text that name a food the recipe does not list."""
    listed = {item.food for item in recipe.ingredients}
    return [mention for mention, named in vocabulary.mentions(text) if not named & listed]


def offences(recipes: Iterable[Recipe], vocabulary: Vocabulary) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"ingredient not in method": [], "method food not listed": [],
                                   "name food not listed": []}
    for recipe in recipes:
        for food in unnamed_ingredients(recipe, vocabulary):
            found["ingredient not in method"].append(f"{recipe.name}: {food}")
        for mention in foods_not_listed(recipe.method, recipe, vocabulary):
            found["method food not listed"].append(f"{recipe.name}: '{mention}'")
        for mention in foods_not_listed(recipe.name, recipe, vocabulary):
            found["name food not listed"].append(f"{recipe.name}: '{mention}'")
    return found


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def shipped_catalogue():
    return load_foods(targets=load_targets())


@pytest.fixture(scope="module")
def cookbook(shipped_catalogue):
    return load_recipes(None, shipped_catalogue)


@pytest.fixture(scope="module")
def vocabulary(shipped_catalogue):
    return Vocabulary(shipped_catalogue)


@pytest.fixture(scope="module")
def shipped_offences(cookbook, vocabulary):
    return offences(cookbook.recipes, vocabulary)


# --------------------------------------------------------------------------- the vocabulary

def test_every_food_has_a_naming_word(vocabulary):
    nameless = sorted(name for name, naming in vocabulary.naming.items() if not naming)
    assert not nameless, f"QUALIFIERS leave these foods no word a method could name them by: " \
                         f"{nameless}"


def test_synonyms_and_families_name_catalogue_foods(vocabulary):
    known = set(vocabulary.naming)
    unknown = sorted({name for names in SYNONYMS.values() for name in names} - known)
    assert not unknown, f"SYNONYMS name foods not in foods.csv: {unknown}"
    empty = sorted(family for family, members in vocabulary.families.items() if not members)
    assert not empty, f"FAMILIES with no member in foods.csv: {empty}"


def test_foods_absent_from_the_catalogue_are_absent(vocabulary):
    clash = sorted(word for word in NOT_IN_CATALOGUE if vocabulary.named_by(word))
    assert not clash, f"NOT_IN_CATALOGUE words that name a food of foods.csv: {clash}"


# --------------------------------------------------------------------------- the recipes

def test_every_ingredient_is_in_its_method(shipped_offences):
    found = shipped_offences["ingredient not in method"]
    assert not found, "ingredients the method never names:\n" + "\n".join(found)


def test_every_food_of_a_method_is_an_ingredient(shipped_offences):
    found = shipped_offences["method food not listed"]
    assert not found, "methods naming a food the recipe does not list:\n" + "\n".join(found)


def test_no_name_promises_a_food_not_listed(shipped_offences):
    found = shipped_offences["name food not listed"]
    assert not found, "names promising a food the recipe does not list:\n" + "\n".join(found)


# --------------------------------------------------------------------------- the checks can fail

def _recipe(name: str, method: str, *foods: str) -> Recipe:
    return Recipe(name=name, meals=("dinner",), minutes=10, nutrients={}, price=None,
                  ingredients=tuple(Ingredient(food, 100.0) for food in foods), method=method)


def test_an_ingredient_the_method_forgets_is_caught(vocabulary):
    recipe = _recipe("Tofu and rice", "Fry the tofu and serve over the rice.",
                     "Tofu, extra firm", "Brown rice, cooked", "Walnuts")
    assert unnamed_ingredients(recipe, vocabulary) == ["Walnuts"]


def test_plural_and_cooked_forms_name_an_ingredient(vocabulary):
    recipe = _recipe("Greens", "Wilt the spinach, fold in the eggs and serve with rice.",
                     "Spinach, raw", "Egg, raw", "Brown rice, cooked")
    assert unnamed_ingredients(recipe, vocabulary) == []


@pytest.mark.parametrize("method, mention", [
    ("Flake the salmon over the rice.", "salmon"),
    ("Crumble the feta over the rice.", "feta"),
    ("Serve the rice with sweet potato.", "sweet potato"),
    ("Simmer the rice in soy milk.", "soy milk"),
    ("Bruise the lemongrass and steam the rice.", "lemongrass"),
    ("Steam the rice with a pinch of baking soda.", "baking soda"),
    ("Serve the rice with the fish.", "fish"),
])
def test_a_food_the_list_lacks_is_caught(vocabulary, method, mention):
    recipe = _recipe("Plain rice", method, "White rice, cooked")
    assert foods_not_listed(method, recipe, vocabulary) == [mention]


def test_a_whole_name_means_that_food_not_its_words(vocabulary):
    """"Brown rice" is not white rice, although both are rice; "brown" alone is a verb."""
    recipe = _recipe("Rice", "Brown the onion and add the brown rice.", "White rice, cooked",
                     "Onion")
    assert foods_not_listed(recipe.method, recipe, vocabulary) == ["brown rice"]


def test_a_name_promising_a_missing_food_is_caught(cookbook, vocabulary):
    real = cookbook.recipes[0]
    renamed = dataclasses.replace(real, name=f"Lemongrass {real.name.lower()}")
    found = offences([renamed], vocabulary)
    assert found["name food not listed"] == [f"{renamed.name}: 'lemongrass'"]
    assert found["ingredient not in method"] == found["method food not listed"] == []


def test_a_dish_name_is_no_food_but_its_word_alone_is(vocabulary):
    recipe = _recipe("Spanish tortilla", "Cook the potato into a Spanish tortilla.",
                     "Potato, baked, with skin")
    assert foods_not_listed(recipe.method, recipe, vocabulary) == []
    assert foods_not_listed("Wrap it in a tortilla.", recipe, vocabulary) == ["tortilla"]
