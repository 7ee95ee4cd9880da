"""Word's automatic numbering, which is not in a paragraph's text: the label Word would print
("1.", "a)", "(iv)") computed from the numbering definitions (``word/numbering.xml``) and the
paragraph's list and level, the way Word counts (a level restarts when a shallower one moves).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


@dataclass(frozen=True)
class Level:
    format: str  # "decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "bullet"
    text: str  # "%1.", "(%2)", ...
    start: int = 1


@dataclass
class Numbering:
    """The definitions of one Word file, and the counters as its paragraphs are read."""

    levels: dict[str, dict[int, Level]]  # numId -> level -> definition
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, blob: bytes | None) -> Numbering:
        if not blob:
            return cls({})
        root = etree.fromstring(blob)
        abstract = {a.get(f"{W}abstractNumId"): _levels(a)
                    for a in root.iter(f"{W}abstractNum")}
        levels = {}
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                levels[num.get(f"{W}numId")] = abstract.get(ref.get(f"{W}val"), {})
        return cls(levels)

    def label(self, num_id: str, level: int) -> str | None:
        """The label of the next paragraph of list ``num_id`` at ``level`` (None: no number)."""
        definitions = self.levels.get(num_id)
        if not definitions or level not in definitions or num_id == "0":
            return None
        counters = self.counters.setdefault(num_id, [0] * 9)
        if counters[level] == 0:
            counters[level] = definitions[level].start
        else:
            counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if definitions[level].format == "bullet":
            return None
        text = definitions[level].text
        for index in range(level + 1):
            shown = definitions.get(index)
            value = counters[index] or (shown.start if shown else 1)
            text = text.replace(f"%{index + 1}",
                                _format(value, shown.format if shown else "decimal"))
        return text


def _levels(abstract: etree._Element) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.iter(f"{W}lvl"):
        def value(tag: str, default: str, node: etree._Element = lvl) -> str:
            found = node.find(f"{W}{tag}")
            return found.get(f"{W}val", default) if found is not None else default
        levels[int(lvl.get(f"{W}ilvl", "0"))] = Level(
            value("numFmt", "decimal"), value("lvlText", ""), int(value("start", "1")))
    return levels


def _format(value: int, kind: str) -> str:
    if kind in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if kind == "upperLetter" else letters
    if kind in ("lowerRoman", "upperRoman"):
        roman = ""
        for size, numeral in ROMAN:
            while value >= size:
                roman, value = roman + numeral, value - size
        return roman.upper() if kind == "upperRoman" else roman
    return str(value)
