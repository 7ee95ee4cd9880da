"""A person asks for a paragraph's status to change: which permission that needs, and the
checked event (negotiation.status does the status rules, negotiation.permissions the
roles).

    open -> agreed                    the chair marks it agreed ("mark agreed")
    open -> agreed ad referendum      a delegation agrees pending confirmation, in its own name
    agreed ad referendum -> agreed    that delegation confirms (or the chair records it)
    agreed ad referendum -> open      that delegation withdraws it (or the chair)
    agreed -> open                    the chair reopens it, with a reason
    -> adopted                        only with the whole document (``adopt_document``)
"""

from __future__ import annotations

from negotiation.bracket_requests import Actor, Forbidden
from negotiation.errors import StatusError
from negotiation.model import ParagraphStatus
from negotiation.permissions import Action, Situation, decide
from negotiation.status import StatusChanged, change_status, parse_status

_S = ParagraphStatus
# what a paragraph's status request may ask (adoption is the whole document's: Action.ADOPT)
STATUS_ACTIONS: tuple[Action, ...] = (Action.AGREE, Action.AD_REFERENDUM,
                                      Action.ANSWER_AD_REFERENDUM, Action.REOPEN)


def permission_for(old: ParagraphStatus, new: ParagraphStatus) -> Action:
    if new is _S.ADOPTED:
        return Action.ADOPT
    if old is _S.AGREED_AD_REFERENDUM:
        return Action.ANSWER_AD_REFERENDUM
    if new is _S.AGREED_AD_REFERENDUM:
        return Action.AD_REFERENDUM
    if old is _S.AGREED or old is _S.ADOPTED:
        return Action.REOPEN
    return Action.AGREE


def decide_status(actor: Actor, current: str, wanted: object, *, paragraph_id: str,
                  open_brackets: int, asked_by: str | None, reason: str | None = None,
                  adopted: bool = False) -> StatusChanged:
    """The event of ``actor`` changing the status ``current`` to ``wanted``; ``Forbidden``
    or ``StatusError`` (nothing changes) otherwise."""
    old = parse_status(current, paragraph_id=paragraph_id)
    new = parse_status(wanted, paragraph_id=paragraph_id)
    if new is _S.ADOPTED:
        raise StatusError("a paragraph is adopted with the whole document, when every "
                          "paragraph is agreed (the secretariat adopts it)", paragraph_id)
    asked = permission_for(old, new)
    own = actor.author.delegation
    acting_for = asked_by if asked is Action.ANSWER_AD_REFERENDUM else own
    decision = decide(actor.role, asked, Situation(
        adopted=adopted, paragraph_status=current, speaks_for=actor.speaks_for,
        acting_for=acting_for))
    if not decision:
        raise Forbidden(decision.reason, paragraph_id)
    return change_status(old, new, paragraph_id=paragraph_id, author=actor.author,
                         reason=reason, open_brackets=open_brackets, asked_by=asked_by)
