"""Paragraph status changes as events: a pure function checks a request and returns the event.

A paragraph's status (``negotiation.model.ParagraphStatus``) is one of "open", "agreed ad
referendum", "agreed", "adopted". ``change_status`` checks a requested change and returns the
event the store keeps; e.g. the chair marking operative paragraph 3 agreed::

    change_status("open", "agreed", paragraph_id="op3", author=Author("Chair"),
                  reason="consensus in the working group")
    -> StatusChanged(paragraph_id="op3", old=ParagraphStatus.OPEN,
                     new=ParagraphStatus.AGREED, author=Author("Chair"),
                     reason="consensus in the working group")

Which changes are allowed is one table, ``TRANSITIONS`` (status -> the statuses it may become)::

    open                  -> agreed ad referendum, agreed
    agreed ad referendum  -> agreed (the delegation that asked confirms), open (it withdraws)
    agreed                -> open (reopened by the chair, with a reason), adopted
    adopted               -> nothing

and ``change_status`` adds the conditions: a paragraph holding an open bracket or proposal
(``open_brackets`` > 0) is neither agreed nor agreed ad referendum; reopening an agreed
paragraph needs a reason; an "agreed ad referendum" is answered (confirmed or withdrawn) only
by the delegation that asked for it (``asked_by``) or by the chair (``author.delegation`` None);
"adopted" comes only with the whole document (``adopt_document``), when every paragraph is
agreed. Who may ask for which change is negotiation.permissions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from negotiation.author import Author
from negotiation.errors import StatusError, StatusUnchanged
from negotiation.model import ParagraphStatus

__all__ = ["MAX_REASON", "TRANSITIONS", "StatusChanged", "adopt_document", "apply",
           "change_status", "parse_status"]

_S = ParagraphStatus
TRANSITIONS: Mapping[ParagraphStatus, frozenset[ParagraphStatus]] = {
    _S.OPEN: frozenset({_S.AGREED_AD_REFERENDUM, _S.AGREED}),
    _S.AGREED_AD_REFERENDUM: frozenset({_S.AGREED, _S.OPEN}),
    _S.AGREED: frozenset({_S.OPEN, _S.ADOPTED}),
    _S.ADOPTED: frozenset(),
}
MAX_REASON = 2_000  # characters of a reason or rationale


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
                  = TRANSITIONS, open_brackets: int = 0,
                  asked_by: str | None = None) -> StatusChanged:
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
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > MAX_REASON:
        raise StatusError(f"a reason is at most {MAX_REASON} characters; got {len(reason)}",
                          paragraph_id)
    where = f"paragraph {paragraph_id!r}"
    if target in (_S.AGREED, _S.AGREED_AD_REFERENDUM) and old is _S.OPEN and open_brackets:
        raise StatusError(f"{where} still holds {open_brackets} open bracket(s) or "
                          f"proposal(s): it cannot be {target.value}", paragraph_id)
    if old is _S.AGREED and target is _S.OPEN and reason is None:
        raise StatusError(f"reopening the agreed {where} needs a reason", paragraph_id)
    if old is _S.AGREED_AD_REFERENDUM and author.delegation is not None \
            and author.delegation != asked_by:
        raise StatusError(f"{where} is agreed ad referendum for {asked_by or 'a delegation'}: "
                          f"only that delegation or the chair answers it", paragraph_id)
    if old is _S.OPEN and target is _S.AGREED_AD_REFERENDUM and author.delegation is None:
        raise StatusError(f"{where}: a delegation agrees ad referendum, in its own name",
                          paragraph_id)
    return StatusChanged(paragraph_id, old, target, author, reason)


def adopt_document(statuses: Mapping[str, ParagraphStatus | str], *,
                   author: Author) -> list[StatusChanged]:
    """The events of adopting a document whose paragraphs (id -> status) are all agreed;
    ``StatusError`` naming those that are not."""
    pending = [pid for pid, status in statuses.items()
               if parse_status(status, paragraph_id=pid) is not _S.AGREED]
    if pending:
        raise StatusError(f"the document is adopted when every paragraph is agreed; "
                          f"{len(pending)} are not yet (first: {pending[0]!r})", pending[0])
    return [StatusChanged(pid, _S.AGREED, _S.ADOPTED, author) for pid in statuses]


def apply(current: ParagraphStatus | str, event: StatusChanged) -> ParagraphStatus:
    """The status after a stored event, which must start from ``current`` (replay)."""
    if parse_status(current, paragraph_id=event.paragraph_id) != event.old:
        raise StatusError(f"paragraph {event.paragraph_id!r} is {current!r}, but the event "
                          f"{event.action!r} starts from {event.old.value!r}",
                          event.paragraph_id)
    return event.new
