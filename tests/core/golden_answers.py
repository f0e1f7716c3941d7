"""Seeded random answer sets for a rubric: the golden scores of rubric 1.0.0 are computed over
them, so a change to the scoring code that moves any 1.0.0 level is caught."""

from __future__ import annotations

import random

from mlprofile_tui.core.answers import Answer, Provenance, State
from mlprofile_tui.core.rubric import Rubric

_NUMBERS = (0, 1, 5, 10, 50, 80, 100, 120, 150, 200, 300, 500, 1_000, 2_500, 60_000)


def random_answers(rubric: Rubric, rng: random.Random) -> dict[str, Answer]:
    """One answer set: each characteristic unanswered, unknown, not applicable or a value of its
    type (numbers drawn so fit ratios fall in every band)."""
    answers: dict[str, Answer] = {}
    for ch in rubric.characteristics:
        roll = rng.random()
        if roll < 0.1:
            continue
        if roll < 0.2:
            answers[ch.key] = Answer(State.UNKNOWN)
            continue
        if roll < 0.25 and ch.na_allowed:
            answers[ch.key] = Answer(State.NOT_APPLICABLE, reason="random")
            continue
        value: object
        if ch.type == "enum":
            value = rng.choice(ch.choice_ids)
        elif ch.type == "multi":
            value = sorted(rng.sample(ch.choice_ids, rng.randint(0, len(ch.choice_ids))))
        elif ch.type == "bool":
            value = rng.random() < 0.5
        elif ch.type in ("int", "bytes", "duration_ms"):
            value = rng.choice(_NUMBERS)
        elif ch.type == "float":
            value = float(rng.choice(_NUMBERS)) * rng.choice((0.5, 1.0, 1.5))
        elif ch.type == "matrix":
            value = []
        else:
            value = "text"
        answers[ch.key] = Answer(State.VALUE, value, Provenance.DECLARED)
    return answers
