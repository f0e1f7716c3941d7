"""The ``mlprofile`` command line (DESIGN.md §6): ``parser`` (commands and options), ``entry``
(``main``: dispatch, one message and an exit code per error), ``handlers`` (one function a
command), ``output`` and ``render`` (JSON and rich output), ``aws_commands`` (the AWS commands).

Start-up stays light: argparse and the core are imported up front; rich, Textual, questionary
and boto3 only on the paths that need them.
"""

from __future__ import annotations

from .entry import main
from .parser import COMMANDS, build_parser

__all__ = ["COMMANDS", "build_parser", "main"]
