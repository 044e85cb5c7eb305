"""Write the Mealie and Tandoor export fixtures (run from anywhere: python make_exports.py).

The shapes follow the projects' own exporters: Mealie's recipe JSON (camelCase from its API and
JSON editor; snake_case in its export zip, as ``recipes/<slug>/<slug>.json`` beside the images)
and Tandoor's default export (a zip holding one ``<name>.zip`` per recipe, each with
``recipe.json`` and an image).  Zip entries carry a fixed date so the files are reproducible.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATE = (2025, 1, 1, 0, 0, 0)


def _ingredient(quantity, unit, food, note="", original=""):
    return {"quantity": quantity, "unit": None if unit is None else {
        "id": "5b9b8f1c-0000-4000-8000-00000000000" + str(len(food) % 10), "name": unit,
        "pluralName": None, "description": "", "fraction": True, "abbreviation": "",
        "useAbbreviation": False},
        "food": None if food is None else {
            "id": "7c1d2e3f-0000-4000-8000-00000000000" + str(len(food) % 10), "name": food,
            "pluralName": None, "description": "", "labelId": None},
        "note": note, "isFood": food is not None, "disableAmount": food is None,
        "display": "", "title": None, "originalText": original or None,
        "referenceId": "9a8b7c6d-0000-4000-8000-0000000000" + str(10 + len(note) % 90)}


LENTIL_SOUP = {
    "id": "0f5e4d3c-0000-4000-8000-000000000001", "userId": "0f5e4d3c-0000-4000-8000-000000000002",
    "groupId": "0f5e4d3c-0000-4000-8000-000000000003", "name": "Red lentil and spinach soup",
    "slug": "red-lentil-and-spinach-soup", "image": "aBc1", "recipeServings": 4.0,
    "recipeYieldQuantity": 0.0, "recipeYield": "4 bowls", "totalTime": "45 minutes",
    "prepTime": "10 minutes", "cookTime": None, "performTime": "35 minutes",
    "description": "A weeknight soup.",
    "recipeCategory": [{"id": "c1", "name": "Dinner", "slug": "dinner"}],
    "tags": [{"id": "t1", "name": "Vegan", "slug": "vegan"},
             {"id": "t2", "name": "One Pot", "slug": "one-pot"}],
    "tools": [], "rating": None, "orgURL": None,
    "recipeIngredient": [
        _ingredient(1.0, "cup", "red lentils", "rinsed", "1 cup red lentils, rinsed"),
        _ingredient(1.0, None, "onion", "chopped", "1 onion, chopped"),
        _ingredient(2.0, "clove", "garlic", "", "2 cloves garlic"),
        _ingredient(4.0, "cup", "vegetable broth", "", "4 cups vegetable broth"),
        _ingredient(1.0, "can", "crushed tomatoes", "(14.5 oz)", "1 can crushed tomatoes"),
        _ingredient(150.0, "gram", "baby spinach", ""),
        _ingredient(1.0, "tablespoon", "olive oil", ""),
        _ingredient(1.0, "teaspoon", "ground cumin", ""),
        # An unparsed line: Mealie keeps the text in the note and disables the amount.
        _ingredient(1.0, None, None, "Salt and pepper to taste"),
    ],
    "recipeInstructions": [
        {"id": "s1", "title": "", "summary": "", "text": "Soften the onion and garlic in the oil.",
         "ingredientReferences": []},
        {"id": "s2", "title": "", "summary": "",
         "text": "Add the lentils, broth, tomatoes and cumin; simmer 25 minutes, then stir in the spinach.",
         "ingredientReferences": []}],
    "nutrition": {"calories": None}, "settings": {"public": True, "showNutrition": False,
                                                  "showAssets": False, "landscapeView": False,
                                                  "disableComments": False,
                                                  "disableAmount": False, "locked": False},
    "assets": [], "notes": [], "extras": {}, "comments": [],
}


def _snake(value):
    if isinstance(value, dict):
        return {re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), k): _snake(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_snake(v) for v in value]
    return value


SMOOTHIE = _snake({
    "id": "0f5e4d3c-0000-4000-8000-000000000011", "userId": "u", "groupId": "g",
    "name": "Banana spinach smoothie", "slug": "banana-spinach-smoothie", "recipeServings": 0.0,
    "recipeYield": "2 servings", "totalTime": "PT5M", "recipeCategory": [
        {"id": "c2", "name": "Breakfast", "slug": "breakfast"}], "tags": [],
    "recipeIngredient": [
        _ingredient(2.0, None, "banana", "frozen", "2 frozen bananas"),
        _ingredient(2.0, "cup", "spinach", "", "2 cups spinach"),
        _ingredient(1.5, "cup", "soy milk", "unsweetened", "1 1/2 cups unsweetened soy milk"),
        _ingredient(2.0, "tablespoon", "peanut butter", "", "2 tbsp peanut butter"),
    ],
    "recipeInstructions": [{"id": "s", "title": "", "text": "Blend until smooth.",
                            "ingredientReferences": []}],
    "settings": {"disableAmount": False},
})


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, DATE), data)
    return buffer.getvalue()


IMAGE = b"RIFF\x00\x00\x00\x00WEBPVP8 not really an image"

TANDOOR_CURRY = {
    "name": "Chickpea and spinach curry", "description": "Weeknight curry.",
    "keywords": [{"name": "Dinner", "description": ""}, {"name": "Indian", "description": ""}],
    "steps": [
        {"name": "", "instruction": "Fry the onion, add the chickpeas and coconut milk, simmer 15 minutes.",
         "ingredients": [
             {"food": {"name": "Chickpeas", "ignore_shopping": False, "supermarket_category": None},
              "unit": {"name": "g", "description": None}, "amount": "480.000", "note": "drained",
              "order": 0, "is_header": False, "no_amount": False},
             {"food": {"name": "Coconut milk", "ignore_shopping": False, "supermarket_category": None},
              "unit": {"name": "ml", "description": None}, "amount": 400, "note": "",
              "order": 1, "is_header": False, "no_amount": False},
             {"food": {"name": "Onion", "ignore_shopping": False, "supermarket_category": None},
              "unit": None, "amount": 1, "note": "", "order": 2, "is_header": False,
              "no_amount": False},
             {"food": {"name": "Curry powder", "ignore_shopping": False, "supermarket_category": None},
              "unit": {"name": "tbsp", "description": None}, "amount": 1, "note": "",
              "order": 3, "is_header": False, "no_amount": False},
             {"food": {"name": "Salt", "ignore_shopping": True, "supermarket_category": None},
              "unit": None, "amount": 0, "note": "", "order": 4, "is_header": False,
              "no_amount": True}],
         "time": 20, "order": 0, "show_as_header": False, "show_ingredients_table": True},
        {"name": "", "instruction": "Stir in the spinach and serve over the rice.",
         "ingredients": [
             {"food": {"name": "Spinach", "ignore_shopping": False, "supermarket_category": None},
              "unit": {"name": "g", "description": None}, "amount": 200, "note": "",
              "order": 0, "is_header": False, "no_amount": False},
             {"food": None, "unit": None, "amount": 0, "note": "To serve", "order": 1,
              "is_header": True, "no_amount": True},
             {"food": {"name": "Brown rice", "ignore_shopping": False, "supermarket_category": None},
              "unit": {"name": "g", "description": None}, "amount": 200, "note": "uncooked",
              "order": 2, "is_header": False, "no_amount": False}],
         "time": 5, "order": 1, "show_as_header": False, "show_ingredients_table": True}],
    "working_time": 15, "waiting_time": 25, "internal": True, "nutrition": None,
    "servings": 4, "servings_text": "", "source_url": None,
}


def main() -> None:
    (HERE / "mealie-lentil-soup.json").write_text(json.dumps(LENTIL_SOUP, indent=2) + "\n",
                                                  encoding="utf-8")
    (HERE / "mealie-export.zip").write_bytes(_zip({
        "recipes/red-lentil-and-spinach-soup/red-lentil-and-spinach-soup.json":
            json.dumps(_snake(LENTIL_SOUP)).encode(),
        "recipes/red-lentil-and-spinach-soup/images/original.webp": IMAGE,
        "recipes/banana-spinach-smoothie/banana-spinach-smoothie.json":
            json.dumps(SMOOTHIE).encode(),
        "recipes/banana-spinach-smoothie/images/min-original.webp": IMAGE,
    }))
    inner = _zip({"recipe.json": json.dumps(TANDOOR_CURRY).encode(), "image.jpeg": IMAGE})
    (HERE / "tandoor-export.zip").write_bytes(_zip({"Chickpea_and_spinach_curry.zip": inner}))
    (HERE / "junk.zip").write_bytes(_zip({"notes.txt": b"shopping: milk, eggs\n",
                                          "budget.csv": b"week,amount\n1,45\n",
                                          "photo.jpg": IMAGE}))


if __name__ == "__main__":
    main()
