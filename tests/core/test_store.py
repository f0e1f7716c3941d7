"""Saves that cannot lose or corrupt: racing writers, symlinks, modes, owners, stale temp files."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import stat
import tomllib
from pathlib import Path

import pytest

from mlprofile_tui.cli import main
from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.errors import ConflictError, MlprofileError
from mlprofile_tui.core.store import locked, stale_temp_files
from mlprofile_tui.core.workload import WorkloadDocument

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
KEYS = (
    "traffic.peak_invocations_per_minute",
    "deployment.models_per_endpoint",
    "cost.monthly_cost_usd",
)


@pytest.fixture
def workload(tmp_path) -> Path:
    path = tmp_path / "fraud.mlprofile.toml"
    shutil.copyfile(EXAMPLES / "fraud-scorer.mlprofile.toml", path)
    return path


def _writer(path: str, key: str, value: int, barrier, results) -> None:
    import contextlib
    import io

    # Each writer its own data folder, as two users (or CI beside a developer) would have:
    # the lock must be one they all see.
    os.environ["MLPROFILE_DATA_DIR"] = f"{path}.data-{key}"
    barrier.wait()  # all writers load the same version, then race to save
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()) as err,
    ):
        code = main(["set", path, f"{key}={value}"])
    results.put((key, value, code, err.getvalue()))


def test_racing_writers_never_lose_an_update_silently(workload):
    """3 writers x 25 rounds, each on its own key: whoever exits 0 has its value in the file;
    whoever loses says the file changed and exits 2."""
    ctx = multiprocessing.get_context("fork")
    losses, conflicts = [], 0
    for rnd in range(25):
        barrier, results = ctx.Barrier(len(KEYS)), ctx.Queue()
        procs = [
            ctx.Process(target=_writer, args=(str(workload), k, 100 * rnd + i, barrier, results))
            for i, k in enumerate(KEYS)
        ]
        for p in procs:
            p.start()
        outcomes = [results.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        final = tomllib.loads(workload.read_text())["profiles"]["current"]["values"]
        for key, value, code, err in outcomes:
            if code == 0:
                if final.get(key, {}).get("value") != value:
                    losses.append((rnd, key))
            else:
                assert code == 2 and "changed on disk" in err, err
                conflicts += 1
    assert losses == []
    assert not stale_temp_files(workload)


def _save_one(path: Path, value: int) -> WorkloadDocument:
    doc = WorkloadDocument.load(path, edit=True)
    doc.set_answer("current", KEYS[0], Answer(State.VALUE, value, "measured"))
    return doc


def test_a_file_changed_since_load_is_never_overwritten(workload):
    first, second = _save_one(workload, 1), _save_one(workload, 2)
    first.save()
    saved = workload.read_bytes()
    with pytest.raises(ConflictError, match="changed on disk"):
        second.save()
    assert workload.read_bytes() == saved


def test_the_lock_is_held_from_check_to_rename(workload):
    doc = _save_one(workload, 3)

    def other_process_saves():  # a separate process: its own open of the folder, its own flock
        ctx = multiprocessing.get_context("fork")
        results = ctx.Queue()
        child = ctx.Process(target=_try_save, args=(str(workload), results))
        child.start()
        child.join(60)
        return results.get(timeout=5)

    with locked(workload):  # a save in progress here: the other one waits, then gives up
        assert "another mlprofile" in other_process_saves()
    assert other_process_saves() == "saved"
    with pytest.raises(ConflictError):  # ours loaded before the other saved: refused
        doc.save()
    assert sorted(p.name for p in workload.parent.iterdir()) == [workload.name]


def _try_save(path: str, results) -> None:
    import mlprofile_tui.core.store as store

    store.LOCK_TIMEOUT_S = 0.05
    try:
        _save_one(Path(path), 4).save()
        results.put("saved")
    except MlprofileError as e:
        results.put(e.message)


def test_hard_links_are_refused_not_split(workload):
    other = workload.parent / "other-name.mlprofile.toml"
    os.link(workload, other)
    before = workload.read_bytes()
    with pytest.raises(MlprofileError, match="2 hard links"):
        _save_one(workload, 5).save()
    assert workload.read_bytes() == before and os.path.samefile(workload, other)


def test_saves_write_through_symlinks(workload, tmp_path):
    link = tmp_path / "link.mlprofile.toml"
    link.symlink_to(workload)
    doc = WorkloadDocument.load(link, edit=True)
    doc.set_answer("current", KEYS[0], Answer(State.VALUE, 77, "measured"))
    doc.save()
    assert link.is_symlink()
    assert "77" in workload.read_text()


def test_mode_line_endings_and_bom_are_kept(workload):
    text = workload.read_text().replace("\n", "\r\n")
    workload.write_bytes(b"\xef\xbb\xbf" + text.encode())
    workload.chmod(0o600)
    doc = _save_one(workload, 5)
    doc.save()
    data = workload.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert stat.S_IMODE(workload.stat().st_mode) == 0o600


@pytest.mark.skipif(os.geteuid() != 0, reason="chown needs root")
def test_root_keeps_the_owner_and_group(workload):
    os.chown(workload, 1234, 5678)
    _save_one(workload, 6).save()
    st = workload.stat()
    assert (st.st_uid, st.st_gid) == (1234, 5678)


def test_a_read_only_file_is_refused(workload, cli):
    workload.chmod(0o444)
    before = workload.read_bytes()
    result = cli("set", workload, f"{KEYS[0]}=9")
    assert result.code == 2 and "read-only" in result.err
    assert workload.read_bytes() == before


def test_stale_temp_files_are_cleaned_under_the_lock(workload):
    stale = workload.parent / f".{workload.name}.k2x_9q0a.tmp"  # the names mkstemp gives ours
    stale.write_text("half a save")
    keep = [
        workload.parent / ".other.mlprofile.toml.k2x_9q0a.tmp",  # another workload's
        workload.parent / f".{workload.name}.my-notes.tmp",  # a person's own file
    ]
    for p in keep:
        p.write_text("not ours")
    _save_one(workload, 8).save()
    assert not stale.exists()
    assert all(p.exists() for p in keep)


def test_a_save_that_would_change_other_meaning_is_refused(workload, monkeypatch):
    """If the new text does not mean the intended document, nothing is written."""
    import mlprofile_tui.core.tomledit as tomledit

    doc = _save_one(workload, 10)
    before = workload.read_bytes()
    monkeypatch.setattr(tomledit, "_means", lambda text, expected: False)
    with pytest.raises(tomledit.LayoutError, match="unchanged"):
        doc.save()
    assert workload.read_bytes() == before


def test_profile_names_are_unique_ignoring_case_and_never_empty(workload, cli):
    before = workload.read_bytes()
    assert (
        cli("branch", workload, "--from", "current", "--name", "CURRENT", "--rationale", "x").code
        == 2
    )
    assert cli("set", workload, "--profile", "", f"{KEYS[0]}=1").code == 2
    assert cli("branch", workload, "--from", "current", "--name", "", "--rationale", "x").code == 2
    assert workload.read_bytes() == before


def test_a_profile_rationale_can_be_added_where_there_was_none(workload):
    text = workload.read_text().replace(
        'rationale = "Move inference to Graviton', 'description = "Move inference to Graviton', 1
    )
    workload.write_text(text)
    doc = WorkloadDocument.load(workload, edit=True)
    target = "graviton"
    assert doc.workload.profiles[target].rationale is None
    doc.set_profile_rationale(target, "Line one.\nLine two.")
    doc.save()
    saved = tomllib.loads(workload.read_text())["profiles"][target]
    assert saved["rationale"] == "Line one.\nLine two."


def test_an_export_never_overwrites_a_workload(workload, cli, tmp_path):
    before = workload.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(workload)
    other = tmp_path / "other.mlprofile.toml"
    other.write_text("# someone's workload\n")
    read_only = tmp_path / "report.md"
    read_only.write_text("old report")
    read_only.chmod(0o444)
    for out in (workload, link, other, read_only):
        r = cli("export", workload, "--format", "json", "-o", out)
        assert r.code == 2 and "not overwriting" in r.err, r.err
    assert workload.read_bytes() == before and other.read_text() == "# someone's workload\n"
    assert read_only.read_text() == "old report"
    assert cli("export", workload, "--format", "markdown", "-o", tmp_path / "r.md").code == 0


def test_an_export_never_overwrites_a_workload_under_another_name(workload, cli, tmp_path):
    team = tmp_path / "team.toml"
    team.write_bytes(workload.read_bytes())
    r = cli("export", workload, "--format", "markdown", "-o", team)
    assert r.code == 2 and "is a workload file" in r.err
    assert team.read_bytes() == workload.read_bytes()
