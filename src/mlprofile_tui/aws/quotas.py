"""The provisioning matrix against the account's SageMaker service quotas, per Region and type.

Quota codes (L-...) are opaque and differ per quota, so quotas are matched on their names,
which follow one pattern: "ml.m5.xlarge for endpoint usage". Applied values come from
ListServiceQuotas; a quota never raised has no applied value there, so the AWS default from
ListAWSDefaultServiceQuotas fills the gap.

Quotas are per account: the rows checked are those of the caller's account and those that
name no account; rows of other accounts are counted as skipped, never summed into this one's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.documents import INSTALL_BOTO3
from ..core.errors import MlprofileError
from ..core.matrix import ACCOUNT
from ..core.workload import Workload, load_workload
from . import facts as K

# The quota names SageMaker gives each kind of work, by the matrix workload id that means it.
QUOTA_NAME = {
    "real_time_inference": "{} for endpoint usage",
    "training": "{} for training job usage",
    "processing": "{} for processing job usage",
    "batch_inference": "{} for transform job usage",
    "notebooks": "{} for notebook instance usage",
}


@dataclass(frozen=True)
class QuotaPlan:
    workload: Workload
    profile: str
    rows: tuple[dict, ...]  # matrix rows of the chosen environments
    environments: tuple[str, ...]
    aws_profile: str | None = None


@dataclass
class QuotaRow:
    region: str
    workload: str
    instance_type: str
    demand: int
    quota: float | None = None
    quota_source: str | None = None  # "applied" or "default"
    quota_name: str = ""
    quota_code: str | None = None
    status: str = "unknown"  # ok | short | unknown
    reason: str = ""

    @property
    def shortfall(self) -> int:
        return (
            int(self.demand - self.quota)
            if self.quota is not None and self.demand > self.quota
            else 0
        )


@dataclass
class QuotaReport:
    plan: QuotaPlan
    rows: list[QuotaRow] = field(default_factory=list)
    account: str | None = None  # the caller's account, once credentials were checked
    fatal: str | None = None
    skipped_rows: int = 0  # matrix rows of other accounts, not checked
    skipped_accounts: list[str] = field(default_factory=list)  # those accounts, sorted

    @property
    def ok(self) -> bool:
        """No fatal error and every checked row within its quota (skipped rows do not count)."""
        return not self.fatal and all(r.status == "ok" for r in self.rows)

    def to_json(self) -> dict[str, Any]:
        """The ``quotas --json`` shape (a contract: keys are added, never renamed)."""
        return {
            "account": self.account,
            "profile": self.plan.profile,
            "environments": list(self.plan.environments),
            "ok": self.ok,
            "error": self.fatal,
            "skipped_rows": self.skipped_rows,
            "skipped_accounts": list(self.skipped_accounts),
            "rows": [
                {
                    "region": r.region,
                    "workload": r.workload,
                    "instance_type": r.instance_type,
                    "demand": r.demand,
                    "quota": r.quota,
                    "quota_source": r.quota_source,
                    "quota_name": r.quota_name,
                    "quota_code": r.quota_code,
                    "status": r.status,
                    "shortfall": r.shortfall,
                    "reason": r.reason or None,
                }
                for r in self.rows
            ],
        }


def plan_quota_check(
    path: str | Path,
    *,
    profile: str | None = None,
    aws_profile: str | None = None,
    environments: Sequence[str] | None = None,
) -> QuotaPlan:
    workload = load_workload(path)
    name = workload.profile(profile).name
    answer = workload.effective(name).get(K.MATRIX)
    if answer is None or not answer.is_value:
        raise MlprofileError(
            f"profile {name!r} has no provisioning matrix to check; import one with "
            f"`mlprofile import-aws {path} --endpoint NAME` or set provisioning.matrix",
            path=path,
            key=K.MATRIX,
        )
    rows = tuple(answer.value)
    known = tuple(dict.fromkeys(r["environment"] for r in rows))
    if environments:
        unknown = [e for e in environments if e not in known]
        if unknown:
            raise MlprofileError(
                f"--environment {', '.join(unknown)} has no rows in the matrix; "
                f"it has {', '.join(known)}",
                path=path,
                key=K.MATRIX,
            )
        rows = tuple(r for r in rows if r["environment"] in environments)
        known = tuple(dict.fromkeys(environments))
    return QuotaPlan(workload, name, rows, known, aws_profile)


def demand(rows: Sequence[dict]) -> list[QuotaRow]:
    """Instances needed per (Region, workload, instance type), summed over the environments
    (and accounts) of ``rows``: pass one account's rows."""
    need: dict[tuple[str, str, str], int] = {}
    for r in rows:
        ident = (r["region"], r["workload"], r["instance_type"])
        need[ident] = need.get(ident, 0) + int(r["count"])
    return [
        QuotaRow(region, wl, inst, n, quota_name=QUOTA_NAME.get(wl, "{} usage").format(inst))
        for (region, wl, inst), n in sorted(need.items())
    ]


def run_quota_check(
    plan: QuotaPlan,
    *,
    account=None,
    progress: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
) -> QuotaReport:
    """Read the quotas of every Region in the caller's rows (blocking; run it in a worker).

    Rows naming another account than the caller's are skipped and counted in the report."""
    report = QuotaReport(plan)
    if not plan.rows:
        return report
    try:
        from .calls import AwsCaller, Cancelled
        from .faults import AwsSetupError, CallFailed
        from .session import AwsAccount
    except ImportError:
        report.fatal = f"the quota check needs boto3; {INSTALL_BOTO3}"
        return report
    say = progress or (lambda _m: None)
    regions = list(dict.fromkeys(r["region"] for r in plan.rows))
    try:
        if account is None:
            account = AwsAccount(plan.aws_profile, regions[0])
        report.account = account.check_credentials().account
    except AwsSetupError as e:
        report.fatal = e.message
        report.rows = demand(plan.rows)  # whose account each is cannot be told: all unread
        for r in report.rows:
            r.reason = e.message
        return report
    mine = [r for r in plan.rows if r.get(ACCOUNT, report.account) == report.account]
    others = {r[ACCOUNT] for r in plan.rows if r.get(ACCOUNT, report.account) != report.account}
    report.skipped_rows = len(plan.rows) - len(mine)
    report.skipped_accounts = sorted(others)
    report.rows = demand(mine)
    regions = list(dict.fromkeys(r.region for r in report.rows))
    caller = AwsCaller(account, cancel)
    for region in regions:
        say(f"reading SageMaker quotas in {region}")
        applied = defaults = None
        applied_err = default_err = None
        try:
            applied = _quotas(caller, region, "ListServiceQuotas")
        except CallFailed as e:
            applied_err = e.reason
        except Cancelled:
            report.fatal = "cancelled"
            return report
        try:
            defaults = _quotas(caller, region, "ListAWSDefaultServiceQuotas")
        except CallFailed as e:
            default_err = e.reason
        except Cancelled:
            report.fatal = "cancelled"
            return report
        for row in (r for r in report.rows if r.region == region):
            q, src = None, None
            if applied and row.quota_name in applied:
                q, src = applied[row.quota_name], "applied"
            elif defaults and row.quota_name in defaults:
                q, src = defaults[row.quota_name], "default"
            if q is None:
                row.status = "unknown"
                if applied is None and defaults is None:
                    row.reason = f"{applied_err}; {default_err}"
                else:
                    row.reason = (
                        f"no quota named {row.quota_name!r} in {region}: the instance "
                        "type may not be offered there"
                    )
                continue
            row.quota, row.quota_code, row.quota_source = q["Value"], q.get("QuotaCode"), src
            if applied is None:
                row.reason = f"AWS default shown; applied quotas unreadable ({applied_err})"
            row.status = "short" if row.demand > row.quota else "ok"
    return report


def _quotas(reader, region: str, op: str) -> dict[str, dict]:
    """Quotas by name, read through the reader's guarded, message-making call path."""
    items = reader.paginate(
        "service-quotas",
        op,
        "Quotas",
        f"sagemaker quotas in {region}",
        region=region,
        ServiceCode="sagemaker",
        PaginationConfig={"PageSize": 100},
    )
    return {q["QuotaName"]: q for q in items}
