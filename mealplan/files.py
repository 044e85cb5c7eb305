"""Files in and out.  Out: written atomically, so a failed run never leaves a half-written file
behind, and never over something that must not be replaced: one of the run's own inputs, a
device, a folder, a socket or a read-only file.  In: untrusted bytes are read through one
bounded reader that counts what it reads, whatever the file, device or pipe says of its size."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any, BinaryIO, Iterable

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
    # As for the file: root may write into any folder, so its mode is checked too (a folder
    # nobody may write into is one its owner locked).
    try:
        locked = not os.stat(real_folder).st_mode & 0o222
    except OSError:
        locked = False
    if locked or not os.access(real_folder, os.W_OK | os.X_OK):
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
            # Counted as read, never trusting the size a device or a pipe reports.
            return read_stream(handle, label, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise DataError("file not found", file=label) from None
    except IsADirectoryError:
        raise DataError("is a directory, expected a file", file=label) from None
    except PermissionError:
        raise DataError("permission denied", file=label) from None


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


# --------------------------------------------------------------------------------------------
# Reading untrusted bytes

_CHUNK = 1024 * 1024


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"


def _late(label: str, what: str) -> DataError:
    return DataError(f"{what} was still being read when the time for reading it ran out",
                     file=label)


def read_stream(stream: BinaryIO, label: str, limit: int, *, what: str = "the file",
                deadline: float | None = None) -> bytes:
    """Every byte of ``stream`` up to ``limit``, counted as read: one byte more is an error.

    Nothing the source says about its own size is believed (a device or a pipe says 0, a file
    may grow while it is read), so no more than ``limit`` bytes and one chunk are ever held.
    ``deadline`` (a ``time.monotonic`` value) ends a source that keeps the reader waiting.
    """
    chunks: list[bytes] = []
    total = 0
    while True:
        if deadline is not None and time.monotonic() > deadline:
            raise _late(label, what)
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise DataError(f"{what} is larger than {_megabytes(limit)}, the most mealplan "
                            f"reads", file=label)
        chunks.append(chunk)


def read_bounded(path: str | Path, label: str, limit: int, *, what: str = "the file",
                 deadline: float | None = None) -> bytes:
    """The bytes of the file ``path`` (see :func:`read_stream`), with one-line errors.

    A named pipe or a device is read like a file, so it ends at the limit; a pipe that no
    program writes to is empty, not a wait (it is opened without blocking, then read with
    ``select`` until the deadline).
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise DataError("file not found", file=label) from None
    except OSError as error:
        raise DataError(f"cannot read: {error.strerror or error}", file=label) from None
    if stat.S_ISDIR(status.st_mode):
        raise DataError("is a folder, expected a file", file=label)
    try:
        if stat.S_ISREG(status.st_mode):
            with open(path, "rb") as stream:
                return read_stream(stream, label, limit, what=what, deadline=deadline)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb", buffering=0) as raw:
            return read_stream(_Waiting(raw, deadline, _late(label, what)), label, limit,
                               what=what, deadline=deadline)
    except PermissionError:
        raise DataError("permission denied", file=label) from None
    except OSError as error:
        raise DataError(f"cannot read: {error.strerror or error}", file=label) from None


class _Waiting:
    """A non-blocking file read as a blocking one, but never past the deadline."""

    def __init__(self, raw: Any, deadline: float | None, late: DataError):
        self.raw = raw
        self.deadline = deadline
        self.late = late

    def read(self, size: int) -> bytes:
        import select

        while True:
            wait = None if self.deadline is None else max(0.0, self.deadline - time.monotonic())
            ready, _, _ = select.select([self.raw], [], [], wait)
            if not ready:
                raise self.late
            try:
                chunk = self.raw.read(size)
            except BlockingIOError:
                continue
            if chunk is not None:
                return chunk
