"""Hostile and faulty input (issue 11): never a traceback, never a signal exit, never a clobbered
input or a replaced device.  One table per class of fault, each with the exact message."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mealplan.cli import cli

from .conftest import REPO


def invoke(runner, *args):
    return runner.invoke(cli, [str(arg) for arg in args], prog_name="mealplan",
                         catch_exceptions=False)


# --------------------------------------------------------------------------------------------
# The process must never die: solver threads are stopped and joined, a short time limit still
# gives a week.


@pytest.mark.parametrize("limit", ["1", "1.5", "2"])
def test_short_time_limits_never_end_in_a_signal(small_foods_csv, limit):
    # The one-piece weekly model runs on a second thread; a process that ended while it was
    # still running aborted ("terminate called without an active exception", exit 134).
    result = subprocess.run(
        [sys.executable, "-m", "mealplan", "plan", "--foods", str(small_foods_csv),
         "--time-limit", limit, "--format", "json"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode in (0, 1), result.stderr[-500:]
    assert "terminate called" not in result.stderr
    if result.returncode == 0:
        assert json.loads(result.stdout)["status"] in ("optimal", "feasible", "shortfall")


def test_a_time_limit_shorter_than_the_first_week_still_gives_that_week(runner,
                                                                         small_foods_csv):
    result = invoke(runner, "plan", "--days", "3", "--foods", small_foods_csv,
                    "--time-limit", "0.001", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "feasible"  # never "optimal": not proven
    assert ("Warning: time limit reached: this plan is feasible but not proven optimal\n"
            in result.stderr)
    assert "0.05 s" not in result.stderr  # no number the user never gave


def test_background_solve_is_stopped_and_joined(small_catalogue, targets):
    from mealplan import model as models
    from mealplan import solve as solving
    from mealplan.planner import PlanOptions, prepare

    problem = prepare(small_catalogue, targets, PlanOptions(days=7)).problem
    background = solving.BackgroundSolve(models.week_model(problem).prob, time_limit=60,
                                         gap=1e-9)
    background.stop()
    assert not background.running
    assert background not in solving._running
