"""Every valid layout a person may write, every edit: it means exactly what was intended.

Hypothesis writes one workload in random TOML layouts (tables, super-tables, dotted keys from the
root or inside a table, dotted answer fields, inline tables, arrays of tables for the matrix,
sections out of order, comments and blank lines anywhere, CRLF, a BOM) and applies random edits
through the command line (set, set with a rationale, branch, snapshot). Each edit must succeed
and tomllib must read the new file as the old one with exactly that change; the file keeps its
line endings, BOM and comments.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import tempfile
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlprofile_tui.cli import main
from mlprofile_tui.core.errors import MlprofileError
from mlprofile_tui.core.workload import load_workload

NOW = "2026-11-30T12:00:00Z"
ROWS = [
    {
        "environment": "production",
        "region": "eu-west-1",
        "workload": "real_time_inference",
        "instance_type": "ml.c5.xlarge",
        "count": 4,
    },
    {
        "environment": "staging",
        "region": "eu-west-1",
        "workload": "real_time_inference",
        "instance_type": "ml.c5.large",
        "count": 1,
    },
]
ANSWERS = {
    "network.vpc": {"value": True, "provenance": "declared"},
    "traffic.p95_latency_ms": {"value": 38, "provenance": "measured", "source": "CloudWatch"},
    "deployment.instance_type": {"value": "ml.c5.xlarge", "provenance": "declared"},
    "cost.levers": {"value": ["spot_training"], "provenance": "declared"},
    "network.network_isolation": {"state": "unknown"},
    "provisioning.matrix": {"value": ROWS, "provenance": "declared"},
}
# (key, what is typed, the value tomllib must read back)
EDITS = [
    ("traffic.p95_latency_ms", "41ms", 41),
    ("network.vpc", "no", False),
    ("network.network_isolation", "yes", True),
    ("deployment.instance_type", "ml.g5.xlarge", "ml.g5.xlarge"),
    ("cost.levers", "spot_training,savings_plans", ["spot_training", "savings_plans"]),
    ("deployment.model_artifact_size", "1.5GB", 1_500_000_000),
    (
        "provisioning.matrix",
        "production:eu-west-1:real_time_inference:ml.c5.xlarge:6;"
        "staging:eu-west-1:real_time_inference:ml.c5.large:1",
        [dict(ROWS[0], count=6), ROWS[1]],
    ),
    ("provisioning.matrix", "production:eu-west-1:real_time_inference:ml.c5.xlarge:4", [ROWS[0]]),
    # a value becoming a state: fields removed and added (a dotted answer gets a new section)
    ("network.vpc", "unknown", None),
    ("traffic.p95_latency_ms", "unknown", None),
    ("provisioning.matrix", "n/a:no instances of our own", None),
]


def key(k: str) -> str:
    return f'"{k}"' if "." in k or "-" in k else k


def toml(value) -> str:
    import tomlkit

    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key(k)} = {toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "[\n" + "".join(f"    {toml(r)},\n" for r in value) + "]"
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return tomlkit.item(value).as_string()


@st.composite
def workload_files(draw):
    """(text, model): a workload's TOML text in a random layout and the dict it means."""
    current_keys = draw(st.lists(st.sampled_from(sorted(ANSWERS)), unique=True, max_size=6))
    model = {
        "format": 1,
        "rubric": {"id": "mloe-05", "version": "1.0.0"},
        "workload": {"name": "Layouts", "owner": "ml-platform"},
        "profiles": {
            "current": {
                "kind": "snapshot",
                "taken": datetime(2026, 5, 4, 9, tzinfo=UTC),
                "values": {k: ANSWERS[k] for k in current_keys},
            }
        },
    }
    if draw(st.booleans()):
        own = draw(
            st.lists(
                st.sampled_from(["network.vpc", "deployment.instance_type"]),
                unique=True,
                max_size=2,
            )
        )
        changed = {
            "network.vpc": {
                "value": False,
                "provenance": "declared",
                "rationale": "private subnets only",
            },
            "deployment.instance_type": {
                "value": "ml.c7g.xlarge",
                "provenance": "declared",
                "rationale": "Graviton",
            },
        }
        model["profiles"]["faster"] = {
            "kind": "target",
            "based_on": "current",
            "rationale": "cheaper",
            "values": {k: changed[k] for k in own},
        }
    root: list[str] = ["format = 1"]
    sections: list[list[str]] = []
    if draw(st.booleans()):
        root.append('rubric = { id = "mloe-05", version = "1.0.0" }')
    else:
        sections.append(["[rubric]", 'id = "mloe-05"', 'version = "1.0.0"'])
    if draw(st.booleans()):
        root += ['workload.name = "Layouts"', 'workload.owner = "ml-platform"']
    else:
        sections.append(["[workload]", 'name = "Layouts"', 'owner = "ml-platform"'])
    for name, profile in model["profiles"].items():
        fields = {k: v for k, v in profile.items() if k != "values"}
        values = profile["values"]
        pstyle = draw(st.sampled_from(["header", "root-dotted", "inline"]))
        pkey = f"profiles.{name}"
        if pstyle == "inline":
            root.append(f"{pkey} = {toml(profile)}".replace("\n", " ").replace(",  ]", " ]"))
            continue
        if pstyle == "header":
            head = [f"[{pkey}]"] + [f"{k} = {toml(v)}" for k, v in fields.items()]
            # (dotted keys from the root would define the table before its [header]: invalid)
            vstyle = draw(st.sampled_from(["table", "subtables", "dotted-in-profile", "inline"]))
        else:
            root += [f"{pkey}.{k} = {toml(v)}" for k, v in fields.items()]
            head = None
            vstyle = draw(
                st.sampled_from(["table", "subtables", "root-dotted", "dotted-fields", "inline"])
            )
        vkey = f"{pkey}.values"
        if not values and draw(st.booleans()):
            del profile["values"]  # no values table at all: the first answer creates it
            if pstyle == "header":
                sections.append(head)
            continue
        if not values and vstyle != "inline":
            vstyle = "table"  # an empty values table needs its own header to exist
        if vstyle == "inline":
            line = f"values = {toml(values)}" if head else f"{vkey} = {toml(values)}"
            (head if head else root).append(line.replace("\n", " "))
        elif vstyle == "table":
            sections.append([f"[{vkey}]"] + [f"{key(k)} = {toml(a)}" for k, a in values.items()])
        elif vstyle == "dotted-in-profile":
            head += [f"values.{key(k)} = {toml(a)}" for k, a in values.items()]
        elif vstyle == "root-dotted":
            root += [f"{vkey}.{key(k)} = {toml(a)}" for k, a in values.items()]
        elif vstyle == "dotted-fields":
            for k, a in values.items():
                root += [f"{vkey}.{key(k)}.{f} = {toml(v)}" for f, v in a.items()]
        else:  # one sub-table per answer; the matrix as an array of tables
            for k, a in values.items():
                sec = [f"[{vkey}.{key(k)}]"]
                if k == "provisioning.matrix" and draw(st.booleans()):
                    sec += [f"{f} = {toml(v)}" for f, v in a.items() if f != "value"]
                    for row in a["value"]:
                        sec += [f"[[{vkey}.{key(k)}.value]]"]
                        sec += [f"{c} = {toml(v)}" for c, v in row.items()]
                else:
                    sec += [f"{f} = {toml(v)}" for f, v in a.items()]
                sections.append(sec)
        if head:
            sections.append(head)
    sections = draw(st.permutations(sections))
    lines = list(root)
    for sec in sections:
        lines += [""] + sec
    out: list[str] = []
    comments = draw(st.lists(st.integers(0, len(lines)), max_size=4))
    for i, line in enumerate(lines):
        for _ in range(comments.count(i)):
            out.append(draw(st.sampled_from(["# a comment people wrote", "", "  # indented"])))
        out.append(line)
    text = "\n".join(out) + "\n"
    assert tomllib.loads(text) == model, text  # the generator writes what it means
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.booleans())
    return ("\ufeff" if bom else "") + text.replace("\n", newline), model


@st.composite
def edits(draw):
    kinds = st.sampled_from(
        ["set", "set-target", "branch", "snapshot", "profile-rationale", "details", "rename"]
        + ["delete"]
    )
    return draw(st.lists(st.tuples(kinds, st.sampled_from(EDITS)), min_size=1, max_size=3))


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, err.getvalue()


def read(path: Path) -> tuple[bytes, dict]:
    data = path.read_bytes()
    return data, tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))


def without(doc: dict, *path: str) -> dict:
    """``doc`` without ``path``, and without the tables on it left empty (an edit may have
    created them)."""
    doc = copy.deepcopy(doc)
    chain = [doc]
    for k in path[:-1]:
        node = chain[-1].get(k)
        if not isinstance(node, dict):
            return doc
        chain.append(node)
    chain[-1].pop(path[-1], None)
    for parent, k, node in reversed(list(zip(chain, path, chain[1:], strict=False))):
        if not node:
            parent.pop(k)
    return doc


@pytest.fixture(scope="module", autouse=True)
def pinned_clock():
    old = os.environ.get("MLPROFILE_NOW")
    os.environ["MLPROFILE_NOW"] = NOW
    yield
    if old is None:
        del os.environ["MLPROFILE_NOW"]
    else:
        os.environ["MLPROFILE_NOW"] = old


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workload_files(), edits())
def test_every_layout_takes_every_edit(file, steps):
    text, _model = file
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.mlprofile.toml"
        path.write_bytes(text.encode("utf-8"))
        comments = {ln.strip() for ln in text.splitlines() if ln.strip().startswith("#")}
        branches = 0
        for kind, (k, typed, expected) in steps:
            before, old = read(path)
            profiles = old["profiles"]
            if kind == "branch":
                branches += 1
                name = f"alt{branches}"
                code, err = run(
                    "branch", path, "--from", "current", "--name", name, "--rationale", "try it"
                )
                changed: tuple[str, ...] = ("profiles", name)
            elif kind == "snapshot":
                code, err = run("snapshot", path)
                new_names = None
                changed = ("profiles",)
            elif kind == "profile-rationale":  # no command sets it; the app does, through this
                from mlprofile_tui.core.workload import WorkloadDocument

                name = "faster" if "faster" in profiles else "current"
                doc = WorkloadDocument.load(path, edit=True)
                doc.set_profile_rationale(name, f"why {k}\nbecause")
                doc.save()
                code, err = 0, ""
                changed = ("profiles", name, "rationale")
            elif kind == "details":  # the app's workload details, through the document
                from mlprofile_tui.core.workload import WorkloadDocument

                doc = WorkloadDocument.load(path, edit=True)
                doc.set_details(name="Layouts v2", owner="", notes=f"about {k}\nsecond line")
                doc.save()
                code, err = 0, ""
                changed = ("workload",)
            elif kind in ("rename", "delete"):  # a target or a dated snapshot, never current
                from mlprofile_tui.core.workload import WorkloadDocument

                doc = WorkloadDocument.load(path, edit=True)
                others = [n for n in profiles if n != "current"]
                # Leaves first: a profile targets build on is not deleted (tested elsewhere).
                leaves = [
                    n for n in others if all(p.get("based_on") != n for p in profiles.values())
                ]
                name = leaves[-1] if leaves else "current"
                new_name = f"{name}-r" if kind == "rename" else None
                answers_before = doc.workload.effective(name)
                try:
                    if kind == "rename":
                        doc.rename_profile(name, new_name)
                    else:
                        doc.delete_profile(name)
                except MlprofileError as e:
                    assert name == "current" and "current state" in e.message
                else:
                    doc.save()
                code, err = 0, ""
                changed = ("profiles", name)
            else:
                target = "faster" if kind == "set-target" and "faster" in profiles else "current"
                args = ["set", path, "-p", target, f"{k}={typed}"]
                if target != "current":
                    args += ["--rationale", "measured in staging"]
                code, err = run(*args)
                changed = ("profiles", target, "values", k)
            after, new = read(path)
            assert code == 0, f"{kind} {k}: {err}\n--- file ---\n{before.decode()}"
            # Nothing but the edited part changed meaning.
            if kind == "snapshot":
                new_names = set(new["profiles"]) - set(profiles)
                assert len(new_names) == 1
                snap = new["profiles"][new_names.pop()]
                assert (
                    without(new, "profiles", *[n for n in new["profiles"] if n not in profiles])
                    == old
                )
                assert snap["kind"] == "snapshot"
                w = load_workload(path)
                assert {a: v.value for a, v in w.effective("current").items()} == {
                    a: v.value
                    for a, v in w.profiles[
                        [n for n in new["profiles"] if n not in profiles][0]
                    ].values.items()
                }
            elif kind in ("rename", "delete") and name != "current":
                assert without(new, "profiles", new_name or name) == without(old, *changed)
                if new_name:
                    assert new["profiles"][new_name] == old["profiles"][name]
                    assert load_workload(path).effective(new_name) == answers_before
            elif kind == "details":
                assert without(new, "workload") == without(old, "workload")
                assert new["workload"] == {"name": "Layouts v2", "notes": f"about {k}\nsecond line"}
            else:
                assert without(new, *changed) == without(old, *changed)
            if kind == "branch":
                assert new["profiles"][changed[1]]["based_on"] == "current"
            if kind == "profile-rationale":
                assert new["profiles"][changed[1]]["rationale"] == f"why {k}\nbecause"
            if kind.startswith("set"):
                answer = new["profiles"][changed[1]]["values"][k]
                if expected is None:  # unknown, n/a: a state, no value
                    assert "value" not in answer and answer["state"] in (
                        "unknown",
                        "not_applicable",
                    )
                else:
                    assert answer["value"] == expected and type(answer["value"]) is type(expected)
                    assert answer["provenance"] == "declared"
            # The file's own conventions survive.
            decoded = after.decode("utf-8")
            assert decoded.startswith("\ufeff") == text.startswith("\ufeff")
            if "\r\n" in text:
                assert decoded.count("\n") == decoded.count("\r\n")
            else:
                assert "\r" not in decoded
            kept = {ln.strip() for ln in decoded.splitlines() if ln.strip().startswith("#")}
            # rows go when the matrix shrinks, or becomes unknown or n/a (no value at all)
            removed_rows = (
                k == "provisioning.matrix"
                and kind.startswith("set")
                and len(expected if expected is not None else [])
                < len(old["profiles"][changed[1]].get("values", {}).get(k, {}).get("value", []))
            )
            # A renamed or deleted profile's table is written anew or removed: the comments
            # inside it go with it (a known limit of renaming through set and delete).
            if not removed_rows and kind not in ("rename", "delete"):
                assert comments <= kept
            comments = kept


FIVE_ROWS = [
    dict(ROWS[0], instance_type=f"ml.m5.{size}", count=i)
    for i, size in enumerate(("large", "xlarge", "2xlarge", "4xlarge", "12xlarge"))
]


def matrix_workload(path: Path, rows_text: str) -> list[str]:
    """A workload whose current matrix is ``rows_text`` (the array as written); its lines."""
    path.write_text(
        'format = 1\n[rubric]\nid = "mloe-05"\nversion = "1.0.0"\n[workload]\nname = "m"\n'
        '[profiles.current]\nkind = "snapshot"\n[profiles.current.values]\n'
        f'"provisioning.matrix" = {{ value = {rows_text}, provenance = "declared" }}\n'
    )
    return path.read_text().splitlines()


def changed_lines(before: list[str], after: list[str]) -> list[str]:
    import difflib

    return [
        ln
        for ln in difflib.unified_diff(before, after, n=0, lineterm="")
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


def test_one_changed_row_changes_one_line(tmp_path):
    """A matrix edit touches only the rows that differ (linear, and a reviewable diff)."""
    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.core.workload import WorkloadDocument

    path = tmp_path / "m.mlprofile.toml"
    rows = list(FIVE_ROWS)
    before = matrix_workload(path, toml(rows))
    doc = WorkloadDocument.load(path, edit=True)
    rows[2] = dict(rows[2], count=40)
    rows.append(dict(ROWS[1]))
    doc.set_answer("current", "provisioning.matrix", Answer(State.VALUE, rows, "declared"))
    doc.save()
    after = path.read_text().splitlines()
    changed = changed_lines(before, after)
    assert changed == [
        f"-    {toml(dict(rows[2], count=2))},",
        f"+    {toml(rows[2])},",
        f"+    {toml(rows[-1])},",
    ]


def test_removing_a_row_removes_that_row_only(tmp_path):
    """Rows are matched by what they are, not by position: the rows after a removed one do
    not all change (and comments beside them stay beside them)."""
    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.core.workload import WorkloadDocument

    path = tmp_path / "m.mlprofile.toml"
    rows = FIVE_ROWS
    body = "".join(f"    # row {i}\n    {toml(r)},\n" for i, r in enumerate(rows))
    before = matrix_workload(path, f"[\n{body}]")
    doc = WorkloadDocument.load(path, edit=True)
    doc.set_answer(
        "current", "provisioning.matrix", Answer(State.VALUE, rows[:1] + rows[2:], "declared")
    )
    doc.save()
    after = path.read_text().splitlines()
    changed = changed_lines(before, after)
    assert changed == [f"-    {toml(rows[1])},"]
    assert after[after.index(f"    {toml(rows[2])},") - 1] == "    # row 2"


def test_removing_a_table_row_keeps_the_comment_about_what_follows(tmp_path):
    """In an array of tables, comment lines after a row's last key come before the next
    header: removing that row must not take them along."""
    path = tmp_path / "r.mlprofile.toml"
    rows = "".join(
        '\n[[profiles.current.values."provisioning.matrix".value]]\n'
        + "".join(f"{c} = {toml(v)}\n" for c, v in r.items())
        for r in ROWS
    )
    path.write_text(
        'format = 1\n[rubric]\nid = "mloe-05"\nversion = "1.0.0"\n[workload]\nname = "r"\n'
        '[profiles.current]\nkind = "snapshot"\n'
        '[profiles.current.values."provisioning.matrix"]\nprovenance = "declared"\n'
        f"{rows}\n# KEEP ME: about the next section\n"
        '[profiles.current.values."network.vpc"]\nvalue = true\n'
    )
    staging = ":".join(str(v) for v in ROWS[1].values())
    production = ":".join(str(v) for v in ROWS[0].values())
    for matrix, expected in ((staging, [ROWS[1]]), (f"{production};{staging}", ROWS)):
        assert run("set", path, f"provisioning.matrix={matrix}")[0] == 0
        text = path.read_text()
        assert "# KEEP ME: about the next section" in text
        value = tomllib.loads(text)["profiles"]["current"]["values"]["provisioning.matrix"]
        assert value["value"] == expected
