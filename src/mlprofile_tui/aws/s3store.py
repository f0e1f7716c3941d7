"""The shared store on S3 (DESIGN.md §9): workloads as objects, every write conditional.

A read keeps the object's ETag; a write sends ``If-Match: ETAG`` (``If-None-Match: *`` for a
new workload), so of two interviewers who loaded the same version, the second to save gets
S3's 412 PreconditionFailed (or 409 ConditionalRequestConflict while the first write is in
flight) and the core's "changed since it was loaded" ConflictError, exit 2. One PutObject per
save and nothing else: no temporary or lock object ever lands in the bucket. The bytes are
checked before they are sent (the ``check`` the document passes) and carry a CRC32 checksum
that S3 verifies on arrival (botocore's default for PutObject).

One client per process, shared by threads (boto3 clients are thread-safe), with botocore's
standard retry mode (throttling such as 503 SlowDown and transient errors retried with jittered
backoff) and an explicit total attempt count (AWS_MAX_ATTEMPTS overrides it). Credentials,
Region and endpoint are found as boto3 finds them (AWS_ENDPOINT_URL included).

Every failure is one ``MlprofileError`` naming ``s3://bucket/key`` and the IAM action refused
(exit 2). This module imports boto3: only commands that name an ``s3://`` location load it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import boto3
import botocore.exceptions as bex
from botocore.config import Config

from ..core.errors import ConflictError, MlprofileError
from ..core.location import ObjectLocation, StoredObject
from ..core.textfile import MAX_BYTES
from .faults import ACCESS_DENIED, THROTTLED, error_fields, redact
from .locations import WORKLOAD_SUFFIX, parse_s3_uri
from .session import check_endpoint_variables, total_attempts

POLICY = "`mlprofile docs iam-policy-store`"
DEFAULT_WORKERS = 16
"""Concurrent GetObject calls in ``read_many``: S3 latency, not CPU, bounds them."""
CONFLICT_CODES = {"PreconditionFailed", "ConditionalRequestConflict", "412", "409"}
OPERATIONS = ("GetObject", "PutObject", "ListObjectsV2")
"""Every S3 operation this module calls (the IAM policy's actions follow from them; a test
records the calls made and compares)."""


@dataclass(frozen=True)
class ReadResult:
    """One object of ``read_many``: its bytes and ETag, or the error that stopped it."""

    uri: str
    stored: StoredObject | None
    error: MlprofileError | None = None


class S3Store:
    """Reads, conditional writes and listings of workload objects through one S3 client.

    ``client``: a ready boto3 S3 client; None makes one on first use from a fresh boto3
    session, as boto3 finds credentials, Region and endpoint (``endpoint_url`` overrides the
    endpoint: an S3-compatible store, a test server).
    """

    def __init__(
        self,
        client=None,
        *,
        endpoint_url: str | None = None,
        max_workers: int = DEFAULT_WORKERS,
    ) -> None:
        self._client = client
        self._endpoint_url = endpoint_url
        self._lock = threading.Lock()
        self.max_workers = max_workers

    @property
    def client(self):
        with self._lock:
            if self._client is None:
                check_endpoint_variables()
                config = Config(
                    retries={"mode": "standard", "total_max_attempts": total_attempts()},
                    max_pool_connections=max(10, self.max_workers),
                    connect_timeout=5,
                    read_timeout=30,
                    user_agent_extra="mlprofile-store",
                )
                try:
                    self._client = boto3.session.Session().client(
                        "s3", config=config, endpoint_url=self._endpoint_url
                    )
                except (bex.BotoCoreError, ValueError) as e:
                    raise MlprofileError(f"cannot set up the S3 client: {redact(str(e))}") from None
            return self._client

    def location(self, uri: str) -> ObjectLocation:
        bucket, key = parse_s3_uri(uri)
        return ObjectLocation("s3", bucket, key, self)

    # ---- ObjectTransport

    def get(self, location: ObjectLocation, *, max_bytes: int = MAX_BYTES) -> StoredObject:
        """GetObject: the bytes and ETag; MlprofileError naming the URI on any failure."""
        try:
            response = self.client.get_object(Bucket=location.bucket, Key=location.key)
            size = int(response.get("ContentLength") or 0)
            body = response["Body"]
            if size > max_bytes:
                body.close()
                raise MlprofileError(
                    f"is {size:,} bytes; a workload file is at most {max_bytes:,} bytes",
                    path=location,
                )
            data = body.read(max_bytes + 1)
            body.close()
        except (bex.ClientError, bex.BotoCoreError) as e:
            raise failure(e, location, "GetObject") from None
        if len(data) > max_bytes:
            raise MlprofileError(
                f"is over {max_bytes:,} bytes; a workload file is at most {max_bytes:,} bytes",
                path=location,
            )
        return StoredObject(data, response["ETag"])

    def put(
        self,
        location: ObjectLocation,
        data: bytes,
        *,
        if_match: str | None,
        check: Callable[[bytes], None] | None = None,
    ) -> str:
        """PutObject conditional on ``if_match`` (None: ``If-None-Match: *``); the new ETag.
        ConflictError when the condition fails; the object is then untouched."""
        if check is not None:
            check(data)
        condition = {"IfMatch": if_match} if if_match is not None else {"IfNoneMatch": "*"}
        try:
            response = self.client.put_object(
                Bucket=location.bucket,
                Key=location.key,
                Body=data,
                ContentType="application/toml",
                **condition,
            )
        except (bex.ClientError, bex.BotoCoreError) as e:
            raise failure(e, location, "PutObject", new=if_match is None) from None
        return response["ETag"]

    # ---- many objects

    def list_workloads(
        self, bucket: str, prefix: str = "", *, page_size: int | None = None
    ) -> list[str]:
        """The ``s3://`` URI of every ``*.mlprofile.toml`` object under ``prefix``, in key order
        (ListObjectsV2, every page; ``page_size`` sets MaxKeys, at most 1,000 a page).
        MlprofileError naming ``s3://bucket/prefix`` when the listing fails."""
        params: dict = {"Bucket": bucket, "Prefix": prefix}
        if page_size is not None:
            params["PaginationConfig"] = {"PageSize": page_size}
        uris: list[str] = []
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(**params):
                for item in page.get("Contents", ()):
                    if item["Key"].endswith(WORKLOAD_SUFFIX):
                        uris.append(f"s3://{bucket}/{item['Key']}")
        except (bex.ClientError, bex.BotoCoreError) as e:
            raise failure(e, f"s3://{bucket}/{prefix}", "ListObjectsV2") from None
        return uris

    def read_many(
        self,
        uris: Iterable[str],
        *,
        max_workers: int | None = None,
        cancel: threading.Event | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[ReadResult]:
        """GetObject of every URI, ``max_workers`` at a time on the shared client; results in
        the order given. An object that cannot be read is a result with its error, never a
        stop. ``cancel`` set: the objects not yet started are results with "cancelled";
        ``progress(done)`` after each object (from a worker thread)."""
        uris = list(uris)
        done = 0
        done_lock = threading.Lock()

        def one(uri: str) -> ReadResult:
            nonlocal done
            try:
                if cancel is not None and cancel.is_set():
                    return ReadResult(uri, None, MlprofileError("cancelled", path=uri))
                try:
                    return ReadResult(uri, self.get(self.location(uri)))
                except MlprofileError as e:
                    return ReadResult(uri, None, e)
            finally:
                if progress is not None:
                    with done_lock:
                        done += 1
                        n = done
                    progress(n)

        workers = max(1, min(max_workers or self.max_workers, len(uris) or 1))
        if workers == 1:
            return [one(u) for u in uris]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="s3-read") as pool:
            return list(pool.map(one, uris))


def failure(
    exc: BaseException, where: ObjectLocation | str, operation: str, *, new: bool = False
) -> MlprofileError:
    """One clear message for a failed S3 call on ``where``; ConflictError for a lost race."""
    action = f"s3:{operation}"
    bucket = where.bucket if isinstance(where, ObjectLocation) else parse_s3_uri(where, True)[0]
    if isinstance(exc, bex.ClientError):
        code, status, message, attempts = error_fields(exc)
        if operation == "PutObject" and (code in CONFLICT_CODES or status in (409, 412)):
            if new:
                return MlprofileError(
                    "already exists; not overwriting it (pick another key, or open it)",
                    path=where,
                )
            return ConflictError(
                "changed in the store since it was loaded (someone else saved it); not "
                "overwriting it. Reload and redo the change, or save as a new object.",
                path=where,
            )
        if code == "NoSuchBucket":
            return MlprofileError(f"bucket {bucket!r} does not exist", path=where)
        if code in ("NoSuchKey", "404", "NotFound") or status == 404:
            if operation == "PutObject":
                return ConflictError(
                    "was deleted from the store since it was loaded; not writing it. Reload "
                    "and redo the change, or save as a new object.",
                    path=where,
                )
            return MlprofileError("no such object", path=where)
        if code in ACCESS_DENIED or status == 403:
            hint = (
                " (or the object does not exist: without s3:ListBucket S3 answers a missing "
                "key with AccessDenied)"
                if operation == "GetObject"
                else ""
            )
            return MlprofileError(
                f"access denied for {action}{hint}; the store needs the permissions "
                f"{POLICY} prints",
                path=where,
            )
        if code in THROTTLED or status in (429, 503):
            return MlprofileError(
                f"S3 is throttling requests ({code}) and still was after {attempts} attempts "
                f"of {action}; nothing was changed, try again later",
                path=where,
            )
        if status is not None and status >= 500:
            return MlprofileError(
                f"{action} failed with HTTP {status} after {attempts} attempts; nothing was "
                "changed, try again later",
                path=where,
            )
        detail = f": {message}" if message else ""
        return MlprofileError(f"{action} failed: {code}{detail}", path=where)
    if isinstance(exc, bex.NoCredentialsError):
        return MlprofileError(
            "no AWS credentials found (environment, ~/.aws or an instance role); run "
            "`aws configure` or `aws sso login`",
            path=where,
        )
    if isinstance(exc, bex.EndpointConnectionError | bex.ConnectTimeoutError):
        return MlprofileError(
            f"cannot reach S3 ({redact(str(exc))}); check the network, the Region and "
            "AWS_ENDPOINT_URL",
            path=where,
        )
    if isinstance(exc, bex.ParamValidationError):
        return MlprofileError(f"{action}: {redact(str(exc))}", path=where)
    return MlprofileError(f"{action} failed: {redact(str(exc))}", path=where)


_DEFAULT: S3Store | None = None
_DEFAULT_LOCK = threading.Lock()


def default_store() -> S3Store:
    """The process's one store (one client, one connection pool)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = S3Store()
        return _DEFAULT


def list_workloads(bucket: str, prefix: str = "") -> list[str]:
    """Every ``*.mlprofile.toml`` object under ``s3://bucket/prefix`` (see
    ``S3Store.list_workloads``)."""
    return default_store().list_workloads(bucket, prefix)


def read_many(uris: Iterable[str]) -> list[ReadResult]:
    """Every object's bytes and ETag, concurrently (see ``S3Store.read_many``)."""
    return default_store().read_many(uris)
