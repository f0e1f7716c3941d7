"""Files of rubric 1.0.0 keep scoring exactly as they did when 1.0.0 was the newest rubric.

``data/rubric-1.0.0/golden-scores.json`` was computed before rubric 1.1.0 and its scoring
features (automatic N/A, caps, sums) existed: the three bundled examples as they were, and 400
seeded random answer sets (unanswered, unknown, N/A and values in every band). Any change to the
scoring code that moves a 1.0.0 level, score, blocker or distance text fails here. (Rewritten
once when distance texts began naming choices by their labels: with ids in their place, the
new code reproduced the old data exactly.)
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest
from golden_answers import random_answers

from mlprofile_tui.core.loading import load_workload
from mlprofile_tui.core.rubric import resolve_rubric
from mlprofile_tui.core.scoring import score_json, score_profile

DATA = Path(__file__).parent / "data" / "rubric-1.0.0"
GOLDEN = json.loads((DATA / "golden-scores.json").read_text())


@pytest.mark.parametrize("name", sorted(GOLDEN["files"]))
def test_a_1_0_0_file_scores_exactly_as_before(name):
    w = load_workload(DATA / name)
    assert w.rubric.version == "1.0.0"
    got = {p: score_json(w.rubric, score_profile(w.rubric, w.effective(p), p)) for p in w.profiles}
    assert got == GOLDEN["files"][name]


def test_random_1_0_0_answers_score_exactly_as_before():
    rubric = resolve_rubric("mloe-05", "1.0.0")
    moved = []
    for seed, expected in enumerate(GOLDEN["random"]):
        answers = random_answers(rubric, random.Random(seed))
        full = json.dumps(
            score_json(rubric, score_profile(rubric, answers, str(seed))), sort_keys=True
        )
        if hashlib.sha256(full.encode()).hexdigest() != expected:
            moved.append(seed)
    assert moved == [], f"seeds whose 1.0.0 scores moved: {moved[:10]}"
