"""Reading a source file: which format it is, and its text, HTML page or JSON document."""

from __future__ import annotations

import json
import re
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..files import read_bounded, read_stream
from .archives import _read_zip
from .fields import _clean
from .limits import (
    MAX_ARCHIVE_BYTES, MAX_JSON_BYTES, MAX_PAGE_BYTES, MAX_RECIPES, MAX_STDIN_BYTES, MB, Budget,
)
from .mealie import _from_mealie, _is_mealie
from .model import SourceLine, SourceRecipe
from .schema_org import _from_schema, _schema_recipes
from .tandoor import _from_tandoor, _is_tandoor

# --------------------------------------------------------------------------------------------
# Reading sources


def read_source(path: str | Path, budget: Budget | None = None) -> list[SourceRecipe]:
    """Every recipe in one file, or in standard input for '-' (see the package doc for the
    formats).  Every byte is read through files.read_bounded, which counts what it reads."""
    budget = budget or Budget()
    budget.inflated = 0
    label = str(path)
    if label == "-":
        import sys

        label = "standard input"
        data = read_stream(sys.stdin.buffer, label, MAX_STDIN_BYTES, what="standard input",
                           deadline=budget.deadline)
        return _read_bytes(data, label, "", 0, budget)
    if Path(path).is_dir():
        raise DataError("is a folder; give the recipe files (or a zip) themselves", file=label)
    data = read_bounded(path, label, MAX_ARCHIVE_BYTES, deadline=budget.deadline)
    return _read_bytes(data, label, Path(path).suffix.lower(), 0, budget)


def _read_bytes(data: bytes, label: str, suffix: str, depth: int,
                budget: Budget) -> list[SourceRecipe]:
    budget.check(label)
    if data[:4] == b"PK\x03\x04" or suffix == ".zip":
        return _read_zip(data, label, depth, budget)
    text = _text(data, label)
    stripped = text.lstrip()
    if suffix in (".html", ".htm") or stripped[:1] == "<":
        _within(data, MAX_PAGE_BYTES, "a saved page", label)
        return _read_html(text, label)
    if suffix in (".json", ".jsonld") or stripped[:1] in "[{":
        _within(data, MAX_JSON_BYTES, "a JSON file", label)
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as error:
            reason = getattr(error, "msg", None) or "too deeply nested"
            raise DataError(f"not valid JSON ({reason}); expected a schema.org Recipe, "
                            f"a Mealie or a Tandoor recipe", file=label) from None
        return _read_document(document, label)
    raise DataError("not a recipe file: expected a saved .html page, a schema.org .json, "
                    "or a Mealie or Tandoor export (.json or .zip)", file=label)


def _within(data: bytes, limit: int, what: str, label: str) -> None:
    if len(data) > limit:
        raise DataError(f"{what} larger than {limit // MB} MB, the most mealplan reads of "
                        f"one", file=label)


def _text(data: bytes, label: str) -> str:
    if b"\x00" in data[:4096]:
        raise DataError("not a recipe file (binary data); expected a saved .html page, a "
                        "schema.org .json, or a Mealie or Tandoor export", file=label)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# Bounded repeats: an unclosed tag of megabytes must not make a search quadratic.
_JSON_LD = re.compile(r"<script\b[^>]{0,500}?type=[\"']?application/ld\+json[\"']?[^>]{0,500}>"
                      r"(.*?)</script\s*>", re.I | re.S)
_CANONICAL = re.compile(r"<link\b[^>]{0,500}?rel=[\"']canonical[\"'][^>]{0,500}?"
                        r"href=[\"'](https?://[^\"'>]{1,2000})", re.I)


def _read_html(text: str, label: str) -> list[SourceRecipe]:
    """Every schema.org Recipe of the page's JSON-LD (a page may hold several, in an @graph
    or in several blocks); recipe-scrapers reads microdata when there is no JSON-LD recipe."""
    found: list[dict] = []
    for block in _JSON_LD.finditer(text):
        try:
            document = json.loads(block.group(1).strip().removeprefix("<!--")
                                  .removesuffix("-->"))
        except (ValueError, RecursionError):
            continue  # a broken block of another kind (analytics, breadcrumbs) is not ours
        found.extend(islice(_schema_recipes(document), MAX_RECIPES + 1 - len(found)))
    if len(found) > 1 or found and (found[0].get("recipeIngredient")
                                    or found[0].get("ingredients")):
        return _schema_list(found, label, "recipeIngredient")
    from recipe_scrapers import scrape_html

    url = "https://saved.page/recipe"
    match = _CANONICAL.search(text)
    if match:
        url = match.group(1)
    try:
        scraper = scrape_html(text, org_url=url, supported_only=False)
        schema = dict(scraper.schema.data or {})
    except Exception as error:  # recipe-scrapers raises many kinds; none may escape as a trace
        if type(error).__name__ in ("NoSchemaFoundInWildMode", "SchemaOrgException"):
            raise DataError("no schema.org Recipe markup (JSON-LD or microdata) in the page",
                            file=label) from None
        if url != "https://saved.page/recipe":
            # A site-specific scraper failed on a saved copy; the generic one may not.
            return _read_html(_CANONICAL.sub("<link", text), label)
        raise DataError(f"cannot read the page's recipe markup: {error}", file=label) from None
    if not schema:
        raise DataError("no schema.org Recipe markup (JSON-LD or microdata) in the page",
                        file=label)
    recipe = _from_schema(schema, label)
    if not recipe.lines:
        try:
            recipe.lines = [SourceLine(_clean(line)) for line in scraper.ingredients()]
        except Exception:  # noqa: BLE001 - no ingredients is reported below
            pass
    if not recipe.lines:
        raise DataError(f"the recipe '{recipe.name}' has no ingredients", file=label)
    return [recipe]


def _read_document(document: Any, label: str) -> list[SourceRecipe]:
    """A parsed JSON document: schema.org (one, a list, an @graph), Mealie or Tandoor."""
    if isinstance(document, dict) and _is_mealie(document):
        return [_from_mealie(document, label)]
    if isinstance(document, dict) and _is_tandoor(document):
        return [_from_tandoor(document, label)]
    found = list(islice(_schema_recipes(document), MAX_RECIPES + 1))
    if not found and isinstance(document, dict) and "recipes_ingredients" in document:
        raise DataError("a Mealie backup (database.json) is not a recipe export; in Mealie "
                        "select the recipes and use Export, then import that zip", file=label)
    if not found:
        if isinstance(document, list) and document and all(
                isinstance(item, dict) and (_is_mealie(item) or _is_tandoor(item))
                for item in document):
            _at_most_recipes(document, label)
            return [_from_mealie(item, label) if _is_mealie(item) else
                    _from_tandoor(item, label) for item in document]
        raise DataError("not a recipe: no schema.org Recipe (\"@type\": \"Recipe\"), Mealie or "
                        "Tandoor recipe in the JSON", file=label)
    return _schema_list(found, label, "recipeIngredient")


def _schema_list(found: list[dict], label: str, field: str) -> list[SourceRecipe]:
    _at_most_recipes(found, label)
    recipes = []
    for index, item in enumerate(found):
        where = label if len(found) == 1 else f"{label}[{index}]"
        recipe = _from_schema(item, where)
        if not recipe.lines:
            raise DataError(f"the recipe '{recipe.name}' has no {field}", file=where)
        recipes.append(recipe)
    return recipes


def _at_most_recipes(found: list, label: str) -> None:
    if len(found) > MAX_RECIPES:
        raise DataError(f"more than {MAX_RECIPES:,} recipes; import them in parts", file=label)
