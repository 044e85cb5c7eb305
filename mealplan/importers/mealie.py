"""Mealie recipes: camelCase from its API or JSON editor, snake_case inside its export zip."""

from __future__ import annotations

import re
from typing import Any, Mapping

from .fields import (
    _clean, _format_quantity, _instructions, _minutes, _name, _number, _stated_number, _sum_minutes,
    _texts,
)
from .limits import MAX_LINES
from .model import SourceLine, SourceRecipe


def _get(document: Mapping[str, Any], camel: str, default: Any = None) -> Any:
    """A Mealie field in either key style: camelCase (API, JSON editor) or snake_case (zip)."""
    if camel in document:
        return document[camel]
    snake = re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), camel)
    return document.get(snake, document.get(camel.lower(), default))


def _is_mealie(document: Mapping[str, Any]) -> bool:
    return ("@type" not in document and isinstance(document.get("slug"), str)
            and isinstance(_get(document, "recipeIngredient"), list))

def _from_mealie(item: Mapping[str, Any], label: str) -> SourceRecipe:
    settings = _get(item, "settings") or {}
    amounts_off = bool(isinstance(settings, dict) and _get(settings, "disableAmount", False))
    lines = []
    for entry in _get(item, "recipeIngredient") or []:
        if isinstance(entry, str):
            lines.append(SourceLine(_clean(entry)))
            continue
        if not isinstance(entry, dict):
            continue
        food = entry.get("food")
        unit = entry.get("unit")
        food_name = _clean(food.get("name")) if isinstance(food, dict) else _clean(food)
        unit_name = (_clean(unit.get("name") or unit.get("abbreviation"))
                     if isinstance(unit, dict) else _clean(unit))
        note = _clean(entry.get("note"))
        original = _clean(_get(entry, "originalText") or _get(entry, "display") or "")
        quantity = _number(entry.get("quantity"))
        disabled = _get(entry, "disableAmount", None)
        if food_name and not (disabled if disabled is not None else amounts_off):
            text = original or " ".join(part for part in (
                _format_quantity(quantity), unit_name, food_name) if part) + (
                f", {note}" if note else "")
            lines.append(SourceLine(text, quantity=quantity if quantity else None,
                                    unit=unit_name or None, food=food_name, note=note,
                                    structured=True))
        elif note or original or food_name:
            lines.append(SourceLine(original or note or food_name))
    servings = _stated_number(_get(item, "recipeServings"))
    return SourceRecipe(
        name=_name(item.get("name"), label), source=label, lines=lines[:MAX_LINES + 1],
        yield_value=_get(item, "recipeYield"), servings=servings,
        minutes=_minutes(_get(item, "totalTime")) or _sum_minutes(
            _get(item, "prepTime"), _get(item, "performTime") or _get(item, "cookTime")),
        categories=_texts(_get(item, "recipeCategory")), keywords=_texts(item.get("tags")),
        method=_instructions(_get(item, "recipeInstructions")),
    )
