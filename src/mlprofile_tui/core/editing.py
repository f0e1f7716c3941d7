"""The editing rules every front end follows (the app, the interview, the importer, the CLI).

One place says which profiles can change, when an answer is stored at all, when a change needs
a rationale, and what a change is. Front ends only decide *when* to save.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .answers import UNANSWERED, Answer, Provenance, State, typed_provenance
from .errors import ValueProblem
from .model import CURRENT, SNAPSHOT, Workload, profile_name_problem


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


def rename_problem(workload: Workload, old: str, new: str) -> str | None:
    """Why profile ``old`` cannot be renamed ``new``, or None. The current state keeps its
    name (every command finds it by it); the new name follows ``profile_name_problem`` among
    the other profiles (a change of case alone is a rename); targets based on ``old`` follow
    the rename (``WorkloadDocument.rename_profile``)."""
    p = workload.profile(old)
    if p.name == CURRENT:
        return f"'{CURRENT}' is the current state and keeps its name (commands find it by it)"
    if new == old:
        return f"the profile is already named {old!r}"
    return profile_name_problem(new, [n for n in workload.profiles if n != old])


def delete_problem(workload: Workload, name: str) -> str | None:
    """Why profile ``name`` cannot be deleted, or None: the current state stays, and a profile
    that targets are based on stays until they are deleted (they would lose what they
    inherit)."""
    p = workload.profile(name)
    if p.name == CURRENT:
        return f"'{CURRENT}' is the current state; it cannot be deleted"
    children = [t.name for t in workload.targets() if t.based_on == p.name]
    if children:
        return (
            f"target{'s' if len(children) > 1 else ''} {', '.join(map(repr, children))} "
            f"{'are' if len(children) > 1 else 'is'} based on {p.name!r} and would lose what "
            "they inherit; delete them first"
        )
    return None


def workload_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name the workload, or None: it must say something."""
    return None if name.strip() else "a workload needs a name"


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


# ---- provenance of an answer given by hand (the app's answer form, the interview)

PICKABLE = (Provenance.DECLARED, Provenance.ESTIMATED, Provenance.MEASURED)
"""What a person may say a value they give is; ``imported`` is the importer's alone."""


def provenance_choices(current: Answer) -> tuple[Provenance, ...]:
    """The provenances a person may pick when answering a question now answered ``current``:
    declared, estimated, measured, and first imported while ``current`` is an imported value
    (kept as it came as long as the value is not changed)."""
    if current.is_value and current.provenance == Provenance.IMPORTED:
        return (Provenance.IMPORTED, *PICKABLE)
    return PICKABLE


def suggested_provenance(current: Answer, value: Any, approximate: bool = False) -> Provenance:
    """The provenance to preselect for ``value`` given as the new answer to a question now
    answered ``current``: estimated when it was typed approximately (``~400``); the current
    provenance when the value is the current one; otherwise declared (a changed value is not a
    measurement, or an import, until the person says so)."""
    if approximate:
        return Provenance.ESTIMATED
    if _same_value(current, value):
        try:
            return Provenance(current.provenance or Provenance.DECLARED)
        except ValueError:  # a provenance this version does not know: say nothing about it
            return Provenance.DECLARED
    return Provenance.DECLARED


def answer_by_hand(
    current: Answer,
    value: Any,
    *,
    approximate: bool = False,
    provenance: str | None = None,
    source: str | None = None,
) -> Answer:
    """The answer a person gives with ``value`` (checked, in normal form) to a question now
    answered ``current``.

    ``provenance`` is what they picked (None: ``suggested_provenance``). A value and
    provenance both unchanged keep the current answer's ``source`` and ``at`` (``source``,
    when given, replaces the source). Otherwise only a measured value carries a source, the
    one given (the front end offers the old one as the default text), and ``at`` is dropped:
    it dated the old measurement. The rationale is left to the caller.

    Raises ValueProblem for an approximate value picked as measured, and for imported picked
    for anything but the unchanged imported value.
    """
    unchanged = _same_value(current, value)
    if provenance is None:
        chosen = suggested_provenance(current, value, approximate)
    else:
        chosen = typed_provenance(approximate, provenance)
    if chosen is Provenance.IMPORTED and not (
        unchanged and current.provenance == Provenance.IMPORTED
    ):
        raise ValueProblem(
            "imported is what an AWS import records; a value given by hand is declared, "
            "estimated or measured"
        )
    given = (source or "").strip() or None
    if unchanged and chosen == current.provenance:
        kept = current.source if source is None else given
        at = current.at if kept == current.source else None
        return Answer(State.VALUE, value, provenance=chosen.value, source=kept, at=at)
    return Answer(
        State.VALUE,
        value,
        provenance=chosen.value,
        source=given if chosen is Provenance.MEASURED else None,
    )


def _same_value(current: Answer, value: Any) -> bool:
    return current.is_value and current.value == value
