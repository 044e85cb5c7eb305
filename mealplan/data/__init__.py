"""Read and validate foods.csv and targets.yaml (and a household, a pantry) into typed,
immutable objects.

Everything the planner knows about nutrients comes from these two files: a nutrient is a key
under ``nutrients:`` in targets.yaml and a column of the same name in foods.csv.  Validation is
strict and every problem is reported as a :class:`~mealplan.errors.DataError` naming the file,
row or key, and what was expected, because users edit these files by hand.

The package's folder also holds the shipped data files (foods.csv, targets.yaml, recipes.yaml,
measures.csv).  Its modules: ``targets`` (targets.yaml), ``foods`` (foods.csv), ``matching``
(names, plurals, allergens, exclusions), ``pantry``, ``household``, ``limits`` (the plausible
range of every number) and ``reader`` (a YAML mapping read key by key).  Everything is
re-exported here, so ``from mealplan.data import load_foods`` is the way to use it.
"""

from __future__ import annotations

from ..errors import DataError
from ..files import MAX_FILE_BYTES
from ..yamlsafe import MAX_YAML_DEPTH, parse_yaml
from .foods import (CAFFEINE, NEAR_MISS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, ZERO_IF_EMPTY,
                    Catalogue, Food, default_foods_path, load_foods, parse_foods)
from .household import MAX_MEMBERS, Household, household_from_document, load_household
from .limits import (MAX_FOOD_ROWS, MAX_FOODS_PER_MEAL, MAX_GRAMS, MAX_PACKAGE_GRAMS,
                     MAX_PACKAGE_PRICE, MAX_PACKAGE_SERVINGS, MAX_PANTRY, MAX_PEOPLE, MAX_PORTIONS,
                     MAX_PER_SERVING, MAX_PRICE, MAX_PRODUCT_RATIO, MAX_SERVINGS, MAX_TARGET,
                     MEAL_NAMES, MIN_GRAMS, MIN_PACKAGE_SERVINGS, MIN_PRODUCT_RATIO)
from .matching import (diet_exclusions, is_allergen, match_exclusion, phrase_key,
                       profile_exclusions, resolve_exclusions)
from .pantry import PANTRY_UNITS, load_pantry, pantry_food
from .targets import (NUTRIENT_KEY, OVER, Diet, MealRule, Nutrient, PlannerSettings, Profile,
                      RecipeRules, TagRule, Targets, aisle_warnings, default_targets_path,
                      load_targets)
from .week import OMNIVORE, applicable, skipped_note

__all__ = [
    "OVER", "OMNIVORE", "CAFFEINE", "Catalogue", "DataError", "Diet", "Food", "Household", "MAX_FILE_BYTES", "MAX_FOOD_ROWS",
    "MAX_FOODS_PER_MEAL", "MAX_GRAMS", "MAX_MEMBERS", "MAX_PACKAGE_GRAMS", "MAX_PACKAGE_PRICE",
    "MAX_PACKAGE_SERVINGS", "MAX_PANTRY", "MAX_PEOPLE", "MAX_PORTIONS", "MAX_PER_SERVING", "MAX_PRICE",
    "MAX_PRODUCT_RATIO", "MAX_SERVINGS", "MAX_TARGET", "MAX_YAML_DEPTH", "MEAL_NAMES",
    "MIN_GRAMS", "MIN_PACKAGE_SERVINGS", "MIN_PRODUCT_RATIO", "MealRule",
    "NEAR_MISS", "NUTRIENT_KEY", "Nutrient", "OPTIONAL_COLUMNS", "PANTRY_UNITS",
    "PlannerSettings", "Profile", "REQUIRED_COLUMNS", "RecipeRules", "TagRule", "Targets",
    "ZERO_IF_EMPTY", "aisle_warnings", "applicable", "default_foods_path",
    "default_targets_path",
    "diet_exclusions", "household_from_document", "is_allergen", "load_foods",
    "load_household", "load_pantry", "load_targets", "match_exclusion", "pantry_food",
    "parse_foods", "parse_yaml", "phrase_key", "profile_exclusions", "resolve_exclusions",
    "skipped_note",
]
