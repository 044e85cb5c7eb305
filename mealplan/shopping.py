"""What a week buys: product lines, whole packages, what keeps and what spoils.

One home for the shopping rules that the model, the plan and the verifier all apply, so the
objective the search minimises and the bill the shopping list prints are the same sums:

- Foods that share a product (raw, poached and hard-boiled eggs; dry rice bought for cooked
  rice) are one line, in grams of product = grams eaten * ``product_ratio``.  A food without
  ``package_grams`` (user catalogues, old plans) is its own line, counted in servings.
- The till pays whole packages of every line, after what is at home.
- The week's *cost* charges a product that keeps once opened (``keeps_days`` at least
  ``ShoppingRules.keeps_days``: dry goods, cans, oils, frozen food, eggs, hard cheese) only
  for what the week uses, because the rest is still there next week; a product that spoils
  within the week is charged for its whole packages.  Each product bought adds a small
  ``line_cost``, so dishes that share ingredients win.
- With a freezer (``ShoppingRules.freezer``) a product that freezes well (``freezer_days``:
  raw meat, poultry and fish, bread) keeps too: what the week does not cook within its
  fridge days is frozen on the day it is bought, and the list says so.
- Staples (salt, pepper, oil, flour ...) are never bought: the list says "check you have",
  and what the week uses of them still counts as food eaten.

Pure: no I/O.  Objects with a food's shopping fields (``data.Food``, ``plan.FoodInfo``) are
read by duck typing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

# A hair of tolerance so 14.000000001 servings of a 14-serving pack is one pack.
_ROUNDING = 1e-9


@dataclass(frozen=True)
class ShoppingRules:
    """How the week pays for what it buys (targets.yaml ``shopping:``)."""

    # A product that keeps at least this many days once opened is still there next week.
    keeps_days: int = 14
    # What the week does not use of a product that freezes is frozen when it is bought
    # (False: nothing is frozen, so it spoils at its fridge days).
    freezer: bool = False
    # What one more product on the list costs the week (a tiebreak toward shared ingredients).
    line_cost: float = 1.0
    # Foods never bought (names of the catalogue): listed as "check you have".
    staples: frozenset[str] = frozenset()


def line_key(name: str, info: Any) -> tuple[str, str]:
    """The shopping line a food belongs to: ("g", product) or ("servings", food)."""
    if info.package_grams:
        return ("g", (info.product or name).casefold())
    return ("servings", name)


def line_name(name: str, info: Any) -> str:
    return (info.product or name) if info.package_grams else name


def per_serving(info: Any) -> float:
    """What one serving of the food takes from its line (grams of product, or 1 serving)."""
    return info.grams * info.product_ratio if info.package_grams else 1.0


def package_size(info: Any) -> float:
    """One package in the line's unit."""
    return (info.package_grams if info.package_grams else info.package_servings) or 1.0


def package_price(info: Any) -> float | None:
    """What one package costs at the till (None: no price known)."""
    if info.package_grams:
        if info.package_price is not None:
            return info.package_price
        if info.price is None:
            return None
        return info.price * info.package_grams / (info.grams * info.product_ratio)
    return None if info.price is None else info.price * package_size(info)


def packages(needed: float, size: float) -> int:
    """Whole packages that hold ``needed``."""
    return math.ceil(needed / size - _ROUNDING) if needed > _ROUNDING else 0


def line_keeps_days(infos: Iterable[Any]) -> int | None:
    """How long a line keeps once opened: its shortest-keeping form (None: none known)."""
    return min((days for info in infos
                if (days := getattr(info, "keeps_days", None)) is not None), default=None)


def keeps(days: int | None, rules: ShoppingRules) -> bool:
    """True when an opened package that keeps ``days`` is still good next week (unknown:
    assume it spoils)."""
    return days is not None and days >= rules.keeps_days


def line_freezer_days(infos: Iterable[Any]) -> int | None:
    """How long a line keeps frozen: its shortest-keeping form, None when a form does not
    freeze (or says nothing)."""
    days = [getattr(info, "freezer_days", None) for info in infos]
    return None if not days or None in days else min(days)


def line_keeping(infos: Iterable[Any], rules: ShoppingRules) -> tuple[bool, bool]:
    """(keeps, frozen): whether what a line leaves is still good next week, and whether only
    because the rest goes into the freezer."""
    infos = list(infos)
    if keeps(line_keeps_days(infos), rules):
        return True, False
    frozen = rules.freezer and keeps(line_freezer_days(infos), rules)
    return frozen, frozen


@dataclass(frozen=True)
class Line:
    """One product the week may buy, for the model."""

    key: tuple[str, str]
    name: str
    size: float              # one package, in the line's unit
    price: float | None      # one package at the till
    keeps: bool              # charged for what is used (True) or for whole packages
    at_home: float = 0.0     # in the line's unit, from the pantry

    @property
    def unit_price(self) -> float:
        return (self.price or 0.0) / self.size


@dataclass(frozen=True)
class Lines:
    """The lines of a catalogue and what each food takes from them per serving."""

    lines: tuple[Line, ...]
    of_food: Mapping[str, tuple[int, float]] = field(default_factory=dict)  # food -> line, per serving


def catalogue_lines(foods: Iterable[Any], rules: ShoppingRules,
                    at_home: Mapping[str, float] | None = None) -> Lines:
    """The product lines of ``foods`` (staples left out), with the pantry (servings by food)
    counted in each line's unit."""
    at_home = at_home or {}
    forms: dict[tuple[str, str], list[Any]] = {}  # line -> its foods, in catalogue order
    numbers: dict[tuple[str, str], int] = {}
    of_food: dict[str, tuple[int, float]] = {}
    for food in foods:
        if food.name in rules.staples:
            continue
        key = line_key(food.name, food)
        forms.setdefault(key, []).append(food)
        of_food[food.name] = (numbers.setdefault(key, len(numbers)), per_serving(food))
    lines = []
    for key, members in forms.items():
        first = members[0]
        lines.append(Line(key, line_name(first.name, first), package_size(first),
                          package_price(first), line_keeping(members, rules)[0],
                          sum(at_home.get(food.name, 0.0) * per_serving(food)
                              for food in members)))
    return Lines(tuple(lines), of_food)


def week_cost(lines: Lines, amounts: Mapping[int, float], rules: ShoppingRules,
              weight: float = 1.0) -> float:
    """What the shopping adds to the week's objective beyond the food a column already pays
    for: whole packages of each line that spoils, and ``line_cost`` per line bought."""
    total = 0.0
    for n, amount in amounts.items():
        line = lines.lines[n]
        bought = packages(amount - line.at_home, line.size)
        if bought:
            total += rules.line_cost
            if not line.keeps:
                total += weight * bought * (line.price or 0.0)
    return total


def till(lines: Lines, amounts: Mapping[int, float]) -> float:
    """What the week's shopping costs at the till."""
    return sum(packages(amount - lines.lines[n].at_home, lines.lines[n].size)
               * (lines.lines[n].price or 0.0) for n, amount in amounts.items())
