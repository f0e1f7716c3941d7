"""Saving a workload file so that no edit is ever lost or half-written.

A save holds an OS lock (an flock on the folder of the real file, which every writer sees)
from the "unchanged since loaded?" check to the rename, so two writers can never both pass the
check: the loser gets ``ConflictError`` and exit 2. Under the lock: stale temporary files of the
same workload (left by a killed save) are removed, the new bytes go to a temporary file beside
the real one, fsynced, read back and checked, then renamed over it (and the folder fsynced). The
rename goes to a symlink's target and keeps the file's mode and, when run as root, its owner and
group. Read-only files, files the user may not write and hard-linked files are refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import ConflictError, MlprofileError

LOCK_TIMEOUT_S = 10.0
"""Seconds a save waits for another save of the same file before giving up (exit 2)."""


def digest(data: bytes) -> bytes:
    """The SHA-256 of a file's bytes: what "unchanged since loaded" compares."""
    return hashlib.sha256(data).digest()


def real_path(path: str | Path) -> Path:
    """Where a save really writes: a symlink's target (resolved through every link)."""
    return Path(os.path.realpath(path))


def lock_file(path: str | Path) -> Path:
    """Where fcntl is missing (Windows): the workload's lock file in the data folder, named
    by its resolved path's hash."""
    from .data_folder import data_dir

    key = hashlib.sha256(str(real_path(path)).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return data_dir() / "locks" / f"{key}.lock"


@contextlib.contextmanager
def locked(path: str | Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the save lock of the workload at ``path`` for the block.

    The lock is an flock on the folder that holds the real file: every writer sees it (any
    user, any data folder, through any symlink) and nothing is created beside the workload.
    ``filelock`` cannot lock a folder, hence fcntl here; without fcntl (Windows), or on a
    folder that cannot be opened, a ``filelock`` in the data folder. Saves of other files in
    the same folder wait too: a save holds it for milliseconds. Raises MlprofileError when
    another save holds it for longer than ``timeout`` seconds (default ``LOCK_TIMEOUT_S``).
    """
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    folder = real_path(path).parent
    try:
        import fcntl

        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (ImportError, OSError):
        with _data_folder_lock(path, timeout):
            yield
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise MlprofileError(
                        f"another mlprofile has been saving in {folder} for over {timeout:g} s; "
                        "try again",
                        path=path,
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing the folder releases the flock


@contextlib.contextmanager
def _data_folder_lock(path: str | Path, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = lock_file(path)
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise MlprofileError(
            f"cannot create the lock folder {lock.parent}: {e.strerror}", path=path
        ) from None
    try:
        with FileLock(lock, timeout=timeout, mode=0o600):
            yield
    except Timeout:
        raise MlprofileError(
            f"another mlprofile has been saving this file for over {timeout:g} s (lock {lock}); "
            "try again",
            path=path,
        ) from None


def stale_temp_files(real: Path) -> list[Path]:
    """Temporary files of ``real`` left by saves that were killed before their rename: the
    exact names ``tempfile.mkstemp`` gives ours (``.NAME.`` + 8 characters + ``.tmp``)."""
    pattern = re.compile(re.escape(f".{real.name}.") + r"[a-z0-9_]{8}\.tmp")
    try:
        with os.scandir(real.parent) as entries:
            return [Path(e.path) for e in entries if pattern.fullmatch(e.name)]
    except OSError:
        return []


def save_bytes(
    path: str | Path,
    data: bytes,
    *,
    loaded: bytes | None,
    check: Callable[[bytes], None] | None = None,
    exclusive_new: bool = False,
) -> None:
    """Replace ``path``'s content with ``data``, atomically and only if nobody changed it.

    ``loaded`` is the digest of the bytes the edit started from: if the file on disk differs,
    ConflictError (the file is untouched). ``exclusive_new`` creates a new file and refuses
    one that exists. ``check`` gets the bytes read back from the temporary file before the
    rename and may raise to refuse the save (``WorkloadDocument`` checks the text's meaning
    before it gets here). Raises MlprofileError for a read-only, unwritable or hard-linked
    file, a folder that cannot be written, or a target that is not a regular file.
    """
    real = real_path(path)
    folder = real.parent
    if not folder.is_dir():
        raise MlprofileError(f"cannot write: folder {folder} does not exist", path=path)
    with locked(real):
        st = _current(real, path)
        if exclusive_new:
            if st is not None:
                raise MlprofileError("already exists; not overwriting it", path=path)
        elif st is None:
            raise ConflictError(
                "was deleted or moved since it was loaded; not writing it. "
                "Reload and redo the change.",
                path=path,
            )
        else:
            _check_writable(st, real, path)
            if loaded is not None and digest(real.read_bytes()) != loaded:
                raise ConflictError(
                    "changed on disk since it was loaded (someone else edited it, or a git "
                    "pull); not overwriting it. Reload and redo the change.",
                    path=path,
                )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise MlprofileError(
                f"cannot write in folder {folder} (permission denied); the file is unchanged",
                path=path,
            )
        for stale in stale_temp_files(real):
            with contextlib.suppress(OSError):
                stale.unlink()
        _replace(real, data, st, check)


def _current(real: Path, shown: str | Path) -> os.stat_result | None:
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise MlprofileError("not a regular file; not writing it", path=shown)
    return st


def _check_writable(st: os.stat_result, real: Path, shown: str | Path) -> None:
    mode = f"{stat.S_IMODE(st.st_mode):04o}"
    # Root may write anything; a 0444 file is still a statement that it should not change.
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise MlprofileError(
            f"is read-only (mode {mode}); not changing it. Make it writable (chmod u+w) to "
            "edit it.",
            path=shown,
        )
    if not os.access(real, os.W_OK):
        raise MlprofileError(
            f"you may not write it (mode {mode}, owner uid {st.st_uid}, or an immutable "
            "file); not changing it",
            path=shown,
        )
    if st.st_nlink > 1:
        raise MlprofileError(
            f"has {st.st_nlink} hard links: a save replaces the file, so the other names would "
            "keep the old text. Edit it through one name (remove the other links, or use a "
            "symlink instead).",
            path=shown,
        )


def _replace(
    real: Path,
    data: bytes,
    st: os.stat_result | None,
    check: Callable[[bytes], None] | None,
    *,
    mode: int | None = None,
) -> None:
    """Write ``data`` beside ``real``, fsync, read back, rename over it: a crash leaves the old
    file or the new one, never half. Mode (and, as root, owner) from ``st``; ``mode`` for a
    new file (default: 0666 less the umask, as any new file). An OSError (a full disk, a
    folder that refuses new files) becomes one MlprofileError naming ``real``."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    except OSError as e:
        raise MlprofileError(
            f"cannot write in {real.parent}: {e.strerror}; the file is unchanged", path=real
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            _keep_owner(tmp, st)
        else:
            if mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(tmp, mode)
        written = tmp.read_bytes()
        if written != data:
            raise MlprofileError(
                "the new text did not reach the disk intact; the file is unchanged", path=real
            )
        if check is not None:
            check(written)
        os.replace(tmp, real)
    except BaseException as e:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(e, OSError):
            raise MlprofileError(
                f"cannot write: {e.strerror or e}; the file is unchanged", path=real
            ) from None
        raise
    fsync_folder(real.parent)


def _keep_owner(tmp: Path, st: os.stat_result) -> None:
    """Root keeps owner and group; anyone else keeps the group where they belong to it (a
    group-shared workload stays shared; the saver becomes its owner, as with any editor)."""
    if os.geteuid() == 0:
        if (st.st_uid, st.st_gid) != (0, 0):
            os.chown(tmp, st.st_uid, st.st_gid)
    elif st.st_gid != os.getegid():
        with contextlib.suppress(PermissionError):
            os.chown(tmp, -1, st.st_gid)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (some filesystems cannot; the rename is still
    atomic there)."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def check_output(path: str | Path, source: str | Path | None) -> None:
    """Refuse an output (an export's ``-o``) that would overwrite the workload it was made
    from, through any name, or any other workload file: exports never cost a profile.
    Raises MlprofileError naming the output."""
    out = Path(path)
    if not out.exists():
        return
    with contextlib.suppress(OSError, TypeError):
        if source is not None and os.path.samefile(out, source):
            raise MlprofileError(f"is the file being read ({source}); not overwriting it", path=out)
    if real_path(out).name.endswith(".mlprofile.toml") or _is_workload(out):
        raise MlprofileError(
            "is a workload file; not overwriting it with an export (choose another name)",
            path=out,
        )


def _is_workload(path: Path) -> bool:
    """Whether ``path`` holds a workload, whatever its name (``format`` and ``[profiles]`` or
    ``[workload]``)."""
    import tomllib

    from .textfile import read_text_file

    try:
        raw = tomllib.loads(read_text_file(path, what="file").text)
    except (MlprofileError, tomllib.TOMLDecodeError, RecursionError):
        return False
    return "format" in raw and ("profiles" in raw or "workload" in raw)


def atomic_write(path: str | Path, text: str, *, mode: int | None = None) -> None:
    """Write a file of ours (an export, a recovery copy, the recent list) atomically: beside,
    fsync, rename, through symlinks to their target. ``mode`` (0o600 for private copies), else
    the existing file's mode, else 0644. Not for workloads: use ``save_bytes`` (locked and
    checked)."""
    real = real_path(path)
    if not real.parent.is_dir():
        raise MlprofileError(f"cannot write: folder {real.parent} does not exist", path=path)
    try:
        existing: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        existing = None
    if existing is not None and not existing.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise MlprofileError(
            f"is read-only (mode {stat.S_IMODE(existing.st_mode):04o}); not overwriting it",
            path=path,
        )
    st = None if mode is not None else existing
    _replace(real, text.encode("utf-8"), st, None, mode=0o644 if mode is None else mode)
