"""What follows a paragraph in UN drafts: who proposed it, a delegation's wording, its status.

    2. Requests the secretariat ...; (Proposed by the African Group)
                                     the paragraph was tabled by the African Group: proposed_by,
                                     attribution (the note as written), requested_by
    (Proposed by Brazil, South Africa, India and China)
                                     on its own line: the same, several delegations
    [G77: Recalling decisions ...]   alone right after a paragraph: that delegation's wording
    4. [African Group: Requests ...] a paragraph tabled by a delegation written in mixed case
                                     (read as a delegation only when the registry knows it)
    (Agreed ad referendum)           a status mark, as in OAS texts

Names are those of the UN registry (``registries``); an unknown name is kept as written and
reported.
"""

from __future__ import annotations

import re

from negotiation.attribution import parse_status_mark
from negotiation.layout import SourceSpan
from negotiation.model import Paragraph, ParagraphStatus
from negotiation.name_lists import split_names
from negotiation.registries import all_delegations
from negotiation.workbench import ProposalText, Workbench, proposal_text

_PROPOSED_BY = re.compile(
    r"\s*\(\s*(?:proposed|proposal|submitted|tabled)\s+by\s+(?P<who>[^()]+?)\s*\)\s*$", re.I)
_MIXED_PROPOSAL = re.compile(r"\[(?P<name>[A-ZÀ-Ý][\wÀ-ÿ.'’()\- ]{1,60}?):[ \t]+")
_NOTE_AT_END = re.compile(r"\s*(\([^()]*\))\s*$")


def is_note(text: str) -> bool:
    """"(Proposed by ...)" or a status mark such as "(Agreed ad referendum)"."""
    return bool(_PROPOSED_BY.fullmatch(text) or parse_status_mark(text))


def notes_off(span: SourceSpan) -> tuple[SourceSpan, list[tuple[str, int, int]]]:
    """Take "(Proposed by ...)" and status marks off the end of a paragraph's words: the
    words, and (note, line, column) of each note in reading order."""
    notes: list[tuple[str, int, int]] = []
    text = span.text
    while True:
        match = _NOTE_AT_END.search(text)
        if not match or not is_note(match.group(1)):
            break
        line, column = span.locate(match.start(1))
        notes.insert(0, (match.group(1), line, column))
        text = text[:match.start()]
    return span.slice(0, len(text.rstrip())), notes


def apply_note(workbench: Workbench, paragraph: Paragraph, note: str, line: int,
               column: int) -> None:
    """What the note says about ``paragraph``: its status, or who proposed it."""
    status = parse_status_mark(note)
    if status is not None:
        paragraph.status = ParagraphStatus(status)
        return
    match = _PROPOSED_BY.fullmatch(note)
    if match is None:  # pragma: no cover - callers pass only what is_note accepts
        return
    registry = workbench.registry
    canonical = []
    for name in split_names(match.group("who"), lambda n: registry is not None
                            and registry.find(n) is not None):
        found = registry.find(name) if registry is not None else None
        canonical.append(found.name if found is not None else name)
        if found is None:
            workbench.find(f"“{name}” in the note {note} is not a known UN delegation; kept as "
                          "written", line, column, paragraph)
    paragraph.attribution = note if paragraph.attribution is None else \
        f"{paragraph.attribution} {note}"
    for name in canonical:
        if name not in paragraph.requested_by:
            paragraph.requested_by.append(name)
    if paragraph.proposed_by is None and canonical:
        paragraph.proposed_by = canonical[0]


def mixed_proposal(text: str) -> ProposalText | None:
    """"[African Group: ...]", "[G77: ...]": a delegation written in mixed case or with
    digits, when the registry knows it (a name in capitals is ``proposal_text``'s)."""
    match = _MIXED_PROPOSAL.match(text)
    if match is None or all_delegations().find(match.group("name")) is None:
        return None
    parsed = proposal_text("[XX: " + text[match.end():])  # the words as for a name in capitals
    if parsed is None:
        return None
    shift = match.end() - len("[XX: ")
    return ProposalText(match.group("name"), parsed.start + shift, parsed.end + shift)
