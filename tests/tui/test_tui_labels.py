"""Labels, not ids: no stored choice id reaches what the app shows, on any screen of any example.

Every bundled example is opened; each of its profiles is shown with the gauges, the questions
that have choices are visited (answer, "Changed from" line, hint), then compare (every profile,
each cell read from the table, not only the rows on screen, and every row's detail line),
maturity over time and help. The rendered text must not hold a choice id that differs from
its label.

Only snake_case ids are looked for: an id such as ``batch`` or ``weekly`` is also an English
word the help text uses, while ``default_or_guess`` is never prose. Ids are matched as whole
tokens, so ``traffic.latency_class`` (a key, shown on purpose) does not count.
"""

from __future__ import annotations

import re

import pytest
from textual.widgets import DataTable, Static
from tui_helpers import make_app, screen_text, shown, wait_for_screen

from mlprofile_tui.core.examples import bundled_examples
from mlprofile_tui.tui.screens.compare import CompareScreen
from mlprofile_tui.tui.screens.help import HelpScreen
from mlprofile_tui.tui.screens.history import HistoryScreen
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.widgets.sidebar import ordered_profiles


def choice_ids(rubric) -> re.Pattern:
    ids = {
        c.id for ch in rubric.characteristics for c in ch.choices if c.id != c.label and "_" in c.id
    }
    return re.compile(r"(?<![\w.])(" + "|".join(sorted(map(re.escape, ids))) + r")(?![\w.])")


def leaks(pattern: re.Pattern, where: str, text: str) -> list[str]:
    return [
        f"{where}: {m.group(0)!r} in …{text[max(0, m.start() - 40) : m.end() + 20]}…"
        for m in pattern.finditer(text)
    ]


def question_text(screen) -> str:
    parts = [
        shown(w) for w in screen.query(Static) if w.id in {"question", "answer-state", "status"}
    ]
    return "\n".join(parts)


def table_text(table: DataTable) -> str:
    rows = []
    for i in range(table.row_count):
        rows.append(" | ".join(getattr(c, "plain", str(c)) for c in table.get_row_at(i)))
    return "\n".join(rows)


@pytest.mark.parametrize("path", bundled_examples(), ids=lambda p: p.name.split(".")[0])
async def test_no_choice_id_on_any_screen(path, tmp_path):
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    app = make_app(copy)
    found: list[str] = []
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        pattern = choice_ids(s.rubric)
        for name in ordered_profiles(s.workload):
            await screen.switch_profile(name)
            await pilot.pause()
            found += leaks(pattern, f"{name} screen", screen_text(app))
            gauges = "\n".join(shown(w) for w in screen.query("#gauges Static"))
            found += leaks(pattern, f"{name} gauges", gauges)
            # Every question with choices once (the default profile); in the others the ones
            # they change, whose "Changed from" line shows two values (compare shows the rest).
            first = name == s.workload.default_profile()
            for ch in s.questions():
                if ch.choices and (first or s.is_changed(ch.key)):
                    await screen.go_to(ch.key)
                    found += leaks(pattern, f"{name} {ch.key}", question_text(screen))

        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        found += leaks(pattern, "help", help_screen.text())
        await pilot.press("escape")
        await wait_for_screen(pilot, WorkloadScreen)

        if len(s.workload.profiles) > 1:
            app.push_screen(CompareScreen(s, ordered_profiles(s.workload)))
            compare = await wait_for_screen(pilot, CompareScreen)
            found += leaks(pattern, "compare", table_text(compare.query_one(DataTable)))
            table = compare.query_one(DataTable)
            for i, key in enumerate(compare.row_keys):  # the detail line of every row
                table.move_cursor(row=i)
                compare.show_detail()
                found += leaks(
                    pattern, f"compare {key}", shown(compare.query_one("#compare-detail"))
                )
            await pilot.press("escape")
            await wait_for_screen(pilot, WorkloadScreen)

        await pilot.press("f7")
        history = await wait_for_screen(pilot, HistoryScreen)
        found += leaks(pattern, "history", screen_text(app))
        assert history is app.screen
    assert found == []
