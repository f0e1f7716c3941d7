"""The example workloads shipped with the tool, and the private copies people open and edit.

A bundled example is never edited in place: opening one (``mlprofile --example NAME``, the app's
start screen) works on a copy in the user's data folder, so the shipped files stay pristine.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .data_folder import data_dir
from .errors import MlprofileError

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_examples() -> list[Path]:
    """The example workloads shipped with the tool (inside the wheel, or at the repo's top)."""
    folder = _PACKAGE / "examples"
    if not folder.is_dir():
        folder = _PACKAGE.parent.parent / "examples"
    return sorted(folder.glob("*.mlprofile.toml"))


def example_copy(name: str, *, fresh: bool = False) -> Path:
    """A private copy of the bundled example ``name`` (file name without ``.mlprofile.toml``)
    in the user's data folder (``examples/`` in it), made on first use and reused afterwards,
    edits included. ``fresh`` starts again from the bundled file; the previous copy, if any, is
    kept beside it as ``NAME.mlprofile.toml.bak`` (one back, replacing an older one).

    Raises ``MlprofileError`` (exit 2) for a name that is not a bundled example.
    """
    by_name = {p.name.removesuffix(".mlprofile.toml"): p for p in bundled_examples()}
    if name not in by_name:
        raise MlprofileError(f"no bundled example {name!r}; examples: {', '.join(by_name)}")
    folder = data_dir() / "examples"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / by_name[name].name
    if fresh and copy.exists():
        copy.replace(copy.with_name(copy.name + ".bak"))
    if not copy.exists():
        shutil.copyfile(by_name[name], copy)
    return copy
