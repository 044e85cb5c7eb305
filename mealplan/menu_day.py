"""The recipe day model (PuLP): one day's dishes, portions per person and sides, with every
daily rule as a named row; the pricing problem of the week's search.  Pure: no solving."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import pulp

from .data import OVER
from .menu_columns import make_column
from .menu_problem import (ENERGY, NO_ENERGY_CAP, OVER_WEIGHT, SHORT_AT_ALL_WEIGHT,
                           UNPLANNED_WEIGHT, Column, MenuProblem, dish_cost)
from .model import SHORTFALL_WEIGHT, Row, constraint_name


@dataclass
class DayModel:
    prob: pulp.LpProblem
    cook: dict[tuple[int, str], pulp.LpVariable]
    share: dict[tuple[int, int, str], pulp.LpVariable]  # eater, recipe, meal -> portions
    side: dict[tuple[int, int], pulp.LpAffineExpression]        # eater, food -> servings
    side_any: dict[int, pulp.LpVariable]                         # food on the day's table
    shortfall: dict[tuple[int, str], pulp.LpVariable]
    portions: dict[int, list[pulp.LpVariable]]   # recipe -> every eater's portion variables
    servings: dict[int, list[tuple[pulp.LpVariable, float]]]  # side -> its serving steps
    base: dict[pulp.LpVariable, float]   # the rest of the day's own objective
    problem: "MenuProblem"
    extra: dict[int, list[pulp.LpVariable]] = field(default_factory=dict)  # recipe -> steps
    # eater, side, meal -> servings at that meal
    side_part: dict[tuple[int, int, str], pulp.LpAffineExpression] = field(default_factory=dict)
    # What each nutrient row enforces (model.Row), kept as it is built: the diagnosis reads it
    # instead of parsing the row's name back.
    rows: dict[str, Row] = field(default_factory=dict)
    # Product line -> 1 when the day uses it (a dish cooked or a side served that takes it).
    uses_line: dict[int, pulp.LpVariable] = field(default_factory=dict)

    def objective_with(self, recipe_costs: Mapping[int, float], side_costs: Mapping[int, float],
                       line_costs: Mapping[int, float] | None = None,
                       cost_scale: float = 1.0,
                       carry_costs: Mapping[int, float] | None = None,
                       line_charges: Mapping[int, float] | None = None
                       ) -> pulp.LpAffineExpression:
        """The day's objective plus extra costs per recipe used and per side food served
        and per unit taken from each product line (the master's dual prices; by default
        what is used of a product that spoils); ``cost_scale`` weighs money against the
        rest (a week over its budget puts money first); ``line_charges``: a charge per
        product line the day uses (the bound's shares of the line cost,
        ``MenuProblem.line_charges``; by default none)."""
        problem = self.problem
        line_costs = problem.default_line_costs if line_costs is None else line_costs
        if cost_scale != 1.0:
            line_costs = {n: cost * cost_scale for n, cost in line_costs.items()}
        weight = problem.cost_weight * cost_scale
        own_recipes, own_sides = problem.own_prices
        recipe_lines, side_lines = problem.line_amounts
        coefficients = dict(self.base)
        for r, variables in self.portions.items():
            per_portion = problem.copies * (weight * own_recipes[r] + sum(
                line_costs.get(line, 0.0) * amount for line, amount in recipe_lines[r].items()))
            if per_portion:
                for var in variables:
                    coefficients[var] = coefficients.get(var, 0.0) + per_portion
        # The fridge: a leftover portion costs what the master says a stored portion is
        # worth; a portion cooked for later costs its food, less that.
        carry_costs = problem.portion_costs if carry_costs is None else carry_costs
        for twin, base in problem.leftover_of.items():
            worth = carry_costs.get(base, 0.0) * cost_scale
            if worth:
                for var in self.portions.get(twin, ()):
                    coefficients[var] = coefficients.get(var, 0.0) + worth
        for base, steps in self.extra.items():
            per_portion = problem.copies * (weight * own_recipes[base] + sum(
                line_costs.get(line, 0.0) * amount
                for line, amount in recipe_lines[base].items())) \
                - carry_costs.get(base, 0.0) * cost_scale
            for var in steps:
                coefficients[var] = coefficients.get(var, 0.0) + per_portion
        for f, steps in self.servings.items():
            per_serving = problem.copies * (weight * own_sides[f] + sum(
                line_costs.get(line, 0.0) * amount for line, amount in side_lines[f].items()))
            if per_serving:
                for var, coefficient in steps:
                    coefficients[var] = coefficients.get(var, 0.0) + per_serving * coefficient
        for (r, meal), var in self.cook.items():
            extra = dish_cost(recipe_costs, r, meal)
            if extra:
                coefficients[var] = coefficients.get(var, 0.0) + extra
        for f, var in self.side_any.items():
            extra = side_costs.get(f)
            if extra:
                coefficients[var] = coefficients.get(var, 0.0) + extra
        for n, charge in (line_charges or {}).items():
            if n in self.uses_line:
                coefficients[self.uses_line[n]] = charge
        return pulp.LpAffineExpression(list(coefficients.items()))

    def column(self, values: Mapping[pulp.LpVariable, float], problem: MenuProblem,
               day_type: int) -> Column:
        eaters = len(problem.eaters)
        dishes = []
        for (r, meal), var in self.cook.items():
            if values.get(var, 0.0) < 0.5:
                continue
            portions = []
            for p in range(eaters):
                var = self.share.get((p, r, meal))
                value = 0.0 if var is None else values.get(var, 0.0)
                levels = problem.portion_levels(p)
                portions.append(min(levels, key=lambda level: abs(level - value))
                                if value > 1e-6 else 0.0)
            dishes.append(((r, meal), tuple(portions)))
        at: dict[tuple[int, str], list[int]] = {}
        for (p, f, meal), part in self.side_part.items():
            servings = round(sum(values.get(var, 0.0) * c for var, c in part.items()))
            if servings:
                at.setdefault((f, meal), [0] * eaters)[p] = servings
        sides = [(slot, tuple(servings)) for slot, servings in at.items()]
        extras = tuple((base, float(sum(round(values.get(var, 0.0)) for var in steps)))
                       for base, steps in self.extra.items())
        return make_column(problem, tuple(sorted(dishes)), tuple(sorted(sides)), day_type,
                           tuple((base, n) for base, n in extras if n))


def allow_unplanned_meals(model: DayModel) -> None:
    """Under a budget, each eater's required meal may go without a dish (``one_<meal>`` gets
    a slack that costs UNPLANNED_WEIGHT): so a day exists at any budget, down to an empty one
    when nothing at all is affordable."""
    problem = model.problem
    many = len(problem.eaters) > 1
    for p, eater in enumerate(problem.eaters):
        who = f"p{p + 1}" if many else ""
        skips = {}
        for meal in problem.rules.meals:
            row = model.prob.constraints.get(constraint_name("one", meal, who=who))
            if row is None:
                continue
            skip = pulp.LpVariable(f"unplanned_{meal}_{p}", 0, 1)
            row.addInPlace(skip)
            model.base[skip] = UNPLANNED_WEIGHT
            skips[meal] = skip
        # A day without one of its meals keeps the others' minimum shares, not the maxima
        # (``meal_share_limits``); the most a day's energy can be bounds each row.
        energy = eater.targets.get(ENERGY)
        most = energy.max if energy is not None and energy.max else NO_ENERGY_CAP
        for meal, (low, high) in problem.rules.meal_shares.items():
            least = model.prob.constraints.get(constraint_name("meal_share_min", meal, who=who))
            if least is not None and meal in skips:
                least.addInPlace(low * most * skips[meal])
            top = model.prob.constraints.get(constraint_name("meal_share_max", meal, who=who))
            if top is not None and skips:
                top.addInPlace(pulp.lpSum(-(1 - high) * most * skip for skip in skips.values()))


def day_model(problem: MenuProblem, day_type: int = 0, line_uses: bool = False) -> DayModel:
    """One day's menu model for the eaters of ``problem``; ``line_uses``: with a variable
    per product line the day uses (``DayModel.uses_line``, for the line charges' bound; its
    rows would slow every other day solve)."""
    prob = pulp.LpProblem(f"menu_day_type{day_type}", pulp.LpMinimize)
    rules = problem.rules
    eaters = problem.eaters
    many = len(eaters) > 1
    locks = dict(problem.day_types[day_type] and problem.locked.get(
        problem.day_types[day_type][0], {}) or {})

    def who(p: int) -> str:
        return f"p{p + 1}" if many else ""

    cook = {(r, meal): pulp.LpVariable(f"cook_{r}_{meal}", cat="Binary")
            for r, meal in problem.slots}
    # A person's portions of a dish are continuous, between their smallest and the largest
    # size when the dish is cooked and 0 otherwise; the size itself is a whole number of steps
    # chosen once per person and meal, and the one dish they eat at that meal takes exactly
    # that size.  So the integers are one per person and meal, not one per dish and size:
    # quarter portions from a quarter to two cost a day no more binaries than three sizes did.
    step = rules.portion_step
    share = {(p, r, meal): pulp.LpVariable(f"share_{p}_{r}_{meal}", 0, rules.portion_max)
             for p, eater in enumerate(eaters) for r, meal in problem.slots
             if eater.eats_recipe(r)}
    for (p, r, meal), var in share.items():
        prob += var >= problem.portion_levels(p)[0] * cook[r, meal], f"share_min_{p}_{r}_{meal}"
        prob += var <= rules.portion_max * cook[r, meal], f"share_max_{p}_{r}_{meal}"
    steps_of = {(p, meal): pulp.LpVariable(f"steps_{p}_{meal}", 0,
                                           round(rules.portion_max / step), cat="Integer")
                for p in range(len(eaters)) for meal in rules.all_meals}
    side = {}
    side_use = {}
    for p, eater in enumerate(eaters):
        for f, food in enumerate(problem.sides):
            if eater.eats_side(f):
                cap = max(1, min(food.max_servings, rules.side_max_servings))
                # Servings as steps (the k-th only after the (k-1)-th), the first of them
                # saying the side is served: no big-M link, so a tighter relaxation.
                steps = [pulp.LpVariable(f"side_{p}_{f}_{k}", cat="Binary")
                         for k in range(1, cap + 1)]
                for k in range(1, cap):
                    prob += steps[k] <= steps[k - 1], f"side_step_{p}_{f}_{k}"
                side[p, f] = pulp.lpSum(steps)
                side_use[p, f] = steps[0]
    side_any = {}
    for f in range(len(problem.sides)):
        users = [side_use[p, f] for p in range(len(eaters)) if (p, f) in side_use]
        if not users:
            continue
        if not many:
            side_any[f] = users[0]
            continue
        side_any[f] = pulp.LpVariable(f"side_any_{f}", cat="Binary")
        for p_var in users:
            prob += side_any[f] >= p_var, f"side_table_{p_var.name}"
        prob += side_any[f] <= pulp.lpSum(users), f"side_served_{f}"
    # Each person's servings of a side are split over the meals it suits, in whole servings
    # (two cups of milk: one at breakfast, one at dinner), and count toward those meals'
    # shares of their day.  Whole servings per meal, not one meal per side on the table: a
    # binary per side and meal shared by the table made a family's day ten times slower.
    side_meals: dict[int, list[str]] = {}
    for f, meal in problem.side_slots:
        if f in side_any:
            side_meals.setdefault(f, []).append(meal)
    side_part: dict[tuple[int, int, str], pulp.LpAffineExpression] = {}
    for (p, f), servings in side.items():
        meals = side_meals.get(f, [])
        if len(meals) == 1:
            side_part[p, f, meals[0]] = servings
            continue
        cap = max(1, min(problem.sides[f].max_servings, rules.side_max_servings))
        parts = {meal: pulp.LpVariable(f"side_part_{p}_{f}_{meal}", 0, cap, cat="Integer")
                 for meal in meals}
        for meal, var in parts.items():
            side_part[p, f, meal] = pulp.LpAffineExpression([(var, 1.0)])
        prob += pulp.lpSum(parts.values()) == servings, f"side_meals_{p}_{f}"
    for f in side_any:
        if f not in side_meals:
            side_any[f].upBound = 0  # a side that suits none of the planned meals

    def amount(p: int, r: int, meal: str) -> pulp.LpAffineExpression:
        """Person p's portions of recipe r at meal (0 when the dish is not cooked)."""
        return pulp.LpAffineExpression([(share[p, r, meal], 1.0)])

    for meal in rules.all_meals:
        slots = [(r, m) for r, m in problem.slots if m == meal]
        required = meal in rules.meals
        for p, eater in enumerate(eaters):
            # Everyone who can eat a cooked dish has a share of it, and one dish per meal.
            plate = pulp.lpSum(cook[r, meal] for r, _ in slots if eater.eats_recipe(r))
            name = constraint_name("one", meal, who=who(p))
            prob += (plate == 1) if required else (plate <= 1), name
            prob += pulp.lpSum(share[p, r, meal] for r, _ in slots if (p, r, meal) in share) \
                == step * steps_of[p, meal], f"portion_{p}_{meal}"
    for p, eater in enumerate(eaters):
        energy = {meal: pulp.lpSum(
            [problem.recipes[r].amount(ENERGY) * share[p, r, m]
             for r, m in problem.slots if m == meal and (p, r, m) in share]
            + [problem.sides[f].amount(ENERGY) * part
               for (q, f, m), part in side_part.items() if q == p and m == meal])
            for meal in rules.all_meals}
        day = pulp.lpSum(energy.values())
        for meal, (low, high) in rules.meal_shares.items():
            if meal not in energy:
                continue
            if low > 0:
                prob += energy[meal] - low * day >= 0, \
                    constraint_name("meal_share_min", meal, who=who(p))
            if high < 1:
                prob += energy[meal] - high * day <= 0, \
                    constraint_name("meal_share_max", meal, who=who(p))
        _most_servings(problem, p, share, side, prob, who(p))
    extra: dict[int, list[pulp.LpVariable]] = {}
    for r in range(len(problem.recipes)):
        if r in problem.leftover_of:
            continue
        cooked = [cook[r, meal] for meal in rules.all_meals if (r, meal) in cook]
        twin = problem.twins.get(r)
        # Not cooked and eaten from the fridge on one day either.
        uses = cooked + [cook[twin, meal] for meal in rules.all_meals if (twin, meal) in cook]
        if len(uses) > 1:
            prob += pulp.lpSum(uses) <= 1, f"recipe_once_a_day_{r}"
        if twin is not None and cooked and rules.leftover_portions:
            # Portions cooked for later, one at a time, only when the dish is cooked today.
            steps = [pulp.LpVariable(f"extra_{r}_{k}", cat="Binary")
                     for k in range(1, rules.leftover_portions * len(eaters) + 1)]
            prob += steps[0] <= pulp.lpSum(cooked), f"extra_cooked_{r}"
            for k in range(1, len(steps)):
                prob += steps[k] <= steps[k - 1], f"extra_step_{r}_{k}"
            extra[r] = steps
        if not any(eater.eats_recipe(r) for eater in eaters):
            for var in uses:
                var.upBound = 0
    kinds: dict[str, list] = {}
    for f, var in side_any.items():
        kinds.setdefault(problem.sides[f].kind, []).append(var)
    for kind, terms in kinds.items():
        if len(terms) > 1:
            prob += pulp.lpSum(terms) <= 1, f"one_side_of_a_kind_{constraint_name('', kind)[1:]}"
    aisles: dict[str, list] = {}
    for f, var in side_any.items():
        aisles.setdefault(problem.sides[f].category, []).append(var)
    for aisle, terms in aisles.items():
        limit = rules.side_max_per_aisle.get(aisle)
        if limit is not None and len(terms) > limit:
            prob += pulp.lpSum(terms) <= limit, \
                f"sides_from_{constraint_name('', aisle)[1:]}"
    for p in range(len(eaters)):
        uses = [var for (q, _), var in side_use.items() if q == p]
        if uses:
            prob += pulp.lpSum(uses) <= rules.sides_per_day, f"sides_per_day_p{p + 1}"

    cap = problem.minute_cap(day_type)
    if cap is not None:
        # A leftover is reheated, not cooked: only fresh dishes count.
        prob += pulp.lpSum(problem.recipes[r].minutes * var for (r, _), var in cook.items()
                           if r not in problem.leftover_of) <= cap, "minutes_at_the_stove"
    # Locked meals: the same dish at the same portions as the kept plan.
    for meal, (r, portions) in locks.items():
        prob += cook[r, meal] == 1, f"locked_{meal}"
        for p, wanted in enumerate(portions):
            if (p, r, meal) in share:
                prob += share[p, r, meal] == wanted, f"locked_{meal}_p{p}"
    for slot in problem.banned_on(day_type) & cook.keys():
        cook[slot].upBound = 0

    rows: dict[str, Row] = {}

    def row(kind: str, key: str, p: int) -> str:
        name = constraint_name(kind, key, who=who(p))
        rows[name] = Row(p + 1 if many else None, None, key, kind)
        return name

    shortfall: dict[tuple[int, str], pulp.LpVariable] = {}
    short_at_all: dict[tuple[int, str], pulp.LpVariable] = {}
    for p, eater in enumerate(eaters):
        soft = eater.soft_minimums()
        for key, nutrient in eater.targets.items():
            total = pulp.lpSum(
                [problem.recipes[r].amount(key) * amount(p, r, meal)
                 for r, meal in problem.slots if eater.eats_recipe(r)]
                + [problem.sides[f].amount(key) * var for (q, f), var in side.items() if q == p])
            credit = eater.credits.get(key, 0.0)
            if key in soft:
                shortfall[p, key] = pulp.LpVariable(f"short_{p}_{key}", 0, 1)
                prob += total + soft[key] * shortfall[p, key] >= soft[key], \
                    row("min", key, p)
                short_at_all[p, key] = pulp.LpVariable(f"short_at_all_{p}_{key}", cat="Binary")
                prob += shortfall[p, key] <= short_at_all[p, key], f"short_at_all_{p}_{key}"
            elif nutrient.min and nutrient.min - credit > 0:
                prob += total >= nutrient.min - credit, row("min", key, p)
            if nutrient.max is not None and nutrient.soft_max and nutrient.max > 0:
                # A guideline (sodium): passing it costs what falling short of a target does.
                over = pulp.LpVariable(f"over_{p}_{key}", 0)
                shortfall[p, OVER + key] = over
                prob += total - nutrient.max * over <= nutrient.max - credit, \
                    row("max", key, p)
            elif nutrient.max is not None:
                prob += total <= nutrient.max - credit, row("max", key, p)

    portions: dict[int, list[pulp.LpVariable]] = {}
    for (p, r, meal), var in share.items():
        portions.setdefault(r, []).append(var)
    servings: dict[int, list[tuple[pulp.LpVariable, float]]] = {}
    for (p, f), steps in side.items():
        servings.setdefault(f, []).extend(steps.items())
    base: dict[pulp.LpVariable, float] = {}
    for (r, meal), var in cook.items():
        charge = problem.pick_costs.get(r, 0.0)
        if r not in problem.leftover_of:
            charge += problem.minute_cost * problem.recipes[r].minutes
        if charge:
            base[var] = base.get(var, 0.0) + charge
    for (_, key), var in shortfall.items():
        base[var] = OVER_WEIGHT if key.startswith(OVER) else SHORTFALL_WEIGHT
    for var in short_at_all.values():
        base[var] = SHORT_AT_ALL_WEIGHT
    # A product the day takes anything of is a product the week buys.
    uses_line: dict[int, pulp.LpVariable] = {}
    recipe_lines, side_lines = problem.line_amounts
    for n in problem.line_charges if line_uses else ():
        takers = [var for (r, _), var in cook.items()
                  if r not in problem.leftover_of and n in recipe_lines[r]]
        takers += [var for f, var in side_any.items() if n in side_lines[f]]
        if not takers:
            continue
        uses_line[n] = pulp.LpVariable(f"uses_line_{n}", 0, 1)
        for var in takers:
            prob += uses_line[n] >= var, f"uses_line_{n}_{var.name}"
    model = DayModel(prob, cook, share, side, side_any, shortfall, portions, servings, base,
                     problem, extra, side_part, rows, uses_line)
    prob.setObjective(model.objective_with({}, {}))
    return model


def _most_servings(problem: MenuProblem, p: int, share, side, prob: pulp.LpProblem,
                   who: str) -> None:
    """No more of one food in person p's day than ``problem.day_servings`` allows, counting
    what each dish puts in (at p's portion) and the side; a row only where the day could
    pass it."""
    if not problem.day_servings:
        return
    terms: dict[str, list] = {}
    most: dict[str, dict[str, float]] = {}   # food -> meal -> the most a dish there puts in
    for (q, r, meal), var in share.items():
        if q != p:
            continue
        for name, amount in problem.recipe_servings[r].items():
            terms.setdefault(name, []).append((var, amount))
            at = most.setdefault(name, {})
            at[meal] = max(at.get(meal, 0.0), amount * problem.rules.portion_max)
    for (q, f), servings in side.items():
        if q != p:
            continue
        name = problem.sides[f].name
        terms.setdefault(name, []).extend(servings.items())
        cap = max(1, min(problem.sides[f].max_servings, problem.rules.side_max_servings))
        most.setdefault(name, {})["side"] = float(cap)
    for name in sorted(terms):
        limit = problem.day_servings.get(name)
        if limit is None or sum(most[name].values()) <= limit + 1e-9:
            continue
        prob += pulp.lpSum(c * var for var, c in terms[name]) <= limit, \
            constraint_name("most_servings", name, who=who)
