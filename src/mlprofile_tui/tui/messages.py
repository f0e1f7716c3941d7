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


@dataclass
class ProfileChosen(Message):
    name: str


@dataclass
class QuestionChosen(Message):
    key: str
