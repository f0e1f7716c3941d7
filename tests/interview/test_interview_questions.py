"""How each characteristic type is asked: special answers, refusals, exact defaults."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from interview_fakes import DEFAULT, ScriptedTerminal
from rubric_fixtures import MATRIX_WORKLOADS, accounts_rubric

from mlprofile_tui.core.answers import UNANSWERED, Answer, State
from mlprofile_tui.core.rubric import load_rubric
from mlprofile_tui.core.values import editable_text, parse_text
from mlprofile_tui.interview.questions import (
    QuestionAsker,
    declared,
    editable_answer,
    read_special,
)
from mlprofile_tui.interview.terminal import Special

RUBRIC = load_rubric(Path(__file__).parent / "data" / "every-type.rubric.toml")
CH = RUBRIC.by_key


def ask(ch, *script, current=UNANSWERED, rubric=RUBRIC):
    term = ScriptedTerminal(*script)
    answer = QuestionAsker(term, rubric).ask(ch, current)
    assert not term.script, "every scripted answer was used"
    return answer, term


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("?", (Special.UNKNOWN, "")),
        (" unknown ", (Special.UNKNOWN, "")),
        ("?help", (Special.HELP, "")),
        ("n/a", (Special.NOT_APPLICABLE, "")),
        ("N/A: batch only", (Special.NOT_APPLICABLE, "batch only")),
        ("na:edge", (Special.NOT_APPLICABLE, "edge")),
        ("1.2 GB", None),
        ("nan", None),
        ("", None),
    ],
)
def test_read_special(typed, expected):
    assert read_special(typed) == expected


def test_editable_answers():
    # Values are the registry's editable text (tests/core/test_value_registry.py proves every
    # type's round trip); the interview adds the special answers.
    size = CH["serving.artifact_size"]
    assert editable_answer(size, Answer(State.VALUE, 48_200_000)) == "48.2 MB"
    assert editable_answer(size, Answer(State.VALUE, 48_234_567)) == "48234567"
    assert editable_answer(size, Answer(State.VALUE, 999)) == editable_text(size, 999)
    assert editable_answer(CH["serving.p95_latency_ms"], Answer(State.VALUE, 1500)) == "1.5 s"
    assert editable_answer(size, Answer(State.UNKNOWN)) == "?"
    assert editable_answer(size, Answer(State.NOT_APPLICABLE, reason="edge")) == "n/a: edge"
    assert editable_answer(size, UNANSWERED) == ""


def test_text_refuses_na_where_the_rubric_forbids_it():
    ch = dataclasses.replace(CH["serving.models_per_endpoint"], na_allowed=False)
    answer, term = ask(ch, "n/a: not used", "5000", "12")
    assert answer == declared(12)
    assert term.refused == [
        ("n/a: not used", "this cannot be not applicable; answer it or say ? if you do not know"),
        ("5000", "must be at most 1000, got 5000"),
    ]


def test_text_takes_na_with_the_reason_inline():
    answer, term = ask(CH["serving.cost_per_hour"], "n/a: paid by the platform team")
    assert answer == Answer(State.NOT_APPLICABLE, reason="paid by the platform team")
    assert [k for k, _ in term.asked] == ["text"]  # no separate reason prompt


def test_empty_text_is_refused_with_what_to_type():
    answer, term = ask(CH["serving.instance_type"], "   ", "ml.g4dn.xlarge")
    assert answer.value == "ml.g4dn.xlarge"
    assert "? if unknown, n/a if it does not apply" in term.refused[0][1]


def test_select_refuses_a_value_that_is_not_a_choice():
    answer, term = ask(CH["serving.location"], "moon", "batch")
    assert answer == declared("batch")
    assert "'moon' is not a valid choice; valid choices: realtime, serverless, batch" in term.output


def test_select_offers_choice_help_and_the_special_answers():
    answer, term = ask(CH["ops.retraining"], Special.NOT_APPLICABLE, "", "no retraining: rules")
    assert answer == Answer(State.NOT_APPLICABLE, reason="no retraining: rules")
    assert term.options[0] == [
        "manual",
        "scheduled",
        Special.UNKNOWN,
        Special.NOT_APPLICABLE,
        Special.HELP,
    ]


def test_checkbox_unknown_alone_and_none_as_an_answer():
    unknown, _ = ask(CH["serving.frameworks"], [Special.UNKNOWN])
    assert unknown.state is State.UNKNOWN
    none, _ = ask(CH["serving.frameworks"], [])
    assert none == declared([])


def test_checkbox_revisit_starts_from_the_current_ticks():
    current = declared(["xgboost"])
    answer, term = ask(CH["serving.frameworks"], DEFAULT, current=current)
    assert term.defaults == [["xgboost"]]
    assert answer == current


def test_confirm_keys_for_unknown_na_and_help():
    ch = CH["serving.network_isolation"]
    assert ask(ch, Special.UNKNOWN)[0].state is State.UNKNOWN
    na, term = ask(ch, Special.NOT_APPLICABLE, "not on SageMaker")
    assert na.reason == "not on SageMaker"
    helped, term = ask(ch, Special.HELP, False)
    assert helped == declared(False)
    assert "Levels: yes L2, no L1." in term.output


def test_help_names_the_level_bands():
    _, term = ask(CH["serving.p95_latency_ms"], "?help", "90 ms")
    assert "Levels: L1 ≤ 500 ms, L2 ≤ 100 ms." in term.output
    assert "Scored (maturity, weight 1)." in term.output


ROW1 = "production:us-east-1:training:ml.m5.xlarge:2"
ROW2 = "staging:us-east-1:training:ml.m5.large:1"


def test_matrix_rows_refused_with_the_row_number():
    answer, term = ask(
        CH["serving.matrix"],
        "",
        ROW1,
        ROW1,
        "staging:moon-1:training:ml.m5.large:1",
        "staging:us-east-1:training:m5.large:1",
        "staging:us-east-1:training",
        ROW2,
        "",
    )
    assert [r["environment"] for r in answer.value] == ["production", "staging"]
    reasons = [why for _, why in term.refused]
    assert reasons[0].startswith("add at least one row")
    assert "matrix row 2: duplicates an earlier row" in reasons[1]
    assert "matrix row 2: 'moon-1' is not an AWS Region code" in reasons[2]
    assert "not a SageMaker instance type" in reasons[3]
    assert "expected ENVIRONMENT:REGION:WORKLOAD:INSTANCE_TYPE:COUNT" in reasons[4]


def test_matrix_unknown_and_help_on_the_first_row():
    answer, term = ask(CH["serving.matrix"], "?help", "?")
    assert answer.state is State.UNKNOWN
    assert "Help · serving.matrix" in term.output


def test_matrix_revisit_keeps_adds_or_starts_over():
    current = declared(parse_text(CH["serving.matrix"], ROW1))
    assert ask(CH["serving.matrix"], DEFAULT, current=current)[0] is None  # keep
    added, _ = ask(CH["serving.matrix"], "add", ROW2, "", current=current)
    assert len(added.value) == 2
    fresh, _ = ask(CH["serving.matrix"], "new", ROW2, "", current=current)
    assert [r["environment"] for r in fresh.value] == ["staging"]


def test_matrix_rows_name_accounts_and_the_rubrics_workloads():
    rubric = accounts_rubric()
    ch = rubric.get("provisioning.matrix")
    answer, term = ask(
        ch,
        "production:1234:eu-west-1:processing:ml.m5.xlarge:2",
        "production:111122223333:eu-west-1:processing:ml.m5.xlarge:2",
        "production:111122223333:eu-west-1:processing:ml.m5.xlarge:5",
        "production:eu-west-1:processing:ml.m5.xlarge:2",  # no account: a row of its own
        "",
        rubric=rubric,
    )
    assert answer.value == [
        {
            "environment": "production",
            "account": "111122223333",
            "region": "eu-west-1",
            "workload": "processing",
            "instance_type": "ml.m5.xlarge",
            "count": 2,
        },
        {
            "environment": "production",
            "region": "eu-west-1",
            "workload": "processing",
            "instance_type": "ml.m5.xlarge",
            "count": 2,
        },
    ]
    reasons = [why for _, why in term.refused]
    assert "matrix row 1: account '1234' is not an AWS account ID" in reasons[0]
    assert "matrix row 2: duplicates an earlier row (row 1)" in reasons[1]
    # The prompt says what this rubric accepts, from the rubric; the table shows the account.
    assert f"workloads: {', '.join(MATRIX_WORKLOADS)}" in term.output
    assert "ENVIRONMENT:ACCOUNT:REGION:WORKLOAD:INSTANCE_TYPE:COUNT" in term.output
    assert "e.g. production:us-east-1:training:ml.m5.xlarge:2" in term.output
    table = term.output[term.output.rindex("provisioning.matrix: 2 rows") :]
    assert "account" in table and "111122223333" in table


def test_matrix_prompt_without_accounts_shows_no_account_column():
    answer, term = ask(CH["serving.matrix"], ROW1, "", current=UNANSWERED)
    assert "ACCOUNT" not in term.output and "account" not in term.output
    assert "workloads: training, real_time_inference" in term.output


def test_matrix_add_to_rows_with_accounts_keeps_them():
    rubric = accounts_rubric()
    ch = rubric.get("provisioning.matrix")
    current = declared(
        parse_text(
            ch,
            "staging:012345678901:us-east-1:notebooks:ml.t3.medium:1;dev:us-east-1:training:ml.m5.large:1",
        )
    )
    added, _ = ask(ch, "add", ROW2, "", current=current, rubric=rubric)
    assert added.value[:2] == current.value and len(added.value) == 3


def test_checkbox_question_mark_key_answers_unknown():
    answer, _ = ask(CH["serving.frameworks"], Special.UNKNOWN)
    assert answer.state is State.UNKNOWN
