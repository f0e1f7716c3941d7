"""Every command over a corpus of bad workload files and bad arguments (DESIGN.md §6, issue 8).

Each case runs every command that takes a workload and asserts the contract: exit 1 or 2, no
traceback, stderr exactly one line starting ``mlprofile: error:`` (``validate`` reports a file's
findings on stdout and exits 1 with stderr empty; a rubric error may list its problems on the
lines after the first, each starting ``  - ``), and the workload file byte-identical afterwards.

In process (fast) except the cases that must not hang (a FIFO, /dev/zero, a rubric that is a
FIFO), which run every command in one subprocess under a timeout.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlprofile_tui.cli import main

ROOT = Path(__file__).resolve().parents[2]
FRAUD = (ROOT / "examples" / "fraud-scorer.mlprofile.toml").read_text()
HEAD = 'format = 1\n[rubric]\nid = "mloe-05"\nversion = "1.0.0"\n[workload]\nname = "x"\n'
CURRENT = '[profiles.current]\nkind = "snapshot"\ntaken = 2026-11-12T14:00:00Z\n'
VALUES = "[profiles.current.values]\n"

RUBRIC_OK = (ROOT / "rubrics" / "mloe-05.toml").read_text()

# Every command that takes a workload FILE; "{f}" is the file.
COMMANDS = [
    ["show", "{f}"],
    ["show", "{f}", "--json"],
    ["score", "{f}"],
    ["score", "{f}", "--json"],
    ["compare", "{f}"],
    ["validate", "{f}"],
    ["validate", "{f}", "--json"],
    ["check", "{f}", "--min-level", "1"],
    ["export", "{f}", "--format", "json"],
    ["export", "{f}", "--format", "markdown"],
    ["set", "{f}", "network.vpc=false"],
    ["branch", "{f}", "--from", "current", "--name", "t9", "--rationale", "r"],
    ["snapshot", "{f}"],
    ["interview", "{f}"],
    ["import-aws", "{f}", "--endpoint", "e", "--dry-run"],
    ["quotas", "{f}"],
    ["migrate", "{f}"],
    ["migrate", "{f}", "--dry-run", "--json"],
]
READ_COMMANDS = [
    c for c in COMMANDS if c[0] in ("show", "score", "compare", "validate", "check", "export")
]


def _fraud(old: str, new: str) -> str:
    assert old in FRAUD, old
    return FRAUD.replace(old, new, 1)


def _value(line: str) -> str:
    return HEAD + CURRENT + VALUES + line + "\n"


# name -> (file content as str or bytes, marks)
FILES: dict[str, tuple[str | bytes, list]] = {
    "based_on-list": (_fraud('based_on = "current"', 'based_on = ["current"]'), []),
    "state-list": (_value('"network.vpc" = { state = ["x"] }'), []),
    "rubric-id-int": (_fraud('id = "mloe-05"', "id = 5"), []),
    "rubric-version-int": (_fraud('version = "1.1.0"', "version = 1"), []),
    "rationale-int": (
        _fraud('rationale = "Move inference', 'rationale = 5\nx = "Move inference'),
        [],
    ),
    "answer-rationale-int": (_value('"network.vpc" = { value = true, rationale = 5 }'), []),
    "duplicate-key": (
        _fraud('name = "Card fraud scorer"', 'name = "Card fraud scorer"\nname = "again"'),
        [],
    ),
    "nested-5000": (HEAD + "x = " + "[" * 5000 + "]" * 5000 + "\n", []),
    "empty": ("", []),
    "blank": ("\n  \n", []),
    "binary": (bytes(range(256)) * 8, []),
    "not-utf8": (HEAD.replace('"x"', '"caf\xe9"').encode("latin-1"), []),
    "value-1e400": (_value('"cost.monthly_cost_usd" = { value = 1e400 }'), []),
    "value-nan": (_value('"cost.monthly_cost_usd" = { value = nan }'), []),
    "value-40-digits": (
        _value('"deployment.model_artifact_size" = { value = ' + "9" * 40 + " }"),
        [],
    ),
    "bytes-1e300": (_value('"deployment.model_artifact_size" = { value = 1e300 }'), []),
    "matrix-count-huge": (
        _value(
            '"provisioning.matrix" = { value = [{ environment = "production", '
            'region = "us-east-1", '
            'workload = "training", instance_type = "ml.m5.large", count = ' + "9" * 30 + " }] }"
        ),
        [],
    ),
    "matrix-account-not-in-rubric": (
        _value(
            '"provisioning.matrix" = { value = [{ environment = "production", '
            'account = "111122223333", region = "us-east-1", workload = "training", '
            'instance_type = "ml.m5.large", count = 1 }] }'
        ),
        [],
    ),
    "matrix-account-int": (
        _value(
            '"provisioning.matrix" = { value = [{ environment = "production", '
            'account = 111122223333, region = "us-east-1", workload = "training", '
            'instance_type = "ml.m5.large", count = 1 }] }'
        ),
        [],
    ),
    "matrix-environment-list": (
        _value(
            '"provisioning.matrix" = { value = [{ environment = [], region = "us-east-1", '
            'workload = "training", instance_type = "ml.m5.large", count = 1 }] }'
        ),
        [],
    ),
    "matrix-region-table": (
        _value(
            '"provisioning.matrix" = { value = [{ environment = "dev", region = { a = 1 }, '
            'workload = "training", instance_type = "ml.m5.large", count = 1 }] }'
        ),
        [],
    ),
    "format-string": (_fraud("format = 1", 'format = "1"'), []),
    "format-huge": (_fraud("format = 1", "format = " + "9" * 30), []),
    "profiles-int": (HEAD + "profiles = 5\n", []),
    "profiles-current-int": (HEAD + "[profiles]\ncurrent = 5\n", []),
    "values-list": (HEAD + CURRENT + "values = []\n", []),
    "taken-int": (_fraud("taken = 2026-11-12T14:00:00Z", "taken = 5"), []),
    "kind-list": (_fraud('kind = "target"', 'kind = ["target"]'), []),
    "description-int": (
        _fraud('description = "before the SageMaker Pipelines migration"', "description = 5"),
        [],
    ),
    "owner-int": (_fraud('owner = "payments-risk-ml"', "owner = 5"), []),
    "name-int": (_fraud('name = "Card fraud scorer"', "name = 5"), []),
    "notes-list": (HEAD.replace('name = "x"\n', 'name = "x"\nnotes = []\n') + CURRENT, []),
    "workload-list": (HEAD.replace('[workload]\nname = "x"\n', "workload = [1]\n") + CURRENT, []),
    "rubric-list": (
        HEAD.replace('[rubric]\nid = "mloe-05"\nversion = "1.0.0"\n', "rubric = [1]\n") + CURRENT,
        [],
    ),
    "values-entry-int": (_value('"network.vpc" = 5'), []),
    "value-wrong-type": (_value('"network.vpc" = { value = "no" }'), []),
    "provenance-list": (_value('"network.vpc" = { value = true, provenance = ["x"] }'), []),
    "unknown-key": (_value('"network.vpcc" = { value = true }'), []),
}

# [rubric] path = ... cases: the rubric file's content (None: a FIFO, made at run time)
RUBRICS: dict[str, tuple[str | None, list]] = {
    "rubric-levels-ints": (
        RUBRIC_OK.replace("[[levels]]\nrank = 0", "levels = [1, 2]\n[[xlevels]]\nrank = 0", 1),
        [],
    ),
    "rubric-groups-ints": (
        "groups = [5]\n"
        + RUBRIC_OK.replace("[[groups]]", "[[xgroups]]").replace(
            "[[groups.characteristics]]", "[[xgroups.characteristics]]"
        ),
        [],
    ),
    "rubric-weight-string": (
        RUBRIC_OK.replace(
            "[[groups.characteristics]]\n", '[[groups.characteristics]]\nweight = "x"\n', 1
        ),
        [],
    ),
    "rubric-nested": ("x = " + "[" * 5000 + "]" * 5000 + "\n", []),
    "rubric-empty": ("", []),
}


def _workload_with_rubric(rubric_path: Path) -> str:
    return _fraud(
        '[rubric]\nid = "mloe-05"\nversion = "1.1.0"',
        f'[rubric]\nid = "mloe-05"\nversion = "1.1.0"\npath = "{rubric_path}"',
    )


def _digest(path: Path) -> str | None:
    """The file's hash; None for anything but a regular file (never read a FIFO or a device)."""
    if not path.is_file():
        return None
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@pytest.fixture
def aws_nowhere(fake_aws):
    """AWS settings that point nowhere valid: nothing may be read, nothing may hang."""
    fake_aws.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")


def _run_in_process(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


_SCRIPT = """
import contextlib, io, json, resource, signal, sys
from mlprofile_tui.cli import main

# Reading /dev/zero must not take the machine's memory with it while it is still a bug.
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

class Hung(BaseException):  # not an OSError: no handler may swallow it and carry on
    pass

def hung(*_):
    raise Hung()

signal.signal(signal.SIGALRM, hung)
results = []
for args in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    signal.setitimer(signal.ITIMER_REAL, float(sys.argv[2]))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    except (Hung, MemoryError):
        results.append([None, out.getvalue(), err.getvalue()])
        break  # one hang fails the case; do not wait for the others
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    results.append([code, out.getvalue(), err.getvalue()])
sys.stdout.write(json.dumps(results))
"""


def _run_in_subprocess(all_args: list[list[str]], per_command: float = 2.0) -> list:
    """Every command in one process; each gets ``per_command`` seconds before it counts as hung."""
    timeout = 30 + per_command * len(all_args)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _SCRIPT, json.dumps(all_args), str(per_command)],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung for {timeout} s (a FIFO or device must be refused, not read)")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    results = json.loads(proc.stdout)
    for args, (code, _out, _err) in zip(all_args, results, strict=False):
        assert code is not None, f"{args} hung (a FIFO or device must be refused, not read)"
    return results


def _check(label, args, code, out, err, path: Path, before) -> None:
    assert "Traceback" not in err and "Traceback" not in out, (label, args, err)
    assert code in (1, 2), (label, args, code, out, err)
    lines = err.splitlines()
    if (args[0] == "validate" or args[:2] == ["rubric", "validate"]) and code == 1:
        assert err == "", (label, args, err)  # findings are the report, on stdout
        assert str(path) in out or args[0] == "rubric", (label, args, out)
    else:
        assert lines and lines[0].startswith("mlprofile: error: "), (label, args, err)
        extra = lines[1:]
        # one line; a rubric's problem list may follow it, one "  - " line per problem
        assert all(line.startswith("  - ") for line in extra) and (
            not extra or "rubric has" in lines[0]
        ), (label, args, err)
        assert err.endswith("\n"), (label, args, err)
    assert _digest(path) == before, (label, args, "the file changed")


def _make(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / f"{name}.mlprofile.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def _cases():
    for name, (content, marks) in FILES.items():
        yield pytest.param("file", name, content, id=name, marks=marks)
    for name, (content, marks) in RUBRICS.items():
        yield pytest.param("rubric", name, content, id=name, marks=marks)


@pytest.mark.usefixtures("aws_nowhere")
@pytest.mark.parametrize("kind, name, content", _cases())
def test_every_command_refuses_a_bad_file_clearly(tmp_path, kind, name, content):
    if kind == "rubric":
        rubric = tmp_path / f"{name}.rubric.toml"
        rubric.write_text(content)
        path = _make(tmp_path, name, _workload_with_rubric(rubric))
        commands = [
            *COMMANDS,
            ["rubric", "show", str(rubric)],
            ["rubric", "validate", str(rubric)],
            ["rubric", "docs", str(rubric)],
        ]
    else:
        path = _make(tmp_path, name, content)
        commands = COMMANDS
    before = _digest(path)
    for cmd in commands:
        args = [str(path) if a == "{f}" else a for a in cmd]
        code, out, err = _run_in_process(args)
        _check(name, args, code, out, err, path, before)


@pytest.mark.parametrize(
    "target",
    [
        "fifo",
        "dev-zero",
        "directory",
        "rubric-fifo",
    ],
)
def test_fifo_device_and_directory_never_hang_and_are_refused(tmp_path, aws_nowhere, target):
    extra = []
    if target == "fifo":
        path, message = tmp_path / "fifo.mlprofile.toml", "named pipe (FIFO)"
        os.mkfifo(path)
    elif target == "dev-zero":
        path, message = Path("/dev/zero"), "a device"
        extra = [["rubric", "validate", "/dev/zero"], ["rubric", "show", "/dev/zero"]]
    elif target == "directory":
        path, message = tmp_path, "directory"
        extra = [["rubric", "validate", str(tmp_path)]]
    else:
        rubric_fifo = tmp_path / "fifo.rubric.toml"
        os.mkfifo(rubric_fifo)
        path, message = (
            _make(tmp_path, "rubric-fifo", _workload_with_rubric(rubric_fifo)),
            "named pipe (FIFO)",
        )
        extra = [["rubric", "show", str(rubric_fifo)], ["rubric", "validate", str(rubric_fifo)]]
    before = _digest(path) if path.is_file() else None
    runs = [[str(path) if a == "{f}" else a for a in cmd] for cmd in COMMANDS] + extra
    results = _run_in_subprocess(runs)
    for args, (code, out, err) in zip(runs, results, strict=True):
        _check(target, args, code, out, err, path, before)
        assert message in err, (target, args, err)


def test_a_bom_file_that_is_otherwise_valid_is_read(tmp_path, aws_nowhere):
    path = tmp_path / "bom.mlprofile.toml"
    path.write_bytes(b"\xef\xbb\xbf" + FRAUD.encode())
    before = _digest(path)
    for cmd in READ_COMMANDS:
        args = [str(path) if a == "{f}" else a for a in cmd]
        code, out, err = _run_in_process(args)
        assert code == 0 and err == "", (args, err)
    assert _digest(path) == before


# --------------------------------------------------------------------------- bad arguments

ARGUMENTS = [
    pytest.param(["set", "{f}", "deployment.models_per_endpoint=1,2,3"], "','", id="int-commas"),
    pytest.param(
        ["set", "{f}", "deployment.model_artifact_size=1e30TB"],
        "beyond TOML's 64-bit integer range",
        id="size-1e30TB",
    ),
    pytest.param(
        ["set", "{f}", "traffic.p95_latency_ms=1e309"],
        "beyond TOML's 64-bit integer range",
        id="p95-1e309",
    ),
    pytest.param(
        ["set", "{f}", "cost.monthly_cost_usd=1e309"], "not a finite number", id="cost-1e309"
    ),
    pytest.param(["set", "{f}", "cost.monthly_cost_usd=nan"], "not a finite number", id="cost-nan"),
    pytest.param(
        ["set", "{f}", "deployment.models_per_endpoint=2.5"], "whole number", id="int-2.5"
    ),
    pytest.param(["set", "{f}", "network.vpc=nope"], "true or false", id="bool-nope"),
    pytest.param(["set", "{f}", "traffic.p95_latency_ms=~"], "no number after", id="approx-bare"),
    pytest.param(
        ["set", "{f}", "traffic.p95_latency_ms=~~400"], "approximate twice", id="approx-twice"
    ),
    pytest.param(
        ["set", "{f}", "traffic.p95_latency_ms=~400", "--provenance", "measured"],
        "traffic.p95_latency_ms: '~400': an approximate value cannot be measured",
        id="approx-measured",
    ),
    pytest.param(
        ["set", "{f}", "provisioning.matrix=production:us-east-1:training:ml.m5.large:" + "9" * 30],
        "beyond TOML's 64-bit integer range",
        id="matrix-count",
    ),
    pytest.param(
        ["set", "{f}", "provisioning.matrix=dev:us-east-1:training:ml.m5.large:1:2"],
        "matrix row 1 'dev:us-east-1:training:ml.m5.large:1:2': expected",
        id="matrix-six-columns",
    ),
    pytest.param(
        ["set", "--profile", "", "{f}", "network.vpc=true"],
        "profile",
        id="empty-profile",
    ),
    pytest.param(
        ["branch", "{f}", "--from", "current", "--name", "CURRENT", "--rationale", "r"],
        "CURRENT",
        id="branch-name-case",
    ),
    pytest.param(
        ["branch", "{f}", "--from", "current", "--name", "", "--rationale", "r"],
        "name",
        id="branch-name-empty",
    ),
    pytest.param(["snapshot", "{f}", "--name", ""], "name", id="snapshot-name-empty"),
    pytest.param(["check", "{f}", "--min-level", "L9"], "not a level", id="check-level"),
    pytest.param(["compare", "{f}", "--profiles", "current,ghost"], "ghost", id="compare-ghost"),
    pytest.param(["rubric", "show", "no-such-rubric"], "not known", id="rubric-unknown"),
]


@pytest.mark.usefixtures("aws_nowhere")
@pytest.mark.parametrize("cmd, message", ARGUMENTS)
def test_bad_arguments_are_one_clear_message(tmp_path, cmd, message):
    path = _make(tmp_path, "fraud", FRAUD)
    before = _digest(path)
    args = [str(path) if a == "{f}" else a for a in cmd]
    code, out, err = _run_in_process(args)
    _check(cmd[0], args, code, out, err, path, before)
    assert code == 2 and message in err, (args, err)
