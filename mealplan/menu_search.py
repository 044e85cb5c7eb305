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

from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

import pulp

from .errors import InfeasibleError
from .errors import SolverError
from .menu_budget import (MONEY_SCALES, allowance, covered, floor_column, money_scale,
                          till_line_costs, week_till, within_budget)
from .menu_model import (ARTIFICIAL_COST, Column, DayModel, DayTally, MenuProblem,
                         allow_unplanned_meals, column_allowed, day_model, days_conflict,
                         make_column, master_model, open_limit, rule_counts, rules_broken,
                         unplanned_meals)
from .model import Row
from .shopping import packages, till, week_cost
from .search_settings import SearchBase
from .solve import Resolvable, relative_gap, solve, wall_for, work_seconds


@dataclass(frozen=True)
class SearchSettings(SearchBase):
    """The recipe search's knobs, in one place, passed down (tests and benchmarks make their
    own); the fields every search has (rounds, target gap, time limit, tolerance, the
    household's safety net and rounds, node budgets) come from ``SearchBase``, with this
    search's defaults."""

    # Column-generation rounds at most: the linear week converges to within a few per cent in
    # six, and whole packages (the exact week) matter more than the last of it.
    rounds: int = 6
    target_gap: float | None = 0.01  # stop once the week is proven this close to the bound
    pricing_gap: float = 1e-3    # each day solve's own relative gap ...
    pricing_abs_gap: float = 0.01  # ... or absolute (a cent a day): the bound stays proven
    week_gap: float = 0.002      # the integer week's relative gap
    week_time_share: float = 0.5  # of the remaining time, at most, for the integer week
    time_limit: float = 30.0     # safety net, seconds
    # What a recipe the rules forbid costs in a greedy day: more than a day far short of every
    # target for everyone at the table (shortfalls cost SHORTFALL_WEIGHT each, per person).
    forbidden: float = 1e6
    # What reusing a recipe costs in a greedy day: more than the package it would share, or a
    # household's greedy week keeps meeting the rule that days share at most one dish.
    greedy_repeat: float = 10.0
    # What a dish that a weekly minimum needs today is worth in a greedy day: more than a
    # day short of every target (a minimum is a hard rule).
    rule_needed: float = 1e4
    # ... and in the days that seed the first master: about two dishes' price.
    rule_seed: float = 10.0
    greedy_gap: float = 1e-3     # a greedy day's relative gap
    # Seconds a solve that the first whole week depends on (the first days, the weekly
    # minimums' seed days, a greedy day, the integer week) may take whatever the clock says:
    # node budgets, not a short limit already spent, decide them (cut at 0.05-0.2 s, a seed
    # found no poultry day, the integer week failed and the greedy week took 10 s).
    day_floor: float = 2.0
    variant_margin: float = 3.0   # how much dearer than its day a one-dish variant may be
    variants_per_column: int = 40
    week_columns: int = 400       # the integer week chooses among this many best columns
    smoothing: float = 0.3        # weight of the best-bound prices when pricing
    order_attempts: int = 5       # day sets tried before the integer program by day
    week_nodes: int = 500         # branch-and-bound nodes for the integer week (a work budget)
    improve_passes: int = 3       # passes of one-day re-pricing on the exact week (packages)
    improve_pool: int = 80        # of the pool's best days, tried at each day of those passes

    @classmethod
    def for_table(cls, people: int) -> "SearchSettings":
        """The defaults for a table of ``people``.  A day for several people is a far bigger
        program (each person's portions, sides and nutrient rows): a looser gap per priced
        day and fewer rounds keep a family's week within a minute, and the safety net grows
        with the table."""
        if people <= 1:
            return cls()
        # Each person's meals keep to their shares of the day's energy, which makes a
        # family's day solve to 0.1 % in 20-90 s instead of 2-3 s, and to 2 % in 4-25 s: a
        # priced day stops at 2 % or a node budget (its root alone is 3-5 s for four people,
        # the 2 % may take 400 nodes and 20 s), and a greedy or re-priced day, which needs a
        # good day rather than a proven one, at fewer nodes.
        alone = cls()
        return cls(pricing_gap=0.02, pricing_abs_gap=0.5, rounds=alone.rounds_for(people),
                   greedy_gap=0.02, pricing_nodes=100, greedy_nodes=30,
                   time_limit=alone.safety_net(people))


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
    # Under a budget: the least till of a week found on the way that covers every target.
    full_till: float | None = None


class _Pricer:
    def __init__(self, problem: MenuProblem, day_type: int):
        self.model: DayModel = day_model(problem, day_type)
        if problem.budget is not None:
            allow_unplanned_meals(self.model)
        self.solver = Resolvable(self.model.prob)
        highs = getattr(self.solver, "_highs", None)
        if highs is not None:
            # Without presolve HiGHS keeps the day model's LP basis from one objective to the
            # next, and a re-priced day solves from it: 0.05-0.1 s instead of 0.3-0.5 s.
            # A table's day is another matter: each person's meals keep to their shares of
            # the day's energy, and presolve's reductions save far more than the basis (a
            # family's re-priced day: 2-5 s with it, up to 35 s without).
            highs.setOptionValue("presolve", "on" if len(problem.eaters) > 1 else "off")
            highs.setOptionValue("mip_detect_symmetry", False)
            # The sub-MIP heuristics (RINS, RENS) are half of a priced day's time and rarely
            # find what the root and the dual-priced objective do not.
            highs.setOptionValue("mip_heuristic_run_rins", False)
            highs.setOptionValue("mip_heuristic_run_rens", False)
        self.problem = problem
        self.day_type = day_type

    def price(self, recipe_costs, side_costs, line_costs=None, *, cost_scale: float = 1.0,
              carry_costs=None, gap: float, time_limit: float, abs_gap: float | None = None,
              nodes: int | None = None):
        """The best day at these prices, within ``gap`` or after ``nodes`` branch-and-bound
        nodes (a work budget: the same plan on any machine), whichever comes first."""
        objective = self.model.objective_with(recipe_costs, side_costs, line_costs, cost_scale,
                                              carry_costs)
        result = self.solver.solve(objective, time_limit=time_limit, gap=gap, abs_gap=abs_gap,
                                   node_limit=nodes, need_solution=False)
        if result.status == "none" and nodes is not None:
            # The node budget ran out before any day was found: a day is needed more.
            result = self.solver.solve(objective, time_limit=time_limit, gap=gap,
                                       abs_gap=abs_gap, need_solution=False)
        columns = []
        if result.status in ("optimal", "feasible"):
            values = {var: var.varValue or 0.0 for var in self.model.prob.variables()}
            columns.append(self.model.column(values, self.problem, self.day_type))
            for extra in self.solver.extra_solutions():
                columns.append(self.model.column(extra, self.problem, self.day_type))
        return result, columns


def search(problem: MenuProblem, settings: SearchSettings, limit: float) -> Outcome:
    """The best week found within ``limit`` CPU seconds (a safety net: the work budgets end
    the search first).  The rounds stop at the limit; the phases after them (a greedy week,
    whole packages, a week within the budget) get shares of this limit, not of the
    settings' default (--time-limit 0.2 had the package passes run 15 s)."""
    deadline = work_seconds() + limit

    def first_week_limit() -> float:
        return wall_for(deadline - work_seconds(), settings.day_floor)

    pricers = [_Pricer(problem, t) for t in range(len(problem.day_types))]
    pool: dict[tuple, Column] = {}

    def add(columns: Sequence[Column], prices: "_Duals | None" = None) -> None:
        for column in columns:
            pool.setdefault(column.key, column)
            for variant in _variants(problem, column, settings, prices):
                pool.setdefault(variant.key, variant)

    # The best day of each type, its days apart, bounds the week from below: the weekly
    # rules only add to it (every penalty they bring is >= 0).
    # (At the default prices of the product lines, what is at home is worth its price.)
    first_bound: float | None = _Duals.default(problem).constant()
    for pricer in pricers:
        priced, columns = pricer.price({}, {}, gap=settings.pricing_gap,
                                       nodes=settings.pricing_nodes,
                                       time_limit=first_week_limit())
        if not columns:
            if priced.status != "infeasible":
                # A time limit is not infeasibility: say which it was.
                raise SolverError("the time limit ran out before a first day of the week was "
                                  "found; allow more time (--time-limit)")
            raise diagnose_day(problem, pricer.day_type)
        if first_bound is not None and priced.bound is not None:
            first_bound += len(problem.day_types[pricer.day_type]) * priced.bound
        else:
            first_bound = None
        add(columns)
        add(_diverse_days(problem, columns[0], problem.days + 3))
        for rule, low, _ in problem.tag_rules:
            if low:
                # The cheapest days hold none of a weekly minimum's dishes (poultry, meat):
                # a day priced with them made cheaper lets the first integer week meet the
                # rule, so a time limit that stops the rounds still finds a week.
                bonus = {r: -settings.rule_seed for r, recipe in enumerate(problem.recipes)
                         if rule.counts(recipe)}
                _, seeded = pricer.price(bonus, {}, gap=settings.pricing_gap,
                                         nodes=settings.pricing_nodes,
                                         time_limit=first_week_limit())
                add(seeded)
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
        if work_seconds() > deadline:
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
        recipe_costs, side_costs, line_costs, carry_costs = prices.costs_for(problem)
        lagrangian = prices.constant()
        master_only = prices.master_variables(problem)
        proven = master_only is not None
        lagrangian += master_only or 0.0
        new = 0
        for t, pricer in enumerate(pricers):
            priced, columns = pricer.price(recipe_costs, side_costs, line_costs,
                                           carry_costs=carry_costs,
                                           gap=settings.pricing_gap,
                                           abs_gap=settings.pricing_abs_gap,
                                           nodes=settings.pricing_nodes,
                                           time_limit=wall_for(deadline - work_seconds(), 0.05))
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
        best = _greedy_week(problem, pricers, settings, deadline + limit / 2)
        if best is not None:
            warnings.append("the week was assembled one day at a time; it is not proven")
    if best is None and work_seconds() > deadline:
        raise SolverError("the time limit ran out before a whole week was found (none is "
                          "proven impossible); allow more time (--time-limit)")
    if best is None:
        raise InfeasibleError("no complete week could be assembled from the recipes allowed; "
                              "allow more recipes or fewer rules", constraint="week")
    # Under a budget: the least till of a week that covers every target, as the weeks go by.
    full: list[float] = []

    def seen(week: list[Column]) -> None:
        if covered(problem, week):
            full.append(week_till(problem, week))

    watch = seen if problem.budget is not None else None
    if watch is not None:
        watch(best)
    # Under a budget, first the week without it (what more money buys), then one within it.
    best = _improve_week(problem, best, _best_columns(pool, duals, problem, settings), pricers,
                         settings, deadline + limit / 2, seen=watch,
                         over_weight=None if problem.budget is None else 0.0)
    if problem.budget is not None and not (within_budget(problem, best)
                                           and covered(problem, best)):
        # Its own safety net: passes, not the clock, end it, and a week within the budget
        # is worth the wait.
        best = _budget_week(problem, best, _best_columns(pool, duals, problem, settings),
                            pricers, settings, work_seconds() + limit, seen)
    best = _cook_what_is_eaten(problem, best)
    for rule, low, high, have in rule_counts(problem, best):
        # A hard rule is met or the week is refused, naming it (never dropped quietly); under
        # a budget a week may leave meals unplanned, and with them a rule's minimum.
        short = low and have < low and problem.budget is None
        if short or (high is not None and have > high):
            side, limit = ("min", low) if short else ("max", high)
            raise InfeasibleError(
                f"no week of the allowed recipes was found that meets the weekly rule "
                f"'{rule.label}' ({'at least' if side == 'min' else 'at most'} {limit} "
                f"{rule.what} in {problem.days} days; the best week has {have}); allow more "
                f"recipes or change recipes.week in targets.yaml",
                constraint=f"{side}_{rule.key}_week")
    full_till = min(full, default=None)
    value = _week_value(problem, best)
    gap = relative_gap(value, bound)
    return Outcome(best, value, bound, gap is not None and gap <= settings.target_gap,
                   len(pool), rounds, warnings, log, full_till)


def _budget_week(problem: MenuProblem, start: list[Column], pool: Sequence[Column],
                 pricers: Sequence["_Pricer"], settings: SearchSettings, deadline: float,
                 seen: Callable[[list[Column]], None]) -> list[Column]:
    """The best coverage found within the budget at the till.  From ``start`` if it is
    within the budget, else from days that buy nothing (their locks at most): passes of days
    re-priced for the till (what the other days bought is free, a package not yet bought
    costs its price) at several weights on a dollar, each kept only within the budget, a
    wall.  So the week is within the budget whatever the passes find."""
    whole: list[Column] | None = None  # the best week within the budget that covers all

    def note(week: list[Column]) -> None:
        nonlocal whole
        seen(week)
        if covered(problem, week) and within_budget(problem, week) and (
                whole is None or _exact_value(problem, week) < _exact_value(problem, whole)):
            whole = week

    loose = replace(settings, greedy_gap=max(settings.greedy_gap, BUDGET_GAP))
    starts = [start]
    if not within_budget(problem, start):
        # Down from the week without the budget, each dollar over it dearer pass by pass
        # (a budget a little under that week's till keeps most of it) ...
        week = start
        for scale in MONEY_SCALES:
            week = _improve_week(problem, week, pool, pricers,
                                 replace(loose, improve_passes=1), deadline, money=(scale,),
                                 seen=note, over_weight=scale)
        # ... and up from days that buy nothing (a budget far under it).
        starts = [week, [floor_column(problem, day) for day in range(1, problem.days + 1)]]
    weeks = []
    for week in starts:
        if not within_budget(problem, week):
            continue
        week = _improve_week(problem, week, pool, pricers,
                             replace(loose, improve_passes=BUDGET_PASSES), deadline,
                             money=MONEY_SCALES, seen=note,
                             ration=any(unplanned_meals(problem, c.dishes) for c in week))
        note(week)
        weeks.append(week)
    # Coverage first: a week that covers everything beats one a few dollars better.
    return whole or min(weeks, key=lambda week: _exact_value(problem, week))


# Passes of the week built within a budget (from days that buy nothing, a pass fills them as
# the money allows, the next ones share what the first bought), and each day's relative gap
# there: a day priced at a dear dollar is a candidate, the exact week decides.
BUDGET_PASSES = 3
BUDGET_GAP = 0.02


def diagnose_day(problem: MenuProblem, day_type: int = 0) -> InfeasibleError:
    """Which hard rule makes a day impossible: drop each family in turn until a day exists.
    A family is a kind of nutrient row (any nutrient when None), read from the rows' metadata,
    or the locked meals."""
    families = [(("min", "kcal"), "the energy minimum"), (("max", "kcal"), "the energy maximum"),
                (("max", "caffeine_mg"), "the caffeine cap"), ("locked_", "the locked meals"),
                (("max", None), "an upper limit"), (("min", None), "a minimum")]
    for family, description in families:
        trial = day_model(problem, day_type)
        if isinstance(family, str):
            names = [name for name in trial.prob.constraints if name.startswith(family)]
        else:
            kind, nutrient = family
            names = [name for name, row in trial.rows.items() if row.kind == kind
                     and (nutrient is None or row.nutrient == nutrient)]
        if not names:
            continue
        for name in names:
            del trial.prob.constraints[name]
        try:
            found = solve(trial.prob, time_limit=10).status in ("optimal", "feasible")
        except SolverError:
            found = False  # out of time: not a proof that this family is the cause
        if found:
            return InfeasibleError(
                f"no day from the {len(problem.recipes) - len(problem.leftover_of)} allowed "
                f"recipes can meet "
                f"{description} ({_describe_row(problem, trial.rows.get(names[0]), names[0])}; "
                f"constraint {names[0]})", constraint=names[0])
    return InfeasibleError("no day from the allowed recipes can meet the hard rules together; "
                           "exclude fewer foods or widen the energy band", constraint="day")


def _describe_row(problem: MenuProblem, row: "Row | None", name: str) -> str:
    """"at least 2000 kcal of Energy a day" for min_kcal; "Leo's ..." for min_kcal_p2."""
    if row is None or row.nutrient is None:
        return name
    eater = problem.eaters[(row.person or 1) - 1]
    nutrient = eater.targets.get(row.nutrient)
    if nutrient is None:
        return name
    amount = nutrient.min if row.kind == "min" else nutrient.max
    return ((f"{eater.name}'s " if eater.name else "")
            + f"{'at least' if row.kind == 'min' else 'at most'} {amount:g} "
            f"{nutrient.unit} of {nutrient.label} a day")


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
    recipe_costs, side_costs, line_costs, carry_costs = duals.costs_for(problem)
    fridge = column.fridge_balance()
    return (column.cost + sum(line_costs.get(n, 0.0) * amount for n, amount in column.products)
            + sum(carry_costs.get(base, 0.0) * net for base, net in fridge.items())
            # Every dish: a leftover's twin carries the weekly count rules' prices (it is
            # counted as eaten) and never a recipe row's (it is not cooked).
            + sum(recipe_costs.get(r, 0.0) for (r, _), _ in column.dishes)
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
    in_rest = {d for (d, _), _ in rest}
    tally = DayTally(problem, rest, column.sides)
    for other, recipe in enumerate(problem.recipes):
        if meal not in recipe.meals or (other in column.recipes and not (own and other == r)):
            continue
        # Leftovers come from the days that cook for them, not from a one-dish swap.
        if other in problem.leftover_of or problem.twins.get(other) in in_rest:
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
            dish = ((other, meal), choice)
            if tally.allowed(column.day_type, dish):
                yield other, choice, make_column(problem, tuple(sorted(rest + (dish,))),
                                                 column.sides, column.day_type)


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
            sides = tuple(((f, meal), servings) for (f, meal), servings in column.sides
                          if side_days.get(f, 0) < problem.side_max_days[f])
            if column_allowed(problem, dishes_t, sides, column.day_type):
                days.append(make_column(problem, dishes_t, sides, column.day_type))
                for f in {f for (f, _), _ in sides}:
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
    # The count rules are hard: a week that breaks one is worth no more than no week.
    value += ARTIFICIAL_COST * rules_broken(problem, week)
    return value + week_cost(problem.lines, week_products(week), problem.shopping,
                             problem.cost_weight)


def _week_allowed(problem: MenuProblem, week: Sequence[Column], changed: int) -> bool:
    """The weekly rules, checked on a week whose day ``changed`` was just replaced."""
    rules = problem.rules
    column = week[changed]
    if changed > 0 and days_conflict(problem, week[changed - 1], column):
        return False
    if changed + 1 < len(week) and days_conflict(problem, column, week[changed + 1]):
        return False
    for n, other in enumerate(week):
        if n != changed and len(column.menu & other.menu) > rules.max_shared_recipes:
            return False
    for r in column.recipes:
        if sum(1 for other in week if r in other.recipes) > rules.recipe_max_days:
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


def _exact_value(problem: MenuProblem, week: Sequence[Column]) -> float:
    """The week's objective with a budget at the till as a hard wall: any week over it is
    worse than every week within it (a week's objective stays far below OVER_BUDGET)."""
    value = _week_value(problem, week)
    if problem.budget is not None:
        over = till(problem.lines, week_products(week)) - problem.budget
        if over > 1e-6:
            value += OVER_BUDGET + ARTIFICIAL_COST * over
    return value


OVER_BUDGET = 1e12


def _improve_week(problem: MenuProblem, week: list[Column], pool: Sequence[Column],
                  pricers: Sequence["_Pricer"], settings: SearchSettings,
                  deadline: float, money: Sequence[float] = (),
                  seen: Callable[[list[Column]], None] | None = None,
                  over_weight: float | None = None,
                  ration: bool = False) -> list[Column]:
    """Whole packages, at last.  The linear master bought packages by the gram; here the
    exact week (packages that spoil bought whole, one charge per product, repeats, tag
    rules, the budget at the till) decides.  Each pass takes the days in turn and prices a
    new one beside the other six: a product they already opened costs nothing, one they
    did not costs its package; the best of that day, the pool's days and the day itself
    that keeps every weekly rule stays.  So a bag of spinach opened on Monday feeds
    Wednesday.  ``money``: the day is also priced for the till (a package not yet bought
    costs its price, whether it keeps or not) at each of these weights on a dollar; ``seen``
    is shown each better week on the way; ``over_weight``: the budget is no wall but each
    dollar over it costs this much; ``ration``: in the first pass the till after day d is
    at most its share of the budget (``allowance``), so the first days filled do not spend
    what the others need."""
    week = list(week)

    def exact(week: Sequence[Column]) -> float:
        if over_weight is None:
            return _exact_value(problem, week)
        over = max(0.0, week_till(problem, week) - (problem.budget or 0.0))
        return _week_value(problem, week) + over_weight * over

    value = exact(week)
    by_type: dict[int, list[Column]] = {}
    for column in pool:
        by_type.setdefault(column.day_type, []).append(column)
    passes = 0
    while passes < settings.improve_passes or (passes < 3 * settings.improve_passes
                                               and _over_budget(problem, week)):
        passes += 1
        improved = False
        for day in range(len(week)):
            if work_seconds() > deadline:
                return week
            current = week[day]
            others = week[:day] + week[day + 1:]
            # Beside six fixed days a reuse costs what the week's objective says it does.
            recipe_costs, side_costs = _rule_costs(problem, week, day, settings,
                                                   repeat_cost=problem.repeat_weight)
            candidates: list[Column] = []
            if not money:
                over = _over_budget(problem, week)
                _, priced = pricers[current.day_type].price(
                    recipe_costs, side_costs, _open_line_costs(problem, others),
                    cost_scale=OVER_BUDGET_SCALE if over else 1.0, gap=settings.greedy_gap,
                    nodes=settings.greedy_nodes,
                    time_limit=wall_for(deadline - work_seconds(), 0.05))
                candidates = priced + _variants(problem, priced[0], settings) if priced else []
            till_costs = till_line_costs(problem, others) if money else {}
            for scale in money:
                _, priced = pricers[current.day_type].price(
                    recipe_costs, side_costs, till_costs,
                    cost_scale=money_scale(problem, scale), gap=settings.greedy_gap,
                    nodes=settings.greedy_nodes,
                    time_limit=wall_for(deadline - work_seconds(), 0.05))
                candidates += priced + (_variants(problem, priced[0], settings) if priced
                                        else [])
            candidates += by_type.get(current.day_type, [])[:settings.improve_pool]
            best, best_value = None, value - 1e-6
            cap = allowance(problem, day) if ration and passes == 1 else None
            for candidate in candidates:
                if candidate.key == current.key:
                    continue
                week[day] = candidate
                if cap is not None and week_till(problem, week) > cap + 1e-6:
                    continue
                if _week_allowed(problem, week, day):
                    trial = exact(week)
                    if trial < best_value:
                        best, best_value = candidate, trial
            week[day] = best or current
            if best is not None:
                value, improved = best_value, True
                if seen is not None:
                    seen(list(week))
        moved = _leftover_moves(problem, week, value) if over_weight is None else None
        if moved is not None:
            week, value, improved = moved[0], moved[1], True
        if not improved:
            break
    return week


def _cook_what_is_eaten(problem: MenuProblem, week: list[Column]) -> list[Column]:
    """A day cooks for later only the portions later days eat: a leftover move that a later
    pass undid leaves portions cooked for nobody (food bought for the bin)."""
    if not problem.twins:
        return week
    ok, stock, _ = fridge(problem, week)
    if not ok:
        return week
    trimmed = list(week)
    for day, column in enumerate(week):
        extras = tuple((base, portions - stock.get((day, base), 0.0))
                       for base, portions in column.extras)
        extras = tuple((base, portions) for base, portions in extras if portions > 1e-9)
        if extras != column.extras:
            trimmed[day] = make_column(problem, column.dishes, column.sides, column.day_type,
                                       extras)
    if fridge_ok(problem, trimmed) and _exact_value(problem, trimmed) <= _exact_value(
            problem, week) + 1e-9:
        return trimmed
    return week


def _over_budget(problem: MenuProblem, week: Sequence[Column]) -> bool:
    return (problem.budget is not None
            and till(problem.lines, week_products(week)) > problem.budget + 1e-6)


# While the week is over its budget at the till, a dollar outweighs a day's shortfall.
OVER_BUDGET_SCALE = 1e4


def _leftover_moves(problem: MenuProblem, week: list[Column], value: float
                    ) -> tuple[list[Column], float] | None:
    """Cook once, eat twice: the best week that cooks a dish that keeps for more portions
    and serves them at a lunch or dinner of one of the next ``fridge_days`` days in place of
    that meal's dish; None when no such move makes the exact week cheaper."""
    if not problem.twins:
        return None
    rules = problem.rules
    slots = set(problem.slots)
    most = rules.leftover_portions * len(problem.eaters)
    best: tuple[list[Column], float] | None = None
    for day, column in enumerate(week):
        extras = dict(column.extras)
        for (r, _), portions in column.dishes:
            twin = problem.twins.get(r)
            if twin is None:
                continue
            for later in range(day + 1, min(len(week), day + rules.fridge_days + 1)):
                target = week[later]
                if r in target.recipes or r in target.leftover_bases:
                    continue  # one dish is on a day once
                locked = problem.locked_meals(target.day_type)
                banned = problem.banned_on(target.day_type)
                for n, ((other, meal), eaten) in enumerate(target.dishes):
                    if meal in locked or (twin, meal) in banned:  # a swap's meal stays swapped
                        continue
                    # (A dish cooked for later stays: its leftovers are planned.)
                    if (twin, meal) not in slots or other == twin or dict(target.extras).get(other):
                        continue
                    need = float(sum(portions))
                    if extras.get(r, 0.0) + need > most + 1e-9:
                        continue
                    dishes = tuple(sorted(target.dishes[:n] + target.dishes[n + 1:]
                                          + (((twin, meal), portions),)))
                    if not column_allowed(problem, dishes, target.sides, target.day_type):
                        continue
                    trial = list(week)
                    trial[later] = make_column(problem, dishes, target.sides, target.day_type,
                                               target.extras)
                    trial[day] = make_column(problem, column.dishes, column.sides,
                                             column.day_type,
                                             tuple(sorted({**extras,
                                                           r: extras.get(r, 0.0) + need}.items())))
                    if not (_week_allowed(problem, trial, day)
                            and _week_allowed(problem, trial, later)):
                        continue
                    trial_value = _exact_value(problem, trial)
                    if trial_value < (best[1] if best else value) - 1e-6:
                        best = (trial, trial_value)
    return best


def _open_line_costs(problem: MenuProblem, others: Sequence[Column]) -> dict[int, float]:
    """What a day's use of each product line costs beside ``others``: nothing while their
    opened packages have room, a whole package otherwise (spread over the most a day can
    take), plus a product's own charge when nobody buys it yet."""
    taken = week_products(others)
    costs: dict[int, float] = {}
    weight = problem.cost_weight
    for n, line in enumerate(problem.lines.lines):
        amount = taken.get(n, 0.0)
        room = packages(amount - line.at_home, line.size) * line.size + line.at_home - amount
        most = max(problem.line_limits.get(n, 0.0), 1e-9)
        if room >= 0.5 * min(most, line.size):
            costs[n] = 0.0
            continue
        charge = 0.0 if amount > line.at_home else problem.shopping.line_cost
        if not line.keeps and line.price:
            charge += weight * line.price
        costs[n] = charge / min(most, line.size) if charge else 0.0
    return costs


def _rule_costs(problem: MenuProblem, week: Sequence[Column | None], day: int,
                settings: SearchSettings, repeat_cost: float | None = None
                ) -> tuple[dict[int, float], dict[int, float]]:
    """Prices that keep a day priced beside the other days of ``week`` (None: not yet
    planned) within the weekly rules: what they use up is forbidden, what the neighbours
    cook is forbidden next to them, a tag rule still short is cheaper."""
    rules = problem.rules
    others = [column for n, column in enumerate(week) if n != day and column is not None]
    uses: dict[int, int] = {}
    for column in others:
        for r in column.recipes:
            uses[r] = uses.get(r, 0) + 1
    recipe_costs: dict[int, float] = {}
    for r, count in uses.items():
        recipe_costs[r] = (settings.greedy_repeat if repeat_cost is None else repeat_cost) * count
        if count >= rules.recipe_max_days:
            recipe_costs[r] = settings.forbidden
    neighbours = [week[n] for n in (day - 1, day + 1) if 0 <= n < len(week)]
    for neighbour in neighbours:
        if neighbour is None:
            continue
        if not rules.recipe_consecutive:
            for r in neighbour.recipes:
                recipe_costs[r] = settings.forbidden
        for meal in rules.protein_changes:
            proteins = neighbour.proteins(problem, meal)
            for r, recipe in enumerate(problem.recipes):
                if recipe.protein in proteins and meal in recipe.meals:
                    recipe_costs[r] = recipe_costs.get(r, 0.0) + settings.forbidden / 10
    days_left = problem.days - len(others)
    for rule, low, high, have in rule_counts(problem, others):
        counted = [r for r, recipe in enumerate(problem.recipes) if rule.counts(recipe)]
        if high is not None and have >= high:
            for r in counted:
                recipe_costs[r] = settings.forbidden
        elif low and have < low:
            # A rule the days left can only just meet must be met today: dearer than any
            # shortfall; otherwise a nudge toward it.
            urgency = settings.rule_needed if low - have >= days_left else 2.0
            for r in counted:
                recipe_costs[r] = recipe_costs.get(r, 0.0) - urgency
    for recipes, sides in problem.include_groups:
        if not any(column.recipes & recipes or column.side_foods & sides for column in others):
            for r in recipes:
                recipe_costs[r] = recipe_costs.get(r, 0.0) - 20.0
    if problem.twins:
        # A leftover only from what an earlier day cooked for later and nobody ate yet.
        _, stock, _ = fridge(problem, [c if n != day else None for n, c in enumerate(week)])
        spare = {base for (cooked, base), portions in stock.items()
                 if portions > 1e-9 and 0 < day - cooked <= rules.fridge_days}
        for twin, base in problem.leftover_of.items():
            recipe_costs[twin] = 0.0 if base in spare else settings.forbidden
    side_days: dict[int, int] = {}
    for column in others:
        for f in column.side_foods:
            side_days[f] = side_days.get(f, 0) + 1
    side_costs = {f: settings.forbidden for f, n in side_days.items()
                  if n >= problem.side_max_days[f]}
    return recipe_costs, side_costs


def week_products(week: Sequence[Column]) -> dict[int, float]:
    """What the week takes from each product line."""
    amounts: dict[int, float] = {}
    for column in week:
        for n, amount in column.products:
            amounts[n] = amounts.get(n, 0.0) + amount
    return amounts


@dataclass
class _Duals:
    """The master's row prices (minimisation: a binding <= row prices below 0, which makes
    what it counts dearer in the day model) and what they mean for a day."""

    rows: dict[tuple, float]  # (kind, key) -> dual price
    rhs: dict[tuple, float]   # (kind, key) -> the row's right-hand side
    # costs_for's answer: a set of prices serves one problem, and sorting a pool of
    # thousands of days by reduced cost asks for it once a day.
    _costs: tuple | None = field(default=None, repr=False, compare=False)

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

    @classmethod
    def default(cls, problem: MenuProblem) -> "_Duals":
        """The prices before any master: each product that spoils at what is used of it
        (feasible for the master's package variables, so its Lagrangian is a bound)."""
        rows = {("line", n): -cost for n, cost in problem.default_line_costs.items()}
        rhs = {key: problem.lines.lines[key[1]].at_home for key in rows}
        for base, cost in problem.portion_costs.items():
            rows["carry", base] = -cost
            rhs["carry", base] = 0.0
        return cls(rows, rhs)

    def master_variables(self, problem: MenuProblem) -> float | None:
        """The Lagrangian's part from the master's own variables (packages and lines
        bought): their least reduced cost times their range; None when a package is priced
        below nothing, which would leave the bound unproven."""
        lines = problem.lines.lines
        budget = self.rows.get(("budget", 0), 0.0)
        total = 0.0
        for n, line in enumerate(lines):
            pi_line = self.rows.get(("line", n), 0.0)
            pi_open = self.rows.get(("open", n), 0.0)
            if not pi_line and not pi_open:
                continue
            own = problem.cost_weight * (line.price or 0.0) if not line.keeps else 0.0
            packs = own + pi_line * line.size - pi_open - budget * (line.price or 0.0)
            if packs < -1e-7:
                return None
            total += min(0.0, problem.shopping.line_cost + pi_open * open_limit(problem, n))
        return total

    def costs_for(self, problem: MenuProblem) -> tuple[dict[int, float], dict[int, float],
                                                      dict[int, float], dict[int, float]]:
        if self._costs is None:
            self._costs = self._costs_for(problem)
        return self._costs

    def _costs_for(self, problem: MenuProblem) -> tuple[dict[int, float], dict[int, float],
                                                        dict[int, float], dict[int, float]]:
        recipe_costs: dict[int, float] = {}
        side_costs: dict[int, float] = {}
        line_costs: dict[int, float] = {}
        carry_costs: dict[int, float] = {}
        tagged = {n: [r for r, recipe in enumerate(problem.recipes) if rule.counts(recipe)]
                  for n, (rule, _, _) in enumerate(problem.tag_rules)}
        for (kind, key), pi in self.rows.items():
            if not pi:
                continue
            if kind in ("recipe", "repeat"):
                recipe_costs[key] = recipe_costs.get(key, 0.0) - pi
            elif kind == "rule":
                for r in tagged[key[0]]:
                    recipe_costs[r] = recipe_costs.get(r, 0.0) - pi
            elif kind == "side":
                side_costs[key] = side_costs.get(key, 0.0) - pi
            elif kind == "include":
                recipes, sides = problem.include_groups[key]
                for r in recipes:
                    recipe_costs[r] = recipe_costs.get(r, 0.0) - pi
                for f in sides:
                    side_costs[f] = side_costs.get(f, 0.0) - pi
            elif kind == "line":
                line_costs[key] = -pi
            elif kind == "carry":
                carry_costs[key] = -pi
        return recipe_costs, side_costs, line_costs, carry_costs


def _duals(problem: MenuProblem, master) -> _Duals:
    named: list[tuple[tuple, object]] = [(("days", t), row) for t, row in master.convexity.items()]
    named += [(("recipe", r), row) for r, row in master.recipe_rows.items()]
    named += [(("repeat", r), row) for r, row in master.repeat_rows.items()]
    named += [(("side", f), row) for f, row in master.side_rows.items()]
    named += [(("include", n), row) for n, row in master.include_rows.items()]
    named += [(("rule", key), row) for key, row in master.tag_rows.items()]
    named += [(("line", n), row) for n, row in master.line_rows.items()]
    named += [(("carry", n), row) for n, row in master.carry_rows.items()]
    named += [(("open", n), row) for n, row in master.open_rows.items()]
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


def _greedy_week(problem: MenuProblem, pricers: Sequence[_Pricer], settings: SearchSettings,
                 deadline: float) -> list[Column] | None:
    """A complete week fast: one day after another, pricing out what the rules forbid."""
    week: list[Column | None] = [None] * problem.days
    # Days with locked meals first: their dishes are fixed, so the free days are the ones
    # that must make room for them (a free day that took a locked day's dish left it none).
    order = sorted(range(problem.days), key=lambda day: not problem.locked.get(day + 1))
    for day in order:
        pricer = pricers[problem.type_of(day + 1)]
        banned: set[int] = set()
        done = [column for column in week if column is not None]
        for attempt in range(10):
            recipe_costs, side_costs = _rule_costs(problem, week, day, settings)
            for r in banned:
                recipe_costs[r] = settings.forbidden
            result, columns = pricer.price(
                recipe_costs, side_costs, gap=settings.greedy_gap, nodes=settings.greedy_nodes,
                # The week of last resort: a day solve cut to nothing finds a day with the
                # dishes its prices forbid, ten times over, and there is no week at all.
                time_limit=wall_for(deadline - work_seconds(), settings.day_floor))
            if not columns:
                return None
            column = columns[0]
            clash = _shares_too_much(problem, column, done) or _over_rules(problem, column,
                                                                          done)
            if column.twins and not fridge_ok(problem, [column if n == day else other
                                                        for n, other in enumerate(week)]):
                banned |= column.twins  # more eaten from the fridge than is in it
                continue
            if clash is None and (
                    day > 0 and week[day - 1] is not None
                    and days_conflict(problem, week[day - 1], column)
                    or day + 1 < problem.days and week[day + 1] is not None
                    and days_conflict(problem, column, week[day + 1])):
                # The dinner protein repeated (priced, not forbidden, so a relative gap
                # can let it through): not these dishes again today.
                clash = {r for (r, meal), _ in column.dishes
                         if meal in problem.rules.protein_changes}
            if clash is None and not any(recipe_costs.get(r, 0.0) >= settings.forbidden
                                         for (r, _), _ in column.dishes) and not any(
                    side_costs.get(f, 0.0) >= settings.forbidden for f in column.side_foods):
                break
            if clash is not None:
                # All of them: one at a time, a household's day (whose dishes must suit
                # everyone) can find the next shared one six times over.
                banned |= clash
        else:
            return None
        week[day] = column
    # Penalties steer the days; the rules themselves are checked here, so a week that breaks
    # one never leaves the search, however the days were priced.
    if not all(_week_allowed(problem, week, day) for day in range(len(week))):
        return None
    return week  # type: ignore[return-value]


def _over_rules(problem: MenuProblem, column: Column, week: Sequence[Column]
                ) -> set[int] | None:
    """A dish of ``column`` that takes a weekly maximum past its limit beside ``week`` (the
    prices only forbid a rule's dishes once it is full; a day may bring two)."""
    for rule, _, high, have in rule_counts(problem, week):
        if high is not None and have + column.rule_count(problem, rule) > high:
            return {next(r for (r, _), _ in column.dishes if rule.counts(problem.recipes[r]))}
    return None


def _shares_too_much(problem: MenuProblem, column: Column, week: Sequence[Column]
                     ) -> set[int] | None:
    for earlier in week:
        shared = column.menu & earlier.menu
        if len(shared) > problem.rules.max_shared_recipes:
            return shared
    return None



