"""Reading a text file people hand us (a workload, a rubric) without hanging or crashing.

Only regular files are read: a FIFO would block every command (a pull request could hang CI's
``validate``) and ``/dev/zero`` never ends, so the file is opened non-blocking and checked with
``fstat`` before one byte is read. A size cap keeps a stray multi-gigabyte file from eating the
machine. A UTF-8 byte-order mark and CRLF line endings are remembered, so a save can put them
back exactly as they were.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import MlprofileError

MAX_BYTES = 16 * 1024 * 1024
"""Largest file read, in bytes (16 MiB: a 5,000-row provisioning matrix is about 0.6 MiB)."""

BOM = "\ufeff"


@dataclass(frozen=True)
class TextFile:
    """A file's bytes as on disk and its text as TOML parsers want it.

    ``text`` has the BOM removed and, when ``newline`` is ``"\\r\\n"``, every CRLF turned into
    LF; ``restore`` turns an edited text back into the file's own conventions.
    """

    data: bytes
    text: str
    bom: bool = False
    newline: str = "\n"  # "\r\n" when every line of the file ends so

    def restore(self, text: str) -> str:
        """``text`` (LF line endings, no BOM) in this file's line endings and BOM."""
        if self.newline == "\r\n":
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return (BOM + text) if self.bom else text


def describe_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_text_file(
    path: str | Path, *, what: str = "workload file", max_bytes: int = MAX_BYTES
) -> TextFile:
    """Read ``path`` as UTF-8 text.

    Raises ``MlprofileError`` (exit 2) naming the file when it is missing, not a regular file
    (directory, FIFO, device, socket), larger than ``max_bytes`` bytes, empty, binary or not
    UTF-8. Never blocks on a FIFO: the open is non-blocking and the type is checked first.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise MlprofileError("no such file", path=path) from None
    except IsADirectoryError:
        raise MlprofileError(f"is a directory, not a {what}", path=path) from None
    except OSError as e:
        raise MlprofileError(f"cannot read: {e.strerror}", path=path) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise MlprofileError(
                f"not a regular file ({describe_kind(st.st_mode)}); a {what} is a plain text file",
                path=path,
            )
        if st.st_size > max_bytes:
            raise MlprofileError(
                f"is {st.st_size:,} bytes; a {what} is at most {max_bytes:,} bytes", path=path
            )
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:  # grew while we read it
                raise MlprofileError(
                    f"is over {max_bytes:,} bytes; a {what} is at most {max_bytes:,} bytes",
                    path=path,
                )
            chunks.append(chunk)
    except OSError as e:
        raise MlprofileError(f"cannot read: {e.strerror}", path=path) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return decode_text(data, path, what=what)


def decode_text(data: bytes, path: str | Path, *, what: str = "workload file") -> TextFile:
    """Decode bytes read from ``path`` (also used for S3 objects); see ``read_text_file``."""
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    if not body.strip():
        hint = (
            "; create a workload with `mlprofile new FILE --name NAME`"
            if what == "workload file"
            else ""
        )
        raise MlprofileError(f"file is empty{hint}", path=path)
    if b"\x00" in body[:8192]:
        raise MlprofileError(f"is a binary file, not a TOML {what}", path=path)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        offset = e.start + (3 if bom else 0)
        raise MlprofileError(
            f"is not UTF-8 text (bad byte at offset {offset})", path=path
        ) from None
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf == text.count("\n") else "\n"
    if newline == "\r\n":
        text = text.replace("\r\n", "\n")
    return TextFile(data, text, bom, newline)
