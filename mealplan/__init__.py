"""mealplan: plan a varied week of meals that covers your daily needs, and the shopping list.

    >>> import mealplan
    >>> targets = mealplan.load_targets()
    >>> plan = mealplan.plan_week(mealplan.load_foods(targets=targets), targets)

The library never prints and never exits; it raises MealplanError subclasses.  Names are
imported on first use so that the command line starts quickly.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Catalogue": "data", "Food": "data", "Nutrient": "data", "Targets": "data",
    "load_foods": "data", "load_targets": "data",
    "MealplanError": "errors", "DataError": "errors", "InfeasibleError": "errors",
    "SolverError": "errors",
    "Plan": "plan",
    "PlanOptions": "planner", "plan_week": "planner",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'mealplan' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
