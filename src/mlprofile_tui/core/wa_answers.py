"""A profile's answers as Well-Architected Tool answers, and the names of its milestones.

Pure data for ``push-wa`` (the calls themselves live in ``aws.wa_push``): which choice of the
exported lens (``core.wa_lens``) a scored value selects, the notes that carry what the WA Tool
cannot hold (the typed value, its provenance, the level, the rationale), N/A as
``IsApplicable=false`` with a reason, and a milestone name per snapshot.

Limits from botocore's wellarchitected model (2020-03-31): ``UpdateAnswer.Notes`` ≤2,084
characters; ``Reason`` one of OUT_OF_SCOPE, BUSINESS_PRIORITIES, ARCHITECTURE_CONSTRAINTS,
OTHER, NONE; ``CreateMilestone.MilestoneName`` 3-100 characters, unique in a workload;
``CreateWorkload``: WorkloadName 3-100, Description 3-250, ReviewOwner 3-255, AwsRegions ≤50,
Environment PRODUCTION or PREPRODUCTION.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .answers import UNANSWERED, Answer, State
from .errors import MlprofileError
from .model import CURRENT, SNAPSHOT, Profile, Workload
from .rubric import Rubric
from .scoring import SKIPPED, score_profile
from .values import display
from .wa_lens import Lens

MAX_NOTES = 2084
MAX_MILESTONE_NAME = 100
MAX_WORKLOAD_NAME = 100
MAX_REGIONS = 50
ENVIRONMENTS = ("PRODUCTION", "PREPRODUCTION")
MILESTONE_PREFIX = "mlprofile "  # marks the milestones this tool made (and finds them again)


@dataclass(frozen=True)
class AnswerUpdate:
    """``UpdateAnswer``'s parameters for one question, less WorkloadId and LensAlias."""

    key: str
    params: dict[str, Any]

    def same_as(self, answer: Mapping[str, Any]) -> bool:
        """True when ``answer`` (GetAnswer's ``Answer``) already says this: no write needed."""
        if self.params.get("IsApplicable", True) != answer.get("IsApplicable", True):
            return False
        if self.params.get("Notes", "") != answer.get("Notes", ""):
            return False
        if "SelectedChoices" in self.params:
            return sorted(self.params["SelectedChoices"]) == sorted(
                answer.get("SelectedChoices", [])
            )
        return self.params.get("Reason") == answer.get("Reason")


def answer_updates(lens: Lens, rubric: Rubric, answers: Mapping[str, Answer]) -> list[AnswerUpdate]:
    """One update a scored characteristic that has an answer (unanswered ones are left alone
    in the WA Tool), in rubric order."""
    result = score_profile(rubric, answers)
    out = []
    for key, question in lens.questions.items():
        score = result.characteristic(key)
        answer = answers.get(key, UNANSWERED)
        params: dict[str, Any] = {"QuestionId": question.id}
        if score.state == SKIPPED:
            params |= {
                "IsApplicable": False,
                "Reason": "OUT_OF_SCOPE",
                "Notes": _fit("Not applicable: an earlier answer makes this question moot."),
            }
        elif score.state == State.NOT_APPLICABLE:
            declared = answer.state is State.NOT_APPLICABLE
            reason = score.distance.removeprefix("not applicable: ")
            params |= {
                "IsApplicable": False,
                # a platform that cannot offer it vs. a person saying it is out of scope
                "Reason": "OUT_OF_SCOPE" if declared else "ARCHITECTURE_CONSTRAINTS",
                "Notes": _fit(f"Not applicable: {reason}"),
            }
        elif score.state == State.UNANSWERED:
            continue
        else:
            level = score.level or 0
            # an unknown answer selects "Not known yet" (a None of these choice: high risk)
            choice = (
                question.choice_for(answer.value, level) if answer.is_value else question.unknown
            )
            params |= {
                "SelectedChoices": [choice.id],
                "IsApplicable": True,
                "Notes": _fit(_notes(rubric, key, answer, level, score.distance)),
            }
        out.append(AnswerUpdate(key, params))
    return out


def _notes(rubric: Rubric, key: str, answer: Answer, level: int, distance: str) -> str:
    ch = rubric.get(key)
    lv = rubric.level(level)
    shown = display(ch, answer)
    choice = ch.choice(answer.value) if ch.type == "enum" and answer.is_value else None
    parts = [f"{choice.label} ({choice.id})" if choice else shown]
    where = answer.provenance or ""
    if answer.source:
        where = f"{where}, {answer.source}" if where else answer.source
    if where:
        parts[0] += f" ({where})"
    parts.append(f"mlprofile level {lv.id} {lv.label}; {distance}.")
    if answer.rationale:
        parts.append(f"Rationale: {' '.join(answer.rationale.split())}")
    return "\n".join(parts)


def _fit(text: str) -> str:
    return text if len(text) <= MAX_NOTES else text[: MAX_NOTES - 1] + "…"


def milestone_name(profile: Profile) -> str:
    """``mlprofile snapshot-2026-06-01``: profile names are ≤64 characters, so this fits 100."""
    name = f"{MILESTONE_PREFIX}{profile.name}"
    assert len(name) <= MAX_MILESTONE_NAME
    return name


def snapshots_to_record(workload: Workload, existing: set[str]) -> list[Profile]:
    """Dated snapshots (oldest first; not ``current``, which keeps changing) whose milestone
    name is not in ``existing``."""
    return [
        p
        for p in workload.snapshots()
        if p.kind == SNAPSHOT and p.name != CURRENT and milestone_name(p) not in existing
    ]


def workload_regions(workload: Workload, profile: str, fallback: str) -> list[str]:
    """The AWS Regions of the profile's provisioning matrix (sorted), else ``[fallback]``;
    MlprofileError past CreateWorkload's 50."""
    answers = workload.effective(profile)
    regions: set[str] = set()
    for key in workload.rubric.matrix_keys:
        a = answers.get(key)
        if a is not None and a.is_value:
            regions.update(row["region"] for row in a.value)
    if len(regions) > MAX_REGIONS:
        raise MlprofileError(
            f"the provisioning matrix names {len(regions)} Regions; a WA Tool workload takes at "
            f"most {MAX_REGIONS}",
            path=workload.path,
        )
    return sorted(regions) or [fallback]


def workload_name(workload: Workload, override: str | None) -> str:
    """``--workload-name`` or the workload's name; MlprofileError outside 3-100 characters."""
    name = (override if override is not None else workload.name).strip()
    if not 3 <= len(name) <= MAX_WORKLOAD_NAME:
        raise MlprofileError(
            f"WA Tool workload names are 3 to {MAX_WORKLOAD_NAME} characters, got {name!r}; "
            "pass --workload-name",
            path=workload.path,
        )
    return name


def review_owner(workload: Workload) -> str:
    """The workload's owner: CreateWorkload requires a ReviewOwner of 3-255 characters."""
    owner = workload.owner.strip()
    if not 3 <= len(owner) <= 255:
        raise MlprofileError(
            "the WA Tool needs a review owner of 3 to 255 characters: set owner under "
            f"[workload] (got {owner!r})",
            path=workload.path,
        )
    return owner
