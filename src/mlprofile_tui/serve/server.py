"""textual-serve's server with the access token, a port chosen by the system, and our banner.

Each browser connection runs ``COMMAND`` (the app on one workload) as its own process, as a
terminal would; this module only adds what textual-serve leaves out (see ``access``).
"""

from __future__ import annotations

import asyncio
import signal
import socket

from aiohttp import web
from textual_serve.server import Server

from .access import TOKEN_PARAMETER, TokenGate


class TokenServer(Server):
    """``Server`` behind a ``TokenGate``, listening on a socket bound before the public URL is
    known, so ``port=0`` (any free port) prints the port the system picked."""

    def __init__(
        self, command: str, *, host: str, port: int, public_url: str | None, token: str, title: str
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.token = token
        self.socket = _bind(host, port)
        self.port = self.socket.getsockname()[1]
        if public_url is None:
            shown = f"[{host}]" if ":" in host else host
            self.public_url = f"http://{shown}:{self.port}"
        self.public_url = self.public_url.rstrip("/")

    @property
    def link(self) -> str:
        """What to open: the public URL with the token."""
        return f"{self.public_url}/?{TOKEN_PARAMETER}={self.token}"

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        gate = TokenGate(
            self.token, cookie=f"mlprofile_serve_{self.port}", public_url=self.public_url
        )
        app.middlewares.append(gate.middleware)
        return app

    async def on_startup(self, app: web.Application) -> None:
        # One plain line, flushed: scripts and tests read the link from it.
        print(f"mlprofile: serving on {self.public_url}; open {self.link}", flush=True)
        print("mlprofile: press Ctrl+C to stop", flush=True)

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C or SIGTERM (textual-serve's ``serve``, on our bound socket)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(
            self._make_app(),
            sock=self.socket,
            handle_signals=False,
            # Ctrl+C with tabs still open: their apps are told to quit, then the server ends
            # (aiohttp's default would wait a minute for every websocket).
            shutdown_timeout=5.0,
            loop=loop,
            print=lambda *args: None,
        )


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: a free port), IPv4 or IPv6 as ``host`` is."""
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    try:
        return socket.create_server((host, port), family=family, backlog=128)
    except OSError as e:
        raise OSError(e.errno, f"cannot listen on {host}:{port}: {e.strerror}") from None
