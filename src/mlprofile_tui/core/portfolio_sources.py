"""Where a portfolio's workloads come from: PATH arguments to a sorted list of ``Source``s,
and a source to its text.

This is the one place that knows what a PATH is: a folder searched at any depth, a file, or
``s3://bucket/prefix/``. The core never talks to S3 (it imports no boto3): a front end that
accepts S3 PATHs hands ``discover`` a ``RemoteLister`` (``aws.portfolio_s3.s3_sources``) that
lists and reads the objects concurrently, so their sources arrive carrying their text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import MlprofileError
from .location import Location, ObjectLocation, StoredObject
from .textfile import MAX_BYTES, read_text_file

SUFFIX = ".mlprofile.toml"
S3_SCHEME = "s3://"


@dataclass(frozen=True, slots=True)
class Source:
    """One workload file to read. ``path`` is how the user named it and how entries are sorted
    and shown: a local path as given (relative stays relative), later an ``s3://`` URL.
    ``problem``: why it cannot be read, known while listing (a folder nobody may list); its
    entry then carries that error. ``text``: the workload's text when it was fetched already
    (objects read concurrently with their listing); the pool then ships the text, not a path
    for the worker to open."""

    path: str
    problem: str | None = None
    text: str | None = None


RemoteLister = Callable[[str], Sequence[Source]]
"""An ``s3://bucket/prefix/`` PATH to one source per workload object under it, each carrying its
text or its problem. Raises MlprofileError naming the PATH when it names nothing (a bad URI, a
missing bucket, access denied, no workload objects): a bad PATH."""


class DiscoveryError(MlprofileError):
    """PATH arguments that name no workload (missing, an s3:// prefix without a lister, a bucket
    that cannot be listed, a folder holding no workload file): bad usage, exit 2. ``problems``
    has one error a PATH."""

    def __init__(self, problems: list[MlprofileError]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.render() for p in problems))


def discover(paths: Sequence[str], *, remote: RemoteLister | None = None) -> list[Source]:
    """Every workload the PATH arguments name, each once, sorted by path.

    A folder gives every ``*.mlprofile.toml`` below it, at any depth (symlinked files are
    read; symlinked folders are not entered, so a link loop cannot run forever). Any other
    existing path is one workload as named, whatever its kind: a FIFO or an unreadable file
    becomes an entry with its error when it is read, never a hang here.

    An ``s3://`` PATH is listed and read by ``remote`` (each object's source carries its text,
    or its problem when it could not be read); without ``remote`` it is refused.

    Raises DiscoveryError listing every PATH that names nothing: one that does not exist, an
    ``s3://`` prefix that cannot be listed or holds no workload (or any, without ``remote``),
    a folder without workload files.
    """
    found: dict[str, Source] = {}
    problems: list[MlprofileError] = []
    for given in paths:
        if given[: len(S3_SCHEME)].lower() == S3_SCHEME:
            if remote is None:
                problems.append(MlprofileError("S3 paths are not read here", path=given))
                continue
            try:
                for source in remote(given):
                    found.setdefault(source.path, source)
            except MlprofileError as e:
                problems.append(e)
            continue
        if not given:
            problems.append(MlprofileError("an empty PATH names no workload"))
            continue
        if os.path.isdir(given):
            listed = 0
            for source in _walk(given):
                found.setdefault(source.path, source)
                listed += 1
            if not listed:
                problems.append(
                    MlprofileError(f"no *{SUFFIX} files in this folder or below it", path=given)
                )
        elif os.path.lexists(given):
            path = os.path.normpath(given)
            found.setdefault(path, Source(path))
        else:
            problems.append(MlprofileError("no such file or folder", path=given))
    if problems:
        raise DiscoveryError(problems)
    return [found[p] for p in sorted(found)]


def _walk(folder: str) -> Iterator[Source]:
    unlisted: list[OSError] = []
    for root, _dirs, files in os.walk(folder, onerror=unlisted.append):
        for name in files:
            if name.endswith(SUFFIX):
                yield _source(os.path.normpath(os.path.join(root, name)))
    # A folder nobody may list may hold workloads: an entry with its error, never a silent gap.
    for error in unlisted:
        where = os.path.normpath(error.filename or folder)
        yield Source(where, MlprofileError(f"cannot list: {error.strerror}", path=where).render())


def _source(path: str) -> Source:
    """A listed file. A name that is not UTF-8 (Python keeps its bytes as lone surrogates)
    could not be printed, in a table or in JSON: it is shown with the bytes escaped and
    carries an error, so one odd name cannot stop the report."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        message = "the file name is not UTF-8 text; rename the file to read it"
        return Source(shown, MlprofileError(message, path=shown).render())
    return Source(path)


def read_source(source: Source) -> tuple[Location, str]:
    """Where ``source`` is (to name in messages: a ``Path``, or an ``ObjectLocation`` whose
    URI keeps its ``s3://``) and its text (BOM removed, LF line ends): the text it carries,
    else the file's.

    MlprofileError (naming the file) when it cannot be read: missing, not a regular file,
    too large, binary or not UTF-8 (``read_text_file``)."""
    if source.path[: len(S3_SCHEME)].lower() == S3_SCHEME:
        bucket, _, key = source.path[len(S3_SCHEME) :].partition("/")
        location = ObjectLocation("s3", bucket, key, _FETCHED)
        if source.text is None:
            raise MlprofileError("was not read with its listing", path=location)
        return location, source.text
    path = Path(source.path)
    return path, source.text if source.text is not None else read_text_file(path).text


class _FetchedWithListing:
    """The transport of a portfolio's objects: their text came with the listing (a pool
    worker has no S3 client), and a portfolio never writes."""

    def get(self, location: ObjectLocation, *, max_bytes: int = MAX_BYTES) -> StoredObject:
        raise MlprofileError("was not read with its listing", path=location)

    def put(
        self,
        location: ObjectLocation,
        data: bytes,
        *,
        if_match: str | None,
        check: Callable[[bytes], None] | None = None,
    ) -> str:
        raise MlprofileError("a portfolio only reads workloads", path=location)


_FETCHED = _FetchedWithListing()
