"""The Plan: the week's menu, its nutrient totals, the shopping list, and JSON in and out.

A saved plan is self-contained: it carries what the shopping list needs (aisle, package size,
price) so ``mealplan shopping-list week.json`` works without the catalogue it came from.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Iterable, Mapping

from .data import (MAX_GRAMS, MAX_MEMBERS, MAX_PACKAGE_GRAMS, MAX_PACKAGE_PRICE,
                   MAX_PACKAGE_SERVINGS, MAX_PANTRY, MAX_PEOPLE, MAX_PER_SERVING, MAX_PRICE,
                   MAX_PORTIONS, MAX_PRODUCT_RATIO, MAX_SERVINGS, MAX_TARGET, MEAL_NAMES,
                   MIN_GRAMS, MIN_PACKAGE_SERVINGS, MIN_PRODUCT_RATIO, NUTRIENT_KEY, Food, Nutrient)
from . import shopping
from .errors import DataError
from .jsondoc import MAX_DEPTH, Node, check_tree, describe

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


@dataclass(frozen=True)
class MenuItem:
    meal: str
    food: str
    servings: float  # for a household: everyone's portions together
    grams: float
    # Household plans: person -> their servings of this dish (a person who does not eat the
    # food is left out).  Empty for a one-person plan.
    portions: dict[str, float] = field(default_factory=dict, hash=False, compare=True)
    # Recipe plans: the dish this ingredient belongs to and how many portions of it are served
    # (everyone's together).  None for a single food (a side, or a food-level plan).
    recipe: str | None = None
    portion: float | None = None
    # Leftovers: the day this dish was cooked, when it is eaten from the fridge; and on the
    # day it is cooked with more than it serves, the portions cooked in all (everyone's).
    leftover_from: int | None = None
    cooked: float | None = None

    @property
    def bought_factor(self) -> float:
        """How much of this item the shopping buys: none of a leftover (it was bought for
        the day it was cooked), all that was cooked of a dish cooked for later too."""
        if self.leftover_from is not None:
            return 0.0
        if self.cooked and self.portion:
            return self.cooked / self.portion
        return 1.0


@dataclass
class DayPlan:
    day: int
    items: list[MenuItem]
    totals: dict[str, float]  # from the menu alone; credits are kept apart
    # Household plans: person -> what their portions give them.
    person_totals: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Person:
    """Someone a household plan feeds, with the targets the plan was made for."""

    name: str
    profile: str
    targets: dict[str, Nutrient]
    credits: dict[str, float] = field(default_factory=dict)
    diet: str | None = None
    exclude: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "profile": self.profile, "diet": self.diet,
                "exclude": list(self.exclude), "credits": self.credits,
                "targets": _targets_to_dict(self.targets)}

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> "Person":
        return cls(str(entry["name"]), str(entry["profile"]),
                   _targets_from_dict(entry["targets"]),
                   {str(k): float(v) for k, v in entry.get("credits", {}).items()},
                   entry.get("diet"), [str(t) for t in entry.get("exclude", [])])


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


@dataclass(frozen=True)
class RecipeInfo:
    """What a plan keeps about each recipe it serves, to show and check the dish."""

    meals: list[str]
    minutes: int
    method: str
    ingredients: dict[str, float]  # food -> grams per one-person portion
    tags: list[str] = field(default_factory=list)
    protein: str | None = None


def _targets_to_dict(targets: Mapping[str, Nutrient]) -> dict[str, Any]:
    return {key: {"label": n.label, "unit": n.unit, "min": n.min, "max": n.max, "hard": n.hard,
                  **({"section": n.section} if n.section else {}),
                  **({"soft_max": True} if n.soft_max else {})}
            for key, n in targets.items()}


def _targets_from_dict(document: Mapping[str, Any]) -> dict[str, Nutrient]:
    return {key: Nutrient(key, t["label"], t["unit"], t["min"], t["max"], t.get("hard", False),
                          str(t.get("section", "")), bool(t.get("soft_max", False)))
            for key, t in document.items()}


@dataclass(frozen=True)
class FoodInfo:
    """What a plan keeps about each food it uses, for shopping and display."""

    category: str
    serving: str
    grams: float
    price: float | None
    package: str
    package_servings: float
    kcal: float | None = None  # per serving, to show a dish's energy
    # What a shopper buys (plan files before these keys read as: the food itself, by servings).
    # Foods sharing a product (hard-boiled and raw eggs) are one shopping line, in grams of
    # product = grams eaten * product_ratio; without package_grams a food is bought by servings.
    product: str = ""  # empty: the food itself
    product_ratio: float = 1.0
    package_grams: float | None = None
    package_price: float | None = None
    keeps_days: int | None = None  # once opened; None: unknown (taken to spoil)

    @classmethod
    def of(cls, food: Food) -> "FoodInfo":
        return cls(food.category, food.serving, food.grams, food.price, food.package,
                   food.package_servings, food.nutrients.get("kcal"), food.product,
                   food.product_ratio, food.package_grams, food.package_price,
                   food.keeps_days)


@dataclass(frozen=True)
class ShoppingItem:
    """One line of the shopping list: a product sold by weight, or a food sold by servings.

    ``unit`` says which: "g" (grams of product; ``package_grams`` set) or "servings" (of
    ``food``; ``package_servings`` per package).  ``needed``, ``from_pantry`` and ``leftover``
    are in that unit; ``servings`` is what the menu serves of all the line's foods together.
    """

    food: str  # the line's name: its product ("Eggs"), or the food bought by servings
    category: str
    servings: float
    packages: int
    package: str
    package_servings: float | None  # None for a line bought by weight
    cost: float | None  # what the whole packages cost
    from_pantry: float = 0.0  # taken from what is at home, in ``unit``
    leftover: float = 0.0     # left after the week (pantry and opened packages), in ``unit``
    unit: str = "servings"
    needed: float = 0.0       # everyone's week, before the pantry, in ``unit``
    grams: float | None = None  # grams of product eaten (a line bought by weight)
    package_grams: float | None = None
    packages_used: float = 0.0  # how many packages' worth the week takes from those bought
    # the menu's foods on this line (forms of the product)
    foods: list[str] = field(default_factory=list, hash=False)
    keeps_days: int | None = None  # how long an opened package keeps; None: unknown
    spoils: bool = False           # what is left over will not keep until next week

    @property
    def package_size(self) -> float:
        """One package in ``unit``."""
        return (self.package_grams if self.unit == "g" else self.package_servings) or 1.0

    @property
    def used_percent(self) -> float | None:
        """Share of the bought packages the week uses (None when nothing is bought)."""
        return 100 * self.packages_used / self.packages if self.packages else None


@dataclass(frozen=True)
class Shortfall:
    """A soft target the plan could not reach, with what might have covered it."""

    nutrient: str
    label: str
    unit: str
    target: float
    missing: dict[int, float]  # day -> amount short
    helpers: list[str] = field(default_factory=list)  # excluded or capped foods rich in it
    person: str | None = None  # whose target, in a household plan
    over: bool = False  # a soft maximum passed: ``missing`` is how far above it

    def describe(self) -> str:
        days = ", ".join(str(day) for day in sorted(self.missing))
        worst = max(self.missing.values())
        if self.over:
            whose = f"{self.person}: " if self.person else ""
            return (f"{whose}{self.label} is above its limit of {_amount(self.target)} "
                    f"{self.unit} on day{'s' if len(self.missing) > 1 else ''} {days}, by up "
                    f"to {_amount(worst)} {self.unit}")
        reached = 100 * (self.target - worst) / self.target
        whose = f"{self.person}: " if self.person else ""
        text = (f"{whose}{self.label} is short on day{'s' if len(self.missing) > 1 else ''} {days} "
                f"by up to {_amount(worst)} {self.unit} (lowest day reaches {reached:.0f} % of "
                f"{_amount(self.target)} {self.unit})")
        if self.helpers:
            text += "; foods that would help: " + ", ".join(self.helpers)
        return text


def wasted_cost(items: list[ShoppingItem]) -> float | None:
    """What ``items`` leave over of food that will not keep until next week (None: a price
    is unknown)."""
    if any(item.cost is None for item in items):
        return None
    return sum((item.cost or 0.0) * (1 - item.packages_used / item.packages)
               for item in items if item.spoils and item.packages)


def _amount(value: float) -> str:
    return format_amount(value)


def format_amount(value: float) -> str:
    """A nutrient amount as the coverage table shows it: whole numbers from 100, one decimal
    from 10, two below (1,234; 45.6; 1.2; 0.05)."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def rounded_as_shown(value: float) -> float:
    """``value`` rounded the way format_amount shows it."""
    return round(value) if abs(value) >= 100 else round(value, 1 if abs(value) >= 10 else 2)


@dataclass
class Plan:
    status: str
    days: list[DayPlan]
    targets: dict[str, Nutrient]
    foods: dict[str, FoodInfo]
    credits: dict[str, float] = field(default_factory=dict)
    people: int = 1
    settings: dict[str, Any] = field(default_factory=dict)
    solver: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    shortfalls: list[Shortfall] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pantry: dict[str, float] = field(default_factory=dict)  # servings at home, by food
    household: list[Person] = field(default_factory=list)  # empty: a one-person plan
    recipes: dict[str, RecipeInfo] = field(default_factory=dict)  # empty: a food-level plan
    staples: list[str] = field(default_factory=list)  # foods used but never bought
    start: str | None = None  # names the days: a weekday or an ISO date (mealplan.dates)
    # The dishes of the weeks before this one (--after, --avoid), the latest first: the next
    # week remembers them too (targets.yaml recipes.week.remember_weeks).
    history: list[list[str]] = field(default_factory=list)

    def dish_names(self) -> list[str]:
        """The recipes this plan serves, sorted."""
        return sorted({item.recipe for day in self.days for item in day.items if item.recipe})

    # ---- derived figures

    def servings_by_food(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for day in self.days:
            for item in day.items:
                totals[item.food] = totals.get(item.food, 0.0) + item.servings
        return totals

    @property
    def headcount(self) -> int:
        """How many people eat from the plan: the household, or ``people`` copies of one."""
        return len(self.household) or self.people

    @property
    def cost_per_person_day(self) -> float | None:
        cost = self.total_cost
        if cost is None or not self.days:
            return None
        return cost / len(self.days) / self.headcount

    @property
    def total_cost(self) -> float | None:
        """What the food eaten over the plan costs (for all ``people``)."""
        total = 0.0
        for food, servings in self.servings_by_food().items():
            price = self.foods[food].price
            if price is None:
                return None
            total += price * servings * self.people
        return total

    @property
    def shopping_cost(self) -> float | None:
        """What the shopping list costs at the till: whole packages, after the pantry."""
        items = self.shopping_list()
        if any(item.cost is None for item in items):
            return None
        return sum(item.cost for item in items)  # type: ignore[misc]

    @property
    def budget(self) -> float | None:
        """The budget the plan was made for (at the till), if any."""
        budget = self.settings.get("budget")
        return float(budget) if isinstance(budget, (int, float)) else None

    def shopping_list(self, people: int | None = None,
                      pantry: Mapping[str, float] | None = None) -> list[ShoppingItem]:
        """Whole packages to buy for the plan, grouped by aisle (sorted by aisle, then line).

        Foods with a package weight are bought as their product: every form of it (raw,
        poached and hard-boiled eggs) is summed in grams of product (grams eaten *
        product_ratio) into one line of whole packages.  Other foods (no package_grams: old
        plan files, user catalogues, coffee) are bought by servings, one line per food.
        What is at home (``pantry``, servings by food; the plan's own by default) is used first
        and counts towards its food's line; packages are rounded up once, over the whole week
        and everyone eating (``people`` copies of the menu).
        """
        people = self.people if people is None else people
        pantry = self.pantry if pantry is None else pantry

        staples = set(self.staples)

        def line_of(food: str) -> tuple[str, str]:
            return shopping.line_key(food, self.foods[food])

        lines: dict[tuple[str, str], dict[str, Any]] = {}

        def line(food: str) -> dict[str, Any]:
            info = self.foods[food]
            return lines.setdefault(line_of(food), {
                "name": (info.product or food) if info.package_grams else food,
                "info": info, "servings": 0.0, "needed": 0.0, "at_home": 0.0,
                "weight": {}})

        for day in self.days:
            for item in day.items:
                if item.food in staples or not item.bought_factor:
                    continue
                info = self.foods[item.food]
                entry = line(item.food)
                entry["servings"] += item.servings * item.bought_factor * people
                amount = (item.grams * info.product_ratio if info.package_grams
                          else item.servings) * item.bought_factor * people
                entry["needed"] += amount
                # the aisle of the form that makes up most of the line
                entry["weight"][item.food] = entry["weight"].get(item.food, 0.0) + amount
        for food, servings in pantry.items():
            info = self.foods.get(food)
            if info is None or line_of(food) not in lines:
                continue  # not bought this week (or unknown to the plan): nothing to take off
            entry = lines[line_of(food)]
            entry["at_home"] += (servings * info.grams * info.product_ratio
                                 if info.package_grams else servings)

        items = []
        for (unit, _), entry in lines.items():
            info = entry["info"]
            size: float = (info.package_grams if unit == "g" else info.package_servings) or 1.0
            eaten, at_home = entry["needed"], entry["at_home"]
            from_pantry = min(at_home, eaten)
            needed = eaten - from_pantry
            packages = shopping.packages(needed, size)
            bought = packages * size
            price = shopping.package_price(info)
            cost = None if price is None else packages * price
            weight = entry["weight"]
            main = max(sorted(weight), key=weight.__getitem__)
            keeps_days = shopping.line_keeps_days(self.foods[food] for food in weight)
            items.append(ShoppingItem(
                entry["name"], self.foods[main].category, entry["servings"], packages,
                info.package, None if unit == "g" else info.package_servings, cost,
                from_pantry, at_home - from_pantry + bought - needed, unit, eaten,
                eaten if unit == "g" else None, info.package_grams if unit == "g" else None,
                needed / size, sorted(weight, key=str.casefold), keeps_days,
                not shopping.keeps(keeps_days, shopping.ShoppingRules())))
        return sorted(items, key=lambda item: (item.category, item.food.casefold()))

    def carried_over(self) -> dict[str, float]:
        """What this week leaves for the next (servings by food): what is left of the lines
        that keep once opened, counted as the line's main food; what spoils is not carried."""
        carried: dict[str, float] = {}
        for item in self.shopping_list():
            if item.spoils or item.leftover <= 1e-9 or not item.foods:
                continue
            food = item.foods[0]
            per_serving = shopping.per_serving(self.foods[food])
            carried[food] = carried.get(food, 0.0) + item.leftover / per_serving
        return carried

    def pantry_after(self, pantry: Mapping[str, float], foods: Iterable[str]
                     ) -> dict[str, float]:
        """What is at home the week after this one (``--after``): ``pantry`` plus what this
        week carries over, for the ``foods`` the next week's catalogue has."""
        known = set(foods)
        home = dict(pantry)
        for food, servings in self.carried_over().items():
            if food in known:
                home[food] = home.get(food, 0.0) + servings
        return home

    def cooking_minutes(self, day: "DayPlan") -> float:
        """Minutes at the stove on ``day``: each dish cooked fresh (a leftover is not)."""
        cooked = {item.recipe for item in day.items
                  if item.recipe is not None and item.leftover_from is None}
        return float(sum(self.recipes[name].minutes for name in cooked if name in self.recipes))

    @property
    def leftover_meals(self) -> int:
        """Meals eaten from leftovers over the plan."""
        return len({(day.day, item.meal) for day in self.days for item in day.items
                    if item.leftover_from is not None})

    @property
    def wasted_cost(self) -> float | None:
        """What the shopping leaves over of food that will not keep until next week."""
        return wasted_cost(self.shopping_list())

    def person(self, name: str) -> Person:
        for person in self.household:
            if person.name == name:
                return person
        raise KeyError(name)

    def coverage(self, person: str | None = None) -> list[dict[str, Any]]:
        """Per nutrient: the daily average, lowest and highest day, target and % of target,
        for the plan's one person or the named member of its household."""
        if person is None:
            targets, credits = self.targets, self.credits
            day_totals = [day.totals for day in self.days]
        else:
            member = self.person(person)
            targets, credits = member.targets, member.credits
            day_totals = [day.person_totals.get(person, {}) for day in self.days]
        rows = []
        for key, nutrient in targets.items():
            credit = credits.get(key, 0.0)
            per_day = [totals.get(key, 0.0) + credit for totals in day_totals]
            if not per_day:
                continue
            lowest = min(range(len(per_day)), key=per_day.__getitem__)
            highest = max(range(len(per_day)), key=per_day.__getitem__)
            rows.append({
                "nutrient": key, "label": nutrient.label, "unit": nutrient.unit,
                "average": sum(per_day) / len(per_day), "credit": credit,
                "min": nutrient.min, "max": nutrient.max,
                "lowest": per_day[lowest], "lowest_day": self.days[lowest].day,
                "highest": per_day[highest], "highest_day": self.days[highest].day,
                "percent_of_min": (100 * per_day[lowest] / nutrient.min) if nutrient.min else None,
            })
        return rows

    # ---- JSON

    def to_dict(self) -> dict[str, Any]:
        shopping = self.shopping_list()
        return {
            "format": PLAN_FORMAT,
            "version": PLAN_VERSION,
            "status": self.status,
            "people": self.people,
            "settings": self.settings,
            "solver": self.solver,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": self.seconds,
            "targets": _targets_to_dict(self.targets),
            "credits": self.credits,
            "household": [person.to_dict() for person in self.household],
            "days": [{"day": day.day,
                      "meals": [_item_dict(item) for item in day.items],
                      **({"cooking_minutes": self.cooking_minutes(day)} if self.recipes
                         else {}),
                      "totals": day.totals,
                      **({"person_totals": day.person_totals} if self.household else {})}
                     for day in self.days],
            "foods": {name: asdict(info) for name, info in self.foods.items()},
            **({"recipes": {name: asdict(info) for name, info in self.recipes.items()}}
               if self.recipes else {}),
            "shopping_list": [asdict(item) for item in shopping],
            "shopping_cost": (None if any(item.cost is None for item in shopping)
                              else sum(item.cost for item in shopping)),  # type: ignore[misc]
            "budget": self.budget,
            "total_cost": self.total_cost,
            "shortfalls": [asdict(s) for s in self.shortfalls],
            "warnings": self.warnings,
            "pantry": self.pantry,
            "staples": sorted(self.staples),
            "wasted_cost": wasted_cost(shopping),
            **({"start": self.start} if self.start else {}),
            **({"history": self.history} if self.history else {}),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, label: str = "plan") -> "Plan":
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
        return cls.from_dict(document, label)

    @classmethod
    def from_dict(cls, document: Any, label: str = "plan") -> "Plan":
        """Read a plan document, checking every field's type and range (see _read_plan)."""
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


def load_plan(path: str) -> Plan:
    """Read a saved plan file, as strictly as foods.csv (the same size limit)."""
    from .data import _read_bytes

    raw = _read_bytes(path, path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("not a mealplan plan file (not UTF-8 text)", file=path) from None
    return Plan.from_json(text, path)


# --------------------------------------------------------------------------------------------
# Reading a plan document: every field checked, every fault one line with its JSON path.

MAX_DAYS = 366
MAX_ITEMS_PER_DAY = 200
MAX_TOTAL = 1e12   # a day's total of a nutrient (everyone's, in its unit)
_MENU_ITEM_FIELDS = frozenset(f.name for f in fields(MenuItem))


def _read_plan(root: Node) -> Plan:
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
    return Plan(
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


def _read_person(node: Node) -> Person:
    targets = _read_targets(node.get("targets"))
    return Person(
        node.get("name").text("a name", max_length=40),
        node.get("profile").text("a profile name"),
        targets,
        _read_amounts(node.get("credits", {}), targets, "a daily credit"),
        node.get("diet", None).text("a diet name", nullable=True),
        [entry.text("a food, tag or aisle")
         for entry in node.get("exclude", []).items("a list of foods, tags or aisles")])


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


def menu_totals(items: list[MenuItem], foods: Mapping[str, Food]) -> dict[str, float]:
    """Nutrient totals of a day's menu, straight from the catalogue."""
    totals: dict[str, float] = {}
    for item in items:
        for key, per_serving in foods[item.food].nutrients.items():
            totals[key] = totals.get(key, 0.0) + per_serving * item.servings
    return totals
