"""Shell and CI conventions: an example line ending every ``--help``, ``check`` over several
files and as JSON, shell completion from the real parser, the pre-commit hooks."""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from mlprofile_tui.cli import build_parser
from mlprofile_tui.cli.parser import EXAMPLE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.mlprofile.toml"))


def _commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    """Every parser (mlprofile itself and each subcommand, nested), with its words."""
    yield words, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _commands(child, (*words, name))


COMMANDS = list(_commands(build_parser()))
SHELL_OPERATORS = {">", ">>", "<", "|", "&&", "||", ";", "&"}


def _shell_words(line: str) -> list[str]:
    """The words a POSIX shell passes to the command (up to a redirection or a pipe)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    words = []
    for token in lexer:
        if token in SHELL_OPERATORS:
            break
        words.append(token)
    return words


@pytest.mark.parametrize(
    ("words", "parser"), COMMANDS, ids=[" ".join(w) or "mlprofile" for w, _ in COMMANDS]
)
def test_every_help_ends_with_an_example_that_parses(words, parser):
    last = parser.format_help().rstrip().splitlines()[-1]
    assert last.startswith(EXAMPLE + "mlprofile "), last
    argv = _shell_words(last.removeprefix(EXAMPLE))[1:]
    args = build_parser().parse_args(argv)
    # the example runs this very command (a parent's example runs one of its children)
    assert argv[: len(words)] == list(words)
    if words:
        assert args.handler is not None


def test_help_examples_show_through_the_entry_point(cli_process):
    r = cli_process("check", "--help")
    assert r.code == 0
    assert r.out.rstrip().splitlines()[-1].startswith("example: mlprofile check ")


# --------------------------------------------------------------------------- check


def test_check_takes_several_files_and_fails_when_one_is_below(cli):
    ok = cli("check", *EXAMPLES, "--min-level", "L1")
    assert ok.code == 0
    assert ok.out.count(": ok") == len(EXAMPLES)
    mixed = cli("check", *EXAMPLES, "--min-level", "L2")
    assert mixed.code == 1
    assert "below the required L2" in mixed.out and ": ok" in mixed.out


def test_check_json(cli):
    fraud = ROOT / "examples" / "fraud-scorer.mlprofile.toml"
    r = cli("check", fraud, "--min-level", "3", "--json")
    assert r.code == 1
    data = r.json()
    assert data["ok"] is False and data["min_level"] == 3
    entry = data["files"][str(fraud)]
    assert set(entry) == {"profile", "level", "label", "min_level", "ok", "blockers"}
    assert entry["profile"] == "current" and entry["level"] == 2 and not entry["ok"]
    assert entry["blockers"] and all(b["level"] < 3 for b in entry["blockers"])
    assert {tuple(b) for b in entry["blockers"]} == {("key", "level", "needs", "state", "distance")}
    # the human output names the same blockers
    human = cli("check", fraud, "--min-level", "3")
    for b in entry["blockers"]:
        assert f"  {b['key']}: {b['distance']}" in human.out
    passing = cli("check", fraud, "--min-level", "L2", "--json")
    assert passing.code == 0 and passing.json()["ok"] is True
    assert passing.json()["files"][str(fraud)]["blockers"] == []


def test_check_bad_level_is_bad_input(cli):
    r = cli("check", EXAMPLES[0], "--min-level", "L9", "--json")
    assert r.code == 2 and "--min-level" in r.err and r.out == ""


# --------------------------------------------------------------------------- completion


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_every_command(cli, shell):
    r = cli("completion", shell)
    assert r.code == 0
    for words, _ in COMMANDS:
        if words:
            assert words[-1] in r.out, (shell, words)
    for option in ("--min-level", "--profile", "--rationale", "--format"):
        assert option in r.out
    if shutil.which(shell):  # the shell itself checks the syntax where it is installed
        syntax = subprocess.run(
            [shell, "-n"], input=r.out, capture_output=True, text=True, timeout=30
        )
        assert syntax.returncode == 0, syntax.stderr


def test_completion_refuses_an_unknown_shell(cli):
    r = cli("completion", "powershell")
    assert r.code == 2 and "invalid choice" in r.err


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hooks_run_the_real_commands(cli, tmp_path):
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"mlprofile-validate", "mlprofile-check"}
    for hook in hooks.values():
        assert hook["files"] == r"\.mlprofile\.toml$"
        assert hook["entry"].split()[0] == "mlprofile"
    # pre-commit runs `entry args... FILES...`: run exactly that through the entry point
    validate = hooks["mlprofile-validate"]["entry"].split()[1:]
    assert cli(*validate, *hook.get("args", []), *EXAMPLES).code == 0
    bad = tmp_path / "bad.mlprofile.toml"
    bad.write_text(
        (ROOT / "examples" / "fraud-scorer.mlprofile.toml")
        .read_text()
        .replace(
            '"traffic.latency_class" = { value = "low"', '"traffic.latency_class" = { value = 3'
        )
    )
    assert cli(*validate, bad).code == 1
    check = hooks["mlprofile-check"]["entry"].split()[1:]
    assert cli(*check, "--min-level", "L1", *EXAMPLES).code == 0
    assert cli(*check, "--min-level", "L4", *EXAMPLES).code == 1
