"""Weighing a matched line: grams of the food, from its own weights, never a generic density."""

from __future__ import annotations

from .candidates import Candidate
from .lines import Parsed
from .words import ML_PER, SIZES

# --------------------------------------------------------------------------------------------
# Weighing


# Canned beans and chickpeas weigh this share of the can's net weight once drained: a 15 oz
# (425 g) can drains to about 1 1/2 cups, 240-260 g (USDA).
DRAINED_SHARE = 0.6
# Canned fish packed in water or oil: a 5 oz (142 g) can of tuna drains to about 4 oz (113 g).
FISH_DRAINED_SHARE = 0.8

def _grams(parsed: Parsed, candidate: Candidate) -> tuple[float | None, str]:
    """Whole-recipe grams of the matched food, or (None, why not)."""
    quantity = parsed.quantity
    if quantity is None or quantity <= 0:
        return None, "no quantity"
    if parsed.mass_g is not None:
        grams = parsed.mass_g
        if candidate.legume_can and parsed.canned:
            return grams * DRAINED_SHARE, "drained can"
        if candidate.fish_can and parsed.canned:
            return grams * FISH_DRAINED_SHARE, "drained can"
        return grams, ""
    unit = parsed.unit or "each"
    weights = candidate.weights
    if unit in ML_PER:
        if "ml" not in weights:
            return None, "no volume weight (cup, tbsp, ml) known"
        return quantity * ML_PER[unit] * weights["ml"], ""
    if unit == "pinch":
        return None, "no quantity"
    if unit in SIZES:
        if unit in weights:
            return quantity * weights[unit], ""
        if "each" in weights:
            return quantity * weights["each"], "as its usual size"
        return None, f"no weight known for one {unit} one"
    if unit == "can" and "can" not in weights and candidate.legume_can:
        return quantity * 425.0 * DRAINED_SHARE, "15 oz can, drained"
    if unit in weights:
        return quantity * weights[unit], ""
    if unit == "each" and "each" in weights:
        return quantity * weights["each"], ""
    if unit == "each" and "medium" in weights:
        return quantity * weights["medium"], "a medium one"
    if unit != "each" and unit not in weights and "each" in weights and unit in ("fillet",):
        return quantity * weights["each"], ""
    return None, f"no weight known for one {'piece' if unit == 'each' else unit}"
