"""Read one SageMaker endpoint (config, models, images, encryption, scaling) into facts.

A failed call costs only the characteristics that needed it; the rest of the endpoint is still
read. S3 sizes live in ``artifacts``, CloudWatch reads in ``metrics``, instance counts and
scaling in ``capacity``, Model Monitor in ``monitoring``, the call path in ``calls``.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..core import instance_types as instances
from . import artifacts, capacity, images, metrics, monitoring
from . import facts as K
from .calls import AwsCaller, Cancelled
from .facts import Fact, Missing, OneOf, Reading
from .faults import CallFailed
from .metrics import Window

__all__ = ["Cancelled", "EndpointReader", "EndpointReading", "Window"]

_ENDPOINT_KEYS = tuple(k for k in K.IMPORTABLE if k not in (K.TRAFFIC_PATTERN, K.PEAK_INVOCATIONS))
# How strongly a place is encrypted, weakest first: no key named (the service's default), an
# AWS-managed key named (alias/aws/...), a customer-managed key.
_KEY_STRENGTH = ("default", "aws_key", "customer")
# network.kms_encryption in each rubric version's words, most precise first.
_KMS_WORDS = {
    "default": ("s3_default", "aws_managed"),
    "aws_key": ("aws_managed_kms", "aws_managed"),
    "customer": ("customer_managed",),
    "customer_hardware_volume": ("instance_storage_plus_cmk", "customer_managed"),
}
# network.image_registry: registry kinds (images.registry) weakest first, and their words.
_REGISTRY_ORDER = ("public", "private_vpc", "ecr", "aws_prebuilt")
_REGISTRY_WORDS = {
    "public": ("public_third_party",),
    "private_vpc": ("private_registry_vpc", "private_third_party"),
    "ecr": ("ecr",),
    "aws_prebuilt": ("aws_prebuilt", "ecr"),
}
_SPOT_RANK = {"not_used": 1, "used": 2, "used_with_checkpoints": 4}
TRAINING_JOBS_SCANNED = 100  # newest training jobs searched for the one that built a model


@dataclass
class EndpointReading:
    name: str
    arn: str = ""
    created: datetime | None = None
    facts: dict[str, Reading] = field(default_factory=dict)
    invocations: dict[datetime, float] | Missing | None = None
    invocation_source: str = ""
    matrix_rows: list[dict] | Missing | None = None
    components: list[str] = field(default_factory=list)  # inference components' names
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
        keys: Iterable[str] | None = None,
    ) -> None:
        """``keys``: the rubric keys the import wants (default: every importable one); calls
        that serve none of them are not made."""
        self.aws = AwsCaller(account, cancel)
        self.keys = frozenset(K.IMPORTABLE if keys is None else keys)
        self.region = account.region
        self.window = window
        self.environment = environment
        self.caller_account = account.identity.account if account.identity else None
        self._lock = threading.Lock()
        self._models: dict[str, _Model | CallFailed] = {}
        self._packages: dict[str, list[dict] | CallFailed] = {}
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
        r.facts[K.ACCELERATOR_CLASS] = _accelerator(name, types, cfg_arn)
        r.facts.update(_serverless(name, variants, cfg_arn))
        r.facts[K.DATA_CAPTURE_PCT] = _data_capture(name, cfg, serverless, cfg_arn)
        r.facts[K.KMS] = self._kms(cfg, [*variants, *shadows], cfg_arn)
        self._read_models(r, cfg, [*variants, *shadows], cfg_arn)
        found = capacity.read_capacity(
            self.aws,
            name,
            ep,
            cfg,
            components=r.components,
            environment=self.environment,
            region=self.region,
        )
        r.facts.update(found.facts)
        r.matrix_rows = found.matrix_rows
        if K.MODEL_MONITOR in self.keys:
            r.facts[K.MODEL_MONITOR] = (
                Missing(
                    f"{name} is serverless: Serverless Inference does not support Model Monitor"
                )
                if serverless
                else monitoring.model_monitor(self.aws, name)
            )
        self._read_metrics(r, variants, serverless)

    # ------------------------------------------------------------------ encryption

    def _kms(self, cfg: dict, variants: list[dict], cfg_arn: str) -> Reading:
        """The weakest of the places the endpoint config can name a key for: the storage volume
        (unless local NVMe instance storage, encrypted in hardware, leaves it no key to take),
        captured data (when capture is on) and asynchronous output (on async endpoints)."""
        places: list[tuple[str, str | None]] = []
        nvme = sorted(
            {
                v["InstanceType"]
                for v in variants
                if v.get("InstanceType") and instances.has_instance_storage(v["InstanceType"])
            }
        )
        hardware_volume = bool(nvme) and not cfg.get("KmsKeyId")
        if not hardware_volume:
            places.append(("storage key", cfg.get("KmsKeyId")))
        capture = cfg.get("DataCaptureConfig") or {}
        if _capturing(capture):
            places.append(("data capture key", capture.get("KmsKeyId")))
        output = ((cfg.get("AsyncInferenceConfig") or {}).get("OutputConfig")) or {}
        if cfg.get("AsyncInferenceConfig"):
            places.append(("async output key", output.get("KmsKeyId")))
        try:
            strengths = [self._key_manager(key) for _what, key in places]
        except CallFailed as e:
            return Missing(e.reason, fault=True)
        details = [f"{what} {key or 'none (default encryption)'}" for what, key in places]
        if hardware_volume:
            details.insert(
                0,
                f"volume: local NVMe instance storage on {', '.join(nvme)}, encrypted in "
                "hardware (takes no KmsKeyId)",
            )
        weakest = min(strengths, key=_KEY_STRENGTH.index) if strengths else "default"
        if weakest == "customer" and hardware_volume:
            weakest = "customer_hardware_volume"
        return Fact(OneOf(_KMS_WORDS[weakest]), f"{cfg_arn} ({'; '.join(details)})")

    def _key_manager(self, key_id: str | None) -> str:
        """default, aws_key or customer (``_KEY_STRENGTH``) for a KmsKeyId as configured."""
        if not key_id:
            return "default"  # SageMaker and S3 fall back to their default encryption
        if "alias/aws/" in key_id:
            return "aws_key"
        with self._lock:
            known = self._keys.get(key_id)
        if known is None:
            try:
                meta = self.aws.call("kms", "DescribeKey", key_id, KeyId=key_id)["KeyMetadata"]
                known = "customer" if meta.get("KeyManager") == "CUSTOMER" else "aws_key"
            except CallFailed as e:
                if e.kind != "denied":
                    raise
                # A key someone named explicitly is a customer key unless it is an aws/ alias.
                known = "customer"
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
                declared = d.get("Containers") or (
                    [d["PrimaryContainer"]] if d.get("PrimaryContainer") else []
                )
                containers: list[dict] = []
                for c in declared:
                    containers += self._from_package(c)
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

    def _from_package(self, container: dict) -> list[dict]:
        """A container as deployed: one created from a model package (``ModelPackageName``, no
        ``Image``) runs the package's ``InferenceSpecification.Containers`` (image, artefact,
        framework) from sagemaker:DescribeModelPackage; its own mode and image config stay."""
        package = container.get("ModelPackageName")
        if not package or container.get("Image"):
            return [container]
        with self._lock:
            cached = self._packages.get(package)
        if cached is None:
            try:
                d = self.aws.call(
                    "sagemaker", "DescribeModelPackage", package, ModelPackageName=package
                )
                cached = list((d.get("InferenceSpecification") or {}).get("Containers") or [])
            except CallFailed as e:
                if e.is_not_found:
                    e = CallFailed(
                        f"model package {package!r} no longer exists: {e.reason}", kind="not_found"
                    )
                cached = e
            with self._lock:
                self._packages[package] = cached
        if isinstance(cached, CallFailed):
            raise cached
        kept = {k: container[k] for k in ("Mode", "ImageConfig") if k in container}
        return [{**c, **kept} for c in cached] or [container]

    def _read_models(
        self, r: EndpointReading, cfg: dict, variants: list[dict], cfg_arn: str
    ) -> None:
        """Model facts over every variant's model, shadow variants' too (they run in the
        account: their images, isolation and VPC count)."""
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
                models, r.components = self._inference_components(r.name)
                ic_count = len(r.components)
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

    def _inference_components(self, endpoint: str) -> tuple[list[_Model], list[str]]:
        """Models behind an inference-component endpoint, and the names of its components."""
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
        return models, [s["InferenceComponentName"] for s in summaries]

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
                fw = images.frameworks(img) or images.named_frameworks(c.get("Framework"))
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
                    images.registry(
                        img,
                        (c.get("ImageConfig") or {}).get("RepositoryAccessMode"),
                        prebuilt=src == "sagemaker_prebuilt",
                    )
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
        weakest = min(registries, key=_REGISTRY_ORDER.index)
        r.facts[K.IMAGE_REGISTRY] = Fact(OneOf(_REGISTRY_WORDS[weakest]), src_text)

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


def _accelerator(endpoint: str, types: list[str], cfg_arn: str) -> Reading:
    """deployment.accelerator_class from the production variants' instance families."""
    if not types:
        return Missing(f"{endpoint} is serverless: CPU only, no instance type to read")
    classes = {t: instances.accelerator_class(t) for t in dict.fromkeys(types)}
    unknown = [t for t, c in classes.items() if c is None]
    if unknown:
        return Missing(
            f"the processor of {', '.join(unknown)} is none of x86 CPU, Graviton, GPU, "
            "Inferentia or Trainium (or not an instance type we can read); answer it by hand"
        )
    found = set(classes.values())
    if len(found) > 1:
        said = ", ".join(f"{t}={c}" for t, c in classes.items())
        return Missing(f"the variants of {endpoint} run on different processors ({said})")
    return Fact(found.pop(), f"{cfg_arn} ({', '.join(classes)}: by instance family)")


def _serverless(endpoint: str, variants: list[dict], cfg_arn: str) -> dict[str, Reading]:
    """The three ServerlessConfig numbers (MB, requests, warm requests; 0 when not set)."""
    keys = (K.SERVERLESS_MEMORY, K.SERVERLESS_MAX_CONCURRENCY, K.SERVERLESS_PROVISIONED)
    configs = [v["ServerlessConfig"] for v in variants if v.get("ServerlessConfig")]
    if not configs:
        return dict.fromkeys(keys, Missing(f"{endpoint} runs on instances: no ServerlessConfig"))
    out: dict[str, Reading] = {}
    for key, field_name, default in (
        (K.SERVERLESS_MEMORY, "MemorySizeInMB", None),
        (K.SERVERLESS_MAX_CONCURRENCY, "MaxConcurrency", None),
        (K.SERVERLESS_PROVISIONED, "ProvisionedConcurrency", 0),
    ):
        values = {c.get(field_name, default) for c in configs}
        if None in values or len(values) != 1:
            out[key] = Missing(f"the variants of {endpoint} differ in {field_name} ({values})")
        else:
            out[key] = Fact(values.pop(), f"{cfg_arn} ServerlessConfig.{field_name}")
    return out


def _capturing(capture: dict) -> bool:
    """A DataCaptureConfig captures unless EnableCapture is false (it defaults to enabled)."""
    return bool(capture) and capture.get("EnableCapture", True) is not False


def _data_capture(endpoint: str, cfg: dict, serverless: bool, cfg_arn: str) -> Reading:
    """monitoring.data_capture_pct: InitialSamplingPercentage when capture is on, else 0."""
    if serverless:
        return Missing(f"{endpoint} is serverless: Serverless Inference does not capture data")
    capture = cfg.get("DataCaptureConfig") or {}
    if not capture:
        return Fact(0, f"{cfg_arn} (no DataCaptureConfig)")
    if not _capturing(capture):
        return Fact(0, f"{cfg_arn} DataCaptureConfig.EnableCapture false")
    pct = capture.get("InitialSamplingPercentage", 0)
    return Fact(pct, f"{cfg_arn} DataCaptureConfig.InitialSamplingPercentage")


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
