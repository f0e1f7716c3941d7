"""Workload files with many targets, for the scale bench and the scale tests (issue 8).

The fraud-scorer example's history and ``current`` snapshot (about 40 answers), then ``n``
targets, each changing 1-3 answers of its base with a rationale, in the layout people write
(``[profiles.NAME]`` then ``[profiles.NAME.values]`` with one inline table an answer).

``chain=1``: every target is based on ``current`` (a star). ``chain=k``: the targets form
``n // k`` chains of ``k``, each target based on the previous one in its chain. Deterministic:
the same arguments give the same text.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "fraud-scorer.mlprofile.toml"

# Keys a target changes, with the values it may take (rubric ids of mloe-05 1.1.0; see
# `mlprofile rubric show --json`). Enums, a multi, bools, whole numbers and a float.
CHOICES: dict[str, list] = {
    "deployment.instance_selection": [
        "default_or_guess",
        "copied",
        "load_tested",
        "inference_recommender",
        "recommender_each_release",
    ],
    "deployment.update_automation": [
        "manual",
        "scripted",
        "pipeline_with_approval",
        "cicd_canary_rollback",
    ],
    "deployment.profile_review": ["never", "ad_hoc", "each_release", "scheduled_and_on_change"],
    "deployment.retraining_frequency": ["hourly", "daily", "weekly", "monthly", "per_event"],
    "architecture.artifact_versioning": [
        "none",
        "ad_hoc_paths",
        "versioned",
        "model_registry",
        "registry_with_lineage",
    ],
    "architecture.serverless_evaluation": [
        "not_evaluated",
        "discussed",
        "evaluated_unsuitable",
        "evaluated_suitable",
        "in_use",
    ],
    "architecture.frameworks": [["xgboost"], ["sklearn", "xgboost"], ["onnx"], ["pytorch"]],
    "traffic.scaling": [
        "fixed",
        "manual",
        "scheduled",
        "target_tracking",
        "load_tested_autoscaling",
        "scale_to_zero",
    ],
    "traffic.p95_latency_ms": [22, 31, 38, 45, 49, 55, 70, 120],
    "traffic.peak_invocations_per_minute": [600, 1200, 2400, 4800, 9600],
    "network.kms_encryption": [
        "s3_default",
        "aws_managed_kms",
        "customer_managed",
        "customer_managed_rotated",
    ],
    "network.network_isolation": [True, False],
    "network.vpc": [True, False],
    # No public registry: SageMaker hosting cannot pull from one (a contradiction for validate).
    "network.image_registry": [
        "aws_prebuilt",
        "private_registry_vpc",
        "ecr",
        "ecr_scanned_signed",
    ],
    "cost.monthly_cost_usd": [1800.0, 2350.0, 2900.0, 3100.0, 4200.0],
    "cost.spot_training": ["not_used", "evaluated_unsuitable", "used", "used_with_checkpoints"],
    "cost.pricing_comparison": ["never", "once", "on_change", "scheduled"],
    "cost.cost_tracking": ["none", "account_level", "tagged", "tagged_with_budget", "unit_cost"],
    "provisioning.staging_parity": [
        "no_staging",
        "different_types",
        "same_types",
        "same_types_load_tested",
    ],
    "provisioning.quota_headroom": [
        "not_checked",
        "checked_once",
        "checked_each_change",
        "monitored",
    ],
    "provisioning.capacity_review": ["never", "ad_hoc", "quarterly", "from_iac"],
}
KEYS = sorted(CHOICES)


def base_text() -> str:
    """The example up to and including ``current`` (its targets are left out)."""
    text = EXAMPLE.read_text()
    return text[: text.index("# Target 1")].rstrip("\n") + "\n"


def _toml(value: object) -> str:
    return json.dumps(value)  # strings, numbers, booleans and string lists read the same in TOML


def target_name(i: int) -> str:
    return f"t{i:05d}"


def big_workload_text(n: int, chain: int = 1, seed: int = 8, bare_every: int = 0) -> str:
    """The text of a workload with ``n`` targets (see the module docstring).

    ``bare_every=k``: every k-th target gives no rationale for its changes (``validate``
    warns about each, with its line)."""
    import tomllib

    rng = random.Random(seed)
    text = base_text()
    current = tomllib.loads(text)["profiles"]["current"]["values"]
    current_values = {k: v["value"] for k, v in current.items() if "value" in v}
    parts = [text]
    effective: dict[str, dict] = {"current": current_values}
    for i in range(n):
        name = target_name(i)
        base = "current" if i % chain == 0 else target_name(i - 1)
        inherited = effective[base]
        changed = {}
        for key in rng.sample(KEYS, rng.randint(1, 3)):
            options = [v for v in CHOICES[key] if v != inherited.get(key)]
            changed[key] = rng.choice(options)
        if chain > 1:  # only the next target of the chain needs this one's answers
            effective[name] = {**inherited, **changed}
            if base != "current":
                del effective[base]
        parts.append(
            f"\n[profiles.{name}]\n"
            'kind = "target"\n'
            f'based_on = "{base}"\n'
            "taken = 2026-11-12T15:00:00Z\n"
            f'rationale = "Alternative {i}: what changes if we move {len(changed)} answer(s)."\n'
            f"\n[profiles.{name}.values]\n"
        )
        bare = bare_every and i % bare_every == 0
        for key, value in changed.items():
            why = "" if bare else f', rationale = "{name}: {key} to {value} (generated)."'
            parts.append(f'"{key}" = {{ value = {_toml(value)}, provenance = "declared"{why} }}\n')
    return "".join(parts)


def write_big_workload(
    path: Path, n: int, chain: int = 1, seed: int = 8, bare_every: int = 0
) -> Path:
    path.write_text(big_workload_text(n, chain, seed, bare_every))
    return path
