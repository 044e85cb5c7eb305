"""A plan as one self-contained HTML page: menu grid, coverage charts, shopping checklist.

The page has no external resources at all (inline CSS and inline SVG, no fonts, scripts or
images) and a Content-Security-Policy that forbids loading any, so it opens offline, can be
mailed or printed, and a food name from a user's CSV can never run as script: everything the
template prints is escaped by Jinja2's autoescaping.  Never prints.

This module only prepares numbers and words; the layout lives in
``mealplan/templates/report.html.j2``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .dates import day_label
from .plan import Person, Plan
from .render import (DISCLAIMER, cooking_grams, cooking_heading, data_note, describe_person,
                     dish_portions, dishes_of, exclusion_text, format_money, format_number,
                     format_servings, portions_text, recipe_cookings, stove_text, till_text)

if TYPE_CHECKING:  # pragma: no cover
    from .data import Food, Nutrient

TEMPLATE = "report.html.j2"
MEAL_ORDER = ("breakfast", "lunch", "dinner", "snack")
CAFFEINE = "caffeine_mg"
ENERGY = "kcal"
MEAL_LABELS = {"day": "Whole day"}  # continuous plans have a single meal, "day"
SOLVER_NAMES = {"highs": "HiGHS", "cbc": "CBC"}

# Chart geometry (SVG user units; the SVG scales to its container's width).
CHART_WIDTH = 320
CHART_HEIGHT = 150
CHART_TOP = 14      # room for value labels above the bars
CHART_BOTTOM = 22   # room for day labels below
CHART_LEFT = 30     # room for the % axis labels
CHART_RIGHT = 6


# --------------------------------------------------------------------------------------------
# View model: plain values the template lays out.


@dataclass
class Bar:
    day: int
    label: str          # "D3"
    x: float
    width: float
    y: float
    height: float
    credit_y: float     # the credit's part of the bar (drawn lighter), at the bottom
    credit_height: float
    percent: float
    text: str           # "441 mg (105 %)"
    kind: str           # ok | short | over | lowest | highest
    show_value: bool
    clipped: bool


@dataclass
class Chart:
    key: str
    label: str
    unit: str
    target_text: str
    summary: str
    bars: list[Bar]
    title: str
    description: str
    lines: list[dict[str, Any]]     # horizontal reference lines: {"y", "label", "kind"}
    band: dict[str, float] | None   # shaded energy band {"y", "height"}
    top_source: dict[str, str] | None = None
    note: str | None = None
    person: str | None = None       # whose targets, in a household plan
    section: str = ""               # targets.yaml's `section`: "" for the headline nutrients
    number: int = 0                 # its place on the page, for unique ids (chart-1 ...)
    status: str = "ok"              # ok | short | over
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = CHART_LEFT
    right: int = CHART_WIDTH - CHART_RIGHT
    base: float = CHART_HEIGHT - CHART_BOTTOM
    ticks: list[dict[str, Any]] = field(default_factory=list)


def render_html(plan: Plan, foods: Mapping[str, "Food"] | None = None) -> str:
    """The plan as a self-contained HTML page.

    ``foods`` (a catalogue's ``by_name()``) adds, for each nutrient, the food that gives the
    most of it over the week; a plan alone does not carry per-food nutrient values.
    """
    import jinja2  # imported here so that ``import mealplan`` stays light

    source = (resources.files("mealplan") / "templates" / TEMPLATE).read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True)
    template = environment.from_string(source)
    return template.render(**_context(plan, foods))


def _context(plan: Plan, foods: Mapping[str, "Food"] | None) -> dict[str, Any]:
    days = len(plan.days)
    anchors = recipe_anchors(plan.recipes)
    return {
        "title": f"Meal plan: {days} day{'s' * (days != 1)}",
        "settings": _settings(plan),
        "status": _status(plan),
        "meals": [{"key": meal, "label": MEAL_LABELS.get(meal, meal.capitalize())}
                  for meal in _meal_columns(plan)],
        "grid": _grid(plan, anchors),
        "recipes": [{"name": name, "anchor": anchors[name], "minutes": info.minutes,
                     "meals": ", ".join(info.meals), "method": info.method,
                     "cookings": _cookings(plan, name)}
                    for name, info in plan.recipes.items()],
        "chart_sections": _chart_sections(_charts(plan, foods)),
        "aisles": _aisles(plan),
        "shopping_total": _shopping_total(plan),
        "item_count": len(plan.shopping_list()),
        "people": plan.people,
        "staples": list(plan.staples),
        "data_note": data_note(plan),
        "disclaimer": DISCLAIMER,
    }


# ---- header


def _profile_text(profile: str | None) -> str:
    """``women_31_50`` -> ``Women 31–50``; anything unexpected is shown as it is."""
    if not profile:
        return "-"
    match = re.fullmatch(r"([a-z]+)_(\d+)_(\d+|plus)", profile)
    if not match:
        return profile.replace("_", " ").capitalize()
    group, low, high = match.groups()
    return f"{group.capitalize()} {low}+" if high == "plus" else f"{group.capitalize()} {low}–{high}"


def _settings(plan: Plan) -> list[dict[str, str]]:
    settings = plan.settings
    rows = [{"name": "Profile", "value": _profile_text(settings.get("profile"))}]
    diet = settings.get("diet")
    rows.append({"name": "Diet", "value": str(diet).capitalize() if diet else "No restriction"})
    rows.append({"name": "Excluded", "value": exclusion_text(settings) or "Nothing"})
    cap = settings.get("caffeine_cap_mg")
    cap_text = f"{format_number(cap, 'mg')}/day" if cap is not None else "None"
    if plan.household:
        # Each person has their own cap (a child's is lower than an adult's).
        caps = [(person.name, person.targets.get("caffeine_mg")) for person in plan.household]
        cap_text = "; ".join(
            f"{name} {format_number(n.max, 'mg')}/day" if n is not None and n.max is not None
            else f"{name} none" for name, n in caps)
    rows.append({"name": "Caffeine cap", "value": cap_text})
    objective = str(settings.get("objective") or "coverage")
    objective_text = {"coverage": "Coverage first, then cost (variety by the weekly rules)",
                      "cost": "Lowest cost", "variety": "Most variety"}.get(objective, objective)
    if settings.get("continuous"):
        objective_text += " (continuous: fractional servings, no meals)"
    rows.append({"name": "Objective", "value": objective_text})
    credits = []
    for key, amount in plan.credits.items():
        nutrient = plan.targets.get(key)
        label, unit = (nutrient.label, nutrient.unit) if nutrient else (key, "")
        credits.append(f"{label} {_limit(amount, unit)}/day from sunlight or supplements")
    rows.append({"name": "Credits", "value": "; ".join(credits) if credits else "None"})
    if plan.household:
        rows[0] = {"name": "Household", "value": "; ".join(
            describe_person(person) for person in plan.household)}
    else:
        rows.append({"name": "People", "value": str(plan.people)})
    return rows


def _status(plan: Plan) -> dict[str, Any]:
    gap = f"{plan.gap:.2%}" if plan.gap is not None else None
    if plan.status == "optimal":
        headline, tone = "Proven optimal", "ok"
        detail = "Every target is met on every day."
    elif plan.status == "feasible":
        headline, tone = "Feasible" + (f", gap {gap}" if gap else ""), "warn"
        detail = ("Every target is met on every day; the search stopped before proving this is "
                  "the best plan.")
    else:
        headline, tone = "Shortfall", "bad"
        detail = "Some targets cannot be met with the allowed foods:"
    cost = plan.total_cost
    if cost is not None and plan.days:
        cost_text = (f"Food eaten over the plan costs about {format_money(cost)} "
                     f"({format_money(plan.cost_per_person_day)} a day per person).")
    else:
        cost_text = None
    solver = SOLVER_NAMES.get(plan.solver, plan.solver)
    parts = [part for part in (solver, f"{plan.seconds:.1f} s" if plan.seconds else "",
                               f"gap {gap}" if gap and plan.status == "optimal" else "") if part]
    return {
        "key": plan.status, "headline": headline, "tone": tone, "detail": detail,
        "shortfalls": [shortfall.describe() for shortfall in plan.shortfalls],
        "warnings": list(plan.warnings), "cost": cost_text,
        "week": [line for line in (stove_text(plan), till_text(plan)) if line],
        "solver": f"Solved with {', '.join(parts)}." if parts else "",
    }


# ---- menu


def recipe_anchors(names: Iterable[str]) -> dict[str, str]:
    """An id for each dish's card, unique on the page: names that read the same once their
    punctuation is gone ("Dal, spicy" and "Dal (spicy)") get -2, -3 ...  Every id starts with
    "recipe-", which no other id of the page does."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        if name in anchors:
            continue
        base = "recipe-" + (re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "dish")
        anchor, number = base, 2
        while anchor in taken:
            anchor, number = f"{base}-{number}", number + 1
        taken.add(anchor)
        anchors[name] = anchor
    return anchors


def _meal_columns(plan: Plan) -> list[str]:
    seen = {item.meal for day in plan.days for item in day.items}
    known = [meal for meal in MEAL_ORDER if meal in seen]
    return known + sorted(seen - set(MEAL_ORDER))


def _grid(plan: Plan, anchors: Mapping[str, str]) -> list[dict[str, Any]]:
    meals = _meal_columns(plan)
    energy = plan.targets.get(ENERGY)
    rows = []
    for day in plan.days:
        cells: dict[str, list[dict[str, str]]] = {meal: [] for meal in meals}
        cost: float | None = 0.0
        for item in day.items:
            info = plan.foods[item.food]
            if cost is not None:
                cost = None if info.price is None else cost + info.price * item.servings
            if item.recipe is not None:
                continue  # shown once per dish below
            cells[item.meal].append({
                "food": item.food, "anchor": "",
                "servings": format_servings(round(item.servings, 2)),
                "portions": portions_text(plan, item) if plan.household else "",
                "measure": info.serving,
                "grams": f"{item.grams:.0f} g",
            })
        for meal, recipe, items in dishes_of(plan, day):
            if recipe is None:
                continue
            shares = dish_portions(plan, recipe, items)
            amount = (", ".join(f"{name} {format_servings(v)}" for name, v in shares.items() if v)
                      if plan.household else
                      f"{format_servings(shares[''])} portion{'' if shares[''] == 1 else 's'}")
            first = items[0]
            if first.leftover_from is not None:
                detail = (f"{amount} · leftover from {day_label(plan.start, first.leftover_from)}"
                          " · reheat")
            else:
                if first.cooked and first.portion and first.cooked > first.portion + 1e-9:
                    amount += f" (cook {format_servings(first.cooked)})"
                detail = f"{amount} · {plan.recipes[recipe].minutes} min"
            cells[meal].insert(0, {
                "food": recipe, "anchor": anchors.get(recipe, ""), "detail": detail,
                "portions": "", "leftover": first.leftover_from is not None,
            })
        facts = []
        if energy is not None and not plan.household:  # a household's energy is per person
            facts.append(format_number(day.totals.get(ENERGY, 0.0), energy.unit))
        if cost is not None:
            facts.append(format_money(cost))
        if plan.recipes:
            facts.append(f"{plan.cooking_minutes(day):.0f} min at the stove")
        rows.append({"day": day.day, "name": day_label(plan.start, day.day),
                     "facts": " · ".join(facts),
                     "cells": [{"meal": meal, "dishes": cells[meal],
                                "label": MEAL_LABELS.get(meal, meal.capitalize())}
                               for meal in meals]})
    return rows


def _cookings(plan: Plan, recipe: str) -> list[dict[str, Any]]:
    """A recipe card's amounts: what goes in the pot each time it is cooked, for everyone."""
    found = [{"heading": cooking_heading(plan, cooking),
              "ingredients": [f"{food} {cooking_grams(grams)}"
                              for food, grams in cooking.grams.items()]}
             for cooking in recipe_cookings(plan, recipe)]
    # A plan file may name a recipe it never cooks: its card says one portion.
    return found or [{"heading": "Per portion", "ingredients": [
        f"{food} {cooking_grams(grams)}"
        for food, grams in plan.recipes[recipe].ingredients.items()]}]


# ---- coverage charts


def _charted(targets: Mapping[str, Nutrient]) -> list[str]:
    """Nutrients with a minimum (energy among them), then caps-only ones such as caffeine."""
    with_min = [key for key, n in targets.items() if n.min]
    caps = [key for key, n in targets.items() if not n.min and n.max is not None]
    return with_min + caps


def _scale_top(values: list[float]) -> float:
    """The chart's top in % of target: room above 100 %, rounded, but never absurdly tall."""
    highest = max(values, default=0.0)
    top = max(125.0, math.ceil(highest * 1.08 / 25) * 25)
    return min(top, 250.0)


def _charts(plan: Plan, foods: Mapping[str, "Food"] | None) -> list[Chart]:
    """One chart per nutrient; in a household plan, one set per person."""
    charts = []
    for person in plan.household or [None]:
        charts += _person_charts(plan, foods, person)
    for number, chart in enumerate(charts, start=1):
        chart.number = number
    return charts


def _chart_sections(charts: list[Chart]) -> list[dict[str, Any]]:
    """The headline nutrients' charts first, then one group per other `section` of
    targets.yaml ("More nutrients"), as the text output's coverage tables are split."""
    titles = sorted(dict.fromkeys(chart.section for chart in charts), key=bool)
    return [{"title": title or "Nutrients, day by day", "headline": not title,
             "anchor": "nutrients-" + (re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
                                       or "more") if title else "nutrients",
             "link": title or "Nutrients",
             "charts": [chart for chart in charts if chart.section == title]}
            for title in titles]


def _person_charts(plan: Plan, foods: Mapping[str, "Food"] | None,
                   person: Person | None) -> list[Chart]:
    targets = plan.targets if person is None else person.targets
    credits = plan.credits if person is None else person.credits
    totals = [day.totals if person is None else day.person_totals.get(person.name, {})
              for day in plan.days]
    charts = []
    for key in _charted(targets):
        nutrient = targets[key]
        credit = credits.get(key, 0.0)
        values = [day_totals.get(key, 0.0) + credit for day_totals in totals]
        if not values:
            continue
        cap_only = not nutrient.min
        reference = float(nutrient.max if cap_only else nutrient.min)  # type: ignore[arg-type]
        percents = [100 * v / reference if reference else 0.0 for v in values]
        top = _scale_top(percents)
        if key == ENERGY and nutrient.max is not None and reference:
            # show the whole energy band
            top = max(top, min(250.0, math.ceil(100 * nutrient.max / reference * 1.08 / 25) * 25))
        inner_top, base = CHART_TOP, CHART_HEIGHT - CHART_BOTTOM
        span = base - inner_top

        def y_of(percent: float) -> float:
            return base - span * min(percent, top) / top

        count = len(values)
        slot = (CHART_WIDTH - CHART_RIGHT - CHART_LEFT) / count
        width = max(2.0, slot * 0.64)
        # the lowest day for a minimum, the highest for a cap
        pick = (max if cap_only else min)(range(count), key=percents.__getitem__)
        unit = nutrient.unit
        bars = []
        for n, (day, value, percent) in enumerate(zip(plan.days, values, percents)):
            if cap_only:
                kind = "over" if percent > 100 + 1e-6 else ("highest" if n == pick else "ok")
            else:
                below = percent < 100 - 1e-6
                above_max = nutrient.max is not None and value > nutrient.max + 1e-9
                kind = ("short" if below else "over" if above_max
                        else "lowest" if n == pick else "ok")
            credit_percent = 100 * credit / reference if reference else 0.0
            y = y_of(percent)
            credit_y = y_of(min(credit_percent, percent))
            bars.append(Bar(
                day=day.day, label=f"D{day.day}" if count > 7 else f"Day {day.day}",
                x=round(CHART_LEFT + n * slot + (slot - width) / 2, 2), width=round(width, 2),
                y=round(y, 2), height=round(base - y, 2),
                credit_y=round(credit_y, 2), credit_height=round(base - credit_y, 2),
                percent=percent, text=f"Day {day.day}: {format_number(value, unit)} "
                                      f"({percent:.0f} % of {'cap' if cap_only else 'target'})",
                kind=kind, show_value=count <= 10, clipped=percent > top,
            ))
        if count > 10:  # label every few days only
            step = math.ceil(count / 10)
            for n, bar in enumerate(bars):
                if n % step:
                    bar.label = ""
        lines = [{"y": round(y_of(100), 2), "label": "cap" if cap_only else "100 %",
                  "kind": "cap" if cap_only else "target"}]
        band = None
        if not cap_only and nutrient.max is not None:
            max_percent = 100 * nutrient.max / reference
            if max_percent <= top:
                if key == ENERGY:
                    band = {"y": round(y_of(max_percent), 2),
                            "height": round(y_of(100) - y_of(max_percent), 2)}
                lines.append({"y": round(y_of(max_percent), 2),
                              "label": "max" if key == ENERGY else "UL", "kind": "max"})
        ticks = [{"y": round(y_of(p), 2), "label": f"{p:.0f}%"}
                 for p in (0, 50, 100, 150, 200, 250) if p <= top and p != 100]
        target_text = _target_text(nutrient.min, nutrient.max, unit, cap_only)
        lowest = values[pick]
        if cap_only:
            summary = (f"Highest day {plan.days[pick].day}: {format_number(lowest, unit)} "
                       f"({percents[pick]:.0f} % of the cap)")
        else:
            summary = (f"Lowest day {plan.days[pick].day}: {format_number(lowest, unit)} "
                       f"({percents[pick]:.0f} % of the target)")
        average = sum(values) / count
        summary = f"Average {format_number(average, unit)}/day · {summary}"
        note = (f"Includes {_limit(credit, unit)}/day from sunlight or supplements (lighter part "
                f"of each bar)." if credit else None)
        status = ("short" if any(b.kind == "short" for b in bars)
                  else "over" if any(b.kind == "over" for b in bars) else "ok")
        title = (f"{person.name}: " if person else "") + (
            f"{nutrient.label} per day, % of {'cap' if cap_only else 'target'}")
        description = "; ".join(bar.text for bar in bars)
        charts.append(Chart(
            key=key, label=f"{person.name} · {nutrient.label}" if person else nutrient.label,
            unit=unit, target_text=target_text, summary=summary,
            bars=bars, title=title, description=description, lines=lines, band=band,
            top_source=_top_source(plan, foods, key, person) if foods is not None else None,
            note=note, status=status, ticks=ticks, person=person.name if person else None,
            section=nutrient.section,
        ))
    return charts


def _limit(value: float | None, unit: str = "") -> str:
    """A target as written in targets.yaml: 15, not 15.0."""
    if value is not None and value == int(value):
        return f"{int(value):,} {unit}".strip()
    return format_number(value, unit)


def _target_text(low: float | None, high: float | None, unit: str, cap_only: bool) -> str:
    if cap_only:
        return f"cap {_limit(high, unit)}/day"
    if high is not None:
        return f"target {_limit(low)}–{_limit(high, unit)}/day"
    return f"target ≥ {_limit(low, unit)}/day"


def _top_source(plan: Plan, foods: Mapping[str, "Food"], key: str,
                person: Person | None = None) -> dict[str, str] | None:
    """The food that gives the most of ``key`` over the plan (to ``person``, in a household),
    and its share of the menu's."""
    contributions: dict[str, float] = {}
    for day in plan.days:
        for item in day.items:
            food = foods.get(item.food)
            if food is None:
                continue
            servings = item.servings if person is None else item.portions.get(person.name, 0)
            contributions[item.food] = (contributions.get(item.food, 0.0)
                                        + servings * food.amount(key))
    total = sum(contributions.values())
    if total <= 0:
        return None
    name = max(sorted(contributions), key=contributions.__getitem__)
    return {"food": name,
            "share": f"{100 * contributions[name] / total:.0f} % of the menu's {_lower(plan, key)}"}


def _lower(plan: Plan, key: str) -> str:
    label = plan.targets[key].label
    # "Vitamin B12" keeps its capital; plain words read better in lower case mid-sentence
    return label if any(ch.isdigit() for ch in label) or " " in label else label.lower()


# ---- shopping


def _aisles(plan: Plan) -> list[dict[str, Any]]:
    from .render import shopping_amount, shopping_buy, shopping_use

    aisles: list[dict[str, Any]] = []
    for n, item in enumerate(plan.shopping_list()):
        if not aisles or aisles[-1]["name"] != item.category:
            aisles.append({"name": item.category, "items": []})
        needed = f"{shopping_amount(item.needed, item.unit)} needed"
        if item.from_pantry:
            needed += f", {shopping_amount(item.from_pantry, item.unit)} at home"
        use = shopping_use(item)
        aisles[-1]["items"].append({
            "id": f"buy-{n + 1}",
            "food": item.food,
            "buy": shopping_buy(item),
            "needed": needed,
            # phrases a line may not break inside, or "(50" and "%)" part on a phone
            "uses": [f"the week uses {part}" if n == 0 else part
                     for n, part in enumerate(use.split(", "))] if use else [],
            # the menu's foods this line is bought for, when the name does not say it
            "for": "" if list(item.foods) == [item.food] else "for " + "; ".join(item.foods),
            "cost": format_money(item.cost),
        })
    return aisles


def _shopping_total(plan: Plan) -> str:
    items = plan.shopping_list()
    if any(item.cost is None for item in items):
        return "unknown (some prices are missing)"
    total = format_money(sum(item.cost for item in items))  # type: ignore[misc]
    return total if plan.budget is None else f"{total} (budget {format_money(plan.budget)})"
