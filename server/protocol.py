"""The live-editing wire protocol, in one place: version, message types, limits, validation.

Every frame is one JSON object with a ``type``. docs/protocol.md describes each message with
an example; static/sync.js speaks the same types (tests/test_protocol.py compares the sets).
Incoming frames are checked here, before a room sees them: a frame that breaks a rule gets
one error shape and changes nothing::

    {"type": "error", "code": "bad_message", "message": "edit: 'n' must be ...", "ref": 7}

``ref`` echoes the ``ref`` of the offending message when it had one (any JSON scalar the
client chose), else null.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from server import chair_messages

PROTOCOL_VERSION = 1

# client -> server
HELLO = "hello"
EDIT = "edit"
FOCUS = "focus"
INSERT = "insert"
DELETE = "delete"
MOVE = "move"
BRACKET = "bracket"  # the chair's messages: server/chair_messages.py
STATUS = "status"
SELECT = "select"
# server -> client
WELCOME = "welcome"
ACK = "ack"
PATCH = "patch"
PRESENCE = "presence"
STRUCTURE = "structure"
ERROR = "error"
BRACKET_EVENT = "bracket_event"
STATUS_EVENT = "status_event"
SELECTED = "selected"

CLIENT_TYPES = frozenset({HELLO, EDIT, FOCUS, INSERT, DELETE, MOVE, BRACKET, STATUS, SELECT})
SERVER_TYPES = frozenset({WELCOME, ACK, PATCH, PRESENCE, STRUCTURE, ERROR, BRACKET_EVENT,
                          STATUS_EVENT, SELECTED})
MESSAGE_TYPES = CLIENT_TYPES | SERVER_TYPES

# error codes
BAD_JSON = "bad_json"
TOO_LARGE = "too_large"
BAD_MESSAGE = "bad_message"
UNKNOWN_TYPE = "unknown_type"
PROTOCOL_MISMATCH = "protocol_version"
HELLO_FIRST = "hello_first"
UNKNOWN_DOCUMENT = "unknown_document"
UNKNOWN_PARAGRAPH = "unknown_paragraph"
UNKNOWN_REVISION = "unknown_revision"
OUT_OF_ORDER = "out_of_order"
BAD_DELTA = "bad_delta"
PARAGRAPH_TOO_LONG = "paragraph_too_long"
STORE_FAILED = "store_failed"
TOO_MANY_ERRORS = "too_many_errors"
FORBIDDEN = "forbidden"  # the permission table does not allow it
BRACKET_GONE = "bracket_gone"  # the bracket acted on is not there any more
REFUSED = "refused"  # a bracket or status rule refuses it
ERROR_CODES = frozenset({BAD_JSON, TOO_LARGE, BAD_MESSAGE, UNKNOWN_TYPE, PROTOCOL_MISMATCH,
                         HELLO_FIRST, UNKNOWN_DOCUMENT, UNKNOWN_PARAGRAPH, UNKNOWN_REVISION,
                         OUT_OF_ORDER, BAD_DELTA, PARAGRAPH_TOO_LONG, STORE_FAILED,
                         TOO_MANY_ERRORS, FORBIDDEN, BRACKET_GONE, REFUSED})

# limits (the welcome message repeats them to the client)
MAX_FRAME_BYTES = 1_048_576  # one incoming frame, UTF-8 bytes
MAX_PARAGRAPH_UNITS = 262_144  # one paragraph's text, UTF-16 units
MAX_DELTAS = 1_000  # deltas in one edit message (the unacknowledged stack)
MAX_NAME = 80  # characters of a name or delegation
MAX_ERRORS = 50  # errors in a row before the server closes the connection (code 1008)
LIMITS = {"maxFrameBytes": MAX_FRAME_BYTES, "maxParagraphUnits": MAX_PARAGRAPH_UNITS,
          "maxDeltas": MAX_DELTAS, "maxName": MAX_NAME, "maxErrors": MAX_ERRORS}

SECTIONS = frozenset({"preamble", "operative", "articles"})
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


class ProtocolError(ValueError):
    """A frame that breaks a protocol rule: ``code`` is one of ERROR_CODES."""

    def __init__(self, code: str, message: str, ref: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.ref = ref


@dataclass(frozen=True)
class Message:
    """A checked incoming message: its type, its fields, and the client's ``ref``."""

    type: str
    fields: dict[str, Any]
    ref: Any = None

    def __getitem__(self, key: str) -> Any:
        return self.fields[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)


def error(code: str, message: str, ref: Any = None) -> dict[str, Any]:
    """The one error shape."""
    return {"type": ERROR, "code": code, "message": message, "ref": ref}


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def parse(frame: str | bytes) -> Message | chair_messages.ChairMessage:
    """Decode and check one incoming frame; ``ProtocolError`` names the rule broken."""
    size = len(frame) if isinstance(frame, bytes) else len(frame.encode("utf-8", "replace"))
    if size > MAX_FRAME_BYTES:
        raise ProtocolError(TOO_LARGE, f"frame of {size} bytes exceeds {MAX_FRAME_BYTES} bytes")
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError) as problem:
        raise ProtocolError(BAD_JSON, f"frame is not JSON: {str(problem)[:120]}") from None
    if not isinstance(data, dict):
        raise ProtocolError(BAD_MESSAGE, f"a message is a JSON object, not {type(data).__name__}")
    ref = data.get("ref")
    if not isinstance(ref, str | int | float | bool | None) or (isinstance(ref, str)
                                                                    and len(ref) > 64):
        raise ProtocolError(BAD_MESSAGE, "'ref' must be a short string or a number")
    kind = data.get("type")
    if kind not in CLIENT_TYPES:
        raise ProtocolError(UNKNOWN_TYPE, f"unknown message type {str(kind)[:40]!r}; "
                            f"expected one of {sorted(CLIENT_TYPES)}", ref)
    if kind == HELLO and data.get("protocol") != PROTOCOL_VERSION:
        raise ProtocolError(PROTOCOL_MISMATCH, f"hello: 'protocol' must be {PROTOCOL_VERSION} "
                            f"(this server's version), got {str(data.get('protocol'))[:20]}", ref)
    try:
        if kind in (BRACKET, STATUS, SELECT):  # the chair's messages: server/chair_messages.py
            return chair_messages.read(kind, data, _paragraph_id(data, "p"), ref)
        fields = _CHECKS[kind](data)
    except (_Invalid, chair_messages.Invalid) as problem:
        raise ProtocolError(BAD_MESSAGE, f"{kind}: {problem}", ref) from None
    return Message(kind, fields, ref)


class _Invalid(ValueError):
    pass


def _int(data: dict, key: str, *, low: int = 0, optional: bool = False) -> int | None:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value < 2**53:
        raise _Invalid(f"{key!r} must be an integer >= {low}, got {str(value)[:40]!r}")
    return value


def _text(data: dict, key: str, *, limit: int, optional: bool = False,
          empty: bool = True) -> str | None:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > limit or (not empty and not value):
        raise _Invalid(f"{key!r} must be a string of at most {limit} characters"
                       + ("" if empty else ", not empty"))
    return value


def _paragraph_id(data: dict, key: str, *, optional: bool = False) -> str | None:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise _Invalid(f"{key!r} must be a paragraph id, got {str(value)[:40]!r}")
    return value


def _hello(data: dict) -> dict[str, Any]:
    client_id = data.get("clientId")
    if not isinstance(client_id, str) or not _CLIENT_ID.fullmatch(client_id):
        raise _Invalid("'clientId' must be 8-64 letters, digits, '-' or '_'")
    name = _text(data, "name", limit=MAX_NAME, empty=False)
    delegation = _text(data, "delegation", limit=MAX_NAME, optional=True) or None
    return {"clientId": client_id, "name": name.strip() or name, "delegation": delegation}


def _edit(data: dict) -> dict[str, Any]:
    deltas = data.get("deltas")
    if not isinstance(deltas, list) or len(deltas) > MAX_DELTAS or not all(
            isinstance(delta, str) for delta in deltas):
        raise _Invalid(f"'deltas' must be a list of at most {MAX_DELTAS} delta strings")
    return {"p": _paragraph_id(data, "p"), "m": _int(data, "m", low=-1),
            "n": _int(data, "n"), "deltas": deltas,
            "base": _text(data, "base", limit=MAX_PARAGRAPH_UNITS, optional=True)}


def _focus(data: dict) -> dict[str, Any]:
    return {"p": _paragraph_id(data, "p", optional=True)}


def _insert(data: dict) -> dict[str, Any]:
    section = data.get("section")
    if section not in SECTIONS:
        raise _Invalid(f"'section' must be one of {sorted(SECTIONS)}")
    return {"after": _paragraph_id(data, "after", optional=True), "section": section,
            "text": _text(data, "text", limit=MAX_PARAGRAPH_UNITS)}


def _delete(data: dict) -> dict[str, Any]:
    return {"p": _paragraph_id(data, "p")}


def _move(data: dict) -> dict[str, Any]:
    return {"p": _paragraph_id(data, "p"), "after": _paragraph_id(data, "after", optional=True)}


_CHECKS = {HELLO: _hello, EDIT: _edit, FOCUS: _focus, INSERT: _insert, DELETE: _delete,
           MOVE: _move}
