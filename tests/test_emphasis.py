"""Markdown emphasis found for the renderers (negotiation.emphasis), the rule of the editor's
static/emphasis.js."""

from __future__ import annotations

from negotiation.emphasis import emphasis_runs


def test_italic_and_bold_without_their_marks() -> None:
    assert emphasis_runs("*Being* Parties to the **Convention**, _Noting_ it") == [
        ("Being", "em"), (" Parties to the ", None), ("Convention", "strong"), (", ", None),
        ("Noting", "em"), (" it", None)]


def test_arithmetic_lone_marks_and_marks_inside_words_are_plain() -> None:
    for text in ("2 * 3 * 4", "a lone * mark", "snake_case_name", "x*y*z"):
        assert emphasis_runs(text) == [(text, None)]
    assert emphasis_runs("") == []
