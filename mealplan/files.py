"""Write output files atomically, so a failed run never leaves a half-written file behind, and
never over something that must not be replaced: one of the run's own inputs, a device, a
folder, a socket or a read-only file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Any, Iterable

from .errors import DataError

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe"),
          (stat.S_ISSOCK, "a socket"))


def check_writable(path: str | Path, inputs: Iterable[str | Path | None] = ()) -> Path:
    """Fail early, before any long computation, if ``path`` cannot or must not be written.

    ``inputs`` are the files this run reads: writing over one of them (the same file by any
    name, a link or another spelling) is refused, as is an existing path that is not a regular
    file, or a regular file that is read-only.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise DataError(f"cannot write '{target}': the folder '{folder}' does not exist")
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise DataError(f"cannot write '{target}': {error.strerror or error}") from None
    if status is not None:
        for is_kind, kind in _KINDS:
            if is_kind(status.st_mode):
                raise DataError(f"cannot write '{target}': it is {kind}, not a regular file")
        for source in inputs:
            if source is not None and _same_file(status, source):
                raise DataError(f"cannot write '{target}': it is one of this run's inputs "
                                f"('{source}'); choose another output file")
        # Root may write anything, so the mode is checked as well as the permission.
        if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise DataError(f"cannot write '{target}': the file is read-only (mode "
                            f"{stat.S_IMODE(status.st_mode):04o}); make it writable or choose "
                            f"another output file")
    real_folder = Path(os.path.realpath(target)).parent
    if not os.access(real_folder, os.W_OK | os.X_OK):
        raise DataError(f"cannot write '{target}': no permission to create files in the folder "
                        f"'{real_folder}'")
    return target


def _same_file(status: os.stat_result, source: str | Path) -> bool:
    try:
        other = os.stat(str(source))
    except (OSError, ValueError):
        return False
    return (status.st_dev, status.st_ino) == (other.st_dev, other.st_ino)


def _new_file_mode() -> int:
    """0666 less the umask: the mode any other program's new file gets."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | Path, text: str, inputs: Iterable[str | Path | None] = ()) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename.

    A symbolic link is written through (the file it points to is replaced, the link stays); an
    existing file keeps its mode, a new one gets 0666 less the umask.
    """
    target = check_writable(path, inputs)
    real = Path(os.path.realpath(target))
    try:
        mode = stat.S_IMODE(os.stat(real).st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp",
                                             dir=real.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, real)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise DataError(f"cannot write '{target}': {error.strerror or error}") from None
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise


# Reading: every input file is read whole, but never more than MAX_FILE_BYTES of it.
# Hostile or mistaken input must fail fast rather than hang: the full USDA generic-food table is
# about 6,000 rows and 2 MB, so these limits leave plenty of room for real catalogues.
MAX_FILE_BYTES = 20 * 1024 * 1024


def _read_bytes(path: Any, label: str) -> bytes:
    try:
        size = Path(str(path)).stat().st_size if isinstance(path, (str, Path)) else None
        if size is not None and size > MAX_FILE_BYTES:
            raise DataError(
                f"file is {size / 1e6:.0f} MB; mealplan reads files up to "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
                file=label,
            )
        with path.open("rb") if hasattr(path, "open") else open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DataError("file not found", file=label) from None
    except IsADirectoryError:
        raise DataError("is a directory, expected a file", file=label) from None
    except PermissionError:
        raise DataError("permission denied", file=label) from None
    if len(data) > MAX_FILE_BYTES:
        raise DataError(
            f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the most mealplan reads",
            file=label,
        )
    return data


def _decode(data: bytes, label: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("is UTF-16 text; save it as UTF-8", file=label)
    try:
        # Spreadsheet programs often write a UTF-8 byte order mark: harmless, so accept it.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DataError(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8",
            file=label, line=line,
        ) from None
