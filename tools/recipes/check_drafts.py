#!/usr/bin/env python3
"""Check recipe draft files against foods.csv: unknown foods, kcal per portion, counts.

Usage: python tools/recipes/check_drafts.py tools/recipes/*.yaml
"""
import csv
import difflib
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
foods = {row["food"]: row for row in csv.DictReader(open(ROOT / "foods.csv", encoding="utf-8"))}
KCAL = {"breakfast": (250, 700), "lunch": (400, 950), "dinner": (400, 950), "snack": (100, 400)}
NUTRIENTS = ["kcal", "magnesium_mg", "vitamin_b12_ug", "vitamin_d_ug", "potassium_mg",
             "calcium_mg", "thiamine_mg"]
problems = 0
per_meal = Counter()
names = Counter()
for path in sys.argv[1:]:
    document = yaml.safe_load(open(path, encoding="utf-8"))
    for recipe in document["recipes"]:
        name = recipe["name"]
        names[name.casefold()] += 1
        totals = dict.fromkeys(NUTRIENTS, 0.0)
        tags = set()
        for food, grams in recipe["ingredients"].items():
            if food not in foods:
                close = difflib.get_close_matches(food, foods, n=1)
                print(f"{path}: {name}: unknown food {food!r}; did you mean {close}?")
                problems += 1
                continue
            row = foods[food]
            tags |= set(filter(None, row["tags"].split(";")))
            for key in NUTRIENTS:
                totals[key] += float(row[key]) * grams / float(row["grams"])
        for meal in recipe["meals"]:
            per_meal[meal] += 1
            low, high = KCAL[meal]
            if not low <= totals["kcal"] <= high:
                print(f"{path}: {name}: {totals['kcal']:.0f} kcal is outside {low}-{high} for {meal}")
                problems += 1
        print(f"  {name:<45} {','.join(recipe['meals']):<22} " +
              " ".join(f"{totals[k]:7.1f}" for k in NUTRIENTS) + f"  {';'.join(sorted(tags))}")
for name, count in names.items():
    if count > 1:
        print(f"duplicate name: {name}")
        problems += 1
print("recipes per meal:", dict(per_meal), "problems:", problems)
