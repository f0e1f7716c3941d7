"""The workload screen's left column: the profiles (snapshots by date, targets with their base)
and the groups with how far the interview has got in each."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...core.scoring import SKIPPED, ProfileScore
from ...core.workload import CURRENT, Workload
from ..messages import ProfileChosen, QuestionChosen
from .gauge import badge


def profile_label(workload: Workload, name: str, score: ProfileScore | None = None) -> Text:
    p = workload.profiles[name]
    rubric = workload.rubric
    lead = Text("")
    if score is not None:  # the bare level id: the sidebar is narrow
        lead = badge(rubric, score.level)
        lead = Text(
            lead.plain.strip() + " ", style=lead.spans[0].style if lead.spans else lead.style
        )
    if p.is_target:
        return (
            lead
            + Text("◎ ", style="magenta")
            + Text(name, style="bold")
            + Text(f" ← {p.based_on}", style="dim")
        )
    date = (p.taken or "")[:10]
    icon = "●" if name == CURRENT else "◷"
    return (
        lead
        + Text(f"{icon} ", style="cyan")
        + Text(name, style="bold" if name == CURRENT else "")
        + Text(f" {date}" if date and date not in name else "", style="dim")
    )


def ordered_profiles(workload: Workload) -> list[str]:
    """Snapshots by date (oldest first, current last), then targets in file order."""
    return [p.name for p in workload.snapshots()] + [p.name for p in workload.targets()]


class ProfileList(OptionList):
    DEFAULT_CSS = """
    ProfileList { height: auto; max-height: 12; }
    """

    def show(
        self, workload: Workload, selected: str, scores: dict[str, ProfileScore] | None = None
    ) -> None:
        names = ordered_profiles(workload)
        labels = [profile_label(workload, n, (scores or {}).get(n)) for n in names]
        if [self.get_option_at_index(i).id for i in range(self.option_count)] == names:
            for i, label in enumerate(labels):  # in place, and only what changed
                if self.get_option_at_index(i).prompt != label:
                    self.replace_option_prompt_at_index(i, label)
        else:
            self.clear_options()
            self.add_options([Option(label, id=n) for n, label in zip(names, labels, strict=True)])
        self.highlighted = names.index(selected)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(ProfileChosen(event.option.id))


class GroupNav(OptionList):
    """Groups with answered/asked counts; choosing one jumps to its first question."""

    class Ready(Message):
        """The sidebar has mounted (it does so lazily, after the first frame): fill it."""

    def on_mount(self) -> None:
        self.post_message(self.Ready())

    DEFAULT_CSS = """
    GroupNav { height: auto; }
    """

    def show(
        self, score: ProfileScore, current_group: str | None, first_keys: dict[str, str]
    ) -> None:
        options = []
        for gid, g in score.groups.items():
            asked = [c for c in g.characteristics if c.state != SKIPPED]
            done = sum(1 for c in asked if c.state != "unanswered")
            mark = "▸ " if gid == current_group else "  "
            label = Text(mark + g.title, style="bold" if gid == current_group else "")
            label.append(f" {done}/{len(asked)}", style="green" if done == len(asked) else "dim")
            options.append(Option(label, id=first_keys.get(gid, gid)))
        if [self.get_option_at_index(i).id for i in range(self.option_count)] == [
            o.id for o in options
        ]:
            for i, option in enumerate(options):  # in place, and only what changed
                if self.get_option_at_index(i).prompt != option.prompt:
                    self.replace_option_prompt_at_index(i, option.prompt)
            return
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(options)
        if highlighted is not None and highlighted < len(options):
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(QuestionChosen(event.option.id))
