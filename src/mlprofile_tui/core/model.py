"""The workload model: a workload's profiles (snapshots and targets) and their answers.

Plain data, no I/O: ``loading`` builds it from a file, ``document`` keeps it in step with the
file's text while it is edited, ``editing`` holds the rules every front end edits it by.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .answers import UNANSWERED, Answer
from .errors import MlprofileError
from .location import Location
from .rubric import Rubric

FORMAT_VERSION = 1
CURRENT = "current"
PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class ProfileKind(StrEnum):
    """A snapshot records a state of the workload; a target is an alternative to aim for."""

    SNAPSHOT = "snapshot"
    TARGET = "target"


SNAPSHOT = ProfileKind.SNAPSHOT
TARGET = ProfileKind.TARGET


class Severity(StrEnum):
    ERROR = "error"  # the file cannot be used as it is
    WARNING = "warning"  # advice; ``validate --strict`` makes it an error
    # Information that asks nothing of the file: a newer rubric exists. Never a failure, even
    # with --strict, so a CI gate does not break for every team the day a rubric ships.
    NOTE = "note"


@dataclass(frozen=True)
class Finding:
    """One thing ``validate`` reports. Errors make a file unusable; warnings are advice; notes
    are information (see ``Severity``).

    ``key`` is the dotted TOML key (``profiles.current.values."network.vpc"``), ``line`` the
    1-based line in the file where it was found, when known. A contradiction between answers
    (``core.contradictions``) also names the ``profile`` whose answers contradict each other,
    the characteristic ``keys`` involved (``group.id``, the one ``key`` points at first) and the
    rubric's ``contradiction`` id.
    """

    severity: str  # a Severity
    message: str
    key: str | None = None
    line: int | None = None
    profile: str | None = None
    keys: tuple[str, ...] = ()
    contradiction: str | None = None

    def render(self, path: str) -> str:
        """One line: ``path:line: severity: key: message``, and for a contradiction which
        profile and which of the rubric's contradictions."""
        where = f"{path}:{self.line}" if self.line else path
        key = f"{self.key}: " if self.key else ""
        about = (
            f" (profile {self.profile}, contradiction {self.contradiction})"
            if self.contradiction
            else ""
        )
        return f"{where}: {self.severity}: {key}{self.message}{about}"

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``validate --json`` (a contract): severity, message, key, line,
        and since contradictions profile, keys (a list) and contradiction (None for others)."""
        return {
            "severity": str(self.severity),
            "message": self.message,
            "key": self.key,
            "line": self.line,
            "profile": self.profile,
            "keys": list(self.keys),
            "contradiction": self.contradiction,
        }


@dataclass
class Profile:
    """One named profile. ``values`` holds only this profile's own answers (a target
    inherits the rest from ``based_on``); ``taken`` is an ISO 8601 date-time."""

    name: str
    kind: str  # a ProfileKind
    values: dict[str, Answer] = field(default_factory=dict)
    based_on: str | None = None
    taken: str | None = None
    rationale: str | None = None
    description: str = ""

    @property
    def is_target(self) -> bool:
        return self.kind == TARGET


def profile_name_problem(name: object, existing: object = ()) -> str | None:
    """Why ``name`` cannot name a new profile beside ``existing`` names, or None.

    Names are letters, digits, ``-`` and ``_`` (up to 64), never empty, and unique ignoring
    case: ``CURRENT`` beside ``current`` would be two profiles nobody can tell apart.
    """
    if not isinstance(name, str) or not name:
        return "a profile name cannot be empty"
    if not PROFILE_NAME.match(name):
        return (
            f"profile name {name!r}: use letters, digits, - and _ (up to 64, starting "
            "with a letter or digit)"
        )
    folded = name.casefold()
    for other in existing:  # type: ignore[attr-defined]
        if isinstance(other, str) and other.casefold() == folded:
            same = "" if other == name else f" ({other!r}: names are compared ignoring case)"
            return f"a profile named {name!r} already exists{same}"
    return None


@dataclass
class Workload:
    """A workload file's content: its rubric, name, owner and notes, and its profiles by
    name (the current state, dated snapshots, targets based on another profile)."""

    path: Location
    rubric: Rubric
    name: str
    owner: str = ""
    notes: str = ""
    profiles: dict[str, Profile] = field(default_factory=dict)
    # Instance types newer than mlprofile's list, accepted on purpose ([workload]
    # new_instance_types; see core.instance_types).
    new_instance_types: list[str] = field(default_factory=list)

    def profile(self, name: str | None) -> Profile:
        """The named profile, or the default one when ``name`` is None.

        Raises MlprofileError for an unknown or empty name (``--profile ''`` is a mistake,
        not a request for the default).
        """
        if name is None:
            name = self.default_profile()
        elif not name.strip():
            raise MlprofileError(
                "the profile name is empty; name a profile or leave the option out for the default",
                path=self.path,
            )
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

    def effective_many(self, names: Iterable[str]) -> dict[str, dict[str, Answer]]:
        """``effective`` of every name (each its own dict), sharing the work along common bases.

        Linear in the number of profiles however long their chains are: a profile's answers are
        its base's plus its own, and each base is merged once (``effective`` alone walks the
        whole chain every time). Nothing is kept after the call, so edits need no invalidation.
        """
        memo: dict[str, dict[str, Answer]] = {}
        out = {}
        for name in names:
            if name not in memo:
                self._effective_into(name, memo)
            out[name] = memo[name]
        return out

    def _effective_into(self, name: str, memo: dict[str, dict[str, Answer]]) -> None:
        chain: list[Profile] = []
        on_chain: set[str] = set()
        p: Profile | None = self.profile(name)
        while p is not None and p.name not in memo:
            if p.name in on_chain:
                # A based_on cycle (an error on load): the lineage rule stops at the first
                # repeat, which sharing cannot follow; take each of these the long way.
                for q in chain:
                    memo[q.name] = self.effective(q.name)
                return
            chain.append(p)
            on_chain.add(p.name)
            p = self.profiles.get(p.based_on) if p.based_on else None
        merged = memo[p.name] if p is not None else {}
        for q in reversed(chain):
            merged = {**merged, **q.values}
            memo[q.name] = merged

    def base_answers(self, name: str) -> dict[str, Answer] | None:
        """What ``name`` inherits (its base's effective answers); None for a snapshot."""
        p = self.profile(name)
        return self.effective(p.based_on) if p.based_on else None

    def changes(self, name: str) -> list[tuple[str, Answer, Answer]]:
        """A target's own answers that differ from its base: (key, base answer, own answer)."""
        base = self.base_answers(name)
        if base is None:
            return []
        return changed_answers(base, self.profile(name).values)


def changed_answers(
    base: Mapping[str, Answer], own: Mapping[str, Answer]
) -> list[tuple[str, Answer, Answer]]:
    """The answers in ``own`` that differ from ``base``: (key, base answer, own answer)."""
    out = []
    for key, answer in own.items():
        before = base.get(key, UNANSWERED)
        if not before.same_answer(answer):
            out.append((key, before, answer))
    return out
