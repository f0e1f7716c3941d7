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
        self.region = region or self.session.region_name
        if not self.region:
            where = f"profile {aws_profile!r}" if aws_profile else "the default profile"
            raise AwsSetupError(
                f"no AWS Region: pass --region, set AWS_REGION, or set region in {where}"
            )
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
                guard_client(c)
                self._clients[key] = c
            return c
