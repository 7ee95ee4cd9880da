"""Server -> client messages: one frozen dataclass per type, and ``encode``.

``encode`` always gives a frame that can be sent: JSON text whose UTF-8 encoding exists. A
string that holds a lone surrogate (which the parser refuses, but a value read back from the
store could still hold one) is written as a JSON ``\\uXXXX`` escape instead of failing the
send of every client that shares the frame.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from server.protocol.fields import Ref
from server.protocol.rules import (
    ACK,
    ERROR,
    LIMITS,
    PATCH,
    PRESENCE,
    PROTOCOL_VERSION,
    STRUCTURE,
    WELCOME,
)

Json = dict[str, Any]


def encode(message: ServerMessage | Mapping[str, Any]) -> str:
    """The frame of ``message``: compact JSON, UTF-8 where it can be, escapes where not."""
    data = message.to_wire() if isinstance(message, _Outgoing) else message
    frame = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        frame.encode("utf-8")
    except UnicodeEncodeError:
        frame = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return frame


class _Outgoing:
    __slots__ = ()
    type: ClassVar[str]

    def to_wire(self) -> Json:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Error(_Outgoing):
    """The one error shape: the message ``ref`` named changed nothing."""

    type: ClassVar[str] = ERROR
    code: str
    message: str
    ref: Ref = None

    def to_wire(self) -> Json:
        return {"type": ERROR, "code": self.code, "message": self.message, "ref": self.ref}


@dataclass(frozen=True, slots=True)
class Ack(_Outgoing):
    type: ClassVar[str] = ACK
    paragraph_id: str
    applied: int  # this client's edits of the paragraph now merged
    base_revision: int  # the edit's m, echoed
    revision: int
    delta: str  # from the client's shadow to the text of ``revision``
    ref: Ref = None
    conflicts: tuple[Mapping[str, str], ...] = ()

    def to_wire(self) -> Json:
        data: Json = {"type": ACK, "p": self.paragraph_id, "n": self.applied,
                      "m": self.base_revision, "r": self.revision, "delta": self.delta,
                      "ref": self.ref}
        if self.conflicts:
            data["conflicts"] = [dict(conflict) for conflict in self.conflicts]
        return data


@dataclass(frozen=True, slots=True)
class PatchItem:
    paragraph_id: str
    from_revision: int
    to_revision: int
    delta: str

    def to_wire(self) -> Json:
        return {"p": self.paragraph_id, "from": self.from_revision, "to": self.to_revision,
                "delta": self.delta}


@dataclass(frozen=True, slots=True)
class Patch(_Outgoing):
    type: ClassVar[str] = PATCH
    patches: tuple[PatchItem, ...]

    def to_wire(self) -> Json:
        return {"type": PATCH, "patches": [patch.to_wire() for patch in self.patches]}


@dataclass(frozen=True, slots=True)
class Editor:
    """One connected person in ``presence``: who, and where their caret is."""

    name: str
    delegation: str | None
    paragraph_id: str | None

    def to_wire(self) -> Json:
        return {"name": self.name, "delegation": self.delegation, "p": self.paragraph_id}


@dataclass(frozen=True, slots=True)
class Presence(_Outgoing):
    type: ClassVar[str] = PRESENCE
    editors: tuple[Editor, ...]

    def to_wire(self) -> Json:
        return {"type": PRESENCE, "editors": [editor.to_wire() for editor in self.editors]}


@dataclass(frozen=True, slots=True)
class Structure(_Outgoing):
    """One structure change (docs/protocol.md, *structure*): the operation, the paragraph, its
    place, and the other paragraphs whose description changed with it; never the whole order.
    """

    type: ClassVar[str] = STRUCTURE
    op: str  # insert, delete or move
    paragraph_id: str
    after: str | None
    paragraph: Mapping[str, Any] | None  # insert, move: its description (insert: its text)
    changed: tuple[Mapping[str, Any], ...]  # others whose section, parent, label... changed
    by_name: str | None  # None: made outside the room (then ``order`` is given)
    by_delegation: str | None
    ref: Ref = None
    order: Sequence[Mapping[str, Any]] | None = None  # outside changes only: the whole order

    def to_wire(self) -> Json:
        data: Json = {"type": STRUCTURE, "op": self.op, "p": self.paragraph_id}
        if self.op != "delete":
            data["after"] = self.after
            data["paragraph"] = dict(self.paragraph or {})
        data["changed"] = [dict(meta) for meta in self.changed]
        data["by"] = None if self.by_name is None else {"name": self.by_name,
                                                        "delegation": self.by_delegation}
        data["ref"] = self.ref
        if self.order is not None:
            data["order"] = [dict(meta) for meta in self.order]
        return data


@dataclass(frozen=True, slots=True)
class Welcome(_Outgoing):
    type: ClassVar[str] = WELCOME
    document_id: str
    epoch: str
    client_id: str
    name: str
    delegation: str | None
    paragraphs: Sequence[Mapping[str, Any]]
    presence: tuple[Editor, ...]
    limits: Mapping[str, int] = field(default_factory=lambda: dict(LIMITS))
    selected: Mapping[str, Any] | None = None  # the paragraph under discussion (the chair's)
    ref: Ref = None
    seat: Mapping[str, Any] = field(default_factory=dict)  # role, readOnly, locked (the gate's)

    def to_wire(self) -> Json:
        return {"type": WELCOME, "protocol": PROTOCOL_VERSION, "documentId": self.document_id,
                "epoch": self.epoch,
                "you": {"clientId": self.client_id, "name": self.name,
                        "delegation": self.delegation, **self.seat},
                "paragraphs": [dict(paragraph) for paragraph in self.paragraphs],
                "presence": [editor.to_wire() for editor in self.presence],
                "limits": dict(self.limits),
                "selected": dict(self.selected) if self.selected is not None else None,
                "ref": self.ref}


ServerMessage = Welcome | Ack | Patch | Presence | Structure | Error
