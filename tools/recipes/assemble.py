#!/usr/bin/env python3
"""Join the recipe drafts (tools/recipes/NN-*.yaml) into the shipped top-level recipes.yaml.

The drafts are kept by meal so batches can be written and reviewed apart; the shipped file is
their concatenation under one header, text and comments as written.
"""
import glob
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADER = """\
# Recipes for mealplan: real dishes built from foods.csv.  Edit freely; `mealplan check`
# validates this file and `mealplan recipes` browses it.
#
# Each recipe has a name, the meals it suits (breakfast, lunch, dinner, snack), total minutes,
# its main protein (the dinner's protein changes from one day to the next), optional tags
# (cuisine and style; diet tags such as fish, meat, dairy come from the ingredients), a
# one-line method, and its ingredients: foods of foods.csv with grams per ONE-person portion,
# as the food is listed (cooked weights for "Brown rice, cooked").  Nutrients and prices are
# computed from foods.csv, never typed here.
#
# Generated from tools/recipes/*.yaml by tools/recipes/assemble.py.
version: 1
recipes:
"""
parts = [HEADER]
for path in sorted(glob.glob(str(ROOT / "tools" / "recipes" / "[0-9][0-9]-*.yaml"))):
    text = Path(path).read_text(encoding="utf-8")
    body = text.split("recipes:\n", 1)[1]
    parts.append(f"  # ==== {Path(path).name}\n" + body.rstrip("\n") + "\n\n")
(ROOT / "recipes.yaml").write_text("".join(parts).rstrip("\n") + "\n", encoding="utf-8")
