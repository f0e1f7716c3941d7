"""Scoring budgets (DESIGN.md §8): one profile < 1 ms; 1,000 files within 1.5x of tomllib parsing.

Run: .venv/bin/python bench/bench_scoring.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_of, report  # noqa: E402

from mlprofile_tui.core.rubric import resolve_rubric  # noqa: E402
from mlprofile_tui.core.scoring import score_profile  # noqa: E402
from mlprofile_tui.core.workload import load_workload  # noqa: E402

EXAMPLES = sorted((ROOT / "examples").glob("*.mlprofile.toml"))


def portfolio(folder: Path, n: int = 1000) -> list[Path]:
    """n workload files: the examples with their enum answers shuffled, so no two are alike."""
    rng = random.Random(7)
    rubric = resolve_rubric(None)
    texts = [p.read_text() for p in EXAMPLES]
    enums = [c for c in rubric.characteristics if c.type == "enum"]
    paths = []
    for i in range(n):
        text = texts[i % len(texts)]
        for ch in rng.sample(enums, 5):
            marker = f'"{ch.key}" = {{ value = "'
            start = text.find(marker)
            if start >= 0:
                end = text.index('"', start + len(marker))
                text = text[: start + len(marker)] + rng.choice(ch.choice_ids) + text[end:]
        path = folder / f"w{i:04d}.mlprofile.toml"
        path.write_text(text)
        paths.append(path)
    return paths


def main() -> None:
    rubric = resolve_rubric(None)
    workload = load_workload(ROOT / "examples/fraud-scorer.mlprofile.toml")
    answers = workload.effective("current")
    one = best_of(lambda: score_profile(rubric, answers), repeat=9, number=200)
    text = (ROOT / "examples/fraud-scorer.mlprofile.toml").read_text()
    parse_one = best_of(lambda: tomllib.loads(text), repeat=9, number=50)
    print(f"{'':44} {'ours':>13}   {'baseline (same run)':<34} {'':>13}")
    report(
        f"score one profile ({len(rubric.characteristics)} characteristics)",
        one,
        "tomllib.loads of that file",
        parse_one,
        "< 1 ms absolute",
    )
    print(f"    -> {one * 1e6:.0f} µs per profile, {one / 1e-3:.2f}x of the 1 ms budget")

    with tempfile.TemporaryDirectory() as tmp:
        paths = portfolio(Path(tmp))

        def parse_all():
            for p in paths:
                tomllib.loads(p.read_text())

        def score_all():
            for p in paths:
                w = load_workload(p, rubric=rubric)
                score_profile(rubric, w.effective(None))

        # Interleaved so a burst of load on this shared machine hits both sides alike.
        base = ours = float("inf")
        for _ in range(5):
            base = min(base, best_of(parse_all, repeat=1))
            ours = min(ours, best_of(score_all, repeat=1))
        report(
            "read + validate + score 1,000 files",
            ours,
            "tomllib parse of the same files",
            base,
            "<= 1.5x",
        )


if __name__ == "__main__":
    main()
