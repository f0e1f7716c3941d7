"""The README's tour runs as written: every console block is a script and its expected output.

Convention (README.md and docs/*.md):

- a fenced block whose info string is ``console`` runs; ``console norun`` is shown, never run
  (interactive commands, AWS, folders the reader has and the test has not), and says why
  in the text beside it;
- a line ``$ COMMAND`` is run, the lines after it up to the next ``$`` line are what it prints
  (standard output, then standard error), compared exactly once dates and the scratch folder's
  path are normalised and trailing spaces dropped; a ``# comment`` after a command is not run;
- the commands are ``mlprofile ...`` (through the real entry point, in process, at 120
  columns), ``cp SRC DEST`` (to start from a bundled example) and ``echo $?``, which prints the
  previous command's exit code. Every other command must exit 0: show a failure's code with
  ``echo $?`` right after it.

All blocks of one document run in order in one scratch folder (holding a copy of
``examples/`` and of ``docs/examples/``), with the clock pinned and the data folder in tmp, so
the tour's steps build on each other. A step that drifts fails here, with the document's line
and a diff.
"""

from __future__ import annotations

import difflib
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mlprofile_tui.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^```(\S*)\s*(.*)$")
_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


@dataclass
class Step:
    """One ``$`` line of a console block and the output the document shows under it."""

    line: int
    command: str
    expected: list[str] = field(default_factory=list)


def console_steps(text: str) -> list[Step]:
    """Every step of the runnable console blocks of a Markdown text, in document order."""
    steps: list[Step] = []
    in_block = runnable = False
    for number, line in enumerate(text.splitlines(), start=1):
        fence = _FENCE.match(line)
        if fence and not in_block:
            in_block = True
            runnable = fence.group(1) == "console" and "norun" not in fence.group(2).split()
            continue
        if line.startswith("```") and in_block:
            in_block = False
            continue
        if not (in_block and runnable):
            continue
        if line.startswith("$ "):
            steps.append(Step(number, line[2:]))
        elif steps and steps[-1].line < number:
            steps[-1].expected.append(line)
    return steps


def _normalise(lines: list[str], scratch: Path) -> list[str]:
    text = "\n".join(lines).replace(str(scratch) + "/", "").replace(str(scratch), ".")
    text = _DATE.sub("<DATE>", text)
    return [line.rstrip() for line in text.rstrip("\n").split("\n")] if text.strip() else []


def run_steps(steps: list[Step], scratch: Path, capsys) -> list[str]:
    """Run the steps in ``scratch`` (the current folder); return one message per drifted step."""
    problems: list[str] = []
    last_code = 0
    for index, step in enumerate(steps):
        argv = shlex.split(step.command, comments=True)
        code = 0
        if argv == ["echo", "$?"]:
            out = f"{last_code}\n"
        elif argv[:1] == ["cp"] and len(argv) == 3:
            shutil.copyfile(scratch / argv[1], scratch / argv[2])
            out = ""
        elif argv[:2] in (["mlprofile", "serve"], ["mlprofile", "interview"]) or argv == [
            "mlprofile"
        ]:
            # They wait for a browser or for keys and would never return here.
            problems.append(f"line {step.line}: `{step.command}` never returns; mark it norun")
            continue
        elif argv[:1] == ["mlprofile"]:
            capsys.readouterr()
            code = main(argv[1:])
            captured = capsys.readouterr()
            out = captured.out + captured.err
        else:
            problems.append(f"line {step.line}: `{step.command}` cannot run here; mark it norun")
            continue
        shown_next = index + 1 < len(steps) and steps[index + 1].command.strip() == "echo $?"
        if code != 0 and not shown_next:
            problems.append(f"line {step.line}: `{step.command}` exited {code}:\n{out}")
        last_code = code
        actual = _normalise(out.splitlines(), scratch)
        expected = _normalise(step.expected, scratch)
        if actual != expected:
            diff = "\n".join(
                difflib.unified_diff(expected, actual, "document", "tool", lineterm="")
            )
            problems.append(f"line {step.line}: `{step.command}` prints otherwise:\n{diff}")
    return problems


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """A folder holding a copy of the bundled examples and the guides' examples, as a checkout
    would."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "document",
    [d for d in DOCUMENTS if console_steps(d.read_text(encoding="utf-8"))],
    ids=lambda d: d.relative_to(ROOT).as_posix(),
)
def test_console_blocks_run_as_written(document, scratch, capsys):
    steps = console_steps(document.read_text(encoding="utf-8"))
    problems = run_steps(steps, scratch, capsys)
    assert not problems, f"{document.name}:\n" + "\n\n".join(problems)


def test_the_readme_has_a_tour_to_run():
    commands = [s.command for s in console_steps((ROOT / "README.md").read_text("utf-8"))]
    assert sum(c.startswith("mlprofile ") for c in commands) >= 8


def test_a_drifted_line_fails(scratch, capsys):
    """The harness itself: one wrong expected line, and an unshown failure, are both reported."""
    text = (
        "```console\n"
        "$ cp examples/fraud-scorer.mlprofile.toml f.mlprofile.toml\n"
        "$ mlprofile check f.mlprofile.toml --min-level L2\n"
        "f.mlprofile.toml: current is L3 Reliable, at or above L2\n"
        "$ mlprofile check f.mlprofile.toml --min-level L4\n"
        "```\n"
        "```console norun\n"
        "$ mlprofile interview f.mlprofile.toml\n"
        "```\n"
    )
    steps = console_steps(text)
    assert [s.line for s in steps] == [2, 3, 5]
    problems = run_steps(steps, scratch, capsys)
    assert len(problems) == 3
    assert problems[0].startswith("line 3:") and "+f.mlprofile.toml: current is L2" in problems[0]
    assert problems[1].startswith("line 5:") and "exited 1" in problems[1]


def test_dates_and_the_scratch_path_are_all_that_is_normalised(tmp_path):
    lines = [f"{tmp_path}/a.toml saved 2026-11-26T12:00:00Z ", "snapshot-2026-05-04  L2"]
    assert _normalise(lines, tmp_path) == ["a.toml saved <DATE>", "snapshot-<DATE>  L2"]
