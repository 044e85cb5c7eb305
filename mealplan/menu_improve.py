"""Recipe weeks without the linear master's help: the greedy week, a local search on the
exact week (whole packages, leftovers, the budget as a wall), the dishes swapped and the
day variants that feed the master, and the budget week."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from .errors import InfeasibleError
from .menu_budget import (MONEY_SCALES, allowance, covered, floor_column, money_scale,
                          till_line_costs, week_till, within_budget)
from .menu_columns import DayTally, column_allowed, make_column, unplanned_meals
from .menu_master import days_conflict, rule_counts
from .menu_pricing import MenuDuals, Pricer, reduced_cost
from .menu_problem import Column, MenuProblem, dish_cost
from .menu_week import exact_value, fridge, fridge_ok, week_allowed, week_products, week_value
from .search_settings import SearchSettings
from .shopping import packages, till
from .solve import wall_for, work_seconds


def budget_week(problem: MenuProblem, start: list[Column], pool: Sequence[Column],
                pricers: Sequence["Pricer"], settings: SearchSettings, deadline: float,
                seen: Callable[[list[Column]], None]) -> list[Column]:
    """The best coverage found within the budget at the till.  From ``start`` if it is
    within the budget, else from days that buy nothing (their locks at most): passes of days
    re-priced for the till (what the other days bought is free, a package not yet bought
    costs its price) at several weights on a dollar, each kept only within the budget, a
    wall.  So the week is within the budget whatever the passes find."""
    whole: list[Column] | None = None  # the best week within the budget that covers all

    def note(week: list[Column]) -> None:
        nonlocal whole
        seen(week)
        if covered(problem, week) and within_budget(problem, week) and (
                whole is None or exact_value(problem, week) < exact_value(problem, whole)):
            whole = week

    loose = replace(settings, greedy_gap=max(settings.greedy_gap, BUDGET_GAP))
    starts = [start]
    if not within_budget(problem, start):
        # Down from the week without the budget, each dollar over it dearer pass by pass
        # (a budget a little under that week's till keeps most of it) ...
        week = start
        for scale in MONEY_SCALES:
            week = improve_week(problem, week, pool, pricers,
                                replace(loose, improve_passes=1), deadline, money=(scale,),
                                seen=note, over_weight=scale)
        # ... and up from days that buy nothing (a budget far under it).
        starts = [week, [floor_column(problem, day) for day in range(1, problem.days + 1)]]
    weeks = []
    for week in starts:
        if not within_budget(problem, week):
            continue
        week = improve_week(problem, week, pool, pricers,
                            replace(loose, improve_passes=BUDGET_PASSES), deadline,
                            money=MONEY_SCALES, seen=note,
                            ration=any(unplanned_meals(problem, c.dishes) for c in week))
        note(week)
        weeks.append(week)
    if whole is None and not weeks:
        # Not even the days that buy nothing but their locks are within it.
        floor = starts[-1]
        raise InfeasibleError(
            f"the meals locked from the earlier plan alone cost "
            f"${week_till(problem, floor):.2f} at the till, more than the budget of "
            f"${problem.budget:.2f}", constraint="budget")
    # Coverage first: a week that covers everything beats one a few dollars better.
    return whole or min(weeks, key=lambda week: exact_value(problem, week))


# Passes of the week built within a budget (from days that buy nothing, a pass fills them as
# the money allows, the next ones share what the first bought), and each day's relative gap
# there: a day priced at a dear dollar is a candidate, the exact week decides.
BUDGET_PASSES = 3


BUDGET_GAP = 0.02


def _swaps(problem: MenuProblem, column: Column, n: int, *, own: bool = False):
    """(recipe, portions, day) for ``column`` with its n-th dish swapped for another recipe
    of that meal (at each portion size for one person, at the same portions for a household,
    whose eaters must be the same), keeping the day's hard rules; ``own`` also offers the
    dish's own recipe at its other sizes."""
    levels = problem.rules.portions
    (r, meal), portions = column.dishes[n]
    rest = column.dishes[:n] + column.dishes[n + 1:]
    banned = problem.banned_on(column.day_type)
    in_rest = {d for (d, _), _ in rest}
    tally = DayTally(problem, rest, column.sides)
    for other, recipe in enumerate(problem.recipes):
        if meal not in recipe.meals or (other in column.recipes and not (own and other == r)):
            continue
        # Leftovers come from the days that cook for them, not from a one-dish swap.
        if other in problem.leftover_of or problem.twins.get(other) in in_rest:
            continue
        if (other, meal) in banned:
            continue
        if any(problem.eaters[p].eats_recipe(other) != bool(portions[p])
               for p in range(len(portions))):
            continue
        for choice in ([(level,) for level in levels] if len(problem.eaters) == 1
                       else [portions]):
            if other == r and choice == portions:
                continue
            dish = ((other, meal), choice)
            if tally.allowed(column.day_type, dish):
                yield other, choice, make_column(problem, tuple(sorted(rest + (dish,))),
                                                 column.sides, column.day_type)


def diverse_days(problem: MenuProblem, column: Column, count: int) -> list[Column]:
    """``count`` days with no recipe in common, built from the best swaps of each of
    ``column``'s dishes: the n-th day takes the n-th best recipe of every meal.  They let the
    first linear master cover the week without artificial days."""
    ranked: list[list[tuple[tuple[int, str], tuple[float, ...]]]] = []
    locked = problem.locked_meals(column.day_type)
    for n, ((r, meal), portions) in enumerate(column.dishes):
        if meal in locked:
            ranked.append([((r, meal), portions)] * count)
            continue
        options = sorted([(column.cost, r, portions)] + [
            (day.cost, other, choice) for other, choice, day in _swaps(problem, column, n,
                                                                       own=True)])
        seen: set[int] = set()
        best = []
        for _, other, choice in options:
            if other not in seen:
                seen.add(other)
                best.append(((other, meal), choice))
        ranked.append(best)
    days = []
    side_days: dict[int, int] = {}
    for n in range(count):
        dishes = []
        used: set[int] = set()
        for options in ranked:
            pick = next((d for d in options[n:] + options[:n] if d[0][0] not in used), None)
            if pick is None:
                break
            used.add(pick[0][0])
            dishes.append(pick)
        else:
            dishes_t = tuple(sorted(dishes))
            # A side may be on only so many days of a week: later days go without it.
            sides = tuple(((f, meal), servings) for (f, meal), servings in column.sides
                          if side_days.get(f, 0) < problem.side_max_days[f])
            if column_allowed(problem, dishes_t, sides, column.day_type):
                days.append(make_column(problem, dishes_t, sides, column.day_type))
                for f in {f for (f, _), _ in sides}:
                    side_days[f] = side_days.get(f, 0) + 1
    return days


def day_variants(problem: MenuProblem, column: Column, settings: SearchSettings,
                 prices: "MenuDuals | None" = None) -> list[Column]:
    """Days one dish away from ``column`` (another recipe at a meal), kept when the day's
    hard rules still hold and it costs at most ``variant_margin`` more.  Cheap, and they give
    the master the alternatives its duals need, so far fewer day solves are needed."""
    locked = problem.locked_meals(column.day_type)
    found = [day for n, ((_, meal), _) in enumerate(column.dishes) if meal not in locked
             for _, _, day in _swaps(problem, column, n)
             if day.cost <= column.cost + settings.variant_margin]
    # At the round's prices the cheapest variants are not the most useful ones: a recipe the
    # week already uses twice is dear whatever it costs.
    found.sort(key=(lambda c: c.cost) if prices is None
               else (lambda c: reduced_cost(c, prices, problem)))
    return found[:settings.variants_per_column]


def improve_week(problem: MenuProblem, week: list[Column], pool: Sequence[Column],
                 pricers: Sequence["Pricer"], settings: SearchSettings,
                 deadline: float, money: Sequence[float] = (),
                 seen: Callable[[list[Column]], None] | None = None,
                 over_weight: float | None = None,
                 ration: bool = False) -> list[Column]:
    """Whole packages, at last.  The linear master bought packages by the gram; here the
    exact week (packages that spoil bought whole, one charge per product, repeats, tag
    rules, the budget at the till) decides.  Each pass takes the days in turn and prices a
    new one beside the other six: a product they already opened costs nothing, one they
    did not costs its package; the best of that day, the pool's days and the day itself
    that keeps every weekly rule stays.  So a bag of spinach opened on Monday feeds
    Wednesday.  ``money``: the day is also priced for the till (a package not yet bought
    costs its price, whether it keeps or not) at each of these weights on a dollar; ``seen``
    is shown each better week on the way; ``over_weight``: the budget is no wall but each
    dollar over it costs this much; ``ration``: in the first pass the till after day d is
    at most its share of the budget (``allowance``), so the first days filled do not spend
    what the others need."""
    week = list(week)

    def exact(week: Sequence[Column]) -> float:
        if over_weight is None:
            return exact_value(problem, week)
        over = max(0.0, week_till(problem, week) - (problem.budget or 0.0))
        return week_value(problem, week) + over_weight * over

    value = exact(week)
    by_type: dict[int, list[Column]] = {}
    for column in pool:
        by_type.setdefault(column.day_type, []).append(column)
    passes = 0
    while passes < settings.improve_passes or (passes < 3 * settings.improve_passes
                                               and _over_budget(problem, week)):
        passes += 1
        improved = False
        for day in range(len(week)):
            if work_seconds() > deadline:
                return week
            current = week[day]
            others = week[:day] + week[day + 1:]
            # Beside six fixed days a reuse costs what the week's objective says it does.
            recipe_costs, side_costs = _rule_costs(problem, week, day, settings,
                                                   repeat_cost=problem.repeat_weight)
            candidates: list[Column] = []
            if not money:
                over = _over_budget(problem, week)
                _, priced = pricers[current.day_type].price(
                    recipe_costs, side_costs, _open_line_costs(problem, others),
                    cost_scale=OVER_BUDGET_SCALE if over else 1.0, gap=settings.greedy_gap,
                    nodes=settings.greedy_nodes,
                    time_limit=wall_for(deadline - work_seconds(), 0.05))
                candidates = priced + day_variants(problem, priced[0], settings) if priced else []
            till_costs = till_line_costs(problem, others) if money else {}
            for scale in money:
                _, priced = pricers[current.day_type].price(
                    recipe_costs, side_costs, till_costs,
                    cost_scale=money_scale(problem, scale), gap=settings.greedy_gap,
                    nodes=settings.greedy_nodes,
                    time_limit=wall_for(deadline - work_seconds(), 0.05))
                candidates += priced + (day_variants(problem, priced[0], settings) if priced
                                        else [])
            candidates += by_type.get(current.day_type, [])[:settings.improve_pool]
            best, best_value = None, value - 1e-6
            cap = allowance(problem, day) if ration and passes == 1 else None
            for candidate in candidates:
                if candidate.key == current.key:
                    continue
                week[day] = candidate
                if cap is not None and week_till(problem, week) > cap + 1e-6:
                    continue
                if week_allowed(problem, week, day):
                    trial = exact(week)
                    if trial < best_value:
                        best, best_value = candidate, trial
            week[day] = best or current
            if best is not None:
                value, improved = best_value, True
                if seen is not None:
                    seen(list(week))
        moved = _leftover_moves(problem, week, value) if over_weight is None else None
        if moved is not None:
            week, value, improved = moved[0], moved[1], True
        moved = _side_moves(problem, week, value) if over_weight is None else None
        if moved is not None:
            week, value, improved = moved[0], moved[1], True
        if not improved:
            break
    return week


def cook_what_is_eaten(problem: MenuProblem, week: list[Column]) -> list[Column]:
    """A day cooks for later only the portions later days eat: a leftover move that a later
    pass undid leaves portions cooked for nobody (food bought for the bin)."""
    if not problem.twins:
        return week
    ok, stock, _ = fridge(problem, week)
    if not ok:
        return week
    trimmed = list(week)
    for day, column in enumerate(week):
        extras = tuple((base, portions - stock.get((day, base), 0.0))
                       for base, portions in column.extras)
        extras = tuple((base, portions) for base, portions in extras if portions > 1e-9)
        if extras != column.extras:
            trimmed[day] = make_column(problem, column.dishes, column.sides, column.day_type,
                                       extras)
    if fridge_ok(problem, trimmed) and exact_value(problem, trimmed) <= exact_value(
            problem, week) + 1e-9:
        return trimmed
    return week


def _over_budget(problem: MenuProblem, week: Sequence[Column]) -> bool:
    return (problem.budget is not None
            and till(problem.lines, week_products(week)) > problem.budget + 1e-6)


# While the week is over its budget at the till, a dollar outweighs a day's shortfall.
OVER_BUDGET_SCALE = 1e4


def _leftover_moves(problem: MenuProblem, week: list[Column], value: float
                    ) -> tuple[list[Column], float] | None:
    """Cook once, eat twice: the best week that cooks a dish that keeps for more portions
    and serves them at a lunch or dinner of one of the next ``fridge_days`` days in place of
    that meal's dish; None when no such move makes the exact week cheaper."""
    if not problem.twins:
        return None
    rules = problem.rules
    slots = set(problem.slots)
    most = rules.leftover_portions * len(problem.eaters)
    best: tuple[list[Column], float] | None = None
    for day, column in enumerate(week):
        extras = dict(column.extras)
        for (r, _), portions in column.dishes:
            twin = problem.twins.get(r)
            if twin is None:
                continue
            for later in range(day + 1, min(len(week), day + rules.fridge_days + 1)):
                target = week[later]
                if r in target.leftover_bases:
                    continue  # one dish is on a day once
                locked = problem.locked_meals(target.day_type)
                banned = problem.banned_on(target.day_type)
                for n, ((other, meal), eaten) in enumerate(target.dishes):
                    if meal in locked or (twin, meal) in banned:  # a swap's meal stays swapped
                        continue
                    # One dish is on a day once: a later day that cooks it again may only
                    # have that cooking become the leftover (where a cook would put it).
                    if r in target.recipes and other != r:
                        continue
                    # (A dish cooked for later stays: its leftovers are planned.)
                    if (twin, meal) not in slots or other == twin or dict(target.extras).get(other):
                        continue
                    need = float(sum(portions))
                    if extras.get(r, 0.0) + need > most + 1e-9:
                        continue
                    dishes = tuple(sorted(target.dishes[:n] + target.dishes[n + 1:]
                                          + (((twin, meal), portions),)))
                    if not column_allowed(problem, dishes, target.sides, target.day_type):
                        continue
                    trial = list(week)
                    trial[later] = make_column(problem, dishes, target.sides, target.day_type,
                                               target.extras)
                    trial[day] = make_column(problem, column.dishes, column.sides,
                                             column.day_type,
                                             tuple(sorted({**extras,
                                                           r: extras.get(r, 0.0) + need}.items())))
                    if not (week_allowed(problem, trial, day)
                            and week_allowed(problem, trial, later)):
                        continue
                    trial_value = exact_value(problem, trial)
                    if trial_value < (best[1] if best else value) - 1e-6:
                        best = (trial, trial_value)
    return best


def _side_moves(problem: MenuProblem, week: list[Column], value: float
                ) -> tuple[list[Column], float] | None:
    """Use up what is open: a side food served instead, on every day that has it, by a side
    of the same aisle whose package the week opens anyway (the rice milk of days 4 and 5 by
    the oat milk of days 3, 6 and 7), at the same meals and servings; the best such week
    when it is cheaper, else None.  A day priced beside the other six can find this only
    for a product no other day uses, and within its node budget it often keeps its own:
    the week bought five milks for a cup or two each."""
    lines = problem.lines
    side_line = [lines.of_food.get(food.name, (None, 0.0))[0] for food in problem.sides]
    bought = {n for n, amount in week_products(week).items() if amount > 1e-9}
    served = sorted({f for column in week for (f, _), _ in column.sides})
    best: tuple[list[Column], float] | None = None
    for f in served:
        days = [d for d, column in enumerate(week) if f in {g for (g, _), _ in column.sides}]
        for g, food in enumerate(problem.sides):
            if (g == f or side_line[g] not in bought or side_line[g] == side_line[f]
                    or food.category != problem.sides[f].category):
                continue
            trial = list(week)
            for d in days:
                moved = _side_replaced(problem, week[d], f, g)
                if moved is None:
                    break
                trial[d] = moved
            else:
                if all(week_allowed(problem, trial, d) for d in days):
                    trial_value = exact_value(problem, trial)
                    if trial_value < (best[1] if best else value) - 1e-6:
                        best = (trial, trial_value)
    return best


def _side_replaced(problem: MenuProblem, column: Column, f: int, g: int) -> Column | None:
    """``column`` with side ``f`` served as side ``g`` (at each meal it was served), or
    None when the day's side rules or hard rules do not allow it."""
    food = problem.sides[g]
    rest = [((h, meal), servings) for (h, meal), servings in column.sides if h != f]
    moved = [((g, meal), servings) for (h, meal), servings in column.sides if h == f]
    if any(h == g for (h, _), _ in rest):
        return None  # already a side of the day
    if food.kind in {problem.sides[h].kind for (h, _), _ in rest}:
        return None  # one side of a kind a day
    if any(meal not in food.meals for (_, meal), _ in moved):
        return None
    if not all(eater.eats_side(g) or not amount for _, servings in moved
               for eater, amount in zip(problem.eaters, servings)):
        return None
    sides = tuple(sorted(rest + moved))
    if not column_allowed(problem, column.dishes, sides, column.day_type):
        return None
    return make_column(problem, column.dishes, sides, column.day_type, column.extras)


def _open_line_costs(problem: MenuProblem, others: Sequence[Column]) -> dict[int, float]:
    """What a day's use of each product line costs beside ``others``: nothing while their
    opened packages have room, a whole package otherwise (spread over the most a day can
    take), plus a product's own charge when nobody buys it yet."""
    taken = week_products(others)
    costs: dict[int, float] = {}
    weight = problem.cost_weight
    for n, line in enumerate(problem.lines.lines):
        amount = taken.get(n, 0.0)
        room = packages(amount - line.at_home, line.size) * line.size + line.at_home - amount
        most = max(problem.line_limits.get(n, 0.0), 1e-9)
        if room >= 0.5 * min(most, line.size):
            costs[n] = 0.0
            continue
        charge = 0.0 if amount > line.at_home else problem.shopping.line_cost
        if not line.keeps and line.price:
            charge += weight * line.price
        costs[n] = charge / min(most, line.size) if charge else 0.0
    return costs


def _rule_costs(problem: MenuProblem, week: Sequence[Column | None], day: int,
                settings: SearchSettings, repeat_cost: float | None = None
                ) -> tuple[dict[int, float], dict[int, float]]:
    """Prices that keep a day priced beside the other days of ``week`` (None: not yet
    planned) within the weekly rules: what they use up is forbidden, what the neighbours
    cook is forbidden next to them, a tag rule still short is cheaper."""
    rules = problem.rules
    others = [column for n, column in enumerate(week) if n != day and column is not None]
    uses: dict[int, int] = {}
    for column in others:
        for r in column.recipes:
            uses[r] = uses.get(r, 0) + 1
    recipe_costs: dict[int, float] = {}
    for r, count in uses.items():
        recipe_costs[r] = (settings.greedy_repeat if repeat_cost is None else repeat_cost) * count
        if count >= problem.max_days(r):
            recipe_costs[r] = settings.forbidden
    neighbours = [week[n] for n in (day - 1, day + 1) if 0 <= n < len(week)]
    for neighbour in neighbours:
        if neighbour is None:
            continue
        for r in neighbour.recipes:
            if not problem.runs(r):
                recipe_costs[r] = settings.forbidden
        for meal in rules.protein_changes:
            proteins = neighbour.proteins(problem, meal)
            for r, recipe in enumerate(problem.recipes):
                if recipe.protein in proteins and meal in recipe.meals:
                    recipe_costs[r] = recipe_costs.get(r, 0.0) + settings.forbidden / 10
    days_left = problem.days - len(others)
    for rule, low, high, have in rule_counts(problem, others):
        counted = problem.rule_dishes(rule)
        if high is not None and have >= high:
            for r in counted:
                recipe_costs[r] = settings.forbidden
        elif low and have < low:
            # A rule the days left can only just meet must be met today: dearer than any
            # shortfall; otherwise a nudge toward it.
            urgency = settings.rule_needed if low - have >= days_left else 2.0
            for r in counted:
                recipe_costs[r] = recipe_costs.get(r, 0.0) - urgency
    include_bonus: dict[int, float] = {}
    for recipes, sides in problem.include_groups:
        if not any(column.recipes & recipes or column.side_foods & sides for column in others):
            # On the last day left an --include must be met today, like a weekly minimum
            # (a side counts as well as a dish: a nudge to the dishes alone left the one
            # day of an included kiwifruit without it, and no week was found).
            urgency = settings.rule_needed if days_left <= 1 else 20.0
            for r in recipes:
                recipe_costs[r] = recipe_costs.get(r, 0.0) - urgency
            for f in sides:
                include_bonus[f] = include_bonus.get(f, 0.0) - urgency
    if problem.twins:
        # A leftover only from what an earlier day cooked for later and nobody ate yet.
        _, stock, _ = fridge(problem, [c if n != day else None for n, c in enumerate(week)])
        spare = {base for (cooked, base), portions in stock.items()
                 if portions > 1e-9 and 0 < day - cooked <= rules.fridge_days}
        for twin, base in problem.leftover_of.items():
            recipe_costs[twin] = 0.0 if base in spare else settings.forbidden
    side_days: dict[int, int] = {}
    for column in others:
        for f in column.side_foods:
            side_days[f] = side_days.get(f, 0) + 1
    side_costs = {f: settings.forbidden for f, n in side_days.items()
                  if n >= problem.side_max_days[f]}
    for f, bonus in include_bonus.items():
        if f not in side_costs:  # a side whose days are used up stays forbidden
            side_costs[f] = bonus
    return recipe_costs, side_costs


def greedy_week(problem: MenuProblem, pricers: Sequence[Pricer], settings: SearchSettings,
                deadline: float) -> list[Column] | None:
    """A complete week fast: one day after another, pricing out what the rules forbid."""
    week: list[Column | None] = [None] * problem.days
    # Days with locked meals first: their dishes are fixed, so the free days are the ones
    # that must make room for them (a free day that took a locked day's dish left it none).
    order = sorted(range(problem.days), key=lambda day: not problem.locked.get(day + 1))
    for day in order:
        pricer = pricers[problem.type_of(day + 1)]
        banned: set[int] = set()
        done = [column for column in week if column is not None]
        for attempt in range(10):
            recipe_costs, side_costs = _rule_costs(problem, week, day, settings)
            for r in banned:
                recipe_costs[r] = settings.forbidden
            result, columns = pricer.price(
                recipe_costs, side_costs, gap=settings.greedy_gap, nodes=settings.greedy_nodes,
                # The week of last resort: a day solve cut to nothing finds a day with the
                # dishes its prices forbid, ten times over, and there is no week at all.
                time_limit=wall_for(deadline - work_seconds(), settings.day_floor))
            if not columns:
                return None
            column = columns[0]
            clash = _shares_too_much(problem, column, done) or _over_rules(problem, column,
                                                                          done)
            if column.twins and not fridge_ok(problem, [column if n == day else other
                                                        for n, other in enumerate(week)]):
                banned |= column.twins  # more eaten from the fridge than is in it
                continue
            if clash is None and (
                    day > 0 and week[day - 1] is not None
                    and days_conflict(problem, week[day - 1], column)
                    or day + 1 < problem.days and week[day + 1] is not None
                    and days_conflict(problem, column, week[day + 1])):
                # The dinner protein repeated (priced, not forbidden, so a relative gap
                # can let it through): not these dishes again today.
                clash = {r for (r, meal), _ in column.dishes
                         if meal in problem.rules.protein_changes}
            if clash is None and not any(dish_cost(recipe_costs, r, meal) >= settings.forbidden
                                         for (r, meal), _ in column.dishes) and not any(
                    side_costs.get(f, 0.0) >= settings.forbidden for f in column.side_foods):
                break
            if clash is not None:
                # All of them: one at a time, a household's day (whose dishes must suit
                # everyone) can find the next shared one six times over.
                banned |= clash
        else:
            return None
        week[day] = column
    # Penalties steer the days; the rules themselves are checked here, so a week that breaks
    # one never leaves the search, however the days were priced.
    if not all(week_allowed(problem, week, day) for day in range(len(week))):
        return None
    return week  # type: ignore[return-value]


def _over_rules(problem: MenuProblem, column: Column, week: Sequence[Column]
                ) -> set[int] | None:
    """A dish of ``column`` that takes a weekly maximum past its limit beside ``week`` (the
    prices only forbid a rule's dishes once it is full; a day may bring two)."""
    for rule, _, high, have in rule_counts(problem, week):
        if high is not None and have + column.rule_count(problem, rule) > high:
            return {next(r for (r, meal), _ in column.dishes
                         if rule.counts_at(problem.recipes[r], meal))}
    return None


def _shares_too_much(problem: MenuProblem, column: Column, week: Sequence[Column]
                     ) -> set[int] | None:
    for earlier in week:
        shared = problem.shared(column, earlier)
        if len(shared) > problem.rules.max_shared_recipes:
            return shared
    return None
