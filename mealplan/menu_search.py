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

import re
import time
from dataclasses import dataclass, field, replace
from typing import Sequence

import pulp

from .errors import InfeasibleError
from .errors import SolverError
from .menu_model import (Column, DayModel, MenuProblem, column_allowed, day_model, days_conflict,
                         make_column, master_model)
from .solve import Resolvable, relative_gap, solve


@dataclass(frozen=True)
class SearchSettings:
    """The search's knobs, in one place, passed down (tests and benchmarks make their own)."""

    rounds: int = 16             # column-generation rounds at most
    target_gap: float = 0.01     # stop once the week is proven this close to the bound
    pricing_gap: float = 1e-3    # each day solve's own relative gap ...
    pricing_abs_gap: float = 0.01  # ... or absolute (a cent a day): the bound stays proven
    week_gap: float = 0.002      # the integer week's relative gap
    week_time_share: float = 0.5  # of the remaining time, at most, for the integer week
    time_limit: float = 30.0     # safety net, seconds
    forbidden: float = 1e4       # what a recipe the rules forbid costs in a greedy day
    greedy_repeat: float = 2.0   # what reusing a recipe costs in a greedy day
    greedy_gap: float = 1e-3     # a greedy day's relative gap
    tolerance: float = 1e-6
    variant_margin: float = 3.0   # how much dearer than its day a one-dish variant may be
    variants_per_column: int = 40
    week_columns: int = 400       # the integer week chooses among this many best columns
    smoothing: float = 0.3        # weight of the best-bound prices when pricing
    order_attempts: int = 5       # day sets tried before the integer program by day

    @classmethod
    def for_table(cls, people: int) -> "SearchSettings":
        """The defaults for a table of ``people``.  A day for several people is a far bigger
        program (each person's portions, sides and nutrient rows): a looser gap per priced
        day and fewer rounds keep a family's week within a minute, and the safety net grows
        with the table."""
        if people <= 1:
            return cls()
        return cls(pricing_gap=0.02, pricing_abs_gap=0.5, rounds=8,
                   time_limit=cls.time_limit * people)


@dataclass
class Outcome:
    week: list[Column]          # one per day, in order
    objective: float
    bound: float | None
    optimal: bool
    columns: int = 0
    rounds: int = 0
    warnings: list[str] = field(default_factory=list)
    # Each round: its number, the day menus known, the linear master's value, the bound.
    log: list[tuple[int, int, float, float | None]] = field(default_factory=list)


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
            # The sub-MIP heuristics (RINS, RENS) are half of a priced day's time and rarely
            # find what the root and the dual-priced objective do not.
            highs.setOptionValue("mip_heuristic_run_rins", False)
            highs.setOptionValue("mip_heuristic_run_rens", False)
        self.problem = problem
        self.day_type = day_type

    def price(self, recipe_costs, side_costs, *, cost_scale: float = 1.0,
              gap: float, time_limit: float, abs_gap: float | None = None):
        objective = self.model.objective_with(recipe_costs, side_costs, cost_scale)
        result = self.solver.solve(objective, time_limit=time_limit, gap=gap, abs_gap=abs_gap,
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

    def add(columns: Sequence[Column], prices: "_Duals | None" = None) -> None:
        for column in columns:
            pool.setdefault(column.key, column)
            for variant in _variants(problem, column, settings, prices):
                pool.setdefault(variant.key, variant)

    # The best day of each type, its days apart, bounds the week from below: the weekly
    # rules only add to it (every penalty they bring is >= 0).
    first_bound: float | None = 0.0
    for pricer in pricers:
        priced, columns = pricer.price({}, {}, gap=settings.pricing_gap,
                                       time_limit=max(0.05, deadline - time.perf_counter()))
        if not columns:
            raise diagnose_day(problem, pricer.day_type)
        if first_bound is not None and priced.bound is not None:
            first_bound += len(problem.day_types[pricer.day_type]) * priced.bound
        else:
            first_bound = None
        add(columns)
        add(_diverse_days(problem, columns[0], problem.days + 3))
    if len(problem.eaters) > 1:
        # A household's dishes must suit everyone who eats them, so one day's variants cover
        # little of a week: a greedy week makes the first master whole (and is a week).
        add(_greedy_week(problem, pricers, replace(settings, greedy_gap=settings.pricing_gap),
                         deadline) or [])

    bound = first_bound
    rounds = 0
    warnings: list[str] = []
    duals = None
    center: _Duals | None = None  # the prices that gave the best Lagrangian bound so far
    best_lagrangian: float | None = None
    log: list[tuple[int, int, float, float | None]] = []  # round, days known, master, bound
    best_week: list[Column] | None = None
    for rounds in range(1, settings.rounds + 1):
        if time.perf_counter() > deadline:
            warnings.append("the time limit stopped the search early; the week is not proven")
            break
        master = master_model(problem, list(pool.values()), integer=False)
        lp_value = solve(master.prob, mip=False).objective or 0.0
        duals = _duals(problem, master)
        artificial = any((var.value() or 0.0) > 1e-7 for var in master.artificial)
        # Price at prices smoothed toward the best-bound ones (Wentges): the master's own
        # duals swing from round to round, which makes column generation tail off.
        prices = duals if center is None or artificial else center.blend(duals,
                                                                          settings.smoothing)
        recipe_costs, side_costs, scale = prices.costs_for(problem)
        lagrangian = prices.constant()
        proven = True
        new = 0
        for t, pricer in enumerate(pricers):
            priced, columns = pricer.price(recipe_costs, side_costs, cost_scale=scale,
                                           gap=settings.pricing_gap,
                                           abs_gap=settings.pricing_abs_gap,
                                           time_limit=max(0.05, deadline - time.perf_counter()))
            new += sum(1 for column in columns if column.key not in pool)
            add(columns, prices)
            if priced.bound is None:
                proven = False
                continue
            lagrangian += len(problem.day_types[t]) * min(priced.bound, min(
                (_reduced_cost(c, prices, problem) + prices.convexity.get(t, 0.0)
                 for c in columns), default=priced.bound))
        if proven and not artificial:
            if best_lagrangian is None or lagrangian > best_lagrangian:
                best_lagrangian, center = lagrangian, prices
            bound = lagrangian if bound is None else max(bound, lagrangian)
        log.append((rounds, len(pool), lp_value, bound))
        if not new and prices is duals:
            break  # nothing new at the master's own prices: the linear week is optimal
        if bound is not None and relative_gap(lp_value, bound) <= settings.target_gap:
            # The linear week is close to proven: is a whole week as close already?
            week = _integer_week(problem, _best_columns(pool, duals, problem, settings),
                                 settings, deadline)
            if week is not None and relative_gap(_week_value(problem, week),
                                                 bound) <= settings.target_gap:
                best_week = week
                break

    best = best_week
    if best is None:
        best = _integer_week(problem, _best_columns(pool, duals, problem, settings), settings,
                             deadline)
    if best is None:
        best = _greedy_week(problem, pricers, settings, deadline + settings.time_limit / 2)
        if best is not None:
            warnings.append("the week was assembled one day at a time; it is not proven")
    if best is None:
        raise InfeasibleError("no complete week could be assembled from the recipes allowed; "
                              "allow more recipes or fewer rules", constraint="week")
    value = _week_value(problem, best)
    gap = relative_gap(value, bound)
    return Outcome(best, value, bound, gap is not None and gap <= settings.target_gap,
                   len(pool), rounds, warnings, log)


def diagnose_day(problem: MenuProblem, day_type: int = 0) -> InfeasibleError:
    """Which hard rule makes a day impossible: drop each family in turn until a day exists."""
    families = [("min_kcal", "the energy minimum"), ("max_kcal", "the energy maximum"),
                ("max_caffeine", "the caffeine cap"), ("locked_", "the locked meals"),
                ("max_", "an upper limit"), ("min_", "a minimum")]
    for prefix, description in families:
        trial = day_model(problem, day_type)
        names = [name for name in trial.prob.constraints if name.startswith(prefix)]
        if not names:
            continue
        for name in names:
            del trial.prob.constraints[name]
        if solve(trial.prob, time_limit=10).status != "infeasible":
            return InfeasibleError(
                f"no day from the {len(problem.recipes)} allowed recipes can meet "
                f"{description} ({_describe_row(problem, names[0])}; constraint {names[0]})",
                constraint=names[0])
    return InfeasibleError("no day from the allowed recipes can meet the hard rules together; "
                           "exclude fewer foods or widen the energy band", constraint="day")


def _describe_row(problem: MenuProblem, name: str) -> str:
    """"at least 2000 kcal of Energy a day" for min_kcal; "Leo's ..." for min_kcal_p2."""
    for prefix in ("min_", "max_"):
        if not name.startswith(prefix):
            continue
        key = name[len(prefix):]
        eater = problem.eaters[0]
        person = re.fullmatch(r"(.+)_p(\d+)", key)
        if person and len(problem.eaters) > 1:
            key, eater = person.group(1), problem.eaters[int(person.group(2)) - 1]
        nutrient = eater.targets.get(key)
        if nutrient is not None:
            amount = nutrient.min if prefix == "min_" else nutrient.max
            return ((f"{eater.name}'s " if eater.name else "")
                    + f"{'at least' if prefix == 'min_' else 'at most'} {amount:g} "
                    f"{nutrient.unit} of {nutrient.label} a day")
    return name


def _best_columns(pool: dict, duals: "_Duals | None", problem: MenuProblem,
                  settings: SearchSettings) -> list[Column]:
    """The pool's most promising days at the last prices: the integer week chooses among
    these."""
    columns = list(pool.values())
    if duals is not None and len(columns) > settings.week_columns:
        columns = sorted(columns, key=lambda c: _reduced_cost(c, duals, problem))
        columns = columns[:settings.week_columns]
    return columns


def _reduced_cost(column: Column, duals: "_Duals", problem: MenuProblem) -> float:
    recipe_costs, side_costs, scale = duals.costs_for(problem)
    return (column.cost + (scale - 1.0) * column.price
            + sum(recipe_costs.get(r, 0.0) for r in column.recipes)
            + sum(side_costs.get(f, 0.0) for f in column.side_foods)
            - duals.convexity.get(column.day_type, 0.0))


def _swaps(problem: MenuProblem, column: Column, n: int, *, own: bool = False):
    """(recipe, portions, day) for ``column`` with its n-th dish swapped for another recipe
    of that meal (at each portion size for one person, at the same portions for a household,
    whose eaters must be the same), keeping the day's hard rules; ``own`` also offers the
    dish's own recipe at its other sizes."""
    levels = problem.rules.portions
    (r, meal), portions = column.dishes[n]
    rest = column.dishes[:n] + column.dishes[n + 1:]
    banned = problem.banned_on(column.day_type)
    for other, recipe in enumerate(problem.recipes):
        if meal not in recipe.meals or (other in column.recipes and not (own and other == r)):
            continue
        if (other, meal) in banned:
            continue
        if any(problem.eaters[p].eats_recipe(other) != bool(portions[p])
               for p in range(len(portions))):
            continue
        for choice in ([(level,) for level in levels] if len(problem.eaters) == 1
                       else [portions]):
            if other == r and choice == portions:
                continue
            dishes = tuple(sorted(rest + (((other, meal), choice),)))
            if column_allowed(problem, dishes, column.sides):
                yield other, choice, make_column(problem, dishes, column.sides,
                                                 column.day_type)


def _diverse_days(problem: MenuProblem, column: Column, count: int) -> list[Column]:
    """``count`` days with no recipe in common, built from the best swaps of each of
    ``column``'s dishes: the n-th day takes the n-th best recipe of every meal.  They let the
    first linear master cover the week without artificial days."""
    ranked: list[list[tuple[tuple[int, str], tuple[float, ...]]]] = []
    locked = problem.locked_meals(column.day_type)
    for n, ((r, meal), portions) in enumerate(column.dishes):
        if meal in locked:
            ranked.append([((r, meal), portions)] * count)
            continue
        options = sorted([(column.cost, r, portions)] + [
            (day.cost, other, choice) for other, choice, day in _swaps(problem, column, n,
                                                                       own=True)])
        seen: set[int] = set()
        best = []
        for _, other, choice in options:
            if other not in seen:
                seen.add(other)
                best.append(((other, meal), choice))
        ranked.append(best)
    days = []
    side_days: dict[int, int] = {}
    for n in range(count):
        dishes = []
        used: set[int] = set()
        for options in ranked:
            pick = next((d for d in options[n:] + options[:n] if d[0][0] not in used), None)
            if pick is None:
                break
            used.add(pick[0][0])
            dishes.append(pick)
        else:
            dishes_t = tuple(sorted(dishes))
            # A side may be on only so many days of a week: later days go without it.
            sides = tuple((f, servings) for f, servings in column.sides
                          if side_days.get(f, 0) < problem.side_max_days[f])
            if column_allowed(problem, dishes_t, sides):
                days.append(make_column(problem, dishes_t, sides, column.day_type))
                for f, _ in sides:
                    side_days[f] = side_days.get(f, 0) + 1
    return days


def _variants(problem: MenuProblem, column: Column, settings: SearchSettings,
              prices: "_Duals | None" = None) -> list[Column]:
    """Days one dish away from ``column`` (another recipe at a meal), kept when the day's
    hard rules still hold and it costs at most ``variant_margin`` more.  Cheap, and they give
    the master the alternatives its duals need, so far fewer day solves are needed."""
    locked = problem.locked_meals(column.day_type)
    found = [day for n, ((_, meal), _) in enumerate(column.dishes) if meal not in locked
             for _, _, day in _swaps(problem, column, n)
             if day.cost <= column.cost + settings.variant_margin]
    # At the round's prices the cheapest variants are not the most useful ones: a recipe the
    # week already uses twice is dear whatever it costs.
    found.sort(key=(lambda c: c.cost) if prices is None
               else (lambda c: _reduced_cost(c, prices, problem)))
    return found[:settings.variants_per_column]


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
    """The master's row prices (minimisation: a binding <= row prices below 0, which makes
    what it counts dearer in the day model) and what they mean for a day."""

    rows: dict[tuple, float]  # (kind, key) -> dual price
    rhs: dict[tuple, float]   # (kind, key) -> the row's right-hand side

    def blend(self, other: "_Duals", weight: float) -> "_Duals":
        """``weight`` of self and the rest of ``other`` (Wentges smoothing)."""
        keys = set(self.rows) | set(other.rows)
        return _Duals({k: weight * self.rows.get(k, 0.0) + (1 - weight) * other.rows.get(k, 0.0)
                       for k in keys}, {**self.rhs, **other.rhs})

    @property
    def convexity(self) -> dict[int, float]:
        return {key: pi for (kind, key), pi in self.rows.items() if kind == "days"}

    def constant(self) -> float:
        """The rows' part of the Lagrangian: every row but the days' times its price."""
        return sum(pi * self.rhs.get(k, 0.0) for k, pi in self.rows.items() if k[0] != "days")

    def costs_for(self, problem: MenuProblem) -> tuple[dict[int, float], dict[int, float], float]:
        recipe_costs: dict[int, float] = {}
        side_costs: dict[int, float] = {}
        scale = 1.0
        tagged = {n: [r for r, recipe in enumerate(problem.recipes) if rule.tag in recipe.tags]
                  for n, (rule, _, _) in enumerate(problem.tag_rules)}
        for (kind, key), pi in self.rows.items():
            if not pi:
                continue
            if kind in ("recipe", "repeat"):
                recipe_costs[key] = recipe_costs.get(key, 0.0) - pi
            elif kind in ("tag_min", "tag_max"):
                for r in tagged[key]:
                    recipe_costs[r] = recipe_costs.get(r, 0.0) - pi
            elif kind == "side":
                side_costs[key] = side_costs.get(key, 0.0) - pi
            elif kind == "include":
                recipes, sides = problem.include_groups[key]
                for r in recipes:
                    recipe_costs[r] = recipe_costs.get(r, 0.0) - pi
                for f in sides:
                    side_costs[f] = side_costs.get(f, 0.0) - pi
            elif kind == "budget":
                # The budget prices each dollar of food; the day's cost term carries the weight.
                scale = 1.0 - pi / max(problem.cost_weight, 1e-9)
        return recipe_costs, side_costs, scale


def _duals(problem: MenuProblem, master) -> _Duals:
    named: list[tuple[tuple, object]] = [(("days", t), row) for t, row in master.convexity.items()]
    named += [(("recipe", r), row) for r, row in master.recipe_rows.items()]
    named += [(("repeat", r), row) for r, row in master.repeat_rows.items()]
    named += [(("side", f), row) for f, row in master.side_rows.items()]
    named += [(("include", n), row) for n, row in master.include_rows.items()]
    for n, row in master.tag_rows.items():
        named.append((("tag_min" if row.sense == pulp.LpConstraintGE else "tag_max", n), row))
    if master.budget_row is not None:
        named.append((("budget", 0), master.budget_row))
    return _Duals({key: row.pi or 0.0 for key, row in named},
                  {key: -row.constant for key, row in named})


def _integer_week(problem: MenuProblem, columns: list[Column], settings: SearchSettings,
                  deadline: float) -> list[Column] | None:
    """The best week from ``columns``: first choose the days without their order (a small
    integer program), then put them in an order the day-to-day rules allow; if no order
    exists, forbid that set and choose again; last, the integer program with a column per
    day, which holds every rule at once."""
    if not columns:
        return None
    master = master_model(problem, columns, integer=True, by_day=False)
    for _ in range(settings.order_attempts):
        remaining = (deadline - time.perf_counter()) * settings.week_time_share
        chosen = _solve_week(master, columns, settings, remaining)
        if chosen is None:
            break
        week = order_week(problem, chosen)
        if week is not None:
            return week
        picked = [var for (c, _), var in master.choose.items() if (var.value() or 0) > 0.5]
        master.prob += pulp.lpSum(picked) <= len(picked) - 1
    master = master_model(problem, columns, integer=True, by_day=True)
    remaining = (deadline - time.perf_counter()) * settings.week_time_share
    chosen = _solve_week(master, columns, settings, remaining)
    if chosen is None:
        return None
    by_day = {d: c for (c, d), var in master.choose.items() if (var.value() or 0) > 0.5}
    return [columns[by_day[day]] for day in sorted(by_day)]


def _solve_week(master, columns: list[Column], settings: SearchSettings,
                remaining: float) -> list[Column] | None:
    try:
        result = solve(master.prob, time_limit=max(0.2, remaining), gap=settings.week_gap)
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
            week[day - 1] = left.pop(n)
            if place(day + 1):
                return True
            left.insert(n, week[day - 1])
            week[day - 1] = None
        return False

    return list(week) if len(chosen) == days and place(1) else None  # type: ignore[arg-type]


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
                recipe_costs, side_costs, gap=settings.greedy_gap,
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



