"""What a profile holds for one characteristic: an answer with its state and provenance."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from .errors import ValueProblem


class State(StrEnum):
    VALUE = "value"
    UNKNOWN = "unknown"  # an honest final answer; scores as the lowest level
    NOT_APPLICABLE = "not_applicable"  # excluded from scoring; needs a reason
    UNANSWERED = "unanswered"  # not asked yet; the profile is a draft while any remain


class Provenance(StrEnum):
    DECLARED = "declared"  # someone said so
    ESTIMATED = "estimated"  # someone's estimate (typed with a marker such as ~400)
    MEASURED = "measured"  # read off a metric, a load test or a report (see ``source``)
    IMPORTED = "imported"  # read from an AWS account by the importer


def typed_provenance(approximate: bool, chosen: str | None = None) -> Provenance:
    """The provenance of a value a person typed: what they ``chose`` (declared, estimated,
    measured) wins; without a choice, estimated when they wrote it approximately (``~400``)
    and declared otherwise.

    Raises ValueProblem when the choice contradicts the text: a measured value is exact.
    """
    if chosen is None:
        return Provenance.ESTIMATED if approximate else Provenance.DECLARED
    picked = Provenance(chosen)
    if approximate and picked is Provenance.MEASURED:
        raise ValueProblem(
            "an approximate value cannot be measured (a measurement is exact): drop the "
            "marker (~, about, ...ish) or call it estimated"
        )
    return picked


@dataclass(frozen=True, slots=True)
class Answer:
    """One characteristic's answer in a profile: its ``state``, the ``value`` when the state
    is VALUE (typed by the characteristic, e.g. bytes as an int, durations in ms), and where
    it came from (``provenance``, ``source``, ``at``), why it does not apply (``reason``) or,
    in a target, why it differs from the base (``rationale``)."""

    state: State
    value: Any = None
    provenance: str | None = None
    source: str | None = None  # ARN, metric or document the value came from
    at: str | None = None  # when it was imported or measured (ISO 8601)
    reason: str | None = None  # why it is not applicable
    rationale: str | None = None  # in a target: why this value differs from the base

    @property
    def is_value(self) -> bool:
        return self.state is State.VALUE

    def with_rationale(self, rationale: str | None) -> Answer:
        return replace(self, rationale=rationale)

    def same_answer(self, other: Answer) -> bool:
        """Equal as an answer, ignoring where it came from and why it was chosen."""
        return self.state == other.state and self.value == other.value

    def same_record(self, other: Answer) -> bool:
        """Equal as an answer and in where it came from (provenance, source, time and
        reason); only the rationale may differ."""
        return replace(self, rationale=None) == replace(other, rationale=None)


UNANSWERED = Answer(State.UNANSWERED)
