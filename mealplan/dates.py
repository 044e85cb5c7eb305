"""Names for a plan's days: ``--start monday`` gives weekdays, ``--start 2026-12-07`` dates.

A plan stores its start as written here (a weekday in lower case or an ISO date) under the
optional ``start`` key; a plan without one has days "Day 1", "Day 2" ...
"""

from __future__ import annotations

import datetime as dt

from .errors import DataError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_start(text: str) -> str:
    """A start as a plan stores it: 'monday' (any case, or 'mon') or '2026-12-07'."""
    folded = text.strip().casefold()
    for name in WEEKDAYS:
        if folded == name or (len(folded) >= 3 and name.startswith(folded)):
            return name
    try:
        return dt.date.fromisoformat(folded).isoformat()
    except ValueError:
        pass
    raise DataError(f"start '{text}': expected a weekday (monday) or a date (2026-12-07)")


def _start_date(start: str) -> dt.date | None:
    return None if start in WEEKDAYS else dt.date.fromisoformat(start)


def day_label(start: str | None, day: int) -> str:
    """'Day 3', 'Wednesday' (a second week: 'Wednesday, week 2') or 'Wed 2026-12-09'."""
    if start is None:
        return f"Day {day}"
    date = _start_date(start)
    if date is not None:
        date += dt.timedelta(days=day - 1)
        return f"{WEEKDAYS[date.weekday()][:3].title()} {date.isoformat()}"
    offset = WEEKDAYS.index(start) + day - 1
    name = WEEKDAYS[offset % 7].title()
    week = (day - 1) // 7 + 1
    return name if week == 1 else f"{name}, week {week}"


def first_date(start: str | None, today: dt.date) -> dt.date:
    """The calendar date of day 1: the start's date, else the first such weekday after today
    (the next Monday when the plan has no start)."""
    date = _start_date(start) if start is not None else None
    if date is not None:
        return date
    weekday = WEEKDAYS.index(start or "monday")
    return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
