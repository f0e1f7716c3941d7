"""Text from files and from people is shown as it is, never read as markup.

A TOML file that was not a workload once showed "(no 'format', or );": ``[workload]`` and
``[profiles]`` had been swallowed as markup. This corpus puts markup-like text in every place
a workload file lets people write (name, notes, values, rationale, the file's own path) and
looks at what each screen, dialog, toast and palette entry shows.
"""

from __future__ import annotations

import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.command import CommandPalette
from textual.fuzzy import Matcher
from tui_helpers import (
    dialog_text,
    go,
    make_app,
    screen_text,
    shown,
    toasts,
    wait_for_screen,
    wait_until,
)

from mlprofile_tui.tui.commands.palette import highlighted
from mlprofile_tui.tui.screens.compare import CompareScreen
from mlprofile_tui.tui.screens.dialogs import TextDialog, plain
from mlprofile_tui.tui.screens.history import HistoryScreen
from mlprofile_tui.tui.screens.start import StartScreen
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.userdata import recent_workloads

NAME = r"[bold]Fraud[/] [workload] \[x]"
VALUE = r"Decline [red]fraud[/red] [profiles] [link=x]now[/link] \[1]"
RATIONALE = r"[i]why[/i] [/] [@click=app.quit]q[/] [$var] \\[2]"
NOTES = "[bold]notes[/bold]"
FOLDER = r"[bold]team [workload] \[x]"  # no "/": it is one folder
FILE = "svc [link=x].mlprofile.toml"
MARKUP_TEXT = st.text(alphabet="[]\\/=@$#ab ", max_size=24)


def corpus_workload(example, tmp_path):
    """The example with markup-like text wherever a person can write text."""
    doc = tomlkit.parse(example.read_text(encoding="utf-8"))
    doc["workload"]["name"] = NAME
    doc["workload"]["notes"] = NOTES
    doc["profiles"]["current"]["values"]["business.outcome"]["value"] = VALUE
    own = doc["profiles"]["reliable"]["values"]["cost.pricing_comparison"]
    own["rationale"] = RATIONALE
    doc["profiles"]["reliable"]["rationale"] = RATIONALE
    path = tmp_path / FOLDER / FILE
    path.parent.mkdir()
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    return path


async def test_every_screen_shows_the_text_as_written(example, tmp_path):
    path = corpus_workload(example, tmp_path)
    app = make_app(path)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        title = screen_text(app).splitlines()[0]
        assert NAME in title and FILE in title

        await go(pilot, "business.outcome")
        assert VALUE in shown(screen.query_one("#answer-state"))
        assert VALUE in screen_text(app)

        await screen.switch_profile("reliable")
        await go(pilot, "cost.pricing_comparison")
        assert f"Rationale: {RATIONALE}" in shown(screen.query_one("#answer-state"))

        # a dialog quoting a value: the rationale for a change of the text answer
        await go(pilot, "business.outcome")
        await pilot.press("end", *" [/]", "enter")
        await wait_for_screen(pilot, TextDialog)
        assert f"{VALUE} [/] in reliable" in dialog_text(app)
        await pilot.click("#defer")
        await wait_for_screen(pilot, WorkloadScreen)

        # a toast quoting a value, and the profile's overall rationale in its dialog
        app.notify(f"quoted: {NAME}")
        screen.action_edit_profile_rationale()
        dialog = await wait_for_screen(pilot, TextDialog)
        assert dialog.text == RATIONALE
        await pilot.press("escape")
        await wait_for_screen(pilot, WorkloadScreen)
        assert f"quoted: {NAME}" in screen_text(app)

        await pilot.press("f5")
        compare = await wait_for_screen(pilot, CompareScreen)
        assert NAME in screen_text(app).splitlines()[0]
        assert (
            RATIONALE
            in compare.query_one("#compare-table").get_row("cost.pricing_comparison")[-1].plain
        )
        await pilot.press("escape")
        await wait_for_screen(pilot, WorkloadScreen)

        await pilot.press("f7")
        await wait_for_screen(pilot, HistoryScreen)
        assert NAME in screen_text(app).splitlines()[0]


async def test_a_file_that_is_not_a_workload_is_named_as_it_is(tmp_path):
    path = tmp_path / FOLDER / "pyproject.toml"
    path.parent.mkdir()
    path.write_text("[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    app = make_app(None)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await wait_for_screen(pilot, StartScreen)
        app.open_workload(path)
        await pilot.pause()
        [message] = toasts(app)
        assert "(no 'format', [workload] or [profiles])" in message and str(path) in message
        [toast] = app.screen.query("Toast")  # what the toast draws, before wrapping
        assert toast.render().plain == f"Cannot open\n{message}"


async def test_the_start_screen_lists_the_workload_as_named(example, tmp_path):
    path = corpus_workload(example, tmp_path)
    app = make_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
        await wait_until(
            pilot,
            lambda: any(r.path.resolve() == path.resolve() for r in recent_workloads()),
            "the workload on the recent list",
        )
    app = make_app(None)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_screen(pilot, StartScreen)
        words = " ".join(screen_text(app).replace("│", " ").split())  # the path wraps
        assert NAME in words and f"{FOLDER}/{FILE}" in words


async def test_palette_entries_are_plain(example):
    """Palette titles and help are shown as written (the palette reads a str as markup)."""
    app = make_app(example)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        screen.palette_commands = lambda: [(f"x: {NAME}", f"help {RATIONALE}", lambda: None)]
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"fraud")
        await wait_until(pilot, lambda: NAME in screen_text(app), "the entry on screen")
        assert f"help {RATIONALE}" in screen_text(app)
        assert palette is app.screen


@settings(max_examples=300, deadline=None)
@given(title=MARKUP_TEXT, query=st.text(alphabet="ab[/", min_size=1, max_size=3))
def test_palette_highlight_keeps_the_title(title, query):
    assert highlighted(Matcher(query), title).plain == title


@settings(max_examples=300, deadline=None)
@given(text=MARKUP_TEXT)
def test_plain_keeps_the_text(text):
    assert plain(text).plain == text


async def test_every_notification_is_plain_text(example):
    """Whatever a caller passes, a toast shows its message as written."""
    app = make_app(example)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        for text in (NAME, VALUE, RATIONALE, "[/]", "[bold]x"):
            screen.notify(text, markup=True)
        await pilot.pause()
        assert toasts(app)[-5:] == [NAME, VALUE, RATIONALE, "[/]", "[bold]x"]
        assert all(not n.markup for n in app._notifications)
