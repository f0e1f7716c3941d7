"""The prompt layer: what the interview may ask a person, and the questionary terminal that asks it.

The interview talks only to a ``Terminal``. The real one renders questionary prompts and rich
output; tests inject a scripted fake (the way tconbeer/harlequin fakes its wizard) or run the
real prompts against a prompt_toolkit pipe input. questionary, prompt_toolkit and rich are
imported here and nowhere in the core.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

Validator = Callable[[Any], "bool | str"]  # True when fine, else the reason shown to the person


class Special(Enum):
    """The answers every prompt takes besides a value."""

    UNKNOWN = "?"  # an honest final answer
    NOT_APPLICABLE = "n/a"  # asks for a reason next
    HELP = "?help"  # shows the characteristic's help, then asks again
    KEEP = "keep"  # leave the current answer as it is (only with --all)


@dataclass(frozen=True)
class Option:
    """One entry of a select or checkbox; ``separator`` draws a line instead of a choice."""

    title: str
    value: Any = None
    help: str = ""
    checked: bool = False
    separator: bool = False


SEPARATOR = Option("", separator=True)


class Terminal(Protocol):
    """Everything the interview does to the screen.

    Every prompt raises KeyboardInterrupt for Ctrl+C and EOFError for Ctrl+D. ``keys`` maps a
    key to a result that ends the prompt at once (``?`` -> ``Special.UNKNOWN``). ``show`` takes
    a rich renderable or a markup string; what people typed goes through ``esc`` first.
    """

    def show(self, renderable: Any) -> None: ...

    def select(
        self,
        message: str,
        options: Sequence[Option],
        *,
        default: Any = None,
        keys: Mapping[str, Any] | None = None,
        instruction: str | None = None,
    ) -> Any: ...

    def checkbox(
        self,
        message: str,
        options: Sequence[Option],
        *,
        validate: Validator | None = None,
        keys: Mapping[str, Any] | None = None,
        instruction: str | None = None,
    ) -> Any: ...

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Validator | None = None,
        instruction: str | None = None,
    ) -> str: ...

    def confirm(
        self,
        message: str,
        *,
        default: bool | None = True,
        keys: Mapping[str, Any] | None = None,
        instruction: str | None = None,
    ) -> Any: ...


class QuestionaryTerminal:
    """The real terminal: questionary prompts, rich output.

    ``input``/``output`` are prompt_toolkit objects; tests pass a pipe input and DummyOutput.
    """

    def __init__(self, console: Any = None, *, input: Any = None, output: Any = None) -> None:
        import questionary  # noqa: F401  (fail here, before the first question, if missing)

        if console is None:
            from rich.console import Console

            console = Console(highlight=False)
        self.console = console
        self._io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}

    def show(self, renderable: Any) -> None:
        self.console.print(renderable)

    def select(self, message, options, *, default=None, keys=None, instruction=None):
        import questionary

        choices = _choices(options)
        if default is not None and not any(o.value == default for o in options if not o.separator):
            default = None
        q = questionary.select(
            message,
            choices=choices,
            default=default,
            instruction=instruction,
            use_shortcuts=False,
            **self._io,
        )
        return self._run(q, _key_results(keys))

    def checkbox(self, message, options, *, validate=None, keys=None, instruction=None):
        import questionary

        q = questionary.checkbox(
            message,
            choices=_choices(options),
            validate=validate or (lambda _v: True),
            instruction=instruction,
            **self._io,
        )
        return self._run(q, _key_results(keys))

    def text(self, message, *, default="", validate=None, instruction=None):
        import questionary

        q = questionary.text(
            message, default=default, validate=validate, instruction=instruction, **self._io
        )
        return self._run(q)

    def confirm(self, message, *, default=True, keys=None, instruction=None):
        import questionary

        q = questionary.confirm(message, default=bool(default), instruction=instruction, **self._io)
        extra = _key_results(keys)
        if default is None:
            # No answer yet: Enter alone must not silently record the confirm prompt's default.
            extra.add("enter", eager=True)(lambda event: None)
        return self._run(q, extra)

    def _run(self, question: Any, extra: Any = None) -> Any:
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        # questionary maps Ctrl+C to KeyboardInterrupt; make Ctrl+D end the interview too
        # (text prompts already raise EOFError for it on an empty line).
        bindings = KeyBindings()
        bindings.add("c-d", eager=True)(lambda event: event.app.exit(exception=EOFError))
        app = question.application
        app.key_bindings = merge_key_bindings(
            [b for b in (app.key_bindings, bindings, extra) if b is not None]
        )
        result = question.unsafe_ask()
        if result is None:
            # questionary returns None when its application is aborted without an exception.
            raise KeyboardInterrupt
        return result


def _key_results(keys: Mapping[str, Any] | None) -> Any:
    """Key bindings that end the prompt with a fixed result (``?`` -> unknown)."""
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()
    for key, result in (keys or {}).items():
        # A specific binding beats a prompt's catch-all "ignore other keys" binding.
        bindings.add(key, eager=True)(lambda event, result=result: event.app.exit(result=result))
    return bindings


def esc(text: Any) -> str:
    """Escape what people typed (and paths) before it goes into rich markup: ``[x]`` stays text."""
    from rich.markup import escape

    return escape(str(text))


def _choices(options: Sequence[Option]) -> list:
    import questionary

    out: list[Any] = []
    for o in options:
        if o.separator:
            out.append(questionary.Separator(o.title or "  ──────"))
        else:
            out.append(
                questionary.Choice(
                    o.title, value=o.value, checked=o.checked, description=o.help or None
                )
            )
    return out
