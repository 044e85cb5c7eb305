"""The food-level day model keeps what each named row enforces, and the diagnosis reads that,
not the name: a household's person is numbered from 1 in the names, as in the recipe model."""

from __future__ import annotations

import dataclasses

import pytest

from mealplan import model as models
from mealplan.food.explain import diagnose
from mealplan.data import household_from_document
from mealplan.planner import PlanOptions, prepare

FAMILY = {"people": [
    {"name": "Ana", "profile": "women_31_50"},
    {"name": "Ben", "profile": "men_19_30"},
]}


@pytest.fixture(scope="module")
def family_problem(small_catalogue, targets):
    family = household_from_document(FAMILY, targets, small_catalogue)
    return prepare(small_catalogue, targets, PlanOptions(days=1, household=family)).problem


def test_household_rows_are_numbered_from_one_and_say_whose_they_are(family_problem):
    day = models.day_model(family_problem)
    names = set(day.prob.constraints)
    assert "min_kcal_p1_day1" in names and "min_kcal_p2_day1" in names
    assert not any("_p0_" in name or name.startswith("step_p0") for name in names)
    assert day.vars.rows["min_kcal_p2_day1"] == models.Row(2, 1, "kcal", "min")
    assert day.vars.rows["max_kcal_p1_day1"] == models.Row(1, 1, "kcal", "max")


def test_one_person_rows_have_no_person(small_catalogue, targets):
    problem = prepare(small_catalogue, targets, PlanOptions(days=1)).problem
    rows = models.day_model(problem).vars.rows
    assert rows["min_kcal_day1"] == models.Row(None, 1, "kcal", "min")


def test_diagnosis_says_whose_target_a_row_is(family_problem):
    # The diagnosis relaxes a family of rows (every min_kcal_ row) and quotes the first: here
    # person 1's, made impossible, so the words must be Ana's and not Ben's.
    ana, ben = family_problem.household
    kcal = dataclasses.replace(ana.targets["kcal"], min=100_000.0, max=None)
    impossible = dataclasses.replace(
        family_problem, household=(dataclasses.replace(ana, targets={**ana.targets,
                                                                     "kcal": kcal}), ben))
    error = diagnose(impossible, "highs")
    assert error.constraint == "min_kcal_p1_day1"
    assert "(Ana's at least 100000 kcal of Energy a day; constraint min_kcal_p1_day1)" in str(
        error)


def test_a_recipe_day_that_cannot_be_met_names_the_row_and_what_it_asks(
        tmp_path, targets_text, catalogue, small_cookbook):
    """The recipe planner's diagnosis reads what a row enforces from the day model's metadata:
    the energy minimum no day of the small cookbook reaches, worded from the target (and the
    recipes counted once, not with their leftover twins)."""
    from mealplan.data import load_targets
    from mealplan.errors import InfeasibleError
    from mealplan.menu_planner import plan_menu
    from mealplan.planner import PlanOptions

    path = tmp_path / "targets.yaml"
    path.write_text(targets_text.replace("min: 2000, max: 2600", "min: 9000, max: 9600"),
                    encoding="utf-8")
    with pytest.raises(InfeasibleError) as error:
        plan_menu(catalogue, load_targets(path), small_cookbook, PlanOptions(days=1))
    assert str(error.value) == (
        f"no day from the {len(small_cookbook.recipes)} allowed "
        "recipes can meet the energy minimum (at least 9000 kcal of Energy a day; constraint "
        "min_kcal)")
