"""The workload file (``*.mlprofile.toml``): profiles, snapshots, targets and their answers.

Reads build a plain model (``Workload``) from the standard library's tomllib. Edits go through
a tomlkit document kept beside it, so comments, key order, formatting and keys this tool does
not know survive, and an edit changes only the lines it must. Saves are atomic and refuse to
overwrite a file that changed on disk since it was loaded.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .answers import UNANSWERED, Answer, Provenance, State
from .errors import ConflictError, MlprofileError, ValueProblem
from .rubric import Rubric, resolve_rubric
from .values import check_value

FORMAT_VERSION = 1
SNAPSHOT = "snapshot"
TARGET = "target"
CURRENT = "current"
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_ANSWER_KEYS = {"state", "value", "provenance", "source", "at", "reason", "rationale"}


@dataclass(frozen=True)
class Finding:
    """One thing ``validate`` reports. Errors make a file unusable; warnings are advice."""

    severity: str  # "error" | "warning"
    message: str
    key: str | None = None
    line: int | None = None

    def render(self, path: str) -> str:
        where = f"{path}:{self.line}" if self.line else path
        key = f"{self.key}: " if self.key else ""
        return f"{where}: {self.severity}: {key}{self.message}"


@dataclass
class Profile:
    name: str
    kind: str  # SNAPSHOT or TARGET
    values: dict[str, Answer] = field(default_factory=dict)  # this profile's own answers
    based_on: str | None = None
    taken: str | None = None
    rationale: str | None = None
    description: str = ""

    @property
    def is_target(self) -> bool:
        return self.kind == TARGET


@dataclass
class Workload:
    path: Path
    rubric: Rubric
    name: str
    owner: str = ""
    notes: str = ""
    profiles: dict[str, Profile] = field(default_factory=dict)

    def profile(self, name: str | None) -> Profile:
        name = name or self.default_profile()
        try:
            return self.profiles[name]
        except KeyError:
            raise MlprofileError(
                f"no profile {name!r}; profiles: {', '.join(self.profiles) or 'none'}",
                path=self.path,
            ) from None

    def default_profile(self) -> str:
        """``current`` when there is one, else the newest snapshot."""
        if CURRENT in self.profiles:
            return CURRENT
        snaps = self.snapshots()
        if snaps:
            return snaps[-1].name
        if self.profiles:
            return next(iter(self.profiles))
        raise MlprofileError("the workload has no profiles", path=self.path)

    def snapshots(self) -> list[Profile]:
        """Snapshots oldest first: the history of the current state."""
        snaps = [p for p in self.profiles.values() if p.kind == SNAPSHOT]
        return sorted(snaps, key=lambda p: (p.name == CURRENT, p.taken or ""))

    def targets(self) -> list[Profile]:
        return [p for p in self.profiles.values() if p.kind == TARGET]

    def lineage(self, name: str) -> list[Profile]:
        """The profile and its bases, nearest first. Cycles are rejected on load."""
        chain, seen = [], set()
        p: Profile | None = self.profile(name)
        while p is not None and p.name not in seen:
            chain.append(p)
            seen.add(p.name)
            p = self.profiles.get(p.based_on) if p.based_on else None
        return chain

    def effective(self, name: str | None = None) -> dict[str, Answer]:
        """Every characteristic's answer in a profile: its own, else inherited from its base."""
        merged: dict[str, Answer] = {}
        for p in reversed(self.lineage(name or self.default_profile())):
            merged.update(p.values)
        return merged

    def base_answers(self, name: str) -> dict[str, Answer] | None:
        p = self.profile(name)
        return self.effective(p.based_on) if p.based_on else None

    def changes(self, name: str) -> list[tuple[str, Answer, Answer]]:
        """A target's own answers that differ from its base: (key, base answer, own answer)."""
        base = self.base_answers(name)
        if base is None:
            return []
        out = []
        for key, own in self.profile(name).values.items():
            before = base.get(key, UNANSWERED)
            if not before.same_answer(own):
                out.append((key, before, own))
        return out


# --------------------------------------------------------------------------- reading


def read_text(path: Path) -> tuple[bytes, str]:
    """Bytes and text of a workload file, with the clear messages bad files deserve."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MlprofileError("no such file", path=path) from None
    except IsADirectoryError:
        raise MlprofileError("is a directory, not a workload file", path=path) from None
    except OSError as e:
        raise MlprofileError(f"cannot read: {e.strerror}", path=path) from None
    if not data.strip():
        raise MlprofileError(
            "file is empty; create a workload with `mlprofile new FILE --name NAME`", path=path
        )
    if b"\x00" in data[:8192]:
        raise MlprofileError("is a binary file, not a TOML workload", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise MlprofileError(f"is not UTF-8 text (bad byte at offset {e.start})", path=path) from None
    return data, text


def parse_toml(text: str, path: Path) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg) if m else msg
        msg = msg.replace("end of document", "end of file")
        raise MlprofileError(f"malformed TOML: {msg}", path=path, line=line, column=col) from None


def _parse_tomlkit(text: str, path: Path):
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        return tomlkit.parse(text)
    except ParseError as e:
        parse_toml(text, path)  # tomllib words syntax errors better; use its message when it agrees
        message = re.sub(r"\s*at line \d+ col \d+$", "", str(e))
        raise MlprofileError(f"malformed TOML: {message}", path=path, line=e.line, column=e.col) from None


def load_workload(path: str | Path, *, rubric: Rubric | None = None) -> Workload:
    """Read a workload for scoring or display; any error finding is raised (exit 2)."""
    path = Path(path)
    _, text = read_text(path)
    workload, findings = build_workload(parse_toml(text, path), path, text, rubric=rubric)
    raise_first_error(findings, path)
    return workload


def raise_first_error(findings: Iterable[Finding], path: Path) -> None:
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more; run `mlprofile validate`)" if len(errors) > 1 else ""
        raise MlprofileError(first.message + more, path=path, key=first.key, line=first.line)


def check_format(raw: Mapping, path: Path) -> None:
    if "format" not in raw:
        if "profiles" not in raw and "workload" not in raw:
            raise MlprofileError(
                "is not an mlprofile workload (no 'format', [workload] or [profiles]); "
                "create one with `mlprofile new`", path=path,
            )
        raise MlprofileError("missing 'format' (the workload file format version)", path=path, key="format")
    fmt = raw["format"]
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise MlprofileError(f"must be a whole number, got {fmt!r}", path=path, key="format")
    if fmt > FORMAT_VERSION:
        raise MlprofileError(
            f"file format {fmt} was written by a newer mlprofile; this one reads format "
            f"{FORMAT_VERSION}. Upgrade mlprofile; the file was not changed.", path=path, key="format",
        )
    if fmt < FORMAT_VERSION:
        raise MlprofileError(f"unknown old file format {fmt}; nothing can migrate it", path=path, key="format")


def build_workload(
    raw: Mapping[str, Any], path: Path, text: str = "", *, rubric: Rubric | None = None
) -> tuple[Workload, list[Finding]]:
    """The model and every finding. Bad values are reported and read as unanswered."""
    check_format(raw, path)
    findings: list[Finding] = []
    locate = _Locator(text)
    if rubric is None:
        rubric = rubric_for(raw, path)
    meta = raw.get("workload")
    if not isinstance(meta, Mapping) or not isinstance(meta.get("name"), str) or not meta["name"].strip():
        findings.append(Finding("error", "a workload needs a name", "workload.name", locate.line("workload")))
        meta = meta if isinstance(meta, Mapping) else {}
    sha = (raw.get("rubric") or {}).get("sha256")
    if sha and rubric.sha256 and sha != rubric.sha256:
        findings.append(Finding(
            "warning", f"rubric {rubric.id} {rubric.version} has changed since this file was "
            "written (sha256 differs); scores may move", "rubric.sha256", locate.line("rubric", "sha256")))

    workload = Workload(path, rubric, str(meta.get("name") or ""), str(meta.get("owner") or ""),
                        str(meta.get("notes") or ""))
    raw_profiles = raw.get("profiles")
    if not isinstance(raw_profiles, Mapping) or not raw_profiles:
        findings.append(Finding("error", "a workload needs at least one profile ([profiles.current])",
                                "profiles", None))
        raw_profiles = {}
    for name, rp in raw_profiles.items():
        profile = _build_profile(name, rp, rubric, findings, locate)
        if profile is not None:
            workload.profiles[name] = profile
    _check_lineage(workload, findings, locate)
    for p in workload.targets():
        if p.based_on in workload.profiles and not _has_cycle(workload, p.name):
            for key, _before, own in workload.changes(p.name):
                if not (own.rationale or "").strip():
                    findings.append(Finding(
                        "warning", f"target changes this from its base '{p.based_on}' without a rationale",
                        f'profiles.{p.name}.values."{key}"', locate.line(f"profiles.{p.name}", key)))
    return workload, findings


def rubric_for(raw: Mapping, path: Path) -> Rubric:
    ref = raw.get("rubric") or {}
    if not isinstance(ref, Mapping):
        raise MlprofileError("must be a table with id and version", path=path, key="rubric")
    try:
        return resolve_rubric(ref.get("path") or ref.get("id"), ref.get("version"), base=path.parent)
    except MlprofileError as e:
        raise MlprofileError(e.message, path=path, key="rubric") from None


def _build_profile(name, rp, rubric, findings, locate) -> Profile | None:
    pkey = f"profiles.{name}"

    def error(message: str, key: str, value_key: str | None = None) -> None:
        # Lines are looked up only for findings: reads of good files never pay for it.
        findings.append(Finding("error", message, key, locate.line(pkey, value_key)))

    if not _PROFILE_NAME.match(name):
        error("profile names are letters, digits, - and _", pkey)
    if not isinstance(rp, Mapping):
        error("a profile must be a table", pkey)
        return None
    kind = rp.get("kind", SNAPSHOT)
    if kind not in (SNAPSHOT, TARGET):
        error(f"kind must be 'snapshot' or 'target', got {kind!r}", f"{pkey}.kind", "kind")
        kind = SNAPSHOT
    based_on = rp.get("based_on")
    if kind == TARGET and not based_on:
        error("a target names the profile it is based_on", f"{pkey}.based_on")
    if kind == SNAPSHOT and based_on:
        error("a snapshot records the current state; only targets have based_on",
              f"{pkey}.based_on", "based_on")
        based_on = None
    taken = rp.get("taken")
    profile = Profile(name, kind, based_on=based_on,
                      taken=taken.isoformat() if isinstance(taken, datetime) else (str(taken) if taken else None),
                      rationale=rp.get("rationale"), description=str(rp.get("description") or ""))
    raw_values = rp.get("values") or {}
    if not isinstance(raw_values, Mapping):
        error("values must be a table", f"{pkey}.values", "values")
        return profile
    by_key = rubric.by_key
    for key, rv in raw_values.items():
        ch = by_key.get(key)
        if ch is None:
            try:
                rubric.get(key)
            except MlprofileError as e:
                error(e.message, f'{pkey}.values."{key}"', key)
            continue
        try:
            profile.values[key] = answer_from_toml(ch, rv)
        except ValueProblem as e:
            error(str(e), f'{pkey}.values."{key}"', key)
    return profile


_STATES = {s.value: s for s in State}
_PROVENANCES = frozenset(p.value for p in Provenance)


def answer_from_toml(ch, rv: Any) -> Answer:
    """One answer from its TOML table. On the hot path of portfolio scoring: keep it lean."""
    if not isinstance(rv, dict):  # tomllib gives plain dicts; dict is much cheaper than Mapping
        raise ValueProblem("an answer is a table: { value = ..., provenance = \"declared\" }, "
                           "{ state = \"unknown\" } or { state = \"not_applicable\", reason = \"...\" }")
    if not rv.keys() <= _ANSWER_KEYS:
        extra = sorted(set(rv) - _ANSWER_KEYS)
        raise ValueProblem(f"unknown answer field(s) {', '.join(extra)}; known: {', '.join(sorted(_ANSWER_KEYS))}")
    state_name = rv.get("state", "value" if "value" in rv else None)
    state = _STATES.get(state_name)  # type: ignore[arg-type]
    if state is None:
        raise ValueProblem(f"state must be one of {', '.join(_STATES)}, got {state_name!r}")
    rationale = rv.get("rationale")
    if state is State.VALUE:
        if "value" not in rv:
            raise ValueProblem("state 'value' needs a value")
        prov = rv.get("provenance", "declared")
        if prov not in _PROVENANCES:
            raise ValueProblem(f"provenance must be one of {', '.join(sorted(_PROVENANCES))}, got {prov!r}")
        at = rv.get("at")
        return Answer(State.VALUE, check_value(ch, rv["value"]), prov, rv.get("source"),
                      at.isoformat() if isinstance(at, datetime) else at, None, rationale)
    if "value" in rv:
        raise ValueProblem(f"a {state.value} answer has no value")
    if state is State.NOT_APPLICABLE:
        if not ch.na_allowed:
            raise ValueProblem("cannot be not applicable in this rubric")
        if not str(rv.get("reason") or "").strip():
            raise ValueProblem("not_applicable needs a reason")
    return Answer(state, reason=rv.get("reason"), rationale=rationale)


def _has_cycle(workload: Workload, name: str) -> bool:
    seen, p = set(), workload.profiles.get(name)
    while p is not None and p.based_on:
        if p.name in seen:
            return True
        seen.add(p.name)
        p = workload.profiles.get(p.based_on)
    return p is not None and p.name in seen


def _check_lineage(workload: Workload, findings: list[Finding], locate) -> None:
    for p in workload.targets():
        if p.based_on and p.based_on not in workload.profiles:
            findings.append(Finding(
                "error", f"based_on names profile {p.based_on!r}, which does not exist; profiles: "
                f"{', '.join(workload.profiles)}", f"profiles.{p.name}.based_on",
                locate.line(f"profiles.{p.name}", "based_on")))
        elif _has_cycle(workload, p.name):
            chain, q = [p.name], workload.profiles[p.based_on]
            while q.name not in chain:
                chain.append(q.name)
                q = workload.profiles[q.based_on]
            chain.append(q.name)
            findings.append(Finding("error", f"based_on cycle: {' -> '.join(chain)}",
                                    f"profiles.{p.name}.based_on", locate.line(f"profiles.{p.name}", "based_on")))


class _Locator:
    """Finds the line of a table or key in the original text, for messages people can act on."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line(self, table: str, key: str | None = None) -> int | None:
        start = 0
        header = re.compile(r"^\s*\[+\s*" + r"\s*\.\s*".join(
            rf'(?:"{re.escape(p)}"|{re.escape(p)})' for p in table.split(".")) + r"[\s.\]]")
        for i, ln in enumerate(self.lines):
            if header.match(ln):
                start = i
                if key is None:
                    return i + 1
                break
        else:
            if key is None:
                return None
        keyed = re.compile(rf'^\s*(?:"{re.escape(key)}"|{re.escape(key)})\s*=')
        for i in range(start, len(self.lines)):
            if keyed.match(self.lines[i]):
                return i + 1
        return None


# --------------------------------------------------------------------------- editing


def now_iso() -> datetime:
    """Now, in UTC; ``MLPROFILE_NOW`` pins it for reproducible examples and tests."""
    pinned = os.environ.get("MLPROFILE_NOW")
    if pinned:
        return datetime.fromisoformat(pinned.replace("Z", "+00:00"))
    return datetime.now(UTC).replace(microsecond=0)


class WorkloadDocument:
    """An editable workload file: the model plus the tomlkit document it came from."""

    def __init__(self, path: Path, data: bytes, text: str, workload: Workload,
                 findings: list[Finding]) -> None:
        self.path = path
        self.workload = workload
        self.findings = findings
        self._text = text
        self._digest = hashlib.sha256(data).digest()
        self._doc = None  # parsed on the first edit: reads never pay for tomlkit

    @classmethod
    def load(cls, path: str | Path, *, edit: bool = False) -> WorkloadDocument:
        """Read and check a workload. ``edit=True`` (a command about to change it) parses with
        tomlkit at once and reads the model from that one parse; otherwise tomlkit waits for
        the first edit, so opening a large file to look at it stays fast."""
        path = Path(path)
        data, text = read_text(path)
        doc = None
        if edit:
            doc = _parse_tomlkit(text, path)
            raw = doc.unwrap()
        else:
            raw = parse_toml(text, path)
        workload, findings = build_workload(raw, path, text)
        raise_first_error(findings, path)
        loaded = cls(path, data, text, workload, findings)
        loaded._doc = doc
        return loaded

    @property
    def doc(self):
        if self._doc is None:
            import tomlkit

            self._doc = tomlkit.parse(self._text)
        return self._doc

    @property
    def rubric(self) -> Rubric:
        return self.workload.rubric

    def text(self) -> str:
        return self._text if self._doc is None else self._doc.as_string()

    @property
    def dirty(self) -> bool:
        return self._doc is not None and self._doc.as_string() != self._text

    # ---- edits (each keeps the model and the document in step)

    def set_answer(self, profile: str, key: str, answer: Answer) -> None:
        """Record an answer. What a profile would inherit anyway is not stored twice."""
        p = self.workload.profile(profile)
        self.rubric.get(key)
        if p.kind == SNAPSHOT and p.name != self.workload.default_profile():
            raise MlprofileError(
                f"profile {p.name!r} is a dated snapshot (history); edit "
                f"'{self.workload.default_profile()}' or branch a target from it", path=self.path)
        values = self._values_table(p.name)
        base = self.workload.base_answers(p.name) or {}
        inherited = base.get(key, UNANSWERED)
        if inherited.same_answer(answer) and not (p.is_target and answer.rationale):
            p.values.pop(key, None)
            if key in values:
                del values[key]
            return
        p.values[key] = answer
        _put(values, key, answer_to_toml(answer))

    def set_rationale(self, profile: str, key: str, rationale: str | None) -> None:
        p = self.workload.profile(profile)
        if key not in p.values:
            raise MlprofileError(f"profile {profile!r} does not set {key}; nothing to explain", path=self.path)
        self.set_answer(profile, key, p.values[key].with_rationale(rationale))

    def add_profile(self, profile: Profile) -> None:
        import tomlkit

        if not _PROFILE_NAME.match(profile.name):
            raise MlprofileError(
                f"profile name {profile.name!r}: use letters, digits, - and _ (up to 64)", path=self.path)
        if profile.name in self.workload.profiles:
            raise MlprofileError(f"a profile named {profile.name!r} already exists", path=self.path)
        if profile.based_on and profile.based_on not in self.workload.profiles:
            raise MlprofileError(f"no profile {profile.based_on!r} to branch from; profiles: "
                                 f"{', '.join(self.workload.profiles)}", path=self.path)
        profiles = self.doc.setdefault("profiles", tomlkit.table(is_super_table=True))
        table = tomlkit.table()
        table["kind"] = profile.kind
        if profile.based_on:
            table["based_on"] = profile.based_on
        if profile.taken:
            table["taken"] = datetime.fromisoformat(profile.taken)
        if profile.description:
            table["description"] = profile.description
        if profile.rationale:
            table["rationale"] = _multiline_if_long(profile.rationale)
        values = tomlkit.table()
        for key, answer in profile.values.items():
            values[key] = answer_to_toml(answer)
        table["values"] = values
        profiles[profile.name] = table
        self.workload.profiles[profile.name] = profile

    def branch(self, base: str, name: str, rationale: str) -> Profile:
        """A new target on ``base``: it stores only what it changes, each with a rationale."""
        if not rationale.strip():
            raise MlprofileError("a target needs a rationale: why is this the profile to aim for?",
                                 path=self.path)
        self.workload.profile(base)
        profile = Profile(name, TARGET, based_on=base, rationale=rationale.strip(),
                          taken=now_iso().isoformat())
        self.add_profile(profile)
        return profile

    def snapshot(self, name: str | None = None) -> Profile:
        """Freeze the current state as a dated snapshot; the current profile goes on changing."""
        current = self.workload.profile(None)
        taken = now_iso()
        if name is None:
            name = f"snapshot-{taken:%Y-%m-%d}"
            n = 2
            while name in self.workload.profiles:
                name = f"snapshot-{taken:%Y-%m-%d}-{n}"
                n += 1
        values = dict(self.workload.effective(current.name))
        profile = Profile(name, SNAPSHOT, values=values, taken=taken.isoformat(),
                          description=f"snapshot of {current.name!r}")
        self.add_profile(profile)
        return profile

    def set_profile_rationale(self, profile: str, rationale: str) -> None:
        p = self.workload.profile(profile)
        p.rationale = rationale
        self.doc["profiles"][p.name]["rationale"] = _multiline_if_long(rationale)

    def _values_table(self, profile: str):
        import tomlkit

        table = self.doc["profiles"][profile]
        if "values" not in table:
            table["values"] = tomlkit.table()
        return table["values"]

    # ---- saving

    def save(self, path: str | Path | None = None, *, force: bool = False) -> None:
        """Write atomically; refuse if the file on disk is no longer what was loaded."""
        target = Path(path) if path is not None else self.path
        if target == self.path and not force:
            self.check_unchanged_on_disk()
        text = self.text()
        atomic_write(target, text)
        if target == self.path:
            self._text = text
            self._digest = hashlib.sha256(text.encode("utf-8")).digest()
            self._doc = None

    def changed_on_disk(self) -> bool:
        try:
            return hashlib.sha256(self.path.read_bytes()).digest() != self._digest
        except FileNotFoundError:
            return True

    def check_unchanged_on_disk(self) -> None:
        if self.changed_on_disk():
            raise ConflictError(
                "changed on disk since it was loaded (someone else edited it, or a git pull); "
                "not overwriting it. Reload and redo the change.", path=self.path)


def _put(table, key: str, item) -> None:
    """Set ``key`` in place, or add it right after the table's last key.

    Plain ``table[key] = item`` would add a new key after the comments and blank lines that
    trail the table (tomlkit counts them as its body), i.e. under the next section's heading
    comment. Inserting after the last key keeps the new line with its siblings.
    """
    if key in table:
        table[key] = item
        return
    container = table.value
    last = next((k for k, _ in reversed(container.body) if k is not None), None)
    if last is None:
        table[key] = item
        return
    container._insert_after(last, key, item)  # tomlkit has no public "insert after"


def answer_fields(answer: Answer) -> dict[str, Any]:
    """An answer as the plain fields of its TOML table (``answer_from_toml`` reads them back)."""
    out: dict[str, Any] = {}
    if answer.state is State.VALUE:
        out["value"] = answer.value
        out["provenance"] = answer.provenance or Provenance.DECLARED.value
        if answer.source:
            out["source"] = answer.source
        if answer.at:
            out["at"] = answer.at
    else:
        out["state"] = answer.state.value
        if answer.reason:
            out["reason"] = answer.reason
    if answer.rationale:
        out["rationale"] = answer.rationale
    return out


def answer_to_toml(answer: Answer):
    import tomlkit

    t = tomlkit.inline_table()
    for key, value in answer_fields(answer).items():
        if key == "value" and isinstance(value, list) and value and isinstance(value[0], dict):
            # One row per line, laid out explicitly: tomlkit's own multiline layout would take
            # its indent from the " " we put after "{" below.
            arr = tomlkit.array()
            for row in value:
                r = tomlkit.inline_table()
                r.update(row)
                arr.add_line(_spaced(r), indent="    ")
            arr.add_line(indent="")
            value = arr
        t[key] = value
    return _spaced(t)


def _spaced(table):
    """``{ a = 1 }`` rather than tomlkit's ``{a = 1}``: the style people write by hand."""
    body = [item for key, item in table.value.body if key is not None]
    if body:
        body[0].trivia.indent = " "
        body[-1].trivia.trail = " "
    return table


def _multiline_if_long(text: str):
    import tomlkit

    return tomlkit.string(text, multiline="\n" in text)


def atomic_write(path: Path, text: str) -> None:
    """Write beside, fsync, rename: a crash leaves the old file or the new one, never half."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise MlprofileError(f"cannot write: folder {directory} does not exist", path=path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass  # some filesystems cannot fsync a directory; the rename is still atomic


def new_workload_text(name: str, rubric: Rubric, owner: str = "", rubric_ref: str | None = None) -> str:
    """The text of a fresh workload file, with comments that teach the format."""
    import tomlkit

    taken = now_iso().isoformat().replace("+00:00", "Z")
    ref = f'path = {tomlkit.string(rubric_ref).as_string()}\n' if rubric_ref else ""
    return (
        "# ML workload profile (AWS Well-Architected ML Lens MLOE-05 / MLOPS02-BP02).\n"
        "# Edit with `mlprofile` (TUI), `mlprofile interview` or `mlprofile set`; the file is\n"
        "# plain TOML and comments you add here are kept. Format: docs/format.md.\n"
        f"format = {FORMAT_VERSION}\n\n"
        "[rubric]\n"
        f"id = {tomlkit.string(rubric.id).as_string()}\n"
        f"version = {tomlkit.string(rubric.version).as_string()}\n"
        f"sha256 = \"{rubric.sha256}\"\n{ref}\n"
        "[workload]\n"
        f"name = {tomlkit.string(name).as_string()}\n"
        f"owner = {tomlkit.string(owner).as_string()}\n\n"
        "# The current state. `mlprofile snapshot` keeps dated copies of it as history.\n"
        "[profiles.current]\n"
        'kind = "snapshot"\n'
        f"taken = {taken}\n\n"
        "[profiles.current.values]\n"
    )
