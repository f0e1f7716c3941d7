"""Small purpose-built rubrics for the core's tests: one group ``g`` of hand-written
characteristics on a short ladder (L0, L1, ...), so a test names exactly the shapes it pins."""

from __future__ import annotations

from collections.abc import Iterable

from mlprofile_tui.core.rubric import Rubric, build_rubric


def characteristic(cid: str, type_: str, **more) -> dict:
    """A characteristic table as a rubric file writes it: ``cid`` of ``type_`` with a
    placeholder question and help, plus any other field in ``more``."""
    return {"id": cid, "question": f"{cid}?", "help": "h", "type": type_, **more}


def one_group_rubric(rid: str, characteristics: Iterable[dict], *, levels: int = 2) -> Rubric:
    """The rubric ``rid`` (version 1, file ``rid.toml``) with ``characteristics`` in group
    ``g`` (keys ``g.ID``) on a ladder of ``levels`` levels. Raises RubricError like any
    rubric with a problem."""
    return build_rubric(
        {
            "id": rid,
            "version": "1",
            "title": rid,
            "levels": [{"rank": r, "id": f"L{r}"} for r in range(levels)],
            "groups": [{"id": "g", "characteristics": list(characteristics)}],
        },
        path=f"{rid}.toml",
    )
