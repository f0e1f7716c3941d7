"""Reading a workload file into the model, with every problem located (file, key, line).

Reads that only score or show use the standard library's tomllib (fast); the editing path
(``document``) parses the same text with tomlkit as well. Every field is type-checked here, so
``validate`` and every other command agree on what a good file is, and a wrong type is a
finding with its line, never a traceback.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .answers import Answer, Provenance, State
from .errors import MlprofileError, ValueProblem
from .instance_types import (
    ALLOW_HINT,
    NEW_TYPES_KEY,
    instance_type_problem,
    is_instance_type_shape,
    matrix_instance_types,
    unknown_instance_types,
)
from .model import (
    FORMAT_VERSION,
    PROFILE_NAME,
    SNAPSHOT,
    TARGET,
    Finding,
    Profile,
    Severity,
    Workload,
    changed_answers,
)
from .rubric import Rubric, resolve_rubric_with_newest
from .textfile import TextFile, read_text_file
from .values import check_value

ANSWER_KEYS = frozenset({"state", "value", "provenance", "source", "at", "reason", "rationale"})
MAX_DEPTH = 64
"""Deepest nesting of tables and arrays accepted (a workload needs about 7)."""


def read_text(path: Path) -> tuple[bytes, str]:
    """Bytes and text (BOM removed, CRLF as LF) of a workload file; see ``read_text_file``."""
    f = read_text_file(path)
    return f.data, f.text


def parse_toml(text: str, path: Path) -> dict:
    """tomllib's reading of ``text``; MlprofileError with line and column when malformed."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg) if m else msg
        msg = msg.replace("end of document", "end of file")
        raise MlprofileError(f"malformed TOML: {msg}", path=path, line=line, column=col) from None
    except RecursionError:
        raise MlprofileError(
            f"nested too deeply (more than {MAX_DEPTH} levels of arrays or "
            "tables); not a workload file",
            path=path,
        ) from None
    if _depth(raw) > MAX_DEPTH:
        raise MlprofileError(
            f"nested too deeply (more than {MAX_DEPTH} levels of arrays or "
            "tables); not a workload file",
            path=path,
        )
    return raw


def _depth(value: Any, level: int = 0) -> int:
    """How deeply ``value`` nests: a scalar is at its container's depth plus one. Walked with a
    stack (no recursion) and stopped once past MAX_DEPTH; scalars are never visited one by
    one, which is most of the cost on a 1,000-file portfolio read."""
    deepest = level
    stack = [(value, level)]
    while stack:
        node, d = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if children and d + 1 > deepest:
            deepest = d + 1
            if deepest > MAX_DEPTH:
                return deepest
        stack.extend((c, d + 1) for c in children if isinstance(c, dict | list))
    return deepest
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def parse_tomlkit(text: str, path: Path) -> Any:
    """tomlkit's document of ``text`` (comments and layout kept), for editing.

    Raises MlprofileError with tomllib's wording of a syntax error when both disagree with the
    text, or a clear message when only tomlkit cannot read it.
    """
    import tomlkit
    from tomlkit.exceptions import ParseError, TOMLKitError

    try:
        return tomlkit.parse(text)
    except RecursionError:
        parse_toml(text, path)
        raise MlprofileError(
            f"nested too deeply (more than {MAX_DEPTH} levels)", path=path
        ) from None
    except ParseError as e:
        parse_toml(text, path)  # tomllib words syntax errors better; use its message if it agrees
        message = re.sub(r"\s*at line \d+ col \d+$", "", str(e))
        raise MlprofileError(
            f"malformed TOML: {message}", path=path, line=e.line, column=e.col
        ) from None
    except (TOMLKitError, ValueError, KeyError, TypeError) as e:
        parse_toml(text, path)
        raise MlprofileError(
            f"valid TOML that the editor (tomlkit) cannot read: {e}; the file is unchanged",
            path=path,
        ) from None


def load_workload(path: str | Path, *, rubric: Rubric | None = None) -> Workload:
    """Read a workload for scoring or display; any error finding is raised (exit 2)."""
    path = Path(path)
    f = read_text_file(path)
    workload, findings = build_workload(parse_toml(f.text, path), path, f.text, rubric=rubric)
    raise_first_error(findings, path)
    return workload


def load_file(
    path: Path, *, edit: bool = False
) -> tuple[TextFile, dict, Any, Workload, list[Finding]]:
    """Everything a command needs: the file, its plain reading, the tomlkit document when
    ``edit`` (else None), the model and its findings (MlprofileError on any error finding).

    Editing reads the plain values from tomlkit's own parse (one parse, not two); the save
    checks the result with tomllib, which has the last word.
    """
    f = read_text_file(path)
    doc = None
    if edit:
        doc = parse_tomlkit(f.text, path)
        raw = doc.unwrap()
        if _depth(raw) > MAX_DEPTH:
            raise MlprofileError(
                f"nested too deeply (more than {MAX_DEPTH} levels of arrays or "
                "tables); not a workload file",
                path=path,
            )
    else:
        raw = parse_toml(f.text, path)
    workload, findings = build_workload(raw, path, f.text)
    raise_first_error(findings, path)
    return f, raw, doc, workload, findings


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
                "create one with `mlprofile new`",
                path=path,
            )
        raise MlprofileError(
            "missing 'format' (the workload file format version)", path=path, key="format"
        )
    fmt = raw["format"]
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise MlprofileError(f"must be a whole number, got {fmt!r}", path=path, key="format")
    if fmt > FORMAT_VERSION:
        raise MlprofileError(
            f"file format {fmt} was written by a newer mlprofile; this one reads format "
            f"{FORMAT_VERSION}. Upgrade mlprofile; the file was not changed.",
            path=path,
            key="format",
        )
    if fmt < FORMAT_VERSION:
        raise MlprofileError(
            f"unknown old file format {fmt}; nothing can migrate it", path=path, key="format"
        )


def _text_field(table: Mapping, key: str, where: str, findings: list[Finding], line) -> str:
    """A string field, or "" with an error finding when it is there and not a string."""
    value = table.get(key)
    if value is None or isinstance(value, str):
        return value or ""
    findings.append(
        Finding("error", f"must be text, got {_kind(value)}", f"{where}.{key}", line(key))
    )
    return ""


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date):
        return f"a date ({value.isoformat()})"
    return repr(value)


def build_workload(
    raw: Mapping[str, Any], path: Path, text: str = "", *, rubric: Rubric | None = None
) -> tuple[Workload, list[Finding]]:
    """The model and every finding. Bad values are reported and read as unanswered.

    Raises MlprofileError only for what makes the rest meaningless: not a workload, a format
    version this build cannot read, a rubric that cannot be found.
    """
    check_format(raw, path)
    findings: list[Finding] = []
    locate = Locator(text)
    if rubric is None:
        rubric, newest = rubric_and_newest(raw, path)
        if newest.version != rubric.version:
            findings.append(
                Finding(
                    Severity.NOTE,
                    f"rubric {rubric.id} {newest.version} is available (this file uses "
                    f"{rubric.version}, which still works); move it with `mlprofile migrate "
                    f"{path}`",
                    "rubric.version",
                    locate.line("rubric", "version"),
                )
            )
    meta = raw.get("workload")
    if not isinstance(meta, Mapping):
        if meta is not None:
            findings.append(
                Finding(
                    "error",
                    f"must be a table, got {_kind(meta)}",
                    "workload",
                    locate.line("workload"),
                )
            )
        meta = {}

    def meta_line(key: str) -> int | None:
        return locate.line("workload", key)

    name = _text_field(meta, "name", "workload", findings, meta_line)
    if not name.strip() and not any(f.key == "workload.name" for f in findings):
        findings.append(
            Finding("error", "a workload needs a name", "workload.name", locate.line("workload"))
        )
    owner = _text_field(meta, "owner", "workload", findings, meta_line)
    notes = _text_field(meta, "notes", "workload", findings, meta_line)
    ref = raw.get("rubric")
    sha = ref.get("sha256") if isinstance(ref, Mapping) else None
    if sha is not None and not isinstance(sha, str):
        findings.append(
            Finding(
                "error",
                f"must be text, got {_kind(sha)}",
                "rubric.sha256",
                locate.line("rubric", "sha256"),
            )
        )
    elif sha and rubric.sha256 and sha != rubric.sha256:
        findings.append(
            Finding(
                "warning",
                f"rubric {rubric.id} {rubric.version} has changed since this file was "
                "written (sha256 differs); scores may move",
                "rubric.sha256",
                locate.line("rubric", "sha256"),
            )
        )

    workload = Workload(path, rubric, name, owner, notes)
    workload.new_instance_types = _new_instance_types(meta, findings, meta_line)
    raw_profiles = raw.get("profiles")
    if not isinstance(raw_profiles, Mapping) or not raw_profiles:
        what = (
            ""
            if raw_profiles is None or isinstance(raw_profiles, Mapping)
            else f" (profiles is {_kind(raw_profiles)}, not a table)"
        )
        findings.append(
            Finding(
                "error",
                f"a workload needs at least one profile ([profiles.current]){what}",
                "profiles",
                locate.line("profiles"),
            )
        )
        raw_profiles = {}
    folded: dict[str, str] = {}
    for pname, rp in raw_profiles.items():
        clash = folded.get(pname.casefold())
        if clash is not None:
            findings.append(
                Finding(
                    "error",
                    f"profile names must differ ignoring case: {clash!r} and {pname!r}",
                    f"profiles.{pname}",
                    locate.line(f"profiles.{pname}"),
                )
            )
        folded.setdefault(pname.casefold(), pname)
        profile = _build_profile(pname, rp, rubric, findings, locate)
        if profile is not None:
            workload.profiles[pname] = profile
    cyclic = _in_or_into_cycle(workload)
    _check_lineage(workload, findings, locate, cyclic)
    checked: list[tuple[Profile, str]] = []
    for p in workload.targets():
        if p.based_on is not None and p.based_on in workload.profiles and p.name not in cyclic:
            checked.append((p, p.based_on))
    bases = workload.effective_many(base for _, base in checked)  # each chain merged once
    for p, base in checked:
        for key, _before, own in changed_answers(bases[base], p.values):
            if not (own.rationale or "").strip():
                findings.append(
                    Finding(
                        "warning",
                        f"target changes this from its base '{base}' without a rationale",
                        f'profiles.{p.name}.values."{key}"',
                        locate.line(f"profiles.{p.name}", key),
                    )
                )
    _unknown_instance_types(workload, findings, locate)
    return workload, findings


def _new_instance_types(meta: Mapping, findings: list[Finding], line) -> list[str]:
    """``[workload] new_instance_types``: instance types written ml.FAMILY.SIZE that are
    newer than mlprofile's list; an error finding for anything else there."""
    key = f"workload.{NEW_TYPES_KEY}"
    value = meta.get(NEW_TYPES_KEY)
    if value is None:
        return []
    if not isinstance(value, list):
        findings.append(
            Finding(
                "error",
                f'must be an array of instance types (["ml.g7e.2xlarge"]), got {_kind(value)}',
                key,
                line(NEW_TYPES_KEY),
            )
        )
        return []
    out = []
    for item in value:
        if not isinstance(item, str) or not is_instance_type_shape(item):
            findings.append(
                Finding(
                    "error",
                    f"{item!r} is not an instance type written ml.FAMILY.SIZE",
                    key,
                    line(NEW_TYPES_KEY),
                )
            )
        elif item not in out:
            out.append(item)
    return out


def _unknown_instance_types(workload: Workload, findings: list[Finding], locate: Locator) -> None:
    """A warning for each matrix instance type SageMaker's list does not know and the workload
    does not accept on purpose: a typo (ml.m5.superhuge), or a type newer than the list. The
    file still reads: scores do not depend on it, and a new type must not stop CI. Each type
    is checked once, and reported where it first appears (snapshots repeat their rows)."""
    keys = workload.rubric.matrix_keys
    if not keys:
        return
    first: dict[str, tuple[str, str]] = {}  # instance type -> (profile, key) it first shows in
    for p in workload.profiles.values():
        for key in keys:
            answer = p.values.get(key)
            if answer is not None and answer.state is State.VALUE:
                for name in matrix_instance_types(answer.value):
                    first.setdefault(name, (p.name, key))
    for name in unknown_instance_types(first, workload.new_instance_types):
        profile, key = first[name]
        findings.append(
            Finding(
                "warning",
                f"{instance_type_problem(name)}; {ALLOW_HINT}",
                f'profiles.{profile}.values."{key}"',
                locate.line(f"profiles.{profile}", key),
            )
        )


def rubric_for(raw: Mapping, path: Path) -> Rubric:
    """The rubric a workload names in ``[rubric]`` (id and version, or a path beside it)."""
    return rubric_and_newest(raw, path)[0]


def rubric_and_newest(raw: Mapping, path: Path) -> tuple[Rubric, Rubric]:
    """The rubric a workload names, in its version, and the newest version of that rubric."""
    ref = raw.get("rubric") or {}
    if not isinstance(ref, Mapping):
        raise MlprofileError("must be a table with id and version", path=path, key="rubric")
    for key in ("id", "version", "path"):
        if key in ref and not isinstance(ref[key], str):
            raise MlprofileError(
                f"must be text, got {_kind(ref[key])}", path=path, key=f"rubric.{key}"
            )
    try:
        return resolve_rubric_with_newest(
            ref.get("path") or ref.get("id"), ref.get("version"), base=path.parent
        )
    except MlprofileError as e:
        raise MlprofileError(
            e.message,
            path=e.path if e.path and e.path != str(path) else path,
            key=e.key or "rubric",
            line=e.line,
        ) from None


def _build_profile(
    name: str, rp: Any, rubric: Rubric, findings: list[Finding], locate: Locator
) -> Profile | None:
    pkey = f"profiles.{name}"

    def error(message: str, key: str, value_key: str | None = None) -> None:
        # Lines are looked up only for findings: reads of good files never pay for it.
        findings.append(Finding("error", message, key, locate.line(pkey, value_key)))

    if not PROFILE_NAME.match(name):
        error("profile names are letters, digits, - and _", pkey)
    if not isinstance(rp, Mapping):
        error(f"a profile must be a table, got {_kind(rp)}", pkey)
        return None
    kind = rp.get("kind", SNAPSHOT)
    if kind not in (SNAPSHOT, TARGET) or not isinstance(kind, str):
        error(f"kind must be 'snapshot' or 'target', got {_kind(kind)}", f"{pkey}.kind", "kind")
        kind = SNAPSHOT
    kind = SNAPSHOT if kind == SNAPSHOT else TARGET
    based_on = rp.get("based_on")
    if based_on is not None and not isinstance(based_on, str):
        error(f"based_on names one profile, got {_kind(based_on)}", f"{pkey}.based_on", "based_on")
        based_on = None
    elif kind == TARGET and not based_on:
        error("a target names the profile it is based_on", f"{pkey}.based_on", "based_on")
    if kind == SNAPSHOT and based_on:
        error(
            "a snapshot records the current state; only targets have based_on",
            f"{pkey}.based_on",
            "based_on",
        )
        based_on = None
    taken = rp.get("taken")
    if isinstance(taken, datetime | date):
        taken = taken.isoformat()
    elif taken is not None and not isinstance(taken, str):
        error(
            f"taken is a date-time (2026-05-04T09:00:00Z), got {_kind(taken)}",
            f"{pkey}.taken",
            "taken",
        )
        taken = None

    def text(field: str) -> str | None:
        value = rp.get(field)
        if value is not None and not isinstance(value, str):
            error(f"{field} must be text, got {_kind(value)}", f"{pkey}.{field}", field)
            return None
        return value

    rationale, description = text("rationale"), text("description")
    profile = Profile(
        name,
        kind,
        based_on=based_on,
        taken=taken or None,
        rationale=rationale,
        description=description or "",
    )
    raw_values = rp.get("values")
    if raw_values is None:
        return profile
    if not isinstance(raw_values, Mapping):
        error(f"values must be a table, got {_kind(raw_values)}", f"{pkey}.values", "values")
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
_TEXT_FIELDS = ("source", "reason", "rationale")


def answer_from_toml(ch, rv: Any) -> Answer:
    """One answer from its TOML table (or the same fields from JSON).

    Raises ValueProblem naming the field when a field is unknown or of the wrong type, or the
    value does not fit the characteristic. On the hot path of portfolio scoring: keep it lean.
    """
    if not isinstance(rv, dict):  # tomllib gives plain dicts; dict is much cheaper than Mapping
        raise ValueProblem(
            'an answer is a table: { value = ..., provenance = "declared" }, '
            '{ state = "unknown" } or { state = "not_applicable", '
            'reason = "..." }'
        )
    if not rv.keys() <= ANSWER_KEYS:
        extra = sorted(set(rv) - ANSWER_KEYS)
        raise ValueProblem(
            f"unknown answer field(s) {', '.join(extra)}; known: {', '.join(sorted(ANSWER_KEYS))}"
        )
    for name in _TEXT_FIELDS:
        if name in rv and not isinstance(rv[name], str):
            raise ValueProblem(f"{name} must be text, got {_kind(rv[name])}")
    state_name = rv.get("state", "value" if "value" in rv else None)
    state = _STATES.get(state_name) if isinstance(state_name, str) else None
    if state is None:
        got = _kind(state_name) if state_name is not None else "nothing"
        raise ValueProblem(f"state must be one of {', '.join(_STATES)}, got {got}")
    rationale = rv.get("rationale")
    if state is State.VALUE:
        if "value" not in rv:
            raise ValueProblem("state 'value' needs a value")
        prov = rv.get("provenance", "declared")
        if not isinstance(prov, str) or prov not in _PROVENANCES:
            raise ValueProblem(
                f"provenance must be one of {', '.join(sorted(_PROVENANCES))}, got {prov!r}"
            )
        at = rv.get("at")
        if isinstance(at, datetime | date):
            at = at.isoformat()
        elif at is not None and not isinstance(at, str):
            raise ValueProblem(f"at is a date-time, got {_kind(at)}")
        return Answer(
            State.VALUE, check_value(ch, rv["value"]), prov, rv.get("source"), at, None, rationale
        )
    if "value" in rv:
        raise ValueProblem(f"a {state.value} answer has no value")
    if state is State.NOT_APPLICABLE:
        if not ch.na_allowed:
            raise ValueProblem("cannot be not applicable in this rubric")
        if not str(rv.get("reason") or "").strip():
            raise ValueProblem("not_applicable needs a reason")
    return Answer(state, reason=rv.get("reason"), rationale=rationale)


def _in_or_into_cycle(workload: Workload) -> set[str]:
    """The profiles whose ``based_on`` chain runs into a cycle (on one, or leading to one).

    One pass over all profiles, each chain walked once: linear however long the chains are.
    """
    result: dict[str, bool] = {}
    for start in workload.profiles:
        path: list[str] = []
        on_path: set[str] = set()
        p: Profile | None = workload.profiles[start]
        cyclic = False
        while p is not None and p.name not in result:
            if p.name in on_path:
                cyclic = True
                break
            path.append(p.name)
            on_path.add(p.name)
            p = workload.profiles.get(p.based_on) if p.based_on else None
        else:
            cyclic = p is not None and result[p.name]
        for name in path:
            result[name] = cyclic
    return {name for name, cyclic in result.items() if cyclic}


def _check_lineage(
    workload: Workload, findings: list[Finding], locate: Locator, cyclic: set[str]
) -> None:
    for p in workload.targets():
        if p.based_on and p.based_on not in workload.profiles:
            findings.append(
                Finding(
                    "error",
                    f"based_on names profile {p.based_on!r}, which does not exist; "
                    f"profiles: {', '.join(workload.profiles)}",
                    f"profiles.{p.name}.based_on",
                    locate.line(f"profiles.{p.name}", "based_on"),
                )
            )
        elif p.name in cyclic:
            chain, q = [p.name], workload.profiles[p.based_on]  # type: ignore[index]
            seen = {p.name}
            while q.name not in seen:
                chain.append(q.name)
                seen.add(q.name)
                q = workload.profiles[q.based_on]  # type: ignore[index]
            chain.append(q.name)
            findings.append(
                Finding(
                    "error",
                    f"based_on cycle: {' -> '.join(chain)}",
                    f"profiles.{p.name}.based_on",
                    locate.line(f"profiles.{p.name}", "based_on"),
                )
            )


_BARE = re.compile(r"[A-Za-z0-9_-]+")
_NOT_BARE = re.compile(r"[^A-Za-z0-9_-]")


class Locator:
    """Finds the line of a table or key in the original text, for messages people can act on.

    Knows the common layouts: ``[table]`` headers with ``key = ...`` lines under them, and
    dotted keys (``profiles.current.values."k" = ...``) anywhere.

    Linear in findings: header lines are indexed once, on the first lookup, by the bare words
    they hold, so finding ``[profiles.NAME]`` tries only the headers that mention NAME (a file
    with 10,000 targets and a warning in each must not scan the file 10,000 times).
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._headers: dict[str, list[int]] | None = None

    def _candidates(self, parts: list[str]) -> Iterable[int]:
        """Lines that may be a header of ``parts``, in order: every line when unsure.

        A header of ``parts`` has its last part between delimiters that are not bare-key
        characters (``[``, ``.``, ``"``, ``]``, blanks), so when that part is a bare word it is
        one of the line's bare words: the lines indexed under it are all the candidates.
        """
        last = parts[-1]
        if not last or _NOT_BARE.search(last):
            return range(len(self.lines))
        if self._headers is None:
            self._headers = {}
            for i, ln in enumerate(self.lines):
                if ln.lstrip().startswith("["):
                    for word in set(_BARE.findall(ln)):
                        self._headers.setdefault(word, []).append(i)
        return self._headers.get(last, ())

    def line(self, table: str, key: str | None = None) -> int | None:
        parts = table.split(".")
        part = r"\s*\.\s*".join(rf'(?:"{re.escape(p)}"|{re.escape(p)})' for p in parts)
        header = re.compile(r"^\s*\[+\s*" + part + r"[\s.\]]")
        start = None
        for i in self._candidates(parts):
            if header.match(self.lines[i]):
                start = i
                if key is None:
                    return i + 1
                break
        if key is None:
            dotted = re.compile(r"^\s*" + part + r"\s*[.=]")
            return next((i + 1 for i, ln in enumerate(self.lines) if dotted.match(ln)), None)
        k = rf'(?:"{re.escape(key)}"|{re.escape(key)})'
        keyed = re.compile(rf"^\s*(?:\[+\s*(?:[^\]]*\.\s*)?)?{k}\s*[\].=]")
        for i in range(start or 0, len(self.lines)):
            if keyed.match(self.lines[i]):
                return i + 1
        anywhere = re.compile(rf"^\s*[^=#]*{k}\s*[.=\]]")
        return next((i + 1 for i, ln in enumerate(self.lines) if anywhere.match(ln)), None)
