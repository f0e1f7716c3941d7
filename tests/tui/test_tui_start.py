"""The start screen, the CLI entry points, and Textual staying off every other path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tui_helpers import make_app, wait_for_screen

from mlprofile_tui.tui import userdata
from mlprofile_tui.tui.screens.dialogs import TextDialog
from mlprofile_tui.tui.screens.start import StartScreen
from mlprofile_tui.tui.screens.workload import WorkloadScreen

SRC = Path(__file__).resolve().parents[2] / "src"


async def test_example_opens_as_a_copy_and_becomes_recent(data_dir):
    from mlprofile_tui.core.examples import bundled_examples
    from mlprofile_tui.core.workload import load_workload

    original = bundled_examples()[0]
    pristine = original.read_text()
    name = load_workload(original).name
    app = make_app(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, StartScreen)
        await pilot.press("enter")  # the first example is highlighted when nothing is recent
        screen = await wait_for_screen(pilot, WorkloadScreen)
        assert screen.session.path.parent == data_dir / "examples"
        assert screen.title == name
        await app.workers.wait_for_complete()  # the recent list is written off the UI thread
    assert original.read_text() == pristine
    recent = userdata.recent_workloads()
    assert [r.name for r in recent] == [name]

    app = make_app(None)
    async with app.run_test(size=(120, 40)) as pilot:
        start = await wait_for_screen(pilot, StartScreen)
        options = start.query_one("#start-list")
        assert options.get_option_at_index(options.highlighted).id.startswith("open:")


async def test_new_workload(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, StartScreen)
        await pilot.press("n")
        await wait_for_screen(pilot, TextDialog)
        await pilot.press(*"Churn model", "enter")
        dialog = await wait_for_screen(pilot, TextDialog)
        assert dialog.query_one("#text").value == str(tmp_path / "churn-model.mlprofile.toml")
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, WorkloadScreen)
        assert screen.session.workload.name == "Churn model"
        assert screen.session.score().draft
        assert screen.key == "business.outcome"  # the first unanswered question
    assert (tmp_path / "churn-model.mlprofile.toml").is_file()


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def test_other_commands_never_import_textual(example):
    code = (
        "import sys\n"
        "from mlprofile_tui.cli import main\n"
        f"main(['show', {str(example)!r}, '--json'])\n"
        "import mlprofile_tui.tui.session\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr


def test_bad_file_fails_before_the_app_starts(tmp_path):
    bad = tmp_path / "broken.mlprofile.toml"
    bad.write_text("format = 1\n[workload\n")
    code = (
        "import sys\n"
        "from mlprofile_tui.cli import main\n"
        f"code = main([{str(bad)!r}])\n"
        "assert 'textual.app' not in sys.modules\n"
        "sys.exit(code)\n"
    )
    result = _run(code)
    assert result.returncode == 2
    assert "broken.mlprofile.toml:2" in result.stderr and "Traceback" not in result.stderr


def test_app_stylesheet_ships_with_the_package():
    import mlprofile_tui.tui as tui

    assert (Path(tui.__file__).parent / "app.tcss").is_file()
