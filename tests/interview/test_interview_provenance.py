"""The interview and provenance: approximate numbers, where a new number came from, and a fit
that misses its requirement said at once (on a small rubric of its own: a latency target, the
measured p95 fitted against it, an instance count)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from interview_fakes import DEFAULT, ScriptedTerminal, interview_args

from mlprofile_tui.core.rubric import load_rubric
from mlprofile_tui.core.workload import load_workload, new_workload_text
from mlprofile_tui.interview import run_interview

DATA = Path(__file__).parent / "data"
WHERE_FROM = "Where does this value come from?"
SOURCE = "Its source: the metric, report or ARN it was read from?"
SHORT = "latency.p95_ms is L2, short of its requirement: 140 ms vs 100 ms = 1.40x; L3 needs <= 1x"


@pytest.fixture
def latency(tmp_path):
    """A workload on the fit rubric; ``values`` lines go into its current profile."""

    def make(*values: str):
        shutil.copyfile(DATA / "fit.rubric.toml", tmp_path / "fit.rubric.toml")
        path = tmp_path / "svc.mlprofile.toml"
        text = new_workload_text(
            "Latency", load_rubric(tmp_path / "fit.rubric.toml"), "ml", "fit.rubric.toml"
        )
        path.write_text(text + "".join(f"{v}\n" for v in values), encoding="utf-8")
        return path

    return make


def _values(path) -> dict:
    return tomllib.loads(path.read_text())["profiles"]["current"]["values"]


def _prompts(term) -> list[str]:
    return [m for _, m in term.asked]


def test_approximate_numbers_are_estimated_and_new_exact_ones_ask_where_from(latency):
    path = latency()
    term = ScriptedTerminal(
        "about 100 ms",  # an estimate: the marker says so, nothing more is asked
        "140",
        "measured",
        "load test #12 [staging]",
        "3",
        DEFAULT,  # Enter keeps it declared
        True,
    )

    assert run_interview(interview_args(path), terminal=term) == 0

    assert _prompts(term) == [
        "What p95 latency must the model meet?",
        "What p95 latency do you measure?",
        WHERE_FROM,
        SOURCE,
        "How many instances serve it?",
        WHERE_FROM,
        "Write these 3 answers to svc.mlprofile.toml?",
    ]
    assert term.defaults[2] == "declared" and term.defaults[3] == ""
    assert term.options[0] == ["declared", "estimated", "measured"]
    assert _values(path) == {
        "latency.target_ms": {"value": 100, "provenance": "estimated"},
        "latency.p95_ms": {
            "value": 140,
            "provenance": "measured",
            "source": "load test #12 [staging]",
        },
        "latency.replicas": {"value": 3, "provenance": "declared"},
    }
    # The review shows where each came from; brackets typed are text, not markup.
    assert "100 ms (estimated)" in term.output
    assert "140 ms (measured: load test #12 [staging])" in term.output


@pytest.mark.parametrize(
    "bad, why",
    [
        ("~", "has no number after '~'"),
        ("about", "has no number after 'about'"),
        ("~~100", "says approximate twice"),
        ("about -", "'about -': expected a duration"),
    ],
)
def test_bad_approximate_forms_are_refused_with_the_reason(latency, bad, why):
    path = latency()
    term = ScriptedTerminal(bad, "100 ms", DEFAULT, KeyboardInterrupt, "discard")

    assert run_interview(interview_args(path), terminal=term) == 130

    assert [t for t, _ in term.refused] == [bad]
    assert why in term.refused[0][1]


def test_fit_short_of_its_requirement_says_so_under_the_answer(latency):
    path = latency()
    term = ScriptedTerminal("100 ms", DEFAULT, "140 ms", DEFAULT, "?", True)

    assert run_interview(interview_args(path), terminal=term) == 0

    out = term.output
    assert out.count("⚠") == 1
    assert f"⚠ {SHORT} (<= 100 ms)" in " ".join(out.split())
    # said right after the p95 answer, before the next question
    assert out.index("short of its requirement") < out.index("3. latency.replicas")


def test_a_fit_meeting_its_requirement_or_without_one_says_nothing(latency):
    path = latency()
    term = ScriptedTerminal("?", "900 ms", DEFAULT, "?", True)  # no target to measure against

    assert run_interview(interview_args(path), terminal=term) == 0
    assert "short of its requirement" not in term.output

    path.unlink()
    path = latency()
    term = ScriptedTerminal("100 ms", DEFAULT, "80 ms", DEFAULT, "?", True)
    assert run_interview(interview_args(path), terminal=term) == 0
    assert "short of its requirement" not in term.output


def test_a_tighter_requirement_says_which_fit_it_leaves_short(latency):
    path = latency(
        '"latency.target_ms" = { value = 200, provenance = "declared" }',
        '"latency.p95_ms" = { value = 140, provenance = "measured", source = "CloudWatch" }',
        '"latency.replicas" = { value = 3, provenance = "declared" }',
    )
    term = ScriptedTerminal("100 ms", DEFAULT, DEFAULT, DEFAULT, True)

    assert run_interview(interview_args(path, all=True), terminal=term) == 0

    text = " ".join(term.output.split())
    assert f"⚠ {SHORT}" in text
    assert text.index("short of its requirement") < text.index("2. latency.p95_ms")


def test_accepting_a_measured_answer_as_it_is_keeps_it_and_asks_nothing_more(latency):
    measured = (
        '"latency.p95_ms" = { value = 140, provenance = "measured", '
        'source = "CloudWatch ModelLatency p95", at = 2026-11-01T00:00:00Z }'
    )
    path = latency(measured)
    before = path.read_text()
    term = ScriptedTerminal("200 ms", DEFAULT, DEFAULT, "3", DEFAULT, True)

    assert run_interview(interview_args(path, all=True), terminal=term) == 0

    assert _prompts(term) == [
        "What p95 latency must the model meet?",
        WHERE_FROM,
        "What p95 latency do you measure?",  # Enter keeps it: nothing more is asked
        "How many instances serve it?",
        WHERE_FROM,
        "Write these 2 answers to svc.mlprofile.toml?",
    ]
    assert term.defaults[2] == "140 ms"
    assert path.read_text() != before  # the two open questions were answered ...
    assert measured in path.read_text()  # ... and the measured line is as it was


def test_a_changed_measured_value_is_declared_unless_measured_again(latency):
    measured = (
        '"latency.p95_ms" = { value = 140, provenance = "measured", '
        'source = "CloudWatch ModelLatency p95", at = 2026-11-01T00:00:00Z }'
    )
    path = latency('"latency.target_ms" = { value = 200, provenance = "declared" }', measured)
    term = ScriptedTerminal(DEFAULT, "120 ms", "measured", DEFAULT, "?", True)

    assert run_interview(interview_args(path, all=True), terminal=term) == 0

    where = _prompts(term).index(WHERE_FROM)
    assert term.defaults[where] == "declared"  # a changed value is not a measurement yet
    assert term.defaults[where + 1] == "CloudWatch ModelLatency p95"  # the old source offered
    # the new measurement: the source confirmed, the old time dropped
    assert _values(path)["latency.p95_ms"] == {
        "value": 120,
        "provenance": "measured",
        "source": "CloudWatch ModelLatency p95",
    }

    term = ScriptedTerminal(DEFAULT, "125 ms", DEFAULT, DEFAULT, True)
    assert run_interview(interview_args(path, all=True), terminal=term) == 0
    assert _values(path)["latency.p95_ms"] == {"value": 125, "provenance": "declared"}


def test_an_imported_value_re_answered_by_hand_becomes_declared(latency):
    imported = (
        '"latency.replicas" = { value = 2, provenance = "imported", '
        'source = "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/x" }'
    )
    path = latency(
        '"latency.target_ms" = { value = 200, provenance = "declared" }',
        '"latency.p95_ms" = { value = 140, provenance = "declared" }',
        imported,
    )
    term = ScriptedTerminal(DEFAULT, DEFAULT, DEFAULT)  # Enter keeps all three
    assert run_interview(interview_args(path, all=True), terminal=term) == 0
    assert imported in path.read_text()
    assert "Nothing new to write" in term.output

    term = ScriptedTerminal(DEFAULT, DEFAULT, "4", DEFAULT, True)
    assert run_interview(interview_args(path, all=True), terminal=term) == 0
    assert term.options[-1] == ["declared", "estimated", "measured"]  # imported is not offered
    assert _values(path)["latency.replicas"] == {"value": 4, "provenance": "declared"}
    assert load_workload(path).profile("current").values["latency.replicas"].source is None
