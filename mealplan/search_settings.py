"""The searches' knobs, each search's in one object passed down (tests and benchmarks make
their own instead of patching module constants).

``SearchBase`` holds what every search has: a round budget, a target gap, a safety-net time
limit and a reduced-cost tolerance, how the last two grow with a household, and node budgets
for its day solves.  ``SearchSettings`` (the recipe search's) and ``FoodSearchSettings`` (the
single-food search's) derive from it, each with its own defaults.
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
    """The food-level planner's knobs (mealplan/food/), defaults in one place.

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


@dataclass(frozen=True)
class SearchSettings(SearchBase):
    """The recipe search's knobs, in one place, passed down (tests and benchmarks make their
    own); the fields every search has (rounds, target gap, time limit, tolerance, the
    household's safety net and rounds, node budgets) come from ``SearchBase``, with this
    search's defaults."""

    # Column-generation rounds at most: the linear week converges to within a few per cent in
    # six, and whole packages (the exact week) matter more than the last of it.
    rounds: int = 6
    target_gap: float | None = 0.01  # stop once the week is proven this close to the bound
    pricing_gap: float = 1e-3    # each day solve's own relative gap ...
    pricing_abs_gap: float = 0.01  # ... or absolute (a cent a day): the bound stays proven
    week_gap: float = 0.002      # the integer week's relative gap
    week_time_share: float = 0.5  # of the remaining time, at most, for the integer week
    # The safety net, CPU seconds: far above the work the budgets allow one person (a default
    # week is 27 s of work on a quick 2-core machine, 55 s on a slow one, where a 30 s net
    # cut the package passes and gave a dearer week than the quick machine's).  A table has
    # 60 s a person: a family of four is 300 s of work on the slow machine, and at 30 s a
    # person (120 s) it found no whole week there at all (exit 1).
    time_limit: float = 120.0
    time_limit_per_person: float = 60.0
    # What a recipe the rules forbid costs in a greedy day: more than a day far short of every
    # target for everyone at the table (shortfalls cost SHORTFALL_WEIGHT each, per person).
    forbidden: float = 1e6
    # What reusing a recipe costs in a greedy day: more than the package it would share, or a
    # household's greedy week keeps meeting the rule that days share at most one dish.
    greedy_repeat: float = 10.0
    # What a dish that a weekly minimum needs today is worth in a greedy day: more than a
    # day short of every target (a minimum is a hard rule).
    rule_needed: float = 1e4
    # ... and in the days that seed the first master: about two dishes' price.
    rule_seed: float = 10.0
    greedy_gap: float = 1e-3     # a greedy day's relative gap
    # Seconds a solve that the first whole week depends on (the first days, the weekly
    # minimums' seed days, a greedy day, the integer week) may take whatever the clock says:
    # node budgets, not a short limit already spent, decide them (cut at 0.05-0.2 s, a seed
    # found no poultry day, the integer week failed and the greedy week took 10 s).
    day_floor: float = 2.0
    variant_margin: float = 3.0   # how much dearer than its day a one-dish variant may be
    variants_per_column: int = 40
    week_columns: int = 400       # the integer week chooses among this many best columns
    smoothing: float = 0.3        # weight of the best-bound prices when pricing
    order_attempts: int = 5       # day sets tried before the integer program by day
    week_nodes: int = 500         # branch-and-bound nodes for the integer week (a work budget)
    improve_passes: int = 3       # passes of one-day re-pricing on the exact week (packages)
    improve_pool: int = 80        # of the pool's best days, tried at each day of those passes

    @classmethod
    def for_table(cls, people: int) -> "SearchSettings":
        """The defaults for a table of ``people``.  A day for several people is a far bigger
        program (each person's portions, sides and nutrient rows): a looser gap per priced
        day and fewer rounds keep a family's week within a minute, and the safety net grows
        with the table."""
        if people <= 1:
            return cls()
        # Each person's meals keep to their shares of the day's energy, which makes a
        # family's day solve to 0.1 % in 20-90 s instead of 2-3 s, and to 2 % in 4-25 s: a
        # priced day stops at 2 % or a node budget (its root alone is 3-5 s for four people,
        # the 2 % may take 400 nodes and 20 s), and a greedy or re-priced day, which needs a
        # good day rather than a proven one, at fewer nodes.
        alone = cls()
        return cls(pricing_gap=0.02, pricing_abs_gap=0.5, rounds=alone.rounds_for(people),
                   greedy_gap=0.02, pricing_nodes=100, greedy_nodes=30,
                   time_limit=alone.safety_net(people))
