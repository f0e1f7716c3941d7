"""Screens: each converts the session's model to widgets and widget messages back to edits."""
