"""The staples list: foods most kitchens keep, never bought by a plan ("check you have")."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from .data import Catalogue, match_exclusion
from .files import _decode, _read_bytes
from .errors import DataError


def default_staples_path() -> Any:
    return resources.files("mealplan") / "data" / "staples.txt"


def load_staples(spec: str | Path | None, catalogue: Catalogue) -> frozenset[str]:
    """The foods of ``catalogue`` a staples file names (``None``: the shipped list;
    ``"none"``: no staples).  One food a line, read as --exclude reads a name; ``#`` starts a
    comment.  A line that names no food of the catalogue is an error, unless the file is the
    shipped one and the catalogue is the user's own (their table need not have our salt)."""
    if spec is not None and str(spec).casefold() == "none":
        return frozenset()
    shipped = spec is None
    source = default_staples_path() if shipped else spec
    label = "staples.txt" if shipped else str(spec)
    text = _decode(_read_bytes(source, label), label)
    names: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        entry = raw.partition("#")[0].strip()
        if not entry:
            continue
        exact = {food.name for food in catalogue.foods if food.name.casefold() == entry.casefold()}
        matched = exact or match_exclusion(catalogue, entry)
        if not matched:
            if shipped:
                continue
            raise DataError(f"'{entry}' is not a food of the catalogue; a staples file lists "
                            f"one food of foods.csv a line", file=label, line=number)
        names |= matched
    return frozenset(names)
