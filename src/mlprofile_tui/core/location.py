"""Where a workload lives: a local file (``Path``) or an object in a store (``s3://bucket/key``).

The core reads and writes both through one rule (DESIGN.md §4, §9): a read remembers what it
read (a local file's SHA-256, an object's ETag) and a write happens only if that is still what
is stored, else ``ConflictError`` ("changed since it was loaded", exit 2). Local files are
written by ``store``; objects by an ``ObjectTransport`` that a front end hands in with the
location (the S3 one lives in ``aws.s3store``: the core never imports boto3). Nothing here
talks to a network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .textfile import MAX_BYTES, TextFile, decode_text


@dataclass(frozen=True)
class StoredObject:
    """An object's bytes and the ETag they were read with (the version a write must match)."""

    data: bytes
    etag: str


class ObjectTransport(Protocol):
    """Reads and conditional writes of whole objects. Every failure is an ``MlprofileError``
    naming the object's URI (exit 2); a lost race is a ``ConflictError``."""

    def get(self, location: ObjectLocation, *, max_bytes: int = MAX_BYTES) -> StoredObject:
        """The object's bytes and ETag. MlprofileError when it is missing, larger than
        ``max_bytes``, or cannot be read (no bucket, access denied, throttled, unreachable)."""
        ...

    def put(
        self,
        location: ObjectLocation,
        data: bytes,
        *,
        if_match: str | None,
        check: Callable[[bytes], None] | None = None,
    ) -> str:
        """Write ``data`` only if the object's ETag is still ``if_match`` (None: only if no
        object exists yet); return the new ETag. ``check`` gets the exact bytes about to be
        sent and may raise to refuse them. ConflictError when the condition fails (someone else
        wrote or deleted it; for a new object: it exists)."""
        ...


@dataclass(frozen=True)
class ObjectLocation:
    """A workload stored as one object: ``s3://bucket/key``. ``transport`` does the I/O."""

    scheme: str
    bucket: str
    key: str
    transport: ObjectTransport = field(compare=False, repr=False)

    @property
    def uri(self) -> str:
        return f"{self.scheme}://{self.bucket}/{self.key}"

    @property
    def name(self) -> str:
        """The last part of the key, as ``Path.name`` is for a file."""
        return self.key.rsplit("/", 1)[-1]

    def with_name(self, name: str) -> ObjectLocation:
        """The object beside this one called ``name`` (``Path.with_name`` for keys)."""
        head, sep, _ = self.key.rpartition("/")
        return ObjectLocation(self.scheme, self.bucket, f"{head}{sep}{name}", self.transport)

    def __str__(self) -> str:
        return self.uri


Location = Path | ObjectLocation
"""Where a workload is: a local file or an object."""


def same_location(a: Location, b: Location) -> bool:
    """Whether ``a`` and ``b`` name the same workload (files through any symlink)."""
    if isinstance(a, ObjectLocation) or isinstance(b, ObjectLocation):
        return isinstance(a, ObjectLocation) and isinstance(b, ObjectLocation) and a == b
    return a.resolve() == b.resolve()


def read_object(location: ObjectLocation, *, what: str = "workload file") -> tuple[TextFile, str]:
    """An object's text (checked as ``textfile.read_text_file`` checks a file) and its ETag."""
    stored = location.transport.get(location, max_bytes=MAX_BYTES)
    return decode_text(stored.data, location.uri, what=what), stored.etag
