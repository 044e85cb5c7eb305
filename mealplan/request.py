"""From what a person asked for to a planning request: the files a plan reads besides the
catalogue and targets (pantry, earlier weeks, staples, household, recipes), the exclusion and
include terms, and the choice of planner (recipes, or single foods).

The command line gives the option values and prints; everything between is here, so a library
caller plans exactly as ``mealplan plan`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

if TYPE_CHECKING:
    from .data import Catalogue, Household, Targets
    from .plan import Plan
    from .preferences import Tastes
    from .recipes import Cookbook


def load_cookbook(spec: str | None, foods_path: str | None, catalogue: "Catalogue"
                  ) -> "Cookbook | None":
    """The cookbook to plan from, or None to plan from single foods: ``--recipes none``, and
    a catalogue of one's own given without recipes (the shipped recipes name shipped foods)."""
    from .recipes import NO_RECIPES, load_recipes

    if spec is not None and spec.strip().casefold() == NO_RECIPES:
        return None
    if spec is None and foods_path is not None:
        return None
    return load_recipes(spec, catalogue)


def split_terms(values: Sequence[str], catalogue: "Catalogue", cookbook: "Cookbook | None" = None
                ) -> list[str]:
    """--exclude takes repeated options and comma-separated lists alike, but a whole food or
    recipe name stays whole: most names have a comma ("Spinach, raw")."""
    names = {food.name.casefold() for food in catalogue.foods}
    names |= {recipe.name.casefold() for recipe in (cookbook.recipes if cookbook else ())}
    terms = []
    for value in values:
        if value.strip().casefold() in names:
            terms.append(value.strip())
        else:
            terms.extend(term.strip() for term in value.split(",") if term.strip())
    return terms


@dataclass(frozen=True)
class PlanFiles:
    """The files a plan reads besides the catalogue and the targets (None: not given)."""

    foods: str | None = None      # the catalogue's path: without recipes it means single foods
    recipes: str | None = None    # a recipes spec: FILE[,FILE...], 'shipped' or 'none'
    pantry: str | None = None
    after: str | None = None      # the week before this one (its leftovers are at home)
    avoid: str | None = None
    keep: str | None = None
    staples: str | None = None    # FILE or 'none'
    household: str | None = None


@dataclass(frozen=True)
class PlanOptions:
    """What a plan is asked to be, for either planner: each field as the command line's
    option of the same name gives it (files already read)."""

    days: int | None = None
    profile: str | None = None
    exclude: Sequence[str] = ()
    diet: str | None = None
    low_caffeine: bool = False
    max_caffeine: float | None = None
    credits: Mapping[str, float] = field(default_factory=dict)
    people: int = 1
    objective: str = "coverage"
    continuous: bool = False
    solver: str = "highs"
    time_limit: float | None = None
    seed: int | None = None
    gap: float | None = None
    pantry: Mapping[str, float] = field(default_factory=dict)  # servings at home, by food
    include: Sequence[str] = ()   # foods (names, tags) that must appear in the week
    avoid: Plan | None = None     # an earlier week not to repeat
    rounds: int | None = None     # column-generation rounds (None: the search settings')
    budget: float | None = None   # most the plan's food may cost, for all people
    keep: Plan | None = None      # an earlier plan whose --lock'ed meals are kept
    locks: Sequence[str] = ()     # "day 2 dinner", "day 3" (every meal of day 3)
    # People sharing one menu, each with their own targets; the exclusions, diet, caffeine cap
    # and credits above then apply to everyone on top of each person's own.
    household: Household | None = None
    staples: frozenset[str] = frozenset()  # foods never bought ("check you have")
    minute_cost: float | None = None  # what a minute at the stove costs (None: the default)
    # Most minutes at the stove on days 1-5 and on days 6-7 of each week (None: no cap).
    weeknight_minutes: float | None = None
    weekend_minutes: float | None = None
    tastes: "Tastes | None" = None  # likes, dislikes, ratings (mealplan.preferences): recipes
    ban: Sequence[tuple[int, str, str]] = ()  # (day, meal, recipe) not to serve there: a swap
    # A budget week cooked from a basket of a few products keeps targets.yaml's
    # recipes.week.on_a_budget variety rules (menu_basket; its plan's settings say so).
    budget_variety: bool = False


@dataclass(frozen=True)
class PlanRequest:
    """Everything a plan is made from, read and checked; ``plan()`` makes it."""

    catalogue: "Catalogue"
    targets: "Targets"
    cookbook: "Cookbook | None"  # None: plan from single foods
    options: PlanOptions

    def plan(self, progress: Callable[[str], None] | None = None) -> "Plan":
        if self.cookbook is None:
            from .planner import plan_week

            return plan_week(self.catalogue, self.targets, self.options, progress=progress)
        from .menu_planner import plan_menu

        return plan_menu(self.catalogue, self.targets, self.cookbook, self.options)


def plan_request(catalogue: "Catalogue", targets: "Targets", files: PlanFiles,
                 tastes: "Tastes", *, exclude: Sequence[str] = (), include: Sequence[str] = (),
                 **settings: Any) -> PlanRequest:
    """Read the files of ``files`` and make the request; ``settings`` are PlanOptions'
    remaining fields (days, profile, diet, budget ...) as given."""
    from .data import load_household, load_pantry
    from .plan import load_plan
    from .staples import load_staples

    pantry = load_pantry(files.pantry, catalogue) if files.pantry is not None else {}
    after = load_plan(files.after) if files.after else None
    if after is not None:
        pantry = after.pantry_after(pantry, catalogue.by_name())
    staples = load_staples(files.staples, catalogue)
    household = (load_household(files.household, targets, catalogue)
                 if files.household is not None else None)
    cookbook = load_cookbook(files.recipes, files.foods, catalogue)
    exclude_terms = split_terms(exclude, catalogue, cookbook)
    if cookbook is None:
        from .preferences import food_dislikes

        exclude_terms += food_dislikes(tastes, catalogue, targets.allergens)
    options = PlanOptions(
        exclude=exclude_terms, pantry=pantry, include=split_terms(include, catalogue),
        avoid=load_plan(files.avoid) if files.avoid else after,
        keep=load_plan(files.keep) if files.keep else None, household=household,
        staples=staples, tastes=tastes, **settings)
    return PlanRequest(catalogue, targets, cookbook, options)

