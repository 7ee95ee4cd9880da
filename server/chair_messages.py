"""The chair's messages on the live-editing WebSocket: one frozen dataclass per type, and the
checks of their fields.

``bracket`` (a bracket action), ``status`` (a paragraph status change) and ``select`` (the
chair puts a paragraph under discussion; the big screen follows) are read here
(``read(kind, data, paragraph_id, ref)``) and registered in server/protocol.py like every
other message. docs/protocol.md describes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from negotiation.bracket_requests import KINDS
from negotiation.bracket_text import MAX_WORDING
from negotiation.status import MAX_REASON

MAX_ALTERNATIVES = 20
ROLES = frozenset({"secretariat", "chair", "vice-chair", "delegate", "observer"})


class Invalid(ValueError):
    """A field that breaks the message's shape (protocol.py turns it into bad_message)."""


def _offset(data: dict, key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
        raise Invalid(f"{key!r} must be an offset (an integer >= 0) or null")
    return value


def _string(data: dict, key: str, limit: int) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise Invalid(f"{key!r} must be a string of at most {limit} characters")
    return value


def _role(data: dict) -> str | None:
    role = data.get("role")
    if role is not None and role not in ROLES:
        raise Invalid(f"'role' must be one of {sorted(ROLES)}")
    return role


@dataclass(frozen=True, slots=True)
class BracketMessage:
    type: ClassVar[str] = "bracket"
    paragraph_id: str
    action: str
    bracket: str | None
    start: int | None
    end: int | None
    alternatives: tuple[str, ...]
    keep: int | None
    wording: str | None
    rationale: str | None
    delegation: str | None
    role: str | None
    ref: Any = None


@dataclass(frozen=True, slots=True)
class StatusMessage:
    type: ClassVar[str] = "status"
    paragraph_id: str
    status: str
    reason: str | None
    role: str | None
    ref: Any = None


@dataclass(frozen=True, slots=True)
class SelectMessage:
    type: ClassVar[str] = "select"
    paragraph_id: str
    role: str | None
    ref: Any = None


ChairMessage = BracketMessage | StatusMessage | SelectMessage


def read(kind: str, data: dict, paragraph_id: str, ref: Any = None) -> ChairMessage:
    """The checked message of type ``kind``; ``Invalid`` naming the field otherwise."""
    if kind == "bracket":
        return BracketMessage(paragraph_id, **check_bracket(data), ref=ref)
    if kind == "status":
        return StatusMessage(paragraph_id, **check_status(data), ref=ref)
    return SelectMessage(paragraph_id, **check_select(data), ref=ref)


def check_bracket(data: dict) -> dict[str, Any]:
    action = data.get("action")
    if action not in KINDS:
        raise Invalid(f"'action' must be one of {sorted(KINDS)}")
    alternatives = data.get("alternatives") or []
    if not isinstance(alternatives, list) or len(alternatives) > MAX_ALTERNATIVES or not all(
            isinstance(a, str) and len(a) <= MAX_WORDING for a in alternatives):
        raise Invalid(f"'alternatives' must be a list of at most {MAX_ALTERNATIVES} strings")
    keep = data.get("keep")
    if keep is not None and (not isinstance(keep, int) or isinstance(keep, bool)):
        raise Invalid("'keep' must be an option's index or null")
    return {"action": action, "bracket": _string(data, "bracket", 4 * MAX_WORDING),
            "start": _offset(data, "start"), "end": _offset(data, "end"),
            "alternatives": tuple(alternatives), "keep": keep,
            "wording": _string(data, "wording", MAX_WORDING),
            "rationale": _string(data, "rationale", 4 * MAX_REASON),
            "delegation": _string(data, "delegation", 80), "role": _role(data)}


def check_status(data: dict) -> dict[str, Any]:
    status = data.get("status")
    if not isinstance(status, str) or len(status) > 40:
        raise Invalid("'status' must be a paragraph status")
    return {"status": status, "reason": _string(data, "reason", 4 * MAX_REASON),
            "role": _role(data)}


def check_select(data: dict) -> dict[str, Any]:
    return {"role": _role(data)}
