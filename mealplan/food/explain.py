"""Why a single-food plan is impossible or short: the rule a failed model names (from
its row metadata), and which foods would close a shortfall."""

from __future__ import annotations

from typing import Mapping

from .. import model as models
from ..errors import InfeasibleError
from ..plan import Person, Shortfall, rounded_as_shown
from ..solve import solve
from .prepare import CAFFEINE, Prepared


def check_meals_possible(problem: models.Problem) -> None:
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


def check_variety_possible(problem: models.Problem) -> None:
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


def diagnose(problem: models.Problem, solver: str,
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


def diagnose_continuous(problem: models.Problem) -> InfeasibleError:
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


def explain_shortfalls(shortfalls: Mapping[str, Mapping[int, float]], prepared: Prepared,
                       eater: Person | None = None) -> list[Shortfall]:
    """Each short nutrient with the foods that would have helped.

    A day whose lowest amount the coverage table would round up to the target is not short
    (a rounding residue), and foods the person's diet rules out are never suggested: a vegan
    is not told about beef liver.
    """
    problem = prepared.problem
    targets = problem.targets if eater is None else eater.targets
    excluded = prepared.excluded if eater is None else eater.excluded
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
