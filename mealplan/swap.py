"""Change one meal (or one day) of a saved recipe plan, and as little else as it must.

A swap re-plans the week with every other dish kept (``--keep``/``--lock``), the meal asked
for not allowed its current dish, and no dish added to a meal that had none.  When no such week
keeps the coverage the saved one had, one more meal may change: the day's other meals first,
then the same meal on the days next to it (the dinner protein rotates), then the rest; the
cheapest week that keeps the coverage wins, and the result says which meal changed and why.
The week is verified like any plan (plan_menu), locks included.

A re-plan is free to choose every day's sides anew (a lock keeps a dish and its portions), so
the days it did not have to change are then put back as they were: the re-planned days whose
dishes changed (and the days a leftover ties to them) beside the saved week's other days, when
that week passes the verifier and keeps the coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Collection, Iterable, Sequence

from .data import OVER, Catalogue, Household, Targets
from .errors import DataError, InfeasibleError, MealplanError, SolverError
from .food.prepare import LOCK_SPEC
from .menu_planner import (BUDGET_VARIETY, STOVE_SETTINGS, menu_rules, plan_menu,
                           prepare_menu)
from .plan import Plan, Shortfall
from .preferences import Tastes
from .recipes import Cookbook
from .request import PlanOptions
from .search_settings import SearchSettings
from .staples import load_staples
from .verify import verify_menu

# At most this many re-plans with one more meal free, after the first try.
MAX_SECOND_TRIES = 6
Meal = tuple[int, str]  # (day, meal)


@dataclass(frozen=True)
class Change:
    day: int
    meal: str
    before: str | None
    after: str | None

    def describe(self) -> str:
        return f"day {self.day} {self.meal}: {self.before or 'nothing'} -> {self.after or 'nothing'}"


@dataclass
class SwapResult:
    plan: Plan
    asked: list[Change]                    # the meals asked for (and dishes now excluded)
    others: list[Change] = field(default_factory=list)  # other meals that had to change
    reason: str | None = None              # why the others changed
    side_days: list[int] = field(default_factory=list)  # days whose sides changed
    forced: list[Change] = field(default_factory=list)  # kept dishes the request excludes
    old: Plan | None = None
    # the same dish, cooked otherwise: "day 3 dinner: ... is cooked that day (it was ...)"
    cooking: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        """What changed and why, a line each."""
        lines = [f"Swapped {change.describe()}" for change in self.asked]
        lines += [f"Also changed {change.describe()}: it is excluded now"
                  for change in self.forced]
        lines += [f"Also changed {change.describe()}: {self.reason} with only the meal asked "
                  f"changed" for change in self.others]
        lines += [f"Also changed {line}" for line in self.cooking]
        for day in self.side_days:
            was, now = _side_names(self.old, day), _side_names(self.plan, day)
            lines.append(f"Sides of day {day}, to keep its coverage: now "
                         f"{', '.join(now) or 'none'} (were {', '.join(was) or 'none'})")
        if not self.others and not self.forced and not self.side_days and not self.cooking:
            lines.append("Nothing else changed.")
        return lines


def dishes(plan: Plan) -> dict[Meal, str]:
    """(day, meal) -> the recipe served there."""
    return {(day.day, item.meal): item.recipe for day in plan.days for item in day.items
            if item.recipe is not None}


def _sides(plan: Plan) -> dict[int, list[tuple[str, str, float]]]:
    return {day.day: sorted((item.meal, item.food, round(item.servings, 6))
                            for item in day.items if item.recipe is None) for day in plan.days}


def _side_names(plan: Plan | None, day: int) -> list[str]:
    """Each side of ``day`` with its meal: a food may be a side at two meals ("Oat milk ×1,
    Oat milk ×1" said nothing of which)."""
    if plan is None:
        return []
    return [f"{item.food} ×{item.servings:g} at {item.meal}" for d in plan.days
            if d.day == day for item in d.items if item.recipe is None]


def parse_spec(plan: Plan, spec: str, required: Collection[str] = (),
               optional: Collection[str] = ()) -> list[Meal]:
    """'day 4 lunch' -> [(4, 'lunch')]; 'day 4' -> every dish of day 4, and each of the
    ``required`` meals it left unplanned (a budget week may).  A meal of ``required`` or
    ``optional`` with no dish is asked to get one."""
    match = LOCK_SPEC.match(spec)
    if not match:
        raise DataError(f"swap '{spec}': expected 'day N' or 'day N MEAL', e.g. 'day 4 lunch'")
    day, meal = int(match.group(1)), (match.group(2) or "").lower() or None
    served = dishes(plan)
    if day not in {d.day for d in plan.days}:
        raise DataError(f"swap '{spec}': the plan has days 1 to {len(plan.days)}")
    meals = [m for (d, m) in served if d == day]
    if meal is None:
        return [(day, m) for m in meals] + [(day, m) for m in required if m not in meals]
    if meal not in meals and meal not in required and meal not in optional:
        raise DataError(f"swap '{spec}': day {day} has no {meal} dish; its dishes are at "
                        f"{', '.join(meals)}")
    return [(day, meal)]


def options_of(plan: Plan, household: Household | None = None, exclude: Sequence[str] = (),
               tastes: Tastes = Tastes(), staples: frozenset[str] = frozenset()
               ) -> PlanOptions:
    """The options the saved plan was made with (its settings), plus more exclusions and
    tastes; ``household`` is the plan's household file, read again; ``staples``: those of a
    plan that does not record its own (older plans: the shipped list and the staples it
    used)."""
    settings = plan.settings
    if not plan.recipes:
        raise DataError("swap changes dishes: this plan was made from single foods (plan again "
                        "with --keep and --lock to keep some of its meals)")
    is_household = bool(plan.household)
    if is_household and household is None:
        raise DataError("swap: the plan is for a household; give its file with --household")
    saved_prefer = tuple(settings.get("prefer") or ())
    return PlanOptions(
        days=len(plan.days),
        profile=None if is_household else settings.get("profile"),
        exclude=list(dict.fromkeys([*(settings.get("exclude") or []), *exclude])),
        diet=settings.get("diet"),
        max_caffeine=None if is_household else settings.get("caffeine_cap_mg"),
        credits=dict(plan.credits), people=plan.people,
        objective=settings.get("objective") or "coverage", seed=settings.get("seed"),
        pantry=dict(plan.pantry), include=list(settings.get("include") or []),
        budget=settings.get("budget"), household=household,
        budget_variety=settings.get("variety") == BUDGET_VARIETY,
        tastes=replace(tastes, prefer=tuple(dict.fromkeys(saved_prefer + tastes.prefer))),
        keep=plan,
        staples=(frozenset(settings["staples"]) if "staples" in settings
                 else staples | frozenset(plan.staples)),
        **{key: settings.get(key) for key in STOVE_SETTINGS})


def _short(plan: Plan) -> set[tuple[str | None, str, int]]:
    return {(s.person, s.nutrient, day) for s in plan.shortfalls for day in s.missing}


def _worse(new: Plan, old: Plan) -> str | None:
    """Why ``new`` does not keep ``old``'s coverage, or None when it does."""
    lost = sorted(_short(new) - _short(old), key=lambda key: (key[2], key[1]))
    if not lost:
        return None
    labels = {s.nutrient: s.label for s in new.shortfalls}
    person, nutrient, day = lost[0]
    whose = f"{person}'s " if person else ""
    return f"day {day} would fall short of {whose}{labels.get(nutrient, nutrient)}"


def swap(catalogue: Catalogue, targets: Targets, cookbook: Cookbook, plan: Plan, spec: str, *,
         exclude: Sequence[str] = (), tastes: Tastes = Tastes(),
         household: Household | None = None, settings: SearchSettings | None = None,
         rounds: int | None = None, time_limit: float | None = None) -> SwapResult:
    """Replace the meal (or day) ``spec`` names with the best other dish that keeps the plan's
    coverage; raises InfeasibleError when even one more changed meal cannot."""
    base = replace(options_of(plan, household, exclude, tastes,
                              load_staples(None, catalogue)), rounds=rounds,
                   time_limit=time_limit)
    rules = targets.recipes
    asked = parse_spec(plan, spec, rules.meals, rules.optional_meals)
    served = dishes(plan)
    to_fill = [meal for meal in asked if meal not in served]  # unplanned: given a dish
    # A meal named is filled or the try fails; a day redone fills what it can (a budget may
    # still leave a meal of it unplanned).
    must_fill = to_fill if len(asked) == 1 else []
    allowed = {recipe.name for recipe in prepare_menu(catalogue, targets, cookbook,
                                                      base).problem.recipes}
    forced = [meal for meal, name in served.items() if name not in allowed and meal not in asked]
    free = [*asked, *forced]
    meals_of_rules = targets.recipes.all_meals

    def attempt(extra: Iterable[Meal]) -> Plan:
        options = attempt_options(extra)
        new = plan_menu(catalogue, targets, cookbook, options, settings)
        # The swap's own rule, checked here and not trusted to the search: no meal asked for
        # gets a dish it may not have (its own, or for a day redone, any of that day's).
        after = dishes(new)
        again = [f"day {d} {m}" for d, m, name in options.ban if after.get((d, m)) == name]
        if again:
            raise SolverError(f"the re-planned week serves {again[0]} its old dish again; "
                              "please report this as a bug")
        unfilled = [f"day {d} {m}" for d, m in must_fill if (d, m) not in after]
        if unfilled:
            within = (f" within the budget of ${options.budget:.2f}"
                      if options.budget is not None else "")
            raise InfeasibleError(f"{unfilled[0]} stays unplanned{within}", constraint="swap")
        return _keep_the_rest(plan, new, catalogue, targets, cookbook, options)

    def attempt_options(extra: Iterable[Meal]) -> PlanOptions:
        unlocked = set(free) | set(extra)
        locks = [f"day {d} {m}" for (d, m) in served if (d, m) not in unlocked]
        ban = [(d, m, served[d, m]) for (d, m) in asked if (d, m) in served]
        if len(asked) > 1:  # a day redone: none of its dishes at any of its meals
            ban = [(d, m, served[d, other]) for (d, other) in asked if (d, other) in served
                   for m in meals_of_rules]
        # A meal that had no dish (a snack of sides) gets none: nothing new appears there.
        empty = [(d.day, m) for d in plan.days for m in meals_of_rules
                 if (d.day, m) not in served and (d.day, m) not in unlocked]
        ban += [(d, m, recipe.name) for d, m in empty for recipe in cookbook.recipes
                if m in recipe.meals]
        return replace(base, locks=locks, ban=ban)

    try:
        first = attempt(())
        why = _worse(first, plan)
    except (InfeasibleError, SolverError) as error:
        first, why = None, _why_not(error)
    if why is None and first is not None:
        return _result(plan, first, asked, forced, None)
    found: list[tuple[float, Meal, Plan]] = []
    for n, candidate in enumerate(_candidates(plan, asked, served, free)):
        if n >= MAX_SECOND_TRIES or (found and n >= _near_count(asked, served, free)):
            break
        try:
            trial = attempt([candidate])
        except MealplanError:
            continue
        if _worse(trial, plan) is None:
            found.append((trial.objective or 0.0, candidate, trial))
    if not found:
        what = f"day {asked[0][0]}" + (f" {asked[0][1]}" if len(asked) == 1 else "")
        other = "" if to_fill and len(asked) == 1 else "other "
        raise InfeasibleError(f"no {other}dish for {what} keeps the week's coverage, even with "
                              f"one more meal changed ({why})", constraint="swap")
    _, candidate, best = min(found, key=lambda entry: entry[0])
    return _result(plan, best, asked, forced, why)


def _leftover_links(plan: Plan) -> set[tuple[int, int]]:
    """(day cooked, day eaten) of every leftover."""
    return {(item.leftover_from, day.day) for day in plan.days for item in day.items
            if item.leftover_from is not None}


def _keep_the_rest(old: Plan, new: Plan, catalogue: Catalogue, targets: Targets,
                   cookbook: Cookbook, options: PlanOptions) -> Plan:
    """``new``'s days whose dishes changed, and the days a leftover ties to them, beside
    ``old``'s other days, when that week keeps every rule and ``new``'s coverage; else ``new``.
    A leftover both weeks have ties nothing when its pot is cooked alike: only the leftovers
    one week has are followed first, then all of them."""
    before, after = dishes(old), dishes(new)
    changed = {day for day, meal in set(before) | set(after)
               if before.get((day, meal)) != after.get((day, meal))}
    old_links, new_links = _leftover_links(old), _leftover_links(new)
    rules = None
    tried: list[set[int]] = []
    for links in (old_links ^ new_links, old_links | new_links):
        days = _tied(changed, links)
        if days in tried or len(days) >= len(new.days) or len(old.days) != len(new.days):
            continue
        tried.append(days)
        spliced = _spliced(old, new, days)
        if rules is None:
            rules = menu_rules(prepare_menu(catalogue, targets, cookbook, options), catalogue,
                               targets, cookbook, options)
        check = verify_menu(spliced, catalogue.by_name(), rules)
        found = {(None, key.removeprefix(OVER), day) for key, missing in check.shortfalls.items()
                 for day in missing}
        found |= {(person, key.removeprefix(OVER), day)
                  for person, short in check.person_shortfalls.items()
                  for key, missing in short.items() for day in missing}
        # The verifier's shortfalls, not the ones put together from the two weeks, decide.
        if check.ok and found == _short(spliced) and not _worse(spliced, new):
            return spliced
    return new


def _tied(changed: set[int], links: set[tuple[int, int]]) -> set[int]:
    """``changed`` and every day a leftover of ``links`` ties to one of them."""
    days = set(changed)
    grown = True
    while grown:
        grown = False
        for cooked, eaten in links:
            if (cooked in days) != (eaten in days):
                days |= {cooked, eaten}
                grown = True
    return days


def _spliced(old: Plan, new: Plan, changed: set[int]) -> Plan:
    """``new``'s ``changed`` days and ``old``'s others, as one plan (no proven gap)."""
    days = [fresh if fresh.day in changed else kept for fresh, kept in zip(new.days, old.days)]
    used = {item.food for day in days for item in day.items}
    served = {item.recipe for day in days for item in day.items if item.recipe is not None}
    shortfalls = _merged_shortfalls(old, new, changed)
    return replace(
        new, days=days, objective=None, gap=None,
        status="shortfall" if shortfalls else "feasible",
        foods={name: info for name, info in sorted({**old.foods, **new.foods}.items())
               if name in used or name in new.pantry},
        recipes={name: info for name, info in sorted({**old.recipes, **new.recipes}.items())
                 if name in served},
        staples=sorted(name for name in set(old.staples) | set(new.staples) if name in used),
        shortfalls=shortfalls, warnings=list(new.warnings))


def _merged_shortfalls(old: Plan, new: Plan, changed: set[int]) -> list[Shortfall]:
    """Each day's shortfalls from the week that day comes from."""
    merged: dict[tuple, Shortfall] = {}
    for source, keep in ((old, lambda day: day not in changed), (new, lambda day: day in changed)):
        for shortfall in source.shortfalls:
            missing = {day: amount for day, amount in shortfall.missing.items() if keep(day)}
            if not missing:
                continue
            key = (shortfall.person, shortfall.nutrient, shortfall.over)
            if key in merged:
                merged[key].missing.update(missing)
            else:
                merged[key] = replace(shortfall, missing=missing)
    return list(merged.values())


def _why_not(error: MealplanError) -> str:
    """The rule a re-plan could not keep.  With locks that leave no valid week the search can
    end on a week the verifier rejects (a SolverError naming the broken rule): for a swap that
    only means this try has no week."""
    found = re.search(r"failed verification \((.*)\); please report", str(error))
    return found.group(1) if found else str(error)


def _near_count(asked: list[Meal], served: dict[Meal, str], free: list[Meal]) -> int:
    return sum(1 for meal in _candidates_near(asked, served, free))


def _candidates_near(asked: list[Meal], served: dict[Meal, str], free: list[Meal]):
    days = {d for d, _ in asked}
    meals = {m for _, m in asked}
    seen = set(free)
    near = [meal for meal in served if meal[0] in days]
    near += [(d, m) for (d, m) in served if m in meals and any(abs(d - a) == 1 for a in days)]
    for meal in near:
        if meal not in seen:
            seen.add(meal)
            yield meal


def _candidates(plan: Plan, asked: list[Meal], served: dict[Meal, str], free: list[Meal]):
    """Meals that may change as well, the likeliest to help first."""
    near = list(_candidates_near(asked, served, free))
    yield from near
    yield from (meal for meal in served if meal not in near and meal not in free)


def _result(old: Plan, new: Plan, asked: list[Meal], forced: list[Meal],
            why: str | None) -> SwapResult:
    before, after = dishes(old), dishes(new)
    new.start = old.start

    def change(meal: Meal) -> Change:
        return Change(meal[0], meal[1], before.get(meal), after.get(meal))

    others = [change(meal) for meal in sorted(set(before) | set(after))
              if meal not in asked and meal not in forced and before.get(meal) != after.get(meal)]
    old_sides, new_sides = _sides(old), _sides(new)
    side_days = [day for day in sorted(new_sides) if old_sides.get(day) != new_sides[day]]
    return SwapResult(new, [change(meal) for meal in asked], others,
                      why if others else None, side_days, [change(meal) for meal in forced], old,
                      _cooking_changes(old, new))


def _pots(plan: Plan) -> dict[Meal, tuple[int | None, float | None]]:
    """(day, meal) -> (the day its leftover was cooked, portions cooked when more than served)."""
    return {(day.day, item.meal): (item.leftover_from, item.cooked)
            for day in plan.days for item in day.items if item.recipe is not None}


def _cooking_changes(old: Plan, new: Plan) -> list[str]:
    """Meals that keep their dish but are cooked otherwise: the pot a leftover came from went
    with the swapped meal, or a dish is now cooked for a later meal too."""
    before, after = dishes(old), dishes(new)
    was, now = _pots(old), _pots(new)
    lines = []
    for meal in sorted(set(was) & set(now)):
        if before[meal] != after[meal] or was[meal] == now[meal]:
            continue
        (old_from, old_cooked), (new_from, new_cooked) = was[meal], now[meal]
        what = f"day {meal[0]} {meal[1]}: {after[meal]} is now"
        if old_from != new_from:
            now_text = ("cooked that day" if new_from is None else f"day {new_from}'s leftover")
            was_text = ("cooked that day" if old_from is None else f"day {old_from}'s leftover")
            lines.append(f"{what} {now_text} (it was {was_text})")
        elif old_cooked != new_cooked:
            def pot(cooked: float | None) -> str:
                return f"{cooked:g} portions" if cooked else "that meal only"
            lines.append(f"{what} cooked for {pot(new_cooked)} (was {pot(old_cooked)})")
    return lines
