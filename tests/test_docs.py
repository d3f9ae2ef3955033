"""The documentation keeps up with the code: every `findings` and `findings-lab` command and option
has help text, every `findings` command is in the README (whose first two code blocks are the
commands a newcomer runs) and every `findings-lab` command in docs/lab.md."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from lab.cli import main as lab
from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
LAB_DOC = (ROOT / "docs" / "lab.md").read_text(encoding="utf-8")
CODE_BLOCKS = re.findall(r"^```(?:bash|sh|console)?\n(.*?)^```", README, re.MULTILINE | re.DOTALL)


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


COMMANDS = [(f"findings {name}", command) for name, command in _commands(main)]
LAB_COMMANDS = [(f"findings-lab {name}", command) for name, command in _commands(lab)]
OPTIONS = [
    (f"{name} {param.opts[0]}", param)
    for name, command in COMMANDS + LAB_COMMANDS
    for param in command.params
    if isinstance(param, click.Option) and not param.hidden
]


@pytest.mark.parametrize("name, command", COMMANDS + LAB_COMMANDS, ids=[name for name, _ in COMMANDS + LAB_COMMANDS])
def test_command_has_help_text(name, command):
    assert (command.help or "").strip(), f"`{name}` has no help text (add a docstring)"


@pytest.mark.parametrize("name, option", OPTIONS, ids=[name for name, _ in OPTIONS])
def test_option_has_help_text(name, option):
    assert (option.help or "").strip(), f"`{name}` has no help text"


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_command_is_in_the_readme(name):
    assert name in README, f"README.md never mentions `{name}`"


@pytest.mark.parametrize("name", [name for name, _ in LAB_COMMANDS])
def test_lab_command_is_in_the_lab_doc(name):
    assert name in LAB_DOC, f"docs/lab.md never mentions `{name}`"


def test_first_code_block_installs_and_runs_the_samples():
    first = " ".join(CODE_BLOCKS[0].split())
    assert "pip install -e ." in first and first.endswith("findings run data/raw/samples --out data/processed"), first


def test_second_code_block_installs_the_test_extras_and_runs_the_tests():
    second = " ".join(CODE_BLOCKS[1].split())
    assert "pip install -e '.[test]'" in second and second.endswith("&& pytest"), second


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert " ".join(CODE_BLOCKS[1].split()) in ci, ".ci/run does not run the README's test command"


def test_readme_says_how_to_regenerate_samples_and_golden_files():
    for command in ("python -m tests.fixtures.render data/raw/samples", "python -m tests.fixtures.golden tests/golden"):
        assert command in README, f"README.md does not show `{command}`"
