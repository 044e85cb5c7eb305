"""Zip exports (Mealie, Tandoor): their recipe members, nested zips included."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import DataError
from .limits import (
    IGNORED_ZIP_SUFFIXES, MAX_ZIP_DEPTH, MAX_ZIP_MEMBER_BYTES, MAX_ZIP_MEMBERS, MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL_BYTES, MB, Budget,
)
from .model import SourceRecipe


_CHUNK = 64 * 1024


def _read_zip(data: bytes, label: str, depth: int, budget: Budget) -> list[SourceRecipe]:
    from .sources import _read_bytes  # a member is read as any source is

    if depth > MAX_ZIP_DEPTH:
        raise DataError(f"zips nested deeper than {MAX_ZIP_DEPTH}", file=label)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise DataError("not a valid zip file", file=label) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise DataError(f"more than {MAX_ZIP_MEMBERS:,} files in the zip", file=label)
    recipes: list[SourceRecipe] = []
    others: list[str] = []
    for member in members:
        name = member.filename
        if member.is_dir() or "__MACOSX" in name or Path(name).name.startswith("."):
            continue
        lower = name.lower()
        if lower.endswith(IGNORED_ZIP_SUFFIXES):
            others.append(name)
            continue
        if not lower.endswith((".json", ".jsonld", ".zip")):
            others.append(name)
            continue
        content = _inflate(archive, member, label, budget)
        recipes.extend(_read_bytes(content, f"{label}:{name}", Path(lower).suffix, depth + 1,
                                   budget))
    if not recipes:
        found = ", ".join(others[:3]) + (" ..." if len(others) > 3 else "")
        raise DataError("no recipe in the zip (expected recipe .json files or one zip per "
                        "recipe, as Mealie and Tandoor export)"
                        + (f"; found {found}" if others else ""), file=label)
    return recipes


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str,
             budget: Budget) -> bytes:
    """One member's bytes, inflated a chunk at a time and counted as they come: the sizes in
    the zip's headers are never believed, so a bomb stops at the first limit it crosses."""
    name = member.filename
    packed = max(member.compress_size, 1)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                budget.inflated += len(chunk)
                if size > MAX_ZIP_MEMBER_BYTES:
                    raise DataError(f"{name} unpacks to more than {MAX_ZIP_MEMBER_BYTES // MB} "
                                    f"MB", file=label)
                if budget.inflated > MAX_ZIP_TOTAL_BYTES:
                    raise DataError(f"unpacks to more than {MAX_ZIP_TOTAL_BYTES // MB} MB",
                                    file=label)
                if size > MAX_ZIP_RATIO * packed + _CHUNK:
                    raise DataError(f"{name} unpacks to more than {MAX_ZIP_RATIO} times its "
                                    f"packed size, which no recipe export does", file=label)
                budget.check(label, name)
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError,
            EOFError) as error:
        raise DataError(f"cannot unpack {name}: {error}", file=label) from None
    return b"".join(chunks)
