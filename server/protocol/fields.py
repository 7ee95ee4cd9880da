"""Checks of single fields of an incoming message; each raises ``FieldError`` naming the field
and the rule it breaks (the parser, server/protocol/inbound.py, turns that into an error).

Every string a client sends is checked for what would poison the others or the store: a lone
surrogate (JSON's ``"\\ud800"``: no UTF-8 encoding exists for it, so no frame that repeats it
could be sent to anyone) and NUL (which PostgreSQL cannot store).
"""

from __future__ import annotations

import codecs
import math
import re
from typing import Any
from urllib.parse import unquote

from server.protocol.rules import MAX_REF

CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
PARAGRAPH_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_FORBIDDEN = re.compile(r"[\ud800-\udfff\x00]")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_COUNT = re.compile(r"[0-9]{1,15}")
# well-formed tokens (their UTF-8 is checked apart); possessive: no backtracking to keep
_TOKEN = r"(?>[=-][0-9]{1,15}|\+[^%\t]*+(?:%[0-9A-Fa-f]{2}[^%\t]*+)*+|)"
_DELTA = re.compile(rf"{_TOKEN}(?:\t{_TOKEN})*+")

Ref = str | int | float | bool | None


class FieldError(ValueError):
    """A field that breaks a rule; the message names the field and the rule."""


def clean(value: str, where: str) -> str:
    """``value`` when it holds no lone surrogate and no NUL."""
    if "\x00" not in value and (value.isascii() or _encodable(value)):
        return value  # the common case, checked at C speed; else find what to name
    found = _FORBIDDEN.search(value)
    if found is not None:
        what = "NUL" if found.group() == "\x00" else f"a lone surrogate U+{ord(found.group()):04X}"
        raise FieldError(f"{where} holds {what} at character {found.start()}")
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def ref(data: dict[str, Any]) -> Ref:
    value = data.get("ref")
    if isinstance(value, float) and not math.isfinite(value):
        raise FieldError("'ref' must be a finite number")
    if not isinstance(value, Ref) or (isinstance(value, str) and len(value) > MAX_REF):
        raise FieldError(f"'ref' must be a string of at most {MAX_REF} characters, a number "
                         "or null")
    if isinstance(value, str):
        clean(value, "'ref'")
    return value


def integer(data: dict[str, Any], key: str, *, low: int = 0) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value < 2**53:
        raise FieldError(f"{key!r} must be an integer >= {low}, got {short(value)}")
    return value


def text(data: dict[str, Any], key: str, *, limit: int, empty: bool = True) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > limit or (not empty and not value):
        raise FieldError(f"{key!r} must be a string of at most {limit} characters"
                         + ("" if empty else ", not empty") + f", got {short(value)}")
    return clean(value, repr(key))


def optional_text(data: dict[str, Any], key: str, *, limit: int) -> str | None:
    return None if data.get(key) is None else text(data, key, limit=limit)


def client_id(data: dict[str, Any]) -> str:
    value = data.get("clientId")
    if not isinstance(value, str) or not CLIENT_ID.fullmatch(value):
        raise FieldError(f"'clientId' must be 8-64 letters, digits, '-' or '_', got "
                         f"{short(value)}")
    return value


def paragraph_id(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not PARAGRAPH_ID.fullmatch(value):
        raise FieldError(f"{key!r} must be a paragraph id, got {short(value)}")
    return value


def optional_paragraph_id(data: dict[str, Any], key: str) -> str | None:
    return None if data.get(key) is None else paragraph_id(data, key)


def delta(value: str, where: str) -> str:
    """A delta that can be read: tab-separated ``=N``, ``-N`` and ``+text`` tokens, the text
    %-escaped (every ``%`` starts an escape of two hex digits, and the escaped bytes are
    UTF-8 of characters without lone surrogates or NUL). Whether it fits its shadow is the
    room's to say."""
    clean(value, where)
    if _DELTA.fullmatch(value) and ("%" not in value or _escapes_are_clean_utf8(value)):
        return value  # the common case, checked at C speed
    # find what is wrong, token by token, to name it
    for number, token in enumerate(value.split("\t") if value else [], start=1):
        kind, rest = token[:1], token[1:]
        if kind in ("=", "-"):
            if not _COUNT.fullmatch(rest):
                raise FieldError(f"{where}, token {number}: {kind!r} must be followed by a "
                                 f"count of UTF-16 units, got {short(token)}")
        elif kind == "+":
            bad = _BAD_ESCAPE.search(rest)
            if bad is not None:
                raise FieldError(f"{where}, token {number}: invalid %-escape "
                                 f"{short(rest[bad.start():bad.start() + 3])}")
            _escaped_words(rest, f"{where}, token {number}")
        elif token:
            raise FieldError(f"{where}, token {number}: a token starts with '=', '-' or '+', "
                             f"got {short(token)}")
    return value


def _escapes_are_clean_utf8(value: str) -> bool:
    """Whether the %-escapes of a well-formed delta decode to UTF-8 without NUL, all at once:
    each escape becomes a ``\\xNN`` that ``codecs.escape_decode`` turns into its byte (in C;
    ``unquote`` loops in Python, ~100 ms for a 1 MiB frame of escapes), and each tab a newline,
    so that a byte sequence cannot run on from one token into the next."""
    escaped = value.replace("\\", "\\\\").replace("\t", "\n").replace("%", "\\x")
    try:
        words = codecs.escape_decode(escaped.encode("utf-8"))[0].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in words


def _escaped_words(escaped: str, where: str) -> str:
    """The words of an inserted text whose escapes are well formed: UTF-8, clean."""
    try:
        words = unquote(escaped, errors="strict")
    except UnicodeDecodeError:
        raise FieldError(f"{where}: the %-escaped bytes are not UTF-8") from None
    return clean(words, where)


def short(value: object) -> str:
    """``value`` for an error message: its repr, cut to 40 characters and always encodable."""
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return shown.encode("utf-8", "backslashreplace").decode("utf-8")
