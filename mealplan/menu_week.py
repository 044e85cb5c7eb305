"""A whole recipe week, judged exactly: its products and their till, its value, whether it
keeps every weekly rule and the fridge (every leftover cooked earlier, within its days),
the days put in order, and the integer master solved for a week."""

from __future__ import annotations

from typing import Sequence

import pulp

from .errors import SolverError
from .menu_master import ARTIFICIAL_COST, days_conflict, master_model, rule_counts, rules_broken
from .menu_problem import Column, MenuProblem
from .search_settings import SearchSettings
from .shopping import till, week_cost
from .solve import Resolvable, wall_for, work_seconds


def week_value(problem: MenuProblem, week: Sequence[Column]) -> float:
    """The week's objective, computed from its columns as the integer master would."""
    value = sum(column.cost for column in week)
    counts: dict[int, int] = {}
    for column in week:
        for r in column.recipes:
            counts[r] = counts.get(r, 0) + 1
    value += problem.repeat_weight * sum(max(0, n - 1) for n in counts.values())
    # The count rules are hard: a week that breaks one is worth no more than no week.
    value += ARTIFICIAL_COST * rules_broken(problem, week)
    return value + week_cost(problem.lines, week_products(week), problem.shopping,
                             problem.cost_weight)


def week_allowed(problem: MenuProblem, week: Sequence[Column], changed: int) -> bool:
    """The weekly rules, checked on a week whose day ``changed`` was just replaced."""
    rules = problem.rules
    column = week[changed]
    if changed > 0 and days_conflict(problem, week[changed - 1], column):
        return False
    if changed + 1 < len(week) and days_conflict(problem, column, week[changed + 1]):
        return False
    for n, other in enumerate(week):
        if n != changed and len(problem.shared(column, other)) > rules.max_shared_recipes:
            return False
    for r in column.recipes:
        if sum(1 for other in week if r in other.recipes) > problem.max_days(r):
            return False
    for f in column.side_foods:
        if sum(1 for other in week if f in other.side_foods) > problem.side_max_days[f]:
            return False
    if any(high is not None and have > high for _, _, high, have in rule_counts(problem, week)):
        return False
    if not fridge_ok(problem, week):
        return False
    return all(any(c.recipes & recipes or c.side_foods & sides for c in week)
               for recipes, sides in problem.include_groups)


def fridge(problem: MenuProblem, week: Sequence[Column | None]
           ) -> tuple[bool, dict[tuple[int, int], float], list[dict[int, int]]]:
    """The week's leftovers, oldest first: whether every one was cooked earlier, in enough
    portions, within ``fridge_days``; what is still in the fridge ((day, recipe) ->
    portions; day counted from 0); and for each day, the day each of its leftovers was
    cooked."""
    keep = problem.rules.fridge_days
    stock: dict[tuple[int, int], float] = {}
    sources: list[dict[int, int]] = []
    ok = True
    for day, column in enumerate(week):
        taken: dict[int, int] = {}
        if column is not None:
            for base, portions in column.eaten_leftovers:
                need = portions
                for (cooked, recipe) in sorted(stock):
                    if recipe != base or need <= 1e-9 or not 0 < day - cooked <= keep:
                        continue
                    used = min(need, stock[cooked, recipe])
                    if used > 1e-9:
                        stock[cooked, recipe] -= used
                        need -= used
                        taken.setdefault(base, cooked)
                if need > 1e-9:
                    ok = False
            for base, portions in column.extras:
                if base not in column.recipes:
                    ok = False  # portions for later of a dish not cooked today
                stock[day, base] = stock.get((day, base), 0.0) + portions
        sources.append(taken)
    return ok, stock, sources


def fridge_ok(problem: MenuProblem, week: Sequence[Column | None]) -> bool:
    return not problem.twins or fridge(problem, week)[0]


def exact_value(problem: MenuProblem, week: Sequence[Column]) -> float:
    """The week's objective with a budget at the till as a hard wall: any week over it is
    worse than every week within it (a week's objective stays far below OVER_BUDGET)."""
    value = week_value(problem, week)
    if problem.budget is not None:
        over = till(problem.lines, week_products(week)) - problem.budget
        if over > 1e-6:
            value += OVER_BUDGET + ARTIFICIAL_COST * over
    return value


OVER_BUDGET = 1e12


def week_products(week: Sequence[Column]) -> dict[int, float]:
    """What the week takes from each product line."""
    amounts: dict[int, float] = {}
    for column in week:
        for n, amount in column.products:
            amounts[n] = amounts.get(n, 0.0) + amount
    return amounts


def integer_week(problem: MenuProblem, columns: list[Column], settings: SearchSettings,
                 deadline: float) -> list[Column] | None:
    """The best week from ``columns``: first choose the days without their order (a small
    integer program), then put them in an order the day-to-day rules allow; if no order
    exists, forbid that set and choose again; last, the integer program with a column per
    day, which holds every rule at once."""
    if not columns:
        return None
    master = master_model(problem, columns, integer=True, by_day=False)
    for _ in range(settings.order_attempts):
        remaining = (deadline - work_seconds()) * settings.week_time_share
        chosen = _solve_week(master, columns, settings, remaining)
        if chosen is None:
            break
        week = order_week(problem, chosen)
        if week is not None:
            return week
        picked = [var for (c, _), var in master.choose.items() if (var.value() or 0) > 0.5]
        master.prob += pulp.lpSum(picked) <= len(picked) - 1
    # The program by day knows nothing of the fridge's days: it chooses among the days
    # without leftovers (the exact week's passes may add them back).
    columns = [column for column in columns if not column.twins and not column.extras]
    master = master_model(problem, columns, integer=True, by_day=True)
    remaining = (deadline - work_seconds()) * settings.week_time_share
    chosen = _solve_week(master, columns, settings, remaining)
    if chosen is None:
        return None
    by_day = {d: c for (c, d), var in master.choose.items() if (var.value() or 0) > 0.5}
    week = [columns[by_day[day]] for day in sorted(by_day)]
    return week if fridge_ok(problem, week) else None


def _solve_week(master, columns: list[Column], settings: SearchSettings,
                remaining: float) -> list[Column] | None:
    try:
        # Through Resolvable, which reads a solution that a node budget ended with.
        result = Resolvable(master.prob).solve(master.prob.objective,
                                               time_limit=wall_for(remaining,
                                                                   settings.day_floor),
                                               gap=settings.week_gap,
                                               node_limit=settings.week_nodes)
    except SolverError:
        return None  # no integer week in time: the caller falls back
    if result.status == "infeasible" or any((var.value() or 0) > 1e-6
                                            for var in master.artificial):
        return None
    return [columns[c] for (c, _), var in sorted(master.choose.items())
            if (var.value() or 0) > 0.5 for _ in range(round(var.value()))]


def order_week(problem: MenuProblem, chosen: list[Column]) -> list[Column] | None:
    """The chosen days in an order where no day breaks a day-to-day rule with the one before
    (each day of its own type: locked days stay where they are)."""
    days = problem.days
    week: list[Column | None] = [None] * days
    left = list(chosen)

    def place(day: int) -> bool:
        if day > days:
            return True
        kind = problem.type_of(day)
        tried = set()
        for n, column in enumerate(left):
            if column.day_type != kind or column.key in tried:
                continue
            tried.add(column.key)
            if day > 1 and days_conflict(problem, week[day - 2], column):
                continue
            if column.twins and not fridge_ok(problem, week[:day - 1] + [column]):
                continue
            week[day - 1] = left.pop(n)
            if place(day + 1):
                return True
            left.insert(n, week[day - 1])
            week[day - 1] = None
        return False

    return list(week) if len(chosen) == days and place(1) else None  # type: ignore[arg-type]
