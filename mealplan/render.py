"""Turn plans, shopping lists and food tables into text.  Never prints.

Numbers are rounded only for people (table, markdown); CSV and JSON carry the full values.
Cells that a spreadsheet would run as a formula are defused in CSV and markdown.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Callable, Iterable, Sequence

from tabulate import tabulate

from .data import Food, Nutrient
from .dates import day_label
from .recipes import Recipe
from .plan import MenuItem, Person, Plan, ShoppingItem, format_amount, wasted_cost

FORMATS = ("table", "markdown", "csv", "json")
DISCLAIMER = ("Informational only, not medical advice: talk to a healthcare professional about "
              "your own needs, especially before taking supplements.")
DATA_NOTE = ("Nutrient values: USDA FoodData Central (per serving); prices are approximate "
             "US supermarket prices.")
SHIPPED_CATALOGUE = "foods.csv"


def data_note(plan: Plan) -> str:
    """Where the numbers come from: only the shipped catalogue's prices are ours to vouch for."""
    source = plan.settings.get("foods_csv", SHIPPED_CATALOGUE)
    if source == SHIPPED_CATALOGUE:
        return DATA_NOTE
    return f"Nutrient values and prices: from {source}."
BAR_WIDTH = 20

# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _tablefmt(fmt: str) -> str:
    return "github" if fmt == "markdown" else "simple"


def _rows_to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([defuse(cell) for cell in row])
    return buffer.getvalue()


# Markdown's active characters: links and images ([text](javascript:...)), inline HTML and
# autolinks (<...>), emphasis, code, strikethrough, table cells and the escape itself.
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<>|~])")


def markdown_escape(text: str) -> str:
    """``text`` as literal markdown: every active character backslash-escaped."""
    return _MARKDOWN_ACTIVE.sub(r"\\\1", text)


def _markdown_safe(rows: list[list[Any]]) -> list[list[Any]]:
    return [[markdown_escape(defuse(cell)) if isinstance(cell, str) else cell
             for cell in row] for row in rows]


def format_number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    return f"{format_amount(value)} {unit}".strip()


def format_money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def format_servings(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def bar(percent: float, width: int = BAR_WIDTH, color: bool = False) -> str:
    filled = max(0, min(width, round(percent / 100 * width)))
    text = "█" * filled + "·" * (width - filled)
    if color:
        # Green when the lowest day meets the target, red when it does not.
        code = "32" if percent >= 100 - 1e-9 else "31"
        text = f"\x1b[{code}m{text}\x1b[0m"
    return text


# --------------------------------------------------------------------------------------------
# Plan


# A plan's output formats: name -> renderer(plan, fmt, **context).  The context a caller may
# give: color (ANSI colours for a terminal), foods (a catalogue's by_name(), for the html
# page's richest foods), today (the date an ics calendar counts from without a start).
PLAN_RENDERERS: dict[str, Callable[..., str]] = {}


def plan_renderer(*names: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    def register(function: Callable[..., str]) -> Callable[..., str]:
        for name in names:
            PLAN_RENDERERS[name] = function
        return function
    return register


def render_plan(plan: Plan, fmt: str = "table", color: bool = False, **context: Any) -> str:
    """``color`` adds ANSI colours to the table format (the caller decides: a terminal only)."""
    renderer = PLAN_RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(f"unknown format {fmt!r}")
    return renderer(plan, fmt, color=color, **context)


@plan_renderer("json")
def _plan_json(plan: Plan, fmt: str, **context: Any) -> str:
    return plan.to_json()


@plan_renderer("csv")
def _plan_csv(plan: Plan, fmt: str, **context: Any) -> str:
    names = [person.name for person in plan.household]
    dishes = ["recipe", "portion"] if plan.recipes else []
    named = ["day_name"] if plan.start else []
    return _rows_to_csv(
        ["day", *named, "meal", *dishes, "food", "servings", "grams", *names],
        ([day.day, *([day_label(plan.start, day.day)] if named else []), item.meal,
          *([item.recipe or "", "" if item.portion is None else item.portion]
            if dishes else []),
          item.food, item.servings, item.grams,
          *[item.portions.get(name, 0) for name in names]]
         for day in plan.days for item in day.items),
    )


@plan_renderer("html")
def _plan_html(plan: Plan, fmt: str, foods: Any = None, **context: Any) -> str:
    from .report import render_html

    return render_html(plan, foods)


@plan_renderer("ics")
def _plan_ics(plan: Plan, fmt: str, today: Any = None, **context: Any) -> str:
    from .ics import render_ics

    return render_ics(plan, today)


@plan_renderer("table", "markdown")
def _plan_text(plan: Plan, fmt: str, color: bool = False, **context: Any) -> str:
    markdown = fmt == "markdown"
    # Text from the plan (names, settings, messages) is literal: no live link, tag or emphasis.
    md = markdown_escape if markdown else (lambda text: text)
    sections = []
    heading = "# " if markdown else ""
    sub = "## " if markdown else ""
    settings = plan.settings
    days = f"{len(plan.days)} day{'s' * (len(plan.days) != 1)}"
    if plan.household:
        sections.append(f"{heading}Meal plan: {days} for a household of "
                        f"{len(plan.household)}"
                        + (f", {md(str(settings['diet']))} diet" if settings.get("diet") else ""))
        sections[-1] += "\n\n" + "\n".join(
            f"{'- ' if markdown else '  '}{md(describe_person(person))}"
            for person in plan.household)
    else:
        sections.append(f"{heading}Meal plan: {days}, profile "
                        f"{md(str(settings.get('profile', '-')))}"
                        + (f", {md(str(settings['diet']))} diet" if settings.get("diet") else "")
                        + (f", {plan.people} people" if plan.people > 1 else ""))
    excluded = exclusion_text(plan.settings)
    if excluded:
        sections[-1] += f"\n{'- ' if markdown else ''}Excluded: {excluded}"
    sections.append(_dish_table(plan, fmt) if plan.recipes else _menu_table(plan, fmt))
    if plan.recipes:
        sections.append(_recipes_section(plan, fmt))
    for person in plan.household or [None]:
        who = f": {md(person.name)}" if person else ""
        for section in dict.fromkeys(n.section for n in plan.targets.values()):
            title = (section or "Daily coverage") + who
            sections.append(f"{sub}{title}\n\n" if markdown else f"{title}\n")
            sections[-1] += _coverage_table(plan, fmt, color, person.name if person else None,
                                            section)
    sections.append(f"{sub}Shopping list\n\n" if markdown else "Shopping list\n")
    sections[-1] += render_shopping_list(plan, fmt, people=plan.people)
    sections.append(md(_status_lines(plan)))
    sections.append(md(data_note(plan)) + "\n" + DISCLAIMER)
    return "\n\n".join(section.rstrip("\n") for section in sections) + "\n"


def exclusion_text(settings: dict[str, Any]) -> str | None:
    """"fish, nuts (14 foods)"; "vegan diet; fish (60 foods)": what --exclude and --diet left
    out, or None when nothing was."""
    terms = [str(term) for term in settings.get("exclude") or []]
    diet = settings.get("diet") if settings.get("profile") != "household" else None
    words = "; ".join(part for part in (f"{diet} diet" if diet else "", ", ".join(terms))
                      if part)
    if not words:
        return None
    count = settings.get("excluded_foods")
    if count is None:  # a plan saved before the count was recorded
        return words
    recipes = settings.get("recipes_excluded")
    dishes = f", {recipes} recipe{'s' * (recipes != 1)}" if recipes else ""
    return f"{words} ({count} food{'s' * (count != 1)}{dishes})"


def describe_person(person: Person) -> str:
    """"Ana: women_31_50, vegetarian, no mushrooms, caffeine <= 200 mg"."""
    parts = [person.profile]
    if person.diet:
        parts.append(person.diet)
    if person.exclude:
        parts.append("no " + ", ".join(person.exclude))
    caffeine = person.targets.get("caffeine_mg")
    if caffeine is not None and caffeine.max is not None:
        parts.append(f"caffeine <= {caffeine.max:g} {caffeine.unit}")
    return f"{person.name}: " + ", ".join(parts)


def portions_text(plan: Plan, item: MenuItem) -> str:
    """Who gets how much of a shared dish: "Ana 1, Ben 2" (everyone else skips it)."""
    return ", ".join(f"{person.name} {format_servings(item.portions[person.name])}"
                     for person in plan.household if item.portions.get(person.name))


def dishes_of(plan: Plan, day) -> list[tuple[str, str | None, list[MenuItem]]]:
    """A day as (meal, recipe or None for a side, its items), in menu order."""
    groups: dict[tuple[str, str | None, str], list[MenuItem]] = {}
    for item in day.items:
        key = (item.meal, item.recipe, item.recipe or item.food)
        groups.setdefault(key, []).append(item)
    return [(meal, recipe, items) for (meal, recipe, _), items in groups.items()]


def dish_portions(plan: Plan, recipe: str, items: list[MenuItem]) -> dict[str, float]:
    """Each person's portions of a served dish (one person: {"": portions})."""
    first = items[0]
    if not plan.household:
        return {"": first.portion or 0.0}
    per_portion = plan.recipes[recipe].ingredients.get(first.food) or 1.0
    grams_per_serving = first.grams / first.servings if first.servings else 0.0
    # Portions come in steps of a quarter (targets.yaml recipes.portions): undo the float
    # noise of grams and servings, not the step.
    return {name: round(servings * grams_per_serving / per_portion, 6)
            for name, servings in first.portions.items()}


def _portions_word(value: float) -> str:
    return f"{format_servings(value)} portion{'' if value == 1 else 's'}"


def _dish_table(plan: Plan, fmt: str) -> str:
    """The menu as dishes: "Dinner  Salmon with sweet potato and kale  1.5 portions"."""
    rows = []
    for day in plan.days:
        first_of_day = True
        last_meal = None
        for meal, recipe, items in dishes_of(plan, day):
            if recipe is not None:
                shares = dish_portions(plan, recipe, items)
                amount = ", ".join(f"{name} {format_servings(v)}" for name, v in shares.items()
                                   if v) if plan.household else _portions_word(shares[""])
                kcal = sum(i.servings * plan.foods[i.food].kcal for i in items
                           if plan.foods[i.food].kcal is not None)
                first = items[0]
                if first.leftover_from is not None:
                    what = f"{recipe} (leftover from {day_label(plan.start, first.leftover_from)})"
                    detail = "reheat"
                else:
                    what, detail = recipe, f"{plan.recipes[recipe].minutes} min"
                    if first.cooked and first.portion and first.cooked > first.portion + 1e-9:
                        amount += f" (cook {format_servings(first.cooked)})"
            else:
                item = items[0]
                amount = (portions_text(plan, item) if plan.household
                          else format_servings(item.servings) + " × " +
                          plan.foods[item.food].serving)
                kcal = item.servings * (plan.foods[item.food].kcal or 0.0)
                what, detail = f"+ {item.food}", "side"
            rows.append([day_label(plan.start, day.day) if first_of_day else "",
                         meal if meal != last_meal else "", what, amount, detail,
                         f"{kcal:.0f}"])
            first_of_day = False
            last_meal = meal
        if plan.recipes:
            rows.append(["", "", f"at the stove: {plan.cooking_minutes(day):.0f} min", "", "",
                         ""])
    if fmt == "markdown":
        rows = _markdown_safe(rows)
    return tabulate(rows, headers=["Day", "Meal", "Dish", "Portions", "", "kcal"],
                    tablefmt=_tablefmt(fmt), disable_numparse=True,
                    colalign=("left", "left", "left", "left", "left", "right"))


def _recipes_section(plan: Plan, fmt: str) -> str:
    """Each recipe served, once: time, ingredients per portion, method."""
    markdown = fmt == "markdown"
    lines = ["## Recipes" if markdown else "Recipes", ""]
    for name, info in plan.recipes.items():
        title = _markdown_text(name) if markdown else name
        lines.append(f"### {title}" if markdown else f"{name}")
        lines.append(f"{info.minutes} min; per portion: " + ", ".join(
            f"{_markdown_text(food) if markdown else food} {grams:g} g"
            for food, grams in info.ingredients.items()))
        if info.method:
            lines.append(_markdown_text(info.method) if markdown else info.method)
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def _markdown_text(text: str) -> str:
    return _markdown_safe([[text]])[0][0]


def _menu_table(plan: Plan, fmt: str) -> str:
    shared = bool(plan.household)
    rows = []
    for day in plan.days:
        first_of_day = True
        last_meal = None
        for item in day.items:
            rows.append([
                day_label(plan.start, day.day) if first_of_day else "",
                item.meal if item.meal != last_meal else "",
                item.food,
                format_servings(item.servings),
                *([portions_text(plan, item)] if shared else []),
                plan.foods[item.food].serving,
                f"{item.grams:.0f}",
            ])
            first_of_day = False
            last_meal = item.meal
    if fmt == "markdown":
        rows = _markdown_safe(rows)
    headers = ["Day", "Meal", "Food", "Servings", *(["Portions"] if shared else []), "Serving",
               "Grams"]
    align = ("left", "left", "left", "right", *(["left"] if shared else []), "left", "right")
    return tabulate(rows, headers=headers, tablefmt=_tablefmt(fmt), colalign=align,
                    disable_numparse=True)


def _coverage_table(plan: Plan, fmt: str, color: bool = False,
                    person: str | None = None, section: str = "") -> str:
    # The headline nutrients first; targets.yaml's `section` puts the others in tables of their own.
    rows = []
    for row in plan.coverage(person):
        if plan.targets[row["nutrient"]].section != section:
            continue
        target = _target_text(row["min"], row["max"], row["unit"])
        percent = row["percent_of_min"]
        rows.append([
            row["label"],
            format_number(row["average"], row["unit"]),
            f"{format_number(row['lowest'], row['unit'])} (day {row['lowest_day']})",
            target,
            f"{percent:.0f} %" if percent is not None else "",
            bar(percent, color=color) if percent is not None and fmt == "table" else "",
        ])
        if row["credit"]:
            rows.append(["  incl. credit", format_number(row["credit"], row["unit"]), "", "", "", ""])
    headers = ["Nutrient", "Daily average", "Lowest day", "Target", "Lowest %", ""]
    if fmt == "markdown":
        rows = [r[:-1] for r in _markdown_safe(rows)]
        headers = headers[:-1]
    return tabulate(rows, headers=headers, tablefmt=_tablefmt(fmt), disable_numparse=True,
                    colalign=("left", "right", "right", "left", "right", "left")[:len(headers)])


def _target_text(low: float | None, high: float | None, unit: str) -> str:
    if low and high is not None:
        return f"{format_number(low)}-{format_number(high, unit)}"
    if low:
        return f">= {format_number(low, unit)}"
    if high is not None:
        return f"<= {format_number(high, unit)}"
    return "-"


def _status_lines(plan: Plan) -> str:
    lines = []
    if plan.status == "shortfall":
        lines.append("Status: shortfall — some targets cannot be met with the allowed foods:")
        lines.extend(f"  - {shortfall.describe()}" for shortfall in plan.shortfalls)
    else:
        state = "proven optimal" if plan.status == "optimal" else "feasible"
        gap = f", gap {plan.gap:.2%}" if plan.gap is not None else ""
        lines.append(f"Status: {state}{gap}; every target met every day "
                     f"({plan.solver}, {plan.seconds:.1f} s)")
    cost = plan.total_cost
    if cost is not None:
        lines.append(f"Food eaten over the plan costs about {format_money(cost)}"
                     f" ({format_money(plan.cost_per_person_day)} a day per person).")
    if plan.recipes:
        minutes = sum(plan.cooking_minutes(day) for day in plan.days)
        leftovers = plan.leftover_meals
        lines.append(f"At the stove: {minutes:.0f} minutes over the plan"
                     + (f"; {leftovers} meal{'s' if leftovers != 1 else ''} from leftovers"
                        if leftovers else "") + ".")
    shopping = plan.shopping_list()
    till = None if any(item.cost is None for item in shopping) else _total(shopping)
    if till is not None:
        bought = sum(1 for item in shopping if item.packages)
        wasted = wasted_cost(shopping)
        lines.append(f"At the till: {format_money(till)} for {bought} products in whole "
                     f"packages" + (f"; budget {format_money(plan.budget)}"
                                    if plan.budget is not None else "")
                     + (f"; {format_money(wasted)} of what spoils is left over at the end"
                        if wasted else "") + ".")
    lines.extend(f"Warning: {warning}" for warning in plan.warnings)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Shopping list


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
        return _rows_to_csv(
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
        rows = _markdown_safe(rows)
        rows = [[r[0], "[ ] " + r[1], *r[2:]] for r in rows]
    total = [""] * len(headers)
    total[1], total[headers.index("Cost")] = "Total", format_money(_total(items))
    rows.append(total)
    if budget is not None:
        line = [""] * len(headers)
        line[1], line[headers.index("Cost")] = "Budget", format_money(budget)
        rows.append(line)
    table = tabulate(rows, headers=headers, tablefmt=_tablefmt(fmt), disable_numparse=True,
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
    rest spoils; "" if none bought."""
    if not item.packages:
        return ""
    text = (f"{item.packages_used:.1f}".rstrip("0").rstrip(".") if item.packages_used >= 0.05
            else "<0.1") + f" of {item.packages} ({item.used_percent:.0f} %)"
    if item.spoils and item.used_percent is not None and item.used_percent < 99.5:
        text += f", rest spoils in {item.keeps_days} d" if item.keeps_days else ", rest spoils"
    return text


def _total(items: list[ShoppingItem]) -> float | None:
    if any(item.cost is None for item in items):
        return None
    return sum(item.cost for item in items)  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Food catalogue


def render_foods(foods: Sequence[Food], targets: dict[str, Nutrient], fmt: str = "table") -> str:
    """The catalogue, per serving: the nutrients with a minimum (or tracked without one) and
    every extra column the table brought along (notes, a brand, protein_g ...)."""
    keys = [key for key, nutrient in targets.items() if not nutrient.hard and (
        nutrient.min or (nutrient.min is None and nutrient.max is None))]
    extra = list(dict.fromkeys(column for f in foods for column in f.extra))
    energy = ["kcal"] if "kcal" in targets else []  # else it may be an extra column
    if fmt == "json":
        return json.dumps([{
            "food": f.name, "category": f.category, "serving": f.serving, "grams": f.grams,
            "price": f.price, "nutrients": dict(f.nutrients), "sources": sorted(f.sources),
            "meals": sorted(f.meals), "tags": sorted(f.tags), "usda_name": f.usda_name,
            "extra": dict(f.extra),
        } for f in foods], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _rows_to_csv(
            ["food", "category", "serving", "price", *energy, *keys, *extra],
            ([f.name, f.category, f.serving, f.price, *[f.amount(k) for k in energy],
              *[f.amount(k) for k in keys], *[f.extra.get(c, "") for c in extra]]
             for f in foods),
        )
    headers = ["Food", "Serving", "Price", *energy,
               *[f"{targets[k].label} ({targets[k].unit})" for k in keys], *extra]
    rows = [[f.name, f.serving, format_money(f.price), *[format_number(f.amount(k)) for k in energy],
             *[format_number(f.amount(k)) for k in keys], *[f.extra.get(c, "") for c in extra]]
            for f in foods]
    if fmt == "markdown":
        rows = _markdown_safe(rows)
    return tabulate(rows, headers=headers, tablefmt=_tablefmt(fmt), disable_numparse=True) + "\n"


# --------------------------------------------------------------------------------------------
# Recipes


def render_recipes(recipes: Sequence["Recipe"], targets: dict[str, Nutrient],
                   fmt: str = "table") -> str:
    """Recipes with their nutrients per portion (computed from the food table)."""
    keys = [key for key in targets if key in recipes[0].nutrients] if recipes else []
    if fmt == "json":
        return json.dumps([{
            "name": r.name, "meals": list(r.meals), "minutes": r.minutes,
            "tags": sorted(r.tags), "protein": r.protein, "method": r.method,
            "ingredients": [{"food": i.food, "grams": i.grams} for i in r.ingredients],
            "nutrients": {key: round(r.amount(key), 4) for key in keys},
            "price": None if r.price is None else round(r.price, 2),
        } for r in recipes], indent=2, ensure_ascii=False) + "\n"
    header = ["Recipe", "Meals", "Min", *[targets[k].label for k in keys]]
    rows = [[r.name, ", ".join(r.meals), r.minutes,
             *[format_number(r.amount(k), targets[k].unit) for k in keys]] for r in recipes]
    if fmt == "csv":
        return _rows_to_csv(["name", "meals", "minutes", "protein", "tags", "ingredients",
                             *keys],
                            ([r.name, ";".join(r.meals), r.minutes, r.protein or "",
                              ";".join(sorted(r.tags)),
                              ";".join(f"{i.food}={i.grams:g}" for i in r.ingredients),
                              *[round(r.amount(k), 4) for k in keys]] for r in recipes))
    if fmt == "markdown":
        rows = _markdown_safe(rows)
    return tabulate(rows, headers=header, tablefmt=_tablefmt(fmt), disable_numparse=True) + "\n"
