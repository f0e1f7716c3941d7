"""A portfolio: every workload under some folders and files, each scored on the fast read path.

Reading is CPU-bound Python (tomllib parses a 20 KB workload in about 3.5 ms, building and
scoring it takes about 1.3 ms more), so only processes put more than one core to work: files go
to a process pool in chunks. Below ``POOL_THRESHOLD`` files starting workers costs more than it
saves and everything runs in this process (``bench/bench_portfolio.py`` measures the crossover).

A file that cannot be read or scored is one entry carrying its error, the message ``validate``
and ``score`` give for it (file, line, key), never a stop. Entries come back in the order of
the sources (``portfolio_sources.discover`` sorts them by path), the same whichever way they
were computed. ``portfolio_report`` selects, sums and writes them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Generator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from .errors import MlprofileError
from .loading import build_workload, check_format, parse_toml, raise_first_error, rubric_for
from .location import Location, ObjectLocation
from .model import Workload
from .portfolio_sources import Source, read_source
from .rubric import Rubric, builtin_rubrics
from .scoring import Blocker, score_profile

POOL_THRESHOLD = 16
"""Fewest files scored in a process pool; fewer run in this process. Starting a pool of two,
handing out chunks and shutting it down costs about five files' worth of work, and two free
cores save half of n files' work, so the pool pays from about ten files; 16 keeps a margin
and gives each of two workers a whole chunk (``chunk_size``'s minimum of 8).
``bench/bench_portfolio.py`` prints both figures. On a machine whose cores are busy with
other work the pool pays later, or not at all."""


@dataclass(frozen=True, slots=True)
class PortfolioEntry:
    """One workload's line in the portfolio: its scores, or the error that stopped it.

    ``level``/``optimistic_level`` are ranks on the workload's rubric ladder (``level_id``
    and ``label`` name ``level``); ``score`` and ``completeness`` are fractions 0–1. ``groups``
    maps group id to rank (None: nothing scored applies), in rubric order. ``blockers`` are
    what holds the overall level down (the weakest groups' blockers). ``ladder`` holds the
    level ids of the workload's rubric by rank. With ``error`` set, only ``path`` is sure; name,
    owner and profile are filled when the file got far enough to say them.
    """

    path: str
    name: str | None = None
    owner: str | None = None
    profile: str | None = None
    level: int | None = None
    level_id: str | None = None
    label: str | None = None
    score: float | None = None
    completeness: float | None = None
    optimistic_level: int | None = None
    groups: tuple[tuple[str, int | None], ...] = ()
    blockers: tuple[Blocker, ...] = ()
    targets: tuple[str, ...] = ()
    ladder: tuple[str, ...] = ()
    error: str | None = None
    history: tuple[tuple[str, int], ...] = ()
    """(taken, overall rank) of every dated snapshot, oldest first; filled only when asked
    (``history=True``: it scores every snapshot, which the command line never shows)."""

    def as_dict(self) -> dict[str, Any]:
        """One element of ``portfolio --json``'s ``workloads`` (a contract): path, name, owner,
        profile, overall (level, label, score, completeness, optimistic_level; None on error),
        groups {id: rank}, blockers (``score --json``'s blocker shape), error (text or None)."""
        overall = None
        if self.error is None:
            overall = {
                "level": self.level,
                "label": self.label,
                "score": round(self.score, 4) if self.score is not None else None,
                "completeness": (
                    round(self.completeness, 4) if self.completeness is not None else None
                ),
                "optimistic_level": self.optimistic_level,
            }
        return {
            "path": self.path,
            "name": self.name,
            "owner": self.owner,
            "profile": self.profile,
            "overall": overall,
            "groups": dict(self.groups),
            "blockers": [b.as_dict() for b in self.blockers],
            "error": self.error,
        }


class RubricCache:
    """The rubric each workload names, resolved once per distinct reference.

    Resolving reads, hashes and looks up the rubric file (about 0.7 ms, a fifth of a workload's
    parse): a portfolio names a handful of rubrics across thousands of files. Keyed by what the
    ``[rubric]`` table says, plus the workload's folder when the reference is a path (relative
    paths resolve against it). Keep one for one pass over files, so an edited rubric file is
    read afresh by the next pass.
    """

    def __init__(self) -> None:
        self._builtin = frozenset(builtin_rubrics())
        self._seen: dict[tuple[str | None, str | None, str | None], Rubric] = {}

    def rubric(self, raw: Mapping[str, Any], path: Location) -> Rubric:
        """The rubric ``raw`` (a workload's tomllib reading) names; MlprofileError as
        ``loading.rubric_for`` raises it (naming the file and the ``rubric`` key)."""
        ref = raw.get("rubric") or {}
        key = None
        # an object names only built-in rubrics (a path is refused, by ``rubric_for``, each time)
        by_path = isinstance(path, ObjectLocation) and isinstance(ref, dict) and "path" in ref
        if (
            not by_path
            and isinstance(ref, dict)
            and all(isinstance(ref.get(field), str | None) for field in ("id", "version", "path"))
        ):
            name, version = ref.get("path") or ref.get("id"), ref.get("version")
            builtin = name is None or name in self._builtin or isinstance(path, ObjectLocation)
            base = None if builtin or not isinstance(path, Path) else str(path.parent)
            key = (name, version, base)
        rubric = self._seen.get(key) if key is not None else None
        if rubric is None:
            rubric = rubric_for(raw, path)  # checks every field; raises what `score` raises
            if key is not None:
                self._seen[key] = rubric
        return rubric


def score_source(
    source: Source, profile: str | None, rubrics: RubricCache, *, history: bool = False
) -> PortfolioEntry:
    """Read, check and score one workload's ``profile`` (None: its default, ``current``);
    with ``history``, every dated snapshot's overall level too (``PortfolioEntry.history``).

    Never raises for the file's content: an unreadable file, a file with an error finding, or
    one without ``profile`` gives an entry whose ``error`` is the message ``score`` would print
    (file, line, key)."""
    raw: Mapping[str, Any] = {}
    if source.problem is not None:
        return PortfolioEntry(source.path, profile=profile, error=source.problem)
    try:
        path, text = read_source(source)
        raw = parse_toml(text, path)
        check_format(raw, path)  # before the rubric, as `score` checks them
        workload, findings = build_workload(raw, path, text, rubric=rubrics.rubric(raw, path))
        raise_first_error(findings, path)
        chosen = workload.profile(profile)
        result = score_profile(workload.rubric, workload.effective(chosen.name), chosen.name)
    except MlprofileError as e:
        meta = raw.get("workload")
        meta = meta if isinstance(meta, dict) else {}
        return PortfolioEntry(
            source.path,
            name=_text(meta.get("name")),
            owner=_text(meta.get("owner")),
            profile=profile,
            error=e.render(),
        )
    rubric = workload.rubric
    level = rubric.level(result.level)
    return PortfolioEntry(
        source.path,
        name=workload.name,
        owner=workload.owner,
        profile=chosen.name,
        level=result.level,
        level_id=level.id,
        label=level.label,
        score=result.score,
        completeness=result.completeness,
        optimistic_level=result.optimistic_level,
        groups=tuple((gid, g.level) for gid, g in result.groups.items()),
        blockers=result.blockers,
        targets=tuple(p.name for p in workload.targets()),
        ladder=tuple(lv.id for lv in rubric.levels),
        history=_history(workload) if history else (),
    )


def _history(workload: Workload) -> tuple[tuple[str, int], ...]:
    dated = [p for p in workload.snapshots() if p.taken]
    effective = workload.effective_many(p.name for p in dated)
    return tuple(
        (str(p.taken), score_profile(workload.rubric, effective[p.name], p.name).level)
        for p in dated
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def score_chunk(
    sources: Sequence[Source], profile: str | None, history: bool = False
) -> list[PortfolioEntry]:
    """``score_source`` over ``sources`` with one rubric cache: a pool worker's unit of work."""
    rubrics = RubricCache()
    return [score_source(s, profile, rubrics, history=history) for s in sources]


# --------------------------------------------------------------------------- many workloads


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def chunk_size(count: int, workers: int) -> int:
    """Files a chunk: about eight chunks a worker, so a slow file or a busy core evens out and
    progress moves, but never so few files that shipping a chunk costs more than scoring it."""
    return max(8, min(256, count // (workers * 8) or 1))


def score_portfolio(
    sources: Sequence[Source],
    profile: str | None = None,
    *,
    workers: int | None = None,
    pool_threshold: int = POOL_THRESHOLD,
    on_progress: Callable[[int], None] | None = None,
    history: bool = False,
) -> list[PortfolioEntry]:
    """One entry per source, in the order of ``sources``: ``iter_portfolio`` as a list."""
    with closing(
        iter_portfolio(
            sources,
            profile,
            workers=workers,
            pool_threshold=pool_threshold,
            on_progress=on_progress,
            history=history,
        )
    ) as entries:
        return list(entries)


def iter_portfolio(
    sources: Sequence[Source],
    profile: str | None = None,
    *,
    workers: int | None = None,
    pool_threshold: int = POOL_THRESHOLD,
    on_progress: Callable[[int], None] | None = None,
    history: bool = False,
) -> Generator[PortfolioEntry, None, None]:
    """One entry per source, handed out in the order of ``sources`` (``discover`` sorts them
    by path) as soon as it and those before it are scored: a caller that writes each one out
    holds no more than the chunks finished ahead of it, however large the portfolio.

    ``workers``: processes to use (default: the usable cores). A pool is used only with more
    than one worker and at least ``pool_threshold`` sources; entries are identical either way.
    ``on_progress(n)`` is called in this process as each chunk of ``n`` sources is handed out.
    ``history``: fill each entry's ``history`` (every dated snapshot scored; the app's chart).
    Close the generator (``contextlib.closing``) when stopping early: that stops the pool.
    Raises MlprofileError (exit 2) when a worker process dies (killed, out of memory).
    """
    workers = usable_cores() if workers is None else max(1, workers)
    size = chunk_size(len(sources), workers)
    chunks = [list(sources[i : i + size]) for i in range(0, len(sources), size)]
    if workers == 1 or len(sources) < pool_threshold or len(chunks) == 1:
        for chunk in chunks:
            entries = score_chunk(chunk, profile, history)
            if on_progress is not None:
                on_progress(len(chunk))
            yield from entries
        return
    yield from _in_pool(chunks, profile, min(workers, len(chunks)), on_progress, history)


def _in_pool(
    chunks: list[list[Source]],
    profile: str | None,
    workers: int,
    on_progress: Callable[[int], None] | None,
    history: bool = False,
) -> Generator[PortfolioEntry, None, None]:
    context = _context()
    if context.get_start_method() != "fork":
        _start_resource_tracker()
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init)
    try:
        futures: list[Future[list[PortfolioEntry]] | None] = [
            executor.submit(score_chunk, chunk, profile, history) for chunk in chunks
        ]
        for i, future in enumerate(futures):
            assert future is not None
            entries = future.result()
            futures[i] = None  # the chunk's entries go with the caller, not with the future
            if on_progress is not None:
                on_progress(len(entries))
            yield from entries
    except BrokenProcessPool:
        raise MlprofileError(
            "a scoring worker process stopped unexpectedly (killed, or out of memory); "
            "the portfolio is incomplete"
        ) from None
    finally:
        # on Ctrl-C, an error or a caller that stopped: drop the chunks not started
        executor.shutdown(wait=True, cancel_futures=True)


def _context() -> BaseContext:
    """fork where it is safe: a worker shares the imported modules and is ready in
    milliseconds. A process running other threads (the app's workers, a progress bar) may be
    forked while one of them holds a lock the child then waits on forever: spawn there, which
    imports afresh (about 0.2 s a worker)."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (spawned workers need it) on a real stderr.

    The tracker is handed ``sys.stderr``'s descriptor; a process whose ``sys.stderr`` is a
    capture without one (Textual's app: ``fileno()`` is -1) makes the spawn fail with "bad
    value(s) in fds_to_keep". The tracker starts once a process: then with the original stderr
    (swapped for that moment only; a print from another thread in it reaches the terminal)."""
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is None or sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = True  # no descriptor at all: the tracker copes (it leaves stderr out)
    if usable:
        return
    captured = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool and says so once;
    # workers finishing their chunk must not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
