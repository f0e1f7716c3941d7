"""Small timing helpers shared by the bench scripts: best-of-N wall time, printed as ratios."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeat: int = 7, number: int = 1) -> float:
    """Seconds per call: the best of ``repeat`` runs of ``number`` calls (noise only adds time)."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number)
    return min(runs)


def median_of(fn: Callable[[], object], repeat: int = 7) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def report(name: str, value: float, baseline_name: str, baseline: float, budget: str) -> None:
    ratio = value / baseline if baseline else float("inf")
    print(
        f"{name:<44} {value * 1e3:10.3f} ms   {baseline_name:<34} {baseline * 1e3:10.3f} ms"
        f"   ratio {ratio:6.2f}x   budget {budget}"
    )


def edit_unrelated_key(path, value: int):
    """Load ``path`` for editing and set a key no matrix or comment depends on (the peak
    invocations per minute, measured): the edit every load+edit+save figure times."""
    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.core.workload import WorkloadDocument

    doc = WorkloadDocument.load(path, edit=True)
    doc.set_answer(
        "current", "traffic.peak_invocations_per_minute", Answer(State.VALUE, value, "measured")
    )
    return doc
