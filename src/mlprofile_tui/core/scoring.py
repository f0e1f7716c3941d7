"""Scoring: pure functions from (rubric, answers) to levels, scores and blockers.

The headline level is the weakest link: a group's level is the minimum over its gating
characteristics, the overall level the minimum over groups (DESIGN.md §3). Beside it a
weighted score moves with every answer without ever changing the level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .answers import UNANSWERED, Answer, State
from .conditions import Condition
from .rubric import Characteristic, Group, Rubric
from .units import format_number
from .values import display_value, value_type

SKIPPED = "skipped"  # shown for characteristics that skip logic rules out


@dataclass(frozen=True, slots=True)
class CharacteristicScore:
    """One characteristic's result in a profile: its level rank (None when descriptive,
    skipped or not applicable), the best rank resolving its unknowns could reach, and the
    distance to its next band in words."""

    key: str
    state: str  # an answer State value, or SKIPPED
    # False when skipped or not applicable: out of the level and the score. Completeness
    # leaves out skipped questions only: a not-applicable answer counts as answered.
    applies: bool
    level: int | None  # None when descriptive or excluded
    best: int | None  # the optimistic level: what resolving an unknown could reach
    weight: int
    gating: bool
    distance: str  # how far to the next band, in words people can act on
    next_level: int | None  # the next band above ``level`` this characteristic can reach


@dataclass(frozen=True, slots=True)
class Blocker:
    """A gating characteristic holding its group at ``level`` (a rank) when the group needs
    ``needs`` (the next rank): its key, answer state and the distance in words."""

    key: str
    level: int
    needs: int
    state: str
    distance: str

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "level": self.level,
            "needs": self.needs,
            "state": self.state,
            "distance": self.distance,
        }


@dataclass(frozen=True, slots=True)
class GroupScore:
    """A group's result: ``level`` the minimum rank over its gating characteristics (None when
    nothing scored applies), ``score`` the weighted mean rank over the top rank (a 0-1
    fraction, None likewise), ``completeness`` the answered share of what skip logic asks
    (a 0-1 fraction), ``optimistic_level`` the rank reachable by resolving unknowns."""

    id: str
    title: str
    level: int | None  # None when nothing scored applies (the group is n/a)
    score: float | None
    completeness: float
    optimistic_level: int | None
    blockers: tuple[Blocker, ...]
    characteristics: tuple[CharacteristicScore, ...]

    @property
    def answered(self) -> tuple[int, int]:
        """(answered, asked): the counts behind ``completeness`` (a value or not applicable,
        of the characteristics skip logic asks), for showing it apart from the score."""
        asked = [c for c in self.characteristics if c.state != SKIPPED]
        known = sum(1 for c in asked if c.state in (State.VALUE, State.NOT_APPLICABLE))
        return known, len(asked)


@dataclass(frozen=True, slots=True)
class ProfileScore:
    """A profile's result (DESIGN.md §3): ``level`` the minimum rank over groups,
    ``score`` the group-weighted mean of group scores and ``completeness`` the answered share
    of every question asked (both 0-1 fractions, never percents), ``draft`` while any asked
    question is unanswered; ``blockers`` those of the groups at the overall level. With
    nothing scored at all, ``level`` is 0 and ``score`` 0.0 (not None, unlike a group's)."""

    profile: str
    level: int
    score: float
    completeness: float
    optimistic_level: int
    draft: bool
    groups: Mapping[str, GroupScore]
    blockers: tuple[Blocker, ...]

    def characteristic(self, key: str) -> CharacteristicScore:
        group = self.groups[key.split(".", 1)[0]]
        for c in group.characteristics:
            if c.key == key:
                return c
        raise KeyError(key)


# --------------------------------------------------------------------------- one characteristic


def asked(ch: Characteristic, answers: Mapping[str, Answer]) -> bool:
    """Skip logic alone: asked unless its ``when`` is definitely false."""
    return ch.when is None or ch.when.test(answers) is not False


def not_applicable_reason(ch: Characteristic, answers: Mapping[str, Answer]) -> str | None:
    """Why the platform the answers describe cannot offer ``ch`` (the rubric's
    ``not_applicable`` reason whose condition definitely holds), or None."""
    for na in ch.not_applicable:
        if na.condition.test(answers) is True:
            return na.reason
    return None


def applies(ch: Characteristic, answers: Mapping[str, Answer]) -> bool:
    """Whether a front end asks ``ch``: skip logic lets it and no platform rules it out.

    Pass answers through ``in_scope`` first, so an answer skip logic has set aside cannot
    decide whether a later question is asked."""
    return asked(ch, answers) and not_applicable_reason(ch, answers) is None


def in_scope(rubric: Rubric, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """``answers`` without those of characteristics that skip logic or a platform rules out,
    decided in rubric order (conditions look only at earlier answers).

    An answer set aside is no answer: a target that moves to serverless inherits its base's
    "GPU" for a question serverless skips, and that inherited GPU must not make the serverless
    evaluation not applicable. Answers to characteristics the rubric does not know are kept.
    """
    return _scope(rubric, answers)[0]


_SKIP = ""  # in a scope's status: skipped by skip logic (any other text: ruled out, the reason)


def _scope(
    rubric: Rubric, answers: Mapping[str, Answer]
) -> tuple[dict[str, Answer], dict[str, str]]:
    """``in_scope``'s answers, and for every characteristic that is not asked why not:
    ``_SKIP`` for skip logic, else the platform's reason. Scoring reuses the status instead of
    testing each condition a second time."""
    scoped = dict(answers)
    status: dict[str, str] = {}
    for ch in rubric.conditional:
        if not asked(ch, scoped):
            status[ch.key] = _SKIP
        else:
            reason = not_applicable_reason(ch, scoped)
            if reason is None:
                continue
            status[ch.key] = reason
        scoped.pop(ch.key, None)
    return scoped, status


def max_level(ch: Characteristic) -> int | None:
    if not ch.scored:
        return None
    if ch.rules:
        return max([r.level for r in ch.rules] + [ch.default_level or 0])
    if ch.bool_levels:
        return max(ch.bool_levels.values())
    if ch.thresholds:
        return ch.thresholds[-1][0]
    levels = [c.level for c in ch.choices if c.level is not None]
    return max(levels) if levels else None


def characteristic_level(
    ch: Characteristic,
    answer: Answer,
    answers: Mapping[str, Answer],
    rubric: Rubric | None = None,
) -> tuple[int, int | None, str]:
    """(level, next reachable level, distance text) for a scored characteristic with a value.

    ``rubric`` lets the text name other characteristics' choices by their labels (a rule
    that needs ``traffic.pattern`` steady); without it those stay ids."""
    v = answer.value
    if ch.rules:
        i = next(
            (n for n, rule in enumerate(ch.rules) if rule.condition.test(answers) is True), None
        )
        level = ch.rules[i].level if i is not None else (ch.default_level or 0)
        # A better rule counts only if the other answers let it hold: "L3 needs traffic
        # pattern steady" is no advice for a periodic workload.
        higher = [r for r in ch.rules if r.level > level]
        if not higher:
            return level, None, "at the top of its scale"
        others = {k: a for k, a in answers.items() if k != ch.key}
        better = [r for r in higher if r.condition.test(others) is not False]
        if not better:
            return level, None, "at the top of its scale for these answers"
        next_rule = min(better, key=lambda r: r.level)
        got = f"rule {i + 1}" if i is not None else "the default"
        return (
            level,
            next_rule.level,
            f"L{level} by {got}; L{next_rule.level} needs "
            + describe(next_rule.condition, ch, rubric),
        )
    if ch.bool_levels:
        level = ch.bool_levels[bool(v)]
        other = ch.bool_levels[not v]
        if other > level:
            return (
                level,
                other,
                f"{'yes' if v else 'no'} is L{level}; L{other} needs {'no' if v else 'yes'}",
            )
        return level, None, "at the top of its scale"
    if ch.thresholds:
        if ch.kind == "fit":
            req = answers.get(ch.requirement or "", UNANSWERED)
            if not req.is_value or not req.value:
                return (
                    0,
                    max_level(ch),
                    f"needs {ch.requirement} (the requirement) to be measured against",
                )
            measured, shown_measured = _measured(ch, v, answers)
            ratio = float(measured) / float(req.value)
            level, nxt = _band(ch, ratio)
            shown = f"{shown_measured} vs {display_value(ch, req.value)} = {ratio:.2f}x"
            cap = ch.cap
            if (
                cap is not None
                and level > cap.level
                and ((ratio < cap.beyond) if ch.direction == "lower" else (ratio > cap.beyond))
                and (cap.condition is None or cap.condition.test(answers) is True)
            ):
                way = "under" if ch.direction == "lower" else "over"
                return (
                    cap.level,
                    level,
                    f"{shown}; capped at L{cap.level} {way} {cap.beyond:g}x: {cap.advice}",
                )
            if nxt is None:
                return level, None, f"{shown}; at the top of its scale"
            needed = nxt[1] * float(req.value)
            return (
                level,
                nxt[0],
                (
                    f"{shown}; L{nxt[0]} needs {_cmp(ch)} {nxt[1]:g}x "
                    f"({_cmp(ch)} {display_value(ch, _round(ch, needed))})"
                ),
            )
        level, nxt = _band(ch, float(v))
        if nxt is None:
            return level, None, f"{display_value(ch, v)}; at the top of its scale"
        gap = nxt[1] - float(v)
        return (
            level,
            nxt[0],
            (
                f"{display_value(ch, v)}; L{nxt[0]} needs {_cmp(ch)} "
                f"{display_value(ch, _round(ch, nxt[1]))} ({'+' if gap > 0 else '−'}"
                f"{display_value(ch, _round(ch, abs(gap)))})"
            ),
        )
    choice = ch.choice(v) if isinstance(v, str) else None
    level = choice.level if choice and choice.level is not None else 0
    better_choices = [
        (c.id, c.level) for c in ch.choices if c.level is not None and c.level > level
    ]
    if not better_choices:
        return level, None, "at the top of its scale"
    nxt_level = min(lv for _, lv in better_choices)
    options = " or ".join(ch.choice_label(cid) for cid, lv in better_choices if lv == nxt_level)
    return level, nxt_level, f"{ch.choice_label(v)} is L{level}; L{nxt_level} needs {options}"


def _measured(ch: Characteristic, v, answers: Mapping[str, Answer]) -> tuple[float, str]:
    """A fit's measured value with the values its rubric adds to it (``plus``: overhead
    latency on top of model latency), and how to show the sum."""
    extra = [
        (key, answers[key].value)
        for key in ch.plus
        if key in answers and answers[key].is_value and answers[key].value is not None
    ]
    if not extra:
        return v, display_value(ch, v)
    total = v + sum(x for _, x in extra)
    parts = " + ".join([display_value(ch, v)] + [display_value(ch, x) for _, x in extra])
    return total, f"{parts} = {display_value(ch, _round(ch, total))}"


def _band(ch: Characteristic, x: float) -> tuple[int, tuple[int, float] | None]:
    level = 0
    lower = ch.direction == "lower"
    for rank, bound in ch.thresholds:
        if (x <= bound) if lower else (x >= bound):
            level = rank
    above = [(r, b) for r, b in ch.thresholds if r > level]
    return level, (above[0] if above else None)


def _cmp(ch: Characteristic) -> str:
    return "<=" if ch.direction == "lower" else ">="


def _round(ch: Characteristic, x: float):
    return int(round(x)) if value_type(ch).whole else x


def describe(cond: Condition, ch: Characteristic, rubric: Rubric | None = None) -> str:
    """A condition in words, for "L3 needs ..." lines; choices by their labels (those of
    another characteristic only when ``rubric`` is given)."""
    own = cond.key == ch.key
    name = "" if own else f"{cond.key} "
    about = ch if own else (rubric.by_key.get(cond.key or "") if rubric is not None else None)
    label = about.choice_label if about is not None else str
    op = cond.op
    if op == "always":
        return "anything"
    if op in ("all", "any"):
        joiner = " and " if op == "all" else " or "
        return joiner.join(describe(c, ch, rubric) for c in cond.children)
    if op == "not":
        return f"not ({describe(cond.children[0], ch, rubric)})"
    arg = cond.arg
    if op == "includes":
        return f"{name}including {', '.join(map(label, arg))}"
    if op == "includes_any":
        return f"{name}including one of {', '.join(map(label, arg))}"
    if op == "count_at_least":
        return f"{name}at least {arg} chosen"
    if op == "equals":
        return f"{name or 'value '}= {label(arg)}"
    if op == "in":
        return f"{name}one of {', '.join(map(label, arg))}"
    if op == "not_in":
        return f"{name}none of {', '.join(map(label, arg))}"
    if op == "at_least":
        return f"{name}>= {format_number(arg)}"
    if op == "at_most":
        return f"{name}<= {format_number(arg)}"
    if op == "above":
        return f"{name}> {format_number(arg)}"
    if op == "below":
        return f"{name}< {format_number(arg)}"
    return f"{name}state {'/'.join(arg)}"


def score_characteristic(
    ch: Characteristic,
    answers: Mapping[str, Answer],
    status: Mapping[str, str] | None = None,
    rubric: Rubric | None = None,
) -> CharacteristicScore:
    """One characteristic's result. ``status``: the scope's verdicts from ``_scope`` (when
    given, the conditions are not tested again); ``rubric``: to name other characteristics'
    choices by their labels in the distance text."""
    answer = answers.get(ch.key, UNANSWERED)
    if status is not None:
        verdict = status.get(ch.key)
        skipped = verdict == _SKIP
        ruled_out = None if skipped else verdict
    else:
        skipped = not asked(ch, answers)
        ruled_out = None if skipped else not_applicable_reason(ch, answers)
    if skipped:
        return CharacteristicScore(
            ch.key,
            SKIPPED,
            False,
            None,
            None,
            ch.weight,
            ch.gating,
            "skipped: an earlier answer makes it moot",
            None,
        )
    if ruled_out is not None:
        return CharacteristicScore(
            ch.key,
            State.NOT_APPLICABLE,
            False,
            None,
            None,
            ch.weight,
            ch.gating,
            f"not applicable: {ruled_out}",
            None,
        )
    state = answer.state  # a StrEnum: stored as is, it compares and serialises as its value
    if state is State.NOT_APPLICABLE:
        return CharacteristicScore(
            ch.key,
            state,
            False,
            None,
            None,
            ch.weight,
            ch.gating,
            f"not applicable: {answer.reason}",
            None,
        )
    if not ch.scored:
        return CharacteristicScore(ch.key, state, True, None, None, ch.weight, ch.gating, "", None)
    if state is State.VALUE:
        level, nxt, distance = characteristic_level(ch, answer, answers, rubric)
        return CharacteristicScore(
            ch.key, state, True, level, level, ch.weight, ch.gating, distance, nxt
        )
    best = max_level(ch) or 0
    what = "unknown" if state is State.UNKNOWN else "unanswered"
    return CharacteristicScore(
        ch.key,
        state,
        True,
        0,
        best,
        ch.weight,
        ch.gating,
        f"{what}: answer it (up to L{best})",
        best if best > 0 else None,
    )


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A fit characteristic that misses its requirement: its level and the distance text
    (the ratio, and what the next level needs)."""

    key: str
    level: int
    distance: str

    def line(self, rubric: Rubric) -> str:
        """One line for a person, e.g. ``traffic.p95_latency_ms is L2, short of its
        requirement: 140 ms vs 100 ms = 1.40x; L3 needs <= 1x (<= 100 ms)``."""
        return f"{self.key} is {rubric.level(self.level).id}, short of its requirement: " + (
            self.distance
        )


def requirement_level(ch: Characteristic) -> int:
    """The level of a fit characteristic whose value is exactly its requirement (ratio 1):
    below it, the value misses the requirement (L3 in the built-in rubric)."""
    return _band(ch, 1.0)[0]


def shortfalls(rubric: Rubric, answers: Mapping[str, Answer], key: str) -> list[Shortfall]:
    """The fit characteristics an answer to ``key`` bears on (``key`` itself if it is one, and
    every fit whose requirement ``key`` is) that miss their requirement with ``answers``, in
    rubric order.

    Nothing is reported for a fit without a value, one skip logic rules out, or one whose
    requirement has no value yet (there is nothing to measure against); answers skip logic
    sets aside count for nothing, as in ``score_profile``.
    """
    answers = in_scope(rubric, answers)
    out = []
    for ch in rubric.characteristics:
        if ch.kind != "fit" or key not in (ch.key, ch.requirement):
            continue
        requirement = answers.get(ch.requirement or "", UNANSWERED)
        if not requirement.is_value or not requirement.value:
            continue
        result = score_characteristic(ch, answers)
        if result.state != State.VALUE or not result.applies or result.level is None:
            continue
        if result.level < requirement_level(ch):
            out.append(Shortfall(ch.key, result.level, result.distance))
    return out


# --------------------------------------------------------------------------- groups and profiles


def score_group(
    group: Group,
    answers: Mapping[str, Answer],
    top: int,
    status: Mapping[str, str] | None = None,
    rubric: Rubric | None = None,
) -> GroupScore:
    results = tuple(
        score_characteristic(ch, answers, status, rubric) for ch in group.characteristics
    )
    # (result, level) of each characteristic that has a level: only those score and gate
    scored = [(r, r.level) for r in results if r.applies and r.level is not None]
    gating = [(r, lv) for r, lv in scored if r.gating]
    in_scope = [r for r in results if r.state != SKIPPED]
    known = sum(1 for r in in_scope if r.state in (State.VALUE, State.NOT_APPLICABLE))
    completeness = known / len(in_scope) if in_scope else 1.0
    level = min((lv for _, lv in gating), default=None)
    optimistic = min((r.best for r, _ in gating if r.best is not None), default=None)
    total_weight = sum(r.weight for r, _ in scored)
    score = (
        (sum(r.weight * lv for r, lv in scored) / (total_weight * top)) if total_weight else None
    )
    blockers: tuple[Blocker, ...] = ()
    if level is not None and level < top:
        stuck = [(r, lv) for r, lv in gating if lv <= level]
        stuck.sort(key=lambda pair: (-pair[0].weight, pair[0].key))
        blockers = tuple(
            Blocker(
                r.key,
                lv,
                level + 1,
                r.state,
                r.distance if (r.next_level or 0) > level else f"{r.distance} (cannot go higher)",
            )
            for r, lv in stuck
        )
    return GroupScore(
        group.id, group.title, level, score, completeness, optimistic, blockers, results
    )


def score_profile(rubric: Rubric, answers: Mapping[str, Answer], profile: str = "") -> ProfileScore:
    answers, status = _scope(rubric, answers)
    top = rubric.top_rank
    groups = {g.id: score_group(g, answers, top, status, rubric) for g in rubric.groups}
    levels = [g.level for g in groups.values() if g.level is not None]
    level = min(levels, default=0)
    optimistic = min(
        (g.optimistic_level for g in groups.values() if g.optimistic_level is not None), default=0
    )
    weights = {g.id: g.weight for g in rubric.groups}
    scored = [(weights[gid], g.score) for gid, g in groups.items() if g.score is not None]
    total = sum(w for w, _ in scored)
    score = sum(w * s for w, s in scored) / total if total else 0.0
    chars = [c for g in groups.values() for c in g.characteristics]
    asked_here = [c for c in chars if c.state != SKIPPED]
    known = sum(1 for c in asked_here if c.state in (State.VALUE, State.NOT_APPLICABLE))
    completeness = known / len(asked_here) if asked_here else 1.0
    draft = any(c.state == State.UNANSWERED for c in asked_here)
    blockers = tuple(b for g in groups.values() if g.level == level for b in g.blockers)
    return ProfileScore(profile, level, score, completeness, optimistic, draft, groups, blockers)


def summary_dict(
    rubric: Rubric,
    level: int | None,
    score: float | None,
    completeness: float,
    optimistic: int | None,
) -> dict:
    """The ``overall``/group shape of ``score --json`` (a contract)."""
    return {
        "level": level,
        "label": rubric.level(level).label if level is not None else None,
        "score": round(score, 4) if score is not None else None,
        "completeness": round(completeness, 4),
        "optimistic_level": optimistic,
    }


def score_json(rubric: Rubric, result: ProfileScore) -> dict:
    groups = {}
    for gid, g in result.groups.items():
        d = summary_dict(rubric, g.level, g.score, g.completeness, g.optimistic_level)
        d["title"] = g.title
        d["blockers"] = [b.as_dict() for b in g.blockers]
        d["characteristics"] = {
            c.key: {
                "state": c.state,
                "level": c.level,
                "optimistic_level": c.best,
                "distance": c.distance or None,
            }
            for c in g.characteristics
        }
        groups[gid] = d
    overall = summary_dict(
        rubric, result.level, result.score, result.completeness, result.optimistic_level
    )
    overall["draft"] = result.draft
    overall["blockers"] = [b.as_dict() for b in result.blockers]
    return {"profile": result.profile, "overall": overall, "groups": groups}
