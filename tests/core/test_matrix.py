"""The provisioning matrix (issue 15): the optional account column, the rubric's environments
and workloads, one normal form, and the text, JSON and file forms that all read back to it."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rubric_fixtures import MATRIX_WORKLOADS, accounts_rubric_text

from mlprofile_tui.core import matrix
from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.errors import RubricError, ValueProblem
from mlprofile_tui.core.instance_types import unknown_instance_types
from mlprofile_tui.core.rubric import Rubric, build_rubric, resolve_rubric
from mlprofile_tui.core.units import INT64_MAX
from mlprofile_tui.core.values import check_value, display_value, parse_text

KEY = "provisioning.matrix"
# Rubric texts, so a property test can write the workload's rubric beside it.
TEXTS = {
    "accounts": accounts_rubric_text(),
    "none": Path(resolve_rubric("mloe-05", "1.0.0").path).read_text(encoding="utf-8"),
}


def _build(text: str) -> Rubric:
    import tomllib

    return build_rubric(tomllib.loads(text), path="rubric.toml")


WITH_ACCOUNTS = _build(TEXTS["accounts"]).get(KEY)
WITHOUT_ACCOUNTS = _build(TEXTS["none"]).get(KEY)  # the built-in 1.0.0: no accounts
A1, A2 = "111122223333", "012345678901"  # a leading zero: account IDs are text, not numbers


def row(
    env="production", region="us-east-1", workload="training", inst="ml.m5.large", count=1, **kw
):
    r = {"environment": env, **kw}
    r.update(region=region, workload=workload, instance_type=inst, count=count)
    return r


# ---------------------------------------------------------------------- the rubric's spec


def test_the_spec_says_whether_rows_may_name_an_account():
    assert WITH_ACCOUNTS.matrix.accounts is True
    assert WITH_ACCOUNTS.matrix.workloads == MATRIX_WORKLOADS
    assert WITHOUT_ACCOUNTS.matrix.accounts is False  # the default: existing rubrics unchanged
    assert WITHOUT_ACCOUNTS.matrix.default_environment == "production"


def _rubric_with(matrix_lines: str, ctype: str = "matrix"):
    import tomllib

    raw = tomllib.loads(f"""
        id = "t"
        version = "1"
        title = "t"
        [[levels]]
        rank = 0
        id = "L0"
        label = "L0"
        [[levels]]
        rank = 1
        id = "L1"
        label = "L1"
        [[groups]]
        id = "g"
        title = "g"
        [[groups.characteristics]]
        id = "m"
        question = "q"
        help = "h"
        type = "{ctype}"
        kind = "descriptive"
        {matrix_lines}
        [[groups.characteristics]]
        id = "s"
        question = "q"
        help = "h"
        type = "enum"
        kind = "maturity"
        choices = [{{ id = "a", label = "a", level = 1 }}]
    """)
    return build_rubric(raw, path="t.toml")


@pytest.mark.parametrize(
    "lines, problem",
    [
        (
            'environments = ["dev"]\nworkloads = ["training"]\naccounts = "yes"',
            "groups[0].characteristics[0].accounts: must be true or false",
        ),
        (
            'environments = ["dev:eu"]\nworkloads = ["training"]',
            "characteristics[0].environments[0]: 'dev:eu' cannot be typed in a matrix row",
        ),
        (
            'environments = ["dev"]\nworkloads = ["training", "training"]',
            "groups[0].characteristics[0].workloads[1]: duplicate 'training'",
        ),
        (
            'environments = ["dev"]\nworkloads = [" training"]',
            "cannot be typed in a matrix row",
        ),
    ],
)
def test_a_malformed_matrix_spec_is_a_rubric_problem(lines, problem):
    with pytest.raises(RubricError) as e:
        _rubric_with(lines)
    assert any(problem in p for p in e.value.problems), e.value.problems


def test_accounts_belong_to_a_matrix():
    with pytest.raises(RubricError) as e:
        _rubric_with("accounts = true", ctype="text")
    assert (
        "groups[0].characteristics[0].accounts: only a matrix takes accounts, not text"
        in e.value.problems
    )


# ---------------------------------------------------------------------- reading rows


def test_rows_without_an_account_read_as_they_always_did():
    rows = [row(), row(env="staging", count=2)]
    assert check_value(WITHOUT_ACCOUNTS, rows) == rows
    assert check_value(WITH_ACCOUNTS, rows) == rows
    assert all("account" not in r for r in check_value(WITH_ACCOUNTS, rows))


def test_normal_form_puts_the_account_after_the_environment_and_drops_an_empty_one():
    shuffled = {"count": 3, "account": A2, "workload": "processing", "region": "eu-west-1"}
    shuffled |= {"instance_type": "ml.m5.xlarge", "environment": "dev"}
    (out,) = check_value(WITH_ACCOUNTS, [shuffled])
    assert list(out) == ["environment", "account", "region", "workload", "instance_type", "count"]
    assert out["account"] == A2
    for empty in ("", None):  # JSON from a script may say "no account" either way
        assert check_value(WITH_ACCOUNTS, [row(account=empty)]) == [row()]


@pytest.mark.parametrize(
    "account, message",
    [
        ("1234", "matrix row 2: account '1234' is not an AWS account ID (exactly 12 digits)"),
        ("1111-2222-3333", "is not an AWS account ID"),
        ("１１１１２２２２３３３３", "is not an AWS account ID"),  # full-width digits
        (111122223333, "written as text"),
        (["111122223333"], "written as text"),
    ],
)
def test_a_bad_account_names_the_row(account, message):
    with pytest.raises(ValueProblem, match="matrix row 2") as e:
        check_value(WITH_ACCOUNTS, [row(), row(account=account)])
    assert message in str(e.value)


def test_a_rubric_without_accounts_refuses_a_row_that_names_one():
    with pytest.raises(ValueProblem) as e:
        check_value(WITHOUT_ACCOUNTS, [row(account=A1)])
    assert "matrix row 1: names account '111122223333'" in str(e.value)
    assert "accounts = true" in str(e.value)
    with pytest.raises(ValueProblem, match="names account"):
        parse_text(WITHOUT_ACCOUNTS, f"production:{A1}:us-east-1:training:ml.m5.large:1")


def test_the_rubrics_environments_and_workloads_are_the_only_ones():
    check_value(WITH_ACCOUNTS, [row(workload="processing")])
    with pytest.raises(ValueProblem, match="workload 'processing' is not one of training, batch"):
        check_value(WITHOUT_ACCOUNTS, [row(workload="processing")])
    with pytest.raises(ValueProblem, match="environment 'prod' is not one of dev, staging"):
        check_value(WITH_ACCOUNTS, [row(env="prod")])


@pytest.mark.parametrize("column", ["environment", "region", "workload", "instance_type"])
@pytest.mark.parametrize("bad", [[], {"a": 1}, 5])
def test_a_text_column_of_another_type_is_a_message_not_a_crash(column, bad):
    r = row()
    r[column] = bad
    with pytest.raises(ValueProblem, match=f"matrix row 1: {column} must be text"):
        check_value(WITH_ACCOUNTS, [r])


def test_a_value_good_in_one_column_is_checked_again_in_another():
    with pytest.raises(ValueProblem, match="row 2: 'ml.m5.large' is not an AWS Region code"):
        check_value(WITH_ACCOUNTS, [row(), row(region="ml.m5.large", inst="us-east-1")])
    with pytest.raises(ValueProblem, match="row 2: '111122223333' is not an AWS Region code"):
        check_value(WITH_ACCOUNTS, [row(account=A1), row(region=A1)])


def test_unknown_columns_are_named():
    with pytest.raises(ValueProblem) as e:
        check_value(WITHOUT_ACCOUNTS, [row(acount=A1)])
    assert "unknown acount" in str(e.value) and "optionally account" not in str(e.value)
    with pytest.raises(ValueProblem, match="and optionally account; unknown acount"):
        check_value(WITH_ACCOUNTS, [row(acount=A1)])


def test_duplicates_include_the_account():
    check_value(WITH_ACCOUNTS, [row(account=A1), row(account=A2), row()])  # three rows
    with pytest.raises(ValueProblem) as e:
        check_value(WITH_ACCOUNTS, [row(account=A1), row(), row(account=A1, count=5)])
    assert str(e.value) == (
        "matrix row 3: duplicates an earlier row (row 1) for "
        "production/111122223333/us-east-1/training/ml.m5.large"
    )
    with pytest.raises(ValueProblem, match=r"row 2: duplicates an earlier row \(row 1\)"):
        check_value(WITH_ACCOUNTS, [row(account=""), row()])  # an empty account is none


# ---------------------------------------------------------------------- the text form


def test_text_form_with_and_without_accounts():
    rows = parse_text(
        WITH_ACCOUNTS,
        f"production:{A2}:us-east-1:processing:ml.m5.xlarge:2; dev:eu-west-1:notebooks:"
        "ml.t3.medium:1\nstaging::eu-west-1:training:ml.m5.large:1",
    )
    assert rows == [
        row(account=A2, workload="processing", inst="ml.m5.xlarge", count=2),
        row(env="dev", region="eu-west-1", workload="notebooks", inst="ml.t3.medium"),
        row(env="staging", region="eu-west-1"),
    ]
    assert matrix.matrix_text(rows) == (
        f"production:{A2}:us-east-1:processing:ml.m5.xlarge:2;"
        "dev:eu-west-1:notebooks:ml.t3.medium:1;staging:eu-west-1:training:ml.m5.large:1"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "production:1234:us-east-1:training:ml.m5.large:1",
            "matrix row 1: account '1234' is not an AWS account ID",
        ),
        (
            "dev:us-east-1:training:ml.m5.large:1;production:us-east-1:training:ml.m5.large:1:x",
            "matrix row 2 'production:us-east-1:training:ml.m5.large:1:x': expected "
            "ENVIRONMENT:REGION:WORKLOAD:INSTANCE_TYPE:COUNT or "
            "ENVIRONMENT:ACCOUNT:REGION:WORKLOAD:INSTANCE_TYPE:COUNT; got 6 columns, and the "
            "second, 'us-east-1', is not an account ID",
        ),
        ("production:us-east-1:training:1", "got 4 columns"),
    ],
)
def test_text_form_mistakes_name_the_row(text, message):
    with pytest.raises(ValueProblem) as e:
        parse_text(WITH_ACCOUNTS, text)
    assert message in str(e.value)


def test_text_form_under_a_rubric_without_accounts_asks_for_five_columns():
    with pytest.raises(ValueProblem) as e:
        parse_text(WITHOUT_ACCOUNTS, "production:us-east-1:training:ml.m5.large:1:x")
    assert str(e.value).endswith(
        "expected ENVIRONMENT:REGION:WORKLOAD:INSTANCE_TYPE:COUNT; got 6 columns"
    )


def test_display_names_accounts_only_when_rows_have_them():
    assert display_value(WITH_ACCOUNTS, [row(count=3)]) == "1 rows, 3 instances"
    shown = display_value(WITH_ACCOUNTS, [row(account=A1), row(account=A2), row(env="dev")])
    assert shown == "3 rows, 3 instances in 2 accounts"
    assert matrix.columns([row()]) == matrix.REQUIRED_COLUMNS
    assert matrix.columns([row(), row(env="dev", account=A1)]) == matrix.COLUMNS


def test_prompt_text_comes_from_the_rubric():
    assert matrix.row_format(WITHOUT_ACCOUNTS.matrix) == (
        "ENVIRONMENT:REGION:WORKLOAD:INSTANCE_TYPE:COUNT"
    )
    assert "ENVIRONMENT:ACCOUNT:REGION" in matrix.row_format(WITH_ACCOUNTS.matrix)
    example = matrix.example_row(WITH_ACCOUNTS.matrix)
    assert example == "production:us-east-1:training:ml.m5.xlarge:2"
    assert parse_text(WITH_ACCOUNTS, example)


# ---------------------------------------------------------------------- any valid matrix


def _rows_strategy(ch, accounts: bool):
    spec = ch.matrix
    account = (
        st.one_of(st.none(), st.sampled_from([A1, A2]), st.from_regex(r"[0-9]{12}", fullmatch=True))
        if accounts
        else st.none()
    )
    one = st.builds(
        lambda env, acct, region, wl, inst, count: row(
            env, region, wl, inst, count, **({"account": acct} if acct else {})
        ),
        st.sampled_from(spec.environments),
        account,
        st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"])
        | st.from_regex(r"[a-z]{2}-[a-z]{1,9}-[1-9]", fullmatch=True),
        st.sampled_from(spec.workloads),
        st.sampled_from(["ml.m5.large", "ml.p4de.24xlarge", "ml.c5.xlarge"])
        | st.from_regex(r"ml\.[a-z0-9]{2,5}\.[a-z0-9]{1,8}", fullmatch=True),
        st.integers(0, 5) | st.integers(0, INT64_MAX),
    )
    return st.lists(one, max_size=12, unique_by=matrix.row_identity)


def _shuffled_keys(r: dict, order: list[int]) -> dict:
    keys = list(r)
    return {keys[i]: r[keys[i]] for i in order if i < len(keys)}


def _without_account(r: dict) -> tuple:
    ident = matrix.row_identity(r)
    return ident[:1] + ident[2:]


def _save_and_load(rubric_text: str, rows: list[dict]) -> list[dict]:
    """``rows`` set on a new workload, saved through the editor, read back with tomllib."""
    from mlprofile_tui.core.creation import create_workload
    from mlprofile_tui.core.workload import WorkloadDocument, load_workload

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "w.mlprofile.toml"
        ref = Path(d) / "rubric.toml"
        ref.write_text(rubric_text, encoding="utf-8")
        create_workload(path, "w", "", str(ref))
        doc = WorkloadDocument.load(path, edit=True)
        # Shapes SageMaker's list lacks (ml.ab1.x9) are accepted on purpose: that round-trips too.
        names = [r["instance_type"] for r in rows]
        doc.allow_instance_types(unknown_instance_types(names))
        doc.set_answer("current", KEY, Answer(State.VALUE, rows, "declared"))
        doc.save()
        return load_workload(path).effective("current")[KEY].value


@pytest.mark.parametrize("name", ["accounts", "none"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_valid_matrix_round_trips_through_text_json_and_the_file(name, data):
    ch = WITH_ACCOUNTS if name == "accounts" else WITHOUT_ACCOUNTS
    rows = data.draw(_rows_strategy(ch, ch.matrix.accounts))
    order = data.draw(st.permutations(range(6)))
    given_rows = [_shuffled_keys(r, order) for r in rows]  # any key order in, one order out
    normal = check_value(ch, given_rows)
    assert normal == rows and [list(r) for r in normal] == [list(r) for r in rows]
    assert check_value(ch, normal) == normal  # the normal form is a fixed point
    assert parse_text(ch, matrix.matrix_text(normal)) == normal
    assert parse_text(ch, json.dumps(given_rows)) == normal
    assert _save_and_load(TEXTS[name], given_rows) == normal


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_repeated_identity_is_a_duplicate_and_another_account_is_not(data):
    rows = data.draw(_rows_strategy(WITH_ACCOUNTS, True).filter(bool))
    original = data.draw(st.sampled_from(rows))
    again = dict(original, count=data.draw(st.integers(0, 100)))
    at = data.draw(st.integers(0, len(rows)))
    with pytest.raises(ValueProblem, match="duplicates an earlier row"):
        check_value(WITH_ACCOUNTS, [*rows[:at], again, *rows[at:]])
    # The same row in an account no row of its kind names yet is a row of its own.
    taken = {r.get("account") for r in rows if _without_account(r) == _without_account(original)}
    other = next(f"9999999999{i:02}" for i in range(99) if f"9999999999{i:02}" not in taken)
    elsewhere = dict(original, account=other)
    assert check_value(WITH_ACCOUNTS, [*rows, elsewhere])[-1] == elsewhere


# ---------------------------------------------------------------------- files and the CLI

ROW = (
    '    {{ environment = "{}", region = "eu-west-1", workload = "{}", '
    'instance_type = "{}", count = {} }},\n'
)
ROWS_TOML = (
    '"provisioning.matrix" = { value = [\n'
    "    # production is sized for the spring peak\n"
    + ROW.format("production", "processing", "ml.m5.xlarge", 4)
    + ROW.format("staging", "training", "ml.m5.large", 1)
    + '], provenance = "declared" }\n'
)


def _with_rows(path: Path, rows_toml: str = ROWS_TOML) -> bytes:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("[profiles.current.values]\n")
    text += rows_toml
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def test_a_file_without_accounts_saves_byte_identical_and_gains_no_account_key(
    accounts_workload,
):
    from mlprofile_tui.core.workload import WorkloadDocument

    before = _with_rows(accounts_workload)
    doc = WorkloadDocument.load(accounts_workload, edit=True)
    rows = doc.workload.effective("current")[KEY].value
    assert rows and all("account" not in r for r in rows)
    doc.set_answer("current", KEY, Answer(State.VALUE, [dict(r) for r in rows], "declared"))
    doc.save()
    assert accounts_workload.read_bytes() == before
    # One count changes: one line changes, and no row gains a key it did not have.
    doc = WorkloadDocument.load(accounts_workload, edit=True)
    rows[1] = dict(rows[1], count=2)
    doc.set_answer("current", KEY, Answer(State.VALUE, rows, "declared"))
    doc.save()
    old, new = before.decode().splitlines(), accounts_workload.read_text().splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        (old[i], old[i].replace("count = 1", "count = 2"))
        for i, line in enumerate(old)
        if '"staging"' in line
    ]
    assert "account" not in accounts_workload.read_text().split("[profiles.current.values]")[1]


def test_cli_set_and_show_rows_with_accounts(cli, accounts_workload):
    r = cli(
        "set",
        accounts_workload,
        f"{KEY}=production:{A2}:us-east-1:processing:ml.m5.xlarge:2;dev:us-east-1:notebooks:"
        "ml.t3.medium:1",
    )
    assert r.code == 0, r.err
    text = accounts_workload.read_text()
    assert f'{{ environment = "production", account = "{A2}", region = "us-east-1"' in text
    assert '{ environment = "dev", region = "us-east-1", workload = "notebooks"' in text
    shown = cli("show", accounts_workload, "--json").json()["values"][KEY]["value"]
    assert shown[0]["account"] == A2 and "account" not in shown[1]
    assert "2 rows, 3 instances in 1 account" in cli("show", accounts_workload).out


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            "dev:us-east-1:training:ml.m5.large:1;production:1234:us-east-1:training:ml.m5.large:1",
            f"{KEY}: matrix row 2: account '1234' is not an AWS account ID",
        ),
        (
            f"production:{A1}:us-east-1:training:ml.m5.large:1;production:{A1}:us-east-1:training:"
            "ml.m5.large:3",
            "matrix row 2: duplicates an earlier row (row 1) for production/111122223333/",
        ),
        ('[{"environment": "dev", "account": 5}]', "matrix row 1: columns are"),
    ],
)
def test_cli_bad_rows_exit_2_naming_key_and_row_file_untouched(
    cli, accounts_workload, rows, message
):
    before = accounts_workload.read_bytes()
    r = cli("set", accounts_workload, f"{KEY}={rows}")
    assert r.code == 2 and message in r.err and "Traceback" not in r.err, r.err
    assert r.err.count("\n") == 1
    assert accounts_workload.read_bytes() == before


def test_a_file_naming_accounts_under_a_rubric_without_them_is_refused(cli, no_accounts_workload):
    path = no_accounts_workload
    text = path.read_text()
    old = '{ environment = "staging", region = "eu-west-1"'
    assert old in text
    path.write_text(
        text.replace(old, f'{{ environment = "staging", account = "{A1}", region = "eu-west-1"')
    )
    before = path.read_bytes()
    for args in (["score", path], ["set", path, "network.vpc=false"]):
        r = cli(*args)
        assert r.code == 2 and "Traceback" not in r.err
        assert f"\"{KEY}\": matrix row 3: names account '{A1}'" in r.err, r.err
        assert "accounts = true" in r.err
    assert path.read_bytes() == before


def test_cli_set_refuses_an_account_the_rubric_has_no_column_for(cli, no_accounts_workload):
    before = no_accounts_workload.read_bytes()
    r = cli("set", no_accounts_workload, f"{KEY}=dev:{A1}:us-east-1:training:ml.m5.large:1")
    assert r.code == 2 and "Traceback" not in r.err and r.err.count("\n") == 1
    assert f"{KEY}: matrix row 1: names account '{A1}'" in r.err, r.err
    assert no_accounts_workload.read_bytes() == before


def test_rubric_show_json_says_what_a_matrix_row_may_hold(cli, accounts_rubric):
    def matrix_of(data):
        chars = [c for g in data["groups"] for c in g["characteristics"]]
        assert all(c["matrix"] is None for c in chars if c["key"] != KEY)
        return next(c["matrix"] for c in chars if c["key"] == KEY)

    assert matrix_of(cli("rubric", "show", accounts_rubric, "--json").json()) == {
        "environments": ["dev", "staging", "production"],
        "workloads": list(MATRIX_WORKLOADS),
        "accounts": True,
    }
    assert matrix_of(cli("rubric", "show", "--json").json())["environments"]
