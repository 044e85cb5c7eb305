"""targets.yaml's weekly count rules (`recipes.week`): tag rules, protein groups and the
dietary pattern of each diet.

A rule counts the dishes of a week that it is about (a recipe carrying a tag, or one whose
main protein is in a protein group) and asks for at least ``min`` and at most ``max`` of
them in 7 days.  The planner's master and one-piece week, the greedy week, the week's value
and the verifier all count with ``WeekRule.counts`` and scale with ``WeekRule.bounds``: one
definition of each rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..errors import DataError
from .matching import _did_you_mean
from .reader import _check_band, _describe, _Mapping

if TYPE_CHECKING:
    from ..recipes import Recipe

# The pattern a plan without --diet follows (targets.yaml `recipes.week.patterns`).
OMNIVORE = "omnivore"


@dataclass(frozen=True)
class TagRule:
    """At least ``min`` / at most ``max`` dishes in a week of 7 days that carry ``tag`` or,
    for a protein group's rule (``group``), whose main protein is one of ``proteins``; with
    ``meals``, only the dishes served at those meals count ("red meat at dinner")."""

    tag: str
    min: int | None
    max: int | None
    label: str
    group: str = ""
    proteins: frozenset[str] = frozenset()
    meals: tuple[str, ...] = ()   # empty: a dish at any meal counts

    @property
    def key(self) -> str:
        """The rule's part of its constraints' names (``min_group_poultry_week``,
        ``max_group_meat_dinner_week``)."""
        name = "_".join([self.group or self.tag, *self.meals])
        return ("group_" if self.group else "tag_") + "".join(
            c if c.isalnum() else "_" for c in name)

    @property
    def what(self) -> str:
        """What it counts, for messages: "recipes tagged 'fish'", "meat dishes at dinner"."""
        what = f"{self.group} dishes" if self.group else f"recipes tagged '{self.tag}'"
        return f"{what} at {' or '.join(self.meals)}" if self.meals else what

    def counts(self, recipe: "Recipe") -> bool:
        """Whether a dish of ``recipe`` is one of the rule's kind (at any meal)."""
        if self.group:
            return recipe.protein is not None and recipe.protein in self.proteins
        return self.tag in recipe.tags

    def counts_at(self, recipe: "Recipe", meal: str) -> bool:
        """Whether ``recipe`` served at ``meal`` counts toward the rule: the one test every
        model, heuristic and the verifier make."""
        return (not self.meals or meal in self.meals) and self.counts(recipe)

    def may_count(self, recipe: "Recipe") -> bool:
        """Whether ``recipe`` counts at some meal it may be served at."""
        return any(self.counts_at(recipe, meal) for meal in recipe.meals)

    def bounds(self, days: int) -> tuple[int | None, int | None]:
        """(min, max) for a plan of ``days``: the minimum rounded down, the maximum up (a
        minimum of 0 is none)."""
        low = None if self.min is None else (self.min * days) // 7
        high = None if self.max is None else -((-self.max * days) // 7)
        return low or None, high


def applicable(rules: Iterable[TagRule], recipes: Iterable["Recipe"], days: int
               ) -> tuple[list[tuple[TagRule, int | None, int | None]], list[TagRule]]:
    """The rules scaled to ``days`` that a plan from ``recipes`` is held to, and the
    minimums none of those recipes can count toward (fish for a table that excludes it):
    those are not applied, and the plan says so.  A maximum always applies."""
    recipes = list(recipes)
    kept: list[tuple[TagRule, int | None, int | None]] = []
    skipped: list[TagRule] = []
    for rule in rules:
        low, high = rule.bounds(days)
        if low is not None and not any(rule.may_count(r) for r in recipes):
            skipped.append(rule)
            low = None
        if low is not None or high is not None:
            kept.append((rule, low, high))
    return kept, skipped


def skipped_note(rule: TagRule, table: bool = False) -> str:
    allowed = "recipe everyone at the table eats" if table else "allowed recipe"
    return (f"the weekly rule '{rule.label}' is not applied: no {allowed} is one of the "
            f"{rule.what}")


def parse_rules(entries: Any, label: str, where: str, groups: Mapping[str, frozenset[str]],
                meal_names: Iterable[str] = ()) -> tuple[TagRule, ...]:
    """A list of {tag | group, min, max, label, meals}; ``meals`` names some of
    ``meal_names``."""
    if not isinstance(entries, list):
        raise DataError("expected a list of {tag or group, min, max, label}", file=label,
                        key=where)
    rules = []
    for n, entry in enumerate(entries):
        at = f"{where}[{n}]"
        rule = _Mapping(entry, label, at)
        rule.allow_only("tag", "group", "min", "max", "label", "meals")
        if ("tag" in rule.value) == ("group" in rule.value):
            raise DataError("expected a 'tag' or a 'group' (a protein group), not both",
                            file=label, key=at)
        name = rule.get("tag", rule.get("group"))
        if not isinstance(name, str) or not name:
            raise DataError(f"expected a name, found {_describe(name)}", file=label, key=at)
        group = ""
        if "group" in rule.value:
            if name not in groups:
                raise DataError(f"unknown protein group '{name}'{_did_you_mean(name, groups)}; "
                                f"protein_groups has: {', '.join(groups) or 'none'}",
                                file=label, key=f"{at}.group")
            group = name
        low = rule.integer("min", -1, low=-1, high=50)
        high = rule.integer("max", -1, low=-1, high=50)
        if low < 0 and high < 0:
            raise DataError("expected a 'min' and/or a 'max'", file=label, key=at)
        _check_band(low if low >= 0 else None, high if high >= 0 else None, label, at)
        meals = rule.get("meals", [])
        if isinstance(meals, str):
            meals = [meals]
        known = list(meal_names)
        if not isinstance(meals, list) or not all(isinstance(m, str) for m in meals) or any(
                m not in known for m in meals):
            raise DataError(f"expected a list of meals from: {', '.join(known)}, found "
                            f"{_describe(meals)}", file=label, key=f"{at}.meals")
        default = f"{group} dishes" if group else f"recipes tagged {name}"
        if meals:
            default += f" at {' or '.join(meals)}"
        rules.append(TagRule("" if group else name.casefold(), low if low >= 0 else None,
                             high if high >= 0 else None, str(rule.get("label", default)),
                             group, groups.get(group, frozenset()),
                             tuple(dict.fromkeys(meals))))
    return tuple(rules)


def parse_groups(reader: _Mapping) -> dict[str, frozenset[str]]:
    """protein_groups: name -> the recipe proteins it holds; a protein is in one group."""
    groups: dict[str, frozenset[str]] = {}
    owner: dict[str, str] = {}
    for name in reader.value:
        proteins = reader.get(name)
        where = reader._key(str(name))
        if (not isinstance(name, str) or not name or not isinstance(proteins, list)
                or not proteins or not all(isinstance(p, str) and p.strip() for p in proteins)):
            raise DataError(f"expected a group name and a list of recipe proteins, e.g. "
                            f"'poultry: [chicken, turkey]', found {_describe(proteins)}",
                            file=reader.label, key=where)
        for protein in proteins:
            protein = protein.strip().casefold()
            if protein in owner and owner[protein] != name:
                raise DataError(f"'{protein}' is in two groups ({owner[protein]} and {name})",
                                file=reader.label, key=where)
            owner[protein] = name
        groups[name] = frozenset(p.strip().casefold() for p in proteins)
    return groups


def parse_patterns(reader: _Mapping, groups: Mapping[str, frozenset[str]],
                   diets: Iterable[str], meal_names: Iterable[str] = ()
                   ) -> dict[str, tuple[TagRule, ...]]:
    """patterns: diet (or omnivore, the plan without one) -> its rules."""
    names = [OMNIVORE, *diets]
    patterns = {}
    for name in reader.value:
        if name not in names:
            raise DataError(f"unknown diet '{name}'{_did_you_mean(str(name), names)}; a "
                            f"pattern is for one of: {', '.join(names)}",
                            file=reader.label, key=reader._key(str(name)))
        patterns[str(name)] = parse_rules(reader.get(name) or [], reader.label,
                                          reader._key(str(name)), groups, meal_names)
    return patterns
