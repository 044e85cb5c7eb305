"""Run mealplan's benchmark cases and write bench/results/latest.{md,json}.

Usage: python -m bench [--quick] [--case NAME ...] [--time-limit S]

Each case runs the real CLI (``python -m mealplan plan ... --format json``) in its own child
process (started through bench/_launch.py), timed end to end (imports included), with its
peak RSS read from wait4().
In this process the bench then times the model build via ``planner.prepare`` and
``model.day_model`` (``model.continuous_model`` for --continuous), and, for catalogues of up
to 1,000 foods, solves the naive one-piece weekly MIP (``model.week_model``) with HiGHS for as
long as the planner's whole run took, to compare quality at equal time.

Only the public-ish API is used (data.load_*, planner.PlanOptions/prepare, model.day_model/
week_model/continuous_model, solve.solve/relative_gap), so the harness keeps working while the
planner's internals change.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.metadata
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / "data"
RESULTS = BENCH / "results"
NAIVE_MAX_FOODS = 1000
GIB = 1024 ** 3


@dataclass(frozen=True)
class Target:
    text: str
    wall_s: float | None = None      # end-to-end wall time of the CLI
    gap: float | None = None         # relative gap, as a fraction
    rss_bytes: float | None = None   # peak RSS of the CLI process (strictly below)
    times_case: tuple[str, float] | None = None  # wall at most factor × another case's wall


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...] = ()                      # extra CLI arguments
    options: dict = field(default_factory=dict)     # the same, as PlanOptions fields
    foods: str | None = None                        # catalogue path relative to the repo
    time_limit: float | None = None                 # default --time-limit (None: planner's)
    shipped: bool = False
    target: Target | None = None
    household: str | None = None                    # household.yaml relative to the repo
    repeats: int = 3                                # CLI runs; the wall time is their median
    load: int = 0                                   # busy processes beside each run
    quiet: str | None = None                        # the case it must equal (same week)

    @property
    def recipes(self) -> bool:
        """Planned from the shipped recipes (the default without --foods)."""
        return self.foods is None and "none" not in self.args and not self.options.get(
            "continuous")


CASES = [
    Case("shipped-1day", ("--days", "1"), {"days": 1}, shipped=True),
    Case("shipped-7day", shipped=True,
         target=Target("≤ 1.0 s, gap ≤ 1 % (never > 3 s, 2 %)", wall_s=1.0, gap=0.01)),
    Case("shipped-7day-vegan", ("--diet", "vegan"), {"diet": "vegan"}, shipped=True),
    Case("shipped-7day-lowcaf", ("--low-caffeine",), {"low_caffeine": True}, shipped=True),
    Case("shipped-7day-cost", ("--objective", "cost"), {"objective": "cost"}, shipped=True,
         target=Target("gap ≤ 1 %", gap=0.01)),
    Case("household-3", household="examples/household.yaml", shipped=True, repeats=1),
    Case("household-4", household="bench/data/household_4.yaml", shipped=True, repeats=1,
         target=Target("≤ 3 × the one-person week", times_case=("shipped-7day", 3.0))),
    Case("foods-7day", ("--recipes", "none"), {}, shipped=True, repeats=1),
    # The same default week beside 8 busy processes on the machine: work budgets, not the
    # clock, decide the week, so it must be the quiet week, only slower.
    Case("shipped-7day-loaded", shipped=True, repeats=1, load=8, quiet="shipped-7day",
         target=Target("the quiet week")),
    Case("usda500-7day", foods="bench/data/usda_500.csv", repeats=1),
    Case("usda1000-7day", foods="bench/data/usda_1000.csv", time_limit=None, repeats=1,
         target=Target("≤ 5 s, gap ≤ 2 %", wall_s=5.0, gap=0.02)),
    Case("usdaall-7day", foods="bench/data/usda_all.csv", time_limit=None, repeats=1,
         target=Target("≤ 60 s, < 2 GiB", wall_s=60.0, rss_bytes=2 * GIB)),
    Case("usdaall-continuous", ("--continuous",), {"continuous": True},
         foods="bench/data/usda_all.csv", target=Target("≤ 5 s", wall_s=5.0)),
]
HELP_CASE = "help-import"
HELP_TARGET = Target("≤ 0.3 s", wall_s=0.3)
CASE_NAMES = [case.name for case in CASES] + [HELP_CASE]


# --------------------------------------------------------------------------------------------
# Child processes


# Where a child looks for its preferences file: a folder that is never made, so a plan
# measured here is a new user's, not one shaped by this machine's `mealplan rate` history.
NO_CONFIG = BENCH / "no-config"


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.setdefault("NO_COLOR", "1")
    env["XDG_CONFIG_HOME"] = str(NO_CONFIG)
    return env


def plan_to_file(args: list[str], out: Path, repo: Path, timeout: float = 1800
                 ) -> tuple[float, int, str]:
    """``mealplan plan ARGS`` of the checkout ``repo``, its JSON written to ``out``: the wall
    seconds, the exit code and what it said on stderr."""
    argv = [sys.executable, "-m", "mealplan", "plan", *args, "--format", "json", "-o", str(out)]
    env = _child_env()
    env["PYTHONPATH"] = str(repo)
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=timeout)
    return time.perf_counter() - started, done.returncode, done.stderr.strip()


def run_child(argv: list[str], timeout: float) -> dict[str, Any]:
    """Run argv via bench/_launch.py; return its wall seconds, exit code, output and peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "launch.json"
        launcher = [sys.executable, str(BENCH / "_launch.py"), f"{timeout:g}", str(report)]
        subprocess.run(launcher + argv, cwd=REPO, env=_child_env(), stdout=out, stderr=err,
                       stdin=subprocess.DEVNULL, timeout=timeout + 60, check=True)
        measured = json.loads(report.read_text())
        out.seek(0)
        err.seek(0)
        return {
            "wall_s": measured["wall_s"],
            "returncode": measured["returncode"],
            "timed_out": measured["timed_out"],
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
            "maxrss_bytes": measured["maxrss_kib"] * 1024,  # KiB on Linux
        }


def cli_argv(case: Case, time_limit: float | None) -> list[str]:
    argv = [sys.executable, "-m", "mealplan", "plan", *case.args]
    if case.foods:
        argv += ["--foods", case.foods]
    if case.household:
        argv += ["--household", case.household]
    if time_limit is not None:
        argv += ["--time-limit", f"{time_limit:g}"]
    return argv + ["--format", "json"]


# --------------------------------------------------------------------------------------------
# In-process measurements


def _load(case: Case):
    from mealplan.data import load_foods, load_targets

    targets = load_targets(None)
    catalogue = load_foods(str(REPO / case.foods) if case.foods else None, targets)
    return catalogue, targets


def _timed(fn, repeats: int = 3) -> tuple[float, Any]:
    """Median time of fn() over up to ``repeats`` calls (one call if it takes over a second)."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
        if times[-1] > 1.0:
            break
    return statistics.median(times), result


def measure_build(case: Case, time_limit: float | None) -> dict[str, Any]:
    from mealplan import model
    from mealplan.planner import PlanOptions, prepare
    from mealplan.search_settings import FoodSearchSettings

    catalogue, targets = _load(case)
    extra = {}
    if case.household:
        from mealplan.data import load_household

        extra["household"] = load_household(REPO / case.household, targets, catalogue)
    options = PlanOptions(time_limit=time_limit, **case.options, **extra)
    if case.recipes:
        from mealplan import menu_day
        from mealplan.menu_planner import prepare_menu
        from mealplan.recipes import load_recipes

        cookbook = load_recipes(None, catalogue)
        problem = prepare_menu(catalogue, targets, cookbook, options).problem
        build_s, _ = _timed(lambda: menu_day.day_model(problem))
        return {"catalogue_foods": len(catalogue.foods), "foods_available": len(problem.sides),
                "recipes_available": len(problem.recipes), "days": problem.days,
                "build_s": build_s, "build_what": "menu_day.day_model",
                "_problem": problem}
    prepared = prepare(catalogue, targets, options)
    problem = prepared.problem
    builder = model.continuous_model if options.continuous else model.day_model
    build_s, _ = _timed(lambda: builder(problem))
    # The naive reference is the one-piece model a user would write: over every allowed food,
    # not over the core the planner cuts a large catalogue down to.
    full = prepare(catalogue, targets, options,
                   search=FoodSearchSettings(core_foods=10**9)).problem
    return {"catalogue_foods": len(catalogue.foods), "foods_available": len(full.foods),
            "planner_foods": len(problem.foods), "days": problem.days, "build_s": build_s,
            "build_what": builder.__name__, "_problem": full}


def measure_naive(problem, seconds: float) -> dict[str, Any]:
    from mealplan import menu_master, menu_problem, model, solve
    from mealplan.errors import MealplanError

    started = time.perf_counter()
    week = (menu_master.week_model(problem) if isinstance(problem, menu_problem.MenuProblem)
            else model.week_model(problem))
    build_s = time.perf_counter() - started
    try:
        result = solve.solve(week.prob, "highs", time_limit=seconds, gap=0.01)
    except MealplanError as error:
        return {"naive_build_s": build_s, "naive_status": "no plan", "naive_error": str(error),
                "naive_objective": None, "naive_bound": None, "naive_gap": None,
                "naive_seconds": None, "naive_time_limit": seconds}
    return {"naive_build_s": build_s, "naive_status": result.status,
            "naive_objective": result.objective, "naive_bound": result.bound,
            "naive_gap": solve.relative_gap(result.objective, result.bound),
            "naive_seconds": result.seconds, "naive_time_limit": seconds}


# --------------------------------------------------------------------------------------------
# Cases


def run_case(case: Case, time_limit_override: float | None) -> dict[str, Any]:
    time_limit = time_limit_override if time_limit_override is not None else case.time_limit
    argv = cli_argv(case, time_limit)
    budget = (time_limit if time_limit is not None else 10.0) * 3 + 120
    row: dict[str, Any] = {"case": case.name, "command": " ".join(
        ["python", "-m", "mealplan", *argv[3:]]), "time_limit": time_limit}
    with _busy(case.load):
        runs = [run_child(argv, budget * (1 + case.load)) for _ in range(case.repeats)]
    child = runs[-1]
    row.update(wall_s=statistics.median(run["wall_s"] for run in runs),
               all_wall_s=[run["wall_s"] for run in runs],
               maxrss_bytes=max(run["maxrss_bytes"] for run in runs),
               returncode=max(run["returncode"] for run in runs))
    if child["returncode"] == 0:
        try:
            plan = json.loads(child["stdout"])
        except json.JSONDecodeError as error:
            plan = None
            row["status"] = "error"
            row["error"] = f"unreadable JSON: {error}"
        if plan is not None:
            for key in ("status", "objective", "bound", "gap", "seconds"):
                row[key] = plan.get(key)
            row["planner_s"] = row.pop("seconds")
            row.update(variety(plan))
            row["week"] = [sorted(item.get("recipe") or item["food"] for item in day["meals"])
                           for day in plan["days"]]
    else:
        row["status"] = "timeout" if child["timed_out"] else "error"
        row["error"] = child["stderr"].strip().splitlines()[-1:] or [""]
        row["error"] = row["error"][0]
    row["stderr_tail"] = child["stderr"].strip().splitlines()[-3:]

    try:
        build = measure_build(case, time_limit)
    except Exception as error:  # noqa: BLE001 - report, don't abort the suite
        build = {"build_error": f"{type(error).__name__}: {error}"}
    problem = build.pop("_problem", None)
    row.update(build)

    if case.options.get("continuous"):
        row["naive_skipped"] = "continuous case"
    elif case.load:
        row["naive_skipped"] = f"run beside {case.load} busy processes"
    elif problem is None:
        row["naive_skipped"] = "no problem built"
    elif build["catalogue_foods"] > NAIVE_MAX_FOODS:
        row["naive_skipped"] = f"catalogue > {NAIVE_MAX_FOODS:,} foods (too big)"
    elif row.get("objective") is None:
        row["naive_skipped"] = "planner gave no plan"
    else:
        row.update(measure_naive(problem, row["wall_s"]))
        if row.get("naive_objective") is not None and row["objective"]:
            row["naive_ratio"] = row["naive_objective"] / row["objective"]
        row["bounds_consistent"] = _consistent(row)
    row["target"], row["met"], row["missed_because"] = judge(case.target, row)
    return row


class _busy:
    """``count`` processes spinning on the CPU for as long as the block runs."""

    def __init__(self, count: int):
        self.count = count
        self.children: list[subprocess.Popen] = []

    def __enter__(self) -> "_busy":
        self.children = [subprocess.Popen([sys.executable, "-c", "while True: pass"],
                                          stdin=subprocess.DEVNULL)
                         for _ in range(self.count)]
        return self

    def __exit__(self, *exc) -> None:
        for child in self.children:
            child.kill()
        for child in self.children:
            child.wait()


def variety(plan: dict[str, Any]) -> dict[str, Any]:
    """What a person notices: distinct dishes (or foods), and the most two days share."""
    recipes = bool(plan.get("recipes"))
    days = [{(item.get("recipe") or item["food"]) for item in day["meals"]
             if (item.get("recipe") is not None) == recipes} for day in plan["days"]]
    shared = max((len(a & b) for n, a in enumerate(days) for b in days[n + 1:]), default=0)
    return {"unit": "recipes" if recipes else "foods",
            "distinct": len(set().union(*days)) if days else 0,
            "per_day": max((len(day) for day in days), default=0),
            "most_shared": shared}


def _consistent(row: dict[str, Any]) -> bool | None:
    """Every lower bound must be at most every objective found (same model, same optimum);
    if not, the two objectives are not on the same scale, or one side has a bug."""
    objectives = [row.get("objective"), row.get("naive_objective")]
    bounds = [row.get("bound"), row.get("naive_bound")]
    pairs = [(b, o) for b in bounds for o in objectives if b is not None and o is not None]
    if not pairs:
        return None
    return all(b <= o + 1e-6 * max(1.0, abs(o)) for b, o in pairs)


def run_help(repeats: int = 5) -> dict[str, Any]:
    argv = [sys.executable, "-m", "mealplan", "--help"]
    runs = [run_child(argv, 60) for _ in range(repeats)]
    wall = statistics.median(run["wall_s"] for run in runs)
    row = {"case": HELP_CASE, "command": "python -m mealplan --help (median of 5)",
           "wall_s": wall, "all_wall_s": [run["wall_s"] for run in runs],
           "maxrss_bytes": max(run["maxrss_bytes"] for run in runs),
           "returncode": max(run["returncode"] for run in runs),
           "status": "ok" if all(run["returncode"] == 0 for run in runs) else "error"}
    row["target"], row["met"], row["missed_because"] = judge(HELP_TARGET, row)
    return row


def judge(target: Target | None, row: dict[str, Any]) -> tuple[str, bool | None, list[str]]:
    if target is None:
        return "—", None, []
    missed = []
    if row.get("status") in (None, "error", "timeout", "infeasible"):
        missed.append(f"status {row.get('status')}")
    if target.wall_s is not None and not row.get("wall_s", math.inf) <= target.wall_s:
        missed.append(f"wall {row.get('wall_s', math.nan):.2f} s > {target.wall_s:g} s")
    if target.gap is not None:
        gap = row.get("gap")
        if gap is None and row.get("status") == "optimal":
            gap = 0.0
        if gap is None or not gap <= target.gap + 1e-9:
            shown = "none" if gap is None else f"{gap:.1%}"
            missed.append(f"gap {shown} > {target.gap:.0%}")
    if target.rss_bytes is not None and not row.get("maxrss_bytes", math.inf) < target.rss_bytes:
        missed.append(f"peak RSS {row.get('maxrss_bytes', 0) / GIB:.2f} GiB ≥ "
                      f"{target.rss_bytes / GIB:g} GiB")
    return target.text, not missed, missed


# --------------------------------------------------------------------------------------------
# Machine description and output


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "mealplan"], cwd=REPO,
                           capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu, "cores_logical": os.cpu_count(), "cores_usable": usable,
        "ram_bytes": ram, "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(), "pulp": _version("pulp"),
        "highspy": _version("highspy"), "mealplan": _version("mealplan"),
        "git_commit": commit or None, "mealplan_dirty": bool(dirty),
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def _f(value: Any, fmt: str, none: str = "—") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return none
    return format(value, fmt)


def _pct(value: Any) -> str:
    return _f(None if value is None else value * 100, ".2f") + (" %" if value is not None else "")


def render_markdown(rows: list[dict[str, Any]], info: dict[str, Any], argv: list[str]) -> str:
    lines = ["# mealplan benchmark results", ""]
    lines += [
        f"- Date: {info['date']}",
        f"- CPU: {info['cpu']} — {info['cores_logical']} logical cores "
        f"({info['cores_usable']} usable by this process)",
        f"- RAM: {_f(info['ram_bytes'] and info['ram_bytes'] / GIB, '.1f')} GiB",
        f"- Python {info['python']} ({info['python_implementation']}), PuLP {info['pulp']}, "
        f"HiGHS (highspy) {info['highspy']}",
        f"- Platform: {info['platform']}",
        f"- mealplan at commit {info['git_commit']}"
        + (" with uncommitted changes under mealplan/" if info["mealplan_dirty"] else ""),
        f"- Command: `{' '.join(['python -m bench', *argv])}`",
        "",
        "## Planner (CLI, end to end)",
        "",
        "| case | wall s (median) | peak RSS MiB | build s | planner s | status | objective | "
        "bound | gap | distinct | most shared by 2 days | target | result |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        result = {True: "met", False: "**missed**", None: "—"}[row.get("met")]
        if row.get("met") is False and row.get("missed_because"):
            result += " (" + "; ".join(row["missed_because"]) + ")"
        build = _f(row.get("build_s"), ".3f")
        if row.get("build_what") == "continuous_model":
            build += " (LP)"
        lines.append(
            f"| {row['case']} | {_f(row.get('wall_s'), '.2f')} | "
            f"{_f(row.get('maxrss_bytes') and row['maxrss_bytes'] / 2**20, '.0f')} | "
            f"{build} | {_f(row.get('planner_s'), '.2f')} | {row.get('status', '—')} | "
            f"{_f(row.get('objective'), '.3f')} | {_f(row.get('bound'), '.3f')} | "
            f"{_pct(row.get('gap'))} | "
            f"{_f(row.get('distinct'), 'd')} {row.get('unit', '')} | "
            f"{_f(row.get('most_shared'), 'd')} of {_f(row.get('per_day'), 'd')} | "
            f"{row.get('target', '—')} | {result} |")
    lines += [
        "",
        "## Naive one-piece weekly MIP at equal time",
        "",
        "`model.week_model` (`menu_master.week_model` for recipe cases, without the rule that no "
        "two days share more than one recipe) for the same problem, solved by HiGHS (`gap=0.01`) "
        "with a time limit "
        "equal to the planner's end-to-end wall time for the case. ratio = naive objective / "
        "planner objective (> 1: the planner's week is better; < 1: the naive MIP's is). "
        "Both bounds are lower bounds on the same optimum: the higher one is the stronger, "
        "and neither may exceed either objective (\"bounds consistent\").",
        "",
        "| case | foods | time limit s | naive build s | naive status | naive objective | "
        "naive bound | naive gap | ratio | planner bound | stronger bound | bounds consistent |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        if row["case"] == HELP_CASE:
            continue
        foods = _f(row.get("foods_available"), ",d")
        if row.get("naive_skipped"):
            lines.append(f"| {row['case']} | {foods} | skipped: {row['naive_skipped']} "
                         "| | | | | | | | | |")
            continue
        ours, theirs = row.get("bound"), row.get("naive_bound")
        if ours is None or theirs is None:
            stronger = "—"
        elif abs(ours - theirs) <= 1e-6 * max(1.0, abs(ours)):
            stronger = "equal"
        else:
            stronger = "planner" if ours > theirs else "naive"
        lines.append(
            f"| {row['case']} | {foods} | {_f(row.get('naive_time_limit'), '.2f')} | "
            f"{_f(row.get('naive_build_s'), '.3f')} | {row.get('naive_status', '—')} | "
            f"{_f(row.get('naive_objective'), '.3f')} | {_f(row.get('naive_bound'), '.3f')} | "
            f"{_pct(row.get('naive_gap'))} | {_f(row.get('naive_ratio'), '.3f')} | "
            f"{_f(ours, '.3f')} | {stronger} | "
            f"{ {True: 'yes', False: '**no**', None: '—'}[row.get('bounds_consistent')]} |")
    errors = [row for row in rows if row.get("error") or row.get("build_error")
              or row.get("naive_error")]
    if errors:
        lines += ["", "## Errors", ""]
        for row in errors:
            for key in ("error", "build_error", "naive_error"):
                if row.get(key):
                    lines.append(f"- {row['case']} ({key}): {row[key]}")
    lines += ["", "Columns are explained in bench/README.md. Prices in the USDA catalogues are "
              "synthetic.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="only the shipped-catalogue cases (and the --help import row)")
    parser.add_argument("--case", action="append", choices=CASE_NAMES, metavar="NAME",
                        help=f"run only this case (repeatable): {', '.join(CASE_NAMES)}")
    parser.add_argument("--time-limit", type=float, default=None, metavar="S",
                        help="--time-limit for every case (default: the planner's own, a "
                             "safety net)")
    parser.add_argument("--output-dir", type=Path, default=RESULTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    raw_argv = list(sys.argv[1:] if argv is None else argv)

    if args.case:
        selected = [case for case in CASES if case.name in args.case]
        want_help = HELP_CASE in args.case
    else:
        selected = [case for case in CASES if case.shipped or not args.quick]
        want_help = True

    sys.path.insert(0, str(REPO))
    rows = []
    for case in selected:
        print(f"bench: {case.name} ...", file=sys.stderr, flush=True)
        row = run_case(case, args.time_limit)
        rows.append(row)
        print(f"bench: {case.name}: {row.get('status')} wall {row['wall_s']:.2f} s, gap "
              f"{_pct(row.get('gap'))}, naive ratio {_f(row.get('naive_ratio'), '.3f')}",
              file=sys.stderr, flush=True)
    by_name = {row["case"]: row for row in rows}
    for case in selected:
        relative = case.target.times_case if case.target else None
        other = by_name.get(relative[0]) if relative else None
        if relative and other is not None and other.get("wall_s"):
            row = by_name[case.name]
            limit = relative[1] * other["wall_s"]
            if not row.get("wall_s", math.inf) <= limit:
                row["met"] = False
                row["missed_because"] = row.get("missed_because", []) + [
                    f"wall {row['wall_s']:.2f} s > {relative[1]:g} × {other['wall_s']:.2f} s"]
            elif row.get("met") is not False:
                row["met"] = True
    for case in selected:
        quiet = by_name.get(case.quiet) if case.quiet else None
        if case.quiet is None:
            continue
        row = by_name[case.name]
        if quiet is None or quiet.get("week") is None or row.get("week") is None:
            row["same_week"] = None
            row["met"] = None
            continue
        row["same_week"] = (row["week"] == quiet["week"]
                            and row.get("objective") == quiet.get("objective"))
        row["met"] = row["same_week"] and row.get("met") is not False
        if not row["same_week"]:
            row["missed_because"] = row.get("missed_because", []) + [
                f"objective {_f(row.get('objective'), '.3f')} ≠ quiet "
                f"{_f(quiet.get('objective'), '.3f')}" if row.get("objective")
                != quiet.get("objective") else "another week than the quiet one"]
    if want_help:
        print(f"bench: {HELP_CASE} ...", file=sys.stderr, flush=True)
        rows.append(run_help())

    info = machine()
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "latest.json").write_text(json.dumps(
        {"machine": info, "argv": raw_argv, "cases": rows}, indent=2) + "\n")
    markdown = render_markdown(rows, info, raw_argv)
    (args.output_dir / "latest.md").write_text(markdown)
    print(markdown)
    return 0
