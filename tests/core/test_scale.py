"""Workloads with thousands of targets (issue 8): the results stay right at scale.

Correctness only (the timings are ``bench/bench_profiles.py``): for a few sampled targets of a
2,000-target workload, ``compare``, ``score`` and ``validate`` give what an independent reading
of the same file says, for a star (every target on ``current``) and for chains of 100.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest

from mlprofile_tui.core.answers import UNANSWERED, Answer, State
from mlprofile_tui.core.compare import compare
from mlprofile_tui.core.document import WorkloadDocument
from mlprofile_tui.core.loading import answer_from_toml
from mlprofile_tui.core.model import SNAPSHOT, TARGET, Profile, Workload
from mlprofile_tui.core.rubric import resolve_rubric
from mlprofile_tui.core.scoring import score_json, score_profile

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("_big_workload", ROOT / "bench" / "_big_workload.py")
assert _spec is not None and _spec.loader is not None
big = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(big)

N = 2000
SAMPLES = (0, 1, 99, 100, 777, 1234, 1999)


def oracle(text: str):
    """Each profile's effective answers, read independently of the code under test: walk
    ``based_on`` in tomllib's reading of the file and let nearer profiles win."""
    raw = tomllib.loads(text)
    rubric = resolve_rubric("mloe-05")
    profiles = raw["profiles"]

    def effective(name: str) -> dict:
        chain = []
        while name is not None:
            chain.append(name)
            name = profiles[name].get("based_on")
        out = {}
        for n in reversed(chain):
            for key, rv in profiles[n].get("values", {}).items():
                out[key] = answer_from_toml(rubric.by_key[key], rv)
        return out

    return rubric, profiles, effective


@pytest.fixture(scope="module", params=[1, 100], ids=["star", "chains-of-100"])
def big_file(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "big.mlprofile.toml"
    return big.write_big_workload(path, N, chain=request.param)


def test_compare_every_profile_at_scale(cli, big_file):
    rubric, profiles, effective = oracle(big_file.read_text())
    r = cli("compare", big_file, "--json")
    assert r.code == 0, r.err
    data = r.json()
    names = [big.target_name(i) for i in range(N)]
    assert data["profiles"] == ["current", *names]
    rows = {row["key"]: row for row in data["rows"]}
    assert list(rows) == [ch.key for ch in rubric.characteristics]
    current = effective("current")
    current_score = score_profile(rubric, current, "current")
    for i in SAMPLES:
        name = names[i]
        answers = effective(name)
        expected = score_profile(rubric, answers, name)
        summary = data["summary"][name]
        assert summary["overall"] == score_json(rubric, expected)["overall"]
        assert summary["based_on"] == profiles[name]["based_on"]
        for gid, g in expected.groups.items():
            first = current_score.groups[gid].level
            delta = None if g.level is None or first is None else g.level - first
            assert summary["groups"][gid] == {"level": g.level, "score": g.score, "delta": delta}
        own = profiles[name]["values"]
        for ch in rubric.characteristics:
            row = rows[ch.key]
            a = answers.get(ch.key, UNANSWERED)
            assert row["states"][name] == a.state.value, (name, ch.key)
            assert row["values"][name] == (a.value if a.is_value else None), (name, ch.key)
            assert row["levels"][name] == expected.characteristic(ch.key).level
            moved = not a.same_answer(current.get(ch.key, UNANSWERED))
            if ch.key in own:
                assert row["rationale"][name] == own[ch.key]["rationale"]
            elif moved:  # changed further up the chain: that change's reason comes along
                assert row["rationale"][name] == a.rationale and a.rationale
            else:
                assert row["rationale"][name] is None


def test_score_show_and_validate_sampled_targets_at_scale(cli, big_file):
    rubric, profiles, effective = oracle(big_file.read_text())
    for i in SAMPLES[::2]:
        name = big.target_name(i)
        answers = effective(name)
        r = cli("score", big_file, "--profile", name, "--json")
        assert r.code == 0, r.err
        assert r.json() == score_json(rubric, score_profile(rubric, answers, name))
        shown = cli("show", big_file, "--profile", name, "--json").json()
        for key, v in shown["values"].items():
            a = answers.get(key, UNANSWERED)
            assert (v["state"], v["value"]) == (a.state.value, a.value if a.is_value else None)
            assert v["inherited"] == (key not in profiles[name]["values"])
    r = cli("validate", big_file)
    assert r.code == 0, r.err
    assert r.out.strip() == f"{big_file}: ok (0 errors, 0 warnings)"


def test_validate_finds_every_missing_rationale_with_its_line_at_scale(cli, big_file, tmp_path):
    """Warnings in many targets, each with its line (the line lookups must not rescan the file
    per finding)."""
    text = big_file.read_text()
    big_file = tmp_path / big_file.name
    dropped = [big.target_name(i) for i in SAMPLES]
    for name in dropped:
        text = re.sub(rf', rationale = "{name}: [^"]*"', "", text)
    big_file.write_text(text)
    lines = text.splitlines()
    based_on = {n: p.get("based_on") for n, p in tomllib.loads(text)["profiles"].items()}
    expected = []
    for name in dropped:
        start = lines.index(f"[profiles.{name}.values]")
        i = start + 1
        while i < len(lines) and lines[i].startswith('"'):
            key = lines[i].split('"')[1]
            expected.append(
                f'{big_file}:{i + 1}: warning: profiles.{name}.values."{key}": target changes '
                f"this from its base '{based_on[name]}' "
                "without a rationale"
            )
            i += 1
    r = cli("validate", big_file)
    assert r.code == 0, r.err
    out = r.out.strip().splitlines()
    assert out[:-1] == expected
    assert out[-1] == f"{big_file}: ok (0 errors, {len(expected)} warnings)"
    assert cli("validate", big_file, "--strict").code == 1


def test_edit_after_a_read_is_seen(fraud):
    """Reads share work along bases, but keep nothing: an edit made after a read shows in the
    next read, in the target that inherits it as well as in the profile edited."""
    doc = WorkloadDocument.load(fraud)
    w = doc.workload
    before = w.effective_many(["current", "reliable", "graviton"])
    assert before["graviton"]["traffic.scaling"].value == "target_tracking"
    first = compare(w, ["current", "graviton"])
    doc.set_answer("current", "traffic.scaling", Answer(State.VALUE, "scale_to_zero", "declared"))
    after = w.effective_many(["current", "graviton"])
    assert after["current"]["traffic.scaling"].value == "scale_to_zero"
    assert after["graviton"]["traffic.scaling"].value == "scale_to_zero"
    assert w.effective("graviton")["traffic.scaling"].value == "scale_to_zero"
    again = compare(w, ["current", "graviton"])
    row = next(r for r in again.rows if r.key == "traffic.scaling")
    assert {n: a.value for n, a in row.answers.items()} == {
        "current": "scale_to_zero",
        "graviton": "scale_to_zero",
    }
    assert again.scores["current"] != first.scores["current"]
    doc.branch("graviton", "later", "after the read")
    assert w.effective_many(["later"])["later"]["traffic.scaling"].value == "scale_to_zero"
    # each profile gets a dict of its own: changing one changes no other
    got = w.effective_many(["current", "reliable", "graviton"])
    got["reliable"].clear()
    assert got["graviton"] and got["current"] and w.effective("reliable")


def test_effective_many_matches_effective_even_with_cycles_and_missing_bases():
    rubric = resolve_rubric("mloe-05")
    w = Workload(Path("w.mlprofile.toml"), rubric, "w")

    def add(name, kind, based_on=None, **values):
        w.profiles[name] = Profile(name, kind, based_on=based_on)
        for key, value in values.items():
            ch = rubric.by_key[key.replace("__", ".")]
            w.profiles[name].values[ch.key] = answer_from_toml(ch, {"value": value})

    add("current", SNAPSHOT, deployment__models_per_endpoint=1, traffic__scaling="fixed")
    previous = "current"
    for i in range(300):  # one long chain
        add(f"c{i}", TARGET, previous, deployment__models_per_endpoint=i + 2)
        previous = f"c{i}"
    add("a", TARGET, "b", traffic__scaling="manual")  # a cycle, and a chain into it
    add("b", TARGET, "a", traffic__scaling="scale_to_zero")
    add("into", TARGET, "a", deployment__models_per_endpoint=7)
    add("orphan", TARGET, "ghost", deployment__models_per_endpoint=9)
    names = list(w.profiles)
    for order in (names, list(reversed(names))):
        many = w.effective_many(order)
        for n in order:
            assert list(many[n].items()) == list(w.effective(n).items()), n
