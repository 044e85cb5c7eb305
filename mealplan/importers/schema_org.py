"""schema.org Recipe objects: found in a document (one, a list, an @graph) and read."""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping

from .fields import _clean, _instructions, _minutes, _name, _sum_minutes, _texts
from .limits import MAX_LINES
from .model import SourceLine, SourceRecipe


def _schema_recipes(node: Any, depth: int = 0) -> Iterator[dict]:
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _schema_recipes(item, depth + 1)
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.rsplit("/", 1)[-1] == "Recipe" for k in kinds):
            yield node
            return
        for key in ("@graph", "itemListElement", "mainEntity", "item"):
            if key in node:
                yield from _schema_recipes(node[key], depth + 1)

def _from_schema(item: Mapping[str, Any], label: str) -> SourceRecipe:
    lines = item.get("recipeIngredient", item.get("ingredients"))
    if isinstance(lines, str):
        lines = [part for part in re.split(r"\n|\r", lines) if part.strip()]
    if not isinstance(lines, list):
        lines = []
    return SourceRecipe(
        name=_name(item.get("name"), label), source=label,
        lines=[SourceLine(_clean(line)) for line in lines if _clean(line)][:MAX_LINES + 1],
        yield_value=item.get("recipeYield", item.get("yield")),
        minutes=_minutes(item.get("totalTime")) or _sum_minutes(item.get("prepTime"),
                                                                item.get("cookTime")),
        categories=_texts(item.get("recipeCategory")), keywords=_texts(item.get("keywords")),
        cuisine=_texts(item.get("recipeCuisine")),
        method=_instructions(item.get("recipeInstructions")),
    )
