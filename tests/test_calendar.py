"""Day names (--start) in every format, and the week as an iCalendar file (--format ics)."""

from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest

from mealplan.cli import cli
from mealplan.dates import day_label, first_date, parse_start
from mealplan.errors import DataError
from mealplan.ics import fold, render_ics
from mealplan.plan import Plan
from mealplan.render import render_plan
from mealplan.swap import dishes

NOW = dt.datetime(2026, 12, 3, 9, 15, tzinfo=dt.timezone.utc)  # a Thursday


@pytest.fixture
def named_plan(recipe_plan):
    plan = Plan.from_dict(recipe_plan.to_dict())
    plan.start = "2026-12-07"
    return plan


def events(text: str):
    return [c for c in icalendar.Calendar.from_ical(text).walk() if c.name == "VEVENT"]


def test_the_ics_parses_with_one_event_a_meal(named_plan):
    text = render_ics(named_plan, now=NOW)
    found = events(text)
    served = dishes(named_plan)
    assert len(found) == len({(d.day, i.meal) for d in named_plan.days for i in d.items})
    lunch = next(e for e in found if str(e["SUMMARY"]).startswith("Lunch")
                 and e["DTSTART"].dt.date() == dt.date(2026, 12, 8))
    assert str(lunch["SUMMARY"]) == f"Lunch: {served[2, 'lunch']}"
    assert lunch["DTSTART"].dt == dt.datetime(2026, 12, 8, 12, 30)
    assert lunch["DTEND"].dt == dt.datetime(2026, 12, 8, 13, 15)
    assert "Per portion: " in str(lunch["DESCRIPTION"])  # commas and newlines came back whole
    assert len({str(e["UID"]) for e in found}) == len(found)
    assert all(e["DTSTAMP"].dt == NOW for e in found)


def test_the_ics_is_crlf_and_folded_at_75_octets(named_plan):
    text = render_ics(named_plan, now=NOW)
    lines = text.split("\r\n")
    assert lines[-1] == "" and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "é" * 80
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_without_a_start_the_calendar_begins_next_monday(recipe_plan):
    assert first_date(None, dt.date(2026, 12, 3)) == dt.date(2026, 12, 7)
    assert first_date(None, dt.date(2026, 12, 7)) == dt.date(2026, 12, 14)  # a Monday: the next
    assert first_date("friday", dt.date(2026, 12, 3)) == dt.date(2026, 12, 4)
    starts = {e["DTSTART"].dt.date() for e in events(render_ics(recipe_plan, now=NOW))}
    assert starts == {dt.date(2026, 12, 7), dt.date(2026, 12, 8)}


@pytest.mark.parametrize("start, labels", [
    ("monday", ["Monday", "Tuesday"]),
    ("Sun", ["Sunday", "Monday"]),
    ("2026-12-07", ["Mon 2026-12-07", "Tue 2026-12-08"]),
])
def test_start_names_the_days(start, labels):
    assert [day_label(parse_start(start), day) for day in (1, 2)] == labels


def test_a_second_week_says_so():
    assert day_label("monday", 8) == "Monday, week 2"


def test_every_format_shows_the_names(named_plan):
    for fmt in ("table", "markdown"):
        text = render_plan(named_plan, fmt)
        assert "Mon 2026-12-07" in text and "Tue 2026-12-08" in text and "Day 1 " not in text
    rows = render_plan(named_plan, "csv").splitlines()
    assert rows[0].startswith("day,day_name,meal")
    assert rows[1].startswith("1,Mon 2026-12-07,")
    assert json.loads(render_plan(named_plan, "json"))["start"] == "2026-12-07"
    html = render_plan(named_plan, "html")
    assert '<span class="day-name">Mon 2026-12-07</span>' in html


def test_a_plan_without_a_start_keeps_day_numbers(recipe_plan):
    document = recipe_plan.to_dict()
    assert "start" not in document
    assert Plan.from_dict(document).start is None
    assert "Day 1 " in render_plan(recipe_plan, "table")


def test_a_bad_start_in_a_plan_file_names_its_path(recipe_plan):
    document = recipe_plan.to_dict()
    document["start"] = "someday"
    with pytest.raises(DataError) as error:
        Plan.from_dict(document, "week.json")
    assert str(error.value) == ("week.json, start: start 'someday': expected a weekday "
                                "(monday) or a date (2026-12-07)")


def test_plan_start_and_ics_on_the_command_line(runner, tmp_path, small_recipes_yaml):
    out = tmp_path / "week.ics"
    result = runner.invoke(cli, ["plan", "--days", "1", "--rounds", "0", "--recipes",
                                 str(small_recipes_yaml), "--start", "2026-12-07", "-o",
                                 str(out)])
    assert result.exit_code == 0, result.output
    found = events(out.read_bytes().decode("utf-8"))
    assert {e["DTSTART"].dt.date() for e in found} == {dt.date(2026, 12, 7)}


def test_show_renames_a_saved_plan(runner, tmp_path, recipe_plan):
    week = tmp_path / "week.json"
    week.write_text(recipe_plan.to_json(), encoding="utf-8")
    result = runner.invoke(cli, ["show", str(week), "--start", "friday"])
    assert result.exit_code == 0, result.output
    assert "Friday" in result.stdout and "Saturday" in result.stdout


def test_a_bad_start_is_refused(runner):
    result = runner.invoke(cli, ["plan", "--days", "1", "--start", "someday"])
    assert result.exit_code == 2
    assert result.output == ("Error: --start 'someday': expected a weekday (monday) or a date "
                             "(2026-12-07)\n")
