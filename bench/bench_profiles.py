"""Commands on a workload with thousands of targets vs. tomllib's parse of the same file.

Issue 8 / DESIGN.md §8: cost linear in profiles. A workload with 10,000 targets (each changing
1-3 answers of its base with a rationale; see ``_big_workload``) must take seconds per command,
not minutes. Each command runs in this process through ``mlprofile``'s own entry point (output
to /dev/null), as a person would run it, and is printed beside tomllib's parse of the same file
measured in the same run; then the growth factor from 1,000 to 10,000 targets, which is about
10x when the command is linear and about 100x when it is quadratic.

Two shapes: a star (every target based on ``current``) and chains (100 chains of 100, each
target based on the previous one).

Run: .venv/bin/python bench/bench_profiles.py [--sizes 1000,10000] [--repeat 3] [--rich]
(``--rich`` adds the human ``compare`` table of every profile, which is slow to print at any
size: one column a profile.)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _big_workload import target_name, write_big_workload  # noqa: E402
from _timing import best_of, report  # noqa: E402

from mlprofile_tui.cli.entry import main as mlprofile  # noqa: E402
from mlprofile_tui.core.loading import load_workload  # noqa: E402


def run(*argv: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = mlprofile(list(argv))
    if code != 0:
        raise SystemExit(f"mlprofile {' '.join(argv)} exited {code}:\n{out.getvalue()[-2000:]}")


def validate_with_warnings(path: Path) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        mlprofile(["validate", str(path)])
    if "warning" not in out.getvalue():
        raise SystemExit(f"expected warnings from {path}")


def commands(path: Path, bare: Path, n: int, rich: bool) -> dict[str, Callable[[], object]]:
    f = str(path)
    one = target_name(n // 2)
    counter = iter(range(10**9))

    def branch() -> None:
        run("branch", f, "--from", one, "--name", f"new-{next(counter)}", "--rationale", "bench")

    def set_one() -> None:
        peak = 1000 + next(counter)
        run("set", f, "--profile", one, f"traffic.peak_invocations_per_minute={peak}")
        run("set", f, "--profile", one, "traffic.peak_invocations_per_minute=1000")

    out: dict[str, Callable[[], object]] = {
        "load+build (load_workload)": lambda: load_workload(path),
        "compare --json (every profile)": lambda: run("compare", f, "--json"),
        "compare --json (current and one target)": lambda: run(
            "compare", f, "--profiles", f"current,{one}", "--json"
        ),
        "score --json (one target)": lambda: run("score", f, "--profile", one, "--json"),
        "show --json (one target)": lambda: run("show", f, "--profile", one, "--json"),
        "validate": lambda: run("validate", f),
        "validate (1 target in 10 without rationale)": lambda: validate_with_warnings(bare),
        "branch (load+edit+checked save)": branch,
        "set one target (x2: set, set back)": set_one,
    }
    if rich:
        out["compare (rich table, every profile)"] = lambda: run("compare", f)
    return out


def measure(n: int, chain: int, tmp: Path, repeat: int, rich: bool) -> dict[str, float]:
    path = write_big_workload(tmp / f"w{n}-{chain}.mlprofile.toml", n, chain)
    bare = write_big_workload(tmp / f"b{n}-{chain}.mlprofile.toml", n, chain, bare_every=10)
    work = tmp / f"edit{n}-{chain}.mlprofile.toml"
    shutil.copyfile(path, work)
    text = path.read_text()
    shape = "star" if chain == 1 else f"{n // chain} chains of {chain}"
    print(f"\n{n} targets, {shape} ({len(text) / 1e6:.1f} MB)")
    base = best_of(lambda: tomllib.loads(text), repeat=repeat)
    figures = {}
    for name, fn in commands(work, bare, n, rich).items():
        figures[name] = best_of(fn, repeat=repeat)
        report(f"  {name}", figures[name], "tomllib parse", base, "seconds, linear")
    figures["tomllib parse"] = base
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--chain", default="1,100", help="chain lengths (1: a star)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rich", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("MLPROFILE_DATA_DIR", tempfile.mkdtemp(prefix="mlprofile-bench-"))
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'':44} {'ours':>13}   {'baseline (same run)':<34}")
    with tempfile.TemporaryDirectory() as tmp:
        for chain in (int(c) for c in args.chain.split(",")):
            results = {n: measure(n, chain, Path(tmp), args.repeat, args.rich) for n in sizes}
            small, large = sizes[0], sizes[-1]
            if small == large:
                continue
            print(f"\ngrowth {small:,} -> {large:,} targets (linear: ~{large / small:.0f}x)")
            for name in results[small]:
                growth = results[large][name] / results[small][name]
                print(f"  {name:<46} {growth:6.1f}x")


if __name__ == "__main__":
    main()
