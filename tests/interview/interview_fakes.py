"""Test doubles for the interview (conftest puts this folder on sys.path for the tests).

``ScriptedTerminal`` stands in for questionary the way tconbeer/harlequin fakes its wizard's
prompts: each prompt takes the next scripted answer. Text and checkbox answers go through the
prompt's own validator first, like questionary's live validation: a refused answer is recorded
in ``refused`` with its reason and the next scripted answer is tried.
"""

from __future__ import annotations

import io
from argparse import Namespace
from collections import deque
from pathlib import Path

DEFAULT = object()  # "press Enter": take the prompt's default

# The serving group of the every-type rubric answered for a batch deployment (8 answers, each
# new number followed by Enter at "where does it come from", the matrix loop closed with an
# empty line): what the interruption tests answer before they stop.
BATCH_SERVING = (
    "batch",
    ["pytorch"],
    "2",
    DEFAULT,
    "0.5",
    DEFAULT,
    "20 MB",
    DEFAULT,
    False,
    "ml.c5.large",
    "dev:eu-west-1:training:ml.c5.large:1",
    "",
)


class ScriptedTerminal:
    def __init__(self, *script) -> None:
        from rich.console import Console

        self.script = deque(script)
        self.asked: list[tuple[str, str]] = []  # (prompt kind, message)
        self.refused: list[tuple[str, str]] = []  # (what was typed, why it was refused)
        self.defaults: list[object] = []  # the default each prompt offered
        self.options: list[list] = []  # the option values each select/checkbox offered
        self.out = io.StringIO()
        self.console = Console(file=self.out, width=140, color_system=None, highlight=False)

    @property
    def output(self) -> str:
        return self.out.getvalue()

    def show(self, renderable) -> None:
        self.console.print(renderable)

    def _next(self, kind: str, message: str):
        if not self.script:
            raise AssertionError(f"script ran out at {kind} prompt {message!r}\n{self.output}")
        item = self.script.popleft()
        while callable(item) and not isinstance(item, type):
            item()  # a side effect between prompts, e.g. someone else editing the file
            item = self.script.popleft()
        if isinstance(item, BaseException) or (
            isinstance(item, type) and issubclass(item, BaseException)
        ):
            raise item
        return item

    def select(self, message, options, *, default=None, keys=None, instruction=None):
        self.asked.append(("select", message))
        self.defaults.append(default)
        self.options.append([o.value for o in options if not o.separator])
        item = self._next("select", message)
        return default if item is DEFAULT else item

    def checkbox(self, message, options, *, validate=None, keys=None, instruction=None):
        self.asked.append(("checkbox", message))
        self.options.append([o.value for o in options if not o.separator])
        self.defaults.append([o.value for o in options if o.checked])
        while True:
            item = self._next("checkbox", message)
            if keys and any(item is result for result in keys.values()):
                return item  # a key that answers at once, like ? for unknown
            item = self.defaults[-1] if item is DEFAULT else list(item)
            verdict = validate(item) if validate else True
            if verdict is True:
                return item
            self.refused.append((repr(item), verdict))

    def text(self, message, *, default="", validate=None, instruction=None):
        self.asked.append(("text", message))
        self.defaults.append(default)
        while True:
            item = self._next("text", message)
            item = default if item is DEFAULT else item
            verdict = validate(item) if validate else True
            if verdict is True:
                return item
            self.refused.append((item, verdict))

    def confirm(self, message, *, default=True, keys=None, instruction=None):
        self.asked.append(("confirm", message))
        self.defaults.append(default)
        item = self._next("confirm", message)
        if item is DEFAULT and default is None:
            raise AssertionError(f"Enter does nothing at {message!r}: it has no default")
        return default if item is DEFAULT else item


def interview_args(file: Path, *, profile=None, group=None, all=False, save_each_group=False):
    return Namespace(
        file=file, profile=profile, group=group, all=all, save_each_group=save_each_group
    )
