"""The recipe week's master program over the day menus found, and the one-piece week model
it is measured against.  Pure: no solving.

The master holds the weekly rules: a recipe's days, repeats, the tag (dietary pattern)
rules, a side's days, --include, the fridge's carry rows for leftovers, the shopping lines
(linear master) and --budget; the integer master also the rules that need the days' order.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import pulp

from .data import TagRule
from .menu_day import DayModel, day_model
from .menu_problem import Column, MenuProblem
from .model import constraint_name


@dataclass
class MasterModel:
    prob: pulp.LpProblem
    choose: dict[tuple[int, int], pulp.LpVariable]  # (column, day) -> chosen
    convexity: dict[int, pulp.LpConstraint]          # day type (linear) or day (integer)
    recipe_rows: dict[int, pulp.LpConstraint]
    repeat_rows: dict[int, pulp.LpConstraint]
    side_rows: dict[int, pulp.LpConstraint]
    tag_rows: dict[tuple[int, str], pulp.LpConstraint]  # (rule, "min"/"max")
    include_rows: dict[int, pulp.LpConstraint]
    budget_row: pulp.LpConstraint | None
    artificial: list[pulp.LpVariable]
    # The shopping: per product line, its row (what the days take <= packages bought + what
    # is at home), its "bought at all" row, and the master's own package and line variables.
    line_rows: dict[int, pulp.LpConstraint] = field(default_factory=dict)
    open_rows: dict[int, pulp.LpConstraint] = field(default_factory=dict)
    packs: dict[int, pulp.LpVariable] = field(default_factory=dict)
    opened: dict[int, pulp.LpVariable] = field(default_factory=dict)
    carry_rows: dict[int, pulp.LpConstraint] = field(default_factory=dict)  # the fridge


ARTIFICIAL_COST = 1e6


def master_model(problem: MenuProblem, columns: Sequence[Column], *, integer: bool,
                 by_day: bool = True) -> MasterModel:
    """Choose the week from ``columns``.

    Linear (``integer=False``): a relaxation that forgets the order of days, for column
    generation and its bound: how many times each column is used, each recipe on at most
    ``recipe_max_days`` days, the tag rules, each side food's days, --include, --budget.
    Integer: each column at most once, and no two days sharing more than
    ``max_shared_recipes`` recipes; ``by_day`` also gives each day its own column and the
    rules that need the days' order (never a recipe on two days in a row, the dinner's
    protein changes).  Without it the days are put in order afterwards (``order_week``).
    """
    prob = pulp.LpProblem("menu_week", pulp.LpMinimize)
    category = "Binary" if integer else "Continuous"
    choose: dict[tuple[int, int], pulp.LpVariable] = {}
    convexity: dict[int, pulp.LpConstraint] = {}
    artificial = []
    objective = []
    if integer and by_day:
        slots = {day: problem.type_of(day) for day in range(1, problem.days + 1)}
    else:
        slots = {t: t for t in range(len(problem.day_types))}
    for slot, day_type in slots.items():
        members = [(c, column) for c, column in enumerate(columns) if column.day_type == day_type]
        for c, column in members:
            choose[c, slot] = pulp.LpVariable(f"x_{c}_{slot}", 0, 1 if integer else None,
                                              cat=category)
            objective.append(column.cost * choose[c, slot])
        size = 1 if integer and by_day else len(problem.day_types[day_type])
        filler = pulp.LpVariable(f"artificial_{slot}", 0)
        artificial.append(filler)
        objective.append(ARTIFICIAL_COST * filler)
        convexity[slot] = pulp.LpConstraint(
            pulp.lpSum(choose[c, slot] for c, _ in members) + filler, pulp.LpConstraintEQ,
            f"days_{slot}", size)
        prob += convexity[slot]

    def uses(predicate) -> pulp.LpAffineExpression:
        return pulp.lpSum(var for (c, _), var in choose.items() if predicate(columns[c]))

    recipe_rows = {}
    repeat_rows = {}
    used_recipes = sorted(set().union(*(column.recipes for column in columns)) if columns
                          else set())
    for r in used_recipes:
        count = uses(lambda column: r in column.recipes)
        recipe_rows[r] = pulp.LpConstraint(count, pulp.LpConstraintLE, f"recipe_days_{r}",
                                           problem.max_days(r))
        prob += recipe_rows[r]
        if problem.repeat_weight:
            extra = pulp.LpVariable(f"repeat_{r}", 0, cat="Integer" if integer else "Continuous")
            objective.append(problem.repeat_weight * extra)
            repeat_rows[r] = pulp.LpConstraint(count - extra, pulp.LpConstraintLE,
                                               f"repeat_{r}", 1)
            prob += repeat_rows[r]
    side_rows = {}
    for f in sorted(set().union(*(column.side_foods for column in columns)) if columns else ()):
        side_rows[f] = pulp.LpConstraint(uses(lambda column: f in column.side_foods),
                                         pulp.LpConstraintLE, f"side_days_{f}",
                                         problem.side_max_days[f])
        prob += side_rows[f]
    tag_rows = {}   # (rule number, "min" or "max") -> row
    for n, (rule, low, high) in enumerate(problem.tag_rules):
        count = pulp.lpSum(columns[c].rule_count(problem, rule) * var
                           for (c, _), var in choose.items())
        if low:
            # A hard rule: the filler only lets the first masters start without the days
            # that meet it (their price draws them in), and a week that needs it is none.
            missing = pulp.LpVariable(f"missing_min_{rule.key}_week", 0)
            artificial.append(missing)
            objective.append(ARTIFICIAL_COST * missing)
            tag_rows[n, "min"] = pulp.LpConstraint(count + missing, pulp.LpConstraintGE,
                                                   f"min_{rule.key}_week", low)
        if high is not None:
            tag_rows[n, "max"] = pulp.LpConstraint(count, pulp.LpConstraintLE,
                                                   f"max_{rule.key}_week", high)
    for row in tag_rows.values():
        prob += row
    include_rows = {}
    for n, (recipes, sides) in enumerate(problem.include_groups):
        filler = pulp.LpVariable(f"include_missing_{n}", 0)
        artificial.append(filler)
        objective.append(ARTIFICIAL_COST * filler)
        include_rows[n] = pulp.LpConstraint(
            uses(lambda column: bool(column.recipes & recipes or column.side_foods & sides))
            + filler, pulp.LpConstraintGE, f"include_{n}", 1)
        prob += include_rows[n]
    carry_rows = {}
    fridge: dict[int, list] = {}
    for (c, _), var in choose.items():
        for base, amount in columns[c].fridge_balance().items():
            if amount:
                fridge.setdefault(base, []).append((amount, var))
    for base in sorted(fridge):
        # What is eaten from the fridge was cooked for it (the order is the week's).
        carry_rows[base] = pulp.LpConstraint(
            pulp.lpSum(amount * var for amount, var in fridge[base]), pulp.LpConstraintLE,
            f"carry_{base}", 0)
        prob += carry_rows[base]
    # Packages in the linear master only: with whole packages the integer program is far
    # slower to solve than a local search on the exact week (menu_improve.improve_week).
    # (So is the budget, a row on the till's packages: the exact week holds it as a wall.)
    line_rows, open_rows, packs, opened = ({}, {}, {}, {}) if integer else _shopping_rows(
        problem, columns, choose, prob, objective)
    budget_row = None
    if problem.budget is not None and not integer:
        # The budget is the till: whole packages of every line, after the pantry.
        filler = pulp.LpVariable("over_budget", 0)
        artificial.append(filler)
        objective.append(ARTIFICIAL_COST * filler)
        budget_row = pulp.LpConstraint(
            pulp.lpSum((problem.lines.lines[n].price or 0.0) * var for n, var in packs.items())
            - filler, pulp.LpConstraintLE, "budget", problem.budget)
        prob += budget_row
    if integer:
        _shared_rule(problem, columns, choose, prob)
    if integer and by_day:
        _ordered_rules(problem, columns, choose, prob)
    prob.setObjective(pulp.lpSum(objective))
    return MasterModel(prob, choose, convexity, recipe_rows, repeat_rows, side_rows, tag_rows,
                       include_rows, budget_row, artificial, line_rows, open_rows, packs, opened,
                       carry_rows)


def rule_counts(problem: MenuProblem, week: Sequence[Column | None]
                ) -> list[tuple[TagRule, int | None, int | None, int]]:
    """Each weekly count rule of the problem with its (min, max) and what ``week`` (None:
    a day not planned yet) has of it: the master's rows, the greedy week's prices and the
    week's value all read this one count."""
    return [(rule, low, high, sum(column.rule_count(problem, rule) for column in week
                                  if column is not None))
            for rule, low, high in problem.tag_rules]


def rules_broken(problem: MenuProblem, week: Sequence[Column]) -> float:
    """Dishes a complete week is short of its minimums or over its maximums."""
    return sum(max(0, (low or 0) - have) + (max(0, have - high) if high is not None else 0)
               for _, low, high, have in rule_counts(problem, week))


def open_limit(problem: MenuProblem, line: int) -> int:
    """Packages of a line a week can need at most: every day at the most a day can take."""
    most = problem.line_limits.get(line, 0.0)
    return math.ceil(most * problem.days / problem.lines.lines[line].size) + 1


def _shopping_rows(problem: MenuProblem, columns: Sequence[Column],
                   choose: Mapping[tuple[int, int], pulp.LpVariable], prob: pulp.LpProblem,
                   objective: list):
    """Packages of each product line the columns use, for the linear master.  A line that spoils costs its
    packages; one that keeps was paid in the columns for what they use; every line bought
    costs ``line_cost``.  The linear master buys fractional packages: its bound is the
    week's cost with packages bought by the gram."""
    lines = problem.lines.lines
    weight = problem.cost_weight
    taken: dict[int, list] = {}
    for (c, _), var in choose.items():
        for n, amount in columns[c].products:
            taken.setdefault(n, []).append((var, amount))
    line_rows, open_rows, packs, opened = {}, {}, {}, {}
    for n in sorted(taken):
        line = lines[n]
        packs[n] = pulp.LpVariable(f"packs_{n}", 0)
        line_rows[n] = pulp.LpConstraint(
            pulp.lpSum(amount * var for var, amount in taken[n]) - line.size * packs[n],
            pulp.LpConstraintLE, f"line_{n}", line.at_home)
        prob += line_rows[n]
        if not line.keeps and line.price:
            objective.append(weight * line.price * packs[n])
        if problem.shopping.line_cost:
            opened[n] = pulp.LpVariable(f"bought_{n}", 0, 1)
            most_packs = open_limit(problem, n)
            open_rows[n] = pulp.LpConstraint(packs[n] - most_packs * opened[n],
                                             pulp.LpConstraintLE, f"bought_{n}", 0)
            prob += open_rows[n]
            objective.append(problem.shopping.line_cost * opened[n])
    return line_rows, open_rows, packs, opened


def days_conflict(problem: MenuProblem, first: Column, second: Column) -> bool:
    """True when ``second`` may not follow ``first`` on the next day."""
    rules = problem.rules
    if any(not problem.runs(r) for r in first.recipes & second.recipes):
        return True
    return any(first.proteins(problem, meal) & second.proteins(problem, meal)
               for meal in rules.protein_changes)


def _ordered_rules(problem: MenuProblem, columns: Sequence[Column],
                   choose: Mapping[tuple[int, int], pulp.LpVariable],
                   prob: pulp.LpProblem) -> None:
    rules = problem.rules
    by_day: dict[int, list[tuple[int, pulp.LpVariable]]] = {}
    for (c, day), var in choose.items():
        by_day.setdefault(day, []).append((c, var))
    for day in range(1, problem.days):
        pairs = by_day.get(day, []) + by_day.get(day + 1, [])
        for r in set().union(*(columns[c].recipes for c, _ in pairs)) if pairs else ():
            terms = [var for c, var in pairs if r in columns[c].recipes]
            if len(terms) > 1 and not problem.runs(r):
                prob += pulp.lpSum(terms) <= 1, f"not_two_days_running_{r}_day{day}"
        for meal in rules.protein_changes:
            proteins: dict[str, list] = {}
            for c, var in pairs:
                for protein in columns[c].proteins(problem, meal):
                    proteins.setdefault(protein, []).append(var)
            for protein, terms in proteins.items():
                if len(terms) > 1:
                    prob += pulp.lpSum(terms) <= 1, \
                        f"{meal}_protein_changes_{constraint_name('', protein)[1:]}_day{day}"


def _shared_rule(problem: MenuProblem, columns: Sequence[Column],
                 choose: Mapping[tuple[int, int], pulp.LpVariable], prob: pulp.LpProblem) -> None:
    """No two days share more than ``max_shared_recipes`` recipes: each group of one more
    recipe than that is on one day at most."""
    size = problem.rules.max_shared_recipes + 1
    groups: dict[tuple[int, ...], list] = {}
    for (c, _), var in choose.items():
        for group in itertools.combinations(sorted(problem.alike(columns[c])), size):
            groups.setdefault(group, []).append(var)
    for group, terms in groups.items():
        if len(terms) > 1:
            prob += pulp.lpSum(terms) <= 1, "shared_" + "_".join(map(str, group))


@dataclass
class WeekModel:
    prob: pulp.LpProblem
    days: list[DayModel]


def week_model(problem: MenuProblem) -> WeekModel:
    """The whole week as one MIP: a day model per day and the weekly rules between them.

    The reference the benchmarks compare the planner with at equal time.  It leaves out the
    rule that no two days share more than ``max_shared_recipes`` recipes (one binary per pair
    of recipes and day would swamp it), so its bound is a bound on the planner's week and its
    weeks may break that one rule.
    """
    rules = problem.rules
    prob = pulp.LpProblem("menu_week_one_piece", pulp.LpMinimize)
    days = []
    objective = []
    for day in range(1, problem.days + 1):
        model = day_model(problem, problem.type_of(day))
        for var in model.prob.variables():
            var.name = f"d{day}_{var.name}"
        for name, row in model.prob.constraints.items():
            prob.addConstraint(row, f"{name}_day{day}")
        objective.append(model.prob.objective)
        days.append(model)

    def uses(model: DayModel, r: int) -> pulp.LpAffineExpression:
        return pulp.lpSum(var for (q, _), var in model.cook.items() if q == r)

    for r, recipe in enumerate(problem.recipes):
        count = pulp.lpSum(uses(model, r) for model in days)
        prob += count <= problem.max_days(r), f"recipe_days_{r}"
        if problem.repeat_weight:
            extra = pulp.LpVariable(f"repeat_{r}", 0)
            prob += count - extra <= 1, f"repeat_{r}"
            objective.append(problem.repeat_weight * extra)
        if not problem.runs(r):
            for first, second in zip(days, days[1:]):
                prob += uses(first, r) + uses(second, r) <= 1, \
                    f"not_two_days_running_{r}_{len(objective)}_{id(first) % 10**6}"
    for meal in rules.protein_changes:
        proteins = {recipe.protein for recipe in problem.recipes if recipe.protein}
        for protein in proteins:
            for n, (first, second) in enumerate(zip(days, days[1:]), start=1):
                terms = [var for model in (first, second) for (r, m), var in model.cook.items()
                         if m == meal and problem.recipes[r].protein == protein]
                if len(terms) > 1:
                    prob += pulp.lpSum(terms) <= 1, \
                        f"{meal}_protein_changes_{constraint_name('', protein)[1:]}_day{n}"
    for rule, low, high in problem.tag_rules:
        count = pulp.lpSum(var for model in days for (r, meal), var in model.cook.items()
                           if rule.counts_at(problem.recipes[r], meal))
        if low:
            prob += count >= low, f"min_{rule.key}_week"
        if high is not None:
            prob += count <= high, f"max_{rule.key}_week"
    for f in range(len(problem.sides)):
        served = [model.side_any[f] for model in days if f in model.side_any]
        if served:
            prob += pulp.lpSum(served) <= problem.side_max_days[f], f"side_days_{f}"
    prob.setObjective(pulp.lpSum(objective))
    return WeekModel(prob, days)
