"""``mlprofile interview``: the rubric's questions one at a time in a plain terminal (questionary).

For slow SSH hops, screen readers, CI debug shells: the same question spec the Textual app
renders, asked line by line. See ``session.Interview`` for the flow, ``questions`` for how each
characteristic type is asked and ``terminal`` for the prompt layer tests replace.
"""

from __future__ import annotations

import sys
from typing import Any

from ..core.errors import MlprofileError

__all__ = ["run_interview"]


def run_interview(args: Any, *, terminal: Any = None) -> int:
    """``mlprofile interview FILE [--profile P] [--group G] [--all] [--save-each-group]``.

    ``terminal`` replaces the questionary terminal (tests); without it stdin must be a tty.
    """
    from ..core.editing import editable_problem
    from ..core.workload import WorkloadDocument
    from .session import Interview, interview_command

    doc = WorkloadDocument.load(args.file)
    workload = doc.workload
    profile = workload.profile(args.profile)
    problem = editable_problem(workload, profile.name, verb="interview")
    if problem:
        raise MlprofileError(problem, path=args.file)
    if terminal is None and not sys.stdin.isatty():
        raise MlprofileError(
            "the interview asks questions in a terminal, and standard input is not one; in scripts "
            f"and CI set answers with `mlprofile set {args.file} KEY=VALUE ...` "
            "(`mlprofile rubric show` lists the keys)",
            path=args.file,
        )
    if terminal is None:
        try:
            from .terminal import QuestionaryTerminal

            terminal = QuestionaryTerminal()
        except ImportError as e:
            raise MlprofileError(
                f"the interview needs {e.name or 'questionary'}, which is not installed; "
                f"pip install questionary rich, or use `mlprofile set {args.file} KEY=VALUE`"
            ) from None
    interview = Interview(
        doc,
        profile.name,
        terminal,
        group=args.group,
        revisit=bool(args.all),
        save_each_group=bool(args.save_each_group),
        command=interview_command(args.file, args.profile, args.group),
    )
    return interview.run()
