"""``python -m mlprofile_tui.cli``: the console script without the script."""

from __future__ import annotations

import os

from .entry import main

if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
