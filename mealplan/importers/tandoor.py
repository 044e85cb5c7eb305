"""Tandoor recipes: ingredients grouped in steps."""

from __future__ import annotations

from typing import Any, Mapping

from .fields import _clean, _format_quantity, _name, _number, _stated_number
from .limits import MAX_LINES
from .model import SourceLine, SourceRecipe


def _is_tandoor(document: Mapping[str, Any]) -> bool:
    return ("@type" not in document and isinstance(document.get("steps"), list)
            and "servings" in document and "name" in document)

def _from_tandoor(item: Mapping[str, Any], label: str) -> SourceRecipe:
    lines = []
    steps = [step for step in item.get("steps") or [] if isinstance(step, dict)]
    for step in steps:
        for entry in step.get("ingredients") or []:
            if not isinstance(entry, dict) or entry.get("is_header"):
                continue
            food = entry.get("food")
            unit = entry.get("unit")
            food_name = _clean(food.get("name")) if isinstance(food, dict) else _clean(food)
            unit_name = _clean(unit.get("name")) if isinstance(unit, dict) else _clean(unit)
            note = _clean(entry.get("note"))
            quantity = None if entry.get("no_amount") else _number(entry.get("amount"))
            if not food_name:
                if note:
                    lines.append(SourceLine(note))
                continue
            text = " ".join(part for part in (_format_quantity(quantity), unit_name, food_name)
                            if part) + (f", {note}" if note else "")
            lines.append(SourceLine(text, quantity=quantity if quantity else None,
                                    unit=unit_name or None, food=food_name, note=note,
                                    structured=True))
    servings = _stated_number(item.get("servings"))
    minutes = sum(int(_number(item.get(key)) or 0) for key in ("working_time", "waiting_time"))
    return SourceRecipe(
        name=_name(item.get("name"), label), source=label, lines=lines[:MAX_LINES + 1],
        yield_value=item.get("servings_text") or None,
        servings=servings,
        minutes=minutes or None,
        keywords=[_clean(k.get("name")) for k in item.get("keywords") or []
                  if isinstance(k, dict) and k.get("name")],
        method=" ".join(_clean(step.get("instruction")) for step in steps
                        if step.get("instruction")),
    )
