"""One prompt per characteristic type, rendered from the rubric's ``Characteristic`` spec.

enum -> select (each choice's help shown as its description), multi -> checkbox, bool ->
confirm, numbers and text -> a text prompt validated by ``core.values.parse_input`` before it is
accepted, matrix -> a short loop of rows. ``?`` (unknown), ``n/a`` (then a reason) and ``?help``
work at every prompt; a bad answer is refused with the reason and asked again.

A number may be typed approximately (``~400``): it is then estimated. A new exact number is
followed by one select, where it came from (declared preselected; measured asks for its
source); accepting the current answer as it is asks nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core import matrix
from ..core.answers import Answer, Provenance, State
from ..core.editing import PICKABLE, answer_by_hand
from ..core.errors import ValueProblem
from ..core.instance_types import ALLOW_HINT, instance_type_problem, unknown_instance_types
from ..core.rubric import Characteristic, Rubric
from ..core.units import format_number, parse_bytes, parse_duration_ms
from ..core.values import (
    NUMERIC_TYPES,
    check_value,
    display,
    not_applicable,
    parse_input,
    parse_matrix,
    parse_text,
)
from .terminal import SEPARATOR, Option, Special, Terminal, esc

SPECIAL_HINT = "? unknown · n/a · ?help"
UNKNOWN_KEY = {"?": Special.UNKNOWN}  # in menus the ? key answers unknown at once
_UNKNOWN_WORDS = {"?", "unknown"}
_HELP_WORDS = {"?help", "?h", "help?"}
_NEEDS_AN_ANSWER = "type an answer, or ? if unknown, n/a if it does not apply, ?help for help"
_NEEDS_A_ROW = "add at least one row, or ? if unknown, n/a if it does not apply"
_NOT_NA = "this cannot be not applicable; answer it or say ? if you do not know"
PROVENANCE_OPTIONS = {
    Provenance.DECLARED: "declared: someone knows or decided it",
    Provenance.ESTIMATED: "estimated: a rough figure",
    Provenance.MEASURED: "measured: read off a metric, a load test or a report (asks its source)",
}


def read_special(text: str) -> tuple[Special, str] | None:
    """``?`` / ``unknown``, ``n/a`` / ``n/a: REASON`` and ``?help`` typed at a text prompt."""
    stripped = text.strip()
    low = stripped.lower()
    if low in _UNKNOWN_WORDS:
        return Special.UNKNOWN, ""
    if low in _HELP_WORDS:
        return Special.HELP, ""
    if low in ("n/a", "na") or low.startswith(("n/a:", "na:")):
        return Special.NOT_APPLICABLE, stripped.split(":", 1)[1].strip() if ":" in stripped else ""
    return None


def declared(value: Any) -> Answer:
    return Answer(State.VALUE, value, provenance=Provenance.DECLARED.value)


class QuestionAsker:
    """Asks one characteristic until it has a good answer (or the person keeps the current one)."""

    def __init__(
        self,
        terminal: Terminal,
        rubric: Rubric | None = None,
        new_instance_types: Sequence[str] = (),
    ) -> None:
        self.term = terminal
        self.rubric = rubric  # for level names in the help; optional
        # The workload's accepted instance types newer than mlprofile's list (the model's own
        # list: what the file accepts, the prompt accepts).
        self.new_instance_types = new_instance_types

    def ask(self, ch: Characteristic, current: Answer) -> Answer | None:
        """The new answer, or None to keep ``current``. Ctrl+C / Ctrl+D propagate."""
        while True:
            result = self._prompt(ch, current)
            kind, reason = result if isinstance(result, tuple) else (result, "")
            if kind is Special.HELP:
                self.show_help(ch)
                continue
            if kind is Special.KEEP:
                return None
            if kind is Special.UNKNOWN:
                return Answer(State.UNKNOWN)
            if kind is Special.NOT_APPLICABLE:
                if not ch.na_allowed:
                    self.term.show(
                        "[yellow]This characteristic cannot be marked not applicable; "
                        "answer it, or say ? if you do not know.[/]"
                    )
                    continue
                return not_applicable(ch, reason or self.ask_reason(ch, current))
            return kind

    def show_help(self, ch: Characteristic) -> None:
        from rich.panel import Panel
        from rich.text import Text

        body = Text(ch.help.strip())
        extra = []
        if ch.unit and ch.type not in ("enum", "multi", "bool", "text", "matrix"):
            extra.append(f"Unit: {ch.unit}{_range(ch)}.")
        if ch.aws:
            extra.append(f"Where AWS holds it: {ch.aws}.")
        if ch.kind != "descriptive":
            advisory = "" if ch.gating else "; advisory, never lowers the group's level"
            extra.append(f"Scored ({ch.kind}, weight {ch.weight}{advisory}).")
            bands = self._bands(ch)
            if bands:
                extra.append(f"Levels: {bands}.")
        else:
            extra.append("Recorded and compared; never scored.")
        if not ch.na_allowed:
            extra.append("Cannot be marked not applicable.")
        body.append("\n\n" + "\n".join(extra), style="dim")
        for c in ch.choices:
            level = f" ({self._level(c.level)})" if c.level is not None else ""
            if c.help or level:
                text = f"\n• {c.label}{level}" + (f": {c.help}" if c.help else "")
                body.append(text, style="dim")
        self.term.show(Panel(body, title=f"Help · {ch.key}", title_align="left", expand=False))

    def _level(self, rank: int | None) -> str:
        if rank is None:
            return "?"
        return self.rubric.level(rank).id if self.rubric is not None else f"L{rank}"

    def _bands(self, ch: Characteristic) -> str:
        """What each level takes, so the person sees what the answer is measured against."""
        if ch.bool_levels:
            yes, no = ch.bool_levels[True], ch.bool_levels[False]
            return f"yes {self._level(yes)}, no {self._level(no)}"
        if ch.thresholds:
            sign = "≤" if ch.direction == "lower" else "≥"
            if ch.kind == "fit":
                unit, what = "×", f" of {ch.requirement}"
            else:
                unit, what = (f" {ch.unit}" if ch.unit else ""), ""
            parts = [f"{self._level(r)} {sign} {format_number(b)}{unit}" for r, b in ch.thresholds]
            return ", ".join(parts) + what
        return ""

    def ask_reason(self, ch: Characteristic, current: Answer) -> str:
        default = current.reason or "" if current.state is State.NOT_APPLICABLE else ""

        def validate(text: str) -> bool | str:
            return True if text.strip() else "not applicable needs a reason: why not here?"

        while True:
            reason = self.term.text(
                "Why does it not apply here?",
                default=default,
                validate=validate,
                instruction="(one line, ?help for help)",
            )
            if reason.strip().lower() in _HELP_WORDS:
                self.show_help(ch)
                continue
            return reason.strip()

    # ------------------------------------------------------------------ per type

    def _prompt(self, ch: Characteristic, current: Answer) -> Any:
        if ch.type == "enum":
            return self._select(ch, current)
        if ch.type == "multi":
            return self._checkbox(ch, current)
        if ch.type == "bool":
            return self._confirm(ch, current)
        if ch.type == "matrix":
            return self._matrix(ch, current)
        return self._text(ch, current)

    def _specials(self, ch: Characteristic) -> list[Option]:
        out = [
            SEPARATOR,
            Option("? unknown (an honest answer; scores as the lowest level)", Special.UNKNOWN),
        ]
        if ch.na_allowed:
            out.append(Option("n/a: does not apply here (asks why)", Special.NOT_APPLICABLE))
        out.append(Option("?help: why it matters and how to find it", Special.HELP))
        return out

    def _select(self, ch: Characteristic, current: Answer) -> Any:
        options = [Option(c.label, c.id, c.help) for c in ch.choices] + self._specials(ch)
        default = _special_of(current) or (current.value if current.is_value else None)
        picked = self.term.select(
            ch.question,
            options,
            default=default,
            keys=UNKNOWN_KEY,
            instruction="(arrows and Enter; the ? key: unknown; n/a and ?help are below)",
        )
        if isinstance(picked, Special):
            return picked
        try:
            return declared(parse_text(ch, str(picked)))
        except ValueProblem as e:
            self.term.show(f"[red]{esc(e)}[/]; pick one of the listed choices.")
            return self._select(ch, current)

    def _checkbox(self, ch: Characteristic, current: Answer) -> Any:
        chosen = set(current.value) if current.is_value else set()
        options = [Option(c.label, c.id, c.help, checked=c.id in chosen) for c in ch.choices]
        options += self._specials(ch)

        def validate(values: list) -> bool | str:
            specials = [v for v in values if isinstance(v, Special)]
            if specials and len(values) > 1:
                return "pick ? unknown, n/a or ?help on its own, not together with choices"
            try:
                check_value(ch, [v for v in values if not isinstance(v, Special)])
            except ValueProblem as e:
                return str(e)
            return True

        while True:
            picked = self.term.checkbox(
                ch.question,
                options,
                validate=validate,
                keys=UNKNOWN_KEY,
                instruction="(Space ticks, Enter accepts, none is fine; the ? key: unknown)",
            )
            if isinstance(picked, Special):
                return picked
            verdict = validate(list(picked))
            if verdict is True:
                break
            self.term.show(f"[red]{esc(verdict)}[/]")
        if picked and isinstance(picked[0], Special):
            return picked[0]
        return declared(check_value(ch, list(picked)))

    def _confirm(self, ch: Characteristic, current: Answer) -> Any:
        default = current.value if current.is_value else None
        keys = {"?": Special.UNKNOWN, "a": Special.NOT_APPLICABLE, "h": Special.HELP}
        hint = "Y/n" if default is True else "y/N" if default is False else "y/n"
        picked = self.term.confirm(
            ch.question,
            default=default,
            keys=keys,
            instruction=f"({hint} · ? unknown · a n/a · h help) ",
        )
        if isinstance(picked, Special):
            return picked
        return declared(bool(picked))

    def _text(self, ch: Characteristic, current: Answer) -> Any:
        def validate(text: str) -> bool | str:
            special = read_special(text)
            if special is not None:
                if special[0] is Special.NOT_APPLICABLE and not ch.na_allowed:
                    return _NOT_NA
                return True
            if not text.strip():
                return _NEEDS_AN_ANSWER
            try:
                parse_input(ch, text)
            except ValueProblem as e:
                return str(e)
            return True

        estimate = f" · ~{_example(ch)} if estimated" if ch.type in NUMERIC_TYPES else ""
        while True:
            typed = self.term.text(
                ch.question,
                default=editable_answer(ch, current),
                validate=validate,
                instruction=f"({text_hint(ch)}{estimate} · {SPECIAL_HINT})",
            )
            verdict = validate(typed)
            if verdict is True:
                break
            self.term.show(f"[red]{esc(verdict)}[/]")  # only without live validation
        special = read_special(typed)
        if special is not None:
            return special
        parsed = parse_input(ch, typed)
        # The current value accepted as it is keeps where it came from (measured, imported).
        return answer_by_hand(current, parsed.value, approximate=parsed.approximate)

    def ask_provenance(self, ch: Characteristic, current: Answer, answer: Answer) -> Answer:
        """Where a new exact number came from: one select, declared preselected (Enter keeps
        it); measured asks for its source, the old one offered. ``answer`` is returned as it is
        when there is nothing to ask: not a number, kept as it was, or typed approximately
        (the marker said estimated)."""
        changed = not (current.is_value and current.value == answer.value)
        exact = answer.provenance == Provenance.DECLARED.value
        if not (answer.is_value and ch.type in NUMERIC_TYPES and changed and exact):
            return answer
        picked = self.term.select(
            "Where does this value come from?",
            [Option(PROVENANCE_OPTIONS[p], p.value) for p in PICKABLE],
            default=answer.provenance,
            instruction="(Enter keeps it declared)",
        )
        source = None
        if picked == Provenance.MEASURED:
            source = self.term.text(
                "Its source: the metric, report or ARN it was read from?",
                default=current.source or "",
                instruction="(one line, optional)",
            )
        return answer_by_hand(current, answer.value, provenance=picked, source=source)

    def _matrix(self, ch: Characteristic, current: Answer) -> Any:
        """A short loop: one row per line in the text form the rubric's matrix accepts."""
        rows: list[str] = []
        if current.is_value and current.value:
            self.term.show(matrix_table(ch, current.value))
            options = [
                Option(f"keep these {len(current.value)} rows", Special.KEEP),
                Option("add rows to them", "add"),
                Option("start over with new rows", "new"),
            ]
            options += self._specials(ch)
            picked = self.term.select(ch.question, options, default=Special.KEEP, keys=UNKNOWN_KEY)
            if isinstance(picked, Special):
                return picked
            if picked == "add":
                rows = [matrix.row_text(r) for r in current.value]
        spec = ch.matrix
        envs = ", ".join(spec.environments) if spec else "any"
        wls = ", ".join(spec.workloads) if spec else "any"
        row_format = matrix.row_format(spec)
        accounts = (
            "\naccount: the 12-digit AWS account ID, or leave that column out"
            if spec is None or spec.accounts
            else ""
        )
        self.term.show(
            f"[dim]One row per line: {esc(row_format)}\n"
            f"e.g. {esc(matrix.example_row(spec))}\n"
            f"environments: {esc(envs)}\nworkloads: {esc(wls)}{esc(accounts)}\n"
            f"An empty line finishes; {SPECIAL_HINT} on the first row answers for the whole "
            "matrix.[/]"
        )

        while True:
            n = len(rows) + 1

            def validate(text: str, n: int = n) -> bool | str:
                if n == 1 and read_special(text) is not None:
                    special = read_special(text)
                    if special and special[0] is Special.NOT_APPLICABLE and not ch.na_allowed:
                        return _NOT_NA
                    return True
                if not text.strip():
                    return True if rows else _NEEDS_A_ROW
                try:
                    typed_rows = parse_matrix(ch, ";".join([*rows, text]))
                except ValueProblem as e:
                    return str(e)
                unknown = unknown_instance_types(
                    [typed_rows[-1]["instance_type"]], self.new_instance_types
                )
                if unknown:  # the same check the document makes when the answer is written
                    return f"{instance_type_problem(unknown[0])}; {ALLOW_HINT}"
                return True

            typed = self.term.text(
                ch.question if n == 1 else f"row {n}",
                validate=validate,
                instruction=f"({row_format}; an empty line when done)",
            )
            verdict = validate(typed)
            if verdict is not True:
                self.term.show(f"[red]{esc(verdict)}[/]")
                continue
            special = read_special(typed) if n == 1 else None
            if special is not None:
                if special[0] is Special.HELP:
                    self.show_help(ch)
                    continue
                return special
            if not typed.strip():
                break
            rows.append(typed.strip())
        value = parse_matrix(ch, ";".join(rows))
        self.term.show(matrix_table(ch, value))
        return declared(value)


def _range(ch: Characteristic) -> str:
    lo, hi = ch.minimum, ch.maximum
    if lo is not None and hi is not None:
        return f", {format_number(lo)} to {format_number(hi)}"
    if lo is not None:
        return f", at least {format_number(lo)}"
    if hi is not None:
        return f", at most {format_number(hi)}"
    return ""


def _example(ch: Characteristic) -> str:
    """A number in the characteristic's own terms, to show the approximate marker on."""
    return {"bytes": "1.2 GB", "duration_ms": "250 ms"}.get(ch.type, "400")


def _special_of(answer: Answer) -> Special | None:
    if answer.state is State.UNKNOWN:
        return Special.UNKNOWN
    if answer.state is State.NOT_APPLICABLE:
        return Special.NOT_APPLICABLE
    return None


def matrix_table(ch: Characteristic, rows: list[dict]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{ch.key}: {len(rows)} rows", title_justify="left", show_edge=False)
    cols = matrix.columns(rows)
    for col in cols:
        table.add_column(matrix.HEADERS[col], justify="right" if col == "count" else "left")
    for r in rows:
        table.add_row(*(Text(str(r.get(c, ""))) for c in cols))
    return table


def text_hint(ch: Characteristic) -> str:
    rng = ""
    if ch.minimum is not None and ch.maximum is not None:
        rng = f" from {format_number(ch.minimum)} to {format_number(ch.maximum)}"
    elif ch.minimum is not None and ch.minimum != 0:
        rng = f", at least {format_number(ch.minimum)}"
    elif ch.maximum is not None:
        rng = f", at most {format_number(ch.maximum)}"
    return {
        "bytes": "a size: 1.2 GB, 450 MiB or 35000000 bytes",
        "duration_ms": "a duration: 250 ms, 1.5 s or a bare number of ms",
        "int": f"a whole number{rng}" + (f" ({ch.unit})" if ch.unit else ""),
        "float": f"a number{rng}" + (f" ({ch.unit})" if ch.unit else ""),
        "text": "free text",
    }.get(ch.type, ch.type) + (rng if ch.type in ("bytes", "duration_ms") else "")


def editable_answer(ch: Characteristic, answer: Answer) -> str:
    """The current answer as text the prompt would accept back unchanged (for ``--all``)."""
    if answer.state is State.UNKNOWN:
        return "?"
    if answer.state is State.NOT_APPLICABLE:
        return f"n/a: {answer.reason}" if answer.reason else "n/a"
    if not answer.is_value:
        return ""
    return editable_value(ch, answer.value)


def editable_value(ch: Characteristic, v: Any) -> str:
    """Exact, typed form: ``48.2 MB`` only when it parses back to the very same number."""
    if ch.type == "bytes":
        for unit, factor in (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
            if abs(v) >= factor:
                text = f"{format_number(v / factor)} {unit}"
                if parse_bytes(text) == v:
                    return text
        return str(v)
    if ch.type == "duration_ms":
        for unit, factor in (("min", 60_000), ("s", 1000)):
            if abs(v) >= factor:
                text = f"{format_number(v / factor)} {unit}"
                if parse_duration_ms(text) == v:
                    return text
        return f"{format_number(v)} ms"
    if ch.type in ("int", "float"):
        return format_number(v)
    return str(v)


def describe_answer(ch: Characteristic, answer: Answer) -> str:
    """For the review table: the answer and, for values, where it came from."""
    text = display(ch, answer)
    if answer.is_value and answer.provenance and answer.provenance != Provenance.DECLARED.value:
        text += f" ({answer.provenance}{': ' + answer.source if answer.source else ''})"
    return text
