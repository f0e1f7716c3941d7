"""From what a person typed to a workload ``Location``: a local path or ``s3://bucket/key``.

The front ends (command line, app, interview) turn every FILE argument into a location here,
so no command needs an "is it S3?" branch: the core reads and saves both the same way. This
module does not import boto3; naming an ``s3://`` object loads the S3 store (and boto3) then.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import MlprofileError
from ..core.location import Location, ObjectLocation

WORKLOAD_SUFFIX = ".mlprofile.toml"
# S3's bucket naming rules (general purpose buckets): 3-63 characters, lowercase letters,
# digits, dots and hyphens, beginning and ending with a letter or digit.
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
MAX_KEY_BYTES = 1024


def parse_s3_uri(uri: str, prefix: bool = False) -> tuple[str, str]:
    """``s3://bucket/key`` as (bucket, key). ``prefix=True`` accepts a folder-like prefix
    (empty, or ending in ``/``) as ``portfolio`` does; otherwise the key names one object.
    MlprofileError naming the URI when it is malformed."""
    m = _SCHEME.match(uri)
    if m is None or m.group(1).lower() != "s3":
        raise MlprofileError("is not an s3://bucket/key URI", path=uri)
    bucket, _, key = uri[m.end() :].partition("/")
    if not _BUCKET.fullmatch(bucket) or ".." in bucket:
        raise MlprofileError(
            f"{bucket!r} is not an S3 bucket name (3-63 lowercase letters, digits, dots and "
            "hyphens, beginning and ending with a letter or digit)",
            path=uri,
        )
    if len(key.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        raise MlprofileError(f"the key is over {MAX_KEY_BYTES} bytes, S3's limit", path=uri)
    if not prefix and (not key or key.endswith("/")):
        raise MlprofileError(
            f"names a bucket or a prefix, not an object; a workload is one object, e.g. "
            f"s3://{bucket}/{key or ''}NAME{WORKLOAD_SUFFIX}",
            path=uri,
        )
    return bucket, key


def is_s3_uri(text: str) -> bool:
    m = _SCHEME.match(text)
    return m is not None and m.group(1).lower() == "s3"


def workload_location(text: str | Path) -> Location:
    """The workload ``text`` names: an S3 object for ``s3://bucket/key`` (read and written
    through the process's one S3 store), else a local path. Another ``scheme://`` is refused
    (MlprofileError): it would otherwise be read as a local folder named ``scheme:``."""
    if isinstance(text, Path):
        return text
    m = _SCHEME.match(text)
    if m is None:
        return Path(text)
    if m.group(1).lower() != "s3":
        raise MlprofileError(
            f"{m.group(1)}:// is not a store mlprofile knows; a workload is a local file or "
            f"s3://bucket/key{WORKLOAD_SUFFIX}",
            path=text,
        )
    bucket, key = parse_s3_uri(text)
    require_boto3(text, "an s3:// workload")
    from .s3store import default_store

    return ObjectLocation("s3", bucket, key, default_store())


def require_boto3(uri: str, what: str) -> None:
    """Raise MlprofileError naming ``uri`` when boto3, which every ``s3://`` path needs, is
    not installed: ``what`` ("an S3 portfolio") needs boto3, and how to install it. Imports
    boto3 when it is there: the caller is about to use it."""
    try:
        import boto3  # noqa: F401
    except ImportError as e:
        if (e.name or "boto3").partition(".")[0] not in {"boto3", "botocore"}:
            raise  # boto3 is there but broken: its own error says more than ours
        from ..core.documents import INSTALL_BOTO3

        raise MlprofileError(f"{what} needs boto3; {INSTALL_BOTO3}", path=uri) from None


def typed_location(text: str) -> Location:
    """What a person typed in a file dialog: a path (``~`` expanded) or an ``s3://`` object."""
    return workload_location(text) if is_s3_uri(text) else Path(text).expanduser()


def uri_problem(text: str, prefix: bool = False) -> str | None:
    """Why ``text`` is not an ``s3://bucket/key`` of one object (``prefix=True``: an
    ``s3://bucket/prefix/``, as a portfolio reads), or None (no request made)."""
    try:
        parse_s3_uri(text, prefix=prefix)
    except MlprofileError as e:
        return e.message
    return None
