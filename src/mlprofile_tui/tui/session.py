"""One open workload in the app: the document being edited, the profile in view, unsaved state.

Plain Python (no Textual), so every rule here is testable without a terminal. Screens read
from it and call its methods; only ``save`` touches the workload file.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from ..core import editing
from ..core.answers import UNANSWERED, Answer, Provenance, State
from ..core.document import WorkloadDocument, answer_fields
from ..core.editing import Change
from ..core.errors import MlprofileError
from ..core.location import Location, ObjectLocation, same_location
from ..core.model import Profile, Workload
from ..core.recovery import EditorSlot, Recovery, recovery_path
from ..core.rubric import Characteristic, Rubric
from ..core.scoring import ProfileScore, applies, in_scope, score_profile
from ..core.tomledit import DELETE, Edit
from . import userdata

__all__ = ["Change", "Session", "answered"]


class Session:
    def __init__(
        self,
        doc: WorkloadDocument,
        base_sha256: str,
        *,
        unsaved: bool = False,
        slot: EditorSlot | None = None,
    ) -> None:
        self.doc = doc
        self._slot = slot  # claimed when first needed (``slot``)
        self._slot_lock = threading.Lock()
        self.base_sha256 = base_sha256
        self.profile = doc.workload.default_profile()
        self.unsaved = unsaved
        # Derived from the model, per profile, until the model changes (``_forget``).
        self._scores: dict[str, ProfileScore] = {}
        self._questions: dict[str, list[Characteristic]] = {}
        # Answers already in the model (gauges show them) but not yet in the TOML document:
        # tomlkit needs ~0.4 s for a 500-row matrix, so that edit waits until after the frame.
        self._pending: dict[tuple[str, str], Answer | None] = {}
        self._pending_lock = threading.Lock()
        # The TOML document is edited and rendered off the event loop (recovery copies);
        # this lock keeps a worker's flush and the screen's structural edits apart. The model
        # is only ever changed on the event loop.
        self.lock = threading.RLock()
        self._left = False  # the user chose to drop the edits: no more recovery copies
        self._version = 0  # counts edits: a save in a thread knows what it did not include

    @property
    def slot(self) -> EditorSlot:
        """This window's claim on the file: its own recovery copy, and whether others are
        open. Claimed on first use (any thread), so opening a workload shows it before the
        lock library is even imported (about 15 ms of start-up)."""
        with self._slot_lock:
            if self._slot is None:
                self._slot = EditorSlot(self.doc.path, "app")
            return self._slot

    @property
    def has_slot(self) -> bool:
        """Whether this window has claimed its slot yet (see ``slot``)."""
        return self._slot is not None

    # ---- opening

    @classmethod
    def open(cls, path: str | Location) -> Session:
        doc = WorkloadDocument.load(path)
        return cls(doc, doc.loaded_digest.hex())

    @classmethod
    def restore(cls, recovery: Recovery, slot: EditorSlot | None = None) -> Session:
        """Reopen with the unsaved edits of a crashed or killed session, replayed on the file.

        When the file changed since the edits began, saving in place is refused (save as):
        restored edits never overwrite a newer version. MlprofileError if they no longer fit.
        """
        path = recovery.workload
        if isinstance(path, str):  # an object's URI: reopened through its store
            from ..aws.locations import workload_location

            path = workload_location(path)
        doc = WorkloadDocument.load(path)
        if doc.loaded_digest.hex() != recovery.base_sha256:
            doc.edits_from_older_version()
        doc.apply_edits(recovery.edits)
        return cls(doc, recovery.base_sha256, unsaved=True, slot=slot)

    # ---- reading

    @property
    def workload(self) -> Workload:
        return self.doc.workload

    @property
    def rubric(self) -> Rubric:
        return self.doc.rubric

    @property
    def path(self) -> Location:
        return self.doc.path

    @property
    def current(self) -> Profile:
        return self.workload.profile(self.profile)

    def editable(self, name: str | None = None) -> bool:
        """Targets and the current state can change; dated snapshots are history."""
        return editing.is_editable(self.workload, name or self.profile)

    def answers(self, name: str | None = None) -> dict[str, Answer]:
        return self.workload.effective(name or self.profile)

    def answer(self, key: str, name: str | None = None) -> Answer:
        return self.answers(name).get(key, UNANSWERED)

    def score(self, name: str | None = None) -> ProfileScore:
        name = name or self.profile
        if name not in self._scores:
            self._scores[name] = score_profile(self.rubric, self.answers(name), name)
        return self._scores[name]

    def questions(self, answers: Mapping[str, Answer] | None = None) -> list[Characteristic]:
        """The characteristics skip logic asks, in rubric order."""
        if answers is None:
            # Skip logic over the whole rubric: asked several times for one frame.
            if self.profile not in self._questions:
                self._questions[self.profile] = self._asked(self.answers())
            return list(self._questions[self.profile])
        return self._asked(answers)

    def _asked(self, answers: Mapping[str, Answer]) -> list[Characteristic]:
        scoped = in_scope(self.rubric, answers)
        return [ch for ch in self.rubric.characteristics if applies(ch, scoped)]

    def changes(self, name: str | None = None) -> list[Change]:
        return editing.changes(self.workload, name or self.profile)

    def changes_without_rationale(self, name: str | None = None) -> list[Change]:
        return editing.changes_without_rationale(self.workload, name or self.profile)

    def base_answer(self, key: str, name: str | None = None) -> Answer | None:
        base = self.workload.base_answers(name or self.profile)
        return None if base is None else base.get(key, UNANSWERED)

    # ---- editing (in memory; the file changes only on save)

    def set_answer(self, key: str, answer: Answer) -> None:
        """Change the model now (the gauges follow at once); the document edit waits for
        ``flush``, which a worker runs off the event loop, and every save and structural edit
        calls first. Raises MlprofileError when the answer cannot be taken."""
        p = self.current
        # Refused before anything changes; an imported answer's instance types were read from
        # an account, so they exist and are accepted in the workload, as the CLI's import does.
        answer = self.doc.check_answer(p.name, key, answer, imported_types=True)
        if answer.provenance == Provenance.IMPORTED:
            self.allow_instance_types(self.doc.unknown_instance_types(key, answer))
        own = p.values.get(key)
        if own is not None and own.rationale and answer.rationale is None:
            answer = answer.with_rationale(own.rationale)  # re-answering keeps the reason given
        stored = self.doc.put_in_model(p.name, key, answer)
        with self._pending_lock:
            self._pending[(p.name, key)] = stored
            self._changed()

    def restore_own(self, key: str, own: Answer | None) -> None:
        """Put back what the profile itself said for ``key`` before an edit: ``own`` as it
        was (rationale included), or nothing (None): it inherits its base's answer again.
        Undoes a change the person cancelled. MlprofileError for a profile that is history."""
        p = self.current
        if own is None:
            self.doc.drop_in_model(p.name, key)
            stored = None
        else:
            stored = self.doc.put_in_model(p.name, key, self.doc.check_answer(p.name, key, own))
        with self._pending_lock:
            self._pending[(p.name, key)] = stored
            self._changed()

    def drop_override(self, key: str) -> None:
        """A target's own answer for ``key`` goes: it inherits its base's again. MlprofileError
        when the profile has none to drop (not a target, or already inherited)."""
        problem = editing.override_problem(self.workload, self.profile, key)
        if problem:
            raise MlprofileError(problem, path=self.path, key=key)
        self.restore_own(key, None)

    def flush(self) -> None:
        """Write the pending answers into the TOML document (coalesced: the last one wins).

        Safe from a worker thread: the document is edited under ``lock``; the screen only
        ever waits on ``_pending_lock``, which is held for a dict swap.
        """
        with self.lock:
            with self._pending_lock:
                pending, self._pending = self._pending, {}
            for (profile, key), answer in pending.items():
                self.doc.write_answer(profile, key, answer)

    @property
    def pending(self) -> int:
        return len(self._pending)

    # Structural edits change the model and the document together, on the event loop; the
    # lock waits for a worker's recovery copy in progress (rare actions, not keystrokes).

    def allow_instance_types(self, names: list[str]) -> None:
        """Accept instance types newer than mlprofile's list in this workload (see
        ``WorkloadDocument.allow_instance_types``); nothing to do for none."""
        if not names:
            return
        with self.lock:
            self.flush()
            self.doc.allow_instance_types(names)
        self._changed()

    def set_rationale(self, key: str, text: str | None) -> None:
        with self.lock:
            self.flush()
            self.doc.set_rationale(self.profile, key, (text or "").strip() or None)
        self._changed()

    def branch(self, base: str, name: str, rationale: str) -> Profile:
        with self.lock:
            self.flush()
            profile = self.doc.branch(base, name.strip(), rationale)
        self._changed()
        self.profile = profile.name
        return profile

    def snapshot(self, name: str | None = None) -> Profile:
        with self.lock:
            self.flush()
            profile = self.doc.snapshot(name)
        self._changed()
        return profile

    def set_details(self, *, name: str, owner: str, notes: str) -> None:
        """The workload's name, owner and notes (MlprofileError for an empty name)."""
        with self.lock:
            self.flush()
            self.doc.set_details(name=name, owner=owner, notes=notes)
        self._changed()

    def rename_profile(self, old: str, new: str) -> None:
        """Rename a target or dated snapshot (targets based on it follow); the view follows
        it when it is the profile in view. MlprofileError when it cannot be renamed."""
        with self.lock:
            self.flush()  # pending answers name the profile: into the document first
            self.doc.rename_profile(old, new)
        if self.profile == old:
            self.profile = new
        self._changed()

    def delete_profile(self, name: str) -> None:
        """Delete a target or dated snapshot; the view moves to the default profile when it
        showed that one. MlprofileError when it cannot be deleted."""
        with self.lock:
            self.flush()
            self.doc.delete_profile(name)
        if self.profile == name:
            self.profile = self.workload.default_profile()
        self._changed()

    def set_profile_rationale(self, text: str) -> None:
        with self.lock:
            self.flush()
            self.doc.set_profile_rationale(self.profile, text)
        self._changed()

    def is_changed(self, key: str, name: str | None = None) -> bool:
        name = name or self.profile
        base = self.base_answer(key, name)
        own = self.workload.profile(name).values.get(key)
        return base is not None and own is not None and not base.same_answer(own)

    def _changed(self) -> None:
        self.unsaved = True
        self._version += 1
        self._forget()

    def _forget(self) -> None:
        """Drop what was derived from the model (scores, asked questions): it changed."""
        self._scores.clear()
        self._questions.clear()

    # ---- saving

    def recovery_text(self) -> str:
        """The edited text (flushes the pending answers into the document)."""
        with self.lock:
            self.flush()
            return self.doc.text()

    def edits(self) -> list[Edit]:
        """Every edit since the file was loaded or saved: the document's log, then the
        answers not yet in the document (what a recovery copy keeps; no rendering)."""
        with self._pending_lock:
            pending = list(self._pending.items())
        out = self.doc.edits()
        for (profile, key), answer in pending:
            path = ("profiles", profile, "values", key)
            out.append(Edit(path, DELETE if answer is None else answer_fields(answer)))
        return out

    def recovery(self) -> Recovery:
        """This window's recovery copy (written or not)."""
        editor = self.slot.editor
        return Recovery(recovery_path(self.path, editor), self.path, editor, self.base_sha256)

    def write_recovery(self) -> Path:
        """Write this window's recovery copy (its edits, 0600, in the data folder); cheap at
        any file size, safe off the event loop. Returns its path."""
        with self.lock:  # copies land in the order of the edits
            rec = self.recovery()
            if not self.unsaved or self._left:  # saved, reloaded or dropped meanwhile
                return rec.path
            rec.edits = self.edits()
            rec.write()
        return rec.path

    def discard_recovery(self) -> None:
        self.recovery().discard()

    def close(self) -> None:
        """The window is done with the file: free its slot (its recovery copy stays)."""
        if self._slot is not None:
            self._slot.release()

    def save(self, path: Location | None = None) -> Location:
        """Save in place (ConflictError if the file changed on disk) or to a new file (save as)."""
        with self.lock:  # a recovery copy in progress finishes first, and none follows
            return self._save(path)

    def _save(self, path: Location | None) -> Location:
        with self._pending_lock:  # what this save includes: every edit up to now
            version = self._version
        if path is None or same_location(path, self.path):
            with self.lock:
                self.flush()
                self.doc.save()
            self.base_sha256 = self.doc.loaded_digest.hex()
        else:
            # An object is created only if its key is free (If-None-Match), refused otherwise.
            if not isinstance(path, ObjectLocation) and Path(path).exists():
                raise MlprofileError(
                    "already exists; choose a new file name for save as", path=path
                )
            with self.lock:
                self.flush()
                self.doc.save(path)
            profile = self.profile
            fresh = WorkloadDocument.load(path)
            self.discard_recovery()
            with self._slot_lock:
                if self._slot is not None:
                    self._slot.release()
                self._slot = None  # the new file's is claimed when first needed
            self.doc = fresh
            self.base_sha256 = fresh.loaded_digest.hex()
            self.profile = (
                profile if profile in fresh.workload.profiles else fresh.workload.default_profile()
            )
            userdata.remember_workload(path, fresh.workload.name)
        self.unsaved = self._version != version  # answers given while it saved are not in it
        self._forget()
        if not self.unsaved:
            self.discard_recovery()
        return self.path

    def reload(self) -> None:
        """Throw away unsaved edits and read the file as it is on disk now."""
        profile = self.profile
        with self.lock:
            self.doc = WorkloadDocument.load(self.path)
            self._pending.clear()
            self.base_sha256 = self.doc.loaded_digest.hex()
            self.profile = (
                profile if profile in self.workload.profiles else self.workload.default_profile()
            )
            self.unsaved = False
            self._forget()
            self.discard_recovery()

    def discard(self) -> None:
        """Leaving without saving: the recovery file goes too (the user chose to lose the edits)."""
        with self.lock:
            self._left = True
            self.discard_recovery()


def answered(answer: Answer) -> bool:
    return answer.state is not State.UNANSWERED
