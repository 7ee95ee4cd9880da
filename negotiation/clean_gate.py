"""When a text may be issued clean: no bracket or proposal open, every paragraph agreed.

``clean_refusals`` lists what stands in the way, in the chair's notation::

    operative paragraph 3 (c): [BELIZE: Conduct a study …]
    preambular paragraph 10: [shared responsibility / co-responsibility]
    operative paragraph 4: not agreed (open)

A paragraph counts as agreed when its status is "agreed" or "adopted"; "agreed ad referendum"
still waits for a capital's confirmation and is listed. Paragraphs that only hold others (an
article, an options block) are judged by what they hold.
"""

from __future__ import annotations

from collections.abc import Sequence

from negotiation.brackets import OpenBracket, document_brackets
from negotiation.model import Document, ParagraphKind, ParagraphStatus
from negotiation.references import walk_with_references

AGREED = frozenset({ParagraphStatus.AGREED, ParagraphStatus.ADOPTED})
PROPOSAL_KINDS = frozenset({"proposal", "tabled"})
SHOWN_WORDS = 8  # words of a proposal quoted in a refusal


class CleanExportRefused(Exception):
    """A clean export was asked for a text that is not agreed; ``reasons`` lists each item."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        lines = [f"no clean text while {len(self.reasons)} item(s) are not agreed:"]
        lines.extend(f"  {reason}" for reason in self.reasons)
        super().__init__("\n".join(lines))


def clean_refusals(doc: Document) -> list[str]:
    """Every open bracket and proposal, then every paragraph not agreed, in reading order."""
    reasons = [f"{where}: {_notation(bracket)}" for where, _, bracket in document_brackets(doc)]
    for document in doc.documents():
        for where, paragraph in walk_with_references(document):
            if paragraph.kind in (ParagraphKind.ARTICLE, ParagraphKind.OPTIONS) \
                    and paragraph.children:
                continue
            if paragraph.status not in AGREED:
                reasons.append(f"{where}: not agreed ({paragraph.status})")
    return reasons


def ensure_clean(doc: Document) -> None:
    """Raise ``CleanExportRefused`` unless the text may be issued clean."""
    reasons = clean_refusals(doc)
    if reasons:
        raise CleanExportRefused(reasons)


def _notation(bracket: OpenBracket) -> str:
    """'[BELIZE: Conduct a study …]', '[shall / should]': long wordings cut after a few words."""
    if bracket.kind in PROPOSAL_KINDS:
        who = bracket.delegation or (bracket.requested_by[0] if bracket.requested_by else "")
        return f"[{(who or 'PROPOSAL').upper()}: {_shown(bracket.options[:1])}]"
    return f"[{_shown(bracket.options)}]"


def _shown(options: tuple[str, ...]) -> str:
    parts = []
    for option in options:
        words = option.split()
        parts.append(" ".join(words[:SHOWN_WORDS]) + (" …" if len(words) > SHOWN_WORDS else ""))
    return " / ".join(parts)
