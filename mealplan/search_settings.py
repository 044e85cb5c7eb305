"""The food-level planner's search knobs, in one object passed down (tests and benchmarks make
their own instead of patching module constants).

``SearchBase`` holds what every search has: a round budget, a target gap, a safety-net time
limit and a reduced-cost tolerance, how the last two grow with a household, and node budgets
for its day solves.  The recipe search's ``menu_search.SearchSettings`` derives
from it too, with its own defaults.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchBase:
    """What every search has: how long, how close, how exact."""

    rounds: int = 8            # column-generation rounds at most (a work budget)
    # Stop once the week is proven this close to the bound (None: targets.yaml's planner gap).
    target_gap: float | None = None
    time_limit: float = 60.0   # safety net, seconds
    tolerance: float = 1e-6    # reduced costs above -tolerance (per day's cost) are zero
    # A household's day model grows with every person (HiGHS root work of about 0.8 s for
    # three people, 2.3 s for four at single foods, 3-5 s for four at recipes, against 0.5 s
    # for one), so its default safety net grows too, and its work budget is fewer rounds.
    time_limit_per_person: float = 30.0
    household_rounds: int = 4
    # Branch-and-bound nodes a priced day may take (None: until its gap), and a greedy or
    # re-priced day, which needs a good day rather than a proven one: work budgets, so the
    # same request plans the same week on any machine.
    pricing_nodes: int | None = None
    greedy_nodes: int | None = None

    def safety_net(self, people: int) -> float:
        """The time limit when none is given, for a household of ``people`` (0: one person)."""
        return max(self.time_limit, self.time_limit_per_person * people)

    def rounds_for(self, people: int) -> int:
        """The round budget when none is given, for a household of ``people``."""
        return self.household_rounds if people > 1 else self.rounds


@dataclass(frozen=True)
class FoodSearchSettings(SearchBase):
    """The food-level planner's knobs (planner.py), defaults in one place.

    Work budgets, not wall-clock limits, decide when the search stops, so the same input gives
    the same plan on any machine; the time limit is only a safety net (a plan stopped by it
    says so).  A pricing solve explores at most ``pricing_nodes`` branch-and-bound nodes
    (HiGHS's root work dominates anyway, about 0.4 s on the shipped catalogue); column
    generation runs at most ``rounds`` rounds.
    """

    # Above this many allowed foods the weekly model plans from a core of the most useful
    # ones: each pricing solve grows with the catalogue (seconds per solve at 1,000 foods).
    core_foods: int = 250
    core_per_nutrient: int = 15
    core_per_meal: int = 15
    pricing_nodes: int | None = 500
    # The greedy first week needs good days, not proven ones: once caps bite, a proof can take
    # ten times the root's work.
    greedy_nodes: int | None = 50
    greedy_repeat: float = 0.3
    # Pricing rounds per fixed day when diving for an integer week.
    dive_rounds: int = 3
    # Share of the target gap the pricing problems' own tolerance may use up; the rest is left
    # for the distance between the linear and the integer week.
    pricing_gap_share: float = 0.3
    # A food that has used up its max_days in the greedy first week is priced out with this
    # charge.
    forbidden: float = 1e5
    # Weight of the best-bound duals in the smoothed pricing point.
    smoothing: float = 0.5
    # The one-piece weekly model is built and solved beside column generation only while it
    # is small enough to help: on larger catalogues its build alone would eat the time limit.
    week_bound_max_foods: int = 600
    # --budget: a food's first package is charged at these multiples of its price when a week
    # is built for the till, until a week within the budget turns up.
    budget_charges: tuple[float, ...] = (1.0, 10.0, 100.0, 1000.0)

