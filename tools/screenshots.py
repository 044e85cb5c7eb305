"""Regenerate docs/report-desktop.png and docs/report-phone.png from a real default week.

    python tools/screenshots.py                  # plan a default week (mealplan plan), then shoot
    python tools/screenshots.py --plan week.json # shoot a saved plan instead

Needs headless Chromium on PATH (Debian: apt-get install chromium).  Each image stacks views
of the one HTML report (``mealplan report``) at one width: its top (settings, the status with
the till, the waste and the minutes at the stove, the first days of the menu), the days where
leftovers are eaten (phone), the start of the shopping list and its end (the total and the
staples to check).  ``--keep-html`` also writes the page to docs/report-example.html.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import mealplan  # noqa: E402
from bench.run import plan_to_file  # noqa: E402
from mealplan.plan import Plan  # noqa: E402
from mealplan.report import render_html  # noqa: E402

# name -> (width in CSS px, the views stacked: (anchor of the page or "" for its top, height)).
# "{leftover}" is the first day that eats a leftover.
SHOTS = {
    "desktop": (1280, [("", 1290), ("shopping", 760), ("shopping-total", 250)]),
    "phone": (390, [("", 900), ("day-{leftover}", 760), ("shopping", 620),
                    ("shopping-total", 400)]),
}
GAP = 30  # CSS px between two views, with a note that the page goes on
# Headless Chromium will not make a window narrower than 500 px, so a narrower (phone) page is
# laid out in frames of the phone's width and the whole scaled up to fill a 500 px window.
MIN_WINDOW = 500
FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; background: #f5f6f8; }}
.stack {{ width: {width}px; transform: scale({scale}); transform-origin: 0 0; }}
iframe {{ border: 0; width: {width}px; display: block; }}
p {{ margin: 0; height: {gap}px; line-height: {gap}px; text-align: center; color: #5d6a79;
  font: 13px system-ui, sans-serif; background: #e2e6eb; }}
</style></head><body><div class="stack">{views}</div></body></html>
"""
MAX_BYTES = 600_000
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
    "--force-device-scale-factor=1", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--virtual-time-budget=5000",
)


def first_leftover_day(plan: Plan) -> int:
    days = [day.day for day in plan.days for item in day.items if item.leftover_from]
    return min(days, default=1)


def frame_page(width: int, views: list[tuple[str, int]], scale: float) -> str:
    parts = []
    for n, (anchor, height) in enumerate(views):
        if n:
            parts.append("<p>… further down the page …</p>")
        source = "report.html" + (f"#{anchor}" if anchor else "")
        parts.append(f'<iframe src="{source}" style="height: {height}px"></iframe>')
    return FRAME.format(width=width, scale=f"{scale:.4f}", gap=GAP, views="".join(parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, help="a saved plan (mealplan plan -o week.json)")
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="folder for the PNGs")
    parser.add_argument("--keep-html", action="store_true", help="also write the HTML page")
    args = parser.parse_args()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium not found on PATH (Debian: apt-get install chromium)")
    targets = mealplan.load_targets()
    catalogue = mealplan.load_foods(targets=targets)
    if args.plan:
        plan = Plan.from_json(args.plan.read_text(encoding="utf-8"), str(args.plan))
    else:
        # What a new user's `mealplan plan` gives, as bench plans it (recipes, staples, no
        # preferences of this machine's): plan_week alone is the single-food planner, which
        # the old screenshots showed.
        print("planning a default week (mealplan plan; this can take a minute) ...",
              file=sys.stderr)
        with tempfile.TemporaryDirectory() as folder:
            week = Path(folder) / "week.json"
            _, code, said = plan_to_file([], week, REPO)
            if code != 0:
                sys.exit(f"mealplan plan failed (exit {code}): {said}")
            plan = Plan.from_json(week.read_text(encoding="utf-8"), str(week))
    page = render_html(plan, catalogue.by_name())
    leftover = first_leftover_day(plan)

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "report.html").write_text(page, encoding="utf-8")
        if args.keep_html:
            (args.out / "report-example.html").write_text(page, encoding="utf-8")
        for name, (width, views) in SHOTS.items():
            views = [(anchor.format(leftover=leftover), height) for anchor, height in views]
            scale = max(1.0, MIN_WINDOW / width)
            height = sum(h for _, h in views) + GAP * (len(views) - 1)
            target = Path(folder) / f"{name}.html"
            target.write_text(frame_page(width, views, scale), encoding="utf-8")
            png = args.out / f"report-{name}.png"
            subprocess.run(
                [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
                 f"--window-size={round(width * scale)},{round(height * scale)}",
                 f"--screenshot={png}", target.as_uri()],
                check=True, capture_output=True, timeout=120)
            size = png.stat().st_size
            print(f"{png.relative_to(REPO) if png.is_relative_to(REPO) else png}: "
                  f"{width} CSS px wide, {len(views)} views, {size // 1024} KB", file=sys.stderr)
            if size > MAX_BYTES:
                print(f"  warning: larger than {MAX_BYTES // 1000} KB; lower its heights in "
                      f"SHOTS", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
