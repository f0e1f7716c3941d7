"""Scoring rules the built-in rubric does not exercise, on a small purpose-built rubric.

Higher-is-better bands, a non-gating characteristic, first-match rules with a default, the
optimistic level, the weighted score and its division, and which blockers a group lists.
"""

from __future__ import annotations

import pytest

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.rubric import build_rubric
from mlprofile_tui.core.scoring import (
    SKIPPED,
    Blocker,
    CharacteristicScore,
    applies,
    asked,
    describe,
    max_level,
    score_characteristic,
    score_group,
    score_json,
    score_profile,
)

LEVELS = [{"rank": r, "id": f"L{r}", "label": f"Level {r}"} for r in range(4)]


def _ch(cid, type_, kind="maturity", **more):
    return {"id": cid, "question": f"{cid}?", "help": "h", "type": type_, "kind": kind, **more}


RAW = {
    "id": "tiny",
    "version": "1",
    "title": "Tiny",
    "levels": LEVELS,
    "groups": [
        {
            "id": "a",
            "title": "Group A",
            "weight": 2,
            "characteristics": [
                _ch("hi", "int", direction="higher", thresholds={"L1": 10, "L2": 20, "L3": 30}),
                _ch(
                    "lo",
                    "duration_ms",
                    direction="lower",
                    thresholds={"L1": 300, "L2": 200, "L3": 100},
                    weight=3,
                ),
                _ch("ng", "bool", levels={"true": 3, "false": 0}, gating=False, weight=5),
            ],
        },
        {
            "id": "b",
            "title": "Group B",
            "characteristics": [
                _ch(
                    "opts",
                    "multi",
                    choices=[{"id": "x"}, {"id": "y"}, {"id": "z"}],
                    rules=[
                        {"includes": ["x", "y"], "level": "L3"},
                        {"includes_any": ["x", "y"], "level": 2},
                    ],
                    default="L1",
                ),
                _ch(
                    "stage",
                    "enum",
                    choices=[
                        {"id": "none", "level": 0},
                        {"id": "some", "level": 1},
                        {"id": "most", "level": 2},
                        {"id": "much", "level": 2},
                        {"id": "all", "level": 3},
                    ],
                ),
                _ch("note", "text", kind="descriptive"),
            ],
        },
        {
            "id": "c",
            "title": "Group C",
            "weight": 3,
            "characteristics": [
                _ch("gpu", "bool", kind="descriptive"),
                _ch(
                    "util",
                    "float",
                    when={"key": "c.gpu", "equals": True},
                    direction="higher",
                    thresholds={"L1": 0.2, "L2": 0.5, "L3": 0.8},
                ),
            ],
        },
    ],
}
RUBRIC = build_rubric(RAW, path="tiny.toml")


def val(v):
    return Answer(State.VALUE, v, "declared")


TOP = {
    "a.hi": val(30),
    "a.lo": val(100),
    "a.ng": val(True),
    "b.opts": val(["x", "y"]),
    "b.stage": val("all"),
    "b.note": val("n"),
    "c.gpu": val(True),
    "c.util": val(0.9),
}


def _level(key, v, answers=None):
    r = score_characteristic(RUBRIC.get(key), {**(answers or {}), key: val(v)})
    return r.level, r.next_level, r.distance


@pytest.mark.parametrize(
    ("v", "level", "nxt", "distance"),
    [
        (0, 0, 1, "0; L1 needs >= 10 (+10)"),
        (9, 0, 1, "9; L1 needs >= 10 (+1)"),
        (10, 1, 2, "10; L2 needs >= 20 (+10)"),
        (25, 2, 3, "25; L3 needs >= 30 (+5)"),
        (30, 3, None, "30; at the top of its scale"),
        (99, 3, None, "99; at the top of its scale"),
    ],
)
def test_higher_is_better_bands(v, level, nxt, distance):
    assert _level("a.hi", v) == (level, nxt, distance)


@pytest.mark.parametrize(
    ("v", "level", "nxt", "distance"),
    [
        (301, 0, 1, "301 ms; L1 needs <= 300 ms (−1 ms)"),
        (300, 1, 2, "300 ms; L2 needs <= 200 ms (−100 ms)"),
        (150, 2, 3, "150 ms; L3 needs <= 100 ms (−50 ms)"),
        (100, 3, None, "100 ms; at the top of its scale"),
        (1, 3, None, "1 ms; at the top of its scale"),
    ],
)
def test_lower_is_better_bands(v, level, nxt, distance):
    assert _level("a.lo", v) == (level, nxt, distance)


@pytest.mark.parametrize(
    ("v", "level", "nxt", "distance"),
    [
        (["x", "y", "z"], 3, None, "at the top of its scale"),
        (["y", "z"], 2, 3, "L2 by rule 2; L3 needs including x, y"),
        (["z"], 1, 2, "L1 by the default; L2 needs including one of x, y"),
        ([], 1, 2, "L1 by the default; L2 needs including one of x, y"),
    ],
)
def test_rules_first_match_wins_and_the_default_catches_the_rest(v, level, nxt, distance):
    assert _level("b.opts", v) == (level, nxt, distance)


@pytest.mark.parametrize(
    ("v", "level", "nxt", "distance"),
    [
        ("none", 0, 1, "none is L0; L1 needs some"),
        ("some", 1, 2, "some is L1; L2 needs most or much"),
        ("most", 2, 3, "most is L2; L3 needs all"),
        ("all", 3, None, "at the top of its scale"),
    ],
)
def test_enum_choices_name_the_next_band(v, level, nxt, distance):
    assert _level("b.stage", v) == (level, nxt, distance)


def test_bool_levels_say_which_answer_is_better():
    assert _level("a.ng", False) == (0, 3, "no is L0; L3 needs yes")
    assert _level("a.ng", True) == (3, None, "at the top of its scale")


def test_max_level_of_each_kind_of_scale():
    assert [max_level(RUBRIC.get(k)) for k in ("a.hi", "a.lo", "a.ng", "b.opts", "b.stage")] == [
        3,
        3,
        3,
        3,
        3,
    ]
    assert max_level(RUBRIC.get("b.note")) is None


def test_a_rules_scale_reaches_its_default_when_that_is_highest():
    raw = {
        **RAW,
        "groups": [
            {
                "id": "g",
                "characteristics": [
                    _ch("m", "multi", choices=[{"id": "x"}], rules=[{"includes": "x", "level": 1}])
                    | {"default": 2}
                ],
            }
        ],
    }
    ch = build_rubric(raw, path="r.toml").get("g.m")
    assert max_level(ch) == 2
    no_default = build_rubric(raw, path="r.toml").get("g.m")
    assert no_default.default_level == 2


def test_unknown_and_unanswered_score_l0_with_the_reachable_best():
    for state, word in ((State.UNKNOWN, "unknown"), (State.UNANSWERED, "unanswered")):
        r = score_characteristic(RUBRIC.get("a.hi"), {"a.hi": Answer(state)})
        assert (r.level, r.best, r.next_level, r.applies) == (0, 3, 3, True)
        assert r.distance == f"{word}: answer it (up to L3)"
        assert r.state == state
    r = score_characteristic(RUBRIC.get("a.hi"), {})
    assert r.state == State.UNANSWERED and r.level == 0


def test_not_applicable_and_skipped_are_excluded():
    na = score_characteristic(
        RUBRIC.get("a.hi"), {"a.hi": Answer(State.NOT_APPLICABLE, reason="no such thing")}
    )
    assert (na.state, na.applies, na.level, na.best, na.next_level) == (
        State.NOT_APPLICABLE,
        False,
        None,
        None,
        None,
    )
    assert na.distance == "not applicable: no such thing"
    util = RUBRIC.get("c.util")
    skipped = score_characteristic(util, {"c.gpu": val(False), "c.util": val(0.9)})
    assert (skipped.state, skipped.applies, skipped.level, skipped.best) == (
        SKIPPED,
        False,
        None,
        None,
    )
    assert skipped.distance == "skipped: an earlier answer makes it moot"
    assert not asked(util, {"c.gpu": val(False)}) and not applies(util, {"c.gpu": val(False)})
    assert asked(util, {}) and applies(util, {})  # undetermined: still asked
    assert asked(util, {"c.gpu": val(True)})


def test_descriptive_answers_apply_without_a_level():
    r = score_characteristic(RUBRIC.get("b.note"), {"b.note": val("x")})
    assert (r.state, r.applies, r.level, r.best, r.distance) == (State.VALUE, True, None, None, "")


def test_everything_at_the_top():
    p = score_profile(RUBRIC, TOP, "p")
    assert (p.profile, p.level, p.optimistic_level, p.score, p.completeness, p.draft) == (
        "p",
        3,
        3,
        1.0,
        1.0,
        False,
    )
    assert p.blockers == () and all(g.blockers == () for g in p.groups.values())


def test_a_non_gating_characteristic_at_l0_never_lowers_its_group():
    g = score_profile(RUBRIC, {**TOP, "a.ng": val(False)}).groups["a"]
    assert g.level == 3 and g.blockers == ()
    # but it weighs in the score: (1*3 + 3*3 + 5*0) / ((1+3+5) * 3)
    assert g.score == pytest.approx(12 / 27)


def test_the_group_level_is_its_weakest_gating_characteristic():
    answers = {**TOP, "a.hi": val(15), "a.lo": val(250)}
    g = score_profile(RUBRIC, answers).groups["a"]
    assert g.level == 1
    assert g.score == pytest.approx((1 * 1 + 3 * 1 + 5 * 3) / (9 * 3))


def test_the_optimistic_level_is_the_weakest_best_case():
    answers = {**TOP, "a.hi": Answer(State.UNKNOWN), "a.lo": val(250)}
    g = score_profile(RUBRIC, answers).groups["a"]
    assert (g.level, g.optimistic_level) == (0, 1)  # hi could reach L3, lo stays at L1
    p = score_profile(RUBRIC, answers)
    assert (p.level, p.optimistic_level) == (0, 1)


def test_the_overall_score_is_the_group_weighted_mean():
    answers = {**TOP, "a.hi": val(15), "b.stage": val("some")}
    p = score_profile(RUBRIC, answers)
    a, b, c = (p.groups[g].score for g in "abc")
    assert a == pytest.approx((1 * 1 + 3 * 3 + 5 * 3) / 27)
    assert b == pytest.approx((3 + 1) / 6)
    assert c == 1.0
    assert p.score == pytest.approx((2 * a + 1 * b + 3 * c) / 6)


def test_blockers_are_the_gating_characteristics_at_the_group_level():
    answers = {**TOP, "a.hi": val(15), "a.lo": val(250), "a.ng": val(False)}
    g = score_profile(RUBRIC, answers).groups["a"]
    assert g.blockers == (
        Blocker("a.lo", 1, 2, State.VALUE, "250 ms; L2 needs <= 200 ms (−50 ms)"),
        Blocker("a.hi", 1, 2, State.VALUE, "15; L2 needs >= 20 (+5)"),
    )  # heavier first; the non-gating one at L0 is not a blocker
    assert g.blockers[0].as_dict() == {
        "key": "a.lo",
        "level": 1,
        "needs": 2,
        "state": "value",
        "distance": "250 ms; L2 needs <= 200 ms (−50 ms)",
    }


def test_blockers_of_equal_weight_are_in_key_order_and_the_higher_ones_are_not_listed():
    answers = {**TOP, "b.opts": val(["z"]), "b.stage": val("some")}
    g = score_profile(RUBRIC, answers).groups["b"]
    assert [b.key for b in g.blockers] == ["b.opts", "b.stage"]
    answers = {**TOP, "b.opts": val(["z"]), "b.stage": val("most")}
    g = score_profile(RUBRIC, answers).groups["b"]
    assert [(b.key, b.level, b.needs) for b in g.blockers] == [("b.opts", 1, 2)]


def test_a_blocker_that_cannot_go_higher_says_so():
    raw = {
        **RAW,
        "groups": [
            {
                "id": "g",
                "characteristics": [
                    _ch("capped", "enum", choices=[{"id": "a", "level": 1}]),
                    _ch("full", "int", direction="higher", thresholds={"L3": 5}),
                ],
            }
        ],
    }
    rubric = build_rubric(raw, path="r.toml")
    g = score_profile(rubric, {"g.capped": val("a"), "g.full": val(7)}).groups["g"]
    assert g.level == 1
    assert g.blockers == (
        Blocker("g.capped", 1, 2, State.VALUE, "at the top of its scale (cannot go higher)"),
    )


def test_only_groups_at_the_overall_level_give_the_profile_its_blockers():
    answers = {**TOP, "a.hi": val(15), "b.stage": val("most")}
    p = score_profile(RUBRIC, answers)
    assert (p.groups["a"].level, p.groups["b"].level, p.level) == (1, 2, 1)
    assert [b.key for b in p.blockers] == ["a.hi"]


def test_completeness_and_draft_count_what_is_in_scope():
    answers = {k: v for k, v in TOP.items() if k != "b.note"}
    answers["a.hi"] = Answer(State.UNKNOWN)
    answers["c.gpu"] = val(False)  # c.util is skipped: out of scope
    p = score_profile(RUBRIC, answers)
    # in scope: a.hi a.lo a.ng b.opts b.stage b.note c.gpu; known: 5 of 7
    assert p.completeness == pytest.approx(5 / 7)
    assert p.draft  # b.note is unanswered
    assert p.groups["b"].completeness == pytest.approx(2 / 3)
    assert p.groups["c"].completeness == 1.0
    assert p.groups["c"].level is None and p.groups["c"].score is None
    assert p.groups["c"].optimistic_level is None
    answers["b.note"] = Answer(State.NOT_APPLICABLE, reason="r")
    p = score_profile(RUBRIC, answers)
    assert not p.draft and p.completeness == pytest.approx(6 / 7)


def test_a_profile_with_nothing_scored():
    na = Answer(State.NOT_APPLICABLE, reason="r")
    answers = {k: na for k in ("a.hi", "a.lo", "a.ng", "b.opts", "b.stage")}
    p = score_profile(RUBRIC, {**answers, "c.gpu": val(False)})
    assert all(g.level is None for g in p.groups.values())
    assert (p.level, p.optimistic_level, p.score) == (0, 0, 0.0)
    groups = score_profile(
        RUBRIC,
        {
            "a.hi": Answer(State.NOT_APPLICABLE, reason="r"),
            "a.lo": Answer(State.NOT_APPLICABLE, reason="r"),
            "a.ng": Answer(State.NOT_APPLICABLE, reason="r"),
        },
    ).groups
    assert groups["a"].score is None and groups["a"].completeness == 1.0


def test_a_group_of_skipped_characteristics_is_complete():
    group = RUBRIC.group("c")
    assert group is not None
    only_util = type(group)(group.id, group.title, group.description, 1, (RUBRIC.get("c.util"),))
    g = score_group(only_util, {"c.gpu": val(False)}, 3)
    assert g.completeness == 1.0 and g.level is None


def test_score_json_shape():
    answers = {**TOP, "a.hi": val(15)}
    d = score_json(RUBRIC, score_profile(RUBRIC, answers, "cur"))
    assert d["profile"] == "cur"
    assert d["overall"] == {
        "level": 1,
        "label": "Level 1",
        "score": round(score_profile(RUBRIC, answers).score, 4),
        "completeness": 1.0,
        "optimistic_level": 1,
        "draft": False,
        "blockers": [
            {
                "key": "a.hi",
                "level": 1,
                "needs": 2,
                "state": "value",
                "distance": "15; L2 needs >= 20 (+5)",
            }
        ],
    }
    a = d["groups"]["a"]
    assert a["title"] == "Group A" and a["level"] == 1 and a["label"] == "Level 1"
    assert a["characteristics"]["a.hi"] == {
        "state": "value",
        "level": 1,
        "optimistic_level": 1,
        "distance": "15; L2 needs >= 20 (+5)",
    }
    assert d["groups"]["b"]["characteristics"]["b.note"]["distance"] is None
    skipped = score_json(RUBRIC, score_profile(RUBRIC, {"c.gpu": val(False)}))
    assert skipped["groups"]["c"]["level"] is None
    assert skipped["groups"]["c"]["label"] is None and skipped["groups"]["c"]["score"] is None


def _rule_text(raw, key="b.opts"):
    from mlprofile_tui.core.conditions import parse_condition

    return describe(parse_condition(raw, default_key=key), RUBRIC.get("b.opts"))


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ({}, "anything"),
        ({"includes": ["x", "y"]}, "including x, y"),
        ({"includes_any": ["x", "y"]}, "including one of x, y"),
        ({"count_at_least": 2}, "at least 2 chosen"),
        ({"equals": "x"}, "value = x"),
        ({"key": "b.stage", "equals": "all"}, "b.stage = all"),
        ({"key": "b.stage", "in": ["most", "all"]}, "b.stage one of most, all"),
        ({"key": "b.stage", "not_in": ["none", "some"]}, "b.stage none of none, some"),
        ({"key": "a.hi", "at_least": 2.0}, "a.hi >= 2"),
        ({"key": "a.lo", "at_most": 2.5}, "a.lo <= 2.5"),
        ({"key": "a.hi", "state": ["unknown", "value"]}, "a.hi state unknown/value"),
        ({"all": [{"count_at_least": 1}, {"includes": "z"}]}, "at least 1 chosen and including z"),
        ({"any": [{"count_at_least": 1}, {"includes": "z"}]}, "at least 1 chosen or including z"),
        ({"not": {"includes": "z"}}, "not (including z)"),
    ],
)
def test_conditions_in_words(raw, text):
    assert _rule_text(raw) == text


FIT = build_rubric(
    {
        "id": "fit",
        "version": "1",
        "title": "Fit",
        "levels": LEVELS,
        "groups": [
            {
                "id": "f",
                "characteristics": [
                    _ch("target", "duration_ms", kind="descriptive"),
                    _ch("over", "duration_ms", kind="descriptive"),
                    _ch("gpu", "bool", kind="descriptive"),
                    _ch("need", "float", kind="descriptive"),
                    _ch("plat", "enum", kind="descriptive", choices=[{"id": "sl"}, {"id": "ec2"}]),
                    _ch(
                        "lat",
                        "duration_ms",
                        kind="fit",
                        requirement="f.target",
                        direction="lower",
                        thresholds={"L1": 2, "L2": 1.5, "L3": 1},
                        plus=["f.over"],
                        cap={
                            "beyond": 0.25,
                            "level": "L2",
                            "advice": "too big",
                            "when": {"key": "f.gpu", "equals": True},
                        },
                    ),
                    _ch(
                        "tput",
                        "float",
                        kind="fit",
                        requirement="f.need",
                        direction="higher",
                        thresholds={"L1": 1, "L2": 1.5, "L3": 2},
                        cap={"beyond": 4, "level": 1, "advice": "over-provisioned"},
                    ),
                    _ch("pub", "bool", levels={"true": 0, "false": 3}),
                    _ch(
                        "zero",
                        "multi",
                        choices=[{"id": "x"}],
                        rules=[{"includes": "x", "level": 0}],
                        default=0,
                    ),
                    _ch(
                        "warm",
                        "bool",
                        levels={"true": 3, "false": 1},
                        not_applicable=[
                            {"when": {"key": "f.plat", "equals": "sl"}, "reason": "no warm pool"}
                        ],
                    ),
                ],
            }
        ],
    },
    path="fit.toml",
)


def _fit(key, **answers):
    vals = {f"f.{k}": val(v) for k, v in answers.items()}
    r = score_characteristic(FIT.get(key), vals)
    return r.level, r.next_level, r.distance


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {"lat": 80, "over": 20, "target": 100},
            (3, None, "80 ms + 20 ms = 100 ms vs 100 ms = 1.00x; at the top of its scale"),
        ),
        (
            {"lat": 150, "target": 100},
            (2, 3, "150 ms vs 100 ms = 1.50x; L3 needs <= 1x (<= 100 ms)"),
        ),
        (
            {"lat": 10, "over": 10, "target": 100, "gpu": True},
            (2, 3, "10 ms + 10 ms = 20 ms vs 100 ms = 0.20x; capped at L2 under 0.25x: too big"),
        ),
        (
            {"lat": 10, "over": 10, "target": 100, "gpu": False},
            (3, None, "10 ms + 10 ms = 20 ms vs 100 ms = 0.20x; at the top of its scale"),
        ),
        (
            {"lat": 10, "over": 10, "target": 100},  # the cap's condition is undetermined
            (3, None, "10 ms + 10 ms = 20 ms vs 100 ms = 0.20x; at the top of its scale"),
        ),
        (
            {"lat": 25, "target": 100, "gpu": True},  # exactly at the cap's ratio: not beyond
            (3, None, "25 ms vs 100 ms = 0.25x; at the top of its scale"),
        ),
        ({"lat": 50}, (0, 3, "needs f.target (the requirement) to be measured against")),
        (
            {"lat": 50, "target": 0},
            (0, 3, "needs f.target (the requirement) to be measured against"),
        ),
    ],
)
def test_a_lower_is_better_fit_with_added_measures_and_a_cap(answers, expected):
    assert _fit("f.lat", **answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"tput": 1.2, "need": 1.0}, (1, 2, "1.2 vs 1 = 1.20x; L2 needs >= 1.5x (>= 1.5)")),
        ({"tput": 4.0, "need": 1.0}, (3, None, "4 vs 1 = 4.00x; at the top of its scale")),
        (
            {"tput": 5.0, "need": 1.0},
            (1, 3, "5 vs 1 = 5.00x; capped at L1 over 4x: over-provisioned"),
        ),
        ({"tput": 0.5, "need": 1.0}, (0, 1, "0.5 vs 1 = 0.50x; L1 needs >= 1x (>= 1)")),
    ],
)
def test_a_higher_is_better_fit_with_a_cap_over_its_requirement(answers, expected):
    assert _fit("f.tput", **answers) == expected


def test_a_bool_where_no_is_better():
    assert _fit("f.pub", pub=True) == (0, 3, "yes is L0; L3 needs no")
    assert _fit("f.pub", pub=False) == (3, None, "at the top of its scale")


def test_a_scale_that_tops_out_at_l0():
    zero = FIT.get("f.zero")
    assert max_level(zero) == 0
    r = score_characteristic(zero, {"f.zero": Answer(State.UNKNOWN)})
    assert (r.level, r.best, r.next_level, r.distance) == (
        0,
        0,
        None,
        "unknown: answer it (up to L0)",
    )
    g = score_profile(FIT, {"f.zero": val(["x"]), "f.pub": val(False), "f.plat": val("sl")})
    blocker = next(b for b in g.groups["f"].blockers if b.key == "f.zero")
    assert blocker.distance == "at the top of its scale (cannot go higher)"
    assert g.groups["f"].id == "f"


def test_what_a_platform_cannot_offer_is_not_applicable_by_itself():
    warm = FIT.get("f.warm")
    ruled_out = score_characteristic(warm, {"f.plat": val("sl"), "f.warm": val(True)})
    assert ruled_out == CharacteristicScore(
        "f.warm",
        State.NOT_APPLICABLE,
        False,
        None,
        None,
        1,
        True,
        "not applicable: no warm pool",
        None,
    )
    assert not applies(warm, {"f.plat": val("sl")})
    assert applies(warm, {"f.plat": val("ec2")}) and applies(warm, {})
    assert score_characteristic(warm, {"f.plat": val("ec2"), "f.warm": val(True)}).level == 3


def test_every_field_of_excluded_and_descriptive_results():
    util = RUBRIC.get("c.util")
    assert score_characteristic(util, {"c.gpu": val(False)}) == CharacteristicScore(
        "c.util",
        SKIPPED,
        False,
        None,
        None,
        1,
        True,
        "skipped: an earlier answer makes it moot",
        None,
    )
    na = Answer(State.NOT_APPLICABLE, reason="r")
    assert score_characteristic(RUBRIC.get("a.ng"), {"a.ng": na}) == CharacteristicScore(
        "a.ng", State.NOT_APPLICABLE, False, None, None, 5, False, "not applicable: r", None
    )
    assert score_characteristic(RUBRIC.get("b.note"), {"b.note": val("x")}) == CharacteristicScore(
        "b.note", State.VALUE, True, None, None, 1, True, "", None
    )


def test_a_profile_score_finds_each_characteristic_by_key():
    p = score_profile(RUBRIC, TOP)
    assert p.characteristic("b.stage").key == "b.stage"
    assert p.characteristic("a.lo").level == 3
    with pytest.raises(KeyError) as e:
        p.characteristic("a.zz")
    assert e.value.args == ("a.zz",)
