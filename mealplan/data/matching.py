"""Choosing foods by words: names, plurals, tags, aisles, allergen groups, diets, typos."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Iterable, Mapping

from ..errors import DataError

if TYPE_CHECKING:
    from .foods import Catalogue
    from .targets import Targets


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _forms(word: str) -> frozenset[str]:
    """A word and the singulars it may be the plural of: eggs -> egg, berries -> berry,
    tomatoes -> tomato, cookies -> cookie.  Two words are the same when their forms meet."""
    forms = {word}
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
    return frozenset(forms)


def _same_words(first: Iterable[str], second: Iterable[str]) -> bool:
    first, second = list(first), list(second)
    return len(first) == len(second) and all(_forms(a) & _forms(b)
                                              for a, b in zip(first, second))


def phrase_key(text: str) -> str:
    """'Tree nuts', 'tree-nuts' -> 'tree-nuts': the words of a phrase, joined with '-'."""
    return "-".join(_words(text))


def match_exclusion(catalogue: Catalogue, term: str,
                    allergens: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """Names of the foods a user's ``--exclude`` term means.

    A term matches a tag or an aisle, a group of tags named in targets.yaml's ``allergens``
    (``nuts``: tree nuts and peanuts), or a food whose name contains each of the term's words
    as a whole word, singular or plural: ``eggs`` removes "Egg, hard-boiled", ``mushrooms``
    removes "Portabella mushroom, grilled", ``spinach`` removes "Spinach, raw" but not a word
    that merely starts with it.
    """
    folded = term.strip().casefold()
    words = _words(folded)
    tags: set[str] = set()
    for key, group in (allergens or {}).items():
        if _same_words(words, key.split("-")):
            tags |= group
    matched = set()
    for food in catalogue.foods:
        name_words = _words(food.name)
        if (food.name.casefold() == folded or folded in food.tags or folded == food.category
                or food.tags & tags
                or any(_same_words(words, _words(label)) for label in (*food.tags, food.category))
                or (words and all(any(_forms(word) & _forms(other) for other in name_words)
                                  for word in words))):
            matched.add(food.name)
    return matched


def is_allergen(term: str, allergens: Mapping[str, frozenset[str]]) -> bool:
    return any(_same_words(_words(term), key.split("-")) for key in allergens)


def food_vocabulary(catalogue: Catalogue,
                    allergens: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """Every word a term may name a food by: allergen groups, tags, aisles, name words and
    whole names (the candidates of a "did you mean")."""
    vocabulary = set(allergens or ())
    for food in catalogue.foods:
        vocabulary.update(food.tags)
        vocabulary.add(food.category)
        vocabulary.update(_words(food.name))
        vocabulary.add(food.name.casefold())
    return vocabulary


def resolve_exclusions(catalogue: Catalogue, terms: Iterable[str], option: str = "--exclude",
                       allergens: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """Food names the terms name; an unknown term is a DataError with suggestions.

    An allergen group that no food of this table carries (no sesame in it) is not an error:
    there is simply nothing to leave out.
    """
    excluded: set[str] = set()
    for term in terms:
        matched = match_exclusion(catalogue, term, allergens)
        if not matched and not is_allergen(term, allergens or {}):
            vocabulary = food_vocabulary(catalogue, allergens)
            raise DataError(
                f"{option} '{term}': no food, tag or aisle matches"
                f"{_did_you_mean(term.casefold(), vocabulary)}"
            )
        excluded |= matched
    return excluded


def diet_exclusions(catalogue: Catalogue, targets: Targets, diet: str | None) -> set[str]:
    if diet is None:
        return set()
    if diet not in targets.diets:
        raise DataError(f"unknown diet '{diet}'{_did_you_mean(diet, targets.diets)}; choose "
                        f"one of: {', '.join(targets.diets)}")
    banned = targets.diets[diet].exclude_tags
    return {food.name for food in catalogue.foods if food.tags & banned}


def profile_exclusions(catalogue: Catalogue, targets: Targets, profile: str | None) -> set[str]:
    """Foods a profile's food-safety rules leave out (cold-smoked fish in pregnancy ...)."""
    found = targets.profiles.get(profile or targets.default_profile)
    if found is None or not found.exclude_tags:
        return set()
    return {food.name for food in catalogue.foods if food.tags & found.exclude_tags}


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(set(map(str, candidates))), n=3, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
