"""The front ends by entry point, for the command line that starts the others.

``mlprofile`` is one console script for four front ends: with no command it opens the app,
``mlprofile interview`` runs the plain-terminal interview and ``mlprofile serve`` the app in a
browser. Front ends never import each other (DESIGN.md §5, an import-linter contract), so the
command line reaches the others the way pyproject.toml reaches ``cli:main``: through a
"module:function" entry point resolved when it is called. The command line depends on the entry
point's signature only, and Textual, questionary or aiohttp load only on the paths that open them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

APP = "mlprofile_tui.tui:run_app"
"""``run_app(path: Path | None) -> int``: the Textual app on its start screen or a workload."""

INTERVIEW = "mlprofile_tui.interview:run_interview"
"""``run_interview(args) -> int``: ``args`` carries ``file``, ``profile``, ``group``, ``all`` and
``save_each_group`` as ``mlprofile interview`` parses them."""

SERVE = "mlprofile_tui.serve:run_serve"
"""``run_serve(path: Location | None, *, host: str, port: int, public_url: str | None) -> int``:
the app in a browser (textual-serve, the ``serve`` extra), until Ctrl+C."""


def load(entry_point: str) -> Callable[..., int]:
    """The function an entry point names; ``ImportError`` when its front end is not installed."""
    module, _, name = entry_point.partition(":")
    return getattr(importlib.import_module(module), name)
