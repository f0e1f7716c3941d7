"""The app's portfolio screen on an ``s3://bucket/prefix/``, on the store's moto server: opened
from the start screen with the URI kept whole, scored as the same files are locally, S3's
refusals shown on the screen, and Enter opening an object. Every wait is on state (the screen
on top, the scoring worker), never on time.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from aws_support import access_denied
from pilot_waits import wait_for_screen, wait_until
from textual.widgets import DataTable, Input, Static

from mlprofile_tui.aws import s3store
from mlprofile_tui.core.location import ObjectLocation
from mlprofile_tui.core.portfolio import score_portfolio
from mlprofile_tui.core.portfolio_sources import discover
from mlprofile_tui.tui.app import MlprofileApp
from mlprofile_tui.tui.screens.dialogs import TextDialog
from mlprofile_tui.tui.screens.portfolio import PortfolioScreen, PortfolioWorkloadScreen
from mlprofile_tui.tui.screens.start import StartScreen

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.mlprofile.toml"))[:3]
SIZE = (120, 40)


@pytest.fixture
def team(s3, tmp_path):
    """Three examples under ``team/`` in the bucket (and a README and another prefix beside
    them), and the same files in a local folder: the oracle."""
    folder = tmp_path / "team"
    folder.mkdir()
    for path in EXAMPLES:
        (folder / path.name).write_bytes(path.read_bytes())
        s3.put(path.read_bytes(), f"team/{path.name}")
    s3.put(b"# notes", "team/README.md")
    s3.put(EXAMPLES[0].read_bytes(), "elsewhere/x.mlprofile.toml")
    return folder


async def score_from_start(pilot, typed: str) -> PortfolioScreen:
    """From the start screen: p, ``typed``, Enter; the portfolio screen once scored."""
    await wait_for_screen(pilot, StartScreen)
    await pilot.press("p")
    dialog = await wait_for_screen(pilot, TextDialog)
    dialog.query_one("#text", Input).value = typed
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, PortfolioScreen)
    await screen.worker.wait()
    await wait_until(pilot, lambda: not screen.scoring, "the scoring finished")
    return screen


def shown(widget: Static) -> str:
    """The plain text a Static shows."""
    return str(getattr(widget.content, "plain", widget.content))


def status(screen: PortfolioScreen) -> str:
    return shown(screen.query_one("#portfolio-status", Static))


async def test_an_s3_prefix_is_scored_as_the_same_files_are_locally(s3, team):
    uri = f"s3://{s3.bucket}/team/"
    app = MlprofileApp(None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await score_from_start(pilot, uri)
        # the URI kept whole (Path() would make it "s3:/bucket/team")
        assert screen.folder == uri and screen.sub_title == uri
        assert status(screen) == f"3 workloads under {uri}, 0 with errors."
        local = score_portfolio(discover([str(team)]), history=True)
        assert [e.path for e in screen.entries] == [uri + p.name for p in EXAMPLES]
        assert screen.entries == [
            dataclasses.replace(e, path=uri + Path(e.path).name) for e in local
        ]
        table = screen.query_one(DataTable)
        assert table.row_count == 3
        for i, entry in enumerate(screen.shown):
            who, _owner, overall, *_ = table.get_row_at(i)
            assert who.renderable.plain == entry.name
            assert overall.renderable.plain == f" {entry.level_id} {entry.label} "
            assert entry.level is not None

        # Enter opens the object in the cursor's row over the portfolio; Escape comes back
        table.move_cursor(row=1)
        chosen = screen.selected()
        assert chosen is not None
        await pilot.press("enter")
        workload = await wait_for_screen(pilot, PortfolioWorkloadScreen)
        assert isinstance(workload.session.path, ObjectLocation)
        assert workload.session.path.uri == chosen.path
        assert workload.session.workload.name == chosen.name
        await pilot.press("escape")
        assert await wait_for_screen(pilot, PortfolioScreen) is screen


@pytest.mark.parametrize("refusal", ["missing bucket", "access denied", "no credentials"])
async def test_s3_refusals_are_a_message_on_the_screen(s3, team, monkeypatch, refusal):
    uri = f"s3://{s3.bucket}/team/"
    if refusal == "missing bucket":
        bucket = f"no-such-bucket-{uuid.uuid4().hex[:8]}"
        uri = f"s3://{bucket}/team/"
        expected = f"{uri}: bucket '{bucket}' does not exist"
    elif refusal == "access denied":
        events = s3store.default_store().client.meta.events
        events.register("before-send.s3.ListObjectsV2", access_denied)
        expected = f"{uri}: access denied for s3:ListObjectsV2"
    else:  # the store's client is made on first use: from an environment without keys
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
        expected = f"{uri}: no AWS credentials found"
    app = MlprofileApp(None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await score_from_start(pilot, uri)
        assert status(screen).startswith(expected)
        assert screen.entries == [] and screen.query_one(DataTable).row_count == 0
        await pilot.press("escape")  # not scoring any more: back to the start screen
        await wait_for_screen(pilot, StartScreen)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("s3://Not_A_Bucket/team/", "'Not_A_Bucket' is not an S3 bucket name"),
        ("s3:///team/", "'' is not an S3 bucket name"),
    ],
)
async def test_a_malformed_uri_is_refused_in_the_dialog(typed, problem):
    app = MlprofileApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, StartScreen)
        await pilot.press("p")
        dialog = await wait_for_screen(pilot, TextDialog)
        dialog.query_one("#text", Input).value = typed
        await pilot.press("enter")
        error = dialog.query_one("#error", Static)
        await wait_until(pilot, lambda: shown(error), "the dialog's message")
        assert shown(error).startswith(problem)
        assert app.screen is dialog  # still asking: nothing was listed


def _run(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )


SCORE_IN_THE_APP = """
import asyncio, sys
{block}
from mlprofile_tui.tui.app import MlprofileApp
from mlprofile_tui.tui.screens.portfolio import PortfolioScreen

async def main():
    app = MlprofileApp(None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = PortfolioScreen({folder!r})
        await app.push_screen(screen)
        await screen.worker.wait()
        await pilot.pause()
        print(len(screen.entries), "boto3" in sys.modules, "botocore" in sys.modules)
        print(screen.query_one("#portfolio-status").content)

asyncio.run(main())
"""

BLOCK_BOTO3 = """
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('boto3', 'botocore'):
            raise ImportError('blocked for the test', name=name)
sys.meta_path.insert(0, Block())
"""


def test_a_local_portfolio_never_loads_boto3():
    p = _run(SCORE_IN_THE_APP.format(block="", folder=str(REPO / "examples")))
    assert p.returncode == 0, p.stderr
    counts, _status = p.stdout.strip().splitlines()[-2:]
    assert counts == f"{len(list((REPO / 'examples').glob('*.mlprofile.toml')))} False False"


def test_an_s3_portfolio_without_boto3_says_how_to_get_it():
    p = _run(SCORE_IN_THE_APP.format(block=BLOCK_BOTO3, folder="s3://bucket/team/"))
    assert p.returncode == 0, p.stderr
    counts, status = p.stdout.strip().splitlines()[-2:]
    assert counts == "0 False False"
    assert status.startswith("s3://bucket/team/: an S3 portfolio needs boto3; boto3 is not")
