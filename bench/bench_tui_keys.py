"""Does any key wait? The event loop's longest stall while answers are given, 5,000-row matrix.

Runs the real app headless at 120x40 on a workload whose provisioning matrix has 5,000 rows,
accepts answers as the question widgets submit them (enum answers, then matrix answers with
one row changed each), and measures how long the event loop was ever blocked: a monitor task
asks to wake every 2 ms and records how late it woke. The TOML edit and the recovery copy run
in a thread worker; the baseline, in the same run, writes them on the event loop (the app
before issue 8).
Budget (DESIGN.md §8): no key blocked more than 50 ms.

    .venv/bin/python bench/bench_tui_keys.py [--answers N] [--rows N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

BUDGET_MS = 50.0


async def longest_stall(path: Path, answers: int, *, on_loop: bool) -> tuple[float, float]:
    """(longest event-loop stall, median handler time) in ms over ``answers`` answers."""
    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.tui.app import MlprofileApp
    from mlprofile_tui.tui.screens.workload import WorkloadScreen
    from mlprofile_tui.tui.session import Session

    session = Session.open(path)
    app = MlprofileApp(session, blink=False)
    stalls: list[float] = []
    handlers: list[float] = []
    watching = True

    async def monitor() -> None:
        while watching:
            start = time.perf_counter()
            await asyncio.sleep(0.002)
            stalls.append((time.perf_counter() - start) * 1000 - 2.0)

    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, WorkloadScreen):
            await pilot.pause(0.01)
        screen = app.screen
        if on_loop:  # the old way: TOML edit and recovery copy on the event loop
            screen.write_recovery = session.write_recovery  # type: ignore[method-assign]
        rows = [dict(r) for r in session.answer("provisioning.matrix").value]
        await screen.go_to("deployment.profile_review")
        await pilot.pause()
        await app.workers.wait_for_complete()
        task = asyncio.get_running_loop().create_task(monitor())
        for i in range(answers):
            if i == answers // 2:  # then the matrix question, one row changed per answer
                await screen.go_to("provisioning.matrix")
                await pilot.pause()
            if i >= answers // 2:
                rows[i % len(rows)] = dict(rows[i % len(rows)], count=100 + i)
                key, answer = "provisioning.matrix", Answer(State.VALUE, list(rows))
            else:
                key = "deployment.profile_review"
                answer = Answer(State.VALUE, ("ad_hoc", "each_release")[i % 2])
            t0 = time.perf_counter()
            await screen.accept(key, answer, advance=False)
            handlers.append((time.perf_counter() - t0) * 1000)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        watching = False
        await task
        session.discard()
    handlers.sort()
    return max(stalls), handlers[len(handlers) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=12)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mlprofile-bench-"))
    os.environ.setdefault("MLPROFILE_DATA_DIR", str(folder / "data"))
    from bench_matrix_edit import workload_with_matrix

    path = folder / "big.mlprofile.toml"
    workload_with_matrix(path, args.rows)
    ours, ours_handler = asyncio.run(longest_stall(path, args.answers, on_loop=False))
    old, old_handler = asyncio.run(longest_stall(path, args.answers, on_loop=True))
    print(
        f"{args.answers} answers (enum and one matrix row), {args.rows}-row matrix, headless 120x40"
    )
    print(
        f"  longest event-loop stall, TOML edit + copy in a worker  {ours:8.1f} ms   "
        f"baseline on the loop (same run) {old:8.1f} ms   ratio {ours / old:5.2f}x   "
        f"budget {BUDGET_MS:.0f} ms: {'ok' if ours <= BUDGET_MS else 'OVER'}"
    )
    print(
        f"  median answer handler (gauges)                         {ours_handler:8.1f} ms   "
        f"baseline {old_handler:8.1f} ms"
    )


if __name__ == "__main__":
    main()
