"""solve.py: what a solver's answer means, including PuLP's misleading "Optimal"."""

from __future__ import annotations

import pulp
import pytest

from mealplan import solve as solving
from mealplan.errors import SolverError


class FakeProblem:
    """Stands in for an LpProblem whose solve() ends in a given PuLP status pair."""

    def __init__(self, status, sol_status, objective=5.0, error=None):
        self.status, self.sol_status, self.objective = status, sol_status, objective
        self.error = error
        self.solverModel = None

    def solve(self, engine):
        if self.error:
            raise self.error

    def isMIP(self):
        return True


def test_time_limit_with_a_plan_is_feasible_not_optimal():
    # PuLP reports status Optimal when a time limit stopped the solver with an incumbent.
    result = solving.solve(FakeProblem(pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible),
                           "highs", time_limit=5)
    assert result.status == "feasible"
    assert result.objective == 5.0 and result.bound is None and result.gap is None


def test_proven_optimal():
    result = solving.solve(FakeProblem(pulp.LpStatusOptimal, pulp.LpSolutionOptimal), "highs")
    assert result.status == "optimal" and result.gap == 0


def test_cbc_optimal_is_only_proven_within_its_gap():
    result = solving.solve(FakeProblem(pulp.LpStatusOptimal, pulp.LpSolutionOptimal), "cbc",
                           gap=0.01)
    assert result.bound == pytest.approx(4.95)


def test_infeasible():
    result = solving.solve(FakeProblem(pulp.LpStatusInfeasible, pulp.LpSolutionInfeasible))
    assert result.status == "infeasible"


def test_time_limit_without_any_plan_is_an_error():
    with pytest.raises(SolverError) as error:
        solving.solve(FakeProblem(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound),
                      "highs", time_limit=1e-9)
    # The limit a solve gets is what is left of the user's: the message names no number.
    assert str(error.value) == ("the highs solver ran out of time before finding any plan; "
                                "try a longer --time-limit")


def test_solver_crash_is_an_error():
    crash = FakeProblem(0, 0, error=pulp.PulpSolverError("Pulp: Error while executing cbc"))
    with pytest.raises(SolverError) as error:
        solving.solve(crash, "cbc")
    assert str(error.value) == "the cbc solver failed: Pulp: Error while executing cbc"


def test_missing_cbc_binary(monkeypatch, runner, small_foods_csv):
    from mealplan.cli import cli

    monkeypatch.setattr(pulp.PULP_CBC_CMD, "available", lambda self: False)
    result = runner.invoke(cli, ["plan", "--days", "1", "--solver", "cbc", "--foods",
                                 str(small_foods_csv)])
    assert result.exit_code == 1
    assert result.output == ("Error: the CBC solver binary was not found; reinstall pulp 3.x, "
                             "which bundles it, or use --solver highs\n")
