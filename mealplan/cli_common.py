"""What every mealplan command shares: error handling, output, loading the inputs, options.

Only the cli modules talk to the terminal.  Library errors become one-line messages: bad input
exits with status 2, a plan that cannot be made with status 1.  Heavy modules (the solver
layer) are imported inside the functions so ``mealplan --help`` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

import click

from .console import InputPath, echo, inputs, remember_recipes
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
    from .request import load_cookbook

    return load_cookbook(spec, foods_path, catalogue)


def _split_terms(values: tuple[str, ...], catalogue, cookbook=None) -> list[str]:  # noqa: ANN001
    from .request import split_terms

    return split_terms(values, catalogue, cookbook)


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


def _load_pantry(path: str | None, catalogue) -> dict[str, float]:  # noqa: ANN001
    if path is None:
        return {}
    from .data import load_pantry

    return load_pantry(path, catalogue)


def _read_plan(path: str):  # noqa: ANN202 - Plan
    from .plan import load_plan

    return load_plan(path)


def options(*decorators: Callable[..., Any]) -> Callable[..., Any]:
    """One decorator for a stack of options, applied in the order given (as if written one
    above the other), so commands that take the same options define them once."""
    def apply(function: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


# The files every planning command reads, in the order --help lists them.
data_options = options(foods_option, targets_option, recipes_option)


def household_option(help: str) -> Callable[..., Any]:
    return click.option("--household", "household_path", type=InputPath(), default=None,
                        metavar="HOUSEHOLD.yaml", help=help)


def search_options(rounds_help: str, time_limit_help: str) -> Callable[..., Any]:
    """--rounds and --time-limit: how long a planning command may search."""
    return options(
        click.option("--rounds", type=click.IntRange(min=0), default=None, help=rounds_help),
        click.option("--time-limit", type=float, default=None, metavar="SECONDS",
                     help=time_limit_help))


def _refuse_html_on_terminal(fmt: str, output: str | None) -> None:
    if fmt == "html" and output is None and _stdout_is_terminal():
        raise DataError("html is a page for a browser: save it with -o week.html")
