"""The single-food search's parts: day menus (columns) and their costs, the pricer that
finds them at the master's dual prices, the duals, the background weekly bound, and the
integer week chosen from the menus found."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from .. import model as models
from ..errors import SolverError
from ..search_settings import FoodSearchSettings
from ..solve import BackgroundSolve, Resolvable, SolveResult, solve


@dataclass
class Outcome:
    menus: list[Mapping[tuple[int, str], tuple[float, ...]]]  # one per day; each eater's servings
    objective: float
    bound: float | None
    solver: str
    optimal: bool
    warnings: list[str] = field(default_factory=list)
    # True when the foods allowed were too few for days that share at most max_shared_foods
    # of their foods, and the week only keeps its days different.
    alike_days: bool = False


def seconds_left(deadline: float) -> float:
    return max(0.05, deadline - time.perf_counter())


class WeekBound:
    """The one-piece weekly MIP's root node, solved on the second core for a second proven
    lower bound.

    Its root cuts prove a better bound than a few rounds of column generation's Lagrangian
    bound (28.09 against 27.3 on the shipped week), and its week is one more candidate,
    checked like every other.  Only the root is solved (a node budget, not a time limit), so
    the outcome does not depend on the machine's speed.
    """

    def __init__(self, week: models.WeekModel, background: BackgroundSolve):
        self.week = week
        self.background = background

    @classmethod
    def start(cls, problem: models.Problem, solver: str, deadline: float,
              target_gap: float, search: FoodSearchSettings) -> "WeekBound | None":
        remaining = deadline - time.perf_counter()
        if (solver != "highs" or problem.days < 2
                or len(problem.foods) > search.week_bound_max_foods or remaining < 1.0):
            return None
        week = models.week_model(problem)
        return cls(week, BackgroundSolve(week.prob, time_limit=remaining, gap=target_gap,
                                         node_limit=1))

    @property
    def bound(self) -> float:
        return self.background.bound

    def finish(self, problem: models.Problem, add: Callable[[models.Column], bool],
               deadline: float) -> tuple[list[models.Column], float] | None:
        """Wait for the root (never past the deadline, then stop it); its best week as day
        menus, if any."""
        values = self.background.finish(wait=deadline - time.perf_counter())
        if values is None:
            return None
        days = []
        for number, day in enumerate(self.week.days, start=1):
            column = _column(problem, day.menu(values, len(problem.eaters)),
                             problem.type_key(number))
            add(column)
            days.append(column)
        return days, week_objective(problem, days)

    def stop(self) -> None:
        self.background.stop()


class Pricer:
    """The day model kept alive in the solver; prices it under food penalties."""

    def __init__(self, problem: models.Problem, solver: str, search: FoodSearchSettings,
                 day_type: int = 0):
        self.problem = problem
        self.day_type = day_type
        self.default_nodes = search.pricing_nodes
        first_day = problem.day_types[day_type][0] if problem.locked else 1
        self.model = models.day_model(problem, locked=problem.locked.get(first_day))
        self.engine = Resolvable(self.model.prob, solver)
        self.variables = self.model.prob.variables()

    def price(self, duals: "Duals", *, deadline: float, abs_gap: float,
              nodes: int | None | str = "default", need_solution: bool = False
              ) -> tuple[SolveResult, list[models.Column]]:
        """Solve the day model within ``nodes`` branch-and-bound nodes (None: no limit;
        "default": the search settings' pricing_nodes); return the result and the menus
        found, best first."""
        limit = self.default_nodes if nodes == "default" else nodes
        result = self.engine.solve(self.model.objective_with(duals.penalties, duals.money_rate),
                                   time_limit=seconds_left(deadline), node_limit=limit,
                                   gap=1e-6, abs_gap=abs_gap, need_solution=need_solution)
        if result.objective is None:
            return result, []
        found = [self._column({var: var.value() or 0.0 for var in self.variables})]
        found += [self._column(values) for values in self.engine.extra_solutions()]
        return result, found

    def _column(self, values: Mapping) -> models.Column:
        return _column(self.problem, self.model.vars.menu(values, len(self.problem.eaters)),
                       self.day_type)


def in_day_order(problem: models.Problem, chosen: Sequence[models.Column]
                 ) -> list[models.Column]:
    """Put each chosen menu on a day of its type: locked days get their own menus."""
    by_type: dict[int, list[models.Column]] = {}
    for column in chosen:
        by_type.setdefault(column.day_type, []).append(column)
    ordered: dict[int, models.Column] = {}
    for t, type_days in enumerate(problem.day_types):
        for day, column in zip(type_days, by_type.get(t, [])):
            ordered[day] = column
    return [ordered[day] for day in sorted(ordered)]


def budget_left(problem: models.Problem, fixed: Sequence[models.Column]) -> float | None:
    """What the rest of the week's food may cost, as the linear master relaxes the budget."""
    if problem.eaten_budget is None:
        return None
    return problem.eaten_budget - sum(column.money for column in fixed)


def acceptable(problem: models.Problem, week) -> bool:
    """No two days alike, every --include group on the menu, and within the budget at the
    till."""
    days = week[0]
    patterns = [column.pattern for column in days]
    alike = len(set(patterns)) < len(patterns) or any(
        models.too_alike(problem, days[a], days[b])
        for a in range(len(days)) for b in range(a + 1, len(days)))
    return (not alike and not any(still_needed(problem, days))
            and (problem.budget is None or problem.till_cost(days) <= problem.budget + 1e-6))


def better_week(problem: models.Problem, first, second):
    """The cheaper of two weeks, ignoring one that breaks a rule the master alone enforces."""
    if second is not None and not acceptable(problem, second):
        second = None
    if first is None:
        return second
    if second is None:
        return first
    return second if second[1] < first[1] - 1e-12 else first


def _column(problem: models.Problem, servings: Mapping[tuple[int, str], tuple[int, ...]],
            day_type: int = 0) -> models.Column:
    money = sum(problem.serving_price(i) * sum(portions) for (i, _), portions in servings.items())
    return models.Column(servings, _day_cost(problem, servings),
                         frozenset(i for i, _ in servings), money, day_type)


def _day_cost(problem: models.Problem,
              servings: Mapping[tuple[int, str], tuple[float, ...]]) -> float:
    """The day's objective recomputed from the rounded menu, immune to solver tolerances."""
    weights = problem.weights
    pick_costs = problem.pick_costs
    cost = 0.0
    for (i, meal), portions in servings.items():
        food = problem.foods[i]
        cost += (weights.cost * (food.price or 0.0) * sum(portions)
                 + pick_costs.get((i, meal), 0.0))
    for p, eater in enumerate(problem.eaters):
        for key, need in eater.soft_minimums().items():
            got = sum(problem.foods[i].amount(key) * portions[p]
                      for (i, _), portions in servings.items())
            cost += models.SHORTFALL_WEIGHT * max(0.0, need - got) / need
    return cost


@dataclass(frozen=True)
class Duals:
    """The master's weekly-row duals as the day model sees them: a penalty per use of each
    food, a price per dollar spent (the budget row), and their share of the dual objective."""

    penalties: Mapping[int, float]
    constant: float
    money_rate: float = 0.0

    def blend(self, other: "Duals", weight: float) -> "Duals":
        """``weight`` of ``other`` and the rest of these: still dual feasible (convexity)."""
        foods = set(self.penalties) | set(other.penalties)
        return Duals({i: weight * other.penalties.get(i, 0.0)
                      + (1 - weight) * self.penalties.get(i, 0.0) for i in foods},
                     weight * other.constant + (1 - weight) * self.constant,
                     weight * other.money_rate + (1 - weight) * self.money_rate)

    def reduced_cost(self, column: models.Column, sigma: float) -> float:
        return (column.cost + sum(self.penalties.get(i, 0.0) for i in column.foods)
                + self.money_rate * column.money - sigma)


def master_duals(problem: models.Problem, master: models.MasterModel) -> Duals:
    """The master's weekly-row duals, clipped into the dual-feasible set (<= 0 on the caps and
    the budget, no more than the repeat weight on the repeat rows, >= 0 on --include rows), so
    any blend of them still gives a valid Lagrangian bound:
    ``constant + days * (least day objective under the penalties)``.
    """
    penalties: dict[int, float] = {}
    constant = 0.0
    constraints = master.prob.constraints
    for i, name in master.cap_rows.items():
        dual = min(0.0, constraints[name].pi or 0.0)
        if dual:
            penalties[i] = penalties.get(i, 0.0) - dual
            constant += dual * -constraints[name].constant
    for i, name in master.repeat_rows.items():
        dual = max(-problem.weights.repeat, min(0.0, constraints[name].pi or 0.0))
        if dual:
            penalties[i] = penalties.get(i, 0.0) - dual
            constant += dual * -constraints[name].constant
    for n, name in master.include_rows.items():
        # A '>=' row: its dual is a bonus for every food of the group a day menu uses.
        dual = max(0.0, constraints[name].pi or 0.0)
        if dual:
            for i in problem.include_groups[n]:
                penalties[i] = penalties.get(i, 0.0) - dual
            constant += dual * -constraints[name].constant
    money_rate = 0.0
    if master.budget_row is not None:
        dual = min(0.0, constraints[master.budget_row].pi or 0.0)
        money_rate = -dual
        constant += dual * -constraints[master.budget_row].constant
    return Duals(penalties, constant, money_rate)


def still_needed(problem: models.Problem, fixed: Sequence[models.Column]) -> list[int]:
    """How many more days each --include group needs once the ``fixed`` days are set."""
    return [0 if any(column.foods & group for column in fixed) else 1
            for group in problem.include_groups]


def choose_week(problem: models.Problem, columns: list[models.Column], solver: str,
                deadline: float, days: int | None = None,
                caps: Mapping[int, int] | None = None,
                include_needed: Sequence[int] | None = None, budget: float | None = None,
                fixed: Sequence[models.Column] = ()
                ) -> tuple[list[models.Column], float] | None:
    master = models.master_model(problem, columns, integer=True, days=days, caps=caps,
                                 include_needed=include_needed, budget=budget, fixed=fixed)
    try:
        result = solve(master.prob, solver, time_limit=seconds_left(deadline), gap=1e-6)
    except SolverError:
        if time.perf_counter() < deadline:
            raise
        return None  # out of time: the caller keeps the best week it already has
    if result.status == "infeasible":
        return None
    chosen = [column for var, column in zip(master.choose, columns) if (var.value() or 0) > 0.5]
    return chosen, week_objective(problem, chosen)


def week_objective(problem: models.Problem, chosen: Sequence[models.Column]) -> float:
    weights = problem.weights
    value = sum(column.cost for column in chosen)
    counts: dict[int, int] = {}
    for column in chosen:
        for i in column.foods:
            counts[i] = counts.get(i, 0) + 1
    if weights.repeat:
        value += weights.repeat * sum(max(0, count - 1) for i, count in counts.items()
                                      if problem.repeat_penalised(i))
    return value
