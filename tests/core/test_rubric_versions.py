"""Rubric sources, the generated rubric reference, rubric versions and `mlprofile migrate`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mlprofile_tui.core.errors import MlprofileError, RubricError
from mlprofile_tui.core.rubric import load_rubric, resolve_rubric
from mlprofile_tui.core.workload import load_workload

ROOT = Path(__file__).parents[2]

LEVELS = """\
[[levels]]
rank = 0
id = "L0"
label = "None"
[[levels]]
rank = 1
id = "L1"
label = "Some"
[[levels]]
rank = 2
id = "L2"
label = "Good"
"""

TEAM_1_0 = (
    'id = "team"\nversion = "1.0.0"\ntitle = "Team rubric"\n'
    + LEVELS
    + textwrap.dedent("""
    [[groups]]
    id = "g"
    [[groups.characteristics]]
    id = "speed"
    question = "How fast?"
    help = "h"
    type = "int"
    kind = "maturity"
    direction = "higher"
    thresholds = { L1 = 1, L2 = 10 }
    [[groups.characteristics]]
    id = "mode"
    question = "Which mode?"
    help = "h"
    type = "enum"
    kind = "maturity"
    choices = [{ id = "a", level = 1 }, { id = "b", level = 2 }]
    [[groups.characteristics]]
    id = "old_name"
    question = "Reviewed?"
    help = "h"
    type = "bool"
    kind = "maturity"
    levels = { true = 2, false = 0 }
    [[groups.characteristics]]
    id = "legacy"
    question = "Anything else?"
    help = "h"
    type = "text"
""")
)

TEAM_1_1 = (
    'id = "team"\nversion = "1.1.0"\ntitle = "Team rubric"\n'
    + LEVELS
    + textwrap.dedent("""
    [[groups]]
    id = "g"
    [[groups.characteristics]]
    id = "speed"
    question = "How fast?"
    help = "h"
    type = "int"
    kind = "maturity"
    direction = "higher"
    thresholds = { L1 = 1, L2 = 10 }
    sources = ["ten a second is what the callers need"]
    [[groups.characteristics]]
    id = "mode"
    question = "Which mode?"
    help = "h"
    type = "enum"
    kind = "maturity"
    choices = [{ id = "alpha", level = 1 }, { id = "beta", level = 1 }, { id = "gamma", level = 2 }]
    sources = [{ title = "Modes", url = "https://docs.aws.amazon.com/modes.html" }]
    [[groups.characteristics]]
    id = "reviewed"
    question = "Reviewed?"
    help = "h"
    type = "bool"
    kind = "maturity"
    levels = { true = 2, false = 0 }
    sources = ["a review a quarter catches drift"]

    [[migrations]]
    from = "1.0.0"
    rename = { "g.old_name" = "g.reviewed" }
    choices = { "g.mode" = { a = "alpha", b = "beta" } }
    retire = ["g.legacy"]
""")
)

WORKLOAD = """\
# A team workload, written for rubric 1.0.0.
format = 1

[rubric]
path = "team.toml"
version = "1.0.0"

[workload]
name = "Team workload"

[profiles.current]
kind = "snapshot"
taken = 2026-01-01T00:00:00Z

[profiles.current.values]
# measured on the load test
"g.speed" = { value = 20, provenance = "measured" }
"g.mode" = { value = "b", provenance = "declared" }  # the mode we run in
"g.old_name" = { value = true, provenance = "declared" }
"g.legacy" = { value = "keep?", provenance = "declared" }

[profiles.simpler]
kind = "target"
based_on = "current"
rationale = "fewer moving parts"

[profiles.simpler.values]
"g.mode" = { value = "a", provenance = "declared", rationale = "simpler to run" }
"""


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """team.toml (1.1.0, the newest) with team/1.0.0.toml beside it, and a 1.0.0 workload."""
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "1.0.0.toml").write_text(TEAM_1_0)
    (tmp_path / "team.toml").write_text(TEAM_1_1)
    path = tmp_path / "w.mlprofile.toml"
    path.write_text(WORKLOAD)
    return path


# --------------------------------------------------------------------------- sources


def _rubric_with(tmp_path: Path, sources: str, top: str = "") -> Path:
    path = tmp_path / "r.toml"
    text = TEAM_1_1.replace(
        'sources = ["ten a second is what the callers need"]', f"sources = {sources}"
    )
    path.write_text(top + text)
    return path


@pytest.mark.parametrize(
    "sources, message",
    [
        ('"one line"', "must be a list of strings and { title, url } tables"),
        ("[1]", "must be a string or a { title, url } table, got an integer"),
        ('[""]', "a reasoning must not be empty"),
        ('[{ url = "https://a" }]', "sources[0].title: is required"),
        ('[{ title = "T", url = "ftp://a" }]', "sources[0].url: must be an http(s) address"),
        ('[{ title = "T", link = "https://a" }]', "unknown field(s) link"),
        ("[{ title = 3 }]", "sources[0].title: must be a string"),
    ],
)
def test_sources_are_type_checked_with_their_key(tmp_path, sources, message):
    with pytest.raises(RubricError) as info:
        load_rubric(_rubric_with(tmp_path, sources))
    assert any(
        "groups[0].characteristics[0].sources" in p and message in p for p in info.value.problems
    )


def test_validate_warns_about_unsourced_scored_characteristics(cli, tmp_path):
    path = _rubric_with(tmp_path, "[]")
    result = cli("rubric", "validate", path)
    assert result.code == 0
    assert "1 scored characteristic cites no sources for its thresholds" in result.out
    assert "g.speed (maturity)" in result.out and "g.mode" not in result.out


def test_require_sources_makes_them_errors(cli, tmp_path):
    path = _rubric_with(tmp_path, "[]", top="require_sources = true\n")
    result = cli("rubric", "validate", path)
    assert result.code == 1  # findings (DESIGN §6), the report on standard output
    assert "characteristics[0].sources" in result.out and "require_sources" in result.out
    bad = _rubric_with(tmp_path, "[]", top='require_sources = "yes"\n')
    assert "require_sources: must be true or false" in cli("rubric", "validate", bad).out


def test_builtin_rubric_validates_with_a_warning_listing_unsourced(cli):
    result = cli("rubric", "validate", ROOT / "rubrics" / "mloe-05.toml")
    assert result.code == 0 and "is valid" in result.out


def test_rubric_show_json_has_sources(cli, team):
    data = cli("rubric", "show", team.parent / "team.toml", "--json").json()
    chars = {c["key"]: c for c in data["groups"][0]["characteristics"]}
    assert chars["g.speed"]["sources"] == [
        {"kind": "reasoning", "title": "ten a second is what the callers need", "url": None}
    ]
    assert chars["g.mode"]["sources"] == [
        {"kind": "reference", "title": "Modes", "url": "https://docs.aws.amazon.com/modes.html"}
    ]
    builtin = cli("rubric", "show", "--json").json()
    assert all("sources" in c for g in builtin["groups"] for c in g["characteristics"])


def test_rubric_show_prints_sources(cli, team):
    out = cli("rubric", "show", team.parent / "team.toml").out
    assert "ten a second" in out and "Modes" in out


# --------------------------------------------------------------------------- docs/rubric.md


def test_checked_in_rubric_docs_match_the_command(cli):
    """Regenerate with `mlprofile rubric docs -o docs/rubric.md` after changing the rubric."""
    result = cli("rubric", "docs")
    assert result.code == 0
    checked_in = (ROOT / "docs" / "rubric.md").read_text(encoding="utf-8")
    assert checked_in == result.out, (
        "docs/rubric.md is out of date: run `mlprofile rubric docs -o docs/rubric.md`"
    )


def test_rubric_docs_show_thresholds_beside_sources(cli, team, tmp_path):
    out = tmp_path / "team.md"
    assert cli("rubric", "docs", team.parent / "team.toml", "-o", out).code == 0
    text = out.read_text()
    assert text == cli("rubric", "docs", team.parent / "team.toml").out
    speed = text[text.index("### `g.speed`") : text.index("### `g.mode`")]
    assert "Higher is better" in speed and "| L2 Good | ≥ 10 |" in speed
    assert "Reasoning: ten a second is what the callers need" in speed
    mode = text[text.index("### `g.mode`") :]
    assert "| `gamma` | gamma | L2 Good |" in mode
    assert "[Modes](https://docs.aws.amazon.com/modes.html)" in mode


# --------------------------------------------------------------------------- versions


def test_an_older_version_keeps_loading_with_its_own_rubric(team):
    w = load_workload(team)
    assert w.rubric.version == "1.0.0" and "g.old_name" in w.rubric.by_key
    assert w.profiles["current"].values["g.mode"].value == "b"
    newest = resolve_rubric(str(team.parent / "team.toml"))
    assert newest.version == "1.1.0"
    with pytest.raises(MlprofileError, match=r"version 0\.9 is not available.*1\.0\.0, 1\.1\.0"):
        resolve_rubric(str(team.parent / "team.toml"), "0.9")


def test_a_version_file_must_hold_that_version(team):
    (team.parent / "team" / "1.0.0.toml").write_text(TEAM_1_0.replace('"1.0.0"', '"1.0.1"'))
    with pytest.raises(MlprofileError, match="holds rubric team 1.0.1, not team 1.0.0"):
        load_workload(team)


def test_validate_says_a_newer_version_exists(cli, team):
    result = cli("validate", team)
    assert result.code == 0
    assert "rubric team 1.1.0 is available" in result.out and "mlprofile migrate" in result.out


def test_migrations_are_checked_against_this_version(tmp_path):
    bad = TEAM_1_1.replace('"g.old_name" = "g.reviewed"', '"g.old_name" = "g.nowhere"').replace(
        'b = "beta"', 'b = "delta"'
    )
    path = tmp_path / "r.toml"
    path.write_text(bad + '\n[[migrations]]\nfrom = "1.1.0"\n')
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    joined = "\n".join(info.value.problems)
    assert 'migrations[0].rename."g.old_name": must name a characteristic' in joined
    assert 'migrations[0].choices."g.mode": maps to choices' in joined and "b = 'delta'" in joined
    assert "migrations[1].from: is this rubric's own version" in joined


# --------------------------------------------------------------------------- migrate


def test_dry_run_changes_nothing_and_reports(cli, team):
    before = team.read_bytes()
    result = cli("migrate", team, "--dry-run")
    assert result.code == 0, result.err
    assert team.read_bytes() == before
    assert "current: g.old_name renamed to g.reviewed" in result.out
    assert "current: g.mode: b is now beta" in result.out
    assert "current: g.legacy retired (was keep?)" in result.out
    assert "current: L2 -> L1 (down)" in result.out
    assert "nothing written (dry run)" in result.out


def test_migrate_changes_exactly_those_answers_and_keeps_comments(cli, team):
    result = cli("migrate", team)
    assert result.code == 0, result.err
    text = team.read_text()
    assert "# A team workload, written for rubric 1.0.0." in text
    assert "# measured on the load test" in text
    assert "# the mode we run in" in text
    assert 'version = "1.1.0"' in text and 'path = "team.toml"' in text
    w = load_workload(team)
    assert w.rubric.version == "1.1.0"
    current = w.profiles["current"].values
    assert set(current) == {"g.speed", "g.mode", "g.reviewed"}
    assert current["g.speed"].value == 20 and current["g.speed"].provenance == "measured"
    assert current["g.mode"].value == "beta" and current["g.reviewed"].value is True
    simpler = w.profiles["simpler"].values
    assert simpler["g.mode"].value == "alpha"
    assert simpler["g.mode"].rationale == "simpler to run"
    # only the migrated lines changed
    old_lines = set(WORKLOAD.splitlines())
    new_lines = set(text.splitlines())
    assert {ln for ln in old_lines - new_lines} == {
        'version = "1.0.0"',
        '"g.mode" = { value = "b", provenance = "declared" }  # the mode we run in',
        '"g.old_name" = { value = true, provenance = "declared" }',
        '"g.legacy" = { value = "keep?", provenance = "declared" }',
        '"g.mode" = { value = "a", provenance = "declared", rationale = "simpler to run" }',
    }
    assert cli("validate", team).code == 0
    again = cli("migrate", team)
    assert again.code == 0 and "nothing to do" in again.out


def test_migrate_json_shape(cli, team):
    data = cli("migrate", team, "--json").json()
    assert data == {
        "file": str(team),
        "from": "1.0.0",
        "to": "1.1.0",
        "changes": [
            {
                "profile": "current",
                "key": "g.mode",
                "action": "rechoice",
                "old": "b",
                "new": "beta",
            },
            {
                "profile": "current",
                "key": "g.old_name",
                "action": "rename",
                "old": "g.old_name",
                "new": "g.reviewed",
            },
            {
                "profile": "current",
                "key": "g.legacy",
                "action": "retire",
                "old": "keep?",
                "new": None,
            },
            {
                "profile": "simpler",
                "key": "g.mode",
                "action": "rechoice",
                "old": "a",
                "new": "alpha",
            },
        ],
        "levels": {"current": {"before": 2, "after": 1}, "simpler": {"before": 1, "after": 1}},
        "written": True,
        "new_keys": [],
    }


def test_bad_to_and_no_path_exit_2_and_write_nothing(cli, team):
    before = team.read_bytes()
    result = cli("migrate", team, "--to", "9.9.9")
    assert result.code == 2 and "has no version '9.9.9'" in result.err
    (team.parent / "team" / "0.9.0.toml").write_text(TEAM_1_0.replace('"1.0.0"', '"0.9.0"'))
    result = cli("migrate", team, "--to", "0.9.0")
    assert result.code == 2 and "no declared migration from 1.0.0 to 0.9.0" in result.err
    assert team.read_bytes() == before


def test_a_result_that_does_not_validate_is_refused(cli, team):
    # 1.1.0 forgets to map choice "b": the migrated file would not read
    (team.parent / "team.toml").write_text(TEAM_1_1.replace(', b = "beta"', ""))
    before = team.read_bytes()
    result = cli("migrate", team)
    assert result.code == 2
    assert "would not load" in result.err and "g.mode" in result.err
    assert "nothing was written" in result.err
    assert team.read_bytes() == before


def test_builtin_examples_have_nothing_to_migrate(cli, examples):
    for path in examples.values():
        result = cli("migrate", path, "--dry-run", "--json")
        assert result.code == 0
        assert result.json()["changes"] == [] and result.json()["written"] is False


def test_a_1_0_0_file_scores_as_before_is_told_of_1_1_0_and_migrates(cli, tmp_path):
    """The shipped 1.1.0 with 1.0.0 beside it: a 1.0.0 file keeps its levels (the exact scores
    are pinned by test_rubric_1_0_golden), validate notes the newer version without failing a
    --strict gate, and migrate moves it, keeping comments and saying what changed."""
    for source in sorted((ROOT / "tests" / "core" / "data" / "rubric-1.0.0").glob("*.toml")):
        path = tmp_path / source.name
        path.write_bytes(source.read_bytes())
        checked = cli("validate", path, "--strict")
        assert checked.code == 0, checked.out
        assert "note: rubric.version: rubric mloe-05 1.1.0 is available" in checked.out
        dry = cli("migrate", path, "--dry-run", "--json").json()
        assert (dry["from"], dry["to"], dry["written"]) == ("1.0.0", "1.1.0", False)
        actions = {c["action"] for c in dry["changes"]}
        assert actions and actions <= {"rename", "rechoice", "retire"}
        assert "business.outcome" in dry["new_keys"]
        assert path.read_bytes() == source.read_bytes()  # a dry run writes nothing
        done = cli("migrate", path, "--json")
        assert done.code == 0 and done.json()["written"] is True
        text = path.read_text(encoding="utf-8")
        assert 'version = "1.1.0"' in text
        kept = [ln for ln in source.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
        assert all(ln in text for ln in kept)  # comments survive
        assert "provisioning_tolerance_ms" not in text.replace("# ", "")
        assert cli("validate", path).code in (0, 1)  # reads as 1.1.0: no bad input
        assert cli("migrate", path, "--dry-run", "--json").json()["changes"] == []
