"""`mlprofile serve` end to end: a real server process on a free port of 127.0.0.1, its access
token, and the app it runs per websocket (textual-serve's protocol, spoken with aiohttp's
client).

Every wait is on something arriving (a line the server prints, a websocket frame), inside one
overall bound per test: nothing sleeps.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import re
import signal
import sys
from urllib.parse import urlsplit

import pytest
from serving import BOUND, serving

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("textual_serve")

# CSI and OSC sequences, and two-character escapes: what is left is the text the app wrote.
ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
F10 = "\x1b[21~"


class Tab:
    """One browser tab's websocket: keys in, the app's screen out as plain text."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.text = ""
        self.events: list[list] = []
        self._utf8 = codecs.getincrementaldecoder("utf-8")("replace")  # frames split characters

    async def wait_for(self, *needles: str) -> None:
        """Read frames until every needle is in the text the app has written."""
        while not all(n in self.text for n in needles):
            await self._read(needles)

    async def wait_for_event(self, kind: str) -> list:
        """Read frames until the server sends a ``[kind, ...]`` message; returns it."""
        while not any(e[0] == kind for e in self.events):
            await self._read(kind)
        return next(e for e in self.events if e[0] == kind)

    async def _read(self, awaited: object) -> None:
        message = await self.ws.receive()
        if message.type == aiohttp.WSMsgType.BINARY:
            self.text = ESCAPES.sub("", self.text + self._utf8.decode(message.data))
        elif message.type == aiohttp.WSMsgType.TEXT:
            self.events.append(json.loads(message.data))
        else:
            raise AssertionError(f"websocket ended ({message.type}) before {awaited!r}")

    async def press(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))


def _session():
    # unsafe: aiohttp keeps no cookies for IP-address hosts otherwise (browsers do)
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def test_token_required_for_page_assets_and_websocket(fraud):
    async with asyncio.timeout(BOUND), serving(str(fraud)) as (link, _):
        base = link.split("?", 1)[0].rstrip("/")
        token = link.split("token=", 1)[1]
        async with _session() as anonymous:
            for path in ("/", "/static/js/textual.js", f"/?token={token[:-1]}x"):
                async with anonymous.get(base + path) as r:
                    assert r.status == 403, path
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await anonymous.ws_connect(f"{base}/ws?width=80&height=24")
            assert refused.value.status == 403
        async with _session() as browser:
            async with browser.get(link, allow_redirects=False) as r:
                assert r.status == 302
                assert "token" not in r.headers["Location"]  # out of the address bar
                cookie = r.cookies[f"mlprofile_serve_{urlsplit(base).port}"]
                assert cookie["httponly"] and cookie["samesite"] == "Strict"
            async with browser.get(base + "/") as r:  # the cookie from now on
                assert r.status == 200
                assert "/ws" in await r.text()
            async with browser.get(base + "/static/js/textual.js") as r:
                assert r.status == 200
            with pytest.raises(aiohttp.WSServerHandshakeError) as foreign:
                await browser.ws_connect(
                    f"{base}/ws?width=80&height=24", headers={"Origin": "http://evil.example"}
                )
            assert foreign.value.status == 403


async def test_two_tabs_edit_one_file_and_download_an_export(fraud):
    async with asyncio.timeout(BOUND), serving(str(fraud)) as (link, _):
        base = link.split("?", 1)[0].rstrip("/")
        async with _session() as browser:
            async with browser.get(link) as r:  # as a browser: the page, then the cookie
                assert r.status == 200
            ws_url = f"{base}/ws?width=120&height=40"
            headers = {"Origin": base}
            async with browser.ws_connect(ws_url, headers=headers) as first:
                one = Tab(first)
                await one.wait_for("Card fraud scorer", "fraud.mlprofile.toml")
                async with browser.ws_connect(ws_url, headers=headers) as second:
                    two = Tab(second)
                    # the editor slots of two windows: the second says the file is open twice
                    await two.wait_for("Card fraud scorer", "Open elsewhere too")
                    await two.press(F10)
                    await two.wait_for("Markdown (.md)")
                    await two.press("\r")  # the first format, markdown
                    _, key = await two.wait_for_event("deliver_file_start")
                    async with browser.get(f"{base}/download/{key}") as r:
                        assert r.status == 200
                        assert "fraud.md" in r.headers["Content-Disposition"]
                        body = await r.text()
                    assert body.startswith("# ML workload profile: Card fraud scorer")
                    await two.wait_for("Handed to the browser")
        async with _session() as anonymous:
            async with anonymous.get(f"{base}/download/{key}") as r:
                assert r.status == 403


async def test_a_bad_file_fails_before_serving(tmp_path):
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mlprofile_tui.cli",
        "serve",
        str(tmp_path / "missing.mlprofile.toml"),
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(BOUND):
        out, err = await proc.communicate()
    assert proc.returncode == 2
    assert b"missing.mlprofile.toml" in err and b"token" not in out


async def test_a_host_beyond_this_machine_is_warned_about(fraud):
    # 0.0.0.0 listens on every interface; the test talks to it on 127.0.0.1 only
    async with asyncio.timeout(BOUND), serving(str(fraud), "--host", "0.0.0.0") as (link, proc):
        assert link.startswith("http://0.0.0.0:")
        proc.send_signal(signal.SIGTERM)
        assert proc.stderr is not None
        warning = (await proc.stderr.read()).decode()
    assert "warning: listening on 0.0.0.0" in warning


def test_only_serving_loads_aiohttp():
    """The parser knows `serve`, yet no other command pays for aiohttp or textual-serve."""
    import subprocess

    script = (
        "import contextlib, io, sys\n"
        "from mlprofile_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    with contextlib.suppress(SystemExit):\n"
        "        main(['serve', '--help'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'textual_serve')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=BOUND
    )
    assert out.stdout.strip() == "[]"


def test_the_web_driver_opens_the_app_without_a_terminal(monkeypatch, fraud):
    """textual-serve runs `mlprofile FILE` over pipes with TEXTUAL_DRIVER set: the app opens
    (through its entry point) instead of the plain overview printed when nothing can show it."""
    from mlprofile_tui import frontends
    from mlprofile_tui.cli import entry

    opened = []
    monkeypatch.setattr(frontends, "load", lambda name: lambda path: opened.append(path) or 0)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert entry.main([str(fraud)]) == 0
    assert opened == [fraud]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.7", False),
    ],
)
def test_loopback_hosts_are_not_warned_about(host, loopback):
    from mlprofile_tui.serve import is_loopback

    assert is_loopback(host) is loopback
