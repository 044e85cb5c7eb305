"""The documentation stays true: every command has help, README shows the real --help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mealplan.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(runner, name):
    command = cli.commands[name]
    assert command.help and len(command.help.strip()) > 10
    for param in command.params:
        if param.param_type_name == "option":
            assert param.help, f"{name} {param.name} has no help"
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0


def test_readme_help_blocks_match_the_cli(runner):
    """README embeds `mealplan COMMAND --help` output between markers; keep them in sync."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- help: (.*?) -->\n```\n(.*?)```", text, flags=re.S)
    assert blocks, "README has no generated --help blocks"
    for args, body in blocks:
        result = runner.invoke(cli, [*args.split(), "--help"], prog_name="mealplan",
                               terminal_width=100)
        assert result.output == body, (
            f"README block for '{args}' is stale: run python tools/update_readme.py")


def test_readme_starts_with_the_two_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    head = "\n".join(lines[:15])
    assert "pip install" in head and "mealplan plan" in head and "pytest" in head
