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
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .run import REPO, RESULTS, machine, plan_to_file

CASES = {
    "default week": [],
    "family of four": ["--household", "bench/data/household_4.yaml"],
    "budget 75": ["--budget", "75"],
}


def figures(path: Path) -> dict[str, Any]:
    """The week's shopping and stove, measured the same way for any plan version: the plan
    is read by this checkout, with this catalogue's keeping times."""
    from dataclasses import replace

    from mealplan.data import load_foods, load_targets
    from mealplan.plan import Plan

    plan = Plan.from_json(path.read_text(encoding="utf-8"))
    catalogue = load_foods(None, load_targets()).by_name()
    plan.foods = {name: replace(info, keeps_days=catalogue[name].keeps_days,
                                freezer_days=catalogue[name].freezer_days)
                  if name in catalogue else info for name, info in plan.foods.items()}
    items = plan.shopping_list()
    spoiling = sum(item.cost or 0.0 for item in items if item.spoils and item.packages)
    wasted = plan.wasted_cost
    return {
        "products": sum(1 for item in items if item.packages),
        "till": plan.shopping_cost,
        "eaten": plan.total_cost,
        "wasted": wasted,
        "wasted_share": (wasted or 0.0) / spoiling if spoiling else None,
        "leftover_meals": plan.leftover_meals,
        "minutes": sum(plan.cooking_minutes(day) for day in plan.days),
        "recipes": len({item.recipe for day in plan.days for item in day.items if item.recipe}),
        "gap": plan.gap,
        "recipe_names": sorted({item.recipe for day in plan.days for item in day.items
                                if item.recipe}),
    }


def run_case(args: list[str], runs: int, scratch: Path, repo: Path) -> dict[str, Any]:
    walls = []
    row: dict[str, Any] = {}
    for n in range(runs):
        out = scratch / f"week{n}.json"
        wall, code, error = plan_to_file(args, out, repo, timeout=900)
        walls.append(wall)
        if code != 0:
            return {"error": error.splitlines()[-1] if error else f"exit {code}",
                    "wall_s": wall}
        row = figures(out)
    row["wall_s"] = statistics.median(walls)
    return row


def four_weeks(scratch: Path, repo: Path) -> dict[str, Any]:
    """Four weeks, each --after the last (a checkout without --after: --avoid)."""
    # The command's options moved from cli.py to cli_plan.py; an older checkout has only cli.py.
    sources = (repo / "mealplan" / name for name in ("cli.py", "cli_plan.py"))
    follow = ("--after" if any(path.exists() and "--after" in path.read_text()
                               for path in sources) else "--avoid")
    rows = []
    previous: Path | None = None
    wall = 0.0
    for week in range(1, 5):
        out = scratch / f"chain{week}.json"
        seconds, code, error = plan_to_file([follow, str(previous)] if previous else [], out,
                                            repo, timeout=900)
        wall += seconds
        if code != 0:
            return {"error": f"week {week}: {error.splitlines()[-1] if error else code}"}
        rows.append(figures(out))
        previous = out
    total = {key: sum(row[key] or 0 for row in rows)
             for key in ("products", "till", "eaten", "wasted", "leftover_meals", "minutes")}
    recipes = {name for row in rows for name in row["recipe_names"]}
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
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="the checkout whose planner to run (default: this one), e.g. a "
                             "worktree of an earlier commit for 'before' figures")
    parser.add_argument("--output", type=Path, default=RESULTS / "shopping.md")
    args = parser.parse_args(argv)
    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for name, case_args in CASES.items():
            rows[name] = run_case(case_args, 1 if "--household" in case_args else args.runs,
                                  scratch, args.repo)
        rows["four weeks, each after the last"] = four_weeks(scratch, args.repo)
    text = render(rows, machine())
    args.output.parent.mkdir(exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
