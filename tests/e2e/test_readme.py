"""Every snippet of the README works as written (issue 14 point 3).

The Python blocks are executed, in order, in one namespace, in a scratch folder (they write
a run folder and figures); every ``simulate ...`` line of the shell blocks is parsed by the
command line itself (its command, options, types and choices), without running it; the
install extras the README names exist in ``setup.cfg``.
"""
from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import click
import pytest

from simulate.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    """The fenced blocks of the README opened with ```language (``""`` for plain ones)."""
    out: list[tuple[str, str]] = []
    lang, lines = None, []
    for line in README.splitlines():
        if line.startswith("```") and lang is None:
            lang, lines = line[3:].strip(), []
        elif line.startswith("```"):
            out.append((lang, "\n".join(lines)))
            lang = None
        elif lang is not None:
            lines.append(line)
    return [text for kind, text in out if kind == language]


def shell_commands() -> list[list[str]]:
    """Each ``simulate`` command of the plain blocks as argv (comments and line continuations
    handled the way a shell reads them)."""
    commands = []
    for block in blocks(""):
        text = block.replace("\\\n", " ")
        for line in text.splitlines():
            for part in line.split("&&"):
                words = shlex.split(part, comments=True)
                if words and words[0] == "simulate":
                    commands.append(words[1:])
    return commands


def test_the_readme_has_python_and_shell_snippets():
    assert any("simulate.charts.who_pays" in b for b in blocks("python"))
    assert len(shell_commands()) >= 20


@pytest.mark.parametrize("argv", shell_commands(), ids=lambda a: " ".join(a)[:60])
def test_each_shell_command_parses(argv):
    """The command exists and its options and values are accepted (nothing is run)."""
    if not argv:
        return  # plain `simulate`: the group itself
    name, args = argv[0], argv[1:]
    command = cli.get_command(click.Context(cli), name)
    assert command is not None, f"no command 'simulate {name}'"
    try:
        command.make_context(name, list(args))
    except click.UsageError as exc:
        pytest.fail(f"simulate {' '.join(argv)}: {exc.format_message()}")


def test_the_extras_the_readme_names_exist_and_keep_playwright_apart():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    extras = {k: v.split() for k, v in cfg["options.extras_require"].items()}
    for name in ("dev", "notebooks", "cluster", "browser"):
        assert f"`{name}`" in README and name in extras, name
    assert any(r.startswith("jupyterlab") for r in extras["dev"]), "students get Jupyter"
    assert not any(r.startswith("playwright") for r in extras["dev"]), \
        "browser automation only for the maintainers' test"
    first = blocks("")[0].splitlines()[0]
    assert "'.[dev]'" in first, first


@pytest.mark.slow
def test_the_python_blocks_run_as_written(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)   # the snippets write results/ and who_pays.*
    namespace: dict = {}
    for block in blocks("python"):
        exec(compile(block, "README.md", "exec"), namespace)   # noqa: S102
    assert (tmp_path / "who_pays.png").exists() and any((tmp_path / "results").iterdir())
