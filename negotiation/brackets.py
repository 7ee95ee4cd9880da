"""Every open bracket of a paragraph, as a chair reads them out and as the JSON lists them.

One paragraph can hold open brackets of several kinds; ``paragraph_brackets`` lists them in
this order:

    "article"    an article whose heading is bracketed ("## [Article 3bis] *(REDD-plus)*")
    "tabled"     the paragraph itself was tabled by one delegation ("c. [BELIZE:  ...]"):
                 options = (its text,), requested_by = (that delegation,)
    "options"    an options block ("**Option 1:** ... **Option 2:** No text"):
                 options = the options' texts, in order (an option written over
                 paragraphs gives theirs, one per line: "1. The CMA shall meet.")
    "paragraph"  the whole paragraph is one bracket ("[Recognizing the recent ...,]")
    "passage" / "alternatives" / "placeholder" / "proposal"
                 the grammar's brackets in the text, outermost first, nested ones included
                 ("[shared responsibility / co-responsibility]" → options
                 ("shared responsibility", "co-responsibility"))
    "proposal"   each delegation's alternative wording attached to the paragraph
                 ("[VENEZUELA:  That ...]" after it): options = (the proposal's text,)
                 followed by the brackets inside that wording

``requested_by``: for a tabled paragraph or a proposal, its own delegation; for a bracket
written "[VENEZUELA: ...]" inside the text, that delegation (the OAS's name, else the UN's:
"[G77: ...]" → "Group of 77 and China"); otherwise the delegations of the
paragraph's attribution note ("(Phrase in brackets at the request of the B.R. of Venezuela)"
→ ("Venezuela",)), or () when no note says who holds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from negotiation.grammar import BracketKind, parse
from negotiation.model import Artifact, Document, Paragraph, ParagraphKind
from negotiation.phrases import canonical_delegation
from negotiation.references import document_names, walk_with_references
from negotiation.registries import all_delegations

LINK_DEFINITION_REASON = "Markdown link reference definition"
_FOOTNOTE_ONLY = re.compile(r"\s*(?:\[\^[^\]]+\]\s*)+")


@dataclass(frozen=True)
class OpenBracket:
    kind: str  # "article" | "tabled" | "options" | "paragraph" | "passage" | "alternatives" |
    #            "placeholder" | "proposal"
    options: tuple[str, ...]
    requested_by: tuple[str, ...]
    depth: int = 1  # 1 for an outermost bracket of the paragraph's text
    start: int | None = None  # offsets in the paragraph's text (None: not in the text)
    end: int | None = None
    delegation: str | None = None  # a "[NAME: ...]" bracket's delegation, canonical if known

    def as_dict(self) -> dict:
        return {"options": list(self.options), "requested_by": list(self.requested_by),
                "kind": self.kind, "depth": self.depth}


def paragraph_brackets(paragraph: Paragraph,
                       link_refs: frozenset[str] = frozenset()) -> list[OpenBracket]:
    """Every open bracket of ONE paragraph (its children are paragraphs of their own)."""
    holders = tuple(paragraph.requested_by)
    found: list[OpenBracket] = []
    if paragraph.proposed_by:
        found.append(OpenBracket("tabled", (paragraph.text,), (paragraph.proposed_by,)))
    if paragraph.kind is ParagraphKind.OPTIONS:
        found.append(OpenBracket("options", tuple(_option_words(o) for o in paragraph.children),
                                 holders))
    in_text = _text_brackets(paragraph.text, holders, link_refs)
    if paragraph.kind is ParagraphKind.ARTICLE and in_text and in_text[0].start == 0:
        in_text[0] = replace(in_text[0], kind="article")  # "## [Article 3bis] ...": all of it
    found.extend(in_text)
    for proposal in paragraph.proposals:
        found.append(OpenBracket("proposal", (proposal.text,), (proposal.delegation,),
                                 delegation=proposal.delegation))
        found.extend(_text_brackets(proposal.text, (proposal.delegation,), link_refs,
                                    depth_offset=1, whole_counts=False))
    return found


def _option_words(option: Paragraph) -> str:
    """An option's words: its text, or (for "**Option 1:**" over paragraphs) theirs, by line."""
    if option.text or not option.children:
        return option.text
    return "\n".join(f"{child.label}. {child.text}" if child.label else child.text
                     for child in option.children)


def _text_brackets(text: str, holders: tuple[str, ...], link_refs: frozenset[str],
                   depth_offset: int = 0, whole_counts: bool = True) -> list[OpenBracket]:
    parsed = parse(text, link_refs)
    whole = parsed.whole_group() if whole_counts else None
    found = []
    for bracket in parsed.brackets:
        if all(_FOOTNOTE_ONLY.fullmatch(option) for option in bracket.options):
            continue  # "Parties[[^9]]": a footnote mark set in brackets by the transcription
        delegation = None
        requested_by = holders
        if bracket.delegation is not None:
            delegation = (canonical_delegation(bracket.delegation)
                          or _un_name(bracket.delegation) or bracket.delegation)
            requested_by = (delegation,)
        kind = bracket.kind.value
        if whole is not None and bracket.depth == 1 and bracket.start == whole.start \
                and bracket.kind is BracketKind.PASSAGE:
            kind = "paragraph"
        found.append(OpenBracket(kind, bracket.options, requested_by,
                                 bracket.depth + depth_offset, bracket.start, bracket.end,
                                 delegation))
    return found


def _un_name(name: str) -> str | None:
    """The UN's name for a delegation the OAS does not have ("G77" → "Group of 77 and China")."""
    found = all_delegations().find(name)
    return found.name if found is not None else None


def link_refs_of(doc: Document) -> frozenset[str]:
    """Labels of the Markdown reference links a document defines ("[source]: http://...")."""
    return frozenset(_link_label(a) for a in doc.artifacts if a.reason == LINK_DEFINITION_REASON)


def _link_label(artifact: Artifact) -> str:
    return artifact.text.strip()[1:].split("]:", 1)[0]


def document_brackets(doc: Document) -> Iterator[tuple[str, Paragraph, OpenBracket]]:
    """(reference, paragraph, bracket) for every open bracket of ``doc``, in reading order,
    then those of the documents it holds (a UN file's annexes and decisions), their
    references naming them ("decision 8/CMA.6, operative paragraph 3")."""
    link_refs = link_refs_of(doc)
    names = document_names(doc)
    for document in doc.documents():
        name = names.get(id(document))
        for reference, paragraph in walk_with_references(document):
            where = f"{name}, {reference}" if name else reference
            for bracket in paragraph_brackets(paragraph, link_refs):
                yield where, paragraph, bracket
