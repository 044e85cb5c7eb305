"""A plan as text, Markdown, CSV, JSON, HTML or iCalendar: a registry of renderers by
format, and the text plan's parts (menu, dishes, recipes with what goes in the pot,
coverage, status)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from tabulate import tabulate

from ..dates import day_label
from ..plan import MenuItem, Person, Plan
from .common import (DISCLAIMER, bar, data_note, format_money, format_number, format_servings,
                     markdown_escape, markdown_safe, rows_to_csv, table_format)
from .shopping import render_shopping_list, stove_text, till_text

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
    return rows_to_csv(
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
    from ..report import render_html

    return render_html(plan, foods)


@plan_renderer("ics")
def _plan_ics(plan: Plan, fmt: str, today: Any = None, **context: Any) -> str:
    from ..ics import render_ics

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
    # Rounded to hundredths, not to a step: the float noise of grams / serving goes, a
    # quarter portion stays.
    return {name: round(servings * grams_per_serving / per_portion, 2)
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
        rows = markdown_safe(rows)
    return tabulate(rows, headers=["Day", "Meal", "Dish", "Portions", "", "kcal"],
                    tablefmt=table_format(fmt), disable_numparse=True,
                    colalign=("left", "left", "left", "left", "left", "right"))


@dataclass(frozen=True)
class Cooking:
    """Times a dish is cooked with the same amounts: when, for how many portions (the whole
    table's, more when some are for a later meal), and each ingredient's grams in all."""

    when: list[str]             # "Day 2 lunch", a label per time it is cooked so
    portions: float             # cooked in all
    later: float                # of which eaten at a later meal (leftovers)
    shares: dict[str, float]    # household: person -> portions at the meal it is cooked for
    grams: dict[str, float]     # ingredient -> grams, for all the portions cooked
    later_meals: tuple[str, ...] = ()  # "Day 3 dinner": where the leftovers are eaten


def recipe_cookings(plan: Plan, recipe: str) -> list[Cooking]:
    """Each time ``recipe`` is cooked, with what goes into the pot: the plan's own grams (every
    eater's portion at that meal, and what is cooked for later), grouped when they are equal."""
    groups: dict[tuple, Cooking] = {}
    for day in plan.days:
        for meal, name, items in dishes_of(plan, day):
            if name != recipe or items[0].leftover_from is not None:
                continue
            first = items[0]
            factor = first.bought_factor
            grams = {item.food: item.grams * factor for item in items}
            served = first.portion if first.portion is not None else 1.0
            cooked = served * factor
            shares = dish_portions(plan, recipe, items) if plan.household else {}
            later = tuple(f"{day_label(plan.start, other.day)} {item.meal}"
                          for other in plan.days for item in other.items
                          if item.recipe == recipe and item.leftover_from == day.day
                          and item.food == first.food)
            # A cooking with leftovers is its own: "1 for Day 3 dinner" names one meal.
            key = (round(cooked, 6), tuple(sorted(shares.items())),
                   tuple(sorted((food, round(g, 6)) for food, g in grams.items())),
                   later and day.day)
            label = f"{day_label(plan.start, day.day)} {meal}"
            if key in groups:
                groups[key].when.append(label)
            else:
                groups[key] = Cooking([label], cooked, cooked - served, shares, grams, later)
    return list(groups.values())


def cooking_grams(grams: float) -> str:
    """What a cook weighs: whole grams from 10 g, a tenth of a gram below."""
    return f"{grams:,.0f} g" if grams >= 10 else f"{round(grams, 1):g} g"


def cooking_heading(plan: Plan, cooking: Cooking) -> str:
    """"Day 2 lunch, 3 portions (Ana 1, Ben 1; 1 for Day 3 dinner)"."""
    parts = [", ".join(f"{name} {format_servings(round(v, 2))}"
                       for name, v in cooking.shares.items() if v)] if cooking.shares else []
    if cooking.later > 1e-9:
        parts.append(f"{format_servings(round(cooking.later, 2))} for "
                     + (" and ".join(cooking.later_meals) or "later"))
    detail = f" ({'; '.join(parts)})" if parts else ""
    each = " each" if len(cooking.when) > 1 else ""
    return (f"{' and '.join(cooking.when)}, {_portions_word(round(cooking.portions, 2))}{each}"
            f"{detail}")


def _recipes_section(plan: Plan, fmt: str) -> str:
    """Each recipe served, once: time, what goes in the pot each time it is cooked (for the
    whole table and the portions kept for later), method."""
    markdown = fmt == "markdown"
    text = _markdown_text if markdown else (lambda value: value)
    lines = ["## Recipes" if markdown else "Recipes", ""]
    for name, info in plan.recipes.items():
        lines.append(f"### {text(name)}" if markdown else f"{name}")
        cookings = [(cooking_heading(plan, cooking), cooking.grams)
                    for cooking in recipe_cookings(plan, name)]
        # A plan file may name a recipe it never cooks: its card says one portion.
        for n, (heading, grams) in enumerate(cookings or [("per portion", info.ingredients)]):
            lead = ("- " if markdown else "") + (f"{info.minutes} min; " if n == 0 else "")
            lines.append(f"{lead}{text(heading)}: " + ", ".join(
                f"{text(food)} {cooking_grams(amount)}" for food, amount in grams.items()))
        if info.method:
            lines += ["", text(info.method)] if markdown else [info.method]
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def _markdown_text(text: str) -> str:
    return markdown_safe([[text]])[0][0]


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
        rows = markdown_safe(rows)
    headers = ["Day", "Meal", "Food", "Servings", *(["Portions"] if shared else []), "Serving",
               "Grams"]
    align = ("left", "left", "left", "right", *(["left"] if shared else []), "left", "right")
    return tabulate(rows, headers=headers, tablefmt=table_format(fmt), colalign=align,
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
        rows = [r[:-1] for r in markdown_safe(rows)]
        headers = headers[:-1]
    return tabulate(rows, headers=headers, tablefmt=table_format(fmt), disable_numparse=True,
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
    lines += [line for line in (stove_text(plan), till_text(plan)) if line]
    lines.extend(f"Warning: {warning}" for warning in plan.warnings)
    return "\n".join(lines)
