"""Compare: two or more profiles side by side, with levels, deltas and the rationale per change."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ...core.compare import Comparison, compare, delta_mark
from ...core.values import display
from ..commands.actions import ScreenAction, bindings, palette
from ..session import Session
from ..widgets.gauge import badge
from ..widgets.sidebar import ordered_profiles, profile_label
from ..widgets.title_bar import TitleBar
from .app_keys import AppKeysFirst
from .dialogs import PickDialog

CHANGED = "on #3b3413"  # a warm band behind rows whose answers differ


def default_profiles(session: Session) -> list[str]:
    """The profile in view beside its base chain, or the current state beside every target."""
    w = session.workload
    p = session.current
    if p.is_target:
        chain = [q.name for q in reversed(w.lineage(p.name))]
        return chain
    names = [p.name]
    if p.name != w.default_profile():
        names.append(w.default_profile())
    names += [t.name for t in w.targets() if t.name not in names]
    return names


def delta_text(delta: int | None) -> Text:
    """`` ▲1`` / `` ▼2``: the same marks as the command line's compare (core.compare)."""
    mark = delta_mark(delta)
    if not mark:
        return Text("")
    return Text(f" {mark}", style="bold green" if delta and delta > 0 else "bold red")


class CompareScreen(AppKeysFirst, Screen):
    ACTIONS = (
        ScreenAction(
            "compare: Back to the interview",
            "app.pop_screen",
            "Leave the comparison",
            "escape,q",
            "Back",
            id="compare-back",
        ),
        ScreenAction(
            "compare: Differences only",
            "toggle_diff",
            "Toggle rows that are the same",
            "d",
            "Differences only",
            id="compare-diff",
        ),
        ScreenAction(
            "compare: Add profile…",
            "add_profile",
            "Another column",
            "a,plus",
            "Add profile",
            id="compare-add",
        ),
        ScreenAction(
            "compare: Remove profile…",
            "remove_profile",
            "Drop a column",
            "r,minus",
            "Remove profile",
            id="compare-remove",
            narrow=False,
        ),
    )
    BINDINGS = bindings(ACTIONS)
    DEFAULT_CSS = """
    CompareScreen #compare-table { height: 1fr; }
    CompareScreen #compare-detail { height: auto; max-height: 8; padding: 0 1;
        border-top: solid $primary 40%; }
    CompareScreen #compare-summary { height: auto; padding: 0 1; }
    """

    def __init__(self, session: Session, names: list[str]) -> None:
        super().__init__()
        self.session = session
        self.names = list(names)
        self.diff_only = False
        self.comparison: Comparison | None = None
        self.row_keys: list[str] = []

    def compose(self):
        yield TitleBar()
        yield Static(id="compare-summary")
        yield DataTable(id="compare-table", cursor_type="row", zebra_stripes=False)
        yield Static(id="compare-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(DataTable).focus()

    def rebuild(self) -> None:
        s = self.session
        rubric = s.rubric
        self.comparison = c = compare(s.workload, self.names)
        self.title = s.workload.name
        self.sub_title = (
            "compare " + " · ".join(self.names) + (" · differences only" if self.diff_only else "")
        )
        summary = Text("Overall  ", style="bold")
        for n in self.names:
            sc = c.scores[n]
            first = c.scores[self.names[0]].level
            summary += (
                Text(f"{n} ", style="bold")
                + badge(rubric, sc.level)
                + delta_text(sc.level - first)
                + Text(f" {sc.score:.0%}   ", style="dim")
            )
        changed = sum(1 for r in c.rows if r.differs)
        summary += Text(f"\n{changed} of {len(c.rows)} characteristics differ", style="dim")
        self.query_one("#compare-summary", Static).update(summary)

        table = self.query_one(DataTable)
        table.clear(columns=True)
        # Fixed widths that fit the terminal, and rows as tall as their longest cell (height
        # None below): a long label, a delta or a rationale wraps instead of being cut.
        key_width = min(28, max(len(ch.id) for ch in rubric.characteristics) + 2)
        room = (self.size.width or 120) - key_width - 2 * (len(self.names) + 2) - 2
        width = max(12, min(30, room // (len(self.names) + 2)))
        table.add_column("Characteristic", width=key_width)
        for n in self.names:
            table.add_column(Text(n), width=width)  # Text: a str label is read as markup
        table.add_column("Rationale", width=max(16, room - width * len(self.names)))
        self.row_keys = []
        by_group: dict[str, list] = {}
        for row in c.rows:
            by_group.setdefault(row.key.split(".", 1)[0], []).append(row)
        for g in rubric.groups:
            rows = [r for r in by_group.get(g.id, []) if r.differs or not self.diff_only]
            deltas = c.group_deltas(g.id)
            if self.diff_only and not rows and not any(deltas.values()):
                continue
            cells = [Text(g.title, style="bold")]
            for n in self.names:
                cells.append(badge(rubric, c.scores[n].groups[g.id].level) + delta_text(deltas[n]))
            cells.append(Text(""))
            table.add_row(*cells, key=f"group:{g.id}", height=None)
            self.row_keys.append(f"group:{g.id}")
            for r in rows:
                ch = rubric.get(r.key)
                style = CHANGED if r.differs else ""
                cells = [Text("  " + ch.id, style=style)]
                for n in self.names:
                    t = Text(display(ch, r.answers[n]), style=style)
                    if r.levels[n] is not None:
                        t = badge(rubric, r.levels[n]) + Text(" ") + t
                    t += delta_text(r.deltas[n])
                    cells.append(t)
                reasons = [f"{n}: {why}" for n, why in r.rationale.items() if why]
                missing = [
                    n
                    for n in self.names[1:]
                    if r.differs
                    and s.workload.profiles[n].is_target
                    and not r.rationale.get(n)
                    and s.workload.profiles[n].values.get(r.key)
                ]
                rtext = Text(" · ".join(reasons), style=style)
                if missing:
                    rtext += Text(f" ⚠ no rationale: {', '.join(missing)}", style="bold yellow")
                cells.append(rtext)
                table.add_row(*cells, key=r.key, height=None)
                self.row_keys.append(r.key)
        self.show_detail()

    def show_detail(self) -> None:
        table = self.query_one(DataTable)
        if not self.row_keys or self.comparison is None:
            self.query_one("#compare-detail", Static).update(
                "No differences." if self.diff_only else ""
            )
            return
        key = self.row_keys[min(table.cursor_row, len(self.row_keys) - 1)]
        rubric = self.session.rubric
        if key.startswith("group:"):
            g = rubric.group(key.removeprefix("group:"))
            text = Text(g.title, style="bold") + Text(f"  {g.description}", style="dim")
            for n in self.names:
                gs = self.comparison.scores[n].groups[g.id]
                text += (
                    Text(f"\n{n}: ")
                    + badge(rubric, gs.level)
                    + Text(f" score {gs.score:.0%}" if gs.score is not None else "")
                    + Text(f", complete {gs.completeness:.0%}", style="dim")
                )
        else:
            row = next(r for r in self.comparison.rows if r.key == key)
            ch = rubric.get(key)
            text = Text(key, style="bold") + Text(f"  {ch.question}", style="dim")
            for n in self.names:
                text += Text(f"\n{n}: ", style="bold") + Text(display(ch, row.answers[n]))
                if row.rationale.get(n):
                    text += Text(f" — {row.rationale[n]}", style="italic")
        self.query_one("#compare-detail", Static).update(text)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.show_detail()

    def action_toggle_diff(self) -> None:
        self.diff_only = not self.diff_only
        self.rebuild()

    @work(exclusive=True, group="dialog")
    async def action_add_profile(self) -> None:
        w = self.session.workload
        left = [n for n in ordered_profiles(w) if n not in self.names]
        if not left:
            self.notify("Every profile is already in the comparison.")
            return
        name = await self.app.push_screen_wait(
            PickDialog(
                "Add a profile to the comparison",
                [
                    (
                        n,
                        profile_label(
                            w, n, self.comparison.scores.get(n) if self.comparison else None
                        ),
                    )
                    for n in left
                ],
            )
        )
        if name:
            self.names.append(name)
            self.rebuild()

    @work(exclusive=True, group="dialog")
    async def action_remove_profile(self) -> None:
        if len(self.names) <= 2:
            self.notify("A comparison needs two profiles.", severity="warning")
            return
        name = await self.app.push_screen_wait(
            PickDialog(
                "Remove a profile from the comparison",
                [(n, n) for n in self.names],
                message="Deltas are measured against the first profile.",
            )
        )
        if name:
            self.names.remove(name)
            self.rebuild()

    def palette_commands(self) -> list[tuple[str, str, object]]:
        return palette(self, self.ACTIONS)
