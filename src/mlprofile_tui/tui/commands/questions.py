"""Command palette: go to any question the interview asks, found by its text or its key.

Textual's fuzzy matcher scores each question's key and text together, so "p95" finds
``traffic.p95_latency_ms`` and "cold start tolerance" finds the question that asks it. Only the
questions skip logic asks now are offered (the others have no place in the interview).
"""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider


class QuestionCommands(Provider):
    """Hits ``go to: <group>: <question>`` (help: the key) for the screen's questions; the
    screen must have ``session`` and ``go_to(key)`` (the workload screen)."""

    def _questions(self) -> list[tuple[str, str, str]]:
        """(key, what is matched, what is shown) for every question asked now."""
        session = getattr(self.screen, "session", None)
        if session is None:
            return []
        rubric = session.rubric
        titles = {g.id: g.title for g in rubric.groups}
        return [
            (ch.key, f"{ch.key} {ch.question}", f"go to: {titles[ch.group]}: {ch.question}")
            for ch in session.questions()
        ]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, matched, shown in self._questions():
            score = matcher.match(matched)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(shown),
                    partial(self.screen.call_later, self.screen.go_to, key),
                    text=shown,
                    help=key,
                )
