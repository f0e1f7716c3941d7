"""The README's command table lists each command's options as the parser has them: none
missing, none that does not exist (the parser is the contract, DESIGN.md §6)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from mlprofile_tui.cli.parser import build_parser

ROOT = Path(__file__).resolve().parents[2]
_ROW = re.compile(r"^\| (`[^|]*(?:\\\|[^|]*)*`(?:, `[^`]*`)*) \|")
_OPTION = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")


def _table_rows() -> dict[str, str]:
    """Each command row of the README's table: command words -> its synopsis."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("Every command, with `--help` each:", 1)[1].split("\n\n", 2)[1]
    rows: dict[str, str] = {}
    for line in table.splitlines():
        match = _ROW.match(line)
        if not match:
            continue
        for synopsis in re.findall(r"`([^`]*)`", match.group(1)):
            synopsis = synopsis.replace("\\|", "|")
            words = []
            for word in synopsis.split():
                if not re.fullmatch(r"[a-z][a-z-]*", word):
                    break
                words.append(word)
            if words and words[0] != "mlprofile":
                rows[" ".join(words)] = synopsis
    return rows


def _parsers() -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, words: str) -> None:
        found[words] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, f"{words} {name}".strip())

    walk(build_parser(), "")
    return found


ROWS = _table_rows()
PARSERS = _parsers()


def test_every_command_has_a_row():
    leaves = {w for w, p in PARSERS.items() if w and not _has_subcommands(p)}
    assert leaves - set(ROWS) == set()


def _has_subcommands(parser) -> bool:
    return any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)


@pytest.mark.parametrize("words", sorted(ROWS))
def test_row_options_are_the_parsers(words):
    parser = PARSERS[words]
    real: set[str] = set()
    long_of: dict[str, str] = {}
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or not action.option_strings:
            continue
        longest = max(action.option_strings, key=len)
        real.add(longest)
        for option in action.option_strings:
            long_of[option] = longest
    shown = {long_of.get(o, o) for o in _OPTION.findall(ROWS[words])}
    assert shown - real == set(), f"`{words}` row names options the parser lacks"
    assert real - shown == set(), f"`{words}` row omits options the parser has"
