"""From a request to the single-food model's Problem: options checked against the data,
the foods each person eats, credits and caffeine caps, locks, --avoid and --include, and a
large catalogue cut to a core whose bound still holds for every food."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence

from .. import model as models
from ..data import (MAX_PEOPLE, Catalogue, Food, Nutrient, PlannerSettings, Targets,
                    diet_exclusions, profile_exclusions, resolve_exclusions)
from ..errors import DataError, InfeasibleError
from ..jsondoc import control_character, describe
from ..plan import Person, Plan
from ..request import PlanOptions
from ..search_settings import FoodSearchSettings
from ..solve import solve

CAFFEINE = "caffeine_mg"


# The search's knobs (time limits, rounds, node budgets, core size ...) are one
# FoodSearchSettings (search_settings.py), passed down; these are its defaults.
DEFAULT_SEARCH = FoodSearchSettings()


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


LOCK_SPEC = re.compile(r"^\s*day\s+(\d+)(?:\s+([a-z]+))?\s*$", re.IGNORECASE)


def lock_specs(options: PlanOptions, days: int, meal_names: Sequence[str]):
    """Each --lock as (spec, day, meal or None for the whole day, the kept plan's day)."""
    kept = {day.day: day for day in options.keep.days} if options.keep else {}
    for spec in options.locks:
        match = LOCK_SPEC.match(spec)
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


def check_kept_plan(options: PlanOptions, people: Sequence[str]) -> None:
    """--lock's kept plan (--keep) is there and feeds the same people as the new one (one
    person, or a household of the same names, in order): both planners' check."""
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


def _locked(options: PlanOptions, index: Mapping[str, int], days: int,
            meal_names: Sequence[str], people: Sequence[str]
            ) -> dict[int, dict[str, dict[int, tuple[int, ...]]]]:
    """--lock "day 2 dinner" / "day 3": the kept plan's meals, as food indices and each
    eater's servings (``people`` names a household's eaters; empty for one person)."""
    if not options.locks:
        return {}
    check_kept_plan(options, people)
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
