"""The provisioning matrix: how many instances of which type, per environment, account, Region
and kind of work. Checked against the rubric's ``MatrixSpec``, kept in one normal form, typed
and shown in one text form; every front end and the importer go through here.

A row is a dict. Its normal form has the columns in ``COLUMNS`` order and leaves ``account``
out when the row names none, so a file written before accounts existed reads, scores and saves
unchanged, and no key is ever added to a row that did not have it.

Text form, one row: ``ENV:REGION:WORKLOAD:INSTANCE_TYPE:COUNT``, or with an account
``ENV:ACCOUNT:REGION:WORKLOAD:INSTANCE_TYPE:COUNT``; rows separated by ``;`` or new lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .errors import ValueProblem, short_repr
from .units import INT64_MAX, check_int64, parse_int

if TYPE_CHECKING:  # the rubric imports the value registry, which imports this module
    from .rubric import Characteristic, MatrixSpec

ACCOUNT = "account"
COLUMNS = ("environment", ACCOUNT, "region", "workload", "instance_type", "count")
"""Every column, in order; ``account`` is optional (absent when a row names none)."""
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c != ACCOUNT)
HEADERS = {
    "environment": "environment",
    ACCOUNT: "account",
    "region": "region",
    "workload": "workload",
    "instance_type": "instance type",
    "count": "count",
}

_REGION = re.compile(r"[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d")
_INSTANCE = re.compile(r"ml\.[a-z0-9-]+\.[a-z0-9]+")
_ACCOUNT_ID = re.compile(r"[0-9]{12}")  # not \d: that would accept other scripts' digits
_KEYS = frozenset(REQUIRED_COLUMNS)
_KEYS_WITH_ACCOUNT = frozenset(COLUMNS)
_FORMAT = "ENVIRONMENT:REGION:WORKLOAD:INSTANCE_TYPE:COUNT"
_FORMAT_WITH_ACCOUNT = "ENVIRONMENT:ACCOUNT:REGION:WORKLOAD:INSTANCE_TYPE:COUNT"


# ---------------------------------------------------------------------- reading rows


def check_matrix(ch: Characteristic, value: Any) -> list[dict]:
    """The matrix in normal form: a new list of new row dicts, columns in order.

    ``value``: a list of dicts with the keys environment, region, workload, instance_type,
    count and, optionally, account (12 digits as text; "" or None mean none). Raises
    ValueProblem naming the first bad row (1-based) and why: a missing or unknown column, an
    environment or workload the rubric does not list, a malformed Region, instance type or
    account, an account where the rubric's matrix has no account column, a count that is not
    a whole number >= 0 within TOML's 64-bit range, or a row whose identity (every column but
    the count) repeats an earlier one. Linear, and cheap per row: the app checks a 5,000-row
    matrix on every accepted row edit.
    """
    if not isinstance(value, list | tuple):
        raise ValueProblem(
            "expected a list of rows {environment, region, workload, instance_type, count}"
        )
    spec = ch.matrix
    environments = set(spec.environments) if spec else None
    workloads = set(spec.workloads) if spec else None
    accounts_allowed = spec is None or spec.accounts
    seen: dict[tuple, int] = {}
    # Regions, instance types and accounts repeat: each is matched once, in its own column's
    # set (one shared set would let a Region pass as an instance type).
    good_regions: set[str] = set()
    good_types: set[str] = set()
    good_accounts: set[str] = set()
    rows = []
    for i, row in enumerate(value):
        if not isinstance(row, dict):
            _row_shape(i, row, accounts_allowed)
        keys = row.keys()
        if keys == _KEYS:
            account = None
        elif keys == _KEYS_WITH_ACCOUNT:
            account = row[ACCOUNT]
            if account is not None and (type(account) is not str or account not in good_accounts):
                _check_account(f"matrix row {i + 1}", account, accounts_allowed)
                if account:
                    good_accounts.add(account)
            account = account or None
        else:
            _row_shape(i, row, accounts_allowed)
        env, region, wl, inst, count = (
            row["environment"],
            row["region"],
            row["workload"],
            row["instance_type"],
            row["count"],
        )
        # Before any set lookup: a table or array there is unhashable.
        if not (type(env) is str and type(region) is str and type(wl) is str and type(inst) is str):
            _text_columns(f"matrix row {i + 1}", row)
        if environments is not None and env not in environments:
            raise ValueProblem(
                f"matrix row {i + 1}: environment {short_repr(env)} is not one of "
                f"{', '.join(spec.environments)}"  # type: ignore[union-attr]
            )
        if region not in good_regions:
            if not isinstance(region, str) or not _REGION.fullmatch(region):
                raise ValueProblem(
                    f"matrix row {i + 1}: {short_repr(region)} is not an AWS Region code "
                    "such as us-east-1"
                )
            good_regions.add(region)
        if workloads is not None and wl not in workloads:
            raise ValueProblem(
                f"matrix row {i + 1}: workload {short_repr(wl)} is not one of "
                f"{', '.join(spec.workloads)}"  # type: ignore[union-attr]
            )
        if inst not in good_types:
            if not isinstance(inst, str) or not _INSTANCE.fullmatch(inst):
                raise ValueProblem(
                    f"matrix row {i + 1}: {short_repr(inst)} is not a SageMaker instance type "
                    "such as ml.m5.xlarge"
                )
            good_types.add(inst)
        if type(count) is not int or count < 0:
            raise ValueProblem(
                f"matrix row {i + 1}: count must be a whole number >= 0, got {short_repr(count)}"
            )
        if count > INT64_MAX:
            try:
                check_int64(count)
            except ValueProblem as e:
                raise ValueProblem(f"matrix row {i + 1}: count {e}") from None
        ident = (env, account or "", region, wl, inst)
        first = seen.setdefault(ident, i)
        if first != i:
            raise ValueProblem(
                f"matrix row {i + 1}: duplicates an earlier row (row {first + 1}) for "
                + "/".join(p for p in ident if p)
            )
        if account:
            rows.append(
                {
                    "environment": env,
                    ACCOUNT: account,
                    "region": region,
                    "workload": wl,
                    "instance_type": inst,
                    "count": count,
                }
            )
        else:
            rows.append(
                {
                    "environment": env,
                    "region": region,
                    "workload": wl,
                    "instance_type": inst,
                    "count": count,
                }
            )
    return rows


def _check_account(where: str, account: Any, allowed: bool) -> None:
    if not isinstance(account, str):
        raise ValueProblem(
            f"{where}: account must be a 12-digit AWS account ID written as text "
            f'("012345678901": as a number it would lose leading zeros), got {short_repr(account)}'
        )
    if not account:
        return
    if not allowed:
        raise ValueProblem(
            f"{where}: names account {short_repr(account)}, but this rubric's matrix has no "
            "account column (a rubric allows one with accounts = true)"
        )
    if not _ACCOUNT_ID.fullmatch(account):
        raise ValueProblem(
            f"{where}: account {short_repr(account)} is not an AWS account ID (exactly 12 digits)"
        )


def _text_columns(where: str, row: dict) -> None:
    for c in REQUIRED_COLUMNS[:-1]:
        if not isinstance(row[c], str):
            raise ValueProblem(f"{where}: {c} must be text, got {short_repr(row[c])}")


def _row_shape(i: int, row: Any, accounts_allowed: bool) -> None:
    where = f"matrix row {i + 1}"
    if not isinstance(row, dict):
        raise ValueProblem(f"{where}: expected a table, got {short_repr(row)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in row]
    extra = [c for c in row if c not in COLUMNS]
    optional = f" and optionally {ACCOUNT}" if accounts_allowed else ""
    raise ValueProblem(
        f"{where}: columns are {', '.join(REQUIRED_COLUMNS)}{optional}"
        + (f"; missing {', '.join(missing)}" if missing else "")
        + (f"; unknown {', '.join(map(str, extra))}" if extra else "")
    )


def parse_matrix(ch: Characteristic, text: str) -> list[dict]:
    """Rows typed as text (see the module docstring) or as a JSON list of row objects, in
    normal form. Raises ValueProblem naming the row (1-based) and what is wrong with it."""
    if text.lstrip().startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as e:
            raise ValueProblem(f"matrix JSON is not valid: {e.msg} at column {e.colno}") from None
        except RecursionError:
            raise ValueProblem("matrix JSON is nested too deeply") from None
        except ValueError as e:  # e.g. an integer with more digits than Python converts
            raise ValueProblem(f"matrix JSON is not valid: {e}") from None
        return check_matrix(ch, rows)
    accounts = ch.matrix is None or ch.matrix.accounts
    rows = []
    for i, part in enumerate(p for p in re.split(r"[;\n]", text) if p.strip()):
        cells = [c.strip() for c in part.split(":")]
        where = f"matrix row {i + 1} {short_repr(part.strip())}"
        if len(cells) == 6 and (cells[1] == "" or cells[1].isdigit()):
            account = cells.pop(1)  # checked with the rest of the row by check_matrix
        elif len(cells) == 5:
            account = ""
        else:
            got = f"got {len(cells)} columns"
            if len(cells) == 6 and accounts:
                got += f", and the second, {short_repr(cells[1])}, is not an account ID"
            raise ValueProblem(f"{where}: expected {row_format(ch.matrix)}; {got}")
        try:
            count = parse_int(cells[4])
        except ValueProblem as e:
            raise ValueProblem(f"matrix row {i + 1}: count: {e}") from None
        row = {"environment": cells[0]}
        if account:
            row[ACCOUNT] = account
        row.update(region=cells[1], workload=cells[2], instance_type=cells[3], count=count)
        rows.append(row)
    return check_matrix(ch, rows)


# ---------------------------------------------------------------------- showing rows


def has_accounts(rows: Iterable[dict]) -> bool:
    """Whether some row names an account (rows in normal form)."""
    return any(ACCOUNT in r for r in rows)


def columns(rows: Sequence[dict]) -> tuple[str, ...]:
    """The columns to show for ``rows``, in order: the account only when some row has one."""
    return COLUMNS if has_accounts(rows) else REQUIRED_COLUMNS


def row_text(row: dict) -> str:
    """One row in the text form ``parse_matrix`` reads back to the same row."""
    return ":".join(str(row[c]) for c in COLUMNS if c in row)


def matrix_text(rows: Iterable[dict]) -> str:
    """Every row in text form, ``;``-separated (``none`` for no rows): what a person types
    after ``KEY=`` in ``mlprofile set``; ``values.parse_text`` reads it back unchanged."""
    return ";".join(row_text(r) for r in rows) or "none"


def row_format(spec: MatrixSpec | None) -> str:
    """How a row is typed under this rubric, e.g. ``ENVIRONMENT:REGION:...:COUNT``."""
    if spec is None or spec.accounts:
        return f"{_FORMAT} or {_FORMAT_WITH_ACCOUNT}"
    return _FORMAT


def example_row(spec: MatrixSpec | None) -> str:
    """A row this rubric accepts, to show beside a prompt."""
    if spec is None:
        return "ENVIRONMENT:us-east-1:WORKLOAD:ml.m5.xlarge:2"
    return f"{spec.default_environment}:us-east-1:{spec.workloads[0]}:ml.m5.xlarge:2"


def summary(rows: Sequence[dict]) -> str:
    """``4 rows, 10 instances``, and how many accounts when rows name any."""
    total = sum(r["count"] for r in rows)
    text = f"{len(rows)} rows, {total} instances"
    accounts = {r[ACCOUNT] for r in rows if ACCOUNT in r}
    if accounts:
        text += f" in {len(accounts)} account{'s' if len(accounts) != 1 else ''}"
    return text


def row_identity(row: dict) -> tuple[str, str, str, str, str]:
    """What a row is (every column but the count); two rows of a matrix never share it.
    ``account`` is "" for a row that names none."""
    return (
        row["environment"],
        row.get(ACCOUNT) or "",
        row["region"],
        row["workload"],
        row["instance_type"],
    )
