"""Every rule a rubric author can break, each in one minimal rubric, refused with its exact words.

A rubric author fixes a file from the problem list alone, so each row asserts the whole list:
the key, the colon, the message, and no second problem that would send the author elsewhere.
The valid edge cases (bounds at their limits, weights 1 and 100, 2 and 6 levels) must load.
"""

from __future__ import annotations

import datetime

import pytest

from mlprofile_tui.core.errors import MlprofileError, RubricError
from mlprofile_tui.core.rubric import (
    Cap,
    Migration,
    NotApplicable,
    Source,
    build_rubric,
    builtin_rubrics,
    load_rubric,
    resolve_rubric,
    resolve_rubric_with_newest,
    rubric_version,
    rubric_versions,
    version_key,
)
from mlprofile_tui.core.units import INT64_MAX, INT64_MIN
from mlprofile_tui.core.values import REGISTRY

C0 = "groups[0].characteristics[0]"  # g.a: int maturity, higher is better
C1 = "groups[0].characteristics[1]"  # g.m: multi descriptive, choices x y
C2 = "groups[0].characteristics[2]"  # g.e: enum descriptive, choices p q
C3 = "groups[0].characteristics[3]"  # g.f: int fit against g.a, lower is better
C4 = "groups[0].characteristics[4]"  # the row's own characteristic, when it adds one
LADDER = "the ladder has ['L0', 'L1', 'L2', 'L3']"
TYPES = ", ".join(REGISTRY)  # the rubric names every registered type, in registry order


def _ch(cid, type_="int", kind="descriptive", **more):
    return {"id": cid, "question": f"{cid}?", "help": "h", "type": type_, "kind": kind, **more}


def _fit(cid="f", **more):
    spec = {"requirement": "g.a", "direction": "lower", "thresholds": {"L1": 2, "L2": 1}}
    return _ch(cid, kind="fit", **{**spec, **more})


def _valid() -> dict:
    return {
        "id": "tiny",
        "version": "2",
        "title": "Tiny",
        "levels": [{"rank": r, "id": f"L{r}"} for r in range(4)],
        "groups": [
            {
                "id": "g",
                "characteristics": [
                    _ch("a", kind="maturity", direction="higher", thresholds={"L1": 10, "L2": 20}),
                    _ch("m", "multi", choices=[{"id": "x"}, {"id": "y"}]),
                    _ch("e", "enum", choices=[{"id": "p"}, {"id": "q"}]),
                    _fit(),
                ],
            }
        ],
    }


def _edit(index: int, **fields) -> dict:
    raw = _valid()
    raw["groups"][0]["characteristics"][index].update(fields)
    return raw


def _edit_on(raw: dict, index: int, **fields) -> dict:
    raw["groups"][0]["characteristics"][index].update(fields)
    return raw


def _without(index: int, *keys: str) -> dict:
    raw = _valid()
    for k in keys:
        raw["groups"][0]["characteristics"][index].pop(k)
    return raw


def _plus(ch: dict) -> dict:
    raw = _valid()
    raw["groups"][0]["characteristics"].append(ch)
    return raw


def _top(**fields) -> dict:
    return {**_valid(), **fields}


def _migrations(*tables) -> dict:
    return _top(migrations=list(tables))


def _levels(n: int) -> list[dict]:
    return [{"rank": r, "id": f"L{r}"} for r in range(n)]


def _problems(raw) -> list[str]:
    with pytest.raises(RubricError) as info:
        build_rubric(raw, path="r.toml")
    assert str(info.value.path) == "r.toml"
    return info.value.problems


def _load(raw):
    return build_rubric(raw, path="r.toml", sha256="abc")


# --------------------------------------------------------------------------- refused

MIGRATIONS = {
    "a migration with unknown fields": (
        _migrations({"from": "1", "renames": {}, "drop": []}),
        ["migrations[0]: unknown field(s) drop, renames; known: from, rename, choices, retire"],
    ),
    "a migration from no version": (
        _migrations({"retire": ["g.old"]}),
        ["migrations[0].from: is required"],
    ),
    "a migration from an empty version": (
        _migrations({"from": " "}),
        ["migrations[0].from: is required and must not be empty"],
    ),
    "a migration from the rubric's own version": (
        _migrations({"from": "2"}),
        ["migrations[0].from: is this rubric's own version '2'"],
    ),
    "two migrations from one version": (
        _migrations({"from": "1"}, {"from": "1.5"}, {"from": "1"}),
        ["migrations[2].from: a second migration from '1'"],
    ),
    "a rename to an unknown key": (
        _migrations({"from": "1", "rename": {"g.old": "g.zz"}}),
        ["migrations[0].rename.\"g.old\": must name a characteristic of this version, got 'g.zz'"],
    ),
    "a rename to a number": (
        _migrations({"from": "1", "rename": {"g.old": 5}}),
        [
            'migrations[0].rename."g.old": must name a characteristic of this version, '
            "got an integer (5)"
        ],
    ),
    "two keys renamed to one": (
        _migrations({"from": "1", "rename": {"g.o1": "g.a", "g.o2": "g.m", "g.o3": "g.a"}}),
        ["migrations[0].rename.\"g.o3\": a second key renamed to 'g.a'"],
    ),
    "a rename that is not a table": (
        _migrations({"from": "1", "rename": "g.a"}),
        ["migrations[0].rename: must be a table of old key = new key, got a string ('g.a')"],
    ),
    "choices that are not a table": (
        _migrations({"from": "1", "choices": 5}),
        [
            'migrations[0].choices: must be a table: "group.key" = { old_choice = "new_choice" }, '
            "got an integer (5)"
        ],
    ),
    "choices of an unknown key": (
        _migrations({"from": "1", "choices": {"g.zz": {"o": "x"}}}),
        ['migrations[0].choices."g.zz": must name an enum or multi of this version (its new key)'],
    ),
    "choices of a number": (
        _migrations({"from": "1", "choices": {"g.a": {"o": "x"}}}),
        ['migrations[0].choices."g.a": must name an enum or multi of this version (its new key)'],
    ),
    "a choice map that is not a table": (
        _migrations({"from": "1", "choices": {"g.m": "x"}}),
        [
            'migrations[0].choices."g.m": must be a table of old choice = new choice, '
            "got a string ('x')"
        ],
    ),
    "choices mapped to missing choices": (
        _migrations({"from": "1", "choices": {"g.m": {"o1": "x", "o2": "z", "o3": 3}}}),
        [
            'migrations[0].choices."g.m": maps to choices g.m does not have: '
            "o2 = 'z', o3 = an integer (3); valid: x, y"
        ],
    ),
    "an enum choice dropped": (
        _migrations({"from": "1", "choices": {"g.e": {"old": ""}}}),
        ["migrations[0].choices.\"g.e\": maps to choices g.e does not have: old = ''; valid: p, q"],
    ),
    "a key both renamed and retired": (
        _migrations(
            {
                "from": "1",
                "rename": {"g.o2": "g.m", "g.o1": "g.a"},
                "retire": ["g.o1", "g.gone", "g.o2"],
            }
        ),
        ["migrations[0].retire: both renamed and retired: g.o1, g.o2"],
    ),
    "a retired key that is not text, beside one also renamed": (
        _migrations({"from": "1", "rename": {"g.o1": "g.a"}, "retire": [5, "g.o1"]}),
        [
            "migrations[0].retire: must be a list of strings, got an array ([5, 'g.o1'])",
            "migrations[0].retire: both renamed and retired: g.o1",
        ],
    ),
    "every choice map of a migration checked": (
        _migrations(
            {
                "from": "1",
                "choices": {"g.zz": {"o": "x"}, "g.m": "x", "g.e": {"o": "zz"}, "g.a": {"o": "x"}},
            }
        ),
        [
            'migrations[0].choices."g.zz": must name an enum or multi of this version '
            "(its new key)",
            'migrations[0].choices."g.m": must be a table of old choice = new choice, '
            "got a string ('x')",
            "migrations[0].choices.\"g.e\": maps to choices g.e does not have: o = 'zz'; "
            "valid: p, q",
            'migrations[0].choices."g.a": must name an enum or multi of this version (its new key)',
        ],
    ),
    "every rename of a migration checked": (
        _migrations({"from": "1", "rename": {"g.o1": "g.zz", "g.o2": "g.a", "g.o3": "g.a"}}),
        [
            "migrations[0].rename.\"g.o1\": must name a characteristic of this version, got 'g.zz'",
            "migrations[0].rename.\"g.o3\": a second key renamed to 'g.a'",
        ],
    ),
    "retire that is not a list": (
        _migrations({"from": "1", "retire": "g.old"}),
        ["migrations[0].retire: must be a list of strings, got a string ('g.old')"],
    ),
    "migrations that are not tables": (
        _top(migrations={"from": "1"}),
        ["migrations: must be an array of tables ([[migrations]]), got a table ({'from': '1'})"],
    ),
    "a migration that is not a table": (
        _migrations({"from": "1"}, "1.5"),
        ["migrations[1]: must be a table, got a string ('1.5')"],
    ),
}

SOURCES = {
    "sources that are not a list": (
        _edit(0, sources="see the lens"),
        [
            f"{C0}.sources: must be a list of strings and {{ title, url }} tables, "
            "got a string ('see the lens')"
        ],
    ),
    "an empty reasoning": (
        _edit(0, sources=["fine", "  "]),
        [f"{C0}.sources[1]: a reasoning must not be empty"],
    ),
    "a multi-line reasoning": (
        _edit(0, sources=["first line\nsecond line"]),
        [f"{C0}.sources[0]: a reasoning is one line; cite a longer argument by title and url"],
    ),
    "a source that is a number": (
        _edit(0, sources=[5]),
        [f"{C0}.sources[0]: must be a string or a {{ title, url }} table, got an integer (5)"],
    ),
    "every source checked": (
        _edit(0, sources=[5, "", {"title": "T", "url": "ftp://x"}, "a\nb", {}]),
        [
            f"{C0}.sources[0]: must be a string or a {{ title, url }} table, got an integer (5)",
            f"{C0}.sources[1]: a reasoning must not be empty",
            f"{C0}.sources[2].url: must be an http(s) address, got 'ftp://x'",
            f"{C0}.sources[3]: a reasoning is one line; cite a longer argument by title and url",
            f"{C0}.sources[4].title: is required",
        ],
    ),
    "a source with unknown fields": (
        _edit(0, sources=[{"title": "T", "link": "https://e.org", "author": "A"}]),
        [f"{C0}.sources[0]: unknown field(s) author, link; a source has title and url"],
    ),
    "a source without a title": (
        _edit(0, sources=[{"url": "https://e.org"}]),
        [f"{C0}.sources[0].title: is required"],
    ),
    "a source with a blank title": (
        _edit(0, sources=[{"title": " ", "url": "https://e.org"}]),
        [f"{C0}.sources[0].title: is required and must not be empty"],
    ),
    "a source with a url that is not http": (
        _edit(0, sources=[{"title": "T", "url": "ftp://e.org/x"}]),
        [f"{C0}.sources[0].url: must be an http(s) address, got 'ftp://e.org/x'"],
    ),
    "a source with a url that is not text": (
        _edit(0, sources=[{"title": "T", "url": 5}]),
        [f"{C0}.sources[0].url: must be a string, got an integer (5)"],
    ),
    "an unsourced scored characteristic when sources are required": (
        _top(require_sources=True),
        [
            f"{C0}.sources: g.a is scored (maturity) and this rubric sets require_sources: "
            "cite where its thresholds come from",
            f"{C3}.sources: g.f is scored (fit) and this rubric sets require_sources: "
            "cite where its thresholds come from",
        ],
    ),
    "require_sources that is not a flag": (
        _top(require_sources="yes"),
        ["require_sources: must be true or false, got a string ('yes')"],
    ),
}

CAPS = {
    "a cap that is not a table": (
        _edit(3, cap=0.5),
        [f"{C3}.cap: must be a {{ beyond, level, advice }} table, got a float (0.5)"],
    ),
    "a cap with unknown fields": (
        _edit(3, cap={"beyond": 0.5, "level": 1, "advice": "a", "ratio": 1, "extra": 2}),
        [f"{C3}.cap: unknown field(s) extra, ratio; known: beyond, level, advice, when"],
    ),
    "a cap without beyond": (
        _edit(3, cap={"level": 1, "advice": "a"}),
        [f"{C3}.cap.beyond: must be a ratio above 0, got NoneType (None)"],
    ),
    "a cap beyond 0": (
        _edit(3, cap={"beyond": 0, "level": 1, "advice": "a"}),
        [f"{C3}.cap.beyond: must be a ratio above 0, got an integer (0)"],
    ),
    "a cap beyond a negative ratio": (
        _edit(3, cap={"beyond": -0.5, "level": 1, "advice": "a"}),
        [f"{C3}.cap.beyond: must be a ratio above 0, got a float (-0.5)"],
    ),
    "a cap beyond true": (
        _edit(3, cap={"beyond": True, "level": 1, "advice": "a"}),
        [f"{C3}.cap.beyond: must be a ratio above 0, got a boolean (True)"],
    ),
    "a cap beyond text": (
        _edit(3, cap={"beyond": "0.5", "level": 1, "advice": "a"}),
        [f"{C3}.cap.beyond: must be a ratio above 0, got a string ('0.5')"],
    ),
    "a cap beyond infinity": (
        _edit(3, cap={"beyond": float("inf"), "level": 1, "advice": "a"}),
        [f"{C3}.cap.beyond: must be a ratio above 0, got a float (inf)"],
    ),
    "a cap at the top bound (lower is better)": (
        _edit(3, cap={"beyond": 1, "level": 1, "advice": "a"}),
        [
            f"{C3}.cap.beyond: 1 must lie beyond the top band's bound (1), "
            "or the cap would take away a level the bands give"
        ],
    ),
    "a cap inside the bands (lower is better)": (
        _edit(3, cap={"beyond": 1.5, "level": 1, "advice": "a"}),
        [
            f"{C3}.cap.beyond: 1.5 must lie beyond the top band's bound (1), "
            "or the cap would take away a level the bands give"
        ],
    ),
    "a cap at the top bound (higher is better)": (
        _edit(
            3,
            direction="higher",
            thresholds={"L1": 2, "L2": 4},
            cap={"beyond": 4, "level": 1, "advice": "a"},
        ),
        [
            f"{C3}.cap.beyond: 4 must lie beyond the top band's bound (4), "
            "or the cap would take away a level the bands give"
        ],
    ),
    "a cap at the top band's level": (
        _edit(3, cap={"beyond": 0.5, "level": "L2", "advice": "a"}),
        [f"{C3}.cap.level: must be below the top band's level, or it caps nothing"],
    ),
    "a cap above the top band's level": (
        _edit(3, cap={"beyond": 0.5, "level": 3, "advice": "a"}),
        [f"{C3}.cap.level: must be below the top band's level, or it caps nothing"],
    ),
    "a cap at an unknown level": (
        _edit(3, cap={"beyond": 0.5, "level": "L9", "advice": "a"}),
        [f"{C3}.cap.level: unknown level 'L9'; {LADDER}"],
    ),
    "a cap at an unknown rank": (
        _edit(3, cap={"beyond": 0.5, "level": 7, "advice": "a"}),
        [f"{C3}.cap.level: unknown level 7; {LADDER}"],
    ),
    "a cap without a level": (
        _edit(3, cap={"beyond": 0.5, "advice": "a"}),
        [f"{C3}.cap.level: level must be a rank or level id, got NoneType (None)"],
    ),
    "a cap at level true": (
        _edit(3, cap={"beyond": 0.5, "level": True, "advice": "a"}),
        [f"{C3}.cap.level: level must be a rank or level id, got a boolean (True)"],
    ),
    "a cap without advice": (
        _edit(3, cap={"beyond": 0.5, "level": 1}),
        [f"{C3}.cap.advice: is required"],
    ),
    "a cap with blank advice": (
        _edit(3, cap={"beyond": 0.5, "level": 1, "advice": "  "}),
        [f"{C3}.cap.advice: is required and must not be empty"],
    ),
    "a cap with a broken condition": (
        _edit(3, cap={"beyond": 0.5, "level": 1, "advice": "a", "when": 5}),
        [f"{C3}.cap.when: a condition must be a table, got 5"],
    ),
    "a cap on its own answer": (
        _edit(
            3, cap={"beyond": 0.5, "level": 1, "advice": "a", "when": {"key": "g.f", "at_least": 1}}
        ),
        [f"{C3}.cap.when: a characteristic cannot depend on its own answer"],
    ),
    "a cap on a later answer": (
        _edit_on(
            _plus(_ch("z", "enum", choices=[{"id": "k"}])),
            3,
            cap={"beyond": 0.5, "level": 1, "advice": "a", "when": {"key": "g.z", "equals": "k"}},
        ),
        [f"{C3}.cap.when: 'g.z' is asked later; it may only look at earlier answers"],
    ),
    "a cap on a descriptive characteristic": (
        _edit(2, cap={"beyond": 0.5, "level": 1, "advice": "a"}),
        [f"{C2}.cap: a descriptive characteristic is never scored; remove it or set kind"],
    ),
    "plus on a maturity characteristic": (
        _edit(0, plus=["g.a"]),
        [f"{C0}.kind: only a fit characteristic takes 'cap' and 'plus'"],
    ),
    "plus on a descriptive characteristic": (
        _edit(2, plus=["g.a"]),
        [f"{C2}.plus: a descriptive characteristic is never scored; remove it or set kind"],
    ),
    "plus that is not a list": (
        _edit(3, plus="g.a"),
        [f"{C3}.plus: must be a list of strings, got a string ('g.a')"],
    ),
    "plus of another unit": (
        _plus(_fit("b", type="bytes", plus=["g.a"])),
        [f"{C4}.plus[0]: g.a is int in no unit; only a bytes in B adds to g.b"],
    ),
}
_NA_WHEN = {"key": "g.e", "equals": "p"}
NOT_APPLICABLE = {
    "not_applicable that is not a list": (
        _edit(3, not_applicable={"reason": "r"}),
        [
            f"{C3}.not_applicable: must be a list of {{ when, reason }} tables, "
            "got a table ({'reason': 'r'})"
        ],
    ),
    "a not_applicable entry that is not a table": (
        _edit(3, not_applicable=[{"when": _NA_WHEN, "reason": "r"}, "serverless"]),
        [
            f"{C3}.not_applicable[1]: must be a {{ when, reason }} table, "
            "got a string ('serverless')"
        ],
    ),
    "every not_applicable entry checked": (
        _edit(
            3,
            not_applicable=[
                {"when": {"key": "g.f", "equals": 1}, "reason": "r"},
                "serverless",
                {"reason": "r"},
                {"when": 5, "reason": "r"},
                {"when": _NA_WHEN},
            ],
        ),
        [
            f"{C3}.not_applicable[1]: must be a {{ when, reason }} table, "
            "got a string ('serverless')",
            f"{C3}.not_applicable[2].when: is required: the answers that rule this out",
            f"{C3}.not_applicable[3].when: a condition must be a table, got 5",
            f"{C3}.not_applicable[4].reason: is required",
            f"{C3}.not_applicable[0].when: a characteristic cannot depend on its own answer",
        ],
    ),
    "a not_applicable entry with unknown fields": (
        _edit(3, not_applicable=[{"when": _NA_WHEN, "reason": "r", "because": 1, "also": 2}]),
        [f"{C3}.not_applicable[0]: unknown field(s) also, because; known: when, reason"],
    ),
    "a not_applicable entry without a reason": (
        _edit(3, not_applicable=[{"when": _NA_WHEN}]),
        [f"{C3}.not_applicable[0].reason: is required"],
    ),
    "a not_applicable entry with a blank reason": (
        _edit(3, not_applicable=[{"when": _NA_WHEN, "reason": " "}]),
        [f"{C3}.not_applicable[0].reason: is required and must not be empty"],
    ),
    "a not_applicable entry without a condition": (
        _edit(3, not_applicable=[{"reason": "r"}]),
        [f"{C3}.not_applicable[0].when: is required: the answers that rule this out"],
    ),
    "a not_applicable entry with a broken condition": (
        _edit(3, not_applicable=[{"when": 5, "reason": "r"}]),
        [f"{C3}.not_applicable[0].when: a condition must be a table, got 5"],
    ),
    "a not_applicable entry naming a missing choice": (
        _edit(3, not_applicable=[{"when": {"key": "g.e", "equals": "z"}, "reason": "r"}]),
        [f"{C3}.not_applicable[0].when: g.e has no choice 'z'; valid: p, q"],
    ),
    "a not_applicable entry naming an unknown characteristic": (
        _edit(3, not_applicable=[{"when": {"key": "g.zz", "equals": 1}, "reason": "r"}]),
        [f"{C3}.not_applicable[0].when: names unknown characteristic 'g.zz'"],
    ),
}

STEPS_AND_BOUNDS = {
    "a negative step": (
        _edit(0, multiple_of=-1),
        [f"{C0}.multiple_of: must be a number above 0, got an integer (-1)"],
    ),
    "a step of true": (
        _edit(0, multiple_of=True),
        [f"{C0}.multiple_of: must be a number above 0, got a boolean (True)"],
    ),
    "a step of text": (
        _edit(0, multiple_of="2"),
        [f"{C0}.multiple_of: must be a number above 0, got a string ('2')"],
    ),
    "an infinite step": (
        _edit(0, multiple_of=float("inf")),
        [f"{C0}.multiple_of: must be a number above 0, got a float (inf)"],
    ),
    "a step on an enum": (
        _edit(2, multiple_of=2),
        [f"{C2}.multiple_of: only numbers take a step, not enum"],
    ),
    "a max past int64": (
        _edit(0, max=INT64_MAX + 1),
        [f"{C0}.max: must be a finite number, got an integer (9223372036854775808)"],
    ),
    "a min past int64": (
        _edit(0, min=INT64_MIN - 1),
        [f"{C0}.min: must be a finite number, got an integer (-9223372036854775809)"],
    ),
    "a min of true": (
        _edit(0, min=True),
        [f"{C0}.min: must be a finite number, got a boolean (True)"],
    ),
    "a max of text": (
        _edit(0, max="10"),
        [f"{C0}.max: must be a finite number, got a string ('10')"],
    ),
}

LEVELS = {
    "levels that are not a list": (
        _top(levels=5),
        [
            "levels: the ladder needs 2 to 6 [[levels]] tables, got an integer (5)",
            # the ladder falls back to L0 and L1, so the thresholds' L2 is unknown
            f"{C0}.thresholds.L2: unknown level 'L2'; the ladder has ['L0', 'L1']",
            f"{C3}.thresholds.L2: unknown level 'L2'; the ladder has ['L0', 'L1']",
        ],
    ),
    "seven levels": (
        _top(levels=_levels(7)),
        [
            "levels: the ladder needs 2 to 6 [[levels]] tables, "
            "got an array ([{'rank': 0, 'id': 'L0'}, {'rank': 1,...)",
            f"{C0}.thresholds.L2: unknown level 'L2'; the ladder has ['L0', 'L1']",
            f"{C3}.thresholds.L2: unknown level 'L2'; the ladder has ['L0', 'L1']",
        ],
    ),
    "a gap in the ranks": (
        _top(levels=[{"rank": 0, "id": "L0"}, {"rank": 2, "id": "L1"}, {"rank": 3, "id": "L2"}]),
        [
            "levels[1].rank: ranks must count up from 0; expected 1, got an integer (2)",
            "levels[2].rank: ranks must count up from 0; expected 2, got an integer (3)",
        ],
    ),
    "a level without a rank": (
        _top(levels=[{"rank": 0, "id": "L0"}, {"id": "L1"}, {"rank": 2, "id": "L2"}]),
        ["levels[1].rank: ranks must count up from 0; expected 1, got NoneType (None)"],
    ),
    "rank false for the first level": (
        _top(levels=[{"rank": False, "id": "L0"}, *_levels(3)[1:]]),
        ["levels[0].rank: ranks must count up from 0; expected 0, got a boolean (False)"],
    ),
    "two levels with one id": (
        _top(levels=[*_levels(3), {"rank": 3, "id": "L0"}]),
        ["levels[3].id: duplicate level id 'L0'"],
    ),
    "a level without an id (it is called L1)": (
        _top(levels=[{"rank": 0, "id": "L0"}, {"rank": 1}, {"rank": 2, "id": "L2"}]),
        ["levels[1].id: is required"],
    ),
    "a level that is not a table": (
        _top(levels=[*_levels(3), 5]),
        [
            "levels[3]: must be a table, got an integer (5)",
            f"{C0}.thresholds.L2: unknown level 'L2'; the ladder has ['L0', 'L1']",
            f"{C3}.thresholds.L2: unknown level 'L2'; the ladder has ['L0', 'L1']",
        ],
    ),
}

CHARACTERISTICS = {
    "a characteristic that is not a table": (
        _plus("g.z"),
        [f"{C4}: must be a table, got a string ('g.z')"],
    ),
    "a characteristic without an id": (
        _without(2, "id"),
        [f"{C2}.id: must be an identifier, got NoneType (None)"],
    ),
    "a characteristic id that is a number": (
        _edit(2, id=5),
        [f"{C2}.id: must be an identifier, got an integer (5)"],
    ),
    "a characteristic without a type": (
        _without(2, "type", "choices"),
        [f"{C2}.type: unknown type NoneType (None); known types: {TYPES}"],
    ),
    "a type that is a number": (
        _edit(2, type=5),
        [
            f"{C2}.type: unknown type an integer (5); known types: {TYPES}",
            f"{C2}.choices: only enum and multi take choices, not text",
        ],
    ),
    "a kind that is a number": (
        _edit(2, kind=5),
        [f"{C2}.kind: unknown kind an integer (5); known kinds: descriptive, maturity, fit"],
    ),
    "a characteristic without a question": (
        _without(2, "question"),
        [f"{C2}.question: is required"],
    ),
    "a characteristic with a blank help": (
        _edit(2, help=" "),
        [f"{C2}.help: is required and must not be empty"],
    ),
    "aws text that is a number": (
        _edit(2, aws=5),
        [f"{C2}.aws: must be a string, got an integer (5)"],
    ),
    "practices that are not strings": (
        _edit(2, practices=["MLOE-05", 5]),
        [f"{C2}.practices: must be a list of strings, got an array (['MLOE-05', 5])"],
    ),
    "weight 2.0": (
        _edit(2, weight=2.0),
        [f"{C2}.weight: must be an integer from 1 to 100, got a float (2.0)"],
    ),
    "weight -1": (
        _edit(2, weight=-1),
        [f"{C2}.weight: must be an integer from 1 to 100, got an integer (-1)"],
    ),
    "a multi without choices": (
        _without(1, "choices"),
        [f"{C1}.choices: a multi needs choices"],
    ),
    "an empty choice list": (
        _edit(2, choices=[]),
        [f"{C2}.choices: a enum needs choices"],
    ),
    "a choice with an empty id": (
        _edit(2, choices=[{"id": "p"}, {"id": ""}]),
        [f"{C2}.choices[1]: each choice needs an 'id' (a string)"],
    ),
    "a choice with a number id": (
        _edit(2, choices=[{"id": 5}]),
        [
            f"{C2}.choices[0]: each choice needs an 'id' (a string)",
            f"{C2}.choices: a enum needs choices",
        ],
    ),
    "a choice that is not a table": (
        _edit(2, choices=["p", {"id": "q"}]),
        [f"{C2}.choices[0]: must be a table, got a string ('p')"],
    ),
    "choices on a bool": (
        _edit(2, type="bool"),
        [f"{C2}.choices: only enum and multi take choices, not bool"],
    ),
    "a choice at an unknown level": (
        _edit(2, kind="maturity", choices=[{"id": "p", "level": "L9"}, {"id": "q", "level": 1}]),
        [
            f"{C2}.choices[0].level: unknown level 'L9'; {LADDER}",
            f"{C2}.choices: a maturity enum gives every choice a level; missing: p",
        ],
    ),
    "a rule list that is not a list": (
        _edit(2, kind="maturity", rules=5, default=0),
        [f"{C2}.rules: must be a list of rule tables, got an integer (5)"],
    ),
    "a rule with a broken condition": (
        _edit(
            2,
            kind="maturity",
            rules=[{"equals": "p", "level": 1}, {"any": 5, "level": 2}],
            default=0,
        ),
        [f"{C2}.rules[1]: 'any' needs a non-empty list of conditions"],
    ),
    "a rule at an unknown level": (
        _edit(2, kind="maturity", rules=[{"equals": "p", "level": "L9"}], default=0),
        [f"{C2}.rules[0].level: unknown level 'L9'; {LADDER}"],
    ),
    "a rule that is not a table": (
        _edit(2, kind="maturity", rules=["p"], default=0),
        [f"{C2}.rules[0]: a rule is a table with a condition and a 'level'"],
    ),
    "a default at an unknown level": (
        _edit(2, kind="maturity", rules=[{"equals": "p", "level": 1}], default="L9"),
        [f"{C2}.default: unknown level 'L9'; {LADDER}"],
    ),
    "a maturity bool mapping true only": (
        _edit_on(
            _without(2, "choices"), 2, type="bool", kind="maturity", levels={"true": 3, "maybe": 1}
        ),
        [
            f"{C2}.levels: a maturity bool maps both answers, and only those: "
            'levels = { true = "L3", false = "L1" }; got maybe, true'
        ],
    ),
    "a maturity bool at an unknown level": (
        _edit_on(
            _without(2, "choices"),
            2,
            type="bool",
            kind="maturity",
            levels={"true": 3, "false": "L9"},
        ),
        [f"{C2}.levels.false: unknown level 'L9'; {LADDER}"],
    ),
    "a maturity matrix": (
        _plus(_ch("z", "matrix", kind="maturity", environments=["dev"], workloads=["w"])),
        [f"{C4}.kind: a maturity matrix needs 'rules' (first match wins) and a 'default'"],
    ),
    "a fit bool": (
        _plus(_fit("z", type="bool")),
        [f"{C4}.kind: a fit characteristic must be numeric, not bool"],
    ),
    "descriptive rules": (
        _edit(2, rules=[{"equals": "p", "level": 1}]),
        [f"{C2}.rules: a descriptive characteristic is never scored; remove it or set kind"],
    ),
    "descriptive levels": (
        _edit(2, levels={"true": 1, "false": 0}),
        [f"{C2}.levels: a descriptive characteristic is never scored; remove it or set kind"],
    ),
    "accounts on an enum": (
        _edit(2, accounts=True),
        [f"{C2}.accounts: only a matrix takes accounts, not enum"],
    ),
    "a matrix without workloads": (
        _plus(_ch("z", "matrix", environments=["dev"])),
        [f"{C4}: a matrix needs 'environments' and 'workloads' lists"],
    ),
    "an unknown kind with a cap is read as descriptive": (
        _edit(2, kind="grade", cap={"beyond": 0.5, "level": 1, "advice": "a"}),
        [
            f"{C2}.kind: unknown kind 'grade'; known kinds: descriptive, maturity, fit",
            f"{C2}.cap: a descriptive characteristic is never scored; remove it or set kind",
        ],
    ),
    "na_allowed that is not a flag": (
        _edit(2, na_allowed="no"),
        [f"{C2}.na_allowed: must be true or false, got a string ('no')"],
    ),
    "a maturity bool with true at an unknown level": (
        _edit_on(
            _without(2, "choices"), 2, type="bool", kind="maturity", levels={"true": 9, "false": 0}
        ),
        [f"{C2}.levels.true: unknown level 9; {LADDER}"],
    ),
    "a cap inside the top of three bands": (
        _edit(
            3,
            thresholds={"L1": 3, "L2": 2, "L3": 1},
            cap={"beyond": 1.5, "level": 2, "advice": "a"},
        ),
        [
            f"{C3}.cap.beyond: 1.5 must lie beyond the top band's bound (1), "
            "or the cap would take away a level the bands give"
        ],
    ),
    "a cap at the top of three bands": (
        _edit(
            3,
            thresholds={"L1": 3, "L2": 2, "L3": 1},
            cap={"beyond": 0.5, "level": 3, "advice": "a"},
        ),
        [f"{C3}.cap.level: must be below the top band's level, or it caps nothing"],
    ),
    "every broken characteristic of a group reported": (
        _top(groups=[{"id": "g", "characteristics": [5, _ch("b", kind="grade")]}]),
        [
            "groups[0].characteristics[0]: must be a table, got an integer (5)",
            "groups[0].characteristics[1].kind: unknown kind 'grade'; known kinds: descriptive, "
            "maturity, fit",
        ],
    ),
    "a level label that is not text": (
        _top(levels=[*_levels(3), {"rank": 3, "id": "L3", "label": 5, "description": 6}]),
        [
            "levels[3].label: must be a string, got an integer (5)",
            "levels[3].description: must be a string, got an integer (6)",
        ],
    ),
    "gating that is not a flag": (
        _edit(2, gating=0),
        [f"{C2}.gating: must be true or false, got an integer (0)"],
    ),
    "every choice checked": (
        _edit(2, choices=[{"label": "x"}, {"id": "p", "label": 5, "help": 6}, {"id": "p"}]),
        [
            f"{C2}.choices[0]: each choice needs an 'id' (a string)",
            f"{C2}.choices[1].label: must be a string, got an integer (5)",
            f"{C2}.choices[1].help: must be a string, got an integer (6)",
            f"{C2}.choices[2].id: duplicate choice 'p'",
        ],
    ),
    "matrix lists that are not lists": (
        _plus(_ch("z", "matrix", environments="dev", workloads=5)),
        [
            f"{C4}.environments: must be a list of strings, got a string ('dev')",
            f"{C4}.workloads: must be a list of strings, got an integer (5)",
            f"{C4}: a matrix needs 'environments' and 'workloads' lists",
        ],
    ),
    "a matrix without environments": (
        _plus(_ch("z", "matrix", workloads=["w"])),
        [f"{C4}: a matrix needs 'environments' and 'workloads' lists"],
    ),
    "choices that are not a list": (
        _edit(2, choices=5),
        [
            f"{C2}.choices: must be an array of tables ([[choices]]), got an integer (5)",
            f"{C2}.choices: a enum needs choices",
        ],
    ),
    "a characteristic without help": (
        _without(2, "help"),
        [f"{C2}.help: is required"],
    ),
    "a matrix with a duplicate environment": (
        _plus(_ch("z", "matrix", environments=["dev", "prod", "dev"], workloads=["w"])),
        [f"{C4}.environments[2]: duplicate 'dev'"],
    ),
    "a matrix with ids that cannot be typed": (
        _plus(
            _ch(
                "z",
                "matrix",
                environments=["dev"],
                workloads=["a:b", " w", "", "c;d", "e\nf", "w "],
            )
        ),
        [
            f"{C4}.workloads[0]: 'a:b' cannot be typed in a matrix row: no spaces around it, "
            "no ':' or ';'",
            f"{C4}.workloads[1]: ' w' cannot be typed in a matrix row: no spaces around it, "
            "no ':' or ';'",
            f"{C4}.workloads[2]: '' cannot be typed in a matrix row: no spaces around it, "
            "no ':' or ';'",
            f"{C4}.workloads[3]: 'c;d' cannot be typed in a matrix row: no spaces around it, "
            "no ':' or ';'",
            f"{C4}.workloads[4]: 'e\\nf' cannot be typed in a matrix row: no spaces around it, "
            "no ':' or ';'",
            f"{C4}.workloads[5]: 'w ' cannot be typed in a matrix row: no spaces around it, "
            "no ':' or ';'",
        ],
    ),
    "matrix accounts that are not a flag": (
        _plus(_ch("z", "matrix", environments=["dev"], workloads=["w"], accounts="yes")),
        [f"{C4}.accounts: must be true or false, got a string ('yes')"],
    ),
    "a fit without thresholds": (
        _without(3, "thresholds"),
        [f"{C3}.thresholds: a table of level = bound is required, e.g. {{ L3 = 100, L4 = 50 }}"],
    ),
    "a threshold bound of text": (
        _edit(3, thresholds={"L1": 2, "L2": "1"}),
        [f"{C3}.thresholds.L2: bound must be a finite number, got a string ('1')"],
    ),
}


def _asks(when) -> dict:
    """A fifth characteristic, asked only ``when`` the condition holds."""
    return _plus(_ch("z", "text", when=when))


CONDITIONS = {
    "equals a missing choice": (
        _asks({"key": "g.e", "equals": "zz"}),
        [f"{C4}.when: g.e has no choice 'zz'; valid: p, q"],
    ),
    "in missing choices": (
        _asks({"key": "g.e", "in": ["p", "q1", "q2"]}),
        [f"{C4}.when: g.e has no choice 'q1', 'q2'; valid: p, q"],
    ),
    "not_in a missing choice": (
        _asks({"key": "g.e", "not_in": ["zz"]}),
        [f"{C4}.when: g.e has no choice 'zz'; valid: p, q"],
    ),
    "includes_any a missing choice": (
        _asks({"key": "g.m", "includes_any": ["x", "zz"]}),
        [f"{C4}.when: g.m has no choice 'zz'; valid: x, y"],
    ),
    "includes_any on an enum": (
        _asks({"key": "g.e", "includes_any": ["p"]}),
        [f"{C4}.when: 'includes_any' needs a multi characteristic; g.e is enum"],
    ),
    "every leaf of a condition checked": (
        _asks(
            {
                "all": [
                    {"key": "g.zz", "equals": 1},
                    {"key": "g.m", "includes": "zz"},
                    {"key": "g.yy", "equals": 1},
                ]
            }
        ),
        [
            f"{C4}.when: names unknown characteristic 'g.zz'",
            f"{C4}.when: g.m has no choice 'zz'; valid: x, y",
            f"{C4}.when: names unknown characteristic 'g.yy'",
        ],
    ),
    "a threshold of text beside an unknown level": (
        _edit(3, thresholds={"L1": "2", "L9": 1}),
        [
            f"{C3}.thresholds.L1: bound must be a finite number, got a string ('2')",
            f"{C3}.thresholds.L9: unknown level 'L9'; {LADDER}",
        ],
    ),
    "a rule that is not a table beside one at an unknown level": (
        _edit(2, kind="maturity", rules=[5, {"equals": "p", "level": "L9"}], default=0),
        [
            f"{C2}.rules[0]: a rule is a table with a condition and a 'level'",
            f"{C2}.rules[1].level: unknown level 'L9'; {LADDER}",
        ],
    ),
    "a broken rule beside a rule at an unknown level": (
        _edit(
            2,
            kind="maturity",
            rules=[{"any": 5, "level": 1}, {"equals": "p", "level": 9}],
            default=0,
        ),
        [
            f"{C2}.rules[0]: 'any' needs a non-empty list of conditions",
            f"{C2}.rules[1].level: unknown level 9; {LADDER}",
        ],
    ),
    "an unreachable rule and no default": (
        _edit(
            1,
            kind="maturity",
            rules=[{"includes": "x", "level": 1}, {"includes": ["x", "y"], "level": 2}],
        ),
        [
            f"{C1}.rules[1]: unreachable: rules[0] matches whenever this rule would",
            f"{C1}.default: rules need a 'default' level for when no rule matches",
        ],
    ),
    "a weight that is a date": (
        _edit(2, weight=datetime.date(2025, 1, 31)),
        [f"{C2}.weight: must be an integer from 1 to 100, got date (datetime.date(2025, 1, 31))"],
    ),
}

RUBRIC = {
    "a rubric without an id": (
        {k: v for k, v in _valid().items() if k != "id"},
        ["id: is required"],
    ),
    "a rubric with a blank version": (
        _top(version=""),
        ["version: is required and must not be empty"],
    ),
    "a rubric with a title that is a number": (
        _top(title=5),
        ["title: must be a string, got an integer (5)"],
    ),
    "a rubric without groups": (
        {k: v for k, v in _valid().items() if k != "groups"},
        ["groups: at least one [[groups]] table is required"],
    ),
    "groups that are not tables": (
        _top(groups={"id": "g"}),
        ["groups: must be an array of tables ([[groups]]), got a table ({'id': 'g'})"],
    ),
    "a group that is not a table": (
        _top(groups=["g"]),
        ["groups[0]: must be a table, got a string ('g')"],
    ),
    "a group without an id": (
        _top(groups=[{"characteristics": [_ch("a")]}]),
        ["groups[0].id: must be an identifier, got NoneType (None)"],
    ),
    "characteristics that are not a list": (
        _top(groups=[{"id": "g", "characteristics": {"id": "a"}}]),
        [
            "groups[0].characteristics: must be an array of tables ([[groups.characteristics]]), "
            "got a table ({'id': 'a'})"
        ],
    ),
    "an empty characteristics list": (
        _top(groups=[{"id": "g", "characteristics": []}]),
        ["groups[0].characteristics: group 'g' has no characteristics"],
    ),
    "a group weight of 2.5": (
        _top(groups=[{"id": "g", "weight": 2.5, "characteristics": [_ch("a")]}]),
        ["groups[0].weight: must be an integer from 1 to 100, got a float (2.5)"],
    ),
    "a group description that is a number": (
        _top(groups=[{"id": "g", "description": 5, "characteristics": [_ch("a")]}]),
        ["groups[0].description: must be a string, got an integer (5)"],
    ),
    "a rubric without a title": (
        {k: v for k, v in _valid().items() if k != "title"},
        ["title: is required"],
    ),
    "rubric practices that are not a list": (
        _top(practices="MLOE-05"),
        ["practices: must be a list of strings, got a string ('MLOE-05')"],
    ),
    "a group of broken characteristics only": (
        _top(groups=[{"id": "g", "characteristics": [5]}]),
        ["groups[0].characteristics[0]: must be a table, got an integer (5)"],
    ),
    "groups that are all broken": (
        _top(groups=[5]),
        ["groups[0]: must be a table, got an integer (5)"],
    ),
    "a group without an id is named by its place": (
        _top(groups=[{"characteristics": []}]),
        [
            "groups[0].id: must be an identifier, got NoneType (None)",
            "groups[0].characteristics: group 'group0' has no characteristics",
        ],
    ),
    "a value shown whole up to 40 characters": (
        _edit(0, sources="x" * 38),
        [
            f"{C0}.sources: must be a list of strings and {{ title, url }} tables, "
            f"got a string ('{'x' * 38}')"
        ],
    ),
    "a value cut after 37 characters": (
        _edit(0, sources="x" * 39),
        [
            f"{C0}.sources: must be a list of strings and {{ title, url }} tables, "
            f"got a string ('{'x' * 36}...)"
        ],
    ),
    "every problem of a file at once, in file order": (
        _top(
            id=5,
            levels=_levels(4)[:1] + _levels(4)[1:],
            groups=[{"id": "g", "characteristics": [_ch("a", weight=0), _ch("b", kind="x")]}],
        ),
        [
            "id: must be a string, got an integer (5)",
            f"{C0}.weight: must be an integer from 1 to 100, got an integer (0)",
            "groups[0].characteristics[1].kind: unknown kind 'x'; known kinds: descriptive, "
            "maturity, fit",
        ],
    ),
}

REFUSED = {
    **MIGRATIONS,
    **SOURCES,
    **CAPS,
    **NOT_APPLICABLE,
    **STEPS_AND_BOUNDS,
    **LEVELS,
    **CHARACTERISTICS,
    **CONDITIONS,
    **RUBRIC,
}


@pytest.mark.parametrize(("raw", "problems"), list(REFUSED.values()), ids=list(REFUSED))
def test_each_broken_rule_is_the_one_problem_reported(raw, problems):
    assert _problems(raw) == problems


def test_a_reference_problem_names_the_entry_in_the_file_after_a_broken_one():
    raw = _edit(
        3, not_applicable=["serverless", {"when": {"key": "g.f", "equals": 1}, "reason": "r"}]
    )
    assert f"{C3}.not_applicable[1].when: a characteristic cannot depend on its own answer" in (
        _problems(raw)
    )


def test_a_rubric_that_is_not_a_table_is_refused_whole():
    with pytest.raises(RubricError) as info:
        build_rubric(["tiny"], path="r.toml")
    assert info.value.path == "r.toml"
    assert info.value.problems == ["a rubric is a TOML table, got an array (['tiny'])"]


# --------------------------------------------------------------------------- loaded


def test_the_base_rubric_loads_with_every_default():
    rubric = _load(_valid())
    assert (rubric.id, rubric.version, rubric.title, rubric.path, rubric.sha256) == (
        "tiny",
        "2",
        "Tiny",
        "r.toml",
        "abc",
    )
    assert rubric.practices == () and rubric.migrations == () and not rubric.require_sources
    assert [(lv.rank, lv.id, lv.label, lv.description) for lv in rubric.levels] == [
        (r, f"L{r}", f"L{r}", "") for r in range(4)
    ]
    (group,) = rubric.groups
    assert (group.id, group.title, group.description, group.weight) == ("g", "g", "", 1)
    assert list(rubric.by_key) == ["g.a", "g.m", "g.e", "g.f"]
    a = rubric.get("g.a")
    assert (a.question, a.help, a.type, a.kind, a.unit, a.aws) == (
        "a?",
        "h",
        "int",
        "maturity",
        "",
        "",
    )
    assert (a.weight, a.na_allowed, a.gating, a.practices, a.when) == (1, True, True, (), None)
    assert (a.minimum, a.maximum, a.multiple_of, a.sources, a.not_applicable) == (
        None,
        None,
        None,
        (),
        (),
    )
    assert (a.direction, a.thresholds, a.cap, a.plus, a.matrix) == (
        "higher",
        ((1, 10.0), (2, 20.0)),
        None,
        (),
        None,
    )
    m = rubric.get("g.m")
    assert [(c.id, c.label, c.level, c.help) for c in m.choices] == [
        ("x", "x", None, ""),
        ("y", "y", None, ""),
    ]
    assert m.kind == "descriptive" and m.thresholds == () and m.direction is None
    f = rubric.get("g.f")
    assert (f.requirement, f.direction, f.thresholds, f.cap, f.plus) == (
        "g.a",
        "lower",
        ((1, 2.0), (2, 1.0)),
        None,
        (),
    )
    assert rubric.unsourced() == (a, f)


def test_a_characteristic_without_a_kind_is_descriptive():
    raw = _valid()
    del raw["groups"][0]["characteristics"][2]["kind"]
    assert _load(raw).get("g.e").kind == "descriptive"


@pytest.mark.parametrize("n", [2, 6])
def test_a_ladder_of_two_or_six_levels_loads(n):
    raw = _top(
        levels=[
            {"rank": r, "id": f"L{r}", "label": f"Level {r}", "description": f"d{r}"}
            for r in range(n)
        ]
    )
    raw["groups"] = [{"id": "g", "title": "G", "description": "D", "characteristics": [_ch("a")]}]
    rubric = _load(raw)
    assert [(lv.rank, lv.id, lv.label, lv.description) for lv in rubric.levels] == [
        (r, f"L{r}", f"Level {r}", f"d{r}") for r in range(n)
    ]
    assert rubric.top_rank == n - 1
    assert (rubric.groups[0].title, rubric.groups[0].description) == ("G", "D")


def test_a_level_without_an_id_is_named_by_its_rank_in_the_other_problems():
    raw = _top(levels=[{"rank": 0, "id": "L0"}, {"rank": 1}, {"rank": 2, "id": "L2"}])
    raw["groups"][0]["characteristics"][0]["thresholds"] = {"L1": 10, "L3": 20}
    assert _problems(raw) == [
        "levels[1].id: is required",
        f"{C0}.thresholds.L3: unknown level 'L3'; the ladder has ['L0', 'L1', 'L2']",
    ]


@pytest.mark.parametrize("weight", [1, 100])
def test_weights_at_their_limits_load(weight):
    raw = _edit(0, weight=weight)
    raw["groups"][0]["weight"] = weight
    rubric = _load(raw)
    assert rubric.get("g.a").weight == weight and rubric.groups[0].weight == weight


def test_bounds_and_steps_at_their_limits_load():
    raw = _edit(0, min=INT64_MIN, max=INT64_MAX, multiple_of=1024)
    raw["groups"][0]["characteristics"][3].update(type="float", min=-1.5, max=0.0, multiple_of=0.5)
    raw["groups"][0]["characteristics"][1:3] = [
        _ch("b", "bytes"),
        _ch("d", "duration_ms", unit="s", min=5),
        _ch("c", "bytes", min=5),
    ]
    rubric = _load(raw)
    a, f = rubric.get("g.a"), rubric.get("g.f")
    assert (a.minimum, a.maximum, a.multiple_of) == (INT64_MIN, INT64_MAX, 1024)
    assert (f.minimum, f.maximum, f.multiple_of) == (-1.5, 0.0, 0.5)
    b, d = rubric.get("g.b"), rubric.get("g.d")
    assert (b.unit, b.minimum, d.unit, d.minimum) == ("B", 0, "s", 5)
    assert rubric.get("g.c").minimum == 5


def test_a_duration_without_a_unit_is_in_milliseconds():
    raw = _valid()
    raw["groups"][0]["characteristics"][1:3] = [_ch("d", "duration_ms"), _ch("t", "text")]
    rubric = _load(raw)
    assert (rubric.get("g.d").unit, rubric.get("g.d").minimum, rubric.get("g.t").unit) == (
        "ms",
        None,
        "",
    )


def test_every_optional_field_of_a_characteristic_loads():
    raw = _valid()
    raw["practices"] = ["MLOE-05"]
    raw["groups"][0]["characteristics"][2].update(
        weight=7,
        na_allowed=False,
        gating=False,
        aws="SageMaker",
        practices=["MLOPS02-BP02"],
        when={"key": "g.m", "includes": "x"},
        choices=[{"id": "p", "label": "P", "help": "about p"}, {"id": "q"}],
    )
    rubric = _load(raw)
    e = rubric.get("g.e")
    assert rubric.practices == ("MLOE-05",)
    assert (e.weight, e.na_allowed, e.gating, e.aws, e.practices) == (
        7,
        False,
        False,
        "SageMaker",
        ("MLOPS02-BP02",),
    )
    assert e.when is not None and list(e.when.keys()) == ["g.m"]
    assert [(c.id, c.label, c.help) for c in e.choices] == [("p", "P", "about p"), ("q", "q", "")]


def test_maturity_by_choice_bool_and_rules_loads():
    raw = _valid()
    chars = raw["groups"][0]["characteristics"]
    chars[2].update(kind="maturity", choices=[{"id": "p", "level": "L3"}, {"id": "q", "level": 0}])
    chars.append(_ch("b", "bool", kind="maturity", levels={"true": "L3", "false": 1}))
    chars.append(
        _ch(
            "r",
            "multi",
            kind="maturity",
            choices=[{"id": "x"}, {"id": "y"}],
            rules=[{"includes": ["x", "y"], "level": "L3"}, {"includes": "x", "level": 2}],
            default="L1",
        )
    )
    rubric = _load(raw)
    assert [c.level for c in rubric.get("g.e").choices] == [3, 0]
    assert rubric.get("g.b").bool_levels == {True: 3, False: 1}
    r = rubric.get("g.r")
    assert [rule.level for rule in r.rules] == [3, 2] and r.default_level == 1


def test_a_matrix_loads_with_its_ids_in_order():
    raw = _plus(
        _ch("z", "matrix", environments=["dev", "prod"], workloads=["api", "XL"], accounts=True)
    )
    spec = _load(raw).get("g.z").matrix
    assert (spec.environments, spec.workloads, spec.accounts) == (
        ("dev", "prod"),
        ("api", "XL"),
        True,
    )
    assert spec.default_environment == "prod"
    raw["groups"][0]["characteristics"][4].pop("accounts")
    assert _load(raw).get("g.z").matrix.accounts is False


def test_sources_load_trimmed_in_order():
    raw = _edit(
        0,
        sources=[
            "  one line of reasoning  ",
            {"title": " The lens ", "url": "https://docs.aws.amazon.com/lens"},
            {"title": "Old page", "url": "http://example.org"},
            {"title": "A book"},
        ],
    )
    raw["require_sources"] = True
    raw["groups"][0]["characteristics"][3]["sources"] = ["the requirement"]
    rubric = _load(raw)
    sources = rubric.get("g.a").sources
    assert sources == (
        Source("one line of reasoning", "", True),
        Source("The lens", "https://docs.aws.amazon.com/lens", False),
        Source("Old page", "http://example.org", False),
        Source("A book", "", False),
    )
    assert [s.as_dict() for s in sources[:2]] == [
        {"kind": "reasoning", "title": "one line of reasoning", "url": None},
        {"kind": "reference", "title": "The lens", "url": "https://docs.aws.amazon.com/lens"},
    ]
    assert rubric.require_sources and rubric.unsourced() == ()


def test_a_cap_and_plus_load():
    raw = _valid()
    chars = raw["groups"][0]["characteristics"]
    chars[3]["cap"] = {
        "beyond": 0.999,
        "level": "L1",
        "advice": " over-provisioned ",
        "when": {"key": "g.e", "equals": "p"},
    }
    chars.append(_fit("h", direction="higher", thresholds={"L1": 2, "L2": 4}, plus=["g.a", "g.f"]))
    chars[4]["cap"] = {"beyond": 4.5, "level": 0, "advice": "a"}
    rubric = _load(raw)
    cap = rubric.get("g.f").cap
    assert (cap.beyond, cap.level, cap.advice) == (0.999, 1, "over-provisioned")
    assert list(cap.condition.keys()) == ["g.e"]
    h = rubric.get("g.h")
    assert h.cap == Cap(4.5, 0, "a", None) and h.plus == ("g.a", "g.f")


def test_not_applicable_loads_with_its_reason_trimmed():
    raw = _edit(
        3,
        not_applicable=[
            {"when": _NA_WHEN, "reason": " no VPC "},
            {"when": {"key": "g.m", "includes": "y"}, "reason": "r"},
        ],
    )
    (first, second) = _load(raw).get("g.f").not_applicable
    assert isinstance(first, NotApplicable) and first.reason == "no VPC"
    assert list(first.condition.keys()) == ["g.e"] and second.reason == "r"


def test_migrations_load_in_order_and_are_found_by_version():
    raw = _migrations(
        {
            "from": "1.0",
            "rename": {"g.old": "g.a", "g.older": "g.m"},
            "choices": {"g.m": {"gone": "", "z": "x"}, "g.e": {"r": "p"}},
            "retire": ["g.dead"],
        },
        {"from": "1.1"},
    )
    rubric = _load(raw)
    assert rubric.migrations == (
        Migration(
            "1.0",
            {"g.old": "g.a", "g.older": "g.m"},
            {"g.m": {"gone": "", "z": "x"}, "g.e": {"r": "p"}},
            ("g.dead",),
        ),
        Migration("1.1", {}, {}, ()),
    )
    assert rubric.migration_from("1.1") is rubric.migrations[1]
    assert rubric.migration_from("2") is None


# --------------------------------------------------------------------------- files and versions


def _toml(version: str, rid: str = "tiny") -> str:
    return (
        f'id = "{rid}"\nversion = "{version}"\ntitle = "Tiny"\n'
        '[[levels]]\nrank = 0\nid = "L0"\n[[levels]]\nrank = 1\nid = "L1"\n'
        '[[groups]]\nid = "g"\n[[groups.characteristics]]\n'
        'id = "a"\nquestion = "a?"\nhelp = "h"\ntype = "int"\n'
    )


@pytest.fixture
def team(tmp_path):
    """team.toml holds version 2; its folder holds the older versions it still reads."""
    (tmp_path / "team.toml").write_text(_toml("2"))
    (tmp_path / "team").mkdir()
    for v in ("1.10", "1.9", "1.0", "2"):
        (tmp_path / "team" / f"{v}.toml").write_text(_toml(v))
    (tmp_path / "team" / "1.5.toml").write_text(_toml("1.6"))
    (tmp_path / "team" / "other.toml").write_text(_toml("other", rid="else"))
    return tmp_path


def test_versions_order_numbers_as_numbers_then_text():
    assert version_key("1.x") == ((0, 1, ""), (1, 0, "x"))
    ordered = sorted(["1.10.0", "1.9.0", "1.0.rc", "1.0.0", "1.0.1"], key=version_key)
    assert ordered == ["1.0.0", "1.0.1", "1.0.rc", "1.9.0", "1.10.0"]


def test_a_rubric_reads_its_older_versions_from_the_folder_beside_it(team):
    newest = load_rubric(team / "team.toml")
    assert newest.path == str(team / "team.toml") and len(newest.sha256) == 64
    versions = rubric_versions(newest)
    assert list(versions) == ["1.0", "1.5", "1.9", "1.10", "other", "2"]
    assert versions["2"] == team / "team.toml" and versions["1.9"] == team / "team" / "1.9.toml"
    older = rubric_version(newest, "1.10")
    assert (older.id, older.version) == ("tiny", "1.10")
    assert rubric_version(newest, "2") is newest
    pair = resolve_rubric_with_newest("team.toml", "1.9", base=team)
    assert [r.version for r in pair] == ["1.9", "2"]
    assert resolve_rubric_with_newest(str(team / "team.toml")) == (newest, newest)
    assert resolve_rubric("team.toml", "2", base=team) is newest
    assert resolve_rubric("team.toml", "1.0", base=team).version == "1.0"


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (
            "3",
            "rubric tiny version 3 is not available; this mlprofile has tiny "
            "1.0, 1.5, 1.9, 1.10, other, 2 ({path})",
        ),
        (
            "1.5",
            "{folder}/1.5.toml: holds rubric tiny 1.6, not tiny 1.5 as its place beside the "
            "newest version says",
        ),
        (
            "other",
            "{folder}/other.toml: holds rubric else other, not tiny other as its place beside the "
            "newest version says",
        ),
    ],
)
def test_a_version_that_is_not_there_or_not_what_it_says_is_refused(team, version, message):
    with pytest.raises(MlprofileError) as info:
        resolve_rubric(str(team / "team.toml"), version)
    path, folder = team / "team.toml", team / "team"
    assert info.value.render() == message.format(path=path, folder=folder)


@pytest.mark.parametrize(
    ("ref", "version", "message"),
    [
        (
            5,
            None,
            "a rubric is named by a string (a built-in id or a file path), got an integer (5)",
        ),
        ("x.toml", 1.0, 'a rubric version is a string such as "1.0.0", got a float (1.0)'),
        ("nope", None, "rubric 'nope' is not known; built-in rubrics: mloe-05"),
    ],
)
def test_a_rubric_named_wrongly_is_refused(ref, version, message):
    with pytest.raises(MlprofileError) as info:
        resolve_rubric(ref, version)
    assert info.value.render() == message
    assert not isinstance(info.value, RubricError)


def test_a_rubric_path_is_read_relative_to_its_base_and_a_missing_file_says_so(team):
    with pytest.raises(MlprofileError) as info:
        resolve_rubric("missing.toml", base=team)
    assert str(team / "missing.toml") in info.value.render()
    assert resolve_rubric(None).id == "mloe-05"
    assert resolve_rubric("mloe-05").path == str(builtin_rubrics()["mloe-05"].resolve())


def test_a_rubric_file_that_is_a_folder_is_named_a_rubric_file(tmp_path):
    with pytest.raises(MlprofileError) as info:
        load_rubric(tmp_path)
    assert (
        info.value.message == "not a regular file (a directory); a rubric file is a plain text file"
    )


def test_an_unknown_key_lists_at_most_three_near_ones():
    raw = _valid()
    raw["groups"][0]["characteristics"] = [_ch(f"a{i}") for i in range(1, 6)]
    with pytest.raises(MlprofileError) as info:
        _load(raw).get("g.a")
    assert info.value.message == (
        "unknown characteristic (rubric tiny 2); did you mean g.a5, g.a4, g.a3?"
    )


def test_a_rubric_file_that_is_not_toml_or_a_symlink_loop_is_one_clear_error(tmp_path):
    (tmp_path / "bad.toml").write_text("id = \n")
    (tmp_path / "loop.toml").symlink_to(tmp_path / "loop.toml")
    with pytest.raises(MlprofileError) as info:
        load_rubric(tmp_path / "bad.toml")
    assert info.value.message.startswith("rubric is not valid TOML: ")
    assert info.value.path == str(tmp_path / "bad.toml")
    with pytest.raises(MlprofileError) as info:
        load_rubric(tmp_path / "loop.toml")
    assert info.value.message.startswith("cannot read rubric file: ")
    assert info.value.path == str(tmp_path / "loop.toml")


def test_an_unknown_key_suggests_the_nearest_ones():
    rubric = _load(_valid())
    with pytest.raises(MlprofileError) as info:
        rubric.get("g.aa")
    assert (info.value.key, info.value.message) == (
        "g.aa",
        "unknown characteristic (rubric tiny 2); did you mean g.a?",
    )
    with pytest.raises(MlprofileError) as info:
        rubric.get("zzz")
    assert info.value.message == (
        "unknown characteristic (rubric tiny 2); `mlprofile rubric show` lists them"
    )
    assert rubric.group("g") is rubric.groups[0] and rubric.group("h") is None
    assert rubric.level(2).id == "L2"
