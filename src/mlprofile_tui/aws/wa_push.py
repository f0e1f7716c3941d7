"""``push-wa``: a workload's profiles into the AWS Well-Architected Tool, the one writing AWS path.

Kept apart from the importer on purpose: the importer's clients come from ``session.AwsAccount``
and carry the read-only guard (``readonly.guard_client``); this module makes its own
``wellarchitected`` client, unguarded, and nothing else in the package writes to AWS. Its
least-privilege policy is ``docs/iam-policy-wa.json`` (a test checks it lists exactly the
operations a push calls).

The calls, in order (shapes from botocore's wellarchitected 2020-03-31 model):
1. the lens: ``GetLens`` (``--lens-alias ARN``) or ``ListLenses`` (our own published lens by
   name); unless it is published at the rubric's version, ``ImportLens`` (with the ARN to update
   it) — asynchronous: IN_PROGRESS, then the new DRAFT shows in ``ListLenses``, polled with a
   bounded, injectable wait — then ``CreateLensVersion``, because "the lens cannot be applied to
   workloads ... until it's published with CreateLensVersion" (ImportLens API reference);
2. the workload: ``ListWorkloads`` by name prefix (exact name kept), else ``CreateWorkload``
   (ReviewOwner, AwsRegions of the provisioning matrix, Lenses = the lens); an existing one gets
   ``AssociateLenses`` or ``GetLensReview`` + ``UpgradeLensReview`` when its lens is older;
3. ``ListMilestones``, then per dated snapshot not yet recorded: its answers, ``CreateMilestone``;
4. the chosen profile's answers: ``GetAnswer`` first, ``UpdateAnswer`` only where it differs.
botocore ships no paginators for wellarchitected (``can_paginate`` is False for its List
operations), so the List calls follow ``NextToken`` here.

boto3 is imported only by ``make_client``: a dry run plans the calls with ``DryRunClient`` and
never loads it.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import MlprofileError
from ..core.model import Workload
from ..core.wa_answers import (
    MAX_MILESTONE_NAME,
    AnswerUpdate,
    answer_updates,
    milestone_name,
    review_owner,
    snapshots_to_record,
    workload_name,
    workload_regions,
)
from ..core.wa_lens import Lens, export_lens
from .faults import ACCESS_DENIED, THROTTLED, redact

MAX_MILESTONES = 100  # per workload (WA Tool: MilestoneNumber 1-100)
LENS_POLLS = 30
LENS_POLL_SECONDS = 2.0
IAM_POLICY = "docs/iam-policy-wa.json"


def _method(operation: str) -> str:
    """boto3's method name of an operation (``GetLensReview`` -> ``get_lens_review``), without
    importing botocore for its ``xform_name`` (a dry run must not load it)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


class WaPushError(MlprofileError):
    """A call failed (access, validation, conflict, throttling, network): one message naming
    the IAM action, and what was already written (exit 2)."""


@dataclass(frozen=True)
class PushPlan:
    """Everything a push needs, read from the workload file; no AWS involved."""

    path: Path
    workload: Workload
    profile: str
    lens: Lens
    lens_name: str
    lens_version: str
    workload_name: str
    environment: str
    review_owner: str
    regions: tuple[str, ...]
    lens_alias: str | None = None


def plan_push(
    path: Path,
    *,
    profile: str | None,
    workload_name_override: str | None,
    lens_alias: str | None,
    environment: str,
    region: str,
) -> PushPlan:
    """Load the workload and export its rubric's lens (LensError, exit 1, if it does not fit);
    MlprofileError (exit 2) for names the WA Tool would refuse."""
    from ..core.workload import load_workload

    workload = load_workload(path)
    name = workload.profile(profile).name
    lens = export_lens(workload.rubric)
    version = workload.rubric.version
    if not 1 <= len(version) <= 32:  # CreateLensVersion.LensVersion: 1-32 characters
        raise MlprofileError(
            f"rubric version {version!r} is longer than the WA Tool's 32-character lens version",
            path=workload.rubric.path,
        )
    return PushPlan(
        path=path,
        workload=workload,
        profile=name,
        lens=lens,
        lens_name=lens.document["name"],
        lens_version=version,
        workload_name=workload_name(workload, workload_name_override),
        environment=environment,
        review_owner=review_owner(workload),
        regions=tuple(workload_regions(workload, name, region)),
        lens_alias=lens_alias,
    )


@dataclass
class PushReport:
    """What a push did (or, dry, would do): ``calls`` in order as {operation, parameters}."""

    lens_arn: str = ""
    lens_version: str = ""
    lens_imported: bool = False
    workload_id: str = ""
    workload_created: bool = False
    updated: int = 0
    unchanged: int = 0
    milestones: list[str] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self, plan: PushPlan, *, dry_run: bool) -> dict[str, Any]:
        """The shape of ``push-wa --json`` (a contract)."""
        return {
            "file": str(plan.path),
            "profile": plan.profile,
            "dry_run": dry_run,
            "workload": {
                "name": plan.workload_name,
                "id": self.workload_id,
                "created": self.workload_created,
            },
            "lens": {
                "name": plan.lens_name,
                "arn": self.lens_arn,
                "version": self.lens_version,
                "imported": self.lens_imported,
            },
            "answers": {"updated": self.updated, "unchanged": self.unchanged},
            "milestones": self.milestones,
            "calls": self.calls,
        }


def make_client(aws_profile: str | None, region: str | None):
    """The push's own ``wellarchitected`` client: botocore standard retries with an explicit
    total (``AWS_MAX_ATTEMPTS`` overrides it), and no read-only guard. AwsSetupError (exit 2)
    for an unknown profile, no Region or a malformed one."""
    import boto3
    import botocore.exceptions as bex
    from botocore.config import Config

    from .faults import AwsSetupError
    from .session import check_endpoint_variables, check_region_name, total_attempts

    try:
        session = boto3.Session(profile_name=aws_profile, region_name=region)
    except bex.ProfileNotFound:
        raise AwsSetupError(f"AWS profile {aws_profile!r} is not configured") from None
    chosen = region or os.environ.get("AWS_REGION") or session.region_name
    if not chosen:
        raise AwsSetupError("no AWS Region: pass --region, set AWS_REGION, or set it in a profile")
    check_region_name(chosen, "--region" if region else "the AWS Region")
    check_endpoint_variables()
    config = Config(
        retries={"mode": "standard", "total_max_attempts": total_attempts()},
        connect_timeout=5,
        read_timeout=30,
        user_agent_extra="mlprofile-push-wa",
    )
    return session.client("wellarchitected", region_name=chosen, config=config)


class DryRunClient:
    """Answers a push as an account holding nothing yet would, without calling AWS: what
    ``push-wa --dry-run`` prints is the real sequence of a first push."""

    meta = None

    def __getattr__(self, name: str) -> Callable[..., dict]:
        responses: dict[str, dict] = {
            "list_lenses": {"LensSummaries": []},
            "import_lens": {"LensArn": "<LensArn from ImportLens>", "Status": "COMPLETE"},
            "create_lens_version": {"LensArn": "<LensArn from ImportLens>"},
            "list_workloads": {"WorkloadSummaries": []},
            "create_workload": {"WorkloadId": "<WorkloadId from CreateWorkload>"},
            "list_milestones": {"MilestoneSummaries": []},
            "get_answer": {"Answer": {}},
            "update_answer": {},
            "create_milestone": {},
        }
        if name not in responses:
            raise AttributeError(name)
        return lambda **_params: responses[name]


class WaPush:
    """One push over ``client`` (a boto3 wellarchitected client, a Stubber-wrapped one in
    tests, or ``DryRunClient``). ``wait(seconds)`` is how polling sleeps (injectable: tests
    never sleep).

    No call passes ``ClientRequestToken``: the model marks it ``idempotencyToken``, so botocore
    fills in a fresh UUID once per call and its retries resend that same request: a retried
    write is not made twice."""

    def __init__(
        self,
        plan: PushPlan,
        client: Any,
        *,
        wait: Callable[[float], None] = time.sleep,
        polls: int = LENS_POLLS,
        poll_seconds: float = LENS_POLL_SECONDS,
        dry_run: bool = False,
    ) -> None:
        self.plan = plan
        self.client = client
        self.wait = wait
        self.polls = polls
        self.poll_seconds = poll_seconds
        self.dry_run = dry_run
        self.report = PushReport()

    # ------------------------------------------------------------------ calls

    def call(self, operation: str, **params: Any) -> dict:
        """One call, recorded; a failure becomes WaPushError naming the IAM action."""
        self.report.calls.append({"operation": operation, "parameters": params})
        try:
            return getattr(self.client, _method(operation))(**params)
        except Exception as e:  # botocore's errors, imported lazily; anything else re-raised
            raise self._failure(operation, e) from None

    def pages(self, operation: str, result_key: str, **params: Any) -> Iterator[dict]:
        """Every item of a List operation, following NextToken."""
        token = None
        while True:
            extra: dict[str, str] = {"NextToken": token} if token else {}
            page = self.call(operation, **params, **extra)
            yield from page.get(result_key, [])
            token = page.get("NextToken")
            if not token:
                return

    def _failure(self, operation: str, e: Exception) -> Exception:
        try:
            from botocore.exceptions import BotoCoreError, ClientError
        except ImportError:  # a dry run without boto3 installed: nothing can fail remotely
            return e
        action = f"wellarchitected:{operation}"
        if isinstance(e, ClientError):
            err = e.response.get("Error", {})
            code = err.get("Code", "error")
            message = redact(str(err.get("Message", ""))).rstrip(".")
            if code in ACCESS_DENIED:
                why = f"access denied to {action}; grant the actions of {IAM_POLICY}"
            elif code in THROTTLED:
                why = f"{action} was throttled and retries ran out; try again in a minute"
            elif code == "ConflictException":
                why = f"{action} conflicts with the WA Tool's current state ({message})"
            elif code == "ValidationException":
                why = f"the WA Tool refused {action} as invalid ({message})"
            else:
                why = f"{action} failed: {code} ({message})"
        elif isinstance(e, BotoCoreError):
            why = f"{action} failed: {redact(str(e))}"
        else:
            return e
        return WaPushError(f"{why}; {self._done()}", path=self.plan.path)

    def _done(self) -> str:
        r = self.report
        done = []
        if r.lens_imported:
            done.append(f"lens {r.lens_arn} imported")
        if r.workload_created:
            done.append(f"workload {r.workload_id} created")
        if r.updated:
            done.append(f"{r.updated} answer(s) updated")
        if r.milestones:
            done.append(f"milestone(s) {', '.join(r.milestones)} created")
        return "already done: " + "; ".join(done) if done else "nothing was written"

    # ------------------------------------------------------------------ steps

    def run(self) -> PushReport:
        found, version = self._find_lens()
        # published at the rubric's version already: the same lens, nothing to import
        arn = found if found and version == self.plan.lens_version else self._import_lens(found)
        self.report.lens_arn, self.report.lens_version = arn, self.plan.lens_version
        self._workload(arn, republished=self.report.lens_imported)
        self._milestones(arn)
        self._answers(arn, self.plan.profile)
        return self.report

    def _find_lens(self) -> tuple[str | None, str | None]:
        if self.plan.lens_alias:
            lens = self.call("GetLens", LensAlias=self.plan.lens_alias)["Lens"]
            return lens["LensArn"], lens.get("LensVersion")
        for s in self.pages(
            "ListLenses",
            "LensSummaries",
            LensType="CUSTOM_SELF",
            LensStatus="PUBLISHED",
            LensName=self.plan.lens_name,
        ):
            if s.get("LensName") == self.plan.lens_name:
                return s["LensArn"], s.get("LensVersion")
        return None, None

    def _import_lens(self, arn: str | None) -> str:
        params: dict[str, Any] = {
            "JSONString": self.plan.lens.text(),
        }
        if arn:
            params["LensAlias"] = arn  # updating a lens takes its ARN, never a name
        out = self.call("ImportLens", **params)
        arn = out["LensArn"]
        self.report.lens_imported = True
        self.report.lens_arn = arn
        status = out.get("Status")
        if status == "ERROR":
            raise WaPushError(
                f"the WA Tool could not import the lens ({arn}); check it with `mlprofile rubric "
                f"export-lens` and import it in the console to see why",
                path=self.plan.path,
            )
        if status != "COMPLETE":
            self._wait_for_draft(arn)
        self.call(
            "CreateLensVersion",
            LensAlias=arn,
            LensVersion=self.plan.lens_version,
            IsMajorVersion=True,
        )
        return arn

    def _wait_for_draft(self, arn: str) -> None:
        """ImportLens returned IN_PROGRESS: poll until the draft shows in ListLenses, at most
        ``polls`` times ``poll_seconds`` apart."""
        for attempt in range(self.polls):
            drafts = self.pages(
                "ListLenses",
                "LensSummaries",
                LensType="CUSTOM_SELF",
                LensStatus="DRAFT",
                LensName=self.plan.lens_name,
            )
            if any(s.get("LensArn") == arn for s in drafts):
                return
            if attempt + 1 < self.polls:
                self.wait(self.poll_seconds)
        raise WaPushError(
            f"the lens import ({arn}) did not finish within "
            f"{self.polls * self.poll_seconds:g} seconds; run push-wa again later "
            f"with --lens-alias {arn}; {self._done()}",
            path=self.plan.path,
        )

    def _workload(self, arn: str, *, republished: bool) -> None:
        plan = self.plan
        for s in self.pages(
            "ListWorkloads", "WorkloadSummaries", WorkloadNamePrefix=plan.workload_name
        ):
            if s.get("WorkloadName") == plan.workload_name:
                self.report.workload_id = s["WorkloadId"]
                break
        else:
            out = self.call(
                "CreateWorkload",
                WorkloadName=plan.workload_name,
                Description=f"ML workload profile pushed by mlprofile from {plan.path.name}"[:250],
                Environment=plan.environment,
                ReviewOwner=plan.review_owner,
                AwsRegions=list(plan.regions),
                Lenses=[arn],
            )
            self.report.workload_id = out["WorkloadId"]
            self.report.workload_created = True
            return
        wid = self.report.workload_id
        lenses = self.call("GetWorkload", WorkloadId=wid)["Workload"].get("Lenses", [])
        if arn not in lenses:
            self.call("AssociateLenses", WorkloadId=wid, LensAliases=[arn])
        elif republished:
            review = self.call("GetLensReview", WorkloadId=wid, LensAlias=arn)["LensReview"]
            if review.get("LensVersion") != plan.lens_version:
                # the WA Tool records the pre-upgrade state as a milestone of this name
                name = f"mlprofile before lens {plan.lens_version}"[:MAX_MILESTONE_NAME]
                self.call(
                    "UpgradeLensReview",
                    WorkloadId=wid,
                    LensAlias=arn,
                    MilestoneName=name,
                )

    def _milestones(self, arn: str) -> None:
        wid = self.report.workload_id
        existing = {
            m["MilestoneName"]
            for m in self.pages("ListMilestones", "MilestoneSummaries", WorkloadId=wid)
        }
        todo = snapshots_to_record(self.plan.workload, existing)
        if len(existing) + len(todo) > MAX_MILESTONES:
            raise WaPushError(
                f"the workload has {len(existing)} milestones and {len(todo)} snapshot(s) to "
                f"record; the WA Tool keeps at most {MAX_MILESTONES} per workload; "
                f"{self._done()}",
                path=self.plan.path,
            )
        for snapshot in todo:
            self._answers(arn, snapshot.name)
            name = milestone_name(snapshot)
            self.call(
                "CreateMilestone",
                WorkloadId=wid,
                MilestoneName=name,
            )
            self.report.milestones.append(name)

    def _answers(self, arn: str, profile: str) -> None:
        wl = self.plan.workload
        wid = self.report.workload_id
        for update in answer_updates(self.plan.lens, wl.rubric, wl.effective(profile)):
            self._answer(arn, wid, update)

    def _answer(self, arn: str, wid: str, update: AnswerUpdate) -> None:
        current = self.call(
            "GetAnswer", WorkloadId=wid, LensAlias=arn, QuestionId=update.params["QuestionId"]
        ).get("Answer", {})
        if not self.dry_run and update.same_as(current):
            self.report.unchanged += 1
            return
        self.call("UpdateAnswer", WorkloadId=wid, LensAlias=arn, **update.params)
        self.report.updated += 1
