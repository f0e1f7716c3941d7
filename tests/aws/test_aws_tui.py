"""The AWS import as an app action: settings dialog, worker with progress, diff to accept, cancel.

Drives the real app with Pilot against the moto server of this folder's fixtures.
"""

from __future__ import annotations

import asyncio

import pytest

from mlprofile_tui.tui.app import MlprofileApp
from mlprofile_tui.tui.screens.aws_import import ImportRunScreen, ImportSettingsDialog
from mlprofile_tui.tui.session import Session


async def _wait(pilot, predicate, tries: int = 600):
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never became true")


async def _run_until_result(pilot, app, endpoints: str) -> ImportRunScreen:
    """Fill the settings, start the import, wait until the run screen shows its result."""
    await _settings(pilot, app, endpoints)
    await _wait(pilot, lambda: isinstance(app.screen, ImportRunScreen))
    run = app.screen
    await _wait(pilot, lambda: run.result is not None)
    await pilot.pause()
    return run


async def _settings(pilot, app, endpoints: str, days: str = "1", region: str = "us-east-1"):
    await pilot.press("f8")
    await _wait(pilot, lambda: isinstance(app.screen, ImportSettingsDialog))
    dialog = app.screen
    dialog.query_one("#endpoints").value = endpoints
    dialog.query_one("#region").value = region
    dialog.query_one("#days").value = days
    await pilot.click("#ok")


@pytest.mark.asyncio
async def test_import_in_the_app_updates_gauges_in_memory_only(aws_hooks, workload):
    before = workload.read_bytes()
    session = Session.open(workload)
    app = MlprofileApp(session, blink=False)
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
        await _wait(pilot, lambda: not isinstance(app.screen, ImportRunScreen))
        await pilot.pause()
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
    app = MlprofileApp(Session.open(workload), blink=False)
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
    app = MlprofileApp(session, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        run = await _run_until_result(pilot, app, "churn-prod")
        assert "no AWS credentials found" in str(run.query_one("#status").render())
        assert run.query_one("#apply").disabled
        await pilot.click("#cancel")
        await pilot.pause()
        assert not session.unsaved


@pytest.mark.asyncio
async def test_cancel_while_reading(aws_hooks, workload):
    gate = asyncio.Event()
    release = []

    def slow(operation, params):  # hold the first SageMaker call until the test cancels
        if operation == "DescribeEndpoint" and not release:
            release.append(True)
            import time

            for _ in range(200):
                if gate.is_set():
                    break
                time.sleep(0.01)
        return None

    aws_hooks["extra"] = slow
    session = Session.open(workload)
    app = MlprofileApp(session, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settings(pilot, app, "churn-prod")
        await _wait(pilot, lambda: isinstance(app.screen, ImportRunScreen))
        run = app.screen
        await _wait(pilot, lambda: bool(release))
        await pilot.click("#cancel")
        gate.set()
        await pilot.pause()
        assert run.cancel_event.is_set()
        assert not isinstance(app.screen, ImportRunScreen)
        await app.workers.wait_for_complete()
        assert not session.unsaved
