"""The portfolio screen (issue 10, item 2): open it, score in a worker, sort, filter, open a
workload and come back, cancel while scoring. Every wait is on state (the worker, the screen
on top), never on time.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static
from tui_helpers import make_app, screen_text, shown, wait_for_screen, wait_until

from mlprofile_tui.core import portfolio as core_portfolio
from mlprofile_tui.core.examples import bundled_examples
from mlprofile_tui.core.portfolio_sources import discover
from mlprofile_tui.core.portfolio_view import levels_by_month
from mlprofile_tui.tui.screens.dialogs import TextDialog
from mlprofile_tui.tui.screens.portfolio import (
    CHART_WIDTH,
    PortfolioScreen,
    PortfolioWorkloadScreen,
)
from mlprofile_tui.tui.screens.start import StartScreen

WIDE = (120, 40)


@pytest.fixture
def team(tmp_path, monkeypatch) -> Path:
    """The five bundled examples copied into ``team/`` under a working folder of their own."""
    folder = tmp_path / "team"
    folder.mkdir()
    for path in bundled_examples():
        shutil.copy(path, folder / path.name)
    monkeypatch.chdir(tmp_path)
    return folder


async def open_portfolio(pilot, folder: str | None = None) -> PortfolioScreen:
    """From the start screen: p, the folder (default: the working folder), Enter; scored."""
    await wait_for_screen(pilot, StartScreen)
    await pilot.press("p")
    dialog = await wait_for_screen(pilot, TextDialog)
    if folder is not None:
        dialog.query_one("#text", Input).value = folder
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, PortfolioScreen)
    await pilot.app.workers.wait_for_complete()
    await wait_until(pilot, lambda: not screen.scoring, "the scoring finished")
    return screen


def names(screen: PortfolioScreen) -> list[str | None]:
    return [e.name for e in screen.shown]


async def test_opens_from_the_start_screen_defaulting_to_the_working_folder(team):
    app = make_app(None)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_screen(pilot, StartScreen)
        await pilot.press("p")
        dialog = await wait_for_screen(pilot, TextDialog)
        assert dialog.query_one("#text", Input).value == str(team.parent)
        await pilot.press("escape")
        await wait_for_screen(pilot, StartScreen)
        screen = await open_portfolio(pilot, "team")
        table = screen.query_one(DataTable)
        assert table.row_count == 5
        # the same entries the command line scores, in path order
        expected = core_portfolio.score_portfolio(discover(["team"]), history=True)
        assert screen.entries == expected
        assert [e.path for e in screen.shown] == sorted(e.path for e in expected)
        status = shown(screen.query_one("#portfolio-status", Static))
        assert status == "5 workloads under team, 0 with errors."
        chart = shown(screen.query_one("#portfolio-chart", Static))
        rows = levels_by_month(expected)
        assert rows[-1].month == "2026-11"
        assert "2026-11 " + "█" * CHART_WIDTH + " 5:" in chart  # the fullest month: a whole bar
        assert "2026-05 " in chart
        last = f"{sum(rows[-1].counts)}: " + " ".join(map(str, rows[-1].counts))
        assert last in chart
        await pilot.press("escape")
        await wait_for_screen(pilot, StartScreen)


async def test_the_palette_opens_it(team):
    app = make_app(None)
    async with app.run_test(size=WIDE) as pilot:
        start = await wait_for_screen(pilot, StartScreen)
        entries = {title: callback for title, _, callback in start.palette_commands()}
        assert "portfolio: Portfolio…" in entries
        await pilot.press("ctrl+p")
        await pilot.press(*"Portfolio")
        await wait_until(pilot, lambda: "portfolio: Portfolio…" in screen_text(app), "the entry")
        await pilot.press("enter")
        await wait_for_screen(pilot, TextDialog)
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, PortfolioScreen)
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: not screen.scoring, "the scoring finished")
        assert len(screen.entries) == 5


async def test_sort_by_key_and_by_header(team):
    app = make_app(None)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_portfolio(pilot, "team")
        await pilot.press("s")
        assert screen.sort_by == "name"
        assert names(screen) == sorted(names(screen), key=lambda n: (n or "").casefold())
        await pilot.press("r")
        assert names(screen) == sorted(
            names(screen), key=lambda n: (n or "").casefold(), reverse=True
        )
        await pilot.press("r", "s", "s")
        assert screen.sort_by == "level"
        levels = [e.level for e in screen.shown]
        assert levels == sorted(levels) and levels[0] < levels[-1]
        # the table's rows follow the order
        table = screen.query_one(DataTable)
        first = table.get_row_at(0)
        assert first[0].renderable.plain == screen.shown[0].name
        # a click on the "owner" header sorts by owner; a second click the other way round
        table = screen.query_one(DataTable)
        columns = list(table.columns.values())
        x = columns[0].get_render_width(table) + 1
        await pilot.click(DataTable, offset=(x, 0))
        await wait_until(pilot, lambda: screen.sort_by == "owner", "sorted by the click")
        owners = [(e.owner or "").casefold() for e in screen.shown]
        assert owners == sorted(owners) and not screen.descending
        await pilot.click(DataTable, offset=(x, 0))
        await wait_until(pilot, lambda: screen.descending, "sorted the other way")
        assert [(e.owner or "").casefold() for e in screen.shown] == sorted(owners, reverse=True)


async def test_filter_by_owner_level_and_group(team):
    app = make_app(None)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_portfolio(pilot, "team")
        owner = screen.entries[0].owner
        assert owner
        field = screen.query_one("#portfolio-filter", Input)

        async def filter_by(text: str) -> None:
            await pilot.press("slash")
            assert app.focused is field
            field.value = ""
            await pilot.press(*text, "enter")
            await pilot.pause()

        await filter_by(f"owner:{owner.split()[0].upper()}")
        assert screen.shown and all(owner.split()[0] in e.owner for e in screen.shown)
        assert len(screen.query_one(DataTable).rows) == len(screen.shown)
        await filter_by("level>=L2")
        assert {e.level for e in screen.shown} == {2} and len(screen.shown) == 4
        await filter_by("deployment<2")
        assert [e.name for e in screen.shown] == [
            e.name for e in screen.entries if dict(e.groups)["deployment"] < 2
        ]
        assert len(screen.shown) == 1
        await filter_by("nosuchgroup<2")
        error = shown(screen.query_one("#portfolio-filter-error", Static))
        assert error.startswith("'nosuchgroup<2': 'nosuchgroup' is not a group")
        assert len(screen.shown) == 1  # the last good filter stays
        await filter_by("")
        assert len(screen.shown) == 5 and app.focused is screen.query_one(DataTable)


async def test_enter_opens_the_workload_and_escape_returns(team):
    app = make_app(None)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_portfolio(pilot, "team")
        await pilot.press("s")  # by name: the row under the cursor is the first name
        entry = screen.shown[0]
        await pilot.press("enter")
        workload = await wait_for_screen(pilot, PortfolioWorkloadScreen)
        assert workload.session.path == Path(entry.path)
        assert app.session is workload.session and workload.title == entry.name
        await pilot.press("escape")
        assert await wait_for_screen(pilot, PortfolioScreen) is screen
        assert app.session is None and screen.sort_by == "name"


async def test_escape_while_scoring_cancels_and_keys_still_work(team, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = core_portfolio.score_chunk

    def held(sources, profile, history=False):
        started.set()
        release.wait(timeout=60)  # a bound on a broken test, not a timing
        return real(sources, profile, history)

    monkeypatch.setattr(core_portfolio, "score_chunk", held)
    app = make_app(None)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_screen(pilot, StartScreen)
        await pilot.press("p")
        await wait_for_screen(pilot, TextDialog)
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, PortfolioScreen)
        await wait_until(pilot, started.is_set, "the worker is scoring")
        await pilot.press("escape")
        assert screen.scoring and screen.cancel_event.is_set()
        assert shown(screen.query_one("#portfolio-status", Static)) == "Cancelling…"
        await pilot.press("s")  # the app answers while the worker is held
        assert screen.sort_by == "name"
        release.set()
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: not screen.scoring, "the worker ended")
        assert screen.cancelled and len(screen.entries) < 5
        assert shown(screen.query_one("#portfolio-status", Static)).startswith("Cancelled:")
        await pilot.press("f5")  # scores everything again, unheld now
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: not screen.scoring, "the rescore ended")
        assert len(screen.entries) == 5 and not screen.cancelled
        await pilot.press("escape")
        await wait_for_screen(pilot, StartScreen)


async def test_names_owners_and_errors_are_plain_text(team):
    text = (team / "fraud-scorer.mlprofile.toml").read_text()
    marked = text.replace('name = "', 'name = "[bold]x[/] ', 1).replace(
        'owner = "', 'owner = "[red]', 1
    )
    (team / "fraud-scorer.mlprofile.toml").write_text(marked)
    (team / "broken.mlprofile.toml").write_text("[workload\n")
    app = make_app(None)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_portfolio(pilot, "team")
        words = screen_text(app)
        assert "[bold]x[/]" in words and "[red]" in words
        broken = next(e for e in screen.entries if e.error is not None)
        assert broken.error.startswith("team/broken.mlprofile.toml:1")
        row = screen.shown.index(broken)
        assert screen.query_one(DataTable).get_row_at(row)[-1].renderable.plain == broken.error


async def test_a_folder_big_enough_for_the_pool_scores_from_the_worker(team):
    """Twenty workloads: the core's process pool, started from the worker thread (spawned,
    as a process with threads must), gives the entries one process gives."""
    for path in list(team.iterdir()):
        for copy in range(1, 4):
            shutil.copy(path, team / f"copy{copy}-{path.name}")
    sources = discover(["team"])
    assert len(sources) == 20 >= core_portfolio.POOL_THRESHOLD
    app = make_app(None)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_portfolio(pilot, "team")
        assert screen.entries == core_portfolio.score_portfolio(sources, workers=1, history=True)
        assert shown(screen.query_one("#portfolio-status", Static)).startswith("20 workloads")


async def test_an_empty_folder_says_so(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    app = make_app(None)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_portfolio(pilot, "empty")
        assert screen.entries == []
        status = shown(screen.query_one("#portfolio-status", Static))
        assert status == "empty: no *.mlprofile.toml files in this folder or below it"


def test_portfolio_snapshot(snap_compare, team):
    async def run_before(pilot) -> None:
        await open_portfolio(pilot, "team")

    assert snap_compare(make_app(None), terminal_size=WIDE, run_before=run_before)
