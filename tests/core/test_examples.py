"""The bundled examples are realistic, complete and clean: tests and the app rely on them."""

from __future__ import annotations

from mlprofile_tui.core.answers import State
from mlprofile_tui.core.scoring import score_profile
from mlprofile_tui.core.workload import WorkloadDocument


def test_at_least_three_examples(examples):
    assert {"fraud-scorer", "document-classifier", "llm-assistant"} <= set(examples)


def test_examples_validate_without_findings(examples):
    for path in examples.values():
        doc = WorkloadDocument.load(path)
        assert doc.findings == [], (path.name, doc.findings)


def test_each_example_has_a_current_state_and_two_targets_with_rationale(examples):
    for path in examples.values():
        w = WorkloadDocument.load(path).workload
        assert "current" in w.profiles
        targets = w.targets()
        assert len(targets) >= 2, path.name
        for t in targets:
            assert (t.rationale or "").strip(), (path.name, t.name)
            changes = w.changes(t.name)
            assert changes, (path.name, t.name)
            for key, _before, own in changes:
                assert (own.rationale or "").strip(), (path.name, t.name, key)


def test_examples_are_not_drafts_and_targets_differ_in_maturity(examples):
    for path in examples.values():
        w = WorkloadDocument.load(path).workload
        scores = {n: score_profile(w.rubric, w.effective(n), n) for n in w.profiles}
        assert not scores["current"].draft, path.name
        assert any(s.score > scores["current"].score for n, s in scores.items() if n != "current")


def test_examples_cover_every_answer_state_and_provenance(examples):
    seen_states, seen_prov = set(), set()
    for path in examples.values():
        w = WorkloadDocument.load(path).workload
        for p in w.profiles.values():
            for a in p.values.values():
                seen_states.add(a.state)
                seen_prov.add(a.provenance)
    assert {State.VALUE, State.UNKNOWN} <= seen_states
    assert {"declared", "estimated", "measured", "imported"} <= seen_prov


def test_the_multi_region_matrix(examples):
    w = WorkloadDocument.load(examples["llm-assistant"]).workload
    rows = w.effective("current")["provisioning.matrix"].value
    assert {r["region"] for r in rows} == {"us-east-1", "eu-west-1"}
    assert {r["environment"] for r in rows} == {"dev", "staging", "production"}
    assert {r["workload"] for r in rows} == {
        "training",
        "batch_inference",
        "real_time_inference",
        "notebooks",
    }


def test_the_complete_example_in_the_format_docs_is_valid(tmp_path):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs/format.md").read_text()
    block = doc.split("## A complete example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "doc-example.mlprofile.toml"
    path.write_text(block)
    loaded = WorkloadDocument.load(path)
    assert loaded.findings == []
    assert {"snapshot-2026-05-04", "current", "graviton"} == set(loaded.workload.profiles)
