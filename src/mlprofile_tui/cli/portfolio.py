"""``mlprofile portfolio``: discover, score in parallel (with a progress bar on a terminal),
filter, then a table, JSON or CSV, and the exit code of the portfolio's gate.

rich is imported only for people (the table, the progress bar): ``--json`` and ``--csv`` runs,
the ones scripts and the budget time, never load it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from ..core.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, MlprofileError
from ..core.portfolio import PortfolioEntry, score_portfolio
from ..core.portfolio_report import failing, portfolio_csv, portfolio_json, select_owners
from ..core.portfolio_sources import DiscoveryError, Source, discover
from ..core.rubric import resolve_rubric


def run_portfolio(args: argparse.Namespace) -> int:
    """0 all scored and at or above ``--min-level``; 1 an error entry or a workload below;
    2 bad usage (a bad ``--min-level``, PATHs that name no workload: each one said)."""
    from .handlers import parse_level

    # checked against the built-in ladder before any file is read: a typo costs nothing
    min_level = (
        parse_level(resolve_rubric(None), args.min_level) if args.min_level is not None else None
    )
    if args.profile is not None and not args.profile.strip():
        # as `score --profile ''` says it, but once, not once a workload
        raise MlprofileError(
            "the profile name is empty; name a profile or leave the option out for the default"
        )
    try:
        sources = discover(args.paths)
    except DiscoveryError as e:
        for problem in e.problems:
            print(f"mlprofile: error: {problem.render()}", file=sys.stderr)
        return EXIT_USAGE
    human = not (args.json or args.csv)
    if human and sys.stdout.isatty():
        entries = _score_with_progress(sources, args.profile)
    else:
        entries = score_portfolio(sources, args.profile)
    entries = select_owners(entries, args.owner or ())
    if args.json:
        _emit_portfolio_json(portfolio_json(entries))
    elif args.csv:
        sys.stdout.write(portfolio_csv(entries))
    else:
        from .render import print_portfolio

        print_portfolio(entries, portfolio_json(entries)["summary"], min_level)
    return EXIT_FINDINGS if failing(entries, min_level) else EXIT_OK


def _emit_portfolio_json(data: dict) -> None:
    """The document with one workload a line. json's indented output is written by its
    pure-Python encoder, a tenth of a second a thousand workloads; compact lines use the C
    encoder and stay readable and diffable a workload at a time."""
    out = sys.stdout
    out.write('{\n  "workloads": [\n')
    lines = [json.dumps(w, ensure_ascii=False) for w in data["workloads"]]
    out.write("".join(f"    {line},\n" for line in lines[:-1]))
    if lines:
        out.write(f"    {lines[-1]}\n")
    summary = json.dumps(data["summary"], ensure_ascii=False)
    out.write(f'  ],\n  "summary": {summary}\n}}\n')


def _score_with_progress(sources: Sequence[Source], profile: str | None) -> list[PortfolioEntry]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress(
        "scoring",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("scoring", total=len(sources))

    def advance(done: int) -> None:
        # Started on the first finished chunk, after the pool has forked its workers: a
        # process forked while rich's refresh thread runs could inherit a lock held mid-write.
        if not progress.live.is_started:
            progress.start()
        progress.advance(task, done)

    on_progress: Callable[[int], None] = advance
    try:
        return score_portfolio(sources, profile, on_progress=on_progress)
    finally:
        progress.stop()
