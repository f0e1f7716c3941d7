"""A moto server in a process of its own for the AWS benchmarks (the benchmark's own process
must not share its GIL with the server it measures against)."""

from __future__ import annotations

import subprocess
import sys

# moto's ThreadedMotoServer prints its port once start() has returned, i.e. once it serves.
_SERVE = """
import os, sys
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
os._exit(0)
"""


def start_moto() -> tuple[subprocess.Popen, str]:
    """(process, endpoint URL) of a moto server on 127.0.0.1; stop it with ``stop_moto``."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    port = proc.stdout.readline().strip() if proc.stdout else ""
    if not port.isdigit():
        proc.kill()
        raise SystemExit("moto server did not start")
    return proc, f"http://127.0.0.1:{port}"


def stop_moto(proc: subprocess.Popen) -> None:
    if proc.stdin:
        proc.stdin.close()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
