"""The text of a new workload file, with comments that teach the format."""

from __future__ import annotations

from .clock import now_iso
from .model import FORMAT_VERSION
from .rubric import Rubric


def new_workload_text(
    name: str,
    rubric: Rubric,
    owner: str = "",
    rubric_ref: str | None = None,
    schema_ref: str | None = None,
) -> str:
    """A fresh workload: ``[rubric]``, ``[workload]`` and an empty ``current`` snapshot.

    ``rubric_ref`` is a team rubric's path relative to the workload file, or None for a
    built-in rubric. ``schema_ref`` (a path relative to the file, or a URL) becomes a
    ``#:schema`` directive on the first line, for editors that check TOML with a JSON Schema.
    """
    import tomlkit

    taken = now_iso().isoformat().replace("+00:00", "Z")
    ref = f"path = {tomlkit.string(rubric_ref).as_string()}\n" if rubric_ref else ""
    directive = f"#:schema {schema_ref}\n\n" if schema_ref else ""
    return (
        f"{directive}"
        "# ML workload profile (AWS Well-Architected ML Lens MLOE-05 / MLOPS02-BP02).\n"
        "# Edit with `mlprofile` (TUI), `mlprofile interview` or `mlprofile set`; the file is\n"
        "# plain TOML and comments you add here are kept. Format: `mlprofile docs format`.\n"
        f"format = {FORMAT_VERSION}\n\n"
        "[rubric]\n"
        f"id = {tomlkit.string(rubric.id).as_string()}\n"
        f"version = {tomlkit.string(rubric.version).as_string()}\n"
        f'sha256 = "{rubric.sha256}"\n{ref}\n'
        "[workload]\n"
        f"name = {tomlkit.string(name).as_string()}\n"
        f"owner = {tomlkit.string(owner).as_string()}\n\n"
        "# The current state. `mlprofile snapshot` keeps dated copies of it as history.\n"
        "[profiles.current]\n"
        'kind = "snapshot"\n'
        f"taken = {taken}\n\n"
        "[profiles.current.values]\n"
    )
