"""An open workload: the model and the TOML text change together, and a save writes exactly
what the edits mean (or nothing). Real files in tmp_path; the clock pinned by MLPROFILE_NOW."""

from __future__ import annotations

import textwrap
import tomllib
from datetime import UTC, datetime

import pytest

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.document import WorkloadDocument, answer_fields, answer_to_toml
from mlprofile_tui.core.errors import ConflictError, MlprofileError
from mlprofile_tui.core.model import SNAPSHOT, TARGET, Profile
from mlprofile_tui.core.rubric import resolve_rubric
from mlprofile_tui.core.store import digest
from mlprofile_tui.core.tomledit import DELETE, Edit, LayoutError

TEXT = textwrap.dedent("""\
    # the payments team's file
    format = 1

    [rubric]
    id = "mloe-05"
    version = "1.0.0"

    [workload]
    name = "Scorer"

    [profiles.q1]
    kind = "snapshot"
    taken = 2026-01-01T00:00:00Z

    [profiles.current]
    kind = "snapshot"
    taken = 2026-11-01T00:00:00Z

    [profiles.current.values]
    "traffic.p95_latency_ms" = { value = 61, provenance = "measured", at = 2026-10-30T12:00:00Z }
    "network.vpc" = { value = true, provenance = "declared" }

    [profiles.faster]
    kind = "target"
    based_on = "current"
    rationale = "Meet the SLO."

    [profiles.faster.values]
    "traffic.p95_latency_ms" = { value = 45, provenance = "estimated", rationale = "c6i" }
    """)
LATENCY, VPC = "traffic.p95_latency_ms", "network.vpc"
NOW = "2026-11-30T12:00:00Z"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setenv("MLPROFILE_NOW", NOW)


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "scorer.mlprofile.toml"
    p.write_text(TEXT, encoding="utf-8")
    return p


def saved(path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_opening_to_look_costs_no_tomlkit_parse_and_changes_nothing(path):
    doc = WorkloadDocument.load(path)
    assert doc._editor is None and not doc.dirty and doc.edits() == []
    assert doc.text() == TEXT and doc.plain == tomllib.loads(TEXT)
    assert doc.loaded_digest == digest(TEXT.encode())
    assert doc.rubric is doc.workload.rubric and doc.rubric.version == "1.0.0"
    doc.save()  # nothing to write: the bytes stay as they were
    assert path.read_text() == TEXT and doc._editor is None


def test_opening_to_edit_parses_at_once(path):
    doc = WorkloadDocument.load(path, edit=True)
    assert doc._editor is not None and not doc.dirty and doc.text() == TEXT


def test_an_edit_is_in_the_model_the_text_and_the_log(path):
    doc = WorkloadDocument.load(path)
    doc.set_answer("current", VPC, Answer(State.VALUE, False, "declared"))
    assert doc.dirty
    assert doc.workload.profiles["current"].values[VPC].value is False
    assert doc.plain["profiles"]["current"]["values"][VPC] == {
        "value": False,
        "provenance": "declared",
    }
    assert doc.edits() == [
        Edit(("profiles", "current", "values", VPC), {"value": False, "provenance": "declared"})
    ]
    assert '"network.vpc" = { value = false, provenance = "declared" }' in doc.text()
    assert path.read_text() == TEXT  # nothing written before save


def test_a_save_writes_rebases_and_a_second_save_needs_no_reload(path):
    doc = WorkloadDocument.load(path)
    doc.set_answer("current", VPC, Answer(State.VALUE, False, "declared"))
    doc.save()
    assert saved(path)["profiles"]["current"]["values"][VPC]["value"] is False
    assert not doc.dirty and doc.edits() == []
    assert doc.loaded_digest == digest(path.read_bytes())
    assert doc.file.data == path.read_bytes() and doc.plain == saved(path)
    doc.set_answer("current", VPC, Answer(State.UNKNOWN))
    doc.save()  # the digest of the first save is what the second compares against
    assert saved(path)["profiles"]["current"]["values"][VPC] == {"state": "unknown"}


def test_the_files_line_endings_and_bom_survive_a_save(path):
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode())
    doc = WorkloadDocument.load(path)
    doc.set_answer("current", VPC, Answer(State.VALUE, False, "declared"))
    doc.save()
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\n") == data.count(b"\r\n")
    assert doc.text().count("\r") == 0  # the text stays LF inside
    doc.set_answer("current", VPC, Answer(State.UNKNOWN))
    doc.save()  # the saved bytes (BOM, CRLF) are what the next save compares against
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\n") == data.count(b"\r\n")
    assert saved_bom(path)["profiles"]["current"]["values"][VPC] == {"state": "unknown"}


def saved_bom(path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8-sig"))


def test_a_file_changed_meanwhile_is_refused_unless_forced(path):
    doc = WorkloadDocument.load(path)
    doc.set_answer("current", VPC, Answer(State.VALUE, False, "declared"))
    path.write_text(TEXT.replace("Scorer", "Scorer 2"))
    with pytest.raises(ConflictError):
        doc.save()
    assert "Scorer 2" in path.read_text()
    doc.save(force=True)
    assert saved(path)["workload"]["name"] == "Scorer"


def test_save_as_writes_a_new_file_and_leaves_the_open_one_as_it_was(path, tmp_path):
    doc = WorkloadDocument.load(path)
    doc.set_answer("current", VPC, Answer(State.VALUE, False, "declared"))
    copy = tmp_path / "copy.mlprofile.toml"
    doc.save(copy)
    assert saved(copy)["profiles"]["current"]["values"][VPC]["value"] is False
    assert path.read_text() == TEXT
    assert doc.dirty and doc.loaded_digest == digest(TEXT.encode())  # still the original's
    with pytest.raises(MlprofileError, match="already exists"):
        doc.save(copy)
    doc.save(path)  # the same path is a save in place
    assert not doc.dirty


def test_edits_begun_on_an_older_version_may_only_be_saved_as_a_new_file(path, tmp_path):
    doc = WorkloadDocument.load(path)
    doc.set_answer("current", VPC, Answer(State.VALUE, False, "declared"))
    doc.edits_from_older_version()
    with pytest.raises(ConflictError):
        doc.save()
    assert path.read_text() == TEXT
    doc.save(tmp_path / "recovered.mlprofile.toml")
    assert saved(tmp_path / "recovered.mlprofile.toml")["profiles"]["current"]["values"][VPC]


def test_recovered_edits_replay_into_model_and_text(path):
    first = WorkloadDocument.load(path)
    first.set_answer("current", VPC, Answer(State.VALUE, False, "declared"))
    first.set_answer("faster", LATENCY, Answer(State.VALUE, 61, "measured"))  # inherited: removed
    edits = first.edits()
    assert edits[-1] == Edit(("profiles", "faster", "values", LATENCY), DELETE)
    again = WorkloadDocument.load(path)
    again.apply_edits(edits)
    assert again.text() == first.text()
    assert again.workload.profiles["current"].values[VPC].value is False
    assert LATENCY not in again.workload.profiles["faster"].values


def test_recovered_edits_that_no_longer_make_a_workload_are_refused_whole(path):
    doc = WorkloadDocument.load(path)
    before = doc.workload
    with pytest.raises(MlprofileError):
        doc.apply_edits([Edit(("profiles", "current", "values", VPC), {"value": "maybe"})])
    assert doc.workload is before


@pytest.mark.parametrize(
    ("profile", "key", "answer", "message"),
    [
        ("current", "traffic.nope", Answer(State.UNKNOWN), "unknown characteristic"),
        ("current", VPC, Answer(State.VALUE, "perhaps"), "perhaps"),
        ("q1", VPC, Answer(State.UNKNOWN), "is a dated snapshot (history)"),
        ("nobody", VPC, Answer(State.UNKNOWN), "no profile 'nobody'"),
    ],
)
def test_an_answer_that_cannot_be_taken_changes_nothing(path, profile, key, answer, message):
    doc = WorkloadDocument.load(path)
    with pytest.raises(MlprofileError) as e:
        doc.set_answer(profile, key, answer)
    assert message in e.value.message
    # the rubric names an unknown key (the command adds the file); the rest name the file
    assert e.value.path == (None if key == "traffic.nope" else str(path))
    assert not doc.dirty and doc.text() == TEXT


def test_a_bad_value_names_its_key(path):
    doc = WorkloadDocument.load(path)
    with pytest.raises(MlprofileError) as e:
        doc.check_answer("current", VPC, Answer(State.VALUE, "perhaps"))
    assert e.value.key == VPC and e.value.path == str(path)


def test_a_value_is_stored_in_normal_form(path):
    doc = WorkloadDocument.load(path)
    assert doc.check_answer("current", LATENCY, Answer(State.VALUE, 40.0)).value == 40
    doc.set_answer("current", LATENCY, Answer(State.VALUE, 40.0, "declared"))
    assert type(saved_text_value(doc)) is int


def saved_text_value(doc):
    return tomllib.loads(doc.text())["profiles"]["current"]["values"][LATENCY]["value"]


def test_what_a_target_would_inherit_is_removed_not_copied(path):
    doc = WorkloadDocument.load(path)
    doc.set_answer("faster", LATENCY, Answer(State.VALUE, 61, "declared"))
    assert LATENCY not in doc.workload.profiles["faster"].values
    assert LATENCY not in doc.plain["profiles"]["faster"]["values"]
    assert doc.put_in_model("faster", VPC, Answer(State.VALUE, True, "declared")) is None


def test_re_answering_keeps_the_files_date_time_untouched(path):
    doc = WorkloadDocument.load(path)
    current = doc.workload.profiles["current"].values[LATENCY]
    assert current.at == "2026-10-30T12:00:00+00:00"
    doc.set_answer("current", LATENCY, current.with_rationale(None))
    doc.set_answer("current", LATENCY, Answer(State.VALUE, 61, "measured", at=current.at))
    assert "at = 2026-10-30T12:00:00Z" in doc.text()
    doc.set_answer("current", LATENCY, Answer(State.VALUE, 61, "measured", at=NOW))
    assert saved_at(doc) == "2026-11-30T12:00:00Z"  # another instant: written as given


def saved_at(doc):
    return tomllib.loads(doc.text())["profiles"]["current"]["values"][LATENCY]["at"]


def test_a_rationale_is_set_on_an_own_answer_only(path):
    doc = WorkloadDocument.load(path)
    doc.set_rationale("faster", LATENCY, "c7g is cheaper")
    assert doc.workload.profiles["faster"].values[LATENCY].rationale == "c7g is cheaper"
    assert doc.plain["profiles"]["faster"]["values"][LATENCY]["rationale"] == "c7g is cheaper"
    with pytest.raises(MlprofileError) as e:
        doc.set_rationale("faster", VPC, "why")
    assert e.value.message == f"profile 'faster' does not set {VPC}; nothing to explain"
    assert e.value.path == str(path)


def test_a_branch_stores_its_base_rationale_and_time(path):
    doc = WorkloadDocument.load(path)
    profile = doc.branch("current", "cheaper", "  Spend less.  ")
    assert (profile.kind, profile.based_on, profile.rationale) == (TARGET, "current", "Spend less.")
    assert profile.taken == "2026-11-30T12:00:00+00:00"
    assert doc.plain["profiles"]["cheaper"] == {
        "kind": "target",
        "based_on": "current",
        "taken": datetime(2026, 11, 30, 12, tzinfo=UTC),
        "rationale": "Spend less.",
        "values": {},
    }
    assert doc.workload.profiles["cheaper"] is profile


@pytest.mark.parametrize(
    ("base", "name", "rationale", "message"),
    [
        ("current", "x", " \n", "a target needs a rationale: why is this the profile to aim for?"),
        ("current", "x", "", "a target needs a rationale: why is this the profile to aim for?"),
        ("nope", "x", "why", "no profile 'nope'; profiles: q1, current, faster"),
        ("current", "FASTER", "why", "already exists"),
    ],
)
def test_a_branch_that_cannot_be_made_changes_nothing(path, base, name, rationale, message):
    doc = WorkloadDocument.load(path)
    with pytest.raises(MlprofileError) as e:
        doc.branch(base, name, rationale)
    assert message in e.value.message
    assert e.value.path == str(path) and not doc.dirty


def test_a_profile_on_an_unknown_base_is_refused_naming_the_profiles(path):
    doc = WorkloadDocument.load(path)
    with pytest.raises(MlprofileError) as e:
        doc.add_profile(Profile("x", TARGET, based_on="gone", rationale="why"))
    assert e.value.message == "no profile 'gone' to branch from; profiles: q1, current, faster"
    assert e.value.path == str(path)


def test_a_profile_is_written_with_only_the_fields_it_has(path):
    doc = WorkloadDocument.load(path)
    doc.add_profile(Profile("bare", TARGET, based_on="current"))
    doc.add_profile(
        Profile(
            "full",
            SNAPSHOT,
            taken="2026-02-01T00:00:00+00:00",
            description="from the wiki",
            rationale="as it was",
            values={VPC: Answer(State.VALUE, True, "declared")},
        )
    )
    assert doc.plain["profiles"]["bare"] == {"kind": "target", "based_on": "current", "values": {}}
    assert doc.plain["profiles"]["full"] == {
        "kind": "snapshot",
        "taken": datetime(2026, 2, 1, tzinfo=UTC),
        "description": "from the wiki",
        "rationale": "as it was",
        "values": {VPC: {"value": True, "provenance": "declared"}},
    }


def test_a_snapshot_freezes_the_current_answers_under_a_dated_free_name(path):
    doc = WorkloadDocument.load(path)
    first = doc.snapshot()
    second = doc.snapshot()
    third = doc.snapshot()
    assert [first.name, second.name, third.name] == [
        "snapshot-2026-11-30",
        "snapshot-2026-11-30-2",
        "snapshot-2026-11-30-3",
    ]
    assert first.kind == SNAPSHOT and first.description == "snapshot of 'current'"
    assert first.taken == "2026-11-30T12:00:00+00:00"
    assert first.values == doc.workload.effective("current")
    assert set(doc.plain["profiles"]["snapshot-2026-11-30"]["values"]) == {LATENCY, VPC}
    assert doc.snapshot("before-migration").name == "before-migration"


def test_a_profile_rationale_is_written_and_modelled(path):
    doc = WorkloadDocument.load(path)
    doc.set_profile_rationale("faster", "Meet the SLO by Q2.")
    assert doc.workload.profiles["faster"].rationale == "Meet the SLO by Q2."
    assert doc.plain["profiles"]["faster"]["rationale"] == "Meet the SLO by Q2."


def test_moving_to_another_rubric_version_writes_the_answers_and_the_version(path):
    newer = resolve_rubric("mloe-05", "1.1.0")
    doc = WorkloadDocument.load(path)
    doc.move_to_rubric(
        newer, {"current": {VPC: None}, "faster": {LATENCY: Answer(State.VALUE, 40, "declared")}}
    )
    assert doc.plain["rubric"] == {"id": "mloe-05", "version": "1.1.0"}
    assert VPC not in doc.plain["profiles"]["current"]["values"]
    assert doc.plain["profiles"]["faster"]["values"][LATENCY] == {
        "value": 40,
        "provenance": "declared",
    }
    assert doc.workload.profiles["faster"].values[LATENCY].value == 40
    assert doc.rubric is newer and doc.workload.rubric is newer
    with pytest.raises(MlprofileError, match="no profile 'gone'"):
        doc.move_to_rubric(newer, {"gone": {}})


def test_moving_rewrites_a_kept_rubric_hash(path):
    path.write_text(
        TEXT.replace('version = "1.0.0"\n', f'version = "1.0.0"\nsha256 = "{"0" * 64}"\n')
    )
    newer = resolve_rubric("mloe-05", "1.1.0")
    doc = WorkloadDocument.load(path)
    doc.move_to_rubric(newer, {})
    assert doc.plain["rubric"]["sha256"] == newer.sha256


@pytest.mark.parametrize(
    ("answer", "fields"),
    [
        (Answer(State.VALUE, 3), {"value": 3, "provenance": "declared"}),
        (
            Answer(State.VALUE, 3, "measured", source="CW", at="2026", rationale="why"),
            {
                "value": 3,
                "provenance": "measured",
                "source": "CW",
                "at": "2026",
                "rationale": "why",
            },
        ),
        (Answer(State.UNKNOWN, rationale="r"), {"state": "unknown", "rationale": "r"}),
        (
            Answer(State.NOT_APPLICABLE, reason="serverless"),
            {"state": "not_applicable", "reason": "serverless"},
        ),
        (Answer(State.VALUE, 0, "", source="", at=""), {"value": 0, "provenance": "declared"}),
    ],
)
def test_an_answer_as_the_fields_of_its_table(answer, fields):
    assert answer_fields(answer) == fields
    assert tomllib.loads(f"a = {answer_to_toml(answer).as_string()}")["a"] == fields


def test_warnings_found_on_load_are_kept(path):
    path.write_text(TEXT.replace(', rationale = "c6i" }', " }"))
    doc = WorkloadDocument.load(path)
    assert any("rationale" in f.message for f in doc.findings), doc.findings
    assert doc.findings == WorkloadDocument.load(path, edit=True).findings


@pytest.mark.parametrize("edit", [False, True])
def test_an_edit_the_layout_cannot_take_names_the_file(tmp_path, edit):
    path = tmp_path / "dotted.mlprofile.toml"
    path.write_text(
        TEXT.replace(
            '[profiles.current.values]\n"traffic.p95_latency_ms" = { value = 61, provenance = '
            '"measured", at = 2026-10-30T12:00:00Z }\n"network.vpc" = { value = true, provenance '
            '= "declared" }\n',
            'values."network.vpc".value = true\nvalues."network.vpc".provenance = "declared"\n',
        )
    )
    doc = WorkloadDocument.load(path, edit=edit)
    doc.move_to_rubric(doc.rubric, {"current": {VPC: None}})
    with pytest.raises(LayoutError) as e:
        doc.save()
    assert e.value.path == str(path)


def test_recovered_edits_that_break_the_file_name_it(path):
    doc = WorkloadDocument.load(path)
    with pytest.raises(MlprofileError) as e:
        doc.apply_edits([Edit(("profiles", "current", "kind"), "archive")])
    assert e.value.path == str(path)


def test_a_profile_without_a_values_table_takes_its_first_answer(path):
    path.write_text(TEXT + '\n[profiles.bare]\nkind = "target"\nbased_on = "current"\n')
    doc = WorkloadDocument.load(path)
    doc.set_answer("bare", VPC, Answer(State.VALUE, False, "declared", rationale="private"))
    doc.save()
    assert saved(path)["profiles"]["bare"]["values"][VPC]["value"] is False
