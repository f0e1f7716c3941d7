"""Start-up: `mlprofile FILE` until the workload name and the overall level are on screen.

Budget (DESIGN.md §8): within 1.3x a bare Textual app with a Header, a Label and a Footer.

Each run is a fresh process in a real terminal: a detached tmux session sized 120x40 on a
private tmux server. The clock starts just before the session is created and stops when
`tmux capture-pane` first shows the run's end point:
  - bare app: its label text and its header title;
  - mlprofile FILE: the workload's name and the overall level line ("Overall  L2  Repeatable");
  - mlprofile (no file): the start screen's list of bundled examples.
Variants run interleaved (bare, start, workload, bare, ...) so machine noise hits each alike;
each figure is the median of its runs, printed beside the bare app's median from the same run.
Beside the wall time, the CPU time each process had used at its end point (from /proc): the
budget is on the wall time, but on a loaded machine the CPU figure is the steadier of the two.

Without tmux it falls back to headless Textual: the same end points, read from the widgets'
contents inside the process (no terminal, so the figures are not comparable with tmux ones).

    .venv/bin/python bench/bench_tui_start.py [--runs N] [--headless]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BUDGET = 1.3
SIZE = (120, 40)
POLL = 0.004  # seconds between two looks at the pane
TIMEOUT = 60.0

READY = "bare app ready"

# The baseline the budget is written against: Header, a Label and Footer, nothing else.
BARE = f"""
from textual.app import App
from textual.widgets import Footer, Header, Label

class Bare(App):
    TITLE = "Bare"

    def compose(self):
        yield Header()
        yield Label({READY!r})
        yield Footer()

Bare().run()
"""

# Headless fallback: the same apps, reporting the time to the first refresh after the end
# point's texts are in the screen's widgets (Static and its subclasses: Label, the gauges).
_HEADLESS_PROBE = """
import time
t0 = time.perf_counter()

def probe(app_class, wanted):
    class Timed(app_class):
        def on_mount(self):  # Textual also runs the base class's on_mount (the MRO)
            self.set_interval(0.001, self._check)

        def _check(self):
            from textual.widgets import OptionList, Static
            seen = [str(w.content) for w in self.screen.query(Static)]
            seen += [
                str(w.get_option_at_index(i).prompt)
                for w in self.screen.query(OptionList)
                for i in range(w.option_count)
            ]
            seen = "\\n".join(seen) + "\\n" + (self.screen.title or self.title or "")
            if all(w in seen for w in wanted) and not getattr(self, "_seen", False):
                self._seen = True
                self.call_after_refresh(self._done)

        def _done(self):
            print(time.perf_counter() - t0, flush=True)
            self.exit()

    return Timed
"""

HEADLESS_BARE = _HEADLESS_PROBE + BARE.replace(
    "Bare().run()", f"probe(Bare, [{READY!r}, 'Bare'])().run(headless=True)"
)

HEADLESS_MLPROFILE = (
    _HEADLESS_PROBE
    + """
import gc, sys
from pathlib import Path
gc.disable()  # as mlprofile_tui.tui.run_app does; the app turns it back on after its first frame
from mlprofile_tui.tui.session import Session
path = Path(sys.argv[1]) if sys.argv[1] else None
session = Session.open(path) if path else None
from mlprofile_tui.tui.app import MlprofileApp
probe(MlprofileApp, sys.argv[2:])(session).run(headless=True)
"""
)


class Tmux:
    """A private tmux server (its own socket) kept alive by an idle session."""

    def __init__(self) -> None:
        self.socket = f"mlprofile-bench-{os.getpid()}"
        # The server starts now, with this process's environment (MLPROFILE_DATA_DIR):
        # every session it creates inherits it.
        self._tmux("new-session", "-d", "-s", "keeper", "-x", "80", "-y", "24", "sleep 100000")
        self._n = 0

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        ).stdout

    def time_until(
        self, argv: list[str], on_screen: Callable[[str], bool]
    ) -> tuple[float, float | None]:
        """Seconds from launching ``argv`` in a fresh 120x40 session until ``on_screen`` holds
        for the captured pane, and the CPU seconds the process had used by then (None without
        /proc): a second figure that other programs' load disturbs far less."""
        self._n += 1
        name = f"run{self._n}"
        command = " ".join(_quote(a) for a in argv)
        width, height = SIZE
        start = time.perf_counter()
        self._tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command)
        pid = int(self._tmux("display-message", "-p", "-t", name, "#{pane_pid}"))
        while True:
            screen = self._tmux("capture-pane", "-p", "-t", name)
            elapsed = time.perf_counter() - start
            if on_screen(screen):
                cpu = _cpu_seconds(pid)
                break
            if elapsed > TIMEOUT:
                raise RuntimeError(f"{argv[0]}: end point not reached; the pane shows:\n{screen}")
            time.sleep(POLL)
        self._tmux("kill-session", "-t", name)
        _wait_gone(pid)  # the next run must not share the CPU with this one's exit
        return elapsed, cpu

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def _cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of ``pid`` so far (Linux /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.005)


def _overall_line(level_id: str, label: str) -> Callable[[str], bool]:
    return lambda screen: any(
        "Overall" in line and f"{level_id}  {label}" in line for line in screen.splitlines()
    )


def _headless(code: str, *args: str) -> tuple[float, float | None]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
    for line in out.stdout.splitlines():
        try:
            return float(line.strip()), None
        except ValueError:
            continue
    raise RuntimeError(f"no timing in the output:\n{out.stdout}\n{out.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--headless", action="store_true", help="skip tmux even if installed")
    args = parser.parse_args()
    os.environ["MLPROFILE_DATA_DIR"] = tempfile.mkdtemp(prefix="mlprofile-bench-")
    # An installed app has its bytecode compiled (pip does it; the warm-up run writes it here):
    # without it every run would compile mlprofile's modules and time the compiler.
    for var in ("NO_COLOR", "TEXTUAL", "PYTHONDONTWRITEBYTECODE"):
        os.environ.pop(var, None)

    from mlprofile_tui.core.examples import example_copy
    from mlprofile_tui.core.scoring import score_profile
    from mlprofile_tui.core.workload import load_workload

    example = example_copy("fraud-scorer")
    workload = load_workload(example)
    profile = workload.default_profile()
    level = workload.rubric.level(
        score_profile(workload.rubric, workload.effective(profile), profile).level
    )
    name = workload.name

    script = Path(sys.executable).with_name("mlprofile")
    mlprofile = [str(script)] if script.exists() else [sys.executable, "-m", "mlprofile_tui.cli"]
    use_tmux = not args.headless and shutil.which("tmux") is not None

    if use_tmux:
        tmux = Tmux()
        overall = _overall_line(level.id, level.label)
        variants: dict[str, Callable[[], tuple[float, float | None]]] = {
            "bare": lambda: tmux.time_until(
                [sys.executable, "-c", BARE], lambda s: READY in s and "Bare" in s
            ),
            "start": lambda: tmux.time_until(mlprofile, lambda s: "Bundled examples" in s),
            "workload": lambda: tmux.time_until(
                [*mlprofile, str(example)], lambda s: name in s and overall(s)
            ),
        }
        how = f"tmux {SIZE[0]}x{SIZE[1]}, from launch until on screen"
    else:
        tmux = None
        wanted = [name, f"{level.id} ", level.label]
        variants = {
            "bare": lambda: _headless(HEADLESS_BARE),
            "start": lambda: _headless(HEADLESS_MLPROFILE, "", "Bundled examples"),
            "workload": lambda: _headless(HEADLESS_MLPROFILE, str(example), *wanted),
        }
        how = "headless (no tmux), from interpreter start to the frame after the end point"

    try:
        for run in variants.values():  # warm the file cache, bytecode and the rubric cache
            run()
        results: dict[str, list[tuple[float, float | None]]] = {key: [] for key in variants}
        for _ in range(args.runs):  # interleaved, so machine noise hits every variant alike
            for key, run in variants.items():
                results[key].append(run())
    finally:
        if tmux is not None:
            tmux.close()

    def median(key: str, i: int) -> float | None:
        figures = [r[i] for r in results[key]]
        return None if None in figures else statistics.median(figures)  # type: ignore[type-var]

    base, base_cpu = median("bare", 0), median("bare", 1)
    assert base is not None
    print(f"start-up, median of {args.runs} interleaved runs ({how})")
    print(f"  load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cpu_note = f"   cpu {base_cpu * 1000:6.0f} ms   1.00x" if base_cpu else ""
    bare_label = "bare Textual app (Header + Label + Footer)"
    print(f"  {bare_label:<44} {base * 1000:7.1f} ms   1.00x{cpu_note}")
    for label, key in (
        ("mlprofile (start screen)", "start"),
        (f"mlprofile {example.name}", "workload"),
    ):
        t, cpu = median(key, 0), median(key, 1)
        assert t is not None
        verdict = "ok" if t / base <= BUDGET else "OVER BUDGET"
        cpu_note = f"   cpu {cpu * 1000:6.0f} ms  {cpu / base_cpu:.2f}x" if cpu and base_cpu else ""
        print(
            f"  {label:<44} {t * 1000:7.1f} ms   {t / base:.2f}x{cpu_note}"
            f"   (bare {base * 1000:.1f} ms; budget {BUDGET}x on the wall time: {verdict})"
        )


if __name__ == "__main__":
    main()
