"""The shared store on S3 (DESIGN.md §9) against the real moto server of ``conftest``.

Every command that takes a workload FILE takes ``s3://bucket/key``; reads keep the ETag and
writes are conditional, so the second of two writers is refused with the local file's
"changed since it was loaded" message (exit 2) and the first one's write survives. Failures
(no bucket, no object, access denied, throttling, no endpoint) are one message naming the
object, exit 2, and the bucket keeps only the workload objects: no temporary or lock object.
"""

from __future__ import annotations

import json
import threading
import tomllib
import uuid
from pathlib import Path

import pytest
from aws_support import EXAMPLE, S3_KEY, run_cli

from mlprofile_tui.aws import s3store
from mlprofile_tui.aws.locations import workload_location
from mlprofile_tui.core.errors import ConflictError, MlprofileError
from mlprofile_tui.core.workload import WorkloadDocument

KEY = S3_KEY


@pytest.fixture
def fast_retries(monkeypatch):
    """Keep botocore's retry loop (attempt counting, retryable codes) but not its sleeping."""
    from botocore.retries import standard

    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda self, ctx: 0.0)


def _events():
    return s3store.default_store().client.meta.events


def _cli(capsys, *argv):
    code, out, err = run_cli(list(argv), capsys)
    assert "Traceback" not in out + err
    return code, out, err


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_):
        yield self._body


def _slow_down(request):
    from botocore.awsrequest import AWSResponse

    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code>'
        b"<Message>Please reduce your request rate.</Message></Error>"
    )
    return AWSResponse(request.url, 503, {"x-amz-request-id": "slow"}, _Raw(body))


# --------------------------------------------------------------------------- moto itself


def test_moto_honours_conditional_puts(s3):
    """The probe the rest relies on: the installed moto answers both conditions as S3 does."""
    from botocore.exceptions import ClientError

    first = s3.client.put_object(Bucket=s3.bucket, Key="p", Body=b"1", IfNoneMatch="*")["ETag"]
    codes = []
    for condition in ({"IfNoneMatch": "*"}, {"IfMatch": '"0123"'}):
        with pytest.raises(ClientError) as e:
            s3.client.put_object(Bucket=s3.bucket, Key="p", Body=b"2", **condition)
        codes.append(e.value.response["Error"]["Code"])
    s3.client.put_object(Bucket=s3.bucket, Key="p", Body=b"3", IfMatch=first)
    assert codes == ["PreconditionFailed", "PreconditionFailed"]
    assert s3.body("p") == b"3"


# --------------------------------------------------------------------------- every command


def test_new_then_every_reading_command_works_on_the_object(s3, capsys):
    code, out, _ = _cli(capsys, "new", s3.uri, "--name", "Fraud", "--owner", "risk")
    assert code == 0 and s3.uri in out
    assert tomllib.loads(s3.body().decode())["workload"]["name"] == "Fraud"
    for argv in (
        ["show", s3.uri, "--json"],
        ["score", s3.uri, "--json"],
        ["compare", s3.uri, "--json"],
        ["validate", s3.uri],
        ["export", s3.uri, "--format", "json"],
    ):
        code, out, err = _cli(capsys, *argv)
        assert code == 0, (argv, err)
    code, out, _ = _cli(capsys, "check", s3.uri, "--min-level", "1")
    assert code == 1 and "below the required L1" in out  # an empty profile is L0
    assert s3.keys() == [KEY]


def test_reading_an_object_means_what_the_same_file_means(seeded, capsys, tmp_path):
    local = tmp_path / "fraud.mlprofile.toml"
    local.write_bytes(EXAMPLE.read_bytes())
    for command in ("score", "show", "compare"):
        _, remote_out, _ = _cli(capsys, command, seeded.uri, "--json")
        _, local_out, _ = _cli(capsys, command, local, "--json")
        assert json.loads(remote_out) == json.loads(local_out.replace(str(local), seeded.uri))


def test_set_branch_snapshot_write_the_object_conditionally(seeded, capsys):
    sent = []
    _events().register(
        "before-parameter-build.s3.PutObject", lambda params, **_: sent.append(dict(params))
    )
    wire = []  # what went over the wire: S3 checks the body against its checksum
    _events().register("before-send.s3.PutObject", lambda request, **_: wire.append(request))
    assert _cli(capsys, "set", seeded.uri, "traffic.latency_target_ms=80ms")[0] == 0
    assert _cli(capsys, "branch", seeded.uri, "--from", "current", "--name", "lean",
                "--rationale", "cheaper")[0] == 0  # fmt: skip
    assert _cli(capsys, "snapshot", seeded.uri, "--name", "before-review")[0] == 0
    data = tomllib.loads(seeded.body().decode())
    assert data["profiles"]["current"]["values"]["traffic.latency_target_ms"]["value"] == 80
    assert {"lean", "before-review"} <= set(data["profiles"])
    # Each write names the ETag the command read; nothing else was put in the bucket.
    assert len(sent) == 3 and all(p.get("IfMatch") for p in sent)
    assert all("x-amz-checksum-crc32" in {h.lower() for h in r.headers} for r in wire)
    assert len({p["IfMatch"] for p in sent}) == 3
    assert seeded.keys() == [KEY]


def test_an_edit_keeps_every_other_byte(seeded, capsys):
    before = EXAMPLE.read_text()
    assert _cli(capsys, "set", seeded.uri, "traffic.latency_target_ms=80ms")[0] == 0
    after = seeded.body().decode()
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert len(before.splitlines()) == len(after.splitlines()) and len(changed) == 1


def test_new_refuses_an_existing_object(seeded, capsys):
    code, _, err = _cli(capsys, "new", seeded.uri, "--name", "Other")
    assert code == 2 and f"{seeded.uri}: already exists; not overwriting it" in err
    assert seeded.body() == EXAMPLE.read_bytes()


def test_two_news_racing_for_one_key_one_wins(s3):
    created = threading.Event()

    def someone_else_creates_it(**_):
        if not created.is_set():
            created.set()
            s3.client.put_object(Bucket=s3.bucket, Key=KEY, Body=EXAMPLE.read_bytes())

    _events().register("before-send.s3.PutObject", someone_else_creates_it)
    from mlprofile_tui.core.creation import create_workload

    with pytest.raises(MlprofileError, match="already exists"):
        create_workload(workload_location(s3.uri), "Mine", "", None)
    assert s3.body() == EXAMPLE.read_bytes()


# --------------------------------------------------------------------------- the race


def test_two_interviewers_the_second_save_is_refused_and_the_first_survives(seeded):
    first = WorkloadDocument.load(workload_location(seeded.uri), edit=True)
    second = WorkloadDocument.load(workload_location(seeded.uri), edit=True)
    from mlprofile_tui.core.values import parse_answer

    def answer(doc, text):
        ch = doc.rubric.get("traffic.latency_target_ms")
        doc.set_answer("current", ch.key, parse_answer(ch, text))

    answer(first, "80ms")
    answer(second, "300ms")
    first.save()
    with pytest.raises(ConflictError) as e:
        second.save()
    assert str(e.value).startswith(f"{seeded.uri}: changed in the store since it was loaded")
    stored = tomllib.loads(seeded.body().decode())
    assert stored["profiles"]["current"]["values"]["traffic.latency_target_ms"]["value"] == 80
    # The winner goes on saving: its ETag is the stored one now.
    answer(first, "90ms")
    first.save()
    assert seeded.keys() == [KEY]


def test_the_cli_loser_gets_the_local_message_and_exit_2(seeded, capsys):
    other = b"# saved by another interviewer\n" + EXAMPLE.read_bytes()

    def someone_saves_meanwhile(http_response, **_):
        seeded.put(other)  # right after our read: our ETag is stale now

    _events().register("after-call.s3.GetObject", someone_saves_meanwhile)
    code, _, err = _cli(capsys, "set", seeded.uri, "traffic.latency_target_ms=80ms")
    assert code == 2
    assert f"{seeded.uri}: changed in the store since it was loaded" in err
    assert seeded.body() == other and seeded.keys() == [KEY]


def test_a_write_conflict_in_flight_409_is_the_same_conflict(seeded):
    """S3 answers 409 ConditionalRequestConflict while another conditional write to the key is
    in flight; moto never does, so this one answer is served by botocore's Stubber."""
    from botocore.stub import Stubber

    store = s3store.S3Store(s3store.default_store().client)
    doc = WorkloadDocument.load(store.location(seeded.uri), edit=True)
    doc.set_profile_rationale("current", "checked")
    with Stubber(store.client) as stub:
        stub.add_client_error(
            "put_object", service_error_code="ConditionalRequestConflict", http_status_code=409
        )
        with pytest.raises(ConflictError, match="changed in the store since it was loaded"):
            doc.save()
    assert seeded.body() == EXAMPLE.read_bytes()


def test_an_object_deleted_since_it_was_loaded_is_not_written_back(seeded, capsys):
    def someone_deletes_it(**_):
        seeded.client.delete_object(Bucket=seeded.bucket, Key=KEY)

    _events().register("after-call.s3.GetObject", someone_deletes_it)
    code, _, err = _cli(capsys, "set", seeded.uri, "traffic.latency_target_ms=80ms")
    assert code == 2 and "was deleted from the store since it was loaded" in err
    assert seeded.keys() == []


def test_save_as_to_a_new_object_and_never_over_an_existing_one(seeded):
    doc = WorkloadDocument.load(workload_location(seeded.uri), edit=True)
    doc.set_profile_rationale("current", "mine")
    mine = workload_location(f"s3://{seeded.bucket}/team/fraud.mine.mlprofile.toml")
    doc.save(mine)
    assert seeded.body() == EXAMPLE.read_bytes()
    assert b"mine" in seeded.body("team/fraud.mine.mlprofile.toml")
    with pytest.raises(MlprofileError, match="already exists"):
        doc.save(workload_location(seeded.uri.replace("fraud.", "fraud.mine.")))


def test_bytes_that_do_not_mean_the_intended_model_are_never_sent(seeded, monkeypatch):
    from mlprofile_tui.core import document

    doc = WorkloadDocument.load(workload_location(seeded.uri), edit=True)
    doc.set_profile_rationale("current", "x")
    real = document.parse_toml
    monkeypatch.setattr(document, "parse_toml", lambda text, path: {**real(text, path), "x": 1})
    sent = []
    _events().register("before-send.s3.PutObject", lambda **kw: sent.append(kw))
    with pytest.raises(MlprofileError, match="does not read back as the intended workload"):
        doc.save()
    assert sent == [] and seeded.body() == EXAMPLE.read_bytes()


# --------------------------------------------------------------------------- failures


def test_missing_bucket(s3, capsys):
    uri = f"s3://no-such-bucket-{uuid.uuid4().hex[:8]}/w.mlprofile.toml"
    code, _, err = _cli(capsys, "show", uri)
    assert code == 2 and err.strip().endswith(
        f"{uri}: bucket '{uri[5:].split('/')[0]}' does not exist"
    )


def test_missing_object(s3, capsys):
    code, _, err = _cli(capsys, "score", s3.uri)
    assert code == 2 and f"{s3.uri}: no such object" in err


def _deny(s3, actions: list[str]) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": actions,
                "Resource": [f"arn:aws:s3:::{s3.bucket}", f"arn:aws:s3:::{s3.bucket}/*"],
            }
        ],
    }
    s3.client.put_bucket_policy(Bucket=s3.bucket, Policy=json.dumps(policy))


def test_access_denied_on_read(seeded, capsys):
    _deny(seeded, ["s3:GetObject"])
    code, _, err = _cli(capsys, "show", seeded.uri)
    assert code == 2
    assert f"{seeded.uri}: access denied for s3:GetObject" in err
    assert "`mlprofile docs iam-policy-store`" in err


def test_access_denied_on_write_leaves_the_object_alone(seeded, capsys):
    _deny(seeded, ["s3:PutObject"])
    code, _, err = _cli(capsys, "set", seeded.uri, "traffic.latency_target_ms=80ms")
    assert code == 2 and f"{seeded.uri}: access denied for s3:PutObject" in err
    assert seeded.body() == EXAMPLE.read_bytes()


def test_throttling_is_retried_by_botocore(seeded, fast_retries):
    attempts = []

    def slow_down_twice(request, **_):
        attempts.append(1)
        return _slow_down(request) if len(attempts) < 3 else None  # AWS_MAX_ATTEMPTS=3

    _events().register_first("before-send.s3.GetObject", slow_down_twice)
    doc = WorkloadDocument.load(workload_location(seeded.uri))
    assert len(attempts) == 3 and doc.workload.name


def test_throttling_past_the_attempt_limit_is_one_message(seeded, capsys, fast_retries):
    attempts = []

    def always_slow_down(request, **_):
        attempts.append(1)
        return _slow_down(request)

    _events().register_first("before-send.s3.PutObject", always_slow_down)
    code, _, err = _cli(capsys, "set", seeded.uri, "traffic.latency_target_ms=80ms")
    assert code == 2 and len(attempts) == 3
    assert (
        f"{seeded.uri}: S3 is throttling requests (SlowDown) and still was after 3 attempts" in err
    )
    assert seeded.body() == EXAMPLE.read_bytes()


def test_unreachable_endpoint(aws_env, monkeypatch, capsys, fast_retries):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setattr(s3store, "_DEFAULT", None)
    uri = "s3://some-bucket/w.mlprofile.toml"
    code, _, err = _cli(capsys, "show", uri)
    assert code == 2 and f"{uri}: cannot reach S3" in err and "AWS_ENDPOINT_URL" in err


def test_no_credentials(s3, monkeypatch, capsys):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setattr(s3store, "_DEFAULT", None)
    code, _, err = _cli(capsys, "show", s3.uri)
    assert code == 2 and f"{s3.uri}: no AWS credentials found" in err


@pytest.mark.parametrize(
    "uri, message",
    [
        ("s3://Bad_Bucket/w.mlprofile.toml", "is not an S3 bucket name"),
        ("s3://good-bucket/", "names a bucket or a prefix, not an object"),
        ("s3://good-bucket", "names a bucket or a prefix, not an object"),
        ("gs://good-bucket/w.mlprofile.toml", "gs:// is not a store mlprofile knows"),
    ],
)
def test_malformed_uris_are_bad_input(uri, message, capsys):
    code, _, err = _cli(capsys, "show", uri)
    assert code == 2 and f"{uri}: " in err and message in err


def test_a_workload_on_s3_names_only_a_builtin_rubric(s3, capsys, tmp_path):
    rubric = tmp_path / "team.rubric.toml"
    rubric.write_text("x = 1\n")
    code, _, err = _cli(capsys, "new", s3.uri, "--name", "X", "--rubric", str(rubric))
    assert code == 2 and "a rubric file cannot travel with it" in err and s3.keys() == []


def test_an_object_larger_than_a_workload_is_refused_unread(s3, capsys):
    from mlprofile_tui.core.textfile import MAX_BYTES

    s3.put(b"#" * (MAX_BYTES + 1))
    code, _, err = _cli(capsys, "show", s3.uri)
    assert code == 2 and f"a workload file is at most {MAX_BYTES:,} bytes" in err


# --------------------------------------------------------------------------- many objects


def _fill(s3, n: int, prefix: str = "fleet/") -> list[str]:
    body = EXAMPLE.read_bytes()
    keys = [f"{prefix}w{i:04d}.mlprofile.toml" for i in range(n)]
    for k in keys:
        s3.put(body, k)
    return keys


def test_listing_follows_every_page_and_keeps_only_workloads(s3):
    keys = _fill(s3, 23)
    s3.put(b"notes", "fleet/README.md")
    s3.put(EXAMPLE.read_bytes(), "elsewhere/x.mlprofile.toml")
    pages = []
    store = s3store.default_store()
    store.client.meta.events.register(
        "after-call.s3.ListObjectsV2", lambda parsed, **_: pages.append(parsed.get("KeyCount"))
    )
    found = store.list_workloads(s3.bucket, "fleet/", page_size=5)
    assert found == [f"s3://{s3.bucket}/{k}" for k in keys]
    assert pages == [5, 5, 5, 5, 4]  # 24 keys under the prefix, five a page


def test_listing_a_missing_bucket_names_it(s3):
    with pytest.raises(MlprofileError, match=r"s3://no-bucket-here-1/fleet/: bucket"):
        s3store.list_workloads("no-bucket-here-1", "fleet/")


def test_read_many_reads_concurrently_in_order_and_reports_each_failure(s3):
    keys = _fill(s3, 12)
    uris = [f"s3://{s3.bucket}/{k}" for k in keys]
    missing = f"s3://{s3.bucket}/fleet/gone.mlprofile.toml"
    uris.insert(5, missing)
    # Two GetObject calls must be in flight at once to pass this barrier: a sequential loop
    # would break it (BrokenBarrierError after its timeout) instead of hanging.
    together = threading.Barrier(2, timeout=30)
    first_two = []

    def meet(**_):
        with lock:
            first_two.append(1)
            mine = len(first_two)
        if mine <= 2:
            together.wait()

    lock = threading.Lock()
    s3store.default_store().client.meta.events.register("before-send.s3.GetObject", meet)
    results = s3store.read_many(uris)
    assert [r.uri for r in results] == uris
    assert results[5].stored is None and "no such object" in str(results[5].error)
    good = [r for r in results if r.error is None]
    assert len(good) == 12 and all(r.stored.data == EXAMPLE.read_bytes() for r in good)
    assert all(r.stored.etag.startswith('"') for r in good)


# --------------------------------------------------------------------------- the IAM policy

POLICY = Path(__file__).resolve().parents[2] / "docs" / "iam-policy-store.json"
# The IAM action each S3 operation needs (Service Authorization Reference for Amazon S3; the
# ListObjectsV2 API reference: "you must have permission to perform the s3:ListBucket action").
IAM_ACTION = {
    "GetObject": "s3:GetObject",
    "PutObject": "s3:PutObject",
    "ListObjectsV2": "s3:ListBucket",
}


def test_the_policy_grants_exactly_the_actions_the_store_calls(s3, capsys):
    called = set()
    store = s3store.default_store()
    store.client.meta.events.register("before-call.s3", lambda model, **_: called.add(model.name))
    # Everything the store does: create, read, edit, save as, list and read many.
    assert _cli(capsys, "new", s3.uri, "--name", "W")[0] == 0
    assert _cli(capsys, "set", s3.uri, "traffic.latency_target_ms=80ms")[0] == 0
    assert _cli(capsys, "score", s3.uri)[0] == 0
    store.read_many(store.list_workloads(s3.bucket, "team/"))
    assert called == set(s3store.OPERATIONS)

    policy = json.loads(POLICY.read_text())
    statements = policy["Statement"]
    assert policy["Version"] == "2012-10-17"
    assert all(st["Effect"] == "Allow" for st in statements)
    granted = {
        a
        for st in statements
        for a in ([st["Action"]] if isinstance(st["Action"], str) else st["Action"])
    }
    assert granted == {IAM_ACTION[op] for op in called}
    for st in statements:
        resources = [st["Resource"]] if isinstance(st["Resource"], str) else st["Resource"]
        assert "*" not in resources and all(r.startswith("arn:aws:s3:::") for r in resources)
        if "s3:ListBucket" in st["Action"]:
            # the bucket, listed under the store's prefix only
            assert all("/" not in r.removeprefix("arn:aws:s3:::") for r in resources)
            assert set(st["Condition"]["StringLike"]) == {"s3:prefix"}
        else:  # objects under the prefix only
            assert all(r.count("/") >= 2 for r in resources)


def test_migrate_moves_an_object_to_the_newer_rubric(s3, capsys):
    from aws_support import EXAMPLE_1_0

    s3.put(EXAMPLE_1_0.read_bytes())
    code, out, err = _cli(capsys, "migrate", s3.uri, "--to", "1.1.0", "--json")
    assert code == 0, err
    assert json.loads(out)["file"] == s3.uri and json.loads(out)["written"] is True
    assert tomllib.loads(s3.body().decode())["rubric"]["version"] == "1.1.0"
    assert s3.keys() == [KEY]


def test_import_aws_into_an_object(seeded, aws_hooks, capsys):
    code, out, err = _cli(
        capsys, "import-aws", seeded.uri, "--endpoint", "churn-prod", "--days", "1"
    )
    assert code == 0, out + err
    assert f"wrote {seeded.uri}" in out
    values = tomllib.loads(seeded.body().decode())["profiles"]["current"]["values"]
    assert any(v.get("provenance") == "imported" for v in values.values())
    assert seeded.keys() == [KEY]


def test_read_many_reports_progress_and_stops_when_cancelled(s3):
    keys = _fill(s3, 6)
    uris = [f"s3://{s3.bucket}/{k}" for k in keys]
    done = []
    store = s3store.default_store()
    results = store.read_many(uris, progress=done.append)
    assert sorted(done) == [1, 2, 3, 4, 5, 6] and all(r.error is None for r in results)
    cancel = threading.Event()
    cancel.set()
    gets = []
    store.client.meta.events.register("before-send.s3.GetObject", lambda **kw: gets.append(1))
    cancelled = store.read_many(uris, cancel=cancel)
    assert gets == [] and all(str(r.error).endswith(": cancelled") for r in cancelled)
