"""Regenerate docs/report-desktop.png and docs/report-phone.png from a real default week.

    python tools/screenshot_report.py                  # plan a default week, then screenshot
    python tools/screenshot_report.py --plan week.json # screenshot a saved plan instead

Needs headless Chromium on PATH (Debian: apt-get install chromium).  Also writes the page itself
to docs/report-example.html only with --keep-html.
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
from mealplan.plan import Plan  # noqa: E402
from mealplan.report import render_html  # noqa: E402

# name: (width, height) in CSS pixels; the shots show the top of the page (header, status,
# menu and the start of the charts), which is what a reader sees first.
SHOTS = {"desktop": (1280, 2000), "phone": (390, 1200)}
# Headless Chromium will not make a window narrower than 500 px, so a narrower (phone) page is
# laid out in an iframe of the phone's width and scaled up to fill a 500 px window.
MIN_WINDOW = 500
FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; background: #f5f6f8; }}
iframe {{ border: 0; width: {width}px; height: {height}px; transform: scale({scale});
  transform-origin: 0 0; display: block; }}
</style></head><body><iframe src="report.html"></iframe></body></html>
"""
MAX_BYTES = 400_000
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
    "--force-device-scale-factor=1", "--host-resolver-rules=MAP * ~NOTFOUND",
)


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
        print("planning a default week (this can take a minute) ...", file=sys.stderr)
        plan = mealplan.plan_week(catalogue, targets, mealplan.PlanOptions(days=7))
    page = render_html(plan, catalogue.by_name())

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        html_path = Path(folder) / "report.html"
        html_path.write_text(page, encoding="utf-8")
        if args.keep_html:
            (args.out / "report-example.html").write_text(page, encoding="utf-8")
        for name, (width, height) in SHOTS.items():
            png = args.out / f"report-{name}.png"
            target, window = html_path, (width, height)
            if width < MIN_WINDOW:
                scale = MIN_WINDOW / width
                target = Path(folder) / f"{name}.html"
                target.write_text(FRAME.format(width=width, height=height, scale=f"{scale:.4f}"),
                                  encoding="utf-8")
                window = (MIN_WINDOW, round(height * scale))
            subprocess.run(
                [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
                 f"--window-size={window[0]},{window[1]}", f"--screenshot={png}",
                 target.as_uri()],
                check=True, capture_output=True, timeout=120)
            size = png.stat().st_size
            print(f"{png.relative_to(REPO) if png.is_relative_to(REPO) else png}: "
                  f"{width}x{height} CSS px, {size // 1024} KB", file=sys.stderr)
            if size > MAX_BYTES:
                print(f"  warning: larger than {MAX_BYTES // 1000} KB; lower its height in SHOTS",
                      file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
