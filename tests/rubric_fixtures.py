"""Rubrics made for tests: the built-in one with its matrix's account column, and the level
ladder small purpose-built rubrics start with.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from mlprofile_tui.core.rubric import Rubric, build_rubric

BUILTIN_RUBRIC = Path(__file__).resolve().parent.parent / "rubrics" / "mloe-05.toml"
MATRIX_WORKLOADS = ("training", "processing", "batch_inference", "real_time_inference", "notebooks")


def accounts_rubric_text() -> str:
    """The built-in rubric, its matrix listing ``MATRIX_WORKLOADS`` with ``accounts = true``,
    under an id of its own (so it is never taken for a built-in version)."""
    text = BUILTIN_RUBRIC.read_text(encoding="utf-8")
    text = re.sub(r'^id = ".*"$', 'id = "mloe-05-accounts"', text, count=1, flags=re.M)
    text = re.sub(r"^accounts = .*\n", "", text, flags=re.M)
    listed = ", ".join(f'"{w}"' for w in MATRIX_WORKLOADS)
    text, n = re.subn(
        r"^workloads = \[.*\]$", f"workloads = [{listed}]\naccounts = true", text, flags=re.M
    )
    assert n == 1, "the built-in rubric has one matrix"
    return text


@cache
def accounts_rubric() -> Rubric:
    """``accounts_rubric_text`` built in memory (for tests that need no file)."""
    return build_rubric(tomllib.loads(accounts_rubric_text()), path="accounts.rubric.toml")


def levels_toml(top: int) -> str:
    """``[[levels]]`` tables L0..L{top} (ranks 0..top), for a purpose-built rubric's text."""
    return "".join(f'[[levels]]\nrank = {r}\nid = "L{r}"\n' for r in range(top + 1))
