"""``push-wa`` against botocore's Stubber (moto has no wellarchitected): every request is
validated against the service model, responses are recorded shapes; no sleeping, no account.

The ClientRequestToken of the writes is left out of ``expected_params``: botocore fills it in
(``idempotencyToken``) after the Stubber has checked the parameters.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import botocore.session
import pytest
from botocore.stub import Stubber

from mlprofile_tui.aws import wa_push
from mlprofile_tui.aws.wa_push import DryRunClient, WaPush, WaPushError, plan_push
from mlprofile_tui.cli import main
from mlprofile_tui.core.wa_answers import answer_updates, milestone_name

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "fraud-scorer.mlprofile.toml"
LENS_ARN = "arn:aws:wellarchitected:us-east-1:123456789012:lens/0123456789abcdef0123456789abcdef"
WID = "a" * 32
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def workload(tmp_path):
    path = tmp_path / "fraud.mlprofile.toml"
    shutil.copy(EXAMPLE, path)
    return path


@pytest.fixture
def client(fake_aws):
    c = botocore.session.get_session().create_client("wellarchitected", region_name="us-east-1")
    stub = Stubber(c)
    stub.activate()
    c.stub = stub
    yield c
    stub.deactivate()


def plan(path, **kw):
    args = dict(
        profile=None,
        workload_name_override=None,
        lens_alias=None,
        environment="PRODUCTION",
        region="us-east-1",
    )
    return plan_push(path, **(args | kw))


def summary(version="1.1.0"):
    return {
        "LensArn": LENS_ARN,
        "LensName": "ML workload profile (AWS Well-Architected ML Lens)",
        "LensType": "CUSTOM_SELF",
        "LensVersion": version,
        "Owner": "123456789012",
    }


def expect_answers(stub, p, profile, *, same=False):
    """GetAnswer then (unless the recorded answer already says it) UpdateAnswer, per question."""
    wl = p.workload
    for u in answer_updates(p.lens, wl.rubric, wl.effective(profile)):
        qid = u.params["QuestionId"]
        recorded = {"QuestionId": qid, "Risk": "UNANSWERED", "SelectedChoices": []}
        if same:
            recorded |= {k: v for k, v in u.params.items() if k != "QuestionId"}
        stub.add_response(
            "get_answer",
            {"WorkloadId": WID, "LensArn": LENS_ARN, "Answer": recorded},
            {"WorkloadId": WID, "LensAlias": LENS_ARN, "QuestionId": qid},
        )
        if not same:
            stub.add_response(
                "update_answer",
                {"WorkloadId": WID, "LensArn": LENS_ARN, "Answer": {"QuestionId": qid}},
                {"WorkloadId": WID, "LensAlias": LENS_ARN, **u.params},
            )


def first_push_stubs(stub, p, *, in_progress: bool):
    name = p.lens_name
    stub.add_response(
        "list_lenses",
        {"LensSummaries": []},
        {"LensType": "CUSTOM_SELF", "LensStatus": "PUBLISHED", "LensName": name},
    )
    stub.add_response(
        "import_lens",
        {"LensArn": LENS_ARN, "Status": "IN_PROGRESS" if in_progress else "COMPLETE"},
        {"JSONString": p.lens.text()},
    )
    if in_progress:
        drafts = {"LensType": "CUSTOM_SELF", "LensStatus": "DRAFT", "LensName": name}
        stub.add_response("list_lenses", {"LensSummaries": []}, drafts)
        stub.add_response("list_lenses", {"LensSummaries": [summary()]}, drafts)
    stub.add_response(
        "create_lens_version",
        {"LensArn": LENS_ARN, "LensVersion": "1.1.0"},
        {"LensAlias": LENS_ARN, "LensVersion": "1.1.0", "IsMajorVersion": True},
    )
    other = {"WorkloadId": "b" * 32, "WorkloadName": "Card fraud scorer v2", "UpdatedAt": T0}
    stub.add_response(
        "list_workloads",
        {"WorkloadSummaries": [other], "NextToken": "page2"},
        {"WorkloadNamePrefix": "Card fraud scorer"},
    )
    stub.add_response(
        "list_workloads",
        {"WorkloadSummaries": []},
        {"WorkloadNamePrefix": "Card fraud scorer", "NextToken": "page2"},
    )
    stub.add_response(
        "create_workload",
        {"WorkloadId": WID, "WorkloadArn": f"arn:aws:wellarchitected:us-east-1:1:workload/{WID}"},
        {
            "WorkloadName": "Card fraud scorer",
            "Description": f"ML workload profile pushed by mlprofile from {p.path.name}",
            "Environment": "PRODUCTION",
            "ReviewOwner": "payments-risk-ml",
            "AwsRegions": ["eu-west-1"],
            "Lenses": [LENS_ARN],
        },
    )
    stub.add_response(
        "list_milestones", {"WorkloadId": WID, "MilestoneSummaries": []}, {"WorkloadId": WID}
    )
    expect_answers(stub, p, "snapshot-2026-05-04")
    stub.add_response(
        "create_milestone",
        {"WorkloadId": WID, "MilestoneNumber": 1},
        {"WorkloadId": WID, "MilestoneName": "mlprofile snapshot-2026-05-04"},
    )
    expect_answers(stub, p, "current")


def test_first_push_imports_publishes_creates_records_and_answers(client, workload):
    p = plan(workload)
    first_push_stubs(client.stub, p, in_progress=True)
    waited: list[float] = []
    report = WaPush(p, client, wait=waited.append).run()
    client.stub.assert_no_pending_responses()
    assert waited == [2.0]  # polled twice, waited once between
    assert report.lens_imported and report.workload_created and report.workload_id == WID
    assert report.milestones == ["mlprofile snapshot-2026-05-04"]
    n = len(answer_updates(p.lens, p.workload.rubric, p.workload.effective("current")))
    assert report.updated == n + len(
        answer_updates(p.lens, p.workload.rubric, p.workload.effective("snapshot-2026-05-04"))
    )


def test_answers_carry_choice_value_level_rationale_and_na(workload):
    p = plan(workload)
    updates = {
        u.key: u.params
        for u in answer_updates(p.lens, p.workload.rubric, p.workload.effective("current"))
    }
    p95 = updates["traffic.p95_latency_ms"]
    assert p95["QuestionId"] == "traffic_p95_latency_ms"
    assert p95["SelectedChoices"][0].startswith("band_") and p95["IsApplicable"] is True
    assert "mlprofile level L" in p95["Notes"] and len(p95["Notes"]) <= 2084
    na = [u for u in updates.values() if u.get("IsApplicable") is False]
    assert na and all(u["Notes"].startswith("Not applicable: ") for u in na)
    assert {u["Reason"] for u in na} <= {"OUT_OF_SCOPE", "ARCHITECTURE_CONSTRAINTS"}


def test_notes_are_cut_to_2084_and_unknown_selects_none_of_these(workload):
    from mlprofile_tui.core.answers import Answer, State

    p = plan(workload)
    answers = dict(p.workload.effective("current"))
    key = "deployment.instance_selection"
    answers[key] = Answer(State.VALUE, "load_tested", "declared", rationale="why " * 900)
    answers["deployment.profile_review"] = Answer(State.UNKNOWN)
    ups = {u.key: u.params for u in answer_updates(p.lens, p.workload.rubric, answers)}
    assert len(ups[key]["Notes"]) == 2084 and ups[key]["Notes"].endswith("…")
    assert ups["deployment.profile_review"]["SelectedChoices"] == ["unknown_no"]


def test_second_push_with_everything_in_place_writes_nothing(client, workload):
    p = plan(workload)
    stub = client.stub
    lens_and_workload_found(stub, p)
    # the workload exists without the lens: it is associated, not re-created
    stub.add_response(
        "get_workload",
        {"Workload": {"WorkloadId": WID, "Lenses": ["wellarchitected"]}},
        {"WorkloadId": WID},
    )
    stub.add_response("associate_lenses", {}, {"WorkloadId": WID, "LensAliases": [LENS_ARN]})
    stub.add_response(
        "list_milestones",
        {
            "WorkloadId": WID,
            "MilestoneSummaries": [
                {"MilestoneNumber": 1, "MilestoneName": "mlprofile snapshot-2026-05-04"}
            ],
        },
        {"WorkloadId": WID},
    )
    expect_answers(stub, p, "current", same=True)
    report = WaPush(p, client, wait=pytest.fail).run()
    stub.assert_no_pending_responses()
    assert not report.lens_imported and report.updated == 0 and report.milestones == []
    assert report.unchanged > 20


def upgrade_stubs(stub, p):
    stub.add_response(
        "get_lens",
        {"Lens": {"LensArn": LENS_ARN, "LensVersion": "1.0.0", "Name": p.lens_name}},
        {"LensAlias": LENS_ARN},
    )
    stub.add_response(
        "import_lens",
        {"LensArn": LENS_ARN, "Status": "COMPLETE"},
        {"JSONString": p.lens.text(), "LensAlias": LENS_ARN},
    )
    stub.add_response(
        "create_lens_version",
        {"LensArn": LENS_ARN, "LensVersion": "1.1.0"},
        {"LensAlias": LENS_ARN, "LensVersion": "1.1.0", "IsMajorVersion": True},
    )
    stub.add_response(
        "list_workloads",
        {"WorkloadSummaries": [{"WorkloadId": WID, "WorkloadName": "Card fraud scorer"}]},
        {"WorkloadNamePrefix": "Card fraud scorer"},
    )
    stub.add_response(
        "get_workload", {"Workload": {"WorkloadId": WID, "Lenses": [LENS_ARN]}}, {"WorkloadId": WID}
    )
    stub.add_response(
        "get_lens_review",
        {"WorkloadId": WID, "LensReview": {"LensArn": LENS_ARN, "LensVersion": "1.0.0"}},
        {"WorkloadId": WID, "LensAlias": LENS_ARN},
    )
    stub.add_response(
        "upgrade_lens_review",
        {},
        {"WorkloadId": WID, "LensAlias": LENS_ARN, "MilestoneName": "mlprofile before lens 1.1.0"},
    )
    stub.add_response(
        "list_milestones",
        {
            "WorkloadId": WID,
            "MilestoneSummaries": [
                {"MilestoneNumber": 1, "MilestoneName": "mlprofile snapshot-2026-05-04"}
            ],
        },
        {"WorkloadId": WID},
    )
    expect_answers(stub, p, "current")


def test_a_newer_rubric_updates_the_lens_by_arn_and_upgrades_the_review(client, workload):
    p = plan(workload, lens_alias=LENS_ARN)
    upgrade_stubs(client.stub, p)
    report = WaPush(p, client, wait=pytest.fail).run()
    client.stub.assert_no_pending_responses()
    assert report.lens_imported and not report.workload_created


def test_import_error_and_timeout_are_one_clear_message(client, workload):
    p = plan(workload)
    stub = client.stub
    published = {"LensType": "CUSTOM_SELF", "LensStatus": "PUBLISHED", "LensName": p.lens_name}
    stub.add_response("list_lenses", {"LensSummaries": []}, published)
    stub.add_response(
        "import_lens", {"LensArn": LENS_ARN, "Status": "ERROR"}, {"JSONString": p.lens.text()}
    )
    with pytest.raises(WaPushError, match="could not import the lens"):
        WaPush(p, client, wait=pytest.fail).run()

    stub.add_response("list_lenses", {"LensSummaries": []}, published)
    stub.add_response(
        "import_lens", {"LensArn": LENS_ARN, "Status": "IN_PROGRESS"}, {"JSONString": p.lens.text()}
    )
    drafts = dict(published, LensStatus="DRAFT")
    for _ in range(3):
        stub.add_response("list_lenses", {"LensSummaries": []}, drafts)
    waited: list[float] = []
    with pytest.raises(WaPushError) as e:
        WaPush(p, client, wait=waited.append, polls=3).run()
    assert waited == [2.0, 2.0]
    assert "did not finish within 6 seconds; run push-wa again later with --lens-alias" in str(
        e.value
    )
    assert f"already done: lens {LENS_ARN} imported" in str(e.value)
    stub.assert_no_pending_responses()


@pytest.mark.parametrize(
    ("code", "says"),
    [
        (
            "AccessDeniedException",
            "access denied to wellarchitected:ListLenses; grant the actions "
            "`mlprofile docs iam-policy-wa` prints",
        ),
        ("ValidationException", "the WA Tool refused wellarchitected:ListLenses as invalid (bad)"),
        (
            "ConflictException",
            "wellarchitected:ListLenses conflicts with the WA Tool's current state (bad)",
        ),
        ("ThrottlingException", "wellarchitected:ListLenses was throttled and retries ran out"),
    ],
)
def test_failures_exit_2_with_one_message(client, workload, monkeypatch, capsys, code, says):
    client.stub.add_client_error("list_lenses", code, "bad")
    monkeypatch.setattr(wa_push, "make_client", lambda *a: client)
    rc = main(["push-wa", str(workload)])
    err = capsys.readouterr().err
    assert rc == 2 and says in err and "nothing was written" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_failure_midway_says_what_was_written(client, workload, monkeypatch, capsys):
    p = plan(workload)
    stub = client.stub
    stub.add_response(
        "list_lenses",
        {"LensSummaries": []},
        {"LensType": "CUSTOM_SELF", "LensStatus": "PUBLISHED", "LensName": p.lens_name},
    )
    stub.add_response(
        "import_lens", {"LensArn": LENS_ARN, "Status": "COMPLETE"}, {"JSONString": p.lens.text()}
    )
    stub.add_response("create_lens_version", {"LensArn": LENS_ARN}, None)
    stub.add_response("list_workloads", {"WorkloadSummaries": []}, None)
    stub.add_client_error("create_workload", "AccessDeniedException", "no")
    monkeypatch.setattr(wa_push, "make_client", lambda *a: client)
    assert main(["push-wa", str(workload)]) == 2
    err = capsys.readouterr().err
    assert "access denied to wellarchitected:CreateWorkload" in err
    assert f"already done: lens {LENS_ARN} imported" in err


def test_push_json_through_the_command(client, workload, monkeypatch, capsys):
    p = plan(workload)
    first_push_stubs(client.stub, p, in_progress=False)
    monkeypatch.setattr(wa_push, "make_client", lambda *a: client)
    assert main(["push-wa", str(workload), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["workload"] == {"name": "Card fraud scorer", "id": WID, "created": True}
    assert out["lens"]["arn"] == LENS_ARN and out["dry_run"] is False
    assert out["milestones"] == [milestone_name(p.workload.profile("snapshot-2026-05-04"))]


def test_dry_run_plans_the_calls_of_a_first_push(client, workload, capsys):
    p = plan(workload)
    first_push_stubs(client.stub, p, in_progress=False)
    real = WaPush(p, client, wait=pytest.fail).run().calls
    assert main(["push-wa", str(workload), "--dry-run", "--json"]) == 0
    planned = json.loads(capsys.readouterr().out)["calls"]
    # the same operations in the same order (ids are placeholders)
    ops_real = [c["operation"] for c in real]
    ops_real.remove("ListWorkloads")  # the recorded account had a second page
    assert [c["operation"] for c in planned] == ops_real
    assert planned[1]["parameters"]["JSONString"] == p.lens.text()

    def answers(calls):
        ids = ("WorkloadId", "LensAlias")
        return [
            {k: v for k, v in c["parameters"].items() if k not in ids}
            for c in calls
            if c["operation"] == "UpdateAnswer"
        ]

    assert answers(planned) == answers(real) and len(answers(real)) > 40


def test_dry_run_needs_no_credentials_and_no_boto3(workload, tmp_path):
    code = (
        "import sys\nfrom mlprofile_tui.cli import main\n"
        f"code = main(['push-wa', {str(workload)!r}, '--dry-run', '--json'])\n"
        "print('EXIT', code, 'boto3' in sys.modules, 'botocore' in sys.modules, file=sys.stderr)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "HOME": str(tmp_path),
    }
    p = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert "EXIT 0 False False" in p.stderr, p.stderr
    assert json.loads(p.stdout)["calls"][0]["operation"] == "ListLenses"


def test_the_policy_grants_exactly_what_a_push_calls(client, workload, tmp_path):
    policy = json.loads((ROOT / "docs" / "iam-policy-wa.json").read_text())
    granted = {a for st in policy["Statement"] for a in st["Action"]}
    called: set[str] = set()
    for run in ("first", "again", "upgrade"):
        path = tmp_path / f"{run}.mlprofile.toml"
        shutil.copy(EXAMPLE, path)
        p = plan(path, lens_alias=LENS_ARN if run == "upgrade" else None)
        if run == "first":
            first_push_stubs(client.stub, p, in_progress=True)
        elif run == "again":
            again_stubs(client.stub, p)
        else:
            upgrade_stubs(client.stub, p)
        report = WaPush(p, client, wait=lambda s: None).run()
        called |= {f"wellarchitected:{c['operation']}" for c in report.calls}
    client.stub.assert_no_pending_responses()
    assert called == granted


def lens_and_workload_found(stub, p):
    """The WA Tool already has the published lens and a workload of the same name."""
    stub.add_response(
        "list_lenses",
        {"LensSummaries": [summary()]},
        {"LensType": "CUSTOM_SELF", "LensStatus": "PUBLISHED", "LensName": p.lens_name},
    )
    stub.add_response(
        "list_workloads",
        {"WorkloadSummaries": [{"WorkloadId": WID, "WorkloadName": "Card fraud scorer"}]},
        {"WorkloadNamePrefix": "Card fraud scorer"},
    )


def again_stubs(stub, p):
    """A workload that exists without the lens and answers the WA Tool already holds."""
    lens_and_workload_found(stub, p)
    stub.add_response(
        "get_workload", {"Workload": {"WorkloadId": WID, "Lenses": []}}, {"WorkloadId": WID}
    )
    stub.add_response("associate_lenses", {}, {"WorkloadId": WID, "LensAliases": [LENS_ARN]})
    stub.add_response(
        "list_milestones", {"WorkloadId": WID, "MilestoneSummaries": []}, {"WorkloadId": WID}
    )
    expect_answers(stub, p, "snapshot-2026-05-04", same=True)
    stub.add_response(
        "create_milestone",
        {"WorkloadId": WID, "MilestoneNumber": 1},
        {"WorkloadId": WID, "MilestoneName": "mlprofile snapshot-2026-05-04"},
    )
    expect_answers(stub, p, "current", same=True)


def test_bad_input_exits_2(workload, capsys, tmp_path):
    text = workload.read_text(encoding="utf-8").replace('owner = "payments-risk-ml"', 'owner = ""')
    workload.write_text(text, encoding="utf-8")
    assert main(["push-wa", str(workload), "--dry-run"]) == 2
    assert "needs a review owner of 3 to 255 characters" in capsys.readouterr().err
    assert main(["push-wa", str(workload), "--workload-name", "ab", "--dry-run"]) == 2
    assert main(["push-wa", str(tmp_path / "missing.toml"), "--dry-run"]) == 2
    assert main(["push-wa", str(workload), "--environment", "STAGING"]) == 2


def test_the_push_client_is_unguarded_and_the_importers_still_guarded(fake_aws):
    from mlprofile_tui.aws.readonly import ReadOnlyViolation
    from mlprofile_tui.aws.session import AwsAccount

    params = {"WorkloadId": WID, "LensAlias": LENS_ARN, "QuestionId": "q_1", "Notes": "n"}
    guarded = AwsAccount(region="us-east-1").client("wellarchitected")
    with Stubber(guarded) as refused, pytest.raises(ReadOnlyViolation, match="UpdateAnswer"):
        refused.add_response("update_answer", {"WorkloadId": WID}, params)
        guarded.update_answer(**params)
    own = wa_push.make_client(None, "us-east-1")
    with Stubber(own) as stub:
        stub.add_response("update_answer", {"WorkloadId": WID}, params)
        assert own.update_answer(**params)["WorkloadId"] == WID
    # the importer never reaches the writing module
    importer = (ROOT / "src" / "mlprofile_tui" / "aws").glob("*.py")
    imports = re.compile(
        r"^\s*(from \S*wa_push import|import \S*wa_push|from \. import .*wa_push)", re.M
    )
    users = [f.name for f in importer if imports.search(f.read_text())]
    assert users == []


def test_dry_run_client_refuses_what_a_push_never_calls():
    with pytest.raises(AttributeError):
        DryRunClient().delete_workload()
