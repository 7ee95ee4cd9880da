"""The stored JSON form of a paragraph's weave (negotiation.authorship), written and read.

The server keeps this string on the paragraph's row and signs a digest of it, so the same weave
must always give the same bytes: compact separators, sorted keys, no floats, text as UTF-8
(``ensure_ascii=False``; a lone surrogate cannot be stored, as the protocol refuses them)::

    {"authors":[{"delegation":"Venezuela","name":"ana"},{"delegation":"Belize","name":"li"}],
    "format":1,"pending":[1,0],"runs":[["Urges ",0,0,0],["Invites ",0,null],["all ",1,null],
    ["States",0,0]],"versions":["v1"]}

(one line, cut in three here; the weave of negotiation.authorship's example)

``format``   1: this layout (a reader refuses any other number)
``authors``  each author once (``Author.as_json``), in order of first use in ``runs``
             (a run's author, then its deleting author)
``versions`` each version id once, in order of first use in ``runs``
``runs``     ``[text, author, version or null]``, plus a fourth element, the deleting author,
             for a tombstone; numbers index ``authors`` and ``versions``; adjacent runs never
             share all their attributes (they are merged)
``pending``  the authors with pending changes, in the order of their first pending change
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from negotiation.author import Author
from negotiation.errors import WeaveFormatError

FORMAT = 1
_string = json.encoder.encode_basestring  # a JSON string, non-ASCII kept (ensure_ascii=False)
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
RunFields = tuple[str, Author, str | None, Author | None]  # text, author, version, deleted_by


def weave_to_json(runs: Iterable[RunFields], pending: Sequence[Author]) -> str:
    """The canonical JSON text of a weave's (merged) runs and pending authors.

    Written as ``json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",",
    ":"))`` would write it, but each run straight to its text (strings are not tracked by the
    garbage collector; a list per run was, thousands of them for every sealed version, made
    by the store's writer while the room's event loop waits for the interpreter lock)."""
    authors: dict[Author, int] = {}
    # the same Author object recurs run after run: its table index is looked up by identity
    # first (an Author hashes in Python)
    known: dict[int, int] = {}
    versions: dict[str, int] = {}
    rows: list[str] = []
    for text, author, version, deleted_by in runs:
        typist = known.get(id(author))
        if typist is None:
            typist = known[id(author)] = authors.setdefault(author, len(authors))
        if version is None:
            number: object = "null"
        else:
            number = versions.get(version)
            if number is None:
                number = versions[version] = len(versions)
        if deleted_by is None:
            rows.append(f"[{_string(text)},{typist},{number}]")
        else:
            deleter = known.get(id(deleted_by))
            if deleter is None:
                deleter = known[id(deleted_by)] = authors.setdefault(deleted_by, len(authors))
            rows.append(f"[{_string(text)},{typist},{number},{deleter}]")
    table = _dumps([a.as_json() for a in authors])
    return (f'{{"authors":{table},"format":{FORMAT},'
            f'"pending":{_dumps([authors[a] for a in pending])},'
            f'"runs":[{",".join(rows)}],"versions":{_dumps(list(versions))}}}')


def weave_from_json(data: str) -> tuple[list[RunFields], list[Author]]:
    """The runs and pending authors of a stored weave; ``WeaveFormatError`` naming what is
    wrong when ``data`` is not what ``weave_to_json`` writes."""
    try:
        payload = json.loads(data)
    except (TypeError, ValueError) as error:
        raise WeaveFormatError(f"a stored weave is not JSON: {error}") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise WeaveFormatError(f"a stored weave is an object with \"format\": {FORMAT}; "
                               f"got {str(data)[:80]!r}")
    expected = {"format", "authors", "versions", "runs", "pending"}
    if set(payload) != expected:
        raise WeaveFormatError(f"a stored weave has exactly the keys {sorted(expected)}; "
                               f"got {sorted(payload)}")
    try:
        authors = [Author.from_json(a) for a in _list(payload, "authors")]
    except (TypeError, ValueError) as error:
        raise WeaveFormatError(f"a stored weave's authors: {error}") from None
    versions = _list(payload, "versions")
    if not all(isinstance(v, str) and v for v in versions):
        raise WeaveFormatError("a stored weave's versions are non-empty strings")
    runs: list[RunFields] = []
    for position, row in enumerate(_list(payload, "runs")):
        if not isinstance(row, list) or len(row) not in (3, 4) or not isinstance(row[0], str) \
                or not row[0]:
            raise WeaveFormatError(f"run {position} is [text, author, version or null"
                                   f"(, deleted by)] with a non-empty text; got {row!r}")
        version = None if row[2] is None else _pick(versions, row[2], position, "version")
        deleted_by = _pick(authors, row[3], position, "deleting author") \
            if len(row) == 4 else None
        runs.append((row[0], _pick(authors, row[1], position, "author"), version, deleted_by))
    pending = [_pick(authors, index, -1, "pending author") for index in _list(payload, "pending")]
    return runs, pending


def _list(payload: dict[str, Any], key: str) -> list[Any]:
    value = payload[key]
    if not isinstance(value, list):
        raise WeaveFormatError(f"a stored weave's {key!r} is a list; got {value!r}")
    return value


def _pick(table: list[Any], index: Any, position: int, what: str) -> Any:
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(table):
        where = f"run {position}" if position >= 0 else "the pending list"
        raise WeaveFormatError(f"{where}: {what} {index!r} is not an index of the "
                               f"{len(table)} stored")
    return table[index]
