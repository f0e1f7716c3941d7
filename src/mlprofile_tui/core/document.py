"""An editable workload file: the model, the TOML text it came from, and checked saves.

Every edit changes the model and the TOML document together (``tomledit`` places it in
whatever layout the file has and checks the result means exactly what was intended); ``save``
goes through ``store`` (locked, refused if the file changed since it was loaded, verified,
atomic, line endings, BOM, mode and owner kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import instance_types
from .answers import Answer, Provenance, State
from .clock import now_iso
from .editing import (
    delete_problem,
    editable_problem,
    rename_problem,
    stores_answer,
    workload_name_problem,
)
from .errors import MlprofileError, UnknownInstanceTypes, ValueProblem
from .loading import build_workload, load_file, raise_first_error
from .model import SNAPSHOT, TARGET, Finding, Profile, Workload, profile_name_problem
from .rubric import Rubric
from .store import digest, save_bytes
from .textfile import TextFile
from .tomledit import DELETE, Edit, TomlEditor, value_item
from .values import check_value


class WorkloadDocument:
    """A workload open for editing. ``workload`` is the model (always current); the TOML text
    is produced by ``text()`` and written by ``save()``."""

    def __init__(
        self, path: Path, file: TextFile, raw: dict, workload: Workload, findings: list[Finding]
    ) -> None:
        self.path = path
        self.workload = workload
        self.findings = findings
        self.file = file
        self._raw = raw
        self._loaded = digest(file.data)
        self._editor: TomlEditor | None = None  # parsed on the first edit: reads never pay

    @classmethod
    def load(cls, path: str | Path, *, edit: bool = False) -> WorkloadDocument:
        """Read and check a workload (MlprofileError, exit 2, on any error finding).

        ``edit=True`` (a command about to change it) parses with tomlkit at once; otherwise
        tomlkit waits for the first edit, so opening a large file to look at it stays fast.
        """
        path = Path(path)
        file, raw, doc, workload, findings = load_file(path, edit=edit)
        loaded = cls(path, file, raw, workload, findings)
        if doc is not None:
            loaded._editor = TomlEditor(file.text, raw, where=str(path), doc=doc)
        return loaded

    def _edits(self) -> TomlEditor:
        if self._editor is None:
            self._editor = TomlEditor(self.file.text, self._raw, where=str(self.path))
        return self._editor

    def edits_from_older_version(self) -> None:
        """The edits about to be applied began on another version of the file: saving in
        place is refused from now on (ConflictError), saving as a new file is not."""
        self._loaded = b"\x00edits of an older version of this file\x00"

    def edits(self) -> list[Edit]:
        """The edits made since the file was loaded or last saved, oldest first (what a
        recovery copy keeps)."""
        return list(self._editor.edits) if self._editor is not None else []

    def apply_edits(self, edits: list[Edit]) -> None:
        """Replay edits (from a recovery copy) through the checked editor and read the model
        anew from what they mean. Raises MlprofileError (nothing kept) when the result is not
        a valid workload, e.g. for a rubric that changed since."""
        editor = self._edits()
        for edit in edits:
            if edit.value is DELETE:
                editor.delete(edit.path)
            else:
                editor.set(edit.path, edit.value)
        workload, findings = build_workload(editor.intended, self.path, self.file.text)
        raise_first_error(findings, self.path)
        self.workload, self.findings = workload, findings

    @property
    def plain(self) -> dict:
        """What the document means now, as plain values (tomllib's reading of ``text()``)."""
        return self._editor.intended if self._editor is not None else self._raw

    @property
    def rubric(self) -> Rubric:
        return self.workload.rubric

    @property
    def loaded_digest(self) -> bytes:
        """SHA-256 of the file's bytes this document was loaded from (or last saved as)."""
        return self._loaded

    def text(self) -> str:
        """The document's text as it would be saved (LF line endings, no BOM); LayoutError
        if an edit cannot be placed in this file's layout."""
        return self.file.text if self._editor is None else self._editor.render()

    @property
    def dirty(self) -> bool:
        return self._editor is not None and self._editor.dirty

    # ---- edits (each keeps the model and the document in step)

    def set_answer(self, profile: str, key: str, answer: Answer) -> None:
        """Record an answer in the model and the document. What a profile would inherit
        anyway is not stored twice.

        Raises MlprofileError for an unknown key, a value that does not fit the characteristic
        or a profile that cannot be edited.
        """
        answer = self.check_answer(profile, key, answer, imported_types=True)
        if answer.provenance == Provenance.IMPORTED:
            # Read from the account, so the type exists even if it is newer than the list.
            self.allow_instance_types(self.unknown_instance_types(key, answer))
        stored = self.put_in_model(profile, key, answer)
        self.write_answer(profile, key, stored)

    def check_answer(
        self, profile: str, key: str, answer: Answer, *, imported_types: bool = False
    ) -> Answer:
        """``answer`` in normal form, if ``profile`` may take it for ``key``; else
        MlprofileError (unknown key, value that does not fit, profile that is history).

        A matrix row's instance type must be one SageMaker lists or the workload accepts on
        purpose (``allow_instance_types``): else UnknownInstanceTypes, naming each with the
        sizes or nearest types. ``imported_types``: an imported answer's types were read from
        an account, so they exist (``set_answer`` then accepts them in the workload).
        """
        p = self.workload.profile(profile)
        ch = self.rubric.get(key)
        if answer.state is State.VALUE:
            try:  # importers and front ends build answers too: the file only gets what reads back
                answer = replace(answer, value=check_value(ch, answer.value))
            except ValueProblem as e:
                raise MlprofileError(str(e), path=self.path, key=key) from None
            unknown = self.unknown_instance_types(key, answer)
            if unknown and not (imported_types and answer.provenance == Provenance.IMPORTED):
                raise UnknownInstanceTypes(unknown, path=self.path, key=key)
        problem = editable_problem(self.workload, p.name)
        if problem:
            raise MlprofileError(problem, path=self.path)
        return answer

    def put_in_model(self, profile: str, key: str, answer: Answer) -> Answer | None:
        """The model half of ``set_answer`` (a checked answer): returns what the profile
        stores, None when it inherits that answer anyway."""
        p = self.workload.profile(profile)
        if stores_answer(self.workload, p.name, key, answer):
            p.values[key] = answer
            return answer
        p.values.pop(key, None)
        return None

    def write_answer(self, profile: str, key: str, answer: Answer | None) -> None:
        """The document half of ``set_answer``: the TOML text only, the model untouched (the
        app runs it off the event loop). None removes the profile's own answer."""
        path = ("profiles", profile, "values", key)
        editor = self._edits()
        if answer is None:
            editor.delete(path)
            return
        editor.set(path, _keep_dates(answer_fields(answer), editor.intended, path))

    def move_to_rubric(
        self, rubric: Rubric, answers: Mapping[str, Mapping[str, Answer | None]]
    ) -> None:
        """Move the file to ``rubric`` (another version of its rubric, see ``migration``).

        ``answers`` gives, per profile, the own answers to write (None removes one), in order;
        dated snapshots are included, since the whole file must read with the new version.
        ``[rubric] version`` (and ``sha256`` where the file keeps one) then names ``rubric``
        and the model is read anew from the result with it. Raises MlprofileError when the
        result does not load with ``rubric``; the document must then not be saved.
        """
        for profile, own in answers.items():
            self.workload.profile(profile)
            for key, answer in own.items():
                self.write_answer(profile, key, answer)
        editor = self._edits()
        ref = editor.intended.get("rubric")
        if isinstance(ref, dict):
            editor.set(("rubric", "version"), rubric.version)
            if "sha256" in ref:
                editor.set(("rubric", "sha256"), rubric.sha256)
        workload, findings = build_workload(
            editor.intended, self.path, self.file.text, rubric=rubric
        )
        raise_first_error(findings, self.path)
        self.workload, self.findings = workload, findings

    def unknown_instance_types(self, key: str, answer: Answer) -> list[str]:
        """The instance types of a checked matrix answer that SageMaker's list does not know
        and the workload does not accept; [] for any other answer."""
        if answer.state is not State.VALUE or self.rubric.get(key).type != "matrix":
            return []
        names = instance_types.matrix_instance_types(answer.value)
        return instance_types.unknown_instance_types(names, self.workload.new_instance_types)

    def allow_instance_types(self, names: list[str]) -> None:
        """Accept instance types newer than mlprofile's list in this workload (``[workload]
        new_instance_types``, kept in order, each once). Raises MlprofileError for a name not
        written ml.FAMILY.SIZE."""
        added = [n for n in names if n not in self.workload.new_instance_types]
        if not added:
            return
        for name in added:
            if not instance_types.is_instance_type_shape(name):
                raise MlprofileError(
                    f"{name!r} is not an instance type written ml.FAMILY.SIZE", path=self.path
                )
        new = [*self.workload.new_instance_types, *added]
        self._edits().set(("workload", instance_types.NEW_TYPES_KEY), new)
        self.workload.new_instance_types = new

    def set_rationale(self, profile: str, key: str, rationale: str | None) -> None:
        p = self.workload.profile(profile)
        if key not in p.values:
            raise MlprofileError(
                f"profile {profile!r} does not set {key}; nothing to explain", path=self.path
            )
        self.set_answer(profile, key, p.values[key].with_rationale(rationale))

    def add_profile(self, profile: Profile) -> None:
        """Add a profile (its ``values`` are its own answers). Raises MlprofileError for a
        name that is empty, malformed or taken (ignoring case), or an unknown base."""
        problem = profile_name_problem(profile.name, self.workload.profiles)
        if problem:
            raise MlprofileError(problem, path=self.path)
        if profile.based_on and profile.based_on not in self.workload.profiles:
            raise MlprofileError(
                f"no profile {profile.based_on!r} to branch from; profiles: "
                f"{', '.join(self.workload.profiles)}",
                path=self.path,
            )
        fields: dict[str, Any] = {"kind": str(profile.kind)}
        if profile.based_on:
            fields["based_on"] = profile.based_on
        if profile.taken:
            fields["taken"] = datetime.fromisoformat(profile.taken)
        if profile.description:
            fields["description"] = profile.description
        if profile.rationale:
            fields["rationale"] = profile.rationale
        fields["values"] = {k: answer_fields(a) for k, a in profile.values.items()}

        self._edits().set(("profiles", profile.name), fields)
        self.workload.profiles[profile.name] = profile

    def branch(self, base: str, name: str, rationale: str) -> Profile:
        """A new target on ``base``: it stores only what it changes, each with a rationale."""
        if not rationale.strip():
            raise MlprofileError(
                "a target needs a rationale: why is this the profile to aim for?", path=self.path
            )
        self.workload.profile(base)
        profile = Profile(
            name, TARGET, based_on=base, rationale=rationale.strip(), taken=now_iso().isoformat()
        )
        self.add_profile(profile)
        return profile

    def snapshot(self, name: str | None = None) -> Profile:
        """Freeze the current state as a dated snapshot; the current profile goes on changing."""
        current = self.workload.profile(None)
        taken = now_iso()
        if name is None:
            name = f"snapshot-{taken:%Y-%m-%d}"
            n = 2
            while profile_name_problem(name, self.workload.profiles):
                name = f"snapshot-{taken:%Y-%m-%d}-{n}"
                n += 1
        values = dict(self.workload.effective(current.name))
        profile = Profile(
            name,
            SNAPSHOT,
            values=values,
            taken=taken.isoformat(),
            description=f"snapshot of {current.name!r}",
        )
        self.add_profile(profile)
        return profile

    def set_details(self, *, name: str, owner: str, notes: str) -> None:
        """The workload's ``[workload]`` name, owner and notes (stripped; an empty owner or
        notes removes the key, as a file without it reads). Raises MlprofileError for an
        empty name; nothing changes then."""
        problem = workload_name_problem(name)
        if problem:
            raise MlprofileError(problem, path=self.path, key="workload.name")
        w = self.workload
        editor = self._edits()
        meta = editor.intended.get("workload")
        meta = meta if isinstance(meta, dict) else {}
        for key, value in (("name", name.strip()), ("owner", owner.strip()), ("notes", notes)):
            value = value.strip() if key != "notes" else value.strip("\n").rstrip()
            if meta.get(key, "") == value:
                continue
            if value or key == "name":
                editor.set(("workload", key), value)
            else:
                editor.delete(("workload", key))
        w.name, w.owner, w.notes = name.strip(), owner.strip(), notes.strip("\n").rstrip()

    def rename_profile(self, old: str, new: str) -> Profile:
        """Rename a target or a dated snapshot; targets based on it follow. Raises
        MlprofileError (see ``editing.rename_problem``); nothing changes then."""
        problem = rename_problem(self.workload, old, new)
        if problem:
            raise MlprofileError(problem, path=self.path)
        editor = self._edits()
        fields = editor.intended["profiles"][old]
        editor.delete(("profiles", old))
        editor.set(("profiles", new), fields)
        w = self.workload
        # The file now holds it last (a new table): so does the model, as a reload would.
        profile = w.profiles.pop(old)
        profile.name = new
        w.profiles[new] = profile
        for t in w.targets():
            if t.based_on == old:
                t.based_on = new
                editor.set(("profiles", t.name, "based_on"), new)
        return profile

    def delete_profile(self, name: str) -> None:
        """Delete a target or a dated snapshot. Raises MlprofileError (see
        ``editing.delete_problem``); nothing changes then."""
        problem = delete_problem(self.workload, name)
        if problem:
            raise MlprofileError(problem, path=self.path)
        self._edits().delete(("profiles", name))
        del self.workload.profiles[name]

    def set_profile_rationale(self, profile: str, rationale: str) -> None:
        p = self.workload.profile(profile)
        p.rationale = rationale
        self._edits().set(("profiles", p.name, "rationale"), rationale)

    # ---- saving

    def save(self, path: str | Path | None = None, *, force: bool = False) -> None:
        """Write the edits: locked, verified and atomic (see ``store.save_bytes``).

        In place, ConflictError if the file on disk is no longer what was loaded (``force``
        skips that check); to another ``path`` (save as), refused if it exists. LayoutError
        if an edit cannot be placed in this file's layout. The file is untouched on error.
        """
        target = Path(path) if path is not None else self.path
        in_place = path is None or target == self.path
        text = self.text()
        data = self.file.restore(text).encode("utf-8")
        # text() has read the new text back with tomllib and checked it means exactly the
        # intended document; the store checks these very bytes reached the disk.
        expected = self._editor.intended if self._editor is not None else self._raw
        save_bytes(
            target,
            data,
            loaded=None if (force or not in_place) else self._loaded,
            exclusive_new=not in_place,
        )
        if in_place:
            self.file = TextFile(data, text, self.file.bom, self.file.newline)
            self._loaded = digest(data)
            self._raw = expected
            if self._editor is not None:
                self._editor.rebase(text, expected)


def answer_fields(answer: Answer) -> dict[str, Any]:
    """An answer as the plain fields of its TOML table (``answer_from_toml`` reads them back)."""
    out: dict[str, Any] = {}
    if answer.state is State.VALUE:
        out["value"] = answer.value
        out["provenance"] = answer.provenance or Provenance.DECLARED.value
        if answer.source:
            out["source"] = answer.source
        if answer.at:
            out["at"] = answer.at
    else:
        out["state"] = answer.state.value
        if answer.reason:
            out["reason"] = answer.reason
    if answer.rationale:
        out["rationale"] = answer.rationale
    return out


def _keep_dates(fields: dict[str, Any], doc: dict, path: tuple[str, ...]) -> dict[str, Any]:
    """The model holds ``at`` as ISO text; where the file has the same instant as a TOML
    date-time, keep the date-time (re-answering must not rewrite an untouched field)."""
    old: Any = doc
    for k in path:
        old = old.get(k) if isinstance(old, dict) else None
    if isinstance(old, dict) and isinstance(fields.get("at"), str):
        at = old.get("at")
        if isinstance(at, datetime | date) and at.isoformat() == fields["at"]:
            return {**fields, "at": at}
    return fields


def answer_to_toml(answer: Answer) -> Any:
    """An answer as a tomlkit inline table, one matrix row a line."""
    return value_item(answer_fields(answer))
