"""What a bracket action does to a paragraph's words: pure text transformations.

Each function takes the paragraph's text and returns the new text; a bracket is found by
where its "[" stands (``start``) and how it is written, so an action on a bracket that was
edited away in the meantime is refused (``BracketGone``) instead of landing elsewhere::

    raise_bracket("requires shared responsibility and", 9, 30, ["co-responsibility"])
    -> ("requires [shared responsibility / co-responsibility] and",
        "[shared responsibility / co-responsibility]")
    resolve("requires [shared responsibility / co-responsibility] and", 9,
            "[shared responsibility / co-responsibility]", "shared responsibility")
    -> "requires shared responsibility and"

Deleting a passage (``resolve(..., "")``) also removes one space beside it, so no double
space is left behind.
"""

from __future__ import annotations

from collections.abc import Sequence

from negotiation.errors import BracketActionError
from negotiation.grammar import Bracket, parse

MAX_WORDING = 20_000  # characters of one option, alternative or compromise wording
BRACKET_CHARACTERS = frozenset("[]")


class BracketGone(BracketActionError):
    """The bracket acted on is no longer where the action says (edited, resolved)."""


def find_bracket(text: str, start: int, written: str) -> Bracket:
    """The negotiation bracket whose "[" is at ``start`` and that reads ``written``."""
    for bracket in parse(text).brackets:
        if bracket.start == start and text[bracket.start:bracket.end] == written:
            return bracket
    raise BracketGone(f"no bracket {_short(written)} at offset {start} any more; it was "
                      "edited or resolved meanwhile")


def check_wording(wording: object, what: str = "wording") -> str:
    """A wording an action puts into the text: a string without square brackets."""
    if not isinstance(wording, str):
        raise BracketActionError(f"the {what} is a text; got {type(wording).__name__}")
    if len(wording) > MAX_WORDING:
        raise BracketActionError(f"the {what} is {len(wording)} characters; at most "
                                 f"{MAX_WORDING}")
    if BRACKET_CHARACTERS & set(wording):
        raise BracketActionError(f"the {what} may not hold square brackets: each bracket is "
                                 "an action of its own")
    return wording


def raise_bracket(text: str, start: int, end: int,
                  alternatives: Sequence[str] = ()) -> tuple[str, str]:
    """Put ``text[start:end]`` in brackets, with ``alternatives`` after it ("[a / b]").
    Returns the new text and the bracket as written."""
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise BracketActionError(f"select the words to bracket: offsets {start!r}..{end!r} "
                                 f"do not fit a text of {len(text)} characters")
    words = text[start:end]
    if words != words.strip() or not words.strip():
        raise BracketActionError("a bracket starts and ends on a word, not on white space")
    check_wording(words, "selected words")
    for bracket in parse(text).brackets:
        if bracket.start < start < bracket.end < end or start < bracket.start < end < bracket.end:
            raise BracketActionError("the selection crosses the edge of another bracket")
    options = [words, *(check_wording(a, "alternative").strip() for a in alternatives)]
    if any(not option for option in options):
        raise BracketActionError("an alternative wording is empty")
    written = "[" + " / ".join(options) + "]"
    return text[:start] + written + text[end:], written


def add_option(text: str, start: int, written: str, option: str) -> tuple[str, str]:
    """Another alternative in the bracket at ``start``: "[a / b]" -> "[a / b / c]",
    "[shall][should]" -> "[shall][should][may]". Returns the new text and bracket."""
    bracket = find_bracket(text, start, written)
    option = check_wording(option, "option").strip()
    if not option:
        raise BracketActionError("the option's wording is empty")
    if option in bracket.options:
        raise BracketActionError(f"{_short(written)} already offers {option!r}")
    if "][" in written and " / " not in written and bracket.delegation is None:
        grown = written + "[" + option + "]"
    else:
        grown = written[:-1] + " / " + option + "]"
    return text[:bracket.start] + grown + text[bracket.end:], grown


def resolve(text: str, start: int, written: str, wording: str) -> str:
    """Replace the bracket at ``start`` by ``wording`` (one of its options, compromise
    wording, or "" to delete the passage)."""
    bracket = find_bracket(text, start, written)
    before, after = text[:bracket.start], text[bracket.end:]
    if wording == "":
        if before.endswith(" ") and (after.startswith(" ") or after[:1] in (",", ";", ".")
                                     or not after):
            before = before[:-1]
        elif not before and after.startswith(" "):
            after = after[1:]
    return before + wording + after


def lift(text: str, start: int, written: str) -> str:
    """Lift the bracket at ``start``: its one option stays, without brackets."""
    bracket = find_bracket(text, start, written)
    if len(bracket.options) != 1:
        raise BracketActionError(f"{_short(written)} holds {len(bracket.options)} options: "
                                 "resolve it by keeping one")
    return resolve(text, start, written, bracket.options[0])


def option_of(options: Sequence[str], index: object) -> str:
    """Option ``index`` of a bracket's ``options``; ``BracketActionError`` when out of
    range."""
    if not isinstance(index, int) or isinstance(index, bool) or not (
            0 <= index < len(options)):
        raise BracketActionError(f"option {str(index)[:20]} is out of range: the bracket has "
                                 f"{len(options)} option(s), numbered from 0")
    return options[index]


def _short(written: str, width: int = 60) -> str:
    return repr(written if len(written) <= width else written[:width - 1] + "…")
