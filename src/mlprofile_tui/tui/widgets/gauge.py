"""Maturity gauges: the level badge, the weighted score bar, completeness and optimistic level."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...core.rubric import Rubric
from ...core.scoring import ProfileScore

# L0 .. L5: red through green to cyan; a rubric may have up to six levels.
LEVEL_COLOURS = ("#d0443e", "#e07b39", "#d9b23c", "#5aa64a", "#2f9fb5", "#4f6fd6")


def badge(rubric: Rubric, level: int | None, *, label: bool = False) -> Text:
    if level is None:  # nothing scored applies; as wide as a level badge, so columns line up
        return Text("n/a ", style="dim")
    lv = rubric.level(level)
    colour = LEVEL_COLOURS[min(level, len(LEVEL_COLOURS) - 1)]
    text = Text(f" {lv.id} ", style=f"bold #000000 on {colour}")
    if label:
        text.append(f" {lv.label}", style=f"bold {colour}")
    return text


def bar(fraction: float | None, width: int) -> Text:
    if fraction is None:
        return Text("─" * width, style="dim")
    filled = max(0, min(width, int(round(fraction * width))))
    return Text("█" * filled, style="#5aa64a") + Text("░" * (width - filled), style="dim")


def percent(fraction: float | None) -> str:
    return "  — " if fraction is None else f"{fraction:4.0%}"


class _Lines(Static):
    """A Static that asks for a layout pass only when its number of lines changes: the gauges
    are redrawn on every answer, and a relayout of the whole screen costs more than the frame."""

    _line_count = -1

    def show_lines(self, renderable, lines: int) -> None:
        self.update(renderable, layout=lines != self._line_count)
        self._line_count = lines


class OverallGauge(_Lines):
    """The profile's headline: weakest-link level, score, completeness, optimistic level."""

    DEFAULT_CSS = """
    OverallGauge { height: auto; padding: 0 1; }
    """

    def show(self, rubric: Rubric, score: ProfileScore, width: int = 18) -> None:
        head = Text("Overall ", style="bold") + badge(rubric, score.level, label=True)
        if score.draft:
            head.append("  draft", style="italic dim")
        text = Text.assemble(
            head,
            "\nscore    ",
            bar(score.score, width),
            f" {percent(score.score)}",
            "\ncomplete ",
            bar(score.completeness, width),
            f" {percent(score.completeness)}",
        )
        if score.optimistic_level != score.level:
            text.append("\nif every unknown were resolved: ", style="dim")
            text.append_text(badge(rubric, score.optimistic_level))
        else:
            text.append("\noptimistic level: same", style="dim")
        self.show_lines(text, 4)


class GroupGauges(_Lines):
    """A header, then one line per group: title, level badge, score bar and percent, and how
    many questions are answered as a count (``4/6``), so the score and the completeness are
    two different kinds of number and cannot be read as one."""

    DEFAULT_CSS = """
    GroupGauges { height: auto; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    _last: tuple | None = None

    def on_resize(self) -> None:
        # The panel's scrollbar comes and goes with the blockers' length: the lines follow.
        if self._last is not None:
            self.show(*self._last)

    def show(
        self, rubric: Rubric, score: ProfileScore, current_group: str | None = None, width: int = 8
    ) -> None:
        self._last = (rubric, score, current_group, width)
        # One Text, laid out by hand: a Rich Table costs several times more to render, and
        # this widget is redrawn on every answer.
        ups = {
            gid: g.optimistic_level
            for gid, g in score.groups.items()
            if g.optimistic_level is not None
            and g.level is not None
            and g.optimistic_level > g.level
        }
        up_width = 4 if ups else 0
        counts = {gid: g.answered for gid, g in score.groups.items()}
        count_width = max(len(f"{a}/{n}") for a, n in counts.values())
        # content width minus: space, badge (4), optimistic mark, bar, " 100%", " 12/15"
        title_width = max(
            8, (self.content_size.width or 36) - 1 - 4 - up_width - width - 5 - 1 - count_width
        )
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(
            " " * (title_width + 1)
            + "lvl".ljust(4 + up_width)
            + "score".ljust(width + 5)
            + " "
            + "done".rjust(count_width),
            style="dim",
        )
        for gid, g in score.groups.items():
            text.append("\n")
            mark = "▸ " if gid == current_group else "  "
            title = mark + g.title
            if len(title) > title_width:
                title = title[: title_width - 1] + "…"
            text.append(
                title.ljust(title_width) + " ", style="bold" if gid == current_group else ""
            )
            text.append_text(badge(rubric, g.level))
            up = f"↑{rubric.level(ups[gid]).id}" if gid in ups else ""
            text.append(up.ljust(up_width), style="dim")
            text.append_text(bar(g.score, width))
            text.append(f" {percent(g.score)}")
            answered, asked = counts[gid]
            text.append(
                f" {f'{answered}/{asked}':>{count_width}}",
                style="green" if answered == asked else "dim",
            )
        self.show_lines(text, len(score.groups) + 1)


class Blockers(_Lines):
    """What stands between the profile and its next level, heaviest first."""

    DEFAULT_CSS = """
    Blockers { height: auto; padding: 0 1; }
    """

    def show(self, rubric: Rubric, score: ProfileScore, limit: int = 6) -> None:
        if score.level >= rubric.top_rank:
            self.show_lines(Text("At the top of the ladder: nothing blocks.", style="dim"), 1)
            return
        nxt = rubric.level(score.level + 1)
        text = Text(f"To reach {nxt.id} {nxt.label}:", style="bold")
        for b in score.blockers[:limit]:
            text.append(f"\n{b.key}", style="bold")
            text.append(f"\n  {b.distance}", style="dim")
        more = len(score.blockers) - limit
        if more > 0:
            text.append(f"\n… and {more} more (compare or score for the full list)", style="dim")
        # wrapping depends on the words, so the text itself decides whether to relayout
        self.show_lines(text, hash(text.plain))


class GaugePanel(VerticalScroll):
    """The right-hand column of the workload screen; redrawn on every accepted answer."""

    DEFAULT_CSS = """
    GaugePanel { height: 1fr; }
    GaugePanel > .section { color: $text-muted; padding: 0 1; margin-top: 1; text-style: bold; }
    GaugePanel > #rationale-debt { padding: 0 1; color: $warning; height: auto; }
    """

    def compose(self):
        yield OverallGauge(id="overall")
        yield Static("Groups", classes="section")
        yield GroupGauges(id="groups")
        yield Static("Blockers", classes="section")
        yield Blockers(id="blockers")
        yield Static(id="rationale-debt")

    _last: tuple | None = None
    _blockers_shown = False  # the first frame goes without them (see show)
    _blockers_pending = False

    def on_resize(self) -> None:
        if self._last is not None:  # bar widths follow the panel's width
            rubric, score, kwargs = self._last
            self.show(rubric, score, **kwargs)

    def _first_blockers(self) -> None:
        self._blockers_shown = True
        if self._last is not None:  # the latest score, should answers have come meanwhile
            rubric, score, _ = self._last
            self.query_one(Blockers).show(rubric, score)

    def show(
        self,
        rubric: Rubric,
        score: ProfileScore,
        *,
        current_group: str | None = None,
        missing_rationale: list[str] | None = None,
    ) -> None:
        self._last = (
            rubric,
            score,
            {"current_group": current_group, "missing_rationale": missing_rationale},
        )
        bar_width = max(6, min(18, self.size.width - 20)) if self.size.width else 14
        self.query_one(OverallGauge).show(rubric, score, bar_width)
        self.query_one(GroupGauges).show(
            rubric,
            score,
            current_group,
            # narrow bars: the title, the score and the count need the room more
            max(3, min(6, self.size.width - 32)) if self.size.width else 6,
        )
        if self._blockers_shown:
            self.query_one(Blockers).show(rubric, score)
        elif not self._blockers_pending:
            # What blocks the next level is a frame behind on the first screen only: its
            # wrapped lines cost opening a workload about a tenth of its first frame, and the
            # level itself (above) is what that frame must carry.
            self._blockers_pending = True
            self.call_after_refresh(self._first_blockers)
        debt = self.query_one("#rationale-debt", Static)
        if missing_rationale:
            debt.update(
                Text(
                    f"{len(missing_rationale)} change(s) without a rationale "
                    "(Ctrl+R on the question): ",
                    style="bold",
                )
                + Text(", ".join(missing_rationale))
            )
            debt.display = True
        else:
            debt.display = False
