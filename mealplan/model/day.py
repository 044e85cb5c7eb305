"""The single-food day model: whole servings of foods in meal slots, with every daily
rule as a named row; the pricing problem of the week's search, and the day the one-piece week
repeats."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import pulp

from .problem import SHORTFALL_WEIGHT, Problem, Row, constraint_name, kind_slug


@dataclass
class DayVars:
    # The day's binaries: pick[p, i, meal, k] for eater p, food i at meal, k servings (what k
    # means depends on the formulation, see add_day).
    pick: dict[tuple[int, int, str, int], pulp.LpVariable]
    # use[i, meal]: 1 when food i is on the day's menu at meal.
    use: dict[tuple[int, str], pulp.LpAffineExpression]
    # portion[p, i, meal]: eater p's servings of food i at meal (absent: p never eats i).
    portion: dict[tuple[int, int, str], pulp.LpAffineExpression]
    shortfall: dict[tuple[int, str], pulp.LpVariable]  # (eater, nutrient) -> share missing
    objective: pulp.LpAffineExpression
    # What each person's (and each target's) named row enforces: see Row.
    rows: dict[str, Row] = field(default_factory=dict)

    def food_used(self, index: int) -> pulp.LpAffineExpression:
        return pulp.lpSum(expr for (i, _), expr in self.use.items() if i == index)

    def menu(self, values: Mapping[pulp.LpVariable, float], eaters: int
             ) -> dict[tuple[int, str], tuple[int, ...]]:
        """The menu a solution describes: food at meal -> each eater's servings."""
        def value(expression: pulp.LpAffineExpression) -> int:
            return round(sum(values.get(var, 0.0) * c for var, c in expression.items()))

        return {(i, meal): tuple(value(self.portion[p, i, meal])
                                 if (p, i, meal) in self.portion else 0 for p in range(eaters))
                for (i, meal), use in self.use.items() if value(use) >= 1}


def add_day(prob: pulp.LpProblem, problem: Problem, day: int,
            locked: Mapping[str, Mapping[int, tuple[int, ...]]] | None = None) -> DayVars:
    """Add one day's variables and rules to ``prob``; return them and the day's objective.

    For one person servings are one-hot: a binary pick[0, i, meal, k] per whole number of
    servings k, so "on the menu" and "how much" need no big-M links, a food's picks are its
    use, and the rule "one meal a day, at most max_servings" is a single set-packing row per
    food kind.  A household shares one menu: a binary use[i, meal] puts the dish on the table,
    and every person who eats that food has it, with one more serving for each of their step
    binaries pick[p, i, meal, k] = "at least k servings" (k >= 2, each step at most the one
    before, the first at most use).  So the dish is the same for all and only the amounts
    differ, with a third fewer binaries than one-hot portions and no linking equalities.
    """
    settings = problem.settings
    foods = problem.foods
    eaters = problem.eaters
    shared = len(eaters) > 1
    rows: dict[str, Row] = {}

    def row(kind: str, key: str, p: int, nutrient: str | None = None) -> str:
        """The name of person p's row (numbered from 1 in a household, as the recipe model
        numbers them), recorded with what it enforces."""
        person = p + 1 if shared else None
        name = constraint_name(kind, key, day, f"p{person}" if person else "")
        rows[name] = Row(person, day, nutrient, kind)
        return name
    weights = problem.weights
    pick_costs = problem.pick_costs
    slots = [(i, meal) for i, food in enumerate(foods) for meal in settings.meal_names
             if meal in food.meals]
    pick: dict[tuple[int, int, str, int], pulp.LpVariable] = {}
    use: dict[tuple[int, str], pulp.LpAffineExpression] = {}
    portion: dict[tuple[int, int, str], pulp.LpAffineExpression] = {}
    for i, meal in slots:
        # A locked meal is exactly what it was: those foods, those servings.
        kept = locked[meal].get(i) if locked and meal in locked else None
        fixed = bool(locked and meal in locked)
        if not shared:
            for k in range(1, foods[i].max_servings + 1):
                var = pick[0, i, meal, k] = pulp.LpVariable(f"pick_f{i}_{meal}_{k}_d{day}",
                                                            cat=pulp.LpBinary)
                if fixed:
                    var.lowBound = var.upBound = 1 if kept is not None and kept[0] == k else 0
            ks = range(1, foods[i].max_servings + 1)
            use[i, meal] = pulp.LpAffineExpression([(pick[0, i, meal, k], 1) for k in ks])
            portion[0, i, meal] = pulp.LpAffineExpression([(pick[0, i, meal, k], k) for k in ks])
            continue
        on = pulp.LpVariable(f"menu_f{i}_{meal}_d{day}", cat=pulp.LpBinary)
        if fixed:
            on.lowBound = on.upBound = 1 if kept is not None else 0
        use[i, meal] = pulp.LpAffineExpression([(on, 1)])
        for p, eater in enumerate(eaters):
            if not eater.eats(i):
                continue
            steps = [(on, 1)]
            for k in range(2, foods[i].max_servings + 1):
                var = pick[p, i, meal, k] = pulp.LpVariable(f"more_p{p}_f{i}_{meal}_{k}_d{day}",
                                                            cat=pulp.LpBinary)
                if fixed:
                    var.lowBound = var.upBound = 1 if kept is not None and kept[p] >= k else 0
                prob += var - steps[-1][0] <= 0, f"step_p{p + 1}_f{i}_{meal}_{k}_d{day}"
                steps.append((var, 1))
            portion[p, i, meal] = pulp.LpAffineExpression(steps)

    # One food of each kind a day (no three milks), served at one meal: one packing row per
    # kind.
    kinds: dict[str, list[tuple[int, str]]] = {}
    for i, meal in use:
        kinds.setdefault(foods[i].kind, []).append((i, meal))
    for kind, members in kinds.items():
        uses = pulp.lpSum(use[slot] for slot in members)
        if len({i for i, _ in members}) > 1:
            prob += uses <= 1, f"one_kind_{kind_slug(kind)}_day{day}"
        elif len(uses) > 1:
            prob += uses <= 1, f"one_meal_f{members[0][0]}_d{day}"

    def on_menu(meal: str, keep: Callable[[int], bool] = lambda i: True
                ) -> pulp.LpAffineExpression:
        return pulp.lpSum(expr for (i, m), expr in use.items() if m == meal and keep(i))

    for rule in settings.meals:
        count = on_menu(rule.name)
        prob += count >= rule.min_foods, f"min_foods_{rule.name}_day{day}"
        prob += count <= rule.max_foods, f"max_foods_{rule.name}_day{day}"
        if rule.require_categories:
            aisles = rule.require_categories
            prob += (on_menu(rule.name, lambda i, aisles=aisles: foods[i].category in aisles)
                     >= 1, f"require_{rule.name}_day{day}")
        for category, limit in settings.max_per_meal.items():
            in_aisle = [slot for slot in use if slot[1] == rule.name
                        and foods[slot[0]].category == category]
            if len(in_aisle) > limit:
                prob += (pulp.lpSum(use[slot] for slot in in_aisle) <= limit,
                         f"max_category_{kind_slug(category)}_{rule.name}_day{day}")
        if shared and rule.min_foods:
            for p, eater in enumerate(eaters):
                if eater.foods is not None:
                    # Everyone eats something at every meal, whatever they leave out.
                    prob += on_menu(rule.name, eater.eats) >= 1, row("eats", rule.name, p)
    for n, (meal, foods_then) in enumerate(problem.avoid_meals):
        # No meal exactly as it was in the avoided plan: its foods, and nothing else.
        same = on_menu(meal, foods_then.__contains__)
        other = on_menu(meal, lambda i, then=foods_then: i not in then)
        prob += same - other <= len(foods_then) - 1, f"avoid_{meal}{n}_day{day}"
    low, high = settings.foods_per_day
    all_uses = pulp.lpSum(use.values())
    prob += all_uses >= low, f"min_foods_day{day}"
    prob += all_uses <= high, f"max_foods_day{day}"

    shortfall: dict[tuple[int, str], pulp.LpVariable] = {}
    for p, eater in enumerate(eaters):
        def total(key: str, meal: str | None = None, p: int = p) -> pulp.LpAffineExpression:
            expression = pulp.LpAffineExpression()
            for (q, i, m), servings in portion.items():
                if q == p and foods[i].amount(key) and (meal is None or m == meal):
                    expression.addInPlace(servings * foods[i].amount(key))
            return expression

        who = f"p{p}" if shared else ""  # variable names keep the 0-based number
        soft = eater.soft_minimums()
        for key, nutrient in eater.targets.items():
            credit = eater.credits.get(key, 0.0)
            amount = total(key)
            name = row("min", key, p, key)
            if key in soft:
                var = shortfall[p, key] = pulp.LpVariable(
                    f"short_{key}_{who}d{day}", 0, 1)
                prob += amount + soft[key] * var >= soft[key], name
            elif nutrient.min and nutrient.hard:
                prob += amount >= nutrient.min - credit, name
            if nutrient.max is not None:
                prob += amount <= nutrient.max - credit, row("max", key, p, key)

        if "kcal" in eater.targets:
            day_kcal = total("kcal")
            for rule in settings.meals:
                meal_kcal = total("kcal", rule.name)
                share_low, share_high = rule.kcal_share
                if share_low > 0:
                    prob += (meal_kcal - share_low * day_kcal >= 0,
                             row("kcal_share_min", rule.name, p, "kcal"))
                if share_high < 1:
                    prob += (meal_kcal - share_high * day_kcal <= 0,
                             row("kcal_share_max", rule.name, p, "kcal"))

    terms = [(var, weights.cost * foods[i].price * c)
             for (_, i, _), servings in portion.items() if foods[i].price
             for var, c in servings.items()]
    for (i, meal), expression in use.items():
        extra = pick_costs.get((i, meal), 0.0)
        if extra:
            terms += [(var, extra * coefficient) for var, coefficient in expression.items()]
    terms += [(var, SHORTFALL_WEIGHT) for var in shortfall.values()]
    objective = pulp.LpAffineExpression()
    for var, coefficient in terms:
        objective.addterm(var, coefficient)
    return DayVars(pick, use, portion, shortfall, objective, rows)


@dataclass
class DayModel:
    """The column-generation pricing problem: the best single day, given food prices."""

    prob: pulp.LpProblem
    vars: DayVars
    problem: Problem

    def objective_with(self, penalties: Mapping[int, float],
                       money_rate: float = 0.0) -> pulp.LpAffineExpression:
        """The day's objective plus penalties[i] per use of food i and money_rate per dollar
        spent (the budget row's dual price)."""
        expression = pulp.LpAffineExpression(self.vars.objective)
        foods = self.problem.foods
        for (i, _), use in self.vars.use.items():
            if penalties.get(i):
                for var, coefficient in use.items():
                    expression.addterm(var, penalties[i] * coefficient)
        if money_rate:
            for (_, i, _), servings in self.vars.portion.items():
                if foods[i].price:
                    for var, coefficient in servings.items():
                        expression.addterm(var, money_rate * self.problem.serving_price(i)
                                           * coefficient)
        return expression


def day_model(problem: Problem, day: int = 1,
              locked: Mapping[str, Mapping[int, tuple[int, ...]]] | None = None) -> DayModel:
    prob = pulp.LpProblem(f"mealplan_day{day}", pulp.LpMinimize)
    day_vars = add_day(prob, problem, day, locked)
    prob.setObjective(day_vars.objective)
    return DayModel(prob, day_vars, problem)
