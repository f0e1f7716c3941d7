"""A portfolio's ``s3://bucket/prefix/`` PATH: every workload object under the prefix, listed
(every page) and read concurrently through the process's S3 store, each decoded as a local file
is (BOM, line ends, UTF-8, size) into a ``Source`` carrying its text.

The sources then go to the core's scoring pool like local files: a pool worker never talks to
S3 (no client crosses a process), and the core never imports boto3 (``discover`` gets
``s3_sources`` from the front end). This module imports boto3 through the store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..core.errors import MlprofileError
from ..core.portfolio_sources import SUFFIX, Source
from ..core.textfile import decode_text
from .locations import parse_s3_uri
from .s3store import S3Store, default_store


def s3_sources(
    uri: str,
    *,
    store: S3Store | None = None,
    cancel: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Source]:
    """One source per ``*.mlprofile.toml`` object under ``uri`` (``s3://bucket/prefix/``), in
    key order, each carrying its text, or the error that kept it from being read or decoded
    (one object's error never stops the others).

    ``progress(done, total)`` after each object is read (from a reader thread); ``cancel`` set:
    objects not yet read carry "cancelled". Raises MlprofileError naming ``uri`` when it names
    nothing: a malformed URI, a missing bucket, access denied to the listing, no workload
    objects under the prefix (a bad PATH, exit 2)."""
    bucket, prefix = parse_s3_uri(uri, prefix=True)
    store = store or default_store()
    uris = store.list_workloads(bucket, prefix)
    if not uris:
        raise MlprofileError(f"no *{SUFFIX} objects under this prefix", path=uri)
    total = len(uris)
    report = None if progress is None else (lambda done: progress(done, total))
    sources: list[Source] = []
    for result in store.read_many(uris, cancel=cancel, progress=report):
        if result.error is not None or result.stored is None:
            problem = result.error or MlprofileError("could not be read", path=result.uri)
            sources.append(Source(result.uri, problem=problem.render()))
            continue
        try:
            text = decode_text(result.stored.data, result.uri).text
        except MlprofileError as e:
            sources.append(Source(result.uri, problem=e.render()))
            continue
        sources.append(Source(result.uri, text=text))
    return sources
