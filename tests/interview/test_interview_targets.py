"""Targets: a changed value asks for its rationale; the bundled example keeps its comments."""

from __future__ import annotations

from interview_fakes import DEFAULT, ScriptedTerminal, interview_args

from mlprofile_tui.core.workload import WorkloadDocument, load_workload
from mlprofile_tui.interview import run_interview


def test_changed_value_in_a_target_asks_why_and_stores_it(fraud):
    before = fraud.read_text()
    term = ScriptedTerminal(
        "2900",
        DEFAULT,  # where it comes from: declared
        "",
        "Savings Plan renewed at a lower rate in December",  # empty rationale refused
        DEFAULT,  # cost per 1,000: keep
        DEFAULT,  # levers: keep the checked ones
        DEFAULT,  # spot_training: keep
        "once",  # pricing_comparison back to the base's value: no rationale needed
        DEFAULT,  # cost_tracking: keep
        True,
    )

    assert (
        run_interview(
            interview_args(fraud, profile="reliable", group="cost", all=True), terminal=term
        )
        == 0
    )

    rationale_prompts = [m for k, m in term.asked if m.startswith("Why ")]
    assert rationale_prompts == ["Why 2900 USD/month instead of 1250 USD/month (in 'current')?"]
    assert (
        "",
        "a target's change needs its rationale: why is this the value to aim for?",
    ) in term.refused
    workload = load_workload(fraud)
    own = workload.profile("reliable").values
    assert own["cost.monthly_cost_usd"].value == 2900
    assert (
        own["cost.monthly_cost_usd"].rationale == "Savings Plan renewed at a lower rate in December"
    )
    assert "cost.pricing_comparison" not in own  # same as the base again: inherited, not stored
    assert workload.effective("reliable")["cost.pricing_comparison"].value == "once"
    table = term.output.split("2 answers for profile 'reliable'")[1]
    assert "rationale" in table and "Savings Plan renewed" in table
    # Comments and every other profile are untouched; only two lines of one table changed.
    after = fraud.read_text()
    assert "# Locust run, June" in after and "# Target 2: cheaper hardware" in after
    changed = set(before.splitlines()) ^ set(after.splitlines())
    assert all(
        "cost.monthly_cost_usd" in line or "cost.pricing_comparison" in line for line in changed
    ), changed


def test_keeping_a_targets_value_keeps_its_rationale(fraud):
    term = ScriptedTerminal(DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT)

    assert (
        run_interview(
            interview_args(fraud, profile="reliable", group="cost", all=True), terminal=term
        )
        == 0
    )

    assert not [m for _, m in term.asked if m.startswith("Why ")]
    assert "Nothing new to write" in term.output
    own = load_workload(fraud).profile("reliable").values
    assert own["cost.pricing_comparison"].rationale.startswith("Traffic grew 17 %")


def test_new_target_on_the_test_rubric(workload):
    doc = WorkloadDocument.load(workload)
    doc.branch("current", "scheduled", "retrain on a schedule")
    doc.save()
    term = ScriptedTerminal("scheduled", "the pipeline exists already", KeyboardInterrupt, "save")

    assert (
        run_interview(interview_args(workload, profile="scheduled", group="ops"), terminal=term)
        == 0
    )

    own = load_workload(workload).profile("scheduled").values
    assert own["ops.retraining"].rationale == "the pipeline exists already"
    assert term.asked[1] == ("text", "Why On a schedule instead of no answer (in 'current')?")


def test_complete_profile_has_nothing_open(fraud):
    term = ScriptedTerminal()

    assert run_interview(interview_args(fraud), terminal=term) == 0

    assert "0 questions still open" in term.output
    assert "Nothing new to write" in term.output


def test_ctrl_c_at_the_rationale_keeps_the_value_and_asks_again_at_the_end(fraud):
    first = ScriptedTerminal("2900", KeyboardInterrupt, "keep")
    assert (
        run_interview(
            interview_args(fraud, profile="reliable", group="cost", all=True), terminal=first
        )
        == 130
    )

    # Resumed without --all: nothing is open, but the kept change still needs its rationale.
    again = ScriptedTerminal("resume", "new Savings Plan rate", True)
    assert run_interview(interview_args(fraud, profile="reliable"), terminal=again) == 0

    assert "cost.monthly_cost_usd changed without a rationale yet" in again.output
    own = load_workload(fraud).profile("reliable").values["cost.monthly_cost_usd"]
    assert (own.value, own.rationale) == (2900, "new Savings Plan rate")
