"""Delegations' wordings in UN texts: names with digits, names in mixed case that are known."""

from __future__ import annotations

import pytest

from negotiation.brackets import paragraph_brackets
from negotiation.grammar import parse, render
from negotiation.model import Paragraph, ParagraphKind


@pytest.mark.parametrize(("text", "kind", "delegation"), [
    ("Decides [G77: to act] now.", "proposal", "G77"),
    ("Decides [G-77: to act] now.", "proposal", "G-77"),
    ("Decides [African Group: to act] now.", "proposal", "African Group"),
    ("Decides [Brazil: to act] now.", "proposal", "Brazil"),
    ("Decides [Note: to act] now.", "passage", None),  # mixed case and unknown: a passage
    ("Decides [Placeholder: to act] now.", "placeholder", None),
])
def test_prefixes_of_un_delegations(text: str, kind: str, delegation: str | None) -> None:
    parsed = parse(text)
    (bracket,) = parsed.brackets
    assert (bracket.kind.value, bracket.delegation) == (kind, delegation)
    assert render(parsed.nodes) == text


def test_brackets_name_the_un_delegation_when_the_oas_has_none() -> None:
    paragraph = Paragraph("p", ParagraphKind.OPERATIVE, "Decides [G77: to act] [VENEZUELA: now].")
    found = [(b.kind, b.requested_by) for b in paragraph_brackets(paragraph)]
    assert found == [("proposal", ("Group of 77 and China",)), ("proposal", ("Venezuela",))]
