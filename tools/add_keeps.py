"""Write tools/keeps.csv (FoodKeeper keeping times) into foods.csv's keeps_days column."""

import csv
import io
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent


def main() -> int:
    keeps_text = (TOP / "tools" / "keeps.csv").read_text(encoding="utf-8")
    keeps = {row["food"]: row["keeps_days"] for row in csv.DictReader(
        line for line in io.StringIO(keeps_text) if not line.startswith("#"))}
    path = TOP / "foods.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    header = list(rows[0].keys())
    if "keeps_days" not in header:
        header.append("keeps_days")
    missing = [row["food"] for row in rows if row["food"] not in keeps]
    if missing:
        print(f"no keeping time in tools/keeps.csv for: {', '.join(missing)}", file=sys.stderr)
        return 1
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        row["keeps_days"] = keeps[row["food"]]
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
