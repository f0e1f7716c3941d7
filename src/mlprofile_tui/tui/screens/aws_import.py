"""Pre-fill from AWS inside the app: say what to read, watch it being read, accept the diff.

boto3 blocks, so the import runs in a thread worker; progress and the result come back through
``call_from_thread`` and Escape cancels it (the importer checks the event before every call).
Nothing is written to the file: accepted values go into the in-memory document like any other
answer, the gauges move, and Ctrl+S saves them.
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual import on, work
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, ProgressBar, SelectionList, Static

from ...core.answers import Answer
from ...core.errors import MlprofileError
from ...core.values import display
from ..session import Session
from ..wording import app_wording
from .dialogs import DIALOG_CSS, Dialog, plain


class ImportSettingsDialog(Dialog):
    """Endpoints, Region, AWS profile and look-back. Returns a checked ``ImportPlan`` or None."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(cls="ImportSettingsDialog")
        + """
    ImportSettingsDialog Horizontal.field { height: 3; }
    ImportSettingsDialog Horizontal.field Label { width: 13; padding-top: 1; }
    ImportSettingsDialog Horizontal.field Input { width: 1fr; }
    """
    )

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self):
        with Vertical():
            yield Label(plain(f"Import from AWS into '{self.session.profile}'"), classes="title")
            yield Static(
                "Reads SageMaker, CloudWatch, S3, Service Quotas and STS with "
                "Describe/List/Get/Head calls only. Credentials come from the usual places "
                "(environment, ~/.aws, SSO).",
                classes="message",
            )
            for wid, label, value, placeholder in (
                ("endpoints", "Endpoints", "", "fraud-prod, fraud-shadow (comma-separated)"),
                ("region", "Region", "", "empty: your AWS configuration's default"),
                ("aws-profile", "AWS profile", "", "empty: the default credentials"),
                ("days", "Days", "14", "of CloudWatch metrics (traffic, latency, cold start)"),
            ):
                with Horizontal(classes="field"):
                    yield Label(label)
                    yield Input(
                        value,
                        placeholder=placeholder,
                        id=wid,
                        type="integer" if wid == "days" else "text",
                    )
            yield Static(classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Import", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#endpoints", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        i = inputs.index(event.input)
        if i + 1 < len(inputs):
            inputs[i + 1].focus()
        else:
            self._ok()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._ok()
        else:
            self.dismiss(None)

    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value.strip()

    def _ok(self) -> None:
        from ...aws.importer import plan_import  # no boto3 here: planning makes no AWS call

        try:
            days = int(self._value("days") or "14")
            plan = plan_import(
                self.session.doc,
                self._value("endpoints").split(","),
                region=self._value("region") or None,
                aws_profile=self._value("aws-profile") or None,
                profile=self.session.profile,
                days=days,
            )
        except ValueError:
            self.query_one("#error", Static).update("Days must be a whole number.")
            return
        except MlprofileError as e:
            # The CLI's wording names flags; here they are fields.
            self.query_one("#error", Static).update(plain(app_wording(e.message)))
            return
        self.dismiss(plan)


class ImportRunScreen(Dialog):
    """Runs the import with progress and cancel, then offers the changes as a checklist.

    Returns ``{key: Answer}`` for the changes the user kept, or None.
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(cls="ImportRunScreen")
        + """
    ImportRunScreen > Vertical { width: 100; }
    ImportRunScreen ProgressBar { margin-bottom: 1; }
    ImportRunScreen #status { height: auto; margin-bottom: 1; }
    ImportRunScreen SelectionList { height: auto; max-height: 14; display: none; }
    ImportRunScreen #skipped { height: auto; max-height: 10; display: none; }
    ImportRunScreen.-done SelectionList { display: block; }
    ImportRunScreen.-done #skipped { display: block; }
    """
    )

    def __init__(self, plan) -> None:
        super().__init__()
        self.plan = plan
        self.cancel_event = threading.Event()
        self.result = None

    def compose(self):
        with Vertical():
            yield Label(
                plain(f"Importing {', '.join(self.plan.endpoints)} into '{self.plan.profile}'"),
                classes="title",
            )
            yield ProgressBar(total=len(self.plan.endpoints) + 2, show_eta=False, id="progress")
            yield Static("starting…", id="status")
            yield SelectionList[str](id="changes")
            with VerticalScroll(id="skipped"):
                yield Static(id="skipped-text")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Apply selected", id="apply", variant="primary", disabled=True)

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()
        self.reading = self.run_import()  # tests and the app wait on this worker, not on time

    @work(thread=True, exclusive=True, group="aws-import")
    def run_import(self) -> None:
        from ...aws.importer import run_import_job

        result = run_import_job(
            self.plan,
            cancel=self.cancel_event,
            progress=lambda p: self._from_thread(self._progress, p.done, p.total, p.message),
        )
        self._from_thread(self._show, result)

    def _from_thread(self, fn, *args) -> None:
        if not self.answered:
            self.app.call_from_thread(fn, *args)

    def _progress(self, done: int, total: int, message: str) -> None:
        if self.answered:  # closed while the worker was reporting
            return
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one("#status", Static).update(plain(message))

    def _show(self, result) -> None:
        if self.answered:
            return
        self.result = result
        status = self.query_one("#status", Static)
        self.query_one(ProgressBar).display = False
        if result.fatal:
            status.update(Text(f"Nothing imported: {app_wording(result.fatal)}", style="bold red"))
            self.query_one("#cancel", Button).label = "Close"
            return
        rubric = self.plan.rubric
        changes = [c for c in result.diff if c.changed]
        options = []
        for c in changes:
            ch = rubric.get(c.key)
            label = Text.assemble(
                (c.key, "bold"),
                f"  {display(ch, c.before)} → {display(ch, c.after)}",
                (f"  ({c.after.source})" if c.after.source else "", "dim"),
            )
            options.append((label, c.key, True))
        self.query_one(SelectionList).add_options(options)
        unchanged = len(result.diff) - len(changes)
        summary = (
            f"Account {result.account}, {result.region}: {len(changes)} changes "
            f"(all selected; Space toggles), {unchanged} unchanged, "
            f"{len(result.skipped)} not imported."
        )
        if result.unread:
            summary += " Left out: " + "; ".join(
                f"{e} ({app_wording(why)})" for e, why in result.unread.items()
            )
        status.update(plain(summary))
        skipped = Text("Not imported, and why:\n", style="bold")
        for key, why in result.skipped.items():
            mark = "! " if key in result.failed else "  "
            skipped.append(f"{mark}{key}: ", style="red" if key in result.failed else "")
            skipped.append(f"{app_wording(why)}\n", style="dim")
        self.query_one("#skipped-text", Static).update(skipped)
        self.add_class("-done")
        apply = self.query_one("#apply", Button)
        apply.disabled = not changes
        if changes:
            self.query_one(SelectionList).focus()

    def stop_work(self) -> None:
        self.cancel_event.set()  # the worker stops before its next AWS call

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply" and self.result is not None:
            keep = set(self.query_one(SelectionList).selected)
            accepted: dict[str, Answer] = {k: a for k, a in self.result.values.items() if k in keep}
            self.dismiss(accepted)
        else:
            self.action_cancel()
