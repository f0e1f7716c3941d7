"""Maturity over time as a text chart: one row per group, one bar per snapshot.

Each bar's height is the level (``▁`` lowest to ``█`` the top of the ladder) in the level's
colour, so a rise or a fall reads at a glance; targets follow a ``┊`` as where the workload is
heading. A legend names every level, and each row ends with the newest snapshot's level and
its change since the oldest, with the same ▲▼ as compare.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...core.compare import delta_mark
from ...core.maturity_history import OVERALL, MaturityHistory, Point
from .gauge import LEVEL_COLOURS

BLOCKS = "▁▂▃▄▅▆▇█"
TITLE_WIDTH = 24
MIN_COLUMN = 2  # a one-cell bar and a gap
MAX_COLUMN = 9


def bar_glyph(level: int | None, top: int) -> str:
    """The block whose height is ``level`` on a ladder of ``0..top`` (``·`` for no level)."""
    if level is None:
        return "·"
    return BLOCKS[round(level / top * (len(BLOCKS) - 1)) if top else 0]


def level_style(level: int | None) -> str:
    if level is None:
        return "dim"
    return LEVEL_COLOURS[min(level, len(LEVEL_COLOURS) - 1)]


def chart(history: MaturityHistory, width: int) -> Text:
    """The chart in ``width`` cells (at least about 50). When the snapshots do not all fit,
    the newest are shown and a note says how many older ones are left out."""
    top = history.top
    snaps = [i for i, p in enumerate(history.points) if not p.is_target]
    targets = [i for i, p in enumerate(history.points) if p.is_target]
    tail_width = 18  # "L2 Repeatable ▲1"
    room = max(MIN_COLUMN, width - TITLE_WIDTH - tail_width - (2 if targets else 0))
    column = max(MIN_COLUMN, min(MAX_COLUMN, room // max(1, len(snaps) + len(targets))))
    fit = room // column
    shown_targets = targets[: max(0, fit - 1)] if len(snaps) + len(targets) > fit else targets
    shown_snaps = snaps[-max(1, fit - len(shown_targets)) :]
    left_out = len(snaps) - len(shown_snaps)

    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("".ljust(TITLE_WIDTH))
    for i in shown_snaps:
        text.append(_head(history.points[i], column), style="dim")
    if shown_targets:
        text.append("┊ ", style="dim")
        for i in shown_targets:
            text.append(_head(history.points[i], column), style="dim italic")
    text.append("now", style="dim")
    for s in history.series:
        text.append("\n")
        title = s.title if len(s.title) < TITLE_WIDTH else s.title[: TITLE_WIDTH - 2] + "…"
        text.append(title.ljust(TITLE_WIDTH), style="bold" if s.id == OVERALL else "")
        for i in shown_snaps:
            level = s.levels[i]
            text.append(bar_glyph(level, top) * (column - 1), style=level_style(level))
            text.append(" ")
        if shown_targets:
            text.append("┊ ", style="dim")
            for i in shown_targets:
                level = s.levels[i]
                text.append(bar_glyph(level, top) * (column - 1), style=f"{level_style(level)} dim")
                text.append(" ")
        newest = s.levels[snaps[-1]] if snaps else None
        if newest is None:
            text.append("n/a", style="dim")
        else:
            level_id, label = history.levels[newest]
            text.append(f"{level_id} {label}", style=f"bold {level_style(newest)}")
        mark = delta_mark(s.change(history.points))
        if mark:
            text.append(f" {mark}", style="bold green" if mark.startswith("▲") else "bold red")
    text.append("\n")
    named = "  ".join(
        f"{bar_glyph(r, top)} {i} {label}" for r, (i, label) in enumerate(history.levels)
    )
    short = "  ".join(f"{bar_glyph(r, top)} {i}" for r, (i, _) in enumerate(history.levels))
    text.append(named if len(named) <= width else short, style="dim")
    if left_out:
        text.append(f"\n… {left_out} older snapshot(s) not shown", style="dim")
    return text


def _head(point: Point, column: int) -> str:
    """A column's heading: a snapshot's month and day (``05-04``), a target's name."""
    label = point.profile if point.is_target else (point.date[5:] or point.profile)
    return label[: column - 1].ljust(column)


class MaturityChart(Static):
    """The chart of a ``MaturityHistory``, redrawn to the widget's width."""

    DEFAULT_CSS = """
    MaturityChart { height: auto; padding: 0 1; }
    """

    history: MaturityHistory | None = None

    def show(self, history: MaturityHistory) -> None:
        self.history = history
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.history is not None:
            self.update(chart(self.history, self.content_size.width or 78))
