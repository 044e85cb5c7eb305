"""targets.yaml ``shopping:``: what the week's objective charges besides the food eaten."""

from __future__ import annotations

from ..errors import DataError
from ..shopping import ShoppingRules
from .reader import _Mapping

# A cook's minute is worth this much money when no ``shopping.minute_cost`` is given: about
# $5 an hour, so a 60-minute dish must save more than $5 of shopping to beat a 0-minute one.
DEFAULT_MINUTE_COST = 0.08


def shopping_rules(reader: _Mapping) -> tuple[ShoppingRules, float]:
    """The shopping rules and the cost of a minute at the stove."""
    reader.allow_only("keeps_days", "freezer", "line_cost", "minute_cost")
    defaults = ShoppingRules()
    keeps_days = reader.integer("keeps_days", defaults.keeps_days, low=1, high=3650)
    freezer = reader.flag("freezer", defaults.freezer)
    line_cost = reader.number("line_cost")
    minute_cost = reader.number("minute_cost")
    for key, value in (("line_cost", line_cost), ("minute_cost", minute_cost)):
        if value is not None and value > 1000:
            raise DataError(f"expected dollars from 0 to 1000, found {value:g}",
                            file=reader.label, key=reader._key(key))
    return (ShoppingRules(keeps_days=keeps_days, freezer=freezer,
                          line_cost=defaults.line_cost if line_cost is None else line_cost),
            DEFAULT_MINUTE_COST if minute_cost is None else minute_cost)
