"""The recipe file: its validation messages, computed nutrients, and `mealplan recipes`."""

from __future__ import annotations

import json

import pytest

from mealplan.cli import cli
from mealplan.errors import DataError
from mealplan.recipes import load_recipes, parse_recipes

from .conftest import csv_rows

GOOD = """\
recipes:
  - name: Spinach omelette
    meals: [breakfast]
    minutes: 10
    protein: egg
    method: Beat the eggs, pour over wilted spinach, fold.
    ingredients:
      "Egg, raw": 100
      "Spinach, raw": 30
"""


def _with(line_from: str, line_to: str) -> str:
    assert line_from in GOOD
    return GOOD.replace(line_from, line_to)


BAD_FILES = [
    ("unknown food", _with('"Spinach, raw": 30', '"Spinnach, raw": 30'),
     "bad.yaml, recipe 'Spinach omelette', key 'ingredients.Spinnach, raw': unknown food "
     "'Spinnach, raw'; did you mean 'Spinach, raw'"),
    ("zero grams", _with('"Spinach, raw": 30', '"Spinach, raw": 0'),
     "bad.yaml, recipe 'Spinach omelette', key 'ingredients.Spinach, raw': expected grams per "
     "portion, a number more than 0 and at most 3000, found 0"),
    ("negative grams", _with('"Spinach, raw": 30', '"Spinach, raw": -5'),
     "bad.yaml, recipe 'Spinach omelette', key 'ingredients.Spinach, raw': expected grams per "
     "portion, a number more than 0 and at most 3000, found -5"),
    ("grams as text", _with('"Spinach, raw": 30', '"Spinach, raw": lots'),
     "bad.yaml, recipe 'Spinach omelette', key 'ingredients.Spinach, raw': expected grams per "
     "portion, a number more than 0 and at most 3000, found 'lots'"),
    ("unknown meal", _with("meals: [breakfast]", "meals: [brunch]"),
     "bad.yaml, recipe 'Spinach omelette', key 'meals': unknown meal 'brunch'; did you mean "
     "'lunch'?; meals are breakfast, lunch, dinner, snack"),
    ("missing meals", _with("    meals: [breakfast]\n", ""),
     "bad.yaml, recipe 'Spinach omelette', key 'meals': missing"),
    ("unknown key", _with("    minutes: 10\n", "    minutes: 10\n    serves: 2\n"),
     "bad.yaml, recipe 'Spinach omelette', key 'serves': unknown key; expected one of: name, "
     "meals, minutes, protein, tags, method, ingredients"),
    ("minutes as text", _with("minutes: 10", "minutes: ten"),
     "bad.yaml, recipe 'Spinach omelette', key 'minutes': expected whole minutes from 1 to "
     "1440, found 'ten'"),
    ("no ingredients", _with('''    ingredients:
      "Egg, raw": 100
      "Spinach, raw": 30
''', "    ingredients: {}\n"),
     "bad.yaml, recipe 'Spinach omelette', key 'ingredients': expected food: grams pairs, "
     "found {}"),
    ("a tag with spaces", _with("    protein: egg\n", "    protein: egg\n    tags: [Nordic "
                                                     "style]\n"),
     "bad.yaml, recipe 'Spinach omelette', key 'tags': 'nordic style' is not a word"),
    ("control character in method",
     _with("method: Beat the eggs, pour over wilted spinach, fold.",
           'method: "Beat the eggs, pour over wilted spinach, fold.\\e[2J"'),
     "bad.yaml, recipe 'Spinach omelette', key 'method': control characters are not allowed"),
    ("duplicate name", GOOD + GOOD.split("recipes:\n", 1)[1].replace("Spinach omelette",
                                                                      "spinach OMELETTE"),
     "bad.yaml, recipe 'spinach OMELETTE': duplicate recipe name (also recipe 1)"),
    ("not a list", "recipes: 3\n", "bad.yaml, key 'recipes': expected a list of recipes, "
                                   "found 3"),
    ("no recipes key", "dishes: []\n", "bad.yaml: expected a mapping with a 'recipes' list"),
]


@pytest.mark.parametrize("case, text, message", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_recipe_files_get_one_line_naming_file_recipe_and_key(runner, tmp_path, case, text,
                                                                  message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["check", "--recipes", str(path)],
                           catch_exceptions=False)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: " + message.replace("bad.yaml", str(path))), lines[0]


def test_check_reports_the_shipped_recipes(runner):
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    line = result.stdout.splitlines()[-1]
    assert line.startswith("recipes.yaml: OK, ") and "breakfast" in line


def test_a_recipe_name_in_two_files_is_refused(catalogue, tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD, encoding="utf-8")
    with pytest.raises(DataError, match="is also in .*a.yaml; names must be unique"):
        load_recipes(f"{first},{second}", catalogue)


def test_shipped_and_own_recipes_combine(catalogue, tmp_path):
    own = tmp_path / "mine.yaml"
    own.write_text(GOOD.replace("Spinach omelette", "My spinach omelette"), encoding="utf-8")
    shipped = load_recipes(None, catalogue)
    both = load_recipes(f"shipped,{own}", catalogue)
    assert len(both) == len(shipped) + 1
    assert both.recipes[-1].name == "My spinach omelette"


def test_nutrients_and_price_are_the_sum_of_the_ingredients(catalogue, foods_text):
    """Computed here from the CSV rows, not from the loader's Food objects."""
    rows = {row["food"]: row for row in csv_rows(foods_text)}
    book = parse_recipes(GOOD, catalogue, "good.yaml")
    recipe = book.recipes[0]
    for key in ("kcal", "magnesium_mg", "vitamin_b12_ug", "vitamin_d_ug", "potassium_mg",
                "calcium_mg", "thiamine_mg"):
        expected = (float(rows["Egg, raw"][key]) * 100 / float(rows["Egg, raw"]["grams"])
                    + float(rows["Spinach, raw"][key]) * 30 / float(rows["Spinach, raw"]["grams"]))
        assert recipe.amount(key) == pytest.approx(expected, rel=1e-12), key
    expected_price = (float(rows["Egg, raw"]["price"]) * 100 / float(rows["Egg, raw"]["grams"])
                      + float(rows["Spinach, raw"]["price"]) * 30
                      / float(rows["Spinach, raw"]["grams"]))
    assert recipe.price == pytest.approx(expected_price)
    # Diet tags come from the ingredients: an egg dish is not vegan.
    assert "egg" in recipe.tags


def test_recipes_command_json_shape_and_filters(runner, catalogue):
    result = runner.invoke(cli, ["recipes", "--meal", "dinner", "--source", "magnesium",
                                 "--limit", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert len(document) == 3
    for entry in document:
        assert set(entry) >= {"name", "meals", "minutes", "tags", "ingredients", "nutrients"}
        assert "dinner" in entry["meals"]
        assert all(set(i) == {"food", "grams"} for i in entry["ingredients"])
    magnesium = [entry["nutrients"]["magnesium_mg"] for entry in document]
    assert magnesium == sorted(magnesium, reverse=True)
    # The richest dinner in magnesium really is the richest: checked against every dinner.
    book = load_recipes(None, catalogue)
    best = max((r for r in book.recipes if "dinner" in r.meals),
               key=lambda r: r.amount("magnesium_mg"))
    assert document[0]["name"] == best.name


def test_recipes_search_finds_by_ingredient(runner):
    result = runner.invoke(cli, ["recipes", "--search", "pumpkin seeds", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document and all(
        any("pumpkin seeds" in i["food"].casefold() for i in entry["ingredients"])
        or "pumpkin seeds" in entry["name"].casefold() for entry in document)


def test_recipes_search_without_match_is_one_line(runner):
    result = runner.invoke(cli, ["recipes", "--search", "unicorn"])
    assert result.exit_code == 2
    assert result.stderr == "Error: no recipe matches 'unicorn'\n"
