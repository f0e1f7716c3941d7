"""The recent-workloads list in the user's data folder (recovery copies: ``core.recovery``).

The folder itself comes from ``data_folder.data_dir`` (``MLPROFILE_DATA_DIR`` overrides it), so
example copies, recents and recovery files sit together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..core.data_folder import data_dir
from ..core.location import Location, ObjectLocation
from ..core.workload import atomic_write, now_iso

RECENT_LIMIT = 8


# --------------------------------------------------------------------------- recent workloads


@dataclass(frozen=True)
class RecentWorkload:
    path: Path | str  # a file, or an object's s3:// URI
    name: str
    opened: str

    @property
    def file_name(self) -> str:
        """The file's (or the object key's) last part."""
        return self.path.rsplit("/", 1)[-1] if isinstance(self.path, str) else self.path.name


def _recent_file() -> Path:
    return data_dir() / "recent.json"


def recent_workloads() -> list[RecentWorkload]:
    """Most recent first; files that have gone away are left out, a damaged list is ignored."""
    try:
        raw = json.loads(_recent_file().read_text(encoding="utf-8"))
        items = [
            RecentWorkload(
                _named(str(r["path"])), str(r.get("name") or ""), str(r.get("opened") or "")
            )
            for r in raw
        ]
    except (OSError, ValueError, TypeError, KeyError):
        return []
    # Objects stay listed: checking them would cost a request each before the screen shows.
    return [r for r in items if isinstance(r.path, str) or r.path.is_file()]


def _named(text: str) -> Path | str:
    return text if "://" in text else Path(text)


def remember_workload(path: Location, name: str) -> None:
    """Put a workload at the top of the recent list. Failing to record it never stops the work."""
    where: Path | str = path.uri if isinstance(path, ObjectLocation) else Path(path).resolve()
    items = [r for r in recent_workloads() if r.path != where]
    items.insert(0, RecentWorkload(where, name, now_iso().isoformat()))
    data = [{"path": str(r.path), "name": r.name, "opened": r.opened} for r in items[:RECENT_LIMIT]]
    try:
        _recent_file().parent.mkdir(parents=True, exist_ok=True)
        atomic_write(_recent_file(), json.dumps(data, indent=2) + "\n")
    except OSError:
        pass
