"""Plausible ranges for the numbers of every input file, and the meals a day has."""

from __future__ import annotations

# The full USDA generic-food table is about 6,000 rows: room for real catalogues, not for a
# file that would hang the planner.
MAX_FOOD_ROWS = 20_000
# Plausible ranges for the numbers of every input file (foods.csv, targets, household, pantry,
# saved plans): finite but absurd values such as 1e308 mg per serving are refused, naming the
# range, before they overflow a sum or a chart.
# Ranges follow what a number means, not this catalogue's units: a table whose serving is 1 g
# needs max_servings in the thousands, and one whose serving is $1 of a commodity (Stigler's 1945
# diet table) has servings of several kilograms.  What guards against nonsense is a day's grams
# of one food (max_servings x grams), at most MAX_DAY_GRAMS.
MAX_SERVINGS = 100_000        # servings of a food in a day (max_servings, a plan's dish)
MIN_GRAMS, MAX_GRAMS = 0.1, 100_000  # grams in a serving (a pantry's grams are divided by it)
MAX_DAY_GRAMS = 100_000       # grams of one food in a day: max_servings x grams
MAX_PORTIONS = 20             # portions of one dish a person eats in a day (a saved plan)
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
