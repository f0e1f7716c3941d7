"""80x24: a newcomer sees the workload's name, the overall level, the unsaved state and how to
get help; the title bar keeps what matters most whatever its width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Footer
from tui_helpers import go, make_app, screen_text, wait_for_screen

from mlprofile_tui.tui.screens.help import HelpScreen
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.widgets.title_bar import fit_title

part = st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=30)


@given(title=part, parts=st.lists(part, max_size=5), width=st.integers(1, 200))
def test_the_title_fits_and_keeps_its_first_parts(title, parts, width):
    text = fit_title(title, " · ".join(parts), width).plain
    assert len(text) <= width
    full = f"{title} — {' · '.join(parts)}" if parts else title
    if len(full) <= width:
        assert text == full  # nothing dropped when it fits
    elif parts and len(title) + 3 + len(parts[0]) <= width:
        kept = text.split(" — ", 1)[1].split(" · ")
        assert text.startswith(title) and kept == parts[: len(kept)]  # a prefix, in order


async def test_a_newcomer_at_80x24_sees_name_level_unsaved_and_help(example):
    app = make_app(example)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await go(pilot, "network.vpc")
        await pilot.press("enter")  # an answer: now there is something unsaved
        await pilot.pause()
        text = screen_text(app)
        lines = text.splitlines()
        assert "Card fraud scorer" in lines[0]
        assert "fraud-scorer.mlprofile.toml" in lines[0] and "● unsaved" in lines[0]
        assert "Overall  L2" in text
        footer = lines[-1]
        assert footer.startswith("f1 Help ^q Quit ^s Save")  # the app's keys first
        assert "f5 Compare" in footer and "palette" in footer
        assert screen.query_one(Footer).compact
        # keys the narrow footer leaves out stay bound and stay listed in F1
        assert screen.key != "network.vpc"  # Enter moved on
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen.key == "network.vpc"
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        assert "| Back |" in help_screen.text() and "| Rationale… |" in help_screen.text()


async def test_the_wide_footer_keeps_every_key(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        footer = screen_text(app).splitlines()[-1]
        for label in ("f1 Help", "^q Quit", "^n Next", "^b Back", "^r Rationale…", "f5 Compare"):
            assert label in footer
        assert not screen.query_one(Footer).compact
