"""The bundled examples are realistic, complete and clean: tests and the app rely on them."""

from __future__ import annotations

from mlprofile_tui.core.answers import State
from mlprofile_tui.core.scoring import score_profile
from mlprofile_tui.core.workload import WorkloadDocument

BUNDLED = {
    "fraud-scorer",
    "document-classifier",
    "llm-assistant",
    "batch-scoring",
    "bedrock-assistant",
}

# Locations whose instances are endpoint instances ('... for endpoint usage' quotas).
ENDPOINT_LOCATIONS = {"sagemaker_realtime", "sagemaker_async"}


def _scores(path):
    w = WorkloadDocument.load(path).workload
    return w, {n: score_profile(w.rubric, w.effective(n), n) for n in w.profiles}


def test_the_bundled_examples(examples):
    assert BUNDLED <= set(examples)


def test_examples_validate_without_findings(examples):
    for path in examples.values():
        doc = WorkloadDocument.load(path)
        assert doc.findings == [], (path.name, doc.findings)


def test_examples_use_the_newest_rubric(cli, examples):
    for path in examples.values():
        result = cli("migrate", path, "--dry-run", "--json")
        assert result.code == 0 and result.json()["changes"] == [], path.name


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
        _w, scores = _scores(path)
        for name, s in scores.items():
            assert not s.draft, (path.name, name)
        assert any(s.score > scores["current"].score for n, s in scores.items() if n != "current")


def test_the_levels_an_architect_expects(examples):
    """Overall level of every profile, each with the reason that holds it there."""
    expected = {
        "fraud-scorer": {
            # copied instance type, fixed capacity, unversioned artefacts, no cost levers
            "snapshot-2026-05-04": 1,
            # instance type from a one-off load test; quotas checked once
            "current": 2,
            # both gaps closed by process; every group then L3
            "reliable": 3,
            # Graviton keeps p95 inside the budget (0.96x): still L3
            "graviton": 3,
        },
        "document-classifier": {
            # guessed GPU instance, fixed capacity, no monitoring, no cost levers
            "current": 1,
            # serverless fixes deployment and traffic; versioning, monitoring and
            # cost tracking stay at L2
            "serverless": 2,
            # the endpoint scales to zero but the guessed instance and absent monitoring remain
            "async-gpu": 1,
        },
        "llm-assistant": {
            # load-tested once; TTFT 1.44x its target; $5.98 against $5.00 per 1,000
            "current": 2,
            # benchmarked inf2 meets TTFT and cost; scaling and staging hold L3
            "inf2-int8": 3,
            # consolidation changes none of the current blockers
            "inference-components": 2,
        },
        "batch-scoring": {
            # copied instance type, ad-hoc artefact paths, no alarms
            "snapshot-2026-06-01": 1,
            # a one-off benchmark (L2); L3 needs Inference Recommender evidence
            "current": 2,
            # approval-gated pipeline, registry without lineage, keys not rotated: all L3; the
            # job runs in 0.46x of its window and right-sizing is the lever that fits a job
            "reliable": 3,
            "explain-top-risk": 3,
        },
        "bedrock-assistant": {
            # TTFT 2.1x its target and $9.46 against $6.00 per 1,000
            "snapshot-2026-08-03": 1,
            # TTFT 1.24x its budget and versioned prompts without a registry
            "current": 2,
            # caching brings TTFT to 0.78x (L4); the versioning still holds it at L2
            "prompt-caching": 2,
            # releases registered with approval (L3, no lineage) and the Bedrock quota checked
            # before each change (L3, no alarm on it)
            "governed-releases": 3,
        },
    }
    for name, levels in expected.items():
        _w, scores = _scores(examples[name])
        assert {n: s.level for n, s in scores.items()} == levels, name


def test_examples_cover_every_answer_state_and_provenance(examples):
    seen_states, seen_prov = set(), set()
    for path in examples.values():
        w = WorkloadDocument.load(path).workload
        for p in w.profiles.values():
            for a in p.values.values():
                seen_states.add(a.state)
                seen_prov.add(a.provenance)
    assert {State.VALUE, State.UNKNOWN, State.NOT_APPLICABLE} <= seen_states
    assert {"declared", "estimated", "measured", "imported"} <= seen_prov


def test_instance_counts_agree_with_the_matrix(examples):
    """The most production endpoint instances the scaling answers allow is what the matrix
    holds for them (the matrix counts what quotas must cover)."""
    checked = 0
    for path in examples.values():
        w = WorkloadDocument.load(path).workload
        for name in w.profiles:
            a = w.effective(name)
            location = a["deployment.deployment_location"].value
            if location not in ENDPOINT_LOCATIONS or "provisioning.matrix" not in a:
                continue
            rows = a["provisioning.matrix"].value
            in_matrix = sum(
                r["count"]
                for r in rows
                if r["environment"] == "production" and r["workload"] == "real_time_inference"
            )
            assert a["deployment.instance_count_max"].value == in_matrix, (path.name, name)
            assert a["deployment.instance_count_min"].value <= in_matrix, (path.name, name)
            checked += 1
    assert checked >= 8


def test_every_second_region_has_a_reason(examples):
    for path in examples.values():
        w = WorkloadDocument.load(path).workload
        for name in w.profiles:
            a = w.effective(name)
            reason = a["provisioning.multi_region_reason"].value
            if "provisioning.matrix" not in a:
                continue
            regions = {r["region"] for r in a["provisioning.matrix"].value}
            assert (reason == "single_region") == (len(regions) == 1), (path.name, name)


def test_inference_costs_fit_inside_the_monthly_bill(examples):
    """Cost per 1,000 x monthly invocations is the inference share of the monthly cost."""
    for path in examples.values():
        w = WorkloadDocument.load(path).workload
        for name in w.profiles:
            a = w.effective(name)
            inference = (
                a["cost.cost_per_1000_usd"].value * a["traffic.monthly_invocations"].value / 1000
            )
            assert 0 < inference <= a["cost.monthly_cost_usd"].value, (path.name, name)


def test_the_multi_region_matrix(examples):
    w = WorkloadDocument.load(examples["llm-assistant"]).workload
    current = w.effective("current")
    rows = current["provisioning.matrix"].value
    assert {r["region"] for r in rows} == {"us-east-1", "eu-west-1"}
    assert {r["environment"] for r in rows} == {"dev", "staging", "production"}
    assert {r["workload"] for r in rows} == {
        "training",
        "batch_inference",
        "real_time_inference",
        "notebooks",
    }
    # EU tickets stay in the EU: what works on them (training, development) runs there.
    assert current["provisioning.multi_region_reason"].value == "data_residency"
    assert {r["region"] for r in rows if r["workload"] in ("training", "notebooks")} == {
        "eu-west-1"
    }


def test_the_batch_example(examples):
    w, scores = _scores(examples["batch-scoring"])
    for name, s in scores.items():
        a = w.effective(name)
        assert a["deployment.deployment_location"].value == "batch"
        duration = s.characteristic("traffic.batch_job_duration_ms")
        assert duration.state == State.VALUE and duration.level is not None, name
        assert a["traffic.batch_records_per_run"].value >= 1_000_000
        assert a["traffic.batch_job_duration_ms"].value < a["traffic.batch_window_ms"].value, name
        workloads = {r["workload"] for r in a["provisioning.matrix"].value}
        assert {"training", "batch_inference"} <= workloads
    current = w.effective("current")
    assert {"training", "processing", "batch_inference"} <= {
        r["workload"] for r in current["provisioning.matrix"].value
    }
    assert all(
        r["instance_type"].startswith(("ml.m5.", "ml.c5.", "ml.t3."))
        for r in current["provisioning.matrix"].value
    )


def test_the_bedrock_example_is_not_held_down_by_what_bedrock_cannot_offer(examples):
    w, scores = _scores(examples["bedrock-assistant"])
    platform_items = {
        "deployment.instance_selection",
        "architecture.serverless_evaluation",
        "traffic.scaling",
        "network.vpc",
        "network.image_registry",
    }
    for name, s in scores.items():
        a = w.effective(name)
        assert a["deployment.deployment_location"].value == "bedrock"
        for key in platform_items:
            c = s.characteristic(key)
            assert c.state == State.NOT_APPLICABLE and not c.applies, (name, key)
            assert "Bedrock" in c.distance, (name, key)
        assert not platform_items & {b.key for b in s.blockers}, name
        for key in ("traffic.ttft_p95_ms", "cost.cost_per_1000_usd"):
            assert s.characteristic(key).level is not None, (name, key)
        assert a["business.target_cost_per_1000_usd"].is_value
        assert a["monitoring.model_monitor"].is_value and a["monitoring.alarms"].is_value


def test_the_complete_example_in_the_format_docs_is_valid(tmp_path):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs/format.md").read_text()
    block = doc.split("## A complete example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "doc-example.mlprofile.toml"
    path.write_text(block)
    loaded = WorkloadDocument.load(path)
    assert loaded.findings == []
    assert {"snapshot-2026-05-04", "current", "graviton"} == set(loaded.workload.profiles)
