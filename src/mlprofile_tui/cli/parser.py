"""The ``mlprofile`` argument parser (DESIGN.md §6): every command, option and help text.

The command line is a contract (scripts and tests depend on it). Each subcommand names its
handler with ``set_defaults(handler=...)``; ``entry.main`` calls it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.errors import MlprofileError
from ..core.location import Location

COMMANDS = (
    "new",
    "show",
    "set",
    "branch",
    "snapshot",
    "score",
    "compare",
    "validate",
    "check",
    "export",
    "rubric",
    "interview",
    "import-aws",
    "quotas",
    "migrate",
    "portfolio",
    "schema",
    "completion",
    "push-wa",
    "docs",
    "serve",
)
FILE_HELP = "a workload file, or an object in S3: s3://bucket/key.mlprofile.toml"


class _Formatter(argparse.HelpFormatter):
    """argparse's wrapping, but paragraphs (blank-line separated) stay apart and an
    ``example:`` line is never wrapped, so it can be copied into a shell as it is."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        fill = super()._fill_text
        parts = text.split("\n\n")
        return "\n\n".join(
            indent + p if p.startswith(EXAMPLE) else fill(p, width, indent) for p in parts
        )


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with one line instead of a usage dump."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise MlprofileError(f"{message} (see `{self.prog} --help`)")


def workload_location(text: str) -> Location:
    """A FILE argument: a local path, or ``s3://bucket/key.mlprofile.toml`` (an object in the
    shared store; its transport, and boto3, load only then)."""
    if "://" not in text:
        return Path(text)
    from ..aws.locations import workload_location as location

    return location(text)


def _profile_arg(
    p: argparse.ArgumentParser, help_text: str = "profile to use (default: current)"
) -> None:
    p.add_argument("--profile", "-p", metavar="P", help=help_text)


def build_parser() -> argparse.ArgumentParser:
    # Here, not at the top: `mlprofile FILE` opens the app without parsing, and the handlers'
    # imports would only delay it.
    from . import handlers, wa_commands

    parser = _Parser(
        prog="mlprofile",
        description=(
            "Capture, score and compare ML workload profiles (AWS Well-Architected ML Lens, "
            "MLOE-05 / MLOPS02-BP02). Without a command, opens the app; `mlprofile FILE` opens "
            "that workload; `mlprofile --example NAME` opens your copy of a bundled example "
            "(in the data folder's examples/, edits kept; --fresh starts it again)."
        ),
        epilog=(
            "Exit codes: 0 success, 1 findings (validation errors, check below level), "
            "2 bad usage or input."
        ),
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"mlprofile {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("new", help="create a workload with an empty current snapshot")
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    p.add_argument("--name", required=True, help="the workload's name")
    p.add_argument("--owner", default="", help="team or person who owns the workload")
    p.add_argument(
        "--rubric", default=None, help="built-in rubric id or a rubric file (default: mloe-05)"
    )
    p.add_argument(
        "--no-schema",
        dest="schema",
        action="store_false",
        help="write no #:schema directive and no schema file beside the workload",
    )
    p.set_defaults(handler=handlers.cmd_new)

    p = sub.add_parser("show", help="effective values of a profile")
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    _profile_arg(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--group", "-g", help="only this group")
    p.set_defaults(handler=handlers.cmd_show)

    p = sub.add_parser(
        "set", help="set values: KEY=VALUE (1.2GB, 250ms, enum ids, true, unknown, n/a:REASON)"
    )
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    p.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    _profile_arg(p)
    p.add_argument(
        "--rationale", "-r", help="why (required in spirit for every change in a target)"
    )
    p.add_argument(
        "--provenance",
        choices=("declared", "estimated", "measured"),
        default=None,
        help="where the values come from (default: declared; estimated for a number written "
        "approximately, e.g. ~400, about 1.2GB, 250ms-ish)",
    )
    p.add_argument("--source", help="evidence: a document, dashboard or ARN")
    p.set_defaults(handler=handlers.cmd_set)

    p = sub.add_parser("branch", help="create a target profile from another profile")
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    p.add_argument(
        "--from", dest="base", required=True, metavar="P", help="the profile to branch from"
    )
    p.add_argument("--name", required=True, help="the new target's name")
    p.add_argument("--rationale", required=True, help="why this target is worth aiming for")
    p.set_defaults(handler=handlers.cmd_branch)

    p = sub.add_parser("snapshot", help="keep a dated copy of the current state")
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    p.add_argument("--name", help="the snapshot's name (default: snapshot-YYYY-MM-DD)")
    p.set_defaults(handler=handlers.cmd_snapshot)

    p = sub.add_parser("score", help="levels, score, completeness, optimistic level, blockers")
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    _profile_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=handlers.cmd_score)

    p = sub.add_parser("compare", help="profiles side by side with level deltas and rationale")
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    p.add_argument("--profiles", help="comma-separated names (default: current and every target)")
    p.add_argument("--diff-only", action="store_true", help="only rows that differ")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=handlers.cmd_compare)

    p = sub.add_parser(
        "validate",
        help="check workload files: errors exit 1, warnings are advice",
        description="Check every FILE and report each one: its errors, warnings and notes "
        "(file, line, key), then a summary line. A file that cannot be read (not TOML, not a "
        "workload, missing) is reported on standard error and the other files are still "
        "checked.",
        epilog="Exit codes: 0 every file is valid; 1 some file has errors (warnings too with "
        "--strict); 2 some file cannot be read (the others are reported all the same). "
        '--json: {"files": {FILE: [finding]}, "ok"}, and "unreadable": {FILE: message} when '
        "some file cannot be read.",
    )
    p.add_argument("files", nargs="+", type=workload_location, metavar="FILE", help=FILE_HELP)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=handlers.cmd_validate)

    p = sub.add_parser(
        "check",
        help="CI gate: exit 1 when the profile is below a level",
        epilog="Exit codes: 0 every file at or above the level; 1 some file below it; 2 bad input.",
    )
    p.add_argument("files", nargs="+", type=workload_location, metavar="FILE", help=FILE_HELP)
    p.add_argument("--min-level", required=True, metavar="N", help="a rank (3) or level id (L3)")
    _profile_arg(p)
    p.add_argument(
        "--json",
        action="store_true",
        help='{"ok", "min_level", "files": {FILE: {"profile", "level", "label", "ok", '
        '"blockers": [{"key", "level", "needs", "state", "distance"}]}}}',
    )
    p.set_defaults(handler=handlers.cmd_check)

    p = sub.add_parser("export", help="the profile document, rationale included")
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    p.add_argument("--format", "-f", required=True, choices=("markdown", "json", "html"))
    p.add_argument("--profiles", help="comma-separated names (default: all)")
    p.add_argument("--output", "-o", type=Path, help="write here instead of standard output")
    p.set_defaults(handler=handlers.cmd_export)

    p = sub.add_parser("rubric", help="inspect, check or document a rubric")
    rsub = p.add_subparsers(
        dest="rubric_command", metavar="show|validate|docs|export-lens", parser_class=_Parser
    )
    rs = rsub.add_parser(
        "show", help="groups, characteristics, questions, thresholds and their sources"
    )
    rs.set_defaults(handler=handlers.cmd_rubric_show)
    rs.add_argument("file", nargs="?", help="rubric file or built-in id (default: mloe-05)")
    rs.add_argument("--json", action="store_true")
    rv = rsub.add_parser(
        "validate",
        help="list every problem in a rubric file",
        description="Check a rubric file and list every problem with its key (exit 2). Scored "
        "characteristics without sources are warnings, or errors in a rubric that sets "
        "require_sources = true.",
    )
    rv.set_defaults(handler=handlers.cmd_rubric_validate)
    rv.add_argument("file")
    rd = rsub.add_parser(
        "docs",
        help="the rubric as markdown (docs/rubric.md): questions, thresholds, sources",
        description="Write the rubric as a markdown reference: levels, and per group each "
        "characteristic's question, type and unit, weight, gating, choices with levels or "
        "thresholds per level with direction, and the sources of those thresholds. "
        "docs/rubric.md is this command's output for the built-in rubric (a test checks it).",
    )
    rd.set_defaults(handler=handlers.cmd_rubric_docs)
    rd.add_argument("file", nargs="?", help="rubric file or built-in id (default: mloe-05)")
    rd.add_argument("--output", "-o", type=Path, help="write here instead of standard output")
    wa_commands.add_export_lens(rsub)
    p.set_defaults(handler=handlers.cmd_rubric)

    p = sub.add_parser(
        "migrate",
        help="move a workload to a newer version of its rubric through its declared mapping",
        description="Move every profile's answers to a newer version of the workload's rubric "
        "through the mapping that version declares ([[migrations]]: renamed keys, re-mapped "
        "choices, retired keys), set [rubric] version, check the result reads and validates "
        "with the new version, and save it (comments and layout kept). Prints each change and "
        "the level change it causes per profile. Files of older versions keep working without "
        "it; `validate` says when a newer version exists.",
        epilog="Exit codes: 0 migrated, or nothing to do; 2 bad input (unknown version, no "
        "declared path from the file's version, a result that does not validate): nothing "
        "written.",
    )
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    p.add_argument(
        "--to", metavar="VERSION", help="the rubric version to move to (default: the newest)"
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    p.add_argument(
        "--json",
        action="store_true",
        help='{"file", "from", "to", "changes": [{"profile", "key", "action", "old", "new"}], '
        '"levels": {PROFILE: {"before", "after"}}, "written"}',
    )
    p.set_defaults(handler=handlers.cmd_migrate)

    p = sub.add_parser(
        "portfolio",
        help="score every workload under folders or files: table, JSON or CSV",
        description="Score every workload that the PATHs name: a folder (searched at any depth "
        "for *.mlprofile.toml), a file, or s3://bucket/prefix/ (every *.mlprofile.toml object "
        "under it, read concurrently; credentials as boto3 finds them). Files are scored in "
        "parallel on the machine's cores, sorted by path. A file that cannot be read or scored "
        "is one entry with its error (file, line, key); the others are still scored. "
        "Prints a table with each workload's overall and group levels, completeness and targets, "
        "then how many are at each level and the most common blockers.",
        epilog="Exit codes: 0 every workload scored (and at or above --min-level); 1 some "
        "workload is below --min-level or some file has an error; 2 bad usage (a PATH that "
        'names no workload, a bad option). --json: {"workloads": [{"path", "name", "owner", '
        '"profile", "overall": {"level", "label", "score", "completeness", "optimistic_level"}, '
        '"groups": {GROUP: LEVEL}, "blockers": [...], "error"}], "summary": {"count", "errors", '
        '"levels": {LEVEL: N}, "top_blockers": [{"key", "count"}]}}.',
    )
    # str, not Path: Path("s3://bucket/p") would fold the URL's double slash
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="folder, workload file or s3://bucket/prefix/"
    )
    _profile_arg(
        p,
        "profile to score in every workload (default: current); a workload without it is an "
        "entry with an error",
    )
    p.add_argument(
        "--min-level",
        metavar="N",
        help="exit 1 when a workload is below: a rank (3), level id (L3) or label (Reliable)",
    )
    p.add_argument(
        "--owner",
        action="append",
        metavar="O",
        help="only workloads of this owner, ignoring case (repeatable); files too broken to "
        "say their owner are kept",
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="machine-readable output (see below)")
    out.add_argument(
        "--csv",
        action="store_true",
        help="one row a workload; columns path, name, owner, profile, level, level_id, label, "
        "score, completeness, optimistic_level, targets, blockers, error, then group:ID a group",
    )
    p.set_defaults(handler=handlers.cmd_portfolio)

    p = sub.add_parser("interview", help="plain-terminal guided interview")
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    _profile_arg(p)
    p.add_argument("--group", "-g", help="only this group")
    p.add_argument("--all", action="store_true", help="ask answered questions too")
    p.add_argument("--save-each-group", action="store_true", help="write after every group")
    p.set_defaults(handler=handlers.cmd_interview)

    p = sub.add_parser(
        "import-aws",
        help="pre-fill from a live AWS account (read-only)",
        description="Read SageMaker endpoints (config, models, S3 artefacts, "
        "CloudWatch metrics, auto scaling) and set the characteristics they answer, "
        "each marked imported with its source. Only Describe/List/Get/Head calls; "
        "least-privilege policy: `mlprofile docs iam-policy`.",
        epilog="Exit codes: 0 imported; 1 some calls failed (what is missing is "
        "listed, the rest is imported); 2 bad input or no usable credentials.",
    )
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    p.add_argument(
        "--endpoint",
        action="append",
        required=True,
        metavar="NAME",
        help="SageMaker endpoint of this workload (repeat for several)",
    )
    p.add_argument("--region", help="AWS Region (default: AWS_REGION or the profile's region)")
    p.add_argument("--aws-profile", metavar="P", help="named AWS profile (default: environment)")
    _profile_arg(p)
    p.add_argument(
        "--days",
        type=int,
        default=14,
        help="CloudWatch look-back for traffic, latency and cold start (default: 14)",
    )
    p.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    p.add_argument(
        "--json",
        action="store_true",
        help='{"values": {KEY: {value, source, old}}, "skipped": {KEY: reason}}',
    )
    p.add_argument(
        "--environment",
        metavar="ENV",
        help="environment of the provisioning-matrix rows read, one the rubric lists "
        "(default: the rubric's last, production in the built-in rubric)",
    )
    p.set_defaults(handler=handlers.cmd_import_aws)

    p = sub.add_parser(
        "quotas",
        help="the provisioning matrix against the account's service quotas",
        description="Sum the provisioning matrix per Region, workload and instance "
        "type and compare it with the account's applied SageMaker quota (or the AWS "
        "default where none was applied), e.g. 'ml.m5.xlarge for endpoint usage'. Rows "
        "that name another AWS account than the credentials' are skipped and counted.",
        epilog="Exit codes: 0 every row fits; 1 a shortfall, or a quota that could "
        "not be read; 2 bad input or no usable credentials.",
    )
    p.add_argument("file", type=workload_location, help=FILE_HELP)
    _profile_arg(p)
    p.add_argument("--aws-profile", metavar="P", help="named AWS profile (default: environment)")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--environment",
        action="append",
        metavar="ENV",
        help="only this environment's rows (repeatable; default: all, summed)",
    )
    p.set_defaults(handler=handlers.cmd_quotas)

    wa_commands.add_push_wa(sub)
    _add_schema(sub)
    _add_completion(sub)
    _add_docs(sub)
    _add_serve(sub)
    add_examples(parser)
    return parser


EXAMPLE = "example: "
EXAMPLES = {
    "": "mlprofile new fraud.mlprofile.toml --name 'Card fraud scorer'",
    "new": "mlprofile new fraud.mlprofile.toml --name 'Card fraud scorer' --owner payments",
    "show": "mlprofile show fraud.mlprofile.toml --profile graviton --group traffic",
    "set": "mlprofile set fraud.mlprofile.toml traffic.p95_latency_ms=38ms --provenance measured",
    "branch": "mlprofile branch fraud.mlprofile.toml --from current --name graviton "
    "--rationale 'arm64 is ~17 % cheaper'",
    "snapshot": "mlprofile snapshot fraud.mlprofile.toml",
    "score": "mlprofile score fraud.mlprofile.toml --json",
    "compare": "mlprofile compare fraud.mlprofile.toml --profiles current,graviton --diff-only",
    "validate": "mlprofile validate --strict services/*.mlprofile.toml",
    "check": "mlprofile check --min-level L3 services/*.mlprofile.toml",
    "export": "mlprofile export fraud.mlprofile.toml --format html -o fraud.html",
    "rubric": "mlprofile rubric show mloe-05",
    "rubric show": "mlprofile rubric show mloe-05 --json",
    "rubric validate": "mlprofile rubric validate team.rubric.toml",
    "rubric docs": "mlprofile rubric docs mloe-05 -o docs/rubric.md",
    "rubric export-lens": "mlprofile rubric export-lens mloe-05 -o mloe-05.lens.json",
    "interview": "mlprofile interview fraud.mlprofile.toml --group traffic",
    "import-aws": "mlprofile import-aws fraud.mlprofile.toml --endpoint fraud-prod --dry-run",
    "quotas": "mlprofile quotas fraud.mlprofile.toml --environment production",
    "migrate": "mlprofile migrate fraud.mlprofile.toml --dry-run",
    "push-wa": "mlprofile push-wa fraud.mlprofile.toml --environment PRODUCTION --dry-run --json",
    "portfolio": "mlprofile portfolio services/ s3://ml-profiles/team-a/ --min-level L2 --csv",
    "schema": "mlprofile schema -o mloe-05-1.1.0.schema.json",
    "docs": "mlprofile docs iam-policy > mlprofile-import-policy.json",
    "serve": "mlprofile serve fraud.mlprofile.toml --port 8000",
    "completion": "mlprofile completion bash > ~/.local/share/bash-completion/completions/"
    "mlprofile",
}
"""One example line a command, keyed by the command's words ("" for mlprofile itself): the
last line of its ``--help`` (a test parses each with this parser)."""


def add_examples(parser: argparse.ArgumentParser, words: str = "") -> None:
    """Append each command's ``EXAMPLES`` line to its epilog, walking every subcommand."""
    example = EXAMPLES.get(words)
    if example is not None:
        parser.epilog = (parser.epilog + "\n\n" if parser.epilog else "") + EXAMPLE + example
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                add_examples(child, f"{words} {name}".strip())


def _add_docs(sub) -> None:
    p = sub.add_parser(
        "docs",
        help="print a document shipped with mlprofile (format, iam-policy, ci, ...)",
        description="Print one of the documents the tool ships and points at: the file "
        "format, the least-privilege IAM policies, CI and pre-commit, the rubric reference. "
        "Without a name, lists them.",
    )
    p.add_argument("name", nargs="?", help="a document's name, e.g. format or iam-policy")
    from . import handlers

    p.set_defaults(handler=handlers.cmd_docs)


def _add_completion(sub) -> None:
    p = sub.add_parser(
        "completion",
        help="shell completion script for bash, zsh or fish (shtab)",
        description="Print a completion script for the shell. bash: save it as "
        "~/.local/share/bash-completion/completions/mlprofile; zsh: as _mlprofile in a "
        "folder of $fpath; fish: as ~/.config/fish/completions/mlprofile.fish.",
    )
    p.add_argument("shell", choices=("bash", "zsh", "fish"))
    from . import handlers

    p.set_defaults(handler=handlers.cmd_completion)


def _add_schema(sub) -> None:
    p = sub.add_parser(
        "schema",
        help="JSON Schema of the workload file, for editors (taplo) and pre-commit",
        description="Write the JSON Schema (draft 7, readable by draft-4 tools such as taplo) "
        "of a workload file scored by a rubric: every characteristic key, its type, choices, "
        "range and units, answer states, provenance and rationale, profiles and the "
        "provisioning matrix. Point a file at it with a first line `#:schema ./FILE` "
        "(`mlprofile new` does both).",
    )
    p.add_argument(
        "--rubric", default=None, help="built-in rubric id or a rubric file (default: mloe-05)"
    )
    p.add_argument("--output", "-o", type=Path, help="write here instead of standard output")
    from . import handlers

    p.set_defaults(handler=handlers.cmd_schema)


def _add_serve(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="the app in a browser (textual-serve), token-protected",
        description="Serve the app over HTTP: every browser tab that opens the printed link runs "
        "the app on FILE (or the start screen) as its own process, with the same lock and "
        "save-conflict rules as two terminals. The link carries a random access token; requests "
        "without it get 403. Exports (F10) arrive as browser downloads. Needs the serve extra: "
        "pip install -e '.[serve]' in a checkout (pipx: pipx inject mlprofile-tui textual-serve "
        "aiohttp).",
        epilog="Listens on 127.0.0.1 unless --host says otherwise (with a warning: the app "
        "edits files as you, over plain HTTP). Stop with Ctrl+C.",
    )
    p.add_argument("file", nargs="?", type=workload_location, help=FILE_HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port to listen on; 0 picks a free one (default: 8000)",
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, behind a proxy (default: http://HOST:PORT)",
    )
    from . import handlers

    p.set_defaults(handler=handlers.cmd_serve)
