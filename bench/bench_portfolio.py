"""Portfolio budgets (DESIGN.md §8, issue 10), each figure beside its baseline from the same run.

- 2,000 workload files: ``mlprofile portfolio DIR --json``, the whole process, within 1.0x of
  one process that only parses the same files with tomllib (both run as subprocesses,
  interleaved, medians).
- 10,000 files: linear (time per file against 2,000's, ours and the baseline's) and memory
  bounded (peak RSS of the largest process, parent or worker, from ``getrusage`` of children).
- The pool's crossover: in one process, ``score_portfolio`` on one core against the pool for
  small portfolios; ``core.portfolio.POOL_THRESHOLD`` should sit near where the pool wins.

The files are the bundled examples with varied names, owners and answers, in team folders
(``bench/_portfolio_files.py``). The machine is shared: the load average is printed before and
after; read the ratios, not the seconds.

Run: .venv/bin/python bench/bench_portfolio.py [--rounds N] [--big N] [--skip-big]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _portfolio_files import write_portfolio  # noqa: E402

from mlprofile_tui.core.portfolio import (  # noqa: E402
    POOL_THRESHOLD,
    _in_pool,
    score_chunk,
    score_portfolio,
    usable_cores,
)
from mlprofile_tui.core.portfolio_sources import discover  # noqa: E402

# The baseline: one process, find the files, parse each with tomllib, nothing else.
PARSE_ONLY = """
import sys, tomllib
from pathlib import Path
for p in sorted(Path(sys.argv[1]).rglob("*.mlprofile.toml")):
    tomllib.loads(p.read_text(encoding="utf-8"))
"""

# Runs a command and reports its wall time, the peak RSS of the largest process among it and
# its descendants (KiB), and their CPU seconds; its own start-up is not counted.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - start
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([code, elapsed, u.ru_maxrss, u.ru_utime + u.ru_stime]))
"""


def mlprofile() -> list[str]:
    script = Path(sys.executable).with_name("mlprofile")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mlprofile_tui.cli"]


def measure(command: list[str]) -> tuple[float, int, float]:
    """(seconds, peak RSS in KiB, CPU seconds) of one run of ``command``."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    ).stdout
    code, elapsed, rss, cpu = json.loads(out)
    if code != 0:
        raise SystemExit(f"{command} exited {code}")
    return elapsed, rss, cpu


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def check_output(folder: Path, n: int) -> None:
    """The run being timed does the whole job: every file scored, none in error."""
    out = subprocess.run(
        [*mlprofile(), "portfolio", str(folder), "--json"], capture_output=True, text=True
    )
    summary = json.loads(out.stdout)["summary"]
    if out.returncode != 0 or summary["count"] != n or summary["errors"]:
        raise SystemExit(f"portfolio run is not complete: exit {out.returncode}, {summary}")


def whole_process(folder: Path, n: int, rounds: int) -> dict[str, list[tuple[float, int, float]]]:
    """Interleaved runs of ours and the baseline, so a burst of load hits both alike."""
    check_output(folder, n)
    runs: dict[str, list[tuple[float, int, float]]] = {"ours": [], "base": []}
    for _ in range(rounds):
        runs["base"].append(measure([sys.executable, "-c", PARSE_ONLY, str(folder)]))
        runs["ours"].append(measure([*mlprofile(), "portfolio", str(folder), "--json"]))
    return runs


def median(runs: list[tuple[float, int, float]], field: int) -> float:
    return statistics.median(r[field] for r in runs)


def row(name: str, ours: str, base_name: str, base: str, ratio: str, budget: str) -> None:
    print(f"{name:<40} {ours:>12}   {base_name:<34} {base:>12}   {ratio:>8}   {budget}")


def crossover(folder: Path, rounds: int) -> None:
    sources = discover([str(folder)])
    cores = usable_cores()
    print(f"\npool crossover (in process, {cores} usable cores; threshold now {POOL_THRESHOLD}):")
    score_portfolio(sources[:8], workers=1)  # warm: rubric built, modules loaded
    winner = None
    for n in (4, 8, 16, 24, 32, 48, 64, 128):
        part = sources[:n]
        one, pool = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            score_portfolio(part, workers=1)
            one.append(time.perf_counter() - start)
            start = time.perf_counter()
            score_portfolio(part, workers=cores, pool_threshold=0)
            pool.append(time.perf_counter() - start)
        a, b = statistics.median(one), statistics.median(pool)
        if b < a and winner is None:
            winner = n
        elif b >= a:
            winner = None
        row(
            f"  {n:>4} files, pool of {cores}",
            f"{b * 1e3:9.1f} ms",
            "one process",
            f"{a * 1e3:9.1f} ms",
            f"{b / a:6.2f}x",
            "pool wins" if b < a else "one process wins",
        )
    print(f"  -> the pool wins from {winner} files on (median of {rounds} interleaved runs)")
    pool_startup(sources, cores)


def pool_startup(sources, cores: int) -> None:
    """The same question asked of the costs, less at the mercy of other people's load: a
    pool's own cost (start the workers, hand each an empty chunk, collect, shut down) in files'
    worth of work; n files on c free cores save n(1 - 1/c) files' work."""
    pool, per = [], []
    for _ in range(9):
        start = time.perf_counter()
        list(_in_pool([[] for _ in range(cores)], None, cores, None))
        pool.append(time.perf_counter() - start)
        start = time.perf_counter()
        score_chunk(sources[:20], None)
        per.append((time.perf_counter() - start) / 20)
    # best of each: noise only adds time
    overhead, f = min(pool), min(per)
    print(
        f"  pool start-up {overhead * 1e3:.1f} ms = {overhead / f:.1f} files of work "
        f"({f * 1e3:.2f} ms a file); the pool pays from about "
        f"{overhead / f / (1 - 1 / cores):.0f} files on {cores} free cores"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="interleaved runs a size (median)")
    ap.add_argument("--big", type=int, default=10_000, help="files in the big portfolio")
    ap.add_argument("--skip-big", action="store_true", help="2,000 files and the crossover only")
    args = ap.parse_args()
    print(f"before: {load()}; mlprofile uses {usable_cores()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "2000"
        write_portfolio(small, 2000)
        runs = whole_process(small, 2000, args.rounds)
        ours, base = median(runs["ours"], 0), median(runs["base"], 0)
        row("", "ours", "baseline (same run)", "", "ratio", "budget")
        row(
            "portfolio 2,000 files --json (process)",
            f"{ours:9.2f} s",
            "tomllib parse only (process)",
            f"{base:9.2f} s",
            f"{ours / base:6.2f}x",
            "<= 1.0x",
        )
        print(
            f"    runs (s): ours {[round(r[0], 2) for r in runs['ours']]}, "
            f"baseline {[round(r[0], 2) for r in runs['base']]}; CPU seconds (all processes): "
            f"ours {median(runs['ours'], 2):.2f}, baseline {median(runs['base'], 2):.2f}"
        )
        rss_small = median(runs["ours"], 1)
        row(
            "peak RSS, 2,000 files",
            f"{rss_small / 1024:8.1f} MB",
            "tomllib parse only",
            f"{median(runs['base'], 1) / 1024:8.1f} MB",
            f"{rss_small / median(runs['base'], 1):6.2f}x",
            "bounded",
        )
        crossover(small, args.rounds)
        if not args.skip_big:
            big = Path(tmp) / "big"
            write_portfolio(big, args.big)
            rounds = max(1, args.rounds // 2 + 1)
            big_runs = whole_process(big, args.big, rounds)
            ours_big, base_big = median(big_runs["ours"], 0), median(big_runs["base"], 0)
            print()
            row(
                f"portfolio {args.big:,} files --json",
                f"{ours_big:9.2f} s",
                "tomllib parse only",
                f"{base_big:9.2f} s",
                f"{ours_big / base_big:6.2f}x",
                "<= 1.0x",
            )
            per_small, per_big = ours / 2000 * 1e3, ours_big / args.big * 1e3
            base_small, base_per_big = base / 2000 * 1e3, base_big / args.big * 1e3
            row(
                f"  ms per file at {args.big:,} vs 2,000",
                f"{per_big:6.3f}/{per_small:.3f}",
                "baseline's, same sizes",
                f"{base_per_big:6.3f}/{base_small:.3f}",
                f"{per_big / per_small:6.2f}x",
                f"linear (~1.0x; baseline {base_per_big / base_small:.2f}x)",
            )
            rss_big = median(big_runs["ours"], 1)
            row(
                f"  peak RSS at {args.big:,} vs 2,000",
                f"{rss_big / 1024:8.1f} MB",
                "at 2,000 files",
                f"{rss_small / 1024:8.1f} MB",
                f"{rss_big / rss_small:6.2f}x",
                f"bounded (files x{args.big / 2000:.0f})",
            )
            print(
                f"    runs (s): ours {[round(r[0], 2) for r in big_runs['ours']]}, "
                f"baseline {[round(r[0], 2) for r in big_runs['base']]}"
            )
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
