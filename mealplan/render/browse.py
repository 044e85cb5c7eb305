"""The browsing tables: foods by nutrient, recipes by meal and nutrient."""

from __future__ import annotations

import json
from typing import Sequence

from tabulate import tabulate

from ..data import Food, Nutrient
from ..recipes import Recipe
from .common import format_money, format_number, markdown_safe, rows_to_csv, table_format


def render_foods(foods: Sequence[Food], targets: dict[str, Nutrient], fmt: str = "table") -> str:
    """The catalogue, per serving: the nutrients with a minimum (or tracked without one) and
    every extra column the table brought along (notes, a brand, protein_g ...)."""
    keys = [key for key, nutrient in targets.items() if not nutrient.hard and (
        nutrient.min or (nutrient.min is None and nutrient.max is None))]
    extra = list(dict.fromkeys(column for f in foods for column in f.extra))
    energy = ["kcal"] if "kcal" in targets else []  # else it may be an extra column
    if fmt == "json":
        return json.dumps([{
            "food": f.name, "category": f.category, "serving": f.serving, "grams": f.grams,
            "price": f.price, "nutrients": dict(f.nutrients), "sources": sorted(f.sources),
            "meals": sorted(f.meals), "tags": sorted(f.tags), "usda_name": f.usda_name,
            "extra": dict(f.extra),
        } for f in foods], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return rows_to_csv(
            ["food", "category", "serving", "price", *energy, *keys, *extra],
            ([f.name, f.category, f.serving, f.price, *[f.amount(k) for k in energy],
              *[f.amount(k) for k in keys], *[f.extra.get(c, "") for c in extra]]
             for f in foods),
        )
    headers = ["Food", "Serving", "Price", *energy,
               *[f"{targets[k].label} ({targets[k].unit})" for k in keys], *extra]
    rows = [[f.name, f.serving, format_money(f.price), *[format_number(f.amount(k)) for k in energy],
             *[format_number(f.amount(k)) for k in keys], *[f.extra.get(c, "") for c in extra]]
            for f in foods]
    if fmt == "markdown":
        rows = markdown_safe(rows)
    return tabulate(rows, headers=headers, tablefmt=table_format(fmt), disable_numparse=True) + "\n"


def render_recipes(recipes: Sequence["Recipe"], targets: dict[str, Nutrient],
                   fmt: str = "table") -> str:
    """Recipes with their nutrients per portion (computed from the food table)."""
    keys = [key for key in targets if key in recipes[0].nutrients] if recipes else []
    if fmt == "json":
        return json.dumps([{
            "name": r.name, "meals": list(r.meals), "minutes": r.minutes,
            "tags": sorted(r.tags), "protein": r.protein, "method": r.method,
            "ingredients": [{"food": i.food, "grams": i.grams} for i in r.ingredients],
            "nutrients": {key: round(r.amount(key), 4) for key in keys},
            "price": None if r.price is None else round(r.price, 2),
        } for r in recipes], indent=2, ensure_ascii=False) + "\n"
    header = ["Recipe", "Meals", "Min", *[targets[k].label for k in keys]]
    rows = [[r.name, ", ".join(r.meals), r.minutes,
             *[format_number(r.amount(k), targets[k].unit) for k in keys]] for r in recipes]
    if fmt == "csv":
        return rows_to_csv(["name", "meals", "minutes", "protein", "tags", "ingredients",
                             *keys],
                            ([r.name, ";".join(r.meals), r.minutes, r.protein or "",
                              ";".join(sorted(r.tags)),
                              ";".join(f"{i.food}={i.grams:g}" for i in r.ingredients),
                              *[round(r.amount(k), 4) for k in keys]] for r in recipes))
    if fmt == "markdown":
        rows = markdown_safe(rows)
    return tabulate(rows, headers=header, tablefmt=table_format(fmt), disable_numparse=True) + "\n"
