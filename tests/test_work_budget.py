"""A time limit is a safety net, never a verdict: the search measures its work in CPU seconds
(the same week on a busy machine), and a limit that fires gives the best whole week found,
labelled unproven, or says the time ran out; it never claims the week is impossible."""

from __future__ import annotations

import time

import pytest

from mealplan.errors import InfeasibleError, SolverError
from mealplan.menu_planner import prepare_menu
from mealplan.menu_search import search
from mealplan.search_settings import SearchSettings
from mealplan.planner import PlanOptions
from mealplan.solve import wall_for, work_seconds


def test_the_clock_is_cpu_time_not_the_wall():
    before = work_seconds()
    time.sleep(0.3)  # the wall moves, the work does not
    assert work_seconds() - before < 0.1
    # A solver is given at least the wall time the work stands for.
    assert wall_for(2.0) >= 2.0
    assert wall_for(-5.0, floor=0.2) >= 0.2


def test_a_spent_time_limit_still_gives_a_whole_week_labelled_unproven(catalogue, targets,
                                                                         small_cookbook):
    prepared = prepare_menu(catalogue, targets, small_cookbook, PlanOptions(days=2))
    outcome = search(prepared.problem, SearchSettings(), 0.0)  # a limit already spent
    assert len(outcome.week) == 2 and all(day is not None for day in outcome.week)
    assert not outcome.optimal
    assert "the time limit stopped the search early; the week is not proven" in outcome.warnings


def test_package_passes_the_clock_stopped_are_labelled(catalogue, targets, small_cookbook,
                                                       monkeypatch):
    """The passes that buy whole packages stop on the clock: a week they did not finish says
    so (on a slow machine the 30 s net once gave a dearer week than a quick one's, unlabelled)."""
    from mealplan import menu_search

    prepared = prepare_menu(catalogue, targets, small_cookbook, PlanOptions(days=1))
    cut = "the time limit stopped the search early; the week is not proven"
    # No rounds: the passes after them are what is cut here, and a round costs seconds.
    settings = SearchSettings(rounds=0)
    assert cut not in search(prepared.problem, settings, 60).warnings
    real_improve, real_clock = menu_search.improve_week, menu_search.work_seconds
    late = []

    def improve(*args, **kwargs):
        late.append(True)  # the limit runs out while the passes run
        return real_improve(*args, **kwargs)

    monkeypatch.setattr(menu_search, "improve_week", improve)
    monkeypatch.setattr(menu_search, "work_seconds", lambda: real_clock() + 1e6 * bool(late))
    assert cut in search(prepared.problem, settings, 60).warnings


def test_no_time_for_even_a_day_is_not_called_infeasible(catalogue, targets, small_cookbook,
                                                         monkeypatch):
    """When not one day could be solved in time, the error says time, not impossibility."""
    from mealplan.menu_pricing import Pricer

    real = Pricer.price

    def out_of_time(self, *args, **kwargs):
        result, _ = real(self, *args, **kwargs)
        return type(result)("none", None, None, result.seconds), []

    monkeypatch.setattr(Pricer, "price", out_of_time)
    prepared = prepare_menu(catalogue, targets, small_cookbook, PlanOptions(days=1))
    with pytest.raises(SolverError) as error:
        search(prepared.problem, SearchSettings(), 30)
    assert not isinstance(error.value, InfeasibleError)
    assert str(error.value) == ("the time limit ran out before a first day of the week was "
                                "found; allow more time (--time-limit)")


@pytest.mark.parametrize("options", [PlanOptions(days=3), PlanOptions(days=2, diet="vegan"),
                                     PlanOptions(days=3, objective="cost")],
                         ids=["default", "vegan", "cost"])
def test_the_greedy_week_never_breaks_a_weekly_rule(catalogue, targets, small_cookbook,
                                                    options):
    """The greedy week only prices the rules; whatever it returns keeps every one of them
    (the week a busy machine fell back to once served a side on more days than allowed)."""
    from mealplan.menu_improve import greedy_week
    from mealplan.menu_pricing import Pricer
    from mealplan.menu_week import week_allowed

    problem = prepare_menu(catalogue, targets, small_cookbook, options).problem
    pricers = [Pricer(problem, t) for t in range(len(problem.day_types))]
    week = greedy_week(problem, pricers, SearchSettings(), work_seconds() + 60)
    assert week is not None and len(week) == options.days
    assert all(week_allowed(problem, week, day) for day in range(options.days))
