"""Built rubrics kept between runs: parsing and checking the built-in rubric costs every start
tens of milliseconds; reading it back built costs about one.

A kept rubric is used only when all it was built from is unchanged: the file's resolved path and
the hash of its content (``load_rubric`` reads and hashes the file anyway), and the code that
builds it (the package and Python versions, and the size and modification time of every core
module, so an edited checkout never reads a rubric its older code built). Only rubrics that
built without a problem are kept. Any trouble with the cache (missing, corrupt, written by
someone else, a read-only disk) means the rubric is built as before: the cache changes how soon
the answer comes, never the answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .data_folder import cache_dir

if TYPE_CHECKING:
    from .rubric import Rubric

SUFFIX = ".pickle"


def load(path: str, sha256: str) -> Rubric | None:
    """The rubric built from ``path`` with content hash ``sha256`` by this code, if kept."""
    from .rubric import Rubric

    try:
        fd = os.open(_file(path, sha256), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            if not _trusted(os.fstat(f.fileno())):
                return None
            rubric = pickle.load(f)
    # Unpickling fails in many ways (EOFError, UnpicklingError, AttributeError, ...): any of
    # them only means this copy is not usable.
    except Exception:
        return None
    if not isinstance(rubric, Rubric) or (rubric.path, rubric.sha256) != (path, sha256):
        return None
    return rubric


def store(path: str, sha256: str, rubric: Rubric) -> None:
    """Keep ``rubric`` for the next run (replacing what was kept for ``path``); never raises."""
    target = _file(path, sha256)
    temp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        data = pickle.dumps(rubric, protocol=pickle.HIGHEST_PROTOCOL)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temp, target)  # readers see the old copy or the whole new one
        for old in target.parent.glob(f"{_path_key(path)}-*{SUFFIX}"):
            if old != target:
                old.unlink(missing_ok=True)  # built from an older file or older code
    except Exception:  # a full or read-only disk, a folder in the way: simply not kept
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _file(path: str, sha256: str) -> Path:
    key = hashlib.sha256(repr((path, sha256, _code())).encode()).hexdigest()[:32]
    return cache_dir() / "rubrics" / f"{_path_key(path)}-{key}{SUFFIX}"


def _path_key(path: str) -> str:
    return hashlib.sha256(path.encode()).hexdigest()[:16]


@cache
def _code() -> tuple:
    """What the built objects depend on besides the file: the code that defines and builds them."""
    from .. import __version__

    modules = sorted(
        (entry.name, entry.stat().st_mtime_ns, entry.stat().st_size)
        for entry in os.scandir(Path(__file__).parent)
        if entry.name.endswith(".py")
    )
    return (__version__, sys.version, tuple(modules))


def _trusted(st: os.stat_result) -> bool:
    """A regular file of this user's that nobody else may write: unpickling runs code."""
    uid = getattr(os, "getuid", None)
    mine = uid is None or st.st_uid == uid()
    return stat.S_ISREG(st.st_mode) and mine and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
