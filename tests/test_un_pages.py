"""The page pass over UN PDF text: running heads and page-foot footnotes set aside, marks cut."""

from __future__ import annotations

from negotiation.layout import split_lines
from negotiation.un_pages import prepare

PAGES = """United Nations
A/80/L.99
General Assembly
Necessity of a test
Narnia: draft resolution
The General Assembly,

Recalling its resolution 79/7 of
__________________

1 A/79/1.

A/80/L.99

25-99999
2/3

13 November 2024,1 and of 10 October 19902 on

Noting that the Board met in 2024, 3
__________________

2 A/45/435, as
corrected.

3 Treaty Series, vol. 1.

* Any changes to the list of sponsors will be
reflected in the official record.
"""


def test_running_heads_are_set_aside_and_mark_a_page_break() -> None:
    prepared = prepare(split_lines(PAGES))
    reasons = [(text, reason) for text, _, reason in prepared.artefacts]
    assert ("A/80/L.99", "running head: the symbol") in reasons
    assert ("25-99999", "running head: the job number") in reasons
    assert ("2/3", "page number") in reasons
    texts = [line.text for line in prepared.lines]
    assert "A/80/L.99" in texts  # the masthead's symbol stays for the front matter
    assert texts.count("A/80/L.99") == 1
    after_break = next(line for line in prepared.lines if line.text.startswith("13 November"))
    assert after_break.page_break


def test_footnotes_and_their_marks_glued_or_set_off() -> None:
    prepared = prepare(split_lines(PAGES))
    notes = {note.mark: note for note in prepared.notes}
    assert notes["2"].text.text == "A/45/435, as corrected."  # a note over two lines
    assert notes["3"].text.text == "Treaty Series, vol. 1."
    # note 1 stands at the foot of page 1, its "mark" on page 2: a mark is looked for on its
    # note's page only, so the "1" stays in the words and the note is kept untied
    assert notes["1"].target is None
    line = notes["2"].target
    assert line is not None and line.text == "13 November 2024,1 and of 10 October 1990 on"
    assert line.marks == ["2"]
    spaced = notes["3"].target
    assert spaced is not None and spaced.text == "Noting that the Board met in 2024, "
    sponsors = [a for a in prepared.artefacts if a[2] == "note on the list of sponsors"]
    assert sponsors == [("* Any changes to the list of sponsors will be reflected in the "
                         "official record.", 28, "note on the list of sponsors")]
    assert not any(line.text.startswith(("1 A/79", "2 A/45", "*")) for line in prepared.lines)


def test_a_year_is_not_a_mark_unless_a_note_says_so() -> None:
    text = "The General Assembly,\n\nRecalling its resolution of 1990,\n"
    prepared = prepare(split_lines(text))
    assert prepared.notes == [] and [line.text for line in prepared.lines][-1] == \
        "Recalling its resolution of 1990,"


def test_decision_symbols_keep_their_digits() -> None:
    text = ("The Conference of the Parties,\n\nRecalling decisions 11/CMA.3 and 2/CP.1\n"
            "__________\n3 A note.\n")
    prepared = prepare(split_lines(text))
    assert prepared.notes[0].target is None  # "CMA.3" is a symbol, not mark 3
    assert "11/CMA.3" in prepared.lines[-1].text
