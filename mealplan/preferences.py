"""Tastes: what a person likes, dislikes and thinks of each dish, and what that means for a plan.

A preferences file is plain text, one entry a line, ``#`` starting a comment::

    # mealplan preferences (mealplan rate writes the rate lines)
    like salmon              # a dish, a word of dish names, an ingredient, a tag, a protein
    like thai
    dislike mushrooms        # never served: the same words as --exclude, or a dish
    dislike Greek lentil moussaka
    rate 5 Black-bean tacos with avocado
    rate 1 Sardines on toast # 1: never again; 2: less often; 3: no opinion; 4, 5: more often

Its place is ``--preferences FILE``, else ``$XDG_CONFIG_HOME/mealplan/preferences.txt`` (or
``~/.config/mealplan/preferences.txt``) when it exists.  A rating of a dish that is not in this
plan's recipe files is kept and ignored (it may be in another file).

A like, a ``--prefer`` word or a rating of 4-5 makes a dish cheaper in the objective, a rating of
2 dearer; a dislike or a rating of 1 removes the dish (or the food) from the plan.  Nothing is
forced: a liked dish still has to fit every rule.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from .data import Catalogue, is_allergen, match_exclusion
from .data.matching import _did_you_mean, _forms, _words, food_vocabulary
from .errors import DataError
from .recipes import Cookbook, Recipe

PREFERENCES_NAME = "preferences.txt"
RATINGS = range(1, 6)
NEVER = 1
# Per-use cost adjustments, in the objective's money.  A like is worth about a package of
# fresh food ($3): the week pays whole packages of what spoils, so a like worth only a
# portion's price ($1.50, enough before packages were costed: --prefer chicken then brought
# chicken from 0 to 5 of 21 meals) lost to a bag of spinach another dish would share.
LIKE_BONUS = -3.0
RATING_ADJUST = {2: 3.0, 3: 0.0, 4: -1.5, 5: -3.0}
# However many likes a dish matches, it gets at most this much cheaper.
MOST_BONUS = -6.0
_RATE = re.compile(r"^rate\s+(\S+)\s+(.+)$", re.IGNORECASE)
_KEYWORD = re.compile(r"^(like|dislike)\s+(.+)$", re.IGNORECASE)
_FILE_HEADER = ("# mealplan preferences: 'like WORDS', 'dislike WORDS', 'rate 1-5 DISH', one a "
                "line\n")


@dataclass(frozen=True)
class Entry:
    text: str
    line: int | None = None  # in the preferences file; None from the command line


@dataclass(frozen=True)
class Preferences:
    likes: tuple[Entry, ...] = ()
    dislikes: tuple[Entry, ...] = ()
    ratings: Mapping[str, int] = field(default_factory=dict)  # dish name as written -> 1-5
    source: str | None = None


@dataclass(frozen=True)
class Tastes:
    """What a plan is asked to respect: the file's preferences and ``--prefer`` words."""

    preferences: Preferences = Preferences()
    prefer: tuple[str, ...] = ()

    def where(self, entry: Entry, option: str, keyword: str) -> str:
        """How a message names an entry: the option, or the file's line and its keyword."""
        if entry.line is None:
            return option
        return f"{self.preferences.source}, line {entry.line}: {keyword}"


def default_preferences_path(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CONFIG_HOME") or str(Path(environ.get("HOME") or Path.home())
                                                  / ".config")
    return Path(base) / "mealplan" / PREFERENCES_NAME


# --------------------------------------------------------------------------------------------
# The file


def parse_preferences(text: str, label: str = PREFERENCES_NAME) -> Preferences:
    likes: list[Entry] = []
    dislikes: list[Entry] = []
    ratings: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if (rate := _RATE.match(line)) is not None:
            ratings[rate.group(2).strip()] = _rating(rate.group(1), label, number)
        elif (keyword := _KEYWORD.match(line)) is not None:
            (likes if keyword.group(1).lower() == "like" else dislikes).append(
                Entry(keyword.group(2).strip(), number))
        else:
            raise DataError(f"expected 'like WORDS', 'dislike WORDS' or 'rate 1-5 DISH', got "
                            f"'{line[:60]}'", file=label, line=number)
    return Preferences(tuple(likes), tuple(dislikes), ratings, label)


def _rating(text: str, label: str | None, line: int | None) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value not in RATINGS:
        raise DataError(f"a rating is a whole number from 1 to 5, got '{text}'", file=label,
                        line=line)
    return value


def read_preferences(path: str | Path, missing_ok: bool = False) -> Preferences:
    """The preferences in ``path``; an empty set when it does not exist and ``missing_ok``."""
    from .files import _decode, _read_bytes

    label = str(path)
    if missing_ok and not Path(path).exists():
        return Preferences(source=label)
    return parse_preferences(_decode(_read_bytes(path, label), label), label)


def with_rating(text: str, dish: str, rating: int) -> str:
    """The file's text with ``dish`` rated ``rating``: its rate line replaced (comments and
    the other lines kept as written), or one added at the end."""
    _rating(str(rating), None, None)
    new_line = f"rate {rating} {dish}"
    lines = text.splitlines()
    for n, raw in enumerate(lines):
        rate = _RATE.match(raw.split("#", 1)[0].strip())
        if rate is not None and rate.group(2).strip().casefold() == dish.casefold():
            comment = raw[len(raw.split("#", 1)[0]):]
            lines[n] = new_line + (f"  {comment.strip()}" if comment.strip() else "")
            return "\n".join(lines) + "\n"
    if not lines:
        lines = [_FILE_HEADER.rstrip("\n")]
    return "\n".join([*lines, new_line]) + "\n"


# --------------------------------------------------------------------------------------------
# Words and dishes


def resolve_dish(cookbook: Cookbook, text: str) -> Recipe:
    """The one recipe ``text`` names: its whole name in any case, or words only it has."""
    folded = text.strip().casefold()
    for recipe in cookbook.recipes:
        if recipe.name.casefold() == folded:
            return recipe
    named = _named_by_words(cookbook, text)
    if len(named) == 1:
        return named[0]
    if named:
        shown = " or ".join(f"'{r.name}'" for r in named[:3])
        raise DataError(f"'{text}' fits {len(named)} recipes ({shown}"
                        f"{' ...' if len(named) > 3 else ''}); give more of the name")
    names = [recipe.name for recipe in cookbook.recipes]
    hint = _did_you_mean(text, names) or _did_you_mean(
        folded, {recipe.name.casefold(): None for recipe in cookbook.recipes})
    raise DataError(f"no recipe of {cookbook.source} is called '{text}'{hint}")


def _named_by_words(cookbook: Cookbook, text: str) -> list[Recipe]:
    """Recipes whose name has each word of ``text`` (singular or plural)."""
    words = _words(text)
    if not words:
        return []
    return [recipe for recipe in cookbook.recipes
            if all(any(_forms(word) & _forms(other) for other in _words(recipe.name))
                   for word in words)]


def _by_label(cookbook: Cookbook, text: str) -> list[Recipe]:
    """Recipes with ``text`` as a tag (a cuisine, a style, what is in it) or as their protein."""
    key = "-".join(_words(text))
    return [recipe for recipe in cookbook.recipes
            if key and (key in recipe.tags or key == (recipe.protein or "")
                        or _forms(key) & _forms(recipe.protein or ""))]


def recipes_meant(cookbook: Cookbook, catalogue: Catalogue, text: str,
                  allergens: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """Names of the recipes a liked word means: a dish, a word of dish names, a tag or cuisine,
    a protein, or an ingredient (a food the word names as --exclude would)."""
    folded = text.strip().casefold()
    exact = {r.name for r in cookbook.recipes if r.name.casefold() == folded}
    if exact:
        return exact
    foods = match_exclusion(catalogue, text, allergens)
    return ({r.name for r in _named_by_words(cookbook, text)}
            | {r.name for r in _by_label(cookbook, text)}
            | {r.name for r in cookbook.recipes if any(i.food in foods for i in r.ingredients)})


def _vocabulary(cookbook: Cookbook, catalogue: Catalogue,
                allergens: Mapping[str, frozenset[str]] | None) -> set[str]:
    words = food_vocabulary(catalogue, allergens)
    for recipe in cookbook.recipes:
        words.update(recipe.tags)
        words.update(_words(recipe.name))
        words.add(recipe.name.casefold())
        if recipe.protein:
            words.add(recipe.protein)
    return words


def split_exclusions(cookbook: Cookbook, catalogue: Catalogue, terms: Iterable[str],
                     allergens: Mapping[str, frozenset[str]] | None = None,
                     option: str = "--exclude") -> tuple[list[str], set[str]]:
    """``--exclude`` terms as (the terms that name foods, the recipes the others name).

    A recipe's whole name is a dish; a term that names a food, tag, aisle or allergen stays a
    food term (it removes every dish with that food too); otherwise words of dish names, a
    recipe's tag (``thai``) or its protein name dishes.  A term that names nothing is a
    DataError with suggestions from foods and recipes alike."""
    food_terms: list[str] = []
    dishes: set[str] = set()
    for term in terms:
        folded = term.strip().casefold()
        whole = {r.name for r in cookbook.recipes if r.name.casefold() == folded}
        if whole:
            dishes |= whole
        elif match_exclusion(catalogue, term, allergens) or is_allergen(term, allergens or {}):
            food_terms.append(term)
        elif named := ({r.name for r in _named_by_words(cookbook, term)}
                       | {r.name for r in _by_label(cookbook, term)}):
            dishes |= named
        else:
            raise DataError(f"{option} '{term}': no food, tag, aisle or recipe matches"
                            f"{_did_you_mean(folded, _vocabulary(cookbook, catalogue, allergens))}")
    return food_terms, dishes


@dataclass(frozen=True)
class Resolved:
    """What tastes mean for one cookbook: food terms to exclude, dishes never to serve, and a
    per-use cost adjustment per dish (negative: more of it)."""

    exclude: tuple[str, ...] = ()
    never: frozenset[str] = frozenset()
    adjust: Mapping[str, float] = field(default_factory=dict)


def resolve_tastes(tastes: Tastes, cookbook: Cookbook, catalogue: Catalogue,
                   exclude: Iterable[str] = (),
                   allergens: Mapping[str, frozenset[str]] | None = None) -> Resolved:
    """``--exclude`` terms and the tastes, resolved against this cookbook and catalogue."""
    food_terms, never = split_exclusions(cookbook, catalogue, exclude, allergens)
    for entry in tastes.preferences.dislikes:
        terms, dishes = split_exclusions(cookbook, catalogue, [entry.text], allergens,
                                         tastes.where(entry, "--exclude", "dislike"))
        food_terms += terms
        never |= dishes
    by_name = {recipe.name.casefold(): recipe.name for recipe in cookbook.recipes}
    adjust: dict[str, float] = {}
    for dish, rating in tastes.preferences.ratings.items():
        name = by_name.get(dish.casefold())
        if name is None:
            continue
        if rating == NEVER:
            never.add(name)
        elif RATING_ADJUST[rating]:
            adjust[name] = RATING_ADJUST[rating]
    liked = [Entry(word) for word in tastes.prefer] + list(tastes.preferences.likes)
    for entry in liked:
        names = recipes_meant(cookbook, catalogue, entry.text, allergens)
        if not names:
            option = tastes.where(entry, "--prefer", "like")
            raise DataError(f"{option} '{entry.text}': no recipe, ingredient, tag or protein "
                            f"matches{_did_you_mean(entry.text.casefold(), _vocabulary(cookbook, catalogue, allergens))}")
        for name in names:
            adjust[name] = max(MOST_BONUS, adjust.get(name, 0.0) + LIKE_BONUS)
    return Resolved(tuple(dict.fromkeys(food_terms)), frozenset(never),
                    {name: value for name, value in adjust.items() if name not in never})


def food_dislikes(tastes: Tastes, catalogue: Catalogue,
                  allergens: Mapping[str, frozenset[str]] | None = None) -> list[str]:
    """The dislikes that name foods, for a plan of single foods (dishes mean nothing there)."""
    return [entry.text for entry in tastes.preferences.dislikes
            if match_exclusion(catalogue, entry.text, allergens)
            or is_allergen(entry.text, allergens or {})]


def save_rating(path: str | Path, dish: str, rating: int) -> None:
    """Rate ``dish`` in the preferences file at ``path`` (made, with its folder, if need be),
    replacing the file atomically; the file is read first, so a broken one is not overwritten."""
    from .files import _decode, _read_bytes
    from .files import write_atomic

    target = Path(path)
    text = ""
    if target.exists():
        text = _decode(_read_bytes(target, str(target)), str(target))
        parse_preferences(text, str(target))
    else:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DataError(f"cannot make the folder '{target.parent}': "
                            f"{error.strerror or error}") from None
    write_atomic(target, with_rating(text, dish, rating))
