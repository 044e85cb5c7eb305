"""Turn plans, shopping lists and food tables into text.  Never prints.

Numbers are rounded only for people (table, markdown); CSV and JSON carry the full values.
Cells that a spreadsheet would run as a formula are defused in CSV and markdown.
``common`` holds what every rendering shares, ``plan`` the plan's renderers (a registry by
format), ``shopping`` the shopping list and the till, ``browse`` the food and recipe tables.
"""

from .browse import render_foods, render_recipes
from .common import (DISCLAIMER, FORMATS, bar, data_note, defuse, format_money, format_number,
                     format_servings)
from .plan import (cooking_grams, cooking_heading, describe_person, dish_portions, dishes_of,
                   exclusion_text, portions_text, recipe_cookings, render_plan)
from .shopping import (render_shopping_list, shopping_amount, shopping_buy, shopping_use,
                       stove_text, till_text)

__all__ = ["DISCLAIMER", "FORMATS", "bar", "cooking_grams", "cooking_heading", "data_note",
           "defuse", "describe_person", "dish_portions", "dishes_of", "exclusion_text",
           "format_money", "format_number", "format_servings", "portions_text",
           "recipe_cookings", "render_foods", "render_plan", "render_recipes",
           "render_shopping_list", "shopping_amount", "shopping_buy", "shopping_use",
           "stove_text", "till_text"]
