"""The account the importer reads: one boto3 session, one read-only client per service and Region.

This is the only module that imports boto3 at the top; everything under ``mlprofile_tui.aws``
that needs it is imported lazily from the AWS commands, so no other command pays for it.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import boto3
import botocore.exceptions as bex
from botocore import utils as butils
from botocore.config import Config

from .faults import AwsSetupError, redact, remember_secrets
from .readonly import guard_client

# Standard mode retries throttling and transient 5xx with jittered backoff. The total is explicit
# (botocore's max_attempts counts retries, total_max_attempts counts tries); AWS_MAX_ATTEMPTS,
# the variable the AWS CLI and SDKs honour, overrides it.
DEFAULT_TOTAL_ATTEMPTS = 4
SERVICES = (
    "sagemaker",
    "s3",
    "cloudwatch",
    "service-quotas",
    "sts",
    "kms",
    "application-autoscaling",
)


def total_attempts() -> int:
    raw = os.environ.get("AWS_MAX_ATTEMPTS", "")
    try:
        n = int(raw)
    except ValueError:
        return DEFAULT_TOTAL_ATTEMPTS
    return n if 1 <= n <= 20 else DEFAULT_TOTAL_ATTEMPTS


def endpoint_variable(service: str) -> str:
    """The service's own endpoint variable, spelt as botocore looks it up (AWS_ENDPOINT_URL_S3)."""
    name = butils.SERVICE_NAME_ALIASES.get(service, service)
    hyphenated = butils.CLIENT_NAME_TO_HYPHENIZED_SERVICE_ID_OVERRIDES.get(name, name)
    return "AWS_ENDPOINT_URL_" + hyphenated.replace("-", "_").upper()


def valid_endpoint_url(url: str) -> bool:
    """botocore's own test (the one behind its ``ValueError: Invalid endpoint``)."""
    return bool(url) and (
        butils.is_valid_endpoint_url(url) or butils.is_valid_ipv6_endpoint_url(url)
    )


def check_endpoint_variables(environ=None) -> None:
    """A malformed ``AWS_ENDPOINT_URL`` (or ``AWS_ENDPOINT_URL_<SERVICE>``) is bad input: say so
    naming the variable, before any client is made, instead of botocore's ValueError."""
    env = os.environ if environ is None else environ
    if env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").strip().lower() == "true":
        return
    for name in ("AWS_ENDPOINT_URL", *(endpoint_variable(s) for s in SERVICES)):
        value = env.get(name)
        if value is not None and value != "" and not valid_endpoint_url(value):
            raise AwsSetupError(
                f"environment variable {name}={_show(value)} is not a valid endpoint URL "
                "(expected a scheme and a host, e.g. https://sagemaker.us-east-1.amazonaws.com "
                "or http://127.0.0.1:5000); fix it or unset it"
            )


def check_region_name(region: str, where: str) -> None:
    """botocore's Region-name rule, reworded; a typo here would be a ValueError traceback."""
    try:
        butils.validate_region_name(region)
    except bex.InvalidRegionError:
        raise AwsSetupError(
            f"{where} {_show(region)} is not a valid AWS Region name (e.g. us-east-1)"
        ) from None


def _show(value: str) -> str:
    return repr(value if len(value) <= 80 else value[:77] + "...")


def new_boto3_session(aws_profile: str | None, region: str | None) -> boto3.Session:
    """A fresh session (sessions are not thread-safe; the clients made from it are)."""
    return boto3.Session(profile_name=aws_profile, region_name=region)


@dataclass(frozen=True)
class Identity:
    account: str
    arn: str


class AwsAccount:
    """Read-only clients for one account, shared by every worker thread of an import."""

    def __init__(
        self, aws_profile: str | None = None, region: str | None = None, *, max_workers: int = 4
    ) -> None:
        try:
            self.session = new_boto3_session(aws_profile, region)
        except bex.ProfileNotFound:
            raise AwsSetupError(
                f"AWS profile {aws_profile!r} is not configured (looked in "
                f"{os.environ.get('AWS_CONFIG_FILE', '~/.aws/config')} and "
                f"{os.environ.get('AWS_SHARED_CREDENTIALS_FILE', '~/.aws/credentials')}); "
                "list yours with `aws configure list-profiles`"
            ) from None
        self.aws_profile = aws_profile
        # AWS_REGION is what the AWS CLI v2 and most SDKs read first; this botocore reads only
        # AWS_DEFAULT_REGION and the profile, so honour it here (the messages point at it).
        env_region = os.environ.get("AWS_REGION") or None
        self.region = region or env_region or self.session.region_name
        if not self.region:
            where = f"profile {aws_profile!r}" if aws_profile else "the default profile"
            raise AwsSetupError(
                f"no AWS Region: pass --region, set AWS_REGION, or set region in {where}"
            )
        if region:
            source = "--region"
        elif env_region:
            source = "AWS_REGION"
        elif os.environ.get("AWS_DEFAULT_REGION"):
            source = "AWS_DEFAULT_REGION"
        else:
            profile = f"profile {aws_profile!r}" if aws_profile else "the default profile"
            source = f"the region of {profile}"
        check_region_name(self.region, source)
        check_endpoint_variables()
        self.config = Config(
            retries={"mode": "standard", "total_max_attempts": total_attempts()},
            max_pool_connections=max(10, max_workers * 2 + 2),
            connect_timeout=5,
            read_timeout=30,
            user_agent_extra="mlprofile-import",
        )
        self._clients: dict[tuple[str, str], object] = {}
        self._lock = threading.Lock()
        self._identity: Identity | None = None

    def check_credentials(self) -> Identity:
        """Fail fast, before any worker starts: credentials exist and the account accepts them."""
        try:
            creds = self.session.get_credentials()
        except (
            bex.PartialCredentialsError,
            bex.CredentialRetrievalError,
            bex.TokenRetrievalError,
            bex.UnauthorizedSSOTokenError,
            bex.SSOTokenLoadError,
            bex.InvalidConfigError,
        ) as e:
            raise AwsSetupError(f"AWS credentials could not be loaded: {redact(str(e))}") from None
        if creds is None:
            where = (
                f"profile {self.aws_profile!r}"
                if self.aws_profile
                else "the environment, ~/.aws or an instance role"
            )
            raise AwsSetupError(
                f"no AWS credentials found in {where}; run `aws configure` or `aws sso login`, "
                "or pass --aws-profile"
            )
        try:
            frozen = creds.get_frozen_credentials()
        except bex.BotoCoreError as e:
            raise AwsSetupError(f"AWS credentials could not be loaded: {redact(str(e))}") from None
        remember_secrets(frozen.access_key, frozen.secret_key, frozen.token)
        try:
            who = self.client("sts").get_caller_identity()
        except bex.ClientError as e:
            code = e.response.get("Error", {}).get("Code", "error")
            raise AwsSetupError(
                f"the account refused these credentials (sts:GetCallerIdentity: {code}); "
                "they may be expired or revoked: refresh them and try again"
            ) from None
        except bex.NoCredentialsError:
            raise AwsSetupError(
                "no AWS credentials found; run `aws configure` or pass --aws-profile"
            ) from None
        except bex.BotoCoreError as e:
            raise AwsSetupError(f"cannot reach AWS STS: {redact(str(e))}") from None
        self._identity = Identity(who["Account"], who["Arn"])
        return self._identity

    @property
    def identity(self) -> Identity | None:
        return self._identity

    def client(self, service: str, region: str | None = None):
        """The one client for a service in a Region, created on first use, guarded read-only."""
        key = (service, region or self.region)
        with self._lock:
            c = self._clients.get(key)
            if c is None:
                try:
                    c = self.session.client(service, region_name=key[1], config=self.config)
                except bex.NoRegionError:
                    raise AwsSetupError("no AWS Region: pass --region or set AWS_REGION") from None
                except bex.UnknownEndpointError as e:
                    raise AwsSetupError(f"{service} is not available in {key[1]}: {e}") from None
                except bex.InvalidRegionError:
                    raise AwsSetupError(
                        f"{_show(key[1])} is not a valid AWS Region name (e.g. us-east-1)"
                    ) from None
                except (bex.InvalidConfigError, bex.InvalidEndpointConfigurationError) as e:
                    detail = redact(str(e)).rstrip(".")
                    raise AwsSetupError(f"AWS configuration for {service}: {detail}") from None
                except ValueError as e:  # botocore: "Invalid endpoint: ..." (a config file's)
                    raise AwsSetupError(
                        f"{redact(str(e))} for {service}: check endpoint_url in the AWS config "
                        f"file ({os.environ.get('AWS_CONFIG_FILE', '~/.aws/config')}), "
                        f"AWS_ENDPOINT_URL and {endpoint_variable(service)}"
                    ) from None
                guard_client(c)
                self._clients[key] = c
            return c
