"""The command line, end to end through click's CliRunner, with exact messages."""

from __future__ import annotations

import json

import pytest

from mealplan.cli import cli
from mealplan.plan import Plan


def invoke(runner, *args):
    return runner.invoke(cli, list(args), prog_name="mealplan", catch_exceptions=False)


def test_plan_table(runner, small_foods_csv):
    result = invoke(runner, "plan", "--days", "1", "--foods", str(small_foods_csv))
    assert result.exit_code == 0, result.output
    assert "Day 1" in result.output and "Shopping list" in result.output
    assert "not medical advice" in result.output


def test_plan_json_to_file_then_shopping_list(runner, small_foods_csv, tmp_path):
    out = tmp_path / "week.json"
    result = invoke(runner, "plan", "--days", "2", "--foods", str(small_foods_csv),
                    "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr.endswith(f"Wrote {out}\n")
    plan = Plan.from_json(out.read_text())
    assert len(plan.days) == 2 and plan.status in ("optimal", "feasible")

    listing = invoke(runner, "shopping-list", str(out), "--format", "json", "--people", "3")
    assert listing.exit_code == 0, listing.output
    document = json.loads(listing.output)
    assert document["people"] == 3
    one = {item.food: item for item in plan.shopping_list(people=1)}
    assert {i["food"]: i["needed"] for i in document["items"]} == pytest.approx(
        {line: 3 * item.needed for line, item in one.items()})
    assert {i["food"]: i["servings"] for i in document["items"]} == pytest.approx(
        {line: 3 * item.servings for line, item in one.items()})


def test_plan_json_stdout_is_clean_json(runner, small_foods_csv):
    result = invoke(runner, "plan", "--days", "1", "--foods", str(small_foods_csv),
                    "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["version"] == 4


def test_foods_best_sources_first(runner):
    result = invoke(runner, "foods", "--source", "vitamin d", "--limit", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    values = [food["nutrients"]["vitamin_d_ug"] for food in json.loads(result.output)]
    assert values == sorted(values, reverse=True) and len(values) == 5


def test_foods_search(runner):
    result = invoke(runner, "foods", "--search", "spinach")
    assert result.exit_code == 0
    assert "Spinach, raw" in result.output and "Almonds" not in result.output


def test_check_ok(runner):
    result = invoke(runner, "check")
    assert result.exit_code == 0
    assert result.output.startswith("targets.yaml: OK, 14 nutrients, 16 profiles, 3 diets\n"
                                    "foods.csv: OK, ")


def test_targets_lists_profiles(runner):
    result = invoke(runner, "targets", "--profile", "women_71_plus")
    assert result.exit_code == 0
    assert "Profile: women_71_plus" in result.output and "pregnancy_19_30" in result.output


# --------------------------------------------------------------------------------------------
# Errors: one line, exact text, status 2 for bad input, nothing written


@pytest.mark.parametrize("args, message", [
    (["plan", "--exclude", "spinnach"],
     "Error: --exclude 'spinnach': no food, tag, aisle or recipe matches; did you mean "
     "'spinach' or 'espinacas' or 'spinach, raw'?\n"),
    (["plan", "--low-caffeine", "--max-caffeine", "50"],
     "Error: --low-caffeine and --max-caffeine cannot be used together; pick one\n"),
    (["plan", "--people", "-1"], "Error: --people must be 1 or more, got -1\n"),
    (["plan", "--profile", "kid"],
     "Error: unknown profile 'kid'; choose one of: adult, men_19_30, men_31_50, men_51_70, "
     "men_71_plus, women_19_30, women_31_50, women_51_70, women_71_plus, pregnancy_19_30, "
     "pregnancy_31_50, children_4_8, boys_9_13, girls_9_13, boys_14_18, girls_14_18\n"),
    (["plan", "--diet", "vegn"],
     "Error: unknown diet 'vegn'; did you mean 'vegan'?; choose one of: vegan, vegetarian, "
     "pescatarian\n"),
    (["plan", "--credit", "vitamin_q=3"],
     "Error: --credit: unknown nutrient 'vitamin_q'; choose one of: kcal, magnesium_mg, "
     "vitamin_b12_ug, vitamin_d_ug, potassium_mg, calcium_mg, thiamine_mg, protein_g, fiber_g, "
     "sodium_mg, saturated_fat_g, folate_ug, iron_mg, caffeine_mg\n"),
    (["plan", "--time-limit", "0"], "Error: --time-limit must be more than 0 seconds, got 0\n"),
    (["plan", "--foods", "nope.csv"], "Error: nope.csv: file not found\n"),
    (["shopping-list", "nope.json"], "Error: nope.json: file not found\n"),
])
def test_bad_input_exits_2_with_one_line(runner, args, message):
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert result.output == message


def test_days_zero_is_a_usage_error(runner):
    result = invoke(runner, "plan", "--days", "0")
    assert result.exit_code == 2
    assert result.output == "Error: Invalid value for '--days': 0 is not in the range 1<=x<=28.\n"


def test_unknown_option_is_one_line(runner):
    result = invoke(runner, "plan", "--dayz", "3")
    assert result.exit_code == 2
    assert result.output == "Error: No such option '--dayz'. Did you mean '--days'?\n"


def test_color_only_on_request(runner, small_foods_csv, short_plan):
    from mealplan.render import render_plan

    assert "\x1b[" in render_plan(short_plan, "table", color=True)
    assert "\x1b[" not in render_plan(short_plan, "table")
    result = invoke(runner, "plan", "--days", "1", "--foods", str(small_foods_csv))
    assert "\x1b[" not in result.output  # CliRunner's stdout is not a terminal


def test_failed_run_writes_nothing(runner, tmp_path):
    out = tmp_path / "week.json"
    out.write_text("previous plan")
    result = invoke(runner, "plan", "--exclude", "spinnach", "--output", str(out))
    assert result.exit_code == 2
    assert out.read_text() == "previous plan"
    assert list(tmp_path.iterdir()) == [out]


def test_output_into_missing_folder(runner, small_foods_csv, tmp_path):
    out = tmp_path / "no" / "such" / "week.json"
    result = invoke(runner, "plan", "--days", "1", "--foods", str(small_foods_csv),
                    "--output", str(out))
    assert result.exit_code == 2
    assert result.output == (f"Error: cannot write '{out}': the folder '{out.parent}' does not "
                             "exist\n")


def test_shopping_list_refuses_foreign_json(runner, tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}')
    result = invoke(runner, "shopping-list", str(path))
    assert result.exit_code == 2
    assert result.output == (f"Error: {path}: not a mealplan plan file (save one with "
                             "'mealplan plan --format json --output FILE')\n")


def test_everything_excluded_is_infeasible(runner, small_foods_csv):
    result = invoke(runner, "plan", "--foods", str(small_foods_csv), "--exclude",
                    "produce,dairy & eggs,meat & fish,grains & bakery,nuts & seeds,pantry,"
                    "drinks,plant milks")
    assert result.exit_code == 1
    assert result.output == "Error: every food is excluded: nothing is left to plan with\n"


def test_impossible_energy_band_names_the_constraint(runner, small_foods_csv, tmp_path,
                                                     targets_text):
    targets = tmp_path / "targets.yaml"
    targets.write_text(targets_text.replace("min: 2000, max: 2600", "min: 9000, max: 9500"))
    result = invoke(runner, "plan", "--days", "1", "--foods", str(small_foods_csv),
                    "--targets", str(targets))
    assert result.exit_code == 1
    assert result.output == ("Error: no day's menu can meet the energy minimum (at least 9000 "
                             "kcal of Energy a day; constraint min_kcal_day1) with the 36 "
                             "allowed foods\n")


def test_html_plan_and_report_command(runner, small_foods_csv, tmp_path):
    page = tmp_path / "week.html"
    result = invoke(runner, "plan", "--days", "1", "--foods", str(small_foods_csv),
                    "-o", str(page))
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") or text.lstrip().lower().startswith("<!doctype")

    saved = tmp_path / "week.json"
    invoke(runner, "plan", "--days", "1", "--foods", str(small_foods_csv), "-o", str(saved))
    again = tmp_path / "again.html"
    report = invoke(runner, "report", str(saved), "--foods", str(small_foods_csv),
                    "-o", str(again))
    assert report.exit_code == 0, report.output
    assert "Shopping" in again.read_text(encoding="utf-8")


def test_cost_objective_refuses_a_catalogue_without_prices(runner, small_foods_csv, tmp_path):
    from .conftest import csv_rows, rows_to_csv

    rows = csv_rows(small_foods_csv.read_text(encoding="utf-8"))
    rows[3]["price"] = ""
    unpriced = tmp_path / "unpriced.csv"
    unpriced.write_text(rows_to_csv(rows), encoding="utf-8")
    result = invoke(runner, "plan", "--foods", str(unpriced), "--objective", "cost")
    assert result.exit_code == 2
    assert result.output == (f"Error: {unpriced}, column 'price': the cost objective needs a "
                             f"price for every food; 1 has none (first: '{rows[3]['food']}'); "
                             "add prices or use --objective coverage\n")
    # The coverage objective works without prices.
    ok = invoke(runner, "plan", "--days", "1", "--foods", str(unpriced), "--format", "json")
    assert ok.exit_code == 0


def test_exclude_keeps_whole_food_names_with_commas(runner, small_foods_csv):
    result = invoke(runner, "plan", "--days", "1", "--rounds", "1", "--foods",
                    str(small_foods_csv), "--exclude", "Milk, 2%", "--exclude", "banana,apple",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    used = {m["food"] for day in json.loads(result.stdout)["days"] for m in day["meals"]}
    assert not used & {"Milk, 2%", "Banana", "Apple"}
    excluded = json.loads(result.stdout)["settings"]["exclude"]
    assert excluded == ["Milk, 2%", "banana", "apple"]
