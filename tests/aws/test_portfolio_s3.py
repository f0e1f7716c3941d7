"""``mlprofile portfolio s3://bucket/prefix/`` on a moto server (issue 10, items 1 and 3).

The oracle is the same files scored from a local folder: an S3 portfolio's entries must equal
the local ones but for the path, which prints as ``s3://bucket/key``. The listing is forced
into small pages (MaxKeys, set on the request as a caller could) to prove every page is read.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import uuid
from pathlib import Path

import pytest
from aws_support import access_denied, run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.mlprofile.toml"))
ENTRY_KEYS = ["path", "name", "owner", "profile", "overall", "groups", "blockers", "error"]
OVERALL_KEYS = ["level", "label", "score", "completeness", "optimistic_level"]
SUMMARY_KEYS = ["count", "errors", "levels", "top_blockers"]

_spec = importlib.util.spec_from_file_location(
    "_portfolio_files", ROOT / "bench" / "_portfolio_files.py"
)
assert _spec is not None and _spec.loader is not None
files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(files)


def _cli(capsys, *argv):
    code, out, err = run_cli(list(argv), capsys)
    assert "Traceback" not in out + err
    return code, out, err


def _upload(s3, folder: Path, prefix: str) -> dict[str, Path]:
    """Every workload file under ``folder`` put under ``prefix``, keyed by its URI."""
    uris = {}
    for path in sorted(folder.rglob("*.mlprofile.toml")):
        key = prefix + path.relative_to(folder).as_posix()
        s3.put(path.read_bytes(), key)
        uris[f"s3://{s3.bucket}/{key}"] = path
    return uris


@pytest.fixture
def fleet(s3, tmp_path):
    """20 varied workloads (enough for the scoring pool) in team folders, locally and on S3
    under ``fleet/``; beside them a README and a workload under another prefix."""
    folder = tmp_path / "fleet"
    files.write_portfolio(folder, 20)
    uris = _upload(s3, folder, "fleet/")
    s3.put(b"# notes", "fleet/README.md")
    s3.put(EXAMPLES[0].read_bytes(), "elsewhere/x.mlprofile.toml")
    return folder, uris


def _pages(page_size: int) -> list[int]:
    """Force ListObjectsV2 pages of ``page_size`` keys; the key counts of the pages read."""
    from mlprofile_tui.aws import s3store

    events = s3store.default_store().client.meta.events
    pages: list[int] = []

    def small_pages(params, **_):
        params["MaxKeys"] = page_size

    events.register("before-parameter-build.s3.ListObjectsV2", small_pages)
    events.register(
        "after-call.s3.ListObjectsV2", lambda parsed, **_: pages.append(parsed.get("KeyCount"))
    )
    return pages


def test_scores_equal_the_same_files_locally_across_every_page(s3, fleet, capsys):
    folder, uris = fleet
    pages = _pages(6)
    code, out, _ = _cli(capsys, "portfolio", f"s3://{s3.bucket}/fleet/", "--json")
    assert code in (0, 1)
    remote = json.loads(out)
    assert pages == [6, 6, 6, 3]  # 21 keys under fleet/ (README included), six a page
    local_code, local_out, _ = _cli(capsys, "portfolio", folder, "--json")
    local = json.loads(local_out)
    assert code == local_code
    # same entries in the same (key) order; the path is the object's URI, never "s3:/..."
    assert [e["path"] for e in remote["workloads"]] == sorted(uris)
    by_path = {str(p): uri for uri, p in uris.items()}
    for entry in local["workloads"]:
        entry["path"] = by_path[entry["path"]]
    assert remote["workloads"] == local["workloads"]
    assert remote["summary"] == local["summary"]
    assert remote["summary"]["errors"] == 0


def test_json_shape_is_unchanged(s3, capsys):
    s3.put(EXAMPLES[0].read_bytes(), "team/a.mlprofile.toml")
    code, out, _ = _cli(capsys, "portfolio", f"s3://{s3.bucket}/team/", "--json")
    doc = json.loads(out)
    assert list(doc) == ["workloads", "summary"]
    (entry,) = doc["workloads"]
    assert list(entry) == ENTRY_KEYS and list(entry["overall"]) == OVERALL_KEYS
    assert entry["path"] == f"s3://{s3.bucket}/team/a.mlprofile.toml" and entry["error"] is None
    assert list(doc["summary"]) == SUMMARY_KEYS and doc["summary"]["count"] == 1


def test_an_unreadable_object_is_one_entry_with_its_error(s3, capsys):
    for i, example in enumerate(EXAMPLES):
        s3.put(example.read_bytes(), f"team/{i}.mlprofile.toml")
    s3.put(b"\x00\x01binary", "team/binary.mlprofile.toml")
    s3.put(b"format = [", "team/broken.mlprofile.toml")
    denied = "team/secret.mlprofile.toml"
    s3.put(EXAMPLES[0].read_bytes(), denied)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{s3.bucket}/{denied}"],
            }
        ],
    }
    s3.client.put_bucket_policy(Bucket=s3.bucket, Policy=json.dumps(policy))
    code, out, _ = _cli(capsys, "portfolio", f"s3://{s3.bucket}/team/", "--json")
    assert code == 1
    entries = {e["path"]: e for e in json.loads(out)["workloads"]}
    base = f"s3://{s3.bucket}/team/"
    assert len(entries) == 8
    assert entries[base + "secret.mlprofile.toml"]["error"].startswith(
        f"{base}secret.mlprofile.toml: access denied for s3:GetObject"
    )
    assert entries[base + "binary.mlprofile.toml"]["error"] == (
        f"{base}binary.mlprofile.toml: is a binary file, not a TOML workload file"
    )
    assert entries[base + "broken.mlprofile.toml"]["error"].startswith(
        f"{base}broken.mlprofile.toml: malformed TOML"
    )
    good = [e for p, e in entries.items() if p[len(base)].isdigit()]
    assert len(good) == 5 and all(e["error"] is None for e in good)


def test_local_and_s3_paths_mix(s3, tmp_path, capsys):
    local = tmp_path / "here"
    local.mkdir()
    shutil.copy(EXAMPLES[1], local / "b.mlprofile.toml")
    s3.put(EXAMPLES[0].read_bytes(), "team/a.mlprofile.toml")
    code, out, _ = _cli(capsys, "portfolio", local, f"s3://{s3.bucket}/team/", "--json")
    assert code in (0, 1)
    paths = [e["path"] for e in json.loads(out)["workloads"]]
    assert paths == sorted(
        [str(local / "b.mlprofile.toml"), f"s3://{s3.bucket}/team/a.mlprofile.toml"]
    )
    # the table prints the URI whole too
    code, out, _ = _cli(capsys, "portfolio", f"s3://{s3.bucket}/team/", "--csv")
    assert f"s3://{s3.bucket}/team/a.mlprofile.toml" in out and "s3:/" + s3.bucket not in out


def test_a_bucket_that_cannot_be_listed_is_a_bad_path(s3, capsys):
    missing = f"s3://no-such-bucket-{uuid.uuid4().hex[:8]}/team/"
    code, out, err = _cli(capsys, "portfolio", missing, EXAMPLES[0], "--json")
    assert code == 2 and out == ""
    bucket = missing[5:].split("/")[0]
    assert err.splitlines() == [f"mlprofile: error: {missing}: bucket '{bucket}' does not exist"]

    # moto does not apply a bucket policy to listings: S3's own 403 answer, served to botocore
    s3.put(EXAMPLES[0].read_bytes(), "team/a.mlprofile.toml")
    from mlprofile_tui.aws import s3store

    s3store.default_store().client.meta.events.register(
        "before-send.s3.ListObjectsV2", access_denied
    )
    uri = f"s3://{s3.bucket}/team/"
    code, out, err = _cli(capsys, "portfolio", uri)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"mlprofile: error: {uri}: access denied for s3:ListObjectsV2")


def test_a_prefix_without_workloads_is_a_bad_path(s3, capsys):
    s3.put(b"# notes", "team/README.md")
    uri = f"s3://{s3.bucket}/team/"
    code, _, err = _cli(capsys, "portfolio", uri)
    assert code == 2
    assert err.splitlines() == [
        f"mlprofile: error: {uri}: no *.mlprofile.toml objects under this prefix"
    ]
