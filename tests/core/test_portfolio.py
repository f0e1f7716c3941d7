"""``mlprofile portfolio`` and ``validate FILE...`` over many files (issue 10, item 1).

Every figure a portfolio shows is checked against an independent reading: ``score FILE
--json`` of the same file, run through the command line one file at a time. The pool and the
single process must give identical entries (the pool is forced with the core function's
``pool_threshold``). Broken files come from the bad-input corpus, each one an entry carrying
the message ``score`` (and ``validate``, for a file it cannot read) gives for it.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.errors import MlprofileError
from mlprofile_tui.core.portfolio import iter_portfolio, score_portfolio
from mlprofile_tui.core.portfolio_report import CSV_COLUMNS
from mlprofile_tui.core.portfolio_sources import DiscoveryError, Source, discover

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "_portfolio_files", ROOT / "bench" / "_portfolio_files.py"
)
assert _spec is not None and _spec.loader is not None
files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(files)

import test_bad_input_corpus as corpus  # noqa: E402 (beside this file; conftest puts it on the path)

ENTRY_KEYS = ["path", "name", "owner", "profile", "overall", "groups", "blockers", "error"]
OVERALL_KEYS = ["level", "label", "score", "completeness", "optimistic_level"]


@pytest.fixture(scope="module")
def team_tree(tmp_path_factory) -> Path:
    """30 varied workloads in 8 team folders (the generator the bench uses)."""
    folder = tmp_path_factory.mktemp("portfolio")
    files.write_portfolio(folder, 30)
    return folder


def score_oracle(cli, path: Path, profile: str | None = None) -> dict:
    args = ["score", path, "--json"] + (["--profile", profile] if profile else [])
    r = cli(*args)
    assert r.code == 0, r.err
    return r.json()


def expected_entry(cli, path: Path, profile: str | None = None) -> dict:
    """The portfolio entry of ``path``, from ``score --json`` and ``show --json``."""
    score = score_oracle(cli, path, profile)
    shown = cli("show", path, "--json").json()["workload"]
    return {
        "path": str(path),
        "name": shown["name"],
        "owner": shown["owner"],
        "profile": score["profile"],
        "overall": {k: score["overall"][k] for k in OVERALL_KEYS},
        "groups": {gid: g["level"] for gid, g in score["groups"].items()},
        "blockers": score["overall"]["blockers"],
        "error": None,
    }


# --------------------------------------------------------------------------- the --json shape


def test_json_is_score_json_of_every_file_sorted_by_path(cli, team_tree):
    r = cli("portfolio", team_tree, "--json")
    assert r.code == 0, r.err
    assert r.err == ""  # no progress bar when stdout is not a terminal
    data = r.json()
    assert list(data) == ["workloads", "summary"]
    paths = sorted(str(p) for p in team_tree.rglob("*.mlprofile.toml"))
    assert [w["path"] for w in data["workloads"]] == paths
    for w in data["workloads"]:
        assert list(w) == ENTRY_KEYS
        assert list(w["overall"]) == OVERALL_KEYS
        assert w == expected_entry(cli, Path(w["path"]))
    summary = data["summary"]
    assert list(summary) == ["count", "errors", "levels", "top_blockers"]
    assert summary["count"] == 30 and summary["errors"] == 0
    ranks = Counter(w["overall"]["level"] for w in data["workloads"])
    assert summary["levels"] == {f"L{r}": ranks.get(r, 0) for r in range(5)}
    assert len(set(ranks)) > 1, "the generated portfolio should spread across levels"
    held = Counter(k for w in data["workloads"] for k in {b["key"] for b in w["blockers"]})
    expected = sorted(held.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert summary["top_blockers"] == [{"key": k, "count": n} for k, n in expected]


def test_csv_has_stable_columns_and_one_row_a_workload(cli, team_tree, examples):
    data = cli("portfolio", team_tree, "--json").json()
    r = cli("portfolio", team_tree, "--csv")
    assert r.code == 0 and r.err == ""
    rows = list(csv.DictReader(io.StringIO(r.out)))
    header = r.out.splitlines()[0].split(",")
    groups = [f"group:{g}" for g in data["workloads"][0]["groups"]]
    assert header == [*CSV_COLUMNS, *groups]
    assert len(rows) == len(data["workloads"])
    for row, w in zip(rows, data["workloads"], strict=True):
        assert row["path"] == w["path"] and row["name"] == w["name"]
        assert row["owner"] == w["owner"] and row["profile"] == w["profile"]
        assert int(row["level"]) == w["overall"]["level"]
        assert row["level_id"] == f"L{w['overall']['level']}"
        assert row["label"] == w["overall"]["label"]
        assert float(row["score"]) == pytest.approx(w["overall"]["score"], abs=1e-4)
        assert float(row["completeness"]) == pytest.approx(w["overall"]["completeness"], abs=1e-4)
        assert row["blockers"] == ";".join(b["key"] for b in w["blockers"])
        assert row["error"] == ""
        for gid, level in w["groups"].items():
            assert row[f"group:{gid}"] == ("" if level is None else str(level))
    # a portfolio of one rubric-1.1.0 example has the very same header
    one = cli("portfolio", examples["fraud-scorer"], "--csv").out.splitlines()[0]
    assert one.split(",") == header


def test_human_table_and_summary(cli, examples, tmp_path):
    for path in examples.values():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    r = cli("portfolio", tmp_path, "--min-level", "L2")
    assert r.code == 1  # the document classifier is L1
    assert "Card fraud scorer" in r.out and "payments-risk-ml" in r.out
    assert "L2 Repeatable" in r.out
    assert "reliable, graviton" in r.out  # the targets
    assert "5 workloads: L0 0 · L1 1 · L2 4 · L3 0 · L4 0" in r.out
    assert "1 below L2: Claims document classifier" in r.out
    assert "Most common blockers" in r.out and "deployment.instance_selection" in r.out


def test_an_empty_selection_is_valid_json_csv_and_a_table(cli, team_tree):
    r = cli("portfolio", team_tree, "--owner", "nobody", "--json")
    assert r.code == 0
    assert r.json() == {
        "workloads": [],
        "summary": {
            "count": 0,
            "errors": 0,
            "levels": {"L0": 0, "L1": 0, "L2": 0, "L3": 0, "L4": 0},
            "top_blockers": [],
        },
    }
    csv_out = cli("portfolio", team_tree, "--owner", "nobody", "--csv").out
    assert csv_out.splitlines()[0].startswith(",".join(CSV_COLUMNS)) and csv_out.count("\n") == 1
    assert "0 workloads: L0 0" in cli("portfolio", team_tree, "--owner", "nobody").out


@pytest.mark.parametrize("command", ["portfolio", "validate"])
def test_help_says_the_exit_codes_and_the_json_shape(capsys, command):
    from mlprofile_tui.cli import main

    with pytest.raises(SystemExit) as e:
        main([command, "--help"])
    assert e.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Exit codes: 0" in text and "; 1 " in text and "; 2 " in text
    if command == "portfolio":
        assert '"workloads": [{"path", "name", "owner", "profile", "overall":' in text
        assert '"top_blockers": [{"key", "count"}]' in text and "s3://" in text
    else:
        assert '"unreadable": {FILE: message}' in text


# --------------------------------------------------------------------------- exit codes, options


def test_exit_codes(cli, examples, tmp_path):
    fraud = examples["fraud-scorer"]
    assert cli("portfolio", fraud, "--json").code == 0
    assert cli("portfolio", fraud, "--min-level", "2").code == 0
    assert cli("portfolio", fraud, "--min-level", "L3").code == 1
    assert cli("portfolio", fraud, "--min-level", "Reliable", "--csv").code == 1
    broken = tmp_path / "broken.mlprofile.toml"
    broken.write_text("format = [")
    assert cli("portfolio", fraud, broken, "--json").code == 1
    usage = [
        (["portfolio", fraud, "--min-level", "L9"], "--min-level 'L9' is not a level"),
        (["portfolio", fraud, "--json", "--csv"], "not allowed with argument"),
        (["portfolio", fraud, "--profile", " "], "the profile name is empty"),
        (["portfolio", tmp_path / "nowhere"], "nowhere: no such file or folder"),
        (["portfolio"], "the following arguments are required: PATH"),
    ]
    for args, message in usage:
        r = cli(*args)
        assert r.code == 2, (args, r.out, r.err)
        assert r.out == "" and message in r.err and r.err.startswith("mlprofile: error: "), args
        assert len(r.err.splitlines()) == 1, r.err


def test_every_path_that_names_nothing_is_said_and_nothing_is_scored(cli, examples, tmp_path):
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "sub" / "notes.toml").write_text("x = 1\n")
    r = cli(
        "portfolio",
        examples["fraud-scorer"],
        "s3://Team_Bucket/workloads/",
        empty,
        tmp_path / "gone",
        "--json",
    )
    assert r.code == 2 and r.out == ""
    assert r.err.splitlines() == [
        "mlprofile: error: s3://Team_Bucket/workloads/: 'Team_Bucket' is not an S3 bucket name "
        "(3-63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter "
        "or digit)",
        f"mlprofile: error: {empty}: no *.mlprofile.toml files in this folder or below it",
        f"mlprofile: error: {tmp_path / 'gone'}: no such file or folder",
    ]
    # the core lists no bucket itself: without a lister an S3 PATH is refused, URI kept whole
    with pytest.raises(DiscoveryError) as e:
        discover(["s3://b/key.mlprofile.toml"])
    assert [p.render() for p in e.value.problems] == [
        "s3://b/key.mlprofile.toml: S3 paths are not read here"
    ]


def test_owner_filter_ignores_case_repeats_and_keeps_files_too_broken_to_say(cli, team_tree):
    every = cli("portfolio", team_tree, "--json").json()["workloads"]
    r = cli("portfolio", team_tree, "--owner", "GenAI-Platform", "--owner", "claims-automation")
    assert r.code == 0
    data = cli(
        "portfolio",
        team_tree,
        "--owner",
        "GenAI-Platform",
        "--owner",
        "claims-automation",
        "--json",
    ).json()
    assert data["workloads"] == [
        w for w in every if w["owner"] in ("genai-platform", "claims-automation")
    ]
    assert data["summary"]["count"] == len(data["workloads"]) > 0


def test_owner_filter_on_broken_files(cli, examples, tmp_path):
    (tmp_path / "noise.mlprofile.toml").write_bytes(b"\xff\xfe binary")
    wrong_type = corpus.FILES["value-wrong-type"][0]  # owner unknown: no owner line
    other = corpus._fraud('"network.vpc" = { value = true', '"network.vpc" = { value = "no"')
    (tmp_path / "a.mlprofile.toml").write_text(other)  # payments-risk-ml, broken
    (tmp_path / "b.mlprofile.toml").write_text(wrong_type)
    (tmp_path / "c.mlprofile.toml").write_bytes(examples["llm-assistant"].read_bytes())
    data = cli("portfolio", tmp_path, "--owner", "genai-platform", "--json").json()
    shown = [(Path(w["path"]).name, w["owner"], w["error"] is not None) for w in data["workloads"]]
    assert shown == [
        ("b.mlprofile.toml", None, True),
        ("c.mlprofile.toml", "genai-platform", False),
        ("noise.mlprofile.toml", None, True),
    ]
    data = cli("portfolio", tmp_path, "--owner", "payments-risk-ml", "--json").json()
    shown = [(Path(w["path"]).name, w["owner"], w["error"] is not None) for w in data["workloads"]]
    assert shown == [
        ("a.mlprofile.toml", "payments-risk-ml", True),
        ("b.mlprofile.toml", None, True),
        ("noise.mlprofile.toml", None, True),
    ]


def test_profile_picks_what_is_scored_and_a_workload_without_it_is_an_error_entry(
    cli, examples, tmp_path
):
    for path in examples.values():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    r = cli("portfolio", tmp_path, "--profile", "reliable", "--json")
    assert r.code == 1
    by_name = {Path(w["path"]).name: w for w in r.json()["workloads"]}
    have = {n for n, p in examples.items() if "[profiles.reliable]" in p.read_text()}
    assert have == {"batch-scoring", "fraud-scorer"}
    for name, path in examples.items():
        w = by_name[path.name]
        if name in have:
            assert w == expected_entry(cli, tmp_path / path.name, "reliable")
        else:
            score = cli("score", tmp_path / path.name, "--profile", "reliable")
            assert score.code == 2
            assert w["error"] == score.err.removeprefix("mlprofile: error: ").rstrip("\n")
            assert "no profile 'reliable'" in w["error"] and w["profile"] == "reliable"
            assert w["overall"] is None and w["groups"] == {} and w["blockers"] == []
            assert w["name"] and w["owner"]  # read far enough to say whose it is


# --------------------------------------------------------------------------- broken files


def _corpus_folder(folder: Path) -> list[Path]:
    """Every bad file of the bad-input corpus, and the bad-rubric cases, beside good files."""
    folder.mkdir(parents=True, exist_ok=True)
    bad = []
    for name, (content, _marks) in corpus.FILES.items():
        bad.append(corpus._make(folder, name, content))
    for name, (content, _marks) in corpus.RUBRICS.items():
        rubric = folder / "rubrics" / f"{name}.rubric.toml"
        rubric.parent.mkdir(exist_ok=True)
        rubric.write_text(content)
        bad.append(corpus._make(folder, f"rubric-{name}", corpus._workload_with_rubric(rubric)))
    return bad


def test_a_corpus_of_broken_files_each_one_entry_with_its_message(cli, tmp_path, examples):
    bad = _corpus_folder(tmp_path)
    good = [tmp_path / "good" / p.name for p in examples.values()]
    for src, dest in zip(examples.values(), good, strict=True):
        dest.parent.mkdir(exist_ok=True)
        dest.write_bytes(src.read_bytes())
    r = cli("portfolio", tmp_path, "--json")
    assert r.code == 1 and r.err == ""
    data = r.json()
    by_path = {w["path"]: w for w in data["workloads"]}
    assert sorted(by_path) == sorted(map(str, bad + good)) == list(by_path)
    assert data["summary"]["errors"] == len(bad) and data["summary"]["count"] == len(bad + good)
    assert sum(data["summary"]["levels"].values()) == len(good)
    for path in bad:
        entry = by_path[str(path)]
        score = cli("score", path)
        assert score.code == 2, path
        message = score.err.removeprefix("mlprofile: error: ").rstrip("\n")
        assert entry["error"] == message, path
        # the file is named, or the rubric file it names when that is what is broken
        assert entry["error"].startswith((str(path), str(tmp_path / "rubrics"))), path
        assert entry["overall"] is None and entry["blockers"] == []
        validate = cli("validate", path)
        if validate.code == 2:  # unreadable: validate gives the very same message
            assert validate.err == f"mlprofile: error: {message}\n", path
    for path in good:
        assert by_path[str(path)] == expected_entry(cli, path)
    human = cli("portfolio", tmp_path)
    assert human.code == 1
    assert f"{len(bad) + len(good)} workloads" in human.out
    assert f"{len(bad)} with an error" in human.out
    # a broken rubric is named in the entry's error; the table's list names the workload too
    rubric_case = tmp_path / "rubric-rubric-empty.mlprofile.toml"
    assert f"error: {rubric_case}: {tmp_path / 'rubrics'}" in human.out.replace("\n", "")


def test_validate_reports_every_file_and_goes_on(cli, tmp_path, examples):
    bad = _corpus_folder(tmp_path)
    good = list(examples.values())
    paths = [good[0], *bad, good[1]]
    single = {p: cli("validate", p) for p in paths}
    r = cli("validate", *paths)
    assert r.code == 2  # some files cannot be read: bad input, as for one of them alone
    unreadable = [p for p in paths if single[p].code == 2]
    invalid = [p for p in paths if single[p].code == 1]
    assert unreadable and invalid
    # every file's report, in the order given: stdout as each alone, then a tally
    assert r.out == "".join(single[p].out for p in paths) + (
        f"{len(paths)} files: {len(paths) - len(unreadable) - len(invalid)} ok, "
        f"{len(invalid)} invalid, {len(unreadable)} cannot be read\n"
    )
    assert r.err == "".join(single[p].err for p in unreadable)
    data = cli("validate", *paths, "--json").json()
    assert list(data) == ["files", "ok", "unreadable"] and data["ok"] is False
    assert list(data["files"]) == [str(p) for p in paths if p not in unreadable]
    for p in data["files"]:
        assert data["files"][p] == cli("validate", p, "--json").json()["files"][p]
    assert data["unreadable"] == {
        str(p): single[p].err.removeprefix("mlprofile: error: ").rstrip("\n") for p in unreadable
    }
    # without unreadable files the exit code is the findings' as before
    assert cli("validate", good[0], *invalid).code == 1
    ok = cli("validate", *good)
    assert ok.code == 0 and ok.out.endswith(f"{len(good)} files: {len(good)} ok, 0 invalid\n")
    # files that all read keep the shape they always had
    assert list(cli("validate", *good, *invalid, "--json").json()) == ["files", "ok"]
    one_bad = cli("validate", unreadable[0], "--json")
    assert one_bad.code == 2 and one_bad.json()["unreadable"] == {
        str(unreadable[0]): single[unreadable[0]]
        .err.removeprefix("mlprofile: error: ")
        .rstrip("\n")
    }


# --------------------------------------------------------------------------- discovery


def test_recursive_discovery(tmp_path, examples, monkeypatch):
    text = examples["fraud-scorer"].read_bytes()
    for rel in ("b/deep/er/x.mlprofile.toml", "a.mlprofile.toml", "b/y.mlprofile.toml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(text)
    (tmp_path / "b" / "notes.toml").write_text("x = 1\n")
    (tmp_path / "b" / "x.mlprofile.toml.bak").write_bytes(text)
    (tmp_path / "b" / "loop").symlink_to(tmp_path / "b")  # a folder link: not entered
    (tmp_path / "c.mlprofile.toml").symlink_to(tmp_path / "a.mlprofile.toml")  # a file link: read
    (tmp_path / "gone.mlprofile.toml").symlink_to(tmp_path / "nowhere")  # read, then an error
    monkeypatch.chdir(tmp_path)
    expected = [
        "a.mlprofile.toml",
        "b/deep/er/x.mlprofile.toml",
        "b/y.mlprofile.toml",
        "c.mlprofile.toml",
        "gone.mlprofile.toml",
    ]
    assert [s.path for s in discover(["."])] == expected
    # relative paths stay relative; a file named twice (itself and in its folder) is one entry
    assert [s.path for s in discover(["b/y.mlprofile.toml", "b", "./b/"])] == expected[1:3]
    # a file is taken as named, whatever its name
    assert [s.path for s in discover(["b/notes.toml"])] == ["b/notes.toml"]


def test_a_folder_nobody_may_list_is_an_entry_with_its_error(cli, tmp_path, examples, monkeypatch):
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "w.mlprofile.toml").write_bytes(examples["fraud-scorer"].read_bytes())
    locked = tmp_path / "locked"
    locked.mkdir()
    # as chmod 0 would for anyone but root (the tests may run as root): listing is refused
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    r = cli("portfolio", tmp_path, "--json")
    assert r.code == 1
    assert [w["error"] for w in r.json()["workloads"]] == [
        f"{locked}: cannot list: Permission denied",
        None,
    ]


def test_a_file_name_that_is_not_utf8_is_an_entry_not_a_traceback(cli_process, tmp_path, fraud):
    os.close(os.open(os.fsencode(tmp_path) + b"/caf\xe9.mlprofile.toml", os.O_CREAT | os.O_WRONLY))
    r = cli_process("portfolio", tmp_path, "--json")
    assert r.code == 1 and "Traceback" not in r.err, r.err
    shown = f"{tmp_path}/caf\\xe9.mlprofile.toml"
    assert [(w["path"], w["error"]) for w in r.json()["workloads"]] == [
        (shown, f"{shown}: the file name is not UTF-8 text; rename the file to read it"),
        (str(fraud), None),
    ]
    human = cli_process("portfolio", tmp_path)
    assert human.code == 1 and "Traceback" not in human.err and "caf\\xe9" in human.out


NAMES = st.lists(
    st.tuples(
        st.lists(st.sampled_from(["a", "b", "B", "a b", "z-1", "é"]), max_size=3),
        st.sampled_from(["w", "W", "x y", "0", "ü"]),
        st.booleans(),
    ),
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(layout=NAMES, order=st.randoms(use_true_random=False))
def test_discovery_is_every_workload_file_once_sorted_whatever_the_order_of_paths(
    tmp_path_factory, layout, order
):
    """Property: for any tree and any order of PATH arguments (folders and files, repeated),
    discovery gives each *.mlprofile.toml below them exactly once, sorted by path."""
    root = tmp_path_factory.mktemp("tree")
    made = set()
    for folders, stem, is_workload in layout:
        folder = root.joinpath(*folders)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (stem + (".mlprofile.toml" if is_workload else ".toml"))
        path.write_text("")
        if is_workload:
            made.add(str(path))
    if not made:
        with pytest.raises(DiscoveryError):
            discover([str(root)])
        return
    args = [str(root), *sorted(made)] + [str(p.parent) for p in map(Path, sorted(made))]
    order.shuffle(args)
    assert [s.path for s in discover(args)] == sorted(made)


# --------------------------------------------------------------------------- pool and process


def test_the_pool_and_one_process_give_identical_entries(tmp_path, team_tree):
    broken = tmp_path / "broken"
    bad = _corpus_folder(broken)
    sources = sorted(
        discover([str(team_tree)]) + [Source(str(p)) for p in bad], key=lambda s: s.path
    )
    for profile in (None, "reliable"):
        alone = score_portfolio(sources, profile, workers=1)
        seen: list[int] = []
        pooled = score_portfolio(
            sources, profile, workers=2, pool_threshold=0, on_progress=seen.append
        )
        assert pooled == alone
        assert sum(seen) == len(sources) and len(seen) > 2  # chunks ran and were counted
        assert [e.path for e in pooled] == [s.path for s in sources]
        assert any(e.error for e in pooled) and any(e.error is None for e in pooled)
    # below the threshold, or with one core, no pool is started: same entries again
    assert score_portfolio(sources, workers=2, pool_threshold=10**6) == score_portfolio(
        sources, workers=2, pool_threshold=0
    )


def test_a_source_that_carries_its_text_scores_as_the_file_would(team_tree, tmp_path):
    """The seam for stores whose objects are fetched with their listing (S3): the text rides
    with the source and nothing is opened."""
    sources = discover([str(team_tree)])[:3]
    carried = [Source(s.path, text=Path(s.path).read_text(encoding="utf-8")) for s in sources]
    absent = [Source(str(tmp_path / "not-here" / Path(s.path).name), text=s.text) for s in carried]
    read = score_portfolio(sources, workers=1)
    assert score_portfolio(carried, workers=1) == read
    assert [e.level for e in score_portfolio(absent, workers=1)] == [e.level for e in read]


def test_entries_come_one_by_one_and_stopping_early_stops_the_pool(team_tree):
    import multiprocessing
    from contextlib import closing

    sources = discover([str(team_tree)])
    expected = score_portfolio(sources, workers=1)
    with closing(iter_portfolio(sources, workers=2, pool_threshold=0)) as entries:
        assert next(entries) == expected[0]
        assert next(entries) == expected[1]
        assert multiprocessing.active_children()  # the pool is still at work
    assert multiprocessing.active_children() == []  # closed: no worker left behind


def test_from_a_thread_the_pool_spawns_and_gives_the_same_entries(team_tree):
    """The app scores from a worker thread: forking a threaded process is unsafe, so the pool
    spawns its workers there, with the same results."""
    import threading

    sources = discover([str(team_tree)])[:20]
    out: list = []
    worker = threading.Thread(
        target=lambda: out.append(score_portfolio(sources, workers=2, pool_threshold=0))
    )
    worker.start()
    worker.join(timeout=120)
    assert out and out[0] == score_portfolio(sources, workers=1)


def _die(sources, profile, history=False):
    os._exit(9)  # as the kernel's out-of-memory killer would end a worker


def test_a_dead_worker_is_one_message_not_a_traceback(tmp_path, monkeypatch, team_tree):
    import mlprofile_tui.core.portfolio as portfolio

    monkeypatch.setattr(portfolio, "score_chunk", _die)
    with pytest.raises(MlprofileError, match="a scoring worker process stopped unexpectedly"):
        score_portfolio(discover([str(team_tree)]), workers=2, pool_threshold=0)


def test_progress_bar_on_a_terminal_with_the_pool(tmp_path, team_tree):
    """Through a pseudo-terminal, the way people run it: the bar (rich, a thread) starts only
    after the pool has forked its workers, and the table follows."""
    import pty

    controller, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from mlprofile_tui.cli import main; main()",
            "portfolio",
            str(team_tree),
        ],
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    out = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        out += chunk
    os.close(controller)
    assert proc.wait(timeout=120) == 0
    text = out.decode("utf-8", "replace")
    assert "Traceback" not in text
    assert "30 workloads:" in text and "Most common blockers" in text


def test_json_and_csv_import_neither_rich_nor_boto3_and_the_table_no_boto3(team_tree):
    code = (
        "import sys, io, contextlib\n"
        "from mlprofile_tui.cli import main\n"
        "for fmt in ('--json', '--csv'):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        f"        assert main(['portfolio', {str(team_tree)!r}, fmt]) == 0\n"
        "import json\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'boto3', "
        "'botocore'))))\n"
        # the table loads rich, never boto3: only an s3:// PATH brings the S3 store in
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['portfolio', {str(team_tree)!r}]) == 0\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', "
        "'botocore'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert [json.loads(line) for line in out.strip().splitlines()[-2:]] == [[], []]
