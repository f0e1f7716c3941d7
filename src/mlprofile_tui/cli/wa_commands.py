"""``mlprofile rubric export-lens`` and ``mlprofile push-wa``: the Well-Architected Tool commands.

Kept apart from ``parser``/``handlers`` so they register themselves in two calls. Exit codes
(DESIGN.md §6): export-lens 0 written, 1 the rubric does not fit the WA Tool's lens limits (every
problem listed, nothing written: a finding about the rubric, like ``validate``), 2 bad input (an
unreadable or malformed rubric); push-wa 0 pushed (or planned, with --dry-run), 2 bad input or
any AWS failure (one message; what was already written is said).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.errors import EXIT_OK


def add_export_lens(rubric_sub) -> None:
    """``rubric export-lens`` under the ``rubric`` command's subparsers."""
    p = rubric_sub.add_parser(
        "export-lens",
        help="the rubric as an AWS Well-Architected Tool custom lens (JSON)",
        description="Write the rubric as a Well-Architected Tool custom lens (schemaVersion "
        "2021-11-01): groups as pillars, scored characteristics as questions, the answers "
        "that earn each level as choices (numbers banded by their thresholds), levels as "
        "risk (L3+ no risk, L2 medium, otherwise high). The lens is checked against the "
        "WA Tool's limits before anything is written.",
        epilog="Exit codes: 0 written; 1 the rubric does not fit the lens limits (every "
        "problem listed, nothing written); 2 bad input. Example: mlprofile rubric export-lens "
        "-o ml-profile-lens.json",
    )
    p.add_argument("file", nargs="?", help="rubric file or built-in id (default: mloe-05)")
    p.add_argument("--output", "-o", type=Path, help="write here instead of standard output")
    p.set_defaults(handler=cmd_export_lens)


def cmd_export_lens(args: argparse.Namespace) -> int:
    from ..core.rubric import resolve_rubric
    from ..core.wa_lens import export_lens
    from .handlers import write_output

    rubric = resolve_rubric(args.file)
    lens = export_lens(rubric)  # LensError (exit 1) lists every limit broken
    write_output(lens.text(), args.output, source=rubric.path)
    return EXIT_OK
