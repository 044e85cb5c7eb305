"""The single-food PuLP models.  Pure: no I/O, no solving.

The week is planned by Dantzig-Wolfe decomposition (column generation).  A *day model* chooses
one day's menu: whole servings of foods in meal slots, with every daily rule.  A *master model*
chooses which of the day menus found so far make up the week, under the weekly rules that couple
the days (a food on at most ``max_days`` days, a penalty for repeats).  The master's dual prices
tell the day model which foods the week is already using too much, so each new day menu is the
most useful one to add.  The linear master over all possible day menus gives a lower bound on
the best week far tighter than the linear relaxation of a one-piece weekly model, which is what
lets the planner prove a small optimality gap quickly (see bench/ for the figures).

``week.week_model`` builds that one-piece weekly model too: it is the reference the benchmarks
compare against, and the model a user's constraints are checked with when diagnosing
infeasibility.

Every constraint is named after the rule it enforces (``min_magnesium_mg_day3``), so a report
can say which target failed.  ``problem`` holds the problem and its day menus, ``day``
the day model, ``week`` the master, the one-piece week and the continuous diet LP.
"""

from .day import DayModel, DayVars, add_day, day_model
from .problem import (AVOID_WEIGHT, OBJECTIVES, SHORTFALL_WEIGHT, Column, Problem, Row,
                      ShoppingLine, Weights, constraint_name, kind_slug, objective_weights)
from .week import (ARTIFICIAL_COST, ContinuousModel, MasterModel, WeekModel, continuous_model,
                   master_model, too_alike, week_model)

__all__ = ["ARTIFICIAL_COST", "AVOID_WEIGHT", "Column", "ContinuousModel", "DayModel", "DayVars",
           "MasterModel", "OBJECTIVES", "Problem", "Row", "SHORTFALL_WEIGHT", "ShoppingLine",
           "WeekModel", "Weights", "add_day", "constraint_name", "continuous_model", "day_model",
           "kind_slug", "master_model", "objective_weights", "too_alike", "week_model"]
