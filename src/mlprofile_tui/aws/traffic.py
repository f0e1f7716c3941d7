"""Steady or spiky: per-minute invocation counts turned into a few numbers and a verdict."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

# The thresholds are the rubric's (traffic.traffic_pattern help): CV above 1 or a peak above
# 5x the mean is spiky; more than half the minutes idle is intermittent.
SPIKY_CV = 1.0
SPIKY_PEAK_TO_MEAN = 5.0
INTERMITTENT_IDLE = 0.5
PERIODIC_DAILY_CORRELATION = 0.5  # hourly totals against the same hour a day earlier
PERIODIC_MIN_CV = 0.3


@dataclass(frozen=True)
class TrafficStats:
    periods: int  # grid length, missing periods counted as zero
    period_s: int
    total: float
    mean: float  # per period
    cv: float
    peak: float  # per period
    peak_to_mean: float
    idle_fraction: float
    daily_correlation: float | None  # None with less than two days of data

    @property
    def per_minute(self) -> float:
        return 60.0 / self.period_s

    @property
    def peak_per_minute(self) -> int:
        return int(round(self.peak * self.per_minute))


def summarise(
    points: dict[datetime, float], start: datetime, end: datetime, period_s: int
) -> TrafficStats | None:
    """Zero-fill the grid from ``start`` to ``end`` (CloudWatch omits periods with no data)."""
    if not points or end <= start:
        return None
    step = timedelta(seconds=period_s)
    grid: list[float] = []
    t = start
    while t < end:
        grid.append(points.get(t, 0.0))
        t += step
    n = len(grid)
    total = sum(grid)
    mean = total / n
    if mean <= 0:
        return None
    var = sum((x - mean) ** 2 for x in grid) / n
    peak = max(grid)
    idle = sum(1 for x in grid if x == 0) / n
    return TrafficStats(
        n,
        period_s,
        total,
        mean,
        math.sqrt(var) / mean,
        peak,
        peak / mean,
        idle,
        _daily_correlation(grid, period_s),
    )


def _daily_correlation(grid: list[float], period_s: int) -> float | None:
    per_hour = max(1, 3600 // period_s)
    hours = [sum(grid[i : i + per_hour]) for i in range(0, len(grid) - per_hour + 1, per_hour)]
    if len(hours) < 48:
        return None
    a, b = hours[24:], hours[:-24]
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
    va = sum((x - ma) ** 2 for x in a)
    vb = sum((y - mb) ** 2 for y in b)
    if va == 0 or vb == 0:
        return None
    return cov / math.sqrt(va * vb)


def classify(s: TrafficStats) -> str:
    if s.idle_fraction > INTERMITTENT_IDLE:
        return "intermittent"
    if s.cv > SPIKY_CV or s.peak_to_mean > SPIKY_PEAK_TO_MEAN:
        return "spiky"
    if (s.daily_correlation or 0) >= PERIODIC_DAILY_CORRELATION and s.cv >= PERIODIC_MIN_CV:
        return "periodic"
    return "steady"


def explain(s: TrafficStats) -> str:
    """The numbers that decided it, for the answer's source."""
    unit = "min" if s.period_s == 60 else f"{s.period_s // 60} min"
    daily = "" if s.daily_correlation is None else f", daily correlation {s.daily_correlation:.2f}"
    return (
        f"{s.periods} x {unit}: mean {s.mean * s.per_minute:.1f}/min, CV {s.cv:.2f}, "
        f"peak {s.peak_per_minute}/min = {s.peak_to_mean:.1f}x mean, "
        f"idle {s.idle_fraction:.0%}{daily}"
    )
