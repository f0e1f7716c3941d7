"""The TOML editor on its own: every edit means exactly what was intended and touches only its
lines, in whatever layout the text was written; what it cannot place is refused, never misread.

The texts are small hand-written layouts (the same shapes a workload uses: ``profiles.NAME.
values.KEY`` answers, sections, dotted keys, inline tables, arrays of tables), so each case
says what it is about; ``test_layouts.py`` drives whole workloads through the CLI.
"""

from __future__ import annotations

import difflib
import math
import textwrap
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.tomledit import (
    DELETE,
    Edit,
    LayoutError,
    TomlEditor,
    same,
    section,
    value_item,
    with_edit,
)


def editor(text: str) -> TomlEditor:
    return TomlEditor(text, tomllib.loads(text), where="w.toml")


def edited(text: str, *edits: tuple[tuple[str, ...], object]) -> str:
    ed = editor(text)
    for path, value in edits:
        if value is DELETE:
            ed.delete(path)
        else:
            ed.set(path, value)
    out = ed.render()
    assert same(tomllib.loads(out), ed.intended)
    return out


def changed_lines(before: str, after: str) -> list[str]:
    return [
        ln
        for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


# ---- what counts as the same TOML value


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (1, 1, True),
        (1, 1.0, False),
        (1, True, False),
        (0, False, False),
        ("1", 1, False),
        (math.nan, math.nan, True),
        (math.nan, 1.0, False),
        (1.5, 1.5, True),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}, True),  # key order means nothing in TOML
        ({"a": 1}, {"a": 1, "b": 2}, False),
        ({"a": 1}, {"b": 1}, False),
        ({"a": 1}, {"a": 1.0}, False),
        ([1, 2], [1, 2], True),
        ([1, 2], [2, 1], False),
        ([1, 2], [1, 2, 3], False),
        ([1], [1.0], False),
        ([{"x": math.nan}], [{"x": math.nan}], True),
        ({"a": [1]}, {"a": (1,)}, False),
    ],
)
def test_values_are_the_same_only_with_the_same_types(a, b, equal):
    assert same(a, b) is equal
    assert same(b, a) is equal


def test_an_edit_copies_only_the_tables_on_its_path():
    doc = {"p": {"c": {"v": 1}, "other": {"x": 1}}, "top": 1}
    new = with_edit(doc, Edit(("p", "c", "v"), 2))
    assert new == {"p": {"c": {"v": 2}, "other": {"x": 1}}, "top": 1}
    assert doc == {"p": {"c": {"v": 1}, "other": {"x": 1}}, "top": 1}
    assert new["p"]["other"] is doc["p"]["other"]
    assert with_edit(doc, Edit(("p", "c"), DELETE)) == {"p": {"other": {"x": 1}}, "top": 1}
    assert with_edit(doc, Edit(("p", "gone", "v"), DELETE)) == {
        **doc,
        "p": {**doc["p"], "gone": {}},
    }
    assert with_edit({"top": 1}, Edit(("top", "x"), 2)) == {"top": {"x": 2}}


# ---- the edit log


def test_a_delete_of_what_is_not_there_is_no_edit():
    ed = editor("a = 1\n[t]\nb = 2\n")
    ed.delete(("t", "c"))
    ed.delete(("u", "c"))
    ed.delete(("a", "x"))  # a path through a value
    assert not ed.dirty and ed.edits == []
    assert ed.render() == "a = 1\n[t]\nb = 2\n"
    ed.delete(("t", "b"))
    assert ed.dirty and ed.edits == [Edit(("t", "b"), DELETE)]
    assert ed.render() == "a = 1\n[t]\n"


def test_after_a_save_the_log_starts_again_from_the_saved_text():
    ed = editor("a = 1\n")
    ed.set(("a",), 2)
    assert ed.dirty and ed.intended == {"a": 2}
    text = ed.render()
    ed.rebase(text, tomllib.loads(text))
    assert not ed.dirty and ed.edits == [] and ed.base_text == "a = 2\n"
    ed.set(("b",), 3)
    assert ed.render() == "a = 2\nb = 3\n" and ed.edits == [Edit(("b",), 3)]


def test_an_untouched_document_renders_as_it_was_read():
    text = "# only comments\n\n  a   =   1   # spaced\n"
    assert editor(text).render() == text


# ---- placing an edit in the layout it was written in

ANSWERS = textwrap.dedent("""\
    # the team's file
    format = 1

    [profiles.current]
    kind = "snapshot"   # history starts here

    [profiles.current.values]
    # measured in October
    "a.x" = { value = 1, provenance = "measured" }   # p95
    "a.y" = { value = "low", provenance = "declared" }

    # ---- next: the target
    [profiles.faster]
    kind = "target"
    """)


@pytest.mark.parametrize(
    ("path", "value", "diff"),
    [
        (
            ("profiles", "current", "values", "a.x", "value"),
            2,
            [
                '-"a.x" = { value = 1, provenance = "measured" }   # p95',
                '+"a.x" = { value = 2, provenance = "measured" }   # p95',
            ],
        ),
        (  # a new answer goes after the last answer, not after the next section's comment
            ("profiles", "current", "values", "a.z"),
            {"state": "unknown"},
            ['+"a.z" = { state = "unknown" }'],
        ),
        (
            ("profiles", "current", "values", "a.y"),
            DELETE,
            ['-"a.y" = { value = "low", provenance = "declared" }'],
        ),
        (
            ("profiles", "faster", "rationale"),
            "Line one.\nLine two.",
            ['+rationale = """Line one.', '+Line two."""'],
        ),
        (("format",), 2, ["-format = 1", "+format = 2"]),
    ],
)
def test_an_edit_changes_only_its_own_lines(path, value, diff):
    assert changed_lines(ANSWERS, edited(ANSWERS, (path, value))) == diff


def test_an_answer_rewritten_with_other_fields_keeps_its_line_and_comment():
    out = edited(ANSWERS, (("profiles", "current", "values", "a.x"), {"state": "unknown"}))
    removed, added = changed_lines(ANSWERS, out)
    assert removed == '-"a.x" = { value = 1, provenance = "measured" }   # p95'
    assert added.startswith('+"a.x" = {') and added.endswith("}   # p95")


def test_a_new_answer_sits_right_after_the_last_one():
    out = edited(ANSWERS, (("profiles", "current", "values", "a.z"), {"value": True}))
    assert '"a.y" = { value = "low", provenance = "declared" }\n"a.z" = { value = true }\n' in out
    assert out.endswith('\n# ---- next: the target\n[profiles.faster]\nkind = "target"\n')


def test_a_new_key_of_a_table_with_only_sub_tables_goes_before_them():
    text = "[p]\n[p.v]\na = 1\n"
    assert edited(text, (("p", "k"), "x")) == '[p]\nk = "x"\n[p.v]\na = 1\n'


def test_a_new_profile_is_written_as_sections_with_inline_answers():
    profile = {
        "kind": "target",
        "based_on": "current",
        "values": {"a.x": {"value": 3, "rationale": "why"}, "m": {"value": [{"r": 1}, {"r": 2}]}},
    }
    out = edited(ANSWERS, (("profiles", "slower"), profile))
    assert out.startswith(ANSWERS)
    assert out[len(ANSWERS) :] == textwrap.dedent("""\

        [profiles.slower]
        kind = "target"
        based_on = "current"

        [profiles.slower.values]
        "a.x" = { value = 3, rationale = "why" }
        m = { value = [
            { r = 1 },
            { r = 2 },
        ] }
        """)


def test_a_values_table_that_does_not_exist_yet_is_a_section():
    text = '[profiles.current]\nkind = "snapshot"\n'
    out = edited(text, (("profiles", "current", "values", "a.x"), {"value": 1}))
    assert out == text + '\n[profiles.current.values]\n"a.x" = { value = 1 }\n'


def test_inside_an_inline_table_a_new_table_stays_inline():
    text = 'p = { c = { kind = "s" } }\n'
    out = edited(text, (("p", "d"), {"kind": "t"}))
    assert out.count("\n") == 1 and tomllib.loads(out) == {
        "p": {"c": {"kind": "s"}, "d": {"kind": "t"}}
    }


@pytest.mark.parametrize(("text", "final"), [("a = 1\n", "\n"), ("a = 1", "")])
def test_the_last_newline_is_kept_or_left_out_as_it_was(text, final):
    assert edited(text, (("a",), 2)) == "a = 2" + final
    assert edited("a = 1\n", (("b",), 2)) == "a = 1\nb = 2\n"


# ---- layouts tomlkit cannot extend: placed as a section at the end, or refused

DOTTED = textwrap.dedent("""\
    format = 1
    profiles.current.values."a.b".value = true   # from the root
    profiles.current.values."a.b".provenance = "declared"
    [x]
    y = 1
    """)


def test_a_table_spread_over_dotted_keys_is_rewritten_as_a_section_at_the_end():
    out = edited(DOTTED, (("profiles", "current", "values", "a.b"), {"state": "unknown"}))
    assert out == 'format = 1\n[x]\ny = 1\n\n[profiles.current.values."a.b"]\nstate = "unknown"\n'


def test_a_new_profile_beside_dotted_ones_is_a_section_at_the_end():
    text = 'format = 1\nprofiles.current.kind = "s"\nprofiles.current.values.a = 1\n[x]\ny = 1\n'
    out = edited(text, (("profiles", "faster"), {"kind": "target", "values": {"a": 2}}))
    assert out == text + '\n[profiles.faster]\nkind = "target"\n\n[profiles.faster.values]\na = 2\n'


def test_later_edits_replay_on_top_of_one_placed_at_the_end():
    ed = editor(DOTTED)
    ed.set(("profiles", "current", "values", "a.b"), {"state": "unknown"})
    ed.set(("x", "z"), 2)
    ed.set(("profiles", "current", "values", "a.b", "reason"), "gone")
    out = ed.render()
    assert tomllib.loads(out) == {
        "format": 1,
        "profiles": {"current": {"values": {"a.b": {"state": "unknown", "reason": "gone"}}}},
        "x": {"y": 1, "z": 2},
    }
    assert ed.render() == out  # the placed document is the one edited from now on


@pytest.mark.parametrize(
    "path",
    [
        ("profiles", "current", "values", "a.b"),
        ("profiles", "current", "values"),
    ],
)
def test_what_cannot_be_removed_from_dotted_keys_is_refused_naming_it(path):
    ed = editor(DOTTED)
    ed.delete(path)
    with pytest.raises(LayoutError) as e:
        ed.render()
    assert e.value.path == "w.toml"
    assert e.value.message.startswith(f"cannot change {'.'.join(path)} in this file's layout")
    assert "the file is unchanged" in e.value.message


def test_the_base_is_read_again_with_tomllib_when_it_was_given_another_reading():
    # A caller handing tomlkit's reading (datetimes as its own types) must still get a text
    # that means the edit on tomllib's reading.
    text = 'format = 1\nprofiles.current.kind = "s"\n[x]\ny = 1\n'
    ed = TomlEditor(text, {"format": 1, "profiles": {"current": {"kind": "s"}}, "x": {"y": 0}})
    ed.set(("profiles", "faster"), {"kind": "t"})
    out = ed.render()
    assert tomllib.loads(out)["x"] == {"y": 1}
    assert ed.intended["x"] == {"y": 1} and ed.base_raw["x"] == {"y": 1}


# ---- arrays and matrix rows

ROW = {"env": "prod", "region": "eu-west-1", "count": 1}


def rows(n: int, **change) -> list[dict]:
    return [dict(ROW, region=f"r{i}", **change) for i in range(n)]


def array_text(items: list[dict]) -> str:
    body = "".join(
        f'    {{ env = "{r["env"]}", region = "{r["region"]}", count = {r["count"]} }},  # {i}\n'
        for i, r in enumerate(items)
    )
    return f"m = [\n{body}]\n"


@pytest.mark.parametrize("added", [1, 16, 17, 40])
def test_rows_added_at_the_end_keep_every_row_and_comment_before_them(added):
    old = rows(3)
    new = old + rows(3 + added)[3:]
    text = array_text(old)
    out = edited(text, (("m",), new))
    assert tomllib.loads(out)["m"] == new
    if added <= 16:  # a few rows: appended, the others untouched
        assert out.startswith(text[: text.index("]\n")])
    assert ("# 2" in out) is (added <= 16)  # many rows at once: the array written anew


def test_a_row_inserted_in_the_middle_moves_no_other_row():
    old = rows(4)
    new = [*old[:2], dict(ROW, region="new"), *old[2:]]
    out = edited(array_text(old), (("m",), new))
    assert changed_lines(array_text(old), out) == [
        '+    { env = "prod", region = "new", count = 1 },'
    ]


def test_rows_removed_and_changed_at_once_are_matched_by_what_they_are():
    old = rows(5)
    new = [old[0], dict(old[2], count=9), old[4]]
    out = edited(array_text(old), (("m",), new))
    assert tomllib.loads(out)["m"] == new
    assert sorted(changed_lines(array_text(old), out)) == [
        '+    { env = "prod", region = "r2", count = 9 },  # 2',
        '-    { env = "prod", region = "r1", count = 1 },  # 1',
        '-    { env = "prod", region = "r2", count = 1 },  # 2',
        '-    { env = "prod", region = "r3", count = 1 },  # 3',
    ]


def test_a_plain_list_grows_and_shrinks_in_place():
    assert edited("a = [1, 2]  # keep\n", (("a",), [1, 2, 3])) == "a = [1, 2, 3]  # keep\n"
    assert edited("a = [1, 2, 3]\n", (("a",), [1, 3])) == "a = [1, 3]\n"
    assert edited("a = [1, 2, 3]\n", (("a",), [3, 2, 1])) == "a = [3, 2, 1]\n"
    assert edited("a = []\n", (("a",), [1])) == "a = [1]\n"
    assert edited("a = [1]\n", (("a",), [])) == "a = []\n"


AOT = textwrap.dedent("""\
    [[m]]
    env = "prod"
    count = 1
    # about the staging row

    [[m]]
    env = "staging"
    count = 2

    [[m]]
    env = "dev"
    count = 3
    """)


def test_an_array_of_tables_changes_one_row_in_place():
    out = edited(
        AOT,
        (
            ("m",),
            [
                {"env": "prod", "count": 1},
                {"env": "staging", "count": 5},
                {"env": "dev", "count": 3},
            ],
        ),
    )
    assert changed_lines(AOT, out) == ["-count = 2", "+count = 5"]


def test_an_array_of_tables_gains_rows_as_headers():
    new = [
        {"env": "prod", "count": 1},
        {"env": "qa", "count": 0},
        {"env": "staging", "count": 2},
        {"env": "dev", "count": 3},
        {"env": "eu", "count": 4},
    ]
    out = edited(AOT, (("m",), new))
    assert tomllib.loads(out)["m"] == new
    assert (
        '# about the staging row\n\n[[m]]\nenv = "qa"\ncount = 0\n\n[[m]]\nenv = "staging"' in out
    )
    assert out.endswith('[[m]]\nenv = "eu"\ncount = 4\n')


def test_removing_a_table_row_moves_the_comment_about_the_next_one_up():
    new = [{"env": "staging", "count": 2}, {"env": "dev", "count": 3}]
    out = edited(AOT, (("m",), [{"env": "prod", "count": 1}, *new[1:]]))
    assert "# about the staging row" in out and 'env = "staging"' not in out
    out = edited(AOT, (("m",), new))
    assert tomllib.loads(out)["m"] == new


# ---- new items in the style people write by hand


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"value": 1, "provenance": "measured"}, '{ value = 1, provenance = "measured" }'),
        ({}, "{}"),
        ("one\ntwo", '"""one\ntwo"""'),
        ("one line", '"one line"'),
        ([1, 2], "[1, 2]"),
        ([], "[]"),
        ([{"a": 1}, {}], "[\n    { a = 1 },\n    {},\n]"),
        ([{"a": {"b": [1]}, "c d": "x"}], '[\n    { a = { b = [1] }, "c d" = "x" },\n]'),
    ],
)
def test_new_values_look_hand_written(value, text):
    assert value_item(value).as_string() == text
    assert tomllib.loads(f"v = {text}")["v"] == value


def test_a_section_writes_tables_above_answer_depth_as_sub_sections():
    value = {"kind": "t", "values": {"a.b": {"value": 1}, "c": {"state": "unknown"}}}
    assert section(("profiles", "p q"), value) == textwrap.dedent("""\
        [profiles."p q"]
        kind = "t"

        [profiles."p q".values]
        "a.b" = { value = 1 }
        c = { state = "unknown" }
        """)


# ---- the property: any edit, any of these layouts, keeps every other line byte-identical

LAYOUTS = [
    ANSWERS,
    textwrap.dedent("""\
        # answers as sub-tables
        format = 1
        [profiles.current]
        kind = "snapshot"
        [profiles.current.values."a.x"]
        value = 1      # p95
        provenance = "measured"
        # the next answer
        [profiles.current.values."a.y"]
        value = "low"
        """),
    textwrap.dedent("""\
        format = 1
        [profiles.current]
        kind = "snapshot"
        values."a.x" = { value = 1 }   # dotted inside the profile
        values."a.y" = { value = "low" }
        [other]   # a table we do not know
        keep = true
        """),
    textwrap.dedent("""\
        format = 1
        [profiles.current.values]   # values before the profile's own header
        "a.x" = { value = 1 }
        [profiles.current]
        kind = "snapshot"
        """),
]

answer_values = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=12),
    st.booleans(),
    st.lists(st.integers(0, 9), max_size=3),
)
answers = st.one_of(
    st.builds(lambda v: {"value": v, "provenance": "declared"}, answer_values),
    st.just({"state": "unknown"}),
    st.just(DELETE),
)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(LAYOUTS),
    st.lists(st.tuples(st.sampled_from(["a.x", "a.y", "a.z"]), answers), min_size=1, max_size=4),
)
def test_any_answer_edit_keeps_every_comment_and_every_other_line(text, steps):
    ed = editor(text)
    for key, answer in steps:
        path = ("profiles", "current", "values", key)
        if answer is DELETE:
            ed.delete(path)
        else:
            ed.set(path, answer)
    out = ed.render()
    assert same(tomllib.loads(out), ed.intended)
    touched = {k for k, _ in steps}
    for line in changed_lines(text, out):
        if line.startswith("-"):  # a line removed or rewritten is about an edited answer
            assert any(f'"{k}"' in line for k in touched) or line.strip("- ").startswith(
                ("value", "provenance")
            ), line
    comments = [ln.split("#", 1)[1] for ln in text.splitlines() if "#" in ln]
    gone = [ln[1:] for ln in changed_lines(text, out) if ln.startswith("-")]
    for comment in comments:  # only a comment on a removed answer's (or field's) line may go
        assert comment in out or any(comment in ln for ln in gone), comment
    # and a comment before a header stays right before it
    for before, header in zip(text.splitlines(), text.splitlines()[1:], strict=False):
        if before.startswith("#") and header.startswith("[") and header in out:
            assert f"{before}\n{header}" in out, (before, header)


# ---- what the fallback would hide: each placement is the one tomlkit makes in place


def test_a_new_profile_goes_with_the_profiles_not_after_a_table_that_follows():
    text = ANSWERS + "\n[x-team]\ncost = 1\n"
    out = edited(text, (("profiles", "slower"), {"kind": "target", "values": {"a": {"value": 1}}}))
    assert out.endswith("[x-team]\ncost = 1\n")
    assert out.index("[profiles.slower]") < out.index("[profiles.slower.values]")
    assert out.index("[profiles.slower.values]\na = { value = 1 }") < out.index("[x-team]")


@pytest.mark.parametrize(
    ("text", "path", "value", "expected"),
    [
        (
            "v = { value = 1_000, provenance = 'measured' }\n",
            ("v", "value"),
            2,
            "v = { value = 2, provenance = 'measured' }\n",
        ),
        (
            "[v]\nvalue = 0x10\nprovenance = 'measured'\n",
            ("v",),
            {"value": 16, "provenance": "declared"},
            '[v]\nvalue = 0x10\nprovenance = "declared"\n',
        ),
        ("a = [0x1, 2]\n", ("a",), [1, 2, 3], "a = [0x1, 2, 3]\n"),
    ],
)
def test_untouched_fields_keep_their_spelling(text, path, value, expected):
    assert edited(text, (path, value)) == expected


def test_a_table_becomes_a_value_in_place():
    assert edited("x = 1\n[t]\na = 1\n", (("t",), 5)) == "x = 1\nt = 5\n"


def test_an_edit_made_in_place_before_one_placed_at_the_end_stays_in_place():
    ed = editor(DOTTED)
    ed.set(("x", "z"), 2)
    ed.set(("profiles", "current", "values", "a.b"), {"state": "unknown"})
    assert ed.render() == (
        'format = 1\n[x]\ny = 1\nz = 2\n\n[profiles.current.values."a.b"]\nstate = "unknown"\n'
    )


def test_a_section_placed_at_the_end_follows_the_last_line_after_one_blank_line():
    text = DOTTED.replace("y = 1\n", "y = 1\t\n\n\n")
    out = edited(text, (("profiles", "current", "values", "a.b"), {"state": "unknown"}))
    assert out.endswith('y = 1\t\n\n[profiles.current.values."a.b"]\nstate = "unknown"\n')


def test_the_layout_message_in_full_and_without_a_file_name():
    ed = TomlEditor(DOTTED, tomllib.loads(DOTTED))
    ed.delete(("profiles", "current", "values"))
    with pytest.raises(LayoutError) as e:
        ed.render()
    assert e.value.path is None
    assert e.value.message == (
        "cannot change profiles.current.values in this file's layout without changing what "
        "other lines mean (it is spread over an inline table, dotted keys or arrays of tables "
        "that tomlkit cannot extend safely); the file is unchanged. Edit that part by hand, or "
        "move it into a [table] section."
    )


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (  # a top-level table: the comment about the next one stays
            "[a]\nx = 1\n# about b\n[b]\nz = 1\n",
            ("a",),
            "# about b\n[b]\nz = 1\n",
        ),
        (  # the comment sits after the table's last sub-table
            "[a]\nx = 1\n[a.s]\ny = 1\n# about b\n[b]\nz = 1\n",
            ("a",),
            "# about b\n[b]\nz = 1\n",
        ),
        (  # a table of one key
            "[p.a]\nx = 1\n\n# about b\n[p.b]\nz = 1\n",
            ("p", "a"),
            "\n# about b\n[p.b]\nz = 1\n",
        ),
        (  # a table without keys
            "[p.a]\n# about b\n[p.b]\nz = 1\n",
            ("p", "a"),
            "# about b\n[p.b]\nz = 1\n",
        ),
        (  # blank lines alone go with the table
            "[p.a]\nx = 1\n\n[p.b]\nz = 1\n",
            ("p", "a"),
            "[p.b]\nz = 1\n",
        ),
        (  # a comment inside the table, before its last key, goes with it
            "[p.a]\n# about x\nx = 1\n[p.b]\nz = 1\n",
            ("p", "a"),
            "[p.b]\nz = 1\n",
        ),
        (  # the last sub-table of an implicit table: the table stays, with a header
            "[p.a]\nx = 1\n# end\n",
            ("p", "a"),
            "[p]\n# end\n",
        ),
        ("[p.a]\nx = 1\n", ("p", "a"), "[p]\n"),
    ],
)
def test_removing_a_table_keeps_the_comments_about_what_follows(text, path, expected):
    assert edited(text, (path, DELETE)) == expected


def test_a_table_emptied_and_refilled_keeps_its_trailing_comment_last():
    ed = editor("[v]\nvalue = 1\n# next\n[w]\nb = 1\n")
    ed.set(("v",), {"state": "unknown"})
    assert ed.doc.as_string() == '[v]\nstate = "unknown"\n# next\n[w]\nb = 1\n'
    ed.set(("v",), {"value": 2})  # the key added above is deleted again in the same session
    assert ed.doc.as_string() == "[v]\nvalue = 2\n# next\n[w]\nb = 1\n"
    assert ed.render() == "[v]\nvalue = 2\n# next\n[w]\nb = 1\n"


def test_a_key_added_to_a_table_of_comments_only_goes_last():
    assert edited("[t]\n# about t\n", (("t", "a"), 1)) == "[t]\n# about t\na = 1\n"


@pytest.mark.parametrize(
    ("new", "diff"),
    [
        (  # three rows become one: the first changes, two go
            lambda old: [old[0], dict(ROW, region="x"), old[4]],
            [
                '-    { env = "prod", region = "r1", count = 1 },  # 1',
                '-    { env = "prod", region = "r2", count = 1 },  # 2',
                '-    { env = "prod", region = "r3", count = 1 },  # 3',
                '+    { env = "prod", region = "x", count = 1 },  # 1',
            ],
        ),
        (  # one row becomes three: it changes, two follow it
            lambda old: [old[0], *(dict(ROW, region=r) for r in "xyz"), *old[2:]],
            [
                '+    { env = "prod", region = "x", count = 1 },  # 1',
                '+    { env = "prod", region = "y", count = 1 },',
                '+    { env = "prod", region = "z", count = 1 },',
                '-    { env = "prod", region = "r1", count = 1 },  # 1',
            ],
        ),
        (  # the first rows go
            lambda old: old[2:],
            [
                '-    { env = "prod", region = "r0", count = 1 },  # 0',
                '-    { env = "prod", region = "r1", count = 1 },  # 1',
            ],
        ),
    ],
)
def test_rows_replaced_by_more_or_fewer_rows_change_only_those_lines(new, diff):
    old = rows(5)
    out = edited(array_text(old), (("m",), new(old)))
    assert tomllib.loads(out)["m"] == new(old)
    assert sorted(changed_lines(array_text(old), out)) == sorted(diff)


def test_removing_the_first_table_row_leaves_the_others_as_they_were():
    new = [{"env": "staging", "count": 2}, {"env": "dev", "count": 3}]
    out = edited(AOT, (("m",), new))
    assert out.endswith('[[m]]\nenv = "staging"\ncount = 2\n\n[[m]]\nenv = "dev"\ncount = 3\n')


def test_removing_a_table_row_without_trailing_lines_moves_nothing():
    text = '[[m]]\nenv = "a"\n[[m]]\nenv = "b"\n[[m]]\nenv = "c"\n'
    out = edited(text, (("m",), [{"env": "a"}, {"env": "c"}]))
    assert out == '[[m]]\nenv = "a"\n[[m]]\nenv = "c"\n'


def test_a_new_top_level_table_nests_sections_down_to_answer_depth():
    out = edited("x = 1\n", (("t",), {"a": {"b": {"c": 1}}, "d": 2}))
    assert out == "x = 1\n\n[t]\nd = 2\n\n[t.a.b]\nc = 1\n"


def test_removing_a_middle_table_row_moves_its_comment_about_the_next_row_up():
    text = '[[m]]\nenv = "a"\n# about b\n\n[[m]]\nenv = "b"\n# about c\n\n[[m]]\nenv = "c"\n'
    out = edited(text, (("m",), [{"env": "a"}, {"env": "c"}]))
    assert out == '[[m]]\nenv = "a"\n# about b\n\n# about c\n\n[[m]]\nenv = "c"\n'


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("[p.a]\n# one\n# two\n[p.b]\nz = 1\n", ("p", "a"), "# one\n# two\n[p.b]\nz = 1\n"),
        ("[a]\n[a.s]\ny = 1\n# c\n[b]\nz = 1\n", ("a",), "# c\n[b]\nz = 1\n"),
    ],
)
def test_every_trailing_comment_line_stays_however_the_table_ends(text, path, expected):
    assert edited(text, (path, DELETE)) == expected


def test_placing_at_the_end_keeps_the_last_lines_comment_whole():
    text = DOTTED.replace("y = 1\n", "y = 1  # X\n")
    out = edited(text, (("profiles", "current", "values", "a.b"), {"state": "unknown"}))
    assert (
        out == 'format = 1\n[x]\ny = 1  # X\n\n[profiles.current.values."a.b"]\nstate = "unknown"\n'
    )
