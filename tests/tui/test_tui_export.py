"""Export… on the workload screen: the profile document handed to Textual's delivery, which a
terminal saves in the downloads folder (and ``mlprofile serve`` turns into a browser download,
tests/serve). Waits are on the app's state: the dialog on top, the toast, the file."""

from __future__ import annotations

import json

import pytest
from tui_helpers import make_app, toasts, wait_for_screen, wait_until

from mlprofile_tui.tui.screens.dialogs import PickDialog
from mlprofile_tui.tui.screens.workload import WorkloadScreen

SIZE = (120, 40)


@pytest.fixture
def downloads(tmp_path, monkeypatch):
    """The user's downloads folder, in the test's own home (platformdirs: ~/Downloads without
    a user-dirs.dirs); not created yet, as on a fresh account."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    return tmp_path / "home" / "Downloads"


async def test_f10_delivers_markdown_to_the_downloads_folder(example, downloads, monkeypatch):
    app = make_app(example)
    delivered = []
    original = app.deliver_text

    def deliver_text(*args, **kwargs):
        delivered.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
        await pilot.press("f10")
        dialog = await wait_for_screen(pilot, PickDialog)
        assert dialog.title_text == "Export"
        await pilot.press("enter")  # the first format: markdown
        saved = downloads / "fraud-scorer.md"
        await wait_until(pilot, lambda: f"Saved {saved}" in toasts(app), "the toast naming it")
        assert [d["save_filename"] for d in delivered] == ["fraud-scorer.md"]
        text = saved.read_text(encoding="utf-8")
        assert text.startswith("# ML workload profile: Card fraud scorer")


def _first_hit(app) -> str:
    lists = app.screen.query("CommandList")
    if not lists or not lists.first().option_count:
        return ""
    return str(lists.first().get_option_at_index(0).prompt)


async def test_palette_export_as_json_carries_unsaved_edits(example, downloads):
    app = make_app(example)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        w = screen.session.workload
        screen.session.set_details(name="Card fraud scorer v2", owner=w.owner, notes=w.notes)
        await pilot.press("ctrl+p", *"export")
        await wait_until(pilot, lambda: "file: Export" in _first_hit(app), "file: Export… first")
        await pilot.press("enter")
        await wait_for_screen(pilot, PickDialog)
        await pilot.press("down", "enter")  # JSON
        saved = downloads / "fraud-scorer.json"
        await wait_until(pilot, lambda: f"Saved {saved}" in toasts(app), "the toast naming it")
        document = json.loads(saved.read_text(encoding="utf-8"))
        assert document["workload"]["name"] == "Card fraud scorer v2"  # as shown, not as saved
        assert screen.session.unsaved
