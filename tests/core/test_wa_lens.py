"""The rubric as a Well-Architected Tool custom lens (``rubric export-lens``) and the validator
of the lens format's limits: a lens that breaks each limit, one problem each, exact messages;
any lens the exporter makes from a valid rubric passes (hypothesis)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rubric_fixtures import levels_toml

from mlprofile_tui.core.rubric import build_rubric, resolve_rubric
from mlprofile_tui.core.wa_lens import (
    MAX_LENS_BYTES,
    UNKNOWN_CHOICE,
    LensError,
    condition_problem,
    export_lens,
    validate_lens,
)

ROOT = Path(__file__).resolve().parents[2]
RUBRIC_1_0 = ROOT / "rubrics" / "mloe-05" / "1.0.0.toml"

TEAM_RUBRIC = (
    'id = "team"\nversion = "2.0.0"\ntitle = "Team ML rubric"\npractices = ["MLOPS02-BP02"]\n'
    + levels_toml(4)
    + """
[[groups]]
id = "débit"
title = "Throughput"

[[groups.characteristics]]
id = "artifact"
question = "How big is the model artefact?"
help = "Bigger artefacts load slower."
type = "bytes"
kind = "maturity"
direction = "lower"
thresholds = { L1 = 10000000000, L2 = 5000000000, L3 = 1000000000, L4 = 100000000 }
sources = [{ title = "SageMaker endpoints", url = "https://docs.aws.amazon.com/sagemaker/" },
           "smaller loads faster", { title = "A book" }]

[[groups.characteristics]]
id = "isolated"
question = "Is the endpoint network-isolated?"
help = "Why it matters."
type = "bool"
kind = "maturity"
levels = { true = 4, false = 2 }

[[groups.characteristics]]
id = "review"
question = "QQQ"
help = "How often the profile is reviewed."
type = "enum"
kind = "maturity"
choices = [
  { id = "no", label = "Never", level = 0 },
  { id = "yes_no", label = "Sometimes", level = 2 },
  { id = "quarterly", label = "Quarterly", level = 3 },
  { id = "monthly", label = "Monthly", level = 4 },
]

[[groups.characteristics]]
id = "name"
question = "What is it called?"
help = "Why it matters."
type = "text"
kind = "descriptive"

[[groups]]
id = "ops"
title = "Operations"

[[groups.characteristics]]
id = "alarms"
question = "Which alarms exist?"
help = "Why it matters."
type = "multi"
kind = "maturity"
choices = [{ id = "latency", label = "Latency" }, { id = "errors", label = "Errors" }]
rules = [
  { includes = ["latency", "errors"], level = "L4" },
  { includes_any = ["latency", "errors"], level = "L2" },
]
default = "L1"

[[groups]]
id = "notes"
title = "Notes only"

[[groups.characteristics]]
id = "owner"
question = "Who owns it?"
help = "Why it matters."
type = "text"
kind = "descriptive"
""".replace("QQQ", "How often is the profile reviewed " + "and checked again " * 8 + "?")
)


def team_rubric(text: str = TEAM_RUBRIC):
    return build_rubric(tomllib.loads(text), path="team.toml")


def questions(doc: dict) -> dict[str, dict]:
    return {q["id"]: q for p in doc["pillars"] for q in p["questions"]}


# --------------------------------------------------------------------------- the export


@pytest.mark.parametrize("ref", ["mloe-05", str(RUBRIC_1_0)])
def test_builtin_rubrics_export_valid_lenses(ref):
    rubric = resolve_rubric(ref)
    lens = export_lens(rubric)
    doc = json.loads(lens.text())
    assert validate_lens(doc) == []
    assert doc["schemaVersion"] == "2021-11-01"
    scored = [c for c in rubric.characteristics if c.scored]
    assert sorted(lens.questions) == sorted(c.key for c in scored)
    assert [p["id"] for p in doc["pillars"]] == [
        g.id for g in rubric.groups if any(c.scored for c in g.characteristics)
    ]
    for ch in scored:
        q = questions(doc)[lens.questions[ch.key].id]
        url = next((s.url for s in ch.sources if s.url), None)
        if url:
            assert q["helpfulResource"]["url"] == url
        for choice in q["choices"]:
            assert ("improvementPlan" in choice) == (choice["id"] != UNKNOWN_CHOICE)
        assert q["riskRules"][-1] == {"condition": "default", "risk": "HIGH_RISK"}


def test_team_rubric_maps_levels_to_bands_choices_and_risk():
    lens = export_lens(team_rubric())
    doc = lens.document
    assert validate_lens(doc) == []
    # groups with nothing scored are no pillar; a non-ASCII group id becomes a stable ASCII id
    assert [p["name"] for p in doc["pillars"]] == ["Throughput", "Operations"]
    pid = doc["pillars"][0]["id"]
    assert (
        pid.startswith("debit_") and pid == export_lens(team_rubric()).document["pillars"][0]["id"]
    )
    qs = questions(doc)
    art = qs[lens.questions["débit.artifact"].id]
    assert [c["title"] for c in art["choices"]] == [
        "≤ 100 MB (L4)",
        "> 100 MB and ≤ 1 GB (L3)",
        "> 1 GB and ≤ 5 GB (L2)",
        "> 5 GB and ≤ 10 GB (L1)",
        "> 10 GB (L0)",
        "Not known yet (none of these)",
    ]
    assert art["riskRules"] == [
        {"condition": "band_4 || band_3", "risk": "NO_RISK"},
        {"condition": "band_2", "risk": "MEDIUM_RISK"},
        {"condition": "default", "risk": "HIGH_RISK"},
    ]
    assert art["helpfulResource"] == {
        "displayText": "SageMaker endpoints",
        "url": "https://docs.aws.amazon.com/sagemaker/",
    }
    assert art["description"].endswith(
        "Sources: SageMaker endpoints <https://docs.aws.amazon.com/sagemaker/>; smaller loads "
        "faster; A book"
    )
    assert art["choices"][1]["improvementPlan"] == {
        "displayText": "To reach L4: ≤ 100 MB (L4).",
        "url": "https://docs.aws.amazon.com/sagemaker/",
    }
    iso = qs[lens.questions["débit.isolated"].id]
    assert [(c["id"], c["title"]) for c in iso["choices"][:2]] == [
        ("true_opt", "Yes (L4)"),
        ("false_opt", "No (L2)"),
    ]
    assert iso["riskRules"][:2] == [
        {"condition": "true_opt", "risk": "NO_RISK"},
        {"condition": "false_opt", "risk": "MEDIUM_RISK"},
    ]
    review = qs[lens.questions["débit.review"].id]
    # rubric choice ids "no" and "yes_no" must not become None-of-these choices
    ids = [c["id"] for c in review["choices"]]
    assert [i for i in ids if i.endswith("_no")] == [UNKNOWN_CHOICE]
    assert ids[:2] == ["no_opt", "yes_no_opt"]
    assert len(review["title"]) <= 128 and review["title"].endswith("…")
    assert review["description"].startswith("How often is the profile reviewed and checked")
    assert review["riskRules"] == [
        {"condition": "quarterly_opt || monthly_opt", "risk": "NO_RISK"},
        {"condition": "yes_no_opt", "risk": "MEDIUM_RISK"},
        {"condition": "default", "risk": "HIGH_RISK"},
    ]
    alarms = qs[lens.questions["ops.alarms"].id]
    assert [c["id"] for c in alarms["choices"]] == ["level_4", "level_2", "level_1", UNKNOWN_CHOICE]
    assert alarms["choices"][0]["title"] == "L4: ops.alarms includes all of latency, errors"


def test_push_selects_the_choice_of_a_value_or_a_level():
    lens = export_lens(team_rubric())
    review = lens.questions["débit.review"]
    assert review.choice_for("quarterly", 3).id == "quarterly_opt"
    assert lens.questions["débit.isolated"].choice_for(False, 2).id == "false_opt"
    assert lens.questions["débit.artifact"].choice_for(5 * 10**8, 3).id == "band_3"
    assert lens.questions["ops.alarms"].choice_for(["errors"], 2).id == "level_2"


def test_rubric_beyond_the_counts_is_refused_with_every_problem():
    chars = "".join(
        f'[[groups.characteristics]]\nid = "c{i}"\nquestion = "Q{i}?"\nhelp = "h"\n'
        f'type = "bool"\nkind = "maturity"\nlevels = {{ true = 4, false = 1 }}\n'
        for i in range(21)
    )
    many_choices = ", ".join(f'{{ id = "k{i}", label = "K{i}", level = 1 }}' for i in range(15))
    groups = "".join(f'[[groups]]\nid = "g{n}"\ntitle = "G{n}"\n{chars}' for n in range(11))
    groups += (
        '[[groups.characteristics]]\nid = "wide"\nquestion = "W?"\nhelp = "h"\ntype = "enum"\n'
        f'kind = "maturity"\nchoices = [{many_choices}]\n'
    )
    text = 'id = "big"\nversion = "1"\ntitle = "Big"\n' + levels_toml(4) + groups
    with pytest.raises(LensError) as e:
        export_lens(build_rubric(tomllib.loads(text), path="big.toml"))
    problems = e.value.problems
    assert problems[0] == "pillars: 11 pillars; a lens has at most 10"
    assert [p for p in problems if "questions:" in p] == [
        f"pillars[{n}].questions: 21 questions; a pillar has at most 20" for n in range(10)
    ] + ["pillars[10].questions: 22 questions; a pillar has at most 20"]
    assert "pillars[10].questions[21].choices: 16 choices; a question has at most 15" in problems
    assert e.value.exit_code == 1


# --------------------------------------------------------------------------- the validator


def base_lens() -> dict:
    return {
        "schemaVersion": "2021-11-01",
        "name": "Lens",
        "description": "d",
        "pillars": [
            {
                "id": "pil",
                "name": "Pillar",
                "questions": [
                    {
                        "id": "que",
                        "title": "Question?",
                        "description": "d",
                        "helpfulResource": {"displayText": "doc", "url": "https://a.example"},
                        "choices": [
                            {"id": "yes", "title": "Yes", "improvementPlan": {"displayText": "k"}},
                            {
                                "id": "maybe",
                                "title": "Maybe",
                                "improvementPlan": {"displayText": "m"},
                            },
                            {"id": "none_no", "title": "None of these"},
                        ],
                        "riskRules": [
                            {"condition": "yes", "risk": "NO_RISK"},
                            {"condition": "maybe && !yes", "risk": "MEDIUM_RISK"},
                            {"condition": "default", "risk": "HIGH_RISK"},
                        ],
                    }
                ],
            }
        ],
    }


Q = "pillars[0].questions[0]"


def _set(path: str, value):
    def edit(doc):
        *parts, last = path.split("/")
        node = doc
        for part in parts:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is _DELETE:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value(node) if callable(value) else value

    return edit


_DELETE = object()
QP = "pillars/0/questions/0"


def _pillar(i):
    pillar = base_lens()["pillars"][0]
    pillar["questions"][0]["id"] = f"q{i:02d}"
    return dict(pillar, id=f"p{i:02d}")


def _both(*edits):
    def edit(doc):
        for e in edits:
            e(doc)

    return edit


ONLY_DEFAULT = _set(f"{QP}/riskRules", [{"condition": "default", "risk": "HIGH_RISK"}])


def _choices(n):
    return [
        {"id": f"c{i:02d}", "title": "t", "improvementPlan": {"displayText": "p"}} for i in range(n)
    ]


LIMITS = [
    (_set("schemaVersion", "2020-01-01"), "schemaVersion: must be '2021-11-01', got '2020-01-01'"),
    (_set("name", "n" * 129), "name: 129 characters; at most 128"),
    (_set("name", ""), "name: must be non-empty text, got ''"),
    (_set("description", "d" * 2049), "description: 2,049 characters; at most 2,048"),
    (_set("pillars", []), "pillars: at least one pillar is required"),
    (
        _set(
            "pillars",
            lambda _: [_pillar(i) for i in range(11)],
        ),
        "pillars: 11 pillars; a lens has at most 10",
    ),
    (
        _set("pillars/0/id", "p-1"),
        "pillars[0].id: a pillar id is 3 to 128 letters, digits or underscores, got 'p-1'",
    ),
    (
        _set("pillars/0/id", "pp"),
        "pillars[0].id: a pillar id is 3 to 128 letters, digits or underscores, got 'pp'",
    ),
    (
        _set("pillars/0/id", "p" * 129),
        f"pillars[0].id: a pillar id is 3 to 128 letters, digits or underscores, got '{'p' * 129}'",
    ),
    (
        _set("pillars", lambda d: [d["pillars"][0], dict(_pillar(1), id="pil")]),
        "pillars[1].id: duplicate pillar id 'pil'",
    ),
    (_set("pillars/0/name", "n" * 129), "pillars[0].name: 129 characters; at most 128"),
    (_set("pillars/0/questions", []), "pillars[0].questions: at least one question is required"),
    (
        _set(
            "pillars/0/questions",
            lambda p: [dict(p["questions"][0], id=f"q{i:02d}") for i in range(21)],
        ),
        "pillars[0].questions: 21 questions; a pillar has at most 20",
    ),
    (
        _set("pillars/0/questions", lambda p: [p["questions"][0], p["questions"][0]]),
        "pillars[0].questions[1].id: duplicate question id 'que'",
    ),
    (
        _set(f"{QP}/id", "q é"),
        f"{Q}.id: a question id is 3 to 128 letters, digits or underscores, got 'q é'",
    ),
    (_set(f"{QP}/title", "t" * 129), f"{Q}.title: 129 characters; at most 128"),
    (_set(f"{QP}/title", _DELETE), f"{Q}.title: required"),
    (_set(f"{QP}/description", "d" * 2049), f"{Q}.description: 2,049 characters; at most 2,048"),
    (
        _set(f"{QP}/helpfulResource", {"displayText": "x" * 2049, "url": "https://a"}),
        f"{Q}.helpfulResource.displayText: 2,049 characters; at most 2,048",
    ),
    (
        _set(f"{QP}/helpfulResource", {"url": "https://a"}),
        f"{Q}.helpfulResource.displayText: required",
    ),
    (
        _set(f"{QP}/helpfulResource", {"displayText": "x", "url": "ftp://a"}),
        f"{Q}.helpfulResource.url: must start with http:// or https://, got 'ftp://a'",
    ),
    (
        _both(_set(f"{QP}/choices", lambda q: _choices(16)), ONLY_DEFAULT),
        f"{Q}.choices: 16 choices; a question has at most 15",
    ),
    (
        _both(_set(f"{QP}/choices", []), ONLY_DEFAULT),
        f"{Q}.choices: at least one choice is required",
    ),
    (
        _both(_set(f"{QP}/choices/1/id", "yes"), ONLY_DEFAULT),
        f"{Q}.choices[1].id: duplicate choice id 'yes'",
    ),
    (
        _both(_set(f"{QP}/choices/1/id", "ab"), ONLY_DEFAULT),
        f"{Q}.choices[1].id: a choice id is 3 to 128 letters, digits or underscores, got 'ab'",
    ),
    (
        _set(f"{QP}/choices/0/title", "t" * 129),
        f"{Q}.choices[0].title: 129 characters; at most 128",
    ),
    (
        _set(f"{QP}/choices/0/improvementPlan", _DELETE),
        f"{Q}.choices[0].improvementPlan: required on every choice but a None of these one "
        "(an id ending in _no)",
    ),
    (
        _set(f"{QP}/choices/0/improvementPlan", {"url": "https://a"}),
        f"{Q}.choices[0].improvementPlan.displayText: required",
    ),
    (
        _set(f"{QP}/choices/0/improvementPlan", {"displayText": "p" * 2049}),
        f"{Q}.choices[0].improvementPlan.displayText: 2,049 characters; at most 2,048",
    ),
    (
        _set(f"{QP}/choices/0/improvementPlan", {"displayText": "p", "url": "www.a"}),
        f"{Q}.choices[0].improvementPlan.url: must start with http:// or https://, got 'www.a'",
    ),
    (
        _set(f"{QP}/choices/0/helpfulResource", {"displayText": "h", "url": "a.b"}),
        f"{Q}.choices[0].helpfulResource.url: must start with http:// or https://, got 'a.b'",
    ),
    (
        _set(
            f"{QP}/choices/0/additionalResources",
            [
                {
                    "type": "HELPFUL_RESOURCE",
                    "content": [{"displayText": "x", "url": "https://a"}] * 6,
                }
            ],
        ),
        f"{Q}.choices[0].additionalResources[0].content: 6 items; at most 5 of each type",
    ),
    (
        _set(
            f"{QP}/choices/0/additionalResources",
            [{"type": "LINK", "content": [{"displayText": "x"}]}],
        ),
        f"{Q}.choices[0].additionalResources[0].type: must be one of HELPFUL_RESOURCE, "
        "IMPROVEMENT_PLAN, got 'LINK'",
    ),
    (
        _set(
            f"{QP}/riskRules", lambda q: [{"condition": "yes", "risk": "NO_RISK"}] + q["riskRules"]
        ),
        # a fourth rule necessarily repeats a risk: both are said
        [
            f"{Q}.riskRules: 4 risk rules; a question has at most 3",
            f"{Q}.riskRules[1].risk: NO_RISK twice; one rule for each level of risk",
        ],
    ),
    (
        _set(f"{QP}/riskRules/2", _DELETE),
        f"{Q}.riskRules: a rule with condition default is required",
    ),
    (
        _set(f"{QP}/riskRules", []),
        f"{Q}.riskRules: at least one risk rule, a default one, is required",
    ),
    (
        _set(f"{QP}/riskRules/1/risk", "LOW_RISK"),
        f"{Q}.riskRules[1].risk: must be one of HIGH_RISK, MEDIUM_RISK, NO_RISK, got 'LOW_RISK'",
    ),
    (
        _set(f"{QP}/riskRules/1/risk", "NO_RISK"),
        f"{Q}.riskRules[1].risk: NO_RISK twice; one rule for each level of risk",
    ),
    (
        _set(f"{QP}/riskRules/1/condition", "maybe && nope"),
        f"{Q}.riskRules[1].condition: 'nope' is not a choice of this question",
    ),
    (
        _set(f"{QP}/riskRules/1/condition", "(maybe || yes"),
        f"{Q}.riskRules[1].condition: unbalanced parentheses in '(maybe || yes'",
    ),
    (
        _set(f"{QP}/riskRules/1/condition", "maybe and yes"),
        f"{Q}.riskRules[1].condition: unexpected 'and' in 'maybe and yes'",
    ),
    (
        _set(f"{QP}/riskRules/1/condition", ""),
        f"{Q}.riskRules[1].condition: must be a Boolean expression of choice ids or default",
    ),
    (
        _set(f"{QP}/riskRules", lambda q: [q["riskRules"][2], q["riskRules"][0]]),
        f"{Q}.riskRules[0].condition: default must be the last rule; later ones never apply",
    ),
    (
        _set(f"{QP}/description", "x" * 2000),
        None,  # within limits: the size case below makes it big
    ),
]


@pytest.mark.parametrize(
    ("edit", "message"), [(e, m) for e, m in LIMITS if m is not None], ids=lambda x: ""
)
def test_each_broken_limit_is_one_exact_problem(edit, message):
    doc = base_lens()
    assert validate_lens(doc) == []
    edit(doc)
    assert validate_lens(doc) == ([message] if isinstance(message, str) else message)


def test_a_lens_over_500_kb_is_refused():
    doc = base_lens()
    q = doc["pillars"][0]["questions"][0]
    doc["pillars"] = [
        {
            "id": f"p{i:02d}",
            "name": "P",
            "questions": [
                dict(copy.deepcopy(q), id=f"q{i}_{j:02d}", description="x" * 2048)
                for j in range(20)
            ],
        }
        for i in range(10)
    ]
    for p in doc["pillars"]:
        for qq in p["questions"]:
            for c in qq["choices"]:
                c["title"] = "t" * 128
                if "improvementPlan" in c:
                    c["improvementPlan"]["displayText"] = "p" * 2048
    problems = validate_lens(doc)
    assert len(problems) == 1 and problems[0].startswith("lens: ")
    assert problems[0].endswith(f"bytes of JSON; the WA Tool imports at most {MAX_LENS_BYTES:,}")


def test_condition_syntax():
    ids = {"a_1", "b_2", "c_3"}
    assert condition_problem("((a_1 || b_2) && c_3) || (!a_1 && c_3)", ids) is None
    assert condition_problem("a_1 ||", ids) == "'a_1 ||' ends where a choice id is expected"
    assert condition_problem("a_1 b_2", ids) == "unexpected 'b_2' in 'a_1 b_2'"
    assert condition_problem("a_1 & b_2", ids) == "unexpected '&' in 'a_1 & b_2'"


# --------------------------------------------------------------------------- property


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300
).filter(lambda s: s.strip())
_ident = st.from_regex(r"[a-zé][a-z0-9_é]{0,140}", fullmatch=True)


@st.composite
def rubrics(draw):
    groups = []
    for g in range(draw(st.integers(1, 10))):
        chars = []
        n = draw(st.integers(1, 20))
        for c in range(n):
            kind = draw(st.sampled_from(["enum", "bool", "number", "rules", "descriptive"]))
            base = {
                "id": f"c{c}_" + draw(_ident),
                "question": draw(_text),
                "help": "h" + draw(st.text(max_size=3000)),
                "kind": "maturity",
            }
            if kind == "enum":
                ids = draw(st.lists(_ident, min_size=1, max_size=14, unique=True))
                base |= {
                    "type": "enum",
                    "choices": [
                        {"id": i, "label": draw(_text), "level": draw(st.integers(0, 4))}
                        for i in ids
                    ],
                }
            elif kind == "bool":
                base |= {"type": "bool", "levels": {"true": 4, "false": draw(st.integers(0, 3))}}
            elif kind == "number":
                bounds = sorted(
                    draw(st.lists(st.integers(1, 10**12), min_size=1, max_size=4, unique=True))
                )
                ranks = sorted(
                    draw(
                        st.lists(
                            st.integers(0, 4),
                            min_size=len(bounds),
                            max_size=len(bounds),
                            unique=True,
                        )
                    )
                )
                base |= {
                    "type": draw(st.sampled_from(["int", "bytes", "duration_ms", "float"])),
                    "direction": "higher",
                    "thresholds": {f"L{r}": b for r, b in zip(ranks, bounds, strict=True)},
                }
            elif kind == "rules":
                base |= {
                    "type": "multi",
                    "choices": [{"id": "aaa", "label": "A"}, {"id": "bbb", "label": "B"}],
                    "rules": [
                        {"includes": ["aaa", "bbb"], "level": "L4"},
                        {"includes_any": ["aaa"], "level": "L2"},
                    ],
                    "default": f"L{draw(st.integers(0, 1))}",
                }
            else:
                base |= {"type": "text", "kind": "descriptive"}
            if draw(st.booleans()):
                base["sources"] = [
                    {
                        "title": draw(_text),
                        "url": "https://example.com/" + "x" * draw(st.integers(0, 500)),
                    },
                    draw(_text).replace("\n", " ").strip() or "r",
                ]
            chars.append(base)
        groups.append(
            {"id": f"g{g}_" + draw(_ident), "title": draw(_text), "characteristics": chars}
        )
    return {
        "id": "prop",
        "version": "1",
        "title": draw(_text),
        "levels": [{"rank": r, "id": f"L{r}"} for r in range(5)],
        "groups": groups,
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rubrics())
def test_any_valid_rubric_within_the_counts_exports_a_lens_the_validator_accepts(raw):
    rubric = build_rubric(raw, path="prop.toml")
    scored = any(c.scored for g in rubric.groups for c in g.characteristics)
    try:
        lens = export_lens(rubric)
    except LensError as e:
        # A rubric that scores nothing has no question to ask (a lens needs a pillar); else
        # only the size can still refuse a rubric within the counts (every text at its limit).
        if not scored:
            assert e.problems == ["pillars: at least one pillar is required"], e.problems
            return
        assert all(p.startswith("lens: ") for p in e.problems), e.problems
        return
    assert scored
    assert validate_lens(json.loads(lens.text())) == []
    assert all(
        (c.id.endswith("_no")) == (c.id == UNKNOWN_CHOICE)
        for q in lens.questions.values()
        for c in q.choices
    )


# --------------------------------------------------------------------------- the command


def test_export_lens_command(cli, tmp_path):
    out = tmp_path / "lens.json"
    r = cli("rubric", "export-lens", str(RUBRIC_1_0), "-o", out)
    assert r.code == 0 and f"wrote {out}" in r.err
    assert validate_lens(json.loads(out.read_text(encoding="utf-8"))) == []
    r = cli("rubric", "export-lens")
    assert r.code == 0 and json.loads(r.out)["name"] == resolve_rubric(None).title


def test_export_lens_of_a_team_rubric_and_refusals(cli, tmp_path):
    team = tmp_path / "team.toml"
    team.write_text(TEAM_RUBRIC, encoding="utf-8")
    r = cli("rubric", "export-lens", team)
    assert r.code == 0 and len(json.loads(r.out)["pillars"]) == 2
    big = tmp_path / "wide.toml"
    big.write_text(
        TEAM_RUBRIC.replace(
            '{ id = "monthly", label = "Monthly", level = 4 },',
            "".join(f'{{ id = "m{i}", label = "M", level = 4 }},' for i in range(12)),
        ),
        encoding="utf-8",
    )
    out = tmp_path / "never.json"
    r = cli("rubric", "export-lens", big, "-o", out)
    assert r.code == 1 and not out.exists() and r.out == ""
    assert "pillars[0].questions[2].choices: 16 choices; a question has at most 15" in r.err
    assert "Traceback" not in r.err
    bad = tmp_path / "bad.toml"
    bad.write_text("id = ", encoding="utf-8")
    assert cli("rubric", "export-lens", bad).code == 2


def test_export_lens_does_not_import_boto3():
    code = (
        "import sys\nfrom mlprofile_tui.cli import main\n"
        "code = main(['rubric', 'export-lens'])\n"
        "print('EXIT', code, 'boto3' in sys.modules, 'botocore' in sys.modules, file=sys.stderr)"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "EXIT 0 False False" in p.stderr
