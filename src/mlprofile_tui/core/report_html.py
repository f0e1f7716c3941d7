"""The profile document as one self-contained HTML page (``export --format html``).

For people who will not open a terminal: gauges, a chart per group across profiles and across
snapshots, the compare table with level deltas, every rationale and the blockers with their
distance. The page loads nothing (no scripts, external styles, fonts or images: charts are
inline SVG), so it can be mailed, attached to a ticket or opened offline. Every text from the
workload or the rubric goes through ``html.escape``: a name such as ``<script>`` shows as
written.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .compare import Comparison, compare
from .scoring import ProfileScore, score_profile
from .values import display
from .workload import Workload

# One colour a level, lowest first (a rubric has 2 to 6 levels); readable on white.
_LEVEL_COLOURS = ("#b91c1c", "#ea580c", "#ca8a04", "#65a30d", "#15803d", "#0f766e")
_NA = "#9ca3af"


@dataclass(frozen=True)
class SnapshotPoint:
    """One snapshot on the maturity-over-time line: its name, ``taken`` (ISO 8601 or ""),
    overall level and score (0–1 fraction), and per group id its level (None: n/a)."""

    profile: str
    taken: str
    level: int
    score: float
    groups: dict[str, int | None]


def maturity_over_time(workload: Workload) -> list[SnapshotPoint]:
    """Every snapshot, oldest first (``current`` last), scored: the history the page charts."""
    snaps = workload.snapshots()
    effective = workload.effective_many(p.name for p in snaps)
    points = []
    for p in snaps:
        s = score_profile(workload.rubric, effective[p.name], p.name)
        groups = {gid: g.level for gid, g in s.groups.items()}
        points.append(SnapshotPoint(p.name, p.taken or "", s.level, s.score, groups))
    return points


def export_html(workload: Workload, names: list[str] | None = None) -> str:
    """The page for ``names`` (default: as ``mlprofile compare``, the newest snapshot and every
    target; the maturity-over-time charts always show every snapshot).

    Returns the complete HTML text (UTF-8, no external resources). Unknown profile names are
    bad input (MlprofileError, exit 2), as in the other exports.
    """
    comparison = compare(workload, names)
    rubric = workload.rubric
    title = f"ML workload profile: {workload.name}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>ML workload profile: <span>{escape(workload.name)}</span></h1>",
    ]
    if workload.owner:
        parts.append(f'<p class="meta">Owner: <span>{escape(workload.owner)}</span></p>')
    parts.append(
        f'<p class="meta">Rubric: <span>{escape(rubric.title)}</span> '
        f"({escape(rubric.id)} {escape(rubric.version)}; "
        f"{escape(', '.join(rubric.practices))})</p>"
    )
    if workload.notes:
        parts.append(f'<p class="notes">{escape(workload.notes.strip())}</p>')
    parts.append("</header>")
    parts += _gauges(workload, comparison)
    parts += _group_charts(workload, comparison, maturity_over_time(workload))
    parts += _compare_table(workload, comparison)
    parts += _rationale(workload, comparison)
    parts += _blockers(workload, comparison)
    parts.append("</body></html>\n")
    return "\n".join(parts)


# --------------------------------------------------------------------------- sections


def _level_colour(rank: int | None, top: int) -> str:
    if rank is None:
        return _NA
    # spread the palette over the ladder: the top level is always the darkest green
    i = round(rank * (len(_LEVEL_COLOURS) - 1) / max(top, 1))
    return _LEVEL_COLOURS[i]


def _level_text(workload: Workload, rank: int | None) -> str:
    if rank is None:
        return "n/a"
    return f"L{rank} {workload.rubric.level(rank).label}"


def _gauge(workload: Workload, rank: int | None, score: float | None, width: int) -> str:
    """A bar of one segment a level, filled up to ``rank``, with the score (0–1) under it."""
    top = workload.rubric.top_rank
    gap, height = 3, 14
    seg = (width - gap * top) / (top + 1)
    cells = []
    for r in range(top + 1):
        fill = _level_colour(rank, top) if rank is not None and r <= rank else "#e5e7eb"
        x = r * (seg + gap)
        cells.append(
            f'<rect x="{x:.1f}" y="0" width="{seg:.1f}" height="{height}" rx="2" fill="{fill}"/>'
        )
    shown = f"{score:.0%}" if score is not None else "n/a"
    label = escape(f"{_level_text(workload, rank)} · score {shown}")
    return (
        f'<svg class="gauge" width="{width}" height="{height + 18}" role="img" '
        f'aria-label="{label}"><title>{label}</title>{"".join(cells)}'
        f'<text x="0" y="{height + 14}">{label}</text></svg>'
    )


def _gauges(workload: Workload, comparison: Comparison) -> list[str]:
    out = ['<section><h2>Maturity</h2><div class="cards">']
    for name in comparison.profiles:
        s: ProfileScore = comparison.scores[name]
        p = workload.profiles[name]
        kind = (
            f"target from {escape(p.based_on or '')}"
            if p.is_target
            else f"snapshot {escape((p.taken or '')[:10])}"
        )
        draft = ' <span class="draft">draft</span>' if s.draft else ""
        out.append(
            f'<div class="card"><h3><span>{escape(name)}</span>{draft}</h3>'
            f'<p class="meta">{kind} · complete {s.completeness:.0%} · '
            f"optimistic L{s.optimistic_level}</p>"
            + _gauge(workload, s.level, s.score, 260)
            + '<table class="groups">'
        )
        for g in workload.rubric.groups:
            gs = s.groups[g.id]
            out.append(
                f"<tr><th>{escape(g.title)}</th><td>"
                + _gauge(workload, gs.level, gs.score, 180)
                + "</td></tr>"
            )
        out.append("</table></div>")
    out.append("</div></section>")
    return out


def _bars(workload: Workload, comparison: Comparison, group: str) -> str:
    """Group level per compared profile, one bar each."""
    top = workload.rubric.top_rank
    names = comparison.profiles
    bar, gap, height = 30, 26, 90
    width = max(len(names) * (bar + gap) + gap, 120)
    items = []
    for i, name in enumerate(names):
        lv = comparison.scores[name].groups[group].level
        x = gap + i * (bar + gap)
        h = 4 if lv is None else 4 + (height - 4) * lv / max(top, 1)
        tip = escape(f"{name}: {_level_text(workload, lv)}")
        items.append(
            f'<g><title>{tip}</title><rect x="{x}" y="{height - h:.1f}" width="{bar}" '
            f'height="{h:.1f}" fill="{_level_colour(lv, top)}"/>'
            f'<text x="{x + bar / 2}" y="{height + 12}" text-anchor="middle">'
            f"{'n/a' if lv is None else f'L{lv}'}</text>"
            f'<text x="{x + bar / 2}" y="{height + 24}" text-anchor="middle" class="small">'
            f"{escape(_short(name, 9))}</text></g>"
        )
    return (
        f'<svg width="{width}" height="{height + 30}" role="img" '
        f'aria-label="level per profile">{"".join(items)}</svg>'
    )


def _line(workload: Workload, points: list[SnapshotPoint], group: str) -> str:
    """Group level per snapshot, oldest first: a line through the levels it has."""
    top = workload.rubric.top_rank
    step, height, left = 72, 90, 36
    width = max(left + step * len(points), 120)
    coords = []
    items = []
    for i, pt in enumerate(points):
        lv = pt.groups.get(group)
        x = left + i * step
        label = escape(_short(pt.taken[:10] or pt.profile))
        items.append(
            f'<text x="{x}" y="{height + 24}" text-anchor="middle" class="small">{label}</text>'
        )
        if lv is None:
            continue
        y = height - (height - 22) * lv / max(top, 1)  # room for the label above the top
        coords.append(f"{x},{y:.1f}")
        tip = escape(f"{pt.profile} {pt.taken[:10]}: {_level_text(workload, lv)}")
        items.append(
            f'<g><title>{tip}</title><circle cx="{x}" cy="{y:.1f}" r="5" '
            f'fill="{_level_colour(lv, top)}"/>'
            f'<text x="{x}" y="{y - 8:.1f}" text-anchor="middle">L{lv}</text></g>'
        )
    path = (
        f'<polyline points="{" ".join(coords)}" fill="none" stroke="#6b7280" stroke-width="2"/>'
        if len(coords) > 1
        else ""
    )
    return (
        f'<svg width="{width}" height="{height + 30}" role="img" '
        f'aria-label="level per snapshot">{path}{"".join(items)}</svg>'
    )


def _group_charts(
    workload: Workload, comparison: Comparison, points: list[SnapshotPoint]
) -> list[str]:
    out = ['<section><h2>Groups across profiles and over time</h2><div class="cards">']
    for g in workload.rubric.groups:
        out.append(
            f'<div class="card chart"><h3>{escape(g.title)}</h3>'
            f'<div class="pair"><figure>{_bars(workload, comparison, g.id)}'
            "<figcaption>across profiles</figcaption></figure>"
            f"<figure>{_line(workload, points, g.id)}"
            "<figcaption>across snapshots</figcaption></figure></div></div>"
        )
    out.append("</div></section>")
    return out


def _delta(d: int | None) -> str:
    """▲ / ▼ and the number of levels, as ``mlprofile compare`` shows them."""
    if not d:
        return ""
    if d > 0:
        return f' <span class="up">▲{d}</span>'
    return f' <span class="down">▼{-d}</span>'


def _compare_table(workload: Workload, comparison: Comparison) -> list[str]:
    rubric = workload.rubric
    names = comparison.profiles
    head = "".join(f"<th>{escape(n)}</th>" for n in names)
    out = [
        "<section><h2>Compare</h2>",
        f'<p class="meta">Level deltas against <span>{escape(names[0])}</span>.</p>',
        f'<table class="compare"><thead>'
        f"<tr><th>characteristic</th>{head}"
        "<th>rationale</th></tr></thead><tbody>",
    ]
    by_group: dict[str, list] = {}
    for row in comparison.rows:
        by_group.setdefault(row.key.split(".", 1)[0], []).append(row)
    for g in rubric.groups:
        deltas = comparison.group_deltas(g.id)
        cells = []
        for i, n in enumerate(names):
            lv = comparison.scores[n].groups[g.id].level
            cells.append(
                f"<td>{'n/a' if lv is None else f'L{lv}'}{_delta(deltas[n]) if i else ''}</td>"
            )
        out.append(f'<tr class="group"><th>{escape(g.title)}</th>{"".join(cells)}<td></td></tr>')
        for row in by_group.get(g.id, []):
            ch = rubric.by_key[row.key]
            cells = []
            for i, n in enumerate(names):
                lv = row.levels[n]
                level = f' <span class="lv">L{lv}</span>' if lv is not None else ""
                cells.append(
                    f"<td>{escape(display(ch, row.answers[n]))}{level}"
                    f"{_delta(row.deltas[n]) if i else ''}</td>"
                )
            why = "".join(
                f'<div><b>{escape(n)}</b>: <span class="why">{escape(r)}</span></div>'
                for n, r in row.rationale.items()
                if r
            )
            cls = ' class="differs"' if row.differs else ""
            out.append(
                f'<tr{cls}><th title="{escape(ch.key)}">{escape(ch.question)}</th>'
                f"{''.join(cells)}<td>{why}</td></tr>"
            )
    out.append("</tbody></table></section>")
    return out


def _rationale(workload: Workload, comparison: Comparison) -> list[str]:
    """Every rationale: each target's reason to exist and each of its own values' reasons."""
    out = ["<section><h2>Rationale</h2>"]
    any_written = False
    for name in comparison.profiles:
        p = workload.profiles[name]
        own = [(k, a.rationale) for k, a in p.values.items() if a.rationale]
        if not (p.rationale or own):
            continue
        any_written = True
        out.append(f"<h3><span>{escape(name)}</span></h3>")
        if p.rationale:
            out.append(f'<p class="why">{escape(p.rationale.strip())}</p>')
        if own:
            out.append("<ul>")
            for key, why in own:
                out.append(
                    f"<li><code>{escape(key)}</code>: "
                    f'<span class="why">{escape(why or "")}</span></li>'
                )
            out.append("</ul>")
    if not any_written:
        out.append('<p class="meta">No rationale written yet.</p>')
    out.append("</section>")
    return out


def _blockers(workload: Workload, comparison: Comparison) -> list[str]:
    out = ["<section><h2>Blockers to the next level</h2>"]
    rows = [(n, b) for n in comparison.profiles for b in comparison.scores[n].blockers]
    if not rows:
        out.append('<p class="meta">None: every profile is at the top level.</p>')
    else:
        out.append(
            "<table><thead><tr><th>profile</th><th>characteristic</th><th>level</th>"
            "<th>distance</th></tr></thead><tbody>"
        )
        for n, b in rows:
            out.append(
                f"<tr><td>{escape(n)}</td><td><code>{escape(b.key)}</code></td>"
                f"<td>L{b.level} → L{b.needs}</td><td>{escape(b.distance)}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def _short(text: str, n: int = 12) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# System fonts only: nothing is fetched.
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;
color:#111827;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid
#e5e7eb}h3{font-size:15px;margin:6px 0}.meta{color:#4b5563;margin:2px 0}
.notes,.why{white-space:pre-wrap}.cards{display:flex;flex-wrap:wrap;gap:16px}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px}
.pair{display:flex;gap:12px}figure{margin:0}figcaption{color:#6b7280;font-size:12px}
svg text{font:11px system-ui,sans-serif;fill:#374151}svg text.small{font-size:10px}
table{border-collapse:collapse;margin:6px 0}th,td{text-align:left;vertical-align:top;
padding:3px 8px;border-bottom:1px solid #f3f4f6}table.groups th{font-weight:normal}
tr.group th,tr.group td{background:#f9fafb;font-weight:600}tr.differs th{color:#92400e}
.up{color:#15803d;font-weight:600}.down{color:#b91c1c;font-weight:600}.lv{color:#6b7280}
.draft{font-size:11px;background:#fef3c7;border-radius:4px;padding:0 4px}
@media print{.card{break-inside:avoid}}
"""
