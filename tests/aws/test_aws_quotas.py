"""`mlprofile quotas`: the matrix's demand per Region and instance type against the quotas."""

from __future__ import annotations

import json

import pytest
from aws_support import client_error, run_cli

MATRIX = (
    "production:us-east-1:real_time_inference:ml.m5.xlarge:6;"
    "staging:us-east-1:real_time_inference:ml.m5.xlarge:1;"
    "production:us-east-1:real_time_inference:ml.c5.xlarge:3;"
    "production:us-east-1:real_time_inference:ml.m5.large:2;"
    "staging:us-east-1:training:ml.m5.xlarge:1"
)


@pytest.fixture
def matrix_file(workload, capsys):
    code, out, err = run_cli(["set", workload, f"provisioning.matrix={MATRIX}"], capsys)
    assert code == 0, err
    return workload


def test_shortfall_exits_1_and_says_how_far(aws_hooks, matrix_file, capsys):
    code, out, err = run_cli(["quotas", matrix_file], capsys)
    assert code == 1, err
    lines = {
        tuple(line.split()[:3]): line for line in out.splitlines() if line.startswith("us-east-1")
    }
    # Applied quotas (two pages of ListServiceQuotas) win over AWS defaults.
    m5 = lines[("us-east-1", "real_time_inference", "ml.m5.xlarge")]
    assert m5.split()[3:7] == ["7", "4", "applied", "SHORT"] and "by 3" in m5
    assert lines[("us-east-1", "real_time_inference", "ml.c5.xlarge")].split()[3:7] == [
        "3",
        "10",
        "applied",
        "ok",
    ]
    assert lines[("us-east-1", "real_time_inference", "ml.m5.large")].split()[3:7] == [
        "2",
        "4",
        "default",
        "ok",
    ]
    assert lines[("us-east-1", "training", "ml.m5.xlarge")].split()[3:7] == [
        "1",
        "0",
        "default",
        "SHORT",
    ]
    assert "request an increase of quota L-2F737F8D" in out
    assert "summed" in out


def test_one_environment_within_quota_exits_0(aws_hooks, matrix_file, capsys):
    code, out, err = run_cli(["quotas", matrix_file, "--environment", "staging", "--json"], capsys)
    data = json.loads(out)
    assert code == 1  # staging's training row needs 1 ml.m5.xlarge, the default quota is 0
    assert data["environments"] == ["staging"]
    assert [(r["instance_type"], r["status"]) for r in data["rows"]] == [
        ("ml.m5.xlarge", "ok"),
        ("ml.m5.xlarge", "short"),
    ]
    code, out, err = run_cli(
        [
            "set",
            matrix_file,
            "provisioning.matrix=production:us-east-1:real_time_inference:ml.c5.xlarge:3",
        ],
        capsys,
    )
    code, out, err = run_cli(["quotas", matrix_file], capsys)
    assert code == 0 and "every row fits its quota" in out


def test_quota_missing_for_an_instance_type_is_not_a_pass(aws_hooks, workload, capsys):
    run_cli(
        [
            "set",
            workload,
            "provisioning.matrix=production:us-east-1:real_time_inference:ml.p3.2xlarge:1",
        ],
        capsys,
    )
    code, out, err = run_cli(["quotas", workload, "--json"], capsys)
    row = json.loads(out)["rows"][0]
    assert code == 1 and row["status"] == "unknown" and "may not be offered" in row["reason"]


def test_quotas_unreadable(aws_hooks, matrix_file, capsys):
    aws_hooks["extra"] = lambda op, p: (
        client_error("AccessDeniedException", "no")
        if op.startswith("List") and "Quotas" in op
        else None
    )
    code, out, err = run_cli(["quotas", matrix_file], capsys)
    assert code == 1 and "UNKNOWN" in out
    assert "AccessDenied on servicequotas:ListServiceQuotas" in out


def test_profile_without_matrix_is_bad_input(aws_hooks, tmp_path, capsys):
    path = tmp_path / "new.mlprofile.toml"
    run_cli(["new", path, "--name", "empty"], capsys)
    code, out, err = run_cli(["quotas", path], capsys)
    assert code == 2 and "no provisioning matrix" in err


def test_no_credentials(aws_hooks, matrix_file, capsys, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    code, out, err = run_cli(["quotas", matrix_file], capsys)
    assert code == 2 and "no AWS credentials found" in err and "Traceback" not in err
