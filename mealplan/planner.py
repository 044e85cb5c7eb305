"""Plan a week: choose the foods, run column generation, verify, and return a Plan.

The algorithm (model.py explains the models):

0. On the second core, start the one-piece weekly MIP's root node (``_WeekBound``): its cuts
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
import re
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from . import model as models
from .data import (MAX_PEOPLE, Catalogue, Food, Household, Nutrient, PlannerSettings, Targets,
                   diet_exclusions, profile_exclusions, resolve_exclusions)
from .errors import DataError, InfeasibleError, SolverError
from .jsondoc import control_character, describe
from .plan import DayPlan, FoodInfo, MenuItem, Person, Plan, Shortfall, rounded_as_shown
from .search_settings import FoodSearchSettings
from .solve import BackgroundSolve, Resolvable, SolveResult, relative_gap, solve
from .verify import Rules, verify

if TYPE_CHECKING:
    from .preferences import Tastes

CAFFEINE = "caffeine_mg"
# The search's knobs (time limits, rounds, node budgets, core size ...) are one
# FoodSearchSettings (search_settings.py), passed down; these are its defaults.
DEFAULT_SEARCH = FoodSearchSettings()

Progress = Callable[[str], None]


@dataclass(frozen=True)
class PlanOptions:
    days: int | None = None
    profile: str | None = None
    exclude: Sequence[str] = ()
    diet: str | None = None
    low_caffeine: bool = False
    max_caffeine: float | None = None
    credits: Mapping[str, float] = field(default_factory=dict)
    people: int = 1
    objective: str = "coverage"
    continuous: bool = False
    solver: str = "highs"
    time_limit: float | None = None
    seed: int | None = None
    gap: float | None = None
    pantry: Mapping[str, float] = field(default_factory=dict)  # servings at home, by food
    include: Sequence[str] = ()   # foods (names, tags) that must appear in the week
    avoid: Plan | None = None     # an earlier week not to repeat
    rounds: int | None = None     # column-generation rounds (None: the search settings')
    budget: float | None = None   # most the plan's food may cost, for all people
    keep: Plan | None = None      # an earlier plan whose --lock'ed meals are kept
    locks: Sequence[str] = ()     # "day 2 dinner", "day 3" (every meal of day 3)
    # People sharing one menu, each with their own targets; the exclusions, diet, caffeine cap
    # and credits above then apply to everyone on top of each person's own.
    household: Household | None = None
    staples: frozenset[str] = frozenset()  # foods never bought ("check you have")
    minute_cost: float | None = None  # what a minute at the stove costs (None: the default)
    # Most minutes at the stove on days 1-5 and on days 6-7 of each week (None: no cap).
    weeknight_minutes: float | None = None
    weekend_minutes: float | None = None
    tastes: "Tastes | None" = None  # likes, dislikes, ratings (mealplan.preferences): recipes
    ban: Sequence[tuple[int, str, str]] = ()  # (day, meal, recipe) not to serve there: a swap
    # A budget week cooked from a basket of a few products keeps targets.yaml's
    # recipes.week.on_a_budget variety rules (menu_basket; its plan's settings say so).
    budget_variety: bool = False


@dataclass
class Prepared:
    """A request turned into a model-ready problem, plus what the report needs."""

    problem: models.Problem
    excluded: frozenset[str]
    catalogue: Catalogue
    settings: dict
    # When a large catalogue is cut to a core for the weekly model, the bound must still hold
    # for every allowed food: the day model relaxed to an LP over all of them, for each day.
    relaxed_bound: float | None = None
    people: tuple[Person, ...] = ()  # a household plan's people, as the plan records them
    # A household member's own excluded foods (for the verifier): name -> food names.
    person_excluded: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Foods a diet rules out (the menu's, and each household member's): never suggested.
    diet_excluded: frozenset[str] = frozenset()
    person_diet_excluded: Mapping[str, frozenset[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # rules skipped, said once in the plan


def prepare(catalogue: Catalogue, targets: Targets, options: PlanOptions,
            core: bool = True, search: FoodSearchSettings = DEFAULT_SEARCH) -> Prepared:
    """Check the options against the data and build the Problem; raises DataError.

    ``core=False`` skips cutting a large catalogue to a core (two LP solves): the recipe
    planner uses only the checked options and targets.  ``search`` says how large a
    catalogue is cut to a core, and how."""
    if options.low_caffeine and options.max_caffeine is not None:
        raise DataError("--low-caffeine and --max-caffeine cannot be used together; pick one")
    texts = {"--exclude": options.exclude, "--include": options.include, "--lock": options.locks,
             "--profile": [options.profile or ""], "--diet": [options.diet or ""]}
    for option, values in texts.items():
        for value in values:
            if control_character(value):
                raise DataError(f"{option} {describe(value)}: contains a control character "
                                f"({control_character(value)})")
    if not 1 <= options.people <= MAX_PEOPLE:
        raise DataError(f"--people must be from 1 to {MAX_PEOPLE}, got {options.people}"
                        if options.people > 0 else
                        f"--people must be 1 or more, got {options.people}")
    household = options.household
    if household is not None:
        clashes = {
            "--profile": (options.profile is not None,
                          f"give each person a profile in {household.source}"),
            "--people": (options.people != 1, "the household file says who eats"),
            "--continuous": (options.continuous, "the classic diet LP plans for one person"),
        }
        for option, (given, why) in clashes.items():
            if given:
                raise DataError(f"{option} cannot be used with --household: {why}")
    days = options.days if options.days is not None else targets.planner.days
    if days < 1:
        raise DataError(f"--days must be 1 or more, got {days}")
    if options.objective not in models.OBJECTIVES:
        raise DataError(f"unknown objective '{options.objective}'; choose one of: "
                        f"{', '.join(models.OBJECTIVES)}")
    if options.budget is not None and not (options.budget > 0 and math.isfinite(options.budget)):
        raise DataError(f"--budget must be an amount more than 0, got {options.budget:g}")
    if options.rounds is not None and options.rounds < 0:
        raise DataError(f"--rounds must be 0 or more, got {options.rounds}")
    if options.time_limit is not None and not math.isfinite(options.time_limit):
        raise DataError(f"--time-limit must be a number of seconds, got {options.time_limit:g}")
    if options.time_limit is not None and options.time_limit <= 0:
        raise DataError(f"--time-limit must be more than 0 seconds, got {options.time_limit:g}")
    cap = targets.low_caffeine_mg if options.low_caffeine else options.max_caffeine
    if cap is not None and (cap < 0 or not math.isfinite(cap)):
        raise DataError(f"--max-caffeine must be 0 mg or more, got {cap:g}")
    nutrient_targets = _capped(catalogue, targets.for_profile(options.profile), cap)
    credits = dict(targets.credits)
    for key, amount in options.credits.items():
        if key not in nutrient_targets:
            raise DataError(f"--credit: unknown nutrient '{key}'; choose one of: "
                            f"{', '.join(nutrient_targets)}")
        if amount < 0 or not math.isfinite(amount):
            raise DataError(f"--credit {key}: expected an amount >= 0, got {amount:g}")
        credits[key] = amount
    for key, amount in credits.items():
        _check_credit(key, amount, nutrient_targets, f"--credit {key}=" if key in options.credits
                      else f"{targets.source}, key 'credits.{key}': ")

    excluded = resolve_exclusions(catalogue, options.exclude, allergens=targets.allergens)
    diet_excluded = (diet_exclusions(catalogue, targets, options.diet)
                     | profile_exclusions(catalogue, targets, options.profile))
    excluded |= diet_excluded
    excluded_count = len(excluded)
    person_excluded: dict[str, frozenset[str]] = {}
    if household is not None:
        person_excluded = {member.name: frozenset(member.excluded | excluded)
                           for member in household.members}
        # A food nobody eats is off the menu; one that only some eat may be a shared dish.
        excluded |= set.intersection(*(set(names) for names in person_excluded.values()))
    planner, planner_warnings = usable_rules(catalogue, targets.planner, targets.source)
    # A food tagged "ingredient" (flour, garlic, oil) is only ever part of a recipe.
    allowed = tuple(food for food in catalogue.foods
                    if food.name not in excluded and "ingredient" not in food.tags)
    if not allowed:
        raise InfeasibleError("every food is excluded: nothing is left to plan with",
                              constraint="foods")
    if options.objective == "cost" or options.budget is not None:
        unpriced = [food.name for food in allowed if food.price is None]
        if unpriced:
            raise DataError(
                f"{'the cost objective' if options.budget is None else '--budget'} needs a price "
                f"for every food; {len(unpriced)} {'has' if len(unpriced) == 1 else 'have'} none "
                f"(first: '{unpriced[0]}'); add prices or use --objective coverage",
                file=catalogue.source, column="price")

    def eaters_of(foods: Sequence[Food]) -> tuple[Person, ...]:
        """The household's people, ready for a model of ``foods``: their own targets (their
        profile's under both caffeine caps), credits, and which of ``foods`` they eat."""
        if household is None:
            return ()
        result = []
        for n, member in enumerate(household.members, start=1):
            own = _capped(catalogue, _capped(catalogue, targets.for_profile(member.profile), cap),
                          member.caffeine_cap_mg)
            for key, amount in {**credits, **member.credits}.items():
                _check_credit(key, amount, own,
                              f"{household.source}, key 'people[{n}].credits.{key}': "
                              if key in member.credits else f"--credit {key}="
                              if key in options.credits else
                              f"{targets.source}, key 'credits.{key}': ", member.name)
            eats = frozenset(i for i, food in enumerate(foods)
                             if food.name not in person_excluded[member.name])
            result.append(replace(member, targets=own, credits={**credits, **member.credits},
                                  excluded=person_excluded[member.name],
                                  foods=None if len(eats) == len(foods) else eats))
        return tuple(result)

    relaxed_bound = None
    if core and not options.continuous and len(allowed) > search.core_foods:
        included = set().union(*(resolve_exclusions(catalogue, [term], option="--include",
                                                    allergens=targets.allergens)
                                 for term in options.include)) if options.include else set()
        full = models.Problem(foods=allowed, targets=nutrient_targets, settings=planner,
                              days=days, credits=credits, objective=options.objective,
                              household=eaters_of(allowed))
        allowed, relaxed_bound = _core(full, options.solver, included, search)
    index = {food.name: i for i, food in enumerate(allowed)}
    include_groups = []
    for term in options.include:
        matched = resolve_exclusions(catalogue, [term], option="--include",
                                     allergens=targets.allergens)
        group = frozenset(index[name] for name in matched if name in index)
        if not matched:
            raise DataError(f"--include '{term}': no food of {catalogue.source} has it")
        if not group:
            raise DataError(f"--include '{term}': every food it names is excluded "
                            f"({', '.join(sorted(matched)[:3])})")
        include_groups.append(group)
    avoid_meals, avoid_pairs = _avoided(options.avoid, index)
    eaters = eaters_of(allowed)
    locked = _locked(options, index, days, planner.meal_names,
                     [eater.name for eater in eaters])
    per_person = household is None
    problem = models.Problem(
        foods=allowed, targets=nutrient_targets, settings=planner, days=days,
        credits=credits if per_person else {}, objective=options.objective, seed=options.seed,
        avoid_meals=avoid_meals, avoid_pairs=avoid_pairs, include_groups=tuple(include_groups),
        budget=options.budget, people=options.people,
        pantry={index[name]: servings for name, servings in options.pantry.items()
                if name in index and servings > 0},
        locked=locked, household=eaters,
    )
    settings = {
        "profile": options.profile or targets.default_profile,
        "diet": options.diet,
        "exclude": list(options.exclude),
        # How many foods --exclude and --diet left out (a household member's own are theirs).
        "excluded_foods": excluded_count,
        "caffeine_cap_mg": nutrient_targets.get(CAFFEINE, Nutrient("", "", "")).max,
        "objective": options.objective,
        "continuous": options.continuous,
        "seed": options.seed,
        "days": days,
        "foods_available": len(allowed),
        "foods_csv": catalogue.source,
        "targets_yaml": targets.source,
        "include": list(options.include),
        "avoids_earlier_plan": options.avoid is not None,
        # What the shopping may cost at the till (whole packages, after the pantry).
        "budget": options.budget,
    }
    people: tuple[Person, ...] = ()
    if household is not None:
        settings["profile"] = "household"
        settings["household"] = household.source
        # As the plan records them: what they asked for and the targets it was made for.
        people = tuple(replace(eater, targets=dict(eater.targets), foods=None,
                               excluded=frozenset(), caffeine_cap_mg=None,
                               credits={k: v for k, v in eater.credits.items() if v})
                       for eater in eaters)
    if relaxed_bound is not None:
        settings["core_foods"] = len(allowed)
    return Prepared(problem, frozenset(excluded), catalogue, settings, relaxed_bound, people,
                    person_excluded, frozenset(diet_excluded), {
                        member.name: frozenset(diet_excluded | diet_exclusions(
                            catalogue, targets, member.diet))
                        for member in (household.members if household else ())},
                    planner_warnings)


def _check_credit(key: str, amount: float, nutrient_targets: Mapping[str, Nutrient],
                  prefix: str, person: str | None = None) -> None:
    """A credit above a nutrient's upper limit leaves the menu less than nothing to give: bad
    input, named as such (not an infeasible plan blamed on some meal rule)."""
    nutrient = nutrient_targets.get(key)
    if nutrient is None or nutrient.max is None or amount <= nutrient.max:
        return
    whose = f"{person}'s " if person else "the "
    raise DataError(f"{prefix}{amount:g} is more than {whose}upper limit of "
                    f"{nutrient.max:g} {nutrient.unit} of {nutrient.label} a day; lower it")


def usable_rules(catalogue: Catalogue, planner: PlannerSettings,
                 source: str = "targets.yaml") -> tuple[PlannerSettings, list[str]]:
    """The planner rules with every meal rule that needs an aisle the table does not have
    skipped (a catalogue of one's own may have other aisles), and a warning for each."""
    aisles = {food.category for food in catalogue.foods}
    warnings = []
    rules = []
    for rule in planner.meals:
        if rule.require_categories and not rule.require_categories & aisles:
            warnings.append(
                f"{catalogue.source} has no aisle {' or '.join(sorted(rule.require_categories))}"
                f", which planner.meals.{rule.name}.require_categories in {source} asks for at "
                f"{rule.name}: that rule is skipped")
            rule = replace(rule, require_categories=frozenset())
        rules.append(rule)
    return replace(planner, meals=tuple(rules)), warnings


def _capped(catalogue: Catalogue, nutrient_targets: Mapping[str, Nutrient],
            cap: float | None) -> dict[str, Nutrient]:
    """The targets with caffeine capped at ``cap`` mg a day (the lower cap wins).

    A cap needs the table's caffeine column, and only a cap does: targets that do not name
    caffeine get it as a capped nutrient."""
    result = dict(nutrient_targets)
    if cap is None:
        return result
    if CAFFEINE not in catalogue.nutrient_keys:
        raise DataError(f"a caffeine cap needs a '{CAFFEINE}' column in {catalogue.source}, "
                        f"which it does not have")
    caffeine = result.get(CAFFEINE) or Nutrient(CAFFEINE, "Caffeine", "mg")
    result[CAFFEINE] = replace(caffeine, max=cap if caffeine.max is None
                               else min(cap, caffeine.max))
    return result


def _core(full: models.Problem, solver: str, included: set[str], search: FoodSearchSettings
          ) -> tuple[tuple[Food, ...], float | None]:
    """The foods the diet LP uses, the best value sources of each nutrient and the cheapest
    energy for each meal and required aisle; and a bound over all ``foods``.

    The day model's linear relaxation (and the diet LP) relax every day of the weekly model,
    so ``days`` times the optimum bounds the best week from the whole catalogue: the gap a
    core plan reports is measured against it.
    """
    foods, days = full.foods, full.days
    keep: set[int] = set()
    results = []
    for eater in full.eaters:
        # Each person's own diet LP picks the foods that matter most to them.
        built = models.continuous_model(replace(full, targets=eater.targets,
                                                credits=eater.credits, household=()))
        results.append(solve(built.prob, solver, mip=False))
        keep.update(i for i, var in enumerate(built.amount) if (var.value() or 0.0) > 1e-7
                    and eater.eats(i))
    # The day model's linear relaxation over every food keeps the meal rules, so it bounds a
    # day far better than the diet LP (19.8 against 14.3 for a week of 500 USDA foods).  A
    # person's diet LP bounds only a one-person day.
    relaxed = solve(models.day_model(full).prob, solver, mip=False)
    bounds = [days * r.objective for r in (results if len(results) == 1 else []) + [relaxed]
              if r.status == "optimal" and r.objective is not None]
    bound = max(bounds) if bounds else None

    def value(i: int, key: str) -> float:
        return foods[i].amount(key) / ((foods[i].price or 0.0) + 0.05)

    for key in {key for eater in full.eaters for key in eater.soft_minimums()}:
        ranked = sorted(range(len(foods)), key=lambda i: -value(i, key))
        keep.update(ranked[:search.core_per_nutrient])
    for rule in full.settings.meals:
        at_meal = [i for i, food in enumerate(foods) if rule.name in food.meals]
        keep.update(sorted(at_meal, key=lambda i: -value(i, "kcal"))[:search.core_per_meal])
        for aisle in rule.require_categories:
            in_aisle = [i for i in at_meal if foods[i].category == aisle]
            keep.update(sorted(in_aisle, key=lambda i: -value(i, "kcal"))[:search.core_per_meal])
    keep.update(i for i, food in enumerate(foods) if food.name in included)
    return tuple(food for i, food in enumerate(foods) if i in keep), bound


_LOCK = re.compile(r"^\s*day\s+(\d+)(?:\s+([a-z]+))?\s*$", re.IGNORECASE)


def lock_specs(options: PlanOptions, days: int, meal_names: Sequence[str]):
    """Each --lock as (spec, day, meal or None for the whole day, the kept plan's day)."""
    kept = {day.day: day for day in options.keep.days} if options.keep else {}
    for spec in options.locks:
        match = _LOCK.match(spec)
        if not match:
            raise DataError(f"--lock '{spec}': expected 'day N' or 'day N MEAL', e.g. "
                            f"'day 2 dinner'")
        day, meal = int(match.group(1)), (match.group(2) or "").lower() or None
        if day not in kept or day > days:
            raise DataError(f"--lock '{spec}': day {day} is not in both the kept plan "
                            f"({len(kept)} days) and the new one ({days} days)")
        if meal is not None and meal not in meal_names:
            raise DataError(f"--lock '{spec}': unknown meal '{meal}'; meals are "
                            f"{', '.join(meal_names)}")
        yield spec, day, meal, kept[day]


def _locked(options: PlanOptions, index: Mapping[str, int], days: int,
            meal_names: Sequence[str], people: Sequence[str]
            ) -> dict[int, dict[str, dict[int, tuple[int, ...]]]]:
    """--lock "day 2 dinner" / "day 3": the kept plan's meals, as food indices and each
    eater's servings (``people`` names a household's eaters; empty for one person)."""
    if not options.locks:
        return {}
    if options.keep is None:
        raise DataError("--lock needs --keep PLAN.json: the plan whose meals to keep")
    kept_people = [person.name for person in options.keep.household]
    if kept_people != list(people):
        missing = [name for name in people if name not in kept_people]
        raise DataError(
            "--lock: the kept plan is for one person, the new one for a household"
            if not kept_people else
            "--lock: the kept plan is for a household, the new one for one person"
            if not people else
            f"--lock: the kept plan's household ({', '.join(kept_people)}) is not this one "
            f"({', '.join(people)})" + (f"; '{missing[0]}' is new" if missing else ""))
    locked: dict[int, dict[str, dict[int, tuple[int, ...]]]] = {}
    for spec, day, meal, kept_day in lock_specs(options, days, meal_names):
        for item in kept_day.items:
            if meal is not None and item.meal != meal:
                continue
            if item.food not in index:
                raise DataError(f"--lock '{spec}': '{item.food}' is not allowed in this plan "
                                f"(excluded, or not in the food table)")
            if item.servings != int(item.servings):
                raise DataError(f"--lock '{spec}': the kept plan has fractional servings "
                                f"(a --continuous plan cannot be locked)")
            portions = (tuple(int(item.portions.get(name, 0)) for name in people) if people
                        else (int(item.servings),))
            locked.setdefault(day, {}).setdefault(item.meal, {})[index[item.food]] = portions
    return locked


def _avoided(plan: Plan | None, index: Mapping[str, int]
             ) -> tuple[tuple[tuple[str, frozenset[int]], ...], frozenset[tuple[int, str]]]:
    """The meals of an earlier plan not to repeat whole, and its (food, meal) pairs."""
    if plan is None:
        return (), frozenset()
    meals: dict[tuple[str, frozenset[int]], None] = {}
    pairs = set()
    for day in plan.days:
        by_meal: dict[str, set[str]] = {}
        for item in day.items:
            by_meal.setdefault(item.meal, set()).add(item.food)
        for meal, names in by_meal.items():
            # A meal with a food that is no longer allowed cannot come back whole anyway.
            if all(name in index for name in names):
                meals[meal, frozenset(index[name] for name in names)] = None
            pairs.update((index[name], meal) for name in names if name in index)
    return tuple(meals), frozenset(pairs)


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
            outcome = _plan_continuous(prepared.problem, options.solver, grace)
        else:
            outcome = _plan_structured(prepared.problem, options.solver, deadline,
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
    plan.shortfalls = _explain_shortfalls(check.shortfalls, prepared)
    for eater in problem.household:
        plan.shortfalls += _explain_shortfalls(check.person_shortfalls.get(eater.name, {}),
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
        pricers = [_Pricer(problem, options.solver, search, t)
                   for t in range(len(problem.day_types))]
        week = _package_greedy(problem, pricers, lambda column: True, deadline,
                               targets.planner.gap, 1.0, search)
        if (len(week) == problem.days and _acceptable(problem, (week, 0.0))
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


# --------------------------------------------------------------------------------------------
# Column generation


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


def _remaining(deadline: float) -> float:
    return max(0.05, deadline - time.perf_counter())


class _WeekBound:
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
              target_gap: float, search: FoodSearchSettings) -> "_WeekBound | None":
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
        return days, _week_objective(problem, days)

    def stop(self) -> None:
        self.background.stop()


class _Pricer:
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
                                   time_limit=_remaining(deadline), node_limit=limit,
                                   gap=1e-6, abs_gap=abs_gap, need_solution=need_solution)
        if result.objective is None:
            return result, []
        found = [self._column({var: var.value() or 0.0 for var in self.variables})]
        found += [self._column(values) for values in self.engine.extra_solutions()]
        return result, found

    def _column(self, values: Mapping) -> models.Column:
        return _column(self.problem, self.model.vars.menu(values, len(self.problem.eaters)),
                       self.day_type)


def _plan_structured(problem: models.Problem, solver: str, deadline: float, target_gap: float,
                     progress: Progress | None, search: FoodSearchSettings = DEFAULT_SEARCH,
                     max_rounds: int | None = None, grace: float | None = None) -> Outcome:
    """Search for the week; ``grace`` (at or after ``deadline``) is how long the search may go
    on past the time limit while no whole week exists yet."""
    _check_meals_possible(problem)
    _check_variety_possible(problem)
    # The one-piece weekly model's root bound, on the second core, while columns are generated.
    worker = _WeekBound.start(problem, solver, deadline, target_gap, search)
    try:
        return _search_week(problem, solver, deadline, target_gap, progress, search,
                            search.rounds if max_rounds is None else max_rounds,
                            max(deadline, grace or deadline), worker)
    finally:
        if worker is not None:
            worker.stop()  # a solver thread never outlives the search: see BackgroundSolve


def _search_week(problem: models.Problem, solver: str, deadline: float, target_gap: float,
                 progress: Progress | None, search: FoodSearchSettings, max_rounds: int,
                 grace: float, worker: "_WeekBound | None") -> Outcome:
    types = problem.day_types
    pricers = [_Pricer(problem, solver, search, t) for t in range(len(types))]
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
    greedy_week = _greedy_week(problem, pricers, add, grace, target_gap, solver, search)
    if problem.budget is not None:
        # A shopper's week (packages paid when opened) from the start, so the pool has menus
        # that fit a budget at the till however column generation ends.
        shopper = _package_greedy(problem, pricers, add, deadline, target_gap,
                                  search.budget_charges[0], search)
        if len(shopper) == problem.days:
            greedy_week = _better(problem, greedy_week,
                                  (shopper, _week_objective(problem, shopper)))

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
                                 time_limit=_remaining(deadline)).objective or 0.0
        except SolverError:
            timed_out = True
            break
        duals = _duals(problem, master)
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
                raise _diagnose(problem, solver, locked=problem.locked.get(types[t][0]))
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
            week = _better(problem, week, _choose_week(problem, columns, solver, deadline))
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
        week = _better(problem, week, worker.finish(problem, add, deadline))
        bound = max(bound, worker.bound)
    week = _better(problem, week, _choose_week(problem, columns, solver, deadline))
    if week is None and problem.budget is not None:
        # Column generation prices food by the serving; the till charges whole packages.
        week = _budget_week(problem, pricers, add, columns, solver, deadline, target_gap,
                            search)
    if week is None and not problem.locked and problem.budget is None:
        # No whole week among the menus found (the caps bind hard): build one day by day, past
        # the time limit if need be (a week late is better than none).
        week = _dive(problem, columns, known, solver, grace, pricer, bound, target_gap,
                     search)
    alike_days = False
    if week is None and problem.settings.max_shared_foods < 1.0:
        # Too few foods for days this different (a small catalogue, many exclusions): a week
        # whose days only differ beats no week, and the plan says so.
        loose = replace(problem, settings=replace(problem.settings, max_shared_foods=1.0))
        week = _better(loose, week, _choose_week(loose, columns, solver, grace))
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
        # Not proven impossible (that is _check_variety_possible's and the LP's job): the
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
    return Outcome([column.servings for column in _in_day_order(problem, chosen)], objective,
                   bound if bound > -math.inf else None, solver, optimal and not timed_out,
                   warnings, alike_days)


def _in_day_order(problem: models.Problem, chosen: Sequence[models.Column]
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


def _greedy_week(problem: models.Problem, pricers: Sequence["_Pricer"],
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
                raise _diagnose(problem, solver, locked=problem.locked.get(day))
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
    return _better(problem, None, (greedy, _week_objective(problem, greedy)))


def _budget_week(problem: models.Problem, pricers: Sequence["_Pricer"],
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
        _package_greedy(problem, pricers, add, deadline, target_gap, charge, search)
        week = _better(problem, week, _choose_week(problem, columns, solver, deadline))
        if week is not None:
            break
    return week


def _package_greedy(problem: models.Problem, pricers: Sequence["_Pricer"],
                    add: Callable[[models.Column], bool], deadline: float, target_gap: float,
                    charge: float, search: FoodSearchSettings) -> list[models.Column]:
    """One week, day by day, priced by the package (see _budget_week); its menus go to the
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


def _budget_left(problem: models.Problem, fixed: Sequence[models.Column]) -> float | None:
    """What the rest of the week's food may cost, as the linear master relaxes the budget."""
    if problem.eaten_budget is None:
        return None
    return problem.eaten_budget - sum(column.money for column in fixed)


def _acceptable(problem: models.Problem, week) -> bool:
    """No two days alike, every --include group on the menu, and within the budget at the
    till."""
    days = week[0]
    patterns = [column.pattern for column in days]
    alike = len(set(patterns)) < len(patterns) or any(
        models.too_alike(problem, days[a], days[b])
        for a in range(len(days)) for b in range(a + 1, len(days)))
    return (not alike and not any(_still_needed(problem, days))
            and (problem.budget is None or problem.till_cost(days) <= problem.budget + 1e-6))


def _better(problem: models.Problem, first, second):
    """The cheaper of two weeks, ignoring one that breaks a rule the master alone enforces."""
    if second is not None and not _acceptable(problem, second):
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


def _duals(problem: models.Problem, master: models.MasterModel) -> Duals:
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


def _still_needed(problem: models.Problem, fixed: Sequence[models.Column]) -> list[int]:
    """How many more days each --include group needs once the ``fixed`` days are set."""
    return [0 if any(column.foods & group for column in fixed) else 1
            for group in problem.include_groups]


def _choose_week(problem: models.Problem, columns: list[models.Column], solver: str,
                 deadline: float, days: int | None = None,
                 caps: Mapping[int, int] | None = None,
                 include_needed: Sequence[int] | None = None, budget: float | None = None,
                 fixed: Sequence[models.Column] = ()
                 ) -> tuple[list[models.Column], float] | None:
    master = models.master_model(problem, columns, integer=True, days=days, caps=caps,
                                 include_needed=include_needed, budget=budget, fixed=fixed)
    try:
        result = solve(master.prob, solver, time_limit=_remaining(deadline), gap=1e-6)
    except SolverError:
        if time.perf_counter() < deadline:
            raise
        return None  # out of time: the caller keeps the best week it already has
    if result.status == "infeasible":
        return None
    chosen = [column for var, column in zip(master.choose, columns) if (var.value() or 0) > 0.5]
    return chosen, _week_objective(problem, chosen)


def _week_objective(problem: models.Problem, chosen: Sequence[models.Column]) -> float:
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


def _dive(problem: models.Problem, columns: list[models.Column], known: set, solver: str,
          deadline: float, pricer: _Pricer, bound: float, target_gap: float,
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
                                         caps=caps, include_needed=_still_needed(problem, fixed),
                                         budget=_budget_left(problem, fixed))
            try:
                solve(master.prob, solver, mip=False, time_limit=_remaining(deadline))
            except SolverError:
                return best_week  # out of time mid-dive: keep the best whole week so far
            duals = _duals(problem, master)
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
        rest = _choose_week(problem, usable, solver, deadline, days=days_left, caps=caps,
                            include_needed=_still_needed(problem, fixed),
                            budget=_budget_left(problem, fixed), fixed=fixed)
        if rest is not None and len(rest[0]) == days_left:
            chosen = fixed + rest[0]
            best_week = _better(problem, best_week, (chosen, _week_objective(problem, chosen)))
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
        best_week = _better(problem, best_week, (fixed, _week_objective(problem, fixed)))
    return best_week


# --------------------------------------------------------------------------------------------
# The classic diet LP


def _plan_continuous(problem: models.Problem, solver: str, deadline: float) -> Outcome:
    built = models.continuous_model(problem)
    result = solve(built.prob, solver, mip=False, time_limit=_remaining(deadline))
    if result.status == "infeasible":
        raise _diagnose_continuous(problem)
    menu = {(i, "day"): (var.value(),) for i, var in enumerate(built.amount)
            if (var.value() or 0.0) > 1e-7}
    return Outcome([menu] * problem.days, problem.days * (result.objective or 0.0),
                   problem.days * (result.bound if result.bound is not None else 0.0),
                   solver, result.status == "optimal")


# --------------------------------------------------------------------------------------------
# Explaining failure


def _check_meals_possible(problem: models.Problem) -> None:
    for rule in problem.settings.meals:
        if rule.min_foods and not any(rule.name in food.meals for food in problem.foods):
            raise InfeasibleError(
                f"no allowed food can be eaten at {rule.name} (constraint "
                f"min_foods_{rule.name}_day1 needs {rule.min_foods}); exclude fewer foods",
                constraint=f"min_foods_{rule.name}_day1")
        if rule.require_categories and not any(
                rule.name in food.meals and food.category in rule.require_categories
                for food in problem.foods):
            aisles = " or ".join(sorted(rule.require_categories))
            raise InfeasibleError(
                f"no allowed food from {aisles} can be eaten at {rule.name} (constraint "
                f"require_{rule.name}_day1); exclude fewer foods or change "
                f"planner.meals.{rule.name}.require_categories",
                constraint=f"require_{rule.name}_day1")


def _check_variety_possible(problem: models.Problem) -> None:
    """Fail at once, naming the variety rule, when no search could fill the days: each day
    needs its minimum of foods, one of a kind, and a food appears on at most its max_days."""
    settings = problem.settings
    per_day = max(settings.foods_per_day[0], sum(rule.min_foods for rule in settings.meals))
    by_kind: dict[str, int] = {}
    for i, food in enumerate(problem.foods):
        by_kind[food.kind] = by_kind.get(food.kind, 0) + problem.max_days(i)
    available = sum(min(problem.days, days) for days in by_kind.values())
    needed = problem.days * per_day
    if available < needed:
        raise InfeasibleError(
            f"the variety rule cannot be met: {problem.days} days of at least {per_day} foods "
            f"need {needed} food-days, and the {len(problem.foods)} allowed foods, each on at "
            f"most its max_days days (max_days_per_food: {settings.max_days_per_food}) and one "
            f"of a kind a day, give {available} (constraints max_days_*); allow more foods, "
            f"raise max_days_per_food or plan fewer days", constraint="max_days")


# Hard rule families, in the order a person would relax them, with a plain description.
_HARD_RULES = (
    ("min_kcal_", "the energy minimum"),
    ("max_kcal_", "the energy maximum"),
    (f"max_{CAFFEINE}_", "the caffeine cap"),
    ("kcal_share_", "the share of the day's energy each meal may have"),
    ("require_", "the rule that a meal includes a food from its required aisles"),
    ("max_category_", "the limit on foods from one aisle per meal"),
    ("min_foods_", "the minimum number of foods per meal or day"),
    ("max_foods_", "the maximum number of foods per meal or day"),
    ("max_", "an upper limit"),
)


def _describe_rule(problem: models.Problem, rows: Mapping[str, models.Row],
                   names: list[str]) -> str:
    """A person's words for the first of ``names``, from what the model recorded of it (a
    target row: whose, which nutrient, at least or at most); else the name itself."""
    first = names[0]
    row = rows.get(first)
    if row is not None and row.kind in ("min", "max") and row.nutrient is not None:
        eater = problem.eaters[row.person - 1] if row.person else problem.eaters[0]
        if row.nutrient in eater.targets:
            nutrient = eater.targets[row.nutrient]
            amount = nutrient.min if row.kind == "min" else nutrient.max
            return ((f"{eater.name}'s " if row.person else "")
                    + f"{'at least' if row.kind == 'min' else 'at most'} {amount:g} "
                    f"{nutrient.unit} of {nutrient.label} a day")
    return first


def _diagnose(problem: models.Problem, solver: str,
              locked: Mapping[str, Mapping[int, int]] | None = None) -> InfeasibleError:
    """Find which family of hard rules makes a day impossible, by relaxing each in turn."""
    for prefix, description in _HARD_RULES:
        trial = models.day_model(problem, locked=locked)
        names = [name for name in trial.prob.constraints if name.startswith(prefix)]
        if not names:
            continue
        for name in names:
            del trial.prob.constraints[name]
        if solve(trial.prob, solver, time_limit=10).status != "infeasible":
            return InfeasibleError(
                f"no day's menu can meet {description} "
                f"({_describe_rule(problem, trial.vars.rows, names)}; "
                f"constraint {names[0]}) with the {len(problem.foods)} allowed foods",
                constraint=names[0])
    return InfeasibleError("no day's menu can meet the hard rules together with the allowed "
                           "foods; exclude fewer foods or widen the energy band",
                           constraint="day")


def _diagnose_continuous(problem: models.Problem) -> InfeasibleError:
    for key, nutrient in problem.targets.items():
        if nutrient.hard and nutrient.min:
            most = sum(food.amount(key) * food.max_servings for food in problem.foods)
            if most < nutrient.min:
                return InfeasibleError(
                    f"the allowed foods can give at most {most:g} {nutrient.unit} of "
                    f"{nutrient.label} a day, below the minimum {nutrient.min:g} "
                    f"(constraint min_{key})", constraint=f"min_{key}")
    return InfeasibleError("no amounts of the allowed foods meet the hard limits "
                           "(energy band and caps)", constraint="day")


def _explain_shortfalls(shortfalls: Mapping[str, Mapping[int, float]], prepared: Prepared,
                        eater: Person | None = None) -> list[Shortfall]:
    """Each short nutrient with the foods that would have helped.

    A day whose lowest amount the coverage table would round up to the target is not short
    (a rounding residue), and foods the person's diet rules out are never suggested: a vegan
    is not told about beef liver.
    """
    problem = prepared.problem
    targets = problem.targets if eater is None else eater.targets
    excluded = (prepared.excluded if eater is None
                else prepared.person_excluded.get(eater.name, prepared.excluded))
    forbidden = (prepared.diet_excluded if eater is None
                 else prepared.person_diet_excluded.get(eater.name, prepared.diet_excluded))
    result = []
    for key, missing in shortfalls.items():
        nutrient = targets[key]
        target = nutrient.min or 0.0
        missing = {day: amount for day, amount in missing.items()
                   if rounded_as_shown(target - amount) < target - 1e-9}
        if not missing:
            continue
        allowed = {food.name for food in problem.foods}
        richest = sorted((food for food in prepared.catalogue.foods
                          if food.name not in forbidden), key=lambda food: -food.amount(key))
        helpers = []
        for food in richest:
            if food.amount(key) <= 0 or len(helpers) >= 4:
                break
            if food.name in excluded:
                helpers.append(f"{food.name} (excluded)")
            elif food.name in allowed and food.amount(key) * food.max_servings >= 0.2 * target:
                days = problem.max_days(problem.foods.index(food))
                helpers.append(f"{food.name} (capped at {_count(food.max_servings, 'serving')}"
                               f" a day and {_count(days, 'day')} a week)")
        result.append(Shortfall(key, nutrient.label, nutrient.unit, target,
                                dict(missing), helpers, None if eater is None else eater.name))
    return result


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --------------------------------------------------------------------------------------------


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
