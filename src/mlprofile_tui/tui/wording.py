"""The app's words for what core and aws messages say in command-line terms.

Messages from the shared layers are written once, for every front end, and some name a
command-line option ("no AWS Region: pass --region") or the ``set`` syntax (``n/a:REASON``).
The app has fields and keys instead. This one table turns the first into the second wherever
the app shows a message (toasts go through ``MlprofileApp.notify``; dialogs call
``app_wording`` on the errors they show). A test reads every string the shared layers hold and
checks that none keeps command-line syntax after this table, so a new option named in a message
fails there until it has its app words here.
"""

from __future__ import annotations

import re

# Longest first: "pass --region" before "--region".
_WORDS: tuple[tuple[str, str], ...] = (
    ("`mlprofile new FILE --name NAME`", "New workload on the start screen"),
    ("mlprofile new FILE --name NAME", "New workload on the start screen"),
    ("pass --aws-profile", "fill in the AWS profile field"),
    ("pass --region", "fill in the Region field"),
    ("--endpoint NAME", "an endpoint"),
    ("--example NAME", "an example from the start screen"),
    ("--name NAME", "a name"),
    ("--aws-profile", "the AWS profile field"),
    ("--region", "the Region field"),
    ("--endpoint", "the Endpoints field"),
    ("--days", "Days"),
    ("--environment", "the environment"),
    ("--profile", "the profile"),
    ("--name", "the name"),
    ("--strict", "strict checking"),
    ("--json", "JSON output"),
    ("`n/a:REASON`", "not applicable (F3) with a reason"),
    ("n/a:REASON", "not applicable (F3) with a reason"),
    ("`unknown`", "unknown (F2)"),
)
_PATTERN = re.compile("|".join(re.escape(cli) for cli, _ in _WORDS))
_APP = dict(_WORDS)

CLI_SYNTAX = re.compile(r"(?<![\w-])--[a-z][a-z-]*|n/a:[A-Z]")
"""What must not reach the app's text: an option (``--region``) or the ``set`` syntax."""


def app_wording(message: str) -> str:
    """``message`` with every command-line phrase in the table replaced by the app's words;
    anything else is left exactly as it was."""
    return _PATTERN.sub(lambda m: _APP[m.group(0)], message)
