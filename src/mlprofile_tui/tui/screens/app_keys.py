"""The app's own keys first, and a footer that fits a narrow terminal.

Textual lists a screen's active bindings from the focused widget up to the app, so the footer
shows an input's keys first and the app's last, and at 80 columns F1 (help) and Ctrl+Q (quit)
fall off its end. Screens that mix this in list the app's bindings (help first, then quit)
first, then the focused widget's, then their own. The screen's ``ScreenAction`` table marks
with ``narrow=False`` the keys the footer may leave out (they stay bound, in F1's list and in
the palette): it does when the focused widget brings keys of its own, and below ``NARROW``
columns, where it also drops its padding and the widget's keys (a widget with keys, the matrix
editor, names them in its own hint line).
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
            return (2, 0) if node is self else (1, 0)

        return {key: bindings[key] for key in sorted(bindings, key=rank)}

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """What the footer shows: every binding, less the screen's ``narrow=False`` ones when
        the terminal is narrow or the focused widget brings keys of its own (they take the
        room); when narrow, the widget's keys go too (its hint line names them)."""
        bindings = self.every_binding
        own = (self, self.app)  # type: ignore[attr-defined]
        widget_keys = any(b.node not in own and b.binding.show for b in bindings.values())
        if not (self._narrow or widget_keys):
            return bindings
        wide_only = {
            a.id or a.action.replace("_", "-").replace(".", "-")
            for a in getattr(self, "ACTIONS", ())
            if not a.narrow
        }
        return {
            k: b
            for k, b in bindings.items()
            if b.binding.id not in wide_only and (b.node in own or not self._narrow)
        }

    def on_resize(self, event) -> None:
        narrow = event.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self.refresh_bindings()  # type: ignore[attr-defined]
        self._fit_footer()

    def on_descendant_focus(self) -> None:
        self._fit_footer()

    def on_descendant_blur(self) -> None:
        self._fit_footer()

    def _fit_footer(self) -> None:
        """No padding in the footer when narrow or when the focused widget adds its keys."""
        compact = self._narrow or self._widget_keys_shown()
        for footer in self.query(Footer):  # type: ignore[attr-defined]
            footer.compact = compact

    def _widget_keys_shown(self) -> bool:
        own = (self, self.app)  # type: ignore[attr-defined]
        return any(b.node not in own and b.binding.show for b in self.every_binding.values())
