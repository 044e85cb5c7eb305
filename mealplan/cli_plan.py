"""``mealplan plan``: its options, and the few lines that hand them to the library
(request.plan_request) and print the plan."""

from __future__ import annotations

import math

import click

from .cli_common import (PLAN_FORMATS, _catch, _check_output, _emit, _format_for, _load,
                         _parse_credits, _progress_after, _refuse_html_on_terminal, _start,
                         _tastes, _use_color, data_options, exclude_option, format_option,
                         household_option, output_option, preferences_option, prefer_option,
                         search_options, start_option)
from .console import InputPath, echo, remember
from .errors import DataError
from .search_settings import FoodSearchSettings, SearchSettings

# The defaults the help states, read from the settings objects so that they cannot drift
# (the help said 16 rounds from recipes while the search ran 6).
_RECIPES, _FOODS = SearchSettings(), FoodSearchSettings()


def _net(settings: SearchSettings | FoodSearchSettings) -> str:
    """'120, or 30 a person at a table of more than 4': SearchBase.safety_net in words."""
    return (f"{settings.time_limit:g}, or {settings.time_limit_per_person:g} a person at a "
            f"table of more than {int(settings.time_limit // settings.time_limit_per_person)}")


@click.command()
@click.option("--days", type=click.IntRange(min=1, max=28), default=None,
              help="Days to plan.  [default: 7]")
@data_options
@click.option("--profile", default=None,
              help="DRI profile, e.g. women_31_50 or pregnancy_19_30 (see 'mealplan targets').")
@exclude_option
@click.option("--include", multiple=True, metavar="FOOD_OR_TAG",
              help="Make sure the week has this food (or one food of this tag), e.g. salmon. "
                   "Repeat or separate with commas.")
@prefer_option
@preferences_option
@start_option
@click.option("--avoid", "avoid_path", type=InputPath(), default=None,
              metavar="PLAN.json", help="Make a week that differs from this saved one: no meal "
                                        "repeated whole, fewer foods at the same meals.")
@click.option("--keep", "keep_path", type=InputPath(), default=None,
              metavar="PLAN.json", help="A saved plan to keep meals from (with --lock).")
@click.option("--lock", multiple=True, metavar="'day N [MEAL]'",
              help="Keep this meal (or whole day) of the --keep plan exactly and plan the rest "
                   "around it, e.g. --lock 'day 2 dinner'. Repeatable.")
@click.option("--diet", default=None, help="Diet from targets.yaml: vegan, vegetarian, "
                                           "pescatarian.")
@click.option("--low-caffeine", is_flag=True, help="Cap caffeine at the low-caffeine limit "
                                                   "(100 mg a day by default).")
@click.option("--max-caffeine", type=float, default=None, metavar="MG",
              help="Cap caffeine at MG a day.")
@click.option("--credit", multiple=True, metavar="NUTRIENT=AMOUNT",
              help="A daily amount from outside the menu, e.g. vitamin_d_ug=10 from sunlight "
                   "or a supplement.")
@click.option("--people", type=int, default=1, show_default=True,
              help="Scale the shopping list for this many people.")
@household_option("Plan one shared menu for the people in this file, each with their own "
                  "profile, diet, exclusions and caffeine cap; portions are sized so every "
                  "person's targets are met.")
@click.option("--budget", type=float, default=None, metavar="AMOUNT",
              help="Most the week's shopping may cost at the till: whole packages, after "
                   "--pantry, for all --people or the household. If full coverage costs more, "
                   "the plan comes as close as the budget allows and says what full coverage "
                   "would cost.")
@click.option("--pantry", "pantry_path", type=InputPath(), default=None,
              help="CSV of what is at home (food, amount, unit: servings, g as kept - dry for "
                   "rice or pasta bought dry - or 'g cooked'); the shopping list buys only the "
                   "rest.")
@click.option("--after", "after_path", type=InputPath(), default=None,
              metavar="WEEK.json",
              help="Plan the week after WEEK.json: what it leaves that keeps is at home, and "
                   "its dishes are avoided as with --avoid.")
@click.option("--staples", "staples_spec", default=None, metavar="FILE|none",
              callback=lambda ctx, _param, spec: remember(ctx, spec) or spec
              if spec not in (None, "none") else spec,
              help="Foods you always have (one a line), never bought: listed as 'check you "
                   "have'.  [default: the shipped list: salt, pepper, oil, flour, spices ...]")
@click.option("--minute-cost", type=click.FloatRange(min=0), default=None, metavar="DOLLARS",
              help="What a minute at the stove is worth to you: higher picks quicker dishes.  "
                   "[default: targets.yaml shopping.minute_cost, 0.08]")
@click.option("--weeknight-minutes", type=click.FloatRange(min=0), default=None,
              metavar="N", help="At most N minutes at the stove on days 1-5 (a leftover "
                                "counts nothing).")
@click.option("--weekend-minutes", type=click.FloatRange(min=0), default=None, metavar="N",
              help="At most N minutes at the stove on days 6 and 7.")
@click.option("--objective", type=click.Choice(["coverage", "cost", "variety"]),
              default="coverage", show_default=True,
              help="coverage: full coverage, then cost, varied by the weekly rules; "
                   "cost: cheapest; variety: fewest repeats.")
@click.option("--continuous", is_flag=True,
              help="Classic diet LP: fractional servings, no meals or variety rules.")
@click.option("--solver", type=click.Choice(["highs", "cbc"]), default="highs",
              show_default=True, help="MIP solver.")
@search_options(
    rounds_help="Column-generation rounds: more give a cheaper week and a tighter proven gap, "
                f"and take longer.  [default: {_RECIPES.rounds} from recipes, "
                f"{_RECIPES.household_rounds} for a household; from single foods "
                f"{_FOODS.rounds}, {_FOODS.household_rounds} for a household]",
    time_limit_help="Safety net: stop searching after this long and show the best plan found, "
                    "labelled unproven (from recipes: CPU seconds of the search, so a busy "
                    f"machine gives the same week).  [default: {_net(_RECIPES)} from recipes; "
                    f"{_net(_FOODS)} from single foods]")
@click.option("--seed", type=int, default=None,
              help="Give a different, equally valid menu for each number.")
@format_option(choices=PLAN_FORMATS, help="Output format; html is a printable, self-contained "
                                          "page. Default: table, or from the --output suffix.")
@output_option
@_catch
def plan(days: int | None, foods_path: str | None, targets_path: str | None,
         recipes_spec: str | None, profile: str | None, exclude: tuple[str, ...],
         include: tuple[str, ...], prefer: tuple[str, ...], preferences_path: str | None,
         start: str | None, avoid_path: str | None, keep_path: str | None,
         lock: tuple[str, ...], diet: str | None, low_caffeine: bool,
         max_caffeine: float | None, credit: tuple[str, ...], people: int,
         household_path: str | None, budget: float | None, pantry_path: str | None,
         after_path: str | None, staples_spec: str | None, minute_cost: float | None,
         weeknight_minutes: float | None, weekend_minutes: float | None,
         objective: str, continuous: bool, solver: str, rounds: int | None,
         time_limit: float | None, seed: int | None,
         fmt: str | None, output: str | None) -> None:
    """Plan a week of meals and print it with its coverage and shopping list."""
    from .render import render_plan
    from .request import PlanFiles, plan_request

    fmt = _format_for(fmt, output)
    _refuse_html_on_terminal(fmt, output)
    credits = _parse_credits(credit)
    if budget is not None and not (budget > 0 and math.isfinite(budget)):
        raise DataError(f"--budget must be an amount more than 0, got {budget:g}")
    if after_path is not None and avoid_path is not None:
        raise DataError("--after already avoids that week's dishes; give --after or --avoid")
    _check_output(output)
    start = _start(start)
    tastes = _tastes(prefer, preferences_path)
    catalogue, targets = _load(foods_path, targets_path)
    files = PlanFiles(foods=foods_path, recipes=recipes_spec, pantry=pantry_path,
                      after=after_path, avoid=avoid_path, keep=keep_path,
                      staples=staples_spec, household=household_path)
    request = plan_request(
        catalogue, targets, files, tastes, exclude=exclude, include=include, days=days,
        profile=profile, diet=diet, low_caffeine=low_caffeine, max_caffeine=max_caffeine,
        credits=credits, people=people, objective=objective, continuous=continuous,
        solver=solver, time_limit=time_limit, rounds=rounds, budget=budget, seed=seed,
        locks=lock, minute_cost=minute_cost, weeknight_minutes=weeknight_minutes,
        weekend_minutes=weekend_minutes)
    if request.cookbook is None and tastes.prefer:
        raise DataError("--prefer chooses among dishes: plan from recipes to use it (it "
                        "has no effect with --recipes none)")
    result = request.plan(progress=_progress_after(2.0))
    result.start = start
    if fmt in ("json", "csv", "ics"):
        for warning in result.warnings:
            echo(f"Warning: {warning}", err=True)
        for shortfall in result.shortfalls:
            echo(f"Shortfall: {shortfall.describe()}", err=True)
    colour = _use_color(fmt, output)
    _emit(render_plan(result, fmt, color=colour, foods=catalogue.by_name()), output, colour)
