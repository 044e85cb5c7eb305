"""Shared fixtures: the shipped data, small sub-catalogues, and a CLI runner."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from mealplan.data import Catalogue, Targets, load_foods, load_targets, parse_foods

REPO = Path(__file__).resolve().parent.parent

# Real foods from the shipped catalogue, enough for short plans that solve in well under a
# second; a test that needs the whole week uses the full catalogue.
SMALL_FOODS = (
    "Spinach, cooked", "Kale, raw", "Almonds", "Pumpkin seeds", "Banana", "Avocado", "Orange",
    "Sweet potato, baked", "Potato, baked, with skin", "Tomato", "Black beans", "Lentils, cooked",
    "Tofu, extra firm", "Oatmeal, cooked", "Brown rice, cooked", "Whole-wheat bread",
    "Fortified bran flakes", "Fortified corn flakes", "Fortified toasted oat O's", "Milk, 2%", "Yogurt, plain, low-fat",
    "Cheddar cheese", "Egg, hard-boiled", "Salmon, baked", "Sardines, canned",
    "Chicken breast, roasted", "Pork tenderloin, roasted", "Soy milk, unsweetened",
    "Almond milk, unsweetened", "White mushrooms, raw", "Coffee, brewed", "Black tea",
    "Cola", "Olive oil", "Apple", "Broccoli, cooked", "Carrots, raw",
)


@pytest.fixture(scope="session", autouse=True)
def own_config_home(tmp_path_factory):
    """Every plan reads the default preferences file when it exists: the suite must neither
    read the machine's nor write one there ('mealplan rate' in the README)."""
    import os

    saved = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))
    yield
    if saved is None:
        os.environ.pop("XDG_CONFIG_HOME", None)
    else:
        os.environ["XDG_CONFIG_HOME"] = saved


@pytest.fixture(scope="session")
def targets() -> Targets:
    return load_targets()


@pytest.fixture(scope="session")
def catalogue(targets: Targets) -> Catalogue:
    return load_foods(targets=targets)


@pytest.fixture(scope="session")
def small_catalogue(catalogue: Catalogue) -> Catalogue:
    wanted = {name.casefold() for name in SMALL_FOODS}
    foods = tuple(food for food in catalogue.foods if food.name.casefold() in wanted)
    assert len(foods) == len(wanted), "SMALL_FOODS names a food the catalogue no longer has"
    return Catalogue(foods, catalogue.nutrient_keys, "small.csv")


@pytest.fixture(scope="session")
def foods_text() -> str:
    return (REPO / "foods.csv").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def targets_text() -> str:
    return (REPO / "targets.yaml").read_text(encoding="utf-8")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def rows_to_csv(rows: list[dict[str, str]], header: list[str] | None = None) -> str:
    header = header or list(rows[0])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def reparse(text: str, targets: Targets) -> Catalogue:
    return parse_foods(text, targets, "foods.csv")


@pytest.fixture(scope="session")
def short_plan(small_catalogue, targets):
    """A real two-day plan from the small catalogue, shared by the read-only tests."""
    from mealplan.planner import PlanOptions, plan_week

    return plan_week(small_catalogue, targets, PlanOptions(days=2))


@pytest.fixture(scope="session")
def small_foods_csv(tmp_path_factory, foods_text) -> Path:
    """The small catalogue as a file, for command-line tests."""
    wanted = {name.casefold() for name in SMALL_FOODS}
    rows = [row for row in csv_rows(foods_text) if row["food"].casefold() in wanted]
    path = tmp_path_factory.mktemp("data") / "small.csv"
    path.write_text(rows_to_csv(rows), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# Recipes


def diet_class(recipe) -> str:  # noqa: ANN001 - a Recipe
    if recipe.tags & {"meat", "poultry"}:
        return "meat"
    if recipe.tags & {"fish", "shellfish"}:
        return "fish"
    if recipe.tags & {"dairy", "egg", "honey"}:
        return "vegetarian"
    return "vegan"


@pytest.fixture(scope="session")
def cookbook(catalogue):
    from mealplan.recipes import load_recipes

    return load_recipes(None, catalogue)


@pytest.fixture(scope="session")
def small_cookbook(cookbook):
    """Two recipes of each diet for each main meal and two snacks, in file order: enough for
    short plans that solve in a fraction of a second."""
    from mealplan.recipes import Cookbook

    chosen = []
    for meal, per_class in (("breakfast", 2), ("lunch", 2), ("dinner", 2), ("snack", 1)):
        counts: dict[str, int] = {}
        for recipe in cookbook.recipes:
            if recipe.meals != (meal,) or recipe in chosen:
                continue
            kind = diet_class(recipe)
            if counts.get(kind, 0) < per_class:
                counts[kind] = counts.get(kind, 0) + 1
                chosen.append(recipe)
    return Cookbook(tuple(chosen), "small-recipes.yaml", ("small-recipes.yaml",))


@pytest.fixture(scope="session")
def recipe_plan(catalogue, targets, small_cookbook):
    """A real two-day plan from the small cookbook, shared by the read-only tests."""
    from mealplan.menu_planner import plan_menu
    from mealplan.planner import PlanOptions

    return plan_menu(catalogue, targets, small_cookbook, PlanOptions(days=2, rounds=1))


@pytest.fixture(scope="session")
def small_recipes_yaml(tmp_path_factory, small_cookbook) -> Path:
    """The small cookbook as a recipe file, for command-line tests."""
    import yaml

    document = {"recipes": [{
        "name": r.name, "meals": list(r.meals), "minutes": r.minutes,
        **({"protein": r.protein} if r.protein else {}), "tags": list(r.own_tags),
        "method": r.method, "ingredients": {i.food: i.grams for i in r.ingredients},
    } for r in small_cookbook.recipes]}
    path = tmp_path_factory.mktemp("recipes") / "small-recipes.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def without_sodium_cap(targets: Targets) -> Targets:
    """The small cookbook's few vegan lunches and dinners (broth, soy sauce, canned beans) add up
    to more than the 2,300 mg sodium cap on any day; tests of other rules lift it.  The cap
    itself is planned with the full cookbook (test_food_data_trust)."""
    import dataclasses

    nutrients = dict(targets.nutrients)
    nutrients["sodium_mg"] = dataclasses.replace(nutrients["sodium_mg"], max=None)
    return dataclasses.replace(targets, nutrients=nutrients)


@pytest.fixture(scope="module")
def rules(catalogue, targets, small_cookbook):
    """The rules the verifier holds the small cookbook's two-day week (recipe_plan) to."""
    from mealplan.menu_planner import menu_rules, prepare_menu
    from mealplan.planner import PlanOptions

    options = PlanOptions(days=2)
    prepared = prepare_menu(catalogue, targets, small_cookbook, options)
    return menu_rules(prepared, catalogue, targets, small_cookbook, options)


@pytest.fixture
def plan(recipe_plan):
    """A copy of recipe_plan, for a test to break on purpose."""
    import copy

    return copy.deepcopy(recipe_plan)


def violations(plan, catalogue, rules) -> list[str]:  # noqa: ANN001 - a Plan and MenuRules
    from mealplan.verify import verify_menu

    return verify_menu(plan, catalogue.by_name(), rules).violations
