"""targets.yaml `recipes.portions` and `recipes.meal_shares`: how big a person's plate may be,
and how a day's energy is spread over its meals."""

from __future__ import annotations

from typing import Any, Mapping

from ..errors import DataError
from .limits import MEAL_NAMES
from .reader import _Mapping, _describe

# The finest step a portion may take: finer than a quarter is more precision than a cook can
# serve, and the day model counts portions in steps (an integer per person and meal).
MIN_STEP = 0.05
MAX_PORTION = 10.0


def parse_portions(reader: _Mapping, label: str, profiles: Mapping[str, Any]
                   ) -> tuple[float, float, float, dict[str, float]]:
    """(step, min, max, min by profile).  Either a mapping {step, min, max, min_by_profile}
    or, as older files say it, a list of evenly spaced sizes ([1, 1.5, 2])."""
    key = "recipes.portions"
    value = reader.get("portions")
    if value is None:
        return 0.5, 1.0, 2.0, {}
    if isinstance(value, list):
        sizes = sorted({float(v) for v in value if _is_number(v)})
        if (len(sizes) != len(value) or not sizes or sizes[0] <= 0
                or sizes[-1] > MAX_PORTION):
            raise DataError(f"expected a list of portion sizes from 0 to {MAX_PORTION:g}, e.g. "
                            f"[1, 1.5, 2]; found {_describe(value)}", file=label, key=key)
        if len(sizes) == 1:
            return sizes[0], sizes[0], sizes[0], {}
        step = sizes[1] - sizes[0]
        if any(abs((b - a) - step) > 1e-9 for a, b in zip(sizes, sizes[1:])):
            raise DataError(f"expected evenly spaced portion sizes (a person's portion is a "
                            f"number of steps), e.g. [1, 1.5, 2]; found {_describe(value)}",
                            file=label, key=key)
        return _checked(step, sizes[0], sizes[-1], {}, label)
    entry = reader.child("portions")
    entry.allow_only("step", "min", "max", "min_by_profile")
    step = _size(entry, "step", 0.25, label)
    low = _size(entry, "min", step, label)
    high = _size(entry, "max", 2.0, label)
    by_profile_map = entry.child("min_by_profile", default={})
    by_profile = {}
    for name in by_profile_map.value:
        if name not in profiles:
            raise DataError(f"unknown profile '{name}'; profiles are {', '.join(profiles)}",
                            file=label, key=f"{key}.min_by_profile.{name}")
        by_profile[str(name)] = _size(by_profile_map, name, low, label)
    return _checked(step, low, high, by_profile, label)


def parse_meal_shares(reader: _Mapping, label: str, meals: tuple[str, ...]
                      ) -> dict[str, tuple[float, float]]:
    """Meal -> (lowest, highest) share of a person's day's energy."""
    shares_map = reader.child("meal_shares", default={})
    shares: dict[str, tuple[float, float]] = {}
    for name in shares_map.value:
        key = f"recipes.meal_shares.{name}"
        if name not in MEAL_NAMES:
            raise DataError(f"unknown meal '{name}'; meals are {', '.join(MEAL_NAMES)}",
                            file=label, key=key)
        low, high = shares_map.pair(name, (0.0, 1.0))
        if not 0 <= low <= high <= 1:
            raise DataError("expected [low, high] with 0 <= low <= high <= 1, e.g. [0.15, 0.3]",
                            file=label, key=key)
        if name in meals:
            shares[str(name)] = (low, high)
    planned = [shares.get(meal, (0.0, 1.0)) for meal in meals]
    if sum(low for low, _ in planned) > 1 + 1e-9:
        raise DataError("the meals' lowest shares add up to more than the whole day",
                        file=label, key="recipes.meal_shares")
    return shares


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _size(reader: _Mapping, name: str, default: float, label: str) -> float:
    value = reader.get(name, default)
    if not _is_number(value) or not 0 < value <= MAX_PORTION:
        raise DataError(f"expected a portion size above 0 and at most {MAX_PORTION:g}, found "
                        f"{_describe(value)}", file=label, key=reader._key(name))
    return float(value)


def _checked(step: float, low: float, high: float, by_profile: dict[str, float], label: str
             ) -> tuple[float, float, float, dict[str, float]]:
    key = "recipes.portions"
    if step < MIN_STEP - 1e-12:
        raise DataError(f"a portion step of {step:g} is finer than a cook can serve; expected "
                        f"at least {MIN_STEP:g}", file=label, key=f"{key}.step")
    for name, value in (("min", low), ("max", high), *(
            (f"min_by_profile.{p}", v) for p, v in by_profile.items())):
        if abs(value / step - round(value / step)) > 1e-9:
            raise DataError(f"{value:g} is not a whole number of steps of {step:g}",
                            file=label, key=f"{key}.{name}")
    if any(value > high for value in (low, *by_profile.values())):
        raise DataError(f"a smallest portion is more than the largest ({high:g})", file=label,
                        key=key)
    return step, low, high, by_profile
