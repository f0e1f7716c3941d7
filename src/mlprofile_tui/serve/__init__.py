"""``mlprofile serve``: the app in a browser tab, for interviews over a video call.

textual-serve runs ``mlprofile FILE`` as a new process for every browser connection and relays
its screen over a websocket; each tab is a window of its own, with the same lock, editor slot
and save-conflict rules as two terminals on one file. Imported only by that command, so nothing
else pays for aiohttp.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from pathlib import Path

from ..core.location import Location

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def run_serve(path: Location | None, *, host: str, port: int, public_url: str | None = None) -> int:
    """Serve the app on ``path`` (None: the start screen) until Ctrl+C or SIGTERM.

    Prints the link to open (with its access token) on standard output, and a warning on
    standard error when ``host`` is not a loopback address. ``OSError`` when the address
    cannot be listened on; the file is read first, so a bad file fails here (``MlprofileError``).
    """
    from .access import new_token
    from .server import TokenServer

    if path is not None:
        from ..core.loading import load_workload

        load_workload(path)  # a file the app cannot open fails now, not in every tab
    command = [sys.executable, "-m", "mlprofile_tui.cli"]
    if path is not None:
        command.append(str(path.resolve()) if isinstance(path, Path) else str(path))
    server = TokenServer(
        shlex.join(command),
        host=host,
        port=port,
        public_url=public_url,
        token=new_token(),
        title=f"mlprofile {getattr(path, 'name', '')}".strip(),
    )
    if not is_loopback(host):
        print(
            f"mlprofile: warning: listening on {host}, reachable from other machines: anyone "
            "with the link can edit the workload as you, over plain HTTP unless a TLS proxy "
            "is in front (--public-url)",
            file=sys.stderr,
            flush=True,
        )
    server.serve()
    return 0


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False
        return all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)
