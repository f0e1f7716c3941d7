"""Waiting on the app's state in Pilot tests, never on the clock.

``pilot.pause()`` without a delay returns once the screen has processed the messages pending
when it was called; these helpers repeat it until a condition holds. The bound counts rounds of
message processing, not seconds, so a slow machine waits longer instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable

ROUNDS = 1000


async def wait_until(pilot, condition: Callable[[], object], what: str) -> None:
    """Process messages until ``condition()`` is true; AssertionError naming ``what`` if it
    never is."""
    for _ in range(ROUNDS):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def wait_for_screen(pilot, screen_type):
    """The screen of ``screen_type`` once it is on top, every part of it is mounted (screens
    that mount parts after their first frame say so with ``is_complete``) and it has settled."""
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, screen_type),
        f"{screen_type.__name__} on top (the app shows {pilot.app.screen!r})",
    )
    screen = pilot.app.screen
    await wait_until(
        pilot,
        lambda: getattr(screen, "is_complete", True),
        f"every part of {screen_type.__name__} mounted",
    )
    await pilot.pause()
    return screen
