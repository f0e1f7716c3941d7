"""Maturity over time: every snapshot (oldest first) and target, per group and overall, as a
chart (a bar per snapshot, its height the level) above the table of levels and scores."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ...core.compare import delta_mark
from ...core.maturity_history import maturity_history
from ..session import Session
from ..widgets.gauge import badge
from ..widgets.maturity_chart import MaturityChart
from ..widgets.title_bar import TitleBar
from .app_keys import AppKeysFirst


class HistoryScreen(AppKeysFirst, Screen):
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="history-back")]
    DEFAULT_CSS = """
    HistoryScreen #history-body { height: 1fr; }
    HistoryScreen #history-chart { margin-bottom: 1; }
    HistoryScreen #history-table { height: auto; }
    HistoryScreen #history-note { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self):
        yield TitleBar()
        with VerticalScroll(id="history-body"):
            yield Static(id="history-note")
            yield MaturityChart(id="history-chart")
            yield DataTable(id="history-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        s = self.session
        w = s.workload
        rubric = s.rubric
        self.title = w.name
        self.sub_title = "maturity over time"
        self.query_one(MaturityChart).show(maturity_history(w, score=s.score))
        snaps = w.snapshots()
        targets = w.targets()
        columns = [(p.name, (p.taken or "")[:10], False) for p in snaps] + [
            (p.name, f"target ← {p.based_on}", True) for p in targets
        ]
        table = self.query_one(DataTable)
        table.add_column("Group", width=22)
        for name, sub, _ in columns:
            table.add_column(Text(f"{name}\n{sub}"), width=max(14, len(name) + 2))
        scores = {name: s.score(name) for name, _, _ in columns}

        def cells(level_of, score_of):
            out, previous = [], None
            for name, _, is_target in columns:
                level = level_of(scores[name])
                sc = score_of(scores[name])
                t = badge(rubric, level)
                t += Text(f" {sc:.0%}" if sc is not None else "", style="dim")
                if previous is not None and level is not None and not is_target:
                    # the same marks as compare and the chart: ▲2, ▼1; · for no change
                    mark = delta_mark(level - previous) or "·"
                    style = {"▲": "bold green", "▼": "bold red"}.get(mark[0], "dim")
                    t += Text(f" {mark}", style=style)
                if not is_target and level is not None:
                    previous = level
                out.append(t)
            return out

        table.add_row(
            Text("Overall", style="bold"),
            *cells(lambda sc: sc.level, lambda sc: sc.score),
            key="overall",
        )
        for g in rubric.groups:
            table.add_row(
                Text(g.title),
                *cells(
                    lambda sc, gid=g.id: sc.groups[gid].level,
                    lambda sc, gid=g.id: sc.groups[gid].score,
                ),
                key=g.id,
            )
        self.query_one("#history-note", Static).update(
            f"{len(snaps)} snapshot(s), oldest first, then {len(targets)} target(s) after ┊. "
            "A bar's height is the level; ▲/▼ mark a change. F6 on the workload screen "
            "keeps a new snapshot."
        )
        # The chart first: focusing the table below it would scroll it out of sight at 24 rows.
        self.query_one("#history-body", VerticalScroll).focus()

    def palette_commands(self) -> list[tuple[str, str, object]]:
        return [("history: Back to the interview", "Escape", self.app.pop_screen)]
