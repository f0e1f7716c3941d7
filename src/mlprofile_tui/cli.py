"""The ``mlprofile`` command line (DESIGN.md §6). Parsing and dispatch only; no business logic.

Start-up stays light: argparse and the core are imported here; rich, Textual and boto3 only
on the paths that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from .core.errors import EXIT_OK, EXIT_USAGE, MlprofileError

COMMANDS = ("new", "show", "set", "branch", "snapshot", "score", "compare", "validate", "check",
            "export", "rubric", "interview", "import-aws", "quotas")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with one line instead of a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise MlprofileError(f"{message} (see `{self.prog} --help`)")


def _profile_arg(p: argparse.ArgumentParser, help_text: str = "profile to use (default: current)") -> None:
    p.add_argument("--profile", "-p", metavar="P", help=help_text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mlprofile",
        description=(
            "Capture, score and compare ML workload profiles (AWS Well-Architected ML Lens, "
            "MLOE-05 / MLOPS02-BP02). Without a command, opens the app; `mlprofile FILE` opens "
            "that workload."
        ),
        epilog="Exit codes: 0 success, 1 findings (validation errors, check below level), 2 bad usage or input.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"mlprofile {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("new", help="create a workload with an empty current snapshot")
    p.add_argument("file", type=Path)
    p.add_argument("--name", required=True, help="the workload's name")
    p.add_argument("--owner", default="", help="team or person who owns the workload")
    p.add_argument("--rubric", default=None, help="built-in rubric id or a rubric file (default: mloe-05)")

    p = sub.add_parser("show", help="effective values of a profile")
    p.add_argument("file", type=Path)
    _profile_arg(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--group", "-g", help="only this group")

    p = sub.add_parser("set", help="set values: KEY=VALUE (1.2GB, 250ms, enum ids, true, unknown, n/a:REASON)")
    p.add_argument("file", type=Path)
    p.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    _profile_arg(p)
    p.add_argument("--rationale", "-r", help="why (required in spirit for every change in a target)")
    p.add_argument("--provenance", choices=("declared", "estimated", "measured"), default="declared",
                   help="where the values come from (default: declared)")
    p.add_argument("--source", help="evidence: a document, dashboard or ARN")

    p = sub.add_parser("branch", help="create a target profile from another profile")
    p.add_argument("file", type=Path)
    p.add_argument("--from", dest="base", required=True, metavar="P", help="the profile to branch from")
    p.add_argument("--name", required=True, help="the new target's name")
    p.add_argument("--rationale", required=True, help="why this target is worth aiming for")

    p = sub.add_parser("snapshot", help="keep a dated copy of the current state")
    p.add_argument("file", type=Path)
    p.add_argument("--name", help="the snapshot's name (default: snapshot-YYYY-MM-DD)")

    p = sub.add_parser("score", help="levels, score, completeness, optimistic level, blockers")
    p.add_argument("file", type=Path)
    _profile_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("compare", help="profiles side by side with level deltas and rationale")
    p.add_argument("file", type=Path)
    p.add_argument("--profiles", help="comma-separated names (default: current and every target)")
    p.add_argument("--diff-only", action="store_true", help="only rows that differ")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("validate", help="check workload files: errors exit 1, warnings are advice")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("check", help="CI gate: exit 1 when the profile is below a level")
    p.add_argument("file", type=Path)
    p.add_argument("--min-level", required=True, metavar="N", help="a rank (3) or level id (L3)")
    _profile_arg(p)

    p = sub.add_parser("export", help="the profile document, rationale included")
    p.add_argument("file", type=Path)
    p.add_argument("--format", "-f", required=True, choices=("markdown", "json"))
    p.add_argument("--profiles", help="comma-separated names (default: all)")
    p.add_argument("--output", "-o", type=Path, help="write here instead of standard output")

    p = sub.add_parser("rubric", help="inspect or check a rubric")
    rsub = p.add_subparsers(dest="rubric_command", metavar="show|validate", parser_class=_Parser)
    rs = rsub.add_parser("show", help="groups, characteristics, questions and thresholds")
    rs.add_argument("file", nargs="?", help="rubric file or built-in id (default: mloe-05)")
    rs.add_argument("--json", action="store_true")
    rv = rsub.add_parser("validate", help="list every problem in a rubric file")
    rv.add_argument("file")

    p = sub.add_parser("interview", help="plain-terminal guided interview")
    p.add_argument("file", type=Path)
    _profile_arg(p)
    p.add_argument("--group", "-g", help="only this group")
    p.add_argument("--all", action="store_true", help="ask answered questions too")
    p.add_argument("--save-each-group", action="store_true", help="write after every group")

    p = sub.add_parser("import-aws", help="pre-fill from a live AWS account (read-only)",
                       description="Read SageMaker endpoints (config, models, S3 artefacts, "
                       "CloudWatch metrics, auto scaling) and set the characteristics they answer, "
                       "each marked imported with its source. Only Describe/List/Get/Head calls; "
                       "least-privilege policy: docs/iam-policy.json.",
                       epilog="Exit codes: 0 imported; 1 some calls failed (what is missing is "
                       "listed, the rest is imported); 2 bad input or no usable credentials.")
    p.add_argument("file", type=Path)
    p.add_argument("--endpoint", action="append", required=True, metavar="NAME",
                   help="SageMaker endpoint of this workload (repeat for several)")
    p.add_argument("--region", help="AWS Region (default: AWS_REGION or the profile's region)")
    p.add_argument("--aws-profile", metavar="P", help="named AWS profile (default: environment)")
    _profile_arg(p)
    p.add_argument("--days", type=int, default=14,
                   help="CloudWatch look-back for traffic, latency and cold start (default: 14)")
    p.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    p.add_argument("--json", action="store_true",
                   help='{"values": {KEY: {value, source, old}}, "skipped": {KEY: reason}}')
    p.add_argument("--environment", default="production", metavar="ENV",
                   help="environment of the provisioning-matrix rows read (default: production)")

    p = sub.add_parser("quotas", help="the provisioning matrix against the account's service quotas",
                       description="Sum the provisioning matrix per Region, workload and instance "
                       "type and compare it with the account's applied SageMaker quota (or the AWS "
                       "default where none was applied), e.g. 'ml.m5.xlarge for endpoint usage'.",
                       epilog="Exit codes: 0 every row fits; 1 a shortfall, or a quota that could "
                       "not be read; 2 bad input or no usable credentials.")
    p.add_argument("file", type=Path)
    _profile_arg(p)
    p.add_argument("--aws-profile", metavar="P", help="named AWS profile (default: environment)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--environment", action="append", metavar="ENV",
                   help="only this environment's rows (repeatable; default: all, summed)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point. Called with no arguments (the console script) it exits with the code."""
    as_script = argv is None
    try:
        code = _dispatch(list(sys.argv[1:] if argv is None else argv))
    except MlprofileError as e:
        print(f"mlprofile: error: {e.render()}", file=sys.stderr)
        code = e.exit_code
    except OSError as e:
        # a folder that does not exist, a read-only disk, a full disk: still one line, exit 2
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        print(f"mlprofile: error: {where}{e.strerror or e}", file=sys.stderr)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        print("mlprofile: interrupted; nothing was written", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = EXIT_OK
    if as_script:
        sys.exit(code)
    return code


def _dispatch(argv: list[str]) -> int:
    if argv[:1] == ["--example"]:
        if len(argv) != 2:
            raise MlprofileError("--example takes one name, e.g. --example fraud-scorer")
        from .commands import example_copy

        return _open_app(example_copy(argv[1]), [])
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        return _open_app(Path(argv[0]) if argv else None, argv[1:])
    args = build_parser().parse_args(argv)
    if args.command is None:
        return _open_app(None, [])
    handler = globals()["_cmd_" + args.command.replace("-", "_")]
    return handler(args)


def _open_app(path: Path | None, rest: list[str]) -> int:
    if rest:
        raise MlprofileError(f"unexpected arguments {' '.join(rest)!r}; see `mlprofile --help`")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Piped, redirected or in CI: a full-screen app would wait for keys nobody types.
        from .commands import overview

        return overview(path)
    from .tui import run_app  # Textual is imported here only: other commands never pay for it

    return run_app(path)


# --------------------------------------------------------------------------- commands


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def _cmd_new(args) -> int:
    from .commands import new_workload

    new_workload(args.file, args.name, args.owner, args.rubric)
    print(f"created {args.file} (profile 'current'); next: mlprofile interview {args.file}")
    return EXIT_OK


def _cmd_show(args) -> int:
    from .core.export import show_json
    from .core.workload import load_workload

    workload = load_workload(args.file)
    if args.json:
        _emit_json(show_json(workload, args.profile))
    else:
        from .render import print_show

        print_show(workload, args.profile, args.group)
    return EXIT_OK


def _cmd_set(args) -> int:
    from .commands import set_values

    set_values(args.file, args.profile, args.assignments, rationale=args.rationale,
               provenance=args.provenance, source=args.source)
    return EXIT_OK


def _cmd_branch(args) -> int:
    from .core.workload import WorkloadDocument

    doc = WorkloadDocument.load(args.file, edit=True)
    doc.branch(args.base, args.name, args.rationale)
    doc.save()
    print(f"created target {args.name!r} from {args.base!r}; change it with "
          f"`mlprofile set {args.file} --profile {args.name} KEY=VALUE --rationale WHY`")
    return EXIT_OK


def _cmd_snapshot(args) -> int:
    from .core.workload import WorkloadDocument

    doc = WorkloadDocument.load(args.file, edit=True)
    p = doc.snapshot(args.name)
    doc.save()
    print(f"kept snapshot {p.name!r} ({p.taken}) of the current state")
    return EXIT_OK


def _cmd_score(args) -> int:
    from .core.scoring import score_json, score_profile
    from .core.workload import load_workload

    workload = load_workload(args.file)
    name = workload.profile(args.profile).name
    result = score_profile(workload.rubric, workload.effective(name), name)
    if args.json:
        _emit_json(score_json(workload.rubric, result))
    else:
        from .render import print_score

        print_score(workload, result)
    return EXIT_OK


def _names(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [n.strip() for n in text.split(",") if n.strip()]


def _cmd_compare(args) -> int:
    from .core.compare import compare, compare_json
    from .core.workload import load_workload

    workload = load_workload(args.file)
    comparison = compare(workload, _names(args.profiles))
    if args.json:
        data = compare_json(workload, comparison)
        if args.diff_only:
            data["rows"] = [r for r in data["rows"] if r["differs"]]
        _emit_json(data)
    else:
        from .render import print_compare

        print_compare(workload, comparison, diff_only=args.diff_only)
    return EXIT_OK


def _cmd_validate(args) -> int:
    from .commands import validate_files

    return validate_files(args.files, strict=args.strict, as_json=args.json)


def _cmd_check(args) -> int:
    from .commands import check_level

    return check_level(args.file, args.min_level, args.profile)


def _cmd_export(args) -> int:
    from .core.export import export_json, export_markdown
    from .core.workload import atomic_write, load_workload

    workload = load_workload(args.file)
    names = _names(args.profiles)
    for n in names or []:
        workload.profile(n)
    if args.format == "json":
        text = json.dumps(export_json(workload, names), indent=2, default=str, ensure_ascii=False) + "\n"
    else:
        text = export_markdown(workload, names)
    if args.output:
        atomic_write(args.output, text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_rubric(args) -> int:
    from .core.rubric import load_rubric, resolve_rubric

    if args.rubric_command == "validate":
        rubric = load_rubric(args.file)  # raises RubricError listing every problem
        print(f"{args.file}: rubric {rubric.id} {rubric.version} is valid "
              f"({len(rubric.groups)} groups, {len(rubric.characteristics)} characteristics)")
        return EXIT_OK
    if args.rubric_command != "show":
        raise MlprofileError("say `mlprofile rubric show [FILE]` or `mlprofile rubric validate FILE`")
    rubric = resolve_rubric(args.file)
    if args.json:
        from .commands import rubric_json

        _emit_json(rubric_json(rubric))
    else:
        from .render import print_rubric

        print_rubric(rubric)
    return EXIT_OK


def _cmd_interview(args) -> int:
    try:
        from .interview import run_interview
    except ImportError:
        raise MlprofileError("the plain-terminal interview is not part of this build yet; "
                             f"use `mlprofile set {args.file} KEY=VALUE`") from None
    return run_interview(args)


def _cmd_import_aws(args) -> int:
    try:
        from .aws.cli import run_import
    except ImportError:
        raise MlprofileError("AWS import needs boto3: pip install 'mlprofile-tui[aws]'") from None
    return run_import(args)


def _cmd_quotas(args) -> int:
    try:
        from .aws.cli import run_quotas
    except ImportError:
        raise MlprofileError("the quota check needs boto3: pip install 'mlprofile-tui[aws]'") from None
    return run_quotas(args)


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
