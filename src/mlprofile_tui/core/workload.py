"""The workload file (``*.mlprofile.toml``), by job:

- ``model``: profiles, snapshots, targets and their answers (plain data);
- ``loading``: reading and checking a file into the model, findings with their lines;
- ``document``: editing the file's TOML in whatever layout it has, checked;
- ``store``: locked, verified, atomic saves;
- ``editing``: the rules every front end edits by.

This module gathers their public names for the callers that want "the workload file".
"""

from __future__ import annotations

from .clock import now_iso
from .document import WorkloadDocument, answer_fields, answer_to_toml
from .editing import Change, editable_problem, is_editable
from .loading import (
    answer_from_toml,
    build_workload,
    check_format,
    load_workload,
    parse_toml,
    raise_first_error,
    read_text,
    rubric_for,
)
from .model import (
    CURRENT,
    FORMAT_VERSION,
    SNAPSHOT,
    TARGET,
    Finding,
    Profile,
    ProfileKind,
    Workload,
    profile_name_problem,
)
from .newfile import new_workload_text
from .store import atomic_write

__all__ = [
    "CURRENT",
    "FORMAT_VERSION",
    "SNAPSHOT",
    "TARGET",
    "Change",
    "Finding",
    "Profile",
    "ProfileKind",
    "Workload",
    "WorkloadDocument",
    "answer_fields",
    "answer_from_toml",
    "answer_to_toml",
    "atomic_write",
    "build_workload",
    "check_format",
    "editable_problem",
    "is_editable",
    "load_workload",
    "new_workload_text",
    "now_iso",
    "parse_toml",
    "profile_name_problem",
    "raise_first_error",
    "read_text",
    "rubric_for",
]
