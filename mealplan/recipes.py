"""Recipes: real dishes built from foods.csv, the unit of a menu planned from recipes.

A recipe file is plain YAML a person edits (the shipped one is the top-level ``recipes.yaml``)::

    recipes:
      - name: Salmon with sweet potato and garlicky kale
        meals: [dinner]
        minutes: 35
        protein: salmon
        tags: [nordic]
        method: Roast the sweet potato 25 min at 220 °C, adding the salmon for the last 12.
        ingredients:
          "Salmon, baked": 130
          "Sweet potato, baked": 150

Ingredients are foods of the catalogue with grams per one-person portion; a recipe's nutrients
and price are computed from them, never typed in.  A recipe's tags are its own plus those of
its ingredients (``fish``, ``meat``, ``dairy`` ...), so diets and exclusions act on what is in
the dish.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from .data import MEAL_NAMES, Catalogue, Food, parse_yaml
from .data.matching import _did_you_mean
from .data.reader import _describe
from .errors import DataError
from .files import _decode, _read_bytes

MAX_RECIPES = 5_000
MAX_INGREDIENTS = 40
MAX_PORTION_GRAMS = 3_000.0
MAX_MINUTES = 24 * 60
_WORD = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RECIPE_KEYS = ("name", "meals", "minutes", "protein", "tags", "method", "ingredients")
# "--recipes none" plans from single foods.
NO_RECIPES = "none"
SHIPPED = "shipped"


@dataclass(frozen=True)
class Ingredient:
    food: str
    grams: float  # per one-person portion


@dataclass(frozen=True)
class Recipe:
    name: str
    meals: tuple[str, ...]
    minutes: int
    ingredients: tuple[Ingredient, ...]
    nutrients: Mapping[str, float]  # per portion, from the catalogue
    price: float | None             # per portion; None when an ingredient has no price
    tags: frozenset[str] = frozenset()       # its own and its ingredients' tags
    own_tags: tuple[str, ...] = ()           # as written in the file
    protein: str | None = None
    method: str = ""
    sources: frozenset[str] = frozenset()    # nutrients an ingredient is named a source of

    def amount(self, key: str) -> float:
        return self.nutrients.get(key, 0.0)

    @property
    def grams(self) -> float:
        return sum(item.grams for item in self.ingredients)


@dataclass(frozen=True)
class Cookbook:
    recipes: tuple[Recipe, ...]
    source: str = "recipes.yaml"
    sources: tuple[str, ...] = field(default=())  # every file it was read from

    def __len__(self) -> int:
        return len(self.recipes)

    def by_name(self) -> dict[str, Recipe]:
        return {recipe.name: recipe for recipe in self.recipes}


def default_recipes_path() -> Any:
    return resources.files("mealplan") / "data" / "recipes.yaml"


def load_recipes(spec: str | Path | None, catalogue: Catalogue) -> Cookbook:
    """Load one recipe file, or several joined by commas (``shipped`` is the packaged file).

    A recipe name may appear in only one of them.
    """
    parts = [SHIPPED] if spec is None else [part.strip() for part in str(spec).split(",")]
    recipes: list[Recipe] = []
    seen: dict[str, str] = {}
    labels = []
    for part in parts:
        if not part:
            raise DataError("--recipes: an empty file name in the list")
        source = default_recipes_path() if part == SHIPPED else Path(part)
        label = "recipes.yaml" if part == SHIPPED else part
        labels.append(label)
        book = parse_recipes(_decode(_read_bytes(source, label), label), catalogue, label)
        for recipe in book.recipes:
            folded = recipe.name.casefold()
            if folded in seen:
                raise DataError(f"recipe '{recipe.name}' is also in {seen[folded]}; names must "
                                f"be unique across recipe files", file=label)
            seen[folded] = label
            recipes.append(recipe)
    return Cookbook(tuple(recipes), ", ".join(labels), tuple(labels))


def parse_recipes(text: str, catalogue: Catalogue, label: str = "recipes.yaml") -> Cookbook:
    document = parse_yaml(text, label, check_text=False)  # _text names the recipe
    if not isinstance(document, dict) or "recipes" not in document:
        raise DataError("expected a mapping with a 'recipes' list", file=label)
    unknown = set(document) - {"recipes", "version"}
    if unknown:
        raise DataError("unknown key; expected 'recipes'", file=label, key=str(sorted(unknown)[0]))
    version = document.get("version", 1)
    if isinstance(version, bool) or version != 1:
        raise DataError(f"unsupported version {version!r}; this mealplan reads version 1",
                        file=label, key="version")
    entries = document["recipes"]
    if not isinstance(entries, list) or not entries:
        raise DataError(f"expected a list of recipes, found {_describe(entries)}",
                        file=label, key="recipes")
    if len(entries) > MAX_RECIPES:
        raise DataError(f"{len(entries)} recipes; mealplan reads at most {MAX_RECIPES}",
                        file=label, key="recipes")
    foods = catalogue.by_name()
    folded_foods = {name.casefold(): name for name in foods}
    recipes = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        recipe = _recipe(entry, number, foods, folded_foods, catalogue.nutrient_keys, label)
        folded = recipe.name.casefold()
        if folded in seen:
            raise DataError(f"duplicate recipe name (also recipe {seen[folded]})", file=label,
                            record=f"recipe '{recipe.name}'")
        seen[folded] = number
        recipes.append(recipe)
    return Cookbook(tuple(recipes), label, (label,))


def _text(value: Any, label: str, record: str | None, key: str, *, limit: int) -> str:
    where = {"file": label, "record": record, "key": key}
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"expected text, found {_describe(value)}", **where)
    if any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in value):
        raise DataError("control characters are not allowed", **where)
    if len(value) > limit:
        raise DataError(f"text is {len(value)} characters; at most {limit}", **where)
    return " ".join(value.split())


def _words(value: Any, label: str, record: str, key: str) -> tuple[str, ...]:
    where = {"file": label, "record": record, "key": key}
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"expected a list of words, found {_describe(value)}", **where)
    words = tuple(v.strip().casefold() for v in value)
    for word in words:
        if not _WORD.match(word):
            raise DataError(f"'{word}' is not a word: use lower-case letters, digits and -",
                            **where)
    return words


def _recipe(entry: Any, number: int, foods: Mapping[str, Food], folded_foods: Mapping[str, str],
            nutrient_keys: Iterable[str], label: str) -> Recipe:
    if not isinstance(entry, dict):
        raise DataError(f"expected a recipe (a mapping with name, meals, minutes, method, "
                        f"ingredients), found {_describe(entry)}", file=label,
                        record=f"recipe {number}")
    raw_name = entry.get("name")
    name = _text(raw_name, label, f"recipe {number}", "name", limit=100)
    where = f"recipe '{name}'"
    for key in entry:
        if key not in _RECIPE_KEYS:
            raise DataError(f"unknown key{_did_you_mean(str(key), _RECIPE_KEYS)}; expected "
                            f"one of: {', '.join(_RECIPE_KEYS)}", file=label,
                            record=where, key=str(key))
    for key in ("meals", "minutes", "ingredients"):
        if key not in entry:
            raise DataError("missing", file=label, record=where, key=key)
    meals = _words(entry["meals"], label, where, "meals")
    if not meals:
        raise DataError("expected at least one meal", file=label, record=where, key="meals")
    for meal in meals:
        if meal not in MEAL_NAMES:
            raise DataError(f"unknown meal '{meal}'{_did_you_mean(meal, MEAL_NAMES)}; meals "
                            f"are {', '.join(MEAL_NAMES)}", file=label, record=where, key="meals")
    minutes = entry["minutes"]
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= MAX_MINUTES:
        raise DataError(f"expected whole minutes from 1 to {MAX_MINUTES}, found "
                        f"{_describe(minutes)}", file=label, record=where, key="minutes")
    protein = None
    if entry.get("protein") is not None:
        protein = _words([entry["protein"]], label, where, "protein")[0]
    own_tags = _words(entry.get("tags", []), label, where, "tags")
    method = _text(entry["method"], label, where, "method", limit=1000) \
        if "method" in entry else ""
    ingredients_map = entry["ingredients"]
    if not isinstance(ingredients_map, dict) or not ingredients_map:
        raise DataError(f"expected food: grams pairs, found {_describe(ingredients_map)}",
                        file=label, record=where, key="ingredients")
    if len(ingredients_map) > MAX_INGREDIENTS:
        raise DataError(f"{len(ingredients_map)} ingredients; at most {MAX_INGREDIENTS}",
                        file=label, record=where, key="ingredients")
    ingredients = []
    nutrients = dict.fromkeys(nutrient_keys, 0.0)
    price: float | None = 0.0
    tags: set[str] = set(own_tags)
    sources: set[str] = set()
    for food_name, grams in ingredients_map.items():
        key = f"ingredients.{food_name}"
        resolved = folded_foods.get(str(food_name).casefold())
        if resolved is None:
            raise DataError(f"unknown food '{food_name}'{_did_you_mean(str(food_name), foods)}",
                            file=label, record=where, key=key)
        if (isinstance(grams, bool) or not isinstance(grams, (int, float))
                or not math.isfinite(grams) or not 0 < grams <= MAX_PORTION_GRAMS):
            raise DataError(f"expected grams per portion, a number more than 0 and at most "
                            f"{MAX_PORTION_GRAMS:g}, found {_describe(grams)}", file=label,
                            record=where, key=key)
        food = foods[resolved]
        ingredients.append(Ingredient(food.name, float(grams)))
        share = grams / food.grams
        for nutrient in nutrients:
            nutrients[nutrient] += food.amount(nutrient) * share
        price = None if price is None or food.price is None else price + food.price * share
        tags |= food.tags
        sources |= food.sources
    tags.discard("ingredient")  # "only inside a recipe" is about a food, not about a dish
    return Recipe(name, meals, minutes, tuple(ingredients), nutrients, price, frozenset(tags),
                  own_tags, protein, method, frozenset(sources))


def recipe_uses(recipe: Recipe, excluded_foods: Iterable[str]) -> bool:
    """True when the recipe has one of the excluded foods among its ingredients."""
    excluded = set(excluded_foods)
    return any(item.food in excluded for item in recipe.ingredients)
