"""The mlprofile Textual app: a start screen and one open workload at a time."""

from __future__ import annotations

import gc
from pathlib import Path

from textual import events, on, work
from textual.app import App

from ..core import recovery
from ..core.errors import MlprofileError
from ..core.location import Location
from .commands.actions import ScreenAction, bindings
from .commands.palette import ScreenCommands
from .session import Session
from .wording import app_wording


class MlprofileApp(App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses live elsewhere
    TITLE = "mlprofile"
    COMMANDS = App.COMMANDS | {ScreenCommands}
    ACTIONS = (
        ScreenAction("app: Help", "help", "How the app works and the keys here", "f1", "Help"),
        ScreenAction(
            "app: Quit",
            "quit",
            "Quit; asks first when there are unsaved changes",
            "ctrl+q",
            "Quit",
            priority=True,
        ),
    )
    BINDINGS = bindings(ACTIONS)

    def __init__(self, session: Session | None = None) -> None:
        super().__init__()
        self.session = session

    def notify(self, message: str, *, markup: bool = True, **kwargs) -> None:
        """Every toast is plain text in the app's words (``markup`` is accepted and ignored):
        messages quote files, keys, values and what people typed, and ``[workload]`` in a
        file's error must survive; shared messages name command-line options, which
        ``app_wording`` turns into what to do in the app."""
        super().notify(app_wording(message), markup=False, **kwargs)

    def get_system_commands(self, screen):
        # One Quit in the palette: ours ("app: Quit") asks before dropping unsaved edits.
        for command in super().get_system_commands(screen):
            if command.callback != self.action_quit:
                yield command

    def on_unmount(self) -> None:
        # Ended (saved or not): free this window's slot so its recovery copy can be offered.
        if self.session is not None:
            self.session.close()

    def on_mount(self) -> None:
        # Not now: Textual mounts the app inside a batch that drops the frames drawn in it, so a
        # screen pushed here lost its first full frame; the terminal got only the rows changed
        # after it, and the title bar arrived a frame after the gauges.
        self.call_later(self._open_first_screen)

    def _open_first_screen(self) -> None:
        if self.session is None:
            self.action_open_start()
        elif not recovery.any_copies(self.session.path):
            # Nothing to offer back: the window claims its slot after the first frame.
            from .screens.workload import WorkloadScreen

            self.push_screen(WorkloadScreen(self.session))  # straight in: no extra frame
        else:
            self.show_workload(self.session)
        self.call_after_refresh(self._first_frame_drawn)  # after the screen just opened

    def cannot_open(self, session: Session, error: MlprofileError) -> None:
        """The window could not claim a slot on ``session``'s file (every one is taken): say
        so; the file is not touched. Opened from a screen, the app stays there; the workload
        it started with (or is showing) gives way to the start screen."""
        self.notify(error.render(), severity="error", title="Cannot open")
        session.close()
        if self.session is session:
            from .screens.start import StartScreen

            self.session = None
            self._replace_screens(StartScreen())

    def _first_frame_drawn(self) -> None:
        if not gc.isenabled():
            # run_app kept the collector off while starting: what start-up built lives as long
            # as the app, so it goes out of the collector's way (freeze), which then resumes.
            gc.freeze()
            gc.enable()

    # ---- opening workloads

    def action_open_start(self) -> None:
        from .screens.start import StartScreen

        self.leave_workload(lambda: self._replace_screens(StartScreen()))

    def open_workload(self, path: Location, *, over: bool = False) -> None:
        """Open ``path`` in the workload screen; ``over``: on top of the screen in view (the
        portfolio), which Escape returns to, instead of in place of every screen."""
        try:
            session = Session.open(path)
        except MlprofileError as e:
            self.notify(e.render(), severity="error", title="Cannot open")
            return
        self.show_workload(session, over=over)

    @work(exclusive=True, group="app-dialog")
    async def show_workload(self, session: Session, *, over: bool = False) -> None:
        """Offer back unsaved edits a crashed or closed window left, then open the workload."""
        try:
            left = recovery.left_behind(session.path, mine=session.slot)
        except MlprofileError as e:  # claiming the slot: every one is taken
            self.cannot_open(session, e)
            return
        for empty in [r for r in left if not r.edits]:
            empty.discard()  # nothing in it that the file does not already say
        found = next((r for r in left if r.edits), None)
        if found is not None:
            from .screens.dialogs import ChoiceDialog

            stale = found.base_sha256 != session.base_sha256
            message = (
                f"{session.path.name} has unsaved changes from {found.updated[:19]} "
                "(the app was closed without saving them)."
            )
            if stale:
                message += (
                    "\n\nThe file changed on disk since then: restored edits can only be "
                    "saved as a new file, never over the newer one."
                )
            choice = await self.push_screen_wait(
                ChoiceDialog(
                    "Restore unsaved changes?",
                    message,
                    [("restore", "Restore", "primary"), ("discard", "Discard them", "error")],
                )
            )
            if choice == "restore":
                try:
                    session = Session.restore(found, slot=session.slot)
                    session.write_recovery()  # now this window's copy
                    found.discard()
                except MlprofileError as e:
                    self.notify(e.render(), severity="error", title="Cannot restore")
            elif choice == "discard":
                found.discard()
        from .screens.workload import WorkloadScreen

        if self.session is not None and self.session is not session:
            self.session.close()
            # The workload screen froze what it loaded (gc.freeze); the old one's objects may
            # be garbage now (widget trees hold cycles): hand them back to the collector.
            gc.unfreeze()
        self.session = session
        if over:
            from .screens.portfolio import PortfolioWorkloadScreen

            self.push_screen(PortfolioWorkloadScreen(session))
        else:
            self._replace_screens(WorkloadScreen(session))

    def _replace_screens(self, screen) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def leave_workload(self, then) -> None:
        """Run ``then`` once the open workload is saved or the user chose to drop its edits."""
        workload = self._workload_screen()
        if workload is None or not workload.session.unsaved:
            then()
            return
        workload.confirm_leave(then)

    def _workload_screen(self):
        from .screens.workload import WorkloadScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, WorkloadScreen):
                return screen
        return None

    # ---- exports (the workload screen's Export…)

    @on(events.DeliveryComplete)
    def _export_delivered(self, event: events.DeliveryComplete) -> None:
        from .screens.workload import EXPORT_DELIVERY

        if event.name != EXPORT_DELIVERY:
            return
        if event.path is None:  # a browser download: the browser says where it went
            self.notify("Handed to the browser as a download.", title="Exported")
        else:
            self.notify(f"Saved {event.path}", title="Exported")

    @on(events.DeliveryFailed)
    def _export_failed(self, event: events.DeliveryFailed) -> None:
        from .screens.workload import EXPORT_DELIVERY

        if event.name == EXPORT_DELIVERY:
            self.notify(str(event.exception), severity="error", title="Not exported")

    # ---- help and quit

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        workload = self._workload_screen()
        if workload is None or not workload.session.unsaved:
            self.exit()
            return
        while self.screen is not workload and len(self.screen_stack) > 1:
            self.pop_screen()
        workload.confirm_quit()
