"""A week within --budget at the till: the pieces the search builds it from.

Under a budget the week trades coverage for money.  The till (whole packages of every product
bought, after the pantry) is a wall; within it the week's usual objective (shortfalls first)
decides.  The energy minimum becomes a target the week may fall short of (menu_planner), and
a required meal may go unplanned (menu_day.allow_unplanned_meals): so a week exists at any
budget, and the search can always build one within it (``floor_column``: a day that buys
nothing, at worst).

Pure: no solving; menu_search prices the days.
"""

from __future__ import annotations

from typing import Sequence

from .menu_columns import make_column, unplanned_meals  # noqa: F401
from .menu_problem import Column, MenuProblem  # noqa: F401
from .shopping import packages, till

# The weights on a dollar at which a day of a week within a budget is priced (the objective's
# own weight on money is 1; a whole nutrient short for a day costs 1,000): each gives the
# exact week a candidate, from a day that spends to one that hardly does.
MONEY_SCALES = (16.0, 256.0)


def week_till(problem: MenuProblem, week: Sequence[Column | None]) -> float:
    amounts: dict[int, float] = {}
    for column in week:
        if column is not None:
            for n, amount in column.products:
                amounts[n] = amounts.get(n, 0.0) + amount
    return till(problem.lines, amounts)


def allowance(problem: MenuProblem, day: int) -> float:
    """What the till may have taken once days 0..``day`` are filled, in a week filled day by
    day: more than their share at first, since the first days buy the packages the later
    ones eat from, and the whole budget by the last day."""
    left = 1.0 - (day + 1) / problem.days
    return (problem.budget or 0.0) * (1.0 - left * left)


def within_budget(problem: MenuProblem, week: Sequence[Column | None]) -> bool:
    return problem.budget is None or week_till(problem, week) <= problem.budget + 1e-6


def till_line_costs(problem: MenuProblem, others: Sequence[Column]) -> dict[int, float]:
    """What a day's use of each product line adds at the till beside ``others``, in the
    objective's weight on money: nothing
    while their packages (or the pantry) have room, else a package, spread over the most a
    day can take (products that keep too: the till pays their whole package)."""
    taken: dict[int, float] = {}
    for column in others:
        for n, amount in column.products:
            taken[n] = taken.get(n, 0.0) + amount
    costs: dict[int, float] = {}
    for n, line in enumerate(problem.lines.lines):
        if not line.price:
            continue
        amount = taken.get(n, 0.0)
        room = packages(amount - line.at_home, line.size) * line.size + line.at_home - amount
        most = max(problem.line_limits.get(n, 0.0), 1e-9)
        if room >= 0.5 * min(most, line.size):
            continue
        costs[n] = problem.cost_weight * line.price / min(most, line.size)
    return costs


def money_scale(problem: MenuProblem, scale: float) -> float:
    """The day model's ``cost_scale`` at which a dollar weighs ``scale`` (whatever the
    objective's own weight on money)."""
    return scale / problem.cost_weight


def floor_column(problem: MenuProblem, day: int) -> Column:
    """The day that buys the least: its locked meals, if any, with the pots they cook for
    locked leftovers, and nothing else (every other meal unplanned).  Within any budget its
    locks allow."""
    day_type = problem.type_of(day)
    locks = problem.locked.get(day, {})
    dishes = tuple(sorted(((r, meal), portions) for meal, (r, portions) in locks.items()))
    return make_column(problem, dishes, (), day_type, problem.locked_pots.get(day, ()))


def covered(problem: MenuProblem, week: Sequence[Column]) -> bool:
    """Every meal planned and every soft minimum met on every day, for everyone."""
    for column in week:
        if unplanned_meals(problem, column.dishes):
            return False
        for p, eater in enumerate(problem.eaters):
            for key, need in eater.soft_minimums().items():
                total = sum(problem.recipes[r].amount(key) * portions[p]
                            for (r, _), portions in column.dishes)
                total += sum(problem.sides[f].amount(key) * servings[p]
                             for (f, _), servings in column.sides)
                if total < need * (1 - 1e-6):
                    return False
    return True
