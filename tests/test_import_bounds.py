"""Nothing a recipe file can do to you (issue 20), part one: bounded reads (zips, devices,
pipes, stdin), bounded work (lines, recipes, the time budget), solver children that end with the
process.  Part two is test_import_safety.py."""

from __future__ import annotations

import json
import os
import stat
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from mealplan.cli import cli
from mealplan.errors import DataError
from mealplan.importers import import_recipes
from mealplan.importers.limits import MAX_LINE_CHARS, MAX_LINES

from .conftest import REPO

LINES = ["1 cup quinoa, rinsed", "2 (15 oz) cans black beans, drained and rinsed",
         "1 red bell pepper, diced", "Salt to taste"]


def recipe(name="Bean bowl", lines=LINES, recipe_yield="Serves 2", **more):
    return {"@context": "https://schema.org", "@type": "Recipe", "name": name,
            "recipeYield": recipe_yield, "recipeCategory": "Lunch", "totalTime": "PT20M",
            "recipeIngredient": list(lines), **more}


def write_json(path: Path, document) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def invoke(runner, *args):
    return runner.invoke(cli, [str(arg) for arg in args], prog_name="mealplan",
                         catch_exceptions=False)


def _device(path: Path, minor: int) -> Path:
    """A copy of a /dev memory device (1, minor) in the test's folder, as test_hostile does."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (needs root)")
    return path


# --------------------------------------------------------------------------------------------
# Bounded reads: bytes are counted as read, never taken from a header, a device or a pipe.


def _lying_zip(path: Path, name: str, inflated: int, claimed: int) -> Path:
    """A zip of one deflated member of ``inflated`` zero bytes whose headers claim
    ``claimed``: the old reader believed the claim and inflated the member in one call."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(1024 * 1024)
    packed = b"".join(packer.compress(block) for _ in range(inflated // len(block)))
    packed += packer.flush()
    crc = 0
    encoded = name.encode()
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), claimed,
                        len(encoded), 0) + encoded
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(packed),
                          claimed, len(encoded), 0, 0, 0, 0, 0, 0) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central),
                      len(local) + len(packed), 0)
    path.write_bytes(local + packed + central + end)
    return path


@pytest.mark.parametrize("inflated, claimed, message", [
    # Headers that tell the truth: refused at the member limit, 20 MB in ...
    (128, 128, "bomb.zip: recipe.json unpacks to more than 20 MB"),
    # ... or, for a smaller bomb, at the ratio no export has, a few MB in.
    (10, 10, "bomb.zip: recipe.json unpacks to more than 200 times its packed size, which no "
             "recipe export does"),
    # Headers that lie small: never more is inflated than a chunk past the claim (the old
    # reader inflated all 64 MB in one call, then cut it to the claim).
    (64, 0.001, "bomb.zip: cannot unpack recipe.json: Bad CRC-32 for file 'recipe.json'"),
])
def test_a_zip_bomb_is_refused_before_it_inflates(catalogue, tmp_path, inflated, claimed,
                                                  message):
    megabyte = 1024 * 1024
    bomb = _lying_zip(tmp_path / "bomb.zip", "recipe.json", inflated * megabyte,
                      int(claimed * megabyte))
    assert bomb.stat().st_size < 200 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(DataError) as caught:
            import_recipes([bomb], catalogue, usda=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == message.replace("bomb.zip", str(bomb))
    assert peak < 30 * 1024 * 1024  # the old reader held the whole member: 64 MB and more


def test_every_member_counts_towards_the_zip_total(catalogue, tmp_path, monkeypatch):
    from mealplan.importers import archives

    monkeypatch.setattr(archives, "MAX_ZIP_TOTAL_BYTES", 3000)
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(3):
            archive.writestr(f"r{number}.json", json.dumps(recipe(f"Bowl {number}"))
                             + " " * 1200)
    with pytest.raises(DataError, match=r"many\.zip: unpacks to more than 0 MB"):
        import_recipes([path], catalogue, usda=False)


def test_a_device_is_read_to_the_limit_not_to_its_size(catalogue, tmp_path):
    zero = _device(tmp_path / "zero", 5)  # /dev/zero: size 0, endless bytes
    with pytest.raises(DataError) as caught:
        import_recipes([zero], catalogue, usda=False)
    assert str(caught.value) == f"{zero}: the file is larger than 50 MB, the most mealplan reads"


def _endless_writer(fifo: Path, stop: threading.Event) -> threading.Thread:
    # O_RDWR: the pipe has a writer before the importer opens it (no race with an empty pipe).
    descriptor = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)

    def write() -> None:
        block = b"{" * 65536
        while not stop.is_set():
            try:
                os.write(descriptor, block)
            except BlockingIOError:
                time.sleep(0.001)
        os.close(descriptor)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_a_pipe_that_never_ends_is_cut_off_at_the_limit(runner, tmp_path):
    fifo = tmp_path / "recipes.json"
    os.mkfifo(fifo)
    stop = threading.Event()
    writer = _endless_writer(fifo, stop)
    try:
        result = invoke(runner, "import-recipes", fifo, "--no-usda")
    finally:
        stop.set()
        writer.join(10)
    assert result.stderr == f"Error: {fifo}: the file is larger than 50 MB, the most mealplan reads\n"
    assert result.exit_code == 2


def test_a_pipe_that_keeps_the_reader_waiting_ends_at_the_time_budget(catalogue, tmp_path):
    fifo = tmp_path / "slow.json"
    os.mkfifo(fifo)
    keep_open = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a writer that never writes
    try:
        with pytest.raises(DataError) as caught:
            import_recipes([fifo], catalogue, usda=False, time_budget=0.2)
    finally:
        os.close(keep_open)
    assert str(caught.value) == (f"{fifo}: the file was still being read when the time for "
                                 f"reading it ran out")


def test_standard_input_is_a_source_with_its_own_limit(runner):
    text = json.dumps(recipe("Stdin bowl"))
    result = runner.invoke(cli, ["import-recipes", "-", "--no-usda"], input=text)
    assert result.exit_code == 0, result.output
    assert "Stdin bowl  (standard input; serves 2" in result.stderr
    big = runner.invoke(cli, ["import-recipes", "-", "--no-usda"], input="[" * (21 * 2**20))
    assert big.stderr == ("Error: standard input: standard input is larger than 20 MB, the "
                          "most mealplan reads\n")


# --------------------------------------------------------------------------------------------
# Bounded work: long lines, many lines, many recipes, the time budget.


def test_long_lines_leave_their_recipe_out_before_any_parser_sees_them(catalogue, tmp_path,
                                                                        monkeypatch):
    from mealplan.importers import lines

    seen: list[int] = []
    real = lines.parse_line
    monkeypatch.setattr("mealplan.importers.convert.parse_line",
                        lambda line: seen.append(len(line.text)) or real(line))
    long_lines = ["1 cup " + "quinoa " * 15000] * 20
    path = write_json(tmp_path / "long.json", [recipe("Long", long_lines), recipe("Fine")])
    result = import_recipes([path], catalogue, usda=False)
    long, fine = result.recipes
    assert not long.kept
    assert long.left_out_reason == (f"ingredient line 1: the line is 105,005 characters; an "
                                    f"ingredient line has at most {MAX_LINE_CHARS}")
    assert fine.kept
    assert max(seen) <= MAX_LINE_CHARS


def test_too_many_lines_leave_the_recipe_out_unparsed(catalogue, tmp_path):
    path = write_json(tmp_path / "many.json", recipe("Many", ["1 cup quinoa"] * (MAX_LINES + 5)))
    (many,) = import_recipes([path], catalogue, usda=False).recipes
    assert (many.kept, many.lines) == (False, [])
    assert many.left_out_reason == (f"more than {MAX_LINES} ingredient lines; a recipe has at "
                                    f"most {MAX_LINES}")


def test_too_many_recipes_in_one_document(catalogue, tmp_path, monkeypatch):
    from mealplan.importers import sources

    monkeypatch.setattr(sources, "MAX_RECIPES", 2)
    path = write_json(tmp_path / "three.json", [recipe(f"Bowl {n}") for n in range(3)])
    with pytest.raises(DataError, match=r"three\.json: more than 2 recipes; import them in "
                                        r"parts$"):
        import_recipes([path], catalogue, usda=False)


def test_the_time_budget_names_the_source_and_the_recipe(catalogue, tmp_path, monkeypatch):
    from mealplan.importers import convert

    real = convert._line
    monkeypatch.setattr(convert, "_line", lambda *args: time.sleep(0.6) or real(*args))
    path = write_json(tmp_path / "slow.json", recipe("Bean bowl"))
    with pytest.raises(DataError) as caught:
        import_recipes([path], catalogue, usda=False, time_budget=1)
    assert str(caught.value) == (f"{path}: the import took longer than its limit of 1 s, at "
                                 f"recipe 'Bean bowl'; import fewer or smaller sources at a time")


# --------------------------------------------------------------------------------------------
# CBC's child and its temporary files end with the process.

_FAKE_CBC = """#!/bin/sh
echo $$ > "{pidfile}"
exec sleep 120
"""

_SOLVE = """
import sys, pulp
from mealplan import solve
fake = sys.argv[1]


def fake_cbc(*args, **options):
    solver = solve.ContainedCBC(msg=False)
    solver.path = fake  # a "cbc" that sleeps, so the solve is surely running when killed
    return solver


solve.make_solver = fake_cbc
x = pulp.LpVariable("x", 0, 10, cat="Integer")
problem = pulp.LpProblem("p", pulp.LpMaximize)
problem += x
problem += x <= 3
solve.solve(problem, "cbc")
"""


def _signals_as_from_a_shell() -> None:
    """The child starts as a shell starts mealplan: no signal blocked, SIGINT at its default.
    A pytest worker need not be so (the CI run where SIGINT hung the solve for good: a
    blocked or ignored signal is inherited through fork and exec), and what is tested is the
    clean-up after the signal, not the worker's signal state."""
    import signal

    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_a_killed_solve_leaves_no_cbc_child_and_no_temporary_file(tmp_path, signal_name):
    import signal

    pidfile = tmp_path / "cbc.pid"
    fake = tmp_path / "cbc"
    fake.write_text(_FAKE_CBC.format(pidfile=pidfile))
    fake.chmod(0o755)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen([sys.executable, "-X", "faulthandler", "-c", _SOLVE, str(fake)],
                               cwd=REPO,
                               env={**os.environ, "PYTHONPATH": str(REPO),
                                    "TMPDIR": str(temporary)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_signals_as_from_a_shell)
    # Generous waits: on a loaded machine (the suite's other worker planning) the child's
    # start, and the kernel's clean-up after the kill, can take seconds.
    for _ in range(1200):
        if pidfile.exists() and pidfile.read_text().strip():
            break
        time.sleep(0.05)
    child = int(pidfile.read_text())
    assert list(temporary.iterdir()), "the solve writes its model to a temporary folder"
    process.send_signal(getattr(signal, signal_name))
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        # Where it hangs (faulthandler prints it on SIGABRT), and whether the signal is
        # blocked, ignored or pending there.
        masks = [line.strip() for line in Path(f"/proc/{process.pid}/status").read_text()
                 .splitlines() if line.startswith(("SigPnd", "ShdPnd", "SigBlk", "SigIgn"))]
        process.send_signal(signal.SIGABRT)
        _, stderr = process.communicate(timeout=60)
        pytest.fail(f"the solve did not end after {signal_name} ({', '.join(masks)}):\n"
                    f"{stderr[-3000:]}")
    assert process.returncode != 0
    for _ in range(600):
        if not _alive(child):
            break
        time.sleep(0.05)
    assert not _alive(child), stderr[-500:]
    assert list(temporary.iterdir()) == []


def test_a_child_whose_wait_was_interrupted_is_still_killed_and_reaped(monkeypatch):
    # A Ctrl-C inside PuLP's cbc.wait() can leave the child's wait lock held (the lock is
    # CPython's: Popen._waitpid_lock); the clean-up must neither hang on it nor leave the
    # child running.
    import threading

    from mealplan import solve
    from mealplan.solve import _end_child

    monkeypatch.setattr(solve, "CHILD_REAP_SECONDS", 0.2)

    child = subprocess.Popen(["sleep", "60"])
    assert child._waitpid_lock.acquire(False)
    ended = threading.Thread(target=_end_child, args=(child,), daemon=True)
    ended.start()
    ended.join(timeout=30)
    assert not ended.is_alive(), "the clean-up waited for ever on the child's wait lock"
    assert not _alive(child.pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return "\nState:\tZ" not in status.read()
    except FileNotFoundError:
        return False


def test_budget_nan_is_one_line(runner):
    result = invoke(runner, "plan", "--budget", "nan", "--days", "1")
    assert result.output == "Error: --budget must be an amount more than 0, got nan\n"
    assert result.exit_code == 2
