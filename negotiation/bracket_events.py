"""Bracket actions as events: a pure function checks what is recorded and returns the event.

A bracket is known by its text as written in the paragraph ("[shall][should]", "[shared
responsibility / co-responsibility]", "[VENEZUELA: That ...]"). What can happen to it is a
``BracketAction``: raised, an option added, joined by another delegation, withdrawn by a holder,
resolved or lifted (by the chair), an alternative wording of the whole paragraph tabled, a
proposal adopted as the paragraph's text, typed by hand in an edit (the text holds it
already; the typist's delegation holds it: negotiation.typed_brackets), or its words edited by
hand ("[shall / should]" typed over to "[shall / must]": the same bracket, whose holders keep
it, and the editor's delegation holds it too).
``record_bracket_action`` returns the event the store keeps; e.g. Canada adding an option::

    record_bracket_action("op2", "option added", "[in 2027]", author=Author("li", "Canada"),
                          option="by 2030", reason="timing")
    -> BracketEvent(paragraph_id="op2", action=BracketAction.OPTION_ADDED,
                    bracket="[in 2027]", author=Author("li", "Canada"), option="by 2030",
                    reason="timing")

Whether an action carries an ``option`` is one table, ``OPTION``: "option added" needs the
option's wording; "raised" may carry one (a first alternative) and "resolved" may (the wording
kept, "" when the passage is deleted); "tabled" needs the wording; "joined", "withdrawn",
"lifted", "adopted" and "typed" carry none; "edited" needs the bracket as it was written before
the edit (``bracket`` is how it reads after it).

``on_behalf_of`` is the negotiating group the author acted in the name of, when they spoke for
it rather than for the delegation they are seated for: a delegate of Bolivia whom the Group of 77
and China named to speak for it raises a bracket the group holds, and the record keeps all three,
the person, their own delegation and the group::

    record_bracket_action("op2", "raised", "[shall / should]", start=40,
                          author=Author("ana", "Bolivia (Plurinational State of)"),
                          on_behalf_of="Group of 77 and China")

None (the default, and what is recorded when it names the author's own delegation) means the
author acted for their own delegation; ``acting_for`` is whichever of the two counts. Whether
the author may speak for the group is the permission table's affair
(negotiation/bracket_requests.py), not this module's.

``start`` is where the bracket stands in the paragraph's text (the offset of its "["; for
"raised", of the words bracketed; for "tabled", None), so that replaying the events of a
paragraph (negotiation.bracket_book) rebuilds its text exactly. A bracket that is not in the
text (a paragraph tabled by one delegation, a proposal shown under the paragraph) has
``start`` None and is known by its written form "[BELIZE: Conduct a study ...]".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from negotiation.author import Author
from negotiation.errors import BracketActionError

__all__ = ["MAX_DELEGATION", "OPTION", "BracketAction", "BracketEvent",
           "record_bracket_action"]

MAX_DELEGATION = 80  # a delegation's name, as the messages allow it


class BracketAction(StrEnum):
    """What happened to a bracket (the values are stored)."""

    RAISED = "raised"
    OPTION_ADDED = "option added"
    JOINED = "joined"
    WITHDRAWN = "withdrawn"
    RESOLVED = "resolved"
    LIFTED = "lifted"
    TABLED = "tabled"
    ADOPTED = "adopted"
    TYPED = "typed"  # typed by hand in an edit: the words are there already
    EDITED = "edited"  # its words edited by hand: the option is how it read before


# whether an action's event carries an option
OPTION: Mapping[BracketAction, Literal["required", "allowed", "none"]] = {
    BracketAction.RAISED: "allowed",
    BracketAction.OPTION_ADDED: "required",
    BracketAction.JOINED: "none",
    BracketAction.WITHDRAWN: "none",
    BracketAction.RESOLVED: "allowed",
    BracketAction.LIFTED: "none",
    BracketAction.TABLED: "required",
    BracketAction.ADOPTED: "none",
    BracketAction.TYPED: "none",
    BracketAction.EDITED: "required",
}


@dataclass(frozen=True)
class BracketEvent:
    """``author`` did ``action`` to the bracket written ``bracket`` in a paragraph."""

    paragraph_id: str
    action: BracketAction
    bracket: str
    author: Author
    option: str | None = None
    reason: str | None = None
    start: int | None = None
    on_behalf_of: str | None = None  # the group acted for (None: the author's own delegation)

    @property
    def acting_for(self) -> str | None:
        """The delegation the action counts for: the group named, else the author's own."""
        return self.on_behalf_of or self.author.delegation


def record_bracket_action(paragraph_id: str, action: BracketAction | str, bracket: str, *,
                          author: Author, option: str | None = None,
                          reason: str | None = None, start: int | None = None,
                          on_behalf_of: str | None = None) -> BracketEvent:
    """The event of ``author`` doing ``action`` to ``bracket``, checked; ``BracketActionError``
    naming what is wrong otherwise. ``reason``: white space at its ends removed, empty is
    None; ``on_behalf_of``: the group acted for, None when it is the author's own delegation
    (or empty)."""
    where = f"paragraph {paragraph_id!r}"
    try:
        done = BracketAction(action)
    except ValueError:
        raise BracketActionError(f"{where}: unknown bracket action {action!r}; expected one "
                                 f"of {', '.join(a.value for a in BracketAction)}",
                                 paragraph_id) from None
    if not isinstance(bracket, str) or not (bracket.startswith("[") and bracket.endswith("]")):
        raise BracketActionError(f"{where}: a bracket is recorded as written, from its '[' to "
                                 f"its ']'; got {bracket!r}", paragraph_id)
    rule = OPTION[done]
    if option is not None and not isinstance(option, str):
        raise BracketActionError(f"{where}: an option is a text; got {option!r}", paragraph_id)
    if rule == "required" and not (option or "").strip():
        raise BracketActionError(f"{where}: {done.value!r} needs the option's wording",
                                 paragraph_id)
    if rule == "none" and option is not None:
        raise BracketActionError(f"{where}: {done.value!r} carries no option; got {option!r}",
                                 paragraph_id)
    if reason is not None and not isinstance(reason, str):
        raise BracketActionError(f"{where}: a reason is a text or None; got {reason!r}",
                                 paragraph_id)
    if start is not None and (not isinstance(start, int) or isinstance(start, bool)
                              or start < 0):
        raise BracketActionError(f"{where}: a bracket's place is an offset >= 0 or None; got "
                                 f"{start!r}", paragraph_id)
    if on_behalf_of is not None and (not isinstance(on_behalf_of, str)
                                     or len(on_behalf_of) > MAX_DELEGATION):
        raise BracketActionError(f"{where}: the delegation acted for is a name of at most "
                                 f"{MAX_DELEGATION} characters or None; got "
                                 f"{str(on_behalf_of)[:40]!r}", paragraph_id)
    on_behalf_of = (on_behalf_of or "").strip() or None
    if on_behalf_of is not None and not author.delegation:
        raise BracketActionError(f"{where}: only a delegate acts in a group's name; "
                                 f"{author.name} is seated for no delegation", paragraph_id)
    if on_behalf_of == author.delegation:
        on_behalf_of = None
    return BracketEvent(paragraph_id, done, bracket, author, option,
                        (reason or "").strip() or None, start, on_behalf_of)
