"""Blame as people and programs read it: the current text of a paragraph cut into spans, each
naming who typed it, for which delegation, in which version (None while pending).

Offsets are given twice, so that a browser and Python both index the text directly:
``start``/``end`` count UTF-16 code units (JavaScript's ``String.prototype.slice``), and
``start_cp``/``end_cp`` count code points (Python's ``str`` slicing). They differ only after
a character beyond U+FFFF (an emoji counts 2 units, 1 code point)::

    >>> w = Weave.from_text("a😀b", Author("Chair"), "v0")
    >>> w.apply([3, "!"], Author("li", "Belize"))
    >>> [(s.start, s.end, s.start_cp, s.end_cp, s.text) for s in blame_spans(w)]
    [(0, 4, 0, 3, 'a😀b'), (4, 5, 3, 4, '!')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from negotiation.author import Author
from negotiation.authorship import Weave


@dataclass(frozen=True)
class BlameSpan:
    start: int  # UTF-16 code units
    end: int
    start_cp: int  # code points
    end_cp: int
    text: str
    author: Author
    version_id: str | None  # None: typed, not yet in a version

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "start_cp": self.start_cp,
                "end_cp": self.end_cp, "text": self.text, "name": self.author.name,
                "delegation": self.author.delegation, "version": self.version_id}


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def blame_spans(weave: Weave) -> list[BlameSpan]:
    """``weave.blame()`` with offsets and texts, in order; the texts join to ``weave.text``."""
    text, spans = weave.text, []
    start_cp = start = 0
    for span in weave.blame():
        piece = text[start_cp:start_cp + span.length]
        end = start + utf16_length(piece)
        spans.append(BlameSpan(start, end, start_cp, start_cp + span.length, piece,
                               span.author, span.version_id))
        start, start_cp = end, start_cp + span.length
    return spans


def delegations_of(spans: list[BlameSpan]) -> list[str | None]:
    """The delegations the spans name, in order of first appearance (None: no delegation,
    e.g. the secretariat)."""
    seen: list[str | None] = []
    for span in spans:
        if span.author.delegation not in seen:
            seen.append(span.author.delegation)
    return seen
