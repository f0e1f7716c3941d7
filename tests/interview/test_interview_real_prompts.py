"""The real questionary prompts, driven through a prompt_toolkit pipe input.

Every prompt gets its keystrokes just before it runs, so the test never depends on timing or
on typeahead surviving between prompts. What the prompts draw goes to DummyOutput; what the
interview prints goes to a rich console in memory.
"""

from __future__ import annotations

import io
from collections import deque

import pytest
from interview_fakes import interview_args

from mlprofile_tui.core.answers import State
from mlprofile_tui.core.recovery import interview_editor, recovery_path
from mlprofile_tui.core.workload import load_workload
from mlprofile_tui.interview import run_interview
from mlprofile_tui.interview.terminal import QuestionaryTerminal

DOWN, UP, ENTER, CLEAR_LINE, CTRL_C = "\x1b[B", "\x1b[A", "\r", "\x15", "\x03"


class PipeTerminal(QuestionaryTerminal):
    """The real terminal, fed one chunk of keystrokes per prompt."""

    def __init__(self, pipe, chunks) -> None:
        from prompt_toolkit.output import DummyOutput
        from rich.console import Console

        self.out = io.StringIO()
        super().__init__(
            Console(file=self.out, width=140, color_system=None), input=pipe, output=DummyOutput()
        )
        self.pipe = pipe
        self.chunks = deque(chunks)

    def _run(self, question, extra=None):
        assert self.chunks, f"no keystrokes left for a prompt\n{self.out.getvalue()}"
        self.pipe.send_text(self.chunks.popleft())
        return super()._run(question, extra)


@pytest.fixture
def pipe():
    from prompt_toolkit.input import create_pipe_input

    with create_pipe_input() as inp:
        yield inp


def test_full_group_through_real_prompts(workload, pipe):
    chunks = [
        DOWN * 4 + ENTER,  # location: the ?help entry (below the separator) shows the help
        DOWN + ENTER,  # ... asked again: serverless
        # frameworks: sklearn + ? unknown is refused by the checkbox's validation; untick ?,
        # tick XGBoost, accept
        " " + DOWN * 3 + " " + ENTER + " " + UP * 2 + " " + ENTER,
        "0" + ENTER + CLEAR_LINE + "3" + ENTER,  # models: out of range refused, then 3
        ENTER,  # where it comes from: Enter keeps it declared
        "?" + ENTER,  # cost: unknown
        "~1.2 XB" + ENTER + CLEAR_LINE + "~1.2 GB" + ENTER,  # size: an estimate (no follow-up)
        "n/a" + ENTER,  # cold start tolerance: not applicable ...
        ENTER + "a warm pool keeps one up" + ENTER,  # ... empty reason refused, then a reason
        "80 ms" + ENTER,  # p95 ...
        DOWN * 2 + ENTER,  # ... measured ...
        "CloudWatch [p95]" + ENTER,  # ... and its source
        ENTER + "h",  # isolation: Enter alone does nothing without a default; h shows help
        "y",  # ... asked again: yes
        "ml.m5.xlarge" + ENTER,  # instance type
        "prod:us-east-1:training:ml.m5.xlarge:2"
        + ENTER
        + CLEAR_LINE  # unknown environment
        + "production:us-east-1:training:ml.m5.xlarge:2"
        + ENTER,
        ENTER,  # empty row: the matrix is done
        "y",  # review: write
    ]
    term = PipeTerminal(pipe, chunks)

    assert run_interview(interview_args(workload, group="serving"), terminal=term) == 0

    assert not term.chunks
    out = term.out.getvalue()
    assert "Help · serving.location" in out and "Help · serving.network_isolation" in out
    answers = load_workload(workload).effective("current")
    assert answers["serving.location"].value == "serverless"
    assert answers["serving.frameworks"].value == ["sklearn", "xgboost"]
    assert answers["serving.models_per_endpoint"].value == 3
    assert answers["serving.cost_per_hour"].state is State.UNKNOWN
    assert answers["serving.artifact_size"].value == 1_200_000_000
    assert answers["serving.artifact_size"].provenance == "estimated"
    assert answers["serving.cold_start_tolerance_ms"].reason == "a warm pool keeps one up"
    p95 = answers["serving.p95_latency_ms"]
    assert (p95.value, p95.provenance, p95.source) == (80, "measured", "CloudWatch [p95]")
    assert answers["serving.models_per_endpoint"].provenance == "declared"
    assert answers["serving.network_isolation"].value is True
    assert answers["serving.instance_type"].value == "ml.m5.xlarge"
    assert answers["serving.matrix"].value == [
        {
            "environment": "production",
            "region": "us-east-1",
            "workload": "training",
            "instance_type": "ml.m5.xlarge",
            "count": 2,
        }
    ]
    assert "Wrote 10 answers" in out
    assert not recovery_path(workload, interview_editor("current")).exists()


def test_ctrl_c_in_a_real_prompt_keeps_the_answers(workload, pipe):
    before = workload.read_text()
    term = PipeTerminal(
        pipe,
        [
            DOWN * 2 + ENTER,  # location: batch
            DOWN * 2 + " " + ENTER,  # frameworks: PyTorch
            CTRL_C,  # models per endpoint: interrupted
            ENTER,  # what now? keep (the default)
        ],
    )

    assert run_interview(interview_args(workload), terminal=term) == 130

    assert workload.read_text() == before
    resumed = PipeTerminal(pipe, [ENTER, CTRL_C, CTRL_C])  # resume; stop; stop again: keep
    assert run_interview(interview_args(workload), terminal=resumed) == 130
    assert "left 2 unsaved answers" in resumed.out.getvalue()
    assert recovery_path(workload, interview_editor("current")).exists()


def test_real_confirm_keys_and_ctrl_d_at_the_review(workload, pipe):
    term = PipeTerminal(
        pipe,
        [
            DOWN * 2 + ENTER,  # retraining: ? unknown (below the separator)
            "a",  # alarms: the a key means not applicable ...
            "no endpoint to alarm on" + ENTER,  # ... and asks why
            "\x04",  # Ctrl+D at "Write these 2 answers?"
            DOWN + ENTER,  # what now? review and write them
        ],
    )

    assert run_interview(interview_args(workload, group="ops"), terminal=term) == 0

    answers = load_workload(workload).effective("current")
    assert answers["ops.retraining"].state is State.UNKNOWN
    assert answers["ops.alarms"].state is State.NOT_APPLICABLE
    assert answers["ops.alarms"].reason == "no endpoint to alarm on"
    assert "Interrupted. 2 unsaved answers are kept" in term.out.getvalue()


def test_the_question_mark_key_answers_unknown_in_menus(workload, pipe):
    term = PipeTerminal(
        pipe,
        [
            DOWN * 2 + ENTER,  # location: batch (skips the cold-start and latency questions)
            "?",  # frameworks (checkbox): unknown at once
            "?" + ENTER,  # models
            "?" + ENTER,  # cost
            "?" + ENTER,  # size
            "?",  # isolation (confirm)
            "?" + ENTER,  # instance type
            "?" + ENTER,  # matrix, first row
            "?",  # ops.retraining (select): unknown at once
            "n",  # alarms: no
            "y",  # write
        ],
    )

    assert run_interview(interview_args(workload), terminal=term) == 0

    answers = load_workload(workload).effective("current")
    unknown = sorted(k for k, a in answers.items() if a.state is State.UNKNOWN)
    assert unknown == [
        "ops.retraining",
        "serving.artifact_size",
        "serving.cost_per_hour",
        "serving.frameworks",
        "serving.instance_type",
        "serving.matrix",
        "serving.models_per_endpoint",
        "serving.network_isolation",
    ]
    assert answers["ops.alarms"].value is False
