"""A whole interview through the scripted terminal: every type, ?, n/a, bad answers, the file."""

from __future__ import annotations

import json
import tomllib

from interview_fakes import DEFAULT, ScriptedTerminal, interview_args

from mlprofile_tui.core.answers import State
from mlprofile_tui.core.recovery import interview_editor, recovery_path
from mlprofile_tui.core.workload import load_workload
from mlprofile_tui.interview import run_interview
from mlprofile_tui.interview.terminal import Special

SERVING_SCRIPT = (
    # serving.location (enum, select): help first, then a choice
    Special.HELP,
    "serverless",
    # serving.frameworks (multi, checkbox): ? together with a choice is refused
    [Special.UNKNOWN, "sklearn"],
    ["sklearn", "xgboost"],
    # serving.models_per_endpoint (int 1..1000): out of range, not a number, ?help, then good
    "0",
    "two",
    "?help",
    "3",
    DEFAULT,  # where it comes from: Enter keeps it declared
    # serving.cost_per_hour (float): unknown
    "?",
    # serving.artifact_size (bytes): wrong unit, then good
    "1.2 XB",
    "1.2 GB",
    DEFAULT,
    # serving.cold_start_tolerance_ms (asked: location is serverless): n/a, empty reason refused
    "n/a",
    "",
    "a warm pool keeps one instance up",
    # serving.p95_latency_ms (duration)
    "80ms",
    DEFAULT,
    # serving.network_isolation (bool, confirm): h for help, then yes
    Special.HELP,
    True,
    # serving.instance_type (text)
    "ml.m5.xlarge",
    # serving.matrix: an unknown environment is refused, two rows, an empty line ends
    "prod:us-east-1:training:ml.m5.xlarge:2",
    "production:us-east-1:training:ml.m5.xlarge:2",
    "staging:us-east-1:real_time_inference:ml.m5.large:1",
    "",
    # review: write them
    True,
)


def test_full_group_with_every_type_writes_the_file(workload):
    before = workload.read_text()
    term = ScriptedTerminal(*SERVING_SCRIPT)

    assert run_interview(interview_args(workload, group="serving"), terminal=term) == 0

    assert not term.script, "every scripted answer was used"
    kinds = [k for k, _ in term.asked]
    assert {"select", "checkbox", "text", "confirm"} <= set(kinds)
    answers = load_workload(workload).effective("current")
    assert answers["serving.location"].value == "serverless"
    assert answers["serving.frameworks"].value == ["sklearn", "xgboost"]
    assert answers["serving.models_per_endpoint"].value == 3
    assert answers["serving.cost_per_hour"].state is State.UNKNOWN
    assert answers["serving.artifact_size"].value == 1_200_000_000
    na = answers["serving.cold_start_tolerance_ms"]
    assert na.state is State.NOT_APPLICABLE and na.reason == "a warm pool keeps one instance up"
    assert answers["serving.p95_latency_ms"].value == 80
    assert answers["serving.network_isolation"].value is True
    assert answers["serving.instance_type"].value == "ml.m5.xlarge"
    assert answers["serving.matrix"].value == [
        {
            "environment": "production",
            "region": "us-east-1",
            "workload": "training",
            "instance_type": "ml.m5.xlarge",
            "count": 2,
        },
        {
            "environment": "staging",
            "region": "us-east-1",
            "workload": "real_time_inference",
            "instance_type": "ml.m5.large",
            "count": 1,
        },
    ]
    assert all(a.provenance == "declared" for a in answers.values() if a.is_value)
    assert "ops.retraining" not in answers  # --group serving asks only that group

    # Bad answers were refused with the reason, then asked again; nothing crashed.
    reasons = dict(term.refused)
    assert "must be at least 1" in reasons["0"]
    assert "whole number" in reasons["two"]
    assert "unknown unit 'XB'" in reasons["1.2 XB"]
    assert "reason" in reasons[""]
    assert (
        "not one of dev, staging, production" in reasons["prod:us-east-1:training:ml.m5.xlarge:2"]
    )
    assert "on its own" in reasons[repr([Special.UNKNOWN, "sklearn"])]
    # ?help showed the help of the characteristic asked.
    assert "Help · serving.location" in term.output
    assert "Count the production variants." in term.output
    assert "Help · serving.network_isolation" in term.output

    # The file: the header comments survive, only the values table grew, recovery is gone.
    after = workload.read_text()
    assert after.startswith(before.rstrip("\n").split("[profiles.current.values]")[0])
    raw = tomllib.loads(after)["profiles"]["current"]["values"]
    assert raw["serving.cost_per_hour"] == {"state": "unknown"}
    assert raw["serving.cold_start_tolerance_ms"] == {
        "state": "not_applicable",
        "reason": "a warm pool keeps one instance up",
    }
    assert raw["serving.artifact_size"] == {"value": 1200000000, "provenance": "declared"}
    assert len(raw) == 10  # one line per answer, nothing else in the table
    assert not recovery_path(workload, interview_editor("current")).exists()
    assert "Wrote 10 answers" in term.output


def test_review_table_shows_old_and_new_before_anything_is_written(workload):
    term = ScriptedTerminal(*SERVING_SCRIPT[:-1], False, True)  # decline, keep for later
    before = workload.read_text()

    assert run_interview(interview_args(workload, group="serving"), terminal=term) == 0

    assert workload.read_text() == before
    table = term.output.split("10 answers for profile 'current'")[1]
    assert "serving.artifact_size" in table and "1.2 GB" in table and "—" in table
    assert "n/a (a warm pool keeps one instance up)" in table
    kept = json.loads(recovery_path(workload, interview_editor("current")).read_text())
    assert kept["kind"] == "mlprofile-recovery"
    assert kept["answers"]["serving.cost_per_hour"] == {"state": "unknown"}
    assert len(kept["answers"]) == 10


def test_skip_logic_follows_the_answers_so_far(workload):
    # batch: the cold-start tolerance (serverless only) and p95 latency (not batch) are skipped.
    term = ScriptedTerminal(
        "batch",
        ["pytorch"],
        "1",
        DEFAULT,  # each new number: where it comes from (declared)
        "0.5",
        DEFAULT,
        "20 MB",
        DEFAULT,
        False,
        "ml.c5.large",
        "production:eu-west-1:training:ml.c5.large:1",
        "",
        True,
    )

    assert run_interview(interview_args(workload, group="serving"), terminal=term) == 0

    messages = [m for _, m in term.asked]
    assert "How long may a cold start take?" not in messages
    assert "What is the measured p95 latency?" not in messages
    answers = load_workload(workload).effective("current")
    assert answers["serving.network_isolation"].value is False
    assert "serving.p95_latency_ms" not in answers


def test_na_is_refused_where_the_rubric_forbids_it(workload):
    term = ScriptedTerminal(Special.NOT_APPLICABLE, "realtime", KeyboardInterrupt, "discard")

    assert run_interview(interview_args(workload, group="serving"), terminal=term) == 130

    assert (
        Special.NOT_APPLICABLE not in term.options[0]
    )  # not offered for a na_allowed = false enum
    assert "cannot be marked not applicable" in term.output


def test_resume_asks_only_what_is_open_and_all_revisits(workload):
    first = ScriptedTerminal(*SERVING_SCRIPT)
    run_interview(interview_args(workload, group="serving"), terminal=first)

    # Resume: serving is complete, so only the ops group is asked.
    second = ScriptedTerminal("scheduled", Special.UNKNOWN, True)
    assert run_interview(interview_args(workload), terminal=second) == 0
    assert [m for _, m in second.asked] == [
        "How is retraining triggered?",
        "Are there latency alarms?",
        "Write these 2 answers to svc.mlprofile.toml?",
    ]
    assert "Serving (1/2): nothing open; --all revisits answered questions" in second.output

    # --all revisits answered ones with the current answer as the default; Enter keeps it.
    third = ScriptedTerminal(DEFAULT, Special.UNKNOWN)
    assert run_interview(interview_args(workload, group="ops", all=True), terminal=third) == 0
    assert third.defaults == ["scheduled", None]  # alarms is unknown: no yes/no default
    assert "Nothing new to write" in third.output
    answers = load_workload(workload).effective("current")
    assert answers["ops.retraining"].value == "scheduled"
    assert answers["ops.alarms"].state is State.UNKNOWN


def test_all_offers_exact_editable_defaults(workload):
    run_interview(
        interview_args(workload, group="serving"), terminal=ScriptedTerminal(*SERVING_SCRIPT)
    )
    keep_everything = [DEFAULT] * 9 + [Special.KEEP]
    term = ScriptedTerminal(*keep_everything)
    before = workload.read_text()

    assert run_interview(interview_args(workload, group="serving", all=True), terminal=term) == 0

    assert "1.2 GB" in term.defaults and "?" in term.defaults and "80 ms" in term.defaults
    assert "n/a: a warm pool keeps one instance up" in term.defaults
    assert workload.read_text() == before
    assert "Nothing new to write" in term.output


def test_brackets_in_answers_are_text_not_markup(workload):
    term = ScriptedTerminal(
        "batch",
        ["pytorch"],
        "n/a: see [docs] and [/]",
        "?",
        "20 MB",
        DEFAULT,
        False,
        "[bold]ml.x[/]",
        "?",
        True,
    )

    assert run_interview(interview_args(workload, group="serving"), terminal=term) == 0

    assert "n/a (see [docs] and [/])" in term.output
    assert "[bold]ml.x[/]" in term.output
    assert load_workload(workload).effective("current")["serving.instance_type"].value == (
        "[bold]ml.x[/]"
    )
