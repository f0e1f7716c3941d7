"""Rich output for people: tables for show, score, compare, the rubric and the overview."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..core.answers import UNANSWERED, State
from ..core.compare import Comparison, delta_mark
from ..core.rubric import Rubric
from ..core.scoring import ProfileScore, score_profile
from ..core.values import display
from ..core.workload import Workload

LEVEL_STYLES = ("bold red", "red", "yellow", "green", "bold green", "bold cyan")


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def level_text(rubric: Rubric, level: int | None, short: bool = False) -> Text:
    if level is None:
        return Text("n/a", style="dim")
    style = LEVEL_STYLES[min(level, len(LEVEL_STYLES) - 1)]
    label = (
        rubric.level(level).id if short else f"{rubric.level(level).id} {rubric.level(level).label}"
    )
    return Text(label, style=style)


def bar(fraction: float | None, width: int = 20) -> Text:
    if fraction is None:
        return Text("—", style="dim")
    filled = int(round(fraction * width))
    return (
        Text("█" * filled, style="green")
        + Text("░" * (width - filled), style="dim")
        + Text(f" {fraction:4.0%}")
    )


def print_show(workload: Workload, profile: str | None, group: str | None = None) -> None:
    p = workload.profile(profile)
    answers = workload.effective(p.name)
    rubric = workload.rubric
    con = console()
    title = f"{workload.name} — {p.name}"
    if p.is_target:
        title += f" (target from {p.based_on})"
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("characteristic", no_wrap=True)
    table.add_column("value", overflow="fold", ratio=2)
    table.add_column("provenance", overflow="fold", ratio=1)
    table.add_column("rationale", overflow="fold", ratio=2)
    groups = [g for g in rubric.groups if group in (None, g.id)]
    if not groups:
        from ..core.errors import MlprofileError

        raise MlprofileError(
            f"no group {group!r}; groups: {', '.join(g.id for g in rubric.groups)}"
        )
    for g in groups:
        table.add_row(Text(g.title, style="bold"), "", "", "")
        for ch in g.characteristics:
            a = answers.get(ch.key, UNANSWERED)
            own = p.values.get(ch.key)
            style = {
                State.UNKNOWN: "yellow",
                State.UNANSWERED: "dim",
                State.NOT_APPLICABLE: "cyan",
            }.get(a.state, "")
            inherited = p.is_target and own is None
            prov = a.provenance or ""
            if a.source:
                prov += f" ({a.source})"
            if inherited:
                prov = (prov + " · inherited").strip(" ·")
            table.add_row(
                f"  {ch.key}",
                Text(display(ch, a), style=style),
                prov,
                (own.rationale if own is not None else None) or "",
            )
    con.print(table)


def print_score(workload: Workload, result: ProfileScore) -> None:
    rubric = workload.rubric
    con = console()
    head = Text(f"{workload.name} — {result.profile}: ", style="bold") + level_text(
        rubric, result.level
    )
    if result.draft:
        head += Text("  (draft: questions unanswered)", style="dim")
    con.print(head)
    con.print(Text("score        ") + bar(result.score))
    con.print(Text("completeness ") + bar(result.completeness))
    con.print(
        Text("optimistic   ")
        + level_text(rubric, result.optimistic_level)
        + Text("  (if every unknown were answered at its best)", style="dim")
    )
    table = Table(title_justify="left")
    for col in ("group", "level", "score", "complete", "optimistic"):
        table.add_column(col, no_wrap=True)
    for g in result.groups.values():
        table.add_row(
            g.title,
            level_text(rubric, g.level),
            bar(g.score, 10),
            f"{g.completeness:.0%}",
            level_text(rubric, g.optimistic_level, short=True),
        )
    con.print(table)
    if result.blockers:
        nxt = result.level + 1
        con.print(Text(f"Blocking L{nxt} {rubric.level(nxt).label}:", style="bold"))
        for b in result.blockers:
            con.print(f"  [bold]{b.key}[/] {b.distance}")


def print_compare(workload: Workload, comparison: Comparison, diff_only: bool = False) -> None:
    rubric = workload.rubric
    names = comparison.profiles
    con = console()
    table = Table(title=f"{workload.name}: {' vs '.join(names)}", title_justify="left")
    table.add_column("characteristic", no_wrap=True)
    for n in names:
        table.add_column(n, overflow="fold", ratio=1)
    table.add_column("rationale", overflow="fold", ratio=2)
    summary = ["overall"]
    for i, n in enumerate(names):
        s = comparison.scores[n]
        cell = level_text(rubric, s.level, short=True) + Text(f" {s.score:.0%}")
        if i:
            cell += _delta(s.level - comparison.scores[names[0]].level)
        summary.append(cell)
    table.add_row(*summary, "")
    by_group: dict[str, list] = {}
    for row in comparison.rows:
        by_group.setdefault(row.key.split(".")[0], []).append(row)
    for g in rubric.groups:
        deltas = comparison.group_deltas(g.id)
        cells = [Text(g.title, style="bold")]
        for i, n in enumerate(names):
            lv = comparison.scores[n].groups[g.id].level
            cell = level_text(rubric, lv, short=True)
            if i and deltas[n] is not None:
                cell += _delta(deltas[n])
            cells.append(cell)
        table.add_row(*cells, "")
        for row in by_group.get(g.id, []):
            if diff_only and not row.differs:
                continue
            ch = rubric.by_key[row.key]
            cells = [Text(f"  {ch.id}", style="bold yellow" if row.differs else "")]
            for i, n in enumerate(names):
                cell = Text(display(ch, row.answers[n]))
                if row.levels[n] is not None:
                    cell += Text(f" L{row.levels[n]}", style="dim")
                if i and row.deltas[n]:
                    cell += _delta(row.deltas[n])
                cells.append(cell)
            why = "; ".join(f"{n}: {r}" for n, r in row.rationale.items() if r)
            missing = [
                n
                for n in names[1:]
                if row.differs
                and workload.profiles[n].is_target
                and row.key in workload.profiles[n].values
                and not row.rationale[n]
            ]
            text = Text(why)
            if missing:
                text += Text(f" (no rationale: {', '.join(missing)})", style="red")
            cells.append(text)
            table.add_row(*cells)
    con.print(table)


def _delta(d: int) -> Text:
    mark = delta_mark(d)
    return Text(f" {mark}", style="green" if d > 0 else "red") if mark else Text("")


def print_rubric(rubric: Rubric) -> None:
    con = console()
    con.print(
        Text(
            f"{rubric.title} — {rubric.id} {rubric.version} ({', '.join(rubric.practices)})",
            style="bold",
        )
    )
    con.print("Levels: " + ", ".join(f"{lv.id} {lv.label}" for lv in rubric.levels))
    for g in rubric.groups:
        table = Table(title=g.title, title_justify="left", title_style="bold")
        table.add_column("id", no_wrap=True)
        for col in ("type", "kind", "scoring"):
            table.add_column(col, overflow="fold", ratio=1)
        table.add_column("sources", overflow="fold", ratio=2)
        table.add_column("question", overflow="fold", ratio=3)
        for c in g.characteristics:
            if c.thresholds:
                op = "<=" if c.direction == "lower" else ">="
                scoring = ", ".join(f"L{r} {op} {b:g}" for r, b in c.thresholds)
                if c.kind == "fit":
                    scoring = f"÷ {c.requirement}: " + scoring
            elif c.rules:
                scoring = f"{len(c.rules)} rules, default L{c.default_level}"
            elif c.bool_levels:
                scoring = f"yes L{c.bool_levels[True]}, no L{c.bool_levels[False]}"
            elif c.kind == "maturity":
                scoring = ", ".join(f"{ch.id} L{ch.level}" for ch in c.choices)
            else:
                scoring = ""
            unit = f" ({c.unit})" if c.unit else ""
            sources = "; ".join(s.title + (f" <{s.url}>" if s.url else "") for s in c.sources) or (
                "none cited" if c.scored else ""
            )
            table.add_row(
                c.id,
                c.type + unit,
                c.kind,
                scoring,
                Text(sources, style="" if c.sources else "dim"),
                c.question,
            )
        con.print(table)
    if rubric.contradictions:
        table = Table(
            title="Contradictions validate checks", title_justify="left", title_style="bold"
        )
        table.add_column("id", no_wrap=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("message", overflow="fold", ratio=3)
        table.add_column("sources", overflow="fold", ratio=2)
        for k in rubric.contradictions:
            sources = "; ".join(s.title + (f" <{s.url}>" if s.url else "") for s in k.sources)
            table.add_row(k.id, k.severity, k.message, sources)
        con.print(table)


def print_overview(workload: Workload) -> None:
    con = console()
    rubric = workload.rubric
    con.print(Text(f"{workload.name}", style="bold") + Text(f"  {workload.path}", style="dim"))
    if workload.owner:
        con.print(f"owner: {workload.owner}")
    table = Table(title_justify="left")
    table.add_column("profile")
    table.add_column("kind")
    table.add_column("level")
    table.add_column("score")
    table.add_column("complete")
    profiles = workload.snapshots() + workload.targets()
    effective = workload.effective_many(p.name for p in profiles)
    for p in profiles:
        s = score_profile(rubric, effective[p.name], p.name)
        kind = f"target ← {p.based_on}" if p.is_target else f"snapshot {(p.taken or '')[:10]}"
        table.add_row(
            p.name, kind, level_text(rubric, s.level), bar(s.score, 10), f"{s.completeness:.0%}"
        )
    con.print(table)
    con.print(
        Text(
            f"More: mlprofile score {workload.path} · mlprofile compare {workload.path}",
            style="dim",
        )
    )


# a heat map: the level's colour as the cell's background, lowest rank first
HEAT_STYLES = (
    "bold white on red3",
    "black on dark_orange",
    "black on yellow3",
    "black on green3",
    "black on cyan3",
    "black on bright_cyan",
)


def heat(text: str, rank: int | None) -> Text:
    """``text`` on its level's colour; n/a (dim) when the rank is None."""
    if rank is None:
        return Text("·".rjust(len(text)), style="dim")
    return Text(text, style=HEAT_STYLES[min(rank, len(HEAT_STYLES) - 1)])


def print_portfolio(entries, summary: dict, min_level: int | None) -> None:
    """The portfolio table (workload, owner, overall level, per-group levels as a heat map,
    completeness, targets), the errors in full, then how many are at each level, who is below
    ``min_level`` and the most common blockers. ``entries``: core.portfolio.PortfolioEntry."""
    from rich import box

    from ..core.portfolio_report import group_columns

    con = console()
    groups = [g for g in group_columns(entries) if any(g in dict(e.groups) for e in entries)]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
    table.add_column("workload", overflow="fold", ratio=3, min_width=14)
    table.add_column("owner", overflow="fold", ratio=2, min_width=6)
    table.add_column("overall", no_wrap=True)
    # One strip of two-character cells, a group each: nine groups beside the names in 80
    # columns, where a column a group would not fit. The legend under the table names them.
    table.add_column("".join(f"{g[0]:>2}" for g in groups), no_wrap=True)
    table.add_column("done", justify="right", no_wrap=True)
    table.add_column("targets", overflow="fold", ratio=2, min_width=6)
    for e in entries:
        who = Text(e.name or "?", style="bold") + Text(f"\n{e.path}", style="dim")
        if e.error is not None:
            table.add_row(who, e.owner or "", Text("error", style="bold red"))
            continue
        levels = dict(e.groups)
        strip = Text()
        for g in groups:
            rank = levels.get(g)
            strip += heat(f"{rank:>2}" if rank is not None else "  ", rank)
        table.add_row(
            who,
            e.owner or "",
            heat(f" {e.level_id} {e.label} ", e.level),
            strip,
            f"{e.completeness:.0%}",
            ", ".join(e.targets),
        )
    con.print(table)
    con.print(
        Text(
            "groups, left to right, each cell the group's rank (· nothing scored applies): "
            + ", ".join(groups)
            + "; done: completeness",
            style="dim",
        )
    )
    broken = [e for e in entries if e.error is not None]
    for e in broken:
        # a broken rubric's message names the rubric file: say which workload names it
        where = "" if e.error.startswith(e.path) else f"{e.path}: "
        con.print(Text(f"error: {where}{e.error}", style="red"), soft_wrap=True)
    levels = " · ".join(f"{lid} {n}" for lid, n in summary["levels"].items())
    errors = f"; {len(broken)} with an error" if broken else ""
    con.print(f"{summary['count']} workloads: {levels}{errors}")
    if min_level is not None:
        below = [e for e in entries if e.level is not None and e.level < min_level]
        if below:
            con.print(
                Text(f"{len(below)} below L{min_level}: ", style="bold red")
                + Text(", ".join(e.name or e.path for e in below))
            )
        else:
            con.print(Text(f"every scored workload is at L{min_level} or above", style="green"))
    if summary["top_blockers"]:
        con.print("Most common blockers (workloads held down):")
        for b in summary["top_blockers"]:
            con.print(f"  {b['count']:>5}  {b['key']}")
