"""Tastes: --prefer, dish names in --exclude, the preferences file and 'mealplan rate'."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mealplan.cli import cli
from mealplan.errors import DataError
from mealplan.menu_planner import menu_rules, plan_menu, prepare_menu
from mealplan.planner import PlanOptions
from mealplan.preferences import (Entry, Preferences, Tastes, parse_preferences, read_preferences,
                                  resolve_tastes, split_exclusions, with_rating)
from mealplan.swap import dishes
from mealplan.verify import verify_menu

FILE = """# mine
like salmon
like Thai   # a cuisine
dislike mushrooms
rate 5 Black bean burrito bowl
rate 1 Greek lentil moussaka
"""


def served(plan) -> set[str]:
    return set(dishes(plan).values())


def test_the_file_reads_likes_dislikes_and_ratings():
    preferences = parse_preferences(FILE, "preferences.txt")
    assert [(e.text, e.line) for e in preferences.likes] == [("salmon", 2), ("Thai", 3)]
    assert [(e.text, e.line) for e in preferences.dislikes] == [("mushrooms", 4)]
    assert preferences.ratings == {"Black bean burrito bowl": 5, "Greek lentil moussaka": 1}


@pytest.mark.parametrize("line, message", [
    ("love salmon", "prefs.txt, line 2: expected 'like WORDS', 'dislike WORDS' or 'rate 1-5 "
                    "DISH', got 'love salmon'"),
    ("rate 6 Black bean burrito bowl", "prefs.txt, line 2: a rating is a whole number from 1 to "
                                       "5, got '6'"),
    ("rate five Black bean burrito bowl", "prefs.txt, line 2: a rating is a whole number from 1 "
                                          "to 5, got 'five'"),
])
def test_a_bad_line_names_the_file_and_line(line, message):
    with pytest.raises(DataError) as error:
        parse_preferences(f"# fine\n{line}\n", "prefs.txt")
    assert str(error.value) == message


def test_rating_replaces_the_dish_line_and_keeps_the_rest():
    text = with_rating(FILE, "greek lentil moussaka", 3)
    assert text.splitlines()[:5] == FILE.splitlines()[:5]
    assert text.splitlines()[5] == "rate 3 greek lentil moussaka"
    assert parse_preferences(text).ratings["greek lentil moussaka"] == 3
    added = with_rating("", "Black bean burrito bowl", 4)
    assert added.splitlines()[-1] == "rate 4 Black bean burrito bowl"
    assert parse_preferences(added).ratings == {"Black bean burrito bowl": 4}


def test_exclusions_name_dishes_by_whole_name_or_word(cookbook, catalogue, targets):
    allergens = targets.allergens
    assert split_exclusions(cookbook, catalogue, ["Greek lentil moussaka"], allergens) == (
        [], {"Greek lentil moussaka"})
    assert split_exclusions(cookbook, catalogue, ["moussaka"], allergens)[1] == {
        r.name for r in cookbook.recipes if "moussaka" in r.name.casefold()}
    # A word that names a food stays a food exclusion (it removes every dish with it too).
    assert split_exclusions(cookbook, catalogue, ["spinach"], allergens) == (["spinach"], set())
    with pytest.raises(DataError) as error:
        split_exclusions(cookbook, catalogue, ["mousaka"], allergens)
    assert str(error.value) == ("--exclude 'mousaka': no food, tag, aisle or recipe matches; "
                                "did you mean 'moussaka' or 'masala'?")


def test_a_disliked_word_that_names_nothing_names_the_file_line(cookbook, catalogue):
    tastes = Tastes(parse_preferences("dislike unicornz\n", "prefs.txt"))
    with pytest.raises(DataError) as error:
        resolve_tastes(tastes, cookbook, catalogue)
    assert str(error.value).startswith("prefs.txt, line 1: dislike 'unicornz': no food, tag, "
                                       "aisle or recipe matches")


def test_prefer_reaches_dishes_by_ingredient_tag_and_protein(cookbook, catalogue):
    resolved = resolve_tastes(Tastes(prefer=("thai", "chicken")), cookbook, catalogue)
    by_name = cookbook.by_name()
    assert resolved.adjust and all(value < 0 for value in resolved.adjust.values())
    assert all("thai" in by_name[name].tags or "chicken" in name.casefold()
               or by_name[name].protein == "chicken"
               or any("chicken" in i.food.casefold() for i in by_name[name].ingredients)
               for name in resolved.adjust)
    assert {r.name for r in cookbook.recipes if "thai" in r.tags} <= set(resolved.adjust)


def test_prefer_of_nothing_is_refused(runner):
    result = runner.invoke(cli, ["plan", "--days", "1", "--prefer", "unicornz"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: --prefer 'unicornz': no recipe, ingredient, tag or "
                                    "protein matches")


def test_prefer_with_single_foods_says_it_needs_dishes(runner):
    result = runner.invoke(cli, ["plan", "--recipes", "none", "--prefer", "salmon"])
    assert result.exit_code == 2
    assert result.output == ("Error: --prefer chooses among dishes: plan from recipes to use it "
                             "(it has no effect with --recipes none)\n")


@pytest.mark.slow
def test_excluding_a_served_dish_by_name_removes_it(runner, tmp_path):
    first = tmp_path / "first.json"
    assert runner.invoke(cli, ["plan", "--days", "1", "--rounds", "0", "-o",
                               str(first)]).exit_code == 0
    from mealplan.plan import load_plan

    lunch = dishes(load_plan(str(first)))[1, "lunch"]
    result = runner.invoke(cli, ["plan", "--days", "1", "--rounds", "0", "--exclude", lunch])
    assert result.exit_code == 0, result.output
    assert f"Excluded: {lunch} (0 foods, 1 recipe)" in result.stdout
    menu = result.stdout.split("Excluded:")[1].split("\n", 1)[1].split("Recipes")[0]
    assert "lunch" in menu and lunch not in menu


def test_a_rating_shifts_the_choice(catalogue, targets, small_cookbook):
    """The best lunch rated 1 (never), the second-best 5 and every other lunch 2: the
    second-best is served.  (A 2 alone does not move the best lunch here: it shares a salmon
    fillet with the dinner, and a whole package outweighs a rating.)"""
    options = PlanOptions(days=1, rounds=0)
    unrated = plan_menu(catalogue, targets, small_cookbook, options)
    best = dishes(unrated)[1, "lunch"]
    runner_up = dishes(plan_menu(catalogue, targets, small_cookbook,
                                 replace(options, exclude=[best])))[1, "lunch"]
    # Every other lunch rated 2 as well: a package a cheaper lunch shares cannot win it back.
    lunches = [r.name for r in small_cookbook.recipes if "lunch" in r.meals]
    tastes = Tastes(Preferences(ratings={**{name: 2 for name in lunches}, best: 1,
                                         runner_up: 5}))
    rated = plan_menu(catalogue, targets, small_cookbook, replace(options, tastes=tastes))
    assert dishes(rated)[1, "lunch"] == runner_up != best


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_disliked_dish_is_never_served(catalogue, targets, small_cookbook, recipe_plan, data):
    on_menu = sorted(served(recipe_plan))
    disliked = data.draw(st.lists(st.sampled_from(on_menu), min_size=1, max_size=3, unique=True))
    how = data.draw(st.sampled_from(["dislike", "rating"]))
    preferences = (Preferences(dislikes=tuple(Entry(name) for name in disliked))
                   if how == "dislike" else Preferences(ratings={name: 1 for name in disliked}))
    options = PlanOptions(days=1, tastes=Tastes(preferences))
    plan = plan_menu(catalogue, targets, small_cookbook, options)
    assert not served(plan) & set(disliked)


def test_the_verifier_catches_a_disliked_dish(catalogue, targets, small_cookbook, recipe_plan):
    lunch = dishes(recipe_plan)[1, "lunch"]
    options = PlanOptions(days=2, tastes=Tastes(Preferences(ratings={lunch: 1})))
    prepared = prepare_menu(catalogue, targets, small_cookbook, options)
    rules = menu_rules(prepared, catalogue, targets, small_cookbook, options)
    check = verify_menu(recipe_plan, catalogue.by_name(), rules)
    assert f"day 1: '{lunch}' is excluded but on the menu" in check.violations


def test_rate_writes_the_file_every_plan_reads(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    result = runner.invoke(cli, ["rate", "greek lentil moussaka", "1"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "mealplan" / "preferences.txt"
    assert result.output == (f"Rated 'Greek lentil moussaka' 1 (never served) in {path}\n")
    assert read_preferences(path).ratings == {"Greek lentil moussaka": 1}
    again = runner.invoke(cli, ["rate", "Greek lentil moussaka", "4"])
    assert again.exit_code == 0
    assert read_preferences(path).ratings == {"Greek lentil moussaka": 4}
    assert path.read_text(encoding="utf-8").count("\nrate ") == 1


@pytest.mark.parametrize("args, message", [
    (["rate", "Greek lentil mousaka", "2"],
     "Error: no recipe of recipes.yaml is called 'Greek lentil mousaka'; did you mean 'Greek "
     "lentil moussaka'?\n"),
    (["rate", "Greek lentil moussaka", "7"],
     "Error: Invalid value for '1-5': 7 is not in the range 1<=x<=5.\n"),
])
def test_rate_refuses_what_it_cannot_write(runner, tmp_path, args, message):
    result = runner.invoke(cli, [*args, "--preferences", str(tmp_path / "p.txt")])
    assert result.exit_code == 2
    assert result.output == message
    assert not (tmp_path / "p.txt").exists()


def test_a_broken_preferences_file_is_not_overwritten(runner, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("likes salmon\n", encoding="utf-8")
    result = runner.invoke(cli, ["rate", "Greek lentil moussaka", "2", "--preferences", str(path)])
    assert result.exit_code == 2
    assert result.output == (f"Error: {path}, line 1: expected 'like WORDS', 'dislike WORDS' or "
                             f"'rate 1-5 DISH', got 'likes salmon'\n")
    assert path.read_text(encoding="utf-8") == "likes salmon\n"
