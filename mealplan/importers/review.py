"""The review the command shows: every line, its food, grams and score."""

from __future__ import annotations

from typing import Mapping, Sequence

from .model import ImportResult
from .writer import portion_nutrients


def review_text(result: ImportResult, nutrient_keys: Sequence[str] = (),
                labels: Mapping[str, str] | None = None) -> str:
    """The review the command prints: one table per recipe, then a summary."""
    from tabulate import tabulate

    foods = result.catalogue.by_name()
    parts = []
    for recipe in result.recipes:
        head = f"{recipe.name}  ({recipe.source}; {recipe.servings_note}; " \
               f"{'/'.join(recipe.meals)}" + (f"; {recipe.minutes} min" if recipe.minutes
                                               else "") + ")"
        rows = []
        for line in recipe.lines:
            if line.status == "heading":
                continue
            if line.status == "matched":
                food = line.food + (" [USDA]" if line.usda else "")
                if line.reason:
                    food += f" ({line.reason})"
                rows.append([_short(line.text), food, f"{line.grams:.1f}", f"{line.score:g}"])
            elif line.status == "negligible":
                grams = f"{line.grams:.1f}" if line.grams else "-"
                what = f"negligible: {line.food}" if line.food else "negligible"
                rows.append([_short(line.text), what, grams, "-"])
            else:
                rows.append([_short(line.text), f"UNMATCHED: {line.reason}", "-", "-"])
        table = tabulate(rows, headers=["line", "food", "g/portion", "score"],
                         disable_numparse=True, colalign=("left", "left", "right", "right"))
        parts.append(head + "\n" + table)
        if recipe.kept and nutrient_keys:
            totals = portion_nutrients(recipe.ingredients, foods, result.usda_rows,
                                       nutrient_keys)
            shown = ", ".join(f"{(labels or {}).get(key, key)} {_amount(totals[key])}"
                              for key in nutrient_keys)
            parts[-1] += f"\nper portion: {shown}"
        if not recipe.kept:
            parts[-1] += f"\nLEFT OUT: {recipe.left_out_reason}"
    counts = result.counts()
    summary = (f"{counts['kept']} of {counts['recipes']} recipes imported; "
               f"{counts['lines']} lines: {counts['matched']} matched"
               + (f" ({counts['usda']} to USDA foods)" if counts["usda"] else "")
               + f", {counts['negligible']} negligible, {counts['unmatched']} unmatched")
    if not result.usda_available and counts["unmatched"]:
        summary += ("\nUSDA foods not installed: pip install 'mealplan[usda]' to match lines "
                    "the catalogue has no food for")
    parts.append(summary)
    return "\n\n".join(parts) + "\n"


def _amount(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.2g}" if value else "0"


def _short(text: str, width: int = 46) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."
