"""Foods a line may match: their forms, weights and name words."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from typing import Mapping

from .words import (
    COUNT_UNITS, G_PER, ML_PER, SIZES, _BEANS, _COOKED, _DRY, _FOOD_FILLER, _GRAINS_AND_PULSES,
    _UNIT_ALIASES, _normalise, _singular, _words,
)

# --------------------------------------------------------------------------------------------
# Foods: forms, weights, names


@dataclass
class Candidate:
    """A food a line may match: from the catalogue or from the USDA generic foods."""

    name: str
    words: tuple[str, ...]        # core words of its name
    form: str                     # raw, cooked, dry, canned
    frozen: bool
    weights: dict[str, float]     # unit -> grams: g/ml for volumes ("ml"), counts, sizes
    kind: str
    usda: bool
    order: int
    legume_can: bool = False
    fish_can: bool = False   # canned fish counted drained ("3 oz drained (85 g)")
    # A product as bought ("Brown rice, dry") stands for the catalogue food made from it
    # ("Brown rice, cooked"): grams of that food = grams of product / product_ratio.
    target: str = ""
    ratio: float = 1.0
    # Bought as it is eaten (product_ratio 1: canned beans, coconut milk, a raw apple), so a
    # line that names no form may mean it.
    as_bought: bool = False
    aliases: tuple[str, ...] = ()   # more words for the same food (its USDA name's)
    variety: frozenset[str] = frozenset()  # every word of its names, to break ties

    @property
    def food(self) -> str:
        return self.target or self.name


def _form_of(name: str, usda_name: str = "", serving: str = "") -> tuple[str, bool]:
    words = set(_words(f"{name} {usda_name} {serving}"))
    frozen = "frozen" in words
    if "smoked" in words or "kippered" in words:
        return "smoked", frozen
    if "canned" in words:
        return "canned", frozen
    if words & _COOKED or "cooked" in words or "from" in words and "dried" in words:
        return "cooked", frozen
    singular = {_singular(word) for word in words}
    if words & {"dry", "uncooked", "raw"} and singular & (_GRAINS_AND_PULSES | _BEANS) \
            and not {"green", "snap", "sprouted", "flour", "bread", "milk"} & words:
        return "dry", frozen
    return "raw", frozen


def _core_words(name: str) -> tuple[str, ...]:
    words = []
    name = re.sub(r"\b(without|with|no|lightly) (added )?salt(ed)?( added)?\b", " ", name,
                  flags=re.I)
    for word in _normalise(name).split():
        word = _singular(word)
        if word in _FOOD_FILLER or word in _COOKED or word in _DRY or word == "canned" \
                or word == "frozen" or re.fullmatch(r"\d+%?", word):
            continue
        if word not in words:
            words.append(word)
    return tuple(words)


_SERVING = re.compile(r"^\s*(\d+(?:\s+\d+/\d+|/\d+|\.\d+)?|\d*\.\d+)\s*([a-zA-Z.]+(?:\s+oz)?)?")


def _parse_amount(text: str) -> float | None:
    text = text.strip()
    try:
        if " " in text:
            whole, frac = text.split()
            return float(int(whole) + Fraction(frac))
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        return None


def serving_weights(serving: str, grams: float) -> dict[str, float]:
    """Unit -> grams from a foods.csv serving such as '1 cup (30 g)', '1 medium (118 g)',
    '2 Tbsp (32 g)', '3 dates (21 g)'; volumes are stored as grams per ml under 'ml'."""
    weights: dict[str, float] = {}
    match = _SERVING.match(serving)
    if not match or grams <= 0:
        return weights
    amount = _parse_amount(match.group(1))
    if not amount:
        return weights
    unit_text = (match.group(2) or "").strip(". ").casefold()
    unit = _UNIT_ALIASES.get(unit_text)
    per_one = grams / amount
    if unit in ML_PER:
        weights["ml"] = per_one / ML_PER[unit]
    elif unit in G_PER:
        pass
    elif unit_text in SIZES:
        weights[unit_text] = per_one
        weights["each"] = per_one
    elif unit_text in COUNT_UNITS:
        weights[COUNT_UNITS[unit_text]] = per_one
        weights.setdefault("each", per_one)
    elif unit_text:
        weights["each"] = per_one  # "1 tortilla", "3 dates", "1 fruit", "1/2 avocado"
    return weights


def _measures() -> dict[str, dict[str, float]]:
    """USDA household measures for foods whose own serving gives no such weight."""
    text = resources.files("mealplan").joinpath("data", "measures.csv").read_text("utf-8")
    table: dict[str, dict[str, float]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        unit = row["measure"].strip()
        grams = float(row["grams"])
        entry = table.setdefault(row["food"].strip(), {})
        if unit in ML_PER:
            entry["ml"] = grams / ML_PER[unit]
        else:
            entry[unit] = grams
    return table


def _candidate(food_name: str, usda_name: str, serving: str, grams: float, kind: str,
               usda: bool, order: int, measures: Mapping[str, Mapping[str, float]]
               ) -> Candidate:
    form, frozen = _form_of(food_name, usda_name, serving)
    weights = serving_weights(serving, grams) if not usda else {}
    for key, value in measures.get(food_name, {}).items():
        weights[key] = value
    words = _core_words(food_name)
    legume = (form in ("canned", "cooked") and "canned" in _words(f"{food_name} {usda_name}")
              and bool({_singular(w) for w in words} & _BEANS))
    all_words = set(_words(f"{food_name} {usda_name} {serving}"))
    fish_can = form == "canned" and "drained" in all_words and bool(
        all_words & {"fish", "tuna", "salmon", "sardines", "mackerel", "herring"})
    kind = kind or food_name.split(",")[0].strip().casefold()
    kind = " ".join(_singular(word) for word in _words(kind))
    aliases = tuple(w for w in _core_words(usda_name) if w not in words) if usda_name else ()
    variety = frozenset(_singular(w) for w in _words(f"{food_name} {usda_name}"))
    return Candidate(food_name, words, form, frozen, weights, kind, usda, order, legume,
                     fish_can, aliases=aliases, variety=variety)
