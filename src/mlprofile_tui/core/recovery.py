"""Crash recovery: edits made and not yet saved, kept so a crash or a killed terminal costs none.

One format and one place for every front end. A recovery file is JSON in the user's data
folder (``recovery/``), private (0600 in a 0700 folder), named after the workload's resolved
path and the *editor* that wrote it: ``app-1``, ``app-2`` (each app window on a file has its
own slot, so two windows never overwrite each other's unsaved answers) or
``interview-PROFILE``. It holds the edits themselves, never a copy of the file: the app's edit
log (answers, branches, snapshots, rationale; each a TOML path and its new value, replayed
through the checked editor on restore) or the interview's pending answers, and the SHA-256 of
the workload file the edits started from, so restoring never overwrites a newer file. Writing
one costs what the edits weigh, not what the file weighs: a copy after every keystroke stays
cheap beside a 5,000-row matrix.

An editor holds its slot's OS lock (``filelock``) while it runs; a recovery file whose slot is
free was left by an editor that ended without saving: that is what is offered back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .answers import UNANSWERED, Answer
from .clock import now_iso
from .data_folder import data_dir
from .document import answer_fields
from .errors import MlprofileError, ValueProblem
from .loading import answer_from_toml
from .location import Location, ObjectLocation
from .rubric import Rubric
from .store import atomic_write
from .tomledit import DELETE, Edit

KIND = "mlprofile-recovery"
VERSION = 1
MAX_SLOTS = 32
"""App windows open on one file at once that each get their own recovery file."""


def recovery_folder() -> Path:
    """``recovery/`` in the data folder, private to the user (0700)."""
    folder = data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.stat().st_mode & 0o077:  # made by something else, or before this rule
        with contextlib.suppress(PermissionError):
            folder.chmod(0o700)
    return folder


def workload_identity(workload: Location | str) -> str:
    """What names a workload across runs: a file's resolved path, an object's URI."""
    if isinstance(workload, ObjectLocation):
        return workload.uri
    if isinstance(workload, str) and "://" in workload:
        return workload
    return str(Path(os.path.realpath(workload)))


def _stem(workload: Location | str) -> str:
    resolved = workload_identity(workload)
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    if isinstance(workload, ObjectLocation) or "://" in resolved:
        name = resolved.rsplit("/", 1)[-1]
    else:
        name = Path(workload).name
    return f"{name.split('.')[0]}-{digest}"


def interview_editor(profile: str) -> str:
    """The editor name of an interview of ``profile`` (one recovery file per profile)."""
    return f"interview-{profile}"


def recovery_path(workload: Location | str, editor: str) -> Path:
    """The recovery file of ``editor`` (``app-1``, ``interview-current``) for ``workload``."""
    return recovery_folder() / f"{_stem(workload)}.{editor}.json"


@dataclass
class Recovery:
    """Unsaved edits of one workload by one editor.

    ``edits`` is the app's edit log since the file was loaded (oldest first); ``answers`` the
    pending
    answers of ``profile`` (key → answer); ``base_sha256`` the hex SHA-256 of the workload
    file's bytes the edits started from; ``started``/``updated`` ISO 8601 times.
    """

    path: Path
    workload: Location | str  # an object's URI when read back (a front end reopens it)
    editor: str
    base_sha256: str = ""
    edits: list[Edit] = field(default_factory=list)
    profile: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    # What the file said for each answered key when it was answered: on resume, a key the
    # file changed since is a conflict to confirm, never silently overwritten.
    before: dict[str, Answer] = field(default_factory=dict)
    started: str = ""
    updated: str = ""

    @classmethod
    def fresh(
        cls,
        workload: Location,
        editor: str,
        *,
        base_sha256: str = "",
        profile: str | None = None,
    ) -> Recovery:
        return cls(
            recovery_path(workload, editor),
            workload if isinstance(workload, ObjectLocation) else Path(workload),
            editor,
            base_sha256,
            profile=profile,
            started=now_iso().isoformat(),
        )

    @classmethod
    def find(
        cls, workload: Location, editor: str, rubric: Rubric | None = None
    ) -> tuple[Recovery | None, list[str]]:
        """``editor``'s recovery file for ``workload`` if there is one, and warnings."""
        path = recovery_path(workload, editor)
        if not path.exists():
            return None, []
        return cls.read(path, rubric)

    @classmethod
    def read(cls, path: Path, rubric: Rubric | None = None) -> tuple[Recovery, list[str]]:
        """A recovery file and warnings about answers that no longer fit ``rubric`` (dropped).

        Raises MlprofileError naming the file when it is unreadable or not a recovery file.
        """
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise MlprofileError(
                f"recovery file is unreadable ({e}); look at it, then delete it to start afresh",
                path=path,
            ) from None
        if not (
            isinstance(raw, dict)
            and raw.get("kind") == KIND
            and isinstance(raw.get("answers", {}), dict)
            and isinstance(raw.get("edits", []), list)
        ):
            raise MlprofileError(
                "is not an mlprofile recovery file; move it away to start afresh", path=path
            )
        try:
            edits = [_edit_from_json(e) for e in raw.get("edits", [])]
        except (TypeError, ValueError, KeyError) as e:
            raise MlprofileError(
                f"recovery file has an edit this version cannot read ({e}); delete it to start "
                "afresh",
                path=path,
            ) from None
        named = str(raw.get("workload") or "")
        rec = cls(
            path,
            named if "://" in named else Path(named),
            str(raw.get("editor") or ""),
            str(raw.get("base_sha256") or ""),
            edits,
            raw.get("profile") if isinstance(raw.get("profile"), str) else None,
            started=str(raw.get("started") or ""),
            updated=str(raw.get("updated") or ""),
        )
        for key, rv in (raw.get("before") or {}).items():
            ch = rubric.by_key.get(key) if rubric is not None else None
            if ch is not None:
                with contextlib.suppress(ValueProblem):
                    rec.before[key] = answer_from_toml(ch, rv)
        warnings = []
        for key, rv in (raw.get("answers") or {}).items():
            ch = rubric.by_key.get(key) if rubric is not None else None
            if ch is None:
                warnings.append(
                    f"{key}: no longer in rubric {rubric.id if rubric else '?'}; dropped"
                )
                continue
            try:
                rec.answers[key] = answer_from_toml(ch, rv)
            except ValueProblem as e:
                warnings.append(f"{key}: {e}; dropped")
        return rec, warnings

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": KIND,
            "version": VERSION,
            "note": "Unsaved mlprofile edits; the app or interview offers them back. Delete "
            "this file to throw them away.",
            "editor": self.editor,
            "workload": workload_identity(self.workload),
            "base_sha256": self.base_sha256,
            "started": self.started,
            "updated": self.updated,
        }
        if self.profile is not None:
            data["profile"] = self.profile
        if self.edits:
            data["edits"] = [_edit_to_json(e) for e in self.edits]
        if self.answers:
            data["answers"] = {k: _json_fields(a) for k, a in self.answers.items()}
            data["before"] = {
                k: _json_fields(a) for k, a in self.before.items() if k in self.answers
            }
        return data

    def write(self) -> None:
        """Write atomically, readable by the user only (0600)."""
        self.updated = now_iso().isoformat()
        recovery_folder()
        atomic_write(
            self.path, json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n", mode=0o600
        )

    def record(self, key: str, answer: Answer, before: Answer | None = None) -> None:
        """Keep ``answer`` for ``key``; ``before`` is what the file said then (kept from the
        first answer to the key)."""
        self.answers[key] = answer
        if before is not None:
            self.before.setdefault(key, before)
        self.write()

    def changed_since(self, now: Mapping[str, Answer]) -> list[str]:
        """Answered keys whose answer in the file (``now``) is no longer what it was when
        they were answered: someone else changed them meanwhile."""
        out = []
        for key in self.answers:
            then = self.before.get(key)
            current = now.get(key, UNANSWERED)
            if then is not None and not (
                then.same_answer(current)
                and (then.rationale or None) == (current.rationale or None)
            ):
                out.append(key)
        return out

    def forget(self, keys: list[str]) -> None:
        for k in keys:
            self.answers.pop(k, None)
            self.before.pop(k, None)
        if self.answers or self.edits:
            self.write()
        else:
            self.discard()

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _edit_to_json(edit: Edit) -> dict[str, Any]:
    if edit.value is DELETE:
        return {"path": list(edit.path), "delete": True}
    return {"path": list(edit.path), "value": _to_json(edit.value)}


def _edit_from_json(raw: dict[str, Any]) -> Edit:
    path = raw["path"]
    if not (isinstance(path, list) and path and all(isinstance(k, str) for k in path)):
        raise ValueError(f"path {path!r}")
    if raw.get("delete") is True:
        return Edit(tuple(path), DELETE)
    return Edit(tuple(path), _from_json(raw["value"]))


# TOML has date-times, dates and times; JSON does not: they travel tagged.
_TOML_TIMES = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
}


def _to_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    for tag, kind in (("datetime", datetime), ("date", date), ("time", time)):
        if isinstance(value, kind):
            return {"$toml": tag, "value": value.isoformat()}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$toml", "value"}:
            return _TOML_TIMES[value["$toml"]](value["value"])
        return {k: _from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


def _json_fields(answer: Answer) -> dict[str, Any]:
    fields = answer_fields(answer)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in fields.items()}


class EditorSlot:
    """An editor's claim on a workload: an OS lock held while the editor runs.

    ``number`` is the slot: the lowest one no running editor holds and no recovery copy
    occupies (1 for the first app window on a file), so a window never writes over a copy
    left behind before it was offered. ``others`` is how many other editors of the same kind
    hold slots on the file now (a second window says so). MlprofileError when none is free.
    """

    def __init__(self, workload: Location, kind: str = "app") -> None:
        from filelock import FileLock, Timeout

        self.workload = workload if isinstance(workload, ObjectLocation) else Path(workload)
        self.kind = kind
        self._lock: Any = None
        self.number = 0
        # One folder check and one resolved-path hash for all the slots (not one per slot).
        lock_path = _slot_lock_paths(workload, kind)
        for n in range(1, MAX_SLOTS + 1):
            if recovery_path(workload, f"{kind}-{n}").exists():
                # A copy another editor left (or still writes): this slot writing its own copy
                # there would overwrite edits nobody was offered yet. It stays until offered.
                continue
            lock = FileLock(lock_path(n), mode=0o600)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                continue
            self._lock, self.number = lock, n
            break
        else:
            raise MlprofileError(f"{MAX_SLOTS} editors already have this file open", path=workload)
        self.others = sum(
            1 for n in range(1, MAX_SLOTS + 1) if n != self.number and _lock_held(lock_path(n))
        )

    @property
    def editor(self) -> str:
        return f"{self.kind}-{self.number}"

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def slot_in_use(workload: Location, kind: str, number: int) -> bool:
    """Whether a running editor holds slot ``number`` (tested by trying its lock)."""
    return _lock_held(_slot_lock_paths(workload, kind)(number))


def _slot_lock_paths(workload: Location, kind: str) -> Callable[[int], Path]:
    """The lock file of each slot number of ``kind`` editors of ``workload``."""
    prefix = f"{_stem(workload)}.{kind}-"
    folder = recovery_folder()
    return lambda number: folder / f"{prefix}{number}.lock"


def _lock_held(path: Path) -> bool:
    """Whether a running editor holds the slot lock at ``path`` (tested by trying it)."""
    from filelock import FileLock, Timeout

    if not path.exists():
        return False
    lock = FileLock(path, mode=0o600, is_singleton=False, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def any_copies(workload: Location, kind: str = "app") -> bool:
    """Whether any recovery copy of ``kind`` editors of ``workload`` exists, left behind or
    not: one listing of the recovery folder, no locks taken (``left_behind`` says which of
    them no running editor holds)."""
    return next(recovery_folder().glob(f"{_stem(workload)}.{kind}-*.json"), None) is not None


def left_behind(
    workload: Location,
    kind: str = "app",
    *,
    mine: EditorSlot | None = None,
    rubric: Rubric | None = None,
) -> list[Recovery]:
    """Recovery files of ``kind`` editors of ``workload`` that ended without saving, newest
    first: those whose slot no running editor holds (``mine``, just claimed, counts as free).
    Unreadable files are skipped."""
    out = []
    lock_path = _slot_lock_paths(workload, kind)
    for path in recovery_folder().glob(f"{_stem(workload)}.{kind}-*.json"):
        number = path.name.removesuffix(".json").rsplit("-", 1)[-1]
        if not number.isdigit():
            continue
        if (mine is None or int(number) != mine.number) and _lock_held(lock_path(int(number))):
            continue
        try:
            rec, _ = Recovery.read(path, rubric)
        except MlprofileError:
            continue
        out.append(rec)
    return sorted(out, key=lambda r: r.updated, reverse=True)
