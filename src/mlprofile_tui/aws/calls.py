"""One way to call AWS: cancel checked first, failures named after the IAM action.

Every read in the importer and the quota check goes through ``AwsCaller``, so a botocore error
of any kind becomes one ``CallFailed`` whose reason names the action ("AccessDenied on
cloudwatch:GetMetricData"), and a cancelled import stops at the next call.
"""

from __future__ import annotations

import threading

from .faults import describe_failure

# IAM action prefixes that differ from boto3's client names.
_IAM_PREFIX = {"service-quotas": "servicequotas"}


class Cancelled(Exception):
    """The caller set the cancel event; nothing is written."""


def iam_action(service: str, operation: str) -> str:
    return f"{_IAM_PREFIX.get(service, service)}:{operation}"


class AwsCaller:
    """Calls through an ``AwsAccount``'s shared, read-only clients; safe across threads."""

    def __init__(self, account, cancel: threading.Event | None = None) -> None:
        self.account = account
        self.cancel = cancel or threading.Event()

    def _client(self, service: str, region: str | None):
        if self.cancel.is_set():
            raise Cancelled()
        return self.account.client(service, region)

    def call(
        self, service: str, op: str, what: str = "", *, region: str | None = None, **params
    ) -> dict:
        from botocore import xform_name
        from botocore.exceptions import BotoCoreError, ClientError

        client = self._client(service, region)
        try:
            return getattr(client, xform_name(op))(**params)
        except (ClientError, BotoCoreError) as e:
            raise describe_failure(e, iam_action(service, op), what) from None

    def paginate(
        self,
        service: str,
        op: str,
        result_key: str,
        what: str = "",
        limit: int | None = None,
        *,
        region: str | None = None,
        **params,
    ) -> list:
        """Every page's ``result_key`` items (up to ``limit``), checking cancel between pages."""
        from botocore import xform_name
        from botocore.exceptions import BotoCoreError, ClientError

        client = self._client(service, region)
        out: list = []
        try:
            for page in client.get_paginator(xform_name(op)).paginate(**params):
                if self.cancel.is_set():
                    raise Cancelled()
                out.extend(page.get(result_key, []))
                if limit is not None and len(out) >= limit:
                    return out[:limit]
        except (ClientError, BotoCoreError) as e:
            raise describe_failure(e, iam_action(service, op), what) from None
        return out
