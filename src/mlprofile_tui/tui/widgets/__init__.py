"""Widgets: each renders part of the session and posts messages upward; none owns the truth."""
