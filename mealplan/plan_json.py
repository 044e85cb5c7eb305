"""A plan file: the Plan written as JSON, and a JSON document read back into a Plan's fields.

Writing makes the current version; reading takes every version since the first (a key a
later version added reads as its default) and checks each field's type and range, so a
damaged or hostile file is one line of error with its JSON path, never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any, Mapping

from .data import (MAX_GRAMS, MAX_MEMBERS, MAX_PACKAGE_GRAMS, MAX_PACKAGE_PRICE,
                   MAX_PACKAGE_SERVINGS, MAX_PANTRY, MAX_PEOPLE, MAX_PER_SERVING, MAX_PRICE,
                   MAX_PORTIONS, MAX_PRODUCT_RATIO, MAX_SERVINGS, MAX_TARGET, MEAL_NAMES,
                   MIN_GRAMS, MIN_PACKAGE_SERVINGS, MIN_PRODUCT_RATIO, NUTRIENT_KEY, Nutrient)
from .errors import DataError
from .jsondoc import MAX_DEPTH, Node, check_tree, describe
from .domain import Person
from .plan_items import (DayPlan, FoodInfo, MenuItem, RecipeInfo, Shortfall,
                         _targets_to_dict, wasted_cost)

if TYPE_CHECKING:
    from .plan import Plan


PLAN_FORMAT = "mealplan-plan"
# Version 2 added households (per-person portions, targets and totals); version 3 recipes
# (menu items that belong to a dish carry its name and portion, and the plan its recipes).
# Older files are still read.
# Version 4: staples (never bought, "check you have"), how long each food keeps once opened,
# and what the shopping leaves to spoil.  Later, optionally: the dishes of earlier weeks
# (`history`); a file without it reads as a plan with no history.
PLAN_VERSION = 4
READABLE_VERSIONS = (1, 2, 3, 4)
STATUSES = ("optimal", "feasible", "shortfall")


def _item_dict(item: MenuItem) -> dict[str, Any]:
    document = asdict(item)
    if not item.portions:
        del document["portions"]  # a one-person plan has no portions to share out
    if item.recipe is None:
        del document["recipe"], document["portion"]  # a single food, not part of a dish
    for key in ("leftover_from", "cooked"):
        if document[key] is None:
            del document[key]
    return document


def plan_document(plan: "Plan") -> dict[str, Any]:
    """The plan as the JSON document a plan file holds (version PLAN_VERSION)."""
    shopping = plan.shopping_list()
    return {
        "format": PLAN_FORMAT,
        "version": PLAN_VERSION,
        "status": plan.status,
        "people": plan.people,
        "settings": plan.settings,
        "solver": plan.solver,
        "objective": plan.objective,
        "bound": plan.bound,
        "gap": plan.gap,
        "seconds": plan.seconds,
        "targets": _targets_to_dict(plan.targets),
        "credits": plan.credits,
        "household": [_person_dict(person) for person in plan.household],
        "days": [{"day": day.day,
                  "meals": [_item_dict(item) for item in day.items],
                  **({"cooking_minutes": plan.cooking_minutes(day)} if plan.recipes
                     else {}),
                  "totals": day.totals,
                  **({"person_totals": day.person_totals} if plan.household else {})}
                 for day in plan.days],
        "foods": {name: asdict(info) for name, info in plan.foods.items()},
        **({"recipes": {name: asdict(info) for name, info in plan.recipes.items()}}
           if plan.recipes else {}),
        "shopping_list": [asdict(item) for item in shopping],
        "shopping_cost": (None if any(item.cost is None for item in shopping)
                          else sum(item.cost for item in shopping)),  # type: ignore[misc]
        "budget": plan.budget,
        "total_cost": plan.total_cost,
        "shortfalls": [asdict(s) for s in plan.shortfalls],
        "warnings": plan.warnings,
        "pantry": plan.pantry,
        "staples": sorted(plan.staples),
        "wasted_cost": wasted_cost(shopping),
        **({"start": plan.start} if plan.start else {}),
        **({"history": plan.history} if plan.history else {}),
    }


def parse_plan_json(text: str, label: str = "plan") -> Any:
    """The JSON document of a plan file's text (not yet checked as a plan)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(f"not a mealplan plan file: invalid JSON ({error.msg})", file=label,
                        line=error.lineno) from None
    except RecursionError:
        raise DataError(f"not a mealplan plan file: nested more than {MAX_DEPTH} levels "
                        f"deep", file=label) from None
    except ValueError:  # an integer of thousands of digits
        raise DataError("not a mealplan plan file: invalid JSON (a number with too many "
                        "digits)", file=label) from None
    return document


def read_plan_fields(document: Any, label: str = "plan") -> dict[str, Any]:
    """A plan document's fields, as Plan takes them, checking every field's type and range
    (see _read_plan)."""
    if not isinstance(document, dict) or document.get("format") != PLAN_FORMAT:
        raise DataError("not a mealplan plan file (save one with "
                        "'mealplan plan --format json --output FILE')", file=label)
    version = document.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise DataError(f"plan file version {describe(version)} is not supported; this "
                        f"mealplan reads versions {READABLE_VERSIONS[0]} to "
                        f"{READABLE_VERSIONS[-1]}: make the plan again", file=label)
    check_tree(document, label)
    return _read_plan(Node(document, label))


# --------------------------------------------------------------------------------------------
# Reading a plan document: every field checked, every fault one line with its JSON path.

MAX_DAYS = 366
MAX_ITEMS_PER_DAY = 200
MAX_TOTAL = 1e12   # a day's total of a nutrient (everyone's, in its unit)
_MENU_ITEM_FIELDS = frozenset(f.name for f in fields(MenuItem))


def _read_plan(root: Node) -> dict[str, Any]:
    targets = _read_targets(root.get("targets"))
    household = [_read_person(node) for node in
                 root.get("household", []).items("a list of people", MAX_MEMBERS)]
    names = [person.name for person in household]
    for n, name in enumerate(names):
        if name in names[:n]:
            raise DataError(f"'{name}' is in the household twice", file=root.label,
                            path=f"household[{n}].name")
    foods = {name: _read_food_info(node)
             for name, node in root.get("foods").entries("an object of foods by name")}
    dish_high = MAX_SERVINGS * max(1, len(household))
    days = [_read_day(node, targets, foods, names, dish_high)
            for node in root.get("days").items("a list of days", MAX_DAYS)]
    seen: set[int] = set()
    for n, day in enumerate(days):
        if day.day in seen:
            raise DataError(f"day {day.day} comes twice", file=root.label, path=f"days[{n}].day")
        seen.add(day.day)
    everyone = {key for person in household for key in person.targets} | set(targets)
    return dict(
        status=root.get("status").text("a plan status", choices=STATUSES),
        days=days, targets=targets, foods=foods,
        credits=_read_amounts(root.get("credits", {}), targets, "a daily credit"),
        people=root.get("people").whole("a number of people", 1, MAX_PEOPLE),
        settings=_read_settings(root.get("settings", {})),
        solver=root.get("solver", "").text("a solver name", empty=True),
        objective=root.get("objective", None).number("an objective value", nullable=True),
        bound=root.get("bound", None).number("a bound", nullable=True),
        gap=root.get("gap", None).number("a gap", 0, nullable=True),
        seconds=root.get("seconds", 0.0).number("a number of seconds", 0, 1e9),
        shortfalls=[_read_shortfall(node, everyone, names)
                    for node in root.get("shortfalls", []).items("a list of shortfalls")],
        warnings=[node.text("a warning", max_length=2000)
                  for node in root.get("warnings", []).items("a list of warnings")],
        pantry={name: node.number("servings at home", 0, MAX_PANTRY)
                for name, node in root.get("pantry", {}).entries("an object of servings at home")},
        household=household,
        recipes={name: _read_recipe(node, foods)
                 for name, node in root.get("recipes", {}).entries("an object of recipes")},
        staples=[_read_staple(node, foods)
                 for node in root.get("staples", []).items("a list of staples")],
        start=_read_start(root.get("start", None)),
        history=[[name.text("a recipe name") for name in week.items("a list of recipe names",
                                                                     MAX_ITEMS_PER_DAY * 7)]
                 for week in root.get("history", []).items("a list of earlier weeks", 52)],
    )


def _read_start(node: Node) -> str | None:
    from .dates import parse_start

    text = node.text("a weekday or a date", nullable=True)
    try:
        return None if text is None else parse_start(text)
    except DataError as error:
        raise node.error(error.reason) from None


def _read_targets(node: Node) -> dict[str, Nutrient]:
    targets = {}
    for key, entry in node.entries("an object of nutrient targets"):
        if not NUTRIENT_KEY.match(key):
            raise entry.error("nutrient keys are lower-case names like 'iron_mg' (letters, "
                              "digits, _)")
        low = entry.get("min", None).number("a daily amount", 0, MAX_TARGET, nullable=True)
        high = entry.get("max", None).number("a daily amount", 0, MAX_TARGET, nullable=True)
        if low is None and high is None:
            raise entry.error("expected a 'min' and/or a 'max'")
        if low is not None and high is not None and low > high:
            raise entry.error(f"min {low:g} is more than max {high:g}")
        targets[key] = Nutrient(key, entry.get("label").text("a label"),
                                entry.get("unit", "").text("a unit", empty=True, max_length=20),
                                low, high, entry.get("hard", False).flag(),
                                entry.get("section", "").text("a section title", empty=True,
                                                              max_length=40),
                                entry.get("soft_max", False).flag())
    return targets


def _read_amounts(node: Node, targets: Mapping[str, Nutrient], what: str) -> dict[str, float]:
    amounts = {}
    for key, entry in node.entries(f"an object of {what}s by nutrient"):
        if key not in targets:
            raise entry.error(f"'{key}' is not one of the plan's nutrients")
        amounts[key] = entry.number(what, 0, MAX_TARGET)
    return amounts


def _person_dict(person: Person) -> dict[str, Any]:
    return {"name": person.name, "profile": person.profile, "diet": person.diet,
            "exclude": list(person.exclude), "credits": dict(person.credits),
            "targets": _targets_to_dict(person.targets)}


def _read_person(node: Node) -> Person:
    targets = _read_targets(node.get("targets"))
    return Person(
        name=node.get("name").text("a name", max_length=40),
        profile=node.get("profile").text("a profile name"),
        targets=targets,
        credits=_read_amounts(node.get("credits", {}), targets, "a daily credit"),
        diet=node.get("diet", None).text("a diet name", nullable=True),
        exclude=tuple(entry.text("a food, tag or aisle") for entry in
                      node.get("exclude", []).items("a list of foods, tags or aisles")))


def _read_food_info(node: Node) -> FoodInfo:
    return FoodInfo(
        category=node.get("category").text("an aisle"),
        serving=node.get("serving").text("a serving"),
        grams=node.get("grams").number("a weight in grams", MIN_GRAMS, MAX_GRAMS),
        price=node.get("price", None).number("a price", 0, MAX_PRICE, nullable=True),
        package=node.get("package", "serving").text("a package"),
        package_servings=node.get("package_servings", 1.0).number(
            "a number of servings", MIN_PACKAGE_SERVINGS, MAX_PACKAGE_SERVINGS),
        kcal=node.get("kcal", None).number("energy per serving", 0, MAX_PER_SERVING,
                                           nullable=True),
        product=node.get("product", "").text("a product name", empty=True),
        product_ratio=node.get("product_ratio", 1.0).number(
            "grams bought per gram eaten", MIN_PRODUCT_RATIO, MAX_PRODUCT_RATIO),
        package_grams=node.get("package_grams", None).number(
            "grams in a package", MIN_GRAMS, MAX_PACKAGE_GRAMS, nullable=True),
        package_price=node.get("package_price", None).number(
            "a package price", 0, MAX_PACKAGE_PRICE, nullable=True),
        keeps_days=_whole_or_none(node.get("keeps_days", None).number(
            "days an opened package keeps", 1, 3650, nullable=True)),
        freezer_days=_whole_or_none(node.get("freezer_days", None).number(
            "days a product keeps frozen", 1, 3650, nullable=True)),
    )


def _read_staple(node: Node, foods: Mapping[str, FoodInfo]) -> str:
    name = node.text("a food name")
    if name not in foods:
        raise node.error(f"expected a food of the plan's foods, found '{name}'")
    return name


def _whole_or_none(value: float | None) -> int | None:
    return None if value is None else int(value)


def _read_recipe(node: Node, foods: Mapping[str, FoodInfo]) -> RecipeInfo:
    from .recipes import MAX_MINUTES, MAX_PORTION_GRAMS

    ingredients = {}
    for food, grams in node.get("ingredients").entries("an object of grams by food"):
        if food not in foods:
            raise grams.error(f"{describe(food)} is not in the plan's foods")
        ingredients[food] = grams.number("grams per portion", 0, MAX_PORTION_GRAMS,
                                         above_low=True)
    return RecipeInfo(
        meals=[entry.text("a meal", choices=MEAL_NAMES)
               for entry in node.get("meals").items("a list of meals")],
        minutes=node.get("minutes").whole("whole minutes", 0, MAX_MINUTES),
        method=node.get("method", "").text("a method", empty=True, max_length=1000),
        ingredients=ingredients,
        tags=[entry.text("a tag") for entry in node.get("tags", []).items("a list of tags")],
        protein=node.get("protein", None).text("a protein", nullable=True),
    )


def _read_day(node: Node, targets: Mapping[str, Nutrient], foods: Mapping[str, FoodInfo],
              names: list[str], dish_high: float) -> DayPlan:
    def totals(entry: Node) -> dict[str, float]:
        return {key: value.number("a day's total", 0, MAX_TOTAL)
                for key, value in entry.entries("an object of totals by nutrient")}

    person_totals = {}
    for name, entry in node.get("person_totals", {}).entries("an object of totals by person"):
        if name not in names:
            raise entry.error(f"'{name}' is not in the plan's household")
        person_totals[name] = totals(entry)
    return DayPlan(
        node.get("day").whole("a day number", 1, MAX_DAYS),
        [_read_item(item, foods, names, dish_high)
         for item in node.get("meals").items("a list of meals", MAX_ITEMS_PER_DAY)],
        totals(node.get("totals")),
        person_totals)


def _read_item(node: Node, foods: Mapping[str, FoodInfo], names: list[str],
               high: float) -> MenuItem:
    food = node.get("food")
    if food.text("a food name") not in foods:
        raise food.error(f"{describe(food.value)} is not in the plan's foods")
    portions = {}
    for name, entry in node.get("portions", {}).entries("an object of servings by person"):
        if name not in names:
            raise entry.error(f"'{name}' is not in the plan's household")
        portions[name] = entry.number("a number of servings", 0, MAX_SERVINGS)
    item = {
        # A --continuous plan has one meal, "day".
        "meal": node.get("meal").text("a meal", choices=(*MEAL_NAMES, "day")),
        "food": food.value,
        "servings": node.get("servings").number("a number of servings", 0, high),
        "grams": node.get("grams").number("a weight in grams", 0, MAX_GRAMS * high),
        "portions": portions,
        # Recipe plans (version 3): the recipe a dish belongs to, and its portion.
        "recipe": node.get("recipe", None).text("a recipe name", nullable=True),
        "portion": node.get("portion", None).number("a portion", 0, MAX_PORTIONS,
                                                    nullable=True),
        # Version 4: leftovers, and dishes cooked for later too.
        "leftover_from": _whole_or_none(node.get("leftover_from", None).number(
            "the day a leftover was cooked", 1, MAX_DAYS, nullable=True)),
        "cooked": node.get("cooked", None).number("portions cooked", 0, MAX_SERVINGS * high,
                                                  nullable=True),
    }
    return MenuItem(**{key: value for key, value in item.items()
                       if key in _MENU_ITEM_FIELDS and (value is not None or key in node.value)})


def _read_settings(node: Node) -> dict[str, Any]:
    """The settings a plan was made with: free-form, but the fields that are shown are checked."""
    settings = dict(node.mapping("an object of settings"))
    if "profile" in settings:
        node.get("profile").text("a profile name")
    for key in ("diet", "objective", "foods_csv", "targets_yaml", "household"):
        if key in settings:
            node.get(key, None).text("text", nullable=True)
    if "exclude" in settings:
        for entry in node.get("exclude", []).items("a list of foods, tags or aisles"):
            entry.text("a food, tag or aisle")
    if "keeps_days" in settings:
        settings["keeps_days"] = node.get("keeps_days").whole(
            "the days a product keeps once opened to count as keeping", 1, 3650)
    if "freezer" in settings:
        node.get("freezer").flag("true or false (whether what keeps frozen was frozen)")
    if "caffeine_cap_mg" in settings:
        node.get("caffeine_cap_mg", None).number("a caffeine cap in mg", 0, MAX_TARGET,
                                                 nullable=True)
    return settings


def _read_shortfall(node: Node, nutrients: set[str], names: list[str]) -> Shortfall:
    nutrient = node.get("nutrient")
    if nutrient.text("a nutrient") not in nutrients:
        raise nutrient.error(f"{describe(nutrient.value)} is not one of the plan's nutrients")
    missing = {}
    for day, entry in node.get("missing").entries("an object of amounts by day"):
        if not day.isdigit() or not 1 <= int(day) <= MAX_DAYS:
            raise entry.error(f"expected a day number from 1 to {MAX_DAYS} as the key")
        missing[int(day)] = entry.number("an amount", 0, MAX_TARGET, above_low=True)
    if not missing:
        raise node.get("missing").error("expected at least one day")
    person = node.get("person", None).text("a name", nullable=True)
    if person is not None and person not in names:
        raise node.get("person").error(f"'{person}' is not in the plan's household")
    return Shortfall(nutrient.value, node.get("label").text("a label"),
                     node.get("unit", "").text("a unit", empty=True, max_length=20),
                     node.get("target").number("a daily target", 0, MAX_TARGET, above_low=True),
                     missing,
                     [entry.text("a food", max_length=500)
                      for entry in node.get("helpers", []).items("a list of foods")],
                     person, node.get("over", False).flag())
