"""The user's data folder: example copies, recent workloads and recovery files live here.

``MLPROFILE_DATA_DIR`` overrides the platform folder (tests, sandboxes, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    override = os.environ.get("MLPROFILE_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("mlprofile")
