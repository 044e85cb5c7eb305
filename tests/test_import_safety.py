"""Nothing a recipe file can do to you (issue 20), part two: nothing injected (terminal, YAML,
HTML), nothing clobbered (-o over any input, failed writes to stdout), clear words."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from mealplan.errors import DataError
from mealplan.importers import import_recipes, to_yaml
from mealplan.recipes import parse_recipes

from .conftest import REPO
from .test_import_bounds import _device, invoke, recipe, write_json


# --------------------------------------------------------------------------------------------
# Nothing injected: the terminal, the YAML file, the HTML page.

HOSTILE = "Evil\x1b]0;owned\x07\x1b[2J bowl\n  - name: Injected\n    meals: [lunch]"


def test_a_hostile_member_name_cannot_drive_the_terminal_or_add_a_recipe(runner, tmp_path):
    path = tmp_path / "export.zip"
    member = f"{HOSTILE}.json"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, json.dumps(recipe(HOSTILE)))
    output = tmp_path / "mine.yaml"
    result = invoke(runner, "import-recipes", path, "-o", output, "--no-usda")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\u001b]0;owned\\u0007\\u001b[2J" in result.stdout  # shown, escaped
    written = output.read_text(encoding="utf-8")
    assert "\x1b" not in written and "\n  - name: Injected" not in written
    (only,) = yaml.safe_load(written)["recipes"]
    assert only["name"] == "Evil ]0;owned [2J bowl - name: Injected meals: [lunch]"
    check = invoke(runner, "check", "--recipes", f"shipped,{output}")
    assert check.exit_code == 0, check.output
    assert check.stdout.splitlines()[-1].startswith(f"recipes.yaml, {output}: OK, ")
    assert check.stdout.count("recipes (") == 1


def test_error_messages_escape_what_they_quote(runner, tmp_path):
    path = tmp_path / "bad\x1b[2J.json"
    path.write_text("{not json", encoding="utf-8")
    result = invoke(runner, "import-recipes", path, "--no-usda")
    assert "\x1b" not in result.stderr
    assert result.stderr.startswith(f"Error: {tmp_path}/bad\\u001b[2J.json: not valid JSON")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=60))
def test_any_name_reads_back_as_exactly_one_recipe_of_that_name(catalogue, tmp_path, name):
    path = write_json(tmp_path / "one.json", recipe(name))
    try:
        result = import_recipes([path], catalogue, usda=False)
    except DataError as error:
        assert str(error) == f"{path}: a recipe has no name"  # nothing printable in it
        return
    (kept,) = result.kept
    # The source label goes into a comment: make it as hostile as the name.
    kept.source = name
    book = parse_recipes(to_yaml(result), catalogue, "written")
    assert [recipe.name for recipe in book.recipes] == [kept.name]


def test_dishes_differing_in_punctuation_get_their_own_anchors():
    from mealplan.report import recipe_anchors

    anchors = recipe_anchors(["Dal, spicy", "Dal (spicy)", "Dal: spicy!", "!!!", "Dal, spicy"])
    assert anchors == {"Dal, spicy": "recipe-dal-spicy", "Dal (spicy)": "recipe-dal-spicy-2",
                       "Dal: spicy!": "recipe-dal-spicy-3", "!!!": "recipe-dish"}


# --------------------------------------------------------------------------------------------
# Nothing clobbered: -o over any input, whichever option named it; failed writes to stdout.


def _copy(source: Path, folder: Path, name: str) -> Path:
    target = folder / name
    target.write_bytes(source.read_bytes())
    return target


@pytest.mark.parametrize("option", ["--foods", "--targets", "--fooddata", "source"])
@pytest.mark.parametrize("output", ["-o", "--foods-output"])
def test_import_output_is_never_an_input(runner, tmp_path, option, output):
    files = {"--foods": _copy(REPO / "foods.csv", tmp_path, "cat.csv"),
             "--targets": _copy(REPO / "targets.yaml", tmp_path, "t.yaml"),
             "--fooddata": _copy(REPO / "foods.csv", tmp_path, "fooddata.csv"),
             "source": write_json(tmp_path / "page.json", recipe())}
    args = [files["source"], "--no-usda"]
    for name in ("--foods", "--targets", "--fooddata"):
        args += [name, files[name]]
    target = files[option]
    args += [output, target] if output == "-o" else ["-o", tmp_path / "out.yaml", output, target]
    before = {path: path.read_bytes() for path in tmp_path.iterdir()}
    result = invoke(runner, "import-recipes", *args)
    assert result.stderr == (f"Error: cannot write '{target}': it is one of this run's inputs "
                             f"('{target}'); choose another output file\n")
    assert result.exit_code == 2
    assert {path: path.read_bytes() for path in tmp_path.iterdir()} == before


def test_the_two_import_outputs_are_never_one_file(runner, tmp_path):
    source = write_json(tmp_path / "page.json", recipe())
    same = tmp_path / "out.yaml"
    result = invoke(runner, "import-recipes", source, "-o", same, "--foods-output", same)
    assert result.stderr == (f"Error: cannot write '{same}': the run writes another of its "
                             f"outputs there; give each output its own file\n")


@pytest.mark.parametrize("command", [
    "plan --household {file} -o {file}",
    "plan --recipes shipped,{file} -o {file}",
    "plan --pantry {file} -o {file}",
    "show {file} -o {file}",
])
def test_plan_outputs_are_never_an_input(runner, tmp_path, command):
    import shlex

    target = tmp_path / "input.json"
    target.write_text("precious\n")
    args = shlex.split(command.format(file=target))
    result = invoke(runner, *args)
    assert result.output == (f"Error: cannot write '{target}': it is one of this run's inputs "
                             f"('{target}'); choose another output file\n")
    assert target.read_text() == "precious\n"


def _mealplan(*args, stdout):
    return subprocess.run([sys.executable, "-m", "mealplan", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.mark.parametrize("args", [["foods", "--format", "json"], ["targets"],
                                  ["check"]])
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(tmp_path, args):
    full = _device(tmp_path / "full", 7)
    with open(full, "w") as stream:
        result = _mealplan(*args, stdout=stream)
    assert result.stderr == "Error: cannot write to standard output: No space left on device\n"
    assert result.returncode == 1


def test_a_closed_pipe_on_stdout_is_one_line_and_exit_1():
    process = subprocess.Popen([sys.executable, "-m", "mealplan", "foods", "--format", "json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    process.stdout.close()  # 130 kB of JSON: more than the pipe holds
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert stderr == "Error: cannot write to standard output: Broken pipe\n"
    assert process.returncode == 1


# --------------------------------------------------------------------------------------------
# Clear words.


@pytest.mark.parametrize("recipe_yield, message", [
    (1e308, "its yield '1e+308' is absurd: a recipe makes 1 to 1,000 portions"),
    ("-3 servings", "its yield '-3 servings' is negative"),
    (-2, "its yield '-2' is negative"),
    (0, "its yield '0' is zero portions"),
])
def test_negative_and_absurd_yields_are_refused_as_such(catalogue, tmp_path, recipe_yield,
                                                        message):
    path = write_json(tmp_path / "y.json", recipe(recipe_yield=recipe_yield))
    with pytest.raises(DataError) as caught:
        import_recipes([path], catalogue, usda=False)
    assert str(caught.value) == (f"{path}: recipe 'Bean bowl': {message}; give --servings N to "
                                 f"assume N portions")


def test_mealie_servings_below_zero_are_not_read_as_missing(catalogue, tmp_path):
    mealie = {"name": "Soup", "slug": "soup", "recipeServings": -4, "recipeYield": "",
              "recipeIngredient": [{"note": "1 cup quinoa"}]}
    path = write_json(tmp_path / "m.json", mealie)
    with pytest.raises(DataError, match=r"recipe 'Soup': its yield '-4' is negative"):
        import_recipes([path], catalogue, usda=False)


def test_every_recipe_of_a_pages_graph_is_imported_and_counted(runner, tmp_path):
    graph = {"@context": "https://schema.org",
             "@graph": [{"@type": "WebPage", "name": "Bowls"},
                        recipe("First bowl"), recipe("Second bowl"), recipe("Third bowl")]}
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><script type=\"application/ld+json\">{json.dumps(graph)}"
                    f"</script></head><body></body></html>", encoding="utf-8")
    result = invoke(runner, "import-recipes", page, "--no-usda")
    assert result.exit_code == 0, result.output
    assert [recipe["name"] for recipe in yaml.safe_load(result.stdout)["recipes"]] == [
        "First bowl", "Second bowl", "Third bowl"]
    assert "3 of 3 recipes imported" in result.stderr


def test_a_line_too_heavy_for_a_recipe_file_leaves_its_recipe_out(catalogue, tmp_path):
    heavy = {"name": "Heavy", "slug": "heavy", "recipeServings": 1,
             "recipeIngredient": [{"quantity": 1e300, "unit": {"name": "cup"},
                                   "food": {"name": "quinoa"}}]}
    fine = {**heavy, "name": "Fine", "slug": "fine",
            "recipeIngredient": [{"quantity": 1, "unit": {"name": "cup"},
                                  "food": {"name": "quinoa"}}]}
    path = write_json(tmp_path / "heavy.json", [heavy, fine])
    result = import_recipes([path], catalogue, usda=False)
    assert [r.name for r in result.kept] == ["Fine"]
    assert result.recipes[0].left_out_reason.startswith("ingredient line 1: ")
    assert result.recipes[0].left_out_reason.endswith(
        "a portion; a recipe file allows at most 3000 g of a food")


def test_no_output_is_named_when_nothing_was_written(runner, tmp_path):
    source = write_json(tmp_path / "page.json", recipe(recipe_yield=1e308))
    output = tmp_path / "never.yaml"
    result = invoke(runner, "import-recipes", source, "-o", output, "--no-usda")
    assert result.exit_code == 2
    assert str(output) not in result.output and not output.exists()


@pytest.mark.parametrize("version", ["2", "true", "'1'"])
def test_a_recipe_file_of_another_version_is_refused(runner, tmp_path, version):
    path = tmp_path / "mine.yaml"
    path.write_text(f"version: {version}\nrecipes:\n  - name: Oats\n    meals: [breakfast]\n"
                    f"    minutes: 5\n    ingredients:\n      \"Oats, quick, dry\": 40\n")
    result = invoke(runner, "check", "--recipes", path)
    shown = {"2": "2", "true": "True", "'1'": "'1'"}[version]
    assert result.stderr == (f"Error: {path}, key 'version': unsupported version {shown}; this "
                             f"mealplan reads version 1\n")
    assert result.exit_code == 2


def test_a_plan_with_no_recipe_for_a_meal_says_so(runner, tmp_path):
    path = tmp_path / "breakfasts.yaml"
    path.write_text("recipes:\n  - name: Oats\n    meals: [breakfast]\n    minutes: 5\n"
                    "    ingredients:\n      \"Oats, quick, dry\": 40\n")
    result = invoke(runner, "plan", "--recipes", path, "--days", "1")
    assert result.output == (f"Error: {path} has no lunch recipe; a plan from recipes needs one "
                             f"for every meal it plans\n")
    assert result.exit_code == 1
