"""Start to first screen: the mlprofile app against a bare Textual app with a Header and a Footer.

Each variant runs in a fresh interpreter (imports are part of start-up), headless, and reports
the time from the top of the script to the first refresh after its first real screen is
mounted. Medians of several runs, printed beside the baseline from the same run as ratios.
Budget (DESIGN.md §8): 1.5x the bare app.

    PYTHONPATH=src python bench/bench_tui_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BUDGET = 1.5

BARE = """
import time
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield Footer()

    def on_mount(self):
        self.set_interval(0.005, self.check)

    def check(self):
        if len(self.screen.query("HeaderTitle")) and len(self.screen.query("FooterKey")):
            self.call_after_refresh(self.done)

    def done(self):
        if not getattr(self, "_reported", False):
            self._reported = True
            print(time.perf_counter() - t0, flush=True)
            self.set_timer(0.1, self.exit)

Bare().run(headless=True)
"""

MLPROFILE = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
path = Path(sys.argv[1]) if len(sys.argv) > 1 else None
from mlprofile_tui.tui.session import Session
session = Session.open(path) if path else None
from mlprofile_tui.tui.app import MlprofileApp

class Timed(MlprofileApp):
    def on_mount(self):  # Textual also runs MlprofileApp.on_mount (handlers follow the MRO)
        self.set_interval(0.001, self.check)

    def check(self):
        name = type(self.screen).__name__
        # the first real screen, composed down to its header title and footer keys
        if name in ("StartScreen", "WorkloadScreen") and len(self.screen.query("TitleBar")) \
                and len(self.screen.query("FooterKey")):
            self.call_after_refresh(self.done)

    def done(self):
        if not getattr(self, "_reported", False):
            self._reported = True
            print(time.perf_counter() - t0, flush=True)
            self.set_timer(0.1, self.exit)

Timed(session).run(headless=True)
"""


def run(code: str, *args: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    for line in out.stdout.splitlines():  # the figure is the first line that is a number
        try:
            return float(line.strip())
        except ValueError:
            continue
    raise RuntimeError(f"no timing in the output:\n{out.stdout}\n{out.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("MLPROFILE_DATA_DIR", tempfile.mkdtemp(prefix="mlprofile-bench-"))
    from mlprofile_tui.core.examples import example_copy

    example = str(example_copy("fraud-scorer"))
    run(BARE)  # warm the file cache and bytecode once
    run(MLPROFILE, example)
    results: dict[str, list[float]] = {"bare": [], "start": [], "workload": []}
    for _ in range(args.runs):  # interleaved, so machine noise hits every variant alike
        results["bare"].append(run(BARE))
        results["start"].append(run(MLPROFILE))
        results["workload"].append(run(MLPROFILE, example))
    base = statistics.median(results["bare"])
    print(f"start to first screen, median of {args.runs} fresh interpreters (headless)")
    print(f"  bare Textual app (Header + Footer)   {base * 1000:7.1f} ms   1.00x (baseline)")
    for label, key in (
        ("mlprofile start screen", "start"),
        (f"mlprofile {Path(example).name}", "workload"),
    ):
        t = statistics.median(results[key])
        verdict = "ok" if t / base <= BUDGET else "OVER BUDGET"
        print(f"  {label:<36} {t * 1000:7.1f} ms   {t / base:.2f}x  (budget {BUDGET}x: {verdict})")


if __name__ == "__main__":
    main()
