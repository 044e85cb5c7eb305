"""Parsing one ingredient line into a quantity, a unit and a name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fields import _number
from .model import SourceLine
from .words import (
    COUNT_UNITS, G_PER, ML_PER, NEGLIGIBLE_NAMES, SIZES, _COOKED, _DESCRIPTORS, _DRY,
    _NEGLIGIBLE_WORDS, _UNIT_ALIASES, _UNQUANTIFIED, _normalise, _words,
)

# --------------------------------------------------------------------------------------------
# Parsing a line


@dataclass
class Parsed:
    quantity: float | None
    unit: str | None              # canonical: a mass or volume unit, a count unit, "each"
    size: str | None
    mass_g: float | None          # grams when the line gives a mass
    name: str
    forms: set[str]
    canned: bool
    unquantified: bool
    negligible: bool
    estimate_g: float | None

def parse_line(line: SourceLine) -> Parsed:
    """Quantity, unit and name of one ingredient line."""
    text = line.text
    lowered = text.casefold()
    unquantified = bool(_UNQUANTIFIED.search(lowered))
    if line.structured:
        quantity = line.quantity
        unit, mass_g, size = _unit_of(line.unit or "", quantity)
        name = line.food or ""
        extra = f"{line.food} {line.note}"
    else:
        from ingredient_slicer import IngredientSlicer

        try:
            sliced = IngredientSlicer(text).to_json()
        except Exception:  # noqa: BLE001 - a parser failure makes the line unmatched
            sliced = {}
        quantity = _number(sliced.get("quantity"))
        unit_text = (sliced.get("standardized_unit") or sliced.get("unit") or "")
        unit, mass_g, size = _unit_of(str(unit_text), quantity)
        written = str(sliced.get("unit") or "").casefold()
        name_at = lowered.find(_line_name(text).casefold()[:12])
        unit_at = lowered.find(written) if written else -1
        if unit in COUNT_UNITS.values() and unit != "each" and 0 <= name_at < unit_at:
            unit = "each"   # "2 carrots, cut into sticks": the count is of carrots
        sizes = [s for s in sliced.get("size_modifiers") or [] if s in SIZES]
        if unit == "each" and sizes:
            unit = size = sizes[0]
        name = _line_name(text)
        extra = text
        if quantity is None and re.match(r"^\s*(a|an|one)\s", lowered):
            quantity = 1.0
    words = set(_words(extra))
    forms = words & (_COOKED | _DRY | {"canned", "frozen", "smoked"})
    canned = "canned" in words or unit == "can" or bool(re.search(r"\bcans?\b|\btins?\b",
                                                                  lowered))
    negligible = _is_negligible(name)
    # A rough weight, only to judge the share of a line left unmatched, never for nutrients:
    # the mass, a volume at the density of water, or ingredient-slicer's generic estimate.
    estimate = None
    if mass_g is not None and quantity:
        estimate = mass_g
    elif unit in ML_PER and quantity:
        estimate = quantity * ML_PER[unit]
    elif not line.structured:
        estimate = _number(sliced.get("gram_weight"))
    if size and unit == size and not name:
        name = ""
    return Parsed(quantity, unit, size, mass_g, name, forms, canned, unquantified,
                  negligible, estimate)


def _unit_of(text: str, quantity: float | None) -> tuple[str | None, float | None, str | None]:
    """(canonical unit, grams if a mass, size word) of a unit as written."""
    unit_text = text.strip().casefold().rstrip(".")
    if not unit_text:
        return ("each" if quantity else None), None, None
    canonical = _UNIT_ALIASES.get(unit_text)
    if canonical in G_PER:
        return canonical, (quantity * G_PER[canonical] if quantity else None), None
    if canonical in ML_PER:
        return canonical, None, None
    if unit_text in SIZES:
        return unit_text, None, unit_text
    if unit_text in COUNT_UNITS:
        return COUNT_UNITS[unit_text], None, None
    if unit_text in ("to taste", "pinch", "dash", "pinches", "dashes", "sprinkle"):
        return "pinch", None, None
    return "each", None, None   # "2 bananas": the food word is the unit


_LEAD = re.compile(
    r"^\s*(?:about|approximately|approx\.?|~)?\s*"
    r"(?:[\d½⅓⅔¼¾⅛⅜⅝⅞⅕.,/\s-]+|a |an |one |two |three |four |five |six |a few |few )+",
    re.I)


def _line_name(text: str) -> str:
    """The food words of a free-text line: no amount, unit, parentheses or notes."""
    text = re.sub(r"\([^)]*\)", " ", text)
    juice = re.match(r"^\s*(?:the\s+)?juice (?:of|from) (?:\d+|an?|one|half an?)\s*(.*)$", text,
                     re.I)
    if juice:
        return f"{juice.group(1).strip()} juice"
    if re.search(r"\bjuiced\b", text, re.I):
        return f"{_line_name(re.sub(r'(?i)[, ]*juiced', '', text))} juice"
    text = _LEAD.sub("", text)
    words = text.split()
    while words:
        head = words[0].casefold().strip(".,")
        pair = " ".join(w.casefold().strip(".,") for w in words[:2])
        if pair in _UNIT_ALIASES or pair in ("fl oz", "fluid ounce", "fluid ounces"):
            words = words[2:]
        elif head in _UNIT_ALIASES or (head in COUNT_UNITS and head != "whole") or head in (
                "pinch", "pinches", "dash", "dashes", "handful", "handfuls", "sprig", "sprigs",
                "bag", "bags", "package", "packages", "pkg", "jar", "jars", "box", "boxes",
                "of", "x", "large", "medium", "small", "extra", "heaping", "level", "scant",
                "generous", "packed", "rounded"):
            words = words[1:]
        else:
            break
    text = " ".join(words)
    text = re.split(r"\bor\b|/", text, maxsplit=1)[0]   # "Greek yogurt or sour cream": the first
    # "sardines in olive oil", "tuna in water", "peaches in juice": the packing is not the food
    text = re.split(r"\b(?:packed )?in (?:extra[- ]virgin )?(?:olive |vegetable |sunflower )?"
                    r"(?:oil|water|brine|juice|syrup|sauce|tomato sauce)\b", text, flags=re.I)[0]
    parts = [part for part in re.split(r",|;| - | – |\bfor\b|\bto taste\b", text) if part.strip()]
    for part in parts:
        core = [w for w in _words(part) if w not in _DESCRIPTORS]
        if core:
            return part.strip()
    return text.strip()


def _is_negligible(name: str) -> bool:
    normalised = " ".join(w for w in _words(name) if w not in _DESCRIPTORS or w == "salt")
    if not normalised:
        return False
    if normalised in NEGLIGIBLE_NAMES or _normalise(normalised) in NEGLIGIBLE_NAMES:
        return True
    words = normalised.split()
    if "pepper" in words and not {"bell", "red", "green", "yellow", "orange", "jalapeno",
                                  "chili", "poblano", "sweet", "serrano", "peppers"} \
            & set(words) - {"black", "white"}:
        return True
    return all(word in _NEGLIGIBLE_WORDS or word in {"and", "ground", "black", "kosher",
                                                     "sea", "flaky", "fine", "table"}
               for word in words)
