"""``main``: from the argument list to a handler, and from any failure to one line and an exit code.

Exit codes are a contract (DESIGN.md §6): 0 success, 1 findings, 2 bad usage or bad input,
130 interrupted. Nothing reaches the user as a traceback.
"""

from __future__ import annotations

import os
import sys

from .. import frontends
from ..core.errors import EXIT_OK, EXIT_USAGE, MlprofileError
from ..core.location import Location
from .parser import COMMANDS, build_parser


def main(argv: list[str] | None = None) -> int:
    """Entry point. Called with no arguments (the console script) it exits with the code."""
    as_script = argv is None
    try:
        args = list(sys.argv[1:] if argv is None else argv)
        _check_encoding(args)
        code = _dispatch(args)
    except MlprofileError as e:
        print(f"mlprofile: error: {e.render()}", file=sys.stderr)
        code = e.exit_code
    except OSError as e:
        # a folder that does not exist, a read-only disk, a full disk: still one line, exit 2
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        print(f"mlprofile: error: {where}{e.strerror or e}", file=sys.stderr)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        print("mlprofile: interrupted; nothing was written", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = EXIT_OK
    if as_script:
        sys.exit(code)
    return code


def _check_encoding(argv: list[str]) -> None:
    """Refuse an argument that is not UTF-8 text before anything reads it.

    Python hands undecodable bytes over as lone surrogates (``\\udcff`` for byte 0xff); left
    alone they would fail much later, with a traceback, when a value is parsed or written.
    """
    for position, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise MlprofileError(
                f"argument {position} ({shown}) is not valid UTF-8 text; mlprofile reads its "
                "arguments as UTF-8 (check the terminal's or the script's encoding)"
            ) from None


def _dispatch(argv: list[str]) -> int:
    if argv[:1] == ["--example"]:
        fresh = "--fresh" in argv[2:]
        if len(argv) != 2 + fresh or argv[1].startswith("-"):
            raise MlprofileError(
                "--example takes one name, e.g. --example fraud-scorer (add --fresh to start "
                "again from the bundled file)"
            )
        from ..core.examples import example_copy

        return _open_app(example_copy(argv[1], fresh=fresh), [])
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        from .parser import workload_location

        return _open_app(workload_location(argv[0]) if argv else None, argv[1:])
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        return _open_app(None, [])
    return handler(args)


def _open_app(path: Location | None, rest: list[str]) -> int:
    if rest:
        raise MlprofileError(f"unexpected arguments {' '.join(rest)!r}; see `mlprofile --help`")
    if not (_driven_by_textual() or (sys.stdin.isatty() and sys.stdout.isatty())):
        # Piped, redirected or in CI: a full-screen app would wait for keys nobody types.
        from .handlers import overview

        return overview(path)
    # Textual is imported here only: other commands never pay for it
    return frontends.load(frontends.APP)(path)


def _driven_by_textual() -> bool:
    """Whether a host names the driver the app must speak through: textual-serve (and
    ``textual serve``) run ``mlprofile FILE`` over pipes with ``TEXTUAL_DRIVER`` set to
    Textual's web driver, which relays the screen to a browser."""
    return bool(os.environ.get("TEXTUAL_DRIVER"))
