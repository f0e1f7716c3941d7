"""Mutation score of the core, one module at a time, each against its own fast tests.

Why per module: mutmut runs the tests that reach a mutated function, and the slow suites (the
app, the CLI over every example) reach nearly everything; a module's own test files answer in
seconds. Each module runs in a fresh copy under ``build/mutation/<module>`` with one worker, so
the working tree, its ``pyproject.toml`` and other engineers' runs are left alone.

    python tools/mutation.py                # every module below
    python tools/mutation.py units scoring  # some of them
    python tools/mutation.py --survivors units  # and list the mutants that survived

Prints ``module: killed/total = NN.N %`` per module (a timeout counts as killed: the mutant
changed behaviour; a mutant no test reaches counts as survived).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = "src/mlprofile_tui/core"
BUILD = ROOT / "build" / "mutation"

# module -> the fast test files that name its behaviour (keep in step with tests/core/)
MODULES: dict[str, list[str]] = {
    "units": ["tests/core/test_units.py", "tests/core/test_numbers.py"],
    "conditions": ["tests/core/test_conditions.py", "tests/core/test_condition_bounds.py"],
    "scoring": [
        "tests/core/test_scoring.py",
        "tests/core/test_scoring_rules.py",
        "tests/core/test_rubric_1_0_golden.py",
    ],
    "rubric": [
        "tests/core/test_rubric.py",
        "tests/core/test_rubric_types.py",
        "tests/core/test_rubric_validation.py",
        "tests/core/test_rubric_rules.py",
        # the rubric's [[contradictions]], caps and not_applicable tables are built in rubric.py
        "tests/core/test_contradictions.py",
        "tests/core/test_rubric_1_1.py",
    ],
    "values": [
        "tests/core/test_numbers.py",
        "tests/core/test_values.py",
        "tests/core/test_value_registry.py",
        "tests/core/test_value_hints.py",
        "tests/core/test_approximate.py",
    ],
    "compare": ["tests/core/test_compare.py"],
    "editing": [
        "tests/core/test_editing.py",
        "tests/core/test_hand_answers.py",
        "tests/core/test_workload.py",
    ],
    "document": [
        "tests/core/test_document.py",
        "tests/core/test_workload.py",
        "tests/core/test_store.py",
    ],
    "tomledit": [
        "tests/core/test_tomledit.py",
        "tests/core/test_layouts.py",
        "tests/core/test_workload.py",
    ],
    "store": ["tests/core/test_store.py", "tests/core/test_saves.py"],
    "textfile": ["tests/core/test_textfile.py"],
}


# Property tests over the built-in rubric take seconds each and run for every surviving mutant;
# the purpose-built tables in the files above name the same rules.
SLOW = [
    "tests/core/test_scoring.py::test_a_better_answer_never_lowers_a_level",
    "tests/core/test_scoring.py::test_not_applicable_never_counts",
    "tests/core/test_scoring.py::test_min_gating_holds",
    "tests/core/test_rubric_1_0_golden.py::test_random_1_0_0_answers_score_exactly_as_before",
    "tests/core/test_rubric_types.py::test_any_field_of_any_type_is_a_rubric_error_never_a_crash",
    # 75 forked CLI processes racing; the lock and the conflict check have their own fast tests
    "tests/core/test_store.py::test_racing_writers_never_lose_an_update_silently",
    "tests/core/test_layouts.py::test_every_layout_takes_every_edit",
]


def _mutmut_table(module: str) -> str:
    tests = [t for t in MODULES[module] if (ROOT / t).exists()]
    slow = [t for t in SLOW if t.split("::")[0] in tests]
    config = {
        "source_paths": ["src"],
        "only_mutate": [f"{CORE}/{module}.py"],
        "pytest_add_cli_args_test_selection": tests + [f"--deselect={t}" for t in slow],
        "also_copy": ["rubrics", "examples", "docs"],
    }
    lines = ["", "[tool.mutmut]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in config.items()]
    return "\n".join(lines) + "\n"


def _prepare(module: str) -> Path:
    where = BUILD / module
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for folder in ("src", "tests", "rubrics", "examples", "docs"):  # docs: example rubrics
        shutil.copytree(ROOT / folder, where / folder, ignore=shutil.ignore_patterns("__pycache__"))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if "tool" in tomllib.loads(pyproject) and "mutmut" in tomllib.loads(pyproject)["tool"]:
        sys.exit("pyproject.toml has its own [tool.mutmut]; this script writes one per module")
    (where / "pyproject.toml").write_text(pyproject + _mutmut_table(module), encoding="utf-8")
    return where


def _mutmut(where: Path, *args: str, quiet: bool = True) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "mutmut"
    return subprocess.run(
        [str(exe), *args],
        cwd=where,
        text=True,
        capture_output=quiet,
        env={**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8"},
        check=False,
    )


def run(module: str, survivors: bool) -> tuple[int, int]:
    where = _prepare(module)
    done = _mutmut(where, "run", "--max-children", "1")
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        sys.exit(f"{module}: mutmut run failed ({done.returncode})")
    _mutmut(where, "export-cicd-stats")
    stats = json.loads((where / "mutants" / "mutmut-cicd-stats.json").read_text())
    killed = stats["killed"] + stats["timeout"]
    total = stats["total"] - stats["skipped"]
    pct = 100.0 * killed / total if total else 100.0
    print(f"{module}: {killed}/{total} = {pct:.1f} %", flush=True)
    if survivors:
        listed = _mutmut(where, "results")
        print(listed.stdout, end="")
    return killed, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"some of: {', '.join(MODULES)}")
    parser.add_argument("--survivors", action="store_true", help="list surviving mutants")
    args = parser.parse_args()
    modules = args.modules or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; known: {', '.join(MODULES)}")
    killed = total = 0
    for module in modules:
        k, t = run(module, args.survivors)
        killed, total = killed + k, total + t
    if len(modules) > 1:
        print(f"core: {killed}/{total} = {100.0 * killed / total:.1f} %")


if __name__ == "__main__":
    main()
