"""Conditions over answers: skip logic (``when``) and first-match scoring rules.

A condition is a TOML table, for example ``{ key = "cold_start.exposure", not_in = ["never"] }``,
``{ includes = ["spot_training", "savings_plans"] }`` (the characteristic itself when ``key`` is
left out) or ``{ any = [ {...}, {...} ] }``. Several tests in one table must all hold. Numbers
compare with ``at_least``/``at_most`` (inclusive) or ``above``/``below`` (strict: "a payload
above 6 MiB" is ``above = 6291456``, not ``at_least = 6291457``).

Evaluation is three-valued: a test on a characteristic that holds no value yet is *undetermined*
(None). Skip logic asks a question unless its condition is definitely false; a scoring rule
matches only when its condition is definitely true.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .answers import Answer

TESTS = (
    "equals",
    "in",
    "not_in",
    "includes",
    "includes_any",
    "count_at_least",
    "at_least",
    "at_most",
    "above",
    "below",
    "state",
)
NUMBER_TESTS = ("at_least", "at_most", "above", "below")
_COMBINATORS = ("all", "any", "not")


@dataclass(frozen=True)
class Condition:
    """A skip-logic or rule condition: a test (``op`` on the answer to ``key`` against
    ``arg``), a combinator of ``children`` (all, any, not) or "always". ``test`` answers True,
    False or None (undetermined: the answers it needs are not known yet)."""

    op: str  # a TEST, a combinator, or "always"
    key: str | None = None
    arg: Any = None
    children: tuple[Condition, ...] = field(default=())

    def test(self, answers: Mapping[str, Answer]) -> bool | None:
        if self.op == "always":
            return True
        if self.op == "all":
            results = [c.test(answers) for c in self.children]
            if False in results:
                return False
            return None if None in results else True
        if self.op == "any":
            results = [c.test(answers) for c in self.children]
            if True in results:
                return True
            return None if None in results else False
        if self.op == "not":
            r = self.children[0].test(answers)
            return None if r is None else not r
        answer = answers.get(self.key)  # type: ignore[arg-type]
        if self.op == "state":
            state = answer.state.value if answer is not None else "unanswered"
            return state in self.arg
        if answer is None or not answer.is_value:
            return None
        return _TEST[self.op](answer.value, self.arg)

    def holding_keys(self, answers: Mapping[str, Answer]) -> list[str]:
        """The keys whose answers make this condition definitely true, in the order the
        condition names them, each once; [] when it is not definitely true.

        What a message should quote: every test of an ``all``, the branches of an ``any`` that
        hold (not the ones that do not), every key under a ``not``.
        """
        if self.test(answers) is not True:
            return []
        return list(dict.fromkeys(self._holding(answers)))

    def _holding(self, answers: Mapping[str, Answer]) -> list[str]:
        if self.op == "all":
            return [k for c in self.children for k in c._holding(answers)]
        if self.op == "any":
            held = [c for c in self.children if c.test(answers) is True]
            return [k for c in held for k in c._holding(answers)]
        if self.op == "not":
            return [leaf.key for leaf in self.children[0].leaves() if leaf.key]
        return [self.key] if self.key else []  # a test; "always" has no key

    def keys(self) -> set[str]:
        found = {self.key} if self.key else set()
        for c in self.children:
            found |= c.keys()
        return found

    def leaves(self) -> list[Condition]:
        if self.op in _COMBINATORS:
            return [leaf for c in self.children for leaf in c.leaves()]
        return [self]


def _as_list(x: Any) -> list:
    return list(x) if isinstance(x, list | tuple) else [x]


_TEST = {
    "equals": lambda v, a: v == a,
    "in": lambda v, a: v in a,
    "not_in": lambda v, a: v not in a,
    "includes": lambda v, a: set(a) <= set(_as_list(v)),
    "includes_any": lambda v, a: bool(set(a) & set(_as_list(v))),
    "count_at_least": lambda v, a: len(_as_list(v)) >= a,
    "at_least": lambda v, a: isinstance(v, int | float) and v >= a,
    "at_most": lambda v, a: isinstance(v, int | float) and v <= a,
    "above": lambda v, a: isinstance(v, int | float) and v > a,
    "below": lambda v, a: isinstance(v, int | float) and v < a,
}


class ConditionSyntaxError(ValueError):
    pass


def parse_condition(raw: Any, default_key: str | None = None) -> Condition:
    """Build a Condition from its TOML table; ``default_key`` is the characteristic itself."""
    if not isinstance(raw, Mapping):
        raise ConditionSyntaxError(f"a condition must be a table, got {raw!r}")
    raw = dict(raw)
    if not raw:
        return Condition("always")
    parts: list[Condition] = []
    for comb in ("all", "any"):
        if comb in raw:
            items = raw.pop(comb)
            if not isinstance(items, list) or not items:
                raise ConditionSyntaxError(f"'{comb}' needs a non-empty list of conditions")
            parts.append(
                Condition(comb, children=tuple(parse_condition(i, default_key) for i in items))
            )
    if "not" in raw:
        parts.append(Condition("not", children=(parse_condition(raw.pop("not"), default_key),)))
    key = raw.pop("key", default_key)
    if key is not None and not isinstance(key, str):
        raise ConditionSyntaxError(f"'key' names a characteristic as \"group.id\", got {key!r}")
    for name in list(raw):
        if name not in TESTS:
            known = ", ".join(TESTS + _COMBINATORS + ("key",))
            raise ConditionSyntaxError(f"unknown condition test {name!r}; known: {known}")
        if key is None:
            raise ConditionSyntaxError(f"test {name!r} needs a 'key'")
        arg = _check_arg(name, raw.pop(name))
        parts.append(Condition(name, key=key, arg=arg))
    if not parts:
        raise ConditionSyntaxError("condition has no test")
    return parts[0] if len(parts) == 1 else Condition("all", children=tuple(parts))


_SCALAR = (str, int, float, bool)
_STATES = ("value", "unknown", "not_applicable", "unanswered")


def _check_arg(name: str, arg: Any) -> Any:
    """The argument of one test, type-checked, in the form ``Condition`` evaluates."""
    if name in NUMBER_TESTS:
        if (
            isinstance(arg, bool)
            or not isinstance(arg, int | float)
            or arg != arg
            or arg in (float("inf"), float("-inf"))
        ):
            raise ConditionSyntaxError(f"'{name}' needs a finite number, got {arg!r}")
        return arg
    if name == "count_at_least":
        if isinstance(arg, bool) or not isinstance(arg, int) or arg < 0:
            raise ConditionSyntaxError(f"'{name}' needs a whole number >= 0, got {arg!r}")
        return arg
    if name == "equals":
        if not isinstance(arg, _SCALAR):
            raise ConditionSyntaxError(f"'equals' needs a string, number or boolean, got {arg!r}")
        return arg
    items = _as_list(arg)
    if not all(isinstance(i, _SCALAR) for i in items):
        raise ConditionSyntaxError(
            f"'{name}' needs a string, number or boolean, or a list of them, got {arg!r}"
        )
    if name == "state":
        bad = [i for i in items if i not in _STATES]
        if bad:
            raise ConditionSyntaxError(
                f"'state' takes {', '.join(_STATES)}; got {', '.join(map(repr, bad))}"
            )
    return tuple(items)


def subsumes(earlier: Condition, later: Condition) -> bool:
    """True when ``earlier`` matches every answer set ``later`` matches (so ``later`` is dead).

    Deliberately conservative: it only recognises the shapes rubrics actually use.
    """
    if earlier.op == "always" or earlier == later:
        return True
    if earlier.key != later.key or earlier.op != later.op:
        return False
    if earlier.op == "includes":
        return set(earlier.arg) <= set(later.arg)
    if earlier.op in ("count_at_least", "at_least", "above"):
        return earlier.arg <= later.arg
    if earlier.op in ("at_most", "below"):
        return earlier.arg >= later.arg
    if earlier.op in ("in", "includes_any"):
        return set(later.arg) <= set(earlier.arg)
    return False
