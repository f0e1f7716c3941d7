"""CloudWatch reads for one endpoint: per-minute invocations, p95 latency, serverless cold start.

SageMaker publishes per variant (dimensions EndpointName + VariantName must match exactly),
latencies in microseconds, and no datapoint at all for a minute without traffic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .calls import AwsCaller
from .facts import Fact, Missing, Reading
from .faults import CallFailed


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    period_s: int  # 60 while CloudWatch keeps 1-minute data (15 days), then 300, then 3600

    @classmethod
    def last_days(cls, days: int, now: datetime) -> Window:
        end = now.replace(second=0, microsecond=0)
        period = 60 if days <= 15 else 300 if days <= 63 else 3600
        return cls(end - timedelta(days=days), end, period)

    @property
    def seconds(self) -> int:
        """The whole window as one period (a multiple of 60, as CloudWatch requires)."""
        return int((self.end - self.start).total_seconds()) // 60 * 60

    def slot(self, t: datetime) -> datetime:
        """``t`` snapped onto the window's grid."""
        offset = (t - self.start).total_seconds() // self.period_s * self.period_s
        return self.start + timedelta(seconds=offset)

    def label(self) -> str:
        return f"{self.start:%Y-%m-%dT%H:%MZ}..{self.end:%Y-%m-%dT%H:%MZ}"


def query(qid: str, endpoint: str, variant: str, metric: str, stat: str, period: int) -> dict:
    dims = [{"Name": "EndpointName", "Value": endpoint}, {"Name": "VariantName", "Value": variant}]
    return {
        "Id": qid,
        "ReturnData": True,
        "MetricStat": {
            "Metric": {"Namespace": "AWS/SageMaker", "MetricName": metric, "Dimensions": dims},
            "Period": period,
            "Stat": stat,
        },
    }


def metric_data(
    aws: AwsCaller, window: Window, queries: list[dict], what: str
) -> dict[str, list[tuple[datetime, float]]]:
    """Datapoints per query id, all pages; NaN (no data) dropped."""
    out: dict[str, list[tuple[datetime, float]]] = {q["Id"]: [] for q in queries}
    token = None
    while True:
        params: dict[str, Any] = {
            "MetricDataQueries": queries,
            "StartTime": window.start,
            "EndTime": window.end,
            "ScanBy": "TimestampAscending",
        }
        if token:
            params["NextToken"] = token
        resp = aws.call("cloudwatch", "GetMetricData", what, **params)
        for res in resp.get("MetricDataResults", []):
            if res.get("StatusCode") == "Forbidden":
                raise CallFailed(
                    f"AccessDenied on cloudwatch:GetMetricData for {what}", kind="denied"
                )
            out.setdefault(res["Id"], []).extend(
                (t, v)
                for t, v in zip(res.get("Timestamps", []), res.get("Values", []), strict=False)
                if v is not None and not math.isnan(v)
            )
        token = resp.get("NextToken")
        if not token:
            return out


def invocations(
    aws: AwsCaller, window: Window, endpoint: str, variants: list[str]
) -> tuple[dict[datetime, float] | Missing, str]:
    """Invocations summed over variants per period, and the source text naming the metric."""
    plural = "s" if len(variants) != 1 else ""
    source = (
        f"cloudwatch:AWS/SageMaker Invocations Sum/{window.period_s}s EndpointName={endpoint} "
        f"({len(variants)} variant{plural}) {window.label()}"
    )
    queries = [
        query(f"inv{i}", endpoint, v, "Invocations", "Sum", window.period_s)
        for i, v in enumerate(variants)
    ]
    try:
        data = metric_data(aws, window, queries, f"Invocations of endpoint {endpoint}")
    except CallFailed as e:
        return Missing(e.reason, fault=True), source
    series: dict[datetime, float] = {}
    for points in data.values():
        for t, v in points:
            slot = window.slot(t)
            series[slot] = series.get(slot, 0.0) + v
    if not series:
        return Missing(f"metric empty: no Invocations for {endpoint} in {window.label()}"), source
    return series, source


def p95_latency(aws: AwsCaller, window: Window, endpoint: str, variants: list[str]) -> Reading:
    """ModelLatency p95 over the whole window, the worst variant, in milliseconds."""
    return _worst_variant(
        aws,
        window,
        endpoint,
        variants,
        "ModelLatency",
        "p95",
        "lat",
        source_note="microseconds, worst variant",
        what="ModelLatency p95",
        empty_note="",
    )


def cold_start(aws: AwsCaller, window: Window, endpoint: str, variants: list[str]) -> Reading:
    """Serverless ModelSetupTime: every datapoint is a cold start; the average is typical."""
    return _worst_variant(
        aws,
        window,
        endpoint,
        variants,
        "ModelSetupTime",
        "Average",
        "cs",
        source_note="microseconds",
        what="ModelSetupTime",
        empty_note=" (no cold start yet)",
    )


def _worst_variant(
    aws: AwsCaller,
    window: Window,
    endpoint: str,
    variants: list[str],
    metric: str,
    stat: str,
    qid: str,
    *,
    source_note: str,
    what: str,
    empty_note: str,
) -> Reading:
    """One statistic per variant over the whole window; the largest, in milliseconds."""
    source = (
        f"cloudwatch:AWS/SageMaker {metric} {stat}/{window.seconds}s "
        f"EndpointName={endpoint} {window.label()} ({source_note})"
    )
    queries = [
        query(f"{qid}{i}", endpoint, v, metric, stat, window.seconds)
        for i, v in enumerate(variants)
    ]
    try:
        data = metric_data(aws, window, queries, f"{what} of endpoint {endpoint}")
    except CallFailed as e:
        return Missing(e.reason, fault=True)
    values = [v for points in data.values() for _t, v in points]
    if not values:
        return Missing(f"metric empty: no {metric} for {endpoint} in {window.label()}{empty_note}")
    return Fact(milliseconds(max(values)), source)


def milliseconds(microseconds: float) -> int | float:
    ms = round(microseconds / 1000.0, 1)
    return int(ms) if ms == int(ms) else ms
