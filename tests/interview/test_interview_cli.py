"""`mlprofile interview` from the command line: clear messages and exit 2 for bad use."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from interview_fakes import ScriptedTerminal, interview_args

from mlprofile_tui.cli import main
from mlprofile_tui.core.errors import MlprofileError
from mlprofile_tui.interview import run_interview

SRC = Path(__file__).resolve().parents[2] / "src"


def test_without_a_terminal_points_to_set(workload, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    before = workload.read_text()

    assert main(["interview", str(workload)]) == 2

    err = capsys.readouterr().err
    assert err.startswith(
        f"mlprofile: error: {workload}: the interview asks questions in a terminal"
    )
    assert f"mlprofile set {workload} KEY=VALUE" in err
    assert workload.read_text() == before


def test_without_a_terminal_in_a_real_process_never_imports_questionary(workload):
    code = (
        "import sys\nfrom mlprofile_tui.cli import main\n"
        f"rc = main(['interview', {str(workload)!r}])\n"
        "print('questionary' in sys.modules, 'rich' in sys.modules, 'textual' in sys.modules)\n"
        "sys.exit(rc)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "TZ": "UTC"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "mlprofile set" in done.stderr
    assert done.stdout.strip() == "False False False"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"group": "nope"}, "no group 'nope' in rubric interview-test; groups: serving, ops"),
        ({"profile": "nope"}, "no profile 'nope'; profiles: current"),
    ],
)
def test_bad_group_or_profile(workload, kwargs, message):
    with pytest.raises(MlprofileError) as caught:
        run_interview(interview_args(workload, **kwargs), terminal=ScriptedTerminal())
    assert message in caught.value.render()
    assert caught.value.exit_code == 2


def test_dated_snapshot_is_not_interviewed(fraud):
    with pytest.raises(MlprofileError, match="'snapshot-2026-05-04' is a dated snapshot") as caught:
        run_interview(
            interview_args(fraud, profile="snapshot-2026-05-04"), terminal=ScriptedTerminal()
        )
    assert "interview 'current' or a target (reliable, graviton)" in caught.value.render()


def test_missing_file_is_exit_2(tmp_path, capsys):
    missing = tmp_path / "absent.mlprofile.toml"
    assert main(["interview", str(missing)]) == 2
    assert capsys.readouterr().err == f"mlprofile: error: {missing}: no such file\n"
