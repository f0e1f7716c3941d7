"""Built rubrics kept between runs: used only when nothing they were built from changed.

A "new run" is simulated by clearing the in-process cache (``_build_cached``); the files are
real, in the per-test data folder (``MLPROFILE_DATA_DIR``, so the cache is inside it too).
"""

from __future__ import annotations

import os
import stat

import pytest
from rubric_fixtures import BUILTIN_RUBRIC

from mlprofile_tui.core import rubric as rubric_module
from mlprofile_tui.core import rubric_cache
from mlprofile_tui.core.data_folder import cache_dir
from mlprofile_tui.core.errors import MlprofileError, RubricError
from mlprofile_tui.core.rubric import load_rubric


@pytest.fixture
def rubric_file(tmp_path):
    path = tmp_path / "team.toml"
    path.write_bytes(BUILTIN_RUBRIC.read_bytes())
    return path


def new_run() -> None:
    rubric_module._build_cached.cache_clear()


def kept_files() -> list:
    folder = cache_dir() / "rubrics"
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def _refuse(*args, **kwargs):
    raise AssertionError("the rubric was built again")


def test_the_cache_lives_in_the_data_folder_when_that_is_overridden(monkeypatch, tmp_path):
    monkeypatch.setenv("MLPROFILE_DATA_DIR", str(tmp_path / "data"))
    assert cache_dir() == tmp_path / "data" / "cache"
    monkeypatch.setenv("MLPROFILE_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache_dir() == tmp_path / "elsewhere"


def test_a_second_run_reads_the_built_rubric_back(rubric_file, monkeypatch):
    built = load_rubric(rubric_file)
    assert len(kept_files()) == 1
    new_run()
    monkeypatch.setattr(rubric_module, "build_rubric", _refuse)  # it must come from the cache
    again = load_rubric(rubric_file)
    assert again == built
    assert again is not built
    assert [c.key for c in again.characteristics] == [c.key for c in built.characteristics]


def test_an_edited_rubric_is_built_afresh_and_replaces_the_kept_one(rubric_file):
    load_rubric(rubric_file)
    text = rubric_file.read_text()
    rubric_file.write_text(text.replace('title = "', 'title = "Edited: ', 1))
    new_run()
    edited = load_rubric(rubric_file)
    assert edited.title.startswith("Edited: ")
    assert len(kept_files()) == 1  # the copy of the older text is gone


def test_changed_code_never_reads_what_older_code_built(rubric_file, monkeypatch):
    load_rubric(rubric_file)
    new_run()
    code = rubric_cache._code()
    monkeypatch.setattr(rubric_cache, "_code", lambda: (*code, "edited"))
    built = []
    real_build = rubric_module.build_rubric
    monkeypatch.setattr(
        rubric_module, "build_rubric", lambda *a, **k: built.append(1) or real_build(*a, **k)
    )
    load_rubric(rubric_file)
    assert built == [1]


def test_the_same_text_at_another_path_is_built_for_that_path(rubric_file, tmp_path):
    load_rubric(rubric_file)
    other = tmp_path / "other.toml"
    other.write_bytes(rubric_file.read_bytes())
    new_run()
    assert load_rubric(other).path == str(other.resolve())


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[:1000]),
        lambda p: p.write_bytes(b"not a pickle at all"),
        lambda p: p.chmod(0o666),  # others could have written it: not trusted
    ],
    ids=["empty", "cut short", "garbage", "writable by others"],
)
def test_a_damaged_or_untrusted_copy_is_ignored_and_rebuilt(rubric_file, damage):
    built = load_rubric(rubric_file)
    (kept,) = kept_files()
    damage(kept)
    new_run()
    assert load_rubric(rubric_file) == built
    (rewritten,) = kept_files()
    assert not stat.S_IMODE(rewritten.stat().st_mode) & 0o077


def test_another_kind_of_object_in_the_file_is_not_taken(rubric_file):
    import pickle

    built = load_rubric(rubric_file)
    (kept,) = kept_files()
    kept.write_bytes(pickle.dumps({"not": "a rubric"}))
    new_run()
    assert load_rubric(rubric_file) == built


def test_a_rubric_with_problems_is_never_kept(rubric_file):
    rubric_file.write_text(rubric_file.read_text() + "\n[oops\n")
    for _ in range(2):
        new_run()
        with pytest.raises(MlprofileError, match="not valid TOML"):
            load_rubric(rubric_file)
    assert kept_files() == []


def test_a_rubric_failing_its_checks_is_never_kept(rubric_file):
    text = rubric_file.read_text()
    rubric_file.write_text(text.replace("weight = ", "weight = -", 1))
    new_run()
    with pytest.raises(RubricError):
        load_rubric(rubric_file)
    assert kept_files() == []


def test_an_unwritable_cache_folder_only_means_nothing_is_kept(rubric_file, monkeypatch, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("MLPROFILE_CACHE_DIR", str(blocked))
    first = load_rubric(rubric_file)
    new_run()
    assert load_rubric(rubric_file) == first
    assert blocked.read_text() == "a file where the cache folder would be"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_no_temporary_files_are_left_behind(rubric_file):
    load_rubric(rubric_file)
    folder = cache_dir() / "rubrics"
    assert [p.name for p in folder.iterdir()] == [kept_files()[0].name]
    assert os.stat(folder).st_mode & 0o077 == 0
