"""What every rendering shares: the notes a plan ends with, numbers, money and servings as
shown, bars, table formats, and text made safe for Markdown and spreadsheets."""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable, Sequence

from ..plan import Plan, format_amount

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


def table_format(fmt: str) -> str:
    return "github" if fmt == "markdown" else "simple"


def rows_to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
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


def markdown_safe(rows: list[list[Any]]) -> list[list[Any]]:
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
