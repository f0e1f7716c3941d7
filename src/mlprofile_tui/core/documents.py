"""The documents the tool points its users at, shipped with it: `mlprofile docs NAME` prints one.

A message such as "the least-privilege policy: `mlprofile docs iam-policy`" must work wherever
the tool is installed (pipx, a wheel), not only in a checkout, so the wheel carries ``docs/``
inside the package (``mlprofile_tui/docs``, pyproject's force-include) and a checkout reads the
folder at its top, as for rubrics and examples.
"""

from __future__ import annotations

from pathlib import Path

from .errors import MlprofileError

_PACKAGE = Path(__file__).resolve().parent.parent
SUFFIXES = (".md", ".json")
INSTALL_BOTO3 = (
    "boto3 is not installed beside mlprofile: `pipx inject mlprofile-tui boto3` where pipx "
    "installed it, `pip install -e '.[aws]'` in a checkout's environment"
)
INSTALL_SERVE = (
    "`pipx inject mlprofile-tui textual-serve aiohttp` where pipx installed it, "
    "`pip install -e '.[serve]'` in a checkout's environment"
)
"""How to add the optional AWS dependency, for the messages that need it (the package is not on
PyPI: installing it with the `[aws]` extra by name works only once it is published)."""


def documents_dir() -> Path:
    """``mlprofile_tui/docs`` in an installed wheel; ``docs/`` at the top of a checkout."""
    packaged = _PACKAGE / "docs"
    return packaged if packaged.is_dir() else _PACKAGE.parent.parent / "docs"


def documents() -> dict[str, Path]:
    """Every shipped document by name: the file name without its suffix (``format`` for
    ``format.md``, ``iam-policy`` for ``iam-policy.json``), sorted by name."""
    folder = documents_dir()
    found = [p for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES]
    return {p.stem: p for p in sorted(found, key=lambda p: p.stem)}


def document_text(name: str) -> str:
    """The text of the document ``name`` (a name from ``documents()``, or its file name).

    Raises ``MlprofileError`` (exit 2) naming the documents there are for any other name.
    """
    known = documents()
    path = known.get(name) or known.get(Path(name).stem if Path(name).suffix in SUFFIXES else "")
    if path is None:
        raise MlprofileError(f"no document {name!r}; documents: {', '.join(known)}")
    return path.read_text(encoding="utf-8")
