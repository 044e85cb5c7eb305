"""Every `mealplan ...` line of README's "Using it" block runs as written, with the files it
names (week.json, pantry.csv, my-foods.csv, my-recipes.yaml, the example household) made
beforehand.

Plans are shortened: a week takes 15 s or more on a shared two-core machine, and a dozen of
them would make this the slowest test of the suite, while what is tested here is that the
README's words are options mealplan accepts and files it reads.  So a `plan` line gets
`--days 1` (or as many days as the day it locks, `--lock "day 5"` needs five) and
`--rounds 0`; nothing else of the line is changed.  Even so a recipe day takes 4-8 s on a slow
two-core machine, so `pytest` runs the README's first plan line and every line that plans
nothing (show, report, shopping-list, rate, browsing, check); the other plan lines, whose
options have tests of their own, run with `pytest -m slow` (CI runs both).  A `swap` line runs as written: it searches
one slot in a few seconds, and with no column-generation rounds it can find no dish at all
when the kept meals leave little room (the 5-day week made here, since the recipes' fixes of
issue 18).
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from mealplan.cli import cli

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
# Lines that would need the network or an optional extra are not run (none today).
NEEDS_MORE = ("import-usda",)


def using_it_lines() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## Using it", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S)
    assert block, "README's 'Using it' section has no sh block"
    return [line for line in block.group(1).splitlines()
            if line.startswith("mealplan ") or line.startswith("for ")]


LOOP = re.compile(r"for (\w+) in ([^;]+); do (mealplan [^;]+); done(\s+#.*)?")


def loop_commands(line: str) -> list[str]:
    """A shell for-loop line as the commands it runs, as sh would expand them: `$n`,
    `$((n+1))`, `$((n-1))`."""
    found = LOOP.fullmatch(line)
    assert found, f"only 'for N in ...; do mealplan ...; done' loops are understood: {line}"
    name, values, body = found.group(1), found.group(2).split(), found.group(3)

    def expand(value: int) -> str:
        text = re.sub(r"\$\(\(" + name + r"([+-])(\d+)\)\)",
                      lambda m: str(value + int(m.group(2)) * (1 if m.group(1) == "+" else -1)),
                      body)
        return re.sub(r"\$" + name + r"\b", str(value), text)

    return [expand(int(value)) for value in values]


def shortened(args: list[str]) -> list[str]:
    if args[0] != "plan" or "--days" in args:
        return args
    locked = [int(day) for arg in args for day in re.findall(r"^day (\d+)", arg)]
    return [*args, "--days", str(max(locked, default=1)), "--rounds", "0"]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """The files the README's lines name, as a new user would have them."""
    folder = tmp_path_factory.mktemp("home")
    (folder / "pantry.csv").write_text("food,amount,unit\nOlive oil,20,servings\n"
                                       "Brown rice,500,g\n", encoding="utf-8")
    # One's own food table: the shipped one with a column of one's own.
    rows = (REPO / "foods.csv").read_text(encoding="utf-8").splitlines()
    (folder / "my-foods.csv").write_text(
        "\n".join([rows[0] + ",notes"] + [row + "," for row in rows[1:]]) + "\n",
        encoding="utf-8")
    (folder / "my-recipes.yaml").write_text(
        "version: 1\nrecipes:\n"
        "  - name: Salmon with sweet potato and garlicky kale\n"
        "    meals: [dinner]\n    minutes: 35\n    protein: salmon\n"
        "    method: Roast the sweet potato, adding the salmon for the last 12 min.\n"
        "    ingredients:\n      \"Salmon, baked\": 130\n      \"Sweet potato, baked\": 150\n"
        "      \"Kale, cooked\": 100\n      Olive oil: 7\n", encoding="utf-8")
    shutil.copytree(REPO / "examples", folder / "examples")
    _saved_week(folder, days=1)
    return folder


@pytest.fixture(scope="module")
def home_of_five_days(home, tmp_path_factory):
    """``home`` with a 5-day week.json: the lines that keep or swap day 4 or day 5 need one."""
    folder = tmp_path_factory.mktemp("home5")
    shutil.copytree(home, folder, dirs_exist_ok=True)
    _saved_week(folder, days=5)
    return folder


def _saved_week(folder: Path, days: int) -> None:
    result = runner_invoke(folder, ["plan", "--days", str(days), "--rounds", "0",
                                    "-o", str(folder / "week.json")])
    assert result.exit_code == 0, result.output
    shutil.copy(folder / "week.json", folder / "week1.json")  # the first of weeks in a row


def runner_invoke(folder: Path, args: list[str], *more: list[str]):
    """Run the command ``args`` (then each of ``more``, in the same folder, while each
    succeeds) in a copy of ``folder``; the last result, with the files of the folder after."""
    from click.testing import CliRunner

    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=folder.parent) as where:
        for item in folder.iterdir():
            if item.is_dir():
                shutil.copytree(item, Path(where) / item.name)
            else:
                shutil.copy(item, where)
        for command in (args, *more):
            # A README 'mealplan rate' writes the default preferences file: keep it here.
            result = runner.invoke(cli, command, prog_name="mealplan", catch_exceptions=False,
                                   env={"XDG_CONFIG_HOME": where})
            if result.exit_code != 0:
                break
        result.files = {path.name for path in Path(where).iterdir()}
    return result


def test_a_loop_line_expands_as_the_shell_does():
    assert loop_commands("for n in 1 2; do mealplan plan --after week$n.json -o "
                         "week$((n+1)).json; done   # weeks") == [
        "mealplan plan --after week1.json -o week2.json",
        "mealplan plan --after week2.json -o week3.json"]


def test_the_block_has_the_lines_it_should():
    lines = using_it_lines()
    assert len(lines) >= 15 and lines[0].split("#")[0].strip() == "mealplan plan"


# Lines a known bug breaks, with the bug: each is expected to fail until it is fixed.
KNOWN_BUGS: dict[str, str] = {}


# Lines that need a 5-day week.json: a kept week and a swap of day 4.
FIVE_DAY_WORDS = ("--keep", "mealplan swap ")


def plans(line: str) -> bool:
    return line.startswith("for ") or line.startswith("mealplan plan ") or any(
        word in line for word in FIVE_DAY_WORDS)


def cases() -> list:
    params = []
    lines = using_it_lines()
    for line in lines:
        slow = plans(line) and line != lines[0]
        marks = [pytest.mark.slow] if slow else []
        bug = next((why for word, why in KNOWN_BUGS.items() if word in line), None)
        if bug:
            marks.append(pytest.mark.xfail(reason=bug, strict=False))
        params.append(pytest.param(line, marks=marks))
    return params


@pytest.mark.parametrize("line", cases())
def test_readme_line_runs(request, line):
    home = request.getfixturevalue(
        "home_of_five_days" if any(word in line for word in FIVE_DAY_WORDS) else "home")
    if line.startswith("for "):
        commands = [shortened(shlex.split(command)[1:]) for command in loop_commands(line)]
        result = runner_invoke(home, *commands)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        for command in commands:
            assert command[command.index("-o") + 1] in result.files
        return
    args = shlex.split(line, comments=True)[1:]
    if args[0] in NEEDS_MORE:
        pytest.skip(f"'{args[0]}' needs an optional extra")
    redirected = ">" in args  # the shell's '> shopping.md': standard output is the file
    if redirected:
        args = args[:args.index(">")]
    result = runner_invoke(home, shortened(args))
    assert result.exit_code == 0, f"{line}\n{result.output}"
    if "-o" in args:
        assert args[args.index("-o") + 1] in result.files
    if redirected:
        assert result.stdout.strip() and not result.stderr
