"""How many instances an endpoint runs and how that number moves: scaling, counts, matrix rows.

Where AWS holds each fact, in the order the import trusts it:
- Application Auto Scaling ``DescribeScalableTargets`` (ServiceNamespace ``sagemaker``):
  ``MinCapacity``/``MaxCapacity`` of ``endpoint/NAME/variant/VARIANT`` on the dimension
  ``sagemaker:variant:DesiredInstanceCount``; inference components scale copies on
  ``inference-component/NAME`` (``sagemaker:inference-component:DesiredCopyCount``);
  ``DescribeScalingPolicies`` says whether anything moves them.
- ``ManagedInstanceScaling`` (``Status`` ENABLED, ``MinInstanceCount``, ``MaxInstanceCount``) on
  the variant of an inference-component endpoint (DescribeEndpoint, else the endpoint config).
- ``DescribeEndpoint`` ``ProductionVariants[].CurrentInstanceCount`` (else the config's
  ``InitialInstanceCount``) when nothing scales the variant.
Shadow variants are billed and count against quotas: they are matrix rows, but they serve no
caller, so they add nothing to the instance counts or the availability answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import facts as K
from .calls import AwsCaller
from .facts import Fact, Missing, OneOf, Reading
from .faults import CallFailed

VARIANT_DIMENSION = "sagemaker:variant:DesiredInstanceCount"
COPY_DIMENSION = "sagemaker:inference-component:DesiredCopyCount"
MAX_RESOURCE_IDS = 50  # DescribeScalableTargets takes at most 50 ResourceIds a call


@dataclass(frozen=True)
class VariantCapacity:
    """One variant's instance range and where it was read; ``peak`` is what the matrix holds."""

    variant: str
    instance_type: str
    minimum: int
    maximum: int
    peak: int
    source: str


@dataclass
class Capacity:
    """What ``read_capacity`` found: readings per rubric key and the matrix rows."""

    facts: dict[str, Reading]
    matrix_rows: list[dict] | Missing


def read_capacity(
    aws: AwsCaller,
    endpoint: str,
    ep: dict,
    cfg: dict,
    *,
    components: list[str],
    environment: str,
    region: str,
) -> Capacity:
    """Scaling, instance counts, availability and matrix rows of one endpoint.

    ``ep``/``cfg``: its DescribeEndpoint and DescribeEndpointConfig responses; ``components``:
    its inference components' names. A failed Application Auto Scaling call costs every one of
    these (the counts would be guesses without it), never the rest of the endpoint.
    """
    cfg_arn = cfg.get("EndpointConfigArn") or cfg.get("EndpointConfigName", endpoint)
    variants = cfg.get("ProductionVariants") or []
    shadows = cfg.get("ShadowProductionVariants") or []
    if any(v.get("ServerlessConfig") for v in variants):
        none = Missing(f"{endpoint} is serverless: it runs no instances of its own")
        return Capacity(
            {
                K.SCALING: Fact(
                    OneOf(
                        ("managed",),
                        otherwise="Serverless Inference scales by itself, within MaxConcurrency; "
                        "this rubric marks scaling not applicable there",
                    ),
                    cfg_arn,
                ),
                K.INSTANCE_COUNT_MIN: none,
                K.INSTANCE_COUNT_MAX: none,
                K.AVAILABILITY: none,
            },
            [],
        )
    ids = [f"endpoint/{endpoint}/variant/{v['VariantName']}" for v in [*variants, *shadows]]
    ids += [f"inference-component/{c}" for c in components]
    try:
        targets: list[dict] = []
        for at in range(0, len(ids), MAX_RESOURCE_IDS):
            targets += aws.paginate(
                "application-autoscaling",
                "DescribeScalableTargets",
                "ScalableTargets",
                ServiceNamespace="sagemaker",
                ResourceIds=ids[at : at + MAX_RESOURCE_IDS],
            )
        policies: list[dict] = []
        for rid in sorted({t["ResourceId"] for t in targets}):
            policies += aws.paginate(
                "application-autoscaling",
                "DescribeScalingPolicies",
                "ScalingPolicies",
                ServiceNamespace="sagemaker",
                ResourceId=rid,
            )
    except CallFailed as e:
        miss = Missing(e.reason, fault=True)
        keys = (K.SCALING, K.INSTANCE_COUNT_MIN, K.INSTANCE_COUNT_MAX, K.AVAILABILITY)
        return Capacity(dict.fromkeys(keys, miss), miss)

    by_variant = {
        t["ResourceId"].rsplit("/", 1)[-1]: t
        for t in targets
        if t.get("ScalableDimension", VARIANT_DIMENSION) == VARIANT_DIMENSION
        and t["ResourceId"].startswith(f"endpoint/{endpoint}/variant/")
    }
    live = {v["VariantName"]: v for v in ep.get("ProductionVariants") or []}
    live_shadow = {v["VariantName"]: v for v in ep.get("ShadowProductionVariants") or []}
    serving = [
        variant_capacity(endpoint, v, live.get(v["VariantName"], {}), by_variant)
        for v in variants
        if v.get("InstanceType")
    ]
    shadowing = [
        variant_capacity(endpoint, v, live_shadow.get(v["VariantName"], {}), by_variant)
        for v in shadows
        if v.get("InstanceType")
    ]
    out: dict[str, Reading] = {K.SCALING: _scaling(cfg_arn, policies, serving)}
    out.update(_counts(endpoint, serving, shadowing))
    rows = [
        {
            "environment": environment,
            "region": region,
            "workload": "real_time_inference",
            "instance_type": c.instance_type,
            "count": c.peak,
        }
        for c in [*serving, *shadowing]
    ]
    return Capacity(out, rows)


def variant_capacity(
    endpoint: str, variant: dict, live: dict, targets: dict[str, dict]
) -> VariantCapacity:
    """One variant's minimum and maximum instances: its scalable target, else its managed
    instance scaling, else its current count for both. ``variant``: the config's
    ProductionVariant; ``live``: DescribeEndpoint's summary of it ({} if absent)."""
    name = variant["VariantName"]
    current = int(
        live.get("CurrentInstanceCount")
        or live.get("DesiredInstanceCount")
        or variant.get("InitialInstanceCount")
        or 0
    )
    target = targets.get(name)
    managed = live.get("ManagedInstanceScaling") or variant.get("ManagedInstanceScaling") or {}
    if target is not None:
        low, high = int(target["MinCapacity"]), int(target["MaxCapacity"])
        src = (
            f"application-autoscaling:{target['ResourceId']} {VARIANT_DIMENSION} "
            f"MinCapacity {low}, MaxCapacity {high}"
        )
    elif managed.get("Status") == "ENABLED":
        low = int(managed.get("MinInstanceCount", current))
        high = int(managed.get("MaxInstanceCount", max(low, current)))
        src = (
            f"endpoint/{endpoint}/variant/{name} ManagedInstanceScaling "
            f"MinInstanceCount {low}, MaxInstanceCount {high}"
        )
    else:
        low = high = current
        src = f"endpoint/{endpoint}/variant/{name} CurrentInstanceCount {current} (not scaled)"
    peak = max(
        int(live.get("DesiredInstanceCount") or 0), current, high
    )  # the matrix must hold the peak
    return VariantCapacity(name, variant["InstanceType"], low, high, peak, src)


def _scaling(cfg_arn: str, policies: list[dict], serving: list[VariantCapacity]) -> Reading:
    if not policies:
        return Fact("fixed", f"{cfg_arn} (no Application Auto Scaling policy)")
    arns = ", ".join(p.get("PolicyARN", p.get("PolicyName", "")) for p in policies)
    to_zero = [c for c in serving if c.minimum == 0]
    if to_zero:
        # A step policy on HasBacklogWithoutCapacity and a load test make it L4; neither the
        # load test nor how promptly it starts again is visible here.
        names = ", ".join(c.variant for c in to_zero)
        return Fact(OneOf(("scale_to_zero", "managed")), f"{arns} (minimum 0 on {names})")
    return Fact("target_tracking", arns)


def _counts(
    endpoint: str, serving: list[VariantCapacity], shadowing: list[VariantCapacity]
) -> dict[str, Reading]:
    if not serving:
        none = Missing(f"{endpoint} names no instance type on its production variants")
        return {K.INSTANCE_COUNT_MIN: none, K.INSTANCE_COUNT_MAX: none, K.AVAILABILITY: none}
    src = "; ".join(c.source for c in serving)
    if shadowing:
        src += f" (shadow variants {', '.join(c.variant for c in shadowing)} not counted)"
    weakest = min(serving, key=lambda c: c.minimum)
    if weakest.minimum == 1:
        availability: Reading = Fact("single_instance", weakest.source)
    elif weakest.minimum == 0:
        availability = Missing(
            f"variant {weakest.variant} of {endpoint} scales to zero: no instance serves at the "
            "quietest time, which none of the choices describes; answer it by hand"
        )
    else:
        availability = Missing(
            f"every variant of {endpoint} keeps {weakest.minimum} or more instances, but the "
            "SageMaker API does not say which Availability Zones they run in (SageMaker "
            "attempts to spread them); answer it by hand"
        )
    return {
        K.INSTANCE_COUNT_MIN: Fact(sum(c.minimum for c in serving), src),
        K.INSTANCE_COUNT_MAX: Fact(sum(c.maximum for c in serving), src),
        K.AVAILABILITY: availability,
    }
