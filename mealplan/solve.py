"""The one place that picks a solver, runs it, and decides what its answer means.

PuLP's ``status`` alone is not trustworthy: it says "Optimal" when a time limit stopped the
solver with merely a feasible solution.  ``sol_status`` tells the two apart, and this module
maps the pair to one of "optimal", "feasible" or "infeasible", or raises SolverError when there
is no solution to read.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Iterator

import pulp

from .errors import SolverError

SOLVERS = ("highs", "cbc")

# The search measures its work in this process's CPU seconds, not the wall clock: beside other
# busy processes a solve takes longer by the wall but the same CPU, so the same input gives the
# same week on a busy machine as on a quiet one, and a time limit stays a safety net.
_WALL_AT_START = time.perf_counter()
_CPU_AT_START = time.process_time()


def work_seconds() -> float:
    """The search's clock: CPU seconds of this process (its solver threads included)."""
    return time.process_time()


def wall_for(work: float, floor: float = 0.05) -> float:
    """The wall-clock limit to give a solver for ``work`` CPU seconds at the machine's present
    pace (the wall time per CPU second this process has seen, at least 1)."""
    cpu = time.process_time() - _CPU_AT_START
    wall = time.perf_counter() - _WALL_AT_START
    pace = wall / cpu if cpu > 0.5 else 1.0
    return max(floor, work) * min(max(pace, 1.0), 50.0)
_HIGHS_UNLIMITED = 2**31 - 1  # HiGHS's "no limit" for integer options such as mip_max_nodes


@dataclass(frozen=True)
class SolveResult:
    status: str            # "optimal" | "feasible" | "infeasible"
    objective: float | None
    bound: float | None    # best proven lower bound (minimisation), when the solver reports one
    seconds: float

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None:
        return None
    return max(0.0, objective - bound) / max(abs(objective), 1e-9)


def make_solver(name: str, *, mip: bool = True, time_limit: float | None = None,
                gap: float | None = None) -> pulp.LpSolver:
    if name == "highs":
        # No restarts: HiGHS 1.16 can loop for ever in its root after a second restart, past
        # its own time limit (a 2-person single-food day: over 10 minutes, 1 s without them;
        # cf. ERGO-Code/HiGHS#2226, #885).  They gained nothing measurable here.
        solver = pulp.HiGHS(mip=mip, msg=False, timeLimit=time_limit, gapRel=gap, threads=1,
                            mip_allow_restart=False)
        if not solver.available():
            raise SolverError("the HiGHS solver is not available: pip install highspy")
        return solver
    if name == "cbc":
        solver = ContainedCBC(mip=mip, msg=False, timeLimit=time_limit, gapRel=gap)
        if not solver.available():
            raise SolverError("the CBC solver binary was not found; reinstall pulp 3.x, which "
                              "bundles it, or use --solver highs")
        return solver
    raise SolverError(f"unknown solver '{name}'; choose one of: {', '.join(SOLVERS)}")


class ContainedCBC(pulp.PULP_CBC_CMD):
    """PuLP's CBC, whose child process and temporary files end with mealplan on every path.

    PuLP writes the model and the solution to files in the temporary folder and waits for a
    ``cbc`` child; a plan stopped by an exception, Ctrl-C or ``kill`` left both behind.  Here
    each solve has a folder of its own, removed when the solve ends however it ends; the child
    is killed and reaped then too, and is also told by the kernel to die with mealplan (Linux
    ``PR_SET_PDEATHSIG``), which covers even ``kill -9``; and while it runs on the main thread,
    SIGTERM and SIGHUP end mealplan through ``SystemExit``, so those clean-ups run.
    """

    def solve_CBC(self, lp: pulp.LpProblem, use_mps: bool = True):  # noqa: ANN201
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix="mealplan-cbc-")
        self.tmpDir = folder
        try:
            with _exit_on_termination(), _tracked_children() as children:
                try:
                    return super().solve_CBC(lp, use_mps)
                finally:
                    for child in children:
                        _end_child(child)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _end_child(child) -> None:  # noqa: ANN001 - a subprocess.Popen
    """Kill and reap a CBC child.  Not with a plain ``wait()``: a Ctrl-C that lands inside
    PuLP's ``cbc.wait()`` just after it took the child's wait lock, before its ``with``
    block is armed, leaves the lock held for good (CPython bpo-29988), and a second
    ``wait()`` then blocks for ever: mealplan hung after Ctrl-C, its child killed."""
    import subprocess

    if child.poll() is None:  # poll never blocks on the lock
        child.kill()
    try:
        child.wait(timeout=CHILD_REAP_SECONDS)  # with a timeout, wait never blocks on it
    except subprocess.TimeoutExpired:
        try:
            os.waitpid(child.pid, 0)
        except ChildProcessError:
            pass


# A killed child is reaped at once; this only bounds a wait whose lock is stuck.
CHILD_REAP_SECONDS = 5.0

# Thread id -> the CBC children it started.  No lock: a Ctrl-C that lands between a lock's
# acquire and its ``with`` block (just after the child starts, the moment a user presses it)
# leaves the lock held, and the clean-up then waited on it for ever.  Setting, popping and
# appending are each atomic under the GIL, and each thread has its own entry.
_children_of: dict[int, list] = {}


@contextlib.contextmanager
def _tracked_children() -> Iterator[list]:
    children: list = []
    _children_of[threading.get_ident()] = children
    try:
        yield children
    finally:
        _children_of.pop(threading.get_ident(), None)


def _die_with_parent() -> None:  # runs in the child, between fork and exec
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - not Linux: the clean-up in solve_CBC still runs
        pass


class _ContainedPopen:
    """What PuLP's CBC module sees as ``subprocess``: the same, but a child it starts is
    recorded for the solve that started it and dies with this process."""

    def __getattr__(self, name: str):  # noqa: ANN204
        import subprocess

        return getattr(subprocess, name)

    @staticmethod
    def Popen(*args, **kwargs):  # noqa: ANN002, ANN003, ANN205, N802 - subprocess's name
        import subprocess

        if os.name == "posix":
            kwargs.setdefault("preexec_fn", _die_with_parent)
        child = subprocess.Popen(*args, **kwargs)
        _children_of.get(threading.get_ident(), []).append(child)
        return child


pulp.apis.coin_api.subprocess = _ContainedPopen()


@contextlib.contextmanager
def _exit_on_termination() -> Iterator[None]:
    """SIGTERM and SIGHUP raise SystemExit (status 128 + the signal) while the block runs, so
    ``finally`` clauses run; only the main thread can receive a Python signal handler."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    saved = {}
    for number in (signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)):
        if signal.getsignal(number) is signal.SIG_DFL:
            saved[number] = signal.signal(number, leave)
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


_quiet_lock = threading.Lock()
_quiet_depth = 0
_quiet_saved: int | None = None


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Keep native solver banners off standard output, which may carry JSON or CSV.

    Solves may overlap (the week bound runs on a second thread), so the redirection is
    reference-counted: the first solve in points fd 1 at /dev/null, the last one out restores
    it.
    """
    global _quiet_depth, _quiet_saved
    try:
        fd = sys.__stdout__.fileno() if sys.__stdout__ else 1
    except (OSError, ValueError):
        yield
        return
    with _quiet_lock:
        if _quiet_depth == 0:
            try:
                sys.stdout.flush()
                _quiet_saved = os.dup(fd)
                with open(os.devnull, "w") as devnull:
                    os.dup2(devnull.fileno(), fd)
            except (OSError, ValueError):
                _quiet_saved = None
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0 and _quiet_saved is not None:
                os.dup2(_quiet_saved, fd)
                os.close(_quiet_saved)
                _quiet_saved = None


def solve(prob: pulp.LpProblem, solver: str = "highs", *, mip: bool = True,
          time_limit: float | None = None, gap: float | None = None) -> SolveResult:
    """Solve ``prob`` in place and say honestly what was found."""
    engine = make_solver(solver, mip=mip, time_limit=time_limit, gap=gap)
    started = time.perf_counter()
    try:
        with _quiet_stdout():
            prob.solve(engine)
    except pulp.PulpSolverError as error:
        raise SolverError(f"the {solver} solver failed: {error}") from None
    seconds = time.perf_counter() - started

    if prob.status == pulp.LpStatusInfeasible:
        return SolveResult("infeasible", None, None, seconds)
    if prob.status == pulp.LpStatusUnbounded:
        raise SolverError("the model is unbounded; this is a bug in mealplan, please report it")
    if prob.sol_status == pulp.LpSolutionOptimal and prob.status == pulp.LpStatusOptimal:
        objective = pulp.value(prob.objective) or 0.0
        return SolveResult("optimal", objective, _bound(prob, solver, objective, mip, gap),
                           seconds)
    if prob.sol_status == pulp.LpSolutionIntegerFeasible:
        objective = pulp.value(prob.objective) or 0.0
        return SolveResult("feasible", objective, _bound(prob, solver, None, mip, gap), seconds)
    if time_limit is not None and seconds >= time_limit * 0.9:
        # The limit here is what was left of the user's: never name a number they did not give.
        raise SolverError(f"the {solver} solver ran out of time before finding any plan; try a "
                          f"longer --time-limit")
    raise SolverError(f"the {solver} solver stopped without a plan "
                      f"(status {pulp.LpStatus.get(prob.status, prob.status)})")


def _bound(prob: pulp.LpProblem, solver: str, optimal: float | None, mip: bool,
           gap: float | None = None) -> float | None:
    if solver == "highs" and getattr(prob, "solverModel", None) is not None:
        info = prob.solverModel.getInfo()
        if mip and prob.isMIP():
            bound = info.mip_dual_bound
            if abs(bound) < float("inf"):
                return bound
        elif optimal is not None:
            return optimal
    # CBC reports no bound through PuLP: an "optimal" answer is only proven to within gapRel.
    if optimal is not None and mip and gap:
        return optimal - gap * abs(optimal)
    return optimal


class Resolvable:
    """A MIP built once through PuLP, then re-solved with new objective costs.

    Column generation solves the same day model dozens of times with different food prices.
    With HiGHS the model stays alive in the solver and only the changed objective coefficients
    are sent (``changeColsCost``); other solvers rebuild through PuLP each time.  The solution
    is written back to the PuLP variables either way, and the answer is judged as ``solve``
    judges it.  ``extra_solutions`` returns the improving solutions HiGHS met on the way (each
    a full, feasible assignment), which column generation uses as additional columns.
    """

    def __init__(self, prob: pulp.LpProblem, solver: str = "highs"):
        self.prob = prob
        self.solver = solver
        self._engine = None
        self._variables = prob.variables()
        self._costs: list[float] | None = None
        if solver == "highs":
            engine = make_solver("highs", mip=True)
            with _quiet_stdout():
                engine.createAndConfigureSolver(prob)
                engine.buildSolverModel(prob)
            self._engine = engine
            self._highs = prob.solverModel
            self._highs.setOptionValue("mip_improving_solution_save", True)
            self._costs = [prob.objective.get(var, 0.0) for var in self._variables]

    def solve(self, objective: pulp.LpAffineExpression, *, time_limit: float | None = None,
              gap: float | None = 1e-6, abs_gap: float | None = None,
              node_limit: int | None = None, need_solution: bool = True) -> SolveResult:
        """Minimise ``objective`` over the fixed constraints.

        With ``need_solution=False`` a run that ends (time limit) without any solution returns
        status "none" and the proven bound instead of raising SolverError.
        """
        if self._engine is None:
            self.prob.setObjective(objective)
            try:
                return solve(self.prob, self.solver, time_limit=time_limit, gap=gap)
            except SolverError:
                if need_solution or time_limit is None:
                    raise
                return SolveResult("none", None, None, time_limit)
        highs = self._highs
        new = [objective.get(var, 0.0) for var in self._variables]
        changed = [n for n, (a, b) in enumerate(zip(self._costs, new)) if a != b]
        if changed:
            highs.changeColsCost(len(changed), changed, [new[n] for n in changed])
            self._costs = new
        self.prob.objective = objective
        highs.setOptionValue("time_limit", float(time_limit) if time_limit else float("inf"))
        highs.setOptionValue("mip_rel_gap", gap if gap is not None else 1e-6)
        highs.setOptionValue("mip_abs_gap", abs_gap if abs_gap is not None else 1e-6)
        highs.setOptionValue("mip_max_nodes", node_limit if node_limit is not None
                             else _HIGHS_UNLIMITED)
        started = time.perf_counter()
        with _quiet_stdout():
            highs.run()
        seconds = time.perf_counter() - started
        model_status = highs.getModelStatus()
        if model_status in (highspy_status("kInfeasible"), highspy_status("kUnboundedOrInfeasible")):
            return SolveResult("infeasible", None, None, seconds)
        info = highs.getInfo()
        bound = info.mip_dual_bound if abs(info.mip_dual_bound) < float("inf") else None
        if info.primal_solution_status != 2:  # no feasible solution found
            if not need_solution:
                return SolveResult("none", None, bound, seconds)
            raise SolverError("the highs solver ran out of time before finding any plan; "
                              "try a longer --time-limit" if time_limit else
                              "the highs solver reached its node limit without finding any plan")
        optimal = model_status == highspy_status("kOptimal")
        self._read_solution(highs)
        self.prob.assignStatus(pulp.LpStatusOptimal, pulp.LpSolutionOptimal if optimal
                               else pulp.LpSolutionIntegerFeasible)
        objective_value = info.objective_function_value
        return SolveResult("optimal" if optimal else "feasible", objective_value,
                           bound if bound is not None else (objective_value if optimal else None),
                           seconds)

    def _read_solution(self, highs) -> None:  # noqa: ANN001
        # Written out rather than PuLP's findSolutionValues, which has no entry for the
        # "solution limit" status a node budget ends with.
        for var, value in zip(self._variables, highs.getSolution().col_value):
            var.varValue = value

    def extra_solutions(self) -> list[dict[pulp.LpVariable, float]]:
        """The improving solutions met during the last HiGHS run (not the final one)."""
        if self._engine is None:
            return []
        saved = self._highs.getSavedMipSolutions()
        return [dict(zip(self._variables, solution.col_value)) for solution in saved[:-1]]


def highspy_status(name: str):
    import highspy
    return getattr(highspy.HighsModelStatus, name)


class BackgroundSolve:
    """Solve a MIP with HiGHS on another thread (HiGHS releases the GIL, so it uses the second
    core) and hand back its proven bound and its best solution.

    The planner runs the one-piece weekly model this way beside column generation: whichever
    proves the better lower bound wins, so the reported gap is the tighter of two honest ones.
    The model is built through PuLP and run on the HiGHS object directly, because a node
    budget ends with a status ("solution limit") that PuLP 3.3 cannot map.

    The thread must never outlive its caller: a HiGHS thread still running when the
    interpreter shuts down aborts the whole process ("terminate called without an active
    exception", a signal exit) after the plan was printed.  So the solve can be told to stop
    (HiGHS's interrupt callback), ``stop`` cancels and joins it, and every solve still running
    at interpreter exit is stopped by an ``atexit`` hook as a last resort.
    """

    def __init__(self, prob: pulp.LpProblem, *, time_limit: float, gap: float,
                 node_limit: int | None = None):
        self.prob = prob
        self.bound = -math.inf
        self.error: Exception | None = None
        self._values: dict[pulp.LpVariable, float] | None = None
        engine = make_solver("highs", mip=True, time_limit=time_limit, gap=gap)
        with _quiet_stdout():
            engine.createAndConfigureSolver(prob)
            engine.buildSolverModel(prob)
        self._highs = prob.solverModel
        if node_limit is not None:
            self._highs.setOptionValue("mip_max_nodes", node_limit)
        # highspy >= 1.8: an interrupt callback that cancelSolve() trips.  Without it, stop()
        # can only wait for the solve's own time limit.
        self._cancellable = hasattr(self._highs, "cancelSolve") and hasattr(
            type(self._highs), "HandleUserInterrupt")
        if self._cancellable:
            self._highs.HandleUserInterrupt = True
        self._variables = prob.variables()
        self._thread = threading.Thread(target=self._run, name="mealplan-week-bound",
                                        daemon=True)
        with _running_lock:
            _running.add(self)
        self._thread.start()

    def _run(self) -> None:
        try:
            # No stdout redirection here: the banner came out at construction (silenced then),
            # output_flag is off, and holding fd 1 for the whole solve would swallow whatever
            # the rest of the program prints meanwhile.
            self._highs.run()
            info = self._highs.getInfo()
            if math.isfinite(info.mip_dual_bound):
                self.bound = info.mip_dual_bound
            if info.primal_solution_status == 2:  # a feasible solution exists
                values = self._highs.getSolution().col_value
                self._values = dict(zip(self._variables, values))
        except Exception as error:  # noqa: BLE001 - a failed bound is only a weaker bound
            self.error = error

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def finish(self, wait: float) -> dict[pulp.LpVariable, float] | None:
        """Wait up to ``wait`` seconds for the solve, then stop it; its solution's values, if
        it has one (an interrupted solve keeps its best solution and its proven bound)."""
        self._thread.join(max(0.0, wait))
        self.stop()
        return self._values

    def stop(self) -> None:
        """Tell HiGHS to stop and wait until its thread has ended.  Safe to call twice."""
        if self._thread.is_alive():
            if self._cancellable:
                self._highs.cancelSolve()
            self._thread.join()
        with _running_lock:
            _running.discard(self)


_running: set[BackgroundSolve] = set()
_running_lock = threading.Lock()


@atexit.register
def stop_background_solves() -> None:
    """Stop and join every background solve still running (the planner stops its own; this is
    the net for a caller that was interrupted between starting one and stopping it)."""
    with _running_lock:
        running = list(_running)
    for background in running:
        background.stop()
