"""The start screen: recent workloads, the bundled examples (opened as copies), a new workload."""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...aws.locations import is_s3_uri, typed_location, uri_problem
from ...core.errors import MlprofileError
from ..commands.actions import ScreenAction, bindings, palette
from ..userdata import recent_workloads
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

INTRO = (
    "Capture, score and compare ML workload profiles (AWS Well-Architected ML Lens MLOE-05 / "
    "MLOPS02-BP02). Open a workload to walk its questions group by group; the maturity gauges "
    "move with every answer, and nothing is written until you save (Ctrl+S)."
)


def _example_title(path: Path) -> str:
    """The workload's name from the file's first lines, without loading the whole file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return path.name
    m = re.search(r'^\[workload\]\s*\n(?:.*\n)*?name\s*=\s*"([^"]+)"', text, re.M)
    return m.group(1) if m else path.name


class StartScreen(Screen):
    ACTIONS = (
        ScreenAction(
            "file: New workload…",
            "new_workload",
            "Create a workload file",
            "n",
            "New workload",
            id="start-new",
        ),
        ScreenAction(
            "file: Open a file…",
            "open_file",
            "Open a workload by path",
            "o",
            "Open file…",
            id="start-open",
        ),
        ScreenAction(
            "portfolio: Portfolio…",
            "portfolio",
            "Score every workload under a folder or an s3:// prefix: table, sort, filter, "
            "maturity over time",
            "p",
            "Portfolio…",
            id="start-portfolio",
        ),
    )
    BINDINGS = bindings(ACTIONS)

    def compose(self):
        self.title = "mlprofile"
        self.sub_title = "ML workload profiles"
        yield TitleBar()
        with Vertical(id="start"):
            yield Static(INTRO, id="start-intro")
            yield OptionList(id="start-list")
            yield Static(id="start-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        from ...core.examples import bundled_examples

        options: list = []
        recent = recent_workloads()
        options.append(Option(Text("Recent workloads", style="bold"), disabled=True))
        if recent:
            for r in recent:
                options.append(
                    Option(
                        Text.assemble(
                            ("  ", ""), (r.name or r.file_name, "bold"), (f"  {r.path}", "dim")
                        ),
                        id=f"open:{r.path}",
                    )
                )
        else:
            options.append(Option(Text("  none yet", style="dim italic"), disabled=True))
        options.append(None)
        options.append(
            Option(
                Text(
                    "Bundled examples (opened as a copy; the original stays pristine)", style="bold"
                ),
                disabled=True,
            )
        )
        for path in bundled_examples():
            name = path.name.removesuffix(".mlprofile.toml")
            options.append(
                Option(
                    Text.assemble(("  ", ""), (_example_title(path), "bold"), (f"  {name}", "dim")),
                    id=f"example:{name}",
                )
            )
        options.append(None)
        options.append(Option(Text("+ New workload…", style="bold green"), id="new"))
        options.append(Option(Text("  Open a file…", style=""), id="open-file"))
        lst = self.query_one(OptionList)
        lst.add_options(options)
        lst.focus()
        for i in range(lst.option_count):
            if not lst.get_option_at_index(i).disabled:
                lst.highlighted = i
                break

    @on(OptionList.OptionHighlighted, "#start-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        oid = event.option.id or ""
        detail = {
            "new": "Create a workload file with an empty current profile, then interview.",
            "open-file": "Open any *.mlprofile.toml by path.",
        }.get(oid)
        if oid.startswith("example:"):
            detail = (
                "A private copy in your data folder is opened; edit it freely. "
                f"Source: the bundled example {oid.removeprefix('example:')!r}."
            )
        elif oid.startswith("open:"):
            detail = f"Open {oid.removeprefix('open:')}"
        self.query_one("#start-detail", Static).update(Text(detail or "", style="dim"))

    @on(OptionList.OptionSelected, "#start-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        oid = event.option.id or ""
        if oid.startswith("open:"):
            self.app.open_workload(typed_location(oid.removeprefix("open:")))
        elif oid.startswith("example:"):
            from ...core.examples import example_copy

            self.app.open_workload(example_copy(oid.removeprefix("example:")))
        elif oid == "new":
            self.action_new_workload()
        elif oid == "open-file":
            self.action_open_file()

    @work(exclusive=True, group="dialog")
    async def action_open_file(self) -> None:
        from .dialogs import TextDialog  # here, not at start-up: it brings TextArea

        def check(text: str) -> str | None:
            if is_s3_uri(text):  # read when opened: a missing object says so then
                return uri_problem(text)
            p = Path(text).expanduser()
            return None if p.is_file() else f"{p}: no such file"

        text = await self.app.push_screen_wait(
            TextDialog(
                "Open a workload",
                "Path of a *.mlprofile.toml file, or s3://bucket/key.mlprofile.toml:",
                placeholder="path/to/x.mlprofile.toml",
                ok_label="Open",
                check=check,
            )
        )
        if text:
            try:
                location = typed_location(text)
            except MlprofileError as e:
                self.notify(e.render(), severity="error", title="Cannot open")
                return
            self.app.open_workload(location)

    @work(exclusive=True, group="dialog")
    async def action_portfolio(self) -> None:
        from .dialogs import TextDialog

        def check(text: str) -> str | None:
            if is_s3_uri(text):  # listed when scored: a missing bucket says so then
                return uri_problem(text, prefix=True)
            p = Path(text).expanduser()
            return None if p.is_dir() else f"{p}: no such folder"

        text = await self.app.push_screen_wait(
            TextDialog(
                "Portfolio",
                "Score every *.mlprofile.toml under this folder (at any depth) or "
                "s3://bucket/prefix/:",
                initial=str(Path.cwd()),
                ok_label="Score",
                check=check,
            )
        )
        if text:
            from .portfolio import PortfolioScreen  # here: it brings the scoring pool

            # an s3:// URI stays text: Path() would fold its "//" into "s3:/"
            self.app.push_screen(
                PortfolioScreen(text if is_s3_uri(text) else Path(text).expanduser())
            )

    @work(exclusive=True, group="dialog")
    async def action_new_workload(self) -> None:
        from .dialogs import TextDialog

        name = await self.app.push_screen_wait(
            TextDialog(
                "New workload",
                "What is the workload called? (e.g. Card fraud scorer)",
                ok_label="Next",
                check=lambda t: None if t else "Give the workload a name.",
            )
        )
        if not name:
            return
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "workload"

        def check(text: str) -> str | None:
            if is_s3_uri(text):  # created only if the key is free (If-None-Match)
                return uri_problem(text)
            p = Path(text).expanduser()
            if p.exists():
                return f"{p} already exists; pick another name."
            if not p.parent.is_dir():
                return f"Folder {p.parent} does not exist."
            return None

        text = await self.app.push_screen_wait(
            TextDialog(
                "New workload",
                "Where should the file live? Keep it in git next to the workload's code.",
                initial=str(Path.cwd() / f"{slug}.mlprofile.toml"),
                ok_label="Create",
                check=check,
            )
        )
        if not text:
            return
        from ...core.creation import create_workload

        try:
            path = typed_location(text)
            create_workload(path, name, "", None)
        except MlprofileError as e:
            self.notify(e.render(), severity="error", title="Not created")
            return
        self.app.open_workload(path)

    def palette_commands(self) -> list[tuple[str, str, object]]:
        return palette(self, self.ACTIONS)
