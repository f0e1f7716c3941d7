"""Benchmark: listing and reading workloads in S3, concurrent vs. a sequential loop (DESIGN.md §8).

    python bench/bench_s3.py [--objects 1000] [--latency-ms 20] [--repeat 3] [--workers 16]

Starts its own moto server on 127.0.0.1 (fake credentials in this process only), stores N
copies of the fraud example under one prefix, then, alternating and on the same server:
- concurrent: ``S3Store.list_workloads`` (ListObjectsV2, every page) + ``S3Store.read_many``
  (GetObject on a thread pool sharing one client);
- sequential: the same listing + a plain loop of ``S3Store.get``, one object after another.
Budget: concurrent >= 4x faster than the sequential loop.

The round trip to S3 is simulated by a botocore ``before-send`` hook that sleeps ``--latency-ms``
before every HTTP request, and the request then really goes to moto. Why that is fair: a real
S3 request spends its round trip waiting on a socket, which releases the GIL exactly as
``time.sleep`` does, so threads overlap their waits the same way; the delay is on every request
of both variants (listing pages included, retries if any); moto's own work per request (a few
ms of Python on a 2-core machine, in another process) is real and paid by both, and it, not the
sleep, bounds the concurrent variant. A delaying TCP proxy would also delay connection setup,
which a pooled keep-alive client pays once per connection; that is left out (it would favour
neither side much: 16 connections vs. 1). Figures are medians, each printed beside its baseline
from the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))
EXAMPLE = REPO / "examples" / "fraud-scorer.mlprofile.toml"
BUCKET = "bench-store"
PREFIX = "fleet/"

from _moto import start_moto, stop_moto  # noqa: E402  (bench/ is on sys.path above)


def fake_environment(url: str) -> None:
    home = Path(tempfile.mkdtemp(prefix="bench-s3-"))
    (home / "config").write_text("")
    (home / "credentials").write_text("")
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ENDPOINT_URL=url,
        AWS_CONFIG_FILE=str(home / "config"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / "credentials"),
        AWS_EC2_METADATA_DISABLED="true",
    )


def seed(client, n: int) -> None:
    body = EXAMPLE.read_bytes()
    client.create_bucket(Bucket=BUCKET)
    keys = [f"{PREFIX}w{i:05d}.mlprofile.toml" for i in range(n)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: client.put_object(Bucket=BUCKET, Key=k, Body=body), keys))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--objects", type=int, default=1000)
    ap.add_argument("--latency-ms", type=float, default=20.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=16)
    opts = ap.parse_args()

    proc, url = start_moto()
    try:
        fake_environment(url)
        from mlprofile_tui.aws.s3store import S3Store

        store = S3Store(max_workers=opts.workers)
        seed(store.client, opts.objects)
        delay = opts.latency_ms / 1000
        requests = []

        def round_trip(**_):
            requests.append(1)
            time.sleep(delay)  # the simulated network wait (releases the GIL like a socket)

        store.client.meta.events.register("before-send.s3", round_trip)

        def concurrent() -> int:
            results = store.read_many(store.list_workloads(BUCKET, PREFIX))
            assert all(r.error is None for r in results), [r.error for r in results][:3]
            return len(results)

        def sequential() -> int:
            uris = store.list_workloads(BUCKET, PREFIX)
            return len([store.get(store.location(u)) for u in uris])

        assert concurrent() == sequential() == opts.objects  # warm: connections, models
        runs: dict[str, list[float]] = {"concurrent": [], "sequential": []}
        for _ in range(opts.repeat):  # alternating: drift on a shared machine hits both
            for name, fn in (("sequential", sequential), ("concurrent", concurrent)):
                start = time.perf_counter()
                fn()
                runs[name].append(time.perf_counter() - start)
        seq = statistics.median(runs["sequential"])
        con = statistics.median(runs["concurrent"])
        per_run = len(requests) // (2 * opts.repeat + 2)
        print(
            f"S3 store: list + read {opts.objects} objects, {opts.latency_ms:g} ms simulated round "
            f"trip (before-send hook), {opts.workers} workers, {per_run} requests a run, median "
            f"of {opts.repeat}"
        )
        print(f"{'sequential loop (baseline)':<36} {seq:8.3f} s")
        print(
            f"{'concurrent list_workloads+read_many':<36} {con:8.3f} s   vs sequential "
            f"{seq:8.3f} s   speed-up {seq / con:5.2f}x   budget >= 4x   "
            f"{'ok' if seq / con >= 4 else 'OVER BUDGET'}"
        )
        floor = per_run * delay
        print(
            f"{'(latency alone, one request at a time)':<36} {floor:8.3f} s   "
            f"everything but the sleep ~{max(seq - floor, 0) / per_run * 1e3:.2f} ms a request"
        )
    finally:
        stop_moto(proc)


if __name__ == "__main__":
    main()
