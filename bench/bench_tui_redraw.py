"""Accepted answer -> gauges redrawn, for the full rubric and for a 500-row provisioning matrix.

Runs the real app headless at 120x40 and times, per accepted answer: the handler (the edit in
memory, scoring, every gauge and the group list updated) and the next frame (the screen
composited and rendered, taken when the frame is handed to the headless terminal).
The TOML document edit and the recovery copy happen after the frame and are timed on their
own (the frame timer itself ticks at 60 Hz, so "next frame" includes up to one tick of wait).
Budget (DESIGN.md §8): one frame, 16 ms; figures are printed beside it as ratios.

    PYTHONPATH=src python bench/bench_tui_redraw.py [--answers N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

FRAME_MS = 16.0


def matrix_rows(n: int) -> list[dict]:
    envs = ("dev", "staging", "production")
    regions = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2")
    workloads = ("training", "batch_inference", "real_time_inference", "notebooks")
    types = (
        "ml.m5.large",
        "ml.m5.xlarge",
        "ml.m5.2xlarge",
        "ml.m5.4xlarge",
        "ml.c5.xlarge",
        "ml.c5.2xlarge",
        "ml.g4dn.xlarge",
        "ml.p3.2xlarge",
        "ml.r5.large",
    )
    rows = []
    for env in envs:
        for region in regions:
            for wl in workloads:
                for it in types:
                    rows.append(
                        {
                            "environment": env,
                            "region": region,
                            "workload": wl,
                            "instance_type": it,
                            "count": 1 + len(rows) % 7,
                        }
                    )
    return rows[:n]


def workload_with_matrix(folder: Path, rows: int) -> Path:
    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.core.examples import example_copy
    from mlprofile_tui.core.workload import WorkloadDocument

    path = folder / "big-matrix.mlprofile.toml"
    path.write_text(example_copy("fraud-scorer").read_text())
    doc = WorkloadDocument.load(path)
    doc.set_answer(
        "current",
        "provisioning.matrix",
        Answer(State.VALUE, matrix_rows(rows), provenance="declared"),
    )
    doc.save()
    return path


async def measure(path: Path, answers: int, *, matrix_edit: bool) -> dict[str, list[float]]:
    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.tui.app import MlprofileApp
    from mlprofile_tui.tui.screens.workload import WorkloadScreen
    from mlprofile_tui.tui.session import Session

    session = Session.open(path)
    app = MlprofileApp(session)
    out: dict[str, list[float]] = {"handler": [], "frame": [], "recovery": []}
    shown: list[float] = []
    display = app._display

    def timed_display(screen, renderable):  # the moment a frame is handed to the terminal
        display(screen, renderable)
        if renderable is not None:
            shown.append(time.perf_counter())

    app._display = timed_display
    choices = ("ad_hoc", "each_release")
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, WorkloadScreen):
            await pilot.pause(0.01)
        screen = app.screen
        key = "provisioning.matrix" if matrix_edit else "deployment.profile_review"
        await screen.go_to(key)
        await pilot.pause()
        rows = list(session.answer("provisioning.matrix").value or [])
        for i in range(answers):
            if matrix_edit:  # one row's count changes, as the matrix editor submits it
                rows[i % len(rows)] = dict(rows[i % len(rows)], count=100 + i)
                answer = Answer(State.VALUE, list(rows), provenance="declared")
            else:
                answer = Answer(State.VALUE, choices[i % 2], provenance="declared")
            screen._recovery_pending = True  # time the recovery copy separately, below
            shown.clear()
            t0 = time.perf_counter()
            await screen.accept(key, answer, advance=False)
            t1 = time.perf_counter()
            deadline = t1 + 2.0
            while not shown and time.perf_counter() < deadline:  # the next frame drawn
                await asyncio.sleep(0.0005)
            if not shown:
                raise RuntimeError(f"no frame was drawn within 2 s of answer {i}")
            t2 = shown[0]
            await pilot.pause()
            screen._recovery_pending = False
            t3 = time.perf_counter()
            session.write_recovery()  # includes the deferred TOML edit (session.flush)
            t4 = time.perf_counter()
            out["handler"].append((t1 - t0) * 1000)
            out["frame"].append((t2 - t0) * 1000)
            out["recovery"].append((t4 - t3) * 1000)
        session.discard()  # else the next run on this file is offered the recovery copy first
    return out


def report(label: str, figures: dict[str, list[float]]) -> None:
    print(f"  {label}")
    for name, what in (
        ("handler", "answer -> gauges updated"),
        ("frame", "answer -> next frame drawn"),
        ("recovery", "TOML edit + recovery copy, after"),
    ):
        med = statistics.median(figures[name])
        p95 = sorted(figures[name])[int(len(figures[name]) * 0.95) - 1]
        verdict = "" if name == "recovery" else ("  ok" if med <= FRAME_MS else "  OVER BUDGET")
        print(
            f"    {what:<34} median {med:6.2f} ms ({med / FRAME_MS:.2f}x)  "
            f"p95 {p95:6.2f} ms ({p95 / FRAME_MS:.2f}x){verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mlprofile-bench-"))
    os.environ.setdefault("MLPROFILE_DATA_DIR", str(folder / "data"))
    from mlprofile_tui.core.examples import example_copy
    from mlprofile_tui.core.rubric import resolve_rubric

    rubric = resolve_rubric(None)
    big = workload_with_matrix(folder, 500)
    print(
        f"accepted answer -> gauges redrawn, {args.answers} answers each, headless 120x40; "
        f"baseline: one frame = {FRAME_MS:.0f} ms (ratios are against it)"
    )
    report(
        f"full rubric ({len(rubric.characteristics)} characteristics, fraud-scorer), enum answer",
        asyncio.run(measure(example_copy("fraud-scorer"), args.answers, matrix_edit=False)),
    )
    report(
        "500-row provisioning matrix in the profile, enum answer",
        asyncio.run(measure(big, args.answers, matrix_edit=False)),
    )
    report(
        "500-row provisioning matrix, one row edited (the matrix is the answer)",
        asyncio.run(measure(big, max(5, args.answers // 4), matrix_edit=True)),
    )


if __name__ == "__main__":
    main()
