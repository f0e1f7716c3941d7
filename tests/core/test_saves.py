"""``store`` on its own, real files only: what a save refuses, what it keeps, what it cleans.

Each refusal leaves the file byte-identical and no temporary file behind. The lock is proven
with two holders in one process (an flock belongs to its open of the folder, so a second open
conflicts like another process would) and a zero timeout: no waiting on time.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

import filelock  # noqa: F401 - imported before fcntl is hidden, as a real install has it
import pytest

from mlprofile_tui.core import store
from mlprofile_tui.core.errors import ConflictError, MlprofileError
from mlprofile_tui.core.store import (
    atomic_write,
    check_output,
    digest,
    fsync_folder,
    lock_file,
    locked,
    real_path,
    save_bytes,
    stale_temp_files,
)

OLD = b'format = 1\n# a comment\n[workload]\nname = "old"\n'
NEW = b'format = 1\n# a comment\n[workload]\nname = "new"\n'


@pytest.fixture
def file(tmp_path):
    path = tmp_path / "w.mlprofile.toml"
    path.write_bytes(OLD)
    return path


def leftovers(folder, *keep):
    return sorted(p.name for p in folder.iterdir() if p.name not in {k.name for k in keep})


def test_digest_is_the_sha256_of_the_bytes():
    assert digest(OLD) == hashlib.sha256(OLD).digest()
    assert digest(OLD) != digest(NEW)


def test_a_save_replaces_the_bytes_when_nothing_changed_since_load(file):
    save_bytes(file, NEW, loaded=digest(OLD))
    assert file.read_bytes() == NEW
    assert leftovers(file.parent) == [file.name]


def test_without_a_loaded_digest_the_save_overwrites(file):
    save_bytes(file, NEW, loaded=None)
    assert file.read_bytes() == NEW


def test_a_file_changed_since_load_is_refused_untouched(file):
    with pytest.raises(ConflictError, match="changed on disk since it was loaded") as e:
        save_bytes(file, NEW, loaded=digest(b"what we loaded once"))
    assert e.value.path == str(file)
    assert file.read_bytes() == OLD and leftovers(file.parent) == [file.name]


def test_a_file_deleted_since_load_is_not_written_again(tmp_path):
    gone = tmp_path / "gone.mlprofile.toml"
    with pytest.raises(ConflictError, match="was deleted or moved since it was loaded"):
        save_bytes(gone, NEW, loaded=digest(OLD))
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_is_created_once_with_the_umasks_mode(tmp_path):
    new = tmp_path / "new.mlprofile.toml"
    old = os.umask(0o027)
    try:
        save_bytes(new, NEW, loaded=None, exclusive_new=True)
    finally:
        os.umask(old)
    assert new.read_bytes() == NEW
    assert stat.S_IMODE(new.stat().st_mode) == 0o640
    with pytest.raises(MlprofileError, match="already exists; not overwriting it"):
        save_bytes(new, OLD, loaded=None, exclusive_new=True)
    assert new.read_bytes() == NEW


def test_a_missing_folder_is_named(tmp_path):
    where = tmp_path / "nowhere" / "w.mlprofile.toml"
    with pytest.raises(MlprofileError, match=f"folder {tmp_path / 'nowhere'} does not exist"):
        save_bytes(where, NEW, loaded=None, exclusive_new=True)


def test_a_folder_in_place_of_the_file_is_not_a_regular_file(tmp_path):
    (tmp_path / "dir.mlprofile.toml").mkdir()
    with pytest.raises(MlprofileError, match="not a regular file; not writing it"):
        save_bytes(tmp_path / "dir.mlprofile.toml", NEW, loaded=None)


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o440, 0o404, 0o000])
def test_a_read_only_file_is_refused_even_for_root(file, mode):
    file.chmod(mode)
    with pytest.raises(MlprofileError, match=f"is read-only \\(mode {mode:04o}\\)"):
        save_bytes(file, NEW, loaded=digest(OLD))
    file.chmod(0o644)
    assert file.read_bytes() == OLD


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o620, 0o602, 0o664, 0o200])
def test_any_write_bit_lets_the_owner_save_and_the_mode_is_kept(file, mode):
    file.chmod(mode)
    save_bytes(file, NEW, loaded=digest(OLD))
    assert stat.S_IMODE(file.stat().st_mode) == mode
    file.chmod(0o644)
    assert file.read_bytes() == NEW


def test_a_hard_linked_file_is_refused_naming_the_count(file):
    os.link(file, file.parent / "b.toml")
    os.link(file, file.parent / "c.toml")
    with pytest.raises(MlprofileError, match="has 3 hard links"):
        save_bytes(file, NEW, loaded=digest(OLD))
    assert file.read_bytes() == OLD and os.path.samefile(file, file.parent / "c.toml")


# Running as root, the kernel lets every write through: these two refusals are reached by
# saying what os.access would answer an ordinary user.
def test_a_file_the_user_may_not_write_is_refused(file, monkeypatch):
    monkeypatch.setattr(store.os, "access", lambda p, m: str(p) != str(file))
    with pytest.raises(MlprofileError, match="you may not write it \\(mode 0644, owner uid"):
        save_bytes(file, NEW, loaded=digest(OLD))
    assert file.read_bytes() == OLD


def test_a_folder_the_user_may_not_write_in_is_refused(file, monkeypatch):
    folder = str(file.parent)
    monkeypatch.setattr(
        store.os, "access", lambda p, m: not (str(p) == folder and m == os.W_OK | os.X_OK)
    )
    with pytest.raises(MlprofileError, match="cannot write in folder .*permission denied") as e:
        save_bytes(file, NEW, loaded=digest(OLD))
    assert e.value.path == str(file)
    assert file.read_bytes() == OLD


def test_bytes_that_do_not_read_back_as_written_are_never_renamed_into_place(file, monkeypatch):
    # A disk that corrupts what it is given cannot be made on demand: its reading is pretended.
    real_read = Path.read_bytes
    monkeypatch.setattr(
        Path,
        "read_bytes",
        lambda self: real_read(self)[:-1] if self.name.endswith(".tmp") else real_read(self),
    )
    with pytest.raises(MlprofileError) as e:
        save_bytes(file, NEW, loaded=digest(OLD))
    assert (e.value.path, e.value.message) == (
        str(file),
        "the new text did not reach the disk intact; the file is unchanged",
    )
    monkeypatch.undo()
    assert file.read_bytes() == OLD and leftovers(file.parent) == [file.name]


def test_a_save_writes_through_a_chain_of_symlinks_to_the_real_file(file, tmp_path):
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.symlink_to(file)
    two.symlink_to(one)
    assert real_path(two) == file
    save_bytes(two, NEW, loaded=digest(OLD))
    assert two.is_symlink() and one.is_symlink()
    assert file.read_bytes() == NEW


def test_the_check_sees_the_bytes_on_disk_and_may_refuse(file):
    seen = []

    def refuse(data: bytes) -> None:
        seen.append(data)
        raise MlprofileError("does not mean what was intended")

    with pytest.raises(MlprofileError, match="does not mean what was intended"):
        save_bytes(file, NEW, loaded=digest(OLD), check=refuse)
    assert seen == [NEW]
    assert file.read_bytes() == OLD and leftovers(file.parent) == [file.name]
    save_bytes(file, NEW, loaded=digest(OLD), check=seen.append)
    assert seen == [NEW, NEW] and file.read_bytes() == NEW


def test_stale_temporary_files_of_this_workload_only_are_removed(file):
    ours = [file.parent / f".{file.name}.{name}.tmp" for name in ("abcd_123", "zz9_zz9z")]
    not_ours = [
        file.parent / f".{file.name}.abcd_12.tmp",  # 7 characters
        file.parent / f".{file.name}.ABCD_123.tmp",  # mkstemp's names are lower case
        file.parent / f".{file.name}.abcd_1234.tmp",
        file.parent / f".{file.name}.abcd_123.tmp.bak",
        file.parent / f"x.{file.name}.abcd_123.tmp",
        file.parent / ".other.toml.abcd_123.tmp",
    ]
    for p in ours + not_ours:
        p.write_text("left by someone")
    assert sorted(stale_temp_files(file)) == sorted(ours)
    save_bytes(file, NEW, loaded=digest(OLD))
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in not_ours)


def test_no_stale_files_in_a_folder_that_does_not_exist(tmp_path):
    assert stale_temp_files(tmp_path / "gone" / "w.toml") == []


def test_the_lock_excludes_a_second_holder_until_released(file):
    with locked(file):
        with pytest.raises(MlprofileError, match="has been saving in .* for over 0 s; try again"):
            with locked(file, timeout=0):
                pass  # pragma: no cover - never reached
        # a save of any file in that folder waits for it too
        with pytest.raises(MlprofileError, match="another mlprofile"):
            with locked(file.parent / "other.toml", timeout=0):
                pass  # pragma: no cover
    with locked(file, timeout=0):  # released at the end of the block
        pass


def test_the_lock_is_the_real_files_folder_through_a_symlink(file, tmp_path):
    elsewhere = tmp_path / "links"
    elsewhere.mkdir()
    link = elsewhere / "w.toml"
    link.symlink_to(file)
    with locked(link), pytest.raises(MlprofileError, match="another mlprofile"):
        with locked(file, timeout=0):
            pass  # pragma: no cover


def test_a_save_while_another_holds_the_lock_gives_up_untouched(file, monkeypatch):
    monkeypatch.setattr(store, "LOCK_TIMEOUT_S", 0.0)
    with locked(file), pytest.raises(MlprofileError, match="for over 0 s"):
        save_bytes(file, NEW, loaded=digest(OLD))
    assert file.read_bytes() == OLD


def test_the_lock_file_is_named_by_the_real_paths_hash(file, tmp_path, monkeypatch):
    monkeypatch.setenv("MLPROFILE_DATA_DIR", str(tmp_path / "data"))
    link = tmp_path / "link.toml"
    link.symlink_to(file)
    key = hashlib.sha256(str(file).encode()).hexdigest()[:32]
    assert lock_file(file) == tmp_path / "data" / "locks" / f"{key}.lock"
    assert lock_file(link) == lock_file(file)


@pytest.fixture
def without_fcntl(monkeypatch, tmp_path):
    """A platform without fcntl (Windows): the lock is a lock file in the data folder."""
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setenv("MLPROFILE_DATA_DIR", str(tmp_path / "data"))


def test_without_fcntl_a_lock_file_in_the_data_folder_excludes_another_holder(file, without_fcntl):
    with locked(file):
        assert lock_file(file).exists()
        with pytest.raises(MlprofileError, match="saving this file for over 0 s \\(lock .*\\.lock"):
            with locked(file, timeout=0):
                pass  # pragma: no cover
    with locked(file, timeout=0):
        pass
    save_bytes(file, NEW, loaded=digest(OLD))
    assert file.read_bytes() == NEW


def test_without_fcntl_an_unusable_data_folder_is_named(file, without_fcntl, tmp_path):
    (tmp_path / "data").write_text("a file where the data folder should be")
    with pytest.raises(MlprofileError, match="cannot create the lock folder .*data/locks"):
        with locked(file):
            pass  # pragma: no cover
    assert file.read_bytes() == OLD


def test_fsync_of_a_missing_folder_is_no_error(tmp_path):
    fsync_folder(tmp_path / "gone")
    fsync_folder(tmp_path)


# ---- exports and our own files


def test_an_export_may_go_anywhere_but_over_a_workload(file, tmp_path):
    report = tmp_path / "report.md"
    check_output(report, file)  # new
    report.write_text("# last week's report")
    check_output(report, file)  # an old export: replaced
    check_output(report, None)
    (tmp_path / "notes.toml").write_text("format = 1\n[other]\nx = 1\n")
    check_output(tmp_path / "notes.toml", file)  # TOML, but not a workload
    (tmp_path / "bad.toml").write_text("this is = = not toml")
    check_output(tmp_path / "bad.toml", file)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.mlprofile.toml", "anything", "is a workload file"),
        ("team.toml", 'format = 1\n[profiles.current]\nkind = "snapshot"\n', "is a workload"),
        ("team.toml", 'format = 1\n[workload]\nname = "x"\n', "is a workload file"),
    ],
)
def test_an_export_never_overwrites_a_workload(tmp_path, file, name, text, message):
    out = tmp_path / name
    out.write_text(text)
    with pytest.raises(MlprofileError, match=message) as e:
        check_output(out, file)
    assert e.value.path == str(out)


def test_an_export_never_overwrites_its_source_through_any_name(file, tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to(file)
    with pytest.raises(MlprofileError, match=f"is the file being read \\({file}\\)"):
        check_output(link, file)
    with pytest.raises(MlprofileError, match="is a workload file"):
        check_output(link, None)  # through the link, the real name is a workload's


def test_atomic_write_creates_0644_or_the_mode_asked_and_keeps_an_existing_mode(tmp_path):
    out = tmp_path / "recent.json"
    atomic_write(out, "[1]")
    assert out.read_text() == "[1]" and stat.S_IMODE(out.stat().st_mode) == 0o644
    out.chmod(0o640)
    atomic_write(out, "[2]")
    assert out.read_text() == "[2]" and stat.S_IMODE(out.stat().st_mode) == 0o640
    atomic_write(out, "[3]", mode=0o600)
    assert out.read_text() == "[3]" and stat.S_IMODE(out.stat().st_mode) == 0o600
    link = tmp_path / "link.json"
    link.symlink_to(out)
    atomic_write(link, "é")
    assert link.is_symlink() and out.read_bytes() == "é".encode()
    assert leftovers(tmp_path) == ["link.json", "recent.json"]


def test_atomic_write_refuses_a_read_only_file_and_a_missing_folder(tmp_path):
    out = tmp_path / "report.md"
    out.write_text("keep")
    out.chmod(0o444)
    with pytest.raises(MlprofileError, match="is read-only \\(mode 0444\\); not overwriting it"):
        atomic_write(out, "new")
    assert out.read_text() == "keep"
    with pytest.raises(MlprofileError, match="folder .*gone does not exist"):
        atomic_write(tmp_path / "gone" / "x.md", "new")


def test_a_rename_the_system_refuses_is_one_message_and_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "report"
    (out / "inside").mkdir(parents=True)  # a non-empty folder where the export should go
    with pytest.raises(MlprofileError, match="cannot write: .*; the file is unchanged") as e:
        atomic_write(out, "new")
    assert e.value.path == str(out)
    assert leftovers(tmp_path) == ["report"] and leftovers(out) == ["inside"]


# ---- every refusal: the exact message, naming the file it is about


REFUSALS = [
    (
        "missing folder",
        lambda f: save_bytes(f.parent / "no" / "w.toml", NEW, loaded=None),
        lambda f: f.parent / "no" / "w.toml",
        lambda f: f"cannot write: folder {f.parent / 'no'} does not exist",
    ),
    (
        "exists",
        lambda f: save_bytes(f, NEW, loaded=None, exclusive_new=True),
        lambda f: f,
        lambda f: "already exists; not overwriting it",
    ),
    (
        "deleted",
        lambda f: save_bytes(f.parent / "gone.toml", NEW, loaded=digest(OLD)),
        lambda f: f.parent / "gone.toml",
        lambda f: (
            "was deleted or moved since it was loaded; not writing it. Reload and redo the change."
        ),
    ),
    (
        "changed",
        lambda f: save_bytes(f, NEW, loaded=digest(NEW)),
        lambda f: f,
        lambda f: (
            "changed on disk since it was loaded (someone else edited it, or a git pull); "
            "not overwriting it. Reload and redo the change."
        ),
    ),
    (
        "read-only",
        lambda f: (f.chmod(0o444), save_bytes(f, NEW, loaded=None)),
        lambda f: f,
        lambda f: (
            "is read-only (mode 0444); not changing it. Make it writable (chmod u+w) to edit it."
        ),
    ),
    (
        "hard link",
        lambda f: (os.link(f, f.parent / "b.toml"), save_bytes(f, NEW, loaded=None)),
        lambda f: f,
        lambda f: (
            "has 2 hard links: a save replaces the file, so the other names would keep "
            "the old text. Edit it through one name (remove the other links, or use a symlink "
            "instead)."
        ),
    ),
    (
        "export over the source",
        lambda f: check_output(f, f),
        lambda f: f,
        lambda f: f"is the file being read ({f}); not overwriting it",
    ),
    (
        "export over a workload",
        lambda f: check_output(f, None),
        lambda f: f,
        lambda f: "is a workload file; not overwriting it with an export (choose another name)",
    ),
    (
        "atomic write, missing folder",
        lambda f: atomic_write(f.parent / "no" / "x.md", "x"),
        lambda f: f.parent / "no" / "x.md",
        lambda f: f"cannot write: folder {f.parent / 'no'} does not exist",
    ),
    (
        "atomic write, read-only",
        lambda f: (f.chmod(0o400), atomic_write(f, "x")),
        lambda f: f,
        lambda f: "is read-only (mode 0400); not overwriting it",
    ),
]


@pytest.mark.parametrize(
    ("case", "act", "where", "message"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_every_refusal_is_one_exact_message_naming_the_file(file, case, act, where, message):
    with pytest.raises(MlprofileError) as e:
        act(file)
    assert (e.value.path, e.value.message) == (str(where(file)), message(file))
    file.chmod(0o644)
    assert file.read_bytes() == OLD


def test_a_special_file_in_place_of_the_workload_is_named(tmp_path):
    fifo = tmp_path / "w.toml"
    os.mkfifo(fifo)
    with pytest.raises(MlprofileError) as e:
        save_bytes(fifo, NEW, loaded=None)
    assert (e.value.path, e.value.message) == (str(fifo), "not a regular file; not writing it")


def test_the_user_may_not_write_message_names_mode_and_owner(file, monkeypatch):
    monkeypatch.setattr(store.os, "access", lambda p, m: str(p) != str(file))
    with pytest.raises(MlprofileError) as e:
        save_bytes(file, NEW, loaded=None)
    assert (e.value.path, e.value.message) == (
        str(file),
        "you may not write it (mode 0644, owner uid 0, or an immutable file); not changing it",
    )


@pytest.mark.parametrize("mode", [0o020, 0o002, 0o220])
def test_a_group_or_other_write_bit_is_not_read_only(file, mode):
    file.chmod(mode)
    save_bytes(file, NEW, loaded=None)
    atomic_write(file, "again")
    assert stat.S_IMODE(file.stat().st_mode) == mode


def test_a_folder_where_no_file_can_be_made_is_one_message():
    with pytest.raises(MlprofileError) as e:
        atomic_write("/proc/mlprofile-cannot-be-here.md", "x")
    assert e.value.path == "/proc/mlprofile-cannot-be-here.md"
    assert e.value.message.startswith("cannot write in /proc: ")
    assert e.value.message.endswith("; the file is unchanged")


def test_a_refused_rename_says_why_in_words(tmp_path):
    out = tmp_path / "report"
    (out / "inside").mkdir(parents=True)
    with pytest.raises(MlprofileError) as e:
        atomic_write(out, "new")
    assert e.value.message == "cannot write: Is a directory; the file is unchanged"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o000, 0o666), (0o077, 0o600)])
def test_a_new_workload_takes_the_umask_like_any_new_file(tmp_path, umask, mode):
    new = tmp_path / "new.mlprofile.toml"
    old = os.umask(umask)
    try:
        save_bytes(new, NEW, loaded=None, exclusive_new=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(new.stat().st_mode) == mode
    assert os.umask(old) == old  # and the umask is left as it was


def test_a_new_file_of_ours_is_0644_whatever_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        atomic_write(tmp_path / "recent.json", "[]")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "recent.json").stat().st_mode) == 0o644


def test_the_new_text_is_written_beside_the_file_under_a_name_a_later_save_cleans(file):
    seen = []

    def look(data: bytes) -> None:
        seen.extend(stale_temp_files(file))
        assert all(p.parent == file.parent and p.read_bytes() == data for p in seen)

    save_bytes(file, NEW, loaded=None, check=look)
    assert len(seen) == 1 and not seen[0].exists()


def test_a_temporary_file_removed_by_someone_else_does_not_hide_the_real_error(file):
    def cleaner_then_refuse(data: bytes) -> None:
        for p in stale_temp_files(file):
            p.unlink()
        raise MlprofileError("does not mean what was intended")

    with pytest.raises(MlprofileError, match="does not mean what was intended"):
        save_bytes(file, NEW, loaded=None, check=cleaner_then_refuse)
    assert file.read_bytes() == OLD


def test_a_stale_name_that_cannot_be_removed_does_not_stop_the_save(file):
    (file.parent / f".{file.name}.abcd_123.tmp").mkdir()
    save_bytes(file, NEW, loaded=None)
    assert file.read_bytes() == NEW


@pytest.mark.parametrize(
    ("uid", "gid"), [(1234, 5678), (1234, 0), (0, 5678), (0, 0), (1, 0), (0, 1)]
)
def test_root_keeps_owner_and_group(file, uid, gid):
    os.chown(file, uid, gid)
    save_bytes(file, NEW, loaded=None)
    st = file.stat()
    assert (st.st_uid, st.st_gid) == (uid, gid)


def test_anyone_else_becomes_the_owner_and_keeps_the_group(file, monkeypatch):
    # The saver's own identity, not the filesystem, is what is pretended here.
    monkeypatch.setattr(store.os, "geteuid", lambda: 1000)
    os.chown(file, 1234, 5678)
    save_bytes(file, NEW, loaded=None)
    st = file.stat()
    assert (st.st_uid, st.st_gid) == (os.getuid(), 5678)
    os.chown(file, 1234, os.getegid())
    save_bytes(file, OLD, loaded=None)
    assert (file.stat().st_uid, file.stat().st_gid) == (os.getuid(), os.getegid())


def test_a_lock_file_for_a_name_that_is_not_utf8(tmp_path, monkeypatch):
    monkeypatch.setenv("MLPROFILE_DATA_DIR", str(tmp_path / "data"))
    odd = tmp_path / os.fsdecode(b"caf\xe9.toml")  # a Latin-1 name on a UTF-8 system
    assert lock_file(odd).name.endswith(".lock") and lock_file(odd) != lock_file(tmp_path / "x")


def test_an_export_beside_a_source_that_is_gone_or_remote(tmp_path):
    report = tmp_path / "report.md"
    report.write_text("old")
    check_output(report, tmp_path / "deleted.mlprofile.toml")
    check_output(report, "s3://bucket/w.mlprofile.toml")
