"""A moto server on 127.0.0.1, seeded once per session, and hooks for what moto cannot serve.

The server is moto's own ``ThreadedMotoServer`` on a free port of this process (ready when
``start`` returns), so the tests need no pre-started service in CI. Fake credentials exist
only in this process's environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # aws_seed, aws_recorded, aws_support

import aws_seed as seed  # noqa: E402
from aws_support import (  # noqa: E402
    EXAMPLE,
    EXAMPLE_1_0,
    FAKE_KEY_ID,
    FAKE_SECRET,
    PINNED_NOW,
    S3_KEY,
    install_recorded,
)

# moto's own ThreadedMotoServer, in a process of its own (its backends are global to a process,
# and the tests' threads should not share a GIL with it): it prints its port once start() has
# returned, which is once it is serving, so the fixture waits on that line, never on time.
_SERVE = """
import os, sys
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()  # until the fixture closes our stdin
os._exit(0)
"""


def _start_moto() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    port = proc.stdout.readline().strip()
    if not port.isdigit():
        proc.kill()
        raise RuntimeError(f"moto server did not start: {proc.stderr.read()[-2000:]}")
    return proc, f"http://127.0.0.1:{port}"


def _stop_moto(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def moto_url():
    proc, url = _start_moto()
    yield url
    _stop_moto(proc)


@pytest.fixture(scope="session")
def s3_moto_url():
    """A moto server of its own for the S3 store tests: a full run of this folder once left
    the shared server unresponsive right in the store tests' (see the s3 fixture), so the
    store is tested on a server nothing else loads."""
    proc, url = _start_moto()
    yield url
    _stop_moto(proc)


@pytest.fixture(scope="session")
def aws_env(moto_url, tmp_path_factory):
    """Fake credentials and the moto endpoint in os.environ, for this test process only."""
    home = tmp_path_factory.mktemp("aws-home")
    (home / "config").write_text("[profile moto]\nregion = us-east-1\n")
    (home / "credentials").write_text("")
    mp = pytest.MonkeyPatch()
    for name in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_SECURITY_TOKEN",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
    ):
        mp.delenv(name, raising=False)
    env = {
        "AWS_ACCESS_KEY_ID": FAKE_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": moto_url,
        "AWS_CONFIG_FILE": str(home / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_MAX_ATTEMPTS": "3",
        "MLPROFILE_NOW": PINNED_NOW,
        "TZ": "UTC",
    }
    for k, v in env.items():
        mp.setenv(k, v)
    yield env
    mp.undo()


@pytest.fixture(scope="session")
def estate(aws_env):
    """The seeded account (seeded once; tests that delete things use their own endpoints)."""
    import boto3

    c = seed.clients(boto3)
    info = seed.seed(c)
    seed.put_setup_time(c["cloudwatch"], "churn-serverless", [1_800_000.0, 2_200_000.0])
    return {"clients": c, **info}


@pytest.fixture(scope="session")
def _hooked_sessions(estate):
    """boto3 sessions with the hooks installed, reused across tests (loading models is slow)."""
    from mlprofile_tui.aws import session as session_mod

    state: dict = {"extra": None, "send": None, "after": None}
    real = session_mod.new_boto3_session
    cache: dict = {}

    def make(aws_profile, region):
        key = (aws_profile, region, os.environ.get("AWS_ACCESS_KEY_ID"))
        if key not in cache:
            s = real(aws_profile, region)
            install_recorded(
                s.events, lambda op, p: state["extra"](op, p) if state["extra"] else None
            )
            s.events.register_first(
                "before-send", lambda **kw: state["send"](**kw) if state["send"] else None
            )
            s.events.register(
                "after-call", lambda **kw: state["after"](**kw) if state["after"] else None
            )
            cache[key] = s
        return cache[key]

    return state, make


@pytest.fixture
def aws_hooks(_hooked_sessions, monkeypatch):
    """Every AwsAccount built in the test reads through the recorded hooks; set ``extra``
    (operation, params) -> response, ``send`` (before-send) or ``after`` (after-call)."""
    from mlprofile_tui.aws import session as session_mod

    state, make = _hooked_sessions
    state.update(extra=None, send=None, after=None)
    monkeypatch.setattr(session_mod, "new_boto3_session", make)
    yield state
    state.update(extra=None, send=None, after=None)


@pytest.fixture
def workload(tmp_path):
    """A copy of the fraud example in rubric 1.0.0, to import into."""
    path = tmp_path / "fraud.mlprofile.toml"
    path.write_bytes(EXAMPLE_1_0.read_bytes())
    return path


@pytest.fixture
def workload_1_1(tmp_path):
    """The 1.0.0 fraud example moved to rubric 1.1.0 by ``mlprofile migrate`` (its new
    questions unanswered, as a team's migrated file is), to import into."""
    from mlprofile_tui.core.migration import migrate_file

    path = tmp_path / "fraud-1.1.mlprofile.toml"
    path.write_bytes(EXAMPLE_1_0.read_bytes())
    migrate_file(path, "1.1.0")
    return path


@pytest.fixture
def s3(aws_env, s3_moto_url, monkeypatch):
    """A fresh bucket on the store's moto server, and a fresh default store on it (its client
    made as in production, from this test's environment). ``s3.client`` is a separate client:
    "someone else" in the tests."""
    import boto3

    from mlprofile_tui.aws import s3store

    monkeypatch.setattr(s3store, "_DEFAULT", s3store.S3Store(endpoint_url=s3_moto_url))
    client = boto3.client("s3", endpoint_url=s3_moto_url)
    bucket = f"store-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)

    class S3:
        pass

    s = S3()
    s.client, s.bucket = client, bucket
    s.uri = f"s3://{bucket}/{S3_KEY}"
    s.keys = lambda: sorted(
        o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])
    )
    s.body = lambda key=S3_KEY: client.get_object(Bucket=bucket, Key=key)["Body"].read()
    s.put = lambda data, key=S3_KEY: client.put_object(Bucket=bucket, Key=key, Body=data)["ETag"]
    return s


@pytest.fixture
def seeded(s3):
    """The fraud example stored at ``s3.uri``."""
    s3.put(EXAMPLE.read_bytes())
    return s3
