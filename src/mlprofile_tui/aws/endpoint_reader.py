"""Read one SageMaker endpoint (config, models, images, encryption, scaling) into facts.

A failed call costs only the characteristics that needed it; the rest of the endpoint is still
read. S3 sizes live in ``artifacts``, CloudWatch reads in ``metrics``, the call path in ``calls``.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from datetime import datetime

from . import artifacts, images, metrics
from . import facts as K
from .calls import AwsCaller, Cancelled
from .facts import Fact, Missing, Reading
from .faults import CallFailed
from .metrics import Window

__all__ = ["Cancelled", "EndpointReader", "EndpointReading", "Window"]

_ENDPOINT_KEYS = tuple(k for k in K.IMPORTABLE if k not in (K.TRAFFIC_PATTERN, K.PEAK_INVOCATIONS))
_KMS_RANK = {"aws_managed": 2, "customer_managed": 3}
_REGISTRY_RANK = {"public_third_party": 1, "private_third_party": 2, "ecr": 3}
_SPOT_RANK = {"not_used": 1, "used": 2, "used_with_checkpoints": 4}
TRAINING_JOBS_SCANNED = 100  # newest training jobs searched for the one that built a model
WORKLOAD = "real_time_inference"  # the matrix workload id an endpoint's instances go to


@dataclass
class EndpointReading:
    name: str
    arn: str = ""
    created: datetime | None = None
    facts: dict[str, Reading] = field(default_factory=dict)
    invocations: dict[datetime, float] | Missing | None = None
    invocation_source: str = ""
    matrix_rows: list[dict] | Missing | None = None
    notes: list[str] = field(default_factory=list)
    gone: str | None = None  # not found, or vanished while being read: left out of the import

    def fail_all(self, reason: str) -> EndpointReading:
        miss = Missing(reason, fault=True)
        for key in _ENDPOINT_KEYS:
            self.facts.setdefault(key, miss)
        if not isinstance(self.invocations, dict):
            self.invocations = miss
        if not isinstance(self.matrix_rows, list):
            self.matrix_rows = miss
        return self


@dataclass
class _Model:
    name: str
    arn: str
    containers: list[dict]
    execution_mode: str | None
    vpc: bool
    isolation: bool


class EndpointReader:
    """Reads endpoints of one account and Region; safe to share between worker threads."""

    def __init__(
        self,
        account,
        window: Window,
        *,
        environment: str,
        cancel: threading.Event | None = None,
    ) -> None:
        self.aws = AwsCaller(account, cancel)
        self.region = account.region
        self.window = window
        self.environment = environment
        self.caller_account = account.identity.account if account.identity else None
        self._lock = threading.Lock()
        self._models: dict[str, _Model | CallFailed] = {}
        self._keys: dict[str, str | CallFailed] = {}
        self._training: dict[str, dict] | CallFailed | None = None
        self._training_lock = threading.Lock()

    # ------------------------------------------------------------------ one endpoint

    def read(self, name: str) -> EndpointReading:
        r = EndpointReading(name)
        try:
            ep = self.aws.call("sagemaker", "DescribeEndpoint", EndpointName=name)
        except CallFailed as e:
            if e.is_not_found:
                r.gone = (
                    f"endpoint {name!r} not found in {self.region} "
                    "(sagemaker:DescribeEndpoint); check --endpoint and --region"
                )
                return r.fail_all(r.gone)
            return r.fail_all(f"endpoint {name!r}: {e.reason}")
        r.arn, r.created = ep.get("EndpointArn", name), ep.get("CreationTime")
        status = ep.get("EndpointStatus")
        if status and status != "InService":
            r.notes.append(
                f"endpoint {name!r} is {status}: read as configured now, which may "
                "not be what serves traffic"
            )
        try:
            cfg = self.aws.call(
                "sagemaker", "DescribeEndpointConfig", EndpointConfigName=ep["EndpointConfigName"]
            )
        except CallFailed as e:
            if e.is_not_found:
                r.gone = (
                    f"endpoint {name!r} vanished during the import: its config "
                    f"{ep['EndpointConfigName']!r} is gone ({e.reason})"
                )
                return r.fail_all(r.gone)
            return r.fail_all(f"endpoint {name!r}: {e.reason}")
        self._read_config(r, ep, cfg)
        return r

    def _read_config(self, r: EndpointReading, ep: dict, cfg: dict) -> None:
        name = r.name
        cfg_arn = cfg.get("EndpointConfigArn") or cfg["EndpointConfigName"]
        variants = cfg.get("ProductionVariants", [])
        shadows = cfg.get("ShadowProductionVariants") or []
        serverless = any(v.get("ServerlessConfig") for v in variants)
        if cfg.get("AsyncInferenceConfig"):
            location = "sagemaker_async"
        elif serverless:
            location = "serverless"
        else:
            location = "sagemaker_realtime"
        r.facts[K.DEPLOYMENT_LOCATION] = Fact(location, cfg_arn)
        r.facts[K.MULTI_VARIANT] = Fact(
            "shadow" if shadows else "weighted" if len(variants) > 1 else "single", cfg_arn
        )
        types = [v["InstanceType"] for v in variants if v.get("InstanceType")]
        r.facts[K.INSTANCE_TYPE] = (
            Fact(", ".join(dict.fromkeys(types)), cfg_arn)
            if types
            else Missing(f"{name} is serverless: no instance type")
        )
        r.facts[K.KMS] = self._kms(cfg, cfg_arn)
        self._read_models(r, cfg, variants, cfg_arn)
        self._read_scaling(r, ep, variants, serverless, cfg_arn)
        self._read_metrics(r, variants, serverless)

    # ------------------------------------------------------------------ encryption

    def _kms(self, cfg: dict, cfg_arn: str) -> Reading:
        try:
            storage = self._key_manager(cfg.get("KmsKeyId"))
            capture = cfg.get("DataCaptureConfig") or {}
            levels = [storage]
            if capture.get("EnableCapture"):
                levels.append(self._key_manager(capture.get("KmsKeyId")))
        except CallFailed as e:
            return Missing(e.reason, fault=True)
        level = min(levels, key=lambda x: _KMS_RANK[x])
        detail = "storage key " + (cfg.get("KmsKeyId") or "AWS-managed")
        if len(levels) > 1:
            detail += ", data capture key " + (capture.get("KmsKeyId") or "AWS-managed")
        return Fact(level, f"{cfg_arn} ({detail})")

    def _key_manager(self, key_id: str | None) -> str:
        if not key_id:
            return "aws_managed"  # SageMaker and S3 fall back to AWS-managed keys
        if "alias/aws/" in key_id:
            return "aws_managed"
        with self._lock:
            known = self._keys.get(key_id)
        if known is None:
            try:
                meta = self.aws.call("kms", "DescribeKey", key_id, KeyId=key_id)["KeyMetadata"]
                known = (
                    "customer_managed" if meta.get("KeyManager") == "CUSTOMER" else "aws_managed"
                )
            except CallFailed as e:
                if e.kind != "denied":
                    raise
                # A key someone named explicitly is a customer key unless it is an aws/ alias.
                known = "customer_managed"
            with self._lock:
                self._keys[key_id] = known
        if isinstance(known, CallFailed):
            raise known
        return known

    # ------------------------------------------------------------------ models

    def _model(self, model_name: str) -> _Model:
        with self._lock:
            cached = self._models.get(model_name)
        if cached is None:
            try:
                d = self.aws.call("sagemaker", "DescribeModel", ModelName=model_name)
                containers = d.get("Containers") or (
                    [d["PrimaryContainer"]] if d.get("PrimaryContainer") else []
                )
                cached = _Model(
                    model_name,
                    d.get("ModelArn", model_name),
                    containers,
                    (d.get("InferenceExecutionConfig") or {}).get("Mode"),
                    bool((d.get("VpcConfig") or {}).get("Subnets")),
                    bool(d.get("EnableNetworkIsolation")),
                )
            except CallFailed as e:
                if e.is_not_found:
                    e = CallFailed(
                        f"model {model_name!r} no longer exists (deleted after it was "
                        f"deployed, or during the import): {e.reason}",
                        kind="not_found",
                    )
                cached = e
            with self._lock:
                self._models[model_name] = cached
        if isinstance(cached, CallFailed):
            raise cached
        return cached

    def _read_models(
        self, r: EndpointReading, cfg: dict, variants: list[dict], cfg_arn: str
    ) -> None:
        model_keys = (
            K.ARTIFACT_SIZE,
            K.MODELS_PER_ENDPOINT,
            K.HOSTING_MODE,
            K.INFERENCE_PIPELINE,
            K.FRAMEWORKS,
            K.CONTAINER_SOURCE,
            K.VPC,
            K.NETWORK_ISOLATION,
            K.IMAGE_REGISTRY,
            K.INSTANCE_SELECTION,
            K.SPOT_TRAINING,
        )
        models: list[_Model] = []
        ic_count = None
        try:
            if any(not v.get("ModelName") for v in variants):
                models, ic_count = self._inference_components(r.name)
            else:
                for v in variants:
                    if v["ModelName"] not in {m.name for m in models}:
                        models.append(self._model(v["ModelName"]))
        except CallFailed as e:
            for key in model_keys:
                r.facts[key] = Missing(e.reason, fault=True)
            return
        src = ", ".join(m.arn for m in models) or cfg_arn
        multi_model = any(c.get("Mode") == "MultiModel" for m in models for c in m.containers)
        chained = [m for m in models if len(m.containers) > 1 and m.execution_mode != "Direct"]
        direct = [m for m in models if len(m.containers) > 1 and m.execution_mode == "Direct"]
        if ic_count is not None:
            hosting = "inference_components"
        elif multi_model:
            hosting = "multi_model"
        elif direct:
            hosting = "multi_container"
        else:
            hosting = "single_model"
        r.facts[K.HOSTING_MODE] = Fact(hosting, src)
        # Several containers default to a serial pipeline when InferenceExecutionConfig is absent.
        r.facts[K.INFERENCE_PIPELINE] = Fact(
            "serial_pipeline" if chained else "single_endpoint", src
        )
        if ic_count is not None:
            r.facts[K.VPC] = Fact(bool((cfg.get("VpcConfig") or {}).get("Subnets")), cfg_arn)
            r.facts[K.NETWORK_ISOLATION] = Fact(bool(cfg.get("EnableNetworkIsolation")), cfg_arn)
        else:
            r.facts[K.VPC] = Fact(all(m.vpc for m in models), src)
            r.facts[K.NETWORK_ISOLATION] = Fact(all(m.isolation for m in models), src)
        self._read_images(r, models)
        self._read_artifacts(r, models, ic_count)
        r.facts[K.INSTANCE_SELECTION] = self._recommender(models)
        r.facts[K.SPOT_TRAINING] = self._spot(models)

    def _inference_components(self, endpoint: str) -> tuple[list[_Model], int]:
        """Models behind an inference-component endpoint, and how many components it runs."""
        summaries = self.aws.paginate(
            "sagemaker",
            "ListInferenceComponents",
            "InferenceComponents",
            EndpointNameEquals=endpoint,
        )
        models: list[_Model] = []
        for s in summaries:
            d = self.aws.call(
                "sagemaker",
                "DescribeInferenceComponent",
                InferenceComponentName=s["InferenceComponentName"],
            )
            spec = d.get("Specification") or {}
            if spec.get("ModelName"):
                if spec["ModelName"] not in {m.name for m in models}:
                    models.append(self._model(spec["ModelName"]))
            elif spec.get("Container"):
                c = spec["Container"]
                image = (c.get("DeployedImage") or {}).get("SpecifiedImage")
                models.append(
                    _Model(
                        d["InferenceComponentName"],
                        d.get("InferenceComponentArn", ""),
                        [{"Image": image, "ModelDataUrl": c.get("ArtifactUrl")}],
                        None,
                        False,
                        False,
                    )
                )
        return models, len(summaries)

    def _read_images(self, r: EndpointReading, models: list[_Model]) -> None:
        found: set[str] = set()
        unknown_fw: list[str] = []
        sources: list[str | None] = []
        registries: list[str] = []
        unknown_src: list[str] = []
        uris = []
        for m in models:
            for c in m.containers:
                uri = c.get("Image")
                if not uri:
                    continue
                uris.append(uri)
                img = images.parse_image(uri)
                fw = images.frameworks(img)
                if fw is None:
                    unknown_fw.append(uri)
                else:
                    found |= fw
                src = images.container_source(img, self.caller_account)
                if src is None:
                    why = (
                        "is not a known SageMaker image account, though the repository name is "
                        "AWS's (a new Region?)"
                        if images.looks_prebuilt_repository(img)
                        else "is neither AWS's nor yours"
                    )
                    unknown_src.append(f"{uri} (registry account {img.account} {why})")
                sources.append(src)
                registries.append(
                    images.registry(img, (c.get("ImageConfig") or {}).get("RepositoryAccessMode"))
                )
        src_text = ", ".join(uris)
        if not uris:
            miss = Missing("no container image found on the endpoint's models")
            r.facts[K.FRAMEWORKS] = r.facts[K.CONTAINER_SOURCE] = r.facts[K.IMAGE_REGISTRY] = miss
            return
        if unknown_fw:
            known = f" (known: {', '.join(sorted(found))})" if found else ""
            r.facts[K.FRAMEWORKS] = Missing(
                f"the framework inside {', '.join(unknown_fw)} cannot be read from the image "
                f"name{known}; set it by hand"
            )
        else:
            r.facts[K.FRAMEWORKS] = Fact(sorted(found), src_text)
        if "bring_your_own" in sources:
            r.facts[K.CONTAINER_SOURCE] = Fact("bring_your_own", src_text)
        elif unknown_src:
            r.facts[K.CONTAINER_SOURCE] = Missing(
                "cannot tell prebuilt from your own: " + "; ".join(unknown_src)
            )
        else:
            r.facts[K.CONTAINER_SOURCE] = Fact("sagemaker_prebuilt", src_text)
        r.facts[K.IMAGE_REGISTRY] = Fact(min(registries, key=_REGISTRY_RANK.__getitem__), src_text)

    # ------------------------------------------------------------------ artefacts (S3)

    def _read_artifacts(
        self, r: EndpointReading, models: list[_Model], ic_count: int | None
    ) -> None:
        sizes: list[tuple[int, str]] = []
        model_count = ic_count if ic_count is not None else len(models)
        try:
            for m in models:
                measured = []
                for c in m.containers:
                    url, kind = artifacts.artifact_of(c)
                    if not url:
                        continue
                    if c.get("Mode") == "MultiModel":
                        a = artifacts.multi_model_size(self.aws, url)
                        model_count = max(model_count, a.models)
                    else:
                        a = artifacts.artifact_size(self.aws, url, kind)
                    measured.append(a)
                    if a.note:
                        r.notes.append(a.note)
                if measured:  # a pipeline loads every container's artefact
                    sizes.append(
                        (sum(a.size for a in measured), " + ".join(a.where for a in measured))
                    )
        except CallFailed as e:
            r.facts[K.ARTIFACT_SIZE] = Missing(e.reason, fault=True)
        else:
            if sizes:
                size, where = max(sizes)
                r.facts[K.ARTIFACT_SIZE] = Fact(size, where)
            else:
                r.facts[K.ARTIFACT_SIZE] = Missing(
                    "the models name no S3 artefact (weights baked into the image?)"
                )
        r.facts[K.MODELS_PER_ENDPOINT] = Fact(max(1, model_count), ", ".join(m.arn for m in models))

    # ------------------------------------------------------------------ instance selection, spot

    def _recommender(self, models: list[_Model]) -> Reading:
        found = []
        for m in models:
            try:
                jobs = self.aws.paginate(
                    "sagemaker",
                    "ListInferenceRecommendationsJobs",
                    "InferenceRecommendationsJobs",
                    limit=1,
                    ModelNameEquals=m.name,
                    StatusEquals="COMPLETED",
                    SortBy="CreationTime",
                    SortOrder="Descending",
                )
            except CallFailed as e:
                return Missing(e.reason, fault=e.kind != "not_implemented")
            if not jobs:
                return Missing(
                    f"no completed Inference Recommender job for model {m.name!r}: how "
                    "the instance type was chosen is yours to answer"
                )
            job = jobs[0]
            try:
                d = self.aws.call(
                    "sagemaker", "DescribeInferenceRecommendationsJob", JobName=job["JobName"]
                )
            except CallFailed as e:
                return Missing(e.reason, fault=True)
            best = _best_recommendation(d.get("InferenceRecommendations") or [])
            found.append(
                f"{d.get('JobArn', job['JobName'])}" + (f" recommends {best}" if best else "")
            )
        if not found:
            return Missing("no models to look up Inference Recommender jobs for")
        return Fact("inference_recommender", "; ".join(found))

    def _training_index(self) -> dict[str, dict]:
        """Newest training jobs by artefact URL, built once per import and shared by threads."""
        with self._training_lock:
            if self._training is None:
                try:
                    jobs = self.aws.paginate(
                        "sagemaker",
                        "ListTrainingJobs",
                        "TrainingJobSummaries",
                        limit=TRAINING_JOBS_SCANNED,
                        SortBy="CreationTime",
                        SortOrder="Descending",
                    )
                    index: dict[str, dict] = {}
                    for j in jobs:
                        d = self.aws.call(
                            "sagemaker", "DescribeTrainingJob", TrainingJobName=j["TrainingJobName"]
                        )
                        url = (d.get("ModelArtifacts") or {}).get("S3ModelArtifacts")
                        if url:
                            index.setdefault(url, d)
                    self._training = index
                except CallFailed as e:
                    self._training = e
            if isinstance(self._training, CallFailed):
                raise self._training
            return self._training

    def _spot(self, models: list[_Model]) -> Reading:
        urls = [u for m in models for c in m.containers for u in [artifacts.artifact_of(c)[0]] if u]
        if not urls:
            return Missing("the models name no S3 artefact to trace back to a training job")
        try:
            index = self._training_index()
        except CallFailed as e:
            return Missing(e.reason, fault=True)
        levels = []
        for url in urls:
            job = index.get(url)
            if job is None:
                continue
            if not job.get("EnableManagedSpotTraining"):
                levels.append(("not_used", job))
            elif (job.get("CheckpointConfig") or {}).get("S3Uri") and (
                job.get("StoppingCondition") or {}
            ).get("MaxWaitTimeInSeconds"):
                levels.append(("used_with_checkpoints", job))
            else:
                levels.append(("used", job))
        if not levels:
            return Missing(
                f"no training job among the newest {TRAINING_JOBS_SCANNED} produced "
                f"{', '.join(urls)}"
            )
        level, job = min(levels, key=lambda x: _SPOT_RANK[x[0]])
        src = job.get("TrainingJobArn", job.get("TrainingJobName", ""))
        billable, trained = job.get("BillableTimeInSeconds"), job.get("TrainingTimeInSeconds")
        if billable and trained:
            src += f" (spot saved {1 - billable / trained:.0%})"
        return Fact(level, src)

    # ------------------------------------------------------------------ scaling and matrix

    def _read_scaling(
        self, r: EndpointReading, ep: dict, variants: list[dict], serverless: bool, cfg_arn: str
    ) -> None:
        if serverless:
            r.facts[K.SCALING] = Fact("managed", cfg_arn)
            r.matrix_rows = []
            return
        ids = [f"endpoint/{r.name}/variant/{v['VariantName']}" for v in variants]
        try:
            targets = self.aws.paginate(
                "application-autoscaling",
                "DescribeScalableTargets",
                "ScalableTargets",
                ServiceNamespace="sagemaker",
                ResourceIds=ids,
            )
            policies = (
                self.aws.paginate(
                    "application-autoscaling",
                    "DescribeScalingPolicies",
                    "ScalingPolicies",
                    ServiceNamespace="sagemaker",
                    ResourceId=ids[0],
                )
                if targets and len(ids) == 1
                else None
            )
            if policies is None and targets:
                policies = []
                for rid in {t["ResourceId"] for t in targets}:
                    policies += self.aws.paginate(
                        "application-autoscaling",
                        "DescribeScalingPolicies",
                        "ScalingPolicies",
                        ServiceNamespace="sagemaker",
                        ResourceId=rid,
                    )
        except CallFailed as e:
            miss = Missing(e.reason, fault=True)
            r.facts[K.SCALING] = miss
            r.matrix_rows = miss
            return
        max_by_variant = {
            t["ResourceId"].rsplit("/", 1)[-1]: int(t.get("MaxCapacity", 0)) for t in targets
        }
        live = {v["VariantName"]: v for v in ep.get("ProductionVariants") or []}
        if policies:
            r.facts[K.SCALING] = Fact(
                "target_tracking", ", ".join(p.get("PolicyARN", "") for p in policies)
            )
        else:
            r.facts[K.SCALING] = Fact("fixed", f"{cfg_arn} (no Application Auto Scaling policy)")
        rows = []
        for v in variants:
            if not v.get("InstanceType"):
                continue
            lv = live.get(v["VariantName"], {})
            count = max(
                int(
                    lv.get("DesiredInstanceCount")
                    or lv.get("CurrentInstanceCount")
                    or v.get("InitialInstanceCount")
                    or 0
                ),
                max_by_variant.get(v["VariantName"], 0),
            )
            rows.append(
                {
                    "environment": self.environment,
                    "region": self.region,
                    "workload": WORKLOAD,
                    "instance_type": v["InstanceType"],
                    "count": count,
                }
            )
        r.matrix_rows = rows

    # ------------------------------------------------------------------ CloudWatch

    def _read_metrics(self, r: EndpointReading, variants: list[dict], serverless: bool) -> None:
        names = [v["VariantName"] for v in variants]
        r.invocations, r.invocation_source = metrics.invocations(
            self.aws, self.window, r.name, names
        )
        r.facts[K.P95_LATENCY] = metrics.p95_latency(self.aws, self.window, r.name, names)
        if serverless:
            r.facts[K.COLD_START] = metrics.cold_start(self.aws, self.window, r.name, names)
        else:
            r.facts[K.COLD_START] = Missing(
                f"{r.name} runs on instances: a cold start there is a scale-out; time one by hand"
            )


# ---------------------------------------------------------------------- helpers


def _best_recommendation(recs: list[dict]) -> str:
    """The cheapest per inference; NaN metrics mean unknown and never win."""

    def cost(rec: dict) -> float:
        v = (rec.get("Metrics") or {}).get("CostPerInference")
        return v if isinstance(v, int | float) and not math.isnan(v) else math.inf

    if not recs:
        return ""
    best = min(recs, key=cost)
    cfg = best.get("EndpointConfiguration") or {}
    label = cfg.get("InstanceType") or (
        f"serverless {cfg['ServerlessConfig'].get('MemorySizeInMB')} MB"
        if cfg.get("ServerlessConfig")
        else "?"
    )
    c = cost(best)
    return label + (f" at ${c:.6g}/inference" if c != math.inf else "")
