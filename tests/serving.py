"""``mlprofile serve`` as a process for the tests (tests/serve, tests/browser): started on a
free port of 127.0.0.1, its link read from the line it prints, stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from contextlib import asynccontextmanager

BOUND = 90  # seconds for a whole test: a bound on a stuck server, never a wait


@asynccontextmanager
async def serving(*args: str):
    """``mlprofile serve ARGS --port 0`` running; yields (the printed link, the process)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mlprofile_tui.cli",
        "serve",
        *args,
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        link = None
        assert proc.stdout is not None
        while link is None:
            line = (await proc.stdout.readline()).decode()
            assert line, f"serve ended before printing its link: {await proc.stderr.read()!r}"
            found = re.search(r"open (http://\S+\?token=\S+)", line)
            link = found and found.group(1)
        yield link, proc
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        await proc.wait()
