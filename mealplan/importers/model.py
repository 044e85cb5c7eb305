"""What was read from a source and what was made of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..data import Catalogue

# --------------------------------------------------------------------------------------------
# What was read


@dataclass
class SourceLine:
    """One ingredient line as the source gives it; Mealie and Tandoor add parsed parts."""

    text: str
    quantity: float | None = None
    unit: str | None = None
    food: str | None = None
    note: str = ""
    structured: bool = False


@dataclass
class SourceRecipe:
    name: str
    source: str                   # the file (and zip member) it came from
    lines: list[SourceLine]
    yield_value: Any = None       # recipeYield / servings as the source has it
    servings: float | None = None  # a number of servings the source states as a number
    minutes: int | None = None
    categories: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    cuisine: list[str] = field(default_factory=list)
    method: str = ""


# --------------------------------------------------------------------------------------------
# What was made


@dataclass
class Line:
    """One ingredient line after matching: what the review table shows."""

    text: str
    status: str                   # matched, negligible, unmatched, heading
    food: str | None = None
    grams: float | None = None    # per portion
    score: float | None = None
    usda: bool = False
    reason: str = ""
    estimate_g: float | None = None  # a rough whole-recipe weight, for the unmatched share
    refused: bool = False         # a line no recipe has (too long): its recipe is left out


@dataclass
class ImportedRecipe:
    name: str
    source: str
    servings: float
    servings_note: str
    meals: list[str]
    minutes: int
    protein: str | None
    tags: list[str]
    method: str
    lines: list[Line]
    kept: bool = True
    left_out_reason: str = ""

    @property
    def ingredients(self) -> dict[str, float]:
        """Food -> grams per portion, lines of one food added up, in order of appearance."""
        result: dict[str, float] = {}
        for line in self.lines:
            if line.food and line.grams and line.status in ("matched", "negligible"):
                result[line.food] = result.get(line.food, 0.0) + line.grams
        # A pinch that rounds to 0 g is left out: a recipe file's grams are more than 0.
        return {food: round(grams, 1) for food, grams in result.items() if round(grams, 1) > 0}

    def unmatched_share(self) -> float | None:
        """Share of the recipe's weight on unmatched lines; None when one cannot be weighed."""
        matched = sum(line.grams * self.servings for line in self.lines
                      if line.status == "matched" and line.grams)
        unmatched = 0.0
        for line in self.lines:
            if line.status != "unmatched":
                continue
            if line.estimate_g is None:
                return None
            unmatched += line.estimate_g
        total = matched + unmatched
        return unmatched / total if total > 0 else None


@dataclass
class ImportResult:
    recipes: list[ImportedRecipe]
    usda_rows: list[dict[str, str]]
    usda_available: bool
    catalogue: Catalogue

    @property
    def kept(self) -> list[ImportedRecipe]:
        return [recipe for recipe in self.recipes if recipe.kept]

    def counts(self) -> dict[str, int]:
        lines = [line for recipe in self.recipes for line in recipe.lines]
        return {
            "recipes": len(self.recipes), "kept": len(self.kept),
            "lines": sum(1 for line in lines if line.status != "heading"),
            "matched": sum(1 for line in lines if line.status == "matched"),
            "negligible": sum(1 for line in lines if line.status == "negligible"),
            "unmatched": sum(1 for line in lines if line.status == "unmatched"),
            "usda": sum(1 for line in lines if line.status == "matched" and line.usda),
        }
