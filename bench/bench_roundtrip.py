"""Load + edit + save of a workload file vs. tomlkit's own parse + dump (DESIGN.md §8: <= 1.25x).

Two comparisons, both in this run: in memory (our load + edit + render vs. tomlkit parse + dump),
and through the disk (plus our atomic, fsynced save vs. tomlkit's text written plainly).

Run: .venv/bin/python bench/bench_roundtrip.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tomlkit  # noqa: E402
from _timing import best_of, edit_unrelated_key, report  # noqa: E402

from mlprofile_tui.core.store import atomic_write  # noqa: E402
from mlprofile_tui.core.workload import WorkloadDocument  # noqa: E402


def measure(name: str, tmp: Path) -> None:
    src = ROOT / "examples" / f"{name}.mlprofile.toml"
    path = tmp / src.name
    shutil.copyfile(src, path)
    plain = tmp / "plain.toml"
    counter = iter(range(10**9))

    def edit() -> WorkloadDocument:
        return edit_unrelated_key(path, next(counter))

    def ours_memory():
        return edit().text()

    def ours_disk():
        edit().save()

    def tomlkit_memory():
        return tomlkit.dumps(tomlkit.parse(path.read_text()))

    def tomlkit_disk():
        plain.write_text(tomlkit.dumps(tomlkit.parse(path.read_text())))

    def tomlkit_durable():  # the same text made durable the way any careful writer must
        atomic_write(plain, tomlkit.dumps(tomlkit.parse(path.read_text())))

    base_m = ours_m = base_d = ours_d = base_f = float("inf")
    for _ in range(5):  # interleaved against machine noise
        base_m = min(base_m, best_of(tomlkit_memory, repeat=3, number=5))
        ours_m = min(ours_m, best_of(ours_memory, repeat=3, number=5))
        base_d = min(base_d, best_of(tomlkit_disk, repeat=3, number=5))
        base_f = min(base_f, best_of(tomlkit_durable, repeat=3, number=5))
        ours_d = min(ours_d, best_of(ours_disk, repeat=3, number=5))
    report(f"{name}: load+edit+render (memory)", ours_m, "tomlkit parse+dump", base_m, "<= 1.25x")
    report(
        f"{name}: load+edit+checked locked save",
        ours_d,
        "tomlkit parse+dump+write",
        base_d,
        "<= 1.25x",
    )
    report(
        f"{name}: load+edit+checked locked save",
        ours_d,
        "... + fsync+rename (atomic_write)",
        base_f,
        "(the I/O both need)",
    )


def main() -> None:
    print(f"{'':44} {'ours':>13}   {'baseline (same run)':<34}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("fraud-scorer", "llm-assistant"):
            measure(name, Path(tmp))


if __name__ == "__main__":
    main()
