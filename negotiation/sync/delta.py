r"""The delta codec: diff-match-patch's delta form on the wire, ops (code points) inside.

A delta is tab-separated tokens applied left to right to a text (docs/protocol.md)::

    "=12\t+ now\t=6"     keep 12, insert " now", keep 6

* ``=N`` keeps and ``-N`` deletes N **UTF-16 code units** (JavaScript's string length; "😀"
  counts 2), N a positive decimal integer;
* ``+text`` inserts ``text``, %-escaped as JavaScript's ``encodeURI`` does (a space may stay
  a space).

Reading is strict (``DeltaError`` names the fault and nothing is applied): an unknown token, a
count that is not a positive integer, a ``%`` not followed by two hex digits, escapes that are
not UTF-8, a lone surrogate in the inserted text (escaped or not), a count that splits a
surrogate pair, and kept and deleted counts that do not add up to the text's length exactly.

Inside, a delta is an op (negotiation/sync/ops.py) counted in code points: ``to_op`` and
``from_op`` convert, ``make`` writes the minimal delta between two texts.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from negotiation.sync import ops
from negotiation.sync.ops import Op


class DeltaError(ValueError):
    """A delta that cannot be read or does not fit the text it claims to start from."""


_COUNT = re.compile(r"[1-9][0-9]{0,9}\Z")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_SURROGATE = re.compile("[\ud800-\udfff]")
_URI_SAFE = "!~*'();/?:@&=+$,# "  # what JavaScript's encodeURI leaves alone (and a space)


def utf16_length(text: str) -> int:
    """JavaScript's ``text.length``: code points beyond U+FFFF count twice."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def check_text(text: str, what: str = "text") -> None:
    """``DeltaError`` when ``text`` holds a lone surrogate (not a character; it cannot be
    stored as UTF-8)."""
    found = _SURROGATE.search(text)
    if found:
        raise DeltaError(f"{what} holds a lone surrogate U+{ord(found.group()):04X} at "
                         f"character {found.start()}")


def decode_insert(escaped: str) -> str:
    """The text of a ``+`` token: %-escapes decoded strictly (as JavaScript's ``decodeURI``
    would, which throws on the same inputs)."""
    if "%" not in escaped:
        check_text(escaped, "inserted text")
        return escaped
    pieces: list[str] = []
    raw = bytearray()
    position = 0
    while position < len(escaped):
        if escaped[position] == "%":
            match = _ESCAPE.match(escaped, position)
            if match is None:
                raise DeltaError(f"invalid %-escape {escaped[position:position + 3]!r} at "
                                 f"{position} of an inserted text")
            raw.append(int(match.group(1), 16))
            position = match.end()
            continue
        if raw:
            pieces.append(_utf8(raw))
            raw = bytearray()
        following = escaped.find("%", position)
        following = len(escaped) if following < 0 else following
        pieces.append(escaped[position:following])
        position = following
    if raw:
        pieces.append(_utf8(raw))
    text = "".join(pieces)
    check_text(text, "inserted text")
    return text


def _utf8(raw: bytearray) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise DeltaError(f"%-escapes that are not UTF-8 ({problem.reason}) in an inserted "
                         "text") from None


def encode_insert(text: str) -> str:
    return quote(text, safe=_URI_SAFE)


class _Cursor:
    """Walks a text by UTF-16 units, answering in code points."""

    def __init__(self, text: str) -> None:
        self.text, self.index = text, 0
        self.ascii = text.isascii()

    def advance(self, units: int) -> int:
        """Move ``units`` UTF-16 units on; returns how many code points that is."""
        start, remaining, text = self.index, units, self.text
        if self.ascii:
            if start + units > len(text):
                raise DeltaError(f"the delta reaches past the end of the text "
                                 f"({utf16_length(text)} units)")
            self.index += units
            return units
        while remaining:
            chunk = text[self.index:self.index + remaining]
            if not chunk:
                raise DeltaError(f"the delta reaches past the end of the text "
                                 f"({utf16_length(text)} units)")
            units = utf16_length(chunk)
            if units <= remaining:
                self.index += len(chunk)
                remaining -= units
                continue
            take = len(chunk) - (units - len(chunk))  # fits: at most ``remaining`` units
            if take <= 0:
                width = 2 if ord(text[self.index]) > 0xFFFF else 1
                if width > remaining:
                    raise DeltaError(f"the delta splits a surrogate pair at character "
                                     f"{self.index} of the text")
                take = 1
            step = text[self.index:self.index + take]
            remaining -= utf16_length(step)
            self.index += take
        return self.index - start


def to_op(text: str, delta: str) -> Op:
    """The op (code points) ``delta`` makes of ``text``; ``DeltaError`` when it does not fit."""
    if not isinstance(delta, str):
        raise DeltaError(f"a delta is a string, not {type(delta).__name__}")
    if not delta:
        if text:
            raise DeltaError(f"empty delta for a text of {utf16_length(text)} units")
        return []
    cursor = _Cursor(text)
    op: Op = []
    for token in delta.split("\t"):
        kind, rest = token[:1], token[1:]
        if kind == "+":
            op.append(decode_insert(rest))
        elif kind in "=-" and kind:
            if not _COUNT.match(rest):
                raise DeltaError(f"bad count in delta token {token[:20]!r}: expected a "
                                 "positive integer")
            count = cursor.advance(int(rest))
            op.append(count if kind == "=" else -count)
        else:
            raise DeltaError(f"bad delta token {token[:20]!r}: expected =N, -N or +text")
    if cursor.index != len(text):
        raise DeltaError(f"the delta covers {utf16_length(text[:cursor.index])} units of a "
                         f"text of {utf16_length(text)}")
    return ops.normalize(op)


def from_op(text: str, op: Op) -> str:
    """The delta (UTF-16 counts) of ``op`` on ``text``."""
    tokens: list[str] = []
    position = 0
    for component in op:
        if isinstance(component, str):
            tokens.append("+" + encode_insert(component))
        elif component > 0:
            tokens.append(f"={utf16_length(text[position:position + component])}")
            position += component
        else:
            tokens.append(f"-{utf16_length(text[position:position - component])}")
            position -= component
    if position < len(text):
        tokens.append(f"={utf16_length(text[position:])}")
    return "\t".join(tokens)


def apply(text: str, delta: str) -> str:
    """The text ``delta`` makes of ``text`` exactly; ``DeltaError`` when it does not fit."""
    return ops.apply(text, to_op(text, delta))


def make(old: str, new: str) -> str:
    """The minimal delta from ``old`` to ``new``: several hunks when several places changed,
    never an unchanged word inside a hunk."""
    return from_op(old, ops.between(old, new))


def editor_ops(text: str, op: Op) -> list[tuple[int, int, str]]:
    """``op`` on ``text`` as editor operations ``(position, deleted, inserted)`` in UTF-16
    units, applied one after the other (each position in the text the previous ones made);
    what static/sync.js hands to the editor."""
    result: list[tuple[int, int, str]] = []
    at = 0  # units, in the text changed so far
    position = 0  # code points, in ``text``
    for component in op:
        if isinstance(component, str):
            if result and result[-1][0] + utf16_length(result[-1][2]) == at:
                start, deleted, words = result.pop()
                result.append((start, deleted, words + component))
            else:
                result.append((at, 0, component))
            at += utf16_length(component)
        elif component > 0:
            at += utf16_length(text[position:position + component])
            position += component
        else:
            units = utf16_length(text[position:position - component])
            position -= component
            if result and result[-1][0] + utf16_length(result[-1][2]) == at:
                start, deleted, words = result.pop()
                result.append((start, deleted + units, words))
            else:
                result.append((at, units, ""))
    return result
