"""What went wrong with one AWS call, said so a person can act on it, with no secret in it."""

from __future__ import annotations

import re
import threading
from typing import Any, NamedTuple

from ..core.errors import MlprofileError

ACCESS_DENIED = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "403",
    "Forbidden",
}
THROTTLED = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "ProvisionedThroughputExceededException",
}
NOT_FOUND = {
    "NoSuchKey",
    "NotFound",
    "404",
    "ResourceNotFound",
    "ResourceNotFoundException",
    "NoSuchResourceException",
    "NoSuchBucket",
}
NOT_IMPLEMENTED = {
    "NotImplemented",
    "UnknownOperationException",
    "InvalidAction",
    "UnsupportedOperation",
}

_KEY_ID = re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b")
_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()


class AwsSetupError(MlprofileError):
    """Nothing can be read: no credentials, unknown profile, no Region, credentials refused."""


def remember_secrets(*values: str | None) -> None:
    """Credential strings of this run: ``redact`` removes them from every message we print."""
    with _SECRETS_LOCK:
        _SECRETS.update(v for v in values if v and len(v) >= 8)


def redact(text: str) -> str:
    for s in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(s, "***")
    return _KEY_ID.sub("***", text)


class CallFailed(Exception):
    """One AWS call that failed; ``reason`` is the message for the profile's skipped list."""

    def __init__(self, reason: str, *, kind: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind  # denied | throttled | not_found | not_implemented | error

    @property
    def is_not_found(self) -> bool:
        return self.kind == "not_found"


class ErrorFields(NamedTuple):
    """What a botocore ``ClientError`` says: its code (or the HTTP status when it has none),
    the status, its message with credentials redacted, and how many attempts were made.
    A tuple, so a caller unpacks the four at once."""

    code: str
    status: int | None
    message: str
    attempts: int


def error_fields(exc: Any) -> ErrorFields:
    """The fields of a botocore ``ClientError`` (``exc.response``), for one clear message."""
    err = exc.response.get("Error", {}) or {}
    meta = exc.response.get("ResponseMetadata", {}) or {}
    return ErrorFields(
        code=str(err.get("Code") or meta.get("HTTPStatusCode") or "error"),
        status=meta.get("HTTPStatusCode"),
        message=redact(str(err.get("Message") or "").strip()),
        attempts=int(meta.get("RetryAttempts") or 0) + 1,
    )


def describe_failure(exc: BaseException, action: str, what: str = "") -> CallFailed:
    """Turn a botocore exception from ``action`` ("sagemaker:DescribeModel") into a CallFailed."""
    import botocore.exceptions as bex

    target = f" for {what}" if what else ""
    if isinstance(exc, bex.ClientError):
        code, status, message, attempts = error_fields(exc)
        if code in ACCESS_DENIED or status == 403:
            return CallFailed(
                f"AccessDenied on {action}{target} (the importer's IAM policy, "
                "printed by `mlprofile docs iam-policy`, grants it)",
                kind="denied",
            )
        if code in THROTTLED or status == 429:
            return CallFailed(
                f"throttled by {action}{target} ({code}) after {attempts} attempts; "
                "try again later or with fewer endpoints",
                kind="throttled",
            )
        if code in NOT_IMPLEMENTED or status == 501:
            return CallFailed(
                f"{action} is not implemented by this service endpoint", kind="not_implemented"
            )
        if code in NOT_FOUND or status == 404 or _looks_not_found(message):
            return CallFailed(
                f"not found: {action}{target}" + (f" ({message})" if message else ""),
                kind="not_found",
            )
        if status is not None and status >= 500:
            return CallFailed(
                f"{action}{target} failed with HTTP {status} after {attempts} "
                "attempts (the service could not answer it)",
                kind="error",
            )
        return CallFailed(
            f"{action}{target} failed: {code}" + (f": {message}" if message else ""), kind="error"
        )
    if isinstance(exc, bex.NoCredentialsError):
        return CallFailed("no AWS credentials", kind="error")
    if isinstance(exc, bex.BotoCoreError):
        return CallFailed(f"{action}{target} failed: {redact(str(exc))}", kind="error")
    return CallFailed(
        f"{action}{target} failed: {type(exc).__name__}: {redact(str(exc))}", kind="error"
    )


def _looks_not_found(message: str) -> bool:
    low = message.lower()
    return "could not find" in low or "does not exist" in low or "not found" in low
