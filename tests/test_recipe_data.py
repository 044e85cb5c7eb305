"""The shipped recipes.yaml meets the recipe issue, read through the real loader.

Counts per meal, every diet at every main meal, several cuisines, every food the article names
in at least three dishes, a realistic energy per portion, one spelling per protein, unique names,
and nutrients that are the sum of their ingredients as foods.csv lists them.  Everything is
computed from the loaded recipes (ingredient food names and tags), never from the recipe names.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

import pytest
import yaml

from mealplan.data import load_foods, load_targets
from mealplan.recipes import load_recipes

REPO = Path(__file__).resolve().parent.parent
MAIN_MEALS = ("breakfast", "lunch", "dinner")
MIN_RECIPES = 150
MIN_PER_MEAL = {"breakfast": 35, "lunch": 50, "dinner": 50, "snack": 15}
KCAL_PER_PORTION = {"breakfast": (250, 700), "lunch": (400, 950), "dinner": (400, 950),
                    "snack": (100, 400)}
# Own tags that describe how a dish is made, not where it comes from.
STYLE_TAGS = {"quick", "no-cook", "one-pot", "batch", "sheet-pan", "salad"}
MIN_CUISINES = 8
MIN_CUISINES_PER_MAIN_MEAL = 5
MIN_RECIPES_PER_ARTICLE_FOOD = 3
# A week of one meal, no recipe repeated: what a diet needs at least.
MIN_PER_DIET_AND_MAIN_MEAL = 7
STRICT_CLASSES = ("omnivore", "pescatarian", "vegetarian", "vegan")


@pytest.fixture(scope="module")
def shipped_targets():
    return load_targets()


@pytest.fixture(scope="module")
def shipped_foods(shipped_targets):
    return load_foods(targets=shipped_targets)


@pytest.fixture(scope="module")
def cookbook(shipped_foods):
    return load_recipes(None, shipped_foods)


@pytest.fixture(scope="module")
def csv_foods() -> dict[str, dict[str, str]]:
    with open(REPO / "foods.csv", encoding="utf-8", newline="") as handle:
        return {row["food"]: row for row in csv.DictReader(handle)}


def in_meal(cookbook, meal):
    return [recipe for recipe in cookbook.recipes if meal in recipe.meals]


def food_names(recipe) -> set[str]:
    return {item.food for item in recipe.ingredients}


def strict_class(recipe, targets) -> str:
    """The most restrictive diet a recipe fits: vegan, vegetarian, pescatarian, else omnivore."""
    for diet in ("vegan", "vegetarian", "pescatarian"):
        if not recipe.tags & targets.diets[diet].exclude_tags:
            return diet
    return "omnivore"


def cuisines(recipe) -> set[str]:
    return set(recipe.own_tags) - STYLE_TAGS


# --------------------------------------------------------------------------- counts

def test_at_least_150_recipes(cookbook):
    assert len(cookbook) >= MIN_RECIPES, f"{len(cookbook)} recipes; the issue asks for {MIN_RECIPES}"


@pytest.mark.parametrize("meal", list(MIN_PER_MEAL))
def test_recipes_per_meal(cookbook, meal):
    count = len(in_meal(cookbook, meal))
    assert count >= MIN_PER_MEAL[meal], (
        f"{count} recipes for {meal}; the issue asks for at least {MIN_PER_MEAL[meal]}")


def test_names_unique_ignoring_case(cookbook):
    counts = Counter(recipe.name.casefold() for recipe in cookbook.recipes)
    repeated = sorted(name for name, count in counts.items() if count > 1)
    assert not repeated, f"recipe names used more than once (ignoring case): {repeated}"


def test_shipped_file_is_the_assembled_drafts():
    drafts = []
    for path in sorted((REPO / "tools" / "recipes").glob("[0-9][0-9]-*.yaml")):
        drafts += [entry["name"] for entry in yaml.safe_load(path.read_text("utf-8"))["recipes"]]
    shipped = [entry["name"] for entry in
               yaml.safe_load((REPO / "recipes.yaml").read_text("utf-8"))["recipes"]]
    assert shipped == drafts, ("recipes.yaml differs from tools/recipes/*.yaml: run "
                               "python tools/recipes/assemble.py")


# --------------------------------------------------------------------------- diets, cuisines

@pytest.mark.parametrize("meal", MAIN_MEALS)
@pytest.mark.parametrize("diet_class", STRICT_CLASSES)
def test_every_diet_class_at_every_main_meal(cookbook, shipped_targets, meal, diet_class):
    found = [r.name for r in in_meal(cookbook, meal)
             if strict_class(r, shipped_targets) == diet_class]
    assert found, f"no {diet_class} recipe for {meal}"


@pytest.mark.parametrize("meal", MAIN_MEALS)
@pytest.mark.parametrize("diet", ["vegan", "vegetarian", "pescatarian"])
def test_a_week_of_recipes_for_every_diet(cookbook, shipped_targets, meal, diet):
    banned = shipped_targets.diets[diet].exclude_tags
    allowed = [r.name for r in in_meal(cookbook, meal) if not r.tags & banned]
    assert len(allowed) >= MIN_PER_DIET_AND_MAIN_MEAL, (
        f"only {len(allowed)} {meal} recipes a {diet} may eat: {allowed}")


def test_several_cuisines(cookbook):
    found = Counter(tag for recipe in cookbook.recipes for tag in cuisines(recipe))
    assert len(found) >= MIN_CUISINES, f"only {len(found)} cuisines: {sorted(found)}"


@pytest.mark.parametrize("meal", MAIN_MEALS)
def test_several_cuisines_at_every_main_meal(cookbook, meal):
    found = {tag for recipe in in_meal(cookbook, meal) for tag in cuisines(recipe)}
    assert len(found) >= MIN_CUISINES_PER_MAIN_MEAL, (
        f"only {len(found)} cuisines at {meal}: {sorted(found)}")


# --------------------------------------------------------------------------- article foods

def _by_name(*names):
    return lambda food: food.name in names


def _by_prefix(*prefixes):
    return lambda food: food.name.partition(",")[0] in prefixes


# Each food (or family) the article names, and the catalogue foods that are it.
ARTICLE_FOODS = {
    "dark leafy greens": _by_prefix("Spinach", "Kale", "Collard greens", "Swiss chard",
                                    "Beet greens", "Mustard greens", "Bok choy", "Arugula"),
    "almonds": _by_name("Almonds", "Almond butter"),
    "cashews": _by_name("Cashews"),
    "pumpkin seeds": _by_name("Pumpkin seeds"),
    "bananas": _by_name("Banana"),
    "avocados": _by_name("Avocado"),
    "legumes": _by_prefix("Black beans", "Kidney beans", "Pinto beans", "White beans",
                          "Black-eyed peas", "Lentils", "Chickpeas", "Split peas", "Hummus",
                          "Edamame", "Tofu", "Soybeans", "Tempeh"),
    "salmon": lambda food: food.name.startswith("Salmon") or food.name == "Smoked salmon",
    "eggs": lambda food: "egg" in food.tags,
    "dairy": lambda food: "dairy" in food.tags and food.category == "dairy & eggs"
    and "ingredient" not in food.tags,  # milk, yogurt, kefir, cheese; not butter
    "fortified cereals": lambda food: "fortified" in food.tags
    and food.category == "grains & bakery",
    "fortified plant milks": lambda food: "fortified" in food.tags
    and food.category == "plant milks" and "milk" in food.name.casefold(),
    "sweet potatoes": _by_prefix("Sweet potato"),
    "tomatoes": _by_prefix("Tomato", "Tomatoes", "Tomato sauce", "Tomato juice"),
    "whole grains": lambda food: food.name.startswith(("Whole-wheat", "English muffin, whole"))
    or food.name.partition(",")[0] in {"Oatmeal", "Oats", "Brown rice", "Wild rice", "Quinoa",
                                       "Barley", "Buckwheat groats", "Bulgur"},
    "lean meats": _by_name("Chicken breast, roasted", "Chicken thigh, cooked",
                           "Turkey breast, roasted", "Ground turkey, cooked", "Deli turkey",
                           "Beef sirloin steak, lean", "Roast beef", "Pork tenderloin, roasted",
                           "Pork loin chop, lean"),
}


@pytest.mark.parametrize("article_food", list(ARTICLE_FOODS))
def test_every_article_food_is_in_three_recipes(shipped_foods, cookbook, article_food):
    members = {food.name for food in shipped_foods.foods if ARTICLE_FOODS[article_food](food)}
    assert members, f"no food in foods.csv is {article_food}: has a food been renamed?"
    using = [r.name for r in cookbook.recipes if food_names(r) & members]
    assert len(using) >= MIN_RECIPES_PER_ARTICLE_FOOD, (
        f"{article_food} ({sorted(members)}) is an ingredient of only {len(using)} recipes: "
        f"{using}")


# --------------------------------------------------------------------------- energy

def test_energy_per_portion_is_realistic(cookbook):
    offenders = []
    for recipe in cookbook.recipes:
        kcal = recipe.amount("kcal")
        for meal in recipe.meals:
            low, high = KCAL_PER_PORTION[meal]
            if not low <= kcal <= high:
                offenders.append(f"{recipe.name}: {kcal:.0f} kcal for {meal} ({low}-{high})")
    assert not offenders, "energy per portion out of range:\n" + "\n".join(offenders)


# --------------------------------------------------------------------------- proteins

# One word per protein, and the catalogue foods that are that protein.  Fish by species, except
# white fish (cod, tilapia, halibut); all beans are `beans`; soy foods by product.
PROTEINS = {
    "chicken": {"Chicken breast, roasted", "Chicken thigh, cooked"},
    "turkey": {"Turkey breast, roasted", "Ground turkey, cooked", "Deli turkey"},
    "beef": {"Beef sirloin steak, lean", "Ground beef patty", "Roast beef", "Beef liver, cooked"},
    "pork": {"Pork tenderloin, roasted", "Pork loin chop, lean", "Ham, sliced"},
    "salmon": {"Salmon, baked", "Salmon, sockeye, cooked", "Salmon, pink, canned",
               "Smoked salmon"},
    "trout": {"Rainbow trout, baked"},
    "mackerel": {"Mackerel, baked"},
    "sardines": {"Sardines, canned"},
    "herring": {"Herring, cooked", "Kippered herring"},
    "tuna": {"Tuna, canned"},
    "swordfish": {"Swordfish, cooked"},
    "white-fish": {"Cod, baked", "Tilapia, baked", "Halibut, cooked"},
    "shrimp": {"Shrimp, steamed"},
    "egg": {"Egg, hard-boiled", "Eggs, scrambled", "Egg, poached", "Egg, raw"},
    "cheese": {"Cheddar cheese", "Mozzarella, part-skim", "Swiss cheese", "American cheese",
               "Parmesan, grated", "Feta cheese", "Cottage cheese, low-fat", "Ricotta, part-skim"},
    "yogurt": {"Yogurt, plain, low-fat", "Yogurt, fruit, low-fat", "Greek yogurt, plain, nonfat",
               "Greek yogurt, fruit, nonfat"},
    "kefir": {"Kefir, plain"},
    "milk": {"Milk, whole", "Milk, 2%", "Milk, 1%", "Milk, skim", "Milk, lactose-free 2%",
             "Chocolate milk, low-fat"},
    "beans": {"Black beans", "Kidney beans", "Pinto beans", "White beans", "Black-eyed peas"},
    "chickpeas": {"Chickpeas", "Hummus"},
    "lentils": {"Lentils, cooked"},
    "split-peas": {"Split peas, cooked"},
    "tofu": {"Tofu, extra firm", "Tofu, fried (calcium-set)"},
    "tempeh": {"Tempeh"},
    "edamame": {"Edamame"},
    "soybeans": {"Soybeans, cooked"},
    "soy-milk": {"Soy milk, unsweetened"},
    "soy-yogurt": {"Soy yogurt"},
    "nuts": {"Almonds", "Cashews", "Walnuts", "Pistachios", "Almond butter"},
    "peanuts": {"Peanuts, dry roasted", "Peanut butter"},
    "seeds": {"Pumpkin seeds", "Sunflower seeds", "Chia seeds", "Flaxseed, ground"},
}


def test_protein_vocabulary_names_real_foods(shipped_foods):
    known = {food.name for food in shipped_foods.foods}
    missing = sorted(name for names in PROTEINS.values() for name in names if name not in known)
    assert not missing, f"protein foods not in foods.csv: {missing}"
    seen: dict[str, str] = {}
    for word, names in PROTEINS.items():
        for name in names:
            assert name not in seen, f"{name} is both '{seen[name]}' and '{word}'"
            seen[name] = word


def test_every_lunch_and_dinner_has_a_protein(cookbook):
    missing = [r.name for r in cookbook.recipes
               if {"lunch", "dinner"} & set(r.meals) and not r.protein]
    assert not missing, f"lunches and dinners without a protein: {missing}"


def test_proteins_are_spelled_one_way(cookbook):
    unknown = sorted({f"{r.protein} ({r.name})" for r in cookbook.recipes
                      if r.protein and r.protein not in PROTEINS})
    assert not unknown, (f"proteins outside the vocabulary {sorted(PROTEINS)}: {unknown}; use "
                         f"the word of the vocabulary (e.g. white-fish, not cod or fish)")


def test_protein_is_an_ingredient(cookbook):
    offenders = [f"{r.name}: protein '{r.protein}' but none of {sorted(PROTEINS[r.protein])}"
                 for r in cookbook.recipes
                 if r.protein in PROTEINS and not food_names(r) & PROTEINS[r.protein]]
    assert not offenders, "\n".join(offenders)


# --------------------------------------------------------------------------- nutrients

def _from_csv(csv_foods, ingredients, key):
    return sum(grams / float(csv_foods[food]["grams"]) * float(csv_foods[food][key])
               for food, grams in ingredients.items())


# Two recipes written out by hand: ingredients as in the draft files, and the energy worked
# out from foods.csv (grams / serving grams * kcal per serving, summed).
HAND_CHECKED = {
    "Baked salmon with sweet potato and garlicky kale": (
        {"Salmon, baked": 130, "Sweet potato, baked": 150, "Kale, cooked": 100,
         "Olive oil": 7, "Garlic": 3, "Lemon juice": 5, "Pumpkin seeds": 10},
        # 130/85*201.4 + 150/114*93.5 + 100/118*54.3 + 7/13.5*119.4 + 3/3*4.5 + 5/15*3.3
        # + 10/28*160.7
        308.024 + 123.026 + 46.017 + 61.911 + 4.5 + 1.1 + 57.393,
    ),
    "Lentil soup with spinach and lemon": (
        {"Lentils, cooked": 200, "Spinach, raw": 60, "Onion": 60, "Carrots, raw": 50,
         "Garlic": 5, "Olive oil": 10, "Cumin, ground": 2, "Vegetable broth": 300,
         "Lemon juice": 10, "Whole-wheat bread": 64},
        # 200/99*113.8 + 60/30*7 + 60/80*31.7 + 50/61*25 + 5/3*4.5 + 10/13.5*119.4
        # + 2/2.1*7.9 + 300/240*12 + 10/15*3.3 + 64/32*80.7
        229.899 + 14.0 + 23.775 + 20.492 + 7.5 + 88.444 + 7.524 + 15.0 + 2.2 + 161.4,
    ),
}


@pytest.mark.parametrize("name", list(HAND_CHECKED))
def test_nutrients_of_a_hand_checked_recipe(cookbook, csv_foods, name):
    ingredients, kcal = HAND_CHECKED[name]
    recipe = cookbook.by_name()[name]
    assert {item.food: item.grams for item in recipe.ingredients} == ingredients, (
        f"{name} changed: update its hand check")
    assert math.isclose(recipe.amount("kcal"), kcal, rel_tol=1e-4), (
        f"{name}: {recipe.amount('kcal'):.2f} kcal loaded, {kcal:.2f} by hand")
    for key in recipe.nutrients:
        expected = _from_csv(csv_foods, ingredients, key)
        assert math.isclose(recipe.amount(key), expected, rel_tol=1e-9, abs_tol=1e-9), (
            f"{name}: {key} is {recipe.amount(key)!r}, foods.csv gives {expected!r}")


def test_nutrients_of_every_recipe_are_the_sum_of_its_ingredients(cookbook, csv_foods):
    offenders = []
    for recipe in cookbook.recipes:
        ingredients = {item.food: item.grams for item in recipe.ingredients}
        for key, value in recipe.nutrients.items():
            expected = _from_csv(csv_foods, ingredients, key)
            if not math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-9):
                offenders.append(f"{recipe.name}: {key} {value!r} != {expected!r}")
    assert not offenders, "\n".join(offenders[:20])


# --------------------------------------------------------------------------- near-duplicates

# What seasons a dish rather than makes it: left out when comparing two dishes.
SEASONINGS = {
    "Olive oil", "Canola oil", "Sesame oil", "Butter", "Onion", "Garlic", "Ginger root", "Celery",
    "Scallions", "Lemon juice", "Lime juice", "Basil, fresh", "Parsley, fresh", "Cilantro, fresh",
    "Soy sauce", "Balsamic vinegar", "Honey", "Maple syrup", "All-purpose flour",
    "Whole-wheat flour", "Chicken broth", "Vegetable broth", "Curry powder", "Cumin, ground",
    "Chili powder", "Paprika", "Cinnamon, ground", "Black pepper", "Salt", "Mustard", "Salsa",
}
MAX_SIMILARITY = 0.7


def test_no_two_recipes_are_one_dish(shipped_foods, cookbook):
    """Two recipes whose main ingredients (as products bought) mostly coincide are one dish
    written twice; the planner's "no two days share more than one recipe" then means little."""
    foods = shipped_foods.by_name()
    assert SEASONINGS <= set(foods), f"unknown seasonings: {sorted(SEASONINGS - set(foods))}"
    main = {r.name: {foods[f].product for f in food_names(r) - SEASONINGS}
            for r in cookbook.recipes}
    recipes = cookbook.recipes
    offenders = []
    for i, first in enumerate(recipes):
        for second in recipes[i + 1:]:
            a, b = main[first.name], main[second.name]
            similarity = len(a & b) / len(a | b)
            if similarity >= MAX_SIMILARITY:
                offenders.append(f"{first.name} / {second.name}: {similarity:.2f} "
                                 f"({sorted(a & b)})")
    assert not offenders, "near-duplicate recipes:\n" + "\n".join(offenders)
