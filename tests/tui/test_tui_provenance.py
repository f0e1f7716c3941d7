"""The app's answer form and provenance: approximate numbers, the Provenance control and its
source, and a fit that misses its requirement said at once (a warning toast)."""

from __future__ import annotations

import tomllib

from tui_helpers import go, make_app, screen_text, shown, type_text, wait_for_screen

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.scoring import shortfalls
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.widgets.provenance import ProvenanceField, ProvenancePicker

P95 = "traffic.p95_latency_ms"  # 38 ms, measured, in the example; the target is 50 ms
CLOUDWATCH = "CloudWatch ModelLatency p95, 14 days"


def picker(screen) -> ProvenancePicker:
    return screen.query_one(ProvenancePicker)


def source_shown(screen) -> bool:
    return screen.query_one(ProvenanceField).has_class("-measured")


async def retype(pilot, screen, text: str) -> None:
    """Back to the answer's input and type ``text`` over it (added to it when empty)."""
    value = screen.query_one("#answer-input")
    value.focus()
    await pilot.pause()
    if text:
        value.value = ""
        await pilot.press(*text)
        await pilot.pause()


def toasts(app, severity: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if severity in (None, n.severity)]


async def test_numbers_show_the_control_with_the_current_provenance(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await go(pilot, P95)
        assert picker(screen).value == "measured" and source_shown(screen)
        assert screen.query_one("#provenance-source").value == CLOUDWATCH
        assert "Provenance  ○ declared  ○ estimated  ● measured" in screen_text(app)
        await go(pilot, "traffic.concurrency")  # an enum: no control
        assert not screen.query(ProvenancePicker)
        await go(pilot, "deployment.instance_type")  # text: no control
        assert not screen.query(ProvenancePicker)


async def test_unchanged_value_keeps_measured_and_its_source(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        before = s.answer(P95)
        await go(pilot, P95)
        await pilot.press("enter")
        await pilot.pause()
        assert s.answer(P95) == before
        assert (before.provenance, before.source) == ("measured", CLOUDWATCH)


async def test_approximate_value_turns_the_control_to_estimated(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        await go(pilot, P95)
        await type_text(pilot, "about 45 ms", submit=False)
        assert picker(screen).value == "estimated" and not source_shown(screen)
        assert "✓ about 45 ms" in shown(screen.query_one("#status"))
        await pilot.press("enter")
        await pilot.pause()
        answer = s.answer(P95)
        assert (answer.value, answer.provenance, answer.source, answer.at) == (
            45,
            "estimated",
            None,
            None,
        )


async def test_a_changed_value_is_declared_unless_measured_is_picked_again(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        await go(pilot, P95)
        await type_text(pilot, "45", submit=False)
        assert picker(screen).value == "declared" and not source_shown(screen)
        await type_text(pilot, "38", submit=False)  # back to the measured value
        assert picker(screen).value == "measured" and source_shown(screen)
        await type_text(pilot, "45", submit=False)

        await pilot.press("tab")  # to the control; → twice: measured; the old source offered
        assert app.focused is picker(screen)
        await pilot.press("right", "right")
        assert picker(screen).value == "measured" and source_shown(screen)
        assert screen.query_one("#provenance-source").value == CLOUDWATCH
        await retype(pilot, screen, "41")  # typing no longer moves a picked choice
        assert picker(screen).value == "measured"
        picker(screen).focus()
        await pilot.press("enter")  # Enter on the control accepts the answer
        await pilot.pause()
        answer = s.answer(P95)
        assert (answer.value, answer.provenance, answer.source) == (41, "measured", CLOUDWATCH)
        assert screen.key != P95  # accepted and moved on

        await go(pilot, P95)
        await type_text(pilot, "47")  # changed again, nothing picked: declared, no source
        answer = s.answer(P95)
        assert (answer.value, answer.provenance, answer.source) == (47, "declared", None)


async def test_measured_source_is_typed_and_saved_through_the_editing_model(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await go(pilot, P95)
        await type_text(pilot, "44", submit=False)
        await pilot.press("tab", "right", "right", "tab")  # measured, then into the source
        source = screen.query_one("#provenance-source")
        assert app.focused is source
        source.value = ""
        await pilot.press(*"Locust run [staging]", "enter")  # Enter in the source accepts
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    values = tomllib.loads(example.read_text())["profiles"]["current"]["values"]
    assert values[P95] == {"value": 44, "provenance": "measured", "source": "Locust run [staging]"}


async def test_measured_with_an_approximate_value_is_refused(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        before = s.answer(P95)
        await go(pilot, P95)
        await type_text(pilot, "45", submit=False)
        await pilot.press("tab", "right", "right")  # measured, picked
        await retype(pilot, screen, "~45")
        assert picker(screen).value == "measured"  # picked, so the marker does not move it
        await retype(pilot, screen, "")
        await pilot.press("enter")
        await pilot.pause()
        assert s.answer(P95) == before
        assert screen.key == P95
        (message,) = toasts(app, "error")
        assert message.startswith(f"{P95}: an approximate value cannot be measured")


async def test_an_imported_value_changed_by_hand_is_declared(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        arn = "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/fraud"
        s.set_answer(P95, Answer(State.VALUE, 38, provenance="imported", source=arn))
        await go(pilot, P95)
        assert picker(screen).choices[0] == "imported" and picker(screen).value == "imported"
        await pilot.press("enter")
        await pilot.pause()
        assert (s.answer(P95).provenance, s.answer(P95).source) == ("imported", arn)
        await go(pilot, P95)
        await type_text(pilot, "40")
        assert (s.answer(P95).provenance, s.answer(P95).source) == ("declared", None)


def expected_shortfalls(screen) -> list[str]:
    """What the core says the answers leave short of their requirement (the toast's text)."""
    s = screen.session
    return [short.line(s.rubric) for short in shortfalls(s.rubric, s.answers(), P95)]


async def test_a_fit_short_of_its_requirement_warns_at_once(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await go(pilot, P95)
        await type_text(pilot, "60 ms")
        (line,) = toasts(app, "warning")
        assert line == expected_shortfalls(screen)[0]
        assert line.startswith("traffic.p95_latency_ms is L2, short of its requirement: 60 ms")
        assert "vs 50 ms" in line and line.endswith("L3 needs <= 1x (<= 50 ms)")
        assert not [n for n in app._notifications if n.markup]

        # Meeting the requirement says nothing; neither does a fit with no requirement value.
        app.clear_notifications()
        await go(pilot, P95)
        await type_text(pilot, "40 ms")
        await go(pilot, "traffic.latency_target_ms")
        await pilot.press("f2")  # the target: unknown
        await pilot.pause()
        await go(pilot, P95)
        await type_text(pilot, "900 ms")
        assert toasts(app, "warning") == []

        # A tighter requirement says which fit it leaves short.
        await go(pilot, "traffic.latency_target_ms")
        await type_text(pilot, "100 ms")
        (line,) = toasts(app, "warning")
        assert line == expected_shortfalls(screen)[0]
        assert line.startswith("traffic.p95_latency_ms is L0, short of its requirement: 900 ms")
        assert "vs 100 ms" in line and line.endswith("L1 needs <= 3x (<= 300 ms)")
