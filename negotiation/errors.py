"""Domain errors that carry what a reader needs to act: which paragraph, which bracket."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class UnresolvedBracket:
    """One open bracket as a chair reads it out.

    where         "operative paragraph 3 (c)"
    options       ("shared responsibility", "co-responsibility"); one option for a passage
    requested_by  canonical delegations holding it ("Venezuela",), possibly empty
    """

    where: str
    options: tuple[str, ...]
    requested_by: tuple[str, ...] = ()

    def describe(self) -> str:
        options = " / ".join(f"“{option}”" for option in self.options) or "(empty)"
        held = f" (held by {', '.join(self.requested_by)})" if self.requested_by else ""
        return f"{self.where}: {options}{held}"


class OpenBracketsError(Exception):
    """Clean text was asked for while brackets are still open; lists every one of them."""

    def __init__(self, brackets: Sequence[UnresolvedBracket]) -> None:
        self.brackets = tuple(brackets)
        count = len(self.brackets)
        noun = "bracket is" if count == 1 else "brackets are"
        lines = [f"no clean text while {count} {noun} still open:"]
        lines.extend(f"  {bracket.describe()}" for bracket in self.brackets)
        super().__init__("\n".join(lines))
