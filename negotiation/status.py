"""Paragraph status changes as events: a pure function checks a request and returns the event.

A paragraph's status (``negotiation.model.ParagraphStatus``) is one of "open", "agreed ad
referendum", "agreed", "adopted". ``change_status`` checks a requested change and returns the
event the store keeps; e.g. the chair marking operative paragraph 3 agreed::

    change_status("open", "agreed", paragraph_id="op3", author=Author("Chair"),
                  reason="consensus in the working group")
    -> StatusChanged(paragraph_id="op3", old=ParagraphStatus.OPEN,
                     new=ParagraphStatus.AGREED, author=Author("Chair"),
                     reason="consensus in the working group")

Which changes are allowed is one table, ``TRANSITIONS`` (status -> the statuses it may become).
Today any status may become any other, as the store allowed; the status machine of issue 10
(agreed only without open brackets, reopening with a reason, ...) narrows this table and adds
its conditions in ``change_status``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from negotiation.author import Author
from negotiation.errors import StatusError, StatusUnchanged
from negotiation.model import ParagraphStatus

__all__ = ["TRANSITIONS", "StatusChanged", "apply", "change_status", "parse_status"]

TRANSITIONS: Mapping[ParagraphStatus, frozenset[ParagraphStatus]] = {
    status: frozenset(ParagraphStatus) - {status} for status in ParagraphStatus}


@dataclass(frozen=True)
class StatusChanged:
    """A paragraph's status changed from ``old`` to ``new``, by ``author``, for ``reason``."""

    paragraph_id: str
    old: ParagraphStatus
    new: ParagraphStatus
    author: Author
    reason: str | None = None

    @property
    def action(self) -> str:
        """As a history lists it: "open -> agreed"."""
        return f"{self.old.value} -> {self.new.value}"


def parse_status(value: object, *, paragraph_id: str | None = None) -> ParagraphStatus:
    """The status named ``value``; ``StatusError`` listing the known ones otherwise."""
    try:
        return ParagraphStatus(value)
    except ValueError:
        where = f"paragraph {paragraph_id!r}: " if paragraph_id else ""
        raise StatusError(f"{where}unknown paragraph status {value!r}; expected one of "
                          f"{', '.join(s.value for s in ParagraphStatus)}",
                          paragraph_id) from None


def change_status(current: ParagraphStatus | str, new: ParagraphStatus | str, *,
                  paragraph_id: str, author: Author, reason: str | None = None,
                  transitions: Mapping[ParagraphStatus, frozenset[ParagraphStatus]]
                  = TRANSITIONS) -> StatusChanged:
    """The event of ``author`` changing a paragraph's status from ``current`` to ``new``.

    Refused with ``StatusError``: an unknown status, or a change ``transitions`` (by default
    ``TRANSITIONS``) does not allow; with ``StatusUnchanged`` (a ``NoChange``): the status it
    has already. ``reason`` is kept as given, white space at its ends removed; empty means
    None."""
    old = parse_status(current, paragraph_id=paragraph_id)
    target = parse_status(new, paragraph_id=paragraph_id)
    if target == old:
        raise StatusUnchanged(f"paragraph {paragraph_id!r} is {old.value!r} already",
                              paragraph_id)
    if target not in transitions.get(old, frozenset()):
        allowed = ", ".join(repr(s.value) for s in ParagraphStatus
                            if s in transitions.get(old, frozenset()))
        raise StatusError(f"paragraph {paragraph_id!r} cannot go from {old.value!r} to "
                          f"{target.value!r}; from {old.value!r} it can become "
                          f"{allowed or 'nothing else'}", paragraph_id)
    if reason is not None and not isinstance(reason, str):
        raise StatusError(f"a reason is a text or None; got {reason!r}", paragraph_id)
    return StatusChanged(paragraph_id, old, target, author, (reason or "").strip() or None)


def apply(current: ParagraphStatus | str, event: StatusChanged) -> ParagraphStatus:
    """The status after a stored event, which must start from ``current`` (replay)."""
    if parse_status(current, paragraph_id=event.paragraph_id) != event.old:
        raise StatusError(f"paragraph {event.paragraph_id!r} is {current!r}, but the event "
                          f"{event.action!r} starts from {event.old.value!r}",
                          event.paragraph_id)
    return event.new
