"""The fixed vocabulary of OAS resolutions in English, Spanish, French and Portuguese.

Everything the importer recognises by its words lives here, as data, so that adding a language
means adding strings, not code:

* introductory phrases of preambular paragraphs ("BEARING IN MIND", "CONSIDERANDO", ...);
* the operative heading ("RESOLVES:", "RESUELVE:", "DÉCIDE :", "RESOLVE:") and the treaty
  transition "Have agreed as follows:";
* the issuing organ ("THE GENERAL ASSEMBLY,", "LA ASAMBLEA GENERAL,", "The Parties to this
  Agreement,");
* the document note ("(Approved by ...)", "(Adopted at ...)") and the document type line
  ("DRAFT RESOLUTION");
* notes after a paragraph: status marks ("(Agreed ad referendum)") and attribution notes
  ("(Phrase in brackets at the request of the B.R. of Venezuela)");
* page and web furniture ("Item 74 on the agenda", "June 4, 2009").

Delegation names are not here: the importer reaches them only through the two adapters at the
end (``canonical_delegation``, ``attribution_of``), which defer to ``negotiation.delegations``
(the OAS member states, as data) and ``negotiation.attribution`` (notes after a paragraph).
"""

from __future__ import annotations

import re

from negotiation import delegations
from negotiation.attribution import parse_attribution, parse_status_mark
from negotiation.model import ParagraphStatus

# Longest first so that "AWARE ALSO" wins over "AWARE". Upper case, as OAS texts print them.
INTRO_PHRASES: tuple[str, ...] = tuple(sorted({
    # English
    "ACKNOWLEDGING", "AFFIRMING", "ALSO RECOGNIZING", "ALSO CONSIDERING", "ALSO RECALLING",
    "AWARE", "AWARE ALSO", "BEARING IN MIND", "BEARING IN MIND ALSO", "CONCERNED",
    "CONSCIOUS", "CONSIDERING", "CONSIDERING ALSO", "CONVINCED", "DEEPLY CONCERNED",
    "EMPHASIZING", "EXPRESSING", "FURTHER RECALLING", "HAVING CONSIDERED", "HAVING RECEIVED",
    "HAVING SEEN", "HIGHLIGHTING", "MINDFUL", "NOTING", "NOTING ALSO", "NOTING WITH CONCERN",
    "NOTING WITH SATISFACTION", "REAFFIRMING", "RECALLING", "RECALLING ALSO", "RECOGNIZING",
    "RECOGNIZING ALSO", "REITERATING", "STRESSING", "TAKING INTO ACCOUNT",
    "TAKING INTO ACCOUNT ALSO", "TAKING NOTE", "UNDERSCORING", "WELCOMING",
    # Spanish
    "CONSIDERANDO", "CONSIDERANDO TAMBIÉN", "TENIENDO PRESENTE", "TENIENDO EN CUENTA",
    "RECORDANDO", "RECONOCIENDO", "REAFIRMANDO", "VISTO", "VISTOS", "HABIENDO VISTO",
    "TOMANDO EN CUENTA", "TOMANDO NOTA", "CONSCIENTE", "CONVENCIDA", "CONVENCIDO",
    "PREOCUPADA", "DESTACANDO", "SUBRAYANDO", "REITERANDO", "ACOGIENDO",
    "OBSERVANDO CON SATISFACCIÓN", "RECONOCIENDO ASIMISMO", "TENIENDO PRESENTE ASIMISMO",
    # French
    "CONSIDÉRANT", "AYANT VU", "AYANT PRÉSENT À L'ESPRIT", "RAPPELANT", "RECONNAISSANT",
    "RÉAFFIRMANT", "TENANT COMPTE", "PRENANT NOTE", "CONVAINCUE", "SOULIGNANT",
    "NOTANT AVEC SATISFACTION", "GARDANT À L'ESPRIT", "AYANT À L'ESPRIT",
    # Portuguese
    "CONSIDERANDO AINDA", "TENDO PRESENTE", "TENDO EM VISTA", "TENDO VISTO", "LEMBRANDO",
    "RECORDANDO AINDA", "RECONHECENDO", "LEVANDO EM CONTA", "CIENTE", "SALIENTANDO",
    "OBSERVANDO COM SATISFAÇÃO",
}, key=lambda phrase: (-len(phrase), phrase)))

# A caps word that looks like a participle or adjective opening a preambular paragraph,
# for phrases not in the list ("DEPLORING that ..."): -ING, -ED, -ANDO, -ENDO, -ANT.
_GENERIC_INTRO_WORD = re.compile(r"[A-ZÀ-Ý]{3,}(?:ING|ED|ANDO|ENDO|IENDO|ANT|ANTE)")

OPERATIVE_HEADINGS: tuple[str, ...] = (
    "RESOLVES", "RESOLVE", "DECIDES", "DECLARES", "RESUELVE", "DECIDE", "DECLARA",
    "RÉSOUT", "DÉCIDE", "DÉCLARE", "RESOLVEU",
)
_OPERATIVE_HEADING = re.compile(
    r"\s*(" + "|".join(OPERATIVE_HEADINGS) + r")\s*:?\s*$", re.IGNORECASE)
_TREATY_TRANSITION = re.compile(
    r"\s*(Have agreed as follows|Han convenido en lo siguiente|Sont convenues de ce qui suit|"
    r"Acordaram o seguinte)\s*:\s*$", re.IGNORECASE)

_ORGAN_ARTICLE = r"(?:THE|LA|EL|LE|LES|L['’]|A|O|OS|LOS|LAS)"
_ORGAN = re.compile(
    r"\s*(" + _ORGAN_ARTICLE + r"\s?[A-ZÀ-Ý][A-ZÀ-Ý'’ \-]{3,80}),\s*$")
_TREATY_ORGAN = re.compile(
    r"\s*(The Parties to this (?:Agreement|Protocol|Convention)|"
    r"Las Partes en el presente (?:Acuerdo|Protocolo)|"
    r"Les Parties au présent (?:Accord|Protocole)|"
    r"As Partes deste (?:Acordo|Protocolo)),\s*$")

_DOCUMENT_NOTE = re.compile(
    r"\s*\((?:Approved|Adopted|Aprobad[ao]|Adoptad[ao]|Approuvée?|Adoptée?|Aprovad[ao]|"
    r"Adotad[ao])\b[^()]*(?:\([^()]*\)[^()]*)*\)\s*$", re.IGNORECASE)
_ADOPTED = re.compile(r"\(\s*(?:Adopted|Adoptad[ao]|Adoptée?|Adotad[ao])\b", re.IGNORECASE)

DOCUMENT_TYPES: tuple[str, ...] = (
    "DRAFT RESOLUTION", "DRAFT DECLARATION", "PROYECTO DE RESOLUCIÓN",
    "PROYECTO DE DECLARACIÓN", "PROJET DE RÉSOLUTION", "PROJET DE DÉCLARATION",
    "PROJETO DE RESOLUÇÃO", "PROJETO DE DECLARAÇÃO",
)

# "CD/RES. 10 (82-R/07)", "AG/RES. 2348 (XXXVII-O/07)", "CP/RES. 915 (1587/07)",
# "AG/doc.4975/09 rev. 1".
_SYMBOL = re.compile(
    r"\s*([A-Z]{2,5}(?:/[A-Za-z]+)*/(?:RES|DEC|doc|DOC)\.?\s?[\d.]+[^\s(]*"
    r"(?:\s*\([^)]*\))?(?:\s*(?:rev|corr)\.\s*\d+)*)\s*$")

_FOOTNOTES_HEADING = re.compile(
    r"\s*(FOOTNOTES|NOTES|NOTAS|NOTAS DE PIE DE PÁGINA|NOTES DE BAS DE PAGE|NOTAS DE RODAPÉ)"
    r"\s*:?\s*$", re.IGNORECASE)

# Page and web furniture found before the text (or between pages), with the reason shown.
_FURNITURE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s*(Item|Tema|Point|Ponto)\s+\d+\s+(on|of|del|de|da|do)\b.*$", re.I),
     "agenda item line"),
    (re.compile(r"\s*(January|February|March|April|May|June|July|August|September|October|"
                r"November|December)\s+\d{1,2},\s*\d{4}\s*$", re.I), "date line"),
    (re.compile(r"\s*\d{1,2}\s+(de\s+)?(enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
                r"septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|mai|juin|"
                r"juillet|août|septembre|octobre|novembre|décembre|janeiro|fevereiro|março|"
                r"abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro)"
                r"(\s+de)?\s+\d{4}\s*$", re.I), "date line"),
    (re.compile(r"\s*(Organization of American States|Organización de los Estados Americanos|"
                r"Organisation des États Américains|Organização dos Estados Americanos)\s*$",
                re.I), "organisation name (page header)"),
    (re.compile(r"\s*(Bureau|Office|Department|Embassy|Mission)\s+of\b.*$"),
     "web page header"),
    (re.compile(r"\s*OEA/Ser\..*$"), "OAS series reference (page header)"),
    (re.compile(r"\s*(ORIGINAL|Original)\s*:.*$"), "original language line"),
    (re.compile(r"\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$"), "page number"),
    (re.compile(r"\s*(GENERAL\s+ASSEMBLY|PERMANENT\s+COUNCIL|ASAMBLEA\s+GENERAL|"
                r"CONSEJO\s+PERMANENTE)\s*$"), "page header"),
)


def intro_heading(line: str) -> str | None:
    """The phrase of a heading-style intro line ("CONSIDERING:" → "CONSIDERING"), or None.

    The colon may be missing for a known phrase ("CONSIDERING" alone on its line).
    """
    match = re.fullmatch(r"\s*([A-ZÀ-Ý][A-ZÀ-Ý'’ ]*[A-ZÀ-Ý])\s*(:?)\s*", line)
    if not match:
        return None
    phrase = re.sub(r"\s+", " ", match.group(1))
    if phrase in INTRO_PHRASES or (match.group(2) and
                                   _GENERIC_INTRO_WORD.fullmatch(phrase.split(" ")[0])):
        if is_operative_heading(line):
            return None
        return phrase
    return None


def inline_intro(text: str) -> str | None:
    """The introductory phrase opening a paragraph ("RECALLING that ..." → "RECALLING").

    Known phrases are matched at the start in capitals; an unknown run of capitals counts when
    its first word looks like a participle ("DEPLORING the ...").
    """
    for phrase in INTRO_PHRASES:
        if text.startswith(phrase) and (len(text) == len(phrase)
                                        or not text[len(phrase)].isalpha()):
            return phrase
    match = re.match(r"([A-ZÀ-Ý]{3,}(?: [A-ZÀ-Ý]{2,})*)(?=[ ,:]+[a-zà-ÿ“\"])", text)
    if match and _GENERIC_INTRO_WORD.fullmatch(match.group(1).split(" ")[0]):
        return match.group(1)
    return None


def is_operative_heading(line: str) -> bool:
    return bool(_OPERATIVE_HEADING.fullmatch(line))


def is_treaty_transition(line: str) -> bool:
    return bool(_TREATY_TRANSITION.fullmatch(line))


def organ(line: str) -> str | None:
    """The issuing organ as written ("THE GENERAL ASSEMBLY,"), or None."""
    stripped = line.strip()
    if _TREATY_ORGAN.fullmatch(line):
        return stripped
    match = _ORGAN.fullmatch(line)
    if match and len(match.group(1).split()) <= 12:
        return stripped
    return None


_ORGAN_LANGUAGE = (("en", r"THE\b"), ("es", r"(?:LA|EL|LOS|LAS)\b"),
                   ("fr", r"(?:L['’]|LE\b|LES\b)"), ("pt", r"(?:A|O|OS|AS)\b"))
_HEADING_LANGUAGE = {"RESUELVE": "es", "DECLARA": "es", "RÉSOUT": "fr", "DÉCIDE": "fr",
                     "DÉCLARE": "fr", "RESOLVE": "pt", "RESOLVEU": "pt"}


def language_of(organ_line: str | None, operative_heading: str | None) -> str:
    """"en", "es", "fr" or "pt", from the organ's article or else the operative heading."""
    if organ_line:
        for language, article in _ORGAN_LANGUAGE:
            if re.match(article, organ_line.strip()):
                return language
    if operative_heading:
        word = operative_heading.strip().rstrip(":").strip().upper()
        return _HEADING_LANGUAGE.get(word, "en")
    return "en"


def document_note(line: str) -> str | None:
    return line.strip() if _DOCUMENT_NOTE.fullmatch(line) else None


def note_says_adopted(note: str | None) -> bool:
    return bool(note and _ADOPTED.match(note.strip()))


def document_type(line: str) -> str | None:
    collapsed = re.sub(r"\s+", " ", line.strip()).upper()
    return collapsed if collapsed in DOCUMENT_TYPES else None


def symbol(line: str) -> str | None:
    match = _SYMBOL.fullmatch(line)
    return match.group(1) if match else None


def is_footnotes_heading(line: str) -> bool:
    return bool(_FOOTNOTES_HEADING.fullmatch(line))


def furniture(line: str) -> str | None:
    """Why a line is page or web furniture, or None when it is not."""
    for pattern, reason in _FURNITURE:
        if pattern.fullmatch(line):
            return reason
    return None


def status_mark(note: str) -> ParagraphStatus | None:
    """"(Agreed ad referendum)" → ParagraphStatus.AGREED_AD_REFERENDUM; None otherwise."""
    return parse_status_mark(note) if note.strip().startswith("(") else None


def is_attribution(note: str) -> bool:
    return attribution_of(note) is not None


_TRAILING_NOTE = re.compile(r"\s*(\([^()]*\))\s*$")


def split_trailing_notes(text: str) -> tuple[str, list[str]]:
    """Take status marks and attribution notes off the end of a paragraph.

    "... freedoms; (Phrase in brackets at the request of the B.R. of Venezuela)" gives
    ("... freedoms;", ["(Phrase in brackets at the request of the B.R. of Venezuela)"]).
    Notes come back in reading order; anything else in parentheses stays in the text.
    """
    notes: list[str] = []
    while True:
        match = _TRAILING_NOTE.search(text)
        if not match:
            break
        note = match.group(1)
        if status_mark(note) is None and not is_attribution(note):
            break
        notes.insert(0, note)
        text = text[:match.start()]
    return text, notes


# ---------------------------------------------------------------- delegations (adapter)
# The importer reaches delegation names only through these two functions, so that the
# delegation module can change its shape without the importer noticing.


def canonical_delegation(name: str) -> str | None:
    """The canonical delegation for a name as written, or None if it is not a member state."""
    return delegations.canonical_delegation(name)


def attribution_of(note: str) -> tuple[list[str], list[str]] | None:
    """(canonical delegations, names not recognised as written) of an attribution note.

    None when the note is not an attribution note.
    """
    parsed = parse_attribution(note)
    if parsed is None:
        return None
    return list(parsed.delegations), list(parsed.unrecognised)
