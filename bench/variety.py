"""How much of the catalogue four weeks use: python -m bench.variety [--repo PATH] [--label L]

Plans four weeks in a row with the real CLI, each ``--after`` the last (a checkout without
--after: ``--avoid``), and prints the catalogue-use table: per protein group (this
checkout's targets.yaml ``recipes.week.protein_groups``, applied to every plan's recipes so
that an older checkout is measured the same way), the shipped recipes of the group, the
different ones the four weeks chose and the dishes they served; the distinct recipes in all;
and the first week (the default week) alone: its poultry, meat and seafood dishes, objective,
bound, proven gap and wall time.  Every plan gets ``--time-limit 600`` (``--time-limit``):
on a shared, busy machine the 30 s safety net would end searches early and the weeks would
depend on the load; with it the work budgets end them, as on a quiet machine.  ``--label`` names the run's section of
bench/results/variety.md (other sections are kept, so "before" and "after" sit side by
side).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from .run import REPO, RESULTS, machine, plan_to_file

WEEKS = 4
NO_GROUP = "(no group)"


def groups() -> tuple[dict[str, str], Counter[str]]:
    """protein -> its group, and the shipped recipes of each group."""
    from mealplan.data import load_foods, load_targets
    from mealplan.recipes import load_recipes

    targets = load_targets()
    of = {protein: name for name, proteins in targets.recipes.protein_groups.items()
          for protein in proteins}
    cookbook = load_recipes(None, load_foods(None, targets))
    shipped = Counter(of.get(r.protein or "", NO_GROUP) for r in cookbook.recipes)
    return of, shipped


def week_figures(path: Path, of: dict[str, str]) -> dict[str, Any]:
    """A plan's dishes (a dish is a recipe at a meal of a day, a leftover too), by group."""
    document = json.loads(path.read_text(encoding="utf-8"))
    proteins = {name: info.get("protein") for name, info in document["recipes"].items()}
    dishes = sorted({(day["day"], item["meal"], item["recipe"]) for day in document["days"]
                     for item in day["meals"] if item.get("recipe")})
    return {
        "recipes": sorted({name for _, _, name in dishes}),
        "groups": {name: of.get(proteins.get(name) or "", NO_GROUP) for _, _, name in dishes},
        "served": Counter(of.get(proteins.get(name) or "", NO_GROUP) for _, _, name in dishes),
        "objective": document.get("objective"), "bound": document.get("bound"),
        "gap": document.get("gap"), "shortfalls": len(document.get("shortfalls") or []),
        "till": document.get("shopping_cost"),
    }


def four_weeks(repo: Path, scratch: Path, extra: list[str]) -> dict[str, Any]:
    # The command line lives in mealplan/cli*.py (cli_plan.py since the CLI was split): a
    # look at cli.py alone took every checkout for one without --after.
    follow = "--after" if any("--after" in path.read_text(encoding="utf-8")
                              for path in (repo / "mealplan").glob("cli*.py")) else "--avoid"
    of, shipped = groups()
    weeks: list[dict[str, Any]] = []
    previous: Path | None = None
    for week in range(1, WEEKS + 1):
        out = scratch / f"week{week}.json"
        wall, code, error = plan_to_file([*extra, *([follow, str(previous)] if previous else [])],
                                  out, repo)
        if code != 0:
            return {"error": f"week {week}: {error.splitlines()[-1] if error else code}"}
        weeks.append({**week_figures(out, of), "wall_s": wall})
        previous = out
    chosen: dict[str, set[str]] = {}
    served: Counter[str] = Counter()
    for week in weeks:
        served.update(week["served"])
        for name, group in week["groups"].items():
            chosen.setdefault(group, set()).add(name)
    return {"weeks": weeks, "shipped": shipped, "served": served,
            "chosen": {group: len(names) for group, names in chosen.items()},
            "distinct": len({name for week in weeks for name in week["recipes"]}),
            "follow": follow}


def _gap(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def render(label: str, result: dict[str, Any], info: dict[str, Any], extra: list[str],
           repo: Path = REPO) -> str:
    args = " ".join(extra) or "(none)"
    where = (f"commit {info.get('git_commit')}"
             f"{' (modified)' if info.get('mealplan_dirty') else ''}" if repo == REPO
             else f"the planner in {repo}")
    lines = [f"## {label}", "",
             f"{where[0].upper()}{where[1:]}, {time.strftime('%Y-%m-%d')}, {info.get('cpu', '?')}, "
             f"{info.get('cores_usable', '?')} cores; `mealplan plan {args}` then three weeks "
             f"each `{result.get('follow', '--after')}` the last.", ""]
    if "error" in result:
        return "\n".join(lines + [f"Error: {result['error']}", ""]) + "\n"
    first = result["weeks"][0]["served"]
    lines += ["| protein group | shipped recipes | chosen in four weeks | dishes served |",
              "|---|---:|---:|---:|"]
    names = sorted(set(result["shipped"]) | set(result["chosen"]),
                   key=lambda g: (g == NO_GROUP, g))
    for group in names:
        lines.append(f"| {group} | {result['shipped'].get(group, 0)} | "
                     f"{result['chosen'].get(group, 0)} | {result['served'].get(group, 0)} |")
    lines.append(f"| **all** | {sum(result['shipped'].values())} | **{result['distinct']}** | "
                 f"{sum(result['served'].values())} |")
    lines += ["", f"Distinct recipes in four weeks: **{result['distinct']}**.  The default week "
              f"(week 1): poultry {first.get('poultry', 0)}, meat {first.get('meat', 0)}, "
              f"seafood {first.get('seafood', 0)} dishes.", "",
              "| week | recipes | objective | bound | gap | shortfalls | till | wall |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, week in enumerate(result["weeks"], start=1):
        lines.append(f"| {n} | {len(week['recipes'])} | {week['objective']:.2f} | "
                     f"{week['bound'] or 0:.2f} | {_gap(week['gap'])} | {week['shortfalls']} | "
                     f"${week['till'] or 0:,.2f} | {week['wall_s']:.1f} s |")
    return "\n".join(lines) + "\n"


def _merge(path: Path, label: str, section: str) -> str:
    """The results file with this run's section in place of the one of the same label."""
    head = ["# Catalogue use over four weeks", "",
            "`python -m bench.variety`: see the module's docstring.  Wall times are of a "
            "shared 2-core machine, busy with other work: compare objectives and gaps, not "
            "seconds.", ""]
    sections: dict[str, str] = {}
    if path.exists():
        current = None
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.startswith("## "):
                current = line[3:].strip()
                sections[current] = ""
            if current is not None:
                sections[current] += line
    sections[label] = section
    return "\n".join(head) + "\n" + "\n".join(s.rstrip("\n") + "\n" for s in sections.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.variety")
    parser.add_argument("--repo", type=Path, default=REPO.resolve(),
                        help="the checkout whose planner to run (default: this one)")
    parser.add_argument("--label", default="after", help="the section of the results file")
    parser.add_argument("--output", type=Path, default=RESULTS / "variety.md")
    parser.add_argument("--time-limit", type=float, default=600.0,
                        help="--time-limit for every plan (0: the planner's own safety net)")
    parser.add_argument("plan_args", nargs="*",
                        help="more `mealplan plan` arguments (after --), e.g. --diet vegan")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        extra = list(args.plan_args)
        if args.time_limit:
            extra += ["--time-limit", f"{args.time_limit:g}"]
        result = four_weeks(args.repo, Path(folder), extra)
    section = render(args.label, result, machine(), extra, args.repo.resolve())
    args.output.parent.mkdir(exist_ok=True)
    args.output.write_text(_merge(args.output, args.label, section), encoding="utf-8")
    print(section)
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    sys.exit(main())
