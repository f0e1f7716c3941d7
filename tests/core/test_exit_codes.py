"""Exit codes of the checking commands, one table: DESIGN.md §6 and docs/format.md say the same.

0 success; 1 findings (a file's or a rubric's problems, a workload below the level); 2 bad usage
or input that cannot be read as what the command takes (missing, not TOML, a newer file
format). ``validate`` reports a wrong value as a finding (exit 1); a command that must use the
answers (``check``, ``score``) refuses the same file as bad input (exit 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAUD = (ROOT / "examples" / "fraud-scorer.mlprofile.toml").read_text(encoding="utf-8")
RUBRIC = (ROOT / "rubrics" / "mloe-05.toml").read_text(encoding="utf-8")

WORKLOADS = {
    "ok": FRAUD,
    "wrong-value": FRAUD.replace(
        '"deployment.models_per_endpoint" = { value = 1,',
        '"deployment.models_per_endpoint" = { value = "many",',
    ),
    "format-2": FRAUD.replace("\nformat = 1\n", "\nformat = 2\n", 1),
    "not-toml": "format = [\n",
    "missing": None,
}
RUBRICS = {
    "ok": RUBRIC,
    "problems": '[rubric]\nid = "x"\n',
    "not-toml": "levels = [\n",
    "missing": None,
}

# command, input kind -> exit code
TABLE = [
    (["validate", "{f}"], "ok", 0),
    (["validate", "{f}"], "wrong-value", 1),
    (["validate", "{f}"], "format-2", 2),
    (["validate", "{f}"], "not-toml", 2),
    (["validate", "{f}"], "missing", 2),
    (["check", "{f}", "--min-level", "L1"], "ok", 0),
    (["check", "{f}", "--min-level", "L4"], "ok", 1),
    (["check", "{f}", "--min-level", "L1"], "wrong-value", 2),
    (["check", "{f}", "--min-level", "L1"], "format-2", 2),
    (["check", "{f}", "--min-level", "L1"], "not-toml", 2),
    (["check", "{f}", "--min-level", "L1"], "missing", 2),
    (["check", "{f}", "--min-level", "L9"], "ok", 2),
    (["score", "{f}"], "format-2", 2),
    (["rubric", "validate", "{r}"], "ok", 0),
    (["rubric", "validate", "{r}"], "problems", 1),
    (["rubric", "validate", "{r}"], "not-toml", 2),
    (["rubric", "validate", "{r}"], "missing", 2),
]


@pytest.mark.parametrize(
    "command, kind, code", TABLE, ids=[f"{' '.join(c)}-{k}" for c, k, _ in TABLE]
)
def test_exit_code(cli, tmp_path, command, kind, code):
    is_rubric = "{r}" in command
    content = (RUBRICS if is_rubric else WORKLOADS)[kind]
    path = tmp_path / ("team.toml" if is_rubric else "w.mlprofile.toml")
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = cli(*[str(path) if a in ("{f}", "{r}") else a for a in command])
    assert result.code == code, (result.out, result.err)
    if code == 2:
        assert result.err.startswith("mlprofile: error: "), result.err
    else:
        assert result.err == "", result.err


def test_the_table_covers_what_format_md_promises():
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert "`validate` included" in text and "lists every problem at once (exit 1)" in text


def test_docs_lists_and_prints_the_shipped_documents(cli):
    listing = cli("docs")
    assert listing.code == 0 and "iam-policy         iam-policy.json" in listing.out
    policy = cli("docs", "iam-policy")
    assert policy.code == 0 and '"Version": "2012-10-17"' in policy.out
    assert cli("docs", "format.md").out == cli("docs", "format").out
    unknown = cli("docs", "nope")
    assert unknown.code == 2 and "documents: aws-account, ci, format, iam-policy" in unknown.err


def test_counts_are_said_in_the_singular_for_one(cli, tmp_path):
    from mlprofile_tui.cli.output import plural

    assert [plural(n, "warning") for n in (0, 1, 2)] == ["0 warnings", "1 warning", "2 warnings"]
    ok = cli("rubric", "validate", ROOT / "rubrics" / "mloe-05.toml")
    assert " characteristics" in ok.out and "1 groups" not in ok.out
