"""docs/team-rubric.md cannot drift from the loader: its example rubric validates and scores,
and its field tables name exactly the fields ``core/rubric.py`` reads, table by table.

The loader has no list of a characteristic's fields (it reads them one by one), so the fields
it knows are read from its source: every constant key the builder functions take from the
table they are given (``rc.get("when")``, ``rc["levels"]``, ``"cap" in rc``,
``problems.text(rc, "help", ...)``, ``for k in ("min", "max"): rc[k]``, ``set(rc) - {...}``).
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from mlprofile_tui.core import conditions, rubric
from mlprofile_tui.core.contradictions import CHECKS

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "team-rubric.md"
EXAMPLE = ROOT / "docs" / "examples" / "team.rubric.toml"

_READERS = {"text", "texts", "flag", "tables"}


def _keys_read(function, table: str) -> set[str]:
    """The constant keys ``function`` reads from its mapping named ``table``."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    found: set[str] = set()

    def is_table(node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id == table

    def constants(node: ast.AST) -> set[str]:
        items = node.elts if isinstance(node, ast.Tuple | ast.Set | ast.List) else []
        return {e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)}

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            f = node.func
            if f.attr == "get" and is_table(f.value) and node.args:
                found |= {node.args[0].value} if isinstance(node.args[0], ast.Constant) else set()
            if f.attr in _READERS and len(node.args) >= 2 and is_table(node.args[0]):
                if isinstance(node.args[1], ast.Constant):
                    found.add(node.args[1].value)
        elif isinstance(node, ast.Subscript) and is_table(node.value):
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                found.add(node.slice.value)
        elif isinstance(node, ast.Compare) and any(map(is_table, node.comparators)):
            if isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
                found.add(node.left.value)
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Name):
            var = node.target.id
            reads = any(
                (isinstance(n, ast.Subscript) and is_table(n.value) and _is_name(n.slice, var))
                or (
                    isinstance(n, ast.Compare)
                    and _is_name(n.left, var)
                    and any(map(is_table, n.comparators))
                )
                for n in ast.walk(node)
            )
            if reads:
                found |= constants(node.iter)
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Sub)
            and isinstance(node.left, ast.Call)
            and any(map(is_table, node.left.args))
        ):
            found |= constants(node.right)  # set(item) - {"when", "reason"}: the known fields
    return found


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _known_fields() -> dict[str, set[str]]:
    """Each field table of the guide, by its heading, and the fields the loader reads there."""
    return {
        "Top level": set(rubric.TOP_LEVEL_KEYS),
        "`[[levels]]`": _keys_read(rubric._build_levels, "rl"),
        "`[[groups]]`": _keys_read(rubric.build_rubric, "rg"),
        "`[[groups.characteristics]]`": (
            _keys_read(rubric._build_characteristic, "rc")
            | _keys_read(rubric._build_maturity, "rc")
            | _keys_read(rubric._build_thresholds, "rc")
        ),
        "`choices`": _keys_read(rubric._build_characteristic, "raw_choice"),
        "`not_applicable` entries": _keys_read(rubric._build_not_applicable, "item"),
        "`cap`": _keys_read(rubric._build_cap, "raw"),
        "Source tables": _keys_read(rubric._build_sources, "item"),
        "`[[migrations]]`": _keys_read(rubric._build_migrations, "rm"),
        "`[[contradictions]]`": set(rubric._CONTRADICTION_FIELDS),
    }


def _guide_tables(text: str) -> dict[str, list[str]]:
    """The first-column names of the table under each ``###`` heading of the guide."""
    tables: dict[str, list[str]] = {}
    heading = None
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line[4:].strip() if line.startswith("### ") else None
            continue
        row = re.match(r"^\| `([^`]+)` \|", line)
        if heading is not None and row:
            tables.setdefault(heading, []).append(row.group(1))
    return tables


def test_the_field_tables_name_exactly_the_fields_the_loader_reads():
    known = _known_fields()
    # the source reading itself is sound: fields every rubric uses are found
    assert {"question", "help", "when", "min", "max", "levels", "cap"} <= known[
        "`[[groups.characteristics]]`"
    ]
    assert known["`not_applicable` entries"] == {"when", "reason"}
    tables = _guide_tables(GUIDE.read_text(encoding="utf-8"))
    assert set(tables) == set(known), set(tables) ^ set(known)
    for heading, fields in tables.items():
        assert len(fields) == len(set(fields)), f"{heading}: a field listed twice"
        assert set(fields) == known[heading], (
            heading,
            "listed, not read:",
            set(fields) - known[heading],
            "read, not listed:",
            known[heading] - set(fields),
        )


def test_the_fields_the_loader_accepts_are_the_fields_it_reads():
    """Every table refuses fields it does not know: its known list must be exactly what the
    loader reads there, or a documented field would be refused (or a typo let through)."""
    known = _known_fields()
    assert set(rubric.LEVEL_FIELDS) == known["`[[levels]]`"]
    assert set(rubric.GROUP_FIELDS) == known["`[[groups]]`"]
    assert set(rubric.CHARACTERISTIC_FIELDS) == known["`[[groups.characteristics]]`"]
    assert set(rubric.CHOICE_FIELDS) == known["`choices`"]


def test_the_condition_table_and_the_checks_are_the_core_s():
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Conditions", 1)[1].split("\n## ", 1)[0]
    tests = set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.M))
    assert tests == set(conditions.TESTS) | {"all", "any", "not", "key"}
    for check in CHECKS:
        assert f"`{check}`" in text, check


def test_the_example_rubric_validates_and_scores(cli, tmp_path):
    result = cli("rubric", "validate", EXAMPLE)
    assert result.code == 0, result.out + result.err
    assert "is valid" in result.out and "warning" not in result.out + result.err
    loaded = rubric.load_rubric(EXAMPLE)
    assert loaded.require_sources and loaded.migrations and loaded.contradictions
    shutil.copytree(EXAMPLE.parent, tmp_path / "examples")
    workload = tmp_path / "examples" / "w.mlprofile.toml"
    created = cli(
        "new", workload, "--name", "W", "--rubric", tmp_path / "examples" / "team.rubric.toml"
    )
    assert created.code == 0, created.err
    answers = [
        "serving.location=realtime",
        "serving.latency_target_ms=100ms",
        "serving.p95_latency_ms=70ms",
        "serving.vpc=yes",
        "serving.review=each_release",
        "cost.instance_count=2",
        "cost.levers=savings_plans,autoscaling",
    ]
    assert cli("set", workload, *answers).code == 0
    scored = cli("score", workload, "--json")
    assert scored.code == 0, scored.err
    data = json.loads(scored.out)
    assert data["overall"]["level"] == 2 and data["overall"]["completeness"] == 1.0
    assert data["groups"]["serving"]["level"] == 3
    assert data["groups"]["cost"]["characteristics"]["cost.levers"]["level"] == 3


@pytest.mark.parametrize("older", sorted((EXAMPLE.parent / "team.rubric").glob("*.toml")))
def test_every_older_version_of_the_example_validates(cli, older):
    assert cli("rubric", "validate", older).code == 0
