"""``mlprofile import-aws`` and ``mlprofile quotas``: the command-line face of ``aws/``.

Exit codes (DESIGN.md §6): 0 done; 1 findings (import-aws: a call failed, so some
characteristics were not imported and are listed; quotas: a shortfall, or a row whose quota
could not be read); 2 bad usage, bad input or no usable AWS credentials/Region/profile, with
the file untouched.
"""

from __future__ import annotations

import sys
import threading

from ..core.answers import State
from ..core.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from ..core.values import display
from .output import emit_json as _emit_json


def _fatal(outcome, args, consequence: str) -> int:
    """Nothing could be read (credentials, profile, Region): the JSON shape still, then exit 2."""
    if args.json:
        _emit_json(outcome.to_json())
    _err(f"{outcome.fatal}; {consequence}")
    return EXIT_USAGE


def _err(message: str) -> None:
    print(f"mlprofile: error: {message}", file=sys.stderr)


def run_import(args) -> int:
    from ..aws.importer import plan_import, run_import_job, write_import

    plan = plan_import(
        args.file,
        args.endpoint,
        region=args.region,
        aws_profile=args.aws_profile,
        profile=args.profile,
        days=args.days,
        environment=getattr(args, "environment", None),
    )
    progress = None
    if not args.json and sys.stderr.isatty():

        def progress(p) -> None:
            print(f"\r[{p.done}/{p.total}] {p.message:<60}", end="", file=sys.stderr, flush=True)

    cancel = threading.Event()
    result = run_import_job(plan, progress=progress, cancel=cancel)
    if progress:
        print(file=sys.stderr)
    if result.fatal:
        return _fatal(result, args, f"nothing was imported and {plan.path} was not changed")
    if args.json:
        _emit_json(result.to_json())
        for reason in result.unread.values():
            print(f"mlprofile: warning: {reason}; left out of the import", file=sys.stderr)
    else:
        _print_result(result, dry_run=args.dry_run)
    if not args.dry_run:
        n = write_import(result)
        if not args.json:
            print(
                f"wrote {plan.path}: {n} value{'s' if n != 1 else ''} imported into "
                f"profile {plan.profile!r}"
                if n
                else f"{plan.path} unchanged: nothing to import"
            )
    elif not args.json:
        print("dry run: nothing written")
    return EXIT_OK if result.complete else EXIT_FINDINGS


def _print_result(result, *, dry_run: bool) -> None:
    plan = result.plan
    rubric = plan.rubric
    days = f"last {plan.days} day{'s' if plan.days != 1 else ''}"
    print(f"AWS account {result.account}, {result.region}: {', '.join(plan.endpoints)} ({days})")
    for reason in result.unread.values():
        print(f"! {reason}; left out of the import")
    verb = "would change" if dry_run else "changes"
    print(f"\nImported into profile {plan.profile!r} ({verb}: old -> new):")
    width = max((len(c.key) for c in result.diff), default=20)
    for c in result.diff:
        ch = rubric.get(c.key)
        new = display(ch, c.after)
        if c.changed:
            old = (
                display(ch, c.before) if c.before.state is not State.UNANSWERED else "(unanswered)"
            )
            line = f"{old} -> {new}"
        else:
            line = f"{new} (same value; now marked imported)"
        print(f"  {c.key:<{width}}  {line}")
        print(f"  {'':<{width}}    from {c.after.source}")
    if result.skipped:
        print("\nNot imported (the profile keeps what it had):")
        for key, reason in result.skipped.items():
            mark = "!" if key in result.failed else "-"
            print(f"  {mark} {key}: {reason}")
    for note in dict.fromkeys(result.notes):
        print(f"note: {note}")
    if result.failed:
        print(
            f"\n{len(result.failed)} characteristic(s) marked ! were not imported because a call "
            "failed; fix the cause and import again."
        )
    print()


def run_quotas(args) -> int:
    from ..aws.quotas import plan_quota_check, run_quota_check

    plan = plan_quota_check(
        args.file,
        profile=args.profile,
        aws_profile=args.aws_profile,
        environments=getattr(args, "environment", None),
    )
    report = run_quota_check(plan)
    if report.fatal:
        return _fatal(report, args, "no quota was checked")
    if args.json:
        _emit_json(report.to_json())
    else:
        _print_quotas(report)
    return EXIT_OK if report.ok else EXIT_FINDINGS


def _print_quotas(report) -> None:
    plan = report.plan
    envs = ", ".join(plan.environments)
    summed = (
        " (summed: run with --environment to check one account's share)"
        if len(plan.environments) > 1
        else ""
    )
    print(
        f"Provisioning matrix of {plan.profile!r} against SageMaker quotas of account "
        f"{report.account}; environments {envs}{summed}"
    )
    if report.skipped_rows:
        n = report.skipped_rows
        print(
            f"skipped {n} row{'s' if n != 1 else ''} of other accounts "
            f"({', '.join(report.skipped_accounts)}): quotas are per account; check "
            "them with credentials for those accounts"
        )
    if not report.rows:
        print(
            f"nothing to check: every row names another account than {report.account}"
            if report.skipped_rows
            else "nothing to check: the matrix has no rows"
        )
        return
    head = ("REGION", "WORKLOAD", "INSTANCE TYPE", "NEEDS", "QUOTA", "SOURCE", "STATUS")
    table = [head]
    for r in report.rows:
        quota = "?" if r.quota is None else f"{r.quota:g}"
        status = {"ok": "ok", "unknown": "UNKNOWN", "short": f"SHORT by {r.shortfall}"}[r.status]
        table.append(
            (
                r.region,
                r.workload,
                r.instance_type,
                str(r.demand),
                quota,
                r.quota_source or "-",
                status,
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        cells = [
            c.rjust(w) if i in (3, 4) else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    for r in report.rows:
        if r.status == "short":
            print(
                f"short: {r.region} {r.quota_name!r} is {r.quota:g}, the matrix needs {r.demand}; "
                f"request an increase of quota {r.quota_code or '?'} in the Service Quotas console"
            )
        elif r.reason:
            print(f"{r.status}: {r.region} {r.instance_type}: {r.reason}")
    short = sum(1 for r in report.rows if r.status == "short")
    unknown = sum(1 for r in report.rows if r.status == "unknown")
    if report.ok:
        print("every row fits its quota")
    else:
        print(f"{short} row(s) short, {unknown} not checkable")
