"""The importer's limits: how much a source may hold and how far a match may go."""

from __future__ import annotations


INSTALL_HINT = "pip install 'mealplan[import]'"
DEFAULT_MIN_SCORE = 70
# A recipe whose unmatched lines weigh more than this share of it is left out (--keep-partial).
MAX_UNMATCHED_SHARE = 0.10

MAX_SOURCE_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_MEMBER_BYTES = 20 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024
MAX_ZIP_DEPTH = 2
MAX_RECIPES = 5000
MAX_LINES = 200
MAX_INGREDIENTS = 40
MAX_NAME = 100
# A recipe file needs minutes; a source that gives no time gets this, said in the review.
DEFAULT_MINUTES = 30
IGNORED_ZIP_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".bmp", ".svg",
                        ".pdf", ".md", ".txt", ".html", ".htm")
