"""The portfolio in the app: every workload under a folder or an ``s3://bucket/prefix/``,
scored, as one sortable, filterable table with a group heat map, and the portfolio's maturity
month by month from the snapshots.

Scoring is the command line's (``core.portfolio``; a process pool on big folders) run in a
thread worker: progress comes back through ``call_from_thread``, and Escape sets the cancel
event, which the worker checks after every workload; closing the entries generator stops the
pool. An ``s3://`` prefix is listed and read by ``aws.portfolio_s3`` as ``mlprofile portfolio``
does, imported only then: a local portfolio never loads boto3. Filtering, sorting and the
monthly counts are ``core.portfolio_view``'s: this screen only shows them. Enter opens the
selected workload (a file or an S3 object) over the portfolio; Escape there comes back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path

from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, ProgressBar, Static

from ...aws.locations import parse_s3_uri, require_boto3, workload_location
from ...core.errors import MlprofileError
from ...core.portfolio import PortfolioEntry, iter_portfolio
from ...core.portfolio_report import group_columns
from ...core.portfolio_sources import DiscoveryError, Source, discover
from ...core.portfolio_view import (
    FILTER_HELP,
    SORTS,
    MonthLevels,
    PortfolioFilter,
    levels_by_month,
    parse_filter,
    sort_entries,
)
from ..commands.actions import ScreenAction, bindings, palette
from ..widgets.gauge import LEVEL_COLOURS
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar
from .workload import WorkloadScreen

CHART_WIDTH = 40
"""Columns of the widest month's bar in the maturity-over-time chart."""
CHART_MONTHS = 12
"""The months charted, the latest ones."""


def s3_sources(
    uri: str, cancel: threading.Event, progress: Callable[[int, int], None]
) -> Sequence[Source]:
    """``discover``'s lister for an ``s3://bucket/prefix/``: the objects listed and read by the
    S3 store, ``progress(read, total)`` as they arrive; MlprofileError when nothing can be read
    (boto3 missing included)."""
    parse_s3_uri(uri, prefix=True)  # a mistyped address is said first, boto3 or not
    # boto3 (a quarter of a second) is loaded only when the portfolio is on S3
    require_boto3(uri, "an S3 portfolio")
    from ...aws.portfolio_s3 import s3_sources as read_prefix

    return read_prefix(uri, cancel=cancel, progress=progress)


def heat(text: str, rank: int | None) -> Text:
    """A cell coloured by its level (the gauges' colours); dim · where nothing applies."""
    if rank is None:
        return Text(" · ".center(len(text)), style="dim")
    colour = LEVEL_COLOURS[min(rank, len(LEVEL_COLOURS) - 1)]
    return Text(text, style=f"bold #000000 on {colour}")


def padded(text: Text) -> Padding:
    """A text cell with a column of space each side (the table has no cell padding; a cell's
    own leading spaces would be wrapped away). ``.renderable`` is the Text."""
    return Padding(text, (0, 1))


def chart(rows: list[MonthLevels], ladder: tuple[str, ...]) -> Text:
    """One text bar a month: a segment a level, as long as the workloads at it."""
    if not rows:
        return Text("No dated snapshots yet: nothing to chart.", style="dim")
    most = max(sum(r.counts) for r in rows) or 1
    out = Text("Maturity over time (workloads at each level, end of month)\n", style="bold")
    for rank in range(len(rows[0].counts)):
        name = ladder[rank] if rank < len(ladder) else f"L{rank}"
        out += heat(f" {name} ", rank) + Text(" ")
    out += Text("\n")
    for row in rows:
        out += Text(f"{row.month} ")
        for rank, count in enumerate(row.counts):
            width = round(count * CHART_WIDTH / most)
            if count and not width:
                width = 1
            out += heat("█" * width, rank) if width else Text()
        out += Text(f" {sum(row.counts)}: " + " ".join(str(c) for c in row.counts), style="dim")
        out += Text("\n")
    return out


class PortfolioScreen(Screen):
    """Every workload under ``folder``: a local folder (a ``Path``) or an
    ``s3://bucket/prefix/`` (text, never a ``Path``: that would fold ``//``). ``entries``
    holds what was scored, in path order."""

    ACTIONS = (
        ScreenAction(
            "portfolio: Back",
            "back",
            "Cancel scoring when it runs, else back to the start screen",
            "escape",
            "Back",
            id="portfolio-back",
        ),
        ScreenAction(
            "portfolio: Sort by next column",
            "sort",
            "Cycle the sort column (a click on a column header sorts by it)",
            "s",
            "Sort",
            id="portfolio-sort",
        ),
        ScreenAction(
            "portfolio: Reverse the sort",
            "reverse",
            "Sort the other way round",
            "r",
            "Reverse",
            id="portfolio-reverse",
        ),
        ScreenAction(
            "portfolio: Filter…",
            "filter",
            "Filter by owner, level or a group's level",
            "slash",
            "Filter",
            id="portfolio-filter",
        ),
        ScreenAction(
            "portfolio: Score again",
            "rescore",
            "Read and score every workload again",
            "f5",
            "Rescore",
            id="portfolio-rescore",
        ),
    )
    BINDINGS = bindings(ACTIONS)
    DEFAULT_CSS = """
    PortfolioScreen #portfolio-top { height: auto; padding: 0 1; }
    PortfolioScreen #portfolio-status { width: 1fr; height: auto; }
    PortfolioScreen ProgressBar { width: auto; }
    PortfolioScreen #portfolio-filter { margin: 0 1; }
    PortfolioScreen #portfolio-filter-error { height: auto; padding: 0 1; color: $error; }
    PortfolioScreen #portfolio-table { height: 1fr; }
    PortfolioScreen #portfolio-chart { height: auto; max-height: 14; padding: 0 1; }
    """

    def __init__(self, folder: Path | str) -> None:
        super().__init__()
        self.folder = folder
        self.entries: list[PortfolioEntry] = []
        self.shown: list[PortfolioEntry] = []
        self.groups: list[str] = []
        self.sort_by = "path"
        self.descending = False
        self.filter = PortfolioFilter()
        self.cancel_event = threading.Event()
        self.scoring = False
        self.cancelled = False

    def compose(self):
        yield TitleBar()
        with Horizontal(id="portfolio-top"):
            yield Static(id="portfolio-status")
            yield ProgressBar(show_eta=False, id="portfolio-progress")
        yield Input(placeholder=FILTER_HELP, id="portfolio-filter")
        yield Static(id="portfolio-filter-error")
        # no padding: the group cells touch, one heat strip a row; text cells pad themselves
        yield DataTable(id="portfolio-table", cursor_type="row", zebra_stripes=True, cell_padding=0)
        yield Static(id="portfolio-chart")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Portfolio"
        self.sub_title = str(self.folder)
        self.query_one(DataTable).focus()
        self.start_scoring()

    # ---- scoring (thread worker)

    def start_scoring(self) -> None:
        self.cancel_event = threading.Event()
        self.scoring, self.cancelled = True, False
        bar = self.query_one(ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._status(Text(f"Reading {self.folder}…"))
        self.worker = self.score()  # tests and the app wait on this worker, never on time

    @work(thread=True, exclusive=True, group="portfolio")
    def score(self) -> None:
        cancel = self.cancel_event

        def remote(uri: str) -> Sequence[Source]:
            return s3_sources(
                uri, cancel, lambda done, total: self._from_thread(self._reading, done, total)
            )

        try:
            sources = discover([str(self.folder)], remote=remote)
        except DiscoveryError as e:
            self._from_thread(self._finished, [], "; ".join(p.render() for p in e.problems))
            return
        if cancel.is_set():  # Escape while the objects were read: none of them is scored
            self._from_thread(self._finished, [], None)
            return
        total = len(sources)
        self._from_thread(self._progress, 0, total)
        done = 0
        entries: list[PortfolioEntry] = []
        try:
            with closing(iter_portfolio(sources, history=True)) as scored:
                for entry in scored:
                    entries.append(entry)
                    done += 1
                    self._from_thread(self._progress, done, total)
                    if cancel.is_set():
                        break
        except MlprofileError as e:
            self._from_thread(self._finished, entries, e.render())
            return
        self._from_thread(self._finished, entries, None)

    def _from_thread(self, fn, *args) -> None:
        if not self.is_attached:
            return
        try:
            self.app.call_from_thread(fn, *args)
        except RuntimeError:  # the app closed while the worker was scoring: nobody to tell
            self.cancel_event.set()

    def on_unmount(self) -> None:
        self.cancel_event.set()  # the app quit while scoring: the worker stops, the pool too

    def _progress(
        self, done: int, total: int, doing: str = "Scoring", what: str = "workloads"
    ) -> None:
        if not self.scoring:
            return
        self.query_one(ProgressBar).update(total=total, progress=done)
        verb = "Cancelling" if self.cancel_event.is_set() else doing
        self._status(Text(f"{verb}: {done} of {total} {what} under {self.folder}"))

    def _reading(self, done: int, total: int) -> None:
        """Progress while an S3 prefix's objects are read, before any is scored."""
        self._progress(done, total, "Reading", "objects")

    def _finished(self, entries: list[PortfolioEntry], problem: str | None) -> None:
        self.scoring = False
        self.query_one(ProgressBar).display = False
        self.entries = entries
        self.groups = group_columns(entries)
        self.cancelled = self.cancel_event.is_set()
        self._fill()
        if problem is not None:
            self._status(Text(problem, style="bold red"))
        elif self.cancelled:
            self._status(
                Text(
                    f"Cancelled: {len(entries)} workloads scored before Escape; F5 scores all.",
                    style="bold yellow",
                )
            )
        else:
            errors = sum(1 for e in entries if e.error is not None)
            self._status(
                Text(f"{len(entries)} workloads under {self.folder}, {errors} with errors.")
            )

    def _status(self, text: Text) -> None:
        self.query_one("#portfolio-status", Static).update(text)

    # ---- the table and the chart

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column(self._heading(" workload", "path"), key="path")
        table.add_column(self._heading(" owner", "owner"), key="owner")
        table.add_column(self._heading(" overall", "level"), key="level")
        for g in self.groups:
            table.add_column(self._heading(f" {g[:3]}", g), key=f"group:{g}")
        table.add_column(self._heading(" done", "completeness"), key="completeness")
        table.add_column(self._heading(" targets", "targets"), key="targets")
        table.add_column(Text(" error"), key="error")
        self.shown = sort_entries(
            self.filter.apply(self.entries), self.sort_by, descending=self.descending
        )
        for i, e in enumerate(self.shown):
            table.add_row(*self._cells(e), key=str(i))
        ladder = next((e.ladder for e in self.entries if e.ladder), ())
        self.query_one("#portfolio-chart", Static).update(
            chart(levels_by_month(self.filter.apply(self.entries))[-CHART_MONTHS:], ladder)
        )

    def _heading(self, title: str, sort: str) -> Text:
        if sort != self.sort_by:
            return Text(title)
        return Text(title + (" ▼" if self.descending else " ▲"), style="bold")

    def _cells(self, e: PortfolioEntry) -> list[Text | Padding]:
        who = padded(Text(e.name or Path(e.path).name))  # an s3:// URI's last part too
        owner = padded(Text(e.owner or ""))
        if e.error is not None:
            blanks = [Text("") for _ in range(1 + len(self.groups) + 2)]  # overall, groups, ...
            return [who, owner, *blanks, padded(Text(e.error, style="red"))]
        levels = dict(e.groups)
        return [
            who,
            owner,
            padded(heat(f" {e.level_id} {e.label} ", e.level)),
            *(heat(f" {levels.get(g)} ", levels.get(g)) for g in self.groups),
            padded(
                Text(f"{e.completeness:.0%}" if e.completeness is not None else "", justify="right")
            ),
            padded(Text(", ".join(e.targets))),
            Text(""),
        ]

    def selected(self) -> PortfolioEntry | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    # ---- actions

    def action_back(self) -> None:
        if self.scoring:
            self.cancel_event.set()  # the worker stops after the workload in hand
            self._status(Text("Cancelling…", style="bold yellow"))
            return
        self.app.pop_screen()

    def action_sort(self) -> None:
        order = [*SORTS, *self.groups]
        i = order.index(self.sort_by) if self.sort_by in order else -1
        self._sort(order[(i + 1) % len(order)])

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self._fill()

    def _sort(self, by: str, descending: bool = False) -> None:
        self.sort_by, self.descending = by, descending
        self._fill()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == "error":
            return
        by = key.removeprefix("group:")
        self._sort(by, descending=not self.descending if by == self.sort_by else False)

    def action_filter(self) -> None:
        self.query_one("#portfolio-filter", Input).focus()

    @on(Input.Submitted, "#portfolio-filter")
    def _filtered(self, event: Input.Submitted) -> None:
        error = self.query_one("#portfolio-filter-error", Static)
        try:
            self.filter = parse_filter(event.value, self.groups)
        except MlprofileError as e:
            error.update(Text(e.message))
            return
        error.update("")
        self._fill()
        self.query_one(DataTable).focus()

    def action_rescore(self) -> None:
        if not self.scoring:
            self.start_scoring()

    @on(DataTable.RowSelected, "#portfolio-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.error is not None:
            self.notify(entry.error, severity="error", title="Cannot open")
            return
        try:  # an s3:// entry opens through the S3 store, never as a Path ("s3:/...")
            location = workload_location(entry.path)
        except MlprofileError as e:
            self.notify(e.render(), severity="error", title="Cannot open")
            return
        self.app.open_workload(location, over=True)

    def palette_commands(self) -> list[tuple[str, str, object]]:
        return palette(self, self.ACTIONS)


class PortfolioWorkloadScreen(WorkloadScreen):
    """A workload opened from the portfolio: as any other, and Escape goes back to it (asking
    about unsaved edits first, as leaving any workload does)."""

    ACTIONS = (
        *WorkloadScreen.ACTIONS,
        ScreenAction(
            "portfolio: Back to the portfolio",
            "back_to_portfolio",
            "Close this workload and return to the portfolio",
            "escape",
            "Portfolio",
            id="workload-portfolio",
        ),
    )
    BINDINGS = bindings(ACTIONS)

    def action_back_to_portfolio(self) -> None:
        self.app.leave_workload(self._close)

    def _close(self) -> None:
        app = self.app
        if app.session is self.session:
            self.session.close()
            app.session = None
        app.pop_screen()
