"""Ctrl+C / Ctrl+D never lose an answer; a file changed on disk is never overwritten."""

from __future__ import annotations

import json

import pytest
from interview_fakes import BATCH_SERVING, ScriptedTerminal, interview_args

from mlprofile_tui.core.answers import State
from mlprofile_tui.core.errors import MlprofileError
from mlprofile_tui.core.recovery import interview_editor, recovery_path
from mlprofile_tui.core.workload import load_workload
from mlprofile_tui.interview import run_interview

# The third is a new number: a stop right after it comes at "where does it come from?", and
# the number is kept all the same.
FIRST_THREE = ("serverless", ["sklearn"], "3")
REST_OF_SERVING = (
    "?",
    "1.2 GB",
    "declared",
    "n/a: warm pool",
    "80 ms",
    "measured",
    "CloudWatch ModelLatency p95",
    True,
    "ml.m5.xlarge",
    "production:us-east-1:training:ml.m5.xlarge:2",
    "",
)


def _recovered(workload) -> dict:
    return json.loads(recovery_path(workload, interview_editor("current")).read_text())["answers"]


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
def test_interrupt_keeps_answers_and_resume_finishes(workload, stop):
    before = workload.read_text()
    term = ScriptedTerminal(*FIRST_THREE, stop, "keep")

    assert run_interview(interview_args(workload, group="serving"), terminal=term) == 130

    assert workload.read_text() == before, "nothing is written before the review"
    assert _recovered(workload) == {
        "serving.location": {"value": "serverless", "provenance": "declared"},
        "serving.frameworks": {"value": ["sklearn"], "provenance": "declared"},
        "serving.models_per_endpoint": {"value": 3, "provenance": "declared"},
    }
    assert "3 unsaved answers are kept in" in term.output
    assert "Resume with `mlprofile interview" in term.output

    # The next interview offers them, resumes after them (skip logic sees 'serverless':
    # the cold-start question is asked) and writes everything at the end.
    resume = ScriptedTerminal("resume", *REST_OF_SERVING, True)
    assert run_interview(interview_args(workload, group="serving"), terminal=resume) == 0

    assert resume.asked[1] == ("text", "What does an hour of serving cost, in USD?")
    assert "left 3 unsaved answers" in resume.output
    assert "How long may a cold start take?" in [m for _, m in resume.asked]
    answers = load_workload(workload).effective("current")
    assert answers["serving.location"].value == "serverless"
    assert answers["serving.models_per_endpoint"].value == 3
    assert answers["serving.cold_start_tolerance_ms"].reason == "warm pool"
    p95 = answers["serving.p95_latency_ms"]
    assert (p95.provenance, p95.source) == ("measured", "CloudWatch ModelLatency p95")
    assert "11 answers" not in resume.output and "Wrote 10 answers" in resume.output
    assert not recovery_path(workload, interview_editor("current")).exists()


def test_second_interrupt_at_the_choice_still_keeps(workload):
    term = ScriptedTerminal("batch", KeyboardInterrupt, EOFError)

    assert run_interview(interview_args(workload), terminal=term) == 130

    assert _recovered(workload) == {
        "serving.location": {"value": "batch", "provenance": "declared"}
    }


def test_interrupt_then_save_writes_what_was_answered(workload):
    term = ScriptedTerminal(*FIRST_THREE, KeyboardInterrupt, "save")

    assert run_interview(interview_args(workload), terminal=term) == 0

    answers = load_workload(workload).effective("current")
    assert answers["serving.frameworks"].value == ["sklearn"]
    assert "serving.cost_per_hour" not in answers
    assert "3 answers for profile 'current'" in term.output  # the review table came first
    assert not recovery_path(workload, interview_editor("current")).exists()


def test_interrupt_then_discard(workload):
    before = workload.read_text()
    term = ScriptedTerminal(*FIRST_THREE, KeyboardInterrupt, "discard")

    assert run_interview(interview_args(workload), terminal=term) == 130

    assert workload.read_text() == before
    assert not recovery_path(workload, interview_editor("current")).exists()


def test_interrupt_before_any_answer_leaves_no_recovery_file(workload):
    term = ScriptedTerminal(KeyboardInterrupt)

    assert run_interview(interview_args(workload), terminal=term) == 130

    assert "nothing was answered" in term.output
    assert not recovery_path(workload, interview_editor("current")).exists()


def test_discarding_a_recovery_starts_afresh(workload):
    run_interview(
        interview_args(workload), terminal=ScriptedTerminal("batch", KeyboardInterrupt, "keep")
    )
    term = ScriptedTerminal("discard", "realtime", KeyboardInterrupt, "keep")

    run_interview(interview_args(workload), terminal=term)

    assert term.asked[1] == ("select", "Where is the model deployed?")
    assert _recovered(workload)["serving.location"]["value"] == "realtime"


def test_file_changed_on_disk_is_not_overwritten_and_answers_survive(workload):
    def someone_else_edits():
        workload.write_text(workload.read_text() + "# reviewed by the platform team\n")

    term = ScriptedTerminal(
        *BATCH_SERVING,
        someone_else_edits,
        True,
    )

    with pytest.raises(MlprofileError) as caught:
        run_interview(interview_args(workload, group="serving"), terminal=term)

    err = caught.value
    assert err.exit_code == 2
    message = err.render()
    assert "changed on disk since it was loaded" in message
    assert str(recovery_path(workload, interview_editor("current"))) in message
    assert "run `mlprofile interview" in message
    assert workload.read_text().endswith("# reviewed by the platform team\n")
    assert load_workload(workload).effective("current") == {}
    assert len(_recovered(workload)) == 8

    # Resuming applies the kept answers on top of the file as it is now.
    again = ScriptedTerminal("resume", True)
    assert run_interview(interview_args(workload, group="serving"), terminal=again) == 0
    text = workload.read_text()
    assert "# reviewed by the platform team" in text
    answers = load_workload(workload).effective("current")
    assert answers["serving.location"].value == "batch"
    assert answers["serving.network_isolation"].value is False


def test_save_each_group_writes_after_every_group(workload):
    script = (
        *BATCH_SERVING,
        "manual",
        KeyboardInterrupt,
        "keep",
    )
    term = ScriptedTerminal(*script)

    assert run_interview(interview_args(workload, save_each_group=True), terminal=term) == 130

    answers = load_workload(workload).effective("current")
    assert answers["serving.location"].value == "batch"  # written when serving ended
    assert "ops.retraining" not in answers  # ops was interrupted: still only in recovery
    assert _recovered(workload) == {"ops.retraining": {"value": "manual", "provenance": "declared"}}
    assert "Wrote 8 answers" in term.output


def test_save_each_group_conflict_is_exit_2_with_answers_kept(workload):
    def someone_else_edits():
        workload.write_text(workload.read_text() + "# edited\n")

    term = ScriptedTerminal(
        someone_else_edits,
        *BATCH_SERVING,
    )

    with pytest.raises(MlprofileError, match="changed on disk"):
        run_interview(
            interview_args(workload, group="serving", save_each_group=True), terminal=term
        )

    assert len(_recovered(workload)) == 8
    assert load_workload(workload).effective("current") == {}


def test_unknown_answers_in_a_recovery_file_are_reported_not_fatal(workload):
    path = recovery_path(workload, interview_editor("current"))
    path.write_text(
        json.dumps(
            {
                "kind": "mlprofile-recovery",
                "version": 1,
                "answers": {
                    "serving.location": {"value": "moon", "provenance": "declared"},
                    "serving.gone": {"state": "unknown"},
                    "serving.cost_per_hour": {"state": "unknown"},
                },
            }
        )
    )
    term = ScriptedTerminal("resume", KeyboardInterrupt, "keep")

    run_interview(interview_args(workload, group="serving"), terminal=term)

    assert "serving.gone: no longer in rubric interview-test; dropped" in term.output
    assert "serving.location: 'moon' is not a valid choice" in term.output
    assert _recovered(workload) == {"serving.cost_per_hour": {"state": "unknown"}}


def test_unreadable_recovery_file_is_a_clear_error(workload):
    recovery_path(workload, interview_editor("current")).write_text("{not json")

    with pytest.raises(MlprofileError, match="recovery file is unreadable") as caught:
        run_interview(interview_args(workload), terminal=ScriptedTerminal())
    assert caught.value.exit_code == 2
    assert State.UNANSWERED  # the workload file was never touched (see above: no write path)


def test_the_recovery_file_is_private_and_in_the_data_dir(workload, tmp_path):
    """One place for every front end's recovery files, never beside the work; 0600."""
    path = recovery_path(workload, interview_editor("current"))
    assert path.parent == tmp_path / "data-dir" / "recovery"
    assert path.name.startswith("svc-") and path.name.endswith(".interview-current.json")

    term = ScriptedTerminal("batch", KeyboardInterrupt, "keep")
    assert run_interview(interview_args(workload), terminal=term) == 130
    data = json.loads(path.read_text())
    assert data["answers"]["serving.location"]["value"] == "batch"
    assert data["base_sha256"] and data["editor"] == "interview-current"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert not [
        p
        for p in workload.parent.iterdir()
        if p.name.startswith(("svc.", ".svc.")) and p != workload
    ]  # nothing beside the workload


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_kept_answer_someone_changed_since_is_confirmed_not_overwritten(workload, overwrite):
    """The recovery file remembers what the file said; a newer answer there is shown and kept
    unless the person chooses to overwrite it."""
    from mlprofile_tui.core.answers import Answer
    from mlprofile_tui.core.workload import WorkloadDocument

    run_interview(
        interview_args(workload), terminal=ScriptedTerminal("batch", KeyboardInterrupt, "keep")
    )
    doc = WorkloadDocument.load(workload, edit=True)  # a colleague answers meanwhile
    doc.set_answer("current", "serving.location", Answer(State.VALUE, "realtime"))
    doc.save()

    # Overwrite: the answer stays pending and is written; keep the file's: nothing is left
    # to offer, and the interview goes on to the open questions.
    script = (True, "save", KeyboardInterrupt, "keep") if overwrite else (False, KeyboardInterrupt)
    term = ScriptedTerminal(*script)
    run_interview(interview_args(workload), terminal=term)

    assert "serving.location: was —, now Real-time endpoint in the file; yours Batch transform" in (
        " ".join(term.output.split())
    ), term.output
    saved = load_workload(workload).effective("current")["serving.location"].value
    assert saved == ("batch" if overwrite else "realtime")
