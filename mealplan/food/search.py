"""The single-food search: a greedy week, column generation and the integer week.

The algorithm (mealplan/model/ explains the models):

0. On the second core, start the one-piece weekly MIP's root node (``columns.WeekBound``): its cuts
   prove a good lower bound early, and it may find a week too.
1. A greedy first week: price one day after another, pricing out foods that reached max_days,
   so the master is feasible from round 1 and an upper bound exists at once.
2. Column generation, at most ``--rounds`` rounds: solve the linear master over the day menus
   found; price the day model (kept alive in HiGHS: only the food costs change, see
   solve.Resolvable) at the master's dual prices, smoothed (Wentges) toward the best-bound
   duals to damp tailing-off, keeping every improving menu HiGHS meets.  Each round gives a
   Lagrangian bound from the solver's *proven* dual bound: ``dual constant + days * bound``.
   Stop early when the linear week is proven, or an integer week is within the target gap.
3. Choose the week: the best of the greedy week, the one-piece model's week, and the master
   solved as an integer program over all menus (no two days alike).  Only if no whole week
   exists, dive: fix the menu the linear master likes most, generate columns, repeat.

The gap reported is that week's objective against the better of the two proven bounds: an
honest, week-level gap, not a per-day one.  Work budgets (node limits, rounds), not wall-clock
limits, end the search, so a plan is the same on every machine; the time limit is a safety net
and a plan it stopped says so.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Callable

from .. import model as models
from ..errors import InfeasibleError, SolverError
from ..search_settings import FoodSearchSettings
from ..solve import relative_gap, solve
from .columns import (Duals, Outcome, Pricer, WeekBound, better_week, choose_week, in_day_order,
                      master_duals, seconds_left, week_objective)
from .explain import check_meals_possible, check_variety_possible, diagnose, diagnose_continuous
from .heuristics import budget_week, dive, package_greedy, plan_greedy_week
from .prepare import DEFAULT_SEARCH

Progress = Callable[[str], None]


def plan_structured(problem: models.Problem, solver: str, deadline: float, target_gap: float,
                    progress: Progress | None, search: FoodSearchSettings = DEFAULT_SEARCH,
                    max_rounds: int | None = None, grace: float | None = None) -> Outcome:
    """Search for the week; ``grace`` (at or after ``deadline``) is how long the search may go
    on past the time limit while no whole week exists yet."""
    check_meals_possible(problem)
    check_variety_possible(problem)
    # The one-piece weekly model's root bound, on the second core, while columns are generated.
    worker = WeekBound.start(problem, solver, deadline, target_gap, search)
    try:
        return _search_week(problem, solver, deadline, target_gap, progress, search,
                            search.rounds if max_rounds is None else max_rounds,
                            max(deadline, grace or deadline), worker)
    finally:
        if worker is not None:
            worker.stop()  # a solver thread never outlives the search: see BackgroundSolve


def _search_week(problem: models.Problem, solver: str, deadline: float, target_gap: float,
                 progress: Progress | None, search: FoodSearchSettings, max_rounds: int,
                 grace: float, worker: "WeekBound | None") -> Outcome:
    types = problem.day_types
    pricers = [Pricer(problem, solver, search, t) for t in range(len(types))]
    pricer = pricers[0]
    columns: list[models.Column] = []
    known: set[tuple] = set()

    def add(column: models.Column) -> bool:
        key = tuple(sorted(column.servings.items()))
        if key in known:
            return False
        known.add(key)
        columns.append(column)
        return True

    # The first whole week is worth going past the time limit for (up to ``grace``): the
    # limit stops the search for a better week, it does not leave the user with none.
    greedy_week = plan_greedy_week(problem, pricers, add, grace, target_gap, solver, search)
    if problem.budget is not None:
        # A shopper's week (packages paid when opened) from the start, so the pool has menus
        # that fit a budget at the till however column generation ends.
        shopper = package_greedy(problem, pricers, add, deadline, target_gap,
                                 search.budget_charges[0], search)
        if len(shopper) == problem.days:
            greedy_week = better_week(problem, greedy_week,
                                      (shopper, week_objective(problem, shopper)))

    # Column generation.  Every round gives a Lagrangian bound on the whole week:
    # (dual constant) + days * (a proven lower bound on the day model under the penalties).
    bound = -math.inf
    week = greedy_week
    rounds = 0
    timed_out = False
    proved_lp = False
    master_value = math.inf
    artificial = False
    # Dual smoothing (Wentges): price at a blend of the master's duals and the duals that gave
    # the best bound so far, which damps the oscillation that makes plain column generation
    # tail off.  Every priced point gives a valid bound; columns are kept when they improve the
    # master at its own duals.
    center: Duals | None = None
    alpha = search.smoothing
    nodes: int | None = search.pricing_nodes
    while rounds < max_rounds:
        if time.perf_counter() >= deadline:
            timed_out = True
            break
        rounds += 1
        master = models.master_model(problem, columns, integer=False)
        try:
            master_value = solve(master.prob, solver, mip=False,
                                 time_limit=seconds_left(deadline)).objective or 0.0
        except SolverError:
            timed_out = True
            break
        duals = master_duals(problem, master)
        sigmas = {t: master.prob.constraints[name].pi or 0.0
                  for t, name in master.days_rows.items()}
        artificial = master.uses_artificial()
        per_day = max(1.0, abs(master_value) / problem.days) if not artificial else 1.0
        tolerance = search.pricing_gap_share * target_gap * per_day
        smoothed = center is not None and not artificial and alpha > 0
        price_at = duals.blend(center, alpha) if smoothed else duals
        # One pricing problem per day type (one unless meals are locked); the bound adds each
        # type's proven least day objective once per day of that type.
        candidate: float | None = price_at.constant
        proven_all = True
        added = 0
        for t, type_pricer in enumerate(pricers):
            result, found = type_pricer.price(price_at, deadline=deadline, abs_gap=tolerance,
                                              nodes=nodes)
            if result.status == "infeasible":
                raise diagnose(problem, solver, locked=problem.locked.get(types[t][0]))
            proven_all = proven_all and result.status == "optimal"
            if result.bound is None or candidate is None:
                candidate = None
            else:
                candidate += len(types[t]) * result.bound
            added += sum(add(column) for column in found
                         if duals.reduced_cost(column, sigmas[t])
                         < -search.tolerance * per_day)
        if candidate is not None and not artificial and candidate > bound:
            bound = candidate
            center = price_at
        if progress:
            progress(f"round {rounds}: {len(columns)} day menus, week objective "
                     f"{master_value:.2f}, bound {bound:.2f}")
        if bound > -math.inf and master_value - bound <= (
                search.pricing_gap_share * target_gap * abs(master_value)):
            proved_lp = True  # the linear week is proven within tolerance of its optimum
            break
        if added and bound > -math.inf and relative_gap(master_value, bound) <= target_gap:
            # The linear week is within the gap: see whether an integer week is too.
            week = better_week(problem, week, choose_week(problem, columns, solver, deadline))
            if week is not None and relative_gap(week[1], bound) <= target_gap:
                break
        if added:
            nodes, alpha = search.pricing_nodes, search.smoothing
        elif smoothed:
            alpha = 0.0  # mispricing: price at the master's own duals next
        elif proven_all:
            proved_lp = True  # no day menu improves the linear week by more than the tolerance
            break
        else:
            nodes = None  # nothing found within the node budget: prove it this time

    if proved_lp and artificial and problem.budget is not None:
        raise InfeasibleError(
            f"no plan fits the budget (constraint budget): even with every nutrient target "
            f"given up, {problem.days} days of meals within the energy band and meal rules "
            f"cost more than ${problem.budget:,.2f} at the till", constraint="budget")
    if proved_lp and artificial:
        raise InfeasibleError(
            f"the variety rule cannot be met: with a food on at most its max_days days, the "
            f"{len(problem.foods)} allowed foods cannot fill {problem.days} different days "
            f"(constraints max_days_*); allow more foods or raise max_days_per_food",
            constraint="max_days")

    # The integer week: the best of the greedy week, the master over every menu found, the
    # one-piece model's own week, and (if still not within the gap) a dive.
    if worker is not None:
        week = better_week(problem, week, worker.finish(problem, add, deadline))
        bound = max(bound, worker.bound)
    week = better_week(problem, week, choose_week(problem, columns, solver, deadline))
    if week is None and problem.budget is not None:
        # Column generation prices food by the serving; the till charges whole packages.
        week = budget_week(problem, pricers, add, columns, solver, deadline, target_gap,
                           search)
    if week is None and not problem.locked and problem.budget is None:
        # No whole week among the menus found (the caps bind hard): build one day by day, past
        # the time limit if need be (a week late is better than none).
        week = dive(problem, columns, known, solver, grace, pricer, bound, target_gap,
                    search)
    alike_days = False
    if week is None and problem.settings.max_shared_foods < 1.0:
        # Too few foods for days this different (a small catalogue, many exclusions): a week
        # whose days only differ beats no week, and the plan says so.
        loose = replace(problem, settings=replace(problem.settings, max_shared_foods=1.0))
        week = better_week(loose, week, choose_week(loose, columns, solver, grace))
        alike_days = week is not None
    if week is None and problem.budget is not None and time.perf_counter() < grace:
        raise InfeasibleError(
            f"no plan fits the budget (constraint till): no week found whose shopping, in "
            f"whole packages, costs at most ${problem.budget:,.2f} at the till",
            constraint="till")
    if week is None and time.perf_counter() >= grace:
        raise SolverError("the time limit ran out before a whole week could be assembled; "
                          "try a longer --time-limit")
    if week is None:
        # Not proven impossible (that is check_variety_possible's and the LP's job): the
        # search found no whole week, and the time limit is not what stopped it.
        raise SolverError(f"the search found no whole week of {problem.days} days that meets "
                          f"the weekly variety rules together (days that differ enough, each "
                          f"food on at most its max_days days); allow more foods or plan fewer "
                          f"days")
    chosen, objective = week
    gap = relative_gap(objective, bound if bound > -math.inf else None)
    optimal = gap is not None and gap <= target_gap + 1e-9
    timed_out = timed_out or time.perf_counter() >= deadline
    warnings = []
    if timed_out:
        warnings.append("time limit reached: this plan is feasible but not proven optimal"
                        + (f" (gap {gap:.1%})" if gap is not None else ""))
    if alike_days:
        warnings.append(f"the allowed foods are too few for days that share at most "
                        f"{problem.settings.max_shared_foods:.0%} of their foods: some days "
                        f"share more (allow more foods for more varied days)")
    if progress:
        progress(f"column generation: {rounds} rounds, {len(columns)} day menus, week "
                 f"{objective:.2f}, bound {bound:.2f}")
    return Outcome([column.servings for column in in_day_order(problem, chosen)], objective,
                   bound if bound > -math.inf else None, solver, optimal and not timed_out,
                   warnings, alike_days)


def plan_continuous(problem: models.Problem, solver: str, deadline: float) -> Outcome:
    built = models.continuous_model(problem)
    result = solve(built.prob, solver, mip=False, time_limit=seconds_left(deadline))
    if result.status == "infeasible":
        raise diagnose_continuous(problem)
    menu = {(i, "day"): (var.value(),) for i, var in enumerate(built.amount)
            if (var.value() or 0.0) > 1e-7}
    return Outcome([menu] * problem.days, problem.days * (result.objective or 0.0),
                   problem.days * (result.bound if result.bound is not None else 0.0),
                   solver, result.status == "optimal")
