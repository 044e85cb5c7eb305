"""Plan a week from single foods: prepare the problem (food.prepare), search it
(food.search), turn the outcome into a Plan, verify it independently and explain what is
short.  ``PlanOptions`` lives in request.py and is re-exported here."""

from __future__ import annotations

import time
from dataclasses import replace

from . import model as models
from .data import Catalogue, Food, Targets
from .errors import InfeasibleError, SolverError
from .food.columns import Outcome, Pricer, acceptable
from .food.explain import explain_shortfalls
from .food.heuristics import package_greedy
from .food.prepare import DEFAULT_SEARCH, Prepared, prepare
from .food.search import Progress, plan_continuous, plan_structured
from .plan import DayPlan, FoodInfo, MenuItem, Plan
from .request import PlanOptions
from .search_settings import FoodSearchSettings
from .solve import relative_gap
from .verify import Rules, verify


def plan_week(catalogue: Catalogue, targets: Targets, options: PlanOptions = PlanOptions(),
              progress: Progress | None = None,
              search: FoodSearchSettings = DEFAULT_SEARCH) -> Plan:
    """Plan ``options.days`` days from ``catalogue`` and verify the result; ``search`` holds
    the search's knobs (``options.time_limit``, ``rounds`` and ``gap`` come first).

    Raises DataError for bad options, InfeasibleError when a hard rule cannot be met, and
    SolverError when the solver fails or runs out of time without a plan.
    """
    prepared = prepare(catalogue, targets, options, search=search)
    started = time.perf_counter()
    people = len(prepared.problem.household)
    safety_net = search.safety_net(people)
    deadline = started + (options.time_limit or safety_net)
    # However short the time limit, the first plan is completed (within the default safety
    # net), returned and marked as not proven.
    grace = max(deadline, started + safety_net)
    rounds = options.rounds
    if rounds is None:
        rounds = search.rounds_for(people)
    try:
        if options.continuous:
            outcome = plan_continuous(prepared.problem, options.solver, grace)
        else:
            outcome = plan_structured(prepared.problem, options.solver, deadline,
                                      options.gap if options.gap is not None
                                      else search.target_gap or targets.planner.gap,
                                      progress, search, rounds, grace)
    except InfeasibleError as error:
        if options.budget is None or error.constraint not in ("budget", "till"):
            raise
        # Say what it would take: the cheapest week that covers everything, at the till.
        raise InfeasibleError(f"{error}; "
                              f"{_cheapest_full_week(catalogue, targets, options, search)}",
                              constraint=error.constraint) from None
    if prepared.relaxed_bound is not None:
        # The weekly model saw only the core; only the bound over every food is honest.
        gap = relative_gap(outcome.objective, prepared.relaxed_bound)
        outcome = replace(outcome, bound=prepared.relaxed_bound,
                          optimal=gap is not None and gap <= (
                              options.gap or search.target_gap or targets.planner.gap),
                          warnings=[*outcome.warnings,
                                    f"planned from the {len(prepared.problem.foods)} most "
                                    f"useful of {len(catalogue.foods)} foods; the gap is against "
                                    f"a bound over all of them"])
    plan = _to_plan(prepared, outcome, options, time.perf_counter() - started)
    problem = prepared.problem
    settings = (replace(problem.settings, max_shared_foods=1.0) if outcome.alike_days
                else problem.settings)
    rules = Rules(targets=problem.targets, settings=settings,
                  days=problem.days, credits=problem.credits,
                  excluded=prepared.excluded, structured=not options.continuous,
                  avoided_meals=frozenset(
                      (meal, frozenset(problem.foods[i].name for i in group))
                      for meal, group in problem.avoid_meals),
                  include_groups=tuple(frozenset(problem.foods[i].name for i in group)
                                       for group in problem.include_groups),
                  budget=options.budget,
                  locked={day: {meal: {problem.foods[i].name: k for i, k in foods.items()}
                                for meal, foods in meals.items()}
                          for day, meals in problem.locked.items()},
                  household=tuple(replace(eater, foods=None) for eater in problem.household))
    check = verify(plan, catalogue.by_name(), rules)
    if not check.ok:
        raise SolverError("the solver's plan failed verification (" + "; ".join(
            check.violations[:3]) + "); please report this as a bug")
    plan.shortfalls = explain_shortfalls(check.shortfalls, prepared)
    for eater in problem.household:
        plan.shortfalls += explain_shortfalls(check.person_shortfalls.get(eater.name, {}),
                                              prepared, eater)
    if plan.shortfalls:
        plan.status = "shortfall"
        if options.budget is not None:
            plan.warnings.append(_budget_note(catalogue, targets, options, deadline, search))
    return plan


def _budget_note(catalogue: Catalogue, targets: Targets, options: PlanOptions,
                 deadline: float, search: FoodSearchSettings) -> str:
    """What full coverage would cost, when the budget is what stands in its way."""
    note = (f"no plan within the budget of ${options.budget:,.2f} at the till covers every "
            f"target; this plan comes closest within it")
    remaining = deadline - time.perf_counter()
    if remaining < 1.0:
        return note
    return f"{note}; {_cheapest_full_week(catalogue, targets, options, search, remaining)}"


def _cheapest_full_week(catalogue: Catalogue, targets: Targets, options: PlanOptions,
                        search: FoodSearchSettings, time_limit: float | None = None) -> str:
    """'the cheapest plan found that covers every target costs $52.10 at the till'."""
    started = time.perf_counter()
    cheapest = replace(options, budget=None, objective="cost", time_limit=time_limit,
                       seed=None)
    try:
        full = plan_week(catalogue, targets, cheapest, search=search)
    except (InfeasibleError, SolverError):
        return "no plan covers every target with these foods"
    if full.status == "shortfall" or full.shopping_cost is None:
        return "no plan covers every target at any price with these foods"
    best = full.shopping_cost
    if not options.continuous:
        # The cheapest food eaten is not the cheapest till: a shopper's week, paying for each
        # package when it is opened, often buys fewer of them.
        problem = prepare(catalogue, targets, cheapest, search=search).problem
        deadline = started + (time_limit or search.time_limit)
        pricers = [Pricer(problem, options.solver, search, t)
                   for t in range(len(problem.day_types))]
        week = package_greedy(problem, pricers, lambda column: True, deadline,
                              targets.planner.gap, 1.0, search)
        if (len(week) == problem.days and acceptable(problem, (week, 0.0))
                and not any(_short(problem, column) for column in week)):
            best = min(best, problem.till_cost(week))
    return f"the cheapest plan found that covers every target costs ${best:,.2f} at the till"


def _short(problem: models.Problem, column: models.Column) -> bool:
    """Whether a day menu misses a soft target of anyone it feeds."""
    for p, eater in enumerate(problem.eaters):
        for key, need in eater.soft_minimums().items():
            got = sum(problem.foods[i].amount(key) * portions[p]
                      for (i, _), portions in column.servings.items())
            if got < need * (1 - 1e-6):
                return True
    return False


def _to_plan(prepared: Prepared, outcome: Outcome, options: PlanOptions, seconds: float) -> Plan:
    problem = prepared.problem
    foods = problem.foods
    names = [eater.name for eater in problem.household]
    meal_order = {meal: n for n, meal in enumerate(problem.settings.meal_names)}
    used: dict[str, Food] = {}
    days = []
    for number, menu in enumerate(outcome.menus, start=1):
        items = []
        for (i, meal), portions in sorted(menu.items(),
                                          key=lambda kv: (meal_order.get(kv[0][1], 99),
                                                          foods[kv[0][0]].name)):
            food = foods[i]
            used[food.name] = food
            servings = float(sum(portions))
            items.append(MenuItem(meal, food.name, servings, servings * food.grams,
                                  {name: float(k) for name, k in zip(names, portions) if k}))
        totals = {key: sum(used[item.food].amount(key) * item.servings for item in items)
                  for key in problem.targets}
        person_totals = {
            eater.name: {key: sum(used[item.food].amount(key) * item.portions.get(eater.name, 0)
                                  for item in items) for key in eater.targets}
            for eater in problem.household}
        days.append(DayPlan(number, items, totals, person_totals))
    return Plan(
        status="optimal" if outcome.optimal else "feasible",
        days=days,
        targets=dict(problem.targets),
        foods={name: FoodInfo.of(food) for name, food in sorted(used.items())},
        credits={k: v for k, v in problem.credits.items() if v},
        people=options.people,
        settings=prepared.settings,
        solver=outcome.solver,
        objective=outcome.objective,
        bound=outcome.bound,
        gap=relative_gap(outcome.objective, outcome.bound),
        seconds=seconds,
        warnings=[*prepared.warnings, *outcome.warnings],
        pantry=dict(options.pantry),
        household=list(prepared.people),
    )
