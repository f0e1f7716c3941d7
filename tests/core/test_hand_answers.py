"""Provenance of a value given by hand (the app's answer form, the interview): one rule in core.

Declared by default, estimated when typed approximately, the current provenance while the value
is unchanged; a measured value keeps its source only while nothing changes, and a changed value
is not a measurement (or an import) until the person says so.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.answers import UNANSWERED, Answer, Provenance, State
from mlprofile_tui.core.editing import (
    PICKABLE,
    answer_by_hand,
    provenance_choices,
    suggested_provenance,
)
from mlprofile_tui.core.errors import ValueProblem
from mlprofile_tui.core.rubric import resolve_rubric
from mlprofile_tui.core.workload import WorkloadDocument, load_workload, new_workload_text

MEASURED = Answer(
    State.VALUE,
    38,
    provenance="measured",
    source="CloudWatch ModelLatency p95, 14 days",
    at="2026-11-01T00:00:00+00:00",
)
IMPORTED = Answer(
    State.VALUE,
    38,
    provenance="imported",
    source="arn:aws:sagemaker:eu-west-1:123456789012:endpoint/fraud",
    at="2026-11-02T00:00:00+00:00",
)

currents = st.one_of(
    st.just(UNANSWERED),
    st.just(Answer(State.UNKNOWN)),
    st.builds(
        Answer,
        st.just(State.VALUE),
        st.integers(min_value=0, max_value=50),
        st.sampled_from([p.value for p in Provenance]),
        st.one_of(st.none(), st.text(min_size=1, max_size=8)),
        st.one_of(st.none(), st.just("2026-11-01T00:00:00+00:00")),
    ),
)


@settings(max_examples=400, deadline=None)
@given(
    current=currents,
    value=st.integers(min_value=0, max_value=50),
    approximate=st.booleans(),
    pick=st.one_of(st.none(), st.sampled_from([p.value for p in Provenance])),
    source=st.one_of(st.none(), st.text(max_size=8)),
)
def test_every_hand_answer_follows_the_rule(current, value, approximate, pick, source):
    unchanged = current.is_value and current.value == value
    try:
        answer = answer_by_hand(
            current, value, approximate=approximate, provenance=pick, source=source
        )
    except ValueProblem as e:
        chosen = pick or suggested_provenance(current, value, approximate)
        if approximate and chosen == "measured":
            assert "cannot be measured" in str(e)
        else:
            assert chosen == "imported" and not (unchanged and current.provenance == "imported")
        return
    assert answer.state is State.VALUE and answer.value == value and answer.rationale is None
    expected = pick or suggested_provenance(current, value, approximate)
    assert answer.provenance == expected
    if pick is None:
        if approximate:
            assert answer.provenance == "estimated"
        elif not unchanged:
            assert answer.provenance == "declared"
    if unchanged and answer.provenance == current.provenance:
        assert answer.source == (current.source if source is None else (source.strip() or None))
    elif answer.provenance == "measured":
        assert answer.source == ((source or "").strip() or None)
        assert answer.at is None
    else:
        assert answer.source is None and answer.at is None


def test_unchanged_measured_value_keeps_its_source_and_time():
    assert answer_by_hand(MEASURED, 38) == MEASURED
    assert answer_by_hand(MEASURED, 38, provenance="measured") == MEASURED


def test_changed_measured_value_is_declared_unless_measured_again():
    assert answer_by_hand(MEASURED, 45) == Answer(State.VALUE, 45, provenance="declared")
    again = answer_by_hand(MEASURED, 45, provenance="measured", source=MEASURED.source)
    assert again == Answer(State.VALUE, 45, provenance="measured", source=MEASURED.source)
    bare = answer_by_hand(MEASURED, 45, provenance="measured", source="  ")
    assert bare.source is None


def test_imported_is_kept_only_while_the_value_is():
    assert provenance_choices(IMPORTED) == (Provenance.IMPORTED, *PICKABLE)
    assert provenance_choices(MEASURED) == PICKABLE
    assert answer_by_hand(IMPORTED, 38) == IMPORTED
    assert answer_by_hand(IMPORTED, 40).provenance == "declared"
    assert answer_by_hand(IMPORTED, 38, provenance="declared").source is None
    with pytest.raises(ValueProblem, match="imported is what an AWS import records"):
        answer_by_hand(IMPORTED, 40, provenance="imported")


def test_approximate_value_is_estimated_and_never_measured():
    assert answer_by_hand(MEASURED, 38, approximate=True).provenance == "estimated"
    assert answer_by_hand(UNANSWERED, 400, approximate=True, provenance="declared").provenance == (
        "declared"
    )
    with pytest.raises(ValueProblem, match="cannot be measured"):
        answer_by_hand(UNANSWERED, 400, approximate=True, provenance="measured")


def test_provenance_and_source_reach_the_file_through_the_editing_model(tmp_path):
    rubric = resolve_rubric(None)
    path = tmp_path / "w.mlprofile.toml"
    path.write_text(new_workload_text("Hand", rubric), encoding="utf-8")
    doc = WorkloadDocument.load(path)
    key = "traffic.p95_latency_ms"
    answer = answer_by_hand(UNANSWERED, 140, provenance="measured", source="load test #12")
    doc.set_answer("current", key, answer)
    doc.save()
    assert f'"{key}" = {{ value = 140, provenance = "measured", source = "load test #12" }}' in (
        path.read_text()
    )
    back = load_workload(path).profile("current").values[key]
    assert (back.provenance, back.source) == ("measured", "load test #12")
