"""Lines of UN documents that are no part of the text: masthead, page furniture, status lines.

A General Assembly draft as PDF text opens with its masthead and repeats some of it at every
page break (even in the middle of a sentence)::

    United Nations                       masthead: the organisation
    A/80/L.6                             the symbol (the document's; a running head later)
    General Assembly                     masthead: the organ
    Distr.: Limited                      distribution
    7 October 2025                       date
    Original: English                    original language
    25-16107 (E)    101025               job number (running head: "25-16107")
    *2516107*                            barcode
    Eightieth session                    session
    First Committee                      committee (committee drafts)
    Agenda item 38                       agenda item, then the agenda item's title
    Cuba: draft resolution               status and sponsor line ("Australia:* draft resolution")
    2/2                                  page number (running head)

Adopted texts: "Resolution adopted by the General Assembly" / "on 29 October 2025", the
editorial line "[without reference to a Main Committee (A/80/L.6)]", the resolution number
before the title ("80/4. Necessity of ..."), and "22nd plenary meeting" / the date after the
last paragraph. UNFCCC reports (Word conversions) have a Markdown-table masthead
("|  | United Nations | FCCC/PA/CMA/2024/17/Add.2 |"), "Addendum", "Part two: ...", a table
of contents, and "Decision 1/CMA.6" over each decision.

Each function takes one line (stripped or not) and says what it is; the readers decide what
to do with it.
"""

from __future__ import annotations

import re

_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|"
           r"November|December|janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
           r"octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
           r"septiembre|octubre|noviembre|diciembre)")
DATE = re.compile(rf"\s*\d{{1,2}}\s+(?:de\s+)?{_MONTHS}(?:\s+de)?\s+\d{{4}}\s*", re.I)
# "A/80/L.6", "A/RES/80/4", "A/C.1/80/L.1", "FCCC/PA/CMA/2024/17/Add.2", "A/HRC/58/L.12/Rev.1",
# "S/RES/2719 (2023)": letters, then slash-separated parts, at least one digit.
UN_SYMBOL = re.compile(
    r"\s*(?P<symbol>(?=[^\s]*\d)[A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+"
    r"(?:\s\(\d{4}\))?(?:\*+)?)\s*")
# "25-16107 (E)    101025", "GE.24-22445(E)", and UNFCCC footers "2 GE.24-04702", "GE.24-04702 3".
JOB_NUMBER = re.compile(r"\s*(?:\d{1,3}\s+)?(?:GE\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?"
                        r"(?:\s+\d{6})*(?:\s+\d{6}\*?)?(?:\s+\d{1,3})?\s*")
BARCODE = re.compile(r"\s*\*\d{6,}\*\s*")
PAGE_NUMBER = re.compile(
    r"\s*(?:\d{1,3}/\d{1,3}|(?:Page\s+)?\d{1,3}\s+of\s+\d{1,3}|[-–]\s*\d{1,3}\s*[-–])\s*", re.I)
BARE_NUMBER = re.compile(r"\s*\d{1,3}\s*")  # a page number alone (between blank lines)
# "Geneva, 1–12 December 2099", "Baku, 11–22 November 2024": where and when a session meets.
SESSION_PLACE = re.compile(
    rf"\s*[A-Z][\w .'’-]{{1,40}},\s*\d{{1,2}}(?:\s+{_MONTHS})?(?:\s*(?:[–-]|to)\s*\d{{1,2}})?"
    rf"\s+{_MONTHS}\s+\d{{4}}\s*")
FOOTNOTE_SEPARATOR = re.compile(r"\s*_{5,}\s*")
MEETING = re.compile(r"\s*(?:Resumed\s+)?\d{1,3}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\s*"
                     r"|\s*\d{1,3}(?:e|re)\s+séance\s+plénière\s*"
                     r"|\s*\d{1,3}a\s+sesión\s+plenaria\s*", re.I)
DECISION_HEADING = re.compile(
    r"\s*(?:\*\*)?(?P<heading>(?:Draft\s+decision|Decision|Projet\s+de\s+décision|Décision|"
    r"Proyecto\s+de\s+decisión|Decisión)\s+(?P<symbol>[-–\d]+/[A-Z]{2,5}\.[\dA-Z]+))"
    r"(?:\*\*)?\s*")
MASTHEAD_TABLE = re.compile(r"\s*\|.*\|\s*")
ANNEX = re.compile(r"\s*(?P<annex>(?:Annex|ANNEX|Annexe|ANNEXE|Anexo|ANEXO)"
                   r"(?:\s+(?:[IVX]{1,5}|\d{1,2}|[A-Z]))?)(?P<marks>\*{0,3})"
                   r"(?:\s*[:.–-]\s*(?P<title>\S.*?))?\s*")

_FURNITURE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s*(?:United Nations|Nations Unies|Naciones Unidas)\s*"),
     "masthead: the organisation"),
    (SESSION_PLACE, "place and dates of the session"),
    (re.compile(r"\s*(?:Advance\s+unedited\s+version|Version\s+\d.*|"
                r"Draft\s+text\s+(?:on|of)\b.*)\s*", re.I), "version line"),
    (re.compile(r"\s*Distr\.\s*:?\s*(?:General|Limited|Restricted|Générale|Limitée|"
                r"Restreinte|General|Limitada|Reservada)\b.*", re.I), "distribution line"),
    (re.compile(r"\s*(?:Original|Anglais|Español|Français)\s*:.*", re.I),
     "original language line"),
    (JOB_NUMBER, "job number"),
    (BARCODE, "barcode"),
    (PAGE_NUMBER, "page number"),
    (DATE, "date line"),
    (re.compile(r"\s*(?:[A-Z][a-z]+(?:-[a-z]+)?|\d{1,3}(?:st|nd|rd|th))\s+"
                r"(?:regular\s+|special\s+|emergency\s+special\s+|resumed\s+)?session\s*"
                r"(?:\(.*\))?\s*"), "session line"),
    (re.compile(r"\s*(?:Agenda\s+items?|Point\s+\d|Points\s+\d|Tema\s+\d|Temas\s+\d)\b.*",
                re.I), "agenda item line"),
    (re.compile(r"\s*(?:First|Second|Third|Fourth|Fifth|Sixth)\s+Committee\s*|"
                r"\s*Special Political and Decolonization Committee.*"), "committee line"),
    (re.compile(r"\s*(?:Addendum|Corrigendum|Additif|Adición|Part\s+(?:one|two|three|four)"
                r"\b.*|Revision\s*\d*)\s*", re.I), "report part line"),
)
_ORGAN_MASTHEAD = re.compile(
    r"\s*(?:General Assembly|Security Council|Economic and Social Council|"
    r"Human Rights Council|Conference of the Parties|Executive Board|World Health Assembly|"
    r"Subsidiary Body for (?:Scientific and Technological Advice|Implementation)|"
    r"Assemblée générale|Asamblea General)\b.*")
EDITORIAL = re.compile(
    r"\s*\[(?:(?:English|French|Spanish|Russian|Arabic|Chinese)(?:\s+and\s+\w+)?\s+only|"
    r"Original\s*:[^\]]*|without reference to a Main Committee[^\]]*|"
    r"on the report of the [^\]]*|sans renvoi[^\]]*|sin remisión[^\]]*)\]\s*", re.I)
_DRAFT = (r"(?:(?:revised\s+)?draft\s+(?:resolution|decision|declaration|conclusions)|"
          r"projet\s+de\s+(?:résolution|décision)|proyecto\s+de\s+(?:resolución|decisión))")
# "Cuba: draft resolution", "Australia:* draft resolution", "Austria, Brazil and Chile:
# revised draft resolution": the sponsors before the colon.
SPONSOR_LINE = re.compile(rf"\s*(?P<sponsors>[^:]{{2,400}}?)\s*:\s*\**\s*{_DRAFT}\s*", re.I)
STATUS_LINE = re.compile(
    rf"\s*(?:{_DRAFT}(?:\s+(?:submitted|proposed|recommended)\s+by\b.*)?|"
    r"(?:Proposal|Draft proposal)\s+by\s+the\s+(?:President|Chair|Co-Chairs|Presidency).*|"
    r"(?:Resolution|Decision)\s+adopted\s+by\s+the\b.*|"
    r"Résolution\s+adoptée\s+par\b.*|Resolución\s+aprobada\s+por\b.*)\s*", re.I)
ADOPTED = re.compile(r"\b(?:adopted|adoptée|aprobada)\b", re.I)
# "80/4. Necessity of ...": the resolution's number before its title.
RESOLUTION_NUMBER = re.compile(r"\s*(?P<number>\d{1,3}/\d{1,4})\.\s+(?=\S)")
CONTENTS = re.compile(r"\s*(?:Contents|Table of contents|Table des matières|Índice)\s*", re.I)


def furniture(line: str) -> str | None:
    """Why ``line`` is masthead or page furniture, or None."""
    for pattern, reason in _FURNITURE:
        if pattern.fullmatch(line):
            return reason
    return None


def masthead_organ(line: str) -> bool:
    """"General Assembly" or "Conference of the Parties serving as the meeting" in a
    masthead: the organ without an article (the organ above the preamble has one)."""
    return bool(_ORGAN_MASTHEAD.fullmatch(line))


_ORGANISATION_AND_SYMBOL = re.compile(
    r"\s*(?:United Nations|Nations Unies|Naciones Unidas)\s+(?P<rest>\S.*?)\s*")


def organisation_and_symbol(line: str) -> str | None:
    """"United Nations FCCC/PA/CMA/2024/L.22" on one line: the symbol, or None."""
    match = _ORGANISATION_AND_SYMBOL.fullmatch(line)
    return symbol(match.group("rest")) if match else None


def symbol(line: str) -> str | None:
    """A UN document symbol standing alone on the line ("A/80/L.6"), or None."""
    match = UN_SYMBOL.fullmatch(line)
    return match.group("symbol").rstrip("*") if match else None


def decision_heading(line: str) -> tuple[str, str] | None:
    """("Decision 8/CMA.6", "8/CMA.6") for a decision's heading line, or None."""
    match = DECISION_HEADING.fullmatch(line)
    return (match.group("heading"), match.group("symbol")) if match else None


def meeting(line: str) -> bool:
    """"22nd plenary meeting", "Resumed 11th plenary meeting": the meeting that adopted."""
    return bool(MEETING.fullmatch(line))


def status_line(line: str) -> bool:
    return bool(STATUS_LINE.fullmatch(line) or SPONSOR_LINE.fullmatch(line))


def editorial(line: str) -> bool:
    """"[English only]", "[without reference to a Main Committee (A/80/L.6)]": not brackets."""
    return bool(EDITORIAL.fullmatch(line))


def table_symbol(line: str) -> str | None:
    """The symbol in a Markdown-table masthead row ("| | United Nations | FCCC/... |")."""
    for cell in line.strip().strip("|").split("|"):
        found = symbol(cell)
        if found:
            return found
    return None
