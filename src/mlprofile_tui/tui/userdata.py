"""The user's data folder: recent workloads and recovery files live here, never beside the work.

The folder itself comes from ``data_folder.data_dir`` (``MLPROFILE_DATA_DIR`` overrides it), so
example copies, recents and recovery files sit together.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..core.data_folder import data_dir
from ..core.workload import atomic_write, now_iso

RECENT_LIMIT = 8


# --------------------------------------------------------------------------- recent workloads


@dataclass(frozen=True)
class RecentWorkload:
    path: Path
    name: str
    opened: str


def _recent_file() -> Path:
    return data_dir() / "recent.json"


def recent_workloads() -> list[RecentWorkload]:
    """Most recent first; files that have gone away are left out, a damaged list is ignored."""
    try:
        raw = json.loads(_recent_file().read_text(encoding="utf-8"))
        items = [
            RecentWorkload(Path(r["path"]), str(r.get("name") or ""), str(r.get("opened") or ""))
            for r in raw
        ]
    except (OSError, ValueError, TypeError, KeyError):
        return []
    return [r for r in items if r.path.is_file()]


def remember_workload(path: Path, name: str) -> None:
    """Put a workload at the top of the recent list. Failing to record it never stops the work."""
    path = Path(path).resolve()
    items = [r for r in recent_workloads() if r.path != path]
    items.insert(0, RecentWorkload(path, name, now_iso().isoformat()))
    data = [{"path": str(r.path), "name": r.name, "opened": r.opened} for r in items[:RECENT_LIMIT]]
    try:
        _recent_file().parent.mkdir(parents=True, exist_ok=True)
        atomic_write(_recent_file(), json.dumps(data, indent=2) + "\n")
    except OSError:
        pass


# --------------------------------------------------------------------------- recovery files


@dataclass(frozen=True)
class Recovery:
    """Unsaved edits of one workload, written on every change so a crash loses nothing."""

    workload: Path
    text: str
    base_sha256: (
        str  # the file on disk the edits started from: restoring never clobbers a newer one
    )
    written: str


def _recovery_stem(workload: Path) -> Path:
    digest = hashlib.sha256(str(Path(workload).resolve()).encode("utf-8")).hexdigest()[:16]
    return data_dir() / "recovery" / f"{Path(workload).name.split('.')[0]}-{digest}"


def write_recovery(workload: Path, text: str, base_sha256: str) -> Path:
    stem = _recovery_stem(workload)
    stem.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "workload": str(Path(workload).resolve()),
        "base_sha256": base_sha256,
        "written": now_iso().isoformat(),
    }
    # The text first: a meta file without its text would offer nothing to restore.
    atomic_write(stem.with_suffix(".mlprofile.toml"), text)
    atomic_write(stem.with_suffix(".json"), json.dumps(meta, indent=2) + "\n")
    return stem.with_suffix(".mlprofile.toml")


def find_recovery(workload: Path) -> Recovery | None:
    stem = _recovery_stem(workload)
    try:
        meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        text = stem.with_suffix(".mlprofile.toml").read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    return Recovery(
        Path(workload), text, str(meta.get("base_sha256") or ""), str(meta.get("written") or "")
    )


def discard_recovery(workload: Path) -> None:
    stem = _recovery_stem(workload)
    for suffix in (".json", ".mlprofile.toml"):
        try:
            stem.with_suffix(suffix).unlink()
        except FileNotFoundError:
            pass
