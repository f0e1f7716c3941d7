"""Which answers a profile can drop to inherit again (``core.editing.override_problem``)."""

from __future__ import annotations

import pytest

from mlprofile_tui.core.editing import override_problem
from mlprofile_tui.core.workload import load_workload


@pytest.mark.parametrize(
    "profile, key, problem",
    [
        ("reliable", "cost.pricing_comparison", None),  # its own answer
        ("graviton", "deployment.instance_type", None),
        ("reliable", "deployment.instance_type", "already inherits from 'current'"),
        ("graviton", "cost.pricing_comparison", "already inherits from 'reliable'"),
        ("current", "cost.pricing_comparison", "is not a target"),
        ("snapshot-2026-05-04", "cost.pricing_comparison", "is not a target"),
    ],
)
def test_only_a_targets_own_answer_can_be_dropped(fraud, profile, key, problem):
    found = override_problem(load_workload(fraud), profile, key)
    if problem is None:
        assert found is None
    else:
        assert problem in found and profile in found
