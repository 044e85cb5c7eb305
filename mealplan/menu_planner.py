"""Plan a week from recipes: the request, the search, the plan, its check and its explanation.

``plan_menu`` reads as the paragraph it is: the options become a checked MenuProblem
(``prepare_menu``), the search finds a week and a proven bound (menu_search), the week becomes a
Plan of ingredient items that anyone can recompute, the independent verifier checks it, and
shortfalls are explained.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Mapping

from .data import (OVER, Catalogue, Food, Nutrient, RecipeRules, Targets, diet_exclusions,
                   profile_exclusions, resolve_exclusions, skipped_note)
from .errors import DataError, InfeasibleError, SolverError
from .food.prepare import check_kept_plan, lock_specs, prepare
from .menu_basket import basket_eaters, basket_lines
from .menu_master import rule_counts
from .menu_pricing import Outcome
from .menu_problem import MenuProblem
from .menu_search import search
from .menu_week import fridge
from .plan import DayPlan, FoodInfo, MenuItem, Person, Plan, RecipeInfo, Shortfall, menu_totals
from .preferences import Tastes, resolve_tastes
from .recipes import Cookbook, Recipe
from .request import PlanOptions
from .search_settings import SearchSettings
from .solve import relative_gap
from .verify import MenuRules, verify_menu

# The default safety net; the search normally ends on its work budget in about a second.
DEFAULT_TIME_LIMIT = 30.0
# The options of the stove a plan records in its settings when given (swap reads them back).
STOVE_SETTINGS = ("minute_cost", "weeknight_minutes", "weekend_minutes")
# A plan's settings["variety"] when its week kept the budget's variety rules.
BUDGET_VARIETY = "on a budget"
# Display order of the meals.
_SIDE_MEAL_ORDER = ("breakfast", "lunch", "dinner", "snack")


@dataclass
class PreparedMenu:
    problem: MenuProblem
    excluded: frozenset[str]              # foods nobody at the table eats (each person's
                                          # own: problem.eaters[p].excluded)
    settings: dict
    people: tuple[Person, ...] = ()
    removed_recipes: int = 0
    warnings: list[str] = field(default_factory=list)
    diet_excluded: frozenset[str] = frozenset()  # foods the diet rules out, not the person
    excluded_recipes: frozenset[str] = frozenset()  # dishes excluded by name or disliked


def prepare_menu(catalogue: Catalogue, targets: Targets, cookbook: Cookbook,
                 options: PlanOptions) -> PreparedMenu:
    """Check the options against the data and build the MenuProblem; raises DataError."""
    if options.continuous:
        raise DataError("--continuous solves the classic diet LP over single foods; use it "
                        "with --recipes none")
    tastes = resolve_tastes(options.tastes or Tastes(), cookbook, catalogue, options.exclude,
                            targets.allergens)
    # The food-level planner checks the shared options (days, objective, caps, credits,
    # household clashes); its Problem is not used here.
    base = prepare(catalogue, targets, replace(options, include=(), avoid=None,
                                                         locks=(), keep=None, budget=None,
                                                         exclude=tastes.exclude),
                           core=False)
    rules = week_rules(targets, options)
    days = base.problem.days
    excluded = set(base.excluded)
    person_excluded = dict(base.person_excluded)
    household = options.household
    if household is not None:
        excluded = set.intersection(*(set(names) for names in person_excluded.values()))

    def allowed(recipe: Recipe, banned: set[str] | frozenset[str]) -> bool:
        return not any(item.food in banned for item in recipe.ingredients)

    recipes = tuple(r for r in cookbook.recipes
                    if allowed(r, excluded) and set(r.meals) & set(rules.all_meals)
                    and r.name not in tastes.never)
    sides = tuple(f for f in catalogue.foods
                  if f.category in rules.side_categories and f.meals & rules.side_meals
                  and "ingredient" not in f.tags and f.name not in excluded)
    for meal in rules.meals:
        if not any(meal in r.meals for r in cookbook.recipes):
            raise InfeasibleError(f"{cookbook.source} has no {meal} recipe; a plan from "
                                  f"recipes needs one for every meal it plans",
                                  constraint=f"one_{meal}")
        if not any(meal in r.meals for r in recipes):
            raise InfeasibleError(
                f"no {meal} recipe is left: every {meal} of {cookbook.source} has an excluded "
                f"ingredient", constraint=f"one_{meal}")
    recipe_index = {r.name: n for n, r in enumerate(recipes)}
    # A dish that keeps gets a twin, the same recipe eaten from the fridge (not cooked).
    keeps = [n for n, r in enumerate(recipes)
             if set(r.own_tags) & rules.leftover_tags and set(r.meals) & set(rules.leftover_meals)
             and rules.leftover_portions]
    leftover_of = {len(recipes) + k: n for k, n in enumerate(keeps)}
    recipes = recipes + tuple(recipes[n] for n in keeps)
    side_index = {f.name: n for n, f in enumerate(sides)}

    eaters: tuple[Person, ...]
    soften = _within_budget if options.budget is not None else dict
    if household is None:
        eaters = (Person(targets=soften(base.problem.targets), credits=base.problem.credits,
                         profile=options.profile or targets.default_profile),)
    else:
        eaters = tuple(
            replace(eater, targets=soften(eater.targets), foods=None,
                    recipes=frozenset(n for n, r in enumerate(recipes)
                                      if allowed(r, eater.excluded)),
                    sides=frozenset(n for n, f in enumerate(sides)
                                    if f.name not in eater.excluded))
            for eater in base.problem.household)
        for eater in eaters:
            for meal in rules.meals:
                if not any(meal in recipes[n].meals for n in eater.recipes or ()):
                    raise InfeasibleError(f"{eater.name} has no {meal} recipe left: every one "
                                          f"has a food they do not eat",
                                          constraint=f"one_{meal}")

    include_groups = []
    for term in options.include:
        names = resolve_exclusions(catalogue, [term], option="--include")
        group = (frozenset(n for n, r in enumerate(recipes)
                           if any(i.food in names for i in r.ingredients)),
                 frozenset(side_index[name] for name in names if name in side_index))
        if not group[0] and not group[1]:
            unsafe = names & profile_exclusions(catalogue, targets, options.profile)
            if unsafe:
                profile = targets.profiles[options.profile or targets.default_profile]
                raise DataError(f"--include '{term}': {', '.join(sorted(unsafe))} is left out "
                                f"for {profile.label}: {'; '.join(profile.safety_reasons)}")
            raise DataError(f"--include '{term}': no allowed recipe or side has it")
        include_groups.append(group)
    avoid = frozenset(recipe_index[name] for week in remembered(options.avoid, rules)
                      for name in week if name in recipe_index)
    locked, locked_pots = _locked(options, recipe_index, days, rules.all_meals,
                                  [eater.name for eater in eaters] if household else [],
                                  {base: twin for twin, base in leftover_of.items()},
                                  rules.portion_step)

    problem = MenuProblem(
        recipes=recipes, sides=sides, rules=rules, days=days, eaters=eaters,
        objective=options.objective, seed=options.seed,
        side_max_days=tuple(min(days, f.max_days if f.max_days is not None
                                else targets.planner.max_days_per_food) for f in sides),
        avoid=avoid, include_groups=tuple(include_groups), budget=options.budget,
        locked=locked, locked_pots=locked_pots, foods=catalogue.by_name(),
        shopping=replace(targets.shopping, staples=frozenset(options.staples)),
        pantry=dict(options.pantry), copies=options.people,
        minute_cost=targets.minute_cost if options.minute_cost is None else options.minute_cost,
        recipe_cost_adjust={recipe_index[name]: value for name, value in tastes.adjust.items()
                            if name in recipe_index},
        banned=_banned(options, recipe_index), leftover_of=leftover_of,
        minute_caps=minute_caps(options, days),
        day_servings=day_servings(catalogue, cookbook))
    warnings = [skipped_note(rule, table=household is not None)
                for rule in problem.skipped_rules]
    settings = dict(base.settings)
    settings.pop("foods_available", None)
    settings.update({"recipes_yaml": cookbook.source,
                     "recipes_available": len(recipes) - len(leftover_of),
                     "recipes_excluded": len(cookbook.recipes) - len(recipes) + len(leftover_of),
                     "avoids_earlier_plan": options.avoid is not None,
                     "include": list(options.include), "exclude": list(options.exclude),
                     # The plan's shopping list says "spoils" by the threshold it was priced
                     # with (targets.yaml shopping.keeps_days), not by a default.
                     "keeps_days": problem.shopping.keeps_days,
                     "freezer": problem.shopping.freezer,
                     # What a swap of this plan must price it with again: the staples (never
                     # bought) and the stove's cost and caps.
                     "staples": sorted(options.staples),
                     **{key: getattr(options, key) for key in STOVE_SETTINGS
                        if getattr(options, key) is not None},
                     **({"prefer": list(options.tastes.prefer)}
                        if options.tastes and options.tastes.prefer else {})})
    if options.budget is not None:
        settings["budget"] = options.budget
    if options.budget_variety:
        settings["variety"] = BUDGET_VARIETY
    return PreparedMenu(problem, frozenset(excluded), settings, base.people,
                        len(cookbook.recipes) - len(recipes) + len(leftover_of),
                        warnings=warnings, diet_excluded=frozenset(diet_exclusions(catalogue, targets,
                                                                options.diet)),
                        excluded_recipes=tastes.never)


def _within_budget(targets: Mapping[str, Nutrient]) -> dict[str, Nutrient]:
    """A budget trades coverage for money, the energy minimum too: under one, a hard minimum
    is a target the week may fall short of (and says so); the maximum stays a limit."""
    return {key: replace(n, hard=False) if n.hard and n.min else n for key, n in targets.items()}


def day_servings(catalogue: Catalogue, cookbook: Cookbook) -> dict[str, float]:
    """Food -> the most servings of it one person eats in a day: its ``max_servings``, or
    one portion of the recipe that puts the most of it in, when that is more (a recipe's own
    portion is, by its author's word, a sensible amount; a second dish with the same food, or
    the food beside it as a side, is held to the food's limit).  Ingredients that only cook
    in recipes (oil, garlic, spices) are held to the same rule: two Tbsp of oil a day is the
    Dietary Guidelines' allowance at 2,000 kcal."""
    foods = catalogue.by_name()
    most: dict[str, float] = {}
    for recipe in cookbook.recipes:
        for item in recipe.ingredients:
            food = foods[item.food]
            most[item.food] = max(most.get(item.food, 0.0), item.grams / food.grams)
    return {food.name: max(float(food.max_servings), most.get(food.name, 0.0))
            for food in catalogue.foods}


def remembered(plan: Plan | None, rules: RecipeRules) -> list[list[str]]:
    """The dishes of the weeks a plan after ``plan`` remembers, the latest first: ``plan``'s
    own and its history, ``rules.remember_weeks`` weeks in all."""
    if plan is None:
        return []
    return [plan.dish_names(), *plan.history][:rules.remember_weeks]


def week_rules(targets: Targets, options: PlanOptions) -> RecipeRules:
    """The recipe rules with the table's dietary pattern: --diet's, or the diet every member
    of a household shares; without one, the omnivore's (a member who does not eat a dish
    is served another)."""
    diet = options.diet
    if diet is None and options.household is not None:
        diets = {member.diet for member in options.household.members}
        diet = diets.pop() if len(diets) == 1 else None
    rules = targets.recipes.for_diet(diet)
    return rules.on_a_budget() if options.budget_variety else rules


def minute_caps(options: PlanOptions, days: int) -> dict[int, float]:
    """Day -> most minutes at the stove: days 1-5 of each week are weeknights, 6 and 7 the
    weekend."""
    caps = {}
    for day in range(1, days + 1):
        cap = options.weekend_minutes if (day - 1) % 7 >= 5 else options.weeknight_minutes
        if cap is not None:
            caps[day] = float(cap)
    return caps


def _banned(options: PlanOptions, recipe_index: Mapping[str, int]
            ) -> dict[int, frozenset[tuple[int, str]]]:
    """A swap's (day, meal, recipe) triples as day -> (recipe index, meal)."""
    banned: dict[int, set[tuple[int, str]]] = {}
    for day, meal, name in options.ban:
        if name in recipe_index:
            banned.setdefault(day, set()).add((recipe_index[name], meal))
    return {day: frozenset(pairs) for day, pairs in banned.items()}


def _locked(options: PlanOptions, recipe_index: Mapping[str, int], days: int,
            meals, people, twins: Mapping[int, int] | None = None, step: float = 0.25
            ) -> tuple[dict[int, dict[str, tuple[int, tuple[float, ...]]]],
                       dict[int, tuple[tuple[int, float], ...]]]:
    """--lock "day 2 dinner" / "day 3": the kept plan's dishes and each eater's portions (a
    leftover stays a leftover: its twin is locked), and the pots of the kept days that cook
    for those leftovers (``MenuProblem.locked_pots``)."""
    if not options.locks:
        return {}, {}
    check_kept_plan(options, people)
    if not options.keep.recipes:
        raise DataError("--lock: the kept plan was made from single foods, not recipes; plan "
                        "with --recipes none to keep its meals")
    locked: dict[int, dict[str, tuple[int, tuple[float, ...]]]] = {}
    # Leftovers kept: (day, meal) -> (the day it was cooked, recipe); one entry a meal,
    # though each of the dish's foods is an item of the kept day.
    sources: dict[tuple[int, str], tuple[int, int]] = {}
    for spec, day, meal, kept_day in lock_specs(options, days, meals):
        for item in kept_day.items:
            if item.recipe is None or (meal is not None and item.meal != meal):
                continue
            if item.recipe not in recipe_index:
                raise DataError(f"--lock '{spec}': '{item.recipe}' is not allowed in this plan "
                                f"(an excluded ingredient, or not in the recipe file)")
            info = options.keep.recipes[item.recipe]
            grams = info.ingredients.get(item.food)
            if not grams:
                continue
            portions = (tuple(item.portions.get(name, 0.0) * item.grams / item.servings / grams
                              for name in people) if people else (item.portion or 0.0,))
            index = recipe_index[item.recipe]
            if item.leftover_from is not None and twins and index in twins:
                sources[day, item.meal] = (item.leftover_from, index)
                index = twins[index]
            locked.setdefault(day, {})[item.meal] = (index,
                                                     tuple(round(p / step) * step
                                                           for p in portions))
    pots: dict[int, dict[int, float]] = {}
    for (day, meal), (cooked_on, base) in sources.items():
        # A leftover stays one only when the day it was cooked keeps that dish too; else
        # it is cooked fresh where it is kept.
        if base not in {r for r, _ in locked.get(cooked_on, {}).values()}:
            locked[day][meal] = (base, locked[day][meal][1])
        else:
            pot = pots.setdefault(cooked_on, {})
            pot[base] = pot.get(base, 0.0) + sum(locked[day][meal][1])
    return locked, {day: tuple(sorted(pot.items())) for day, pot in pots.items()}


def plan_menu(catalogue: Catalogue, targets: Targets, cookbook: Cookbook,
              options: PlanOptions = PlanOptions(),
              settings: SearchSettings | None = None) -> Plan:
    """Plan ``options.days`` days from ``cookbook`` and verify the result.

    Raises DataError for bad options, InfeasibleError when a hard rule cannot be met, and
    SolverError when the solver fails.
    """
    prepared = prepare_menu(catalogue, targets, cookbook, options)
    started = time.perf_counter()
    settings = settings or SearchSettings.for_table(len(prepared.problem.eaters))
    if options.rounds is not None:
        settings = replace(settings, rounds=options.rounds)
    if options.gap is not None:
        settings = replace(settings, target_gap=options.gap)
    limit = options.time_limit or settings.time_limit
    outcome = search(prepared.problem, settings, limit)
    plan = _to_plan(prepared, catalogue, outcome, options, time.perf_counter() - started)
    if prepared.problem.avoid and _short(plan):
        # Novelty is a preference, coverage the target: a week that remembers earlier ones
        # never buys a new dish with a shortfall (at $6 a use a remembered dish outweighed
        # 0.002 mg of iron).  The week without it is kept when it covers everything.
        plain = replace(prepared, problem=replace(prepared.problem, avoid=frozenset()))
        again = search(plain.problem, settings, limit)
        other = _to_plan(plain, catalogue, again, options, time.perf_counter() - started)
        if not _short(other):
            prepared, plan, outcome = plain, other, again
    if (options.budget is not None and not options.budget_variety
            and targets.recipes.budget_variety
            and (_unplanned(plan, targets.recipes.meals) or _short(plan))):
        basket = _basket_week(catalogue, targets, cookbook, options, settings, limit, outcome)
        if basket is not None:
            options, prepared, outcome = basket
            plan = _to_plan(prepared, catalogue, outcome, options, time.perf_counter() - started)
    if options.budget is not None:
        unplanned = _unplanned(plan, targets.recipes.meals)
        if unplanned:
            plan.warnings.append(f"the budget leaves {len(unplanned)} of "
                                 f"{len(plan.days) * len(targets.recipes.meals)} meals "
                                 f"unplanned ({', '.join(unplanned[:3])}"
                                 f"{' ...' if len(unplanned) > 3 else ''})")
        # Its weekly minimums are targets the week may miss too (the search and the
        # verifier let a budget leave them short): say which.
        short_rules = [(rule, low, have) for rule, low, _, have
                       in rule_counts(prepared.problem, outcome.week) if low and have < low]
        for rule, low, have in short_rules:
            plan.warnings.append(f"the budget leaves the week short of the weekly rule "
                                 f"'{rule.label}' ({have} {rule.what}, at least {low} in "
                                 f"{len(plan.days)} days)")
        if unplanned or short_rules or _short(plan):
            plan.warnings.append(_budget_note(options.budget, outcome.full_till))
    check = verify_menu(plan, catalogue.by_name(), menu_rules(prepared, catalogue, targets,
                                                               cookbook, options))
    if not check.ok:
        raise SolverError("the solver's plan failed verification (" + "; ".join(
            check.violations[:3]) + "); please report this as a bug")
    plan.shortfalls = _explain(check.shortfalls, prepared, catalogue)
    for eater in prepared.problem.eaters:
        if eater.name:
            plan.shortfalls += _explain(check.person_shortfalls.get(eater.name, {}), prepared,
                                        catalogue, eater)
    if plan.shortfalls:
        plan.status = "shortfall"
    return plan


def _basket_week(catalogue: Catalogue, targets: Targets, cookbook: Cookbook,
                 options: PlanOptions, settings: SearchSettings, limit: float,
                 outcome: Outcome
                 ) -> tuple[PlanOptions, PreparedMenu, Outcome] | None:
    """A budget week from a basket (menu_basket): the products the whole week in aggregate
    buys best within the budget, and the days planned from them alone under the budget's
    variety rules.  Kept when it is better than ``outcome`` by the week's own objective
    (shortfalls and unplanned meals first); None when it is not."""
    frugal = replace(options, budget_variety=True)
    prepared = prepare_menu(catalogue, targets, cookbook, frugal)
    basket = basket_lines(prepared.problem, options.budget, limit)
    if not basket:
        return None
    found = search(basket_eaters(prepared.problem, basket), settings, limit)
    if found.objective >= outcome.objective:
        return None
    # The search's bound is the basket's, not the week's: the week is not proven.
    found = replace(found, bound=None, optimal=False, full_till=outcome.full_till,
                    warnings=found.warnings + [
                        f"the budget week was planned from a basket of {len(basket)} "
                        f"product{'s' if len(basket) != 1 else ''}, with dishes on up to "
                        f"{prepared.problem.rules.recipe_max_days} days "
                        f"(targets.yaml recipes.week.on_a_budget); it is not proven"])
    return frugal, prepared, found


def _short(plan: Plan) -> bool:
    return any(day.totals.get(key, 0.0) + plan.credits.get(key, 0.0) < (n.min or 0) * (1 - 1e-6)
               for day in plan.days for key, n in plan.targets.items() if n.min and not n.hard)


def _unplanned(plan: Plan, meals) -> list[str]:
    """'day 3 lunch' for each required meal a budget left without a dish."""
    return [f"day {day.day} {meal}" for day in plan.days for meal in meals
            if not any(item.meal == meal and item.recipe for item in day.items)]


def _budget_note(budget: float, full_till: float | None) -> str:
    """What more money buys: the least till of a week the search found that covers every
    target (found on the way, not by planning a second week)."""
    note = (f"no week within the budget of ${budget:,.2f} at the till was found that covers "
            f"every target; this one comes closest")
    if full_till is None:
        return f"{note}; the search found no week that covers every target"
    return (f"{note}; ${full_till - budget:,.2f} more buys one: the cheapest week found that "
            f"covers every target costs ${full_till:,.2f} at the till")


def menu_rules(prepared: PreparedMenu, catalogue: Catalogue, targets: Targets,
               cookbook: Cookbook, options: PlanOptions) -> MenuRules:
    """The verifier's rules, built from the data and the options (not from the model)."""
    problem = prepared.problem
    # The verifier reads who eats what from their exclusions, never from the model's indices.
    household = tuple(replace(eater, recipes=None, sides=None) for eater in problem.eaters
                      ) if options.household is not None else ()
    include = tuple(frozenset(resolve_exclusions(catalogue, [term], option="--include"))
                    for term in options.include)
    foods = catalogue.by_name()
    side_days = {f.name: min(problem.days, f.max_days if f.max_days is not None
                             else targets.planner.max_days_per_food)
                 for f in foods.values()}
    locked = {day: {meal: (problem.recipes[r].name, portions)
                    for meal, (r, portions) in meals.items()}
              for day, meals in problem.locked.items()}
    return MenuRules(minute_caps=minute_caps(options, problem.days),
                     targets=problem.eaters[0].targets if not household else {},
                     recipe_rules=week_rules(targets, options), recipes=cookbook.by_name(),
                     days=problem.days,
                     credits=problem.eaters[0].credits if not household else {},
                     excluded=prepared.excluded, household=household, side_max_days=side_days,
                     include_groups=include, budget=options.budget, locked=locked,
                     excluded_recipes=prepared.excluded_recipes,
                     profile=options.profile or targets.default_profile)


def _to_plan(prepared: PreparedMenu, catalogue: Catalogue, outcome, options: PlanOptions,
             seconds: float) -> Plan:
    problem = prepared.problem
    names = [eater.name for eater in problem.eaters if eater.name]
    meal_order = {meal: n for n, meal in enumerate(_SIDE_MEAL_ORDER)}
    foods = catalogue.by_name()
    foods_used: dict[str, Food] = {}
    recipes_used: dict[str, Recipe] = {}
    days = []
    _, _, sources = fridge(problem, outcome.week)
    for number, column in enumerate(outcome.week, start=1):
        items: list[MenuItem] = []
        extras = dict(column.extras)
        for (r, meal), portions in sorted(column.dishes, key=lambda d: meal_order[d[0][1]]):
            recipe = problem.recipes[r]
            recipes_used[recipe.name] = recipe
            total = float(sum(portions))
            base = problem.leftover_of.get(r)
            cooked_on = None if base is None else sources[number - 1][base] + 1
            cooked = total + extras[r] if extras.get(r) else None
            for ingredient in recipe.ingredients:
                food = foods_used[ingredient.food] = foods[ingredient.food]
                grams = ingredient.grams * total
                shares = {name: ingredient.grams * p / food.grams
                          for name, p in zip(names, portions) if p}
                items.append(MenuItem(meal, food.name, grams / food.grams, grams, shares,
                                      recipe.name, total, cooked_on, cooked))
        for (f, meal), servings in column.sides:
            food = foods_used[problem.sides[f].name] = problem.sides[f]
            total = float(sum(servings))
            items.append(MenuItem(meal, food.name, total, total * food.grams,
                                  {name: float(s) for name, s in zip(names, servings) if s}))
        items.sort(key=lambda item: meal_order.get(item.meal, 9))
        eaten = menu_totals(items, foods)
        totals = {key: eaten.get(key, 0.0) for key in problem.eaters[0].targets}
        person_totals = {
            eater.name: {key: sum(foods[i.food].amount(key) * i.portions.get(eater.name, 0)
                                  for i in items) for key in eater.targets}
            for eater in problem.eaters if eater.name}
        days.append(DayPlan(number, items, totals, person_totals))
    targets = dict(problem.eaters[0].targets)
    credits = {k: v for k, v in problem.eaters[0].credits.items() if v} if not names else {}
    return Plan(
        status="optimal" if outcome.optimal else "feasible",
        days=days,
        targets=dict(targets),
        # Foods at home count toward their product's shopping line even when not eaten.
        foods={name: FoodInfo.of(food) for name, food in sorted(
            {**{f.name: f for f in catalogue.foods if f.name in options.pantry},
             **foods_used}.items())},
        credits=credits,
        people=options.people,
        settings=prepared.settings,
        solver="highs",
        objective=outcome.objective,
        bound=outcome.bound,
        gap=relative_gap(outcome.objective, outcome.bound),
        seconds=seconds,
        warnings=list(outcome.warnings) + prepared.warnings,
        pantry=dict(options.pantry),
        household=list(prepared.people),
        recipes={name: RecipeInfo(list(r.meals), r.minutes, r.method,
                                  {i.food: i.grams for i in r.ingredients},
                                  sorted(r.tags), r.protein)
                 for name, r in sorted(recipes_used.items())},
        staples=sorted(name for name in foods_used if name in problem.shopping.staples),
        history=remembered(options.avoid, problem.rules),
    )


def _explain(shortfalls, prepared: PreparedMenu, catalogue: Catalogue,
             eater: Person | None = None) -> list[Shortfall]:
    """Which nutrient is short, which allowed dishes are richest in it, and which foods that
    would help are excluded (by the diet or by choice)."""
    problem = prepared.problem
    eater = eater or problem.eaters[0]
    excluded = eater.excluded if eater.name else prepared.excluded
    result = []
    for key, missing in shortfalls.items():
        if key.startswith(OVER):
            nutrient = eater.targets[key[len(OVER):]]
            result.append(Shortfall(nutrient.key, nutrient.label, nutrient.unit,
                                    nutrient.max or 0.0, dict(missing), [], eater.name or None,
                                    over=True))
            continue
        nutrient = eater.targets[key]
        helpers = []
        eaten = [r for n, r in enumerate(problem.recipes)
                 if eater.eats_recipe(n) and n not in problem.leftover_of]
        for recipe in sorted(eaten, key=lambda r: -r.amount(key))[:2]:
            if recipe.amount(key) > 0:
                helpers.append(f"{recipe.name} (a recipe, at most "
                               f"{problem.rules.max_days(recipe)} days a week)")
        richest = sorted(catalogue.foods, key=lambda food: -food.amount(key) / food.grams)
        for food in richest:
            if food.amount(key) <= 0 or len(helpers) >= 4:
                break
            # A food the diet rules out is no advice to someone on that diet.
            if food.name in excluded and food.name not in prepared.diet_excluded:
                helpers.append(f"{food.name} (excluded)")
        result.append(Shortfall(key, nutrient.label, nutrient.unit, nutrient.min or 0.0,
                                dict(missing), helpers, eater.name or None))
    return result
