"""household.yaml: the people who share the menu."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain import Person
from ..errors import DataError
from ..files import _decode, _read_bytes
from ..yamlsafe import parse_yaml
from .foods import Catalogue
from .matching import _did_you_mean, diet_exclusions, profile_exclusions, resolve_exclusions
from .reader import _describe, _Mapping
from .targets import Targets

MAX_MEMBERS = 12
_MEMBER_KEYS = ("name", "profile", "diet", "exclude", "low_caffeine", "max_caffeine", "credits")


@dataclass(frozen=True)
class Household:
    members: tuple[Person, ...]
    source: str = "household.yaml"


def load_household(path: str | Path, targets: Targets, catalogue: Catalogue) -> Household:
    """Read household.yaml: ``people:``, a list of people each with a ``name`` and optionally a
    ``profile``, ``diet``, ``exclude`` list, ``low_caffeine``/``max_caffeine`` and ``credits``.
    """
    label = str(path)
    document = parse_yaml(_decode(_read_bytes(Path(path), label), label), label)
    return household_from_document(document, targets, catalogue, label)


def household_from_document(document: Any, targets: Targets, catalogue: Catalogue,
                            label: str = "household.yaml") -> Household:
    reader = _Mapping(document, label, "")
    reader.require_keys("people")
    reader.allow_only("people")
    people = reader.get("people")
    if not isinstance(people, list) or not people:
        raise DataError(f"expected a list of people, found {_describe(people)}", file=label,
                        key="people")
    if len(people) > MAX_MEMBERS:
        raise DataError(f"{len(people)} people is more than the {MAX_MEMBERS} a household may "
                        f"have; plan larger groups with --people", file=label, key="people")
    members = []
    seen: set[str] = set()
    for n, entry in enumerate(people, start=1):
        members.append(_member(_Mapping(entry, label, f"people[{n}]"), targets, catalogue))
        folded = members[-1].name.casefold()
        if folded in seen:
            raise DataError(f"'{members[-1].name}' is named twice; give each person their own "
                            f"name", file=label, key=f"people[{n}].name")
        seen.add(folded)
    return Household(tuple(members), label)


def _member(entry: "_Mapping", targets: Targets, catalogue: Catalogue) -> Person:
    label = entry.label
    entry.require_keys("name")
    entry.allow_only(*_MEMBER_KEYS)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 40 or any(
            not ch.isprintable() for ch in name):
        raise DataError(f"expected a name of 1 to 40 printable characters, found "
                        f"{_describe(name)}", file=label, key=entry._key("name"))
    profile = entry.get("profile", targets.default_profile)
    if not isinstance(profile, str) or profile not in targets.profiles:
        raise DataError(f"unknown profile {_describe(profile)}"
                        f"{_did_you_mean(str(profile), targets.profiles)}; choose one of: "
                        f"{', '.join(targets.profiles)}", file=label, key=entry._key("profile"))
    diet = entry.get("diet")
    if diet is not None and (not isinstance(diet, str) or diet not in targets.diets):
        raise DataError(f"unknown diet {_describe(diet)}{_did_you_mean(str(diet), targets.diets)}"
                        f"; choose one of: {', '.join(targets.diets)}", file=label,
                        key=entry._key("diet"))
    exclude = entry.get("exclude", [])
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list) or not all(isinstance(t, str) and t.strip()
                                                for t in exclude):
        raise DataError(f"expected a list of foods, tags or aisles, found {_describe(exclude)}",
                        file=label, key=entry._key("exclude"))
    try:
        excluded = resolve_exclusions(catalogue, exclude, option="exclude",
                                      allergens=targets.allergens)
    except DataError as error:
        raise DataError(error.reason, file=label, key=entry._key("exclude")) from None
    excluded |= diet_exclusions(catalogue, targets, diet)
    excluded |= profile_exclusions(catalogue, targets, profile)
    low_caffeine = entry.get("low_caffeine", False)
    if not isinstance(low_caffeine, bool):
        raise DataError(f"expected true or false, found {_describe(low_caffeine)}", file=label,
                        key=entry._key("low_caffeine"))
    max_caffeine = entry.number("max_caffeine")
    if low_caffeine and max_caffeine is not None:
        raise DataError("give low_caffeine or max_caffeine, not both", file=label,
                        key=entry._key("max_caffeine"))
    credits = {}
    credit_map = entry.child("credits", {})
    for key in credit_map.value:
        if key not in targets.nutrients:
            raise DataError(f"unknown nutrient{_did_you_mean(str(key), targets.nutrients)}; "
                            f"choose one of: {', '.join(targets.nutrients)}", file=label,
                            key=credit_map._key(str(key)))
        credits[key] = credit_map.number(key) or 0.0
    return Person(name=name.strip(), credits=credits, profile=profile, diet=diet,
                  exclude=tuple(exclude), excluded=frozenset(excluded),
                  caffeine_cap_mg=targets.low_caffeine_mg if low_caffeine else max_caffeine)
