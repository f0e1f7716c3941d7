"""A rubric as an AWS Well-Architected Tool custom lens, and a check of the lens format's limits.

The WA Tool keeps only multi-select choices and three risk levels, so the rubric's scoring stays
here and the lens carries its result: groups become pillars, scored characteristics questions,
and each question's choices are the answers that earn one level (an enum's choices, a bool's
yes/no, a number's bands between thresholds, or one choice per level a rule-scored
characteristic can reach). Risk rules collapse the ladder onto HIGH / MEDIUM / NO risk.

Format facts, from the WA Tool user guide "Lens format specification"
(https://docs.aws.amazon.com/wellarchitected/latest/userguide/lenses-format-specification.html)
and botocore's service model (wellarchitected 2020-03-31, ``ImportLens.JSONString`` max 500000):
schemaVersion "2021-11-01"; ≤10 pillars, ≤20 questions a pillar, ≤15 choices a question, ≤3
risk rules a question with a ``default`` one; ids 3-128 of ``[A-Za-z0-9_]``; names and titles
≤128 characters; descriptions and display texts ≤2,048; a choice id ending in ``_no`` is "None
of these" and the only kind without an ``improvementPlan``; ≤5 additional resources of each
type a choice; a lens of at most 500 KB.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import MlprofileError
from .rubric import Characteristic, Rubric, Source
from .rubric_docs import condition_text
from .units import format_number
from .values import display_value

SCHEMA_VERSION = "2021-11-01"
MAX_PILLARS = 10
MAX_QUESTIONS_PER_PILLAR = 20
MAX_CHOICES = 15
MAX_RISK_RULES = 3
MAX_NAME = 128  # lens name, pillar name, question title, choice title
MAX_TEXT = 2048  # descriptions, helpfulResource/improvementPlan displayText
MAX_ADDITIONAL_CONTENT = 5  # "up to five additional helpful resources and ... improvement plan"
MAX_LENS_BYTES = 500_000  # ImportLens JSONString: 2-500,000 characters, "cannot exceed 500 KB"
ID_PATTERN = re.compile(r"[A-Za-z0-9_]{3,128}")
RISKS = ("HIGH_RISK", "MEDIUM_RISK", "NO_RISK")
RESOURCE_TYPES = ("HELPFUL_RESOURCE", "IMPROVEMENT_PLAN")
NONE_OF_THESE_SUFFIX = "_no"  # "a choice with a suffix of _no will act as a None of these choice"
UNKNOWN_CHOICE = "unknown_no"  # our "not known" answer: None of these, so the default risk


class LensError(MlprofileError):
    """The lens breaks the WA Tool's format limits; ``problems`` lists every one (exit 1)."""

    exit_code = 1

    def __init__(self, problems: list[str], *, path: str | None = None) -> None:
        self.problems = problems
        plural = "problem" if len(problems) == 1 else "problems"
        body = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"the custom lens breaks the Well-Architected Tool's limits "
            f"({len(problems)} {plural}):\n{body}",
            path=path,
        )


# --------------------------------------------------------------------------- the mapping


@dataclass(frozen=True)
class LensChoice:
    """One choice: its lens ``id``, and what selects it: the rubric ``value`` it stands for (an
    enum choice id or a bool) or, for bands and rule levels, only the ``level`` (a rank)."""

    id: str
    title: str
    level: int
    value: Any = None


@dataclass(frozen=True)
class LensQuestion:
    """A scored characteristic (``key``) as question ``id`` of pillar ``pillar_id``."""

    key: str
    id: str
    pillar_id: str
    choices: tuple[LensChoice, ...]

    def choice_for(self, value: Any, level: int) -> LensChoice:
        """The choice to select for an answer ``value`` scored at ``level``: the choice standing
        for that value where there is one (enums, bools), else the one of that level."""
        for c in self.choices:
            if c.value is not None and c.value == value:
                return c
        for c in self.choices:
            if c.value is None and c.level == level and c.id != UNKNOWN_CHOICE:
                return c
        return self.unknown

    @property
    def unknown(self) -> LensChoice:
        return next(c for c in self.choices if c.id == UNKNOWN_CHOICE)


@dataclass(frozen=True)
class RiskBands:
    """How ranks collapse onto the WA Tool's risks: ``no_risk_from`` and up is NO_RISK,
    ``medium_from`` up to it MEDIUM_RISK (None: no medium band), the rest HIGH_RISK."""

    no_risk_from: int
    medium_from: int | None

    def risk(self, rank: int) -> str:
        if rank >= self.no_risk_from:
            return "NO_RISK"
        if self.medium_from is not None and rank >= self.medium_from:
            return "MEDIUM_RISK"
        return "HIGH_RISK"


def risk_bands(rubric: Rubric) -> RiskBands:
    """On the 5-level ladder (L0-L4): L3+ no risk, L2 medium, L0-L1 high; a ladder of other
    size keeps the top two levels risk-free (the top one alone on 2-3 levels) and the level
    below them medium."""
    top = rubric.top_rank
    no_risk = top - 1 if top >= 4 else top
    medium = no_risk - 1
    return RiskBands(no_risk, medium if medium >= 1 else None)


@dataclass(frozen=True)
class Lens:
    """An exported lens: ``document`` (the JSON object), ``questions`` by characteristic key
    (what the push selects), and the ``bands`` its risk rules were made from."""

    document: dict[str, Any]
    questions: Mapping[str, LensQuestion]
    bands: RiskBands

    def text(self) -> str:
        """The lens as ImportLens's JSONString and the exported file: UTF-8 JSON."""
        return lens_text(self.document)


def lens_text(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def export_lens(rubric: Rubric) -> Lens:
    """The rubric as a custom lens; LensError (exit 1) listing every limit it breaks (too many
    groups, scored characteristics in a group or choices in a question: text is shortened to
    fit, counts cannot be)."""
    bands = risk_bands(rubric)
    pillar_ids = _Ids()
    question_ids = _Ids()
    pillars: list[dict[str, Any]] = []
    questions: dict[str, LensQuestion] = {}
    for group in rubric.groups:
        scored = [c for c in group.characteristics if c.scored]
        if not scored:
            continue
        pid = pillar_ids.make(group.id)
        qs = []
        for ch in scored:
            q = _question(rubric, ch, pid, question_ids.make(f"{group.id}_{ch.id}"), bands)
            questions[ch.key] = q
            qs.append(_question_json(rubric, ch, q, bands))
        pillars.append({"id": pid, "name": _fit(group.title, MAX_NAME), "questions": qs})
    practices = ", ".join(rubric.practices)
    document = {
        "schemaVersion": SCHEMA_VERSION,
        "name": _fit(rubric.title, MAX_NAME),
        "description": _fit(
            f"{rubric.title} (mlprofile rubric {rubric.id} {rubric.version}"
            + (f"; {practices}" if practices else "")
            + "). Each question is one scored characteristic; its choices are the answers that "
            "earn one maturity level, scored by mlprofile from the profile's typed values, "
            "which the question's notes quote.",
            MAX_TEXT,
        ),
        "pillars": pillars,
    }
    lens = Lens(document, questions, bands)
    problems = validate_lens(document)
    if problems:
        raise LensError(problems, path=rubric.path)
    return lens


class _Ids:
    """Lens ids from rubric ids, unique: the same rubric always gives the same ids, so
    re-importing a lens keeps its answers."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def make(self, raw: str) -> str:
        made = _ascii_id(raw, 3)
        if made in self.seen:
            made = f"{made[:110]}_{_digest(raw)}"
        self.seen.add(made)
        return made


def _digest(raw: str) -> str:
    return hashlib.sha1(raw.encode()).hexdigest()[:8]


def _ascii_id(raw: str, min_len: int, max_len: int = 128) -> str:
    """``raw`` in ``[A-Za-z0-9_]``; an id that had to change (accents, punctuation, length)
    gets a digest of the original, which keeps it distinct and stable."""
    ascii_ = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9_]", "_", ascii_)
    if base != raw or not min_len <= len(base) <= max_len:
        base = f"{base[: max_len - 10]}_{_digest(raw)}"
    return base


def _choice_id(raw: str) -> str:
    """A rubric choice id as a lens choice id: ``_opt`` keeps it 3+ long and, above all, from
    ending in ``_no`` (which the WA Tool would treat as "None of these")."""
    return _ascii_id(raw, 0, 124) + "_opt"


def _question(
    rubric: Rubric, ch: Characteristic, pid: str, qid: str, bands: RiskBands
) -> LensQuestion:
    choices: list[LensChoice] = []
    if ch.rules:
        ranks = sorted({r.level for r in ch.rules} | {ch.default_level or 0}, reverse=True)
        for rank in ranks:
            choices.append(LensChoice(f"level_{rank}", _level_title(rubric, ch, rank), rank))
    elif ch.bool_levels:
        for value in (True, False):
            rank = ch.bool_levels[value]
            label = f"{'Yes' if value else 'No'} ({rubric.level(rank).id})"
            choices.append(LensChoice(_choice_id(str(value).lower()), label, rank, value))
    elif ch.thresholds:
        choices.extend(_bands(rubric, ch))
    else:
        for c in ch.choices:
            rank = c.level if c.level is not None else 0
            suffix = f" ({rubric.level(rank).id})"
            title = _fit(c.label, MAX_NAME - len(suffix)) + suffix
            choices.append(LensChoice(_choice_id(c.id), title, rank, c.id))
    choices.append(LensChoice(UNKNOWN_CHOICE, "Not known yet (none of these)", 0))
    return LensQuestion(ch.key, qid, pid, tuple(choices))


def _level_title(rubric: Rubric, ch: Characteristic, rank: int) -> str:
    rules = [condition_text(r.condition).replace("`", "") for r in ch.rules if r.level == rank]
    if rank == (ch.default_level or 0) and not rules:
        rules = ["none of the rules for a higher level holds"]
    return _fit(f"{_level_name(rubric, rank)}: " + "; or ".join(rules), MAX_NAME)


def _level_name(rubric: Rubric, rank: int) -> str:
    """ "L3 Reliable", or "L3" for a ladder without labels."""
    lv = rubric.level(rank)
    return lv.id if lv.label in ("", lv.id) else f"{lv.id} {lv.label}"


def _bands(rubric: Rubric, ch: Characteristic) -> list[LensChoice]:
    """One choice a band, best first: at or past a level's bound, short of the next one's."""
    lower = ch.direction == "lower"
    op, past = ("≤", ">") if lower else ("≥", "<")
    unit = f" × {ch.requirement}" if ch.kind == "fit" else ""

    def shown(bound: float) -> str:
        return format_number(bound) if ch.kind == "fit" else display_value(ch, _whole(ch, bound))

    out = []
    pairs = sorted(ch.thresholds, reverse=True)
    for i, (rank, bound) in enumerate(pairs):
        text = f"{op} {shown(bound)}{unit}"
        if i > 0:
            text = f"{past} {shown(pairs[i - 1][1])} and {text}"
        out.append(
            LensChoice(f"band_{rank}", _fit(f"{text} ({rubric.level(rank).id})", MAX_NAME), rank)
        )
    lowest_rank, lowest = pairs[-1]
    if lowest_rank > 0:
        out.append(
            LensChoice(
                "band_0",
                _fit(f"{past} {shown(lowest)}{unit} ({rubric.level(0).id})", MAX_NAME),
                0,
            )
        )
    return out


def _whole(ch: Characteristic, bound: float) -> int | float:
    return int(bound) if ch.type in ("int", "bytes") and float(bound).is_integer() else bound


def _question_json(
    rubric: Rubric, ch: Characteristic, q: LensQuestion, bands: RiskBands
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": q.id,
        "title": _fit(ch.question, MAX_NAME),
        "description": _fit(_description(ch), MAX_TEXT),
    }
    first = next((s for s in ch.sources if s.url), None)
    if first is not None:
        out["helpfulResource"] = {"displayText": _fit(first.title, MAX_TEXT), "url": first.url}
    out["choices"] = [_choice_json(rubric, ch, q, c) for c in q.choices]
    out["riskRules"] = _risk_rules(q, bands)
    return out


def _description(ch: Characteristic) -> str:
    parts = []
    if len(ch.question) > MAX_NAME:
        parts.append(ch.question)  # the title had to be shortened: the whole question here
    parts.append(" ".join(ch.help.split()))
    if ch.sources:
        parts.append("Sources: " + "; ".join(_source_text(s) for s in ch.sources))
    return "\n\n".join(p for p in parts if p)


def _source_text(s: Source) -> str:
    if s.reasoning:
        return s.title
    return f"{s.title} <{s.url}>" if s.url else s.title


def _choice_json(
    rubric: Rubric, ch: Characteristic, q: LensQuestion, c: LensChoice
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "title": c.title}
    if c.id.endswith(NONE_OF_THESE_SUFFIX):
        return out
    plan: dict[str, Any] = {"displayText": _fit(_improvement(rubric, q, c), MAX_TEXT)}
    url = next((s.url for s in ch.sources if s.url), "")
    if url:
        plan["url"] = url
    out["improvementPlan"] = plan
    return out


def _improvement(rubric: Rubric, q: LensQuestion, c: LensChoice) -> str:
    better = [x for x in q.choices if x.level > c.level and x.id != UNKNOWN_CHOICE]
    if not better:
        return (
            f"{_level_name(rubric, c.level)} is the top of this "
            "characteristic's scale: keep it as the workload changes, and re-check it at each "
            "profile review."
        )
    nxt = min(x.level for x in better)
    options = "; ".join(x.title for x in better if x.level == nxt)
    return f"To reach {_level_name(rubric, nxt)}: {options}."


def _risk_rules(q: LensQuestion, bands: RiskBands) -> list[dict[str, str]]:
    """NO_RISK, then MEDIUM_RISK when any choice of that band is selected, else the default
    HIGH_RISK (first match wins). A question with no choice in a band leaves that rule out."""
    rules = []
    for risk in ("NO_RISK", "MEDIUM_RISK"):
        ids = [c.id for c in q.choices if c.id != UNKNOWN_CHOICE and bands.risk(c.level) == risk]
        if ids:
            rules.append({"condition": " || ".join(ids), "risk": risk})
    rules.append({"condition": "default", "risk": "HIGH_RISK"})
    return rules


def _fit(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters: whole, or cut at a word with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


# --------------------------------------------------------------------------- the validator


def validate_lens(document: Any) -> list[str]:
    """Every way ``document`` (a parsed lens) breaks the WA Tool's custom-lens format, as
    ``"where: what"`` lines ([] when it conforms). Checks the lens format specification's
    limits (see the module docstring) and the size of its JSON text against ImportLens's
    500,000."""
    p: list[str] = []
    if not isinstance(document, Mapping):
        return [f"lens: must be a JSON object, got {type(document).__name__}"]
    if document.get("schemaVersion") != SCHEMA_VERSION:
        p.append(
            f"schemaVersion: must be {SCHEMA_VERSION!r}, got {document.get('schemaVersion')!r}"
        )
    _text(p, document, "name", "", MAX_NAME, required=True)
    _text(p, document, "description", "", MAX_TEXT)
    pillars = _listed(p, document.get("pillars"), "pillars", "pillar", "lens", MAX_PILLARS)
    pillar_ids: set[str] = set()
    question_ids: set[str] = set()
    for i, pillar in enumerate(pillars):
        where = f"pillars[{i}]"
        if not isinstance(pillar, Mapping):
            p.append(f"{where}: must be an object")
            continue
        _id(p, pillar, where, pillar_ids, "pillar")
        _text(p, pillar, "name", where, MAX_NAME, required=True)
        qs = _listed(
            p, pillar.get("questions"), f"{where}.questions", "question", "pillar",
            MAX_QUESTIONS_PER_PILLAR,
        )  # fmt: skip
        for j, q in enumerate(qs):
            _question_problems(p, q, f"{where}.questions[{j}]", question_ids)
    size = _size(document)
    if size > MAX_LENS_BYTES:
        p.append(f"lens: {size:,} bytes of JSON; the WA Tool imports at most {MAX_LENS_BYTES:,}")
    return p


def _listed(p: list[str], value: Any, where: str, item: str, holder: str, most: int) -> list:
    """The list of ``item``s at ``where``; [] when it is missing or empty (reported), and
    reported but kept when a ``holder`` has more than ``most`` of them (the WA Tool's limit)."""
    if not isinstance(value, list) or not value:
        p.append(f"{where}: at least one {item} is required")
        return []
    if len(value) > most:
        p.append(f"{where}: {len(value)} {item}s; a {holder} has at most {most}")
    return value


def _size(document: Mapping[str, Any]) -> int:
    try:
        return len(lens_text(document).encode("utf-8"))
    except (TypeError, ValueError):
        return 0  # not serialisable: the other problems say why


def _question_problems(p: list[str], q: Any, where: str, seen: set[str]) -> None:
    if not isinstance(q, Mapping):
        p.append(f"{where}: must be an object")
        return
    _id(p, q, where, seen, "question")
    _text(p, q, "title", where, MAX_NAME, required=True)
    _text(p, q, "description", where, MAX_TEXT)
    if "helpfulResource" in q:
        _resource(p, q["helpfulResource"], f"{where}.helpfulResource")
    choices = _listed(p, q.get("choices"), f"{where}.choices", "choice", "question", MAX_CHOICES)
    choice_ids: set[str] = set()
    for k, c in enumerate(choices):
        cw = f"{where}.choices[{k}]"
        if not isinstance(c, Mapping):
            p.append(f"{cw}: must be an object")
            continue
        _id(p, c, cw, choice_ids, "choice")
        _text(p, c, "title", cw, MAX_NAME, required=True)
        if "helpfulResource" in c:
            _resource(p, c["helpfulResource"], f"{cw}.helpfulResource")
        cid = c.get("id")
        if "improvementPlan" in c:
            _resource(p, c["improvementPlan"], f"{cw}.improvementPlan")
        elif not (isinstance(cid, str) and cid.endswith(NONE_OF_THESE_SUFFIX)):
            p.append(
                f"{cw}.improvementPlan: required on every choice but a None of these one "
                "(an id ending in _no)"
            )
        if "additionalResources" in c:
            _additional(p, c["additionalResources"], f"{cw}.additionalResources")
    _risk_rule_problems(p, q.get("riskRules"), f"{where}.riskRules", choice_ids)


def _risk_rule_problems(p: list[str], rules: Any, where: str, choice_ids: set[str]) -> None:
    if not isinstance(rules, list) or not rules:
        p.append(f"{where}: at least one risk rule, a default one, is required")
        return
    if len(rules) > MAX_RISK_RULES:
        p.append(f"{where}: {len(rules)} risk rules; a question has at most {MAX_RISK_RULES}")
    risks: list[str] = []
    defaults = 0
    for i, rule in enumerate(rules):
        rw = f"{where}[{i}]"
        if not isinstance(rule, Mapping):
            p.append(f"{rw}: must be an object with condition and risk")
            continue
        risk = rule.get("risk")
        if risk not in RISKS:
            p.append(f"{rw}.risk: must be one of {', '.join(RISKS)}, got {risk!r}")
        elif risk in risks:
            p.append(f"{rw}.risk: {risk} twice; one rule for each level of risk")
        else:
            risks.append(risk)
        cond = rule.get("condition")
        if cond == "default":
            defaults += 1
            if i != len(rules) - 1:
                # the first condition that holds sets the risk: rules after default never fire
                p.append(f"{rw}.condition: default must be the last rule; later ones never apply")
            continue
        if not isinstance(cond, str) or not cond.strip():
            p.append(f"{rw}.condition: must be a Boolean expression of choice ids or default")
            continue
        problem = condition_problem(cond, choice_ids)
        if problem:
            p.append(f"{rw}.condition: {problem}")
    if defaults == 0:
        p.append(f"{where}: a rule with condition default is required")
    elif defaults > 1:
        p.append(f"{where}: {defaults} default rules; one is allowed")


_TOKEN = re.compile(r"\s*(?:(&&|\|\||!|\(|\))|([A-Za-z0-9_]+)|(\S))")


def condition_problem(condition: str, choice_ids: set[str]) -> str | None:
    """Why ``condition`` is not a Boolean expression of ``choice_ids`` with ``&&``, ``||``,
    ``!`` and parentheses (the syntax the format specification's example uses); None if it
    is one."""
    tokens: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(condition):
        op, name, other = m.groups()
        if other:
            return f"unexpected {other!r} in {condition!r}"
        if op:
            tokens.append(("op", op))
        elif name:
            tokens.append(("id", name))
    pos = 0

    def expr() -> str | None:  # or-expression := and ('||' and)*
        nonlocal pos
        err = term()
        while err is None and pos < len(tokens) and tokens[pos] == ("op", "||"):
            pos += 1
            err = term()
        return err

    def term() -> str | None:  # and-expression := unary ('&&' unary)*
        nonlocal pos
        err = unary()
        while err is None and pos < len(tokens) and tokens[pos] == ("op", "&&"):
            pos += 1
            err = unary()
        return err

    def unary() -> str | None:
        nonlocal pos
        if pos >= len(tokens):
            return f"{condition!r} ends where a choice id is expected"
        kind, text = tokens[pos]
        pos += 1
        if (kind, text) == ("op", "!"):
            return unary()
        if (kind, text) == ("op", "("):
            err = expr()
            if err:
                return err
            if pos >= len(tokens) or tokens[pos] != ("op", ")"):
                return f"unbalanced parentheses in {condition!r}"
            pos += 1
            return None
        if kind == "id":
            return None if text in choice_ids else f"{text!r} is not a choice of this question"
        return f"unexpected {text!r} in {condition!r}"

    err = expr()
    if err is None and pos < len(tokens):
        err = f"unexpected {tokens[pos][1]!r} in {condition!r}"
    return err


def _id(p: list[str], obj: Mapping, where: str, seen: set[str], what: str) -> None:
    value = obj.get("id")
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        p.append(
            f"{where}.id: a {what} id is 3 to 128 letters, digits or underscores, got {value!r}"
        )
        return
    if value in seen:
        p.append(f"{where}.id: duplicate {what} id {value!r}")
    seen.add(value)


def _text(
    p: list[str], obj: Mapping, key: str, where: str, limit: int, *, required: bool = False
) -> None:
    at = f"{where}.{key}" if where else key
    if key not in obj:
        if required:
            p.append(f"{at}: required")
        return
    value = obj[key]
    if not isinstance(value, str) or (required and not value.strip()):
        p.append(f"{at}: must be non-empty text, got {value!r}")
    elif len(value) > limit:
        p.append(f"{at}: {len(value):,} characters; at most {limit:,}")


def _resource(p: list[str], res: Any, where: str) -> None:
    """helpfulResource / improvementPlan / additional content: displayText (required when a url
    is given; always for an improvement plan) and an http(s) url."""
    if not isinstance(res, Mapping):
        p.append(f"{where}: must be an object with displayText and url")
        return
    needs_text = "url" in res or where.endswith("improvementPlan")
    _text(p, res, "displayText", where, MAX_TEXT, required=needs_text)
    url = res.get("url")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        p.append(f"{where}.url: must start with http:// or https://, got {url!r}")


def _additional(p: list[str], items: Any, where: str) -> None:
    if not isinstance(items, list):
        p.append(f"{where}: must be a list of {{type, content}}")
        return
    for i, item in enumerate(items):
        at = f"{where}[{i}]"
        if not isinstance(item, Mapping):
            p.append(f"{at}: must be an object with type and content")
            continue
        if item.get("type") not in RESOURCE_TYPES:
            p.append(
                f"{at}.type: must be one of {', '.join(RESOURCE_TYPES)}, got {item.get('type')!r}"
            )
        content = item.get("content")
        if not isinstance(content, list) or not content:
            p.append(f"{at}.content: a list of {{displayText, url}} is required")
            continue
        if len(content) > MAX_ADDITIONAL_CONTENT:
            p.append(
                f"{at}.content: {len(content)} items; at most {MAX_ADDITIONAL_CONTENT} of each type"
            )
        for k, res in enumerate(content):
            _resource(p, res, f"{at}.content[{k}]")
