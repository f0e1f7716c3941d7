"""Messages that widgets post upward; screens handle them and change the session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class ValueSubmitted(Message):
    """An input has a valid typed value and the user accepted it."""

    key: str
    value: Any
    advance: bool = True  # go to the next question afterwards (the matrix editor stays put)
    approximate: bool = False  # typed with a marker such as ~400 (``core.values.Parsed``)
    # What the Provenance control says (None: nothing picked, the core's suggestion applies);
    # the question view fills these in as the message passes it on its way to the screen.
    provenance: str | None = None
    source: str | None = None


@dataclass
class ProfileChosen(Message):
    name: str


@dataclass
class QuestionChosen(Message):
    key: str


@dataclass
class AllowInstanceTypes(Message):
    """Accept these instance types in the workload although SageMaker's list lacks them (the
    person confirmed they are newer than the list). Posted before the answer that uses them."""

    names: list[str]
