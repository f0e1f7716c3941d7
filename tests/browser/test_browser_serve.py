"""`mlprofile serve` in a real browser: Debian's chromium driven by playwright (`make
test-browser`; never part of `make test`). Playwright starts the system's chromium through
``executable_path``; it never downloads a browser.

What only a browser shows: the redirect that takes the token out of the address bar, the cookie
the page's script and websocket then carry (SameSite=Strict, checked by the browser), the
terminal drawn from the websocket, and an export arriving as a download. Every wait is on an
event (a frame received, a class on the page, a popup, a download) inside one overall bound.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil

import pytest
from serving import BOUND, serving

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.async_api")
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium")
ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


@pytest.fixture
async def browser():
    if CHROMIUM is None:
        pytest.skip("no chromium (apt-get install -y chromium)")
    async with playwright_api.async_playwright() as p:
        # --no-sandbox: CI and these machines run as root, where chromium's sandbox refuses
        b = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield b
        finally:
            await b.close()


async def test_the_app_runs_in_chromium_and_exports_a_download(browser, fraud, tmp_path):
    async with asyncio.timeout(BOUND), serving(str(fraud)) as (link, _):
        base = link.split("?", 1)[0].rstrip("/")
        page = await browser.new_page(viewport={"width": 1400, "height": 900})

        async def only_this_server(route) -> None:
            # textual-serve's page asks Google for a font: no request leaves 127.0.0.1
            if route.request.url.startswith(base + "/"):
                await route.continue_()
            else:
                await route.abort()

        await page.context.route("**/*", only_this_server)  # the download tab too
        screen = {"text": ""}
        arrived = asyncio.Event()

        def on_websocket(ws) -> None:
            def frame(payload) -> None:
                if isinstance(payload, bytes):
                    text = screen["text"] + payload.decode("utf-8", "replace")
                    screen["text"] = ESCAPES.sub("", text)
                    arrived.set()

            ws.on("framereceived", frame)

        page.on("websocket", on_websocket)

        async def shown(needle: str) -> None:
            while needle not in screen["text"]:
                arrived.clear()
                await arrived.wait()

        await page.goto(link)
        assert page.url == base + "/"  # the token left the address bar
        await shown("Card fraud scorer")
        await page.wait_for_selector("body.-first-byte")  # xterm.js drew what arrived
        await page.screenshot(path=tmp_path / "serve.png")

        await page.click(".textual-terminal")
        await page.keyboard.press("F10")
        await shown("Markdown (.md)")
        # textual.js opens the download link in a new tab; the download is the opener's event
        async with page.expect_download() as download_info:
            await page.keyboard.press("Enter")
        download = await download_info.value
        assert download.suggested_filename == "fraud.md"
        saved = tmp_path / download.suggested_filename
        await download.save_as(saved)
        assert saved.read_text(encoding="utf-8").startswith(
            "# ML workload profile: Card fraud scorer"
        )

        await page.close()  # the tab's app quits with its websocket

        # A browser without the link: refused, page and all.
        other = await browser.new_context()
        refused = await (await other.new_page()).goto(base + "/")
        assert refused is not None and refused.status == 403
        await other.close()
