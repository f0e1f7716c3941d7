"""The user's folders: example copies, recent workloads and recovery files live in the data
folder; built rubrics, which can always be rebuilt, in the cache folder.

``MLPROFILE_DATA_DIR`` overrides the platform folder (tests, sandboxes, portable installs), and
then the cache lives inside it too, so an overridden run leaves nothing in the user's own
folders. ``MLPROFILE_CACHE_DIR`` moves the cache alone.
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


def cache_dir() -> Path:
    override = os.environ.get("MLPROFILE_CACHE_DIR")
    if override:
        return Path(override)
    if os.environ.get("MLPROFILE_DATA_DIR"):
        return data_dir() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("mlprofile")
