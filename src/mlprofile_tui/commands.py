"""What the CLI commands do beyond parsing: each one a small function over the core."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .core.answers import State
from .core.creation import create_workload as new_workload  # noqa: F401  (the CLI's `new`)
from .core.errors import EXIT_FINDINGS, EXIT_OK, MlprofileError, ValueProblem
from .core.examples import bundled_examples, example_copy  # noqa: F401  (the CLI's --example)
from .core.rubric import Rubric
from .core.scoring import score_profile
from .core.values import parse_answer
from .core.workload import (
    Finding,
    WorkloadDocument,
    build_workload,
    parse_toml,
    read_text,
)


def set_values(path: Path, profile: str | None, assignments: list[str], *, rationale: str | None,
               provenance: str, source: str | None) -> None:
    """Parse every KEY=VALUE first; write only if all of them are good (all or nothing)."""
    from dataclasses import replace

    doc = WorkloadDocument.load(path, edit=True)
    target = doc.workload.profile(profile)
    parsed = []
    for item in assignments:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise MlprofileError(f"expected KEY=VALUE, got {item!r}", path=path)
        ch = doc.rubric.get(key) if key in doc.rubric.by_key else _unknown(doc, key, path)
        try:
            answer = parse_answer(ch, text)
        except ValueProblem as e:
            raise MlprofileError(str(e), path=path, key=key) from None
        if answer.state is State.VALUE:
            answer = replace(answer, provenance=provenance, source=source)
        if rationale:
            answer = answer.with_rationale(rationale)
        parsed.append((key, answer))
    for key, answer in parsed:
        doc.set_answer(target.name, key, answer)
    doc.save()
    missing = [k for k, _b, own in doc.workload.changes(target.name) if not own.rationale] \
        if target.is_target else []
    for key, _ in parsed:
        note = " (no rationale yet: add --rationale)" if key in missing else ""
        print(f"{target.name}: {key} set{note}")


def _unknown(doc: WorkloadDocument, key: str, path: Path):
    try:
        return doc.rubric.get(key)
    except MlprofileError as e:
        raise MlprofileError(e.message, path=path, key=key) from None


def validate_files(paths: list[Path], *, strict: bool, as_json: bool) -> int:
    """Errors exit 1; unreadable files (not TOML, not a workload) are bad input and exit 2."""
    report: dict[str, list[dict]] = {}
    worst = EXIT_OK
    for path in paths:
        _, text = read_text(path)
        _, findings = build_workload(parse_toml(text, path), path, text)
        if strict:
            findings = [Finding("error", f.message, f.key, f.line) for f in findings]
        report[str(path)] = [f.__dict__ for f in findings]
        if any(f.severity == "error" for f in findings):
            worst = EXIT_FINDINGS
        if not as_json:
            for f in findings:
                print(f.render(str(path)), file=sys.stdout)
            errors = sum(1 for f in findings if f.severity == "error")
            warnings = len(findings) - errors
            status = "ok" if not errors else "invalid"
            print(f"{path}: {status} ({errors} errors, {warnings} warnings)")
    if as_json:
        sys.stdout.write(json.dumps({"files": report, "ok": worst == EXIT_OK}, indent=2) + "\n")
    return worst


def parse_level(rubric: Rubric, text: str) -> int:
    for lv in rubric.levels:
        if text.strip().lower() in (str(lv.rank), lv.id.lower(), lv.label.lower()):
            return lv.rank
    raise MlprofileError(f"--min-level {text!r} is not a level; the ladder is "
                         + ", ".join(f"{lv.rank}={lv.id} {lv.label}" for lv in rubric.levels))


def check_level(path: Path, min_level: str, profile: str | None) -> int:
    from .core.workload import load_workload

    workload = load_workload(path)
    wanted = parse_level(workload.rubric, min_level)
    name = workload.profile(profile).name
    result = score_profile(workload.rubric, workload.effective(name), name)
    label = workload.rubric.level(result.level).label
    if result.level >= wanted:
        print(f"{path}: {name} is L{result.level} {label} (>= L{wanted}): ok")
        return EXIT_OK
    print(f"{path}: {name} is L{result.level} {label}, below the required L{wanted}")
    for g in result.groups.values():
        if g.level is not None and g.level < wanted:
            for b in g.blockers:
                if b.level < wanted:
                    print(f"  {b.key}: {b.distance}")
    return EXIT_FINDINGS


def rubric_json(rubric: Rubric) -> dict:
    """The shape of ``rubric show --json`` (a contract), plus scoring details."""
    return {
        "id": rubric.id,
        "version": rubric.version,
        "title": rubric.title,
        "practices": list(rubric.practices),
        "levels": [{"rank": lv.rank, "id": lv.id, "label": lv.label, "description": lv.description}
                   for lv in rubric.levels],
        "groups": [
            {
                "id": g.id,
                "title": g.title,
                "characteristics": [
                    {
                        "id": c.id, "key": c.key, "question": c.question, "help": c.help.strip(),
                        "type": c.type, "kind": c.kind, "unit": c.unit or None,
                        "choices": [{"id": ch.id, "label": ch.label, "level": ch.level} for ch in c.choices]
                        or None,
                        "weight": c.weight, "gating": c.gating, "na_allowed": c.na_allowed,
                        "practices": list(c.practices),
                        "direction": c.direction,
                        "thresholds": {f"L{r}": b for r, b in c.thresholds} or None,
                        "requirement": c.requirement,
                        "aws": c.aws or None,
                    }
                    for c in g.characteristics
                ],
            }
            for g in rubric.groups
        ],
    }


def overview(path: Path | None) -> int:
    """Until a terminal app opens here: the workload's scores and what blocks the next level."""
    from .core.workload import load_workload
    from .render import print_overview

    if path is None:
        examples = bundled_examples()
        if not examples:
            raise MlprofileError("no bundled examples found; pass a workload FILE")
        path = examples[0]
    print_overview(load_workload(path))
    return EXIT_OK
