"""Fixtures for the interview tests: real workload files on disk, a pinned clock."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from mlprofile_tui.core.rubric import load_rubric
from mlprofile_tui.core.workload import new_workload_text

sys.path.insert(0, str(Path(__file__).parent))  # for interview_fakes under --import-mode=importlib

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _pinned(monkeypatch, tmp_path):
    monkeypatch.setenv("MLPROFILE_NOW", "2026-11-20T10:00:00Z")
    monkeypatch.setenv("MLPROFILE_DATA_DIR", str(tmp_path / "data-dir"))
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def workload(tmp_path) -> Path:
    """A fresh workload on the every-type rubric, its rubric file beside it."""
    rubric_file = tmp_path / "every-type.rubric.toml"
    shutil.copyfile(DATA / "every-type.rubric.toml", rubric_file)
    path = tmp_path / "svc.mlprofile.toml"
    path.write_text(
        new_workload_text(
            "Test service", load_rubric(rubric_file), "ml-team", "every-type.rubric.toml"
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def fraud(tmp_path) -> Path:
    """A copy of the bundled fraud-scorer example (built-in MLOE-05 rubric)."""
    path = tmp_path / "fraud-scorer.mlprofile.toml"
    shutil.copyfile(REPO / "examples" / "fraud-scorer.mlprofile.toml", path)
    return path
