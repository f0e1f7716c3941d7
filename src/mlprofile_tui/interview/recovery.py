"""The recovery file: answers given in an interview and not yet written to the workload.

It is rewritten after every answer, so Ctrl+C, Ctrl+D, a dropped SSH session or a file that
changed on disk never costs an answer. It lives beside the workload, named after it and the
profile (``fraud.mlprofile.toml.current.interview-recovery.json``), or in the user data folder
when the workload's folder is read-only. A finished, saved interview deletes it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.answers import Answer
from ..core.errors import MlprofileError, ValueProblem
from ..core.rubric import Rubric
from ..core.workload import answer_fields, answer_from_toml, atomic_write, now_iso

KIND = "mlprofile-interview-recovery"
VERSION = 1
SUFFIX = ".interview-recovery.json"


def recovery_path(workload: Path, profile: str) -> Path:
    """Beside the workload when its folder is writable, else in the user data folder."""
    workload = Path(workload)
    name = f"{workload.name}.{profile}{SUFFIX}"
    folder = workload.resolve().parent
    if os.access(folder, os.W_OK):
        return folder / name
    from ..core.data_folder import data_dir

    data = data_dir()
    digest = hashlib.sha256(str(workload.resolve()).encode()).hexdigest()[:12]
    return data / "interview-recovery" / f"{digest}-{name}"


@dataclass
class Recovery:
    path: Path
    workload: Path
    profile: str
    answers: dict[str, Answer] = field(default_factory=dict)
    started: str = ""
    updated: str = ""

    @classmethod
    def fresh(cls, workload: Path, profile: str) -> Recovery:
        return cls(
            recovery_path(workload, profile), Path(workload), profile, started=now_iso().isoformat()
        )

    @classmethod
    def find(
        cls, workload: Path, profile: str, rubric: Rubric
    ) -> tuple[Recovery | None, list[str]]:
        """A recovery file left by an interrupted interview, and warnings about what was dropped."""
        path = recovery_path(workload, profile)
        if not path.exists():
            return None, []
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise MlprofileError(
                f"interview recovery file is unreadable ({e}); look at it, then delete it to start "
                "afresh",
                path=path,
            ) from None
        if not (
            isinstance(raw, dict)
            and raw.get("kind") == KIND
            and isinstance(raw.get("answers"), dict)
        ):
            raise MlprofileError(
                "is not an mlprofile interview recovery file; move it away to start afresh",
                path=path,
            )
        rec = cls(
            path,
            Path(workload),
            profile,
            started=str(raw.get("started") or ""),
            updated=str(raw.get("updated") or ""),
        )
        warnings = []
        for key, rv in raw["answers"].items():
            ch = rubric.by_key.get(key)
            if ch is None:
                warnings.append(f"{key}: no longer in rubric {rubric.id}; dropped")
                continue
            try:
                rec.answers[key] = answer_from_toml(ch, rv)
            except ValueProblem as e:
                warnings.append(f"{key}: {e}; dropped")
        return rec, warnings

    def record(self, key: str, answer: Answer) -> None:
        self.answers[key] = answer
        self.write()

    def forget(self, keys: list[str]) -> None:
        for k in keys:
            self.answers.pop(k, None)
        if self.answers:
            self.write()
        else:
            self.discard()

    def write(self) -> None:
        self.updated = now_iso().isoformat()
        data = {
            "kind": KIND,
            "version": VERSION,
            "note": "Answers from an unfinished `mlprofile interview`; it resumes from here. "
            "Delete this file to throw them away.",
            "workload": str(self.workload),
            "profile": self.profile,
            "started": self.started,
            "updated": self.updated,
            "answers": {k: answer_to_json(a) for k, a in self.answers.items()},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def discard(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


def answer_to_json(answer: Answer) -> dict[str, Any]:
    """The same fields the workload file uses, so ``answer_from_toml`` reads them back."""
    return answer_fields(answer)
