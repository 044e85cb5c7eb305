"""targets.yaml: nutrients and their targets, profiles, diets, planner and recipe rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..errors import DataError
from ..shopping import ShoppingRules
from .costs import DEFAULT_MINUTE_COST, shopping_rules
from ..files import _decode, _read_bytes
from ..yamlsafe import parse_yaml
from .limits import MAX_FOODS_PER_MEAL, MAX_SERVINGS, MEAL_NAMES
from .matching import _did_you_mean, _words, phrase_key
from .reader import _check_band, _describe, _Mapping
from .portions import parse_meal_shares, parse_portions
from .week import OMNIVORE, TagRule, parse_groups, parse_patterns, parse_rules

if TYPE_CHECKING:
    from ..recipes import Recipe
    from .foods import Catalogue

NUTRIENT_KEY = _KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


# --------------------------------------------------------------------------------------------
# Typed data


# A soft maximum passed is counted, beside the shortfalls, under this prefix and its key.
OVER = "over:"


@dataclass(frozen=True)
class Nutrient:
    key: str
    label: str
    unit: str
    min: float | None = None
    max: float | None = None
    # A hard minimum must be met exactly (energy); a soft one may fall short, at a heavy penalty,
    # so an impossible target still yields the closest plan and an explanation.
    hard: bool = False
    # Which coverage table shows it: "" (the headline) or a section's title ("More nutrients").
    section: str = ""
    # A soft maximum (a guideline such as sodium's, not a safety limit) may be passed, at the
    # same heavy penalty as a shortfall, and the plan says so; a hard one (a UL) never.
    soft_max: bool = False


@dataclass(frozen=True)
class MealRule:
    name: str
    min_foods: int
    max_foods: int
    kcal_share: tuple[float, float]
    # The meal includes at least one food from one of these aisles (e.g. a vegetable or fruit).
    require_categories: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlannerSettings:
    days: int = 7
    meals: tuple[MealRule, ...] = ()
    foods_per_day: tuple[int, int] = (6, 14)
    max_days_per_food: int = 3
    # No two days share more than this share of the smaller day's foods.
    max_shared_foods: float = 0.5
    max_servings: int = 2
    gap: float = 0.01
    # At most this many foods from one aisle at one meal (no rice and pasta at one dinner).
    max_per_meal: Mapping[str, int] = field(default_factory=dict)

    @property
    def meal_names(self) -> tuple[str, ...]:
        return tuple(rule.name for rule in self.meals)


@dataclass(frozen=True)
class RecipeRules:
    """How a day is built from recipes and how the days of a week differ (targets.yaml)."""

    meals: tuple[str, ...] = ("breakfast", "lunch", "dinner")
    optional_meals: tuple[str, ...] = ("snack",)
    # A person's portion of a dish: a whole number of ``portion_step`` from their smallest
    # (``portion_min``, or their profile's in ``portion_min_by_profile``) to ``portion_max``.
    portion_step: float = 0.5
    portion_min: float = 1.0
    portion_max: float = 2.0
    portion_min_by_profile: Mapping[str, float] = field(default_factory=dict)
    # Meal -> (lowest, highest) share of each person's day's energy, the meal's sides included.
    meal_shares: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    sides_per_day: int = 4
    side_max_servings: int = 2
    side_categories: frozenset[str] = frozenset()
    side_meals: frozenset[str] = frozenset({"snack"})
    side_max_per_aisle: Mapping[str, int] = field(default_factory=dict)
    recipe_max_days: int = 2
    recipe_consecutive: bool = False
    max_shared_recipes: int = 1
    # A routine: a recipe served only at these meals (the same breakfast most mornings, one
    # box of cereal bought for it) may be on ``routine_max_days`` days, days in a row too,
    # and is not what makes two days alike.
    routine_meals: frozenset[str] = frozenset()
    routine_max_days: int = 2
    protein_changes: tuple[str, ...] = ("dinner",)
    # A week planned after another (--after, --avoid) avoids the dishes of this many weeks.
    remember_weeks: int = 3
    tag_rules: tuple[TagRule, ...] = ()
    # The Dietary Guidelines' protein subgroups as recipe proteins, and each diet's weekly
    # pattern over them (``for_diet`` adds a plan's pattern to ``tag_rules``).
    protein_groups: Mapping[str, frozenset[str]] = field(default_factory=dict)
    patterns: Mapping[str, tuple[TagRule, ...]] = field(default_factory=dict)
    # Leftovers: a dish with one of these own tags may be cooked with up to
    # ``leftover_portions`` more portions a person and eaten again at one of
    # ``leftover_meals`` within ``fridge_days`` of cooking.
    leftover_tags: frozenset[str] = frozenset()
    leftover_meals: tuple[str, ...] = ("lunch", "dinner")
    fridge_days: int = 3
    leftover_portions: int = 2
    # Under a budget the week above cannot afford: the variety rules a week cooked from a
    # few cheap products keeps instead (recipe_max_days, recipe_consecutive,
    # max_shared_recipes), applied by ``on_a_budget``.  Empty: the same rules.
    budget_variety: Mapping[str, int | bool] = field(default_factory=dict)

    @property
    def all_meals(self) -> tuple[str, ...]:
        return self.meals + self.optional_meals

    def routine(self, recipe: "Recipe") -> bool:
        return bool(self.routine_meals) and set(recipe.meals) <= self.routine_meals

    def max_days(self, recipe: "Recipe") -> int:
        """The most days of a week ``recipe`` may be on."""
        if self.routine(recipe):
            return max(self.recipe_max_days, self.routine_max_days)
        return self.recipe_max_days

    def runs(self, recipe: "Recipe") -> bool:
        """Whether ``recipe`` may be on two days in a row."""
        return self.recipe_consecutive or self.routine(recipe)

    def smallest_portion(self, profile: str | None) -> float:
        return self.portion_min_by_profile.get(profile or "", self.portion_min)

    def portion_levels(self, profile: str | None = None) -> tuple[float, ...]:
        """The portions a person of ``profile`` may have of a dish (None: anyone's)."""
        low = (min((self.portion_min, *self.portion_min_by_profile.values()))
               if profile is None else self.smallest_portion(profile))
        first = round(low / self.portion_step)
        last = round(self.portion_max / self.portion_step)
        return tuple(round(k * self.portion_step, 9) for k in range(first, last + 1))

    @property
    def portions(self) -> tuple[float, ...]:
        """Every portion size anyone may have, smallest first."""
        return self.portion_levels(None)

    def on_a_budget(self) -> "RecipeRules":
        """The rules of a week cooked from a budget's basket (``budget_variety``)."""
        return replace(self, **self.budget_variety)

    def for_diet(self, diet: str | None) -> "RecipeRules":
        """The rules a plan on ``diet`` (None: no diet, the omnivore's pattern) is held to:
        the tag rules every plan has and the diet's own pattern; a diet without a pattern
        has only the tag rules."""
        if not self.patterns:
            return self
        return replace(self, tag_rules=self.tag_rules + self.patterns.get(diet or OMNIVORE, ()),
                       patterns={})


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    overrides: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    # Foods with these tags are left out for this profile (targets.yaml's food_safety), and why.
    exclude_tags: frozenset[str] = frozenset()
    safety_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diet:
    name: str
    label: str
    exclude_tags: frozenset[str]


@dataclass(frozen=True)
class Targets:
    nutrients: Mapping[str, Nutrient]
    profiles: Mapping[str, Profile]
    default_profile: str
    diets: Mapping[str, Diet]
    low_caffeine_mg: float
    credits: Mapping[str, float]
    planner: PlannerSettings
    source: str = "targets.yaml"
    recipes: RecipeRules = RecipeRules()
    # --exclude words that stand for groups of tags ("nuts" -> tree nuts and peanuts), keyed by
    # their words joined with '-' ("tree-nuts").
    allergens: Mapping[str, frozenset[str]] = field(default_factory=dict)
    shopping: ShoppingRules = ShoppingRules()
    minute_cost: float = DEFAULT_MINUTE_COST   # what a minute at the stove costs the week

    def for_profile(self, name: str | None = None) -> dict[str, Nutrient]:
        """The nutrient targets for one profile (the default profile when ``name`` is None)."""
        name = name or self.default_profile
        if name not in self.profiles:
            raise DataError(
                f"unknown profile '{name}'{_did_you_mean(name, self.profiles)}; "
                f"choose one of: {', '.join(self.profiles)}",
            )
        overrides = self.profiles[name].overrides
        result = {}
        for key, nutrient in self.nutrients.items():
            change = overrides.get(key, {})
            result[key] = Nutrient(
                key, nutrient.label, nutrient.unit,
                change.get("min", nutrient.min), change.get("max", nutrient.max), nutrient.hard,
                nutrient.section, nutrient.soft_max,
            )
        return result



def default_targets_path() -> Any:
    return resources.files("mealplan") / "data" / "targets.yaml"


def load_targets(path: str | Path | None = None) -> Targets:
    """Load targets.yaml (the packaged default when ``path`` is None)."""
    source = default_targets_path() if path is None else Path(path)
    label = "targets.yaml" if path is None else str(path)
    document = parse_yaml(_decode(_read_bytes(source, label), label), label)
    return _targets_from_document(document, label)


def _targets_from_document(document: Any, label: str) -> Targets:
    reader = _Mapping(document, label, "")
    reader.require_keys("nutrients")
    reader.allow_only("version", "nutrients", "default_profile", "profiles", "diets",
                      "low_caffeine_mg", "credits", "planner", "recipes", "allergens",
                      "food_safety", "shopping")
    version = reader.get("version", 1)
    if version != 1:
        raise DataError(f"unsupported version {version!r}; this mealplan reads version 1",
                        file=label, key="version")

    nutrients: dict[str, Nutrient] = {}
    nutrients_map = reader.child("nutrients")
    if not nutrients_map.value:
        raise DataError("expected at least one nutrient", file=label, key="nutrients")
    for key in nutrients_map.value:
        if not isinstance(key, str) or not _KEY_PATTERN.match(key):
            raise DataError(
                "nutrient keys are lower-case names like 'iron_mg' (letters, digits, _)",
                file=label, key=f"nutrients.{key}",
            )
        entry = nutrients_map.child(key)
        entry.allow_only("label", "unit", "min", "max", "hard", "section", "soft_max")
        nutrient = Nutrient(
            key,
            label=str(entry.get("label", key)),
            unit=str(entry.get("unit", "")),
            min=entry.number("min"),
            max=entry.number("max"),
            hard=bool(entry.get("hard", False)),
            section=str(entry.get("section", "")),
            soft_max=bool(entry.get("soft_max", False)),
        )
        # Neither min nor max: the nutrient is tracked (shown in the coverage table), not planned.
        _check_band(nutrient.min, nutrient.max, label, f"nutrients.{key}")
        nutrients[key] = nutrient

    profiles: dict[str, Profile] = {}
    profiles_map = reader.child("profiles", default={})
    for name in profiles_map.value:
        entry = profiles_map.child(name)
        entry.allow_only("label", "targets")
        overrides: dict[str, dict[str, float]] = {}
        targets_map = entry.child("targets", default={})
        for key in targets_map.value:
            where = f"profiles.{name}.targets.{key}"
            if key not in nutrients:
                raise DataError(
                    f"unknown nutrient '{key}'{_did_you_mean(key, nutrients)}",
                    file=label, key=where,
                )
            change = targets_map.child(key)
            change.allow_only("min", "max")
            overrides[key] = {k: change.number(k) for k in ("min", "max") if k in change.value}
            base = nutrients[key]
            _check_band(overrides[key].get("min", base.min), overrides[key].get("max", base.max),
                        label, where)
        profiles[str(name)] = Profile(str(name), str(entry.get("label", name)), overrides)
    _food_safety(reader, profiles, label)
    default_profile = str(reader.get("default_profile", "default"))
    if default_profile not in profiles:
        if "default_profile" in reader.value:
            raise DataError(
                f"'{default_profile}' is not one of the profiles", file=label, key="default_profile"
            )
        profiles[default_profile] = Profile(default_profile, "Default")

    diets: dict[str, Diet] = {}
    diets_map = reader.child("diets", default={})
    for name in diets_map.value:
        entry = diets_map.child(name)
        entry.allow_only("label", "exclude_tags")
        tags = entry.get("exclude_tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise DataError("expected a list of tags", file=label,
                            key=f"diets.{name}.exclude_tags")
        diets[str(name)] = Diet(str(name), str(entry.get("label", name)),
                                frozenset(t.lower() for t in tags))

    credits_map = reader.child("credits", default={})
    credits: dict[str, float] = {}
    for key in credits_map.value:
        if key not in nutrients:
            raise DataError(f"unknown nutrient '{key}'{_did_you_mean(key, nutrients)}",
                            file=label, key=f"credits.{key}")
        credits[key] = credits_map.number(key)  # type: ignore[assignment]

    low_caffeine = reader.number("low_caffeine_mg")
    if "allergens" in reader.value:
        allergens = _allergens(reader.child("allergens", default={}), label)
    else:
        # A person's own targets file still knows what "nuts" means to someone with an
        # allergy: the shipped groups apply unless the file says otherwise (allergens: {}).
        allergens = _shipped_allergens()
    shopping, minute_cost = shopping_rules(reader.child("shopping", default={}))
    return Targets(
        nutrients=nutrients,
        profiles=profiles,
        default_profile=default_profile,
        diets=diets,
        low_caffeine_mg=100.0 if low_caffeine is None else low_caffeine,
        credits=credits,
        planner=_planner_settings(reader.child("planner", default={}), label),
        source=label,
        recipes=_recipe_rules(reader.child("recipes", default={}), label, profiles, diets),
        allergens=allergens,
        shopping=shopping,
        minute_cost=minute_cost,
    )


def _food_safety(reader: _Mapping, profiles: dict[str, Profile], label: str) -> None:
    """food_safety: rules that leave high-risk foods out for some profiles (pregnancy, young
    children), each with the tags it removes and the reason a message gives."""
    rules = reader.child("food_safety", default={})
    for name in rules.value:
        rule = rules.child(name)
        rule.require_keys("profiles", "exclude_tags", "reason")
        rule.allow_only("profiles", "exclude_tags", "reason")
        names, tags = rule.get("profiles"), rule.get("exclude_tags")
        for key, value in (("profiles", names), ("exclude_tags", tags)):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise DataError("expected a list of names", file=label,
                                key=f"food_safety.{name}.{key}")
        for profile in names:
            if profile not in profiles:
                raise DataError(f"unknown profile '{profile}'{_did_you_mean(profile, profiles)}",
                                file=label, key=f"food_safety.{name}.profiles")
            old = profiles[profile]
            profiles[profile] = Profile(old.name, old.label, old.overrides,
                                        old.exclude_tags | {t.lower() for t in tags},
                                        (*old.safety_reasons, str(rule.get("reason"))))


def _meal_list(reader: "_Mapping", key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = reader.get(key, list(default))
    if not isinstance(value, list) or not all(v in MEAL_NAMES for v in value):
        raise DataError(f"expected a list of meals from: {', '.join(MEAL_NAMES)}; found "
                        f"{_describe(value)}", file=reader.label, key=reader._key(key))
    return tuple(value)


def _recipe_rules(reader: "_Mapping", label: str, profiles: Mapping[str, Profile],
                  diets: Iterable[str] = ()) -> RecipeRules:
    reader.allow_only("meals", "optional_meals", "portions", "meal_shares", "sides", "week",
                      "leftovers")
    meals = _meal_list(reader, "meals", RecipeRules.meals)
    optional = _meal_list(reader, "optional_meals", RecipeRules.optional_meals)
    if not meals or set(meals) & set(optional):
        raise DataError("expected at least one meal, and no meal both in meals and "
                        "optional_meals", file=label, key="recipes.meals")
    step, smallest, largest, by_profile = parse_portions(reader, label, profiles)
    sides = reader.child("sides", default={})
    sides.allow_only("per_day", "max_servings", "categories", "meals", "max_per_aisle")
    per_aisle = sides.child("max_per_aisle", default={})
    max_per_aisle = {str(aisle).lower(): per_aisle.integer(aisle, 1, low=0)
                     for aisle in per_aisle.value}
    categories = sides.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise DataError("expected a list of aisles", file=label, key="recipes.sides.categories")
    week = reader.child("week", default={})
    week.allow_only("recipe_max_days", "recipe_consecutive", "max_shared_recipes", "routine",
                    "protein_changes", "remember_weeks", "tags", "protein_groups", "patterns",
                    "on_a_budget")
    consecutive = week.flag("recipe_consecutive", False)
    budget = week.child("on_a_budget", default={})
    budget.allow_only("recipe_max_days", "recipe_consecutive", "max_shared_recipes")
    budget_variety: dict[str, int | bool] = {}
    if "recipe_max_days" in budget.value:
        budget_variety["recipe_max_days"] = budget.integer("recipe_max_days", 2, low=1,
                                                           high=366)
    if "recipe_consecutive" in budget.value:
        budget_variety["recipe_consecutive"] = budget.flag("recipe_consecutive", False)
    if "max_shared_recipes" in budget.value:
        budget_variety["max_shared_recipes"] = budget.integer("max_shared_recipes", 1, low=0,
                                                              high=10)
    groups = parse_groups(week.child("protein_groups", default={}))
    meal_names = (*meals, *optional)
    routine = week.child("routine", default={})
    routine.allow_only("meals", "recipe_max_days")
    routine_meals = _meal_list(routine, "meals", ())
    if set(routine_meals) - set(meal_names):
        raise DataError(f"expected meals of {', '.join(meal_names)}", file=label,
                        key="recipes.week.routine.meals")
    tag_rules = parse_rules(week.get("tags", []), label, "recipes.week.tags", groups,
                            meal_names)
    patterns = parse_patterns(week.child("patterns", default={}), groups, diets, meal_names)
    leftovers = reader.child("leftovers", default={})
    leftovers.allow_only("tags", "meals", "fridge_days", "portions")
    leftover_tags = leftovers.get("tags", [])
    if not isinstance(leftover_tags, list) or not all(isinstance(t, str) for t in leftover_tags):
        raise DataError("expected a list of recipe tags", file=label,
                        key="recipes.leftovers.tags")
    return RecipeRules(
        leftover_tags=frozenset(t.casefold() for t in leftover_tags),
        leftover_meals=_meal_list(leftovers, "meals", RecipeRules.leftover_meals),
        fridge_days=leftovers.integer("fridge_days", RecipeRules.fridge_days, low=1, high=14),
        leftover_portions=leftovers.integer("portions", RecipeRules.leftover_portions, low=0,
                                            high=10),
        meals=meals, optional_meals=optional,
        portion_step=step, portion_min=smallest, portion_max=largest,
        portion_min_by_profile=by_profile,
        meal_shares=parse_meal_shares(reader, label, meals + optional),
        sides_per_day=sides.integer("per_day", RecipeRules.sides_per_day, low=0, high=20),
        side_max_servings=sides.integer("max_servings", RecipeRules.side_max_servings, low=1,
                                        high=10),
        side_categories=frozenset(c.lower() for c in categories),
        side_meals=frozenset(_meal_list(sides, "meals", ("snack",))),
        side_max_per_aisle=max_per_aisle,
        recipe_max_days=week.integer("recipe_max_days", RecipeRules.recipe_max_days, low=1,
                                     high=366),
        recipe_consecutive=consecutive,
        max_shared_recipes=week.integer("max_shared_recipes", RecipeRules.max_shared_recipes,
                                        low=0, high=10),
        routine_meals=frozenset(routine_meals),
        routine_max_days=routine.integer("recipe_max_days", RecipeRules.routine_max_days,
                                         low=1, high=366),
        protein_changes=_meal_list(week, "protein_changes", RecipeRules.protein_changes),
        remember_weeks=week.integer("remember_weeks", RecipeRules.remember_weeks, low=1,
                                    high=52),
        tag_rules=tag_rules, protein_groups=groups, patterns=patterns,
        budget_variety=budget_variety,
    )


def _allergens(reader: "_Mapping", label: str) -> dict[str, frozenset[str]]:
    groups: dict[str, frozenset[str]] = {}
    for word in reader.value:
        tags = reader.get(word)
        if (not isinstance(word, str) or not _words(word) or not isinstance(tags, list)
                or not tags or not all(isinstance(t, str) and t.strip() for t in tags)):
            raise DataError(f"expected a word and a list of tags, e.g. 'nuts: [nuts, peanuts]', "
                            f"found {_describe(tags)}", file=label, key=f"allergens.{word}")
        groups[phrase_key(word)] = frozenset(t.strip().lower() for t in tags)
    return groups


def _shipped_allergens() -> dict[str, frozenset[str]]:
    label = "targets.yaml"
    document = parse_yaml(_decode(_read_bytes(default_targets_path(), label), label), label)
    if not isinstance(document, dict) or "allergens" not in document:
        return {}
    return _allergens(_Mapping(document, label, "").child("allergens", default={}), label)


def _planner_settings(reader: "_Mapping", label: str) -> PlannerSettings:
    reader.allow_only("days", "meals", "foods_per_day", "max_days_per_food", "max_shared_foods",
                      "max_servings",
                      "gap", "max_per_meal")
    meals_map = reader.child("meals", default={name: {} for name in MEAL_NAMES})
    rules = []
    for name in meals_map.value:
        if name not in MEAL_NAMES:
            raise DataError(f"unknown meal '{name}'; meals are {', '.join(MEAL_NAMES)}",
                            file=label, key=f"planner.meals.{name}")
        entry = meals_map.child(name)
        entry.allow_only("min_foods", "max_foods", "kcal_share", "require_categories")
        share = entry.pair("kcal_share", (0.0, 1.0))
        if not 0 <= share[0] <= share[1] <= 1:
            raise DataError("expected [low, high] with 0 <= low <= high <= 1", file=label,
                            key=f"planner.meals.{name}.kcal_share")
        min_foods = entry.integer("min_foods", 1, low=0, high=MAX_FOODS_PER_MEAL)
        max_foods = entry.integer("max_foods", 4, low=1, high=MAX_FOODS_PER_MEAL)
        if min_foods > max_foods:
            raise DataError(f"min_foods {min_foods} is more than max_foods {max_foods}",
                            file=label, key=f"planner.meals.{name}")
        required = entry.get("require_categories", [])
        if not isinstance(required, list) or not all(isinstance(c, str) for c in required):
            raise DataError("expected a list of aisles, e.g. [produce, frozen]", file=label,
                            key=f"planner.meals.{name}.require_categories")
        rules.append(MealRule(name, min_foods, max_foods, share,
                              frozenset(c.lower() for c in required)))
    if not rules:
        raise DataError("expected at least one meal", file=label, key="planner.meals")
    foods_per_day = reader.pair("foods_per_day", (1, 30))
    if foods_per_day[0] > foods_per_day[1]:
        raise DataError("expected [low, high] with low <= high", file=label,
                        key="planner.foods_per_day")
    per_meal = reader.child("max_per_meal", default={})
    max_per_meal = {str(category).lower(): per_meal.integer(category, 1, low=1,
                                                            high=MAX_FOODS_PER_MEAL)
                    for category in per_meal.value}
    shared = reader.number("max_shared_foods")
    if shared is not None and not 0 < shared <= 1:
        raise DataError("expected a share of a day's foods between 0 and 1, e.g. 0.5",
                        file=label, key="planner.max_shared_foods")
    gap = reader.number("gap")
    if gap is not None and not 0 <= gap < 1:
        raise DataError("expected a fraction between 0 and 1, e.g. 0.005", file=label,
                        key="planner.gap")
    return PlannerSettings(
        days=reader.integer("days", 7, low=1, high=366),
        meals=tuple(rules),
        foods_per_day=(int(foods_per_day[0]), int(foods_per_day[1])),
        max_shared_foods=0.5 if shared is None else shared,
        max_days_per_food=reader.integer("max_days_per_food", 3, low=1, high=366),
        max_servings=reader.integer("max_servings", 2, low=1, high=MAX_SERVINGS),
        gap=0.01 if gap is None else gap,
        max_per_meal=max_per_meal,
    )


def aisle_warnings(catalogue: "Catalogue", targets: Targets) -> list[str]:
    """Planner rules that name aisles the food table does not have (a catalogue of one's own
    may sort foods differently): a meal rule none of whose aisles exist is skipped when
    planning."""
    aisles = {food.category for food in catalogue.foods}
    warnings = []
    for rule in targets.planner.meals:
        missing = sorted(rule.require_categories - aisles)
        if missing:
            skipped = "; the rule is skipped" if len(missing) == len(
                rule.require_categories) else ""
            warnings.append(f"planner.meals.{rule.name}.require_categories in {targets.source} "
                            f"names {_aisles(missing)} that {catalogue.source} does not have"
                            f"{skipped}")
    missing = sorted(set(targets.planner.max_per_meal) - aisles)
    if missing:
        warnings.append(f"planner.max_per_meal in {targets.source} names {_aisles(missing)} "
                        f"that {catalogue.source} does not have")
    return warnings


def _aisles(names: list[str]) -> str:
    return ("aisle " if len(names) == 1 else "aisles ") + ", ".join(f"'{n}'" for n in names)
