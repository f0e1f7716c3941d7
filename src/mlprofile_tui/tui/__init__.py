"""The Textual app. Imported only when the app opens, so other commands never pay for Textual."""

from __future__ import annotations

from pathlib import Path


def run_app(path: Path | None = None) -> int:
    """Open the start screen (no path) or a workload. Bad files fail here, before the terminal
    switches to the app, so the CLI reports them like any other command (exit 2)."""
    import gc

    # Start-up builds a hundred thousand objects that live as long as the app (Textual, the
    # rubric, the widgets) and almost no garbage: the collector would walk them over and over
    # before the first frame. The app turns it back on once that frame is drawn.
    gc.disable()
    try:
        from .session import Session

        session = Session.open(path) if path is not None else None
        from .app import MlprofileApp

        MlprofileApp(session=session).run()
    finally:
        gc.enable()
    return 0
