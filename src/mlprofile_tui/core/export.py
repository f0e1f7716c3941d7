"""The profile document: every profile's values, levels and rationale, as JSON or Markdown."""

from __future__ import annotations

from typing import Any

from .answers import UNANSWERED, Answer
from .compare import compare, compare_json
from .scoring import score_json, score_profile
from .values import display
from .workload import Workload


def answer_json(answer: Answer) -> dict[str, Any]:
    """The per-value shape of ``show --json`` (a contract)."""
    return {
        "state": answer.state.value,
        "value": answer.value if answer.is_value else None,
        "provenance": answer.provenance,
        "source": answer.source,
        "rationale": answer.rationale,
        "reason": answer.reason,
    }


def workload_json(workload: Workload) -> dict[str, Any]:
    return {
        "name": workload.name,
        "owner": workload.owner,
        "notes": workload.notes,
        "rubric": {"id": workload.rubric.id, "version": workload.rubric.version},
    }


def show_json(
    workload: Workload, profile: str, answers: dict[str, Answer] | None = None
) -> dict[str, Any]:
    """``answers``: the profile's effective answers when the caller has them already."""
    p = workload.profile(profile)
    if answers is None:
        answers = workload.effective(p.name)
    values = {}
    for ch in workload.rubric.characteristics:
        a = answers.get(ch.key, UNANSWERED)
        d = answer_json(a)
        own = p.values.get(ch.key)
        d["rationale"] = own.rationale if own is not None else None
        d["inherited"] = p.is_target and own is None
        values[ch.key] = d
    return {
        "workload": workload_json(workload),
        "profile": p.name,
        "kind": p.kind,
        "based_on": p.based_on,
        "values": values,
    }


def export_json(workload: Workload, names: list[str] | None = None) -> dict[str, Any]:
    names = names or list(workload.profiles)
    for n in names:
        workload.profile(n)  # unknown names are bad input
    effective = workload.effective_many(names)
    profiles = {}
    for n in names:
        p = workload.profile(n)
        profiles[n] = {
            "kind": p.kind,
            "based_on": p.based_on,
            "taken": p.taken,
            "rationale": p.rationale,
            "description": p.description,
            "values": show_json(workload, n, effective[n])["values"],
            "score": score_json(workload.rubric, score_profile(workload.rubric, effective[n], n)),
        }
    return {
        "workload": workload_json(workload),
        "practices": list(workload.rubric.practices),
        "profiles": profiles,
        "comparison": compare_json(workload, compare(workload, names)) if len(names) > 1 else None,
    }


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def export_markdown(workload: Workload, names: list[str] | None = None) -> str:
    rubric = workload.rubric
    names = names or list(workload.profiles)
    out = [f"# ML workload profile: {workload.name}", ""]
    if workload.owner:
        out.append(f"Owner: {workload.owner}  ")
    out.append(
        f"Rubric: {rubric.title} ({rubric.id} {rubric.version}; {', '.join(rubric.practices)})"
    )
    if workload.notes:
        out += ["", workload.notes.strip()]
    out.append("")
    comparison = compare(workload, names)
    out += [
        "## Maturity",
        "",
        "| profile | kind | level | score | completeness | optimistic |",
        "|---|---|---|---|---|---|",
    ]
    for n in names:
        s = comparison.scores[n]
        p = workload.profiles[n]
        kind = f"target (from {p.based_on})" if p.is_target else f"snapshot {p.taken or ''}".strip()
        out.append(
            f"| {n} | {kind} | L{s.level} {rubric.level(s.level).label}"
            f"{' (draft)' if s.draft else ''} | {s.score:.0%} | {s.completeness:.0%} | "
            f"L{s.optimistic_level} |"
        )
    out.append("")
    out += ["| group | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for g in rubric.groups:
        cells = []
        for n in names:
            gs = comparison.scores[n].groups[g.id]
            cells.append("n/a" if gs.level is None else f"L{gs.level}")
        out.append(f"| {g.title} | " + " | ".join(cells) + " |")
    out.append("")
    for n in names:
        p = workload.profiles[n]
        if p.is_target and p.rationale:
            out += [f"### Why {n}", "", p.rationale.strip(), ""]
    by_key = {r.key: r for r in comparison.rows}
    for g in rubric.groups:
        out += [
            f"## {g.title}",
            "",
            "| characteristic | " + " | ".join(names) + " | rationale |",
            "|---|" + "---|" * (len(names) + 1),
        ]
        for ch in g.characteristics:
            row = by_key[ch.key]
            cells = []
            for n in names:
                lv = row.levels[n]
                text = _md(display(ch, row.answers[n]))
                cells.append(f"{text} (L{lv})" if lv is not None else text)
            why = "; ".join(f"{n}: {_md(r)}" for n, r in row.rationale.items() if r)
            mark = " **≠**" if row.differs else ""
            out.append(f"| {_md(ch.question)}{mark} | " + " | ".join(cells) + f" | {why} |")
        out.append("")
    blockers = [(n, b) for n in names for b in comparison.scores[n].blockers]
    if blockers:
        out += ["## Blockers to the next level", ""]
        out += [f"- **{n}** `{b.key}`: {b.distance}" for n, b in blockers]
        out.append("")
    return "\n".join(out)


EXPORT_FORMATS = {"markdown": ".md", "json": ".json", "html": ".html"}
"""Each format the profile document is exported in (markdown, JSON, HTML), with its file
suffix."""


def export_document(workload: Workload, fmt: str, names: list[str] | None = None) -> str:
    """The profile document of ``names`` (default: every profile) as the text of one format of
    ``EXPORT_FORMATS``: what ``mlprofile export`` writes and the app delivers. ``KeyError`` for
    another format; a name that is not a profile raises as ``Workload.profile`` does."""
    if fmt not in EXPORT_FORMATS:
        raise KeyError(fmt)
    if fmt == "json":
        import json

        return (
            json.dumps(export_json(workload, names), indent=2, default=str, ensure_ascii=False)
            + "\n"
        )
    if fmt == "html":
        from .report_html import export_html

        return export_html(workload, names)
    return export_markdown(workload, names)


def export_filename(stem: str, fmt: str) -> str:
    """A download's file name: the workload file's stem and the format's suffix
    (``fraud.mlprofile.toml`` → ``fraud.md``)."""
    return stem.removesuffix(".toml").removesuffix(".mlprofile") + EXPORT_FORMATS[fmt]
