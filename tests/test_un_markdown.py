"""The Markdown pass: what is Markdown and not text is set aside, every character kept."""

from __future__ import annotations

from negotiation.layout import split_lines
from negotiation.un_markdown import prepare

MARKDOWN = """---
title: Draft decision -/CP.99
---

* TOC
{:toc}

<!-- page 1 -->
## I. <span style="font-variant:small-caps;">Adoption</span>

1. *Decides* to adopt ~~the old text~~ the text[^1];
<!-- a comment
over two lines -->
2. *Requests* the secretariat;

[^1]: A note
    over two lines.
[src]: http://example.org
"""


def test_markup_is_set_aside_and_words_are_kept() -> None:
    prepared = prepare(split_lines(MARKDOWN))
    reasons = [reason for _, _, reason in prepared.artefacts]
    assert reasons.count("Markdown front matter") == 3
    assert reasons.count("Markdown table of contents marker") == 2
    assert reasons.count("HTML comment") == 3
    assert reasons.count("HTML markup") == 2
    assert ("~~the old text~~", 11, "struck-through words") in prepared.artefacts
    texts = [(line.heading_level, line.text) for line in prepared.lines]
    assert texts == [(2, "I. Adoption"), (0, "1. *Decides* to adopt  the text[^1];"),
                     (0, "2. *Requests* the secretariat;")]


def test_footnotes_over_several_lines_and_their_marks() -> None:
    prepared = prepare(split_lines(MARKDOWN))
    (note,) = prepared.notes
    assert (note.mark, note.text.text) == ("1", "A note\nover two lines.")
    assert note.target is prepared.lines[1] and prepared.lines[1].marks == ["1"]
    assert any(reason == "Markdown link reference definition"
               for _, _, reason in prepared.artefacts)
