"""The rubric: groups of characteristics, their questions, and how values become levels.

A rubric is data (TOML). Loading checks all of it and reports every problem at once with the
file and the key, so a team editing its own rubric fixes them in one pass.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from . import rubric_cache
from .conditions import (
    NUMBER_TESTS,
    Condition,
    ConditionSyntaxError,
    parse_condition,
    subsumes,
)
from .errors import MlprofileError, RubricError
from .textfile import read_text_file
from .units import INT64_MAX, INT64_MIN, format_number
from .values import NUMERIC_TYPES, REGISTRY, TYPES, multiples_inside

KINDS = ("descriptive", "maturity", "fit")
# The fields each kind of table may have (docs/team-rubric.md): any other is a typo the rubric's
# author must hear about (``questio`` would otherwise leave the question silently empty).
LEVEL_FIELDS = ("rank", "id", "label", "description")
GROUP_FIELDS = ("id", "title", "description", "weight", "characteristics")
CHARACTERISTIC_FIELDS = (
    "id", "question", "help", "aws", "type", "kind", "unit", "choices", "weight", "gating",
    "na_allowed", "not_applicable", "when", "practices", "sources", "direction", "thresholds",
    "rules", "default", "levels", "cap", "plus", "requirement", "min", "max", "multiple_of",
    "environments", "workloads", "accounts",
)  # fmt: skip
CHOICE_FIELDS = ("id", "label", "level", "help")
DEFAULT_RUBRIC = "mloe-05"
TOP_LEVEL_KEYS = frozenset(
    {
        "id",
        "version",
        "title",
        "practices",
        "require_sources",
        "levels",
        "groups",
        "migrations",
        "contradictions",
    }
)


@dataclass(frozen=True)
class Level:
    """A rung of the rubric's ladder: ``rank`` from 0, ``id`` as files write it ("L2"),
    ``label`` as people read it ("Repeatable")."""

    rank: int
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Choice:
    """An option of an enum or multi characteristic: ``id`` as files store it, ``label`` as
    every screen shows it, ``level`` the rank it earns (maturity characteristics only)."""

    id: str
    label: str
    level: int | None = None  # for maturity enums and multis: the level this choice earns
    help: str = ""


@dataclass(frozen=True)
class Rule:
    """A ``rules`` entry: when ``condition`` holds on the answers, the characteristic earns
    ``level`` (a rank); the first rule that holds wins, else the characteristic's
    ``default``."""

    condition: Condition
    level: int
    index: int = field(default=0, compare=False, repr=False)  # its place in the file's list


@dataclass(frozen=True)
class NotApplicable:
    """What a platform cannot offer: when ``condition`` holds on the answers given so far, the
    characteristic is not applicable, with ``reason`` shown, whatever its own answer says
    (``not_applicable = [{ when = {...}, reason = "..." }]``). Serverless Inference has no VPC
    configuration; marking it down for one would score the platform, not the workload."""

    condition: Condition
    reason: str
    index: int = field(default=0, compare=False, repr=False)  # its place in the file's list


@dataclass(frozen=True)
class Cap:
    """A ceiling on a fit's level when the measured value is far better than its requirement
    (``cap = { beyond = 0.25, level = "L3", advice = "...", when = {...} }``): a p95 at 0.08x of
    its target on a GPU is over-provisioning, not the top level. ``beyond`` is a ratio of the
    requirement (below it when lower is better, above it when higher is); ``condition``, when
    given, must hold for the cap to apply."""

    beyond: float
    level: int
    advice: str
    condition: Condition | None = None


@dataclass(frozen=True)
class Source:
    """Where a characteristic's thresholds come from: a document (``title``, and its ``url``
    where it has one) or, with ``url`` empty and ``reasoning`` true, one line of reasoning."""

    title: str
    url: str = ""
    reasoning: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape (a contract): kind "reasoning" or "reference", title, url or None."""
        return {
            "kind": "reasoning" if self.reasoning else "reference",
            "title": self.title,
            "url": self.url or None,
        }


@dataclass(frozen=True)
class Migration:
    """How a workload file of an older version of this rubric becomes one of this version.

    Applied in this order to every profile's own answers: ``retire`` (keys of the older
    version, dropped), ``rename`` (older key -> key of this version), ``choices`` (keyed by
    the key in this version: older choice id -> choice id of this version, for enums and multis;
    ``""`` drops the choice from a multi).
    """

    source: str  # the older version (``from`` in the file)
    rename: Mapping[str, str] = field(default_factory=dict)
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    retire: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contradiction:
    """Answers that cannot all be true, which ``mlprofile validate`` reports
    (``[[contradictions]]``, found by ``core.contradictions``).

    It fires on a profile when ``condition`` is definitely true on its answers and, when
    ``check`` names one of ``core.contradictions.CHECKS`` (sums, one answer against another,
    the provisioning matrix), that check finds it with ``params``; with both, both must. The
    finding quotes the answers involved, then ``message``; ``severity`` is "error" or
    "warning"; ``sources`` say where AWS documents the rule.
    """

    id: str
    message: str
    severity: str
    condition: Condition | None = None
    check: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class MatrixSpec:
    """Columns of the provisioning matrix: environment × [account] × region × workload ×
    instance type → count.

    ``environments`` and ``workloads`` are the ids a row may use, in the rubric's order
    (environments from the first stage to the last, e.g. dev, staging, production).
    ``accounts``: rows may name the 12-digit AWS account they run in (``accounts = true``).
    """

    environments: tuple[str, ...]
    workloads: tuple[str, ...]
    accounts: bool = False

    @property
    def default_environment(self) -> str:
        """The environment a tool assumes when none is named: the last stage the rubric lists
        (production in the built-in rubric). Raises IndexError for an empty list, which the
        rubric loader refuses."""
        return self.environments[-1]


@dataclass(frozen=True)
class Characteristic:
    group: str
    id: str
    question: str
    help: str
    type: str
    kind: str
    unit: str = ""
    choices: tuple[Choice, ...] = ()
    when: Condition | None = None
    na_allowed: bool = True
    weight: int = 1
    gating: bool = True
    practices: tuple[str, ...] = ()
    aws: str = ""
    minimum: float | None = None
    maximum: float | None = None
    # maturity/fit scoring: numeric bands, bool map, or first-match rules
    direction: str | None = None  # "higher" or "lower" is better
    thresholds: tuple[tuple[int, float], ...] = ()  # (rank, bound) ascending by rank
    bool_levels: Mapping[bool, int] | None = None
    rules: tuple[Rule, ...] = ()
    default_level: int | None = None
    requirement: str | None = None  # fit: the key of the requirement in the same profile
    matrix: MatrixSpec | None = None
    sources: tuple[Source, ...] = ()  # where the thresholds come from
    not_applicable: tuple[NotApplicable, ...] = ()  # automatic N/A: what a platform cannot offer
    cap: Cap | None = None  # fit: a ceiling when the measure is far beyond its requirement
    plus: tuple[str, ...] = ()  # fit: keys whose values add to this one (end-to-end latency)
    multiple_of: float | None = None  # numeric: values must be whole multiples (1024 MB steps)

    @cached_property
    def key(self) -> str:
        return f"{self.group}.{self.id}"

    @property
    def scored(self) -> bool:
        return self.kind != "descriptive"

    def choice(self, choice_id: str) -> Choice | None:
        for c in self.choices:
            if c.id == choice_id:
                return c
        return None

    @cached_property
    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)

    @cached_property
    def _labels(self) -> dict[str, str]:
        return {c.id: c.label for c in self.choices}

    def choice_label(self, choice_id: object) -> str:
        """What people read for a stored choice id (``deep_learning`` → "Deep learning").

        The one place an id becomes a label: every display of a choice goes through here.
        A value that is not one of this characteristic's choice ids (a number, ``True``, an id
        a newer rubric dropped) is shown as it is, never refused: display must not fail.
        """
        if isinstance(choice_id, str):
            return self._labels.get(choice_id, choice_id)
        return str(choice_id)


@dataclass(frozen=True)
class Group:
    """A ``[[groups]]`` table: its characteristics in the rubric's order and its weight
    (1-100) in the overall score; its level is the minimum over its gating characteristics."""

    id: str
    title: str
    description: str
    weight: int
    characteristics: tuple[Characteristic, ...]


@dataclass(frozen=True)
class Rubric:
    """A loaded rubric: the ladder, the groups and, by key (``group.id``), every
    characteristic; ``path`` and ``sha256`` identify the file it was built from."""

    id: str
    version: str
    title: str
    practices: tuple[str, ...]
    levels: tuple[Level, ...]
    groups: tuple[Group, ...]
    path: str
    sha256: str
    by_key: Mapping[str, Characteristic] = field(repr=False, default_factory=dict)
    require_sources: bool = False  # scored characteristics without sources are errors
    migrations: tuple[Migration, ...] = ()  # from older versions of this rubric
    contradictions: tuple[Contradiction, ...] = ()  # answers that cannot all be true

    def unsourced(self) -> tuple[Characteristic, ...]:
        """The scored characteristics (maturity or fit) that cite no sources."""
        return tuple(c for c in self.characteristics if c.scored and not c.sources)

    def migration_from(self, version: str) -> Migration | None:
        for m in self.migrations:
            if m.source == version:
                return m
        return None

    @property
    def characteristics(self) -> tuple[Characteristic, ...]:
        return tuple(c for g in self.groups for c in g.characteristics)

    @cached_property
    def conditional(self) -> tuple[Characteristic, ...]:
        """The characteristics that skip logic or a platform can rule out (``when`` or
        ``not_applicable``), in rubric order: the only ones ``scoring.in_scope`` must test."""
        return tuple(c for c in self.characteristics if c.when is not None or c.not_applicable)

    @cached_property
    def matrix_keys(self) -> tuple[str, ...]:
        """The keys of the matrix characteristics, in rubric order (every load checks their
        instance types: computed once)."""
        return tuple(c.key for c in self.characteristics if c.type == "matrix")

    @property
    def top_rank(self) -> int:
        return self.levels[-1].rank

    def level(self, rank: int) -> Level:
        return self.levels[rank]

    def group(self, group_id: str) -> Group | None:
        for g in self.groups:
            if g.id == group_id:
                return g
        return None

    def get(self, key: str) -> Characteristic:
        """The characteristic for ``group.id``; an unknown key is bad input (exit 2)."""
        try:
            return self.by_key[key]
        except KeyError:
            raise MlprofileError(_unknown_key_message(self, key), key=key) from None


def _unknown_key_message(rubric: Rubric, key: str) -> str:
    import difflib

    near = difflib.get_close_matches(key, list(rubric.by_key), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(near)}?" if near else "; `mlprofile rubric show` lists them"
    return f"unknown characteristic (rubric {rubric.id} {rubric.version}){hint}"


# --------------------------------------------------------------------------- locating rubrics


def builtin_rubric_dir() -> Path:
    """Installed wheels carry rubrics inside the package; a source checkout keeps them at the
    top."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "rubrics"
    return packaged if packaged.is_dir() else here.parent.parent / "rubrics"


def builtin_rubrics() -> dict[str, Path]:
    return {p.name.removesuffix(".toml"): p for p in sorted(builtin_rubric_dir().glob("*.toml"))}


def resolve_rubric(ref: str | None, version: str | None = None, base: Path | None = None) -> Rubric:
    """Find a rubric by built-in id (``mloe-05``) or by file path, in the version asked for.

    The file a rubric is named by holds its newest version; older versions it still reads live
    beside it in a folder of the same name, one file a version (``rubrics/mloe-05.toml`` and
    ``rubrics/mloe-05/1.0.0.toml``; a team's ``team.toml`` and ``team/1.0.0.toml``), so a
    workload of an older version keeps loading with the rubric it was written for.
    MlprofileError (exit 2) for an unknown rubric or a version that is not available.
    """
    return resolve_rubric_with_newest(ref, version, base)[0]


def resolve_rubric_with_newest(
    ref: str | None, version: str | None = None, base: Path | None = None
) -> tuple[Rubric, Rubric]:
    """The rubric in the version asked for (the newest when ``version`` is None) and the
    newest version of it; see ``resolve_rubric``."""
    if ref is not None and not isinstance(ref, str):
        raise MlprofileError(
            f"a rubric is named by a string (a built-in id or a file path), got {_show(ref)}"
        )
    if version is not None and not isinstance(version, str):
        raise MlprofileError(f'a rubric version is a string such as "1.0.0", got {_show(version)}')
    ref = ref or DEFAULT_RUBRIC
    known = builtin_rubrics()
    if ref in known:
        newest = load_rubric(known[ref])
    else:
        path = _local_path(ref)
        if base is not None and not path.is_absolute():
            path = base / path
        if not (ref.endswith(".toml") or path.exists()):
            raise MlprofileError(
                f"rubric {ref!r} is not known; built-in rubrics: {', '.join(known) or 'none'}"
            )
        newest = load_rubric(path)
    if version is None or version == newest.version:
        return newest, newest
    return rubric_version(newest, version), newest


def rubric_versions(newest: Rubric) -> dict[str, Path]:
    """Every version of ``newest``'s rubric this mlprofile can read, oldest first, each with
    its file: the older ones in the folder beside it (``NAME/VERSION.toml``), then its own."""
    folder = Path(newest.path).with_suffix("")
    older = sorted(folder.glob("*.toml"), key=lambda p: version_key(p.stem))
    versions = {p.stem: p for p in older if p.stem != newest.version}
    versions[newest.version] = Path(newest.path)
    return versions


def rubric_version(newest: Rubric, version: str) -> Rubric:
    """``version`` of ``newest``'s rubric, from the folder beside it; MlprofileError (exit 2)
    when there is no such version or its file says it is another rubric or version."""
    if version == newest.version:
        return newest
    versions = rubric_versions(newest)
    path = versions.get(version)
    if path is None:
        raise MlprofileError(
            f"rubric {newest.id} version {version} is not available; this mlprofile has "
            f"{newest.id} {', '.join(versions)} ({newest.path})"
        )
    rubric = load_rubric(path, archived=True)
    if rubric.id != newest.id or rubric.version != version:
        raise MlprofileError(
            f"holds rubric {rubric.id} {rubric.version}, not {newest.id} {version} as its "
            "place beside the newest version says",
            path=path,
        )
    return rubric


def version_key(version: str) -> tuple:
    """Orders versions: ``1.10.0`` after ``1.9.0``; parts that are not numbers compare as text
    after the numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.split("."))


def load_rubric(path: str | Path, *, archived: bool = False) -> Rubric:
    """Read and check a rubric file; every problem is reported at once as a ``RubricError``.

    ``archived``: an older version kept beside the newest (``NAME/VERSION.toml``), read as it
    was published: an unknown field in a level, group, characteristic or choice (once
    ignored, now refused) is let through there, so workloads pinned to it and ``migrate``
    keep working; the newest version, which authors edit, gets every check.

    The file is read through ``read_text_file`` (regular files only, never blocks on a FIFO,
    size cap, BOM and CRLF handled). Built rubrics are cached by path and content hash, so an
    edited rubric file is read afresh; rubrics built without problems are also kept on disk
    for the next run (``rubric_cache``).
    """
    path = _local_path(path)
    try:
        resolved = str(path.resolve())
    except (OSError, RuntimeError) as e:  # a symlink loop
        raise MlprofileError(f"cannot read rubric file: {e}", path=path) from None
    tf = read_text_file(resolved, what="rubric file")
    return _build_cached(resolved, tf.text, hashlib.sha256(tf.data).hexdigest(), archived)


def _local_path(ref: str | Path) -> Path:
    """A rubric file's path; MlprofileError for a URI (``s3://…``), which ``Path`` would turn
    into a local folder named ``s3:``: rubrics are read from local files only."""
    if isinstance(ref, str) and "://" in ref:
        raise MlprofileError(
            "a rubric is a built-in id or a local file, not a URI: rubrics are not read from "
            "S3 or the web (keep a local copy and name its path)",
            path=ref,
        )
    return Path(ref)


@cache
def _build_cached(path: str, text: str, sha256: str, archived: bool = False) -> Rubric:
    kept = rubric_cache.load(path, sha256)  # built by an earlier run: skip parsing and checks
    if kept is not None:
        return kept
    try:
        rubric = _build(path, text, sha256)
    except RubricError:
        if not archived:
            raise
        # Published before a newer check: read as it was then, and not kept on disk, where a
        # strict read of the same file would find it.
        return _build(path, text, sha256, archived=True)
    rubric_cache.store(path, sha256, rubric)
    return rubric


def _build(path: str, text: str, sha256: str, archived: bool = False) -> Rubric:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise MlprofileError(f"rubric is not valid TOML: {e}", path=path) from None
    except RecursionError:
        raise MlprofileError(
            "rubric is not usable: its TOML is nested too deeply", path=path
        ) from None
    try:
        return build_rubric(raw, path=path, sha256=sha256, archived=archived)
    except RecursionError:
        raise RubricError(path, ["conditions are nested too deeply"]) from None


# --------------------------------------------------------------------------- building + validating


class _Problems(list):
    archived = False  # an older version, read as published (see load_rubric)

    def add(self, key: str, message: str) -> None:
        self.append(f"{key}: {message}")

    # Typed reads: each reports a wrong type under its key and returns a usable default, so
    # the build goes on and every problem in the file is listed in one pass.

    def text(
        self, raw: Mapping, key: str, where: str, *, required: bool = False, default: str = ""
    ) -> str:
        value = raw.get(key)
        if value is None:
            if required:
                self.add(f"{where}.{key}" if where else key, "is required")
            return default
        if not isinstance(value, str):
            self.add(f"{where}.{key}" if where else key, f"must be a string, got {_show(value)}")
            return default
        if required and not value.strip():
            self.add(f"{where}.{key}" if where else key, "is required and must not be empty")
        return value

    def flag(self, raw: Mapping, key: str, where: str, default: bool) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.add(
                f"{where}.{key}" if where else key, f"must be true or false, got {_show(value)}"
            )
            return default
        return value

    def texts(self, raw: Mapping, key: str, where: str) -> tuple[str, ...]:
        value = raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(
                f"{where}.{key}" if where else key, f"must be a list of strings, got {_show(value)}"
            )
            return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()
        return tuple(value)

    def tables(self, value: Any, where: str, what: str) -> list[tuple[int, Mapping]]:
        """The tables of an array of tables, each with its index; anything else reported."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(where, f"must be an array of tables ([[{what}]]), got {_show(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append((i, item))
            else:
                self.add(f"{where}[{i}]", f"must be a table, got {_show(item)}")
        return out


def _show(value: Any) -> str:
    """A value in a message: its TOML type and a short repr."""
    kinds = {
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    kind = next((k for t, k in kinds.items() if isinstance(value, t)), type(value).__name__)
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{kind} ({text})"


def _name(value: Any) -> str:
    """A misspelt name as ``'colour'``; anything that is not a string with its type."""
    return repr(value) if isinstance(value, str) else _show(value)


def _finite(value: Any) -> bool:
    """A number a threshold or bound may be: int/float, not bool, finite, inside int64."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, int):
        return INT64_MIN <= value <= INT64_MAX
    return math.isfinite(value)


def build_rubric(
    raw: Mapping[str, Any], *, path: str, sha256: str = "", archived: bool = False
) -> Rubric:
    """Check ``raw`` (a parsed rubric file) and build it; RubricError listing every problem,
    each with its key. ``archived``: see ``load_rubric``."""
    problems = _Problems()
    problems.archived = archived
    if not isinstance(raw, Mapping):
        raise RubricError(path, [f"a rubric is a TOML table, got {_show(raw)}"])
    levels = _build_levels(raw.get("levels"), problems)
    level_ids = {lv.id: lv.rank for lv in levels}
    ranks = {lv.rank for lv in levels}

    rid = problems.text(raw, "id", "", required=True)
    version = problems.text(raw, "version", "", required=True)
    title = problems.text(raw, "title", "", required=True)
    practices = problems.texts(raw, "practices", "")
    require_sources = problems.flag(raw, "require_sources", "", False)

    groups: list[Group] = []
    seen_groups: set[str] = set()
    raw_groups = problems.tables(raw.get("groups"), "groups", "groups")
    if not raw_groups and not any(p.startswith("groups") for p in problems):
        problems.add("groups", "at least one [[groups]] table is required")
    all_chars: list[tuple[str, Characteristic, Mapping]] = []
    for gi, rg in raw_groups:
        gk = f"groups[{gi}]"
        _unknown_fields(rg, GROUP_FIELDS, gk, problems)
        gid = rg.get("id")
        if not isinstance(gid, str) or not gid.isidentifier():
            problems.add(f"{gk}.id", f"must be an identifier, got {_name(gid)}")
            gid = f"group{gi}"
        if gid in seen_groups:
            problems.add(f"{gk}.id", f"duplicate group id {gid!r}")
        seen_groups.add(gid)
        gtitle = problems.text(rg, "title", gk) or gid
        gdesc = problems.text(rg, "description", gk)
        chars: list[Characteristic] = []
        seen_chars: set[str] = set()
        ckey = f"{gk}.characteristics"
        raw_chars = rg.get("characteristics")
        if raw_chars is not None and not isinstance(raw_chars, list):
            problems.add(
                ckey,
                f"must be an array of tables ([[groups.characteristics]]), got {_show(raw_chars)}",
            )
            raw_chars = None  # reported; no second "has no characteristics" problem
            chars_reported = True
        else:
            chars_reported = False
        for ci, rc in enumerate(raw_chars or []):
            ck = f"{ckey}[{ci}]"
            ch = _build_characteristic(gid, rc, ck, problems, level_ids, ranks)
            if ch is None:
                continue
            if ch.id in seen_chars:
                problems.add(f"{ck}.id", f"duplicate characteristic id {ch.key!r}")
            seen_chars.add(ch.id)
            chars.append(ch)
            all_chars.append((ck, ch, rc))
        if not chars and not raw_chars and not chars_reported:
            problems.add(ckey, f"group {gid!r} has no characteristics")
        weight = rg.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 100:
            problems.add(f"{gk}.weight", f"must be an integer from 1 to 100, got {_show(weight)}")
            weight = 1
        groups.append(Group(gid, gtitle, gdesc, weight, tuple(chars)))

    by_key = {ch.key: ch for _, ch, _ in all_chars}
    order = {ch.key: i for i, (_, ch, _) in enumerate(all_chars)}
    for ck, ch, _rc in all_chars:
        _check_references(ck, ch, by_key, order, problems)
        if require_sources and ch.scored and not ch.sources:
            problems.add(
                f"{ck}.sources",
                f"{ch.key} is scored ({ch.kind}) and this rubric sets require_sources: "
                "cite where its thresholds come from",
            )
    migrations = _build_migrations(raw.get("migrations"), version, by_key, problems)
    contradictions = _build_contradictions(
        raw.get("contradictions"), by_key, require_sources, problems
    )
    for key in sorted(map(str, set(raw) - TOP_LEVEL_KEYS)):
        problems.add(key, f"unknown top-level key; known: {', '.join(sorted(TOP_LEVEL_KEYS))}")

    if problems:
        raise RubricError(path, list(problems))
    return Rubric(
        id=rid,
        version=version,
        title=title,
        practices=practices,
        levels=tuple(levels),
        groups=tuple(groups),
        path=path,
        sha256=sha256,
        by_key=by_key,
        require_sources=require_sources,
        migrations=migrations,
        contradictions=contradictions,
    )


def _build_levels(raw_levels: Any, problems: _Problems) -> list[Level]:
    fallback = [Level(0, "L0", "Below baseline"), Level(1, "L1", "Initial")]
    if not isinstance(raw_levels, list) or not 2 <= len(raw_levels) <= 6:
        got = "" if raw_levels is None else f", got {_show(raw_levels)}"
        problems.add("levels", f"the ladder needs 2 to 6 [[levels]] tables{got}")
        return fallback
    levels = []
    seen: set[str] = set()
    for i, rl in problems.tables(raw_levels, "levels", "levels"):
        _unknown_fields(rl, LEVEL_FIELDS, f"levels[{i}]", problems)
        rank = rl.get("rank")
        if isinstance(rank, bool) or rank != i:
            problems.add(
                f"levels[{i}].rank", f"ranks must count up from 0; expected {i}, got {_show(rank)}"
            )
        lid = problems.text(rl, "id", f"levels[{i}]", required=True) or f"L{i}"
        if lid in seen:
            problems.add(f"levels[{i}].id", f"duplicate level id {lid!r}")
        seen.add(lid)
        label = problems.text(rl, "label", f"levels[{i}]") or lid
        desc = problems.text(rl, "description", f"levels[{i}]")
        levels.append(Level(i, lid, label, desc))
    if len(levels) != len(raw_levels):
        return fallback
    return levels


def _unknown_fields(
    table: Mapping, known: tuple[str, ...], where: str, problems: _Problems
) -> None:
    """Report the fields of ``table`` that ``known`` does not list (sorted, as text: a TOML
    key is a string, but a table built in code may not be); not in an archived version."""
    extra = sorted(map(str, set(table) - set(known)))
    if extra and not problems.archived:
        problems.add(where, f"unknown field(s) {', '.join(extra)}; known: {', '.join(known)}")


def _level_ref(
    value: Any, where: str, problems: _Problems, level_ids: dict, ranks: set
) -> int | None:
    """Levels may be given by rank (3) or id ("L3")."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        problems.add(where, f"level must be a rank or level id, got {_show(value)}")
        return None
    if isinstance(value, int) and value in ranks:
        return value
    if isinstance(value, str) and value in level_ids:
        return level_ids[value]
    problems.add(where, f"unknown level {value!r}; the ladder has {sorted(level_ids)}")
    return None


def _build_characteristic(gid, rc, ck, problems, level_ids, ranks) -> Characteristic | None:
    if not isinstance(rc, Mapping):
        problems.add(ck, f"must be a table, got {_show(rc)}")
        return None
    _unknown_fields(rc, CHARACTERISTIC_FIELDS, ck, problems)
    cid = rc.get("id")
    if not isinstance(cid, str) or not cid.isidentifier():
        problems.add(f"{ck}.id", f"must be an identifier, got {_name(cid)}")
        return None
    ctype = rc.get("type")
    if not isinstance(ctype, str) or ctype not in TYPES:
        problems.add(f"{ck}.type", f"unknown type {_name(ctype)}; known types: {', '.join(TYPES)}")
        ctype = "text"
    kind = rc.get("kind", "descriptive")
    if not isinstance(kind, str) or kind not in KINDS:
        problems.add(f"{ck}.kind", f"unknown kind {_name(kind)}; known kinds: {', '.join(KINDS)}")
        kind = "descriptive"
    question = problems.text(rc, "question", ck, required=True)
    help_text = problems.text(rc, "help", ck, required=True)
    unit = problems.text(rc, "unit", ck) or _default_unit(ctype)
    aws = problems.text(rc, "aws", ck)
    practices = problems.texts(rc, "practices", ck)
    na_allowed = problems.flag(rc, "na_allowed", ck, True)
    gating = problems.flag(rc, "gating", ck, True)
    sources = _build_sources(rc.get("sources"), f"{ck}.sources", problems)

    choices: list[Choice] = []
    seen_choice: set[str] = set()
    for i, raw_choice in problems.tables(rc.get("choices"), f"{ck}.choices", "choices"):
        where = f"{ck}.choices[{i}]"
        _unknown_fields(raw_choice, CHOICE_FIELDS, where, problems)
        if not isinstance(raw_choice.get("id"), str) or not raw_choice["id"]:
            problems.add(where, "each choice needs an 'id' (a string)")
            continue
        level = None
        if "level" in raw_choice:
            level = _level_ref(raw_choice["level"], f"{where}.level", problems, level_ids, ranks)
        if raw_choice["id"] in seen_choice:
            problems.add(f"{where}.id", f"duplicate choice {raw_choice['id']!r}")
        seen_choice.add(raw_choice["id"])
        label = problems.text(raw_choice, "label", where) or raw_choice["id"]
        choices.append(
            Choice(raw_choice["id"], label, level, problems.text(raw_choice, "help", where))
        )
    takes_choices = REGISTRY[ctype].takes_choices
    if takes_choices and not choices:
        problems.add(f"{ck}.choices", f"a {ctype} needs choices")
    if not takes_choices and "choices" in rc:
        with_choices = " and ".join(n for n, t in REGISTRY.items() if t.takes_choices)
        problems.add(f"{ck}.choices", f"only {with_choices} take choices, not {ctype}")

    weight = rc.get("weight", 1)
    if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 100:
        problems.add(f"{ck}.weight", f"must be an integer from 1 to 100, got {_show(weight)}")
        weight = 1

    when = None
    if "when" in rc:
        try:
            when = parse_condition(rc["when"])
        except ConditionSyntaxError as e:
            problems.add(f"{ck}.when", str(e))

    not_applicable = _build_not_applicable(
        rc.get("not_applicable"), f"{ck}.not_applicable", problems
    )

    fields: dict[str, Any] = {}
    key = f"{gid}.{cid}"
    if kind == "maturity":
        _build_maturity(rc, ck, ctype, choices, problems, level_ids, ranks, key, fields)
    elif kind == "fit":
        if ctype not in NUMERIC_TYPES:
            problems.add(f"{ck}.kind", f"a fit characteristic must be numeric, not {ctype}")
        requirement = rc.get("requirement")
        if not isinstance(requirement, str):
            problems.add(
                f"{ck}.requirement",
                "a fit characteristic names the requirement it is measured against"
                + (f", got {_show(requirement)}" if requirement is not None else ""),
            )
            requirement = None
        fields["requirement"] = requirement
        _build_thresholds(rc, ck, problems, level_ids, ranks, fields)
        fields["plus"] = problems.texts(rc, "plus", ck)
        if "cap" in rc:
            fields["cap"] = _build_cap(rc["cap"], f"{ck}.cap", problems, level_ids, ranks, fields)
    else:
        for k in ("thresholds", "rules", "levels", "cap", "plus"):
            if k in rc:
                problems.add(
                    f"{ck}.{k}",
                    "a descriptive characteristic is never scored; remove it or set kind",
                )
        if any(c.level is not None for c in choices):
            problems.add(f"{ck}.choices", "a descriptive characteristic's choices carry no level")

    matrix = None
    if ctype == "matrix":
        envs = problems.texts(rc, "environments", ck)
        wls = problems.texts(rc, "workloads", ck)
        if not envs or not wls:
            problems.add(ck, "a matrix needs 'environments' and 'workloads' lists")
        for k, ids in (("environments", envs), ("workloads", wls)):
            _check_matrix_ids(ids, f"{ck}.{k}", problems)
        matrix = MatrixSpec(envs, wls, problems.flag(rc, "accounts", ck, False))
    elif "accounts" in rc:
        problems.add(f"{ck}.accounts", f"only a matrix takes accounts, not {ctype}")

    bounds: dict[str, float | None] = {"min": None, "max": None}
    for k in ("min", "max"):
        if k in rc:
            if not _finite(rc[k]):
                problems.add(f"{ck}.{k}", f"must be a finite number, got {_show(rc[k])}")
            else:
                bounds[k] = rc[k]
    if "multiple_of" in rc:
        step = rc["multiple_of"]
        if ctype not in NUMERIC_TYPES:
            problems.add(f"{ck}.multiple_of", f"only numbers take a step, not {ctype}")
        elif not _finite(step) or step <= 0:
            problems.add(f"{ck}.multiple_of", f"must be a number above 0, got {_show(step)}")
        else:
            fields["multiple_of"] = step
    _check_range_holds_a_value(ck, ctype, bounds, fields.get("multiple_of"), problems)
    if kind != "fit" and ("cap" in rc or "plus" in rc) and kind != "descriptive":
        problems.add(f"{ck}.kind", "only a fit characteristic takes 'cap' and 'plus'")
    if ctype in ("bytes",) and "min" not in rc:
        fields["minimum"] = 0
    return Characteristic(
        group=gid,
        id=cid,
        question=question,
        help=help_text,
        type=ctype,
        kind=kind,
        unit=unit,
        choices=tuple(choices),
        when=when,
        na_allowed=na_allowed,
        weight=weight,
        gating=gating,
        practices=practices,
        aws=aws,
        minimum=fields.pop("minimum", bounds["min"]),
        maximum=bounds["max"],
        matrix=matrix,
        sources=sources,
        not_applicable=not_applicable,
        **fields,
    )


def _build_not_applicable(raw: Any, where: str, problems: _Problems) -> tuple[NotApplicable, ...]:
    """``not_applicable = [{ when = {condition}, reason = "..." }]``; see ``NotApplicable``."""
    out: list[NotApplicable] = []
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add(where, f"must be a list of {{ when, reason }} tables, got {_show(raw)}")
        return ()
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(item, Mapping):
            problems.add(at, f"must be a {{ when, reason }} table, got {_show(item)}")
            continue
        extra = sorted(map(str, set(item) - {"when", "reason"}))
        if extra:
            problems.add(at, f"unknown field(s) {', '.join(extra)}; known: when, reason")
        reason = problems.text(item, "reason", at, required=True).strip()
        if "when" not in item:
            problems.add(f"{at}.when", "is required: the answers that rule this out")
            continue
        try:
            cond = parse_condition(item["when"])
        except ConditionSyntaxError as e:
            problems.add(f"{at}.when", str(e))
            continue
        if reason:
            out.append(NotApplicable(cond, reason, i))
    return tuple(out)


def _build_cap(raw: Any, where: str, problems: _Problems, level_ids, ranks, fields) -> Cap | None:
    """``cap = { beyond = 0.25, level = "L3", advice = "...", when = {...} }``; see ``Cap``."""
    if not isinstance(raw, Mapping):
        problems.add(where, f"must be a {{ beyond, level, advice }} table, got {_show(raw)}")
        return None
    extra = sorted(map(str, set(raw) - {"beyond", "level", "advice", "when"}))
    if extra:
        problems.add(
            where, f"unknown field(s) {', '.join(extra)}; known: beyond, level, advice, when"
        )
    raw_beyond = raw.get("beyond")
    if not (_finite(raw_beyond) and isinstance(raw_beyond, int | float) and raw_beyond > 0):
        problems.add(f"{where}.beyond", f"must be a ratio above 0, got {_show(raw_beyond)}")
        return None
    beyond = float(raw_beyond)
    level = _level_ref(raw.get("level"), f"{where}.level", problems, level_ids, ranks)
    advice = problems.text(raw, "advice", where, required=True).strip()
    cond = None
    if "when" in raw:
        try:
            cond = parse_condition(raw["when"])
        except ConditionSyntaxError as e:
            problems.add(f"{where}.when", str(e))
            return None
    thresholds = fields.get("thresholds") or ()
    if thresholds and level is not None:
        direction = fields.get("direction")
        top_bound = thresholds[-1][1]
        inside = beyond < top_bound if direction == "lower" else beyond > top_bound
        if not inside:
            problems.add(
                f"{where}.beyond",
                f"{beyond:g} must lie beyond the top band's bound ({top_bound:g}), "
                "or the cap would take away a level the bands give",
            )
        if level >= thresholds[-1][0]:
            problems.add(f"{where}.level", "must be below the top band's level, or it caps nothing")
    if level is None:
        return None
    return Cap(beyond, level, advice, cond)


def _check_matrix_ids(ids: tuple[str, ...], where: str, problems: _Problems) -> None:
    """Matrix ids are typed in the row text form ``ENV:REGION:...;...``, so they must be
    unique, non-empty and free of its separators."""
    seen: set[str] = set()
    for i, v in enumerate(ids):
        if not v.strip() or v != v.strip() or any(c in v for c in ":;\n"):
            problems.add(
                f"{where}[{i}]",
                f"{v!r} cannot be typed in a matrix row: no spaces around it, no ':' or ';'",
            )
        elif v in seen:
            problems.add(f"{where}[{i}]", f"duplicate {v!r}")
        seen.add(v)


def _build_sources(raw: Any, where: str, problems: _Problems) -> tuple[Source, ...]:
    """``sources = ["one line of reasoning", { title = "...", url = "https://..." }]``."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add(
            where, f"must be a list of strings and {{ title, url }} tables, got {_show(raw)}"
        )
        return ()
    sources = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if isinstance(item, str):
            if not item.strip():
                problems.add(at, "a reasoning must not be empty")
            elif "\n" in item.strip():
                problems.add(at, "a reasoning is one line; cite a longer argument by title and url")
            else:
                sources.append(Source(item.strip(), reasoning=True))
            continue
        if not isinstance(item, Mapping):
            problems.add(at, f"must be a string or a {{ title, url }} table, got {_show(item)}")
            continue
        extra = sorted(map(str, set(item) - {"title", "url"}))
        if extra:
            problems.add(at, f"unknown field(s) {', '.join(extra)}; a source has title and url")
        title = problems.text(item, "title", at, required=True)
        url = problems.text(item, "url", at)
        if url and not url.startswith(("https://", "http://")):
            problems.add(f"{at}.url", f"must be an http(s) address, got {url!r}")
            url = ""
        if title.strip():
            sources.append(Source(title.strip(), url))
    return tuple(sources)


def _build_migrations(
    raw: Any, version: str, by_key: Mapping[str, Characteristic], problems: _Problems
) -> tuple[Migration, ...]:
    """``[[migrations]]`` tables: from an older version to this one (see ``Migration``).

    Keys of this version are checked here; keys of the older version when a file migrates.
    """
    migrations: list[Migration] = []
    for i, rm in problems.tables(raw, "migrations", "migrations"):
        at = f"migrations[{i}]"
        extra = sorted(map(str, set(rm) - {"from", "rename", "choices", "retire"}))
        if extra:
            problems.add(
                at, f"unknown field(s) {', '.join(extra)}; known: from, rename, choices, retire"
            )
        source = problems.text(rm, "from", at, required=True)
        if source and source == version:
            problems.add(f"{at}.from", f"is this rubric's own version {version!r}")
        if any(m.source == source for m in migrations):
            problems.add(f"{at}.from", f"a second migration from {source!r}")
        rename: dict[str, str] = {}
        raw_rename = rm.get("rename", {})
        if not isinstance(raw_rename, Mapping):
            problems.add(
                f"{at}.rename", f"must be a table of old key = new key, got {_show(raw_rename)}"
            )
            raw_rename = {}
        for old, new in raw_rename.items():
            if not isinstance(new, str) or new not in by_key:
                problems.add(
                    f'{at}.rename."{old}"',
                    f"must name a characteristic of this version, got {_name(new)}",
                )
            elif new in rename.values():
                problems.add(f'{at}.rename."{old}"', f"a second key renamed to {new!r}")
            else:
                rename[old] = new
        choices: dict[str, dict[str, str]] = {}
        raw_choices = rm.get("choices", {})
        if not isinstance(raw_choices, Mapping):
            problems.add(
                f"{at}.choices",
                f'must be a table: "group.key" = {{ old_choice = "new_choice" }}, '
                f"got {_show(raw_choices)}",
            )
            raw_choices = {}
        for key, remap in raw_choices.items():
            where = f'{at}.choices."{key}"'
            ch = by_key.get(key)
            if ch is None or not ch.choices:
                problems.add(where, "must name an enum or multi of this version (its new key)")
                continue
            if not isinstance(remap, Mapping):
                problems.add(
                    where, f"must be a table of old choice = new choice, got {_show(remap)}"
                )
                continue
            # A multi may drop a choice the new version no longer offers (old = ""): the
            # Spot lever of cost.levers is read from cost.spot_training in 1.1.0.
            dropable = ("",) if ch.type == "multi" else ()
            bad = [
                f"{o} = {_name(n)}"
                for o, n in remap.items()
                if n not in ch.choice_ids and n not in dropable
            ]
            if bad:
                problems.add(
                    where,
                    f"maps to choices {key} does not have: {', '.join(bad)}; "
                    f"valid: {', '.join(ch.choice_ids)}",
                )
                continue
            choices[key] = dict(remap)
        retire = problems.texts(rm, "retire", at)
        both = sorted(set(retire) & set(rename))
        if both:
            problems.add(f"{at}.retire", f"both renamed and retired: {', '.join(both)}")
        migrations.append(Migration(source, rename, choices, retire))
    return tuple(migrations)


_CONTRADICTION_FIELDS = ("id", "when", "check", "params", "message", "severity", "sources")


def _build_contradictions(
    raw: Any, by_key: Mapping[str, Characteristic], require_sources: bool, problems: _Problems
) -> tuple[Contradiction, ...]:
    """``[[contradictions]]`` tables (see ``Contradiction``), every problem reported with its
    key: fields, the condition's tests and keys, the check's name and parameters."""
    # The checks' module imports this one (the types it checks), so it is imported when needed.
    from .contradictions import CHECKS, SEVERITIES, check_params

    out: list[Contradiction] = []
    seen: set[str] = set()
    for i, rc in problems.tables(raw, "contradictions", "contradictions"):
        at = f"contradictions[{i}]"
        extra = sorted(map(str, set(rc) - set(_CONTRADICTION_FIELDS)))
        if extra:
            known = ", ".join(_CONTRADICTION_FIELDS)
            problems.add(at, f"unknown field(s) {', '.join(extra)}; known: {known}")
        cid = rc.get("id")
        if not isinstance(cid, str) or not cid.isidentifier():
            problems.add(f"{at}.id", f"must be an identifier, got {_name(cid)}")
            cid = None
        elif cid in seen:
            problems.add(f"{at}.id", f"duplicate contradiction id {cid!r}")
        seen.add(cid or "")
        message = problems.text(rc, "message", at, required=True).strip()
        if "\n" in message:
            problems.add(f"{at}.message", "is one line: a finding is one line")
        severity = rc.get("severity")
        if severity is None:
            problems.add(f"{at}.severity", "is required: 'error' or 'warning'")
        elif severity not in SEVERITIES or not isinstance(severity, str):
            problems.add(
                f"{at}.severity",
                f"must be {' or '.join(map(repr, map(str, SEVERITIES)))}, got {_name(severity)}",
            )
        condition = None
        if "when" in rc:
            try:
                condition = parse_condition(rc["when"])
            except ConditionSyntaxError as e:
                problems.add(f"{at}.when", str(e))
            else:
                _check_condition(f"{at}.when", condition, by_key, problems)
                if condition.op == "always" and "check" not in rc:
                    problems.add(f"{at}.when", "is empty: it would fire on every profile")
        check = rc.get("check")
        params: dict[str, Any] = {}
        if check is not None:
            if not isinstance(check, str) or check not in CHECKS:
                problems.add(
                    f"{at}.check",
                    f"unknown check {_name(check)}; known: {', '.join(sorted(CHECKS))}",
                )
                check = None
            else:
                params, wrong = check_params(CHECKS[check], rc.get("params", {}), by_key)
                for name, why in wrong:
                    problems.add(f"{at}.params.{name}" if name else f"{at}.params", why)
        elif "params" in rc:
            problems.add(f"{at}.params", "parameters belong to a 'check'; this entry names none")
        if "when" not in rc and "check" not in rc:
            problems.add(at, "needs a 'when' condition over answers, a named 'check', or both")
        sources = _build_sources(rc.get("sources"), f"{at}.sources", problems)
        if require_sources and not sources:
            problems.add(
                f"{at}.sources",
                "this rubric sets require_sources: cite where the rule is documented",
            )
        if cid and message and isinstance(severity, str) and severity in SEVERITIES:
            out.append(Contradiction(cid, message, severity, condition, check, params, sources))
    return tuple(out)


def _check_range_holds_a_value(ck, ctype, bounds, step, problems: _Problems) -> None:
    """A characteristic no value can answer (min above max, no whole number or no multiple of
    the step between them) would refuse every answer and have no example to offer."""
    lo, hi = bounds["min"], bounds["max"]
    if lo is None or hi is None or ctype not in REGISTRY or not REGISTRY[ctype].numeric:
        return
    shown = f"min {format_number(lo)} and max {format_number(hi)}"
    if lo > hi:
        problems.add(f"{ck}.max", f"must not be below min ({format_number(lo)})")
        return
    unit = step if step else (1 if REGISTRY[ctype].whole else None)
    first, last = multiples_inside(lo, hi, unit) if unit is not None else (lo, hi)
    if first is not None and last is not None and first > last:
        what = f"multiple of {format_number(step)}" if step else "whole number"
        problems.add(f"{ck}.min", f"no {what} lies between {shown}")


def _default_unit(ctype: str) -> str:
    return REGISTRY[ctype].unit


def _build_thresholds(rc, ck, problems, level_ids, ranks, fields) -> None:
    direction = rc.get("direction")
    if direction not in ("higher", "lower"):
        problems.add(
            f"{ck}.direction",
            f"must be 'higher' or 'lower' (which is better), got {_name(direction)}",
        )
        return
    raw = rc.get("thresholds")
    if not isinstance(raw, Mapping) or not raw:
        got = f", got {_show(raw)}" if raw is not None else ""
        problems.add(
            f"{ck}.thresholds",
            f"a table of level = bound is required, e.g. {{ L3 = 100, L4 = 50 }}{got}",
        )
        return
    pairs = []
    for lid, bound in raw.items():
        rank = _level_ref(lid, f"{ck}.thresholds.{lid}", problems, level_ids, ranks)
        if not _finite(bound):
            problems.add(
                f"{ck}.thresholds.{lid}", f"bound must be a finite number, got {_show(bound)}"
            )
            continue
        if rank is not None:
            pairs.append((rank, float(bound)))
    pairs.sort()
    for (r1, b1), (r2, b2) in zip(pairs, pairs[1:], strict=False):
        harder = b2 < b1 if direction == "lower" else b2 > b1
        if not harder:
            sign = "<" if direction == "lower" else ">"
            problems.add(
                f"{ck}.thresholds",
                f"not monotonic: L{r2} ({b2:g}) must be {sign} L{r1} ({b1:g}) when {direction} "
                "is better",
            )
    fields["direction"] = direction
    fields["thresholds"] = tuple(pairs)


def _build_maturity(rc, ck, ctype, choices, problems, level_ids, ranks, key, fields) -> None:
    if "rules" in rc:
        rules: list[Rule] = []
        raw_rules = rc["rules"]
        if not isinstance(raw_rules, list):
            problems.add(f"{ck}.rules", f"must be a list of rule tables, got {_show(raw_rules)}")
            raw_rules = []
        for i, rr in enumerate(raw_rules):
            where = f"{ck}.rules[{i}]"
            if not isinstance(rr, Mapping) or "level" not in rr:
                problems.add(where, "a rule is a table with a condition and a 'level'")
                continue
            level = _level_ref(rr["level"], f"{where}.level", problems, level_ids, ranks)
            cond_raw = {k: v for k, v in rr.items() if k != "level"}
            try:
                cond = parse_condition(cond_raw, default_key=key)
            except ConditionSyntaxError as e:
                problems.add(where, str(e))
                continue
            for j, earlier in enumerate(rules):
                if subsumes(earlier.condition, cond):
                    problems.add(where, f"unreachable: rules[{j}] matches whenever this rule would")
                    break
            if level is not None:
                rules.append(Rule(cond, level, i))
        if "default" not in rc:
            problems.add(f"{ck}.default", "rules need a 'default' level for when no rule matches")
        else:
            fields["default_level"] = _level_ref(
                rc["default"], f"{ck}.default", problems, level_ids, ranks
            )
        fields["rules"] = tuple(rules)
    elif ctype == "enum":
        missing = [c.id for c in choices if c.level is None]
        if missing:
            problems.add(
                f"{ck}.choices",
                f"a maturity enum gives every choice a level; missing: {', '.join(missing)}",
            )
    elif ctype == "bool":
        raw = rc.get("levels")
        if not isinstance(raw, Mapping) or set(raw) != {"true", "false"}:
            ladder = sorted(level_ids, key=level_ids.__getitem__)  # 2 or more (_build_levels)
            got = (
                f"; got {', '.join(sorted(map(str, raw))) or 'none'}"
                if isinstance(raw, Mapping)
                else f", got {_show(raw)}"
            )
            problems.add(
                f"{ck}.levels",
                "a maturity bool maps both answers, and only those: levels = "
                f'{{ true = "{ladder[-1]}", false = "{ladder[1]}" }}{got}',
            )
        else:
            fields["bool_levels"] = {
                True: _level_ref(raw["true"], f"{ck}.levels.true", problems, level_ids, ranks),
                False: _level_ref(raw["false"], f"{ck}.levels.false", problems, level_ids, ranks),
            }
    elif ctype in NUMERIC_TYPES:
        _build_thresholds(rc, ck, problems, level_ids, ranks, fields)
    else:
        problems.add(
            f"{ck}.kind", f"a maturity {ctype} needs 'rules' (first match wins) and a 'default'"
        )


def _check_references(ck: str, ch: Characteristic, by_key, order, problems: _Problems) -> None:
    conds = []
    if ch.when is not None:
        conds.append(("when", ch.when))
        for ref in ch.when.keys():
            if ref == ch.key:
                problems.add(f"{ck}.when", "a characteristic cannot depend on its own answer")
            elif ref in by_key and order[ref] > order[ch.key]:
                problems.add(
                    f"{ck}.when",
                    f"{ref!r} is asked later; skip logic may only look at earlier answers",
                )
    # problems name an entry by its place in the file, even when an earlier one was refused
    conds += [(f"rules[{r.index}]", r.condition) for r in ch.rules]
    # Automatic N/A and caps look only at earlier answers, as skip logic does: the interview
    # must know whether to ask before it asks.
    earlier_only = [(f"not_applicable[{na.index}].when", na.condition) for na in ch.not_applicable]
    if ch.cap is not None and ch.cap.condition is not None:
        earlier_only.append(("cap.when", ch.cap.condition))
    for where, cond in earlier_only:
        for ref in cond.keys():
            if ref == ch.key:
                problems.add(f"{ck}.{where}", "a characteristic cannot depend on its own answer")
            elif ref in by_key and order[ref] > order[ch.key]:
                problems.add(
                    f"{ck}.{where}",
                    f"{ref!r} is asked later; it may only look at earlier answers",
                )
    conds += earlier_only
    for i, key in enumerate(ch.plus):
        other = by_key.get(key)
        if other is None:
            problems.add(f"{ck}.plus[{i}]", f"names unknown characteristic {key!r}")
        elif other.type != ch.type or other.unit != ch.unit:
            problems.add(
                f"{ck}.plus[{i}]",
                f"{key} is {other.type} in {other.unit or 'no unit'}; only a {ch.type} in "
                f"{ch.unit or 'no unit'} adds to {ch.key}",
            )
        elif key == ch.key:
            problems.add(f"{ck}.plus[{i}]", "a value cannot add to itself")
    for where, cond in conds:
        _check_condition(f"{ck}.{where}", cond, by_key, problems)
    if ch.requirement:
        req = by_key.get(ch.requirement)
        if req is None:
            problems.add(f"{ck}.requirement", f"names unknown characteristic {ch.requirement!r}")
        elif req.type not in NUMERIC_TYPES:
            problems.add(
                f"{ck}.requirement", f"{ch.requirement} must be numeric to measure against"
            )


def _check_condition(
    where: str, cond: Condition, by_key: Mapping[str, Characteristic], problems: _Problems
) -> None:
    """Every test of ``cond`` names a characteristic of this rubric and can hold for it: choices
    it has, a multi for ``includes``, a number for comparisons, a value of its type for
    ``equals``/``in``/``not_in`` (``equals = "true"`` on a yes/no question never holds)."""
    for leaf in cond.leaves():
        if leaf.key is None:
            continue
        target = by_key.get(leaf.key)
        if target is None:
            problems.add(where, f"names unknown characteristic {leaf.key!r}")
            continue
        args = leaf.arg if isinstance(leaf.arg, tuple) else (leaf.arg,)
        if leaf.op in ("equals", "in", "not_in", "includes", "includes_any") and target.choices:
            bad = [a for a in args if a not in target.choice_ids]
            if bad:
                problems.add(
                    where,
                    f"{leaf.key} has no choice {', '.join(map(repr, bad))}; "
                    f"valid: {', '.join(target.choice_ids)}",
                )
        elif leaf.op in ("equals", "in", "not_in"):
            wrong = [a for a in args if not _fits_type(target.type, a)]
            if wrong:
                problems.add(
                    where,
                    f"{leaf.key} is {target.type}; {', '.join(map(_show, wrong))} can never "
                    "be its answer",
                )
        if leaf.op in ("includes", "includes_any", "count_at_least") and target.type != "multi":
            problems.add(
                where, f"'{leaf.op}' needs a multi characteristic; {leaf.key} is {target.type}"
            )
        if leaf.op in NUMBER_TESTS and target.type not in NUMERIC_TYPES:
            problems.add(where, f"'{leaf.op}' needs a number; {leaf.key} is {target.type}")


def _fits_type(ctype: str, value: Any) -> bool:
    """Whether ``value`` can be an answer of a characteristic of type ``ctype`` (conditions on
    matrices and multis compare whole values; they are not checked here)."""
    if ctype == "bool":
        return isinstance(value, bool)
    if ctype in NUMERIC_TYPES:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if ctype == "text":
        return isinstance(value, str)
    return True
