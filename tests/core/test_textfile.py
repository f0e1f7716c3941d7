"""Reading the text files people hand us: one message naming the file for each kind of wrong
file, never a hang; the BOM and line endings remembered so a save puts them back."""

from __future__ import annotations

import os
import socket
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlprofile_tui.core.errors import MlprofileError
from mlprofile_tui.core.textfile import BOM, TextFile, decode_text, describe_kind, read_text_file


def test_a_plain_file_reads_as_its_text(tmp_path):
    path = tmp_path / "w.toml"
    path.write_bytes(b'name = "caf\xc3\xa9"\n')
    got = read_text_file(path)
    assert got == TextFile(b'name = "caf\xc3\xa9"\n', 'name = "café"\n', False, "\n")


def test_a_file_larger_than_a_read_chunk_reads_whole(tmp_path):
    path = tmp_path / "big.toml"
    text = "".join(f"k{i} = {i}\n" for i in range(300_000))  # about 3.5 MB: several chunks
    path.write_text(text)
    assert read_text_file(path).text == text


@pytest.mark.parametrize(
    ("make", "what", "message"),
    [
        (lambda p: None, "workload file", "no such file"),
        (lambda p: p.mkdir(), "workload file", "not a regular file (a directory); a workload "),
        (os.mkfifo, "rubric", "not a regular file (a named pipe (FIFO)); a rubric is a plain"),
        (lambda p: p.write_bytes(b""), "workload file", "file is empty; create a workload with"),
        (lambda p: p.write_bytes(b" \n\t\r\n"), "rubric", "file is empty"),
        (lambda p: p.write_bytes(b"\xef\xbb\xbf\n"), "workload file", "file is empty"),
        (lambda p: p.write_bytes(b"a = 1\n\x00"), "rubric", "is a binary file, not a TOML rubric"),
        (lambda p: p.write_bytes(b"a = 'caf\xe9'"), "workload file", "bad byte at offset 8)"),
        (lambda p: p.write_bytes(b"\xef\xbb\xbfa='\xe9'"), "rubric", "bad byte at offset 6)"),
    ],
)
def test_every_wrong_file_is_one_message_naming_it(tmp_path, make, what, message):
    path = tmp_path / "x.toml"
    make(path)
    with pytest.raises(MlprofileError) as e:
        read_text_file(path, what=what)
    assert e.value.path == str(path)
    assert message in e.value.message


def test_only_a_workload_file_suggests_creating_one(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_bytes(b"")
    with pytest.raises(MlprofileError) as e:
        read_text_file(path, what="rubric")
    assert e.value.message == "file is empty"


def test_a_device_and_a_socket_are_named_for_what_they_are(tmp_path):
    with pytest.raises(MlprofileError, match=r"not a regular file \(a device\)"):
        read_text_file("/dev/null")
    sock_path = tmp_path / "s.toml"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(sock_path))
        with pytest.raises(MlprofileError, match=r"cannot read|not a regular file \(a socket\)"):
            read_text_file(sock_path)


def test_a_file_that_may_not_be_read_is_named(tmp_path):
    (tmp_path / "w.toml").write_text("a = 1")
    with pytest.raises(MlprofileError, match="cannot read: Not a directory"):
        read_text_file(tmp_path / "w.toml" / "inside")  # a path through a file


@pytest.mark.parametrize(("size", "refused"), [(99, False), (100, False), (101, True)])
def test_the_size_limit_is_inclusive(tmp_path, size, refused):
    path = tmp_path / "w.toml"
    path.write_bytes(b"#" * (size - 1) + b"\n")
    if refused:
        with pytest.raises(MlprofileError, match="is 101 bytes; a rubric is at most 100 bytes"):
            read_text_file(path, what="rubric", max_bytes=100)
    else:
        assert len(read_text_file(path, max_bytes=100).data) == size


def test_a_file_that_grows_past_the_limit_while_read_is_refused():
    # /proc files say size 0 and then give more: what a file written meanwhile looks like
    with pytest.raises(MlprofileError, match="is over 100 bytes; a file is at most 100 bytes"):
        read_text_file("/proc/self/status", what="file", max_bytes=100)


def test_the_default_limit_is_16_mib(tmp_path):
    path = tmp_path / "huge.toml"
    with open(path, "wb") as f:
        f.truncate(16 * 1024 * 1024 + 1)
    with pytest.raises(MlprofileError, match="is 16,777,217 bytes; a workload file is at most 16,"):
        read_text_file(path)


def test_a_nul_beyond_the_first_8_kib_is_left_to_the_toml_parser():
    data = b"#" * 8192 + b"\x00"
    assert decode_text(data, "w.toml").text.endswith("\x00")
    with pytest.raises(MlprofileError, match="binary"):
        decode_text(b"#" * 8191 + b"\x00", "w.toml")


@pytest.mark.parametrize(
    ("data", "bom", "newline", "text"),
    [
        (b"a = 1\r\nb = 2\r\n", False, "\r\n", "a = 1\nb = 2\n"),
        (b"a = 1\r\nb = 2\n", False, "\n", "a = 1\r\nb = 2\n"),  # mixed: kept as it is
        (b"a = 1", False, "\n", "a = 1"),
        (b"\xef\xbb\xbfa = 1\r\n", True, "\r\n", "a = 1\n"),
        (b"a = '\xef\xbb\xbf'\n", False, "\n", f"a = '{BOM}'\n"),  # not at the start: text
    ],
)
def test_bom_and_line_endings_are_remembered(data, bom, newline, text):
    got = decode_text(data, "w.toml")
    assert (got.bom, got.newline, got.text) == (bom, newline, text)
    assert got.restore(got.text).encode() == data


lines = st.lists(
    st.text(st.characters(blacklist_characters="\r\n\x00", blacklist_categories=["Cs"])),
    min_size=1,
    max_size=6,
)


@given(lines, st.sampled_from(["\n", "\r\n"]), st.booleans(), st.booleans())
def test_any_text_comes_back_in_the_files_own_bom_and_line_endings(body, newline, bom, final):
    text = "\n".join(["k = 1", *body]) + ("\n" if final else "")
    data = ((BOM if bom else "") + text.replace("\n", newline)).encode()
    got = decode_text(data, "w.toml")
    assert got.text == text and got.bom is bom
    assert got.restore(got.text).encode() == data
    edited = got.text + "x = 2\n"  # an edit adds LF lines: they take the file's endings too
    restored = got.restore(edited)
    assert restored.startswith(BOM) is bom
    assert restored.count("\r\n") == (restored.count("\n") if newline == "\r\n" else 0)


# ---- each message in full, naming the file


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "no such file"),
        (lambda p: p.write_bytes(b"#" * 101), "is 101 bytes; a rubric is at most 100 bytes"),
        (lambda p: p.write_bytes(b"\xff"), "is not UTF-8 text (bad byte at offset 0)"),
        (lambda p: p.write_bytes(b"a\x00"), "is a binary file, not a TOML rubric"),
        (lambda p: p.write_bytes(b"\n"), "file is empty"),
    ],
)
def test_each_refusal_in_full(tmp_path, make, message):
    path = tmp_path / "r.toml"
    make(path)
    with pytest.raises(MlprofileError) as e:
        read_text_file(path, what="rubric", max_bytes=100)
    assert (e.value.path, e.value.message) == (str(path), message)


def test_an_empty_workload_file_says_how_to_make_one():
    with pytest.raises(MlprofileError) as e:
        decode_text(b"  \n", "w.toml")
    assert (e.value.path, e.value.message) == (
        "w.toml",
        "file is empty; create a workload with `mlprofile new FILE --name NAME`",
    )


def test_a_path_through_a_file_cannot_be_read(tmp_path):
    (tmp_path / "w.toml").write_text("a = 1")
    with pytest.raises(MlprofileError) as e:
        read_text_file(tmp_path / "w.toml" / "inside")
    assert e.value.path == str(tmp_path / "w.toml" / "inside")
    assert e.value.message == "cannot read: Not a directory"


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_a_read_that_fails_midway_is_one_message():
    # /proc/self/mem is a regular file whose first page cannot be read: an I/O error
    with pytest.raises(MlprofileError) as e:
        read_text_file("/proc/self/mem")
    assert (e.value.path, e.value.message) == ("/proc/self/mem", "cannot read: Input/output error")


@pytest.mark.skipif(not os.path.exists("/proc/kallsyms"), reason="needs Linux /proc")
def test_growth_past_the_limit_counts_every_chunk_read():
    # /proc/kallsyms says size 0 and gives megabytes: more than one read's worth
    path = "/proc/kallsyms"
    with pytest.raises(MlprofileError) as e:
        read_text_file(path, what="file", max_bytes=(1 << 20) + 1)
    assert e.value.path == path
    assert e.value.message == "is over 1,048,577 bytes; a file is at most 1,048,577 bytes"


@pytest.mark.parametrize(
    ("mode", "kind"),
    [
        (stat.S_IFDIR, "a directory"),
        (stat.S_IFIFO, "a named pipe (FIFO)"),
        (stat.S_IFCHR, "a device"),
        (stat.S_IFBLK, "a device"),
        (stat.S_IFSOCK, "a socket"),
        (stat.S_IFLNK, "not a regular file"),
    ],
)
def test_each_kind_of_special_file_is_named(mode, kind):
    assert describe_kind(mode | 0o644) == kind


def test_crlf_already_in_an_edited_text_is_not_doubled():
    crlf = TextFile(b"", "", newline="\r\n")
    assert crlf.restore("a\r\nb\n") == "a\r\nb\r\n"
    assert TextFile(b"", "").restore("a\r\nb\n") == "a\r\nb\n"
