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

from dataclasses import replace
from typing import Sequence

from .errors import InfeasibleError, SolverError
from .menu_budget import covered, week_till, within_budget
from .menu_day import day_model
from .menu_improve import (budget_week, cook_what_is_eaten, day_variants, diverse_days,
                           greedy_week, improve_week)
from .menu_master import master_model, rule_counts
from .menu_pricing import MenuDuals, Outcome, Pricer, best_columns, master_duals, reduced_cost
from .menu_problem import Column, MenuProblem
from .menu_week import fridge_ok, integer_week, week_value
from .model import Row
from .search_settings import SearchSettings
from .solve import relative_gap, solve, wall_for, work_seconds


CUT_SHORT = "the time limit stopped the search early; the week is not proven"


def search(problem: MenuProblem, settings: SearchSettings, limit: float) -> Outcome:
    """The best week found within ``limit`` CPU seconds (a safety net: the work budgets end
    the search first).  The rounds stop at the limit; the phases after them (a greedy week,
    whole packages, a week within the budget) get shares of this limit, not of the
    settings' default (--time-limit 0.2 had the package passes run 15 s)."""
    deadline = work_seconds() + limit

    def first_week_limit() -> float:
        return wall_for(deadline - work_seconds(), settings.day_floor)

    pricers = [Pricer(problem, t) for t in range(len(problem.day_types))]
    pool: dict[tuple, Column] = {}

    def add(columns: Sequence[Column], prices: "MenuDuals | None" = None) -> None:
        for column in columns:
            pool.setdefault(column.key, column)
            for variant in day_variants(problem, column, settings, prices):
                pool.setdefault(variant.key, variant)

    # The best day of each type, its days apart, bounds the week from below: the weekly
    # rules only add to it (every penalty they bring is >= 0).
    # (At the default prices of the product lines, what is at home is worth its price.)
    first_bound: float | None = MenuDuals.default(problem).constant()
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
        add(diverse_days(problem, columns[0], problem.days + 3))
        for rule, low, _ in problem.tag_rules:
            if low:
                # The cheapest days hold none of a weekly minimum's dishes (poultry, meat):
                # a day priced with them made cheaper lets the first integer week meet the
                # rule, so a time limit that stops the rounds still finds a week.
                bonus = {key: -settings.rule_seed for key in problem.rule_dishes(rule)}
                _, seeded = pricer.price(bonus, {}, gap=settings.pricing_gap,
                                         nodes=settings.pricing_nodes,
                                         time_limit=first_week_limit())
                add(seeded)
    if len(problem.eaters) > 1:
        # A household's dishes must suit everyone who eats them, so one day's variants cover
        # little of a week: a greedy week makes the first master whole (and is a week).
        add(greedy_week(problem, pricers, replace(settings, greedy_gap=settings.pricing_gap),
                        deadline) or [])

    bound = first_bound
    rounds = 0
    warnings: list[str] = []
    duals = None
    center: MenuDuals | None = None  # the prices that gave the best Lagrangian bound so far
    best_lagrangian: float | None = None
    log: list[tuple[int, int, float, float | None]] = []  # round, days known, master, bound
    best_week: list[Column] | None = None
    for rounds in range(1, settings.rounds + 1):
        if work_seconds() > deadline:
            warnings.append(CUT_SHORT)
            break
        master = master_model(problem, list(pool.values()), integer=False)
        lp_value = solve(master.prob, mip=False).objective or 0.0
        duals = master_duals(problem, master)
        artificial = any((var.value() or 0.0) > 1e-7 for var in master.artificial)
        # Price at prices smoothed toward the best-bound ones (Wentges): the master's own
        # duals swing from round to round, which makes column generation tail off.
        prices = duals if center is None or artificial else duals.blend(center,
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
                (reduced_cost(c, prices, problem) + prices.convexity.get(t, 0.0)
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
            week = integer_week(problem, best_columns(pool, duals, problem, settings),
                                settings, deadline)
            if week is not None and relative_gap(week_value(problem, week),
                                                 bound) <= settings.target_gap:
                best_week = week
                break

    # At the prices of the best bound so far (the first days' when no round beat them); with
    # no rounds asked for there is no proof to tighten (a day solve of the bound's own model,
    # 4 of a one-day --rounds 0 plan's 11 s).
    beaten = best_lagrangian is not None and bound is not None and best_lagrangian >= bound
    charged = None if settings.rounds == 0 else line_charge_bound(
        problem, center if beaten else MenuDuals.default(problem), settings, deadline)
    if charged is not None and (bound is None or charged > bound):
        bound = charged
    best = best_week
    if best is None:
        best = integer_week(problem, best_columns(pool, duals, problem, settings), settings,
                            deadline)
    if best is None:
        best = greedy_week(problem, pricers, settings, deadline + limit / 2)
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
    best = improve_week(problem, best, best_columns(pool, duals, problem, settings), pricers,
                        settings, deadline + limit / 2, seen=watch,
                        over_weight=None if problem.budget is None else 0.0)
    if work_seconds() > deadline + limit / 2 and CUT_SHORT not in warnings:
        # The package passes stop on the clock, not on their budget: a slower machine got a
        # dearer week than a quick one, and nothing said so.
        warnings.append(CUT_SHORT)
    if problem.budget is not None and not (within_budget(problem, best)
                                           and covered(problem, best)):
        # Its own safety net: passes, not the clock, end it, and a week within the budget
        # is worth the wait.
        best = budget_week(problem, best, best_columns(pool, duals, problem, settings),
                           pricers, settings, work_seconds() + limit, seen)
    best = cook_what_is_eaten(problem, best)
    if not fridge_ok(problem, best):
        # The plan's leftovers are read from the fridge (each from the day that cooked it):
        # a week that eats one no day cooked must stop here, named, not as a KeyError there.
        raise SolverError("the week found eats a leftover that no earlier day cooked; please "
                          "report this as a bug")
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
    value = week_value(problem, best)
    gap = relative_gap(value, bound)
    return Outcome(best, value, bound, gap is not None and gap <= settings.target_gap,
                   len(pool), rounds, warnings, log, full_till)


def line_charge_bound(problem: MenuProblem, prices: MenuDuals,
                      settings: SearchSettings, deadline: float) -> float | None:
    """A stronger proven bound: each product the week buys costs its line charge once, so a
    day that uses it pays at least 1/days of it, whatever the other days do.  The
    Lagrangian of that relaxation at ``prices`` made feasible for it, each kind of day
    priced paying those shares (a day model with a variable per product line, one solve
    each).  None when a day solve proves no bound.  Its days stay out of the pool: they
    changed the weeks found, for better and for worse by turns (a default week 25 % dearer)."""
    if not problem.line_charges or work_seconds() > deadline:
        return None
    charging = prices.charging_lines(problem)
    master_only = charging.master_variables(problem)
    if master_only is None:
        return None
    recipe_costs, side_costs, line_costs, carry_costs = charging.costs_for(problem)
    bound = charging.constant() + master_only
    for t in range(len(problem.day_types)):
        priced, _ = Pricer(problem, t, line_uses=True).price(
            recipe_costs, side_costs, line_costs, carry_costs=carry_costs,
            gap=settings.pricing_gap, abs_gap=settings.pricing_abs_gap,
            nodes=settings.pricing_nodes, line_charges=problem.line_charges,
            time_limit=wall_for(deadline - work_seconds(), 0.05))
        if priced.bound is None:
            return None
        bound += len(problem.day_types[t]) * priced.bound
    return bound


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
