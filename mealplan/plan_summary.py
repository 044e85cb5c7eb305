"""What a plan adds up to: the shopping list (whole packages, after the pantry), what the
week carries over to the next, and each nutrient's coverage.

Plan's methods of the same names call these; they are kept apart from the Plan so that the
dataclass stays a picture of the week and the arithmetic on it has one home.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from . import shopping
from .plan_items import ShoppingItem

if TYPE_CHECKING:
    from .plan import Plan


def shopping_list(plan: "Plan", people: int | None = None,
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
    people = plan.people if people is None else people
    pantry = plan.pantry if pantry is None else pantry

    staples = set(plan.staples)

    def line_of(food: str) -> tuple[str, str]:
        return shopping.line_key(food, plan.foods[food])

    lines: dict[tuple[str, str], dict[str, Any]] = {}

    def line(food: str) -> dict[str, Any]:
        info = plan.foods[food]
        return lines.setdefault(line_of(food), {
            "name": (info.product or food) if info.package_grams else food,
            "info": info, "servings": 0.0, "needed": 0.0, "at_home": 0.0,
            "weight": {}})

    for day in plan.days:
        for item in day.items:
            if item.food in staples or not item.bought_factor:
                continue
            info = plan.foods[item.food]
            entry = line(item.food)
            entry["servings"] += item.servings * item.bought_factor * people
            amount = (item.grams * info.product_ratio if info.package_grams
                      else item.servings) * item.bought_factor * people
            entry["needed"] += amount
            # the aisle of the form that makes up most of the line
            entry["weight"][item.food] = entry["weight"].get(item.food, 0.0) + amount
    for food, servings in pantry.items():
        info = plan.foods.get(food)
        if info is None or line_of(food) not in lines:
            continue  # not bought this week (or unknown to the plan): nothing to take off
        entry = lines[line_of(food)]
        entry["at_home"] += (servings * info.grams * info.product_ratio
                             if info.package_grams else servings)

    # What keeps is judged by the threshold the week was priced with, and frozen only when it
    # was (older plans: the default threshold, no freezer).
    rules = shopping.ShoppingRules(keeps_days=plan.settings.get(
        "keeps_days", shopping.ShoppingRules.keeps_days),
        freezer=plan.settings.get("freezer", False))
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
        forms = [plan.foods[food] for food in weight]
        keeps_days = shopping.line_keeps_days(forms)
        keeping, frozen = shopping.line_keeping(forms, rules)
        items.append(ShoppingItem(
            entry["name"], plan.foods[main].category, entry["servings"], packages,
            info.package, None if unit == "g" else info.package_servings, cost,
            from_pantry, at_home - from_pantry + bought - needed, unit, eaten,
            eaten if unit == "g" else None, info.package_grams if unit == "g" else None,
            needed / size, sorted(weight, key=str.casefold), keeps_days, not keeping,
            frozen))
    return sorted(items, key=lambda item: (item.category, item.food.casefold()))


def carried_over(plan: "Plan") -> dict[str, float]:
    """What this week leaves for the next (servings by food): what is left of the lines
    that keep once opened, counted as the line's main food; what spoils is not carried."""
    carried: dict[str, float] = {}
    for item in plan.shopping_list():
        if item.spoils or item.leftover <= 1e-9 or not item.foods:
            continue
        food = item.foods[0]
        per_serving = shopping.per_serving(plan.foods[food])
        carried[food] = carried.get(food, 0.0) + item.leftover / per_serving
    return carried


def coverage(plan: "Plan", person: str | None = None) -> list[dict[str, Any]]:
    """Per nutrient: the daily average, lowest and highest day, target and % of target,
    for the plan's one person or the named member of its household."""
    if person is None:
        targets, credits = plan.targets, plan.credits
        day_totals = [day.totals for day in plan.days]
    else:
        member = plan.person(person)
        targets, credits = member.targets, member.credits
        day_totals = [day.person_totals.get(person, {}) for day in plan.days]
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
            "lowest": per_day[lowest], "lowest_day": plan.days[lowest].day,
            "highest": per_day[highest], "highest_day": plan.days[highest].day,
            "percent_of_min": (100 * per_day[lowest] / nutrient.min) if nutrient.min else None,
        })
    return rows
