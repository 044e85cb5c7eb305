"""The commands that read a saved plan: ``mealplan report``, ``show`` and ``shopping-list``."""

from __future__ import annotations

import click

from . import cli_common
from .cli_common import (FORMATS, _catch, _check_output, _emit, _format_for, _load,
                         _load_pantry, _read_plan, _start, _use_color, foods_option,
                         format_option, output_option, start_option, targets_option)
from .console import InputPath
from .errors import DataError


@click.command()
@click.argument("plan_file", metavar="PLAN.json", type=InputPath())
@foods_option
@targets_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the page to FILE (e.g. week.html) instead of standard output.")
@_catch
def report(plan_file: str, foods_path: str | None, targets_path: str | None,
           output: str | None) -> None:
    """Make a printable HTML page (menu, nutrient charts, shopping checklist) from a saved
    plan."""
    from .report import render_html

    if output is None and cli_common._stdout_is_terminal():
        raise DataError(f"the report is an HTML page: save it with -o week.html and open "
                        f"that in a browser, or see the plan as text with 'mealplan show "
                        f"{plan_file}'")
    _check_output(output)
    saved = _read_plan(plan_file)
    catalogue, _ = _load(foods_path, targets_path)
    _emit(render_html(saved, catalogue.by_name()), output)


@click.command()
@click.argument("plan_file", metavar="PLAN.json", type=InputPath())
@format_option(choices=(*FORMATS, "ics"))
@start_option
@output_option
@_catch
def show(plan_file: str, fmt: str | None, start: str | None, output: str | None) -> None:
    """Print a saved plan again: menu, coverage, shopping list and status (for the HTML page,
    see 'mealplan report')."""
    from .render import render_plan

    fmt = _format_for(fmt, output)
    start = _start(start)
    if fmt not in (*FORMATS, "ics"):
        raise DataError(f"'mealplan show' writes {', '.join(FORMATS)}, ics; for an HTML page "
                        f"use 'mealplan report {plan_file} -o {output or 'week.html'}'")
    _check_output(output)
    saved = _read_plan(plan_file)
    saved.start = start or saved.start
    colour = _use_color(fmt, output)
    _emit(render_plan(saved, fmt, color=colour), output, colour)


@click.command("shopping-list")
@click.argument("plan_file", metavar="PLAN.json", type=InputPath())
@click.option("--people", type=int, default=None,
              help="Scale for this many people.  [default: as planned]")
@click.option("--pantry", "pantry_path", type=InputPath(), default=None,
              help="CSV of what is at home (food, amount, unit); replaces the plan's own.")
@foods_option
@targets_option
@format_option()
@output_option
@_catch
def shopping_list(plan_file: str, people: int | None, pantry_path: str | None,
                  foods_path: str | None, targets_path: str | None, fmt: str | None,
                  output: str | None) -> None:
    """Print the shopping list of a saved plan, grouped by aisle, in whole packages."""
    from .render import render_shopping_list

    from .data import MAX_PEOPLE

    if people is not None and not 1 <= people <= MAX_PEOPLE:
        raise DataError(f"--people must be from 1 to {MAX_PEOPLE}, got {people}" if people > 0
                        else f"--people must be 1 or more, got {people}")
    _check_output(output)
    fmt = _format_for(fmt, output)
    saved = _read_plan(plan_file)
    if people is not None and saved.household:
        raise DataError(f"--people: {plan_file} is planned for a household of "
                        f"{len(saved.household)}; its list already feeds everyone in it")
    pantry = None
    if pantry_path is not None:
        catalogue, _ = _load(foods_path, targets_path)
        pantry = _load_pantry(pantry_path, catalogue)
    text = render_shopping_list(saved, fmt, people, pantry)
    _emit(text if text.endswith("\n") else text + "\n", output)
