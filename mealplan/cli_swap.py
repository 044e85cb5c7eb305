"""The commands that change a plan to taste: ``mealplan rate`` and ``mealplan swap``.

They use the options and error handling of cli_common.
"""

from __future__ import annotations

import click

from .cli_common import (PLAN_FORMATS, _catch, _check_output, _emit, _format_for, _load,
                         _load_recipes, _read_plan, _refuse_html_on_terminal, _split_terms,
                         _start, _tastes, _use_color, data_options, exclude_option,
                         format_option, household_option, output_option, preferences_option,
                         prefer_option, search_options, start_option)
from .console import InputPath, echo, remember
from .errors import DataError


@click.command()
@click.argument("dish", metavar="DISH")
@click.argument("rating", type=click.IntRange(1, 5), metavar="1-5")
@preferences_option
@data_options
@_catch
def rate(dish: str, rating: int, preferences_path: str | None, foods_path: str | None,
         targets_path: str | None, recipes_spec: str | None) -> None:
    """Rate a dish from 1 (never serve it) to 5 (more often), in the preferences file that
    every plan reads.  DISH is a recipe's name, or words only it has."""
    from .preferences import default_preferences_path, resolve_dish, save_rating

    catalogue, _ = _load(foods_path, targets_path)
    cookbook = _load_recipes(recipes_spec or "shipped", None, catalogue)
    if cookbook is None:
        raise DataError("--recipes none: there are no dishes to rate")
    recipe = resolve_dish(cookbook, dish)
    path = preferences_path or str(default_preferences_path())
    save_rating(path, recipe.name, rating)
    meaning = {1: "never served", 2: "less often", 3: "no preference", 4: "more often",
               5: "much more often"}[rating]
    echo(f"Rated '{recipe.name}' {rating} ({meaning}) in {path}", err=True)


@click.command()
@click.argument("plan_file", metavar="PLAN.json", type=InputPath())
@click.argument("spec", metavar="'day N [MEAL]'")
@exclude_option
@prefer_option
@preferences_option
@household_option("The household file of a household's plan.  [default: the one the plan "
                  "names]")
@data_options
@start_option
@search_options(rounds_help="Column-generation rounds for the new week (see 'plan --rounds').",
                time_limit_help="Stop searching after this long (see 'plan --time-limit').")
@format_option(choices=PLAN_FORMATS)
@output_option
@_catch
def swap(plan_file: str, spec: str, exclude: tuple[str, ...], prefer: tuple[str, ...],
         preferences_path: str | None, household_path: str | None, foods_path: str | None,
         targets_path: str | None, recipes_spec: str | None, start: str | None,
         rounds: int | None, time_limit: float | None, fmt: str | None,
         output: str | None) -> None:
    """Replace one meal ('day 4 lunch') or a whole day ('day 4') of a saved recipe plan with
    the best other dishes that keep the week's coverage, changing as little else as it must;
    says what else changed and why.  A meal the week left unplanned (under a budget) gets a
    dish.  The saved plan's options (profile, diet, exclusions ...)
    apply, with --exclude and --prefer on top."""
    from .render import render_plan
    from .swap import swap as swap_meal

    fmt = _format_for(fmt, output)
    _refuse_html_on_terminal(fmt, output)
    start = _start(start)
    saved = _read_plan(plan_file)
    household_path = household_path or (saved.settings.get("household")
                                        if saved.household else None)
    remember(click.get_current_context(silent=True), household_path)
    _check_output(output)
    catalogue, targets = _load(foods_path, targets_path)
    cookbook = _load_recipes(recipes_spec or "shipped", None, catalogue)
    household = None
    if household_path is not None:
        from .data import load_household

        household = load_household(household_path, targets, catalogue)
    result = swap_meal(catalogue, targets, cookbook, saved, spec,
                       exclude=_split_terms(exclude, catalogue, cookbook),
                       tastes=_tastes(prefer, preferences_path), household=household,
                       rounds=rounds, time_limit=time_limit)
    if start is not None:
        result.plan.start = start
    for line in result.summary():
        echo(line, err=True)
    colour = _use_color(fmt, output)
    _emit(render_plan(result.plan, fmt, color=colour, foods=catalogue.by_name()), output,
          colour)
