"""The commands that look through the data without planning: ``mealplan foods``, ``recipes``,
``check`` and ``targets`` (the looking is mealplan.browse's; these print it)."""

from __future__ import annotations

import click

from .cli_common import (_catch, _load, _load_recipes, data_options, foods_option,
                         format_option, targets_option)
from .console import echo
from .errors import DataError


def _by_source(find, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    """``find`` (browse.find_foods or find_recipes), with an unknown --source worded as
    click words a bad option value."""
    from .browse import UnknownNutrient

    try:
        return find(*args, **kwargs)
    except UnknownNutrient as error:
        raise click.BadParameter(str(error), param_hint="'--source'") from None


@click.command()
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
    from .browse import find_foods
    from .render import render_foods

    catalogue, targets = _load(foods_path, targets_path)
    nutrients = targets.for_profile(None)
    chosen = _by_source(find_foods, catalogue, nutrients, search, source, limit)
    echo(render_foods(chosen, nutrients, fmt), nl=False)


@click.command("recipes")
@data_options
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
    from .browse import find_recipes
    from .render import render_recipes

    catalogue, targets = _load(foods_path, targets_path)
    cookbook = _load_recipes(recipes_spec or "shipped", None, catalogue)
    if cookbook is None:
        raise DataError("--recipes none: there are no recipes to show")
    nutrients = targets.for_profile(None)
    chosen = _by_source(find_recipes, cookbook, nutrients, meal, search, source, limit)
    echo(render_recipes(chosen, nutrients, fmt), nl=False)


@click.command()
@data_options
@_catch
def check(foods_path: str | None, targets_path: str | None, recipes_spec: str | None) -> None:
    """Validate a food table, a targets file and a recipe file."""
    from .browse import cookbook_summary, data_summary
    from .data import aisle_warnings

    catalogue, targets = _load(foods_path, targets_path)
    for warning in aisle_warnings(catalogue, targets):
        echo(f"Warning: {warning}", err=True)
    for line in data_summary(catalogue, targets):
        echo(line)
    cookbook = _load_recipes(recipes_spec, foods_path, catalogue)
    if cookbook is not None:
        echo(cookbook_summary(cookbook))


@click.command("targets")
@targets_option
@click.option("--profile", default=None, help="Show this profile's targets.")
@_catch
def show_targets(targets_path: str | None, profile: str | None) -> None:
    """List the daily targets, profiles and diets."""
    from .browse import targets_text
    from .data import load_targets

    echo(targets_text(load_targets(targets_path), profile))
