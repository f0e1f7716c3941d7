"""The workload's own details and its profiles' names change through the document like any
other edit (issue 9): renaming a profile carries its targets along, deleting one refuses while
targets depend on it, the current state keeps its name, and whatever sequence of these is
made, the saved file reads back as exactly the model that made it."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.document import WorkloadDocument
from mlprofile_tui.core.editing import delete_problem, rename_problem
from mlprofile_tui.core.errors import MlprofileError
from mlprofile_tui.core.loading import load_workload


def _doc(path) -> WorkloadDocument:
    doc = WorkloadDocument.load(path)
    doc.branch("current", "serverless", "Cut idle cost.")
    doc.branch("serverless", "serverless-arm", "Graviton on top.")
    doc.snapshot("before-audit")
    return doc


def _same_model(a, b) -> None:
    assert (a.name, a.owner, a.notes) == (b.name, b.owner, b.notes)
    assert list(a.profiles) == list(b.profiles)
    for name, p in a.profiles.items():
        q = b.profiles[name]
        assert (p.kind, p.based_on, p.rationale, p.values) == (
            q.kind,
            q.based_on,
            q.rationale,
            q.values,
        )


def test_a_rename_carries_the_targets_based_on_it_and_keeps_the_rest_of_the_file(fraud):
    doc = _doc(fraud)
    doc.save()
    before = fraud.read_text()
    doc.rename_profile("serverless", "lambda-like")
    assert doc.workload.profiles["serverless-arm"].based_on == "lambda-like"
    assert "serverless" not in doc.workload.profiles
    doc.save()
    after = fraud.read_text()
    again = load_workload(fraud)
    _same_model(doc.workload, again)
    assert again.effective("serverless-arm") == doc.workload.effective("serverless-arm")
    # Only the renamed profile and the based_on that names it changed: the rest is as it was.
    head = before.split("[profiles.serverless]")[0]
    assert after.startswith(head)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("current", "now", "'current' is the current state and keeps its name"),
        ("serverless", "Before-Audit", "already exists"),
        ("serverless", "no spaces", "use letters, digits"),
        ("serverless", "", "cannot be empty"),
        ("serverless", "serverless", "already named 'serverless'"),
    ],
)
def test_a_rename_that_cannot_be_is_refused_and_changes_nothing(fraud, old, new, problem):
    doc = _doc(fraud)
    doc.save()
    assert problem in (rename_problem(doc.workload, old, new) or "")
    with pytest.raises(MlprofileError, match=problem):
        doc.rename_profile(old, new)
    assert not doc.dirty
    _same_model(doc.workload, load_workload(fraud))


def test_a_change_of_case_alone_is_a_rename(fraud):
    doc = _doc(fraud)
    doc.rename_profile("serverless", "Serverless")
    doc.save()
    assert "Serverless" in load_workload(fraud).profiles


def test_delete_refuses_the_current_state_and_a_profile_targets_build_on(fraud):
    doc = _doc(fraud)
    assert "'current' is the current state" in delete_problem(doc.workload, "current")
    problem = delete_problem(doc.workload, "serverless")
    assert "target 'serverless-arm' is based on 'serverless'" in problem
    with pytest.raises(MlprofileError, match="delete them first"):
        doc.delete_profile("serverless")
    doc.delete_profile("serverless-arm")
    doc.delete_profile("serverless")
    doc.delete_profile("before-audit")
    doc.save()
    assert list(load_workload(fraud).profiles) == list(doc.workload.profiles)
    assert "[profiles.serverless" not in fraud.read_text()


def test_details_change_through_the_document(fraud):
    doc = WorkloadDocument.load(fraud)
    doc.set_details(name="Card fraud scorer v2", owner="", notes="Line one.\nLine two.\n")
    doc.save()
    again = load_workload(fraud)
    assert (again.name, again.owner, again.notes) == (
        "Card fraud scorer v2",
        "",
        "Line one.\nLine two.",
    )
    assert "owner =" not in fraud.read_text().split("[profiles")[0]
    with pytest.raises(MlprofileError, match="a workload needs a name"):
        doc.set_details(name="  ", owner="x", notes="")
    assert not doc.dirty
    doc.set_details(name="Card fraud scorer v2", owner="risk-ml", notes="Line one.\nLine two.")
    doc.save()
    assert load_workload(fraud).owner == "risk-ml"


OPS = st.lists(
    st.tuples(
        st.sampled_from(["rename", "delete", "branch"]),
        st.integers(0, 10),
        st.sampled_from(["a", "b-2", "Zed", "target_x", "serverless"]),
    ),
    max_size=8,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(OPS)
def test_any_sequence_of_profile_operations_saves_what_the_model_says(fraud, tmp_path_factory, ops):
    path = tmp_path_factory.mktemp("ops") / "w.mlprofile.toml"
    shutil.copy(fraud, path)
    doc = _doc(path)
    for op, i, name in ops:
        names = list(doc.workload.profiles)
        pick = names[i % len(names)]
        try:
            if op == "rename":
                doc.rename_profile(pick, name)
            elif op == "delete":
                doc.delete_profile(pick)
            else:
                doc.branch(pick, name, "why")
        except MlprofileError as e:  # refused: must have said why, and changed nothing
            assert e.message
        w = doc.workload
        assert all(t.based_on in w.profiles for t in w.targets())  # lineage never dangles
        assert "current" in w.profiles
    doc.save()
    again = load_workload(path)
    _same_model(doc.workload, again)
    for name in again.profiles:
        assert again.effective(name) == doc.workload.effective(name)
