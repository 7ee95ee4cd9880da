"""The live-editing wire protocol, in one place: version, message types, limits, validation.

Every frame is one JSON object with a ``type``. docs/protocol.md describes each message with
an example; static/sync.js speaks the same types (tests/test_protocol.py compares the sets).

* ``rules`` -- the vocabulary: types, error codes, close codes, limits;
* ``inbound`` -- a frozen dataclass per client message and ``parse``, which checks every
  field of a text frame before a room sees it;
* ``outbound`` -- a frozen dataclass per server message and ``encode``;
* ``fields`` -- the checks of single fields (strings, ids, deltas, ``ref``).

A frame that breaks a rule gets one error shape and changes nothing::

    {"type": "error", "code": "bad_message", "message": "edit: 'n' must be ...", "ref": 7}

``ref`` echoes the ``ref`` of the offending message when it had one, else null.
"""

from __future__ import annotations

from server.protocol.fields import Ref
from server.protocol.inbound import (
    ClientMessage,
    Delete,
    Edit,
    Focus,
    Hello,
    Insert,
    Move,
    ProtocolError,
    StructureMessage,
    parse,
)
from server.protocol.outbound import (
    Ack,
    Editor,
    Error,
    Patch,
    PatchItem,
    Presence,
    ServerMessage,
    Structure,
    Welcome,
    encode,
)
from server.protocol.rules import *  # noqa: F403 -- the vocabulary, as wire.EDIT etc.
from server.protocol.rules import __all__ as _rules


def error(code: str, message: str, ref: Ref = None) -> Error:
    """The one error shape."""
    return Error(code, message, ref)


__all__ = [*_rules, "Ack", "ClientMessage", "Delete", "Edit", "Editor", "Error", "Focus",
           "Hello", "Insert", "Move", "Patch", "PatchItem", "Presence",
           "ProtocolError", "Ref", "ServerMessage", "Structure", "StructureMessage", "Welcome",
           "encode", "error", "parse"]
