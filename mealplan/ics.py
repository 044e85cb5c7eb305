"""A plan's meals as an iCalendar file (RFC 5545) that a phone's or a desktop calendar imports.

Each meal is one timed event at the meal's usual hour, in floating local time (the same clock
time wherever the calendar is), its summary the dish, its description the portions, the sides,
the ingredients per portion and the method.  Day 1 is the plan's start date, or the next Monday
(or the next of its start weekday) after today.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from . import __version__
from .dates import first_date
from .plan import Plan
from .render import dish_portions, dishes_of, format_servings

# Meal -> (start hour, minute, minutes long): ordinary hours, for a reminder rather than a rule.
MEAL_TIMES = {"breakfast": (7, 30, 30), "lunch": (12, 30, 45), "snack": (15, 30, 15),
              "dinner": (18, 30, 60)}
_OTHER_MEAL = (20, 0, 15)
LINE_OCTETS = 75
CRLF = "\r\n"


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """A content line folded to at most 75 octets a line (3.1): continuation lines start with
    a space, and a UTF-8 character is never split."""
    pieces = []
    current = b""
    limit = LINE_OCTETS
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            pieces.append(current.decode("utf-8"))
            current = b""
            limit = LINE_OCTETS - 1  # the leading space counts
        current += encoded
    pieces.append(current.decode("utf-8"))
    return (CRLF + " ").join(pieces)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def render_ics(plan: Plan, today: dt.date | None = None, now: dt.datetime | None = None) -> str:
    """The plan's meals as a VCALENDAR document, CRLF line ends."""
    now = now or dt.datetime.now(dt.timezone.utc)
    first = first_date(plan.start, today or now.date())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//mealplan//mealplan {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Meal plan"]
    for day in plan.days:
        date = first + dt.timedelta(days=day.day - 1)
        meals: dict[str, list[str]] = {}
        details: dict[str, list[str]] = {}
        for meal, recipe, items in dishes_of(plan, day):
            if recipe is not None:
                meals.setdefault(meal, []).append(recipe)
                details.setdefault(meal, []).append(_dish_text(plan, recipe, items))
            else:
                item = items[0]
                what = f"{format_servings(item.servings)} × {plan.foods[item.food].serving} " \
                       f"{item.food}"
                (meals if not plan.recipes else {}).setdefault(meal, []).append(item.food)
                details.setdefault(meal, []).append(("+ " if plan.recipes else "") + what)
        for meal in details:
            hour, minute, length = MEAL_TIMES.get(meal, _OTHER_MEAL)
            start = dt.datetime.combine(date, dt.time(hour, minute))
            summary = f"{meal.capitalize()}: " + ", ".join(
                meals.get(meal) or [line.lstrip("+ ") for line in details[meal]])
            uid = hashlib.sha256(f"{date.isoformat()}|{meal}|{summary}".encode()).hexdigest()
            lines += ["BEGIN:VEVENT", f"UID:{uid[:32]}@mealplan",
                      f"DTSTAMP:{_stamp(now)}", f"DTSTART:{_local(start)}",
                      f"DTEND:{_local(start + dt.timedelta(minutes=length))}",
                      f"SUMMARY:{escape_text(summary)}",
                      f"DESCRIPTION:{escape_text(chr(10).join(details[meal]))}",
                      "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def _dish_text(plan: Plan, recipe: str, items) -> str:  # noqa: ANN001 - MenuItems
    info = plan.recipes[recipe]
    shares = dish_portions(plan, recipe, items)
    portions = ", ".join(f"{name} {format_servings(value)}" for name, value in shares.items()
                         if value) if plan.household else \
        f"{format_servings(shares[''])} portion{'' if shares[''] == 1 else 's'}"
    ingredients = ", ".join(f"{food} {grams:g} g" for food, grams in info.ingredients.items())
    text = f"{recipe} ({portions}, {info.minutes} min)\nPer portion: {ingredients}"
    return text + (f"\n{info.method}" if info.method else "")
