"""The one clock edits are stamped with (snapshot and branch times, import times)."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now_iso() -> datetime:
    """Now, in UTC, to the second; ``MLPROFILE_NOW`` (ISO 8601) pins it for reproducible
    examples and tests."""
    pinned = os.environ.get("MLPROFILE_NOW")
    if pinned:
        return datetime.fromisoformat(pinned.replace("Z", "+00:00"))
    return datetime.now(UTC).replace(microsecond=0)
