"""The single-food week: the master over the day menus found (with the till's rows), the
one-piece weekly MIP the benchmarks and the diagnosis use, and the classic continuous diet LP."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import pulp

from .day import DayVars, add_day
from .problem import SHORTFALL_WEIGHT, Column, Problem, constraint_name


@dataclass
class MasterModel:
    prob: pulp.LpProblem
    choose: list[pulp.LpVariable]
    artificial: pulp.LpVariable | None
    cap_rows: dict[int, str]
    repeat_rows: dict[int, str]
    include_rows: dict[int, str] = field(default_factory=dict)  # group number -> row
    budget_row: str | None = None
    days_rows: dict[int, str] = field(default_factory=dict)  # day type -> row
    artificials: list[pulp.LpVariable] = field(default_factory=list)

    def uses_artificial(self) -> bool:
        return any((var.value() or 0.0) > 1e-6 for var in self.artificials)


# An "empty day" that makes the first master feasible; priced so high it is never kept.
ARTIFICIAL_COST = 1e7


def too_alike(problem: "Problem", first: "Column", second: "Column") -> bool:
    """Two days share more than ``max_shared_foods`` of the smaller day's foods, staples
    (foods given their own max_days, meant to recur: milk, bread, coffee) aside."""
    a = {i for i in first.foods if problem.repeat_penalised(i)}
    b = {i for i in second.foods if problem.repeat_penalised(i)}
    return bool(a & b) and len(a & b) > problem.settings.max_shared_foods * min(len(a), len(b))


def master_model(problem: Problem, columns: list[Column], *, integer: bool,
                 days: int | None = None, caps: Mapping[int, int] | None = None,
                 include_needed: Sequence[int] | None = None,
                 budget: float | None = None,
                 fixed: Sequence[Column] = ()) -> MasterModel:
    """Choose ``days`` day menus from ``columns`` under the weekly rules.

    The linear version (``integer=False``) is the restricted master of column generation, with
    an artificial empty day so it is always feasible.  The integer version picks each menu at
    most once, so no two days of the week are the same.

    The budget: the linear master caps the food eaten (``budget``, by default the problem's
    ``eaten_budget``, a relaxation); the integer master caps the bill at the till exactly, with
    a whole number of packages of each food bought for the week (``fixed`` days included).
    """
    types = problem.day_types
    counts = [len(type_days) for type_days in types]
    if days is not None:  # a partial week (diving): only without locks, so one day type
        counts = [days]
    days = sum(counts)
    prob = pulp.LpProblem("mealplan_week", pulp.LpMinimize)
    category = pulp.LpBinary if integer else pulp.LpContinuous
    choose = [pulp.LpVariable(f"menu{c}", 0, 1 if integer else None, cat=category)
              for c in range(len(columns))]
    artificials = [] if integer else [pulp.LpVariable(f"no_menu{t}", 0)
                                      for t in range(len(counts))]
    objective = [(var, column.cost) for var, column in zip(choose, columns)]
    objective += [(var, ARTIFICIAL_COST) for var in artificials]
    days_rows: dict[int, str] = {}
    for t, count in enumerate(counts):
        # Each day type fills its own days: unlocked days, and each set of locked days.
        name = "days" if t == 0 else f"days_t{t}"
        total = pulp.LpAffineExpression(
            [(var, 1) for var, column in zip(choose, columns) if column.day_type == t]
            + ([(artificials[t], 1)] if artificials else []))
        prob += total == count, name
        days_rows[t] = name
    artificial = artificials[0] if artificials else None
    if integer:
        # Days that share more than max_shared_foods of their foods look alike to a person
        # (the same menu twice most of all): at most one of each such pair in a week.  The
        # same menu twice is always too alike, staples or not.
        patterns: dict[frozenset, list[pulp.LpVariable]] = {}
        for var, column in zip(choose, columns):
            patterns.setdefault(column.pattern, []).append(var)
        for n, group in enumerate(patterns.values()):
            if len(group) > 1:
                prob += pulp.lpSum(group) <= 1, f"distinct_menu{n}"
        for a in range(len(columns)):
            for b in range(a + 1, len(columns)):
                if too_alike(problem, columns[a], columns[b]):
                    prob += choose[a] + choose[b] <= 1, f"alike_menus_{a}_{b}"

    uses: dict[int, list[pulp.LpVariable]] = {}
    for var, column in zip(choose, columns):
        for i in column.foods:
            uses.setdefault(i, []).append(var)
    cap_rows: dict[int, str] = {}
    repeat_rows: dict[int, str] = {}
    weights = problem.weights
    for i in range(len(problem.foods)):
        limit = problem.max_days(i) if caps is None else caps.get(i, problem.max_days(i))
        food_days = pulp.LpAffineExpression([(var, 1) for var in uses.get(i, [])])
        if limit < days:
            name = constraint_name("max_days", f"f{i}")
            prob += food_days <= limit, name
            cap_rows[i] = name
        if weights.repeat and problem.repeat_penalised(i):
            # Every day a food is eaten beyond its first costs weights.repeat.
            repeats = pulp.LpVariable(f"repeats_f{i}", 0)
            objective.append((repeats, weights.repeat))
            name = f"repeat_f{i}"
            prob += food_days - repeats <= 1, name
            repeat_rows[i] = name
    include_rows: dict[int, str] = {}
    for n, group in enumerate(problem.include_groups):
        needed = 1 if include_needed is None else include_needed[n]
        if needed > 0:
            name = f"include_{n}"
            prob += pulp.LpAffineExpression(
                [(var, len(column.foods & group)) for var, column in zip(choose, columns)
                 if column.foods & group]
                + [(var, 1) for var in artificials]) >= needed, name
            include_rows[n] = name
    budget = problem.eaten_budget if budget is None else budget
    budget_row = None
    if budget is not None:
        budget_row = "budget"
        prob += pulp.LpAffineExpression(
            [(var, column.money) for var, column in zip(choose, columns)]) <= budget, budget_row
    if integer and problem.budget is not None:
        _till_rows(prob, problem, choose, columns, fixed)
    prob.setObjective(pulp.LpAffineExpression(objective))
    return MasterModel(prob, choose, artificial, cap_rows, repeat_rows, include_rows,
                       budget_row, days_rows, artificials)


def _till_rows(prob: pulp.LpProblem, problem: Problem, choose: Sequence[pulp.LpVariable],
               columns: Sequence[Column], fixed: Sequence[Column]) -> None:
    """Whole packages of each shopping line, enough for the week after the pantry, within the
    budget."""
    served: dict[tuple[str, str], list[tuple[pulp.LpVariable, float]]] = {}
    for var, column in zip(choose, columns):
        for key, amount in problem.line_amounts([column]).items():
            served.setdefault(key, []).append((var, amount))
    already = problem.line_amounts(fixed)
    lines = {line.key: line for line in problem.shopping_lines}
    bill = []
    for n, key in enumerate(sorted(set(served) | set(already))):
        line = lines[key]
        if not line.price:
            continue
        packages = pulp.LpVariable(f"packages_l{n}", 0, cat=pulp.LpInteger)
        prob += (pulp.LpAffineExpression(served.get(key, [])) - line.size * packages
                 <= problem.pantry_lines.get(key, 0.0) - already.get(key, 0.0), f"bought_l{n}")
        bill.append((packages, line.price))
    prob += pulp.LpAffineExpression(bill) <= problem.budget, "till"


@dataclass
class WeekModel:
    prob: pulp.LpProblem
    days: list[DayVars]


def week_model(problem: Problem) -> WeekModel:
    """The whole week as one MIP: every day's variables plus the weekly coupling rules."""
    prob = pulp.LpProblem("mealplan_week_compact", pulp.LpMinimize)
    days = [add_day(prob, problem, d + 1, problem.locked.get(d + 1))
            for d in range(problem.days)]
    objective = pulp.LpAffineExpression()
    for day in days:
        objective += day.objective
    weights = problem.weights
    for i in range(len(problem.foods)):
        food_days = pulp.lpSum(day.food_used(i) for day in days)
        limit = problem.max_days(i)
        if limit < problem.days:
            prob += food_days <= limit, constraint_name("max_days", f"f{i}")
        if weights.repeat and problem.repeat_penalised(i):
            repeats = pulp.LpVariable(f"repeats_f{i}", 0)
            prob += food_days - repeats <= 1, f"repeat_f{i}"
            objective += weights.repeat * repeats
    prob.setObjective(objective)
    return WeekModel(prob, days)


@dataclass
class ContinuousModel:
    prob: pulp.LpProblem
    amount: list[pulp.LpVariable]
    shortfall: dict[str, pulp.LpVariable]


def continuous_model(problem: Problem) -> ContinuousModel:
    """The classic diet LP: fractional servings for one day, no meals or variety rules."""
    prob = pulp.LpProblem("mealplan_continuous", pulp.LpMinimize)
    foods = problem.foods
    amount = [pulp.LpVariable(f"serve_f{i}", 0, food.max_servings)
              for i, food in enumerate(foods)]
    shortfall = {}
    soft = problem.soft_minimums()
    for key, nutrient in problem.targets.items():
        credit = problem.credits.get(key, 0.0)
        total = pulp.LpAffineExpression(
            [(var, food.amount(key)) for var, food in zip(amount, foods) if food.amount(key)]
        )
        if key in soft:
            shortfall[key] = pulp.LpVariable(f"short_{key}", 0, 1)
            prob += total + soft[key] * shortfall[key] >= soft[key], constraint_name("min", key)
        elif nutrient.min and nutrient.hard:
            prob += total >= nutrient.min - credit, constraint_name("min", key)
        if nutrient.max is not None:
            prob += total <= nutrient.max - credit, constraint_name("max", key)
    weights = problem.weights
    prob.setObjective(pulp.LpAffineExpression(
        [(var, weights.cost * (food.price or 0.0)) for var, food in zip(amount, foods)]
        + [(var, SHORTFALL_WEIGHT) for var in shortfall.values()]
    ))
    return ContinuousModel(prob, amount, shortfall)
