"""The workload screen: profiles on the left, the interview in the middle, gauges on the right.

The screen turns the session (plain model) into widgets and widget messages into edits. Every
accepted answer changes the in-memory document only; gauges are redrawn at once, a recovery
copy is written after the frame, and the workload file changes only on Ctrl+S.

Dialogs and the other screens are imported by the actions that open them, so opening a
workload never pays for them (the dialogs bring TextArea).
"""

from __future__ import annotations

import asyncio
import gc
import re
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.containers import Horizontal, Vertical
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widgets import Static

from ...aws.locations import is_s3_uri, typed_location, uri_problem
from ...core.answers import Answer, State
from ...core.editing import answer_by_hand, override_problem
from ...core.errors import ConflictError, MlprofileError, ValueProblem
from ...core.location import ObjectLocation
from ...core.scoring import ProfileScore, shortfalls
from ...core.values import InputKind, display, input_kind, not_applicable
from .. import userdata
from ..commands.actions import ScreenAction, bindings, palette
from ..commands.questions import QuestionCommands
from ..messages import AllowInstanceTypes, ProfileChosen, QuestionChosen, ValueSubmitted
from ..session import Session
from ..widgets.gauge import GaugePanel
from ..widgets.key_footer import KeyFooter
from ..widgets.sidebar import GroupNav, ProfileList, ordered_profiles, profile_label
from ..widgets.title_bar import TitleBar
from .app_keys import AppKeysFirst

if TYPE_CHECKING:
    from ..widgets.question import QuestionContext, QuestionView

EXPORT_DELIVERY = "mlprofile-export"
"""The ``name`` of an export's delivery: the app's toast when it arrives (or fails)."""
PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


class WorkloadScreen(AppKeysFirst, Screen):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    ACTIONS = (
        ScreenAction("file: Save", "save", "Write the workload file (atomic)", "ctrl+s", "Save"),
        ScreenAction("file: Save as…", "save_as", "Write to a new file and continue there"),
        ScreenAction(
            "file: Reload from disk", "reload", "Discard unsaved edits and read the file again"
        ),
        ScreenAction("file: Open another workload…", "app.open_start", "Back to the start screen"),
        ScreenAction(
            "file: Export…",
            "export",
            "Markdown, JSON or HTML of every profile: a browser download, or the downloads folder",
            "f10",
            "Export…",
            show=False,
        ),
        ScreenAction(
            "answer: Mark unknown",
            "unknown",
            "An honest final answer: nobody knows yet (scores as L0)",
            "f2",
            "Unknown",
        ),
        ScreenAction(
            "answer: Not applicable…",
            "not_applicable",
            "Not applicable to this workload, with a reason",
            "f3",
            "N/A…",
        ),
        ScreenAction(
            "interview: Next question",
            "next",
            "Next question, leaving this one as is",
            "ctrl+n",
            "Next",
            narrow=False,  # Enter moves on too
        ),
        ScreenAction(
            "interview: Previous question",
            "back",
            "Previous question",
            "ctrl+b",
            "Back",
            narrow=False,
        ),
        ScreenAction(
            "answer: Rationale for this change…",
            "rationale",
            "Why this target changes the value from its base",
            "ctrl+r",
            "Rationale…",
            narrow=False,  # targets only; their gauge panel names Ctrl+R
        ),
        ScreenAction(
            "answer: Back to inherited",
            "inherit",
            "Drop this target's own answer: its base's answer applies again",
            "f9",
            "Inherit",
        ),
        ScreenAction(
            "profile: Branch target…",
            "branch",
            "A target from this profile, with its rationale",
            "f4",
            "Branch…",
        ),
        ScreenAction(
            "view: Compare profiles",
            "compare",
            "Profiles side by side with level deltas",
            "f5",
            "Compare",
        ),
        ScreenAction(
            "profile: Take snapshot",
            "snapshot",
            "Keep a dated copy of the current state",
            "f6",
            "Snapshot",
            show=False,
        ),
        ScreenAction(
            "view: Maturity over time",
            "history",
            "Snapshots and targets per group",
            "f7",
            "History",
            show=False,
        ),
        ScreenAction(
            "profile: Switch…",
            "pick_profile",
            "Choose another profile",
            "ctrl+o",
            "Profiles…",
            show=False,
            id="profiles",
        ),
        ScreenAction(
            "interview: Next unanswered question",
            "next_unanswered",
            "Skip ahead to the next question without an answer",
            "ctrl+u",
            "Next unanswered",
            show=False,
        ),
        ScreenAction(
            "profile: Edit target rationale…",
            "edit_profile_rationale",
            "The overall why of this target",
        ),
        ScreenAction(
            "profile: Next change without rationale",
            "next_missing_rationale",
            "Find a target change nobody explained yet",
        ),
        ScreenAction(
            "workload: Edit name, owner and notes…",
            "edit_details",
            "The workload's own details in [workload]",
        ),
        ScreenAction(
            "profile: Rename this profile…",
            "rename_profile",
            "A new name for this target or dated snapshot; targets based on it follow",
        ),
        ScreenAction(
            "profile: Delete this profile…",
            "delete_profile",
            "Delete this target or dated snapshot (asks first)",
        ),
        ScreenAction(
            "aws: Import from account…",
            "import_aws",
            "Pre-fill this profile from SageMaker, CloudWatch and S3, read-only",
            "f8",
            "Import AWS…",
            show=False,
        ),
    )
    BINDINGS = bindings(ACTIONS)
    COMMANDS = {QuestionCommands}  # "go to: <question>", beside the app's providers

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.key = self._first_question()
        self._recovery_pending = False
        self.can_inherit = False  # F9 is in the footer only when it can drop an answer
        # Keys that reach the screen itself before the question is mounted (nothing has focus
        # yet): typed at once after `mlprofile FILE`, they are replayed to its input (on_key).
        self._early_keys: list[events.Key] | None = []

    # ---- layout

    def compose(self):
        # The first frame holds what a person opening a workload looks for first: its name and
        # its levels (the title bar and the gauges). The sidebar's lists, the question and the
        # footer's keys arrive a frame later (DESIGN.md §8, start-up), the first two in places
        # kept for them from the start, so nothing on screen moves when they come.
        yield TitleBar()
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield Lazy(
                    Vertical(
                        Static("Profiles", classes="section-title"),
                        ProfileList(id="profiles"),
                        Static("Groups", classes="section-title"),
                        GroupNav(id="group-nav"),
                        id="sidebar-lists",
                    )
                )
            yield Vertical(id="interview")  # the question mounts here (_mount_question)
            yield GaugePanel(id="gauges")
        yield Lazy(KeyFooter())

    @property
    def is_complete(self) -> bool:
        """Whether every part of the screen is in place: the question, the sidebar's lists,
        the footer and the window's slot on the file come a frame after the first (see
        ``compose``)."""
        return self.session.has_slot and bool(self.query("#interview > *")) and not self.query(Lazy)

    def on_mount(self) -> None:
        self.redraw_gauges()
        self.call_after_refresh(self._mount_question)
        self.remember()
        # What is loaded now (rubric, model, a 5,000-row matrix, the widgets) lives as long as
        # the screen: out of the cyclic collector's full passes, which would otherwise stop a
        # keystroke for 50-100 ms on a large workload.
        self.call_after_refresh(gc.freeze)
        self.call_after_refresh(self._say_if_open_elsewhere)

    def _say_if_open_elsewhere(self) -> None:
        try:
            others = self.session.slot.others  # the slot is claimed now, if not yet
        except MlprofileError as e:  # every slot on the file is taken
            self.app.cannot_open(self.session, e)
            return
        if others:
            self.notify(
                f"{others} other mlprofile window{'s have' if others > 1 else ' has'} "
                f"{self.session.path.name} open. Each keeps its own unsaved answers; the "
                "second save is refused (the file changed on disk), never overwritten.",
                title="Open elsewhere too",
                severity="warning",
                timeout=10,
            )

    async def _mount_question(self) -> None:
        # Imported here: the question's widgets (and their modules) are not on the path to the
        # first frame. It shows the question current now: a key pressed before it came may
        # have moved on from the first one.
        from ..widgets.question import QuestionView

        view = QuestionView(
            self.session.rubric, (self.session.rubric.get(self.key), self.question_context())
        )
        await self.query_one("#interview", Vertical).mount(view)
        early, self._early_keys = self._early_keys or [], None
        for key in early:  # behind the input's focus in the app's queue: they go to it, in order
            self.app.post_message(events.Key(key.key, key.character))

    def on_key(self, event: events.Key) -> None:
        # Not the question yet (see __init__), and not a key this screen binds (those act now,
        # after this handler: ctrl+n moves on before there is a question to show).
        if self._early_keys is not None and event.key not in self.active_bindings:
            self._early_keys.append(event)
            event.stop()
            event.prevent_default()

    def _question_view(self) -> QuestionView | None:
        """The question, or None in the frame before it is mounted."""
        from ..widgets.question import QuestionView

        return next(iter(self.query(QuestionView)), None)

    @work(thread=True, exclusive=True, group="recent")
    def remember(self) -> None:
        """Put the workload on the start screen's recent list, off the first frame's path
        (the write is fsynced)."""
        userdata.remember_workload(self.session.path, self.session.workload.name)

    @on(GroupNav.Ready)
    def _sidebar_ready(self) -> None:
        self.refresh_profiles()
        # Only the newly mounted sidebar needs filling: the gauges and title already show
        # this score (any answer since redrew them), and redrawing them costs a frame's work.
        self.refresh_group_nav(self.session.score())
        self.set_class(
            input_kind(self.session.rubric.get(self.key)) is InputKind.MATRIX, "-wide-input"
        )

    # ---- model -> widgets

    def _first_question(self) -> str:
        questions = self.session.questions()
        answers = self.session.answers()
        for ch in questions:
            if answers.get(ch.key) is None:
                return ch.key
        return questions[0].key

    def refresh_title(self) -> None:
        s = self.session
        p = s.current
        kind = (
            f"target ← {p.based_on}"
            if p.is_target
            else (
                "current state" if s.editable() else f"snapshot {(p.taken or '')[:10]} (read only)"
            )
        )
        self.title = s.workload.name
        # What must stay in sight at 80 columns first: the title bar drops parts from the end.
        unsaved = " · ● unsaved" if s.unsaved else ""
        self.sub_title = f"{s.path.name}{unsaved} · {p.name} · {kind}"
        can_inherit = override_problem(s.workload, s.profile, self.key) is None
        if can_inherit != self.can_inherit:
            self.can_inherit = can_inherit
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "inherit":
            return self.can_inherit  # hidden where nothing is inherited (the palette says why)
        return True

    def refresh_profiles(self) -> None:
        s = self.session
        scores = {n: s.score(n) for n in s.workload.profiles}
        for profiles in self.query(ProfileList):  # absent until the lazy sidebar mounts
            profiles.show(s.workload, s.profile, scores)

    def redraw_gauges(self) -> None:
        """Score the profile and redraw every gauge: this is the per-answer hot path."""
        s = self.session
        score = s.score()
        group = self.key.split(".", 1)[0]
        missing = [c.key for c in s.changes_without_rationale()] if s.current.is_target else None
        self.query_one(GaugePanel).show(
            s.rubric, score, current_group=group, missing_rationale=missing
        )
        self.refresh_group_nav(score)
        self.refresh_title()

    def refresh_group_nav(self, score: ProfileScore) -> None:
        firsts: dict[str, str] = {}
        for ch in self.session.questions():
            firsts.setdefault(ch.group, ch.key)
        group = self.key.split(".", 1)[0]
        for nav in self.query(GroupNav):  # absent until the lazy sidebar mounts
            nav.show(score, group, firsts)

    def question_context(self) -> QuestionContext:
        from ..widgets.question import QuestionContext

        s = self.session
        ch = s.rubric.get(self.key)
        questions = s.questions()
        keys = [q.key for q in questions]
        in_group = [q.key for q in questions if q.group == ch.group]
        group_ids = [g.id for g in s.rubric.groups]
        p = s.current
        own = p.values.get(self.key)
        return QuestionContext(
            answer=s.answer(self.key),
            position=keys.index(self.key) + 1 if self.key in keys else 0,
            total=len(keys),
            group_title=s.rubric.group(ch.group).title,
            group_position=in_group.index(self.key) + 1 if self.key in in_group else 0,
            group_total=len(in_group),
            group_index=group_ids.index(ch.group) + 1,
            group_count=len(group_ids),
            editable=s.editable(),
            profile=p.name,
            base=p.based_on,
            base_answer=s.base_answer(self.key) if p.based_on else None,
            changed=s.is_changed(self.key),
            rationale=own.rationale if own is not None else None,
        )

    async def show_question(self, *, focus: bool = True) -> None:
        ch = self.session.rubric.get(self.key)
        self.set_class(input_kind(ch) is InputKind.MATRIX, "-wide-input")
        view = self._question_view()
        if view is not None:  # else it is about to mount, showing self.key
            await view.show(ch, self.question_context(), focus=focus)

    # ---- navigation

    async def move(self, step: int) -> None:
        s = self.session
        keys = [q.key for q in s.questions()]
        order = [c.key for c in s.rubric.characteristics]
        if self.key in keys:
            i = keys.index(self.key) + step
        else:  # skip logic just ruled the current question out: continue from where it was
            here = order.index(self.key)
            later = [k for k in keys if order.index(k) > here]
            i = (
                keys.index(later[0])
                if later and step > 0
                else max(
                    0, len([k for k in keys if order.index(k) < here]) - (0 if step > 0 else 1)
                )
            )
        if i >= len(keys):
            self.notify(
                "That was the last question. F5 compares profiles, Ctrl+S saves.",
                title="Interview complete",
            )
            i = len(keys) - 1
        i = max(0, i)
        await self.go_to(keys[i])

    async def go_to(self, key: str) -> None:
        self.key = key
        self.redraw_gauges()
        await self.show_question()

    async def action_next(self) -> None:
        await self.move(+1)

    async def action_back(self) -> None:
        await self.move(-1)

    async def action_next_unanswered(self) -> None:
        s = self.session
        answers = s.answers()
        keys = [q.key for q in s.questions()]
        start = keys.index(self.key) + 1 if self.key in keys else 0
        for k in keys[start:] + keys[:start]:
            if k not in answers:
                await self.go_to(k)
                return
        self.notify("Every question skip logic asks has an answer.")

    @on(QuestionChosen)
    async def _question_chosen(self, event: QuestionChosen) -> None:
        if event.key in self.session.rubric.by_key:
            await self.go_to(event.key)

    @on(ProfileChosen)
    async def _profile_chosen(self, event: ProfileChosen) -> None:
        await self.switch_profile(event.name)

    async def switch_profile(self, name: str) -> None:
        self.session.profile = name
        if self.key not in [q.key for q in self.session.questions()]:
            self.key = self._first_question()
        self.refresh_profiles()
        self.redraw_gauges()
        await self.show_question(focus=False)

    # ---- answering

    @on(AllowInstanceTypes)
    def _allow_instance_types(self, event: AllowInstanceTypes) -> None:
        event.stop()
        try:
            self.session.allow_instance_types(event.names)
        except MlprofileError as e:
            self.notify(e.message, severity="error", title="Not accepted", markup=False)
            return
        self.refresh_title()
        self.schedule_recovery()

    @on(ValueSubmitted)
    async def _value_submitted(self, event: ValueSubmitted) -> None:
        event.stop()
        try:
            # Re-confirming keeps where the value came from (measured, imported); a changed
            # one is declared unless the person picked otherwise (core.editing's one rule).
            answer = answer_by_hand(
                self.session.answer(event.key),
                event.value,
                approximate=event.approximate,
                provenance=event.provenance,
                source=event.source,
            )
        except ValueProblem as e:
            self.notify(f"{event.key}: {e}", severity="error", title="Not accepted", markup=False)
            return
        await self.accept(event.key, answer, advance=event.advance)

    async def accept(self, key: str, answer: Answer, *, advance: bool = True) -> None:
        s = self.session
        if not s.editable():
            self.notify(
                "A dated snapshot is history. Branch a target (F4) to change it.",
                severity="warning",
            )
            return
        own_before = s.current.values.get(key)  # what Cancel on the rationale puts back
        try:
            s.set_answer(key, answer)
        except MlprofileError as e:
            self.notify(e.message, severity="error", title="Not accepted")
            return
        self.redraw_gauges()
        self.refresh_profiles()
        self.schedule_recovery()
        for short in shortfalls(s.rubric, s.answers(), key):
            # markup=False: the line quotes values and keys, never markup
            self.notify(
                short.line(s.rubric),
                severity="warning",
                title="Short of its requirement",
                markup=False,
            )
        needs_reason = (
            s.current.is_target
            and s.is_changed(key)
            and not (s.current.values[key].rationale or "").strip()
        )
        if advance:
            await self.move(+1)
        elif (view := self._question_view()) is not None:
            view.query_one("#answer-state", Static).update(
                view._answer_state(s.rubric.get(key), self.question_context())
            )
        if needs_reason:
            self.ask_rationale(key, after_change=True, own_before=own_before)

    async def action_unknown(self) -> None:
        await self.accept(self.key, Answer(State.UNKNOWN))

    @work(exclusive=True, group="dialog")
    async def action_not_applicable(self) -> None:
        from .dialogs import TextDialog

        ch = self.session.rubric.get(self.key)
        if not self.session.editable():
            self.notify("A dated snapshot is history: read only.", severity="warning")
            return
        if not ch.na_allowed:
            self.notify(
                f"{ch.key} applies to every workload: answer it or mark it unknown (F2).",
                severity="warning",
                title="Cannot be not applicable",
            )
            return
        current = self.session.answer(self.key)

        def check(text: str) -> str | None:
            try:
                not_applicable(ch, text)
            except ValueProblem as e:
                return str(e)
            return None

        reason = await self.app.push_screen_wait(
            TextDialog(
                "Not applicable",
                f"{ch.question}\n\nWhy does this not apply to this workload?",
                initial=current.reason or "",
                placeholder="e.g. batch only: no endpoint to scale",
                ok_label="Mark not applicable",
                check=check,
            )
        )
        if reason:
            await self.accept(self.key, not_applicable(ch, reason))

    def action_rationale(self) -> None:
        s = self.session
        if not s.current.is_target:
            self.notify(
                "Only targets explain their changes; branch one with F4.", severity="warning"
            )
            return
        if not s.is_changed(self.key):
            self.notify(f"{self.key} is the same as in {s.current.based_on}: nothing to explain.")
            return
        self.ask_rationale(self.key)

    @work(exclusive=True, group="dialog")
    async def ask_rationale(
        self, key: str, after_change: bool = False, own_before: Answer | None = None
    ) -> None:
        """Ask why ``key`` differs from the base. Right after a change (``after_change``),
        Later keeps the change without a rationale and Cancel/Escape undoes it: the profile's
        own answer goes back to ``own_before`` (None: it inherits again)."""
        from .dialogs import TextDialog

        s = self.session
        ch = s.rubric.get(key)
        before = s.base_answer(key)
        after = s.answer(key)
        own = s.current.values.get(key)
        message = (
            f"{key}: {display(ch, before) if before else '—'} in {s.current.based_on} → "
            f"{display(ch, after)} in {s.profile}.\nWhy this change? Reviewers read this "
            "next to the numbers."
        )
        result = await self.app.push_screen_wait(
            TextDialog(
                "Rationale for this change",
                message,
                initial=(own.rationale or "") if own else "",
                multiline=True,
                ok_label="Save rationale",
                cancel_label="Undo change" if after_change else "Cancel",
                defer_label="Later" if after_change else None,
                placeholder="e.g. Inference Recommender: same p95 on c7g at 25 % less cost.",
            )
        )
        if result is None and after_change:
            await self.undo_change(key, own_before)
            return
        if result in (None, TextDialog.DEFER) or key not in s.current.values:
            if result == TextDialog.DEFER:
                self.notify("Deferred: the gauge panel lists changes still lacking a rationale.")
            return
        s.set_rationale(key, result)
        self.redraw_gauges()
        self.schedule_recovery()
        if key == self.key:
            await self.show_question(focus=True)

    async def undo_change(self, key: str, own_before: Answer | None) -> None:
        """Put ``key`` back as it was before the change (back at its question, to be seen)."""
        s = self.session
        try:
            s.restore_own(key, own_before)
        except MlprofileError as e:
            self.notify(e.message, severity="error", title="Not undone")
            return
        self.refresh_profiles()
        self.schedule_recovery()
        await self.go_to(key)
        self.notify(f"Change undone: {key} is {display(s.rubric.get(key), s.answer(key))} again.")

    async def action_inherit(self) -> None:
        s = self.session
        try:
            s.drop_override(self.key)
        except MlprofileError as e:
            self.notify(e.message, severity="warning", title="Nothing to drop")
            return
        self.refresh_profiles()
        self.schedule_recovery()
        await self.go_to(self.key)
        ch = s.rubric.get(self.key)
        self.notify(
            f"{self.key} inherits {display(ch, s.answer(self.key))} from "
            f"{s.current.based_on} again.",
            title="Back to inherited",
        )

    # ---- profiles

    @work(exclusive=True, group="dialog")
    async def action_branch(self) -> None:
        from .dialogs import BranchDialog

        s = self.session

        def check(name: str) -> str | None:
            if not PROFILE_NAME.fullmatch(name):
                return "Use letters, digits, - and _ (up to 64), starting with a letter or digit."
            if name in s.workload.profiles:
                return f"A profile named {name!r} already exists."
            return None

        result = await self.app.push_screen_wait(BranchDialog(s.profile, check))
        if not result:
            return
        name, rationale = result
        try:
            s.branch(s.profile, name, rationale)
        except MlprofileError as e:
            self.notify(e.message, severity="error")
            return
        self.schedule_recovery()
        await self.switch_profile(name)
        self.notify(
            f"Target {name!r} branched from {s.current.based_on}. Change values here; "
            "each change asks why.",
            title="Branched",
        )

    @work(exclusive=True, group="dialog")
    async def action_import_aws(self) -> None:
        """Read an account in a worker, then put the accepted values in memory (Ctrl+S saves)."""
        from .aws_import import ImportRunScreen, ImportSettingsDialog

        s = self.session
        if not s.editable():
            self.notify(
                f"{s.profile!r} is a dated snapshot (history); import into the current "
                "state or a target.",
                severity="error",
            )
            return
        plan = await self.app.push_screen_wait(ImportSettingsDialog(s))
        if plan is None:
            return
        accepted = await self.app.push_screen_wait(ImportRunScreen(plan))
        if not accepted:
            return
        for key, answer in accepted.items():
            s.set_answer(key, answer)
        self.refresh_profiles()
        self.redraw_gauges()
        await self.show_question(focus=False)
        self.schedule_recovery()
        self.notify(
            f"{len(accepted)} imported values are in '{s.profile}'; Ctrl+S saves them.",
            title="Imported from AWS",
        )

    def action_snapshot(self) -> None:
        try:
            p = self.session.snapshot()
        except MlprofileError as e:
            self.notify(e.message, severity="error")
            return
        self.refresh_profiles()
        self.refresh_title()
        self.schedule_recovery()
        self.notify(
            f"Kept {p.name!r} ({(p.taken or '')[:10]}); the current state goes on changing. "
            "F7 shows maturity over time.",
            title="Snapshot taken",
        )

    @work(exclusive=True, group="dialog")
    async def action_pick_profile(self) -> None:
        from .dialogs import PickDialog

        s = self.session
        items = [
            (n, profile_label(s.workload, n, s.score(n))) for n in ordered_profiles(s.workload)
        ]
        name = await self.app.push_screen_wait(PickDialog("Switch profile", items))
        if name:
            await self.switch_profile(name)

    @work(exclusive=True, group="dialog")
    async def action_edit_profile_rationale(self) -> None:
        from .dialogs import TextDialog

        s = self.session
        if not s.current.is_target:
            self.notify("Only targets carry an overall rationale.", severity="warning")
            return
        text = await self.app.push_screen_wait(
            TextDialog(
                f"Rationale of target {s.profile!r}",
                "Why is this the profile to aim for?",
                initial=s.current.rationale or "",
                multiline=True,
                ok_label="Save rationale",
                check=lambda t: None if t else "A target needs a rationale.",
            )
        )
        if text:
            s.set_profile_rationale(text)
            self.redraw_gauges()
            self.schedule_recovery()

    async def action_next_missing_rationale(self) -> None:
        missing = self.session.changes_without_rationale() if self.session.current.is_target else []
        if not missing:
            self.notify("Every change in this profile has a rationale.")
            return
        await self.go_to(missing[0].key)
        self.ask_rationale(missing[0].key)

    # ---- the workload's details and its profiles' names (screens/details.py)

    @work(exclusive=True, group="dialog")
    async def action_edit_details(self) -> None:
        from .details import edit_details

        await edit_details(self)

    @work(exclusive=True, group="dialog")
    async def action_rename_profile(self) -> None:
        from .details import rename_profile

        await rename_profile(self)

    @work(exclusive=True, group="dialog")
    async def action_delete_profile(self) -> None:
        from .details import delete_profile

        await delete_profile(self)

    def after_structure_change(self) -> None:
        """Redraw what names profiles or the workload after an edit of either."""
        self.refresh_profiles()
        self.redraw_gauges()
        self.schedule_recovery()

    @work(exclusive=True, group="dialog")
    async def action_export(self) -> None:
        """Ask the format, then hand the document to Textual's delivery: under ``mlprofile
        serve`` the browser downloads it; in a terminal it lands in the downloads folder."""
        import io

        from platformdirs import user_downloads_path

        from ...core.export import EXPORT_FORMATS, export_document, export_filename
        from .dialogs import PickDialog

        s = self.session
        labels = {"markdown": "Markdown (.md)", "json": "JSON (.json)", "html": "HTML page (.html)"}
        fmt = await self.app.push_screen_wait(
            PickDialog(
                "Export",
                [(f, labels[f]) for f in EXPORT_FORMATS],
                f"Every profile of {s.workload.name}, with unsaved answers as shown here.",
            )
        )
        if not fmt:
            return
        text = export_document(s.workload, fmt)
        folder = None
        if not self.app.is_web:  # Textual writes into the folder: make sure it is there
            folder = user_downloads_path()
            folder.mkdir(parents=True, exist_ok=True)
        self.app.deliver_text(
            io.StringIO(text),
            save_directory=folder,
            save_filename=export_filename(s.path.name, fmt),
            name=EXPORT_DELIVERY,
        )

    def action_compare(self) -> None:
        from .compare import CompareScreen, default_profiles

        names = default_profiles(self.session)
        if len(names) < 2:
            self.notify(
                "Compare needs two profiles: branch a target (F4) or take a snapshot (F6).",
                severity="warning",
            )
            return
        self.app.push_screen(CompareScreen(self.session, names))

    def action_history(self) -> None:
        from .history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.session))

    # ---- saving and recovery

    def schedule_recovery(self) -> None:
        """Write the recovery copy after the gauges have been drawn, once per burst of edits."""
        if not self._recovery_pending:
            self._recovery_pending = True
            self.call_after_refresh(self._start_recovery)

    def _start_recovery(self) -> None:
        self._recovery_pending = False
        if self.session.unsaved:
            self.write_recovery()

    @work(thread=True, group="recovery")
    def write_recovery(self) -> None:
        """The recovery copy (the edit log, fsynced), in a thread: the keys never wait for the
        disk. Copies are written in order (the session's lock)."""
        try:
            self.session.write_recovery()
        except (OSError, MlprofileError) as e:
            message = e.strerror if isinstance(e, OSError) else e.message
            self.app.call_from_thread(
                self.notify, f"Could not write the recovery copy: {message}", severity="warning"
            )

    def action_save(self) -> None:
        self.save_flow()

    @work(exclusive=True, group="dialog")
    async def save_flow(self, then_exit: bool = False) -> bool:
        saved = await self.save_or_resolve()
        if saved and then_exit:
            self.app.exit()
        return saved

    async def save_or_resolve(self) -> bool:
        s = self.session
        try:
            # In a thread: rendering, checking and writing a 5,000-row matrix takes longer
            # than a key may wait; answers given meanwhile stay unsaved (see Session.save).
            path = await asyncio.to_thread(s.save)
        except ConflictError:
            return await self.resolve_conflict()
        except (MlprofileError, OSError) as e:
            self.notify(
                e.render() if isinstance(e, MlprofileError) else str(e),
                severity="error",
                title="Not saved",
            )
            return False
        self.refresh_title()
        self.notify(f"Saved {path}", title="Saved")
        return True

    async def resolve_conflict(self) -> bool:
        from .dialogs import ChoiceDialog

        s = self.session
        where, why, kind = (
            ("in the store", "another interviewer saved it", "object")
            if isinstance(s.path, ObjectLocation)
            else ("on disk", "a git pull, or another editor", "file")
        )
        choice = await self.app.push_screen_wait(
            ChoiceDialog(
                f"Not saved: the {kind} changed {where}",
                f"{s.path} changed since it was opened ({why}). It was not "
                "overwritten, and your edits are still here.\n\nSave them to a new "
                f"{kind} and merge by hand, or reload the {kind} and lose them.",
                [
                    ("save_as", "Save as…", "primary"),
                    ("reload", "Reload (lose my edits)", "error"),
                    ("cancel", "Cancel", "default"),
                ],
            )
        )
        if choice == "save_as":
            return await self.save_as_dialog()
        if choice == "reload":
            self.reload()
        return False

    async def save_as_dialog(self) -> bool:
        from .dialogs import TextDialog

        s = self.session
        stem = s.path.name.removesuffix(".mlprofile.toml").removesuffix(".toml")
        suggestion = s.path.with_name(f"{stem}.mine.mlprofile.toml")

        def check(text: str) -> str | None:
            if not text:
                return "Give a file name."
            if is_s3_uri(text):  # the write itself refuses a key that is taken
                return uri_problem(text)
            p = Path(text).expanduser()
            if p.exists():
                return f"{p} already exists; choose a new name."
            if not p.parent.is_dir():
                return f"Folder {p.parent} does not exist."
            return None

        text = await self.app.push_screen_wait(
            TextDialog(
                "Save as",
                "Write the workload, with your edits, to a new file:",
                initial=str(suggestion),
                ok_label="Save",
                check=check,
            )
        )
        if not text:
            return False
        try:
            path = s.save(typed_location(text))
        except (MlprofileError, OSError) as e:
            self.notify(e.render() if isinstance(e, MlprofileError) else str(e), severity="error")
            return False
        self.refresh_title()
        self.notify(f"Saved as {path}", title="Saved")
        return True

    @work(exclusive=True, group="dialog")
    async def action_save_as(self) -> None:
        await self.save_as_dialog()

    def reload(self) -> None:
        try:
            self.session.reload()
        except MlprofileError as e:
            self.notify(e.render(), severity="error", title="Cannot reload")
            return
        self.call_later(self.after_reload)

    async def after_reload(self) -> None:
        if self.key not in [q.key for q in self.session.questions()]:
            self.key = self._first_question()
        self.refresh_profiles()
        self.redraw_gauges()
        await self.show_question()
        where = "the store" if isinstance(self.session.path, ObjectLocation) else "disk"
        self.notify(f"Reloaded {self.session.path} from {where}.")

    @work(exclusive=True, group="dialog")
    async def action_reload(self) -> None:
        from .dialogs import ChoiceDialog

        if self.session.unsaved:
            ok = await self.app.push_screen_wait(
                ChoiceDialog(
                    "Reload from disk?",
                    "Your unsaved edits will be lost.",
                    [("reload", "Reload", "error"), ("cancel", "Cancel", "default")],
                )
            )
            if ok != "reload":
                return
        self.reload()

    def confirm_quit(self) -> None:
        self.confirm_leave(self.app.exit)

    @work(exclusive=True, group="dialog")
    async def confirm_leave(self, then) -> None:
        """Run ``then`` (quit, open another workload), asking first when edits are unsaved."""
        from .dialogs import ChoiceDialog

        s = self.session
        if not s.unsaved:
            then()
            return
        choice = await self.app.push_screen_wait(
            ChoiceDialog(
                "Unsaved changes",
                f"{s.workload.name} ({s.path.name}) has changes that are not saved.",
                [
                    ("save", "Save", "primary"),
                    ("discard", "Don't save", "error"),
                    ("cancel", "Cancel", "default"),
                ],
            )
        )
        if choice == "save":
            if await self.save_or_resolve():
                then()
        elif choice == "discard":
            s.discard()
            then()

    # ---- command palette

    def palette_commands(self) -> list[tuple[str, str, object]]:
        s = self.session
        cmds = palette(self, self.ACTIONS)
        for name in ordered_profiles(s.workload):
            cmds.append(
                (
                    f"profile: Switch to {name}",
                    s.workload.profiles[name].kind,
                    lambda n=name: self.call_later(self.switch_profile, n),
                )
            )
        firsts: dict[str, str] = {}
        for ch in s.questions():
            firsts.setdefault(ch.group, ch.key)
        for g in s.rubric.groups:
            if g.id in firsts:
                cmds.append(
                    (
                        f"interview: Go to {g.title}",
                        g.description,
                        lambda k=firsts[g.id]: self.call_later(self.go_to, k),
                    )
                )
        return cmds
