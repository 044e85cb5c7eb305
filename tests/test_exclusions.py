"""--exclude words mean what people mean: plurals, any word of a name, allergen groups; and
the plan says what was left out."""

from __future__ import annotations

import re

import pytest

from mealplan.cli import cli
from mealplan.data import DataError, load_targets, resolve_exclusions
from mealplan.planner import PlanOptions, plan_week
from mealplan.render import render_plan
from mealplan.report import render_html


def invoke(runner, *args):
    return runner.invoke(cli, list(args), prog_name="mealplan", catch_exceptions=False)


def excluded(catalogue, targets, term):
    return resolve_exclusions(catalogue, [term], allergens=targets.allergens)


@pytest.mark.parametrize("term, food", [
    ("eggs", "Egg, hard-boiled"),
    ("eggs", "Egg, poached"),
    ("egg", "Eggs, scrambled"),
    ("mushrooms", "Portabella mushroom, grilled"),
    ("mushroom", "White mushrooms, raw"),
    ("tomatoes", "Tomato"),
    ("sardine", "Sardines, canned"),
])
def test_singular_and_plural_match_any_word_of_the_name(catalogue, targets, term, food):
    assert food in excluded(catalogue, targets, term)


def test_words_still_match_whole_words_only(catalogue, targets):
    # 'pea' is not 'peanuts', 'oat' is not 'coat'; 'nuts' is not 'coconut'.
    assert "Peanut butter" not in excluded(catalogue, targets, "peas")
    assert "Coconut milk beverage" not in excluded(catalogue, targets, "nuts")


def test_nuts_means_tree_nuts_and_peanuts(catalogue, targets):
    nuts = excluded(catalogue, targets, "nuts")
    tree_nuts = excluded(catalogue, targets, "tree-nuts")
    assert {"Peanuts, dry roasted", "Peanut butter", "Almonds", "Walnuts"} <= nuts
    assert {"Almonds", "Walnuts", "Almond milk, unsweetened"} <= tree_nuts
    assert not {"Peanuts, dry roasted", "Peanut butter"} & tree_nuts
    assert excluded(catalogue, targets, "tree nuts") == tree_nuts


@pytest.mark.parametrize("allergen, tag", [
    ("milk", "dairy"), ("egg", "egg"), ("fish", "fish"), ("shellfish", "shellfish"),
    ("tree-nuts", "nuts"), ("peanuts", "peanuts"), ("wheat", "wheat"), ("soy", "soy"),
    ("sesame", "sesame"), ("gluten", "gluten"),
])
def test_every_major_allergen_removes_its_tagged_foods(catalogue, targets, allergen, tag):
    tagged = {food.name for food in catalogue.foods if tag in food.tags}
    assert tagged and tagged <= excluded(catalogue, targets, allergen)


def test_sesame_allergy_removes_hummus(catalogue, targets):
    # Hummus is made with tahini; its tag says so.
    assert {"Hummus", "Tahini"} <= excluded(catalogue, targets, "sesame")


def test_milk_allergy_removes_cheese_too(catalogue, targets):
    assert {"Cheddar cheese", "Yogurt, plain, low-fat", "Milk, 2%"} <= excluded(
        catalogue, targets, "milk")


def test_allergen_groups_are_data(tmp_path, catalogue, targets_text):
    path = tmp_path / "targets.yaml"
    path.write_text(targets_text.replace("  nuts:      [nuts, peanuts]\n", ""),
                    encoding="utf-8")
    assert "Peanut butter" not in excluded(catalogue, load_targets(path), "nuts")
    path.write_text(targets_text.replace("allergens:\n", "allergens:\n  citrus:    [citrus]\n"),
                    encoding="utf-8")
    assert load_targets(path).allergens["citrus"] == frozenset({"citrus"})


def test_an_allergen_no_food_carries_is_not_an_error(small_catalogue, targets):
    assert resolve_exclusions(small_catalogue, ["sesame"], allergens=targets.allergens) == set()
    with pytest.raises(DataError) as error:
        resolve_exclusions(small_catalogue, ["sesam"], allergens=targets.allergens)
    assert str(error.value).startswith("--exclude 'sesam': no food, tag or aisle matches; did "
                                       "you mean 'sesame'")


def test_household_member_exclusions_use_the_groups(tmp_path, targets, catalogue):
    from mealplan.data import load_household

    path = tmp_path / "household.yaml"
    path.write_text("people:\n  - {name: Ana, exclude: [nuts]}\n", encoding="utf-8")
    member = load_household(path, targets, catalogue).members[0]
    assert {"Peanut butter", "Almonds"} <= member.excluded


def test_plan_says_what_was_excluded(small_catalogue, targets):
    plan = plan_week(small_catalogue, targets,
                     PlanOptions(days=1, exclude=["nuts", "eggs"], diet="vegetarian"))
    names = {item.food for day in plan.days for item in day.items}
    assert not names & {"Almonds", "Almond milk, unsweetened", "Egg, hard-boiled"}
    # Almonds, almond milk, the egg; and the vegetarian diet's salmon, sardines, chicken, pork.
    assert plan.settings["excluded_foods"] == 7
    text = render_plan(plan)
    assert text.splitlines()[1] == "Excluded: vegetarian diet; nuts, eggs (7 foods)"
    page = render_html(plan)
    assert "vegetarian diet; nuts, eggs (7 foods)" in page


def test_cli_exclude_eggs_leaves_no_egg(runner, small_foods_csv):
    result = invoke(runner, "plan", "--days", "1", "--foods", str(small_foods_csv),
                    "--exclude", "eggs", "--exclude", "mushrooms")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "Excluded: eggs, mushrooms (2 foods)"
    assert "Egg, hard-boiled" not in result.stdout


@pytest.mark.slow
def test_recipe_plan_says_how_many_recipes_were_excluded(runner):
    result = invoke(runner, "plan", "--days", "1", "--exclude", "nuts")
    assert result.exit_code == 0, result.output
    line = result.stdout.splitlines()[1]
    assert re.fullmatch(r"Excluded: nuts \(\d+ foods, \d+ recipes\)", line), line
