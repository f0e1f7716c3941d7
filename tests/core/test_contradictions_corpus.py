"""The built-in rubric's contradictions, file by file: one workload in
``data/contradictions/`` per contradiction, whose ``current`` profile holds it and whose other
profiles show what must not fire (the consistent answer, the boundary, another platform); a
property that a profile's findings are exactly the contradictions its answers make; and files
of rubric 1.0.0 (which declares none) validating exactly as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.contradictions import contradiction_findings, find_contradictions
from mlprofile_tui.core.rubric import resolve_rubric
from mlprofile_tui.core.workload import build_workload, load_workload, parse_toml

HERE = Path(__file__).parent
CORPUS = HERE / "data" / "contradictions"
RUBRIC = resolve_rubric("mloe-05", "1.1.0")

# file (= the contradiction it shows) -> profile -> the contradictions reported on it.
EXPECTED: dict[str, dict[str, list[str]]] = {
    "cold_start_stages_exceed_total": {"current": ["*"], "consistent": [], "boundary": []},
    "serverless_in_vpc": {"current": ["*"], "consistent": []},
    "serverless_network_isolation": {"current": ["*"], "consistent": []},
    "serverless_multi_model": {"current": ["*"], "consistent": [], "realtime": []},
    "serverless_multi_container": {"current": ["*"], "consistent": []},
    "serverless_serial_pipeline": {"current": ["*"], "consistent": []},
    "serverless_private_registry": {"current": ["*"], "consistent": []},
    "serverless_data_capture": {"current": ["*"], "consistent": []},
    "serverless_provisioned_above_max": {"current": ["*"], "consistent": []},
    "serverless_memory_below_artifact": {"current": ["*"], "consistent": [], "boundary": []},
    "matrix_row_other_instance_type": {"current": ["*"], "consistent": []},
    "instance_type_not_in_matrix": {"current": ["*"], "consistent": []},
    "volume_key_on_local_storage": {
        "current": ["*"],
        "consistent": [],
        "rotated": [],
        "ebs_only": [],
    },
    "public_registry_on_sagemaker": {"current": ["*"], "consistent": [], "on_containers": []},
    "realtime_scale_out_cold_start": {"current": ["*"], "consistent": [], "on_ec2": []},
    "serverless_never_cold": {"current": ["*"], "consistent": [], "provisioned": []},
    "payload_above_realtime_limit": {
        "current": ["*"],
        "response": ["*"],
        "boundary": [],
        "async": [],
    },
    "payload_above_serverless_limit": {"current": ["*"], "boundary": []},
    "payload_above_async_limit": {"current": ["*"], "boundary": []},
    "payload_above_batch_limit": {"current": ["*"], "boundary": []},
    "regions_without_reason": {"current": ["*"], "consistent": [], "draft": ["*"]},
    "instance_count_min_above_max": {"current": ["*"], "consistent": [], "containers": []},
}


def test_every_contradiction_of_the_rubric_has_a_corpus_file():
    assert sorted(EXPECTED) == sorted(c.id for c in RUBRIC.contradictions)
    assert sorted(p.name.removesuffix(".mlprofile.toml") for p in CORPUS.glob("*.toml")) == sorted(
        EXPECTED
    )


@pytest.mark.parametrize("cid", sorted(EXPECTED))
def test_corpus_file_reports_exactly_its_contradiction_where_it_is(cid):
    path = CORPUS / f"{cid}.mlprofile.toml"
    text = path.read_text()
    workload, load_findings = build_workload(parse_toml(text, path), path, text)
    assert load_findings == []  # a clean file apart from the contradiction it shows
    findings = contradiction_findings(workload, text=text)
    reported: dict[str, list[str]] = {name: [] for name in workload.profiles}
    for f in findings:
        reported[f.profile].append(f.contradiction)
    expected = {name: [cid if c == "*" else c for c in ids] for name, ids in EXPECTED[cid].items()}
    assert reported == expected

    contradiction = next(c for c in RUBRIC.contradictions if c.id == cid)
    lines = text.splitlines()
    for f in findings:
        assert f.severity == contradiction.severity
        assert f.message.endswith(f": {contradiction.message}")
        assert len(f.keys) >= 2 and all(k in f.message for k in f.keys), f.message
        # the line holds the answer the finding's key names, in the profile that holds it
        owner = f.key.split(".")[1]
        answered = f.key.split(".values.")[1]
        assert lines[f.line - 1].startswith(f"{answered} = "), (f.line, lines[f.line - 1])
        header = max(i for i in range(f.line) if lines[i].startswith("[profiles."))
        assert lines[header] == f"[profiles.{owner}.values]"


def test_the_cli_reports_the_corpus_with_exit_codes_by_severity(cli):
    errors = [c.id for c in RUBRIC.contradictions if c.severity == "error"]
    warnings = [c.id for c in RUBRIC.contradictions if c.severity == "warning"]
    assert errors and warnings
    for cid in errors:
        assert cli("validate", CORPUS / f"{cid}.mlprofile.toml").code == 1, cid
    for cid in warnings:
        path = CORPUS / f"{cid}.mlprofile.toml"
        assert cli("validate", path).code == 0, cid
        assert cli("validate", path, "--strict").code == 1, cid
    data = cli("validate", *sorted(CORPUS.glob("*.toml")), "--json").json()
    assert data["ok"] is False and len(data["files"]) == len(EXPECTED)
    for findings in data["files"].values():
        assert findings and all(f["contradiction"] and f["profile"] for f in findings)


# --------------------------------------------------------------------------- the property

# The locations most contradictions are about come up more often than the others.
LOCATIONS = [
    None,
    *RUBRIC.by_key["deployment.deployment_location"].choice_ids,
    *["serverless", "sagemaker_realtime", "batch", "sagemaker_async"] * 2,
]
# Local NVMe instance storage of the instance types the profiles use, from the EC2 instance
# store tables (not from core.instance_types, which the engine uses).
LOCAL_NVME = {
    "ml.g5.xlarge": True,
    "ml.g4dn.xlarge": True,
    "ml.m5d.large": True,
    "ml.c5.xlarge": False,
    "ml.m5.xlarge": False,
    "ml.inf2.xlarge": False,
}


def _row(env: str, region: str, workload: str, instance: str) -> dict:
    return {
        "environment": env,
        "region": region,
        "workload": workload,
        "instance_type": instance,
        "count": 1,
    }


INSTANCES = ["ml.g5.xlarge", "ml.c5.xlarge", "ml.m5d.large", "ml.inf2.xlarge"]
ROWS = st.builds(
    _row,
    st.sampled_from(["production", "staging"]),
    st.sampled_from(["us-east-1", "eu-west-1"]),
    st.sampled_from(["real_time_inference", "batch_inference", "training"]),
    st.sampled_from(INSTANCES),
)
MIB = 1048576


def _maybe(values) -> st.SearchStrategy:
    """Unanswered a third of the time."""
    return st.one_of(st.none(), values, values)


ANSWERS = {
    "deployment.deployment_location": st.sampled_from(LOCATIONS),
    "deployment.model_artifact_size": _maybe(
        st.sampled_from([1024 * MIB, 2048 * MIB, 2048 * MIB + 1, 6144 * MIB + 1])
        | st.integers(0, 7 * 1024 * MIB)
    ),
    "deployment.hosting_mode": _maybe(
        st.sampled_from(RUBRIC.by_key["deployment.hosting_mode"].choice_ids)
    ),
    "deployment.instance_type": _maybe(st.sampled_from(INSTANCES)),
    "deployment.instance_count_min": _maybe(st.integers(0, 5)),
    "deployment.instance_count_max": _maybe(st.integers(0, 5)),
    "deployment.serverless_memory_mb": _maybe(st.sampled_from([1024, 2048, 6144])),
    "deployment.serverless_max_concurrency": _maybe(st.integers(1, 5)),
    "deployment.serverless_provisioned_concurrency": _maybe(st.integers(0, 5)),
    "architecture.inference_pipeline": _maybe(
        st.sampled_from(RUBRIC.by_key["architecture.inference_pipeline"].choice_ids)
    ),
    "traffic.input_size": _maybe(
        st.sampled_from(
            [1000, 4 * MIB, 4 * MIB + 1, 6 * MIB, 6 * MIB + 1, 100 * MIB + 1, 1024 * MIB + 1]
        )
        | st.integers(0, 2 * 1024 * MIB)
    ),
    "traffic.response_size": _maybe(st.sampled_from([200, 4 * MIB + 1, 6 * MIB + 1])),
    "cold_start.exposure": _maybe(st.sampled_from(RUBRIC.by_key["cold_start.exposure"].choice_ids)),
    "cold_start.measured_cold_start_ms": _maybe(st.integers(0, 6000)),
    "cold_start.measured_setup_ms": _maybe(st.integers(0, 3000)),
    "cold_start.measured_download_ms": _maybe(st.integers(0, 3000)),
    "cold_start.measured_load_ms": _maybe(st.integers(0, 3000)),
    "network.kms_encryption": _maybe(
        st.sampled_from(RUBRIC.by_key["network.kms_encryption"].choice_ids)
    ),
    "network.vpc": _maybe(st.booleans()),
    "network.network_isolation": _maybe(st.booleans()),
    "network.image_registry": _maybe(
        st.sampled_from(RUBRIC.by_key["network.image_registry"].choice_ids)
    ),
    "monitoring.data_capture_pct": _maybe(st.sampled_from([0.0, 0.5, 20.0])),
    "provisioning.matrix": _maybe(
        st.lists(ROWS, max_size=4, unique_by=lambda r: tuple(r.values())[:4])
    ),
    "provisioning.multi_region_reason": _maybe(
        st.sampled_from(RUBRIC.by_key["provisioning.multi_region_reason"].choice_ids)
    ),
}
PROFILES = st.fixed_dictionaries(ANSWERS)
PROFILE_KEYS = tuple(ANSWERS)


def _oracle(p: dict) -> set[str]:
    """The contradictions of rubric 1.1.0 restated in plain Python, independently of the
    condition engine and the named checks: the answers skip logic asks, then each rule."""
    loc = p["deployment.deployment_location"]

    def asked_for(*locations: str) -> bool:
        return loc is None or loc in locations

    def sagemaker_without(*excluded: str) -> bool:
        return loc is None or loc not in excluded

    a = dict(p)
    for key, asked in {
        "deployment.model_artifact_size": sagemaker_without("bedrock"),
        "deployment.hosting_mode": asked_for("sagemaker_realtime", "sagemaker_async", "serverless"),
        "deployment.instance_type": sagemaker_without(
            "serverless", "bedrock", "lambda", "on_premises", "edge"
        ),
        "deployment.instance_count_min": asked_for(
            "sagemaker_realtime", "sagemaker_async", "container", "ec2"
        ),
        "deployment.instance_count_max": asked_for(
            "sagemaker_realtime", "sagemaker_async", "container", "ec2"
        ),
        "deployment.serverless_memory_mb": asked_for("serverless"),
        "deployment.serverless_max_concurrency": asked_for("serverless"),
        "deployment.serverless_provisioned_concurrency": asked_for("serverless"),
        "network.vpc": sagemaker_without("on_premises", "edge"),
        "network.network_isolation": asked_for(
            "sagemaker_realtime", "sagemaker_async", "batch", "serverless"
        ),
        "monitoring.data_capture_pct": asked_for(
            "sagemaker_realtime", "sagemaker_async", "serverless"
        ),
        "provisioning.matrix": sagemaker_without("bedrock"),
    }.items():
        if not asked:
            a[key] = None
    if loc == "batch":  # a batch job meets no cold start: the group is not asked
        a["cold_start.exposure"] = None
    if loc == "batch" or p["cold_start.exposure"] == "never":
        for stage in ("cold_start", "setup", "download", "load"):
            a[f"cold_start.measured_{stage}_ms"] = None

    out = set()
    serverless = loc == "serverless"
    total = a["cold_start.measured_cold_start_ms"]
    stages = [
        a[f"cold_start.measured_{s}_ms"]
        for s in ("setup", "download", "load")
        if a[f"cold_start.measured_{s}_ms"] is not None
    ]
    if total is not None and stages and sum(stages) > total:
        out.add("cold_start_stages_exceed_total")
    if serverless and a["network.vpc"] is True:
        out.add("serverless_in_vpc")
    if serverless and a["network.network_isolation"] is True:
        out.add("serverless_network_isolation")
    if serverless and a["deployment.hosting_mode"] == "multi_model":
        out.add("serverless_multi_model")
    if serverless and a["deployment.hosting_mode"] == "multi_container":
        out.add("serverless_multi_container")
    if serverless and a["architecture.inference_pipeline"] == "serial_pipeline":
        out.add("serverless_serial_pipeline")
    if serverless and a["network.image_registry"] == "private_registry_vpc":
        out.add("serverless_private_registry")
    if serverless and (a["monitoring.data_capture_pct"] or 0) > 0:
        out.add("serverless_data_capture")
    prov, most = (
        a["deployment.serverless_provisioned_concurrency"],
        a["deployment.serverless_max_concurrency"],
    )
    if prov is not None and most is not None and prov > most:
        out.add("serverless_provisioned_above_max")
    size, memory = a["deployment.model_artifact_size"], a["deployment.serverless_memory_mb"]
    if size is not None and memory is not None and size > memory * MIB:
        out.add("serverless_memory_below_artifact")
    instance, rows = a["deployment.instance_type"], a["provisioning.matrix"]
    served = {"sagemaker_realtime": "real_time_inference", "batch": "batch_inference"}.get(loc)
    if served and instance and rows:
        production = [r for r in rows if r["environment"] == "production"]
        if any(r["workload"] == served and r["instance_type"] != instance for r in production):
            out.add("matrix_row_other_instance_type")
        if production and all(r["instance_type"] != instance for r in production):
            out.add("instance_type_not_in_matrix")
    if (
        a["network.kms_encryption"] == "customer_managed"
        and loc in ("sagemaker_realtime", "sagemaker_async", "batch")
        and instance
        and LOCAL_NVME[instance]
    ):
        out.add("volume_key_on_local_storage")
    if a["network.image_registry"] == "public_third_party" and loc in (
        "sagemaker_realtime",
        "sagemaker_async",
        "serverless",
        "batch",
    ):
        out.add("public_registry_on_sagemaker")
    exposure = a["cold_start.exposure"]
    if exposure == "on_scale_out" and loc == "sagemaker_realtime":
        out.add("realtime_scale_out_cold_start")
    if exposure == "never" and serverless and prov == 0:
        out.add("serverless_never_cold")
    size_in, size_out = a["traffic.input_size"] or 0, a["traffic.response_size"] or 0
    if loc == "sagemaker_realtime" and max(size_in, size_out) > 6 * MIB:
        out.add("payload_above_realtime_limit")
    if serverless and max(size_in, size_out) > 4 * MIB:
        out.add("payload_above_serverless_limit")
    if loc == "sagemaker_async" and size_in > 1024 * MIB:
        out.add("payload_above_async_limit")
    if loc == "batch" and size_in > 100 * MIB:
        out.add("payload_above_batch_limit")
    regions = {r["region"] for r in rows or () if r["environment"] == "production"}
    if len(regions) > 1 and a["provisioning.multi_region_reason"] in (None, "single_region"):
        out.add("regions_without_reason")
    low, high = a["deployment.instance_count_min"], a["deployment.instance_count_max"]
    if low is not None and high is not None and low > high:
        out.add("instance_count_min_above_max")
    return out


def _corpus_examples(test):
    """Every corpus file's profiles as explicit examples too: each contradiction, and each near
    miss beside it, is checked on every run whatever the random profiles hold."""
    for path in sorted(CORPUS.glob("*.toml")):
        workload = load_workload(path)
        for name in workload.profiles:
            values = {k: a.value for k, a in workload.effective(name).items() if a.is_value}
            assert set(values) <= set(PROFILE_KEYS), (path.name, set(values) - set(PROFILE_KEYS))
            test = example(dict.fromkeys(PROFILE_KEYS) | values)(test)
    return test


@_corpus_examples
@settings(
    max_examples=600,
    deadline=None,
    derandomize=True,  # the same 600 profiles on every run
    suppress_health_check=[HealthCheck.too_slow],
)
@given(PROFILES)
def test_a_profile_reports_exactly_the_contradictions_its_answers_make(profile):
    """A profile that satisfies none of the conditions reports nothing, and one that satisfies
    some reports exactly those: the engine agrees with the rules restated by hand."""
    answers = {
        k: Answer(State.VALUE, v, provenance="declared")
        for k, v in profile.items()
        if v is not None
    }
    fired = {f.contradiction.id for f in find_contradictions(RUBRIC, answers)}
    assert fired == _oracle(profile)


# --------------------------------------------------------------------------- rubric 1.0.0


def test_rubric_1_0_declares_no_contradictions_and_its_files_validate_as_before(cli):
    old = resolve_rubric("mloe-05", "1.0.0")
    assert old.contradictions == ()
    files = sorted((HERE / "data" / "rubric-1.0.0").glob("*.mlprofile.toml"))
    assert files
    for path in files:
        text = path.read_text()
        workload, before = build_workload(parse_toml(text, path), path, text)
        assert workload.rubric.version == "1.0.0"
        assert contradiction_findings(workload, text=text) == []
        result = cli("validate", path)
        assert result.code == 0
        assert result.out.splitlines()[:-1] == [f.render(str(path)) for f in before]
        data = cli("validate", path, "--json").json()
        assert [
            {k: f[k] for k in ("severity", "message", "key", "line")}
            for f in data["files"][str(path)]
        ] == [
            {"severity": f.severity, "message": f.message, "key": f.key, "line": f.line}
            for f in before
        ]
        assert json.dumps(data)


def test_the_same_answers_under_1_0_report_nothing(tmp_path):
    path = CORPUS / "serverless_in_vpc.mlprofile.toml"
    old = tmp_path / "old.mlprofile.toml"
    old.write_text(path.read_text().replace('version = "1.1.0"', 'version = "1.0.0"'))
    assert contradiction_findings(load_workload(old), text=old.read_text()) == []


@pytest.mark.parametrize(
    "instance, fires",
    [
        ("ml.c7gd.2xlarge", True),  # a "d" among the options: local NVMe storage
        ("ml.g6e.xlarge", True),
        ("ml.p5.48xlarge", True),
        ("ml.trn1.32xlarge", True),
        ("ml.c7g.2xlarge", False),
        ("ml.inf2.xlarge", False),
        ("ml.p3.2xlarge", False),
        ("not an instance type", False),
    ],
)
def test_a_volume_key_on_local_storage_follows_the_importers_instance_rule(instance, fires):
    answers = {
        "deployment.deployment_location": "sagemaker_realtime",
        "network.kms_encryption": "customer_managed",
        "deployment.instance_type": instance,
    }
    found = find_contradictions(
        RUBRIC, {k: Answer(State.VALUE, v, provenance="declared") for k, v in answers.items()}
    )
    assert [f.contradiction.id for f in found] == (["volume_key_on_local_storage"] if fires else [])


def test_answers_skip_logic_sets_aside_make_no_contradiction():
    """A batch job is asked no cold-start questions: stage times left over from a real-time
    base are set aside, as the front ends and scoring set them aside, and contradict nothing."""
    answers = {
        "deployment.deployment_location": "sagemaker_realtime",
        "cold_start.exposure": "on_scale_from_zero",
        "cold_start.measured_cold_start_ms": 1000,
        "cold_start.measured_setup_ms": 5000,
    }

    def ids(values: dict) -> list[str]:
        scoped = {k: Answer(State.VALUE, v, provenance="declared") for k, v in values.items()}
        return [f.contradiction.id for f in find_contradictions(RUBRIC, scoped)]

    assert ids(answers) == ["cold_start_stages_exceed_total"]
    assert ids({**answers, "deployment.deployment_location": "batch"}) == []
    assert ids({**answers, "cold_start.exposure": "never"}) == []


def test_a_matrix_row_is_quoted_in_the_matrix_text_form_with_its_account():
    path = CORPUS / "matrix_row_other_instance_type.mlprofile.toml"
    findings = contradiction_findings(load_workload(path), text=path.read_text())
    assert [f.message.split(": ")[0] for f in findings] == [
        "provisioning.matrix row production:111122223333:us-east-1:real_time_inference:"
        "ml.g4dn.xlarge:2 serves real_time_inference on another instance type than "
        "deployment.instance_type = ml.g5.xlarge"
    ]
