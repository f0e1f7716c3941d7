"""Malformed AWS settings (endpoint URLs, Region names) are one clear message, exit 2."""

from __future__ import annotations

import hashlib

import pytest

from mlprofile_tui.cli import main


@pytest.fixture
def aws_env(fake_aws):
    return fake_aws


COMMANDS = [["import-aws", "{f}", "--endpoint", "e", "--dry-run"], ["quotas", "{f}"]]


def _run(capsys, args, path):
    before = hashlib.sha256(path.read_bytes()).digest()
    code = main([a.replace("{f}", str(path)) for a in args])
    err = capsys.readouterr().err
    assert hashlib.sha256(path.read_bytes()).digest() == before
    assert "Traceback" not in err
    assert err.startswith("mlprofile: error: ") and err.count("\n") == 1, err
    return code, err


@pytest.mark.parametrize("args", COMMANDS, ids=["import-aws", "quotas"])
@pytest.mark.parametrize(
    "name, value",
    [
        ("AWS_ENDPOINT_URL", "not-a-url"),
        ("AWS_ENDPOINT_URL", "http://"),
        ("AWS_ENDPOINT_URL_STS", "://x"),
        ("AWS_ENDPOINT_URL_SAGEMAKER", "localhost:5000"),
    ],
)
def test_a_malformed_endpoint_variable_is_named(aws_env, capsys, fraud, args, name, value):
    aws_env.setenv(name, value)
    code, err = _run(capsys, args, fraud)
    assert code == 2
    assert f"environment variable {name}={value!r} is not a valid endpoint URL" in err


def test_ignored_endpoint_variables_are_not_checked(aws_env):
    from mlprofile_tui.aws.session import check_endpoint_variables

    check_endpoint_variables(
        {"AWS_ENDPOINT_URL": "not-a-url", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}
    )
    check_endpoint_variables({"AWS_ENDPOINT_URL": "http://127.0.0.1:5000"})
    check_endpoint_variables({"AWS_ENDPOINT_URL_S3": "https://[::1]:9000"})


@pytest.mark.parametrize("args", COMMANDS, ids=["import-aws", "quotas"])
def test_a_malformed_endpoint_in_the_config_file(aws_env, capsys, fraud, tmp_path, args):
    cfg = tmp_path / "config"
    cfg.write_text("[default]\nendpoint_url = not-a-url\n")
    aws_env.setenv("AWS_CONFIG_FILE", str(cfg))
    code, err = _run(capsys, args, fraud)
    assert code == 2 and "not-a-url" in err and "endpoint_url in the AWS config file" in err


def test_a_malformed_region_variable_is_named(aws_env, capsys, fraud):
    aws_env.setenv("AWS_REGION", "us_east!1")
    code, err = _run(capsys, COMMANDS[0], fraud)
    assert code == 2 and "AWS_REGION 'us_east!1' is not a valid AWS Region name" in err


def test_aws_region_is_honoured(aws_env):
    from mlprofile_tui.aws.session import AwsAccount

    aws_env.setenv("AWS_REGION", "eu-west-2")
    assert AwsAccount().region == "eu-west-2"
    aws_env.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert AwsAccount().region == "eu-west-2"  # as in the AWS CLI v2: AWS_REGION first
    aws_env.delenv("AWS_REGION")
    assert AwsAccount().region == "eu-west-1"
    assert AwsAccount(region="ap-south-1").region == "ap-south-1"
