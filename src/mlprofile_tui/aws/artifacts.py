"""How big a model artefact is: one S3 object, a prefix summed, or a multi-model folder."""

from __future__ import annotations

from dataclasses import dataclass

from .calls import AwsCaller
from .faults import CallFailed


@dataclass(frozen=True)
class ArtifactSize:
    size: int
    where: str  # what was measured, for the answer's source
    note: str = ""  # something the user should know (an object that turned out to be a prefix)
    models: int = 1  # models found (a multi-model endpoint's folder holds many)


def artifact_of(container: dict) -> tuple[str | None, str]:
    """The container's S3 artefact and its S3DataType (S3Object or S3Prefix)."""
    if container.get("ModelDataUrl"):
        return container["ModelDataUrl"], "S3Object"
    src = (container.get("ModelDataSource") or {}).get("S3DataSource") or {}
    if src.get("S3Uri"):
        return src["S3Uri"], src.get("S3DataType", "S3Object")
    return None, ""


def bucket(url: str) -> str:
    return url.removeprefix("s3://").split("/", 1)[0]


def key(url: str) -> str:
    parts = url.removeprefix("s3://").split("/", 1)
    return parts[1] if len(parts) > 1 else ""


def list_prefix(aws: AwsCaller, url: str) -> list[dict]:
    return aws.paginate(
        "s3",
        "ListObjectsV2",
        "Contents",
        url,
        Bucket=bucket(url),
        Prefix=key(url),
        PaginationConfig={"PageSize": 1000},
    )


def multi_model_size(aws: AwsCaller, url: str) -> ArtifactSize:
    """A multi-model endpoint loads one model at a time: the largest is what a load costs."""
    tars = [o for o in list_prefix(aws, url) if o["Key"].endswith(".tar.gz")]
    if not tars:
        raise CallFailed(f"multi-model prefix {url} holds no *.tar.gz models", kind="not_found")
    biggest = max(tars, key=lambda o: o["Size"])
    where = f"s3://{bucket(url)}/{biggest['Key']} (largest of {len(tars)} models under {url})"
    return ArtifactSize(biggest["Size"], where, models=len(tars))


def artifact_size(aws: AwsCaller, url: str, kind: str) -> ArtifactSize:
    """Bytes at ``url``; a prefix is summed, and said to be one when it should not be."""
    if kind == "S3Prefix" or url.endswith("/"):
        objs = list_prefix(aws, url)
        if not objs:
            raise CallFailed(f"artefact prefix {url} is empty", kind="not_found")
        return ArtifactSize(sum(o["Size"] for o in objs), f"{url} ({len(objs)} objects summed)")
    try:
        head = aws.call("s3", "HeadObject", url, Bucket=bucket(url), Key=key(url))
        return ArtifactSize(int(head["ContentLength"]), url)
    except CallFailed as e:
        if not e.is_not_found:
            raise
    objs = list_prefix(aws, url.rstrip("/") + "/")
    if not objs:
        raise CallFailed(
            f"artefact {url} not found (s3:HeadObject 404 and no objects under it as a prefix)",
            kind="not_found",
        )
    note = (
        f"{url} is an S3 prefix, not one object: summed {len(objs)} objects; "
        "SageMaker expects a single model.tar.gz unless S3DataType is S3Prefix"
    )
    where = f"{url}/ ({len(objs)} objects summed: a prefix, not one object)"
    return ArtifactSize(sum(o["Size"] for o in objs), where, note)
