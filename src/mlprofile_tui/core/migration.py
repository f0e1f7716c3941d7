"""Moving a workload file to a newer version of its rubric (``mlprofile migrate``).

A newer rubric declares how a file of an older version becomes one of its own
(``[[migrations]] from = "1.0.0"`` with ``rename``, ``choices`` and ``retire``; see
``rubric.Migration``). Versions without a direct mapping are reached step by step through the
versions in between. Every profile's own answers are moved (dated snapshots too: the whole file
must read with the new version), the result is read and checked with the new rubric, and each
profile is scored before and after so the level change the new rubric causes is on record.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .answers import Answer, State
from .document import WorkloadDocument
from .errors import MlprofileError
from .loading import rubric_and_newest
from .location import Location, ObjectLocation
from .rubric import Migration, Rubric, load_rubric, rubric_versions, version_key
from .scoring import score_profile

RENAME, RECHOICE, RETIRE = "rename", "rechoice", "retire"


@dataclass(frozen=True)
class AnswerChange:
    """One change to one profile's own answer.

    ``key`` is the key before the change. ``old``/``new``: for a rename the old and new key,
    for a re-mapped choice the old and new value, for a retired answer its value (or state)
    and None.
    """

    profile: str
    key: str
    action: str  # RENAME, RECHOICE or RETIRE
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "key": self.key,
            "action": self.action,
            "old": self.old,
            "new": self.new,
        }


@dataclass
class MigrationResult:
    """What ``migrate`` did (or, dry run, would do). ``levels``: profile -> (before, after)
    overall level ranks."""

    path: Location
    source: str
    target: str
    changes: list[AnswerChange] = field(default_factory=list)
    levels: dict[str, tuple[int, int]] = field(default_factory=dict)
    written: bool = False
    # keys the newer version asks that the older one had no answer place for, in rubric
    # order: unanswered after the move, they are why a level may fall
    new_keys: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The ``migrate --json`` shape (a contract)."""
        return {
            "file": str(self.path),
            "from": self.source,
            "to": self.target,
            "changes": [c.as_dict() for c in self.changes],
            "levels": {p: {"before": b, "after": a} for p, (b, a) in self.levels.items()},
            "written": self.written,
            "new_keys": list(self.new_keys),
        }


def migrate_file(
    path: str | Location, to: str | None = None, *, dry_run: bool = False
) -> MigrationResult:
    """Move the workload at ``path`` to version ``to`` of its rubric (default: the newest).

    Saves (locked, checked) unless ``dry_run`` or there is nothing to do. Raises MlprofileError
    (exit 2, nothing written) for an unknown version, no declared path from the file's version,
    or a result that does not load with the new version.
    """
    path = path if isinstance(path, ObjectLocation) else Path(path)
    doc = WorkloadDocument.load(path, edit=True)
    old = doc.rubric
    _, newest = rubric_and_newest(doc.plain, path)
    versions = rubric_versions(newest)
    target = to or newest.version
    if target not in versions:
        raise MlprofileError(
            f"rubric {old.id} has no version {target!r}; versions: {', '.join(versions)}",
            path=path,
        )
    result = MigrationResult(path, old.version, target)
    if target == old.version:
        return result
    steps = migration_path(versions, old.version, target)
    before = _levels(doc)
    answers: dict[str, dict[str, Answer]] = {
        name: dict(p.values) for name, p in doc.workload.profiles.items()
    }
    rubric = old
    for migration, new_rubric in steps:
        _check_mapping(migration, rubric, new_rubric, path)
        for name in answers:
            answers[name] = apply_migration(migration, name, answers[name], result.changes)
        rubric = new_rubric
    edits: dict[str, dict[str, Answer | None]] = {}
    for name, p in doc.workload.profiles.items():
        own = edits.setdefault(name, {})
        for key in p.values:
            if key not in answers[name]:
                own[key] = None
        for key, answer in answers[name].items():
            if p.values.get(key) != answer:
                own[key] = answer
    try:
        doc.move_to_rubric(rubric, edits)
    except MlprofileError as e:
        raise MlprofileError(
            f"after migrating to {rubric.id} {rubric.version} the file would not load: "
            f"{e.message}; nothing was written",
            path=path,
            key=e.key,
        ) from None
    after = _levels(doc)
    result.levels = {name: (before[name], after[name]) for name in before}
    renamed_to = {new for m, _ in steps for new in m.rename.values()}
    result.new_keys = [k for k in rubric.by_key if k not in old.by_key and k not in renamed_to]
    if not dry_run:
        doc.save()
        result.written = True
    return result


def migration_path(
    versions: dict[str, Path], source: str, target: str
) -> list[tuple[Migration, Rubric]]:
    """The declared steps from version ``source`` to ``target``: each step's mapping and the
    rubric it leads to (fewest steps first). MlprofileError when no declared path exists."""
    newest = list(versions)[-1]  # rubric_versions: the older ones, then the newest
    rubrics = {v: load_rubric(p, archived=v != newest) for v, p in versions.items()}
    came_from: dict[str, tuple[str, Migration]] = {}
    queue = deque([source])
    seen = {source}
    while queue:
        at = queue.popleft()
        if at == target:
            break
        for v in sorted(rubrics, key=version_key):
            m = rubrics[v].migration_from(at)
            if m is not None and v not in seen:
                seen.add(v)
                came_from[v] = (at, m)
                queue.append(v)
    if target not in seen:
        declared = [f"{m.source} -> {v}" for v, r in rubrics.items() for m in r.migrations] or [
            "none"
        ]
        raise MlprofileError(
            f"no declared migration from {source} to {target}; mappings: {', '.join(declared)}"
        )
    steps: list[tuple[Migration, Rubric]] = []
    at = target
    while at != source:
        prev, m = came_from[at]
        steps.append((m, rubrics[at]))
        at = prev
    return steps[::-1]


def apply_migration(
    migration: Migration, profile: str, values: dict[str, Answer], changes: list[AnswerChange]
) -> dict[str, Answer]:
    """``values`` (one profile's own answers, in file order) moved by ``migration``; each
    change is appended to ``changes``."""
    out: dict[str, Answer] = {}
    for key, answer in values.items():
        if key in migration.retire:
            changes.append(AnswerChange(profile, key, RETIRE, _shown(answer), None))
            continue
        new_key = migration.rename.get(key, key)
        if new_key != key:
            changes.append(AnswerChange(profile, key, RENAME, key, new_key))
        remap = migration.choices.get(new_key)
        if remap and answer.state is State.VALUE:
            value = answer.value
            if isinstance(value, list):
                moved = [m for m in dict.fromkeys(remap.get(v, v) for v in value) if m != ""]
            else:
                moved = remap.get(value, value)
            if moved != value:
                changes.append(AnswerChange(profile, new_key, RECHOICE, value, moved))
                answer = replace(answer, value=moved)
        out[new_key] = answer
    return out


def _check_mapping(migration: Migration, old: Rubric, new: Rubric, path: Location) -> None:
    """The older version's side of a mapping: the keys it moves must be that version's."""
    unknown = [k for k in (*migration.rename, *migration.retire) if k not in old.by_key]
    if unknown:
        raise MlprofileError(
            f"rubric {new.id} {new.version}'s migration from {old.version} names "
            f"{', '.join(unknown)}, which {old.version} does not have; nothing was written",
            path=path,
        )


def _shown(answer: Answer) -> Any:
    return answer.value if answer.state is State.VALUE else answer.state.value


def _levels(doc: WorkloadDocument) -> dict[str, int]:
    workload = doc.workload
    effective = workload.effective_many(workload.profiles)
    return {
        name: score_profile(workload.rubric, effective[name], name).level
        for name in workload.profiles
    }
