"""The errors the core raises. Front ends turn them into one message and an exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Exit codes are a contract (DESIGN.md §6).
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class MlprofileError(Exception):
    """Bad usage or bad input: one clear message naming file, key and line where known."""

    exit_code = EXIT_USAGE

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        key: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.key = key
        self.line = line
        self.column = column
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"


class RubricError(MlprofileError):
    """A rubric that cannot be used; ``problems`` lists every one found, not just the first."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.problems = problems
        plural = "problem" if len(problems) == 1 else "problems"
        body = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"rubric has {len(problems)} {plural}:\n{body}", path=path)


class ConflictError(MlprofileError):
    """The file on disk changed since it was loaded; saving would clobber someone's work."""


class ValueProblem(ValueError):
    """A single value that does not fit its characteristic (wrong type, unit, range, choice)."""


def short_repr(value: Any) -> str:
    """``repr`` for a message: a huge list or a 5,000-digit number is not echoed whole."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**60:
        return f"a {len(str(abs(value)))}-digit number"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class UnknownInstanceTypes(MlprofileError):
    """Matrix rows name instance types SageMaker's list does not know and the workload does not
    accept (``names``): a typo, or a type newer than the list. The message names each, with
    the sizes its family comes in or the nearest known types, and how a file accepts one."""

    def __init__(self, names: list[str], *, path: str | Path | None, key: str | None) -> None:
        from .instance_types import ALLOW_HINT, instance_type_problem

        self.names = list(names)
        problems = "; ".join(instance_type_problem(n) or n for n in self.names)
        super().__init__(f"{problems}. {ALLOW_HINT[0].upper()}{ALLOW_HINT[1:]}", path=path, key=key)
