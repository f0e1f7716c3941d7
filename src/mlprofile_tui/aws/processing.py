"""SageMaker Processing jobs of the account and Region, as provisioning-matrix rows.

Processing jobs belong to no endpoint, so they are read once per import: the jobs created in
the import's window (``--days``), newest first, up to ``PROCESSING_JOBS_SCANNED``. A row's count
is the most instances of its type that ran at once, which is what the quota "ml.m5.xlarge for
processing job usage" limits; the sum over the window would overstate it and the largest job
would understate it when jobs overlap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .calls import AwsCaller
from .facts import Fact, Missing, Reading
from .faults import CallFailed
from .metrics import Window

WORKLOAD = "processing"  # the matrix workload id these rows go to (when the rubric lists it)
PROCESSING_JOBS_SCANNED = 100


def read_processing(aws: AwsCaller, window: Window, region: str, environment: str) -> Reading:
    """Matrix rows ``{environment, region, workload: "processing", instance_type, count}``,
    one per instance type, as a Fact (its source names the calls, the window and how many jobs
    were read); an empty list when no job ran. A failed call is a Missing with ``fault``.
    Raises ``Cancelled`` when the import is cancelled."""
    try:
        summaries = aws.paginate(
            "sagemaker",
            "ListProcessingJobs",
            "ProcessingJobSummaries",
            f"processing jobs in {region}",
            limit=PROCESSING_JOBS_SCANNED,
            CreationTimeAfter=window.start,
            SortBy="CreationTime",
            SortOrder="Descending",
        )
        jobs = [
            aws.call(
                "sagemaker",
                "DescribeProcessingJob",
                f"processing job {s['ProcessingJobName']!r}",
                ProcessingJobName=s["ProcessingJobName"],
            )
            for s in summaries
        ]
    except CallFailed as e:
        return Missing(e.reason, fault=True)
    peaks = peak_instances(_intervals(jobs, window.end))
    rows = [
        {
            "environment": environment,
            "region": region,
            "workload": WORKLOAD,
            "instance_type": instance_type,
            "count": count,
        }
        for instance_type, count in sorted(peaks.items())
    ]
    capped = ""
    if len(jobs) >= PROCESSING_JOBS_SCANNED:
        capped = f", the newest {PROCESSING_JOBS_SCANNED}"
    source = (
        f"sagemaker:ListProcessingJobs + DescribeProcessingJob ({len(jobs)} processing jobs "
        f"created {window.label()}{capped}; instances running at once, at most)"
    )
    return Fact(rows, source)


def _intervals(jobs: Iterable[dict], now: datetime) -> list[tuple[datetime, datetime, str, int]]:
    """(start, end, instance type, instances) of each job that ran; a running job runs to now."""
    out = []
    for job in jobs:
        cluster = (job.get("ProcessingResources") or {}).get("ClusterConfig") or {}
        instance_type, count = cluster.get("InstanceType"), cluster.get("InstanceCount")
        start = job.get("ProcessingStartTime")
        if not instance_type or not count:
            continue
        if start is None:
            if job.get("ProcessingJobStatus") not in ("InProgress", "Stopping"):
                continue  # failed or stopped before any instance started
            start = job.get("CreationTime") or now  # starting now: its instances are taken
        end = job.get("ProcessingEndTime") or now
        out.append((start, max(start, end), instance_type, int(count)))
    return out


def peak_instances(intervals: Iterable[tuple[datetime, datetime, str, int]]) -> dict[str, int]:
    """The most instances of each type running at the same moment. ``intervals``: (start, end,
    instance type, instances); a job ending at the moment another starts does not overlap it."""
    events: dict[str, list[tuple[datetime, int]]] = {}
    for start, end, instance_type, count in intervals:
        events.setdefault(instance_type, []).extend(((start, count), (end, -count)))
    peaks = {}
    for instance_type, changes in events.items():
        running = peak = 0
        for _t, change in sorted(changes, key=lambda e: (e[0], e[1])):  # ends (< 0) first
            running += change
            peak = max(peak, running)
        peaks[instance_type] = peak
    return peaks
