"""What a portfolio says: which entries an owner sees, which fail the gate, how many sit at
each level, the most common blockers, and the ``--json`` and ``--csv`` documents (contracts).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .portfolio import PortfolioEntry
from .rubric import resolve_rubric

TOP_BLOCKERS = 10
"""How many of the portfolio's most common blockers the summary lists."""


def select_owners(entries: Sequence[PortfolioEntry], owners: Sequence[str]) -> list[PortfolioEntry]:
    """The entries owned by one of ``owners`` (exact, ignoring case); all when none are given.

    An entry whose owner could not be read (its file is broken before ``[workload]``) is kept:
    it may be one of theirs, and a broken file must not pass an owner's gate unseen."""
    if not owners:
        return list(entries)
    wanted = {o.strip().casefold() for o in owners}
    return [
        e
        for e in entries
        if (e.owner is None and e.error is not None) or (e.owner or "").casefold() in wanted
    ]


def failing(entries: Sequence[PortfolioEntry], min_level: int | None) -> list[PortfolioEntry]:
    """Entries that fail the portfolio's gate: an error, or a level below ``min_level``."""
    return [
        e
        for e in entries
        if e.error is not None
        or (min_level is not None and e.level is not None and e.level < min_level)
    ]


def top_blockers(entries: Sequence[PortfolioEntry], top: int = TOP_BLOCKERS) -> list[dict]:
    """The characteristics that hold the most workloads down: [{"key", "count"}], most
    workloads first, then by key; a workload counts each key once."""
    counts = Counter(key for e in entries for key in {b.key for b in e.blockers})
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"key": k, "count": n} for k, n in ranked[:top]]


def level_counts(entries: Sequence[PortfolioEntry]) -> dict[str, int]:
    """How many workloads sit at each level id: every level of every ladder seen (the built-in
    rubric's when nothing was scored), zero included, lowest rank first."""
    ladders = {e.ladder for e in entries if e.error is None} or {
        tuple(lv.id for lv in resolve_rubric(None).levels)
    }
    ranked: dict[str, int] = {}
    for ladder in sorted(ladders):
        for rank, level_id in enumerate(ladder):
            ranked[level_id] = min(rank, ranked.get(level_id, rank))
    counts = Counter(e.level_id for e in entries if e.error is None)
    return {lid: counts.get(lid, 0) for lid in sorted(ranked, key=lambda i: (ranked[i], i))}


def portfolio_json(entries: Sequence[PortfolioEntry]) -> dict[str, Any]:
    """``portfolio --json`` (a contract): {"workloads": [entry], "summary": {"count",
    "errors", "levels": {LEVEL_ID: n}, "top_blockers": [{"key", "count"}]}}."""
    return {
        "workloads": [e.as_dict() for e in entries],
        "summary": {
            "count": len(entries),
            "errors": sum(1 for e in entries if e.error is not None),
            "levels": level_counts(entries),
            "top_blockers": top_blockers(entries),
        },
    }


CSV_COLUMNS = (
    "path",
    "name",
    "owner",
    "profile",
    "level",
    "level_id",
    "label",
    "score",
    "completeness",
    "optimistic_level",
    "targets",
    "blockers",
    "error",
)
"""``portfolio --csv``'s first columns, always these (a contract); one ``group:ID`` column a
group follows (see ``portfolio_csv``)."""


def group_columns(entries: Sequence[PortfolioEntry]) -> list[str]:
    """The groups of a portfolio, in column order: the built-in rubric's groups always, in its
    order (a portfolio on it always has the same header), then other rubrics' groups by id."""
    builtin = [g.id for g in resolve_rubric(None).groups]
    others = {gid for e in entries for gid, _ in e.groups} - set(builtin)
    return builtin + sorted(others)


def portfolio_csv(entries: Sequence[PortfolioEntry]) -> str:
    """One row a workload under a header: ``CSV_COLUMNS`` then ``group:ID`` per group
    (``group_columns``). Levels are ranks; score and completeness fractions 0–1 to four
    places; targets and blocker keys joined with ``;``; empty cells for what is unknown."""
    groups = group_columns(entries)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *(f"group:{g}" for g in groups)])
    for e in entries:
        levels = dict(e.groups)
        writer.writerow(
            [
                e.path,
                e.name,
                e.owner,
                e.profile,
                e.level,
                e.level_id,
                e.label,
                _fraction(e.score),
                _fraction(e.completeness),
                e.optimistic_level,
                ";".join(e.targets),
                ";".join(b.key for b in e.blockers),
                e.error,
                *(levels.get(g) for g in groups),
            ]
        )
    return out.getvalue()


def _fraction(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
