"""boto3 is imported only on the AWS path: other commands never pay for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(code: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PYTHONPATH"] = str(REPO / "src")
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=60
    )


BLOCK_BOTO3 = (
    "import sys\n"
    "class Block:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] in ('boto3', 'botocore'):\n"
    "            raise ImportError('blocked for the test')\n"
    "sys.meta_path.insert(0, Block())\n"
)
"""Code a child process runs first: boto3 and botocore cannot be imported, as when missing."""


def test_score_does_not_import_boto3():
    p = _run(
        "import sys\n"
        "from mlprofile_tui.cli import main\n"
        "code = main(['score', 'examples/fraud-scorer.mlprofile.toml'])\n"
        "import mlprofile_tui.aws, mlprofile_tui.aws.importer, mlprofile_tui.aws.quotas, "
        "mlprofile_tui.cli.aws_commands\n"
        "print('EXIT', code, 'boto3' in sys.modules, 'botocore' in sys.modules)"
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().splitlines()[-1] == "EXIT 0 False False"


def test_import_aws_without_boto3_says_how_to_get_it(tmp_path):
    target = tmp_path / "w.mlprofile.toml"
    target.write_bytes((REPO / "examples" / "fraud-scorer.mlprofile.toml").read_bytes())
    p = _run(
        BLOCK_BOTO3 + "from mlprofile_tui.cli import main\n"
        f"sys.exit(main(['import-aws', {str(target)!r}, '--endpoint', 'x',"
        " '--region', 'us-east-1']))"
    )
    assert p.returncode == 2
    assert "needs boto3; boto3 is not installed beside mlprofile" in p.stderr
    assert "`pipx inject mlprofile-tui boto3`" in p.stderr and "mlprofile-tui[aws]" not in p.stderr
    assert "Traceback" not in p.stderr


def test_local_files_never_load_the_s3_store():
    """Every FILE argument goes through the location parser; a local one stays boto3-free,
    also for commands that write (set) and read many (validate)."""
    target = REPO / "examples" / "fraud-scorer.mlprofile.toml"
    p = _run(
        "import shutil, sys, tempfile\n"
        "from mlprofile_tui.cli import main\n"
        "import mlprofile_tui.aws.locations\n"
        f"copy = shutil.copy({str(target)!r}, tempfile.mkdtemp())\n"
        "codes = [main(['set', copy, 'traffic.latency_target_ms=80ms']),\n"
        "         main(['validate', copy, copy]), main(['show', copy, '--json'])]\n"
        "print('EXIT', codes, 'boto3' in sys.modules, 'mlprofile_tui.aws.s3store' in sys.modules)"
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().splitlines()[-1] == "EXIT [0, 0, 0] False False"


def test_an_s3_location_loads_boto3_only_then():
    p = _run(
        "import sys\n"
        "from mlprofile_tui.cli import main\n"
        "code = main(['show', 's3://Not_A_Bucket/w.mlprofile.toml'])\n"
        "before = 'boto3' in sys.modules\n"
        "code2 = main(['show', 's3://no-such-bucket-x/w.mlprofile.toml'])\n"
        "print('EXIT', code, before, code2, 'boto3' in sys.modules)",
        # nothing is listening there: the read fails fast, and only after boto3 was loaded
        {
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_MAX_ATTEMPTS": "1",
        },
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().splitlines()[-1] == "EXIT 2 False 2 True"
    assert "cannot reach S3" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["portfolio", "s3://bucket/team/"],
        ["portfolio", "examples/", "s3://bucket/team/", "--json"],
        ["show", "s3://bucket/team/w.mlprofile.toml"],
        ["validate", "s3://bucket/team/w.mlprofile.toml"],
        ["set", "s3://bucket/team/w.mlprofile.toml", "cost.instance_count=2"],
    ],
    ids=["portfolio", "portfolio-mixed-json", "show", "validate", "set"],
)
def test_every_s3_path_without_boto3_says_how_to_get_it(argv):
    """Any command given an s3:// path, with boto3 missing: one line saying how to install
    it, exit 2 (1 where the command reports per file and goes on), never a traceback."""
    p = _run(BLOCK_BOTO3 + f"from mlprofile_tui.cli import main\nsys.exit(main({argv!r}))")
    assert "Traceback" not in p.stderr, p.stderr
    assert "boto3 is not installed beside mlprofile" in p.stderr + p.stdout, (p.stdout, p.stderr)
    assert p.returncode in (1, 2), p.returncode


def test_a_mistyped_s3_address_is_said_before_boto3_is_missing():
    p = _run(
        BLOCK_BOTO3 + "from mlprofile_tui.cli import main\nsys.exit(main(['portfolio', 's3://']))"
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    assert "boto3" not in p.stderr and "s3://" in p.stderr, p.stderr
