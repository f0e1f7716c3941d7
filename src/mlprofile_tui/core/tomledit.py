"""Editing a TOML document in whatever valid layout a person wrote it.

tomlkit keeps comments and formatting, but its mapping API places new keys by where a table's
*object* lives, not by what the text means: a key added to a table spread over dotted keys,
super-tables or out-of-order fragments can land under another table's header and change what
the file says. So every edit here is checked against its meaning:

- each edit is a path and a plain value (what tomllib should read there afterwards); the
  editor keeps the *intended* plain document beside the tomlkit one;
- existing tables, arrays and arrays of tables are updated in place, field by field and row by
  row, so an edit touches only the lines it must (and a one-row matrix change costs one row);
- new keys go in through tomlkit's API; ``render`` reads the result back with tomllib and, if
  it does not mean exactly the intended document, replays the edits one by one and places each
  one that went wrong as a new ``[table]`` section at the end of the file, which TOML allows in
  every layout that is not an inline table;
- if even that does not mean what was intended, ``LayoutError``: the caller leaves the file
  untouched.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Any, cast

from .errors import MlprofileError

DELETE = object()
"""The value of an edit that removes its key."""

Key = tuple[str, ...]


class LayoutError(MlprofileError):
    """An edit could not be made to mean what was intended in this file's layout."""


@dataclass(frozen=True)
class Edit:
    """Set the TOML value at ``path`` (a tuple of keys) to ``value``, or remove it when
    ``value`` is DELETE."""

    path: Key
    value: Any  # a plain TOML value, or DELETE


def same(a: Any, b: Any) -> bool:
    """Equal as TOML values: types count (``1``, ``1.0`` and ``true`` differ), NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float):
        return a == b or (a != a and b != b)
    return bool(a == b)


def plain(item: Any) -> Any:
    """A tomlkit item as the builtin value tomllib would read."""
    return item.unwrap() if hasattr(item, "unwrap") else item


def with_edit(doc: dict, edit: Edit) -> dict:
    """``doc`` with ``edit`` applied, copying only the dicts along the path (``doc`` is kept)."""
    root = dict(doc)
    node = root
    for k in edit.path[:-1]:
        child = node.get(k)
        child = dict(child) if isinstance(child, dict) else {}
        node[k] = child
        node = child
    if edit.value is DELETE:
        node.pop(edit.path[-1], None)
    else:
        node[edit.path[-1]] = edit.value
    return root


class TomlEditor:
    """A tomlkit document, the plain document it should mean, and the edits between them.

    ``text`` is the file's text with LF line endings and no BOM; ``raw`` is tomllib's reading
    of it. Edits apply at once to both; ``render`` returns the new text, checked.
    """

    def __init__(self, text: str, raw: dict, *, where: str = "", doc: Any = None) -> None:
        import tomlkit

        self.base_text = text
        self.base_raw = raw
        self.intended = raw
        self.edits: list[Edit] = []
        self.where = where
        self.doc = doc if doc is not None else tomlkit.parse(text)

    @property
    def dirty(self) -> bool:
        return bool(self.edits)

    def set(self, path: Key, value: Any) -> None:
        """Make ``path`` mean ``value`` (a new key's item is built only then: building a
        5,000-row matrix item costs as much as parsing the file)."""
        self._apply(Edit(tuple(path), value))

    def delete(self, path: Key) -> None:
        if _lookup(self.intended, path) is not _MISSING:
            self._apply(Edit(tuple(path), DELETE))

    def _apply(self, edit: Edit) -> None:
        self.intended = with_edit(self.intended, edit)
        self.edits.append(edit)
        try:
            apply_edit(self.doc, edit)
        except Exception:  # noqa: BLE001 - tomlkit's own errors; render() replays and places it
            pass

    def render(self) -> str:
        """The edited text, guaranteed to mean exactly the intended document.

        Raises LayoutError (nothing is written) when no placement of an edit means that.
        """
        text = _final_newline(self.doc.as_string(), self.base_text)
        if self.edits and not _means(text, self.intended):
            # The base may have come from tomlkit's reading; only tomllib's is trusted here.
            base = tomllib.loads(self.base_text)
            if not same(base, self.base_raw):
                self.base_raw = base
                for edit in self.edits:
                    base = with_edit(base, edit)
                self.intended = base
            text = self._replay()
        return text

    def rebase(self, text: str, raw: dict) -> None:
        """After a save: ``text`` is the file now; the edit log starts again from it."""
        self.base_text, self.base_raw, self.intended = text, raw, raw
        self.edits = []

    def _replay(self) -> str:
        import tomlkit

        text, raw = self.base_text, self.base_raw
        doc = tomlkit.parse(text)
        for edit in self.edits:
            expected = with_edit(raw, edit)
            try:
                apply_edit(doc, edit)
                out = doc.as_string()
            except Exception:  # noqa: BLE001
                out = None
            if out is None or not _means(out, expected):
                out = self._placed_at_end(text, raw, edit, expected)
                doc = tomlkit.parse(out)
            text, raw = out, expected
        self.doc = doc
        return _final_newline(text, self.base_text)

    def _placed_at_end(self, text: str, raw: dict, edit: Edit, expected: dict) -> str:
        """``text`` with the table ``edit`` sets written as its own section at the end (an
        existing one removed first), if that means ``expected``; else LayoutError."""
        import tomlkit

        if edit.value is not DELETE and isinstance(edit.value, dict):
            start: str | None = text
            if _lookup(raw, edit.path) is not _MISSING:
                # A table tomlkit cannot change in place (its fields spread over dotted
                # keys): remove it, then write it anew.
                doc = tomlkit.parse(text)
                try:
                    apply_edit(doc, Edit(edit.path, DELETE))
                    start = doc.as_string()
                except Exception:  # noqa: BLE001 - tomlkit's own errors: no placement
                    start = None
            if start is not None:
                out = start.rstrip("\n") + "\n\n" + section(edit.path, edit.value)
                if _means(out, expected):
                    return out
        raise LayoutError(
            f"cannot change {'.'.join(edit.path)} in this file's layout without changing what "
            "other lines mean (it is spread over an inline table, dotted keys or arrays of "
            "tables that tomlkit cannot extend safely); the file is unchanged. Edit that part "
            "by hand, or move it into a [table] section.",
            path=self.where or None,
        )


def _final_newline(text: str, base: str) -> str:
    # tomlkit can drop the last newline when it edits the last line; TOML does not care, diffs
    # and editors do.
    return text + "\n" if base.endswith("\n") and text and not text.endswith("\n") else text


_MISSING = object()


def _lookup(doc: Any, path: Key) -> Any:
    node = doc
    for k in path:
        if not isinstance(node, dict) or k not in node:
            return _MISSING
        node = node[k]
    return node


def _means(text: str, expected: dict) -> bool:
    try:
        return same(tomllib.loads(text), expected)
    except (tomllib.TOMLDecodeError, RecursionError):
        return False


# --------------------------------------------------------------------------- applying


def apply_edit(doc: Any, edit: Edit) -> None:
    """Apply one edit to a tomlkit document through its API (may misplace; see ``render``)."""
    from tomlkit.items import InlineTable

    parent = doc
    for i, k in enumerate(edit.path[:-1]):
        if k not in parent:
            if edit.value is DELETE:
                return
            value: Any = edit.value
            for inner in reversed(edit.path[i + 1 :]):
                value = {inner: value}
            add(parent, k, _table_for(value))
            return
        parent = parent[k]
    key = edit.path[-1]
    if edit.value is DELETE:
        if key in parent:
            _delete(parent, key)
    elif key in parent:
        assign(parent, key, edit.value)
    elif (
        isinstance(edit.value, dict)
        and len(edit.path) < _ANSWER_DEPTH
        and not isinstance(parent, InlineTable)  # inside an inline table, inline it stays
    ):
        add(parent, key, table_item(edit.value, len(edit.path)))  # a profile: [sections]
    else:
        add(parent, key, value_item(edit.value))


def _delete(parent: Any, key: str) -> None:
    """Delete ``parent[key]``. Comment lines after a ``[table]``'s last key come before the
    next header: they describe what follows, so they stay where the table was (tomlkit would
    delete them with it; ``_delete_row`` does the same for arrays of tables)."""
    from tomlkit.items import SingleKey, Table, Whitespace

    item = parent[key]
    container = parent.value if isinstance(parent, Table) else parent
    # an int for a table in a container; a tuple when out of order; nothing in dotted keys
    where = getattr(container, "_map", {}).get(SingleKey(key))
    kept = _trailing(item) if isinstance(item, Table) and isinstance(where, int) else ""
    del parent[key]  # tomlkit leaves a Null in its place: the lines go there
    if "#" in kept:  # blank lines alone are not worth a changed line
        # As whitespace, not a Comment: a super-table holding a comment would get a header.
        container.body[cast(int, where)] = (None, Whitespace(kept))
    if isinstance(parent, Table) and not parent and parent.is_super_table():
        # [a.b.c] was all that made [a.b] exist: it keeps existing, empty, under its own header
        parent._is_super_table = False


def _trailing(table: Any) -> str:
    """The text after a [table]'s last key: its last sub-table's, if it ends in one."""
    from tomlkit.items import Table

    body = table.value.body
    last = max((n for n, (k, _) in enumerate(body) if k is not None), default=-1)
    if last >= 0 and isinstance(body[last][1], Table) and not body[last][1].is_super_table():
        return _trailing(body[last][1])
    return "".join(item.as_string() for _, item in body[last + 1 :])


_ANSWER_DEPTH = 4
"""``profiles.NAME.values.KEY``: tables this deep (answers) are written inline, above as
``[sections]``."""


def table_item(value: dict, depth: int) -> Any:
    """A new table at ``depth`` as a ``[section]``, its tables above answer depth as
    sub-sections, like the file a person would write."""
    import tomlkit

    t = tomlkit.table()
    for k, v in value.items():
        if isinstance(v, dict) and depth + 1 < _ANSWER_DEPTH:
            t[k] = table_item(v, depth + 1)
        else:
            t[k] = value_item(v)
    return t


def _table_for(value: dict) -> Any:
    """A ``[table]`` section for a table that does not exist yet (a profile's ``values``)."""
    import tomlkit

    t = tomlkit.table()
    for k, v in value.items():
        t[k] = value_item(v)
    return t


def add(container: Any, key: str, item: Any) -> None:
    """Add a new key: in a ``[table]`` section, right after its last key-value line (not after
    the comments and blank lines that trail it, which belong to the next section, and never
    after a sub-table, which would put the key inside that sub-table)."""
    from tomlkit.items import AoT, InlineTable, Null, Table

    if (
        isinstance(container, Table)
        and not isinstance(item, Table)
        and not isinstance(container, InlineTable)
    ):
        body = container.value.body
        last = next(
            (k for k, v in reversed(body) if k is not None and not isinstance(v, Table | AoT)),
            None,
        )
        if last is not None:
            container.value._insert_after(last, key, item)  # tomlkit has no public insert-after
        elif any(k is not None for k, _ in body):  # only sub-tables: the key goes before them
            container.value._insert_at(0, key, item)
        else:
            # Every key removed (an answer turned into a state): the new one takes their
            # place, before the comments that trail the table and belong to the next section.
            removed = [n for n, (_, v) in enumerate(body) if isinstance(v, Null)]
            if not removed or removed[-1] + 1 >= len(body):
                container[key] = item
                return
            container.value._insert_at(removed[-1] + 1, key, item)
        # The private inserts update the table's container only; its own dict must know the
        # key too, or a later delete of it fails (as Table.append does).
        dict.__setitem__(container, key, container.value[key])
        return
    container[key] = item


_MANY_ROWS = 16
"""More rows added at once than this and the array is written anew (one parse, not N appends)."""


def assign(parent: Any, key: str | int, new: Any) -> None:
    """Make ``parent[key]`` mean ``new``, changing in place only what differs."""
    from tomlkit.items import AoT, Array

    old = parent[key]
    if isinstance(new, dict) and isinstance(old, dict):
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            if k in old:
                if not same(plain(old[k]), v):
                    assign(old, k, v)
            else:
                add(old, k, value_item(v))
    elif (
        isinstance(new, list)
        and isinstance(old, Array | AoT)
        and old
        and len(new) - len(old) <= _MANY_ROWS
    ):
        _assign_rows(old, new)
    else:
        parent[key] = value_item(new)


def _assign_rows(old: Any, new: list) -> None:
    """Rows that differ are changed in place; rows added or removed are matched by what they
    are (a matrix row's text columns, a list's item), so the rows around them, and the
    comments beside those rows, stay where they were.

    Linear in rows: one row changed in a 5,000-row matrix touches one row. A matrix that grows
    by many rows at once (an import) is written anew, in one parse, rather than row by row.
    """
    from tomlkit.items import AoT

    if len(old) == len(new):
        for i, row in enumerate(new):
            _assign_row(old, i, row)
        return
    import difflib

    before = [_identity(plain(row)) for row in old]
    after = [_identity(row) for row in new]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    # From the end, so earlier positions stay valid while later ones change. Rows matched
    # ("equal") or replaced pair up in order; what is left over is removed or inserted.
    for _tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        common = min(i2 - i1, j2 - j1)
        for k in range(common):
            _assign_row(old, i1 + k, new[j1 + k])
        for i in range(i2 - 1, i1 + common - 1, -1):
            _delete_row(old, i)
        for k, j in enumerate(range(j1 + common, j2)):
            at = i1 + common + k
            if isinstance(old, AoT):
                row = _aot_table(new[j])
                if at < len(old):  # a blank line before the header that follows it
                    import tomlkit

                    row.add(tomlkit.nl())
            else:
                row = value_item(new[j])
            old.insert(at, row)


def _delete_row(old: Any, i: int) -> None:
    """Delete row ``i``. In an array of tables, the comments and blank lines after a table's
    last key come before the next header: they describe what follows, so they move to the
    table before (tomlkit would delete them with the row)."""
    from tomlkit.items import AoT

    if isinstance(old, AoT) and i > 0:
        body = old[i].value.body
        last = max((n for n, (k, _) in enumerate(body) if k is not None), default=-1)
        trailing = body[last + 1 :]
        if trailing:
            before = old[i - 1].value
            moved = [item for key, item in trailing if key is None]
            del body[last + 1 :]
            for item in moved:
                before.append(None, item)
    del old[i]


def _assign_row(old: Any, i: int, row: Any) -> None:
    if not same(plain(old[i]), row):
        if isinstance(row, dict) and isinstance(old[i], dict):
            assign(old, i, row)
        else:
            old[i] = value_item(row)


def _identity(row: Any) -> Any:
    """What a row is, as opposed to what it says: a table's text columns (environment,
    Region, workload, instance type), or a plain item itself."""
    if isinstance(row, dict):
        return tuple((k, v) for k, v in row.items() if isinstance(v, str))
    return row if isinstance(row, str | int | float | bool) else repr(row)


def _aot_table(row: dict) -> Any:
    import tomlkit

    t = tomlkit.table()
    for k, v in row.items():
        t[k] = value_item(v)
    return t


def value_item(value: Any) -> Any:
    """A tomlkit item for a plain value in the style people write by hand: ``{ a = 1 }``
    inline tables, and arrays of tables (matrix rows) one row a line."""
    import tomlkit

    if isinstance(value, dict):
        t = tomlkit.inline_table()
        for k, v in value.items():
            t[k] = value_item(v)
        return spaced(t)
    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        # One parse of the rows' text: building 5,000 tomlkit items one by one (add_line)
        # costs several times a parse of the whole file.
        body = "".join(f"    {_inline_text(row)},\n" for row in value)
        return tomlkit.parse(f"v = [\n{body}]\n")["v"]
    return tomlkit.item(value)


def _inline_text(row: Any) -> str:
    import tomlkit

    if not isinstance(row, dict):
        return value_item(row).as_string()
    cells = ", ".join(f"{tomlkit.key(k).as_string()} = {_inline_text(v)}" for k, v in row.items())
    return f"{{ {cells} }}" if cells else "{}"


def spaced(table: Any) -> Any:
    """``{ a = 1 }`` rather than tomlkit's ``{a = 1}``."""
    body = [item for key, item in table.value.body if key is not None]
    if body:
        body[0].trivia.indent = " "
        body[-1].trivia.trail = " "
    return table


def section(path: Key, value: dict) -> str:
    """``value`` as a ``[path]`` section (and sub-sections for tables above answer level)."""
    import tomlkit

    def key(k: str) -> str:
        return tomlkit.key(k).as_string()

    head = ".".join(key(k) for k in path)
    lines = [f"[{head}]"]
    subs = []
    for k, v in value.items():
        if isinstance(v, dict) and len(path) + 1 < _ANSWER_DEPTH:
            subs.append((k, v))
        else:
            lines.append(f"{key(k)} = {value_item(v).as_string()}")
    out = "\n".join(lines) + "\n"
    for k, v in subs:
        out += "\n" + section((*path, k), v)
    return out
