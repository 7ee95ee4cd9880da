"""The history page's "who wrote what": a paragraph's blame as the template shows it.

Each delegation gets a *mark*, in order of first appearance in the text: a colour AND an
underline style (solid, dashed, dotted, double, wavy, ...) so that the spans also read in grey
print and for people who do not tell those colours apart; the legend names them, and each span
carries its delegation's name for screen readers (static/style.css: ``.by-N``). Text nobody of
a delegation wrote (the secretariat's import, the chair) gets its own mark, "Secretariat".
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation.blame import BlameSpan, delegations_of
from server.store import ParagraphAttribution

MARKS = 8  # static/style.css defines .by-0 ... .by-7; the ninth delegation takes .by-0 again
NO_DELEGATION = "Secretariat"


@dataclass(frozen=True)
class Shown:
    """One span as shown: its text, who, and its mark (``by-N``)."""

    text: str
    name: str
    delegation: str  # NO_DELEGATION for none
    version_id: str | None
    mark: str


@dataclass(frozen=True)
class AttributedText:
    spans: list[Shown]
    legend: list[tuple[str, str]]  # (delegation, mark), in order of first appearance


def attributed_text(attribution: ParagraphAttribution) -> AttributedText:
    delegations = delegations_of(attribution.spans)
    marks = {d: f"by-{n % MARKS}" for n, d in enumerate(delegations)}
    return AttributedText([_shown(span, marks) for span in attribution.spans],
                          [(d or NO_DELEGATION, marks[d]) for d in delegations])


def _shown(span: BlameSpan, marks: dict[str | None, str]) -> Shown:
    return Shown(span.text, span.author.name, span.author.delegation or NO_DELEGATION,
                 span.version_id, marks[span.author.delegation])
