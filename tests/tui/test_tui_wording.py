"""No command-line syntax in the app: every message the shared layers can raise, in app words.

The corpus is every string constant (f-string parts included, docstrings left out) in
``core`` and ``aws``: a message that names an option (``pass --region``) or the ``set`` syntax
(``n/a:REASON``) must come out of ``app_wording`` without it. A new option named in a message
fails here until the table in ``tui/wording.py`` has the app's words for it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mlprofile_tui
from mlprofile_tui.core.errors import ValueProblem
from mlprofile_tui.tui.wording import CLI_SYNTAX, app_wording

SRC = Path(mlprofile_tui.__file__).parent


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def shared_strings() -> list[tuple[str, str]]:
    out = []
    for folder in ("core", "aws"):
        for path in sorted((SRC / folder).glob("*.py")):
            tree = ast.parse(path.read_text())
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in skip
                    and CLI_SYNTAX.search(node.value)
                ):
                    out.append((f"{folder}/{path.name}:{node.lineno}", node.value))
    return out


STRINGS = shared_strings()


def test_the_corpus_holds_the_messages_the_issue_names():
    texts = " ".join(t for _, t in STRINGS)
    assert "pass --region" in texts and "n/a:REASON" in texts


@pytest.mark.parametrize(("where", "text"), STRINGS, ids=[w for w, _ in STRINGS])
def test_no_option_survives_app_wording(where, text):
    assert not CLI_SYNTAX.search(app_wording(text)), app_wording(text)


@pytest.mark.parametrize(
    ("cli", "app"),
    [
        (
            "no AWS Region: pass --region, set AWS_REGION, or set region in the default profile",
            "no AWS Region: fill in the Region field, set AWS_REGION, or set region in the "
            "default profile",
        ),
        ("check --endpoint and --region", "check the Endpoints field and the Region field"),
        ("--days must be between 1 and 63", "Days must be between 1 and 63"),
        ("nothing to change", "nothing to change"),
    ],
)
def test_app_words(cli, app):
    assert app_wording(cli) == app


def test_not_applicable_without_reason_says_it_in_plain_words():
    """The app asks for the reason in a field; only typed text (the CLI) learns the syntax."""
    from mlprofile_tui.core.rubric import resolve_rubric
    from mlprofile_tui.core.values import not_applicable, parse_answer

    ch = next(c for c in resolve_rubric(None).characteristics if c.na_allowed)
    with pytest.raises(ValueProblem) as plain:
        not_applicable(ch, " ")
    assert str(plain.value) == "not applicable needs a reason"
    with pytest.raises(ValueProblem) as typed:
        parse_answer(ch, "n/a")
    assert str(typed.value) == "not applicable needs a reason: n/a:REASON"
