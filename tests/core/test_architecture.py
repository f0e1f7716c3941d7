"""Layering and packaging: the core stays UI- and boto3-free, and the wheel carries its data."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "questionary", "rich", "boto3", "botocore", "prompt_toolkit")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_core_imports_no_ui_and_no_boto3():
    core = [p.stem for p in (ROOT / "src/mlprofile_tui/core").glob("*.py") if p.stem != "__init__"]
    imports = "\n".join(f"import mlprofile_tui.core.{m}" for m in core)
    loaded = _modules_after(imports)
    leaked = sorted(m for m in loaded if m.split(".")[0] in FORBIDDEN)
    assert leaked == []


def _lint_imports(cwd: Path, src: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_layer_contracts_hold():
    """DESIGN.md §5 as import-linter contracts (pyproject.toml): front ends above aws above core,
    front ends independent of each other, the core free of UI libraries and boto3."""
    r = _lint_imports(ROOT, ROOT / "src")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 kept, 0 broken" in r.stdout


def test_layer_contracts_catch_a_front_end_importing_another(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    package = tmp_path / "src/mlprofile_tui"
    shutil.copytree(
        ROOT / "src/mlprofile_tui", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    with (package / "cli/handlers.py").open("a") as f:
        f.write("\n\ndef _open() -> None:\n    from ..tui import run_app  # noqa: F401\n")
    with (package / "core/errors.py").open("a") as f:
        f.write("\n\nimport rich  # noqa: E402, F401\n")
    r = _lint_imports(tmp_path, tmp_path / "src")
    assert r.returncode == 1
    assert "mlprofile_tui.cli.handlers -> mlprofile_tui.tui" in r.stdout
    assert "mlprofile_tui.core.errors -> rich" in r.stdout


def test_scoring_commands_load_neither_boto3_nor_textual():
    example = str(ROOT / "examples/fraud-scorer.mlprofile.toml")
    code = (
        f"import sys; sys.argv = ['mlprofile', 'score', {example!r}, '--json']\n"
        "from mlprofile_tui.cli import main\nimport contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(sys.argv[1:])"
    )
    loaded = _modules_after(code)
    assert not {
        m for m in loaded if m.split(".")[0] in ("boto3", "botocore", "textual", "questionary")
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from this checkout, once for the module's tests."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if r.returncode != 0 and "hatchling" in r.stderr:
        pytest.skip("hatchling is not installed in this environment")
    assert r.returncode == 0, r.stderr
    return next(tmp_path.glob("*.whl"))


def test_wheel_carries_rubrics_and_examples(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mlprofile_tui/rubrics/mloe-05.toml" in names
    # older rubric versions live in a folder beside the newest (rubrics/mloe-05/1.0.0.toml)
    assert {
        f"mlprofile_tui/rubrics/{p.relative_to(ROOT / 'rubrics').as_posix()}"
        for p in (ROOT / "rubrics").rglob("*.toml")
    } <= names
    assert {f"mlprofile_tui/examples/{p.name}" for p in (ROOT / "examples").glob("*.toml")} <= names
    tcss = {
        f"mlprofile_tui/{p.relative_to(ROOT / 'src/mlprofile_tui')}"
        for p in (ROOT / "src/mlprofile_tui").rglob("*.tcss")
    }
    assert tcss <= names
    # PEP 561: type checkers use the package's annotations
    assert "mlprofile_tui/py.typed" in names


# `mlprofile docs NAME` in a message or help text, and the docs/FILE paths they name
_DOCS_COMMAND = re.compile(r"mlprofile docs ([a-z0-9-]+)")
_DOCS_PATH = re.compile(r"\bdocs/([A-Za-z0-9_.-]+\.(?:md|json))")


def test_every_document_the_tool_points_at_is_in_the_wheel_and_printable(wheel, tmp_path):
    """Installed with pipx there is no checkout: what a message points at must ship."""
    sources = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src/mlprofile_tui").rglob("*.py")
    )
    named = set(_DOCS_COMMAND.findall(sources)) - {"name"}
    paths = set(_DOCS_PATH.findall(sources))
    assert {"iam-policy", "iam-policy-store", "format"} <= named
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.removeprefix("mlprofile_tui/docs/") for n in names if "/docs/" in n}
    shipped_names = {Path(n).stem for n in shipped if "/" not in n}
    assert named <= shipped_names, named - shipped_names
    assert paths <= shipped, paths - shipped
    # and `mlprofile docs` finds them inside the unpacked package, not in this checkout
    zipfile.ZipFile(wheel).extractall(tmp_path)
    for name in sorted(named):
        r = subprocess.run(
            [sys.executable, "-c", f"from mlprofile_tui.cli import main; main(['docs', '{name}'])"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(tmp_path)},
        )
        assert r.returncode == 0, (name, r.stderr)
        suffix = ".json" if (tmp_path / "mlprofile_tui/docs" / f"{name}.json").exists() else ".md"
        assert r.stdout == (ROOT / "docs" / f"{name}{suffix}").read_text(encoding="utf-8")
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import mlprofile_tui.core.documents as d; print(d.documents_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        check=True,
    ).stdout.strip()
    assert Path(where) == tmp_path / "mlprofile_tui" / "docs"


def test_no_message_asks_for_the_unpublished_package():
    """`pip install 'mlprofile-tui[aws]'` cannot work until the package is on PyPI."""
    for path in (ROOT / "src/mlprofile_tui").rglob("*.py"):
        assert "pip install 'mlprofile-tui" not in path.read_text(encoding="utf-8"), path
