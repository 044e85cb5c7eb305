"""Write output files atomically, so a failed run never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import DataError


def check_writable(path: str | Path) -> Path:
    """Fail early, before any long computation, if ``path`` cannot be written."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise DataError(f"cannot write '{target}': the folder '{folder}' does not exist")
    if target.is_dir():
        raise DataError(f"cannot write '{target}': it is a folder")
    return target


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename."""
    target = check_writable(path)
    folder = target.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise DataError(f"cannot write '{target}': {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
