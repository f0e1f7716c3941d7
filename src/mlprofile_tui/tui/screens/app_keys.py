"""The app's own keys first, and a footer that fits a narrow terminal.

Textual lists a screen's active bindings from the focused widget up to the app, so the footer
shows an input's keys first and the app's last, and at 80 columns F1 (help) and Ctrl+Q (quit)
fall off its end. Screens that mix this in list the app's bindings (help first, then quit)
first, then their own, then the focused widget's. Below ``NARROW`` columns the footer drops
its padding and shows only the app's and the screen's keys, less those its ``ScreenAction``
table marks ``narrow=False``: they stay bound and in F1's list, and a widget with keys of its
own (the matrix editor) names them in its own hint line.
"""

from __future__ import annotations

from textual.binding import ActiveBinding
from textual.widgets import Footer

NARROW = 100  # columns: below this the workload screen's full footer does not fit


class AppKeysFirst:
    """Mix in before ``Screen``: ``class WorkloadScreen(AppKeysFirst, Screen)``."""

    _narrow = False

    @property
    def every_binding(self) -> dict[str, ActiveBinding]:
        """The active bindings, the app's first: what F1 lists, at any width."""
        bindings = super().active_bindings  # type: ignore[misc]
        app = self.app  # type: ignore[attr-defined]
        app_order = [b.id for b in app.BINDINGS]

        def rank(key: str) -> tuple[int, int]:
            node, binding = bindings[key].node, bindings[key].binding
            if node is app:
                return 0, app_order.index(binding.id) if binding.id in app_order else 99
            return (1, 0) if node is self else (2, 0)

        return {key: bindings[key] for key in sorted(bindings, key=rank)}

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """What the footer shows: every binding; when narrow, only the app's and the screen's
        that are marked for it."""
        bindings = self.every_binding
        if not self._narrow:
            return bindings
        wide_only = {
            a.id or a.action.replace("_", "-").replace(".", "-")
            for a in getattr(self, "ACTIONS", ())
            if not a.narrow
        }
        return {
            k: b
            for k, b in bindings.items()
            if b.node in (self, self.app) and b.binding.id not in wide_only  # type: ignore[attr-defined]
        }

    def on_resize(self, event) -> None:
        narrow = event.size.width < NARROW
        for footer in self.query(Footer):  # type: ignore[attr-defined]
            footer.compact = narrow
        if narrow != self._narrow:
            self._narrow = narrow
            self.refresh_bindings()  # type: ignore[attr-defined]
