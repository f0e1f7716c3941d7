"""``mlprofile portfolio``: discover (local folders and files, ``s3://`` prefixes through the
S3 store), score in parallel (with a progress bar on a terminal),
filter, then a table, JSON or CSV, and the exit code of the portfolio's gate.

rich is imported only for people (the table, the progress bar): ``--json`` and ``--csv`` runs,
the ones scripts and the budget time, never load it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing

from ..core.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, MlprofileError
from ..core.portfolio import PortfolioEntry, iter_portfolio, score_portfolio
from ..core.portfolio_report import (
    PortfolioSummary,
    failing,
    fails,
    owned_by,
    portfolio_csv,
    select_owners,
    summarize,
)
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
        sources = discover(args.paths, remote=_s3_sources)
    except DiscoveryError as e:
        for problem in e.problems:
            print(f"mlprofile: error: {problem.render()}", file=sys.stderr)
        return EXIT_USAGE
    owners = args.owner or ()
    if args.json:
        # written as it is scored: memory stays flat however many workloads there are
        with closing(iter_portfolio(sources, args.profile)) as entries:
            failed = _write_json((e for e in entries if owned_by(e, owners)), min_level)
        return EXIT_FINDINGS if failed else EXIT_OK
    if not args.csv and sys.stdout.isatty():
        scored = _score_with_progress(sources, args.profile)
    else:
        scored = score_portfolio(sources, args.profile)
    selected = select_owners(scored, owners)
    if args.csv:
        sys.stdout.write(portfolio_csv(selected))
    else:
        from .render import print_portfolio

        print_portfolio(selected, summarize(selected).as_dict(), min_level)
    return EXIT_FINDINGS if failing(selected, min_level) else EXIT_OK


def _s3_sources(uri: str) -> list[Source]:
    # boto3 (a quarter of a second) is loaded only when a PATH is on S3
    from ..aws.locations import parse_s3_uri, require_boto3

    parse_s3_uri(uri, prefix=True)  # a mistyped address is said first, boto3 or not
    require_boto3(uri, "an S3 portfolio")
    from ..aws.portfolio_s3 import s3_sources

    return s3_sources(uri)


def _write_json(entries: Iterable[PortfolioEntry], min_level: int | None) -> bool:
    """``portfolio --json`` with one workload a line, each written as soon as it is scored
    (json's indented output comes from its pure-Python encoder, a tenth of a second a
    thousand workloads; a compact line a workload uses the C encoder and stays readable).
    True when an entry fails the gate."""
    out = sys.stdout
    summary = PortfolioSummary()
    failed = False
    out.write('{\n  "workloads": [')
    separator = "\n"
    for entry in entries:
        summary.add(entry)
        failed = failed or fails(entry, min_level)
        out.write(f"{separator}    {json.dumps(entry.as_dict(), ensure_ascii=False)}")
        separator = ",\n"
    tail = "\n  " if summary.count else ""
    out.write(f'{tail}],\n  "summary": {json.dumps(summary.as_dict(), ensure_ascii=False)}\n}}\n')
    return failed


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
