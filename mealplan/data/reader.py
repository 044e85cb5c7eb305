"""A YAML mapping read key by key, for error messages that name the file and the dotted key."""

from __future__ import annotations

import math
from typing import Any

from ..errors import DataError
from .limits import MAX_TARGET
from .matching import _did_you_mean


def _check_band(low: float | None, high: float | None, label: str, key: str) -> None:
    if low is not None and high is not None and low > high:
        raise DataError(f"min {low:g} is more than max {high:g}", file=label, key=key)


class _Mapping:
    """A YAML mapping with its dotted key path, for precise error messages."""

    def __init__(self, value: Any, label: str, path: str):
        if not isinstance(value, dict):
            raise DataError(
                f"expected a mapping of keys to values, found {_describe(value)}",
                file=label, key=path or None,
            )
        self.value = value
        self.label = label
        self.path = path

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    def require_keys(self, *keys: str) -> None:
        for key in keys:
            if key not in self.value:
                raise DataError("missing", file=self.label, key=self._key(key))

    def allow_only(self, *keys: str) -> None:
        for key in self.value:
            if key not in keys:
                raise DataError(
                    f"unknown key{_did_you_mean(str(key), keys)}; expected one of: "
                    f"{', '.join(keys)}",
                    file=self.label, key=self._key(key),
                )

    def get(self, key: str, default: Any = None) -> Any:
        return self.value.get(key, default)

    def child(self, key: str, default: Any = None) -> "_Mapping":
        value = self.value.get(key, default)
        if value is None and default is not None:
            value = default
        return _Mapping(value, self.label, self._key(key))

    def number(self, key: str) -> float | None:
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
                value) or value < 0:
            raise DataError(f"expected a number >= 0, found {_describe(value)}",
                            file=self.label, key=self._key(key))
        if value > MAX_TARGET:
            raise DataError(f"expected a number from 0 to {MAX_TARGET:g}, found "
                            f"{_describe(value)}", file=self.label, key=self._key(key))
        return float(value)

    def integer(self, key: str, default: int, low: int = 0, high: int | None = None) -> int:
        value = self.value.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (
                high is not None and value > high):
            bounds = f">= {low}" if high is None else f"from {low} to {high}"
            raise DataError(f"expected a whole number {bounds}, found {_describe(value)}",
                            file=self.label, key=self._key(key))
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.value.get(key, default)
        if not isinstance(value, bool):
            raise DataError(f"expected true or false, found {_describe(value)}",
                            file=self.label, key=self._key(key))
        return value

    def pair(self, key: str, default: tuple[float, float]) -> tuple[float, float]:
        value = self.value.get(key, list(default))
        if (not isinstance(value, list) or len(value) != 2 or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool)
                and 0 <= v <= MAX_TARGET for v in value)):
            raise DataError(f"expected [low, high], found {_describe(value)}",
                            file=self.label, key=self._key(key))
        return float(value[0]), float(value[1])


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
