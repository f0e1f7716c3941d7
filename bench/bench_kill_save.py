"""kill -9 during saves: never a corrupt or partial workload, no temp file after the next save.

A forked child saves the workload in a loop (load, edit, locked verified save); the parent
kills it with SIGKILL after a random delay, checks the file is a complete, valid workload (one
of the versions written, never a mix), then makes one save itself and checks no temporary
file is left. 300 kills by default (`--kills N`). Prints the counts; exits 1 on any failure.

Run: .venv/bin/python bench/bench_kill_save.py
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from mlprofile_tui.core.answers import Answer, State  # noqa: E402
from mlprofile_tui.core.errors import MlprofileError  # noqa: E402
from mlprofile_tui.core.store import stale_temp_files  # noqa: E402
from mlprofile_tui.core.workload import WorkloadDocument, load_workload  # noqa: E402

KEY = "traffic.peak_invocations_per_minute"


def save_forever(path: Path) -> None:
    n = 0
    while True:
        n += 1
        try:
            doc = WorkloadDocument.load(path, edit=True)
            doc.set_answer("current", KEY, Answer(State.VALUE, 1000 + n, "measured"))
            doc.save()
        except MlprofileError:
            pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.environ.setdefault("MLPROFILE_DATA_DIR", tempfile.mkdtemp(prefix="mlprofile-bench-"))
    tmp = Path(tempfile.mkdtemp(prefix="mlprofile-kill-"))
    path = tmp / "fraud.mlprofile.toml"
    shutil.copyfile(ROOT / "examples" / "fraud-scorer.mlprofile.toml", path)
    corrupt = temps_seen = temps_left = 0
    values = set()
    started = time.perf_counter()
    for i in range(args.kills):
        pid = os.fork()
        if pid == 0:  # the child saves until it is killed
            try:
                save_forever(path)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.005, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        temps_seen += bool(stale_temp_files(path))
        try:
            workload = load_workload(path)
            values.add(workload.effective("current")[KEY].value)
        except MlprofileError as e:
            corrupt += 1
            print(f"kill {i}: {e.render()}")
            shutil.copyfile(ROOT / "examples" / "fraud-scorer.mlprofile.toml", path)
            continue
        doc = WorkloadDocument.load(path, edit=True)
        doc.set_answer("current", KEY, Answer(State.VALUE, 7, "measured"))
        doc.save()
        temps_left += bool(stale_temp_files(path))
    elapsed = time.perf_counter() - started
    print(f"{args.kills} kills in {elapsed:.1f} s; {len(values)} different saved versions seen")
    print(f"kills that left a temp file behind (killed mid-save): {temps_seen}")
    print(f"corrupt or partial files: {corrupt}   (must be 0)")
    print(f"temp files left after the next save: {temps_left}   (must be 0)")
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if corrupt or temps_left else 0


if __name__ == "__main__":
    sys.exit(main())
