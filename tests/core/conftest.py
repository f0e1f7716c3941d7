from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Helper modules beside the tests (golden_answers.py); --import-mode=importlib does not put this
# folder on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mlprofile_tui.cli import main


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(capsys):
    """Run ``mlprofile ARGS`` through its entry point function, in process (fast)."""

    def run(*args: str) -> CliResult:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def cli_process():
    """Run the installed console entry point in a real subprocess (exit codes, tracebacks)."""

    def run(*args: str | bytes) -> CliResult:
        """Arguments as given: bytes reach the process undecoded, as a shell would pass them."""
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "from mlprofile_tui.cli import main; main()",
                *(a if isinstance(a, bytes) else str(a) for a in args),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run
