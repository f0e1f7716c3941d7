"""The interview: group by group, only what is still open, skip logic over the answers so far.

Nothing reaches the workload file until the end-of-interview review is confirmed (or, with
``--save-each-group``, the end of each group). Until then every answer lives in the recovery
file, rewritten after each one, so an interruption never costs an answer.
"""

from __future__ import annotations

from pathlib import Path

from ..core.answers import UNANSWERED, Answer, State
from ..core.editing import Change, needs_rationale
from ..core.errors import EXIT_OK, ConflictError, MlprofileError
from ..core.recovery import Recovery, interview_editor
from ..core.rubric import Characteristic, Group
from ..core.scoring import applies, in_scope, score_profile, shortfalls
from ..core.values import display
from ..core.workload import WorkloadDocument
from .questions import QuestionAsker, describe_answer
from .terminal import Option, Terminal, esc

EXIT_INTERRUPTED = 130  # what a shell reports for Ctrl+C; the CLI uses it too


class Interview:
    def __init__(
        self,
        doc: WorkloadDocument,
        profile: str,
        terminal: Terminal,
        *,
        group: str | None = None,
        revisit: bool = False,
        save_each_group: bool = False,
        command: str = "",
    ) -> None:
        self.doc = doc
        self.workload = doc.workload
        self.profile = self.workload.profile(profile)
        self.term = terminal
        self.asker = QuestionAsker(terminal, self.workload.rubric, self.workload.new_instance_types)
        self.revisit = revisit
        self.save_each_group = save_each_group
        self.groups = self._groups(group)
        self.command = command or f"mlprofile interview {doc.path}"
        self.original: dict[str, Answer] = dict(self.workload.effective(self.profile.name))
        self.recovery: Recovery = self._fresh_recovery()
        self.written: list[Change] = []

    # ------------------------------------------------------------------ flow

    def run(self) -> int:
        try:
            if not self._start_from_recovery():
                return EXIT_OK  # the recovered answers were written and nothing is left to ask
        except (KeyboardInterrupt, EOFError):
            self.term.show(
                f"Stopped; the recovery file {esc(self.recovery.path)} and "
                f"{esc(self.doc.path)} are untouched."
            )
            return EXIT_INTERRUPTED
        self._header()
        try:
            for i, group in enumerate(self.groups, 1):
                self._interview_group(group, i)
                if self.save_each_group:
                    self._save_group(group)
            return self._finish()
        except (KeyboardInterrupt, EOFError):
            return self._interrupted()

    def _fresh_recovery(self) -> Recovery:
        return Recovery.fresh(
            self.doc.path,
            interview_editor(self.profile.name),
            base_sha256=self.doc.loaded_digest.hex(),
            profile=self.profile.name,
        )

    def _groups(self, group_id: str | None) -> list[Group]:
        rubric = self.workload.rubric
        if group_id is None:
            return list(rubric.groups)
        group = rubric.group(group_id)
        if group is None:
            raise MlprofileError(
                f"no group {group_id!r} in rubric {rubric.id}; groups: "
                f"{', '.join(g.id for g in rubric.groups)}",
                path=self.doc.path,
            )
        return [group]

    @property
    def pending(self) -> dict[str, Answer]:
        return self.recovery.answers

    def answers_now(self) -> dict[str, Answer]:
        """The profile as it would be if the pending answers were written: drives skip logic."""
        return {**self.workload.effective(self.profile.name), **self.pending}

    def _start_from_recovery(self) -> bool:
        """Offer the answers an interrupted interview left behind. False: all done already."""
        found, warnings = Recovery.find(
            self.doc.path, interview_editor(self.profile.name), self.workload.rubric
        )
        if found is None:
            return True
        for w in warnings:
            self.term.show(f"[yellow]recovery file: {esc(w)}[/]")
        if not found.answers:
            found.discard()
            return True
        self.recovery = found
        self.term.show(
            f"An interrupted interview of profile '{self.profile.name}' left "
            f"{count_answers(len(found.answers), 'unsaved ')} "
            f"(last at {found.updated or 'an unknown time'}) "
            f"in {esc(found.path)}."
        )
        self._settle_conflicts(found)
        if not found.answers:
            return True
        choice = self.term.select(
            "What should happen to them?",
            [
                Option("resume: keep them and ask what is still open", "resume"),
                Option(f"review them and write them to {self.doc.path.name} now", "save"),
                Option("discard them and start again", "discard"),
            ],
            default="resume",
        )
        if choice == "discard":
            found.discard()
            self.recovery = self._fresh_recovery()
            self.term.show("Discarded.")
        elif choice == "save":
            self._write(list(self.pending), review=True)
            if not self._anything_to_ask():
                return False
        elif warnings:
            found.write()  # what was dropped was reported above; keep the file honest
        return True

    def _settle_conflicts(self, found: Recovery) -> None:
        """Answers someone else changed in the file since they were given here: show both
        and keep the file's unless the person says to overwrite them."""
        conflicts = found.changed_since(self.original)
        if not conflicts:
            return
        rubric = self.workload.rubric
        self.term.show(
            f"[yellow]{plural(len(conflicts), 'answer')} changed in {esc(self.doc.path.name)} "
            "since you answered:[/]"
        )
        for key in conflicts:
            ch = rubric.get(key)
            self.term.show(
                f"  {esc(key)}: was {esc(describe_answer(ch, found.before[key]))}, now "
                f"{esc(describe_answer(ch, self.original.get(key, UNANSWERED)))} in the file; "
                f"yours {esc(describe_answer(ch, found.answers[key]))}"
            )
        if not self.term.confirm(
            "Overwrite the file's newer answers with yours? (No keeps the file's)", default=False
        ):
            found.forget(conflicts)
            self.term.show("Kept the file's answers.")

    def _anything_to_ask(self) -> bool:
        answers = self.answers_now()
        return any(self._should_ask(ch, answers) for g in self.groups for ch in g.characteristics)

    def _header(self) -> None:
        p = self.profile
        kind = f"target based on '{p.based_on}'" if p.is_target else "current state"
        todo = sum(
            1
            for g in self.groups
            for ch in g.characteristics
            if self._should_ask(ch, self.answers_now())
        )
        what = "to revisit" if self.revisit else "still open"
        self.term.show(
            f"[bold]{esc(self.workload.name)}[/] · profile [bold]{p.name}[/] ({kind}) · "
            f"{esc(self.doc.path)}\n"
            f"{plural(todo, 'question')} {what}"
            + ("" if self.revisit else " (--all revisits answered ones)")
            + ". Each answer also takes ? (unknown), n/a (asks why) and ?help; a number "
            "typed approximately (~400, about 2 s) is kept as an estimate.\n"
            f"[dim]Answers are kept in {esc(self.recovery.path)} until they are written; "
            f"Ctrl+C or Ctrl+D stops without losing them.[/]"
        )

    def _should_ask(self, ch: Characteristic, answers: dict[str, Answer]) -> bool:
        if not applies(ch, in_scope(self.workload.rubric, answers)):
            return False
        return self.revisit or answers.get(ch.key, UNANSWERED).state is State.UNANSWERED

    def _interview_group(self, group: Group, index: int) -> None:
        from rich.rule import Rule

        answers = self.answers_now()
        todo = [ch for ch in group.characteristics if self._should_ask(ch, answers)]
        title = f"{esc(group.title)} ({index}/{len(self.groups)})"
        if not todo:
            hint = "" if self.revisit else "; --all revisits answered questions"
            self.term.show(f"[dim]{title}: nothing open{hint}[/]")
            return
        self.term.show(Rule(title, align="left"))
        if group.description:
            self.term.show(f"[dim]{esc(group.description)}[/]")
        asked = 0
        for ch in group.characteristics:
            answers = self.answers_now()  # skip logic sees every answer given so far
            if not self._should_ask(ch, answers):
                continue
            asked += 1
            current = answers.get(ch.key, UNANSWERED)
            note = (
                ""
                if current.state is State.UNANSWERED
                else f" · now: {esc(describe_answer(ch, current))}"
            )
            self.term.show(f"[dim]{asked}. {ch.key} ({ch.kind}){note}[/]")
            answer = self.asker.ask(ch, current)
            unchanged = answer is None or (
                answer.same_record(current) and current.state is not State.UNANSWERED
            )
            if unchanged:
                continue
            self._record(ch, answer, current)

    def _record(self, ch: Characteristic, answer: Answer, current: Answer) -> None:
        """Keep ``answer``, then ask what follows it: where a new number came from, and in a
        target why it changed; a fit that misses its requirement says so in between."""
        # Stored first, and again after each follow-up: Ctrl+C at any of them keeps the value.
        self._store(ch.key, answer)
        refined = self.asker.ask_provenance(ch, current, answer)
        if refined != answer:
            answer = refined
            self._store(ch.key, answer)
        for short in shortfalls(self.workload.rubric, self.answers_now(), ch.key):
            self.term.show(f"[yellow]⚠ {esc(short.line(self.workload.rubric))}[/]")
        if not self._needs_rationale(ch, answer):
            return
        own = self.pending.get(ch.key) or self.profile.values.get(ch.key)
        default = own.rationale if own is not None and own.rationale else ""
        self._store(ch.key, answer.with_rationale(self._ask_rationale(ch, answer, default)))

    def _store(self, key: str, answer: Answer) -> None:
        original = self.original.get(key, UNANSWERED)
        same_rationale = (answer.rationale or None) == (original.rationale or None)
        if answer.same_record(original) and same_rationale:
            self.recovery.forget([key])  # back to what the file says: nothing to write
        else:
            self.recovery.record(key, answer, before=original)

    def _needs_rationale(self, ch: Characteristic, answer: Answer) -> bool:
        """In a target, a value that differs from its base says why (MLOE-05's rationale)."""
        return needs_rationale(self.workload, self.profile.name, ch.key, answer)

    def _ask_rationale(self, ch: Characteristic, answer: Answer, default: str) -> str:
        base = self.workload.base_answers(self.profile.name) or {}
        before = base.get(ch.key, UNANSWERED)
        was = "no answer" if before.state is State.UNANSWERED else display(ch, before)

        def validate(text: str) -> bool | str:
            if text.strip():
                return True
            return "a target's change needs its rationale: why is this the value to aim for?"

        while True:
            text = self.term.text(
                f"Why {display(ch, answer)} instead of {was} (in '{self.profile.based_on}')?",
                default=default,
                validate=validate,
                instruction="(the rationale, one line; ?help for help)",
            )
            if text.strip().lower() in ("?help", "?h"):
                self.asker.show_help(ch)
                continue
            return text.strip()

    def _ask_missing_rationales(self) -> None:
        """Changes kept from an interrupted interview may still lack their rationale."""
        rubric = self.workload.rubric
        for key, answer in list(self.pending.items()):
            ch = rubric.by_key.get(key)
            if ch is not None and not answer.rationale and self._needs_rationale(ch, answer):
                self.term.show(f"[dim]{key} changed without a rationale yet[/]")
                self._store(key, answer.with_rationale(self._ask_rationale(ch, answer, "")))

    # ------------------------------------------------------------------ writing

    def changes(self, keys: list[str] | None = None) -> list[Change]:
        """Pending answers that differ from the file (a resumed answer may be there already)."""
        keys = list(self.pending) if keys is None else keys
        out = []
        for k in keys:
            if k not in self.pending:
                continue
            before, after = self.original.get(k, UNANSWERED), self.pending[k]
            if not (after.same_record(before) and after.rationale == before.rationale):
                out.append(Change(k, before, after))
        return out

    def review_table(self, changes: list[Change]):
        from rich.table import Table
        from rich.text import Text

        rubric = self.workload.rubric
        table = Table(
            title=f"{count_answers(len(changes))} for profile '{self.profile.name}'",
            title_justify="left",
        )
        table.add_column("characteristic")
        table.add_column("was")
        table.add_column("")
        table.add_column("now")
        if self.profile.is_target:
            table.add_column("rationale")
        for c in changes:
            ch = rubric.get(c.key)
            # Text, not markup: answers are whatever people typed.
            row = [
                Text(c.key),
                Text(describe_answer(ch, c.before), style="dim"),
                Text("→"),
                Text(describe_answer(ch, c.after), style="bold"),
            ]
            if self.profile.is_target:
                row.append(Text(c.after.rationale or ""))
            table.add_row(*row)
        return table

    def _write(self, keys: list[str], *, review: bool) -> None:
        changes = self.changes(keys)
        if not changes:
            return
        if review:
            self.term.show(self.review_table(changes))
        before = score_profile(self.workload.rubric, self.workload.effective(self.profile.name))
        for c in changes:
            self.doc.set_answer(self.profile.name, c.key, c.after)
        try:
            self.doc.save()
        except ConflictError as e:
            raise MlprofileError(
                f"{e.message} Your {count_answers(len(self.pending), 'unsaved ')} are kept in "
                f"{self.recovery.path}; run `{self.command}` again to apply them to the file as "
                "it is now.",
                path=self.doc.path,
            ) from None
        self.written.extend(changes)
        for c in changes:
            self.original[c.key] = c.after
        self.recovery.forget(keys)  # written, or already in the file
        after = score_profile(self.workload.rubric, self.workload.effective(self.profile.name))
        levels = self.workload.rubric.levels
        self.term.show(
            f"[green]Wrote {count_answers(len(changes))} to {esc(self.doc.path)}.[/] "
            f"Profile '{self.profile.name}': "
            f"level {levels[before.level].id} → {levels[after.level].id}, score "
            f"{before.score:.0%} → {after.score:.0%}, complete {before.completeness:.0%} → "
            f"{after.completeness:.0%}."
        )

    def _save_group(self, group: Group) -> None:
        keys = [ch.key for ch in group.characteristics if ch.key in self.pending]
        self._write(keys, review=True)

    def _finish(self) -> int:
        self._ask_missing_rationales()
        changes = self.changes()
        if not changes:
            self.recovery.discard()
            if not self.written:
                self.term.show(f"Nothing new to write; {esc(self.doc.path)} is unchanged.")
            return EXIT_OK
        self.term.show(self.review_table(changes))
        these = "this answer" if len(changes) == 1 else f"these {len(changes)} answers"
        question = f"Write {these} to {self.doc.path.name}?"
        if self.term.confirm(question, default=True):
            self._write([c.key for c in changes], review=False)
            return EXIT_OK
        keep = self.term.confirm(
            f"Not written. Keep them in {self.recovery.path.name} to resume later? "
            "(No discards them)",
            default=True,
        )
        if keep:
            self.term.show(
                f"Kept in {esc(self.recovery.path)}; `{esc(self.command)}` picks them up again."
            )
        else:
            self.recovery.discard()
            self.term.show(f"Discarded; {esc(self.doc.path)} is unchanged.")
        return EXIT_OK

    def _interrupted(self) -> int:
        if not self.pending:
            self.recovery.discard()
            self.term.show(
                f"\nInterrupted; nothing was answered, {esc(self.doc.path)} is unchanged."
            )
            return EXIT_INTERRUPTED
        self.term.show(
            f"\nInterrupted. {count_answers(len(self.pending), 'unsaved ')} are kept in "
            f"{esc(self.recovery.path)}."
        )
        try:
            choice = self.term.select(
                "What should happen to them?",
                [
                    Option("keep them for later (the next interview resumes them)", "keep"),
                    Option(f"review them and write them to {self.doc.path.name} now", "save"),
                    Option("discard them", "discard"),
                ],
                default="keep",
            )
        except (KeyboardInterrupt, EOFError):
            choice = "keep"
        if choice == "save":
            self._write(list(self.pending), review=True)
            return EXIT_OK
        if choice == "discard":
            self.recovery.discard()
            self.term.show(f"Discarded; {esc(self.doc.path)} is unchanged.")
            return EXIT_INTERRUPTED
        self.term.show(
            f"Kept. Resume with `{esc(self.command)}`; {esc(self.doc.path)} is unchanged."
        )
        return EXIT_INTERRUPTED


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def count_answers(n: int, adjective: str = "") -> str:
    return plural(n, f"{adjective}answer")


def interview_command(path: Path, profile: str | None, group: str | None) -> str:
    """The command that resumes this interview, for messages."""
    parts = ["mlprofile", "interview", str(path)]
    if profile:
        parts += ["--profile", profile]
    if group:
        parts += ["--group", group]
    return " ".join(parts)
