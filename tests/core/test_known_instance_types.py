"""Instance types are checked against SageMaker's own list (issue 9): a family and size AWS
lists is accepted; an unknown size or family is refused by every writer (CLI set, the
document, the interview) with a message naming it and the sizes or the nearest types, and
``validate`` warns of one in a file; ``[workload] new_instance_types`` accepts a type newer
than the list, and an import (read from a real account) accepts its own types."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlprofile_tui.core.answers import Answer, Provenance, State
from mlprofile_tui.core.document import WorkloadDocument
from mlprofile_tui.core.errors import MlprofileError, UnknownInstanceTypes
from mlprofile_tui.core.instance_types import (
    NEW_TYPES_KEY,
    instance_type_problem,
    is_known_instance_type,
    known_instance_types,
    unknown_instance_types,
)
from mlprofile_tui.core.loading import load_workload
from mlprofile_tui.core.sagemaker_instance_types import FAMILIES
from mlprofile_tui.interview.questions import QuestionAsker

KEY = "provisioning.matrix"
KNOWN = known_instance_types()
FAMILY_SIZES = [(fam, size) for fam, sizes in FAMILIES.items() for size in sizes.split()]
ALL_SIZES = sorted({size for _, size in FAMILY_SIZES})


def _row(instance_type: str) -> str:
    return f"production:us-east-1:real_time_inference:{instance_type}:2"


# ---------------------------------------------------------------------- the list and its check


@given(st.sampled_from(FAMILY_SIZES))
def test_every_family_and_size_aws_lists_is_accepted(pair):
    fam, size = pair
    name = f"ml.{fam}.{size}"
    assert is_known_instance_type(name)
    assert instance_type_problem(name) is None
    assert unknown_instance_types([name]) == []


@given(st.sampled_from(sorted(FAMILIES)), st.sampled_from([*ALL_SIZES, "superhuge", "xlarg"]))
def test_a_size_its_family_lacks_is_refused_with_the_sizes_it_has(fam, size):
    name = f"ml.{fam}.{size}"
    if size in FAMILIES[fam].split():
        return
    problem = instance_type_problem(name)
    assert problem is not None and repr(name) in problem
    assert f"ml.{fam}: it comes in {', '.join(FAMILIES[fam].split())}" in problem


@given(
    st.from_regex(r"[a-z]{1,4}[0-9]{1,2}[a-z]{0,3}", fullmatch=True).filter(
        lambda f: f not in FAMILIES
    ),
    st.sampled_from(ALL_SIZES),
)
def test_an_unknown_family_is_refused_naming_it_and_near_matches_are_known(fam, size):
    name = f"ml.{fam}.{size}"
    problem = instance_type_problem(name)
    assert problem is not None
    assert repr(name) in problem and f"no family {fam!r}" in problem
    if "nearest:" in problem:
        near = problem.split("nearest: ", 1)[1].split(", ")
        assert near and all(is_known_instance_type(n) for n in near)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("ml.m5.superhuge", ["'ml.m5.superhuge'", "ml.m5: it comes in large, xlarge"]),
        ("ml.g5.xlarg", ["'ml.g5.xlarg'", "ml.g5: it comes in xlarge"]),
        ("ml.banana.xlarge", ["'ml.banana.xlarge'", "no family 'banana'", "nearest:"]),
        ("banana", ["'banana'", "written ml.FAMILY.SIZE"]),
        ("ML.M5.XLARGE", ["'ML.M5.XLARGE'", "nearest: ml.m5.xlarge"]),
        ("m5.xlarge", ["'m5.xlarge'", "nearest: ml.m5.xlarge"]),
    ],
)
def test_messages_name_the_value_and_what_would_be_right(name, words):
    problem = instance_type_problem(name)
    assert problem is not None
    for word in words:
        assert word in problem


def test_the_list_is_aws_s_not_a_guess():
    """The names every test and example uses are on it; the families the importer classifies
    (GPU, Inferentia, Trainium, Graviton) too."""
    for name in ("ml.m5.xlarge", "ml.g4dn.xlarge", "ml.p4d.24xlarge", "ml.inf2.xlarge"):
        assert name in KNOWN
    for name in ("ml.trn1.32xlarge", "ml.c7g.xlarge", "ml.t3.medium", "ml.p6-b200.48xlarge"):
        assert name in KNOWN
    assert "ml.m5.superhuge" not in KNOWN
    assert len(KNOWN) == len(set(KNOWN)) > 300


# ---------------------------------------------------------------------- every writer


def test_cli_set_refuses_an_unknown_type_and_the_file_opt_in_accepts_it(fraud, cli):
    before = fraud.read_bytes()
    r = cli("set", fraud, f"{KEY}={_row('ml.m5.superhuge')}")
    assert r.code == 2
    assert "'ml.m5.superhuge' is not a size SageMaker offers for ml.m5" in r.err
    assert "new_instance_types in [workload]" in r.err and KEY in r.err
    assert fraud.read_bytes() == before  # nothing written

    text = fraud.read_text().replace(
        "[workload]\n", '[workload]\nnew_instance_types = ["ml.m5.superhuge"]\n', 1
    )
    fraud.write_text(text)
    assert cli("set", fraud, f"{KEY}={_row('ml.m5.superhuge')}").code == 0
    rows = load_workload(fraud).effective()[KEY].value
    assert [r["instance_type"] for r in rows] == ["ml.m5.superhuge"]


def test_validate_warns_of_an_unknown_type_in_a_file_and_still_reads_it(fraud, cli):
    doc = WorkloadDocument.load(fraud)
    rows = [{"environment": "production", "region": "us-east-1", "workload": "training",
             "instance_type": "ml.g9.large", "count": 1}]  # fmt: skip
    doc.allow_instance_types(["ml.g9.large"])
    doc.set_answer("current", KEY, Answer(State.VALUE, rows, provenance="declared"))
    text = doc.text().replace('new_instance_types = ["ml.g9.large"]\n', "")
    fraud.write_text(text)

    r = cli("validate", fraud)
    assert r.code == 0  # a warning: scores do not depend on it, and a new type must not stop CI
    assert "warning" in r.out and "'ml.g9.large'" in r.out and "no family 'g9'" in r.out
    assert "new_instance_types" in r.out
    assert cli("validate", "--strict", fraud).code == 1
    assert cli("score", fraud).code == 0

    fraud.write_text(
        text.replace("[workload]\n", '[workload]\nnew_instance_types = ["ml.g9.large"]\n', 1)
    )
    r = cli("validate", fraud)
    assert "ml.g9.large" not in r.out


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('"ml.g9.large"', "must be an array of instance types"),
        ('["banana"]', "'banana' is not an instance type written ml.FAMILY.SIZE"),
        ("[1]", "1 is not an instance type"),
    ],
)
def test_a_malformed_opt_in_is_an_error_naming_its_key(fraud, cli, value, problem):
    fraud.write_text(
        fraud.read_text().replace("[workload]\n", f"[workload]\n{NEW_TYPES_KEY} = {value}\n", 1)
    )
    r = cli("validate", fraud)
    assert r.code == 1
    assert f"workload.{NEW_TYPES_KEY}: {problem}" in r.out


def test_the_document_refuses_by_hand_and_accepts_what_an_import_read(fraud):
    doc = WorkloadDocument.load(fraud)
    row = {"environment": "production", "region": "us-east-1", "workload": "training",
           "instance_type": "ml.g9.large", "count": 1}  # fmt: skip
    with pytest.raises(UnknownInstanceTypes) as e:
        doc.set_answer("current", KEY, Answer(State.VALUE, [row], provenance="declared"))
    assert e.value.names == ["ml.g9.large"] and e.value.key == KEY
    assert doc.workload.new_instance_types == [] and not doc.dirty

    imported = Answer(State.VALUE, [row], provenance=Provenance.IMPORTED.value, source="x")
    doc.set_answer("current", KEY, imported)
    assert doc.workload.new_instance_types == ["ml.g9.large"]
    doc.save()
    again = load_workload(fraud)
    assert again.new_instance_types == ["ml.g9.large"]
    assert again.effective()[KEY].value[0]["instance_type"] == "ml.g9.large"


def test_allowing_a_malformed_name_is_refused(fraud):
    doc = WorkloadDocument.load(fraud)
    with pytest.raises(MlprofileError, match="'banana' is not an instance type"):
        doc.allow_instance_types(["banana"])
    assert not doc.dirty


class _Rows:
    """A terminal that types matrix rows and reports what the validator said."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.said = list(lines), []

    def show(self, text) -> None:
        self.said.append(str(text))

    def text(self, message, *, validate, instruction="", default=""):
        while True:
            line = self.lines.pop(0)
            verdict = validate(line)
            if verdict is True:
                return line
            self.said.append(verdict)


def test_the_interview_refuses_an_unknown_type_at_the_prompt_unless_the_workload_accepts_it(
    fraud,
):
    workload = load_workload(fraud)
    ch = workload.rubric.get(KEY)
    term = _Rows([_row("ml.m5.superhuge"), _row("ml.m5.xlarge"), ""])
    answer = QuestionAsker(term, workload.rubric)._matrix(ch, Answer(State.UNANSWERED))
    assert [r["instance_type"] for r in answer.value] == ["ml.m5.xlarge"]
    assert any("'ml.m5.superhuge' is not a size SageMaker offers" in s for s in term.said)

    term = _Rows([_row("ml.m5.superhuge"), ""])
    asker = QuestionAsker(term, workload.rubric, ["ml.m5.superhuge"])
    answer = asker._matrix(ch, Answer(State.UNANSWERED))
    assert [r["instance_type"] for r in answer.value] == ["ml.m5.superhuge"]
