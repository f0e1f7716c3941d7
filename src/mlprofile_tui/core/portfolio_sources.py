"""Where a portfolio's workloads come from: PATH arguments to a sorted list of ``Source``s,
and a source to its text.

This is the one place that knows what a PATH is: a folder searched at any depth, or a file.
``s3://bucket/prefix/`` plugs in here, listing in ``discover`` and reading in
``read_source``, once the S3 store exists; until then such a PATH is refused as bad usage.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import MlprofileError
from .textfile import read_text_file

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


class DiscoveryError(MlprofileError):
    """PATH arguments that name no workload (missing, an s3:// prefix without the S3 store, a
    folder holding no workload file): bad usage, exit 2. ``problems`` has one error a PATH."""

    def __init__(self, problems: list[MlprofileError]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.render() for p in problems))


def discover(paths: Sequence[str]) -> list[Source]:
    """Every workload the PATH arguments name, each once, sorted by path.

    A folder gives every ``*.mlprofile.toml`` below it, at any depth (symlinked files are
    read; symlinked folders are not entered, so a link loop cannot run forever). Any other
    existing path is one workload as named, whatever its kind: a FIFO or an unreadable file
    becomes an entry with its error when it is read, never a hang here.

    Raises DiscoveryError listing every PATH that names nothing: one that does not exist, an
    ``s3://`` prefix (the S3 store is not in this build), a folder without workload files.
    """
    found: dict[str, Source] = {}
    problems: list[MlprofileError] = []
    for given in paths:
        if given.startswith(S3_SCHEME):
            problems.append(
                MlprofileError(
                    "S3 paths need the S3 store, which is not in this build yet; copy the "
                    "workloads to a local folder and pass that",
                    path=given,
                )
            )
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


def read_source(source: Source) -> tuple[Path, str]:
    """The path to name in messages and the text of ``source`` (BOM removed, LF line ends):
    the text it carries, else the file's.

    MlprofileError (naming the file) when it cannot be read: missing, not a regular file,
    too large, binary or not UTF-8 (``read_text_file``)."""
    path = Path(source.path)
    return path, source.text if source.text is not None else read_text_file(path).text
