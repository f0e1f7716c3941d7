"""Our Textual subclasses never overwrite an attribute Textual itself keeps.

An app flag once named ``_closed`` on a dialog replaced ``MessagePump._closed``: the screen
then refused the message that removes it, the pop that waited for that removal held the app's
message loop, and no key worked any more (Escape on the AWS import result). Any name Textual
sets on its own objects is off limits, except public reactives and settable properties (``title``,
``cursor_blink``), which are meant to be assigned.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

from textual.reactive import Reactive
from tui_helpers import our_textual_classes


def _assigned_on_self(cls: type) -> set[str]:
    """Names a class body assigns as ``self.NAME = ...`` (or ``self.NAME: T = ...``)."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return set()
    names = set()
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for t in targets:
            for el in t.elts if isinstance(t, ast.Tuple) else [t]:
                if (
                    isinstance(el, ast.Attribute)
                    and isinstance(el.value, ast.Name)
                    and el.value.id == "self"
                ):
                    names.add(el.attr)
    return names


def _textual_bases(cls: type) -> list[type]:
    return [b for b in cls.__mro__ if b.__module__.split(".")[0] == "textual"]


def _settable(bases: list[type], name: str) -> bool:
    for base in bases:
        attr = base.__dict__.get(name)
        if isinstance(attr, Reactive) or (isinstance(attr, property) and attr.fset is not None):
            return True
    return False


def test_the_scan_sees_the_app_and_its_dialogs():
    names = {c.__name__ for c in our_textual_classes()}
    assert {"MlprofileApp", "WorkloadScreen", "Dialog", "ImportRunScreen", "HelpScreen"} <= names


def test_no_textual_attribute_is_overwritten():
    clashes = []
    for cls in our_textual_classes():
        bases = _textual_bases(cls)
        textual_names = set()
        for base in bases:
            textual_names |= set(vars(base)) | _assigned_on_self(base)
        ours = set()
        for klass in cls.__mro__:
            if klass.__module__.startswith("mlprofile_tui."):
                ours |= _assigned_on_self(klass)
        for name in sorted(ours & textual_names):
            if not _settable(bases, name):
                clashes.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert clashes == [], "attributes that overwrite Textual's own: " + ", ".join(clashes)
