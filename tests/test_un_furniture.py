"""Masthead, page furniture and status lines of UN documents, one line at a time."""

from __future__ import annotations

import pytest

from negotiation import un_furniture
from negotiation.un_furniture import decision_heading, furniture, status_line, symbol


@pytest.mark.parametrize(("line", "reason"), [
    ("United Nations ", "masthead: the organisation"),
    ("Distr.: Limited ", "distribution line"),
    ("Distr.: General 27 March 2025", "distribution line"),
    ("7 October 2025 ", "date line"),
    ("Original: English ", "original language line"),
    ("25-16107 (E)    101025 ", "job number"),
    ("25-16107", "job number"),
    ("*2516107*", "barcode"),
    ("2/3", "page number"),
    ("Eightieth session ", "session line"),
    ("Fifty-eighth session", "session line"),
    ("Agenda item 38 ", "agenda item line"),
    ("Agenda items 20 and 21", "agenda item line"),
    ("First Committee ", "committee line"),
    ("\tAddendum", "report part line"),
    ("\tPart two: Action taken by the Conference of the Parties", "report part line"),
    ("GE.24-22445(E)", "job number"),
    ("2 GE.24-04702", "job number"),
    ("Baku, 11–22 November 2024", "place and dates of the session"),
    ("Paris, 30 November to 12 December 2015", "place and dates of the session"),
    ("Page 2 of 25", "page number"),
    ("Advance unedited version", "version line"),
    ("Version 2 – 10 December 2099 – 12:00", "version line"),
])
def test_furniture_lines(line: str, reason: str) -> None:
    assert furniture(line) == reason


@pytest.mark.parametrize("line", ["Recalling its resolution 79/7,", "1.", "Requests the Board;",
                                  "13 November 2012, 68/8 of 29 October 2013,"])
def test_text_is_not_furniture(line: str) -> None:
    assert furniture(line) is None


@pytest.mark.parametrize(("line", "found"), [
    ("A/80/L.6", "A/80/L.6"), ("A/RES/80/4 ", "A/RES/80/4"), ("A/C.1/80/L.1", "A/C.1/80/L.1"),
    ("FCCC/PA/CMA/2024/17/Add.2", "FCCC/PA/CMA/2024/17/Add.2"),
    ("A/HRC/58/L.12/Rev.1", "A/HRC/58/L.12/Rev.1"), ("S/RES/2719 (2023)", "S/RES/2719 (2023)"),
    ("8/CMA.6", None), ("Agenda", None), ("A/B", None)])
def test_symbols(line: str, found: str | None) -> None:
    assert symbol(line) == found


def test_status_sponsor_editorial_meeting_and_decision_lines() -> None:
    assert status_line("Cuba: draft resolution ")
    assert status_line("Australia:* draft resolution")
    assert status_line("Austria, Brazil and Chile: revised draft resolution")
    assert status_line("Resolution adopted by the General Assembly ")
    assert status_line("Draft resolution submitted by the Chair")
    assert not status_line("Recalling its draft resolution,")
    match = un_furniture.SPONSOR_LINE.fullmatch("Mexico and Türkiye:* draft resolution")
    assert match is not None and match.group("sponsors") == "Mexico and Türkiye"
    assert un_furniture.editorial("[without reference to a Main Committee (A/80/L.6)] ")
    assert un_furniture.editorial("[English only]")
    assert not un_furniture.editorial("[the most vulnerable]")
    assert un_furniture.meeting("22nd plenary meeting ")
    assert un_furniture.meeting("\tResumed 11th plenary meeting")
    assert decision_heading("\tDecision 13/CMA.6") == ("Decision 13/CMA.6", "13/CMA.6")
    assert decision_heading("Draft decision -/CP.21") == ("Draft decision -/CP.21", "-/CP.21")
    assert decision_heading("Decision 13/CMA.6 is recalled") is None
    assert un_furniture.table_symbol("|  | United Nations | FCCC/CP/2024/11/Add.1 |") == \
        "FCCC/CP/2024/11/Add.1"
    assert un_furniture.masthead_organ("Conference of the Parties serving as the meeting")
