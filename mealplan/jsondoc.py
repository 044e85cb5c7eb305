"""Read a parsed JSON document strictly, one value at a time, with its JSON path.

A saved plan is input like any other: it may have been edited by hand, truncated or crafted.
:class:`Node` wraps one value with the file it came from and its path (``days[2].meals[0]``),
and its readers check the type and the range of that value, so every fault is one line naming
the file and the path, e.g. ``week.json, days[2].meals[0].servings: expected a number of
servings from 0 to 20, found "2"``.  :func:`check_tree` first walks the whole document for what
no field may hold: nesting deeper than :data:`MAX_DEPTH`, control characters in any text, and
numbers that are not finite.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Iterator

from .errors import DataError

MAX_DEPTH = 32
# C0 controls (tab and newline included: every text field is one line), DEL, C1 controls (ESC
# sequences have 8-bit forms), and lone surrogates, which cannot even be printed as UTF-8.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MISSING = object()


def escape_controls(text: str) -> str:
    """``text`` with every control character written as an escape (``\\u001b``)."""
    return CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def control_character(text: str) -> str | None:
    """A description of the first control character in ``text`` ("U+001B"), or None."""
    match = CONTROL.search(text)
    return None if match is None else f"U+{ord(match.group()):04X}"


def describe(value: Any, limit: int = 40) -> str:
    """A value as JSON would write it, short and safe to print."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    text = escape_controls(text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def child_path(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENTIFIER.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{describe(key, 60)}]"


def check_tree(document: Any, label: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse deep nesting, control characters and non-finite numbers anywhere in a document.

    Iterative, so a hostile depth cannot exhaust the stack here either.
    """
    stack: list[tuple[Any, str, int]] = [(document, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth >= max_depth:
                raise DataError(f"nested more than {max_depth} levels deep",
                                file=label, path=path or None)
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in pairs:
                if isinstance(key, str) and control_character(key):
                    raise DataError(f"a key contains a control character "
                                    f"({control_character(key)})", file=label,
                                    path=child_path(path, key))
                stack.append((item, child_path(path, key), depth + 1))
        elif isinstance(value, str) and control_character(value):
            raise DataError(f"text contains a control character ({control_character(value)})",
                            file=label, path=path or None)
        elif isinstance(value, float) and not math.isfinite(value):
            raise DataError(f"expected a finite number, found {describe(value)}", file=label,
                            path=path or None)


class Node:
    """One value of a JSON document, its file and its path, with checked readers."""

    __slots__ = ("value", "label", "path")

    def __init__(self, value: Any, label: str, path: str = ""):
        self.value = value
        self.label = label
        self.path = path

    # ---- errors

    def error(self, reason: str) -> DataError:
        return DataError(reason, file=self.label, path=self.path or None)

    def expected(self, what: str) -> DataError:
        return self.error(f"expected {what}, found {describe(self.value)}")

    # ---- structure

    def mapping(self, what: str = "an object") -> dict:
        if not isinstance(self.value, dict):
            raise self.expected(what)
        return self.value

    def has(self, key: str) -> bool:
        return key in self.mapping()

    def get(self, key: str, default: Any = _MISSING) -> "Node":
        """The child ``key`` of this object; ``default`` when it is missing (or null and a
        default is given)."""
        mapping = self.mapping()
        path = child_path(self.path, key)
        if key not in mapping or (mapping[key] is None and default is not _MISSING):
            if default is _MISSING:
                raise DataError("missing", file=self.label, path=path)
            return Node(default, self.label, path)
        return Node(mapping[key], self.label, path)

    def items(self, what: str = "a list", max_items: int | None = None) -> list["Node"]:
        if not isinstance(self.value, list):
            raise self.expected(what)
        if max_items is not None and len(self.value) > max_items:
            raise self.error(f"expected at most {max_items} entries, found {len(self.value)}")
        return [Node(item, self.label, child_path(self.path, n))
                for n, item in enumerate(self.value)]

    def entries(self, what: str = "an object") -> Iterator[tuple[str, "Node"]]:
        for key, value in self.mapping(what).items():
            yield key, Node(value, self.label, child_path(self.path, key))

    # ---- scalars

    def text(self, what: str = "text", *, max_length: int = 200, empty: bool = False,
             choices: tuple[str, ...] | None = None, nullable: bool = False) -> Any:
        value = self.value
        if value is None and nullable:
            return None
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.expected(what)
        if len(value) > max_length:
            raise self.error(f"expected {what} of at most {max_length} characters, found "
                             f"{len(value):,}")
        if control_character(value):
            raise self.error(f"text contains a control character ({control_character(value)})")
        if choices is not None and value not in choices:
            raise self.error(f"expected one of {', '.join(choices)}, found {describe(value)}")
        return value

    def number(self, what: str = "a number", low: float = -math.inf, high: float = math.inf,
               *, nullable: bool = False, above_low: bool = False) -> Any:
        value = self.value
        if value is None and nullable:
            return None
        ok = (isinstance(value, (int, float)) and not isinstance(value, bool)
              and math.isfinite(value) and (value > low if above_low else value >= low)
              and value <= high)
        if not ok:
            raise self.expected(_range(what, low, high, above_low))
        return float(value)

    def whole(self, what: str = "a whole number", low: int = 0, high: int | None = None) -> int:
        value = self.value
        if isinstance(value, float) and value.is_integer() and math.isfinite(value):
            value = int(value)  # 2.0 is a whole number too
        if (isinstance(value, bool) or not isinstance(value, int) or value < low
                or (high is not None and value > high)):
            raise self.expected(_range(what, low, math.inf if high is None else high))
        return value

    def flag(self, what: str = "true or false") -> bool:
        if not isinstance(self.value, bool):
            raise self.expected(what)
        return self.value


def _range(what: str, low: float, high: float, above_low: bool = False) -> str:
    if math.isinf(low) and math.isinf(high):
        return what
    if math.isinf(high):
        return f"{what} {'more than' if above_low else 'of at least'} {low:g}"
    if math.isinf(low):
        return f"{what} of at most {high:g}"
    if above_low:
        return f"{what} more than {low:g} and at most {high:g}"
    return f"{what} from {low:g} to {high:g}"
