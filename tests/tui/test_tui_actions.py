"""Each screen's action table: a handler behind every entry, unique binding ids, readable keys."""

from __future__ import annotations

from mlprofile_tui.tui.app import MlprofileApp
from mlprofile_tui.tui.commands.actions import key_label
from mlprofile_tui.tui.screens.compare import CompareScreen
from mlprofile_tui.tui.screens.portfolio import PortfolioScreen, PortfolioWorkloadScreen
from mlprofile_tui.tui.screens.start import StartScreen
from mlprofile_tui.tui.screens.workload import WorkloadScreen


def test_every_action_has_a_handler_and_a_palette_group():
    for owner in (
        WorkloadScreen,
        CompareScreen,
        StartScreen,
        PortfolioScreen,
        PortfolioWorkloadScreen,
        MlprofileApp,
    ):
        for a in owner.ACTIONS:
            target, _, name = a.action.rpartition(".")
            handler = getattr(MlprofileApp if target == "app" else owner, f"action_{name}", None)
            assert callable(handler), (owner.__name__, a.action)
            assert a.palette.split(": ", 1)[0].isidentifier(), a.palette
        ids = [b.id for b in owner.BINDINGS]
        assert len(ids) == len(set(ids)) and all(ids), owner.__name__
        assert len(owner.BINDINGS) == sum(1 for a in owner.ACTIONS if a.key)


def test_key_labels_read_like_the_footer():
    assert key_label("ctrl+s") == "Ctrl+S"
    assert key_label("f5") == "F5"
    assert key_label("escape,q") == "Escape"
    assert key_label("d") == "d"
