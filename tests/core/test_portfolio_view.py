"""What the app's portfolio screen shows, as plain functions: the filter line, the sort orders
and the levels month by month (core.portfolio_view), on hand-made entries."""

from __future__ import annotations

import pytest

from mlprofile_tui.core.errors import MlprofileError
from mlprofile_tui.core.portfolio import PortfolioEntry
from mlprofile_tui.core.portfolio_view import (
    MonthLevels,
    levels_by_month,
    parse_filter,
    sort_entries,
)

LADDER = ("L0", "L1", "L2", "L3", "L4")


def entry(path, level, owner="team-a", groups=(), history=(), **kw) -> PortfolioEntry:
    return PortfolioEntry(
        path,
        name=path.upper(),
        owner=owner,
        level=level,
        completeness=kw.pop("completeness", 1.0),
        groups=tuple(groups),
        ladder=LADDER,
        history=tuple(history),
        **kw,
    )


A = entry("a", 2, "Payments Risk", [("cost", 1), ("network", 3)])
B = entry("b", 1, "genai", [("cost", 3), ("network", None)], completeness=0.5)
C = entry("c", 3, None, [("cost", 2), ("network", 2)], targets=("x", "y"))
BROKEN = PortfolioEntry("d", error="d: malformed TOML")
ALL = [A, B, C, BROKEN]


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("", ["a", "b", "c", "d"]),
        ("owner:payments", ["a"]),
        ("owner:PAY owner:risk", ["a"]),
        ("level>=L2", ["a", "c"]),
        ("level<2", ["b"]),
        ("level=3", ["c"]),
        ("cost<2", ["a"]),
        ("network>=2", ["a", "c"]),  # n/a is never compared
        ("genai", ["b"]),
        ("d", ["d"]),  # a word matches the path too; errors are kept by words
        ("level>=1 cost>=2", ["b", "c"]),
    ],
)
def test_filter_terms(line, kept):
    f = parse_filter(line, ["cost", "network"])
    assert [e.path for e in f.apply(ALL)] == kept


def test_filter_errors_name_the_term():
    with pytest.raises(MlprofileError, match="'speed<2': 'speed' is not a group"):
        parse_filter("speed<2", ["cost"])
    with pytest.raises(MlprofileError, match="'level>=L2!': 'L2!' is not a level"):
        parse_filter("level>=L2!", ["cost"])


def test_sorts_put_missing_values_last_whichever_the_direction():
    assert [e.path for e in sort_entries(ALL, "level")] == ["b", "a", "c", "d"]
    assert [e.path for e in sort_entries(ALL, "level", descending=True)] == ["c", "a", "b", "d"]
    assert [e.path for e in sort_entries(ALL, "owner")] == ["b", "a", "c", "d"]
    assert [e.path for e in sort_entries(ALL, "network")] == ["c", "a", "b", "d"]
    assert [e.path for e in sort_entries(ALL, "targets", descending=True)] == ["c", "a", "b", "d"]
    assert [e.path for e in sort_entries(ALL, "completeness")] == ["b", "a", "c", "d"]


def test_levels_by_month_counts_each_workload_at_its_newest_snapshot_by_then():
    one = entry("a", 2, history=[("2026-01-10T00:00:00+00:00", 0), ("2026-03-02T00:00:00", 2)])
    two = entry("b", 1, history=[("2025-12-31T23:00:00+00:00", 1)])
    none = entry("c", 1)
    assert levels_by_month([one, two, none, BROKEN]) == [
        MonthLevels("2025-12", (0, 1, 0, 0, 0)),
        MonthLevels("2026-01", (1, 1, 0, 0, 0)),
        MonthLevels("2026-02", (1, 1, 0, 0, 0)),
        MonthLevels("2026-03", (0, 1, 1, 0, 0)),
    ]
    assert levels_by_month([none, BROKEN]) == []
