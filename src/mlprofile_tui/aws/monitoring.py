"""Which Model Monitor schedules watch an endpoint, and whether one is a data-quality check
against a baseline: the part of ``monitoring.model_monitor`` the account can show.

SageMaker holds it in ``ListMonitoringSchedules`` (``EndpointName``; summaries carry
``MonitoringType`` DataQuality | ModelQuality | ModelBias | ModelExplainability,
``MonitoringScheduleStatus`` and ``MonitoringJobDefinitionName``), the baseline in
``DescribeDataQualityJobDefinition`` (``DataQualityBaselineConfig.ConstraintsResource``) or, for
a schedule that carries its own job definition, ``DescribeMonitoringSchedule``
(``MonitoringScheduleConfig.MonitoringJobDefinition.BaselineConfig.ConstraintsResource``).
Only "scheduled_data_quality" is ever imported: the next level needs alarms on violations and
ground truth, and "none" or "ad hoc" cannot be told from monitoring done outside SageMaker.
"""

from __future__ import annotations

from .calls import AwsCaller
from .facts import Fact, Missing, Reading
from .faults import CallFailed


def model_monitor(aws: AwsCaller, endpoint: str) -> Reading:
    """``scheduled_data_quality`` when a Scheduled data-quality schedule with baseline
    constraints watches ``endpoint``; otherwise Missing saying which schedules exist. Its
    source lists every schedule as ``TYPE NAME (STATUS)``."""
    try:
        schedules = aws.paginate(
            "sagemaker",
            "ListMonitoringSchedules",
            "MonitoringScheduleSummaries",
            EndpointName=endpoint,
        )
        if not schedules:
            return Missing(
                f"no Model Monitor schedule on {endpoint} (sagemaker:ListMonitoringSchedules); "
                "monitoring done outside SageMaker, or none, is yours to answer"
            )
        seen: list[str] = []
        baselined: list[str] = []
        for s in schedules:
            kind = s.get("MonitoringType") or "DataQuality"
            name = s["MonitoringScheduleName"]
            status = s.get("MonitoringScheduleStatus", "?")
            seen.append(f"{kind} {name} ({status})")
            if kind == "DataQuality" and status == "Scheduled":
                constraints = _baseline(aws, s)
                if constraints:
                    baselined.append(f"{name} against {constraints}")
    except CallFailed as e:
        return Missing(e.reason, fault=e.kind != "not_implemented")
    listed = "; ".join(seen)
    if not baselined:
        return Missing(
            f"Model Monitor schedules on {endpoint}: {listed}; none is a scheduled data-quality "
            "check against baseline constraints, so the level is yours to answer"
        )
    return Fact(
        "scheduled_data_quality",
        f"sagemaker:ListMonitoringSchedules EndpointName={endpoint}: {listed}; "
        f"baseline: {', '.join(baselined)}",
    )


def _baseline(aws: AwsCaller, summary: dict) -> str | None:
    """The S3 URI of the schedule's baseline constraints, or None."""
    definition = summary.get("MonitoringJobDefinitionName")
    if definition:
        d = aws.call(
            "sagemaker",
            "DescribeDataQualityJobDefinition",
            definition,
            JobDefinitionName=definition,
        )
        config = d.get("DataQualityBaselineConfig") or {}
    else:
        d = aws.call(
            "sagemaker",
            "DescribeMonitoringSchedule",
            summary["MonitoringScheduleName"],
            MonitoringScheduleName=summary["MonitoringScheduleName"],
        )
        job = (d.get("MonitoringScheduleConfig") or {}).get("MonitoringJobDefinition") or {}
        config = job.get("BaselineConfig") or {}
    return (config.get("ConstraintsResource") or {}).get("S3Uri")
