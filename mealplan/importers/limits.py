"""The importer's limits: how much a source may hold and how far a match may go."""

from __future__ import annotations

import time

from ..errors import DataError

INSTALL_HINT = "pip install 'mealplan[import]'"
DEFAULT_MIN_SCORE = 70
# A recipe whose unmatched lines weigh more than this share of it is left out (--keep-partial).
MAX_UNMATCHED_SHARE = 0.10

MB = 1024 * 1024
# Bytes are counted as they are read, never taken from what a file, a device, a pipe or a zip
# header says of its size (see files.read_stream and archives).
MAX_ARCHIVE_BYTES = 50 * MB      # a zip as read from disk
MAX_PAGE_BYTES = 20 * MB         # a saved .html page
MAX_JSON_BYTES = 20 * MB         # a .json / .jsonld file or member
MAX_STDIN_BYTES = 20 * MB        # a source given as '-'
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_MEMBER_BYTES = 20 * MB   # one member, inflated
MAX_ZIP_TOTAL_BYTES = 200 * MB   # every member of a source together, nested zips included
MAX_ZIP_RATIO = 200              # inflated / packed bytes of one member (JSON packs ~10:1)
MAX_ZIP_DEPTH = 2
# Work: a line is cut off before any parser sees it, a recipe and an import are bounded, and
# the whole import has a time budget.
MAX_RECIPES = 5000
MAX_LINES = 200
MAX_LINE_CHARS = 300
MAX_INGREDIENTS = 40
MAX_NAME = 100
MAX_SERVINGS = 1000
IMPORT_SECONDS = 600.0
# A recipe file needs minutes; a source that gives no time gets this, said in the review.
DEFAULT_MINUTES = 30
IGNORED_ZIP_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".bmp", ".svg",
                        ".pdf", ".md", ".txt", ".html", ".htm")


class Budget:
    """What one import may spend: its time (every source, recipe and line checks it) and, per
    source, the bytes its zips inflate to (nested zips included)."""

    def __init__(self, seconds: float = IMPORT_SECONDS):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.inflated = 0

    def check(self, label: str, where: str = "") -> None:
        if time.monotonic() > self.deadline:
            raise DataError(f"the import took longer than its limit of {self.seconds:g} s"
                            + (f", at {where}" if where else "")
                            + "; import fewer or smaller sources at a time", file=label)
