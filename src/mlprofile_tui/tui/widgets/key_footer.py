"""The footer of the app's screens: Textual's Footer, recomposed only when its keys change.

Textual's Footer rebuilds all its keys (a dozen FooterKeys: composed, styled, laid out) on every
bindings signal of its screen: each focus change and each mount sends one, mostly with the very
same keys. Opening a workload composed the footer three times over; now it is composed once
its keys are known, and again only when what it shows differs.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: tuple | None = None  # the keys the footer was last composed with

    def bindings_changed(self, screen: Screen) -> None:
        keys = self._keys(screen)
        # Footer recomposes only when the app has focus and this is its screen; recording the
        # keys otherwise would skip the recompose that must come when focus returns.
        recomposes = screen.app.app_focus and self.is_attached and screen is self.screen
        if recomposes and self._bindings_ready and keys == self._shown:
            return
        if recomposes:
            self._shown = keys
        super().bindings_changed(screen)

    def _keys(self, screen: Screen) -> tuple:
        """What ``Footer.compose`` reads from the bindings it shows, in order (the command
        palette's key is shown though its binding is not)."""
        palette = screen.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.key, binding.key_display, binding.description, binding.action)
            + (binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
