"""Build the PuLP models.  Pure: no I/O, no solving.

The week is planned by Dantzig-Wolfe decomposition (column generation).  A *day model* chooses
one day's menu: whole servings of foods in meal slots, with every daily rule.  A *master model*
chooses which of the day menus found so far make up the week, under the weekly rules that couple
the days (a food on at most ``max_days`` days, a penalty for repeats).  The master's dual prices
tell the day model which foods the week is already using too much, so each new day menu is the
most useful one to add.  The linear master over all possible day menus gives a lower bound on
the best week far tighter than the linear relaxation of a one-piece weekly model, which is what
lets the planner prove a small optimality gap quickly (see bench/ for the figures).

``week_model`` builds that one-piece weekly model too: it is the reference the benchmarks
compare against, and the model a user's constraints are checked with when diagnosing
infeasibility.

Every constraint is named after the rule it enforces (``min_magnesium_mg_day3``), so a report
can say which target failed.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Mapping, NamedTuple, Sequence

import pulp

from .data import Food, Nutrient, PlannerSettings
from .domain import Person

# A day that misses a soft target by 100 % costs this much in the objective: far above any
# day's cost or variety terms, so full coverage always comes first.
SHORTFALL_WEIGHT = 1000.0

OBJECTIVES = ("coverage", "cost", "variety")
# What serving a food again at the same meal as in an --avoid plan costs (about a serving's
# price), so a new week prefers new combinations without paying much for them.
AVOID_WEIGHT = 0.5


@dataclass(frozen=True)
class Weights:
    cost: float
    repeat: float


def objective_weights(objective: str) -> Weights:
    """How the three objectives trade cost against repeating a food on another day.

    Shortfall is always weighted by SHORTFALL_WEIGHT; these weights order what comes after.
    """
    if objective == "cost":
        return Weights(cost=1.0, repeat=0.001)
    if objective == "variety":
        return Weights(cost=0.01, repeat=1.0)
    return Weights(cost=1.0, repeat=0.0)


@dataclass(frozen=True)
class Problem:
    """Everything a model needs: the allowed foods, per-day targets and the planner rules."""

    foods: tuple[Food, ...]
    targets: Mapping[str, Nutrient]
    settings: PlannerSettings
    days: int
    credits: Mapping[str, float] = field(default_factory=dict)
    objective: str = "coverage"
    seed: int | None = None
    # --avoid: meals of an earlier plan (meal, food indices) that must not come back whole, and
    # the (food, meal) pairs that cost AVOID_WEIGHT each time they recur.
    avoid_meals: tuple[tuple[str, frozenset[int]], ...] = ()
    avoid_pairs: frozenset[tuple[int, str]] = frozenset()
    # --include: each group of foods (one term's matches) appears at least once in the week.
    include_groups: tuple[frozenset[int], ...] = ()
    # --budget: what the whole plan's shopping may cost at the till: whole packages, for all
    # ``people`` (or the household), after what is at home (``pantry``: servings by food).
    budget: float | None = None
    people: int = 1
    pantry: Mapping[int, float] = field(default_factory=dict)
    # --lock: day number -> meal -> {food index: servings of each eater} kept exactly from an
    # earlier plan (a one-person plan has one eater; 0 servings: that person skips the dish).
    locked: Mapping[int, Mapping[str, Mapping[int, tuple[int, ...]]]] = field(
        default_factory=dict)
    # --household: the people sharing the menu, each with their own targets and foods.  Empty
    # for a one-person plan, whose eater is ``targets`` and ``credits``.
    household: tuple[Person, ...] = ()

    @cached_property
    def eaters(self) -> tuple[Person, ...]:
        return self.household or (Person(targets=self.targets, credits=self.credits),)

    @cached_property
    def day_types(self) -> list[tuple[int, ...]]:
        """Days that share their locks share a day model: type 0 is every unlocked day."""
        types: dict[tuple, list[int]] = {(): []}
        for day in range(1, self.days + 1):
            key = tuple(sorted((meal, i, k) for meal, foods in self.locked.get(day, {}).items()
                               for i, k in foods.items()))
            types.setdefault(key, []).append(day)
        return [tuple(days) for days in types.values() if days or not self.locked]

    def type_key(self, day: int) -> int:
        for n, days in enumerate(self.day_types):
            if day in days:
                return n
        raise KeyError(day)

    @property
    def weights(self) -> Weights:
        return objective_weights(self.objective)

    @cached_property
    def shopping_lines(self) -> list[ShoppingLine]:
        """How each food is bought, as the shopping list buys it (plan.Plan.shopping_list):
        foods with a package weight as grams of their product (all forms of eggs on one
        line), others by the serving."""
        lines = []
        for food in self.foods:
            if food.package_grams:
                per = food.grams * food.product_ratio
                price = (food.package_price if food.package_price is not None
                         else (food.price or 0.0) * food.package_grams / per)
                lines.append(ShoppingLine(("g", (food.product or food.name).casefold()), per,
                                          food.package_grams, price))
            else:
                size = food.package_servings or 1.0
                lines.append(ShoppingLine(("servings", food.name), 1.0, size,
                                          (food.price or 0.0) * size))
        return lines

    def serving_price(self, index: int) -> float:
        """What a serving of food ``index`` costs at the till's package price."""
        line = self.shopping_lines[index]
        return line.price * line.per_serving / line.size

    @cached_property
    def pantry_value(self) -> float:
        return sum(self.serving_price(i) * servings for i, servings in self.pantry.items())

    @property
    def eaten_budget(self) -> float | None:
        """What the menu's food (Column.money, at package prices) may cost at most for a till
        bill within the budget: the bill is at least the food eaten less what the pantry
        supplies, so this is a relaxation the linear master can price with."""
        if self.budget is None:
            return None
        return (self.budget + self.pantry_value) / self.people

    def line_amounts(self, columns: Sequence["Column"]) -> dict[tuple[str, str], float]:
        """What the days need of each shopping line (grams of product, or servings), for
        everyone."""
        needed: dict[tuple[str, str], float] = {}
        for column in columns:
            for (i, _), portions in column.servings.items():
                line = self.shopping_lines[i]
                needed[line.key] = (needed.get(line.key, 0.0)
                                    + sum(portions) * self.people * line.per_serving)
        return needed

    @cached_property
    def pantry_lines(self) -> dict[tuple[str, str], float]:
        at_home: dict[tuple[str, str], float] = {}
        for i, servings in self.pantry.items():
            line = self.shopping_lines[i]
            at_home[line.key] = at_home.get(line.key, 0.0) + servings * line.per_serving
        return at_home

    def till_cost(self, columns: Sequence["Column"]) -> float:
        """What the week's shopping costs at the till: whole packages of what everyone eats,
        after the pantry, each line rounded up once over the week."""
        lines = {line.key: line for line in self.shopping_lines}
        return sum(_packages(amount - self.pantry_lines.get(key, 0.0), lines[key].size)
                   * lines[key].price for key, amount in self.line_amounts(columns).items())

    def max_days(self, index: int) -> int:
        food = self.foods[index]
        limit = food.max_days if food.max_days is not None else self.settings.max_days_per_food
        return min(limit, self.days)

    def repeat_penalised(self, index: int) -> bool:
        # A food given its own max_days (milk, coffee, bread) is a staple meant to recur.
        return self.foods[index].max_days is None

    def soft_minimums(self) -> dict[str, float]:
        """Nutrients with a minimum the menu itself must supply, after credits."""
        return self.eaters[0].soft_minimums()

    @cached_property
    def pick_costs(self) -> dict[tuple[int, str], float]:
        """Costs of serving food i at a meal beyond its price: the seeded preferences that steer
        ties toward a different, equally valid menu, and the --avoid penalty."""
        costs: dict[tuple[int, str], float] = {}
        if self.seed is not None:
            rng = random.Random(self.seed)
            prices = [food.price or 0.0 for food in self.foods]
            scale = 0.15 * (sum(prices) / len(prices) if prices and any(prices) else 1.0)
            costs = {(i, meal): scale * rng.random() for i, food in enumerate(self.foods)
                     for meal in self.settings.meal_names if meal in food.meals}
        for pair in self.avoid_pairs:
            costs[pair] = costs.get(pair, 0.0) + AVOID_WEIGHT
        return costs


@dataclass(frozen=True)
class ShoppingLine:
    key: tuple[str, str]  # ("g", product) or ("servings", food)
    per_serving: float    # grams of product (or servings) a serving of the food takes
    size: float           # a package, in the same unit
    price: float          # a package's price


def _packages(needed: float, size: float) -> int:
    # The shopping list's rule (plan.Plan.shopping_list): a hair of tolerance so 14.000000001
    # servings of a 14-serving pack is one pack.
    return math.ceil(needed / size - 1e-9) if needed > 1e-9 else 0


class Row(NamedTuple):
    """What a named constraint of the day model enforces, kept when it is built so that a
    diagnosis reads it instead of parsing the name back."""

    person: int | None   # 1-based, as in the name (_p1); None: the one person, or everyone
    day: int | None
    nutrient: str | None  # the nutrient key of a target row
    kind: str             # min, max, kcal_share_min, kcal_share_max, eats


def constraint_name(kind: str, key: str, day: int | None = None, who: str = "") -> str:
    """``min_magnesium_mg_day3``; in a household ``min_magnesium_mg_p1_day3`` (person 1)."""
    safe = re.sub(r"[^A-Za-z0-9_]", "_", key)
    return f"{kind}_{safe}" + (f"_{who}" if who else "") + (
        f"_day{day}" if day is not None else "")


# --------------------------------------------------------------------------------------------
# One day


def kind_slug(kind: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", kind).strip("_") or "food"


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


# --------------------------------------------------------------------------------------------
# The week from day menus


@dataclass(frozen=True)
class Column:
    """One day's menu as the master sees it."""

    servings: Mapping[tuple[int, str], tuple[int, ...]]  # food at meal -> each eater's servings
    cost: float  # the day's own objective: shortfall penalty + cost + seeded preferences
    foods: frozenset[int]
    money: float = 0.0  # what the day's food costs
    day_type: int = 0   # which day model made it (see Problem.day_types)

    @property
    def pattern(self) -> frozenset[tuple[int, str]]:
        """Which food at which meal, servings aside: what makes two days look the same."""
        return frozenset(self.servings)


@dataclass
class MasterModel:
    prob: pulp.LpProblem
    choose: list[pulp.LpVariable]
    artificial: pulp.LpVariable | None
    cap_rows: dict[int, str]
    repeat_rows: dict[int, str]
    include_rows: dict[int, str] = field(default_factory=dict)  # group number -> row
    budget_row: str | None = None
    days_rows: dict[int, str] = field(default_factory=dict)  # day type -> row
    artificials: list[pulp.LpVariable] = field(default_factory=list)

    def uses_artificial(self) -> bool:
        return any((var.value() or 0.0) > 1e-6 for var in self.artificials)


# An "empty day" that makes the first master feasible; priced so high it is never kept.
ARTIFICIAL_COST = 1e7


def too_alike(problem: "Problem", first: "Column", second: "Column") -> bool:
    """Two days share more than ``max_shared_foods`` of the smaller day's foods, staples
    (foods given their own max_days, meant to recur: milk, bread, coffee) aside."""
    a = {i for i in first.foods if problem.repeat_penalised(i)}
    b = {i for i in second.foods if problem.repeat_penalised(i)}
    return bool(a & b) and len(a & b) > problem.settings.max_shared_foods * min(len(a), len(b))


def master_model(problem: Problem, columns: list[Column], *, integer: bool,
                 days: int | None = None, caps: Mapping[int, int] | None = None,
                 include_needed: Sequence[int] | None = None,
                 budget: float | None = None,
                 fixed: Sequence[Column] = ()) -> MasterModel:
    """Choose ``days`` day menus from ``columns`` under the weekly rules.

    The linear version (``integer=False``) is the restricted master of column generation, with
    an artificial empty day so it is always feasible.  The integer version picks each menu at
    most once, so no two days of the week are the same.

    The budget: the linear master caps the food eaten (``budget``, by default the problem's
    ``eaten_budget``, a relaxation); the integer master caps the bill at the till exactly, with
    a whole number of packages of each food bought for the week (``fixed`` days included).
    """
    types = problem.day_types
    counts = [len(type_days) for type_days in types]
    if days is not None:  # a partial week (diving): only without locks, so one day type
        counts = [days]
    days = sum(counts)
    prob = pulp.LpProblem("mealplan_week", pulp.LpMinimize)
    category = pulp.LpBinary if integer else pulp.LpContinuous
    choose = [pulp.LpVariable(f"menu{c}", 0, 1 if integer else None, cat=category)
              for c in range(len(columns))]
    artificials = [] if integer else [pulp.LpVariable(f"no_menu{t}", 0)
                                      for t in range(len(counts))]
    objective = [(var, column.cost) for var, column in zip(choose, columns)]
    objective += [(var, ARTIFICIAL_COST) for var in artificials]
    days_rows: dict[int, str] = {}
    for t, count in enumerate(counts):
        # Each day type fills its own days: unlocked days, and each set of locked days.
        name = "days" if t == 0 else f"days_t{t}"
        total = pulp.LpAffineExpression(
            [(var, 1) for var, column in zip(choose, columns) if column.day_type == t]
            + ([(artificials[t], 1)] if artificials else []))
        prob += total == count, name
        days_rows[t] = name
    artificial = artificials[0] if artificials else None
    if integer:
        # Days that share more than max_shared_foods of their foods look alike to a person
        # (the same menu twice most of all): at most one of each such pair in a week.  The
        # same menu twice is always too alike, staples or not.
        patterns: dict[frozenset, list[pulp.LpVariable]] = {}
        for var, column in zip(choose, columns):
            patterns.setdefault(column.pattern, []).append(var)
        for n, group in enumerate(patterns.values()):
            if len(group) > 1:
                prob += pulp.lpSum(group) <= 1, f"distinct_menu{n}"
        for a in range(len(columns)):
            for b in range(a + 1, len(columns)):
                if too_alike(problem, columns[a], columns[b]):
                    prob += choose[a] + choose[b] <= 1, f"alike_menus_{a}_{b}"

    uses: dict[int, list[pulp.LpVariable]] = {}
    for var, column in zip(choose, columns):
        for i in column.foods:
            uses.setdefault(i, []).append(var)
    cap_rows: dict[int, str] = {}
    repeat_rows: dict[int, str] = {}
    weights = problem.weights
    for i in range(len(problem.foods)):
        limit = problem.max_days(i) if caps is None else caps.get(i, problem.max_days(i))
        food_days = pulp.LpAffineExpression([(var, 1) for var in uses.get(i, [])])
        if limit < days:
            name = constraint_name("max_days", f"f{i}")
            prob += food_days <= limit, name
            cap_rows[i] = name
        if weights.repeat and problem.repeat_penalised(i):
            # Every day a food is eaten beyond its first costs weights.repeat.
            repeats = pulp.LpVariable(f"repeats_f{i}", 0)
            objective.append((repeats, weights.repeat))
            name = f"repeat_f{i}"
            prob += food_days - repeats <= 1, name
            repeat_rows[i] = name
    include_rows: dict[int, str] = {}
    for n, group in enumerate(problem.include_groups):
        needed = 1 if include_needed is None else include_needed[n]
        if needed > 0:
            name = f"include_{n}"
            prob += pulp.LpAffineExpression(
                [(var, len(column.foods & group)) for var, column in zip(choose, columns)
                 if column.foods & group]
                + [(var, 1) for var in artificials]) >= needed, name
            include_rows[n] = name
    budget = problem.eaten_budget if budget is None else budget
    budget_row = None
    if budget is not None:
        budget_row = "budget"
        prob += pulp.LpAffineExpression(
            [(var, column.money) for var, column in zip(choose, columns)]) <= budget, budget_row
    if integer and problem.budget is not None:
        _till_rows(prob, problem, choose, columns, fixed)
    prob.setObjective(pulp.LpAffineExpression(objective))
    return MasterModel(prob, choose, artificial, cap_rows, repeat_rows, include_rows,
                       budget_row, days_rows, artificials)


def _till_rows(prob: pulp.LpProblem, problem: Problem, choose: Sequence[pulp.LpVariable],
               columns: Sequence[Column], fixed: Sequence[Column]) -> None:
    """Whole packages of each shopping line, enough for the week after the pantry, within the
    budget."""
    served: dict[tuple[str, str], list[tuple[pulp.LpVariable, float]]] = {}
    for var, column in zip(choose, columns):
        for key, amount in problem.line_amounts([column]).items():
            served.setdefault(key, []).append((var, amount))
    already = problem.line_amounts(fixed)
    lines = {line.key: line for line in problem.shopping_lines}
    bill = []
    for n, key in enumerate(sorted(set(served) | set(already))):
        line = lines[key]
        if not line.price:
            continue
        packages = pulp.LpVariable(f"packages_l{n}", 0, cat=pulp.LpInteger)
        prob += (pulp.LpAffineExpression(served.get(key, [])) - line.size * packages
                 <= problem.pantry_lines.get(key, 0.0) - already.get(key, 0.0), f"bought_l{n}")
        bill.append((packages, line.price))
    prob += pulp.LpAffineExpression(bill) <= problem.budget, "till"


# --------------------------------------------------------------------------------------------
# Reference and classic models


@dataclass
class WeekModel:
    prob: pulp.LpProblem
    days: list[DayVars]


def week_model(problem: Problem) -> WeekModel:
    """The whole week as one MIP: every day's variables plus the weekly coupling rules."""
    prob = pulp.LpProblem("mealplan_week_compact", pulp.LpMinimize)
    days = [add_day(prob, problem, d + 1, problem.locked.get(d + 1))
            for d in range(problem.days)]
    objective = pulp.LpAffineExpression()
    for day in days:
        objective += day.objective
    weights = problem.weights
    for i in range(len(problem.foods)):
        food_days = pulp.lpSum(day.food_used(i) for day in days)
        limit = problem.max_days(i)
        if limit < problem.days:
            prob += food_days <= limit, constraint_name("max_days", f"f{i}")
        if weights.repeat and problem.repeat_penalised(i):
            repeats = pulp.LpVariable(f"repeats_f{i}", 0)
            prob += food_days - repeats <= 1, f"repeat_f{i}"
            objective += weights.repeat * repeats
    prob.setObjective(objective)
    return WeekModel(prob, days)


@dataclass
class ContinuousModel:
    prob: pulp.LpProblem
    amount: list[pulp.LpVariable]
    shortfall: dict[str, pulp.LpVariable]


def continuous_model(problem: Problem) -> ContinuousModel:
    """The classic diet LP: fractional servings for one day, no meals or variety rules."""
    prob = pulp.LpProblem("mealplan_continuous", pulp.LpMinimize)
    foods = problem.foods
    amount = [pulp.LpVariable(f"serve_f{i}", 0, food.max_servings)
              for i, food in enumerate(foods)]
    shortfall = {}
    soft = problem.soft_minimums()
    for key, nutrient in problem.targets.items():
        credit = problem.credits.get(key, 0.0)
        total = pulp.LpAffineExpression(
            [(var, food.amount(key)) for var, food in zip(amount, foods) if food.amount(key)]
        )
        if key in soft:
            shortfall[key] = pulp.LpVariable(f"short_{key}", 0, 1)
            prob += total + soft[key] * shortfall[key] >= soft[key], constraint_name("min", key)
        elif nutrient.min and nutrient.hard:
            prob += total >= nutrient.min - credit, constraint_name("min", key)
        if nutrient.max is not None:
            prob += total <= nutrient.max - credit, constraint_name("max", key)
    weights = problem.weights
    prob.setObjective(pulp.LpAffineExpression(
        [(var, weights.cost * (food.price or 0.0)) for var, food in zip(amount, foods)]
        + [(var, SHORTFALL_WEIGHT) for var in shortfall.values()]
    ))
    return ContinuousModel(prob, amount, shortfall)
