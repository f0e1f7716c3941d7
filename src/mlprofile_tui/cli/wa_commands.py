"""``mlprofile rubric export-lens`` and ``mlprofile push-wa``: the Well-Architected Tool commands.

Kept apart from ``parser``/``handlers`` so they register themselves in two calls. Exit codes
(DESIGN.md §6): export-lens 0 written, 1 the rubric does not fit the WA Tool's lens limits (every
problem listed, nothing written: a finding about the rubric, like ``validate``), 2 bad input (an
unreadable or malformed rubric); push-wa 0 pushed (or planned, with --dry-run), 2 bad input or
any AWS failure (one message; what was already written is said).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.errors import EXIT_OK


def add_export_lens(rubric_sub) -> None:
    """``rubric export-lens`` under the ``rubric`` command's subparsers."""
    p = rubric_sub.add_parser(
        "export-lens",
        help="the rubric as an AWS Well-Architected Tool custom lens (JSON)",
        description="Write the rubric as a Well-Architected Tool custom lens (schemaVersion "
        "2021-11-01): groups as pillars, scored characteristics as questions, the answers "
        "that earn each level as choices (numbers banded by their thresholds), levels as "
        "risk (L3+ no risk, L2 medium, otherwise high). The lens is checked against the "
        "WA Tool's limits before anything is written.",
        epilog="Exit codes: 0 written; 1 the rubric does not fit the lens limits (every "
        "problem listed, nothing written); 2 bad input. Example: mlprofile rubric export-lens "
        "-o ml-profile-lens.json",
    )
    p.add_argument("file", nargs="?", help="rubric file or built-in id (default: mloe-05)")
    p.add_argument("--output", "-o", type=Path, help="write here instead of standard output")
    p.set_defaults(handler=cmd_export_lens)


def cmd_export_lens(args: argparse.Namespace) -> int:
    from ..core.rubric import resolve_rubric
    from ..core.wa_lens import export_lens
    from .handlers import write_output

    rubric = resolve_rubric(args.file)
    lens = export_lens(rubric)  # LensError (exit 1) lists every limit broken
    write_output(lens.text(), args.output, source=rubric.path)
    return EXIT_OK


def add_push_wa(sub) -> None:
    """``push-wa`` among the top-level subcommands."""
    p = sub.add_parser(
        "push-wa",
        help="push answers and milestones to the AWS Well-Architected Tool (writes to AWS)",
        description="Import (or update) the rubric's custom lens and publish it, find or "
        "create the WA Tool workload (review owner: the workload's owner; Regions: the "
        "provisioning matrix's), record each dated snapshot not yet pushed as a milestone, "
        "and set each question's answer from the profile's scored value, with the value, "
        "its provenance, level and rationale in the notes (N/A as not applicable). The one "
        "command that writes to AWS; least-privilege policy: docs/iam-policy-wa.json.",
        epilog="Exit codes: 0 pushed (or planned with --dry-run); 1 the rubric does not fit "
        "the lens limits; 2 bad input or an AWS failure (what was already written is said). "
        "Example: mlprofile push-wa fraud.mlprofile.toml --environment PRODUCTION --dry-run --json",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--profile", "-p", metavar="P", help="profile to push (default: current)")
    p.add_argument(
        "--workload-name", metavar="N", help="WA Tool workload name (default: the file's)"
    )
    p.add_argument(
        "--lens-alias",
        metavar="ARN",
        help="ARN of the custom lens to update (default: found by name)",
    )
    p.add_argument(
        "--environment",
        choices=("PRODUCTION", "PREPRODUCTION"),
        default="PRODUCTION",
        help="WA Tool environment of a new workload (default: PRODUCTION)",
    )
    p.add_argument(
        "--region", metavar="R", help="AWS Region (default: AWS_REGION or the profile's)"
    )
    p.add_argument("--aws-profile", metavar="P", help="named AWS profile (default: environment)")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print the calls a first push would make; no credentials, nothing sent",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help='{"file", "profile", "dry_run", "workload": {name, id, created}, "lens": {name, arn, '
        'version, imported}, "answers": {updated, unchanged}, "milestones", "calls": '
        "[{operation, parameters}]}",
    )
    p.set_defaults(handler=cmd_push_wa)


def cmd_push_wa(args: argparse.Namespace) -> int:
    import os

    from ..aws.wa_push import DryRunClient, WaPush, plan_push
    from ..core.errors import MlprofileError
    from .output import emit_json

    if args.dry_run:
        client = DryRunClient()
        # no client to ask: the Region a real push would use when the matrix names none
        region = args.region or os.environ.get("AWS_REGION") or "us-east-1"
    else:
        try:
            from ..aws.wa_push import make_client

            client = make_client(args.aws_profile, args.region)
        except ImportError:
            raise MlprofileError("push-wa needs boto3: pip install 'mlprofile-tui[aws]'") from None
        region = client.meta.region_name
    plan = plan_push(
        args.file,
        profile=args.profile,
        workload_name_override=args.workload_name,
        lens_alias=args.lens_alias,
        environment=args.environment,
        region=region,
    )
    report = WaPush(plan, client, dry_run=args.dry_run).run()
    if args.json:
        emit_json(report.to_json(plan, dry_run=args.dry_run))
        return EXIT_OK
    will = "would be " if args.dry_run else ""
    lens = f"lens {plan.lens_name!r} {plan.lens_version}"
    print(f"{plan.path}: profile {plan.profile!r} -> WA Tool workload {plan.workload_name!r}")
    if report.lens_imported:
        print(f"  {lens}: {will}imported and published ({report.lens_arn})")
    else:
        print(f"  {lens}: already published ({report.lens_arn})")
    if report.workload_created:
        print(f"  workload {will}created ({report.workload_id})")
    for name in report.milestones:
        print(f"  milestone {name!r} {will}recorded")
    print(f"  answers: {report.updated} {will}updated, {report.unchanged} unchanged")
    if args.dry_run:
        print(f"dry run: {len(report.calls)} calls planned, nothing sent (--json lists them)")
    return EXIT_OK
