"""The words UN resolutions and decisions are recognised by, read from ``data/un_phrases.json``.

* introductory phrases of preambular paragraphs, in sentence case because plain text loses the
  italics of print: "Recalling", "Taking note", "Recognizing also", "Further recalling",
  "Deeply concerned", "Desirous of"; French "Rappelant", Spanish "Recordando";
* phrases that open an operative paragraph: "Requests", "Takes note", "Also decides";
* the issuing organ standing alone above the preamble: "The General Assembly,", "The
  Conference of the Parties serving as the meeting of the Parties to the Paris Agreement,",
  "Le Conseil des droits de l'homme,", "La Conferencia de las Partes" (comma optional).

OAS texts write their phrases in capitals ("RECALLING") and keep their own list in
``negotiation.phrases``; nothing here changes how they are read.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

_LANGUAGES = ("en", "fr", "es")
_ARTICLES = {"en": r"The", "fr": r"(?:La|Le|Les|L['’])", "es": r"(?:La|El|Los|Las)"}
# "Decides", "Also requests", "Further invites": a verb in the third person singular, for
# paragraphs whose phrase is not in the list. Used to classify a paragraph, never to split one.
_GENERIC_OPERATIVE = re.compile(r"(?:[A-Z][a-z]+ )?[A-Z][a-z]{2,}(?:s|es)(?= [a-z“\"(])")
_GENERIC_PREAMBULAR = re.compile(r"(?:[A-Z][a-z]+ )?[A-Z][a-z]{2,}(?:ing|ed)(?= [a-z“\"(,])")
# "*Recalling* decision ..." and "[*Also recalling*": the italic phrase of Markdown.
_ITALIC_INTRO = re.compile(r"[\[ ]*[*_]\[?(?P<intro>[A-ZÀ-Ý][^*_\[\]]*?)\]?[*_](?![*_])")


@dataclass(frozen=True)
class Vocabulary:
    preambular: re.Pattern[str]
    operative: re.Pattern[str]
    organ: re.Pattern[str]
    organ_language: dict[str, str]  # organ head word (folded) -> language


@functools.cache
def vocabulary() -> Vocabulary:
    raw = resources.files("negotiation.data").joinpath("un_phrases.json").read_text("utf-8")
    data = json.loads(raw)

    def alternatives(phrases: list[str]) -> str:
        ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
        return "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]")
                        for p in ordered)

    adverbs = alternatives([a for lang in _LANGUAGES for a in data["adverbs"][lang]])
    preambular = [p for lang in _LANGUAGES for p in data["preambular"][lang]]
    operative = [p for lang in _LANGUAGES for p in data["operative"][lang]]
    lowered = [p[:1].lower() + p[1:] for p in operative]  # "Also requests", "Once again urges"
    organs = []
    organ_language: dict[str, str] = {}
    for language in _LANGUAGES:
        names = alternatives(data["organs"][language])
        organs.append(rf"{_ARTICLES[language]}\s?(?:{names})")
        for name in data["organs"][language]:
            organ_language.setdefault(name.split()[0].lower(), language)
    return Vocabulary(
        preambular=re.compile(rf"(?:{alternatives(preambular)})(?![\w’'-])"),
        operative=re.compile(rf"(?:(?:{adverbs})\s+(?:{alternatives(lowered)})|"
                             rf"(?:{alternatives(operative)}))(?![\w’'-])"),
        organ=re.compile(
            rf"\s*[*_]{{0,2}}(?P<organ>(?:{'|'.join(organs)})"
            r"(?:\s+(?:serving|as|the|meeting|of|to|on|at|its|de|la|las|los|des|du|en|el|"
            r"agissant|comme|réunion|calidad|reunión|Parties|Partes|[A-Z][\w'’-]*))*)"
            r"\s*[*_]{0,2}(?P<comma>,?)[*_]{0,2}\s*"),
        organ_language=organ_language,
    )


def preambular_intro(text: str) -> str | None:
    """The introductory phrase opening a preambular paragraph, as written, or None.

    "Recalling also the measures ..." → "Recalling also"; "*Taking full account* of" (Markdown)
    → "Taking full account"; "Deploring the ..." (not listed, but a participle) → "Deploring".
    """
    italic = _ITALIC_INTRO.match(text)
    if italic:
        return italic.group("intro").strip()
    found = vocabulary().preambular.match(text)
    if found:
        return found.group()
    generic = _GENERIC_PREAMBULAR.match(text)
    return generic.group() if generic else None


def listed_preambular(text: str) -> bool:
    """Does ``text`` open with a phrase of the list (no guess from the word's ending)?"""
    return bool(vocabulary().preambular.match(_unmarked(text)))


def operative_phrase(text: str, *, guess: bool = True) -> str | None:
    """The phrase opening an operative paragraph ("Also requests"), or None.

    With ``guess`` a verb in the third person that is not listed counts too ("Deplores").
    """
    bare = _unmarked(text)
    found = vocabulary().operative.match(bare)
    if found:
        return found.group()
    if guess:
        generic = _GENERIC_OPERATIVE.match(bare)
        if generic and not vocabulary().preambular.match(bare):
            return generic.group()
    return None


def organ(line: str) -> str | None:
    """The issuing organ as written ("The General Assembly,"), or None."""
    match = vocabulary().organ.fullmatch(line)
    if not match or len(match.group("organ").split()) > 22:
        return None
    return line.strip()


def language_of(organ_line: str | None) -> str:
    """"en", "fr" or "es", from the organ's head word; "en" when there is no organ."""
    if not organ_line:
        return "en"
    bare = organ_line.strip().strip("*_")
    words = re.sub(r"^(?:The|La|Le|Les|L['’]|El|Los|Las)\s?", "", bare).split()
    return vocabulary().organ_language.get(words[0].lower(), "en") if words else "en"


def _unmarked(text: str) -> str:
    """Text without the Markdown emphasis and brackets that may open it ("[*Decides*")."""
    return re.sub(r"^[\[*_ ]+", "", text).replace("*", "").replace("_", "")
