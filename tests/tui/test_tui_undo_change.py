"""In a target, a changed value asks why. Cancel and Escape undo the change, whatever the
question's type and whatever the profile said before (inherited, or an earlier answer of its
own); Later keeps it. F9 drops a target's own answer, back to what its base says.

"Undone" is checked on the file: saving afterwards writes exactly the bytes there were before.
"""

from __future__ import annotations

import pytest
from tui_helpers import go, make_app, shown, toasts, wait_for_screen, wait_until

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.tui.messages import ValueSubmitted
from mlprofile_tui.tui.screens.dialogs import TextDialog
from mlprofile_tui.tui.screens.workload import WorkloadScreen

TARGET = "reliable"  # the example's target on `current`; it inherits all of these
KEYS = [
    "business.outcome",  # text
    "business.availability_sla_pct",  # float
    "business.requirements_traceability",  # enum
    "deployment.model_artifact_size",  # bytes
    "deployment.models_per_endpoint",  # int
    "architecture.frameworks",  # multi
    "traffic.latency_target_ms",  # duration_ms
    "network.vpc",  # bool
    "provisioning.matrix",  # matrix (stays on its question)
]


def other_value(ch, value, step: int = 1):
    """A valid value of ``ch`` different from ``value`` (``step`` picks which)."""
    if ch.type == "text":
        return f"{value} (v{step})"
    if ch.type in ("int", "bytes", "duration_ms"):
        return value + step
    if ch.type == "float":
        return round(value - step / 100, 2)
    if ch.type == "enum":
        ids = [c.id for c in ch.choices if c.id != value]
        return ids[step % len(ids)]
    if ch.type == "multi":
        ids = [c.id for c in ch.choices]
        return [i for i in ids if i not in value][:step] or ids[:step]
    if ch.type == "bool":
        return not value if step % 2 else value
    if ch.type == "matrix":
        return [{**value[0], "count": value[0]["count"] + step}, *value[1:]]
    raise AssertionError(f"no other value for type {ch.type}")


async def _open_target(pilot, example):
    screen = await wait_for_screen(pilot, WorkloadScreen)
    await screen.switch_profile(TARGET)
    await pilot.pause()
    return screen


async def _change(pilot, screen, key, value) -> None:
    """Give ``value`` as the answer, as an input does once it is accepted."""
    await go(pilot, key)
    screen.query_one("#answer-input").post_message(
        ValueSubmitted(key, value, advance=screen.session.rubric.get(key).type != "matrix")
    )
    await wait_for_screen(pilot, TextDialog)


async def _close(pilot, how: str) -> None:
    if how == "escape":
        await pilot.press("escape")
    else:
        await pilot.click(f"#{how}")
    await wait_for_screen(pilot, WorkloadScreen)
    await pilot.pause()


async def _save(pilot, screen) -> None:
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: not screen.session.unsaved, "the workload saved")


@pytest.mark.parametrize("how", ["cancel", "escape"])
@pytest.mark.parametrize("key", KEYS)
async def test_cancel_undoes_a_change_to_an_inherited_value(example, key, how):
    before = example.read_bytes()
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_target(pilot, example)
        s = screen.session
        inherited = s.answer(key)
        assert key not in s.current.values
        await _change(pilot, screen, key, other_value(s.rubric.get(key), inherited.value))
        await _close(pilot, how)
        assert key not in s.current.values  # inherits again
        assert s.answer(key).same_answer(inherited)
        assert screen.key == key  # back at the question, showing the value it has again
        assert "Same as current (inherited)" in shown(screen.query_one("#answer-state"))
        await _save(pilot, screen)
    assert example.read_bytes() == before


@pytest.mark.parametrize("how", ["cancel", "escape"])
@pytest.mark.parametrize("key", [k for k in KEYS if k != "network.vpc"])  # a third value
async def test_cancel_puts_back_the_targets_own_earlier_answer(example, key, how):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_target(pilot, example)
        s = screen.session
        ch = s.rubric.get(key)
        base = s.answer(key).value
        s.set_answer(key, Answer(State.VALUE, other_value(ch, base, 1), provenance="declared"))
        await _save(pilot, screen)  # an override without a rationale yet, in the file
        before = example.read_bytes()
        own = s.current.values[key]
        await _change(pilot, screen, key, other_value(ch, base, 2))
        await _close(pilot, how)
        assert s.current.values[key] == own
        await _save(pilot, screen)
    assert example.read_bytes() == before


async def test_later_keeps_the_change_without_a_rationale(example):
    key = "business.requirements_traceability"
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_target(pilot, example)
        s = screen.session
        ch = s.rubric.get(key)
        value = other_value(ch, s.answer(key).value)
        await _change(pilot, screen, key, value)
        assert [b.label.plain for b in app.screen.query("Button")] == [
            "Later",
            "Undo change",
            "Save rationale",
        ]
        await _close(pilot, "defer")
        own = s.current.values[key]
        assert own.value == value and own.rationale is None
        assert key in [c.key for c in s.changes_without_rationale()]


@pytest.mark.parametrize("key", KEYS)
async def test_f9_drops_the_targets_own_answer(example, key):
    before = example.read_bytes()
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_target(pilot, example)
        s = screen.session
        ch = s.rubric.get(key)
        inherited = s.answer(key)
        await go(pilot, key)
        assert not screen.can_inherit  # nothing to drop: F9 is not in the footer
        assert "inherit" not in {b.binding.action for b in screen.active_bindings.values()}
        s.set_answer(key, Answer(State.VALUE, other_value(ch, inherited.value), rationale="why"))
        await go(pilot, key)
        assert screen.can_inherit
        assert "F9 back to inherited" in shown(screen.query_one("#answer-state"))
        await pilot.press("f9")
        await pilot.pause()
        assert key not in s.current.values
        assert s.answer(key).same_answer(inherited)
        assert not screen.can_inherit
        await _save(pilot, screen)
    assert example.read_bytes() == before


async def test_f9_says_why_when_there_is_nothing_to_drop(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await screen.action_inherit()  # the palette entry runs it in any profile
        await pilot.pause()
        assert toasts(app) == [
            "profile 'current' is not a target: it inherits nothing, its answers are its own"
        ]
