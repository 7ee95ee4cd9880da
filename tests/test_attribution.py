"""Attribution notes ("(Phrase in brackets at the request of ...)") and status marks."""

import pytest

from negotiation.attribution import Attribution, parse_attribution, parse_status_mark
from negotiation.model import ParagraphStatus


@pytest.mark.parametrize(("note", "delegations", "scope"), [
    # the forms of seed 003 (2007 draft)
    ("(Phrase in brackets at the request of the B.R. of Venezuela)", ("Venezuela",), "phrase"),
    ("(In brackets at the request of the B.R. of Venezuela)", ("Venezuela",), "paragraph"),
    # several delegations: "and", a list, an Oxford comma, "delegation(s) of"
    ("(Text in brackets at the request of the delegations of Canada and Chile)",
     ("Canada", "Chile"), "text"),
    ("(Text in brackets at the request of the delegations of Canada, Chile and Mexico)",
     ("Canada", "Chile", "Mexico"), "text"),
    ("(Text in brackets at the request of Canada, Chile, and the United States)",
     ("Canada", "Chile", "United States"), "text"),
    ("(Text in brackets at the request of the delegation of Canada and of Chile)",
     ("Canada", "Chile"), "text"),
    ("(Paragraph in brackets at the request of the delegation of Mexico)", ("Mexico",),
     "paragraph"),
    ("(Words in brackets at the request of the United States delegation)", ("United States",),
     "phrase"),
    ("(Bracketed at the request of Brazil)", ("Brazil",), "paragraph"),
    # names with "and" inside them are not split
    ("(Text in brackets at the request of the delegations of Trinidad and Tobago and Canada)",
     ("Trinidad and Tobago", "Canada"), "text"),
    ("(Phrase in brackets at the request of ST. KITTS AND NEVIS and Saint Vincent and the "
     "Grenadines)", ("Saint Kitts and Nevis", "Saint Vincent and the Grenadines"), "phrase"),
    # Spanish
    ("(Texto entre corchetes a solicitud de la delegación de Venezuela)", ("Venezuela",), "text"),
    ("(Frase entre corchetes a solicitud de las delegaciones de Canadá y Chile)",
     ("Canada", "Chile"), "phrase"),
    ("(Párrafo entre corchetes a solicitud de la R.B. de Venezuela)", ("Venezuela",),
     "paragraph"),
    ("(Entre corchetes a pedido de BELICE)", ("Belize",), "paragraph"),
    ("(Texto entre corchetes a solicitud de El Salvador y Trinidad y Tobago)",
     ("El Salvador", "Trinidad and Tobago"), "text"),
    # French
    ("(Phrase entre crochets à la demande des délégations du Canada et du Chili)",
     ("Canada", "Chile"), "phrase"),
    ("(Texte entre crochets à la demande de la délégation d’Haïti)", ("Haiti",), "text"),
    ("(Paragraphe entre crochets à la demande des États-Unis)", ("United States",),
     "paragraph"),
    # Portuguese
    ("(Texto entre colchetes a pedido da delegação do Brasil)", ("Brazil",), "text"),
    ("(Palavras entre colchetes a pedido das delegações da Venezuela e de São Vicente e "
     "Granadinas)", ("Venezuela", "Saint Vincent and the Grenadines"), "phrase"),
    # written without parentheses, with a full stop, in capitals
    ("Phrase in brackets at the request of the B.R. of Venezuela.", ("Venezuela",), "phrase"),
    ("(TEXT IN BRACKETS AT THE REQUEST OF VENEZUELA)", ("Venezuela",), "text"),
])
def test_attribution_forms(note: str, delegations: tuple[str, ...], scope: str) -> None:
    assert parse_attribution(note) == Attribution(delegations, (), scope)


def test_a_name_that_is_no_member_state_is_kept_as_written() -> None:
    assert parse_attribution("(Paragraph in brackets at the request of Narnia and Canada)") == \
        Attribution(("Canada",), ("Narnia",), "paragraph")
    assert parse_attribution("(Text in brackets at the request of the Holy See and Gondor)") == \
        Attribution((), ("the Holy See", "Gondor"), "text")


def test_a_delegation_named_twice_counts_once() -> None:
    attribution = parse_attribution(
        "(Text in brackets at the request of Venezuela and the B.R. of Venezuela)")
    assert attribution == Attribution(("Venezuela",), (), "text")


@pytest.mark.parametrize("note", [
    "(Agreed ad referendum)",
    "(Footnote 3)",
    "(In brackets)",  # nobody named
    "(Text in brackets at the request of)",
    "(Approved by the Permanent Council at its meeting of May 22, 2009)",
    "(Adopted at the fourth plenary session, held on June 4, 2009)",
    "(Footnotes in brackets at the request of Canada)",  # not a scope word
    "",
])
def test_what_is_not_an_attribution_note_gives_none(note: str) -> None:
    assert parse_attribution(note) is None


@pytest.mark.parametrize(("mark", "status"), [
    ("(Agreed ad referendum)", ParagraphStatus.AGREED_AD_REFERENDUM),
    ("(Agreed ad ref.)", ParagraphStatus.AGREED_AD_REFERENDUM),
    ("(AGREED AD REFERENDUM)", ParagraphStatus.AGREED_AD_REFERENDUM),
    ("(Agreed)", ParagraphStatus.AGREED),
    ("Agreed.", ParagraphStatus.AGREED),
    ("(Acordado ad referéndum)", ParagraphStatus.AGREED_AD_REFERENDUM),
    ("(Aprobado ad referéndum)", ParagraphStatus.AGREED_AD_REFERENDUM),
    ("(Acordado)", ParagraphStatus.AGREED),
    ("(Aprobado)", ParagraphStatus.AGREED),
    ("(Approuvé ad referendum)", ParagraphStatus.AGREED_AD_REFERENDUM),
    ("(Convenu)", ParagraphStatus.AGREED),
    ("(Aprovado ad-referendum)", ParagraphStatus.AGREED_AD_REFERENDUM),
    ("(Aprovado)", ParagraphStatus.AGREED),
])
def test_status_marks(mark: str, status: ParagraphStatus) -> None:
    assert parse_status_mark(mark) == status
    assert parse_status_mark(mark) == str(status)  # a plain string too


@pytest.mark.parametrize("note", [
    "(Agreed in part)",
    "(Phrase in brackets at the request of the B.R. of Venezuela)",
    "(Approved by the Permanent Council at its meeting of May 22, 2009)",
    "(Not agreed)",
    "",
])
def test_what_is_not_a_status_mark_gives_none(note: str) -> None:
    assert parse_status_mark(note) is None
