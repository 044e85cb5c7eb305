"""The shopping list (text, Markdown, CSV) and the summary lines of the till and the stove."""

from __future__ import annotations

import json

from tabulate import tabulate

from ..plan import Plan, ShoppingItem, wasted_cost
from .common import (format_money, format_servings, markdown_escape, markdown_safe, rows_to_csv,
                     table_format)


def stove_text(plan: Plan) -> str | None:
    """"At the stove: 345 minutes over the plan; 2 meals from leftovers." (recipe plans)."""
    if not plan.recipes:
        return None
    minutes = sum(plan.cooking_minutes(day) for day in plan.days)
    leftovers = plan.leftover_meals
    return (f"At the stove: {minutes:.0f} minutes over the plan"
            + (f"; {leftovers} meal{'s' if leftovers != 1 else ''} from leftovers"
               if leftovers else "") + ".")


def till_text(plan: Plan) -> str | None:
    """"At the till: $194.58 for 47 products in whole packages; $27.85 of what spoils is left
    over at the end." (None when a price is unknown)."""
    shopping = plan.shopping_list()
    till = None if any(item.cost is None for item in shopping) else _total(shopping)
    if till is None:
        return None
    bought = sum(1 for item in shopping if item.packages)
    wasted = wasted_cost(shopping)
    return (f"At the till: {format_money(till)} for {bought} products in whole packages"
            + (f"; budget {format_money(plan.budget)}" if plan.budget is not None else "")
            + (f"; {format_money(wasted)} of what spoils is left over at the end"
               if wasted else "") + ".")


def render_shopping_list(plan: Plan, fmt: str = "table", people: int | None = None,
                         pantry: dict[str, float] | None = None) -> str:
    """What to buy: one line per product (its forms on the menu together) in whole packages,
    with how much of them the week uses."""
    items = plan.shopping_list(people, pantry)
    with_pantry = bool(plan.pantry if pantry is None else pantry)
    # The budget was for the plan's own people and pantry: shown beside that list's total.
    budget = plan.budget if (people in (None, plan.people) and pantry is None) else None
    if fmt == "json":
        from dataclasses import asdict

        return json.dumps({"people": people or plan.people,
                           "items": [{**asdict(item), "used_percent": item.used_percent}
                                     for item in items],
                           "cost": _total(items), "budget": budget},
                          indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return rows_to_csv(
            ["category", "food", "servings", "grams", "unit", "needed", "packages", "package",
             "package_grams", "package_servings", "packages_used", "used_percent", "cost",
             "from_pantry", "leftover", "foods"],
            ([i.category, i.food, i.servings, i.grams, i.unit, i.needed, i.packages, i.package,
              i.package_grams, i.package_servings, i.packages_used, i.used_percent, i.cost,
              i.from_pantry, i.leftover, "; ".join(i.foods)] for i in items),
        )
    rows = []
    last_category = None
    for item in items:
        row = [item.category if item.category != last_category else "", item.food,
               shopping_amount(item.needed, item.unit)]
        if with_pantry:
            row.append(shopping_amount(item.from_pantry, item.unit) if item.from_pantry else "")
        row += [shopping_buy(item), shopping_use(item), format_money(item.cost)]
        if with_pantry:
            row.append(shopping_amount(item.leftover, item.unit) if item.leftover > 1e-9 else "")
        rows.append(row)
        last_category = item.category
    headers = ["Aisle", "Food", "Needed", *(["At home"] if with_pantry else []), "Buy", "Uses",
               "Cost", *(["Left over"] if with_pantry else [])]
    align = ["left", "left", "right", *(["right"] if with_pantry else []), "left", "left",
             "right", *(["right"] if with_pantry else [])]
    if fmt == "markdown":
        rows = markdown_safe(rows)
        rows = [[r[0], "[ ] " + r[1], *r[2:]] for r in rows]
    total = [""] * len(headers)
    total[1], total[headers.index("Cost")] = "Total", format_money(_total(items))
    rows.append(total)
    if budget is not None:
        line = [""] * len(headers)
        line[1], line[headers.index("Cost")] = "Budget", format_money(budget)
        rows.append(line)
    table = tabulate(rows, headers=headers, tablefmt=table_format(fmt), disable_numparse=True,
                     colalign=tuple(align))
    return table + staples_text(plan, fmt)


def staples_text(plan: Plan, fmt: str) -> str:
    """"Check you have: Olive oil, Salt" under the list: staples are never bought."""
    if not plan.staples:
        return ""
    names = ", ".join(plan.staples)
    if fmt == "markdown":
        return f"\n\nCheck you have (staples, not bought): {markdown_escape(names)}"
    return f"\n\nCheck you have (staples, not bought): {names}"


def shopping_amount(value: float, unit: str) -> str:
    """"640 g", "9.5 servings"."""
    if unit == "g":
        return f"{value:,.0f} g" if value >= 10 else f"{value:.2g} g"
    value = round(value, 2)
    return f"{format_servings(value)} serving{'' if value == 1 else 's'}"


def shopping_buy(item: ShoppingItem) -> str:
    """"2 × dozen large (600 g)", "1 × 12 oz bag ground (30 servings)", "nothing"."""
    if not item.packages:
        return "nothing"
    if item.unit == "g":
        size = f" ({format_servings(item.package_grams or 0)} g)"
    elif item.package_servings != 1:
        size = f" ({format_servings(item.package_servings or 0)} servings)"
    else:
        size = ""
    return f"{item.packages} × {item.package}{size}"


def shopping_use(item: ShoppingItem) -> str:
    """How much of the bought packages the week takes: "1.6 of 2 (80 %)", and whether the
    rest spoils or goes into the freezer; "" if none bought."""
    if not item.packages:
        return ""
    text = (f"{item.packages_used:.1f}".rstrip("0").rstrip(".") if item.packages_used >= 0.05
            else "<0.1") + f" of {item.packages} ({item.used_percent:.0f} %)"
    if item.used_percent is None or item.used_percent >= 99.5:
        return text
    if item.spoils:
        text += f", rest spoils in {item.keeps_days} d" if item.keeps_days else ", rest spoils"
    elif item.frozen:
        text += ", freeze the rest"
    return text


def _total(items: list[ShoppingItem]) -> float | None:
    if any(item.cost is None for item in items):
        return None
    return sum(item.cost for item in items)  # type: ignore[misc]
