"""Find a good week of recipe days, and prove how good it is.

1. A greedy week: price one day after another, with the recipes that the rules forbid next
   priced out, so a complete week exists within a few day solves.
2. Column generation on a relaxation of the week that forgets the order of days (each recipe on
   at most ``recipe_max_days`` days, tag rules, side-food days, --include, --budget): the
   linear master over the day menus found so far prices the day model (kept alive in HiGHS,
   only the objective changes), and every round gives a proven Lagrangian bound,
   ``master + days * (least reduced cost)``.  A relaxation's bound is a bound on the real week.
3. The week: the master as an integer program over every day menu found, now with the rules
   that need the days' order (no recipe two days running, the dinner's protein changes) and
   no two days sharing more than one recipe; the better of it and the greedy week.

Work budgets (rounds, node limits) end the search, not the clock, so one input gives one
week on any machine; the time limit is a safety net, and a week it cut short says so.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Sequence

import pulp

from .errors import InfeasibleError
from .menu_model import Column, DayModel, MenuProblem, day_model, master_model, make_column
from .solve import Resolvable, relative_gap, solve


@dataclass(frozen=True)
class SearchSettings:
    """The search's knobs, in one place, passed down (tests and benchmarks make their own)."""

    rounds: int = 12             # column-generation rounds at most
    target_gap: float = 0.01     # stop once the week is proven this close to the bound
    pricing_gap: float = 1e-4    # each day solve's own relative gap
    week_gap: float = 0.002      # the integer week's relative gap
    week_time_share: float = 0.5  # of the remaining time, at most, for the integer week
    time_limit: float = 30.0     # safety net, seconds
    forbidden: float = 1e4       # what a recipe the rules forbid costs in a greedy day
    greedy_repeat: float = 2.0   # what reusing a recipe costs in a greedy day
    tolerance: float = 1e-6


@dataclass
class Outcome:
    week: list[Column]          # one per day, in order
    objective: float
    bound: float | None
    optimal: bool
    columns: int = 0
    rounds: int = 0
    warnings: list[str] = field(default_factory=list)


class _Pricer:
    def __init__(self, problem: MenuProblem, day_type: int):
        self.model: DayModel = day_model(problem, day_type)
        self.solver = Resolvable(self.model.prob)
        highs = getattr(self.solver, "_highs", None)
        if highs is not None:
            # Without presolve HiGHS keeps the day model's LP basis from one objective to the
            # next, and a re-priced day solves from it: 0.05-0.1 s instead of 0.3-0.5 s.
            highs.setOptionValue("presolve", "off")
            highs.setOptionValue("mip_detect_symmetry", False)
        self.problem = problem
        self.day_type = day_type

    def price(self, recipe_costs, side_costs, *, cost_scale: float = 1.0,
              gap: float, time_limit: float):
        objective = self.model.objective_with(recipe_costs, side_costs, cost_scale)
        result = self.solver.solve(objective, time_limit=time_limit, gap=gap,
                                   need_solution=False)
        columns = []
        if result.status in ("optimal", "feasible"):
            values = {var: var.varValue or 0.0 for var in self.model.prob.variables()}
            columns.append(self.model.column(values, self.problem, self.day_type))
            for extra in self.solver.extra_solutions():
                columns.append(self.model.column(extra, self.problem, self.day_type))
        return result, columns


def search(problem: MenuProblem, settings: SearchSettings, deadline: float) -> Outcome:
    pricers = [_Pricer(problem, t) for t in range(len(problem.day_types))]
    pool: dict[tuple, Column] = {}

    def add(column: Column) -> None:
        pool.setdefault(column.key, column)

    greedy = _greedy_week(problem, pricers, settings, deadline)
    for column in greedy or ():
        add(column)
    best = greedy
    best_value = _week_value(problem, greedy) if greedy else None

    bound = None
    rounds = 0
    warnings: list[str] = []
    for rounds in range(1, settings.rounds + 1):
        if time.perf_counter() > deadline:
            warnings.append("the time limit stopped the search early; the week is not proven")
            break
        master = master_model(problem, list(pool.values()), integer=False)
        result = solve(master.prob, mip=False)
        lp_value = result.objective or 0.0
        duals = _duals(problem, master)
        least = 0.0
        proven = True
        for t, pricer in enumerate(pricers):
            recipe_costs, side_costs, scale = duals.costs
            priced, columns = pricer.price(recipe_costs, side_costs, cost_scale=scale,
                                           gap=settings.pricing_gap,
                                           time_limit=max(0.05, deadline - time.perf_counter()))
            for column in columns:
                add(column)
            sigma = duals.convexity.get(t, 0.0)
            if priced.bound is None:
                proven = False
                continue
            least += len(problem.day_types[t]) * min(0.0, priced.bound - sigma)
        if proven and not any(var.value() and var.value() > 1e-7 for var in master.artificial):
            bound = max(bound or -float("inf"), lp_value + least)
        if least >= -settings.tolerance * max(1.0, abs(lp_value)):
            break
        if bound is not None and best_value is not None and \
                relative_gap(best_value, bound) <= settings.target_gap / 2:
            break

    columns = list(pool.values())
    week = _integer_week(problem, columns, settings, deadline)
    if week is not None:
        value = _week_value(problem, week)
        if best_value is None or value < best_value - 1e-9:
            best, best_value = week, value
    if best is None:
        raise InfeasibleError("no complete week could be assembled from the recipes allowed; "
                              "allow more recipes or fewer rules", constraint="week")
    gap = relative_gap(best_value, bound)
    return Outcome(best, best_value, bound, gap is not None and gap <= settings.target_gap,
                   len(columns), rounds, warnings)


def _week_value(problem: MenuProblem, week: Sequence[Column]) -> float:
    """The week's objective, computed from its columns as the integer master would."""
    value = sum(column.cost for column in week)
    counts: dict[int, int] = {}
    for column in week:
        for r in column.recipes:
            counts[r] = counts.get(r, 0) + 1
    value += problem.repeat_weight * sum(max(0, n - 1) for n in counts.values())
    from .menu_model import TAG_SHORTFALL_WEIGHT
    for rule, low, _ in problem.tag_rules:
        if low:
            have = sum(column.tag_count(problem, rule.tag) for column in week)
            value += TAG_SHORTFALL_WEIGHT * max(0, low - have)
    return value


@dataclass
class _Duals:
    convexity: dict[int, float]
    costs: tuple[dict[int, float], dict[int, float], float]


def _duals(problem: MenuProblem, master) -> _Duals:
    """Master duals as extra costs of the day model's recipes and sides (minimisation: a
    binding <= row has a dual <= 0, which makes what it counts dearer)."""
    recipe_costs: dict[int, float] = {}
    for r, row in master.recipe_rows.items():
        recipe_costs[r] = recipe_costs.get(r, 0.0) - (row.pi or 0.0)
    for r, row in master.repeat_rows.items():
        recipe_costs[r] = recipe_costs.get(r, 0.0) - (row.pi or 0.0)
    for n, (rule, _, _) in enumerate(problem.tag_rules):
        row = master.tag_rows.get(n)
        if row is None or not row.pi:
            continue
        for r, recipe in enumerate(problem.recipes):
            if rule.tag in recipe.tags:
                recipe_costs[r] = recipe_costs.get(r, 0.0) - row.pi
    side_costs = {f: -(row.pi or 0.0) for f, row in master.side_rows.items()}
    for n, row in master.include_rows.items():
        recipes, sides = problem.include_groups[n]
        for r in recipes:
            recipe_costs[r] = recipe_costs.get(r, 0.0) - (row.pi or 0.0)
        for f in sides:
            side_costs[f] = side_costs.get(f, 0.0) - (row.pi or 0.0)
    scale = 1.0
    if master.budget_row is not None and master.budget_row.pi:
        # The budget row prices each dollar of food; the day's cost term carries the weight.
        scale = 1.0 - master.budget_row.pi / max(problem.cost_weight, 1e-9)
    return _Duals({t: row.pi or 0.0 for t, row in master.convexity.items()},
                  (recipe_costs, side_costs, scale))


def _integer_week(problem: MenuProblem, columns: list[Column], settings: SearchSettings,
                  deadline: float) -> list[Column] | None:
    if not columns:
        return None
    master = master_model(problem, columns, integer=True)
    remaining = max(0.2, (deadline - time.perf_counter()) * settings.week_time_share)
    try:
        result = solve(master.prob, time_limit=remaining, gap=settings.week_gap)
    except Exception:  # noqa: BLE001 - no integer week in time: the greedy week stands
        return None
    if result.status == "infeasible":
        return None
    if any((var.value() or 0) > 1e-6 for var in master.artificial):
        return None
    week = []
    for day in range(1, problem.days + 1):
        chosen = [c for (c, d), var in master.choose.items() if d == day and var.value() > 0.5]
        if len(chosen) != 1:
            return None
        week.append(columns[chosen[0]])
    return week


def _greedy_week(problem: MenuProblem, pricers: Sequence[_Pricer], settings: SearchSettings,
                 deadline: float) -> list[Column] | None:
    """A complete week fast: one day after another, pricing out what the rules forbid."""
    rules = problem.rules
    week: list[Column] = []
    uses: dict[int, int] = {}
    side_days: dict[int, int] = {}
    tag_counts = [0] * len(problem.tag_rules)
    for day in range(1, problem.days + 1):
        pricer = pricers[problem.type_of(day)]
        banned: set[int] = set()
        for attempt in range(6):
            recipe_costs: dict[int, float] = {}
            for r, count in uses.items():
                recipe_costs[r] = settings.greedy_repeat * count
                if count >= rules.recipe_max_days:
                    recipe_costs[r] = settings.forbidden
            previous = week[-1] if week else None
            if previous is not None:
                if not rules.recipe_consecutive:
                    for r in previous.recipes:
                        recipe_costs[r] = settings.forbidden
                for meal in rules.protein_changes:
                    proteins = previous.proteins(problem, meal)
                    for r, recipe in enumerate(problem.recipes):
                        if recipe.protein in proteins and meal in recipe.meals:
                            recipe_costs[r] = recipe_costs.get(r, 0.0) + settings.forbidden / 10
            for r in banned:
                recipe_costs[r] = settings.forbidden
            days_left = problem.days - day + 1
            for n, (rule, low, high) in enumerate(problem.tag_rules):
                tagged = [r for r, recipe in enumerate(problem.recipes) if rule.tag in recipe.tags]
                if high is not None and tag_counts[n] >= high:
                    for r in tagged:
                        recipe_costs[r] = settings.forbidden
                elif low and tag_counts[n] < low:
                    urgency = 50.0 if low - tag_counts[n] >= days_left else 2.0
                    for r in tagged:
                        recipe_costs[r] = recipe_costs.get(r, 0.0) - urgency
            for n, (recipes, sides) in enumerate(problem.include_groups):
                if not any(column.recipes & recipes or column.side_foods & sides
                           for column in week):
                    for r in recipes:
                        recipe_costs[r] = recipe_costs.get(r, 0.0) - 20.0
            side_costs = {f: settings.forbidden for f, n in side_days.items()
                          if n >= problem.side_max_days[f]}
            result, columns = pricer.price(
                recipe_costs, side_costs, gap=1e-3,
                time_limit=max(0.05, deadline - time.perf_counter()))
            if not columns:
                return None
            column = columns[0]
            clash = _shares_too_much(problem, column, week)
            if clash is None and not any(r in recipe_costs and recipe_costs[r] >= settings.forbidden
                                         for r in column.recipes):
                break
            if clash is not None:
                banned.add(max(clash, key=lambda r: uses.get(r, 0)))
        else:
            return None
        week.append(column)
        for r in column.recipes:
            uses[r] = uses.get(r, 0) + 1
        for f in column.side_foods:
            side_days[f] = side_days.get(f, 0) + 1
        for n, (rule, _, _) in enumerate(problem.tag_rules):
            tag_counts[n] += column.tag_count(problem, rule.tag)
    return week


def _shares_too_much(problem: MenuProblem, column: Column, week: Sequence[Column]
                     ) -> set[int] | None:
    for earlier in week:
        shared = column.recipes & earlier.recipes
        if len(shared) > problem.rules.max_shared_recipes:
            return shared
    return None



