"""Reading a source file: which format it is, and its text, HTML page or JSON document."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import DataError
from .archives import _read_zip
from .fields import _clean
from .limits import MAX_SOURCE_BYTES
from .mealie import _from_mealie, _is_mealie
from .model import SourceLine, SourceRecipe
from .schema_org import _from_schema, _schema_recipes
from .tandoor import _from_tandoor, _is_tandoor

# --------------------------------------------------------------------------------------------
# Reading sources


def read_source(path: str | Path) -> list[SourceRecipe]:
    """Every recipe in one file (see the module doc for the formats)."""
    label = str(path)
    path = Path(path)
    if not path.exists():
        raise DataError("file not found", file=label)
    if path.is_dir():
        raise DataError("is a folder; give the recipe files (or a zip) themselves", file=label)
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise DataError(f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB", file=label)
        data = path.read_bytes()
    except OSError as error:
        raise DataError(f"cannot read: {error.strerror or error}", file=label) from None
    return _read_bytes(data, label, path.suffix.lower(), depth=0)


def _read_bytes(data: bytes, label: str, suffix: str, depth: int) -> list[SourceRecipe]:
    if data[:4] == b"PK\x03\x04" or suffix == ".zip":
        return _read_zip(data, label, depth)
    text = _text(data, label)
    stripped = text.lstrip()
    if suffix in (".html", ".htm") or stripped[:1] == "<":
        return _read_html(text, label)
    if suffix in (".json", ".jsonld") or stripped[:1] in "[{":
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as error:
            reason = getattr(error, "msg", None) or "too deeply nested"
            raise DataError(f"not valid JSON ({reason}); expected a schema.org Recipe, "
                            f"a Mealie or a Tandoor recipe", file=label) from None
        return _read_document(document, label)
    raise DataError("not a recipe file: expected a saved .html page, a schema.org .json, "
                    "or a Mealie or Tandoor export (.json or .zip)", file=label)


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


def _read_html(text: str, label: str) -> list[SourceRecipe]:
    from recipe_scrapers import scrape_html

    url = "https://saved.page/recipe"
    match = re.search(r"<link[^>]+rel=[\"']canonical[\"'][^>]*href=[\"'](https?://[^\"']+)",
                      text, re.I)
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
            return _read_html(re.sub(r"<link[^>]+rel=[\"']canonical[\"'][^>]*>", "", text,
                                     flags=re.I), label)
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
    found = list(_schema_recipes(document))
    if not found and isinstance(document, dict) and "recipes_ingredients" in document:
        raise DataError("a Mealie backup (database.json) is not a recipe export; in Mealie "
                        "select the recipes and use Export, then import that zip", file=label)
    if not found:
        if isinstance(document, list) and document and all(
                isinstance(item, dict) and (_is_mealie(item) or _is_tandoor(item))
                for item in document):
            return [_from_mealie(item, label) if _is_mealie(item) else
                    _from_tandoor(item, label) for item in document]
        raise DataError("not a recipe: no schema.org Recipe (\"@type\": \"Recipe\"), Mealie or "
                        "Tandoor recipe in the JSON", file=label)
    recipes = []
    for index, item in enumerate(found):
        where = label if len(found) == 1 else f"{label}[{index}]"
        recipe = _from_schema(item, where)
        if not recipe.lines:
            raise DataError(f"the recipe '{recipe.name}' has no recipeIngredient", file=where)
        recipes.append(recipe)
    return recipes
