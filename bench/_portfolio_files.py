"""A portfolio of workload files, for the portfolio bench and the portfolio tests (issue 10).

Each file is a bundled example with its name, owner and a few of its ``current`` enum answers
changed to other choices of the same characteristic (always a valid choice, so every file
scores), so no two files are alike and the levels spread across the ladder. Files sit in team
folders, ``team-K/wNNNNN.mlprofile.toml``, so discovery walks a tree as it would in a
monorepo. Deterministic: the same arguments write the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.mlprofile.toml"))
OWNERS = ("payments-risk-ml", "claims-automation", "genai-platform", "retention-analytics")
TEAMS = 8


def _enum_keys() -> dict[str, tuple[str, ...]]:
    from mlprofile_tui.core.rubric import resolve_rubric

    rubric = resolve_rubric(None)
    return {c.key: c.choice_ids for c in rubric.characteristics if c.type == "enum"}


def vary(text: str, i: int, rng: random.Random, enums: dict[str, tuple[str, ...]]) -> str:
    """``text`` (an example) as workload number ``i``: its own name and owner, and five enum
    answers of its ``current`` profile set to a random choice of their characteristic."""
    head, sep, current = text.partition("[profiles.current]")
    head = head.replace('\nname = "', f'\nname = "#{i:05d} ', 1)
    start = head.index('\nowner = "') + len('\nowner = "')
    end = head.index('"', start)
    head = head[:start] + OWNERS[i % len(OWNERS)] + head[end:]
    for key in rng.sample(sorted(enums), 5):
        marker = f'"{key}" = {{ value = "'
        at = current.find(marker)
        if at >= 0:
            value_end = current.index('"', at + len(marker))
            current = current[: at + len(marker)] + rng.choice(enums[key]) + current[value_end:]
    return head + sep + current


def write_portfolio(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """``n`` workload files under ``folder`` (see the module docstring); their paths, sorted."""
    rng = random.Random(seed)
    enums = _enum_keys()
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    paths = []
    for i in range(n):
        path = folder / f"team-{i % TEAMS}" / f"w{i:05d}.mlprofile.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(vary(texts[i % len(texts)], i, rng, enums), encoding="utf-8")
        paths.append(path)
    return sorted(paths)
