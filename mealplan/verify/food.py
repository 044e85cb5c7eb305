"""Check a plan of single foods against the rules read from the data, never from the model:
the meals and their foods, each food's days and servings, --avoid, --lock, and each person's
targets and foods."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Mapping

from ..data import Food, Nutrient, PlannerSettings
from ..domain import Person
from ..plan import DayPlan, MenuItem, Plan
from .common import (Verification, check_budget, check_day_count, check_included, check_targets,
                     checked_food, exceeds, falls_short)


@dataclass(frozen=True)
class Rules:
    targets: Mapping[str, Nutrient]
    settings: PlannerSettings
    days: int
    credits: Mapping[str, float] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()
    structured: bool = True  # False for --continuous: fractional servings, no meal rules
    # --avoid: (meal, food names) of an earlier plan that must not come back whole
    avoided_meals: frozenset[tuple[str, frozenset[str]]] = frozenset()
    # --include: each group of food names must appear somewhere in the plan
    include_groups: tuple[frozenset[str], ...] = ()
    # --budget: the most the plan's shopping may cost at the till (whole packages for all its
    # people, after the pantry the plan records)
    budget: float | None = None
    # --lock: day -> meal -> {food: each eater's servings} that must be exactly so
    locked: Mapping[int, Mapping[str, Mapping[str, tuple[int, ...]]]] = field(
        default_factory=dict)
    # --household: the people sharing the menu; ``targets``, ``credits`` and ``excluded`` then
    # describe the menu as a whole and each person is checked against their own.
    household: tuple[Person, ...] = ()


def verify(plan: Plan, foods: Mapping[str, Food], rules: Rules) -> Verification:
    result = Verification()
    problems = result.violations
    check_day_count(plan, rules.days, problems)
    days_eaten: Counter[str] = Counter()
    for day in plan.days:
        label = f"day {day.day}"
        totals: dict[str, float] = defaultdict(float)
        meal_kcal: dict[str, float] = defaultdict(float)
        meal_foods: dict[str, int] = defaultdict(int)
        meal_aisles: dict[str, Counter[str]] = defaultdict(Counter)
        seen_today: Counter[str] = Counter()
        servings_today: dict[str, float] = defaultdict(float)
        for item in day.items:
            food = checked_food(label, item, foods, rules.excluded, problems)
            if food is None:
                continue
            for key in rules.targets:
                totals[key] += food.nutrients.get(key, 0.0) * item.servings
            meal_kcal[item.meal] += food.nutrients.get("kcal", 0.0) * item.servings
            meal_foods[item.meal] += 1
            meal_aisles[item.meal][food.category] += 1
            seen_today[item.food] += 1
            servings_today[item.food] += item.servings
            if rules.structured:
                if item.servings != int(item.servings):
                    problems.append(f"{label}: '{item.food}' has a fractional serving")
                if item.meal not in food.meals:
                    problems.append(f"{label}: '{item.food}' is not eaten at {item.meal}")
        for name, servings in servings_today.items():
            if not rules.household and name in foods and exceeds(servings,
                                                              foods[name].max_servings):
                problems.append(f"{label}: {servings:g} servings of '{name}', more than its "
                                f"max_servings {foods[name].max_servings}")
        days_eaten.update(seen_today.keys())

        if rules.household:
            _check_portions(day, rules, problems)
            for person in rules.household:
                _check_person(person, day, foods, rules, result)
        else:
            short = check_targets(label, rules.targets, rules.credits, totals, problems)
            for key, missing in short.items():
                result.shortfalls.setdefault(key, {})[day.day] = missing
        for key, value in day.totals.items():
            if key in totals and abs(value - totals[key]) > 1e-6 * max(1.0, abs(value)):
                problems.append(f"{label}: the stated {key} total {value:g} does not match the "
                                f"menu ({totals[key]:g})")

        if not rules.structured:
            continue
        for name, count in seen_today.items():
            if count > 1:
                problems.append(f"{label}: '{name}' is served at {count} meals")
        # At most one food of each kind a day ("Milk, 2%" and "Milk, whole" are both milk).
        kinds: dict[str, list[str]] = defaultdict(list)
        for name in seen_today:
            if name in foods:
                kinds[foods[name].kind].append(name)
        for kind, names in sorted(kinds.items()):
            if len(names) > 1:
                problems.append(f"{label}: {len(names)} foods of the kind '{kind}' "
                                f"({', '.join(sorted(names))}); at most one a day")
        distinct = len(seen_today)
        low, high = rules.settings.foods_per_day
        if not low <= distinct <= high:
            problems.append(f"{label}: {distinct} foods, expected {low} to {high}")
        day_kcal = sum(meal_kcal.values())
        for rule in rules.settings.meals:
            count = meal_foods.get(rule.name, 0)
            if not rule.min_foods <= count <= rule.max_foods:
                problems.append(f"{label}: {rule.name} has {count} foods, expected "
                                f"{rule.min_foods} to {rule.max_foods}")
            aisles = meal_aisles.get(rule.name, Counter())
            if rule.require_categories and not any(aisles[c] for c in rule.require_categories):
                problems.append(f"{label}: {rule.name} has no food from "
                                f"{' or '.join(sorted(rule.require_categories))}")
            for category, limit in rules.settings.max_per_meal.items():
                if aisles[category] > limit:
                    problems.append(f"{label}: {rule.name} has {aisles[category]} foods from "
                                    f"{category}, at most {limit} allowed")
            if "kcal" in rules.targets and day_kcal > 0 and not rules.household:
                share = meal_kcal.get(rule.name, 0.0) / day_kcal
                low_share, high_share = rule.kcal_share
                if falls_short(share, low_share) or exceeds(share, high_share):
                    problems.append(f"{label}: {rule.name} has {share:.0%} of the day's energy, "
                                    f"expected {low_share:.0%} to {high_share:.0%}")
        for meal in meal_foods:
            eaten = frozenset(item.food for item in day.items if item.meal == meal)
            if (meal, eaten) in rules.avoided_meals:
                problems.append(f"{label}: {meal} repeats a {meal} of the avoided plan")
        unknown_meals = set(meal_foods) - set(rules.settings.meal_names)
        for meal in sorted(unknown_meals):
            problems.append(f"{label}: unknown meal '{meal}'")

    if rules.structured:
        # Staples (foods given their own max_days: milk, bread, coffee) are meant to recur.
        menus = [(day.day, {item.food for item in day.items
                            if item.food in foods and foods[item.food].max_days is None})
                 for day in plan.days]
        share = rules.settings.max_shared_foods
        for n, (first, a) in enumerate(menus):
            for second, b in menus[n + 1:]:
                if a & b and len(a & b) > share * min(len(a), len(b)):
                    problems.append(f"days {first} and {second} share {len(a & b)} of their "
                                    f"foods, more than {share:.0%} of the smaller day")
    by_number = {day.day: day for day in plan.days}
    for number, meals in rules.locked.items():
        for meal, wanted in meals.items():
            day = by_number.get(number)
            served = {} if day is None else {item.food: _portions(item, rules)
                                             for item in day.items if item.meal == meal}
            if served != dict(wanted):
                problems.append(f"day {number}: {meal} is not the locked {meal}")
    check_budget(plan, rules.budget, problems)
    check_included(rules.include_groups, set(days_eaten), problems)
    if rules.structured:
        for name, count in days_eaten.items():
            food = foods.get(name)
            if food is None:
                continue
            limit = food.max_days if food.max_days is not None else (
                rules.settings.max_days_per_food)
            if count > limit:
                problems.append(f"'{name}' is eaten on {count} days, more than its limit of "
                                f"{limit}")
    return result


def _portions(item: MenuItem, rules: Rules) -> tuple[float, ...]:
    """Each eater's servings of a dish, in the household's order (one person: the servings)."""
    if not rules.household:
        return (item.servings,)
    return tuple(item.portions.get(person.name, 0.0) for person in rules.household)


def _check_portions(day: DayPlan, rules: Rules, problems: list[str]) -> None:
    """Each shared dish goes only to the household, and its portions make up its servings."""
    names = {person.name for person in rules.household}
    for item in day.items:
        strangers = set(item.portions) - names
        if strangers:
            problems.append(f"day {day.day}: '{item.food}' is given to "
                            f"'{sorted(strangers)[0]}', who is not in the household")
        if abs(sum(item.portions.values()) - item.servings) > 1e-6:
            problems.append(f"day {day.day}: the portions of '{item.food}' do not add up to "
                            f"its {item.servings:g} servings")


def _check_person(person: Person, day: DayPlan, foods: Mapping[str, Food], rules: Rules,
                  result: Verification) -> None:
    """One household member's day: the shared dishes they get, and their own targets."""
    problems = result.violations
    label = f"day {day.day}, {person.name}"
    totals: dict[str, float] = defaultdict(float)
    meal_kcal: dict[str, float] = defaultdict(float)
    meals_eaten: set[str] = set()
    for item in day.items:
        food = foods.get(item.food)
        portion = item.portions.get(person.name, 0.0)
        if food is None:
            continue
        if item.food in person.excluded:
            if portion:
                problems.append(f"{label}: has '{item.food}', which they do not eat")
            continue
        if not portion:
            # The menu is shared: everyone who eats a food gets some of the dish.
            problems.append(f"{label}: gets none of the shared '{item.food}' at {item.meal}")
            continue
        if rules.structured and portion != int(portion):
            problems.append(f"{label}: '{item.food}' is a fractional serving")
        if exceeds(portion, food.max_servings):
            problems.append(f"{label}: {portion:g} servings of '{item.food}', more than its "
                            f"max_servings {food.max_servings}")
        meals_eaten.add(item.meal)
        for key in person.targets:
            totals[key] += food.nutrients.get(key, 0.0) * portion
        meal_kcal[item.meal] += food.nutrients.get("kcal", 0.0) * portion
    short = check_targets(label, person.targets, person.credits, totals, problems)
    for key, missing in short.items():
        result.person_shortfalls.setdefault(person.name, {}).setdefault(key, {})[
            day.day] = missing
    stated = day.person_totals.get(person.name, {})
    for key, value in stated.items():
        if key in totals and abs(value - totals[key]) > 1e-6 * max(1.0, abs(value)):
            problems.append(f"{label}: the stated {key} total {value:g} does not match their "
                            f"portions ({totals[key]:g})")
    if not rules.structured:
        return
    day_kcal = sum(meal_kcal.values())
    for rule in rules.settings.meals:
        if rule.min_foods and rule.name not in meals_eaten:
            problems.append(f"{label}: eats nothing at {rule.name}")
        if "kcal" in person.targets and day_kcal > 0:
            share = meal_kcal.get(rule.name, 0.0) / day_kcal
            low_share, high_share = rule.kcal_share
            if falls_short(share, low_share) or exceeds(share, high_share):
                problems.append(f"{label}: {rule.name} has {share:.0%} of their day's energy, "
                                f"expected {low_share:.0%} to {high_share:.0%}")
