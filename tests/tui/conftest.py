"""Fixtures for the TUI tests: an isolated data folder, a pinned clock, a copy of an example.

Rendering depends on the environment, so it is pinned here, before anything imports Textual:
NO_COLOR makes output monochrome and TEXTUAL_THEME picks the theme at import time.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

for _var in ("NO_COLOR", "TEXTUAL_THEME", "FORCE_COLOR", "TEXTUAL"):
    os.environ.pop(_var, None)
os.environ["TZ"] = "UTC"
time.tzset()
os.environ["MLPROFILE_NOW"] = "2026-11-26T12:00:00Z"
# A data folder even for code that runs before the per-test fixture (never the user's own).
os.environ["MLPROFILE_DATA_DIR"] = tempfile.mkdtemp(prefix="mlprofile-tui-tests-")

# The tests share tui_helpers.py; --import-mode=importlib does not put this folder on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("MLPROFILE_DATA_DIR", str(folder))
    monkeypatch.setenv("MLPROFILE_NOW", "2026-11-26T12:00:00Z")
    return folder


@pytest.fixture
def example(data_dir):
    """A private copy of the fraud-scorer example, as `mlprofile --example` opens it."""
    from mlprofile_tui.core.examples import example_copy

    return example_copy("fraud-scorer")
