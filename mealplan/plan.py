"""The Plan: the week's menu, its nutrient totals, the shopping list, and JSON in and out.

A saved plan is self-contained: it carries what the shopping list needs (aisle, package size,
price) so ``mealplan shopping-list week.json`` works without the catalogue it came from.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

from .data import Food, Nutrient
from .errors import DataError

PLAN_FORMAT = "mealplan-plan"
# Version 2 added households (per-person portions, targets and totals); version 3 recipes
# (menu items that belong to a dish carry its name and portion, and the plan its recipes).
# Older files are still read.
PLAN_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
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
    return {key: {"label": n.label, "unit": n.unit, "min": n.min, "max": n.max, "hard": n.hard}
            for key, n in targets.items()}


def _targets_from_dict(document: Mapping[str, Any]) -> dict[str, Nutrient]:
    return {key: Nutrient(key, t["label"], t["unit"], t["min"], t["max"], t.get("hard", False))
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

    @classmethod
    def of(cls, food: Food) -> "FoodInfo":
        return cls(food.category, food.serving, food.grams, food.price, food.package,
                   food.package_servings, food.nutrients.get("kcal"), food.product,
                   food.product_ratio, food.package_grams, food.package_price)


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

    def describe(self) -> str:
        days = ", ".join(str(day) for day in sorted(self.missing))
        worst = max(self.missing.values())
        reached = 100 * (self.target - worst) / self.target
        whose = f"{self.person}: " if self.person else ""
        text = (f"{whose}{self.label} is short on day{'s' if len(self.missing) > 1 else ''} {days} "
                f"by up to {_amount(worst)} {self.unit} (lowest day reaches {reached:.0f} % of "
                f"{_amount(self.target)} {self.unit})")
        if self.helpers:
            text += "; foods that would help: " + ", ".join(self.helpers)
        return text


def _amount(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


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

        def line_of(food: str) -> tuple[str, str]:
            info = self.foods[food]
            if info.package_grams:
                return ("g", (info.product or food).casefold())
            return ("servings", food)

        lines: dict[tuple[str, str], dict[str, Any]] = {}

        def line(food: str) -> dict[str, Any]:
            info = self.foods[food]
            return lines.setdefault(line_of(food), {
                "name": (info.product or food) if info.package_grams else food,
                "info": info, "servings": 0.0, "needed": 0.0, "at_home": 0.0,
                "weight": {}})

        for day in self.days:
            for item in day.items:
                info = self.foods[item.food]
                entry = line(item.food)
                entry["servings"] += item.servings * people
                amount = (item.grams * info.product_ratio if info.package_grams
                          else item.servings) * people
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
            # A hair of tolerance so 14.000000001 servings of a 14-serving pack is one pack.
            packages = math.ceil(needed / size - 1e-9) if needed > 1e-9 else 0
            bought = packages * size
            if unit == "g":
                price = info.package_price
                if price is None and info.price is not None:  # the till price from the table's
                    price = info.price * size / (info.grams * info.product_ratio)
                cost = None if price is None else packages * price
            else:
                cost = None if info.price is None else bought * info.price
            weight = entry["weight"]
            main = max(sorted(weight), key=weight.__getitem__)
            items.append(ShoppingItem(
                entry["name"], self.foods[main].category, entry["servings"], packages,
                info.package, None if unit == "g" else info.package_servings, cost,
                from_pantry, at_home - from_pantry + bought - needed, unit, eaten,
                eaten if unit == "g" else None, info.package_grams if unit == "g" else None,
                needed / size, sorted(weight, key=str.casefold)))
        return sorted(items, key=lambda item: (item.category, item.food.casefold()))

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
                      "totals": day.totals,
                      **({"person_totals": day.person_totals} if self.household else {})}
                     for day in self.days],
            "foods": {name: asdict(info) for name, info in self.foods.items()},
            **({"recipes": {name: asdict(info) for name, info in self.recipes.items()}}
               if self.recipes else {}),
            "shopping_list": [asdict(item) for item in shopping],
            "shopping_cost": (None if any(item.cost is None for item in shopping)
                              else sum(item.cost for item in shopping)),  # type: ignore[misc]
            "total_cost": self.total_cost,
            "shortfalls": [asdict(s) for s in self.shortfalls],
            "warnings": self.warnings,
            "pantry": self.pantry,
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
        return cls.from_dict(document, label)

    @classmethod
    def from_dict(cls, document: Any, label: str = "plan") -> "Plan":
        if not isinstance(document, dict) or document.get("format") != PLAN_FORMAT:
            raise DataError("not a mealplan plan file (save one with "
                            "'mealplan plan --format json --output FILE')", file=label)
        version = document.get("version")
        if version not in READABLE_VERSIONS:
            raise DataError(f"plan file version {version!r} is not supported; this mealplan "
                            f"reads versions {READABLE_VERSIONS[0]} to {READABLE_VERSIONS[-1]}: "
                            f"make the plan again", file=label)
        try:
            targets = _targets_from_dict(document["targets"])
            foods = {name: FoodInfo(**info) for name, info in document["foods"].items()}
            household = [Person.from_dict(entry) for entry in document.get("household", [])]
            days = [DayPlan(int(day["day"]),
                            [MenuItem(**item) for item in day["meals"]],
                            {k: float(v) for k, v in day["totals"].items()},
                            {str(name): {k: float(v) for k, v in totals.items()}
                             for name, totals in day.get("person_totals", {}).items()})
                    for day in document["days"]]
            shortfalls = [Shortfall(s["nutrient"], s["label"], s["unit"], s["target"],
                                    {int(k): v for k, v in s["missing"].items()}, s["helpers"],
                                    s.get("person"))
                          for s in document.get("shortfalls", [])]
            plan = cls(
                status=document["status"], days=days, targets=targets, foods=foods,
                credits=dict(document.get("credits", {})), people=int(document["people"]),
                settings=dict(document.get("settings", {})), solver=document.get("solver", ""),
                objective=document.get("objective"), bound=document.get("bound"),
                gap=document.get("gap"), seconds=float(document.get("seconds", 0.0)),
                shortfalls=shortfalls, warnings=list(document.get("warnings", [])),
                pantry={str(k): float(v) for k, v in document.get("pantry", {}).items()},
                household=household,
                recipes={str(name): RecipeInfo(**info)
                         for name, info in document.get("recipes", {}).items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise DataError(f"damaged mealplan plan file ({type(error).__name__}: {error})",
                            file=label) from None
        for day in plan.days:
            for item in day.items:
                if item.food not in plan.foods:
                    raise DataError(f"damaged mealplan plan file: day {day.day} uses "
                                    f"'{item.food}', which is not in its 'foods'", file=label)
                if not (math.isfinite(item.servings) and item.servings > 0):
                    raise DataError(f"damaged mealplan plan file: day {day.day} has "
                                    f"{item.servings!r} servings of '{item.food}'", file=label)
                unknown = set(item.portions) - {person.name for person in plan.household}
                if unknown:
                    raise DataError(f"damaged mealplan plan file: day {day.day} gives "
                                    f"'{item.food}' to '{sorted(unknown)[0]}', who is not in "
                                    f"its 'household'", file=label)
        if plan.status not in STATUSES:
            raise DataError(f"damaged mealplan plan file: unknown status {plan.status!r}",
                            file=label)
        if plan.people < 1:
            raise DataError("damaged mealplan plan file: people must be 1 or more", file=label)
        return plan


def menu_totals(items: list[MenuItem], foods: Mapping[str, Food]) -> dict[str, float]:
    """Nutrient totals of a day's menu, straight from the catalogue."""
    totals: dict[str, float] = {}
    for item in items:
        for key, per_serving in foods[item.food].nutrients.items():
            totals[key] = totals.get(key, 0.0) + per_serving * item.servings
    return totals
