"""The vocabulary of UN texts: introductory phrases, operative phrases, organs (data file)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from negotiation import un_phrases
from negotiation.un_phrases import (
    language_of,
    listed_preambular,
    operative_phrase,
    organ,
    preambular_intro,
)


@pytest.mark.parametrize(("text", "intro"), [
    ("Recalling its resolutions 47/19", "Recalling"),
    ("Recalling also the measures", "Recalling also"),
    ("Taking note of declarations", "Taking note"),
    ("Having examined the report", "Having examined"),
    ("Bearing in mind the consensus", "Bearing in mind"),
    ("Desirous of building on that consensus", "Desirous of"),
    ("Deeply concerned that", "Deeply concerned"),
    ("Further recalling decision 1/CMA.4", "Further recalling"),
    ("Recognizing with concern that", "Recognizing with concern"),
    ("*Recalling* decision 1/CP.17", "Recalling"),  # Markdown keeps the italics
    ("[*Also recalling* decision 2/CP.18,", "Also recalling"),
    ("Deploring the loss", "Deploring"),  # not listed: a participle still reads as one
    ("Rappelant sa résolution", "Rappelant"),
    ("Recordando su resolución", "Recordando"),
    ("Tomando nota del informe", "Tomando nota"),
])
def test_preambular_phrases_in_sentence_case(text: str, intro: str) -> None:
    assert preambular_intro(text) == intro


@pytest.mark.parametrize("text", ["The Board will", "States, the legitimate interests",
                                  "Parties shall", "RECALLING that x"])
def test_words_that_open_no_preambular_paragraph(text: str) -> None:
    assert preambular_intro(text) is None


@pytest.mark.parametrize(("text", "phrase"), [
    ("Requests the Secretary-General", "Requests"),
    ("Also requests the Board", "Also requests"),
    ("Once again urges States", "Once again urges"),
    ("Takes note of the report", "Takes note"),
    ("Further invites Parties", "Further invites"),
    ("*Decides* to adopt", "Decides"),
    ("Prie le Secrétaire général", "Prie"),
    ("Solicita al Secretario General", "Solicita"),
])
def test_operative_phrases(text: str, phrase: str) -> None:
    assert operative_phrase(text) == phrase


def test_a_guessed_operative_verb_only_when_asked() -> None:
    assert operative_phrase("Rejects the loss of life") == "Rejects"
    assert operative_phrase("Rejects the loss of life", guess=False) is None
    assert operative_phrase("Recalling the x") is None
    assert listed_preambular("Recalling also x") and not listed_preambular("Lamenting x")


@pytest.mark.parametrize(("line", "language"), [
    ("The General Assembly,", "en"),
    ("The Human Rights Council,", "en"),
    ("The Conference of the Parties,", "en"),
    ("The Conference of the Parties", "en"),  # a decision of one paragraph has no comma
    ("\tThe Conference of the Parties serving as the meeting of the Parties to the Paris "
     "Agreement,", "en"),
    ("L'Assemblée générale,", "fr"),
    ("La Conférence des Parties,", "fr"),
    ("La Asamblea General,", "es"),
    ("*The Conference of the Parties,*", "en"),  # Markdown may set it in italics
    ("El Consejo de Derechos Humanos,", "es"),
])
def test_organs_and_their_language(line: str, language: str) -> None:
    assert organ(line) == line.strip()
    assert language_of(organ(line)) == language


@pytest.mark.parametrize("line", [
    "THE GENERAL ASSEMBLY,",  # the OAS writes its organs in capitals: not a UN organ
    "The Parties to this Agreement,",  # treaty style
    "The General Assembly decided that",
    "The Conference of the Parties to the UNFCCC (COP), the CMA and the Board hereby agree:",
    "General Assembly",  # a masthead, without its article
])
def test_lines_that_are_no_organ(line: str) -> None:
    assert organ(line) is None


def test_the_data_file_lists_three_languages_for_each_part() -> None:
    raw = resources.files("negotiation.data").joinpath("un_phrases.json").read_text("utf-8")
    data = json.loads(raw)
    for part in ("preambular", "operative", "adverbs", "organs"):
        assert set(data[part]) == {"en", "fr", "es"}, part
        assert all(data[part][language] for language in data[part]), part


def test_nothing_is_read_at_import_time() -> None:
    un_phrases.vocabulary.cache_clear()
    assert un_phrases.vocabulary.cache_info().currsize == 0
    assert preambular_intro("Recalling x") == "Recalling"
    assert un_phrases.vocabulary.cache_info().currsize == 1
