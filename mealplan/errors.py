"""Exceptions raised by the mealplan library.

The library never prints and never exits: it raises one of these, and the command line turns
them into one-line messages.  ``DataError`` means the user's input is wrong (exit status 2 on the
command line); the others mean the problem could not be solved as asked (exit status 1).
"""

from __future__ import annotations


class MealplanError(Exception):
    """Base class for every error mealplan raises on purpose."""


class DataError(MealplanError):
    """Bad input: a data file, a saved plan or an option value.

    ``where`` names the place as precisely as is known (file, row or line, column or key) so the
    message can say exactly what to fix.
    """

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None, line: int | None = None, key: str | None = None,
                 record: str | None = None, path: str | None = None):
        self.file = file
        self.record = record  # e.g. "recipe 'Lentil soup'": the entry of a file at fault
        self.row = row
        self.column = column
        self.line = line
        self.key = key
        self.path = path  # a JSON path such as days[2].meals[0].servings, shown as it is
        self.reason = message
        super().__init__(self._format())

    def _format(self) -> str:
        place = []
        if self.file:
            place.append(self.file)
        if self.record:
            place.append(self.record)
        if self.line is not None:
            place.append(f"line {self.line}")
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column is not None:
            place.append(f"column '{self.column}'")
        if self.key is not None:
            place.append(f"key '{self.key}'")
        if self.path is not None:
            place.append(self.path)
        return f"{', '.join(place)}: {self.reason}" if place else self.reason


class InfeasibleError(MealplanError):
    """A hard rule (energy band, caffeine cap, meal structure ...) cannot be met at all."""

    def __init__(self, message: str, *, constraint: str | None = None):
        self.constraint = constraint
        super().__init__(message)


class SolverError(MealplanError):
    """The solver failed, is missing, or stopped without any plan."""
