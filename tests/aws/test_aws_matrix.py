"""The provisioning matrix from AWS (issue 15): rows stamped with the caller's account where
the rubric has an account column, Processing jobs as the processing workload's rows, and the
quota check of the caller's account only."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta

import aws_recorded as recorded
import aws_seed as seed
import pytest
from aws_support import PINNED_NOW, client_error, json_out, ok_response, run_cli

from mlprofile_tui.aws.importer import plan_import, run_import_job, write_import
from mlprofile_tui.aws.processing import peak_instances

KEY = "provisioning.matrix"
OTHER = "999988887777"  # an account that is not the caller's (moto's is seed.ACCOUNT)
# The import window ends here: the recorded processing jobs are dated around it.
NOW = datetime.fromisoformat(PINNED_NOW.replace("Z", "+00:00"))


def _import(workload, *endpoints, **kw):
    kw.setdefault("days", 1)
    plan = plan_import(workload, list(endpoints), region="us-east-1", **kw)
    return run_import_job(plan, now=NOW)


def _rows(result) -> list[dict]:
    return result.values[KEY].value


def _set(path, rows: str, capsys) -> None:
    code, _out, err = run_cli(["set", path, f"{KEY}={rows}"], capsys)
    assert code == 0, err


def test_import_stamps_the_account_and_reads_processing_jobs(aws_hooks, accounts_workload):
    called = []
    aws_hooks["after"] = lambda model, **kw: called.append(model.name)
    result = _import(accounts_workload, "churn-prod")
    assert result.complete, result.skipped
    rows = _rows(result)
    assert all(r["account"] == seed.ACCOUNT and r["environment"] == "production" for r in rows)
    real_time = {r["instance_type"]: r["count"] for r in rows if r["workload"] != "processing"}
    assert real_time == {"ml.m5.xlarge": 6, "ml.c5.xlarge": 1}  # as without accounts
    # Processing: the most instances of each type running at once in the last day; the job
    # that failed before starting and the week-old one are not counted.
    processing = {r["instance_type"]: r["count"] for r in rows if r["workload"] == "processing"}
    assert processing == recorded.PROCESSING_PEAKS
    assert all(r["region"] == "us-east-1" for r in rows)
    # Paged (three summaries a page) and each job described once.
    assert called.count("ListProcessingJobs") == 2
    assert called.count("DescribeProcessingJob") == 5
    source = result.values[KEY].source
    assert source.startswith(f"account {seed.ACCOUNT}: ")
    assert "sagemaker:ListProcessingJobs + DescribeProcessingJob (5 processing jobs" in source
    # Written in the rubric's column order: the account after the environment.
    write_import(result)
    text = accounts_workload.read_text()
    assert f'{{ environment = "production", account = "{seed.ACCOUNT}", region' in text
    assert tomllib.loads(text)["profiles"]["current"]["values"][KEY]["value"] == rows


def test_a_rubric_without_processing_or_accounts_reads_no_processing_job(
    aws_hooks, no_accounts_workload
):
    called = []
    aws_hooks["after"] = lambda model, **kw: called.append(model.name)
    rows = _rows(_import(no_accounts_workload, "churn-prod"))
    assert not {"ListProcessingJobs", "DescribeProcessingJob"} & set(called)
    assert all("account" not in r for r in rows)


def test_imported_rows_find_their_row_and_leave_other_accounts_alone(
    aws_hooks, accounts_workload, capsys
):
    _set(
        accounts_workload,
        "production:us-east-1:real_time_inference:ml.m5.xlarge:1;"  # no account: this one
        f"production:{OTHER}:us-east-1:real_time_inference:ml.m5.xlarge:9;"
        f"staging:{seed.ACCOUNT}:us-east-1:processing:ml.m5.xlarge:2",
        capsys,
    )
    rows = _rows(_import(accounts_workload, "churn-prod"))
    ident = {
        (r["environment"], r.get("account"), r["workload"], r["instance_type"]): r["count"]
        for r in rows
    }
    assert ident[("production", seed.ACCOUNT, "real_time_inference", "ml.m5.xlarge")] == 6
    assert ident[("production", OTHER, "real_time_inference", "ml.m5.xlarge")] == 9
    assert ident[("staging", seed.ACCOUNT, "processing", "ml.m5.xlarge")] == 2
    assert ident[("production", seed.ACCOUNT, "processing", "ml.m5.xlarge")] == 5
    assert ("production", None, "real_time_inference", "ml.m5.xlarge") not in ident
    assert len(rows) == 6


def test_environment_defaults_to_the_rubrics_last_and_is_checked(aws_hooks, accounts_workload):
    assert plan_import(accounts_workload, ["churn-prod"]).environment == "production"
    plan = plan_import(accounts_workload, ["churn-prod"], environment="staging")
    assert plan.environment == "staging"


def test_cli_import_environment_and_json(aws_hooks, accounts_workload, capsys):
    before = accounts_workload.read_bytes()
    code, out, err = run_cli(
        [
            "import-aws",
            accounts_workload,
            "--endpoint",
            "churn-prod",
            "--days",
            "1",
            "--environment",
            "staging",
            "--dry-run",
            "--json",
        ],
        capsys,
    )
    assert code == 0, err
    rows = json_out(out)["values"][KEY]["value"]
    assert {(r["environment"], r["account"]) for r in rows} == {("staging", seed.ACCOUNT)}
    assert accounts_workload.read_bytes() == before
    code, out, err = run_cli(
        ["import-aws", accounts_workload, "--endpoint", "churn-prod", "--environment", "prod"],
        capsys,
    )
    assert code == 2 and "--environment 'prod' is not one of dev, staging, production" in err
    assert accounts_workload.read_bytes() == before


def test_processing_jobs_unreadable_cost_the_matrix_only(aws_hooks, accounts_workload):
    aws_hooks["extra"] = lambda op, p: (
        client_error("AccessDeniedException", "no") if op == "ListProcessingJobs" else None
    )
    result = _import(accounts_workload, "churn-prod")
    assert KEY in result.failed
    assert "AccessDenied on sagemaker:ListProcessingJobs" in result.skipped[KEY]
    assert result.values["deployment.instance_type"].value  # the rest was imported


def test_no_processing_job_in_the_window_adds_no_row(aws_hooks, accounts_workload):
    aws_hooks["extra"] = lambda op, p: (
        ok_response({"ProcessingJobSummaries": []}) if op == "ListProcessingJobs" else None
    )
    result = _import(accounts_workload, "churn-prod")
    rows = _rows(result)
    assert rows and all(r["workload"] == "real_time_inference" for r in rows)
    assert "ProcessingJob" not in result.values[KEY].source


def _at(minutes: int) -> datetime:
    return datetime(2026, 11, 26, tzinfo=UTC) + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "intervals, peaks",
    [
        ([], {}),
        ([(_at(0), _at(10), "ml.m5.large", 2)], {"ml.m5.large": 2}),
        (  # overlapping jobs add up
            [(_at(0), _at(10), "ml.m5.large", 2), (_at(5), _at(15), "ml.m5.large", 3)],
            {"ml.m5.large": 5},
        ),
        (  # one ends as the next starts: never both at once
            [(_at(0), _at(10), "ml.m5.large", 2), (_at(10), _at(15), "ml.m5.large", 3)],
            {"ml.m5.large": 3},
        ),
        (  # types are counted apart
            [(_at(0), _at(10), "ml.m5.large", 2), (_at(5), _at(15), "ml.c5.xlarge", 1)],
            {"ml.m5.large": 2, "ml.c5.xlarge": 1},
        ),
    ],
)
def test_peak_instances(intervals, peaks):
    assert peak_instances(intervals) == peaks


# ---------------------------------------------------------------------- quotas


def test_quotas_check_the_callers_account_and_count_the_rest(aws_hooks, accounts_workload, capsys):
    _set(
        accounts_workload,
        f"production:{seed.ACCOUNT}:us-east-1:real_time_inference:ml.c5.xlarge:3;"
        "staging:us-east-1:real_time_inference:ml.c5.xlarge:1;"  # no account: checked here
        f"production:{seed.ACCOUNT}:us-east-1:processing:ml.m5.xlarge:3;"
        f"production:{OTHER}:us-east-1:real_time_inference:ml.c5.xlarge:50;"
        f"staging:{OTHER}:eu-west-1:training:ml.m5.large:2",
        capsys,
    )
    code, out, err = run_cli(["quotas", accounts_workload, "--json"], capsys)
    assert code == 0, err
    data = json_out(out)
    assert data["account"] == seed.ACCOUNT
    assert data["skipped_rows"] == 2 and data["skipped_accounts"] == [OTHER]
    assert [
        (r["workload"], r["instance_type"], r["demand"], r["status"]) for r in data["rows"]
    ] == [
        ("processing", "ml.m5.xlarge", 3, "ok"),
        ("real_time_inference", "ml.c5.xlarge", 4, "ok"),  # 3 + 1, never + 50
    ]
    assert data["rows"][0]["quota_name"] == "ml.m5.xlarge for processing job usage"
    code, out, err = run_cli(["quotas", accounts_workload], capsys)
    assert code == 0
    assert f"skipped 2 rows of other accounts ({OTHER})" in out
    assert "every row fits its quota" in out


def test_quotas_with_only_other_accounts_check_nothing(aws_hooks, accounts_workload, capsys):
    _set(accounts_workload, f"production:{OTHER}:us-east-1:training:ml.m5.large:2", capsys)
    code, out, err = run_cli(["quotas", accounts_workload, "--json"], capsys)
    data = json_out(out)
    assert code == 0 and data["rows"] == [] and data["skipped_rows"] == 1
    code, out, err = run_cli(["quotas", accounts_workload], capsys)
    assert code == 0
    assert f"nothing to check: every row names another account than {seed.ACCOUNT}" in out
