"""Field values as recipe formats give them: names, text, lists, numbers, durations."""

from __future__ import annotations

import html as html_lib
import math
import re
from fractions import Fraction
from typing import Any

from ..errors import DataError
from .limits import MAX_NAME


def _name(value: Any, label: str) -> str:
    name = _clean(value) if isinstance(value, str) else ""
    if not name:
        raise DataError("a recipe has no name", file=label)
    return name[:MAX_NAME].strip()


def _clean(text: Any) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def _texts(value: Any) -> list[str]:
    """Strings from a schema.org value that may be a string, a list, or objects with a name."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, dict):
        return _texts(value.get("name") or value.get("text"))
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [str(value)]


def _instructions(value: Any) -> str:
    steps: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            steps.append(_clean(node))
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if "itemListElement" in node:
                walk(node["itemListElement"])
            else:
                walk(node.get("text") or node.get("instruction") or node.get("name") or "")

    walk(value)
    return " ".join(step for step in steps if step)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) and value >= 0 else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) and number >= 0 else None
    return None


def _format_quantity(quantity: float | None) -> str:
    if not quantity:
        return ""
    fraction = Fraction(quantity).limit_denominator(8)
    if abs(float(fraction) - quantity) < 0.01 and fraction.denominator > 1:
        whole, rest = divmod(fraction.numerator, fraction.denominator)
        return f"{whole} {rest}/{fraction.denominator}" if whole else \
            f"{rest}/{fraction.denominator}"
    return f"{quantity:g}"


def _minutes(value: Any) -> int | None:
    """Minutes from an ISO 8601 duration (PT1H30M), a number, or text such as '1 hour 20 min'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if 0 < value < 100000 else None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().upper()
    iso = re.fullmatch(r"P(?:(\d+(?:\.\d+)?)D)?T?(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
                       r"(?:(\d+(?:\.\d+)?)S)?", text)
    if iso and any(iso.groups()):
        days, hours, minutes, seconds = (float(g) if g else 0.0 for g in iso.groups())
        total = days * 1440 + hours * 60 + minutes + seconds / 60
        return int(round(total)) or None
    hours = re.search(r"(\d+(?:\.\d+)?)\s*(H|HR|HRS|HOUR|HOURS)\b", text)
    mins = re.search(r"(\d+)\s*(M|MIN|MINS|MINUTE|MINUTES)\b", text)
    if hours or mins:
        total = (float(hours.group(1)) * 60 if hours else 0) + (int(mins.group(1)) if mins else 0)
        return int(round(total)) or None
    if text.isdigit():
        return int(text) or None
    return None


def _sum_minutes(*values: Any) -> int | None:
    total = sum(_minutes(value) or 0 for value in values)
    return total or None


def _stated_number(value: Any) -> float | None:
    """A number as the source states it, negative or absurd included (the yield check judges
    it); None for no number and for 0, which Mealie and Tandoor write for "not given"."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return None if number == 0 or math.isnan(number) else number
