"""The editing rules every front end follows (the app, the interview, the importer, the CLI).

One place says which profiles can change, when an answer is stored at all, when a change needs
a rationale, and what a change is. Front ends only decide *when* to save.
"""

from __future__ import annotations

from dataclasses import dataclass

from .answers import UNANSWERED, Answer
from .model import SNAPSHOT, Workload


@dataclass(frozen=True)
class Change:
    """One characteristic's answer before and after an edit (or a target against its base)."""

    key: str
    before: Answer
    after: Answer

    @property
    def rationale(self) -> str | None:
        """The written reason for the new value, or None when there is none yet."""
        return (self.after.rationale or "").strip() or None

    @property
    def changed(self) -> bool:
        """The answer itself differs (not only its provenance or rationale)."""
        return not self.before.same_answer(self.after)


def editable_problem(workload: Workload, name: str, *, verb: str = "edit") -> str | None:
    """Why profile ``name`` cannot be edited, or None: targets and the current state can
    change; dated snapshots are history. ``verb`` says what the caller does (``import into``).
    """
    p = workload.profile(name)
    current = workload.default_profile()
    if p.kind == SNAPSHOT and p.name != current:
        targets = ", ".join(t.name for t in workload.targets()) or "branch one first"
        return (
            f"profile {p.name!r} is a dated snapshot (history) and is not edited; {verb} "
            f"'{current}' or a target ({targets})"
        )
    return None


def is_editable(workload: Workload, name: str) -> bool:
    return editable_problem(workload, name) is None


def inherited(workload: Workload, profile: str, key: str) -> Answer:
    """What ``profile`` would answer for ``key`` without an answer of its own."""
    return (workload.base_answers(profile) or {}).get(key, UNANSWERED)


def stores_answer(workload: Workload, profile: str, key: str, answer: Answer) -> bool:
    """Whether ``answer`` is written into ``profile``: what it would inherit anyway is not
    stored twice, unless a target gives a rationale for keeping it explicitly."""
    p = workload.profile(profile)
    if not inherited(workload, profile, key).same_answer(answer):
        return True
    return p.is_target and bool(answer.rationale)


def needs_rationale(workload: Workload, profile: str, key: str, answer: Answer) -> bool:
    """In a target, a value that differs from its base says why (the ML Lens asks for the
    rationale of every target value: MLOE-05 / MLOPS02-BP02)."""
    if not workload.profile(profile).is_target:
        return False
    return not inherited(workload, profile, key).same_answer(answer)


def changes(workload: Workload, profile: str) -> list[Change]:
    """A target's own answers that differ from its base, in the order the file holds them."""
    return [Change(k, b, a) for k, b, a in workload.changes(profile)]


def changes_without_rationale(workload: Workload, profile: str) -> list[Change]:
    return [c for c in changes(workload, profile) if c.rationale is None]
