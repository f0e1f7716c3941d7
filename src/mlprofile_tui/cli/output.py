"""Machine-readable output: ``--json`` documents (their shapes are a contract)."""

from __future__ import annotations

import json
import sys
from typing import Any

from ..core.rubric import Rubric
from ..core.rubric_docs import condition_text


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 warning``, ``2 warnings``, ``0 errors``; ``many`` where adding an s is wrong."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def emit_json(data: Any) -> None:
    """``data`` on standard output as indented JSON; dates and paths as strings."""
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def rubric_json(rubric: Rubric) -> dict:
    """The shape of ``rubric show --json`` (a contract), plus scoring details."""
    return {
        "id": rubric.id,
        "version": rubric.version,
        "title": rubric.title,
        "practices": list(rubric.practices),
        "require_sources": rubric.require_sources,
        "levels": [
            {"rank": lv.rank, "id": lv.id, "label": lv.label, "description": lv.description}
            for lv in rubric.levels
        ],
        "groups": [
            {
                "id": g.id,
                "title": g.title,
                "characteristics": [
                    {
                        "id": c.id,
                        "key": c.key,
                        "question": c.question,
                        "help": c.help.strip(),
                        "type": c.type,
                        "kind": c.kind,
                        "unit": c.unit or None,
                        "choices": [
                            {"id": ch.id, "label": ch.label, "level": ch.level} for ch in c.choices
                        ]
                        or None,
                        "weight": c.weight,
                        "gating": c.gating,
                        "na_allowed": c.na_allowed,
                        "practices": list(c.practices),
                        "direction": c.direction,
                        "thresholds": {f"L{r}": b for r, b in c.thresholds} or None,
                        "requirement": c.requirement,
                        "aws": c.aws or None,
                        "sources": [s.as_dict() for s in c.sources],
                        "not_applicable": [
                            {"when": condition_text(na.condition), "reason": na.reason}
                            for na in c.not_applicable
                        ],
                        "plus": list(c.plus),
                        "cap": (
                            {
                                "beyond": c.cap.beyond,
                                "level": c.cap.level,
                                "advice": c.cap.advice,
                                "when": condition_text(c.cap.condition)
                                if c.cap.condition is not None
                                else None,
                            }
                            if c.cap is not None
                            else None
                        ),
                        "multiple_of": c.multiple_of,
                        "matrix": {
                            "environments": list(c.matrix.environments),
                            "workloads": list(c.matrix.workloads),
                            "accounts": c.matrix.accounts,
                        }
                        if c.matrix is not None
                        else None,
                    }
                    for c in g.characteristics
                ],
            }
            for g in rubric.groups
        ],
        "contradictions": [
            {
                "id": c.id,
                "severity": c.severity,
                "message": c.message,
                "when": condition_text(c.condition) if c.condition is not None else None,
                "check": c.check,
                "params": {k: list(v) if isinstance(v, tuple) else v for k, v in c.params.items()},
                "sources": [s.as_dict() for s in c.sources],
            }
            for c in rubric.contradictions
        ],
    }
