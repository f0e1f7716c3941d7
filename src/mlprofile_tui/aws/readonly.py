"""Read-only by construction: every client refuses any operation that is not a read.

The hook runs on ``before-parameter-build``, before a request is serialised or signed, so a
write never leaves the process, whatever code path asked for it.

Every client of ``session.AwsAccount`` (the importer, the quota check) carries it. The one
writing path, ``push-wa``, is separate on purpose: ``wa_push.make_client`` builds its own
``wellarchitected`` client without this guard, and no importer module imports ``wa_push``
(tests/aws/test_wa_push.py checks both).
"""

from __future__ import annotations

from ..core.errors import MlprofileError

READ_PREFIXES = ("Describe", "List", "Get", "Head")


class ReadOnlyViolation(MlprofileError):
    """A bug, not a user error: the importer tried to call a non-read operation."""


def is_read_operation(operation_name: str) -> bool:
    return operation_name.startswith(READ_PREFIXES)


def refuse_writes(model, **_kwargs) -> None:
    """botocore event handler: raise before ``model`` (an OperationModel) is sent."""
    if not is_read_operation(model.name):
        service = model.service_model.service_id.hyphenize()
        raise ReadOnlyViolation(
            f"refused {service}:{model.name}: the AWS importer only calls "
            f"{'/'.join(READ_PREFIXES)} operations"
        )


def guard_client(client) -> None:
    """Register the guard first on this client's own event emitter."""
    client.meta.events.register_first(
        "before-parameter-build", refuse_writes, unique_id="mlprofile-read-only"
    )
