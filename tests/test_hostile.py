"""Hostile and faulty input (issue 11): never a traceback, never a signal exit, never a clobbered
input or a replaced device.  One table per class of fault, each with the exact message."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from mealplan.cli import cli

from .conftest import REPO


def invoke(runner, *args):
    return runner.invoke(cli, [str(arg) for arg in args], prog_name="mealplan",
                         catch_exceptions=False)


# --------------------------------------------------------------------------------------------
# The process must never die: solver threads are stopped and joined, a short time limit still
# gives a week.


@pytest.mark.parametrize("limit", ["1", "1.5", "2"])
def test_short_time_limits_never_end_in_a_signal(small_foods_csv, limit):
    # The one-piece weekly model runs on a second thread; a process that ended while it was
    # still running aborted ("terminate called without an active exception", exit 134).
    result = subprocess.run(
        [sys.executable, "-m", "mealplan", "plan", "--foods", str(small_foods_csv),
         "--days", "4", "--time-limit", limit, "--format", "json"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode in (0, 1), result.stderr[-500:]
    assert "terminate called" not in result.stderr
    if result.returncode == 0:
        assert json.loads(result.stdout)["status"] in ("optimal", "feasible", "shortfall")


def test_ctrl_c_while_planning_exits_1_without_a_signal(small_foods_csv):
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "mealplan", "plan", "--foods", str(small_foods_csv)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    time.sleep(2.0)  # the week bound's thread is running by now
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, 1), stderr[-500:]
    assert "Traceback" not in stderr and "terminate called" not in stderr


class _Stop(Exception):
    pass


@pytest.mark.parametrize("error", [KeyboardInterrupt, _Stop])
def test_no_solver_thread_outlives_an_interrupted_search(small_catalogue, targets, monkeypatch,
                                                         error):
    import threading

    from mealplan.food import search
    from mealplan.planner import PlanOptions, plan_week

    def week_bound_threads():
        return [thread for thread in threading.enumerate()
                if thread.name == "mealplan-week-bound" and thread.is_alive()]

    def interrupted(*args, **kwargs):
        assert week_bound_threads()  # the one-piece weekly model is being solved
        raise error

    monkeypatch.setattr(search, "plan_greedy_week", interrupted)
    with pytest.raises(error):
        plan_week(small_catalogue, targets, PlanOptions(days=7))
    assert not week_bound_threads()


def test_a_time_limit_shorter_than_the_first_week_still_gives_that_week(runner,
                                                                         small_foods_csv):
    result = invoke(runner, "plan", "--days", "3", "--foods", small_foods_csv,
                    "--time-limit", "0.001", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "feasible"  # never "optimal": not proven
    assert ("Warning: time limit reached: this plan is feasible but not proven optimal\n"
            in result.stderr)
    assert "0.05 s" not in result.stderr  # no number the user never gave


def test_background_solve_is_stopped_and_joined(small_catalogue, targets):
    from mealplan import model as models
    from mealplan import solve as solving
    from mealplan.planner import PlanOptions, prepare

    problem = prepare(small_catalogue, targets, PlanOptions(days=7)).problem
    background = solving.BackgroundSolve(models.week_model(problem).prob, time_limit=60,
                                         gap=1e-9)
    background.stop()
    assert not background.running
    assert background not in solving._running


# --------------------------------------------------------------------------------------------
# Saved plans are input too: every field's type and range, one line with the JSON path.


def _set(path, value):
    """A change to a plan document: set the value at ``path`` (keys and list indices)."""
    def change(document):
        *parents, last = path
        node = document
        for key in parents:
            node = node[key]
        node[last] = value
    return change


def _first_food(document):
    return document["days"][1]["meals"][0]["food"]


@pytest.mark.parametrize("change, where, message", [
    (_set(["days", 1, "meals", 0, "servings"], "2"), "days[1].meals[0].servings",
     'expected a number of servings from 0 to 100000, found "2"'),
    (_set(["days", 1, "meals", 0, "servings"], [2]), "days[1].meals[0].servings",
     "expected a number of servings from 0 to 100000, found [2]"),
    (_set(["days", 1, "meals", 0, "servings"], 1e308), "days[1].meals[0].servings",
     "expected a number of servings from 0 to 100000, found 1e+308"),
    (_set(["days", 1, "meals", 0, "servings"], -1), "days[1].meals[0].servings",
     "expected a number of servings from 0 to 100000, found -1"),
    (_set(["days", 1, "meals", 0], "Banana"), "days[1].meals[0]",
     'expected an object, found "Banana"'),
    (_set(["days", 1, "meals", 0, "food"], 42), "days[1].meals[0].food",
     "expected a food name, found 42"),
    (_set(["days", 1, "meals", 0, "meal"], "brunch"), "days[1].meals[0].meal",
     'expected one of breakfast, lunch, dinner, snack, day, found "brunch"'),
    (_set(["days", 1, "meals", 0, "recipe"], 7), "days[1].meals[0].recipe",
     "expected a recipe name, found 7"),
    (_set(["days", 1, "meals", 0, "portion"], 21), "days[1].meals[0].portion",
     "expected a portion from 0 to 20, found 21"),
    (_set(["days", 1, "day"], "two"), "days[1].day",
     'expected a day number from 1 to 366, found "two"'),
    (_set(["days", 1, "day"], 1), "days[1].day", "day 1 comes twice"),
    (_set(["days", 1, "totals", "kcal"], "lots"), "days[1].totals.kcal",
     "expected a day's total from 0 to 1e+12, found \"lots\""),
    (_set(["people"], 0), "people", "expected a number of people from 1 to 1000, found 0"),
    (_set(["people"], "2"), "people", 'expected a number of people from 1 to 1000, found "2"'),
    (_set(["gap"], "small"), "gap", 'expected a gap of at least 0, found "small"'),
    (_set(["status"], "great"), "status",
     'expected one of optimal, feasible, shortfall, found "great"'),
    (_set(["targets", "magnesium_mg", "min"], "lots"), "targets.magnesium_mg.min",
     'expected a daily amount from 0 to 1e+06, found "lots"'),
    (_set(["targets", "magnesium_mg", "label"], None), "targets.magnesium_mg.label",
     "expected a label, found null"),
    (_set(["credits"], {"vitamin_d_ug": -5}), "credits.vitamin_d_ug",
     "expected a daily credit from 0 to 1e+06, found -5"),
    (_set(["credits"], {"zinc_mg": 5}), "credits.zinc_mg",
     "'zinc_mg' is not one of the plan's nutrients"),
    (_set(["settings", "profile"], 7), "settings.profile", "expected a profile name, found 7"),
    (_set(["settings", "freezer"], "yes"), "settings.freezer",
     'expected true or false (whether what keeps frozen was frozen), found "yes"'),
    (_set(["settings", "caffeine_cap_mg"], "none"), "settings.caffeine_cap_mg",
     'expected a caffeine cap in mg from 0 to 1e+06, found "none"'),
    (_set(["warnings"], ["\x1b]0;pwned\x07"]), "warnings[0]",
     "text contains a control character (U+001B)"),
    (_set(["household"], "everyone"), "household", 'expected a list of people, found "everyone"'),
    (_set(["shortfalls"], [{"nutrient": "vitamin_d_ug", "label": "Vitamin D", "unit": "ug",
                            "target": 0, "missing": {"1": 2.0}, "helpers": []}]),
     "shortfalls[0].target", "expected a daily target more than 0 and at most 1e+06, found 0"),
    (_set(["shortfalls"], [{"nutrient": "vitamin_d_ug", "label": "Vitamin D", "unit": "ug",
                            "target": 15, "missing": {}, "helpers": []}]),
     "shortfalls[0].missing", "expected at least one day"),
    (_set(["pantry"], {"Almonds": "some"}), 'pantry.Almonds',
     'expected servings at home from 0 to 1e+06, found "some"'),
    (_set(["settings", "deep"], json.loads("[" * 40 + "]" * 40)),
     "settings.deep" + "[0]" * 30, "nested more than 32 levels deep"),
])
def test_damaged_plan_files_name_the_json_path(runner, short_plan, tmp_path, change, where,
                                               message):
    document = json.loads(short_plan.to_json())
    change(document)
    path = tmp_path / "week.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = invoke(runner, "shopping-list", path)
    assert result.exit_code == 2, result.output
    assert result.output == f"Error: {path}, {where}: {message}\n"


@pytest.mark.parametrize("change, where, message", [
    (lambda document: document["foods"][_first_food(document)].update(package_servings=0),
     "package_servings", "expected a number of servings from 0.01 to 10000, found 0"),
    (lambda document: document["foods"][_first_food(document)].update(package_servings=5e-324),
     "package_servings", "expected a number of servings from 0.01 to 10000, found 5e-324"),
    (lambda document: document["foods"][_first_food(document)].update(price="cheap"),
     "price", 'expected a price from 0 to 1000, found "cheap"'),
    (lambda document: document["foods"][_first_food(document)].update(freezer_days=0),
     "freezer_days", "expected days a product keeps frozen from 1 to 3650, found 0"),
    (lambda document: document["foods"][_first_food(document)].update(grams=1e9),
     "grams", "expected a weight in grams from 0.1 to 100000, found 1000000000.0"),
])
def test_damaged_food_entries_name_the_food(runner, short_plan, tmp_path, change, where,
                                            message):
    document = json.loads(short_plan.to_json())
    # A name that is not an identifier, so the path quotes it.
    old = _first_food(document)
    document["foods"]["Test food, raw"] = document["foods"].pop(old)
    for day in document["days"]:
        for item in day["meals"]:
            item["food"] = "Test food, raw" if item["food"] == old else item["food"]
    change(document)
    path = tmp_path / "week.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = invoke(runner, "shopping-list", path)
    assert result.output == f'Error: {path}, foods["Test food, raw"].{where}: {message}\n'
    assert result.exit_code == 2


@pytest.mark.parametrize("edit, message", [
    # Text the JSON module reads but no plan may hold.
    (lambda text: text.replace('"people": 1,', '"people": 1e400,'),
     ", people: expected a finite number, found Infinity"),
    (lambda text: text.replace('"gap": ', '"gap": NaN, "x": ', 1),
     ", gap: expected a finite number, found NaN"),
    (lambda text: text.replace('"people": 1,', '"people": 1' + "0" * 5000 + ","),
     ": not a mealplan plan file: invalid JSON (a number with too many digits)"),
    (lambda text: text.replace('"settings": {', '"settings": {"deep": ' + "[" * 100_000
                               + "]" * 100_000 + ",", 1),
     ": not a mealplan plan file: nested more than 32 levels deep"),
    (lambda text: re.sub(r'"version": \d+', '"version": true', text),
     ": plan file version true is not supported; this mealplan reads versions 1 to 4: make the "
     "plan again"),
])
def test_hostile_plan_text(runner, short_plan, tmp_path, edit, message):
    text = edit(short_plan.to_json())
    path = tmp_path / "week.json"
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, "shopping-list", path)
    assert result.output == f"Error: {path}{message}\n"
    assert result.exit_code == 2


def test_plan_files_have_the_foods_csv_size_limit(runner, tmp_path):
    path = tmp_path / "week.json"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    result = invoke(runner, "shopping-list", path)
    assert result.output == f"Error: {path}: file is 22 MB; mealplan reads files up to 20 MB\n"
    assert result.exit_code == 2


@pytest.mark.parametrize("command", [["shopping-list"], ["report"], ["plan", "--avoid"],
                                     ["plan", "--days", "2", "--lock", "day 1", "--keep"]])
def test_every_reader_of_plan_files_validates_them(runner, short_plan, small_foods_csv, tmp_path,
                                                   command):
    document = json.loads(short_plan.to_json())
    document["days"][0]["meals"][0]["servings"] = "2"
    path = tmp_path / "week.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    args = [*command, path] + (["--foods", small_foods_csv] if command[0] == "plan" else [])
    result = invoke(runner, *args)
    assert result.output == (f"Error: {path}, days[0].meals[0].servings: expected a number of "
                             f'servings from 0 to 100000, found "2"\n')
    assert result.exit_code == 2


# --------------------------------------------------------------------------------------------
# Output files: never over an input, a device, a pipe, a socket or a read-only file; the mode
# any other program would give; one line when the folder cannot be written.


@pytest.fixture
def saved_plan(short_plan, tmp_path):
    path = tmp_path / "week.json"
    path.write_text(short_plan.to_json(), encoding="utf-8")
    return path


def _copy(source, folder, name):
    path = folder / name
    path.write_bytes(source.read_bytes())
    return path


@pytest.mark.parametrize("command, source", [
    ("plan --foods {foods} --exclude spinnach -o {foods}", "foods"),
    ("plan --foods {foods} --targets {targets} -o {targets}", "targets"),
    ("plan --foods {foods} --avoid {plan} -o {plan}", "plan"),
    ("plan --foods {foods} --keep {plan} --lock 'day 1' -o {plan}", "plan"),
    ("plan --foods {foods} --pantry {pantry} -o {pantry}", "pantry"),
    ("plan --recipes {recipes} -o {recipes}", "recipes"),
    ("shopping-list {plan} -o {plan}", "plan"),
    ("shopping-list {plan} --pantry {pantry} --foods {foods} -o {pantry}", "pantry"),
    ("report {plan} -o {plan}", "plan"),
    ("report {plan} -o {link}", "plan"),  # the same file by another name
])
def test_output_never_overwrites_an_input(runner, saved_plan, small_foods_csv, tmp_path,
                                          command, source):
    import shlex

    from .conftest import REPO

    paths = {"foods": _copy(small_foods_csv, tmp_path, "mine.csv"),
             "targets": _copy(REPO / "targets.yaml", tmp_path, "mine.yaml"),
             "pantry": tmp_path / "pantry.csv", "plan": saved_plan,
             "recipes": _copy(REPO / "recipes.yaml", tmp_path, "mine-recipes.yaml"),
             "link": tmp_path / "link.json"}
    paths["pantry"].write_text("food,amount\nAlmonds,1\n", encoding="utf-8")
    paths["link"].symlink_to(saved_plan)
    args = shlex.split(command.format(**paths))
    before = {path: path.read_bytes() for path in tmp_path.iterdir() if path.is_file()}
    result = invoke(runner, *args)
    assert result.output == (f"Error: cannot write '{args[-1]}': it is one of this run's "
                             f"inputs ('{paths[source]}'); choose another output file\n")
    assert result.exit_code == 2
    assert {path: path.read_bytes() for path in tmp_path.iterdir() if path.is_file()} == before


def test_output_never_overwrites_the_shipped_data(runner, tmp_path, monkeypatch):
    from mealplan import data

    shipped = tmp_path / "foods.csv"
    shipped.write_text("not really\n")
    monkeypatch.setattr(data, "default_foods_path", lambda: shipped)
    result = invoke(runner, "plan", "-o", shipped)
    assert result.output == (f"Error: cannot write '{shipped}': it is one of this run's inputs "
                             f"('{shipped}'); choose another output file\n")
    assert shipped.read_text() == "not really\n"


def _device(path):
    # A copy of /dev/full (character device 1, 7) in the test's own folder: were the check
    # broken, only this copy would be replaced, never the system's device.
    import stat

    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (needs root)")


def _fifo(path):
    os.mkfifo(path)


def _socket(path):
    import socket

    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return server


@pytest.mark.parametrize("make, kind", [
    (_device, "a character device"),  # like /dev/full: never replaced, even by root
    (_fifo, "a named pipe"),
    (_socket, "a socket"),
])
def test_output_never_replaces_a_special_file(runner, saved_plan, tmp_path, make, kind):
    target = str(tmp_path / "special")
    keep = make(target)  # noqa: F841 - the socket stays bound while the command runs
    result = invoke(runner, "shopping-list", saved_plan, "-o", target)
    assert result.output == f"Error: cannot write '{target}': it is {kind}, not a regular file\n"
    assert result.exit_code == 2
    assert not os.path.isfile(target)


def test_output_never_replaces_a_read_only_file(runner, saved_plan, tmp_path):
    target = tmp_path / "list.txt"
    target.write_text("keep me")
    target.chmod(0o444)
    result = invoke(runner, "shopping-list", saved_plan, "-o", target)
    assert result.output == (f"Error: cannot write '{target}': the file is read-only (mode "
                             "0444); make it writable or choose another output file\n")
    assert result.exit_code == 2
    assert target.read_text() == "keep me"


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_output_files_get_the_usual_mode(runner, saved_plan, tmp_path, umask, mode):
    target = tmp_path / "list.txt"
    old = os.umask(umask)
    try:
        result = invoke(runner, "shopping-list", saved_plan, "-o", target)
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert target.stat().st_mode & 0o777 == mode


def test_existing_output_keeps_its_mode_and_links_stay_links(runner, saved_plan, tmp_path):
    real = tmp_path / "list.txt"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    result = invoke(runner, "shopping-list", saved_plan, "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "Total" in real.read_text()
    assert real.stat().st_mode & 0o777 == 0o640


def test_a_folder_that_cannot_be_written_is_one_line(runner, saved_plan, tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # As root every folder is writable, so the refusal is simulated where it happens.
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "list.txt"
    result = invoke(runner, "shopping-list", saved_plan, "-o", target)
    assert result.output == f"Error: cannot write '{target}': Permission denied\n"
    assert result.exit_code == 2


def test_a_read_only_folder_is_refused_before_planning(runner, small_foods_csv, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    target = folder / "week.json"
    result = invoke(runner, "plan", "--foods", small_foods_csv, "-o", target)
    assert result.output == (f"Error: cannot write '{target}': no permission to create files "
                             f"in the folder '{folder}'\n")
    assert result.exit_code == 2


# --------------------------------------------------------------------------------------------
# YAML: duplicate keys, deep nesting, numbers PyYAML reads as text, control characters.


def _targets_edit(old, new):
    return lambda text: text.replace(old, new, 1)


@pytest.mark.parametrize("edit, message", [
    (_targets_edit("  caffeine_mg:    {label: Caffeine,      unit: mg,   max: 400}\n",
                   "  caffeine_mg:    {label: Caffeine,      unit: mg,   max: 400}\n"
                   "  magnesium_mg:   {label: Magnesium,     unit: mg}\n"),
     "line 39: duplicate key 'magnesium_mg' (also on line 24); YAML would keep only the last "
     "one"),
    (_targets_edit("version: 1\n", "version: 1\nversion: 1\n"),
     "line 21: duplicate key 'version' (also on line 20); YAML would keep only the last one"),
    (_targets_edit("unit: mg,   min: 420}", "unit: mg,   min: 420, min: 42}"),
     "line 24: duplicate key 'min' (also on line 24); YAML would keep only the last one"),
    (lambda text: text + "deep: " + "[" * 200 + "]" * 200 + "\n",
     "line {last}: nested more than 32 levels deep"),
    (lambda text: text + "deep: " + "[" * 100_000 + "]" * 100_000 + "\n",
     "line {last}: nested more than 32 levels deep"),
    (_targets_edit("min: 420}", "min: 1e300}"),
     "key 'nutrients.magnesium_mg.min': expected a number from 0 to 1e+06, found 1e+300"),
    (_targets_edit("label: Magnesium,", 'label: "Magnesium\\e]0;pwned\\a",'),
     "key 'nutrients.magnesium_mg.label': text contains a control character (U+001B)"),
    (_targets_edit("unit: mg,   min: 420", 'unit: "mg\\x9b2J",   min: 420'),
     "key 'nutrients.magnesium_mg.unit': text contains a control character (U+009B)"),
    (_targets_edit('label: "Adult 19-50', 'label: "\\r\\nAdult 19-50'),
     "key 'profiles.adult.label': text contains a control character (U+000D)"),
    (_targets_edit("max_servings: 2", "max_servings: 1000000000000"),
     "key 'planner.max_servings': expected a whole number from 1 to 100000, found 1000000000000"),
    (_targets_edit("low_caffeine_mg: 100", "low_caffeine_mg: 1e308"),
     "key 'low_caffeine_mg': expected a number from 0 to 1e+06, found 1e+308"),
])
def test_hostile_targets_yaml(runner, tmp_path, targets_text, edit, message):
    path = tmp_path / "targets.yaml"
    changed = edit(targets_text)
    assert changed != targets_text
    path.write_text(changed, encoding="utf-8")
    result = invoke(runner, "check", "--targets", path)
    last = targets_text.count("\n") + 1
    assert result.output == f"Error: {path}, {message.format(last=last)}\n"
    assert result.exit_code == 2


def test_scientific_numbers_in_yaml_are_numbers(tmp_path, targets_text):
    from mealplan.data import load_targets

    path = tmp_path / "targets.yaml"
    path.write_text(targets_text.replace("min: 420}", "min: 4.2e2}"), encoding="utf-8")
    assert load_targets(path).nutrients["magnesium_mg"].min == 420


@pytest.mark.parametrize("text, message", [
    ("people:\n  - {name: Ana}\n  - {name: Ben, name: Bo}\n",
     "line 3: duplicate key 'name' (also on line 3); YAML would keep only the last one"),
    ("people:\n  - {name: Ana}\npeople:\n  - {name: Ben}\n",
     "line 3: duplicate key 'people' (also on line 1); YAML would keep only the last one"),
    ("people:\n  - {name: \"Ana\\e[2J\"}\n",
     "key 'people[1].name': text contains a control character (U+001B)"),
    ("people:\n  - {name: Ana, exclude: [\"tofu\\x1b\"]}\n",
     "key 'people[1].exclude[1]': text contains a control character (U+001B)"),
    ("people:\n  - {name: Ana, max_caffeine: 1e999}\n",
     "key 'people[1].max_caffeine': expected a number >= 0, found inf"),
    ("people: " + "[" * 50 + "]" * 50 + "\n", "line 1: nested more than 32 levels deep"),
])
def test_hostile_household_yaml(runner, tmp_path, small_foods_csv, text, message):
    path = tmp_path / "household.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, "plan", "--foods", small_foods_csv, "--household", path)
    assert result.output == f"Error: {path}, {message}\n"
    assert result.exit_code == 2


# --------------------------------------------------------------------------------------------
# foods.csv and pantry.csv: control characters, plausible ranges, clear messages.


def _cell(column, value, row=0):
    def edit(text):
        from .conftest import csv_rows, rows_to_csv

        rows = csv_rows(text)
        rows[row][column] = value
        return rows_to_csv(rows)
    return edit


@pytest.mark.parametrize("edit, message", [
    (_cell("food", "Spinach\x1b]0;pwned\x07"),
     "row 2, column 'food': contains a control character (U+001B); expected plain text"),
    (_cell("serving", "1 cup\x1b[2J"),
     "row 2, column 'serving': contains a control character (U+001B); expected plain text"),
    (_cell("package", "bag\x9b31m"),
     "row 2, column 'package': contains a control character (U+009B); expected plain text"),
    (_cell("category", "produce\x7f"),
     "row 2, column 'category': contains a control character (U+007F); expected plain text"),
    (_cell("usda_name", "vertical\vtab"),
     "row 2, column 'usda_name': contains a control character (U+000B); expected plain text"),
    (_cell("magnesium_mg", "1e308"),
     "row 2, column 'magnesium_mg': expected a number from 0 to 100000 (per serving), found "
     "'1e308'"),
    (_cell("kcal", "1e6"),
     "row 2, column 'kcal': expected a number from 0 to 100000 (per serving), found '1e6'"),
    (_cell("grams", "100001"),
     "row 2, column 'grams': expected a number from 0.1 to 100000 (grams in a serving), found "
     "'100001'"),
    (_cell("grams", "1e-300"),
     "row 2, column 'grams': expected a number from 0.1 to 100000 (grams in a serving), found "
     "'1e-300'"),
    (_cell("price", "1e300"),
     "row 2, column 'price': expected a number from 0 to 1000 (per serving), found '1e300'"),
    (_cell("package_servings", "1e9"),
     "row 2, column 'package_servings': expected a number from 0.01 to 10000 (servings), "
     "found '1e9'"),
    (_cell("package_servings", "5e-324"),
     "row 2, column 'package_servings': expected a number from 0.01 to 10000 (servings), "
     "found '5e-324'"),
    (_cell("max_servings", "99999999999999999999"),
     "row 2, column 'max_servings': expected a whole number from 1 to 100000, found "
     "'99999999999999999999'"),
    (_cell("max_servings", "²"),
     "row 2, column 'max_servings': expected a whole number from 1 to 100000, found '²'"),
    (_cell("sources", "caffeine_mg"),
     "row 2, column 'sources': 'caffeine_mg' has no minimum in targets.yaml, so no food is a "
     "source of it; leave it out of sources"),
    (lambda text: text.replace(",", "\t"),
     "row 1: columns are separated by tabs; mealplan expects comma-separated values"),
])
def test_hostile_foods_csv(runner, tmp_path, foods_text, edit, message):
    path = tmp_path / "foods.csv"
    path.write_text(edit(foods_text), encoding="utf-8")
    result = invoke(runner, "check", "--foods", path)
    assert result.output == f"Error: {path}, {message}\n"
    assert result.exit_code == 2


@pytest.mark.parametrize("text, message", [
    ("food,amount\nAlmonds\x1b[2J,1\n",
     "row 2, column 'food': contains a control character (U+001B); expected plain text"),
    ("food,amount,unit\nAlmonds,1,g\x07\n",
     "row 2, column 'unit': contains a control character (U+0007); expected plain text"),
    ("food,amount\nAlmonds,1e300\n",
     "row 2, column 'amount': expected a number from 0 to 1e+06, found '1e300'"),
    ("food\tamount\nAlmonds\t1\n",
     "row 1: columns are separated by tabs; mealplan expects comma-separated values"),
])
def test_hostile_pantry_csv(runner, tmp_path, small_foods_csv, text, message):
    path = tmp_path / "pantry.csv"
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, "plan", "--foods", small_foods_csv, "--pantry", path)
    assert result.output == f"Error: {path}, {message}\n"
    assert result.exit_code == 2


# --------------------------------------------------------------------------------------------
# Markdown: a food name is text, never a live link, tag or emphasis.


@pytest.mark.parametrize("name, escaped", [
    ("[Free food](javascript:alert(1))", "\\[Free food\\](javascript:alert(1))"),
    ("![x](https://tracker.example/p.png)", "!\\[x\\](https://tracker.example/p.png)"),
    ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
    ("<https://evil.example>", "\\<https://evil.example\\>"),
    ("**Bold** _it_ `code` ~~gone~~", "\\*\\*Bold\\*\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~"),
])
def test_markdown_escapes_active_syntax_in_names(short_plan, name, escaped):
    import copy
    from dataclasses import replace

    from mealplan.render import render_plan, render_shopping_list

    hostile = copy.deepcopy(short_plan)
    old = hostile.days[0].items[0].food
    hostile.foods[name] = hostile.foods.pop(old)
    for day in hostile.days:
        day.items = [replace(item, food=name) if item.food == old else item
                     for item in day.items]
    hostile.settings["profile"] = name
    menu = render_plan(hostile, "markdown")
    assert escaped in menu
    for text in (menu, render_shopping_list(hostile, "markdown")):
        assert name not in text


# --------------------------------------------------------------------------------------------
# Options: bad input exits 2 naming the real cause.


@pytest.mark.parametrize("args, message", [
    (["--time-limit", "nan"], "--time-limit must be a number of seconds, got nan"),
    (["--time-limit", "inf"], "--time-limit must be a number of seconds, got inf"),
    (["--credit", "calcium_mg=5000"],
     "--credit calcium_mg=5000 is more than the upper limit of 2500 mg of Calcium a day; "
     "lower it"),
    (["--credit", "caffeine_mg=401"],
     "--credit caffeine_mg=401 is more than the upper limit of 400 mg of Caffeine a day; "
     "lower it"),
    (["--credit", "vitamin_d_ug=1e308"],
     "--credit vitamin_d_ug=1e+308 is more than the upper limit of 100 µg of Vitamin D a day; "
     "lower it"),
    (["--people", "100000"], "--people must be from 1 to 1000, got 100000"),
    (["--exclude", "fish\x1b[2J"],
     '--exclude "fish\\u001b[2J": contains a control character (U+001B)'),
    (["--credit", "\x1b]0;x=1"],
     "--credit: unknown nutrient '\\u001b]0;x'; choose one of: kcal, magnesium_mg, "
     "vitamin_b12_ug, vitamin_d_ug, potassium_mg, calcium_mg, thiamine_mg, protein_g, fiber_g, "
     "sodium_mg, saturated_fat_g, folate_ug, iron_mg, caffeine_mg"),
])
def test_bad_options_exit_2_naming_the_cause(runner, small_foods_csv, args, message):
    result = invoke(runner, "plan", "--days", "1", "--foods", small_foods_csv, *args)
    assert result.output == f"Error: {message}\n"
    assert result.exit_code == 2


def test_household_credit_above_a_members_limit(runner, tmp_path, small_foods_csv):
    path = tmp_path / "household.yaml"
    path.write_text("people:\n  - {name: Ana}\n  - {name: Lea, profile: children_4_8, "
                    "credits: {calcium_mg: 2600}}\n", encoding="utf-8")
    result = invoke(runner, "plan", "--days", "1", "--foods", small_foods_csv,
                    "--household", path)
    assert result.output == (f"Error: {path}, key 'people[2].credits.calcium_mg': 2600 is more "
                             f"than Lea's upper limit of 2500 mg of Calcium a day; lower it\n")
    assert result.exit_code == 2


def test_shopping_list_people_is_bounded(runner, saved_plan):
    result = invoke(runner, "shopping-list", saved_plan, "--people", "10" + "0" * 400)
    assert result.output == "Error: --people must be from 1 to 1000, got 1" + "0" * 401 + "\n"
    assert result.exit_code == 2


def test_a_long_plan_on_a_small_catalogue_names_the_variety_rule(runner, small_foods_csv):
    result = invoke(runner, "plan", "--days", "28", "--foods", small_foods_csv)
    assert result.output == (
        "Error: the variety rule cannot be met: 28 days of at least 6 foods need 168 food-days, "
        "and the 36 allowed foods, each on at most its max_days days (max_days_per_food: 3) and "
        "one of a kind a day, give 132 (constraints max_days_*); allow more foods, raise "
        "max_days_per_food or plan fewer days\n")
    assert result.exit_code == 1
