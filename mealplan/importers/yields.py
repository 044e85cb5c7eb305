"""A recipe's yield: how many portions it makes."""

from __future__ import annotations

import math
import re
from typing import Any

from .fields import _clean
from .limits import MAX_SERVINGS
from .words import _singular

# --------------------------------------------------------------------------------------------
# Yield


_PORTION_WORDS = {"serving", "servings", "serves", "serve", "people", "person", "persons",
                  "portion", "portions", "plates", "bowls", "bowl", "makes", "yield", "yields",
                  "about", "approximately", "approx", "to", "for", "or", "x", "adults",
                  "adult", "pax", "covers", "main", "side", "dish", "dishes"}
_PIECE_WORDS = {"muffin", "cookie", "pancake", "waffle", "bar", "slice", "piece", "roll",
                "ball", "bite", "taco", "burrito", "wrap", "sandwich", "skewer", "patty",
                "burger", "item", "fritter", "cup", "crepe", "egg", "cake", "scone", "biscuit",
                "quesadilla", "enchilada", "tortilla", "pita", "toast", "bagel", "jar", "glass",
                "smoothie", "parfait", "square", "bun", "dumpling", "meatball", "nugget",
                "portion", "serving", "pie", "tart", "loaf"}
# Yields that say how much is made, not how many portions.
_BATCH_WORDS = {"loaf", "loaves", "cake", "pie", "tart", "cups", "cup", "quart", "quarts",
                "pint", "pints", "liter", "liters", "litre", "litres", "batch", "batches",
                "pan", "tray", "dozen", "gallon", "ml", "g", "kg", "oz", "lb", "pound",
                "pounds", "ounces"}


def parse_yield(value: Any) -> tuple[float | None, str]:
    """(number of portions, the yield text) from a recipeYield-like value; None when it is
    empty or not a number of portions ("1 loaf", "2 cups")."""
    if isinstance(value, list):
        best: tuple[float | None, str] = (None, "")
        for item in value:
            number, text = parse_yield(item)
            if number is not None:
                return number, text
            best = best if best[1] else (None, text)
        return best
    if isinstance(value, bool) or value is None:
        return None, ""
    if isinstance(value, (int, float)):
        return (float(value), f"{value:g}") if number_fault(float(value)) is None else \
            (None, f"{value:g}")
    text = _clean(value)
    if not text:
        return None, ""
    numbers = re.findall(r"\d+(?:[.,]\d+)?", text)
    if not numbers or yield_fault(text):
        return None, text
    raw_words = re.findall(r"[a-z]+", text.casefold())
    words = [word if word in _PORTION_WORDS else _singular(word) for word in raw_words]
    plain = [word for word in words if word not in _PORTION_WORDS]
    if any(word in _BATCH_WORDS for word in re.findall(r"[a-z]+", text.casefold())) and \
            not any(word in ("serving", "serve", "people", "person", "portion")
                    for word in words):
        return None, text
    if plain and not all(word in _PIECE_WORDS for word in plain):
        return None, text
    number = float(numbers[0].replace(",", "."))
    return (number, text) if 0 < number <= MAX_SERVINGS else (None, text)


def number_fault(number: float) -> str | None:
    """Why a number is not a yield ("negative", "absurd"), or None when it is one."""
    if not math.isfinite(number) or number > MAX_SERVINGS:
        return f"absurd: a recipe makes 1 to {MAX_SERVINGS:,} portions"
    if number < 0:
        return "negative"
    if number == 0:
        return "zero portions"
    return None


# The first number of a yield, with a minus sign that is not a range's dash ("2-3 servings").
_SIGNED = re.compile(r"(?<![\d.,])(-\s*)?(\d+(?:[.,]\d+)?(?:e[+-]?\d+)?)", re.I)


def yield_fault(value: Any) -> str | None:
    """Why a yield that states a number is not a number of portions: negative, zero or
    absurd (so "-3 servings" is refused as negative, never read as 3)."""
    if isinstance(value, list):
        return next((fault for fault in map(yield_fault, value) if fault), None)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return number_fault(float(value))
    match = _SIGNED.search(_clean(value))
    if match is None:
        return None
    number = float(match.group(2).replace(",", "."))
    return number_fault(-number if match.group(1) else number)
