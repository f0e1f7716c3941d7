"""Whole interview flows through the real app: every input type, unknown, N/A, skip logic."""

from __future__ import annotations

from tui_helpers import choose, go, make_app, screen_text, shown, type_text, wait_for_screen

from mlprofile_tui.core.answers import State
from mlprofile_tui.tui.screens.dialogs import ChoiceDialog, TextDialog
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.widgets.answer_inputs import ChoiceInput, MultiInput, ValueInput
from mlprofile_tui.tui.widgets.matrix_editor import MatrixEditor


async def test_answers_of_every_type_move_the_gauges_without_saving(example):
    before_on_disk = example.read_text()
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        assert s.score().level == 2
        assert "Overall  L2  Repeatable" in screen_text(app)
        score_before = s.score().score

        # enum: the five L2 blockers answered at their L3 choices lift the overall level
        for key, value in [
            ("deployment.instance_selection", "inference_recommender"),
            ("deployment.profile_review", "each_release"),
            ("cost.pricing_comparison", "on_change"),
            ("provisioning.quota_headroom", "checked_each_change"),
            ("provisioning.capacity_review", "quarterly"),
        ]:
            await go(pilot, key)
            assert isinstance(app.focused, ChoiceInput)
            await choose(pilot, value)
            assert s.answer(key).value == value
        assert s.score().level == 3
        assert s.score().score > score_before
        assert "Overall  L3  Reliable" in screen_text(app)

        # bool
        await go(pilot, "network.network_isolation")
        await choose(pilot, False)
        assert s.answer("network.network_isolation").value is False
        assert s.score().groups["network"].level < 3

        # bytes with a unit, validated as typed: a bad unit is refused, a good one accepted
        await go(pilot, "deployment.model_artifact_size")
        assert isinstance(app.focused, ValueInput)
        await type_text(pilot, "1.2 parsecs")
        assert "unknown unit" in screen_text(app)
        assert screen.key == "deployment.model_artifact_size"  # not accepted, still here
        await type_text(pilot, "1.2GB")
        assert s.answer("deployment.model_artifact_size").value == 1_200_000_000
        assert screen.key == "deployment.models_per_endpoint"  # accepted and moved on

        # int, float, duration, text
        await type_text(pilot, "3")
        assert s.answer("deployment.models_per_endpoint").value == 3
        await go(pilot, "cost.monthly_cost_usd")
        await type_text(pilot, "2,900.50")  # ',' is ambiguous between locales: refused, with why
        assert "not accepted in a number" in screen_text(app)
        assert screen.key == "cost.monthly_cost_usd"
        await type_text(pilot, "2_900.50")
        assert s.answer("cost.monthly_cost_usd").value == 2900.5
        await go(pilot, "traffic.p95_latency_ms")
        await type_text(pilot, "0.06s")
        assert s.answer("traffic.p95_latency_ms").value == 60
        assert s.score().groups["traffic"].level < 3  # 60 ms misses the 50 ms target
        await go(pilot, "deployment.instance_type")
        await type_text(pilot, "ml.c6i.xlarge")
        assert s.answer("deployment.instance_type").value == "ml.c6i.xlarge"

        # multi-select: space toggles, enter accepts the whole selection
        await go(pilot, "architecture.frameworks")
        assert isinstance(app.focused, MultiInput)
        await pilot.press("down", "down", "space", "enter")
        await pilot.pause()
        frameworks = s.answer("architecture.frameworks").value
        assert frameworks != ["sklearn", "xgboost"] and "xgboost" in frameworks

        # the provisioning matrix: add a row through the form
        await go(pilot, "provisioning.matrix")
        editor = screen.query_one(MatrixEditor)
        await pilot.press("a")
        await pilot.pause()
        editor.query_one("#f-region").value = "us-east-1"
        editor.query_one("#f-instance").value = "ml.g5.2xlarge"
        editor.query_one("#f-count").value = "2"
        editor.query_one("#f-count").focus()
        await pilot.press("enter")
        await pilot.pause()
        rows = s.answer("provisioning.matrix").value
        assert len(rows) == 5 and rows[-1]["instance_type"] == "ml.g5.2xlarge"
        # a bad row is refused with the core's message and changes nothing
        await pilot.press("a")
        editor.query_one("#f-region").value = "mars-1"
        editor.query_one("#f-count").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "not an AWS Region code" in shown(editor.query_one("#matrix-status"))
        assert len(s.answer("provisioning.matrix").value) == 5
        await pilot.press("escape")
        # delete a row: x asks first, Enter confirms
        await pilot.press("x")
        await wait_for_screen(pilot, ChoiceDialog)
        assert len(s.answer("provisioning.matrix").value) == 5
        await pilot.press("enter")
        await wait_for_screen(pilot, WorkloadScreen)
        assert len(s.answer("provisioning.matrix").value) == 4

        assert s.unsaved and "● unsaved" in screen.sub_title
    assert example.read_text() == before_on_disk  # nothing is written without Ctrl+S


async def test_unknown_and_not_applicable_keys(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        await go(pilot, "network.kms_encryption")
        await pilot.press("f2")
        await pilot.pause()
        assert s.answer("network.kms_encryption").state is State.UNKNOWN
        assert s.score().groups["network"].level == 0
        assert s.score().groups["network"].optimistic_level >= 3  # resolving it could reach L3+
        assert screen.key == "network.multi_variant"

        await pilot.press("f3")
        dialog = await wait_for_screen(pilot, TextDialog)
        await pilot.click("#ok")  # an empty reason is refused
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert "needs a reason" in screen_text(app)
        await pilot.press(*"single model, no A/B testing")
        await pilot.press("enter")
        await wait_for_screen(pilot, WorkloadScreen)
        a = s.answer("network.multi_variant")
        assert a.state is State.NOT_APPLICABLE and a.reason == "single model, no A/B testing"
        assert dialog is not None

        # a characteristic that must apply refuses N/A with a message, no dialog
        await go(pilot, "deployment.model_family")
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, WorkloadScreen)
        assert s.answer("deployment.model_family").state is State.VALUE


async def test_skip_logic_adds_and_removes_questions(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        asked = {ch.key for ch in s.questions()}
        assert "cold_start.tolerance_ms" not in asked  # exposure is "never"
        await go(pilot, "cold_start.exposure")
        await choose(pilot, s.rubric.get("cold_start.exposure").choices[1].id)
        asked = {ch.key for ch in s.questions()}
        assert "cold_start.tolerance_ms" in asked
        assert screen.key == "cold_start.tolerance_ms"  # the next question is the new one
        await go(pilot, "deployment.deployment_location")
        await choose(pilot, "serverless")
        assert "deployment.instance_type" not in {ch.key for ch in s.questions()}
        # back and next walk only the questions that are asked
        await go(pilot, "deployment.hosting_mode")
        await pilot.press("ctrl+n")
        await pilot.pause()
        # serverless skips the instance type, accelerator and counts, and asks its memory
        assert screen.key == "deployment.serverless_memory_mb"
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen.key == "deployment.hosting_mode"


async def test_dated_snapshot_is_read_only(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await screen.switch_profile("snapshot-2026-05-04")
        await pilot.pause()
        assert "read only" in screen.sub_title
        assert screen.query_one("#answer-input").disabled
        await pilot.press("f2")
        await pilot.pause()
        assert not screen.session.unsaved
