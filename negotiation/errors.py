"""Domain errors that carry what a reader needs to act: which paragraph, which bracket."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# How a chair names each kind of open bracket (kinds of negotiation.brackets.OpenBracket).
KIND_WORDS = {
    "passage": "passage",
    "alternatives": "alternatives",
    "placeholder": "placeholder",
    "proposal": "proposal",
    "tabled": "paragraph tabled",
    "paragraph": "whole paragraph in brackets",
    "options": "options",
}


@dataclass(frozen=True)
class UnresolvedBracket:
    """One open bracket as a chair reads it out.

    where         "operative paragraph 3 (c)"
    options       ("shared responsibility", "co-responsibility"); one option for a passage
    requested_by  canonical delegations holding it ("Venezuela",), possibly empty
    kind          "alternatives", "proposal", "tabled", ... ("" when unknown)
    depth         1 for an outermost bracket, 2 for one nested in it, ...
    """

    where: str
    options: tuple[str, ...]
    requested_by: tuple[str, ...] = ()
    kind: str = ""
    depth: int = 1

    def heading(self) -> str:
        """'preambular paragraph 10, alternatives, held by Venezuela'."""
        head = self.where
        if self.kind:
            head += f", {KIND_WORDS.get(self.kind, self.kind)}"
        if self.depth > 1:
            head += f" (nested, level {self.depth})"
        holders = ", ".join(self.requested_by)
        if holders and self.kind in ("proposal", "tabled"):
            head += f" by {holders}"
        elif holders:
            head += f", held by {holders}"
        return head

    def options_text(self) -> str:
        """'“shared responsibility” / “co-responsibility”', white space runs made single."""
        return " / ".join(f"“{' '.join(option.split())}”" if option.strip() else "(empty)"
                          for option in self.options) or "(empty)"

    def describe(self) -> str:
        return f"{self.heading()}: {self.options_text()}"


class OpenBracketsError(Exception):
    """Clean text was asked for while brackets are still open; lists every one of them."""

    def __init__(self, brackets: Sequence[UnresolvedBracket]) -> None:
        self.brackets = tuple(brackets)
        count = len(self.brackets)
        noun = "bracket is" if count == 1 else "brackets are"
        lines = [f"no clean text while {count} {noun} still open:"]
        lines.extend(f"  {bracket.describe()}" for bracket in self.brackets)
        super().__init__("\n".join(lines))


# --------------------------------------------------------------------------- refused changes


class DomainError(ValueError):
    """A change the domain refuses; the message names the rule broken and what was asked,
    ``paragraph_id`` the paragraph concerned when there is one. Nothing was changed. The
    server turns these into its documented error answer."""

    def __init__(self, message: str, paragraph_id: str | None = None) -> None:
        super().__init__(message)
        self.paragraph_id = paragraph_id


class NoChange(DomainError):
    """The request would change nothing (deleting a deleted paragraph, giving a paragraph the
    status it has). Two people asking the same thing at once get this; a caller may treat it
    as a harmless no-op, as the store used to."""


class EditError(DomainError):
    """A text edit that does not fit the paragraph (``authorship.Weave.apply``), or a version
    that cannot be written while others' changes are pending."""


class WeaveFormatError(DomainError):
    """A stored weave (``authorship.Weave.from_json``) that cannot be read."""


class StructureError(DomainError):
    """A paragraph structure change (``outline``) that cannot be made."""


class UnknownParagraph(StructureError):
    """The request names a paragraph the document does not have."""


class AlreadyDeleted(StructureError, NoChange):
    """Deleting a paragraph that is already deleted (by itself or with a parent)."""


class StatusError(DomainError):
    """A paragraph status change that cannot be made (unknown status, a change the rules do
    not allow)."""


class StatusUnchanged(StatusError, NoChange):
    """Giving a paragraph the status it has."""


class BracketActionError(DomainError):
    """A bracket action that cannot be recorded (unknown action, missing option, ...)."""
