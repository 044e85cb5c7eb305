"""Check a week of recipes against the rules read from the data, never from the model: each
dish whole and in proportion, each person's portions, meal shares, sides, leftovers (cooked
before, in enough portions, within their fridge days), the week's rules and --lock."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Mapping

from ..data import Food, Nutrient, RecipeRules, applicable
from ..domain import Person
from ..plan import MenuItem, Plan
from ..recipes import Recipe
from .common import (ENERGY, Verification, check_budget, check_day_count, check_included,
                     check_targets, checked_food, exceeds, falls_short)


@dataclass(frozen=True)
class MenuRules:
    """What a week planned from recipes must be, read from the data (never from the model)."""

    targets: Mapping[str, Nutrient]
    recipe_rules: RecipeRules
    recipes: Mapping[str, Recipe]    # the cookbook, by name
    days: int
    credits: Mapping[str, float] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()  # foods nobody at the table eats
    household: tuple[Person, ...] = ()
    side_max_days: Mapping[str, int] = field(default_factory=dict)
    include_groups: tuple[frozenset[str], ...] = ()  # food names; a dish with one counts
    budget: float | None = None
    # --lock: day -> meal -> (recipe, each eater's portions)
    locked: Mapping[int, Mapping[str, tuple[str, tuple[float, ...]]]] = field(
        default_factory=dict)
    excluded_recipes: frozenset[str] = frozenset()  # dishes excluded or disliked

    # Day -> most minutes at the stove (--weeknight-minutes, --weekend-minutes).
    minute_caps: Mapping[int, float] = field(default_factory=dict)
    profile: str | None = None  # one person's profile (a household's are in ``household``)

    @property
    def eaters(self) -> tuple[Person, ...]:
        return self.household or (Person(targets=self.targets, credits=self.credits,
                                          excluded=self.excluded, profile=self.profile),)

    def day_servings(self, foods: Mapping[str, Food]) -> dict[str, float]:
        """Food -> the most servings one person may eat in a day: its max_servings, or one
        portion of the cookbook's recipe with the most of it, when that is more."""
        most = {name: float(food.max_servings) for name, food in foods.items()}
        for recipe in self.recipes.values():
            for item in recipe.ingredients:
                food = foods.get(item.food)
                if food is not None:
                    most[item.food] = max(most[item.food], item.grams / food.grams)
        return most


@dataclass
class _Dish:
    meal: str
    recipe: str
    items: list[MenuItem]


def verify_menu(plan: Plan, foods: Mapping[str, Food], rules: MenuRules) -> Verification:
    """Check a recipe plan from scratch: each dish whole and in proportion, each person's plate,
    their targets, and the week's variety rules."""
    result = Verification()
    problems = result.violations
    recipe_rules = rules.recipe_rules
    check_day_count(plan, rules.days, problems)
    eaters = rules.eaters
    day_limits = rules.day_servings(foods)
    day_recipes: list[dict[str, str]] = []   # per day: recipe -> meal (cooked that day)
    # Leftovers: (day eaten, recipe, portions, day cooked); cooked: (day, recipe) -> portions
    # cooked in all and portions served that day.
    leftovers: list[tuple[int, str, float, int]] = []
    cooked: dict[tuple[int, str], tuple[float, float]] = {}
    day_menus: list[dict[str, str]] = []  # every dish of the day and its meal, leftovers too
    side_days: Counter[str] = Counter()
    eaten_foods: set[str] = set()
    for day in plan.days:
        label = f"day {day.day}"
        dishes: dict[tuple[str, str], _Dish] = {}
        sides: list[MenuItem] = []
        for item in day.items:
            food = checked_food(label, item, foods, rules.excluded, problems)
            if food is None:
                continue
            eaten_foods.add(item.food)
            if item.recipe is None:
                sides.append(item)
            else:
                dishes.setdefault((item.meal, item.recipe),
                                  _Dish(item.meal, item.recipe, [])).items.append(item)
        recipes_today: dict[str, str] = {}
        plates: dict[str, dict[str, list[str]]] = {e.name: defaultdict(list) for e in eaters}
        totals: dict[str, dict[str, float]] = {e.name: defaultdict(float) for e in eaters}
        # Per person: each meal's energy, and each food's servings in the day.
        meal_energy: dict[str, dict[str, float]] = {e.name: defaultdict(float) for e in eaters}
        eaten: dict[str, dict[str, float]] = {e.name: defaultdict(float) for e in eaters}
        for (meal, name), dish in dishes.items():
            recipe = rules.recipes.get(name)
            if recipe is None:
                problems.append(f"{label}: '{name}' is not a recipe of the cookbook")
                continue
            if name in rules.excluded_recipes:
                problems.append(f"{label}: '{name}' is excluded but on the menu")
            if name in recipes_today:
                problems.append(f"{label}: '{name}' is served at {recipes_today[name]} and "
                                f"{meal}")
            recipes_today[name] = meal
            if meal not in recipe.meals:
                problems.append(f"{label}: '{name}' is not a {meal} recipe")
            portions = _dish_portions(label, dish, recipe, foods, eaters, problems)
            served = dish.items[0].portion or 0.0
            source = dish.items[0].leftover_from
            if any(item.leftover_from != source or item.cooked != dish.items[0].cooked
                   for item in dish.items):
                problems.append(f"{label}: the ingredients of '{name}' disagree on where it "
                                f"comes from")
            if source is not None:
                leftovers.append((day.day, name, served, source))
            else:
                cooked[day.day, name] = (dish.items[0].cooked or served, served)
            for person in eaters:
                share = portions.get(person.name, 0.0)
                can_eat = not any(i.food in person.excluded for i in recipe.ingredients)
                if share and not can_eat:
                    problems.append(f"{label}: {_who(person)}'{name}' has a food they do not eat")
                elif not share and can_eat:
                    problems.append(f"{label}: {_who(person)}gets none of the shared '{name}'")
                if share:
                    _check_portion(label, person, share, name, recipe_rules, problems)
                    plates[person.name][meal].append(name)
                    for ingredient in recipe.ingredients:
                        food = foods.get(ingredient.food)
                        if food is None:
                            continue
                        servings = ingredient.grams / food.grams * share
                        eaten[person.name][food.name] += servings
                        meal_energy[person.name][meal] += food.nutrients.get(ENERGY, 0.0) * servings
                        for key in person.targets:
                            totals[person.name][key] += food.nutrients.get(key, 0.0) * servings
        # A side may be split over the meals it suits (a cup of milk at breakfast, one at
        # dinner): it is one side of the day, its servings added up.
        side_foods = sorted({item.food for item in sides})
        side_aisles = Counter(foods[name].category for name in side_foods)
        for aisle, count in sorted(side_aisles.items()):
            limit = recipe_rules.side_max_per_aisle.get(aisle)
            if limit is not None and count > limit:
                problems.append(f"{label}: {count} sides from {aisle}; at most {limit}")
        side_kinds = Counter(foods[name].kind for name in side_foods)
        for kind, count in sorted(side_kinds.items()):
            if count > 1:
                problems.append(f"{label}: {count} sides of the kind '{kind}'; at most one")
        people_sides: dict[str, Counter[str]] = {e.name: Counter() for e in eaters}
        for item in sides:
            food = foods[item.food]
            if (food.category not in recipe_rules.side_categories or "ingredient" in food.tags
                    or not food.meals & recipe_rules.side_meals):
                problems.append(f"{label}: '{item.food}' is not a side (aisle {food.category})")
            if item.meal not in food.meals or item.meal not in recipe_rules.all_meals:
                problems.append(f"{label}: the side '{item.food}' is served at {item.meal}, "
                                f"which it does not suit")
            servings = item.portions if rules.household else {"": item.servings}
            for person in eaters:
                amount = servings.get(person.name, 0.0)
                if not amount:
                    continue
                if item.food in person.excluded:
                    problems.append(f"{label}: {_who(person)}has '{item.food}', which they "
                                    f"do not eat")
                if amount != int(amount):
                    problems.append(f"{label}: {_who(person)}{amount:g} servings of the side "
                                    f"'{item.food}' at {item.meal}; whole servings only")
                people_sides[person.name][item.food] += amount
                eaten[person.name][food.name] += amount
                meal_energy[person.name][item.meal] += food.nutrients.get(ENERGY, 0.0) * amount
                for key in person.targets:
                    totals[person.name][key] += food.nutrients.get(key, 0.0) * amount
        side_days.update(side_foods)
        for person in eaters:
            mine = people_sides[person.name]
            if len(mine) > recipe_rules.sides_per_day:
                problems.append(f"{label}: {_who(person)}{len(mine)} sides, "
                                f"at most {recipe_rules.sides_per_day}")
            for name, amount in sorted(mine.items()):
                cap = max(1, min(foods[name].max_servings, recipe_rules.side_max_servings))
                if amount > cap:
                    problems.append(f"{label}: {_who(person)}{amount:g} servings of the side "
                                    f"'{name}'; whole servings up to {cap}")
            for meal in recipe_rules.all_meals:
                count = len(plates[person.name].get(meal, []))
                # A budget may leave a meal unplanned (the plan says so), never two dishes.
                if meal in recipe_rules.meals and (count > 1 or (count == 0
                                                                 and rules.budget is None)):
                    problems.append(f"{label}: {_who(person)}eats {count} dishes at {meal}, "
                                    f"expected one")
                elif meal not in recipe_rules.meals and count > 1:
                    problems.append(f"{label}: {_who(person)}eats {count} dishes at {meal}, "
                                    f"at most one")
            where = f"{label}, {person.name}" if person.name else label
            fed = {meal for meal in recipe_rules.meals if plates[person.name].get(meal)}
            _check_meal_shares(where, meal_energy[person.name], recipe_rules, fed, problems)
            for name, servings in sorted(eaten[person.name].items()):
                if exceeds(servings, day_limits.get(name, float("inf"))):
                    problems.append(f"{where}: {servings:g} servings of '{name}' in the day, "
                                    f"at most {day_limits[name]:g}")
            short = check_targets(where, person.targets, person.credits, totals[person.name],
                                  problems)
            for key, missing in short.items():
                if rules.household:
                    result.person_shortfalls.setdefault(person.name, {}).setdefault(
                        key, {})[day.day] = missing
                else:
                    result.shortfalls.setdefault(key, {})[day.day] = missing
        if not rules.household:
            stated = day.totals
            for key, value in stated.items():
                mine = totals[""].get(key)
                if mine is not None and abs(value - mine) > 1e-6 * max(1.0, abs(value)):
                    problems.append(f"{label}: the stated {key} total {value:g} does not "
                                    f"match the menu ({mine:g})")
        day_recipes.append({name: meal for name, meal in recipes_today.items()
                            if (day.day, name) in cooked})
        cap = rules.minute_caps.get(day.day)
        minutes = sum(rules.recipes[name].minutes for name in day_recipes[-1]
                      if name in rules.recipes)
        if cap is not None and minutes > cap + 1e-9:
            problems.append(f"{label}: {minutes:g} minutes at the stove, at most {cap:g}")
        day_menus.append(dict(recipes_today))
    _check_leftovers(rules, leftovers, cooked, problems)
    _check_week(plan, rules, day_recipes, day_menus, side_days, eaten_foods, foods, problems)
    return result


def _check_leftovers(rules: MenuRules, leftovers: list[tuple[int, str, float, int]],
                     cooked: Mapping[tuple[int, str], tuple[float, float]],
                     problems: list[str]) -> None:
    """Every leftover was cooked earlier, for later, within the fridge's days, and a dish
    cooked for later feeds no more portions than it was cooked for."""
    recipe_rules = rules.recipe_rules
    eaten_later: dict[tuple[int, str], float] = defaultdict(float)
    for day, name, portions, source in leftovers:
        label = f"day {day}: '{name}' (leftover from day {source})"
        recipe = rules.recipes.get(name)
        if recipe is not None and not set(recipe.own_tags) & recipe_rules.leftover_tags:
            problems.append(f"{label} is not a dish that keeps")
        if (source, name) not in cooked:
            problems.append(f"{label} was not cooked on day {source}")
            continue
        if not 0 < day - source <= recipe_rules.fridge_days:
            problems.append(f"{label} is eaten {day - source} days after cooking; leftovers "
                            f"keep {recipe_rules.fridge_days} days")
        eaten_later[source, name] += portions
    for (source, name), later in sorted(eaten_later.items()):
        total, served = cooked[source, name]
        if later > total - served + 1e-6:
            problems.append(f"day {source}: '{name}' is cooked for {total:g} portions, but "
                            f"{served:g} are served and {later:g} eaten later")


def _check_portion(label: str, person: Person, share: float, name: str,
                   recipe_rules: RecipeRules, problems: list[str]) -> None:
    """A person's portion is a whole number of steps from their smallest to the largest."""
    step = recipe_rules.portion_step
    low = recipe_rules.smallest_portion(person.profile)
    steps = share / step
    if (abs(steps - round(steps)) > 1e-6 or falls_short(share, low)
            or exceeds(share, recipe_rules.portion_max)):
        problems.append(f"{label}: {_who(person)}{share:g} portions of '{name}'; portions are "
                        f"{low:g} to {recipe_rules.portion_max:g} in steps of {step:g}")


def _check_meal_shares(where: str, energy: Mapping[str, float], recipe_rules: RecipeRules,
                       fed: set[str], problems: list[str]) -> None:
    """Each meal's energy, its sides included, within its share of the person's day.  The
    shares are of a day of all its meals (``fed``: the required meals with a dish): on a day
    a budget left without one (no budget allows that, and it is caught as such), the meals
    it has keep their minimums, the missing one has none, and the maxima lapse."""
    day = sum(energy.values())
    if day <= 0:
        return
    whole = set(recipe_rules.meals) <= fed
    for meal, (low, high) in recipe_rules.meal_shares.items():
        if not whole:
            low, high = (0.0 if meal in recipe_rules.meals and meal not in fed else low), 1.0
        share = energy.get(meal, 0.0) / day
        if exceeds(share, high) or falls_short(share, low):
            bound = f"at most {high:.0%}" if share > high else f"at least {low:.0%}"
            problems.append(f"{where}: {meal} is {share:.1%} of the day's energy "
                            f"({energy.get(meal, 0.0):,.0f} of {day:,.0f} kcal); {bound}")


def _who(person: Person) -> str:
    return f"{person.name} " if person.name else ""


def _dish_portions(label: str, dish: _Dish, recipe: Recipe, foods: Mapping[str, Food],
                   eaters: tuple[Person, ...], problems: list[str]) -> dict[str, float]:
    """Each eater's portions of a served dish; a dish must have every ingredient, in
    proportion to its stated portion."""
    wanted = {i.food: i.grams for i in recipe.ingredients}
    served = Counter(item.food for item in dish.items)
    if set(served) != set(wanted) or any(n > 1 for n in served.values()):
        missing = sorted(set(wanted) - set(served))
        extra = sorted(set(served) - set(wanted))
        problems.append(f"{label}: '{dish.recipe}' at {dish.meal} is not the recipe"
                        + (f" (missing {', '.join(missing)})" if missing else "")
                        + (f" (not in it: {', '.join(extra)})" if extra else ""))
        return {}
    portion = dish.items[0].portion
    if portion is None or not portion > 0:
        problems.append(f"{label}: '{dish.recipe}' has no portion")
        return {}
    shares: dict[str, float] = {}
    for item in dish.items:
        if item.portion != portion:
            problems.append(f"{label}: the ingredients of '{dish.recipe}' disagree on its portion")
            return {}
        expected = wanted[item.food] * portion
        if abs(item.grams - expected) > 1e-6 * max(1.0, expected):
            problems.append(f"{label}: '{dish.recipe}' has {item.grams:g} g of '{item.food}', "
                            f"its recipe gives {expected:g} g for {portion:g} portions")
        if len(eaters) == 1 and not eaters[0].name:
            shares[""] = portion
            continue
        if abs(sum(item.portions.values()) - item.servings) > 1e-6 * max(1.0, item.servings):
            problems.append(f"{label}: the portions of '{item.food}' in '{dish.recipe}' do "
                            f"not add up to its servings")
        food = foods[item.food]
        for person in eaters:
            share = item.portions.get(person.name, 0.0) * food.grams / wanted[item.food]
            if person.name in shares and abs(shares[person.name] - share) > 1e-6:
                problems.append(f"{label}: {person.name}'s share of '{dish.recipe}' is not in "
                                f"proportion")
            shares[person.name] = share
    if len(shares) > 1 and abs(sum(shares.values()) - portion) > 1e-6:
        problems.append(f"{label}: the shares of '{dish.recipe}' do not add up to its "
                        f"{portion:g} portions")
    return shares


def _check_week(plan: Plan, rules: MenuRules, day_recipes: list[dict[str, str]],
                day_menus: list[dict[str, str]], side_days: Counter[str], eaten_foods: set[str],
                foods: Mapping[str, Food], problems: list[str]) -> None:
    recipe_rules = rules.recipe_rules
    counts: Counter[str] = Counter(name for today in day_recipes for name in today)
    routine = {name for name, recipe in rules.recipes.items() if recipe_rules.routine(recipe)}
    for name, count in sorted(counts.items()):
        most = (recipe_rules.max_days(rules.recipes[name]) if name in rules.recipes
                else recipe_rules.recipe_max_days)
        if count > most:
            problems.append(f"'{name}' is served on {count} days, at most {most}")
    for n in range(1, len(day_recipes)):
        before, after = day_recipes[n - 1], day_recipes[n]
        for name in sorted(set(before) & set(after)):
            recipe = rules.recipes.get(name)
            if not (recipe_rules.runs(recipe) if recipe else recipe_rules.recipe_consecutive):
                problems.append(f"'{name}' is served on days {n} and {n + 1} in a row")
        for meal in recipe_rules.protein_changes:
            proteins_before = {rules.recipes[r].protein for r, m in before.items()
                               if m == meal and r in rules.recipes} - {None}
            proteins_after = {rules.recipes[r].protein for r, m in after.items()
                              if m == meal and r in rules.recipes} - {None}
            for protein in sorted(proteins_before & proteins_after):
                problems.append(f"the {meal} protein ({protein}) is the same on days {n} and "
                                f"{n + 1}")
    for a in range(len(day_recipes)):
        for b in range(a + 1, len(day_recipes)):
            shared = (day_menus[a].keys() & day_menus[b].keys()) - routine
            if len(shared) > recipe_rules.max_shared_recipes:
                problems.append(f"days {a + 1} and {b + 1} share {len(shared)} recipes "
                                f"({', '.join(sorted(shared))}); at most "
                                f"{recipe_rules.max_shared_recipes}")
    days = len(day_recipes)
    # A minimum applies when a recipe everyone at the table eats can count toward it (the
    # same test the planner makes, on the cookbook less what anyone does not eat).
    allowed = [recipe for name, recipe in rules.recipes.items()
               if name not in rules.excluded_recipes
               and set(recipe.meals) & set(recipe_rules.all_meals)
               and not any(i.food in person.excluded for person in rules.eaters
                           for i in recipe.ingredients)]
    for rule, low, high in applicable(recipe_rules.tag_rules, allowed, days)[0]:
        counted = sum(1 for today in day_menus for name, meal in today.items()
                      if name in rules.recipes and rule.counts_at(rules.recipes[name], meal))
        if high is not None and counted > high:
            problems.append(f"{counted} {rule.what}, more than {high} ({rule.label})")
        # A budget may leave a weekly minimum short, as it may a meal (the plan says so).
        if low is not None and counted < low and rules.budget is None:
            problems.append(f"{counted} {rule.what}, fewer than {low} ({rule.label})")
    for name, count in sorted(side_days.items()):
        limit = rules.side_max_days.get(name)
        if limit is not None and count > limit:
            problems.append(f"the side '{name}' is served on {count} days, at most {limit}")
    check_included(rules.include_groups, eaten_foods, problems)
    check_budget(plan, rules.budget, problems)
    by_number = {day.day: day for day in plan.days}
    for number, meals in rules.locked.items():
        for meal, (recipe, portions) in meals.items():
            day = by_number.get(number)
            items = [item for item in day.items if item.meal == meal and item.recipe] if day else []
            if {item.recipe for item in items} != {recipe}:
                problems.append(f"day {number}: {meal} is not the locked '{recipe}'")
                continue
            # A kept meal is kept at each eater's portion too (the planner fixes both).
            served = _eaters_portions(items, rules, foods)
            if served is not None and any(abs(a - b) > 1e-6 for a, b in zip(served, portions)):
                problems.append(f"day {number}: {meal} is the locked '{recipe}' at "
                                f"{_portion_list(served)} portions, not the kept "
                                f"{_portion_list(portions)}")


def _eaters_portions(items: list[MenuItem], rules: MenuRules, foods: Mapping[str, Food]
                     ) -> tuple[float, ...] | None:
    """Each eater's portions of one served dish, from its first ingredient (None when the
    dish cannot say: its own checks name why)."""
    if not rules.household:
        return (items[0].portion or 0.0,)
    recipe = rules.recipes.get(items[0].recipe or "")
    grams = {i.food: i.grams for i in recipe.ingredients} if recipe else {}
    item = items[0]
    if not grams.get(item.food) or item.food not in foods:
        return None
    return tuple(item.portions.get(person.name, 0.0) * foods[item.food].grams / grams[item.food]
                 for person in rules.household)


def _portion_list(portions: tuple[float, ...]) -> str:
    return " + ".join(f"{p:g}" for p in portions)
