"""Regenerate the `mealplan ... --help` blocks in README.md from the real command line.

Each block sits under a marker line `<!-- help: plan -->` followed by a fenced code block;
tests/test_docs.py fails when a block is stale.  Run: python tools/update_readme.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mealplan.cli import cli  # noqa: E402

README = Path(__file__).resolve().parent.parent / "README.md"


def render(args: str) -> str:
    result = CliRunner().invoke(cli, [*args.split(), "--help"], prog_name="mealplan",
                                terminal_width=100)
    return result.output


def main() -> None:
    text = README.read_text(encoding="utf-8")
    updated = re.sub(r"(<!-- help: (.*?) -->\n```\n)(.*?)(```)",
                     lambda m: m.group(1) + render(m.group(2)) + m.group(4), text, flags=re.S)
    README.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    main()
