"""Client -> server messages: one frozen dataclass per type, and ``parse``, the one way in.

``parse`` takes a text frame and returns a checked message or raises ``ProtocolError`` with
the documented code and a message naming the field and the rule; nothing past it sees the
frame's JSON. Every field is checked: its type, its length, its strings (no lone surrogate,
no NUL), a delta's tokens and %-escapes, the ``ref``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from server.protocol import fields
from server.protocol.fields import FieldError, Ref
from server.protocol.rules import (
    BAD_DELTA,
    BAD_JSON,
    BAD_MESSAGE,
    CHAIR_TYPES,
    CLIENT_TYPES,
    DELETE,
    EDIT,
    FOCUS,
    HELLO,
    INSERT,
    MAX_DELTAS,
    MAX_FRAME_BYTES,
    MAX_NAME,
    MAX_PARAGRAPH_UNITS,
    MOVE,
    PROTOCOL_MISMATCH,
    PROTOCOL_VERSION,
    SECTIONS,
    TOO_LARGE,
    UNKNOWN_TYPE,
)


class ProtocolError(ValueError):
    """A message that breaks a protocol rule or cannot be applied: ``code`` is one of
    ``rules.ERROR_CODES``; ``ref`` echoes the message's ``ref``."""

    def __init__(self, code: str, message: str, ref: Ref = None) -> None:
        super().__init__(message)
        self.code = code
        self.ref = ref


@dataclass(frozen=True, slots=True)
class Hello:
    type: ClassVar[str] = HELLO
    client_id: str
    name: str
    delegation: str | None
    ref: Ref = None


@dataclass(frozen=True, slots=True)
class Edit:
    """``deltas`` from ``base`` (or revision ``base_revision``), the first numbered
    ``first_edit``; no deltas: a catch-up request."""

    type: ClassVar[str] = EDIT
    paragraph_id: str
    base_revision: int
    first_edit: int
    deltas: tuple[str, ...]
    base: str | None = None
    ref: Ref = None


@dataclass(frozen=True, slots=True)
class Focus:
    type: ClassVar[str] = FOCUS
    paragraph_id: str | None
    ref: Ref = None


@dataclass(frozen=True, slots=True)
class Insert:
    type: ClassVar[str] = INSERT
    after: str | None
    section: str
    text: str
    ref: Ref = None


@dataclass(frozen=True, slots=True)
class Delete:
    type: ClassVar[str] = DELETE
    paragraph_id: str
    ref: Ref = None


@dataclass(frozen=True, slots=True)
class Move:
    type: ClassVar[str] = MOVE
    paragraph_id: str
    after: str | None
    ref: Ref = None


ClientMessage = Hello | Edit | Focus | Insert | Delete | Move
StructureMessage = Insert | Delete | Move


def parse(frame: str) -> ClientMessage:
    """Decode and check one incoming text frame; ``ProtocolError`` names the rule broken."""
    if not isinstance(frame, str):
        raise ProtocolError(BAD_JSON, "frames are JSON text: a binary frame is refused")
    size = len(frame.encode("utf-8", "surrogatepass"))
    if size > MAX_FRAME_BYTES:
        raise ProtocolError(TOO_LARGE, f"frame of {size} bytes exceeds {MAX_FRAME_BYTES} bytes")
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError) as problem:
        raise ProtocolError(BAD_JSON, f"frame is not JSON: {fields.short(str(problem))}") \
            from None
    if not isinstance(data, dict):
        raise ProtocolError(BAD_MESSAGE, f"a message is a JSON object, not {type(data).__name__}")
    try:
        ref = fields.ref(data)
    except FieldError as problem:
        raise ProtocolError(BAD_MESSAGE, str(problem)) from None
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in CLIENT_TYPES:
        raise ProtocolError(UNKNOWN_TYPE, f"unknown message type {fields.short(kind)}; "
                            f"expected one of {sorted(CLIENT_TYPES)}", ref)
    if kind == HELLO and data.get("protocol") != PROTOCOL_VERSION:
        raise ProtocolError(PROTOCOL_MISMATCH, f"hello: 'protocol' must be {PROTOCOL_VERSION} "
                            f"(this server's version), got {fields.short(data.get('protocol'))}",
                            ref)
    try:
        return _READERS[kind](data, ref)
    except _BadDelta as problem:
        raise ProtocolError(BAD_DELTA, f"{kind}: {problem}", ref) from None
    except FieldError as problem:
        raise ProtocolError(BAD_MESSAGE, f"{kind}: {problem}", ref) from None


class _BadDelta(FieldError):
    pass


def _hello(data: dict[str, Any], ref: Ref) -> Hello:
    name = fields.text(data, "name", limit=MAX_NAME, empty=False)
    delegation = fields.optional_text(data, "delegation", limit=MAX_NAME) or None
    return Hello(fields.client_id(data), name.strip() or name, delegation, ref)


def _edit(data: dict[str, Any], ref: Ref) -> Edit:
    paragraph_id = fields.paragraph_id(data, "p")
    base_revision = fields.integer(data, "m", low=-1)
    first_edit = fields.integer(data, "n")
    deltas = data.get("deltas")
    if not isinstance(deltas, list) or len(deltas) > MAX_DELTAS or not all(
            isinstance(delta, str) for delta in deltas):
        raise FieldError(f"'deltas' must be a list of at most {MAX_DELTAS} delta strings")
    try:
        checked = tuple(fields.delta(delta, f"deltas[{index}]")
                        for index, delta in enumerate(deltas))
    except FieldError as problem:
        raise _BadDelta(str(problem)) from None
    base = fields.optional_text(data, "base", limit=MAX_PARAGRAPH_UNITS)
    return Edit(paragraph_id, base_revision, first_edit, checked, base, ref)


def _focus(data: dict[str, Any], ref: Ref) -> Focus:
    return Focus(fields.optional_paragraph_id(data, "p"), ref)


def _insert(data: dict[str, Any], ref: Ref) -> Insert:
    section = data.get("section")
    if not isinstance(section, str) or section not in SECTIONS:
        raise FieldError(f"'section' must be one of {sorted(SECTIONS)}, got "
                         f"{fields.short(section)}")
    return Insert(fields.optional_paragraph_id(data, "after"), section,
                  fields.text(data, "text", limit=MAX_PARAGRAPH_UNITS), ref)


def _delete(data: dict[str, Any], ref: Ref) -> Delete:
    return Delete(fields.paragraph_id(data, "p"), ref)


def _move(data: dict[str, Any], ref: Ref) -> Move:
    return Move(fields.paragraph_id(data, "p"), fields.optional_paragraph_id(data, "after"), ref)


def _chair(kind: str) -> Callable[[dict[str, Any], Ref], Any]:
    """The chair's messages (server/chair_messages.py), their fields checked there."""
    from server import chair_messages

    def read(data: dict[str, Any], ref: Ref) -> Any:
        paragraph_id = fields.paragraph_id(data, "p")
        try:
            return chair_messages.read(kind, data, paragraph_id, ref)
        except chair_messages.Invalid as problem:
            raise FieldError(str(problem)) from None
    return read


_READERS: dict[str, Callable[[dict[str, Any], Ref], Any]] = {
    HELLO: _hello, EDIT: _edit, FOCUS: _focus, INSERT: _insert, DELETE: _delete, MOVE: _move,
    **{kind: _chair(kind) for kind in CHAIR_TYPES}}
