"""What each command does: one handler a command, ``handler(args) -> exit code``, over the core.

Handlers decide what to print and which exit code a result means; the rules live in the core.
rich (``render``) and the AWS commands are imported inside the handlers that use them.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from .. import frontends
from ..core.answers import Provenance
from ..core.contradictions import contradiction_findings
from ..core.documents import INSTALL_BOTO3, INSTALL_SERVE
from ..core.editing import changes_without_rationale
from ..core.errors import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    MlprofileError,
    RubricError,
    ValueProblem,
)
from ..core.location import Location
from ..core.rubric import Rubric
from ..core.scoring import score_profile
from ..core.values import parse_answer
from ..core.workload import (
    WorkloadDocument,
    build_workload,
    load_workload,
    parse_toml,
    read_text,
)
from .output import emit_json, plural


def _names(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [n.strip() for n in text.split(",") if n.strip()]


# --------------------------------------------------------------------------- editing


def cmd_new(args: argparse.Namespace) -> int:
    from ..core.creation import create_workload

    schema = create_workload(args.file, args.name, args.owner, args.rubric, schema=args.schema)
    print(f"created {args.file} (profile 'current'); next: mlprofile interview {args.file}")
    if schema is not None:
        print(f"editors check it against {schema} (its first line, #:schema, names it)")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from ..core.rubric import resolve_rubric
    from ..core.schema import schema_text

    rubric = resolve_rubric(args.rubric)
    write_output(schema_text(rubric), args.output, source=rubric.path)
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    set_values(
        args.file,
        args.profile,
        args.assignments,
        rationale=args.rationale,
        provenance=args.provenance,
        source=args.source,
    )
    return EXIT_OK


def set_values(
    path: Location,
    profile: str | None,
    assignments: list[str],
    *,
    rationale: str | None,
    provenance: str | None,
    source: str | None,
) -> None:
    """Parse every KEY=VALUE first; write only if all of them are good (all or nothing).

    ``provenance`` (``--provenance``) wins over an approximate marker (``~400`` alone is
    estimated); measured with an approximate value is refused (MlprofileError naming the key).
    The value the profile already has, given again exactly without ``--provenance`` or
    ``--source`` (to change only its rationale), keeps its provenance, source and time.
    """
    doc = WorkloadDocument.load(path, edit=True)
    target = doc.workload.profile(profile)
    before = doc.workload.effective(target.name)
    parsed = []
    for item in assignments:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise MlprofileError(f"expected KEY=VALUE, got {item!r}", path=path)
        ch = doc.rubric.get(key) if key in doc.rubric.by_key else _unknown(doc, key, path)
        try:
            answer = parse_answer(ch, text, provenance=provenance, source=source)
        except ValueProblem as e:
            raise MlprofileError(str(e), path=path, key=key) from None
        current = before.get(key)
        if (
            provenance is None
            and source is None
            and answer.provenance == Provenance.DECLARED  # typed exactly, nothing chosen
            and current is not None
            and current.same_answer(answer)
        ):
            kept = {"provenance": current.provenance, "source": current.source, "at": current.at}
            answer = replace(answer, **kept)
        if rationale:
            answer = answer.with_rationale(rationale)
        parsed.append((key, answer))
    for key, answer in parsed:
        doc.set_answer(target.name, key, answer)
    doc.save()
    missing = {c.key for c in changes_without_rationale(doc.workload, target.name)}
    for key, _ in parsed:
        note = " (no rationale yet: add --rationale)" if key in missing else ""
        print(f"{target.name}: {key} set{note}")


def _unknown(doc: WorkloadDocument, key: str, path: Location):
    try:
        return doc.rubric.get(key)
    except MlprofileError as e:
        raise MlprofileError(e.message, path=path, key=key) from None


def cmd_branch(args: argparse.Namespace) -> int:
    doc = WorkloadDocument.load(args.file, edit=True)
    doc.branch(args.base, args.name, args.rationale)
    doc.save()
    print(
        f"created target {args.name!r} from {args.base!r}; change it with "
        f"`mlprofile set {args.file} --profile {args.name} KEY=VALUE --rationale WHY`"
    )
    return EXIT_OK


def cmd_snapshot(args: argparse.Namespace) -> int:
    doc = WorkloadDocument.load(args.file, edit=True)
    p = doc.snapshot(args.name)
    doc.save()
    print(f"kept snapshot {p.name!r} ({p.taken}) of the current state")
    return EXIT_OK


def cmd_interview(args: argparse.Namespace) -> int:
    try:
        run_interview = frontends.load(frontends.INTERVIEW)
    except ImportError:
        raise MlprofileError(
            "the plain-terminal interview is not part of this build yet; "
            f"use `mlprofile set {args.file} KEY=VALUE`"
        ) from None
    return run_interview(args)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        run_serve = frontends.load(frontends.SERVE)
    except ImportError as e:
        if (e.name or "").partition(".")[0] not in {"textual_serve", "aiohttp", "jinja2"}:
            raise
        raise MlprofileError(
            f"`mlprofile serve` needs textual-serve ({e.name} is not installed): {INSTALL_SERVE}"
        ) from None
    return run_serve(args.file, host=args.host, port=args.port, public_url=args.public_url)


# --------------------------------------------------------------------------- reading


def cmd_show(args: argparse.Namespace) -> int:
    from ..core.export import show_json

    workload = load_workload(args.file)
    if args.json:
        emit_json(show_json(workload, args.profile))
    else:
        from .render import print_show

        print_show(workload, args.profile, args.group)
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from ..core.scoring import score_json

    workload = load_workload(args.file)
    name = workload.profile(args.profile).name
    result = score_profile(workload.rubric, workload.effective(name), name)
    if args.json:
        emit_json(score_json(workload.rubric, result))
    else:
        from .render import print_score

        print_score(workload, result)
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from ..core.compare import compare, compare_json

    workload = load_workload(args.file)
    comparison = compare(workload, _names(args.profiles))
    if args.json:
        data = compare_json(workload, comparison)
        if args.diff_only:
            data["rows"] = [r for r in data["rows"] if r["differs"]]
        emit_json(data)
    else:
        from .render import print_compare

        print_compare(workload, comparison, diff_only=args.diff_only)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from ..core.export import export_document

    workload = load_workload(args.file)
    names = _names(args.profiles)
    for n in names or []:
        workload.profile(n)
    write_output(export_document(workload, args.format, names), args.output, source=args.file)
    return EXIT_OK


def write_output(text: str, output: Path | None, *, source: str | Location | None) -> None:
    """A document to standard output, or to ``output``: atomically, and never over the file
    it was made from, a workload or a read-only file (MlprofileError, exit 2)."""
    from ..core.store import atomic_write, check_output

    if output is None:
        sys.stdout.write(text)
        return
    check_output(output, source)
    atomic_write(output, text)
    print(f"wrote {output}", file=sys.stderr)


def overview(path: Location | None) -> int:
    """Instead of the app when no terminal is attached: the workload's scores and blockers."""
    from ..core.examples import bundled_examples
    from .render import print_overview

    if path is None:
        examples = bundled_examples()
        if not examples:
            raise MlprofileError("no bundled examples found; pass a workload FILE")
        path = examples[0]
    print_overview(load_workload(path))
    return EXIT_OK


# --------------------------------------------------------------------------- checking


def cmd_validate(args: argparse.Namespace) -> int:
    return validate_files(args.files, strict=args.strict, as_json=args.json)


def validate_files(paths: list[Location], *, strict: bool, as_json: bool) -> int:
    """Check every file and report each; one that cannot be read does not stop the others.

    Findings: the file's own (types, lineage, rationale) and the contradictions between each
    profile's answers that its rubric declares. A file that cannot be read (missing, not TOML,
    not a workload) gets its one ``mlprofile: error:`` line on standard error, as when it is
    the only file, and ``--json`` lists it under ``unreadable`` (a key present only then).
    Exit 2 when any file cannot be read (bad input, as for one file), else 1 when any has an
    error, else 0. With several files the human report ends with a tally line.
    """
    report: dict[str, list[dict]] = {}
    unreadable: dict[str, str] = {}
    worst = EXIT_OK
    tally = {"ok": 0, "invalid": 0}
    for path in paths:
        try:
            findings = _file_findings(path)
        except MlprofileError as e:
            unreadable[str(path)] = e.render()
            print(f"mlprofile: error: {e.render()}", file=sys.stderr)
            continue
        if strict:  # warnings become errors; notes stay information
            findings = [
                replace(f, severity="error") if f.severity == "warning" else f for f in findings
            ]
        report[str(path)] = [f.as_dict() for f in findings]
        errors = sum(1 for f in findings if f.severity == "error")
        if errors:
            worst = EXIT_FINDINGS
        tally["invalid" if errors else "ok"] += 1
        if not as_json:
            for f in findings:
                print(f.render(str(path)), file=sys.stdout)
            warnings = sum(1 for f in findings if f.severity == "warning")
            status = "ok" if not errors else "invalid"
            print(f"{path}: {status} ({plural(errors, 'error')}, {plural(warnings, 'warning')})")
    if unreadable:
        worst = EXIT_USAGE
    if as_json:
        import json

        data: dict = {"files": report, "ok": worst == EXIT_OK}
        if unreadable:  # only then: the shape of a run whose files all read is unchanged
            data["unreadable"] = unreadable
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    elif len(paths) > 1:
        cannot = f", {len(unreadable)} cannot be read" if unreadable else ""
        print(f"{len(paths)} files: {tally['ok']} ok, {tally['invalid']} invalid{cannot}")
    return worst


def _file_findings(path: Location) -> list:
    """Every finding of one workload file; MlprofileError when it cannot be read at all."""
    _, text = read_text(path)
    workload, findings = build_workload(parse_toml(text, path), path, text)
    return findings + contradiction_findings(workload, text=text)


def cmd_portfolio(args: argparse.Namespace) -> int:
    from .portfolio import run_portfolio

    return run_portfolio(args)


def cmd_check(args: argparse.Namespace) -> int:
    if args.json:
        report = {str(path): check_json(path, args.min_level, args.profile) for path in args.files}
        ok = all(r["ok"] for r in report.values())
        wanted = next(iter(report.values()))["min_level"]
        emit_json({"ok": ok, "min_level": wanted, "files": report})
        return EXIT_OK if ok else EXIT_FINDINGS
    codes = [check_level(path, args.min_level, args.profile) for path in args.files]
    return max(codes)


def check_json(path: Location, min_level: str, profile: str | None) -> dict:
    """One file's gate as ``check --json`` reports it: profile, level, label, min_level,
    ok, and the blockers below the required level (``Blocker.as_dict`` each)."""
    workload = load_workload(path)
    wanted = parse_level(workload.rubric, min_level)
    name = workload.profile(profile).name
    result = score_profile(workload.rubric, workload.effective(name), name)
    return {
        "profile": name,
        "level": result.level,
        "label": workload.rubric.level(result.level).label,
        "min_level": wanted,
        "ok": result.level >= wanted,
        "blockers": [b.as_dict() for b in _blockers_below(result, wanted)],
    }


def _blockers_below(result, wanted: int) -> list:
    return [
        b
        for g in result.groups.values()
        if g.level is not None and g.level < wanted
        for b in g.blockers
        if b.level < wanted
    ]


def parse_level(rubric: Rubric, text: str) -> int:
    """The rank ``text`` names: a rank (``3``), a level id (``L3``) or a label (``Reliable``)."""
    for lv in rubric.levels:
        if text.strip().lower() in (str(lv.rank), lv.id.lower(), lv.label.lower()):
            return lv.rank
    raise MlprofileError(
        f"--min-level {text!r} is not a level; the ladder is "
        + ", ".join(f"{lv.rank}={lv.id} {lv.label}" for lv in rubric.levels)
    )


def check_level(path: Location, min_level: str, profile: str | None) -> int:
    """The CI gate: exit 0 at or above ``min_level``, else 1 with the blockers below it."""
    workload = load_workload(path)
    wanted = parse_level(workload.rubric, min_level)
    name = workload.profile(profile).name
    result = score_profile(workload.rubric, workload.effective(name), name)
    label = workload.rubric.level(result.level).label
    if result.level >= wanted:
        print(f"{path}: {name} is L{result.level} {label} (>= L{wanted}): ok")
        return EXIT_OK
    print(f"{path}: {name} is L{result.level} {label}, below the required L{wanted}")
    for b in _blockers_below(result, wanted):
        print(f"  {b.key}: {b.distance}")
    return EXIT_FINDINGS


def cmd_completion(args: argparse.Namespace) -> int:
    """The shell's completion script (shtab), with file names completed where a command
    takes a workload or rubric file."""
    import shtab

    from .parser import build_parser

    parser = build_parser()
    _mark_files(parser, shtab.FILE)
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return EXIT_OK


def _mark_files(parser: argparse.ArgumentParser, file_kind: dict) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _mark_files(child, file_kind)
        elif action.dest in ("file", "files", "output", "workloads") or action.type is Path:
            action.complete = file_kind  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- rubrics


def cmd_docs(args: argparse.Namespace) -> int:
    from ..core.documents import document_text, documents

    if args.name is None:
        for name, path in documents().items():
            print(f"{name:<18} {path.name}")
        print("print one: mlprofile docs NAME")
        return EXIT_OK
    sys.stdout.write(document_text(args.name))
    return EXIT_OK


def cmd_rubric(args: argparse.Namespace) -> int:
    """``mlprofile rubric`` without ``show``, ``validate`` or ``docs``."""
    raise MlprofileError(
        "say `mlprofile rubric show [FILE]`, `mlprofile rubric validate FILE`, "
        "`mlprofile rubric docs [FILE]` or `mlprofile rubric export-lens [FILE]`"
    )


def cmd_rubric_show(args: argparse.Namespace) -> int:
    from ..core.rubric import resolve_rubric

    rubric = resolve_rubric(args.file)
    if args.json:
        from .output import rubric_json

        emit_json(rubric_json(rubric))
    else:
        from .render import print_rubric

        print_rubric(rubric)
    return EXIT_OK


def cmd_rubric_validate(args: argparse.Namespace) -> int:
    """Exit 1 with the rubric's problems on standard output (findings, DESIGN §6); a file that
    cannot be read as a rubric at all (missing, not TOML) is bad input, exit 2."""
    from ..core.rubric import load_rubric

    try:
        rubric = load_rubric(args.file)
    except RubricError as e:
        print(e.render())
        return EXIT_FINDINGS
    unsourced = rubric.unsourced()  # errors, not warnings, when the rubric requires sources
    if unsourced:
        one = len(unsourced) == 1
        what = "characteristic cites" if one else "characteristics cite"
        print(
            f"{args.file}: warning: {len(unsourced)} scored {what} no sources for "
            f"{'its' if one else 'their'} thresholds:"
        )
        for ch in unsourced:
            print(f"  - {ch.key} ({ch.kind})")
    warned = f", {len(unsourced)} without sources" if unsourced else ""
    print(
        f"{args.file}: rubric {rubric.id} {rubric.version} is valid "
        f"({plural(len(rubric.groups), 'group')}, "
        f"{plural(len(rubric.characteristics), 'characteristic')}{warned})"
    )
    return EXIT_OK


def cmd_rubric_docs(args: argparse.Namespace) -> int:
    from ..core.rubric import resolve_rubric
    from ..core.rubric_docs import rubric_markdown

    rubric = resolve_rubric(args.file)
    write_output(rubric_markdown(rubric), args.output, source=rubric.path)
    return EXIT_OK


# --------------------------------------------------------------------------- migrating


def cmd_migrate(args: argparse.Namespace) -> int:
    from ..core.migration import migrate_file

    result = migrate_file(args.file, args.to, dry_run=args.dry_run)
    if args.json:
        emit_json(result.as_dict())
        return EXIT_OK
    if result.source == result.target:
        print(f"{args.file}: already at rubric version {result.target}; nothing to do")
        return EXIT_OK
    for c in result.changes:
        if c.action == "rename":
            what = f"{c.key} renamed to {c.new}"
        elif c.action == "rechoice":
            what = f"{c.key}: {c.old} is now {c.new}"
        else:
            what = f"{c.key} retired (was {c.old}); answer dropped"
        print(f"{c.profile}: {what}")
    if not result.changes:
        print("no answer changes")
    for name, (before, after) in result.levels.items():
        moved = "unchanged" if before == after else ("up" if after > before else "down")
        print(f"{name}: L{before} -> L{after} ({moved})")
    if result.new_keys:
        shown = ", ".join(result.new_keys[:6]) + (", ..." if len(result.new_keys) > 6 else "")
        print(
            f"{result.target} asks {len(result.new_keys)} new questions, unanswered until "
            f"someone answers them (mlprofile interview, or the app): {shown}"
        )
    verb = "would move" if args.dry_run else "moved"
    tail = "; nothing written (dry run)" if args.dry_run else ""
    print(f"{args.file}: {verb} from rubric {result.source} to {result.target}{tail}")
    return EXIT_OK


# --------------------------------------------------------------------------- AWS


def cmd_import_aws(args: argparse.Namespace) -> int:
    try:
        from .aws_commands import run_import
    except ImportError:
        raise MlprofileError(f"AWS import needs boto3; {INSTALL_BOTO3}") from None
    return run_import(args)


def cmd_quotas(args: argparse.Namespace) -> int:
    try:
        from .aws_commands import run_quotas
    except ImportError:
        raise MlprofileError(f"the quota check needs boto3; {INSTALL_BOTO3}") from None
    return run_quotas(args)
