"""One source recipe made a mealplan recipe: its lines matched and weighed, kept or left out."""

from __future__ import annotations

import re
from typing import Callable, Iterable

from ..data import MEAL_NAMES
from ..errors import DataError
from ..recipes import MAX_PORTION_GRAMS
from .limits import (
    DEFAULT_MINUTES, MAX_INGREDIENTS, MAX_LINE_CHARS, MAX_LINES, MAX_UNMATCHED_SHARE, Budget,
)
from .lines import parse_line
from .matcher import Matcher
from .model import ImportedRecipe, Line, SourceLine, SourceRecipe
from .weigher import _grams
from .words import _singular, _words
from .yields import number_fault, parse_yield, yield_fault

# --------------------------------------------------------------------------------------------
# One recipe


_MEAL_WORDS = {
    "breakfast": ("breakfast",), "brunch": ("breakfast",), "lunch": ("lunch",),
    "dinner": ("lunch", "dinner"), "supper": ("lunch", "dinner"), "main": ("lunch", "dinner"),
    "entree": ("lunch", "dinner"), "mains": ("lunch", "dinner"), "snack": ("snack",),
    "snacks": ("snack",), "appetizer": ("snack",), "appetizers": ("snack",),
    "starter": ("snack",), "starters": ("snack",),
}
_PROTEINS = ("salmon", "tuna", "cod", "trout", "sardine", "mackerel", "herring", "tilapia",
             "halibut", "swordfish", "shrimp", "chicken", "turkey", "beef", "pork", "ham",
             "lamb", "liver", "egg", "tofu", "tempeh", "lentil", "chickpea", "bean", "pea",
             "edamame")


def meals_for(labels: Iterable[str]) -> list[str]:
    """Meals from recipeCategory, Mealie categories and tags, Tandoor keywords."""
    found: set[str] = set()
    for label in labels:
        for word in _words(label):
            found.update(_MEAL_WORDS.get(word, ()))
    if not found:
        found = {"lunch", "dinner"}
    return [meal for meal in MEAL_NAMES if meal in found]


def _tags(raw: SourceRecipe) -> list[str]:
    tags = ["imported"]
    for label in [*raw.cuisine, *raw.keywords]:
        tag = "-".join(_words(label))
        if tag and len(tag) <= 30 and tag not in tags and tag not in _MEAL_WORDS:
            tags.append(tag)
    return tags[:8]


def _method(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= 300:
        return text
    cut = text[:300].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " ..."


def _convert(raw: SourceRecipe, matcher: Matcher, usda: Callable[[], Matcher | None],
             default_servings: float | None, budget: Budget | None = None) -> ImportedRecipe:
    servings, note = recipe_servings(raw, default_servings)
    budget = budget or Budget()
    too_many = len(raw.lines) > MAX_LINES
    lines = []
    for source_line in [] if too_many else raw.lines:
        budget.check(raw.source, f"recipe '{raw.name}'")
        lines.append(_line(source_line, matcher, usda, servings))
    minutes = raw.minutes if raw.minutes and raw.minutes <= 24 * 60 else None
    if minutes is None:
        note += f"; minutes unknown, {DEFAULT_MINUTES} assumed"
    recipe = ImportedRecipe(
        name=raw.name, source=raw.source, servings=servings, servings_note=note,
        meals=meals_for([*raw.categories, *raw.keywords]), minutes=minutes or DEFAULT_MINUTES,
        protein=None, tags=_tags(raw), method=_method(raw.method), lines=lines)
    recipe.protein = _protein(recipe)
    if too_many:
        recipe.kept = False
        recipe.left_out_reason = (f"more than {MAX_LINES} ingredient lines; a recipe has at "
                                  f"most {MAX_LINES}")
    return recipe


def recipe_servings(raw: SourceRecipe, default_servings: float | None) -> tuple[float, str]:
    """(portions the recipe makes, how the review says it); an error when unknown or when the
    source states one that cannot be (negative, zero, absurd)."""
    number, text = parse_yield(raw.yield_value)
    where = f"recipe '{raw.name}'"
    if raw.servings is not None and number_fault(raw.servings) is None:
        return raw.servings, f"serves {raw.servings:g}"
    if number is not None:
        plain = re.fullmatch(r"(serves\s*)?[\d.,]+(\s*(servings?|portions?|people|persons))?",
                             text.strip(), re.I)
        return number, (f"serves {number:g}" if plain else f"serves {number:g} (from '{text}')")
    if raw.servings is not None:
        fault, text = number_fault(raw.servings), f"{raw.servings:g}"
    else:
        fault = yield_fault(raw.yield_value)
    if default_servings is not None:
        said = f"the yield '{text}' is {fault.split(':')[0]}" if fault else \
            f"the page says '{text}'" if text else "no yield given"
        return default_servings, f"serves {default_servings:g} (--servings; {said})"
    if fault:
        raise DataError(f"{where}: its yield '{text}' is {fault}; give --servings N to assume "
                        f"N portions", file=raw.source)
    if not text:
        raise DataError(f"{where} gives no yield (recipeYield is empty), so a portion is "
                        f"unknown; give --servings N to assume N portions", file=raw.source)
    raise DataError(f"{where}: its yield '{text}' is not a number of servings; give "
                    f"--servings N to assume N portions", file=raw.source)


def _line(source: SourceLine, matcher: Matcher, usda_matcher: Callable[[], Matcher | None],
          servings: float) -> Line:
    text = source.text
    if len(text) > MAX_LINE_CHARS:
        # Cut off before any parser sees it: parsing is slow on long text, and no ingredient
        # line is this long.
        return Line(text[:MAX_LINE_CHARS - 3] + "...", "unmatched", refused=True,
                    reason=f"the line is {len(text):,} characters; an ingredient line has at "
                           f"most {MAX_LINE_CHARS}")
    if not source.structured and text.rstrip().endswith(":") and not re.search(r"\d", text):
        return Line(text, "heading")
    parsed = parse_line(source)
    if parsed.negligible and parsed.name:
        line = Line(text, "negligible", reason="salt, water, spice")
        if parsed.quantity and "water" not in _words(parsed.name) and "ice" not in _words(
                parsed.name):
            candidate, score, _ = matcher.match(parsed)
            if candidate is not None:
                grams, _ = _grams(parsed, candidate)
                if grams:
                    line.food, line.score = candidate.food, score
                    line.grams = grams / candidate.ratio / servings
        return line
    if parsed.quantity is None and (parsed.unquantified or parsed.unit == "pinch"):
        return Line(text, "negligible", reason="no amount ('to taste', garnish)")
    candidate, score, reason = matcher.match(parsed)
    via_usda = False
    usda = usda_matcher() if candidate is None else None
    if candidate is None and usda is not None:
        found, usda_score, usda_reason = usda.match(parsed)
        if found is not None:
            candidate, score, via_usda = found, usda_score, True
        elif not reason.startswith("only") and not reason.startswith("ambiguous"):
            reason = usda_reason if usda_reason.startswith(("only", "ambiguous")) else reason
    if candidate is None:
        return Line(text, "unmatched", reason=reason, estimate_g=parsed.estimate_g)
    grams, why = _grams(parsed, candidate)
    if grams is None or grams <= 0:
        if parsed.quantity is None and parsed.unquantified:
            return Line(text, "negligible", reason="no amount ('to taste', garnish)")
        return Line(text, "unmatched", food=None, score=score,
                    reason=f"{candidate.name}: {why}", estimate_g=parsed.estimate_g)
    if candidate.target:
        why = ", ".join(filter(None, [f"{grams:.0f} g {candidate.name} as bought", why]))
        grams /= candidate.ratio
    return Line(text, "matched", food=candidate.food, grams=grams / servings, score=score,
                usda=via_usda, reason=why)


def _protein(recipe: ImportedRecipe) -> str | None:
    heaviest: tuple[float, str] | None = None
    for line in recipe.lines:
        if line.status != "matched" or not line.food or not line.grams:
            continue
        words = {_singular(word) for word in _words(line.food)}
        for protein in _PROTEINS:
            if protein in words and (heaviest is None or line.grams > heaviest[0]):
                heaviest = (line.grams, protein)
    if heaviest is None:
        return None
    word = heaviest[1]
    return {"lentil": "lentils", "chickpea": "chickpeas", "bean": "beans", "sardine": "sardines",
            "pea": "peas"}.get(word, word)


def _decide(recipe: ImportedRecipe, keep_partial: bool) -> None:
    if not recipe.kept:
        return  # left out while it was read
    for number, line in enumerate(recipe.lines, start=1):
        if line.refused:
            recipe.kept = False
            recipe.left_out_reason = f"ingredient line {number}: {line.reason}"
            return
    for food, grams in recipe.ingredients.items():
        if not grams <= MAX_PORTION_GRAMS:
            line = next(n for n, item in enumerate(recipe.lines, start=1) if item.food == food)
            recipe.kept = False
            recipe.left_out_reason = (f"ingredient line {line}: {_grams_text(grams)} of {food} "
                                      f"a portion; a recipe file allows at most "
                                      f"{MAX_PORTION_GRAMS:g} g of a food")
            return
    if not recipe.ingredients:
        recipe.kept = False
        recipe.left_out_reason = "no line matched a food"
        return
    if len(recipe.ingredients) > MAX_INGREDIENTS:
        recipe.kept = False
        recipe.left_out_reason = f"more than {MAX_INGREDIENTS} foods; a recipe file allows " \
                                 f"{MAX_INGREDIENTS}"
        return
    if keep_partial or not any(line.status == "unmatched" for line in recipe.lines):
        return
    share = recipe.unmatched_share()
    if share is None:
        recipe.kept = False
        recipe.left_out_reason = ("an unmatched line's weight is unknown, so its share of the "
                                  "recipe cannot be told (--keep-partial keeps it)")
    elif share > MAX_UNMATCHED_SHARE:
        recipe.kept = False
        recipe.left_out_reason = (f"unmatched lines carry about {share:.0%} of its weight "
                                  f"(--keep-partial keeps it)")


def _grams_text(grams: float) -> str:
    return f"{grams:,.0f} g" if grams < 1e9 else f"{grams:.3g} g"
