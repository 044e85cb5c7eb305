"""What a week costs the person who shops and cooks it: python -m bench.shopping [--runs N]

Each case runs the real CLI (``python -m mealplan plan ... --format json``) as a whole
process, the median wall time of ``--runs`` runs, and reads from the plan what the shopping
and the stove come to: products bought, the till, the food eaten, what is left over of the
food that spoils (by value, and as a share of the spoiling food bought), meals from
leftovers, minutes at the stove, and the proven gap.  ``four weeks`` plans four weeks each
``--after`` the last and sums them.  Writes bench/results/shopping.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .run import REPO, RESULTS, _child_env, machine

CASES = {
    "default week": [],
    "family of four": ["--household", "bench/data/household_4.yaml"],
    "budget 75": ["--budget", "75"],
}


def _plan(args: list[str], out: Path) -> tuple[float, int, str]:
    argv = [sys.executable, "-m", "mealplan", "plan", *args, "--format", "json", "-o", str(out)]
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, env=_child_env(), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=900)
    return time.perf_counter() - started, done.returncode, done.stderr.strip()


def figures(plan: dict[str, Any]) -> dict[str, Any]:
    items = plan["shopping_list"]
    spoiling = [item for item in items if item.get("spoils") and item["packages"]]
    bought_spoiling = sum(item["cost"] or 0.0 for item in spoiling)
    return {
        "products": sum(1 for item in items if item["packages"]),
        "till": plan["shopping_cost"],
        "eaten": plan["total_cost"],
        "wasted": plan.get("wasted_cost"),
        "wasted_share": (plan.get("wasted_cost") or 0.0) / bought_spoiling
        if bought_spoiling else None,
        "leftover_meals": len({(day["day"], item["meal"]) for day in plan["days"]
                               for item in day["meals"] if item.get("leftover_from")}),
        "minutes": sum(day.get("cooking_minutes") or 0 for day in plan["days"]),
        "recipes": len({item["recipe"] for day in plan["days"] for item in day["meals"]
                        if item.get("recipe")}),
        "gap": plan.get("gap"),
    }


def run_case(args: list[str], runs: int, scratch: Path) -> dict[str, Any]:
    walls = []
    row: dict[str, Any] = {}
    for n in range(runs):
        out = scratch / f"week{n}.json"
        wall, code, error = _plan(args, out)
        walls.append(wall)
        if code != 0:
            return {"error": error.splitlines()[-1] if error else f"exit {code}",
                    "wall_s": wall}
        row = figures(json.loads(out.read_text()))
    row["wall_s"] = statistics.median(walls)
    return row


def four_weeks(scratch: Path) -> dict[str, Any]:
    rows = []
    previous: Path | None = None
    wall = 0.0
    for week in range(1, 5):
        out = scratch / f"chain{week}.json"
        seconds, code, error = _plan(["--after", str(previous)] if previous else [], out)
        wall += seconds
        if code != 0:
            return {"error": f"week {week}: {error.splitlines()[-1] if error else code}"}
        rows.append(figures(json.loads(out.read_text())))
        previous = out
    total = {key: sum(row[key] or 0 for row in rows)
             for key in ("products", "till", "eaten", "wasted", "leftover_meals", "minutes")}
    recipes = set()
    for week in range(1, 5):
        plan = json.loads((scratch / f"chain{week}.json").read_text())
        recipes |= {item["recipe"] for day in plan["days"] for item in day["meals"]
                    if item.get("recipe")}
    return {**total, "recipes": len(recipes), "wall_s": wall, "gap": None,
            "wasted_share": None, "weeks": rows}


def _gap(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _money(value: Any) -> str:
    return "—" if value is None else f"${value:,.2f}"


def render(rows: dict[str, dict[str, Any]], info: dict[str, Any]) -> str:
    lines = ["# What a week costs the shopper and the cook", "",
             f"Machine: {info.get('cpu', '?')}, {info.get('cores_usable', '?')} cores, commit {info.get('git_commit')}; "
             f"{time.strftime('%Y-%m-%d')}.  `python -m bench.shopping`.", "",
             "| case | products | till | eaten | till / eaten | left to spoil | leftover meals "
             "| minutes | recipes | wall | gap |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, row in rows.items():
        if "error" in row:
            lines.append(f"| {name} | {row['error']} |  |  |  |  |  |  |  |  |  |")
            continue
        ratio = row["till"] / row["eaten"] if row.get("till") and row.get("eaten") else None
        share = row.get("wasted_share")
        lines.append(
            f"| {name} | {row['products']} | {_money(row['till'])} | {_money(row['eaten'])} | "
            f"{'—' if ratio is None else f'{ratio:.2f}×'} | {_money(row['wasted'])}"
            f"{'' if share is None else f' ({share:.0%})'} | {row['leftover_meals']} | "
            f"{row['minutes']:.0f} | {row['recipes']} | {row['wall_s']:.1f} s | "
            f"{_gap(row.get('gap'))} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.shopping")
    parser.add_argument("--runs", type=int, default=3, help="runs per case (median wall)")
    args = parser.parse_args(argv)
    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for name, case_args in CASES.items():
            rows[name] = run_case(case_args, 1 if "household" in case_args else args.runs,
                                  scratch)
        rows["four weeks, each --after the last"] = four_weeks(scratch)
    text = render(rows, machine())
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "shopping.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
