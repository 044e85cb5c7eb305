"""Whole weeks without the linear master's help: the greedy week (day after day at the
week's prices), the package-aware and budget weeks, and the dive."""

from __future__ import annotations

import math
import time
from typing import Callable, Sequence

from .. import model as models
from ..errors import SolverError
from ..search_settings import FoodSearchSettings
from ..solve import relative_gap, solve
from .columns import (Duals, Pricer, better_week, budget_left, choose_week, master_duals,
                      seconds_left, still_needed, week_objective)
from .explain import diagnose
from .prepare import DEFAULT_SEARCH


def plan_greedy_week(problem: models.Problem, pricers: Sequence["Pricer"],
                     add: Callable[[models.Column], bool], deadline: float, target_gap: float,
                     solver: str, search: FoodSearchSettings = DEFAULT_SEARCH
                     ) -> tuple[list[models.Column], float] | None:
    """A first week, one day after another, so the master is feasible from the start (no
    rounds spent driving an artificial "no menu" out) and its duals are meaningful."""
    scale = None
    used: dict[int, int] = {}
    greedy: list[models.Column] = []
    for day in range(1, problem.days + 1):
        pricer = pricers[problem.type_key(day)] if problem.locked else pricers[0]
        penalties = {}
        for i, count in used.items():
            if count >= problem.max_days(i):
                penalties[i] = search.forbidden
            elif problem.repeat_penalised(i):
                # At least a token charge: with ties (a household's menus often tie) the
                # greedy week would otherwise repeat a day whole, which no week may.
                penalties[i] = max(problem.weights.repeat, search.greedy_repeat)
        tolerance = search.pricing_gap_share * target_gap * (scale or 1.0)
        result, found = pricer.price(Duals(penalties, 0.0), deadline=deadline,
                                     abs_gap=tolerance, nodes=search.greedy_nodes)
        if result.status == "none":
            result, found = pricer.price(Duals(penalties, 0.0), deadline=deadline,
                                         abs_gap=tolerance,
                                         nodes=None, need_solution=True)
        if result.status == "infeasible":
            if not greedy:
                raise diagnose(problem, solver, locked=problem.locked.get(day))
            break
        scale = scale or max(1.0, abs(found[0].cost))
        for column in found:
            add(column)
        best = found[0]
        if any(used.get(i, 0) >= problem.max_days(i) for i in best.foods):
            break  # the caps are exhausted: leave the rest to column generation
        greedy.append(best)
        for i in best.foods:
            used[i] = used.get(i, 0) + 1
        if time.perf_counter() >= deadline:
            break
    if len(greedy) < problem.days:
        return None
    return better_week(problem, None, (greedy, week_objective(problem, greedy)))


def budget_week(problem: models.Problem, pricers: Sequence["Pricer"],
                add: Callable[[models.Column], bool], columns: list[models.Column],
                solver: str, deadline: float, target_gap: float, search: FoodSearchSettings
                ) -> tuple[list[models.Column], float] | None:
    """A week within the budget at the till, when none of the menus column generation found
    makes one: build weeks day by day as a shopper would, paying for a food's package when it
    is first used and nothing for more servings from an opened one, charging packages ever
    more heavily against coverage until the integer master finds a week within the budget."""
    week = None
    for charge in search.budget_charges[1:]:  # the first was tried before column generation
        if time.perf_counter() >= deadline:
            break
        package_greedy(problem, pricers, add, deadline, target_gap, charge, search)
        week = better_week(problem, week, choose_week(problem, columns, solver, deadline))
        if week is not None:
            break
    return week


def package_greedy(problem: models.Problem, pricers: Sequence["Pricer"],
                   add: Callable[[models.Column], bool], deadline: float, target_gap: float,
                   charge: float, search: FoodSearchSettings) -> list[models.Column]:
    """One week, day by day, priced by the package (see budget_week); its menus go to the
    pool, and its days (fewer if a day cannot be planned) are returned."""
    week: list[models.Column] = []
    used: dict[int, int] = {}
    lines = problem.shopping_lines
    left = dict(problem.pantry_lines)  # at home or in opened packages, by shopping line
    # The day objective already charges each serving's price: take it back out.
    per_serving = -problem.weights.cost
    for day in range(1, problem.days + 1):
        pricer = pricers[problem.type_key(day)] if problem.locked else pricers[0]
        penalties = {}
        for i, line in enumerate(lines):
            enough = problem.people * len(problem.eaters) * line.per_serving
            if used.get(i, 0) >= problem.max_days(i):
                penalties[i] = search.forbidden
            elif left.get(line.key, 0.0) < enough - 1e-9:
                penalties[i] = charge * line.price
            elif problem.repeat_penalised(i) and used.get(i):
                penalties[i] = search.greedy_repeat
        best = None
        for attempt in range(3):
            try:
                result, found = pricer.price(Duals(penalties, 0.0, per_serving),
                                             deadline=deadline,
                                             abs_gap=search.pricing_gap_share * target_gap,
                                             nodes=search.greedy_nodes, need_solution=True)
            except SolverError:
                return week  # out of time: the weeks found so far are what there is
            for column in found:
                add(column)
            # A day too like an earlier one (max_shared_foods) cannot be in the week: make
            # the foods already eaten dearer and price again.
            best = next((column for column in found if not any(
                models.too_alike(problem, column, other) for other in week)), None)
            if best is not None:
                break
            for i in used:
                if penalties.get(i, 0.0) < search.forbidden:
                    penalties[i] = penalties.get(i, 0.0) + charge * 2.0 * (attempt + 1)
        if best is None:
            return week
        week.append(best)
        for i in best.foods:
            used[i] = used.get(i, 0) + 1
        for key, amount in problem.line_amounts([best]).items():
            have = left.get(key, 0.0)
            if have < amount:
                line = next(line for line in lines if line.key == key)
                have += math.ceil((amount - have) / line.size - 1e-9) * line.size
            left[key] = have - amount
        if time.perf_counter() >= deadline:
            break
    return week


def dive(problem: models.Problem, columns: list[models.Column], known: set, solver: str,
         deadline: float, pricer: Pricer, bound: float, target_gap: float,
         search: FoodSearchSettings) -> tuple[list[models.Column], float] | None:
    """Fix, one day at a time, the menu the linear master likes most, pricing as we go.

    A heuristic: pricing here only needs good menus, not proofs, so it runs time-limited.  The
    week's bound stays the one proven at the root.
    """
    fixed: list[models.Column] = []
    caps = {i: problem.max_days(i) for i in range(len(problem.foods))}
    best_week: tuple[list[models.Column], float] | None = None
    while len(fixed) < problem.days and time.perf_counter() < deadline:
        days_left = problem.days - len(fixed)
        usable = [c for c in columns if c not in fixed and all(caps[i] >= 1 for i in c.foods)]
        master = None
        for _ in range(search.dive_rounds):
            if not usable or time.perf_counter() >= deadline:
                break
            master = models.master_model(problem, usable, integer=False, days=days_left,
                                         caps=caps, include_needed=still_needed(problem, fixed),
                                         budget=budget_left(problem, fixed))
            try:
                solve(master.prob, solver, mip=False, time_limit=seconds_left(deadline))
            except SolverError:
                return best_week  # out of time mid-dive: keep the best whole week so far
            duals = master_duals(problem, master)
            penalties = dict(duals.penalties)
            # Foods used up by the fixed days may not be used again.
            for i, cap in caps.items():
                if cap <= 0:
                    penalties[i] = search.forbidden
            duals = Duals(penalties, duals.constant, duals.money_rate)
            sigma = master.prob.constraints[master.days_rows[0]].pi or 0.0
            result, found = pricer.price(duals, deadline=deadline, abs_gap=1e-6)
            fresh = []
            for column in found:
                key = tuple(sorted(column.servings.items()))
                if (duals.reduced_cost(column, sigma) < -search.tolerance
                        and key not in known and all(caps[i] >= 1 for i in column.foods)):
                    known.add(key)
                    columns.append(column)
                    fresh.append(column)
            if not fresh:
                break
            usable.extend(fresh)
        if master is None or not usable:
            break
        rest = choose_week(problem, usable, solver, deadline, days=days_left, caps=caps,
                           include_needed=still_needed(problem, fixed),
                           budget=budget_left(problem, fixed), fixed=fixed)
        if rest is not None and len(rest[0]) == days_left:
            chosen = fixed + rest[0]
            best_week = better_week(problem, best_week, (chosen, week_objective(problem, chosen)))
            gap = None if best_week is None else relative_gap(
                best_week[1], bound if bound > -math.inf else None)
            if gap is not None and gap <= target_gap:
                break
        values = [(var.value() or 0.0, c) for var, c in zip(master.choose, usable)]
        best = max(values, key=lambda pair: pair[0])[1]
        fixed.append(best)
        for i in best.foods:
            caps[i] -= 1
    if len(fixed) == problem.days:
        best_week = better_week(problem, best_week, (fixed, week_objective(problem, fixed)))
    return best_week
