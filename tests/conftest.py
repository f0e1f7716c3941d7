"""Fixtures shared by every test folder: deterministic time, zone and data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# Set before anything imports textual or rich: snapshots and colours must not depend on the shell.
os.environ["TZ"] = "UTC"
os.environ.pop("NO_COLOR", None)
os.environ.pop("TEXTUAL_THEME", None)

# Helpers shared by every test folder (rubric_fixtures); --import-mode=importlib does not put
# this folder on sys.path.
sys.path.insert(0, str(ROOT / "tests"))

from rubric_fixtures import accounts_rubric_text  # noqa: E402


@pytest.fixture(autouse=True)
def _deterministic(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("MLPROFILE_NOW", "2026-11-26T12:00:00Z")
    monkeypatch.setenv("MLPROFILE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch):
    """Text cursors stay on: a blinking one makes a snapshot depend on when it was taken, and
    its timer keeps the app busy. Every Input and TextArea (the palette's too) starts still."""
    from textual.widgets import Input, TextArea

    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.__dict__["cursor_blink"], "_default", False)


@pytest.fixture
def fake_aws(monkeypatch, tmp_path):
    """Test credentials and a Region, no config or credentials files, no profile, no
    endpoint override, one attempt per call: AWS code paths run, nothing real is reached and
    nothing waits on retries. Returns ``monkeypatch`` for further settings."""
    for name in (
        "AWS_PROFILE",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_STS",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing-key-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing-secret-key")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    return monkeypatch


@pytest.fixture
def examples() -> dict[str, Path]:
    return {
        p.name.removesuffix(".mlprofile.toml"): p for p in sorted(EXAMPLES.glob("*.mlprofile.toml"))
    }


@pytest.fixture
def fraud(tmp_path) -> Path:
    """A private copy of the fraud-scorer example, free to edit."""
    dest = tmp_path / "fraud.mlprofile.toml"
    dest.write_bytes((EXAMPLES / "fraud-scorer.mlprofile.toml").read_bytes())
    return dest


@pytest.fixture
def accounts_rubric(tmp_path) -> Path:
    """A rubric file whose matrix has the account column and the processing workload."""
    path = tmp_path / "accounts.rubric.toml"
    path.write_text(accounts_rubric_text(), encoding="utf-8")
    return path


@pytest.fixture
def accounts_workload(tmp_path, accounts_rubric) -> Path:
    """A new workload on ``accounts_rubric`` (the rubric file beside it), nothing answered."""
    from mlprofile_tui.core.creation import create_workload

    path = tmp_path / "accounts.mlprofile.toml"
    create_workload(path, "Accounts service", "ml-platform", str(accounts_rubric))
    return path


NO_ACCOUNTS_WORKLOAD = """format = 1

[rubric]
id = "mloe-05"
version = "1.0.0"

[workload]
name = "No accounts"

[profiles.current]
kind = "snapshot"
taken = 2026-11-12T14:00:00Z

[profiles.current.values]
"provisioning.matrix" = { value = [
    { environment = "production", region = "eu-west-1", workload = "real_time_inference", instance_type = "ml.c5.xlarge", count = 4 },
    { environment = "production", region = "eu-west-1", workload = "training", instance_type = "ml.m5.4xlarge", count = 2 },
    { environment = "staging", region = "eu-west-1", workload = "real_time_inference", instance_type = "ml.c5.xlarge", count = 1 },
    { environment = "dev", region = "eu-west-1", workload = "notebooks", instance_type = "ml.t3.medium", count = 3 },
], provenance = "declared" }
"""  # noqa: E501 (one matrix row a line, as people write it)


@pytest.fixture
def no_accounts_workload(tmp_path) -> Path:
    """A workload on the built-in rubric 1.0.0, whose matrix has no account column and no
    processing workload, with four matrix rows (whatever version the examples move to)."""
    path = tmp_path / "no-accounts.mlprofile.toml"
    path.write_text(NO_ACCOUNTS_WORKLOAD, encoding="utf-8")
    return path
