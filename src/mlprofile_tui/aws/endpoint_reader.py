"""Read one SageMaker endpoint (config, models, artefacts, metrics, scaling) into facts.

Every call goes through ``EndpointReader.call``: one place that checks for cancel, names the
action in failures, and turns botocore errors into ``CallFailed``. A failure costs only the
characteristics that needed that call; the rest of the endpoint is still read.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from . import facts as K
from . import images
from .facts import Fact, Missing, Reading
from .faults import CallFailed, describe_failure

_ENDPOINT_KEYS = tuple(k for k in K.IMPORTABLE if k not in (K.TRAFFIC_PATTERN, K.PEAK_INVOCATIONS))
_KMS_RANK = {"aws_managed": 2, "customer_managed": 3}
_REGISTRY_RANK = {"public_third_party": 1, "private_third_party": 2, "ecr": 3}
_SPOT_RANK = {"not_used": 1, "used": 2, "used_with_checkpoints": 4}
TRAINING_JOBS_SCANNED = 100  # newest training jobs searched for the one that built a model


class Cancelled(Exception):
    """The caller set the cancel event; nothing is written."""


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    period_s: int  # 60 while CloudWatch keeps 1-minute data (15 days), then 300, then 3600

    @classmethod
    def last_days(cls, days: int, now: datetime) -> Window:
        end = now.replace(second=0, microsecond=0)
        period = 60 if days <= 15 else 300 if days <= 63 else 3600
        return cls(end - timedelta(days=days), end, period)

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds()) // 60 * 60

    def label(self) -> str:
        return f"{self.start:%Y-%m-%dT%H:%MZ}..{self.end:%Y-%m-%dT%H:%MZ}"


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
        environment: str = "production",
        cancel: threading.Event | None = None,
    ) -> None:
        self.account = account
        self.region = account.region
        self.window = window
        self.environment = environment
        self.cancel = cancel or threading.Event()
        self.caller_account = account.identity.account if account.identity else None
        self._lock = threading.Lock()
        self._models: dict[str, _Model | CallFailed] = {}
        self._keys: dict[str, str | CallFailed] = {}
        self._training: dict[str, dict] | CallFailed | None = None
        self._training_lock = threading.Lock()

    # ------------------------------------------------------------------ calls

    def call(
        self, service: str, op: str, what: str = "", *, region: str | None = None, **params
    ) -> dict:
        if self.cancel.is_set():
            raise Cancelled()
        client = self.account.client(service, region)
        method = getattr(client, _snake(op))
        try:
            return method(**params)
        except Exception as e:  # botocore raises many unrelated types; all become one message
            from botocore.exceptions import BotoCoreError, ClientError

            if isinstance(e, ClientError | BotoCoreError):
                raise describe_failure(e, f"{_iam_prefix(service)}:{op}", what) from None
            raise

    def paginate(
        self,
        service: str,
        op: str,
        result_key: str,
        what: str = "",
        limit: int | None = None,
        *,
        region: str | None = None,
        **params,
    ) -> list:
        if self.cancel.is_set():
            raise Cancelled()
        client = self.account.client(service, region)
        out: list = []
        try:
            for page in client.get_paginator(_snake(op)).paginate(**params):
                if self.cancel.is_set():
                    raise Cancelled()
                out.extend(page.get(result_key, []))
                if limit is not None and len(out) >= limit:
                    return out[:limit]
        except Cancelled:
            raise
        except Exception as e:
            from botocore.exceptions import BotoCoreError, ClientError

            if isinstance(e, ClientError | BotoCoreError):
                raise describe_failure(e, f"{_iam_prefix(service)}:{op}", what) from None
            raise
        return out

    # ------------------------------------------------------------------ one endpoint

    def read(self, name: str) -> EndpointReading:
        r = EndpointReading(name)
        try:
            ep = self.call("sagemaker", "DescribeEndpoint", EndpointName=name)
        except CallFailed as e:
            if e.is_not_found:
                r.gone = (
                    f"endpoint {name!r} not found in {self.region} "
                    "(sagemaker:DescribeEndpoint); check --endpoint and --region"
                )
                return r.fail_all(r.gone)
            return r.fail_all(f"endpoint {name!r}: {e.reason}")
        r.arn, r.created = ep.get("EndpointArn", name), ep.get("CreationTime")
        try:
            cfg = self.call(
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
                meta = self.call("kms", "DescribeKey", key_id, KeyId=key_id)["KeyMetadata"]
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
                d = self.call("sagemaker", "DescribeModel", ModelName=model_name)
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
                models, ic_count, artifacts = self._inference_components(r.name)
            else:
                for v in variants:
                    if v["ModelName"] not in {m.name for m in models}:
                        models.append(self._model(v["ModelName"]))
                artifacts = None
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
        self._read_images(r, models, artifacts)
        self._read_artifacts(r, models, ic_count, artifacts, multi_model)
        r.facts[K.INSTANCE_SELECTION] = self._recommender(models)
        r.facts[K.SPOT_TRAINING] = self._spot(models)

    def _inference_components(
        self, endpoint: str
    ) -> tuple[list[_Model], int, list[tuple[str, str]]]:
        """Models behind an inference-component endpoint, their count, and bare-artefact ICs."""
        summaries = self.paginate(
            "sagemaker",
            "ListInferenceComponents",
            "InferenceComponents",
            EndpointNameEquals=endpoint,
        )
        models: list[_Model] = []
        artifacts: list[tuple[str, str]] = []
        for s in summaries:
            d = self.call(
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
                if c.get("ArtifactUrl"):
                    artifacts.append((d.get("InferenceComponentArn", ""), c["ArtifactUrl"]))
        return models, len(summaries), artifacts

    def _read_images(self, r: EndpointReading, models: list[_Model], _artifacts) -> None:
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
        self,
        r: EndpointReading,
        models: list[_Model],
        ic_count: int | None,
        ic_artifacts,
        multi_model: bool,
    ) -> None:
        sizes: list[tuple[int, str]] = []
        model_count = ic_count if ic_count is not None else len(models)
        notes: list[str] = []
        try:
            for m in models:
                total, where = 0, []
                for c in m.containers:
                    url, kind = _artifact(c)
                    if not url:
                        continue
                    if c.get("Mode") == "MultiModel":
                        objs = self._list_prefix(url)
                        tars = [o for o in objs if o["Key"].endswith(".tar.gz")]
                        if not tars:
                            raise CallFailed(
                                f"multi-model prefix {url} holds no *.tar.gz models",
                                kind="not_found",
                            )
                        model_count = max(model_count, len(tars))
                        biggest = max(tars, key=lambda o: o["Size"])
                        total += biggest["Size"]
                        where.append(
                            f"s3://{_bucket(url)}/{biggest['Key']} (largest of {len(tars)} "
                            f"models under {url})"
                        )
                        continue
                    size, desc, note = self._artifact_size(url, kind)
                    total += size
                    where.append(desc)
                    if note:
                        notes.append(note)
                if where:
                    sizes.append((total, " + ".join(where)))
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
        r.notes.extend(notes)
        r.facts[K.MODELS_PER_ENDPOINT] = Fact(max(1, model_count), ", ".join(m.arn for m in models))

    def _artifact_size(self, url: str, kind: str) -> tuple[int, str, str]:
        """Bytes at ``url``; a prefix is summed, and said to be one when it should not be."""
        if kind == "S3Prefix" or url.endswith("/"):
            objs = self._list_prefix(url)
            if not objs:
                raise CallFailed(f"artefact prefix {url} is empty", kind="not_found")
            return sum(o["Size"] for o in objs), f"{url} ({len(objs)} objects summed)", ""
        bucket, key = _bucket(url), _key(url)
        try:
            head = self.call("s3", "HeadObject", url, Bucket=bucket, Key=key)
            return int(head["ContentLength"]), url, ""
        except CallFailed as e:
            if not e.is_not_found:
                raise
        objs = self._list_prefix(url.rstrip("/") + "/")
        if not objs:
            raise CallFailed(
                f"artefact {url} not found (s3:HeadObject 404 and no objects under it as a prefix)",
                kind="not_found",
            )
        note = (
            f"{url} is an S3 prefix, not one object: summed {len(objs)} objects; "
            "SageMaker expects a single model.tar.gz unless S3DataType is S3Prefix"
        )
        return (
            sum(o["Size"] for o in objs),
            f"{url}/ ({len(objs)} objects summed: a prefix, not one object)",
            note,
        )

    def _list_prefix(self, url: str) -> list[dict]:
        return self.paginate(
            "s3",
            "ListObjectsV2",
            "Contents",
            url,
            Bucket=_bucket(url),
            Prefix=_key(url),
            PaginationConfig={"PageSize": 1000},
        )

    # ------------------------------------------------------------------ instance selection, spot

    def _recommender(self, models: list[_Model]) -> Reading:
        found = []
        for m in models:
            try:
                jobs = self.paginate(
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
                d = self.call(
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
                    jobs = self.paginate(
                        "sagemaker",
                        "ListTrainingJobs",
                        "TrainingJobSummaries",
                        limit=TRAINING_JOBS_SCANNED,
                        SortBy="CreationTime",
                        SortOrder="Descending",
                    )
                    index: dict[str, dict] = {}
                    for j in jobs:
                        d = self.call(
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
        urls = [u for m in models for c in m.containers for u in [_artifact(c)[0]] if u]
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
            targets = self.paginate(
                "application-autoscaling",
                "DescribeScalableTargets",
                "ScalableTargets",
                ServiceNamespace="sagemaker",
                ResourceIds=ids,
            )
            policies = (
                self.paginate(
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
                    policies += self.paginate(
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
                    "workload": "real_time_inference",
                    "instance_type": v["InstanceType"],
                    "count": count,
                }
            )
        r.matrix_rows = rows

    # ------------------------------------------------------------------ CloudWatch

    def _metric_query(
        self, qid: str, endpoint: str, variant: str, metric: str, stat: str, period: int
    ) -> dict:
        return {
            "Id": qid,
            "ReturnData": True,
            "MetricStat": {
                "Metric": {
                    "Namespace": "AWS/SageMaker",
                    "MetricName": metric,
                    "Dimensions": [
                        {"Name": "EndpointName", "Value": endpoint},
                        {"Name": "VariantName", "Value": variant},
                    ],
                },
                "Period": period,
                "Stat": stat,
            },
        }

    def _metric_data(
        self, queries: list[dict], what: str
    ) -> dict[str, list[tuple[datetime, float]]]:
        out: dict[str, list[tuple[datetime, float]]] = {q["Id"]: [] for q in queries}
        token = None
        while True:
            params: dict[str, Any] = {
                "MetricDataQueries": queries,
                "StartTime": self.window.start,
                "EndTime": self.window.end,
                "ScanBy": "TimestampAscending",
            }
            if token:
                params["NextToken"] = token
            resp = self.call("cloudwatch", "GetMetricData", what, **params)
            for res in resp.get("MetricDataResults", []):
                if res.get("StatusCode") == "Forbidden":
                    raise CallFailed(
                        f"AccessDenied on cloudwatch:GetMetricData for {what}", kind="denied"
                    )
                out.setdefault(res["Id"], []).extend(
                    (t, v)
                    for t, v in zip(res.get("Timestamps", []), res.get("Values", []), strict=False)
                    if v is not None and not math.isnan(v)
                )
            token = resp.get("NextToken")
            if not token:
                return out

    def _read_metrics(self, r: EndpointReading, variants: list[dict], serverless: bool) -> None:
        w = self.window
        names = [v["VariantName"] for v in variants]
        what = f"endpoint {r.name}"
        inv_src = (
            f"cloudwatch:AWS/SageMaker Invocations Sum/{w.period_s}s EndpointName={r.name} "
            f"({len(names)} variant{'s' if len(names) != 1 else ''}) {w.label()}"
        )
        try:
            data = self._metric_data(
                [
                    self._metric_query(f"inv{i}", r.name, n, "Invocations", "Sum", w.period_s)
                    for i, n in enumerate(names)
                ],
                f"Invocations of {what}",
            )
            series: dict[datetime, float] = {}
            for points in data.values():
                for t, v in points:
                    slot = w.start + timedelta(
                        seconds=(t - w.start).total_seconds() // w.period_s * w.period_s
                    )
                    series[slot] = series.get(slot, 0.0) + v
            r.invocations = (
                series
                if series
                else Missing(f"metric empty: no Invocations for {r.name} in {w.label()}")
            )
            r.invocation_source = inv_src
        except CallFailed as e:
            r.invocations = Missing(e.reason, fault=True)
        lat_src = (
            f"cloudwatch:AWS/SageMaker ModelLatency p95/{w.seconds}s "
            f"EndpointName={r.name} {w.label()}"
        )
        try:
            data = self._metric_data(
                [
                    self._metric_query(f"lat{i}", r.name, n, "ModelLatency", "p95", w.seconds)
                    for i, n in enumerate(names)
                ],
                f"ModelLatency p95 of {what}",
            )
            values = [v for points in data.values() for _t, v in points]
            r.facts[K.P95_LATENCY] = (
                Fact(_ms(max(values)), lat_src + " (microseconds, worst variant)")
                if values
                else Missing(f"metric empty: no ModelLatency for {r.name} in {w.label()}")
            )
        except CallFailed as e:
            r.facts[K.P95_LATENCY] = Missing(e.reason, fault=True)
        if not serverless:
            r.facts[K.COLD_START] = Missing(
                f"{r.name} runs on instances: a cold start there is a scale-out; time one by hand"
            )
            return
        cs_src = (
            f"cloudwatch:AWS/SageMaker ModelSetupTime Average/{w.seconds}s "
            f"EndpointName={r.name} {w.label()}"
        )
        try:
            data = self._metric_data(
                [
                    self._metric_query(f"cs{i}", r.name, n, "ModelSetupTime", "Average", w.seconds)
                    for i, n in enumerate(names)
                ],
                f"ModelSetupTime of {what}",
            )
            values = [v for points in data.values() for _t, v in points]
            r.facts[K.COLD_START] = (
                Fact(_ms(max(values)), cs_src + " (microseconds)")
                if values
                else Missing(
                    f"metric empty: no ModelSetupTime for {r.name} in {w.label()} "
                    "(no cold start yet)"
                )
            )
        except CallFailed as e:
            r.facts[K.COLD_START] = Missing(e.reason, fault=True)


# ---------------------------------------------------------------------- small pure helpers


def _snake(op: str) -> str:
    out = []
    for i, ch in enumerate(op):
        if (
            ch.isupper()
            and i
            and (not op[i - 1].isupper() or (i + 1 < len(op) and op[i + 1].islower()))
        ):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def _iam_prefix(service: str) -> str:
    return {
        "service-quotas": "servicequotas",
        "cloudwatch": "cloudwatch",
        "application-autoscaling": "application-autoscaling",
    }.get(service, service)


def _artifact(container: dict) -> tuple[str | None, str]:
    if container.get("ModelDataUrl"):
        return container["ModelDataUrl"], "S3Object"
    src = (container.get("ModelDataSource") or {}).get("S3DataSource") or {}
    if src.get("S3Uri"):
        return src["S3Uri"], src.get("S3DataType", "S3Object")
    return None, ""


def _bucket(url: str) -> str:
    return url.removeprefix("s3://").split("/", 1)[0]


def _key(url: str) -> str:
    parts = url.removeprefix("s3://").split("/", 1)
    return parts[1] if len(parts) > 1 else ""


def _ms(microseconds: float) -> int | float:
    ms = round(microseconds / 1000.0, 1)
    return int(ms) if ms == int(ms) else ms


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
