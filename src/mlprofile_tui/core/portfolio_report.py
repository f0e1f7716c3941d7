"""What a portfolio says: which entries an owner sees, which fail the gate, how many sit at
each level, the most common blockers, and the ``--json`` and ``--csv`` documents (contracts).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from .portfolio import PortfolioEntry
from .rubric import resolve_rubric

TOP_BLOCKERS = 10
"""How many of the portfolio's most common blockers the summary lists."""


def owned_by(entry: PortfolioEntry, owners: Sequence[str]) -> bool:
    """Whether ``entry`` belongs to one of ``owners`` (exact, ignoring case); True when none
    are given.

    An entry whose owner could not be read (its file is broken before ``[workload]``) belongs
    to everyone: it may be theirs, and a broken file must not pass an owner's gate unseen."""
    if not owners:
        return True
    if entry.owner is None and entry.error is not None:
        return True
    return (entry.owner or "").casefold() in {o.strip().casefold() for o in owners}


def select_owners(entries: Iterable[PortfolioEntry], owners: Sequence[str]) -> list[PortfolioEntry]:
    """The entries ``owned_by`` one of ``owners``."""
    return [e for e in entries if owned_by(e, owners)]


def fails(entry: PortfolioEntry, min_level: int | None) -> bool:
    """Whether ``entry`` fails the portfolio's gate: an error, or a level below ``min_level``."""
    return entry.error is not None or (
        min_level is not None and entry.level is not None and entry.level < min_level
    )


def failing(entries: Iterable[PortfolioEntry], min_level: int | None) -> list[PortfolioEntry]:
    """The entries that fail the gate (``fails``)."""
    return [e for e in entries if fails(e, min_level)]


class PortfolioSummary:
    """``portfolio --json``'s summary, gathered one entry at a time, so a portfolio written out
    as it is scored never holds its entries: memory grows with the distinct ladders and
    blocker keys, not with the number of workloads."""

    def __init__(self, top: int = TOP_BLOCKERS) -> None:
        self.top = top
        self.count = 0
        self.errors = 0
        self._levels: Counter[str] = Counter()
        self._ladders: set[tuple[str, ...]] = set()
        self._blockers: Counter[str] = Counter()

    def add(self, entry: PortfolioEntry) -> None:
        self.count += 1
        if entry.error is not None:
            self.errors += 1
            return
        self._levels[entry.level_id or ""] += 1
        self._ladders.add(entry.ladder)
        self._blockers.update({b.key for b in entry.blockers})  # a workload counts a key once

    def levels(self) -> dict[str, int]:
        """How many workloads sit at each level id: every level of every ladder seen (the
        built-in rubric's when nothing was scored), zero included, lowest rank first."""
        ladders = self._ladders or {tuple(lv.id for lv in resolve_rubric(None).levels)}
        ranked: dict[str, int] = {}
        for ladder in sorted(ladders):
            for rank, level_id in enumerate(ladder):
                ranked[level_id] = min(rank, ranked.get(level_id, rank))
        order = sorted(ranked, key=lambda i: (ranked[i], i))
        return {lid: self._levels.get(lid, 0) for lid in order}

    def top_blockers(self) -> list[dict[str, Any]]:
        """The characteristics that hold the most workloads down: [{"key", "count"}], most
        workloads first, then by key."""
        ranked = sorted(self._blockers.items(), key=lambda kv: (-kv[1], kv[0]))
        return [{"key": k, "count": n} for k, n in ranked[: self.top]]

    def as_dict(self) -> dict[str, Any]:
        """{"count", "errors", "levels": {LEVEL_ID: n}, "top_blockers": [{"key", "count"}]}"""
        return {
            "count": self.count,
            "errors": self.errors,
            "levels": self.levels(),
            "top_blockers": self.top_blockers(),
        }


def summarize(entries: Iterable[PortfolioEntry]) -> PortfolioSummary:
    summary = PortfolioSummary()
    for e in entries:
        summary.add(e)
    return summary


def portfolio_json(entries: Sequence[PortfolioEntry]) -> dict[str, Any]:
    """``portfolio --json`` (a contract): {"workloads": [entry], "summary": {"count",
    "errors", "levels": {LEVEL_ID: n}, "top_blockers": [{"key", "count"}]}}."""
    return {
        "workloads": [e.as_dict() for e in entries],
        "summary": summarize(entries).as_dict(),
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
"""The portfolio CSV's first columns, always these (a contract); one ``group:ID`` column a
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
