"""Looking at a scored portfolio: a filter line, sort orders, and the levels month by month.

The app's portfolio screen is built from these (the command line selects with ``--owner`` and
``--min-level`` in ``portfolio_report``); they are plain functions of ``PortfolioEntry``s, so
what a person sees is what a test checks, with no widget in between.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .errors import MlprofileError
from .portfolio import PortfolioEntry

_OPS: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}
_COMPARISON = re.compile(r"([A-Za-z0-9_.-]+)(>=|<=|>|<|=)(\S+)")
FILTER_HELP = (
    "owner:NAME  level>=L2  GROUP<L3 (a group's level)  any other word: in the name, owner or path"
)


@dataclass(frozen=True)
class Condition:
    """``subject`` (``level`` or a group id) compared by ``op`` with ``level`` (a rank, or a
    level id such as ``L2`` looked up on each workload's own ladder)."""

    subject: str
    op: str
    level: str

    def rank(self, entry: PortfolioEntry) -> int | None:
        if self.level in entry.ladder:
            return entry.ladder.index(self.level)
        digits = self.level.lstrip("Ll")
        return int(digits) if digits.isdigit() else None

    def holds(self, entry: PortfolioEntry) -> bool:
        if entry.error is not None:
            return False
        wanted = self.rank(entry)
        if self.subject == "level":
            have = entry.level
        else:
            have = dict(entry.groups).get(self.subject)
        return wanted is not None and have is not None and _OPS[self.op](have, wanted)


@dataclass(frozen=True)
class PortfolioFilter:
    """What a filter line keeps: every term must hold (an empty line keeps everything)."""

    owners: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    words: tuple[str, ...] = field(default=())

    def keeps(self, entry: PortfolioEntry) -> bool:
        owner = (entry.owner or "").casefold()
        if any(o not in owner for o in self.owners):
            return False
        if not all(c.holds(entry) for c in self.conditions):
            return False
        haystack = " ".join(x for x in (entry.name, entry.owner, entry.path) if x).casefold()
        return all(w in haystack for w in self.words)

    def apply(self, entries: Iterable[PortfolioEntry]) -> list[PortfolioEntry]:
        return [e for e in entries if self.keeps(e)]


def parse_filter(text: str, groups: Sequence[str] = ()) -> PortfolioFilter:
    """A filter line: space-separated terms, see ``FILTER_HELP``. ``groups``: the group ids a
    comparison may name besides ``level``. MlprofileError saying which term is not understood
    (an unknown group, a level that is neither a number nor a level id)."""
    owners: list[str] = []
    conditions: list[Condition] = []
    words: list[str] = []
    for term in text.split():
        if term.casefold().startswith("owner:"):
            owners.append(term[6:].casefold())
            continue
        m = _COMPARISON.fullmatch(term)
        if m is None:
            words.append(term.casefold())
            continue
        subject, op, level = m.groups()
        if subject != "level" and subject not in groups:
            known = ", ".join(["level", *groups])
            raise MlprofileError(f"{term!r}: {subject!r} is not a group ({known})")
        if not re.fullmatch(r"[Ll]?\d+|[A-Za-z][A-Za-z0-9_-]*", level):
            raise MlprofileError(f"{term!r}: {level!r} is not a level (a number or e.g. L2)")
        conditions.append(Condition(subject, op, level))
    return PortfolioFilter(tuple(owners), tuple(conditions), tuple(words))


SORTS = ("path", "name", "owner", "level", "completeness", "targets")
"""Sort orders in the order a key cycles them; a group id sorts by that group's level."""


def sort_entries(
    entries: Iterable[PortfolioEntry], by: str, *, descending: bool = False
) -> list[PortfolioEntry]:
    """``entries`` sorted by ``by`` (one of ``SORTS`` or a group id), ties by path; entries
    without that value (errors, n/a groups) last whichever the direction."""

    def value(e: PortfolioEntry) -> object:
        if by in ("path", "name", "owner"):
            text = getattr(e, by)
            return text.casefold() if text else None
        if by == "level":
            return e.level
        if by == "completeness":
            return e.completeness
        if by == "targets":
            return len(e.targets) if e.error is None else None
        return dict(e.groups).get(by)

    by_path = sorted(entries, key=lambda e: e.path)
    present = [e for e in by_path if value(e) is not None]
    missing = [e for e in by_path if value(e) is None]
    present.sort(key=value, reverse=descending)  # type: ignore[arg-type]  # one kind per column
    return present + missing


@dataclass(frozen=True)
class MonthLevels:
    """How many workloads were at each rank at the end of ``month`` (``YYYY-MM``): each counted
    at the level of its newest snapshot taken by then; a workload with none yet is not."""

    month: str
    counts: tuple[int, ...]


def levels_by_month(entries: Iterable[PortfolioEntry]) -> list[MonthLevels]:
    """The portfolio's maturity over time from its snapshots (``PortfolioEntry.history``),
    one row a month from the first snapshot's month to the last's; ``counts`` has one number
    a rank of the widest ladder. Empty when no entry has a dated snapshot."""
    dated = [e for e in entries if e.history]
    histories = [e.history for e in dated]
    if not histories:
        return []
    ranks = max(
        1 + max(level for h in histories for _, level in h), *(len(e.ladder) for e in dated)
    )
    first = min(taken[:7] for h in histories for taken, _ in h)
    last = max(taken[:7] for h in histories for taken, _ in h)
    rows = []
    for month in _months(first, last):
        counts = [0] * ranks
        for history in histories:
            by_then = [level for taken, level in history if taken[:7] <= month]
            if by_then:
                counts[by_then[-1]] += 1
        rows.append(MonthLevels(month, tuple(counts)))
    return rows


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
