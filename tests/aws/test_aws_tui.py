"""The AWS import as an app action: settings dialog, worker with progress, diff to accept, cancel.

Drives the real app with Pilot against the moto server of this folder's fixtures.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from pilot_waits import wait_for_screen, wait_until

from mlprofile_tui.tui.app import MlprofileApp
from mlprofile_tui.tui.screens.aws_import import ImportRunScreen, ImportSettingsDialog
from mlprofile_tui.tui.session import Session


async def _run_until_result(pilot, app, endpoints: str) -> ImportRunScreen:
    """Fill the settings, start the import, wait until the run screen shows its result."""
    await _settings(pilot, app, endpoints)
    run = await wait_for_screen(pilot, ImportRunScreen)
    await run.reading.wait()  # the worker shows its result before it ends
    await pilot.pause()
    return run


async def _settings(pilot, app, endpoints: str, days: str = "1", region: str = "us-east-1"):
    await pilot.press("f8")
    dialog = await wait_for_screen(pilot, ImportSettingsDialog)
    dialog.query_one("#endpoints").value = endpoints
    dialog.query_one("#region").value = region
    dialog.query_one("#days").value = days
    await pilot.click("#ok")


@pytest.mark.asyncio
async def test_import_in_the_app_updates_gauges_in_memory_only(aws_hooks, workload):
    before = workload.read_bytes()
    session = Session.open(workload)
    app = MlprofileApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        run = await _run_until_result(pilot, app, "churn-prod")
        assert run.result.fatal is None
        changes = run.query_one("#changes")
        assert changes.option_count > 5
        assert "deployment.model_artifact_size" in changes.selected
        status = str(run.query_one("#status").render())
        assert "changes" in status and "not imported" in status
        # keep everything but the matrix
        changes.deselect("provisioning.matrix")
        await pilot.click("#apply")
        await wait_until(pilot, lambda: session.unsaved, "the accepted values in the session")
        answers = session.answers()
        size = answers["deployment.model_artifact_size"]
        assert size.provenance == "imported" and size.source.startswith("s3://")
        # an imported value equal to the declared one is not offered as a change
        assert answers["network.kms_encryption"].provenance == "declared"
        assert answers["provisioning.matrix"].provenance != "imported"  # deselected
        assert session.unsaved
        assert workload.read_bytes() == before  # only Ctrl+S writes


@pytest.mark.asyncio
async def test_bad_settings_are_explained_in_the_dialog(aws_hooks, workload):
    app = MlprofileApp(Session.open(workload))
    async with app.run_test(size=(120, 40)) as pilot:
        await _settings(pilot, app, "not a name!")
        await pilot.pause()
        assert isinstance(app.screen, ImportSettingsDialog)
        assert "not a SageMaker endpoint name" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportSettingsDialog)


@pytest.mark.asyncio
async def test_no_credentials_shows_why_and_changes_nothing(aws_hooks, workload, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    session = Session.open(workload)
    app = MlprofileApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        run = await _run_until_result(pilot, app, "churn-prod")
        assert "no AWS credentials found" in str(run.query_one("#status").render())
        assert run.query_one("#apply").disabled
        await pilot.click("#cancel")
        await pilot.pause()
        assert not session.unsaved


@pytest.mark.asyncio
async def test_cancel_while_reading(aws_hooks, workload):
    reading, gate = threading.Event(), threading.Event()

    def slow(operation, params):  # hold the first SageMaker call until the test cancels
        if operation == "DescribeEndpoint" and not reading.is_set():
            reading.set()
            gate.wait(60)  # a safety net only: the test opens the gate
        return None

    aws_hooks["extra"] = slow
    session = Session.open(workload)
    app = MlprofileApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settings(pilot, app, "churn-prod")
        run = await wait_for_screen(pilot, ImportRunScreen)
        assert await asyncio.to_thread(reading.wait, 60)  # the worker is inside an AWS call
        await pilot.click("#cancel")
        gate.set()
        await pilot.pause()
        assert run.cancel_event.is_set()
        assert not isinstance(app.screen, ImportRunScreen)
        assert run.reading.is_cancelled  # went with its screen; the thread stops at its next call
        assert not session.unsaved
