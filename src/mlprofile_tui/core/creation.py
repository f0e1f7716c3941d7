"""Creating a workload file: one rule for ``mlprofile new`` and the app's New workload dialog."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import MlprofileError
from .location import Location, ObjectLocation
from .newfile import new_workload_text
from .rubric import builtin_rubrics, resolve_rubric
from .schema import schema_path_for, schema_text
from .store import atomic_write, save_bytes


def create_workload(
    path: Location, name: str, owner: str, rubric_ref: str | None, *, schema: bool = True
) -> Path | None:
    """Write a new workload at ``path`` with an empty ``current`` snapshot.

    ``rubric_ref`` is a built-in rubric id or a rubric file (None: the default rubric); a file
    is stored relative to the workload so the pair can move together in git. With ``schema``,
    the file starts with a ``#:schema ./<rubric>-<version>.schema.json`` directive and that
    JSON Schema is written beside it unless a file of that name is there already (it is then
    left as it is: ``mlprofile schema -o`` refreshes it); returns the schema's path, or None
    without ``schema``. Raises
    ``MlprofileError`` (exit 2) when ``path`` exists (never overwritten), its folder does not,
    the name is blank or the rubric cannot be used.

    An object (``s3://``) is created with one write conditional on no object having its key
    (``If-None-Match: *``): of two ``new`` racing for one key, the second is refused. It names
    a built-in rubric only (a rubric file cannot travel with it).
    """
    if isinstance(path, ObjectLocation):
        _create_object(path, name, owner, rubric_ref)
        return None  # no schema beside an object: editors open local files
    if path.exists():
        raise MlprofileError(
            "already exists; not overwriting it (pick another name or delete it)", path=path
        )
    if not name.strip():
        raise MlprofileError("--name must not be empty")
    rubric = resolve_rubric(rubric_ref)
    ref = None
    if rubric_ref and rubric_ref not in builtin_rubrics():
        ref = os.path.relpath(Path(rubric_ref).resolve(), path.resolve().parent)
    if not path.parent.exists():
        raise MlprofileError(f"folder {path.parent} does not exist", path=path)
    schema_path = schema_path_for(path, rubric) if schema else None
    # Locked and exclusive: of two `new` racing for one name, the second is refused.
    save_bytes(
        path,
        new_workload_text(
            name.strip(), rubric, owner, ref, f"./{schema_path.name}" if schema_path else None
        ).encode("utf-8"),
        loaded=None,
        exclusive_new=True,
    )
    if schema_path is not None and not schema_path.exists():
        atomic_write(schema_path, schema_text(rubric))
    return schema_path


def _create_object(location: ObjectLocation, name: str, owner: str, ref: str | None) -> None:
    if not name.strip():
        raise MlprofileError("--name must not be empty")
    if ref and ref not in builtin_rubrics():
        raise MlprofileError(
            f"--rubric {ref!r}: a workload stored as an object names a built-in rubric "
            f"({', '.join(builtin_rubrics())}); a rubric file cannot travel with it",
            path=location,
        )
    text = new_workload_text(name.strip(), resolve_rubric(ref), owner, None)
    location.transport.put(location, text.encode("utf-8"), if_match=None)
