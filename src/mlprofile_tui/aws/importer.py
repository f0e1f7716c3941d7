"""Pre-fill a profile from a live AWS account: plan, run (in a worker), then apply or show.

The API every front end uses (the CLI here, the Textual app in a worker thread):

    plan = plan_import("svc.mlprofile.toml", ["churn-prod"], region="us-east-1")
    result = run_import_job(plan, progress=on_progress, cancel=cancel_event)
    result.diff / result.values / result.skipped / result.to_json()
    write_import(result)            # or apply_import(result, my_open_document) + my own save

``plan_import`` is cheap and does no AWS call (safe on the UI thread). ``run_import_job`` never
raises for AWS trouble: a setup fault (no credentials, unknown profile, no Region) comes back as
``result.fatal`` with every characteristic skipped; a failed call skips only what needed it.
Nothing is written until ``write_import`` or ``apply_import`` is called.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core import matrix as matrix_rows
from ..core.answers import UNANSWERED, Answer, State
from ..core.documents import INSTALL_BOTO3
from ..core.editing import Change, editable_problem
from ..core.errors import MlprofileError, ValueProblem
from ..core.location import Location
from ..core.rubric import MatrixSpec, Rubric
from ..core.values import check_value
from ..core.workload import WorkloadDocument, now_iso
from . import facts as K
from . import processing, traffic
from .facts import Fact, Missing, OneOf, Reading

_ENDPOINT_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
_REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")
MAX_DAYS = 455  # CloudWatch keeps hourly data this long
DEFAULT_WORKERS = 4
BOTO3_MISSING = f"AWS import needs boto3; {INSTALL_BOTO3}"

# How facts from several endpoints become one answer. Keys not named here must agree.
# Present-only: endpoints with nothing to say are left out (a serverless endpoint has no
# instance type, and adds no instances).
_PRESENT_ONLY = (
    K.INSTANCE_TYPE,
    K.ACCELERATOR_CLASS,
    K.INSTANCE_COUNT_MIN,
    K.INSTANCE_COUNT_MAX,
    K.AVAILABILITY,
    K.COLD_START,
    K.ARTIFACT_SIZE,
    K.SPOT_TRAINING,
)
# The weakest endpoint answers for the workload, by the level the rubric gives each choice.
_WEAKEST = (K.KMS, K.IMAGE_REGISTRY, K.SPOT_TRAINING, K.AVAILABILITY, K.MODEL_MONITOR)
_LARGEST = (K.ARTIFACT_SIZE, K.MODELS_PER_ENDPOINT, K.P95_LATENCY, K.COLD_START)
_SUMMED = (K.INSTANCE_COUNT_MIN, K.INSTANCE_COUNT_MAX)  # the workload's instances, all endpoints


@dataclass(frozen=True)
class ImportPlan:
    """What an import will read and where it will write; validated, no AWS call made."""

    document: WorkloadDocument
    profile: str
    endpoints: tuple[str, ...]
    region: str | None = None
    aws_profile: str | None = None
    days: int = 14
    environment: str = ""  # the matrix rows' environment (one of the rubric's)
    keys: tuple[str, ...] = ()  # the characteristics this rubric lets the import fill
    max_workers: int = DEFAULT_WORKERS
    # The profile's effective answers when planned: the worker diffs against this copy and never
    # reads the document, which the UI thread may be editing meanwhile.
    baseline: Mapping[str, Answer] = field(default_factory=dict)

    @property
    def path(self) -> Location:
        return self.document.path

    @property
    def rubric(self) -> Rubric:
        return self.document.rubric

    @property
    def matrix(self) -> MatrixSpec | None:
        """The rubric's provisioning matrix, when this import fills one."""
        ch = self.rubric.by_key.get(K.MATRIX) if K.MATRIX in self.keys else None
        return ch.matrix if ch is not None else None

    @property
    def reads_processing(self) -> bool:
        """Processing jobs are read only for a matrix that has a row for them."""
        return self.matrix is not None and processing.WORKLOAD in self.matrix.workloads


@dataclass(frozen=True)
class ImportProgress:
    done: int
    total: int
    message: str


@dataclass
class ImportResult:
    plan: ImportPlan
    values: dict[str, Answer] = field(default_factory=dict)  # provenance "imported", source, at
    skipped: dict[str, str] = field(default_factory=dict)  # key -> why it was not imported
    failed: set[str] = field(default_factory=set)  # skipped keys whose reason is a failed call
    diff: list[Change] = field(default_factory=list)
    account: str | None = None
    region: str | None = None
    notes: list[str] = field(default_factory=list)
    unread: dict[str, str] = field(default_factory=dict)  # endpoint -> why it was left out
    fatal: str | None = None  # a setup fault: nothing could be read
    cancelled: bool = False

    @property
    def complete(self) -> bool:
        """Every call succeeded (skips left are facts the account does not hold)."""
        return not (self.fatal or self.cancelled or self.failed or self.unread)

    def to_json(self) -> dict[str, Any]:
        """The ``import-aws --json`` shape (a contract)."""
        return {
            "values": {
                c.key: {
                    "value": c.after.value,
                    "source": c.after.source,
                    "old": c.before.value if c.before.is_value else None,
                }
                for c in self.diff
            },
            "skipped": dict(self.skipped),
        }


# ---------------------------------------------------------------------- planning


def plan_import(
    workload: str | Path | WorkloadDocument,
    endpoints: Sequence[str],
    *,
    region: str | None = None,
    aws_profile: str | None = None,
    profile: str | None = None,
    days: int = 14,
    environment: str | None = None,
    max_workers: int = DEFAULT_WORKERS,
) -> ImportPlan:
    """Check everything that can be checked without AWS; raise MlprofileError (exit 2) if bad.

    ``environment``: the environment of the matrix rows the import writes, one the rubric's
    matrix lists; None for the rubric's default (its last environment, production in the
    built-in rubric)."""
    doc = workload if isinstance(workload, WorkloadDocument) else WorkloadDocument.load(workload)
    path = doc.path
    target = doc.workload.profile(profile)
    problem = editable_problem(doc.workload, target.name, verb="import into")
    if problem:
        raise MlprofileError(problem, path=path)
    names = tuple(dict.fromkeys(e.strip() for e in endpoints if e and e.strip()))
    if not names:
        raise MlprofileError("name at least one endpoint: --endpoint NAME", path=path)
    for n in names:
        if not _ENDPOINT_NAME.match(n):
            raise MlprofileError(
                f"--endpoint {n!r} is not a SageMaker endpoint name (letters, "
                "digits and hyphens, up to 63)",
                path=path,
            )
    if region is not None and not _REGION.match(region):
        raise MlprofileError(f"--region {region!r} is not an AWS Region code such as us-east-1")
    if not 1 <= days <= MAX_DAYS:
        raise MlprofileError(
            f"--days must be between 1 and {MAX_DAYS} (CloudWatch retention), got {days}"
        )
    rubric = doc.rubric
    matrix = rubric.by_key.get(K.MATRIX)
    spec = matrix.matrix if matrix is not None else None
    if spec is not None:
        if environment is None:
            environment = spec.default_environment
        elif environment not in spec.environments:
            raise MlprofileError(
                f"--environment {environment!r} is not one of {', '.join(spec.environments)}"
            )
    keys = tuple(k for k in K.IMPORTABLE if k in rubric.by_key)
    return ImportPlan(
        doc,
        target.name,
        names,
        region,
        aws_profile,
        days,
        environment or "",
        keys,
        max(1, min(max_workers, 16)),
        MappingProxyType(dict(doc.workload.effective(target.name))),
    )


# ---------------------------------------------------------------------- running


def run_import_job(
    plan: ImportPlan,
    *,
    progress: Callable[[ImportProgress], None] | None = None,
    cancel: threading.Event | None = None,
    account=None,
    now: datetime | None = None,
) -> ImportResult:
    """Read the account (blocking; run it in a worker thread) and build the result."""
    cancel = cancel or threading.Event()
    total = len(plan.endpoints) + 2 + int(plan.reads_processing)
    say = progress or (lambda _p: None)
    result = ImportResult(plan)
    try:
        from .endpoint_reader import Cancelled, EndpointReader, EndpointReading, Window
        from .faults import AwsSetupError, redact
        from .session import AwsAccount
    except ImportError:
        return _fatal(result, BOTO3_MISSING)
    say(ImportProgress(0, total, "checking AWS credentials"))
    try:
        if account is None:
            account = AwsAccount(plan.aws_profile, plan.region, max_workers=plan.max_workers)
        identity = account.check_credentials()
    except AwsSetupError as e:
        return _fatal(result, e.message)
    result.account, result.region = identity.account, account.region
    say(ImportProgress(1, total, f"account {identity.account}, {account.region}"))

    window = Window.last_days(plan.days, now or datetime.now(UTC))
    reader = EndpointReader(
        account, window, environment=plan.environment, cancel=cancel, keys=plan.keys
    )
    readings: dict[str, EndpointReading] = {}
    jobs: Reading | None = None  # processing jobs: the account's, not an endpoint's
    pool = ThreadPoolExecutor(
        max_workers=min(plan.max_workers, len(plan.endpoints) + int(plan.reads_processing)),
        thread_name_prefix="mlprofile-aws",
    )
    try:
        futures: dict[Future[Any], str] = {pool.submit(reader.read, n): n for n in plan.endpoints}
        if plan.reads_processing:
            read = processing.read_processing
            futures[pool.submit(read, reader.aws, window, account.region, plan.environment)] = ""
        for fut in as_completed(futures):
            name = futures[fut]  # "" for the processing jobs
            got: Any
            try:
                got = fut.result()
            except Cancelled:
                continue
            except Exception as e:  # a bug must not cost the other reads or print a traceback
                msg = e.message if isinstance(e, MlprofileError) else f"{type(e).__name__}: {e}"
                what = f"endpoint {name!r}" if name else "processing jobs"
                reason = f"reading {what} failed: {redact(msg)}"
                failed = Missing(reason, fault=True)
                got = EndpointReading(name).fail_all(reason) if name else failed
            if name:
                readings[name] = got
            else:
                jobs = got
            done = len(readings) + (jobs is not None)
            say(ImportProgress(1 + done, total, f"read endpoint {name}" if name else "read jobs"))
            if cancel.is_set():
                break
    except KeyboardInterrupt:
        cancel.set()
        raise
    finally:
        pool.shutdown(wait=not cancel.is_set(), cancel_futures=True)
    if cancel.is_set():
        result.cancelled = True
        for key in plan.keys:
            result.skipped[key] = "import cancelled"
        return result

    ordered = [readings[n] for n in plan.endpoints]
    for r in ordered:
        result.notes.extend(r.notes)
        if r.gone:
            result.unread[r.name] = r.gone
    # An endpoint that is gone is no longer part of the workload; the others still answer.
    ordered = [r for r in ordered if not r.gone] or ordered
    combined = _combine_all(ordered, plan, window, jobs, identity.account)
    _finish(result, combined)
    say(
        ImportProgress(
            total, total, f"{len(result.values)} imported, {len(result.skipped)} skipped"
        )
    )
    return result


def _fatal(result: ImportResult, message: str) -> ImportResult:
    result.fatal = message
    for key in result.plan.keys:
        result.skipped[key] = message
        result.failed.add(key)
    return result


def _finish(result: ImportResult, combined: dict[str, Reading]) -> None:
    plan = result.plan
    rubric = plan.rubric
    at = now_iso().isoformat().replace("+00:00", "Z")
    before = plan.baseline
    for key in plan.keys:
        reading = combined.get(key) or Missing("not read")
        if isinstance(reading, Missing):
            result.skipped[key] = reading.reason
            if reading.fault:
                result.failed.add(key)
            continue
        ch = rubric.get(key)
        try:
            value = check_value(ch, reading.value)
        except ValueProblem as e:
            result.skipped[key] = (
                f"the account says {reading.value!r}, which this rubric does not accept: {e}"
            )
            continue
        answer = Answer(State.VALUE, value, "imported", reading.source, at)
        result.values[key] = answer
        result.diff.append(Change(key, before.get(key, UNANSWERED), answer))


# ---------------------------------------------------------------------- combining endpoints


def _combine_all(
    readings: list, plan: ImportPlan, window, jobs: Reading | None, account: str
) -> dict[str, Reading]:
    out: dict[str, Reading] = {}
    rubric = plan.rubric
    for key in plan.keys:
        if key in (K.TRAFFIC_PATTERN, K.PEAK_INVOCATIONS, K.MATRIX):
            continue
        out[key] = combine(
            key,
            [(r.name, in_rubric_words(rubric, key, r.facts.get(key))) for r in readings],
            rubric,
        )
    pattern, peak = _combine_traffic(readings, window)
    out[K.TRAFFIC_PATTERN], out[K.PEAK_INVOCATIONS] = pattern, peak
    if K.MATRIX in plan.keys:
        out[K.MATRIX] = _combine_matrix(readings, plan, jobs, account)
    return out


def in_rubric_words(rubric: Rubric, key: str, reading: Reading | None) -> Reading:
    """``reading`` with a ``OneOf`` value replaced by the first id ``rubric`` offers for
    ``key``; a Missing (nothing to read, not a fault) when it offers none. None (the reader
    left the key out) is a failed read."""
    if reading is None:
        return Missing("not read", fault=True)
    if not (isinstance(reading, Fact) and isinstance(reading.value, OneOf)):
        return reading
    picked = reading.value.pick(rubric.get(key).choice_ids)
    if picked is None:
        return Missing(
            reading.value.otherwise
            or f"the account says {' / '.join(reading.value.ids)}, which rubric "
            f"{rubric.id} {rubric.version} has no choice for"
        )
    return Fact(picked, reading.source)


def combine(key: str, readings: list[tuple[str, Reading]], rubric: Rubric) -> Reading:
    """One answer from every endpoint's reading of ``key`` (values in ``rubric``'s words);
    honest when they cannot be merged."""
    faults = [m for _n, m in readings if isinstance(m, Missing) and m.fault]
    if faults:
        return Missing("; ".join(dict.fromkeys(m.reason for m in faults)), fault=True)
    present = [(n, f) for n, f in readings if isinstance(f, Fact)]
    absent = [m for _n, m in readings if isinstance(m, Missing)]
    if not present or (absent and key not in _PRESENT_ONLY):
        return Missing("; ".join(dict.fromkeys(m.reason for m in absent)) or "nothing to read")
    values = [f.value for _n, f in present]
    source = "; ".join(dict.fromkeys(f.source for _n, f in present))
    if len(present) == 1:
        return present[0][1]
    if key in _WEAKEST:
        ch = rubric.get(key)
        order = {c.id: (c.level or 0, i) for i, c in enumerate(ch.choices)}
        return Fact(min(values, key=lambda v: order.get(v, (-1, 0))), source)
    if key in _LARGEST:
        best = max(present, key=lambda nf: nf[1].value)[1]
        return Fact(best.value, best.source)
    if key in _SUMMED:
        return Fact(sum(values), source)
    if key == K.INSTANCE_TYPE:
        types = dict.fromkeys(t.strip() for v in values for t in v.split(","))
        return Fact(", ".join(types), source)
    if key == K.FRAMEWORKS:
        return Fact(sorted({fw for v in values for fw in v}), source)
    if key == K.CONTAINER_SOURCE:
        return Fact("bring_your_own" if "bring_your_own" in values else values[0], source)
    if key in (K.VPC, K.NETWORK_ISOLATION):
        return Fact(all(values), source)
    if len(set(map(repr, values))) == 1:
        return Fact(values[0], source)
    said = ", ".join(f"{n}={f.value}" for n, f in present)
    return Missing(f"endpoints disagree ({said}); answer it by hand for the workload as a whole")


def _combine_traffic(readings: list, window) -> tuple[Reading, Reading]:
    faults = [
        r.invocations
        for r in readings
        if isinstance(r.invocations, Missing) and r.invocations.fault
    ]
    if faults:
        miss = Missing("; ".join(dict.fromkeys(m.reason for m in faults)), fault=True)
        return miss, miss
    series: dict[datetime, float] = {}
    for r in readings:
        if isinstance(r.invocations, dict):
            for t, v in r.invocations.items():
                series[t] = series.get(t, 0.0) + v
    if not series:
        miss = Missing(
            "; ".join(
                dict.fromkeys(
                    r.invocations.reason for r in readings if isinstance(r.invocations, Missing)
                )
            )
            or "metric empty"
        )
        return miss, miss
    # Minutes before an endpoint existed are not idle minutes.
    created = [r.created for r in readings if r.created is not None]
    first = min(series)
    start = max(window.start, min([first, *[_minute(c, window) for c in created]]))
    stats = traffic.summarise(series, start, window.end, window.period_s)
    if stats is None:
        miss = Missing(f"metric empty: no Invocations in {window.label()}")
        return miss, miss
    src = "; ".join(r.invocation_source for r in readings if r.invocation_source)
    pattern = traffic.classify(stats)
    numbers = traffic.explain(stats)
    peak_src = f"{src}: max {stats.peak_per_minute}/min"
    if stats.period_s != 60:
        peak_src += f" (busiest {stats.period_s // 60}-minute period, averaged per minute)"
    return Fact(pattern, f"{src}: {numbers} -> {pattern}"), Fact(stats.peak_per_minute, peak_src)


def _minute(t: datetime, window) -> datetime:
    """``t`` snapped onto the window's grid."""
    step = window.period_s
    offset = (t - window.start).total_seconds() // step * step
    return window.start + timedelta(seconds=offset)


def _combine_matrix(
    readings: list, plan: ImportPlan, jobs: Reading | None, account: str
) -> Reading:
    """The profile's matrix with the rows this import read: endpoints' instances summed per
    row, processing jobs' peaks; rows of other environments, Regions, accounts and workloads
    kept. Where the rubric has an account column, every row the import writes names the
    account it was read from (a row that named none before is that row)."""
    faults = [r.matrix_rows for r in readings if isinstance(r.matrix_rows, Missing)]
    if isinstance(jobs, Missing) and jobs.fault:
        faults.append(jobs)
    if faults:
        return Missing("; ".join(dict.fromkeys(m.reason for m in faults)), fault=True)
    read = [row for r in readings for row in r.matrix_rows or []]
    if isinstance(jobs, Fact):
        read += jobs.value
    counts: dict[tuple, int] = {}
    for row in read:
        ident = matrix_rows.row_identity(row)
        counts[ident] = counts.get(ident, 0) + row["count"]
    if not counts:
        return Missing(
            "no instance-backed endpoint to count (serverless endpoints need no quota "
            "for instances)" + (" and no processing job in the window" if jobs else "")
        )
    stamp = account if plan.matrix is not None and plan.matrix.accounts else ""
    old = plan.baseline.get(K.MATRIX, UNANSWERED)
    rows = [dict(r) for r in old.value] if old.is_value else []
    index = {matrix_rows.row_identity(r): r for r in rows}
    for (env, _account, region, wl, inst), count in counts.items():
        here = index.get((env, stamp, region, wl, inst)) or index.get((env, "", region, wl, inst))
        if here is None:
            here = {"environment": env, "region": region, "workload": wl, "instance_type": inst}
            rows.append(here)
        here["count"] = count
        if stamp:
            here[matrix_rows.ACCOUNT] = stamp  # the rubric check puts it in its column
    sources = []
    if any(r.matrix_rows for r in readings):
        names = ", ".join(r.name for r in readings)
        sources.append(
            "sagemaker:DescribeEndpointConfig production and shadow variants, at their "
            "application-autoscaling MaxCapacity or ManagedInstanceScaling MaxInstanceCount "
            f"({names})"
        )
    if isinstance(jobs, Fact) and jobs.value:
        sources.append(jobs.source)
    kept = "environments, Regions, accounts and workloads"
    if not stamp:
        kept = "environments, Regions and workloads"
    where = f"account {stamp}: " if stamp else ""
    return Fact(rows, f"{where}{'; '.join(sources)}; rows of other {kept} kept")


# ---------------------------------------------------------------------- applying


def apply_import(
    result: ImportResult,
    document: WorkloadDocument | None = None,
    keys: Iterable[str] | None = None,
) -> int:
    """Put the imported answers into ``document`` (default: the plan's); returns how many.

    Keys the document's rubric does not have, and values it does not accept, are left out."""
    if result.fatal or result.cancelled:
        return 0
    doc = document or result.plan.document
    wanted = set(keys) if keys is not None else None
    n = 0
    for key, answer in result.values.items():
        if (wanted is None or key in wanted) and _fits(doc.rubric, key, answer):
            doc.set_answer(result.plan.profile, key, answer)
            n += 1
    return n


def _fits(rubric: Rubric, key: str, answer: Answer) -> bool:
    """Only what the document's own rubric version has: a 1.0.0 file never gets a 1.1.0 key
    (nor a value 1.0.0 does not offer), even from a result planned against another version."""
    ch = rubric.by_key.get(key)
    if ch is None:
        return False
    try:
        return check_value(ch, answer.value) == answer.value
    except ValueProblem:
        return False


def write_import(result: ImportResult) -> int:
    """Apply to the plan's document and save atomically (ConflictError if the file changed)."""
    n = apply_import(result)
    if n:
        result.plan.document.save()
    return n
