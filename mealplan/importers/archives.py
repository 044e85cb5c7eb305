"""Zip exports (Mealie, Tandoor): their recipe members, nested zips included."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import DataError
from .limits import (
    IGNORED_ZIP_SUFFIXES, MAX_ZIP_DEPTH, MAX_ZIP_MEMBERS, MAX_ZIP_MEMBER_BYTES,
    MAX_ZIP_TOTAL_BYTES,
)
from .model import SourceRecipe


def _read_zip(data: bytes, label: str, depth: int) -> list[SourceRecipe]:
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
    total = 0
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
        if member.file_size > MAX_ZIP_MEMBER_BYTES:
            raise DataError(f"{name} is larger than {MAX_ZIP_MEMBER_BYTES // (1024 * 1024)} MB "
                            f"unpacked", file=label)
        total += member.file_size
        if total > MAX_ZIP_TOTAL_BYTES:
            raise DataError(f"unpacks to more than {MAX_ZIP_TOTAL_BYTES // (1024 * 1024)} MB",
                            file=label)
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError,
                RuntimeError) as error:
            raise DataError(f"cannot unpack {name}: {error}", file=label) from None
        recipes.extend(_read_bytes(content, f"{label}:{name}", Path(lower).suffix, depth + 1))
    if not recipes:
        found = ", ".join(others[:3]) + (" ..." if len(others) > 3 else "")
        raise DataError("no recipe in the zip (expected recipe .json files or one zip per "
                        "recipe, as Mealie and Tandoor export)"
                        + (f"; found {found}" if others else ""), file=label)
    return recipes
