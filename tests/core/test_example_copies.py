"""`mlprofile --example NAME` opens the user's own copy of a bundled example, kept between runs
in the data folder's ``examples/``; ``--fresh`` starts it again from the bundled file."""

from __future__ import annotations

import os
from pathlib import Path

from mlprofile_tui.core.examples import example_copy

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "examples" / "fraud-scorer.mlprofile.toml"


def _copy() -> Path:
    return Path(os.environ["MLPROFILE_DATA_DIR"]) / "examples" / "fraud-scorer.mlprofile.toml"


def test_the_copy_lives_in_the_data_folder_and_keeps_its_edits(cli):
    opened = cli("--example", "fraud-scorer")  # not a terminal: the overview, naming the copy
    assert opened.code == 0 and str(_copy()) in opened.out
    assert cli("set", _copy(), "network.vpc=no").code == 0
    assert cli("--example", "fraud-scorer").code == 0
    assert _copy().read_bytes() != BUNDLED.read_bytes()  # yesterday's edits, as documented


def test_fresh_starts_again_and_keeps_the_old_copy_as_bak(cli):
    example_copy("fraud-scorer")
    assert cli("set", _copy(), "network.vpc=no").code == 0
    edited = _copy().read_bytes()
    opened = cli("--example", "fraud-scorer", "--fresh")
    assert opened.code == 0, opened.err
    assert _copy().read_bytes() == BUNDLED.read_bytes()
    assert _copy().with_name(_copy().name + ".bak").read_bytes() == edited


def test_fresh_without_a_copy_just_makes_one(cli):
    assert cli("--example", "fraud-scorer", "--fresh").code == 0
    assert _copy().read_bytes() == BUNDLED.read_bytes()
    assert not _copy().with_name(_copy().name + ".bak").exists()


def test_bad_example_arguments_are_bad_usage(cli):
    for args in (["--example"], ["--example", "--fresh"], ["--example", "x", "--nope"]):
        result = cli(*args)
        assert result.code == 2 and "--fresh" in result.err, (args, result.err)
    unknown = cli("--example", "nope", "--fresh")
    assert unknown.code == 2 and "no bundled example 'nope'" in unknown.err
