"""Lists of delegation names as negotiators write them: "Brazil, India and the African Group".

Commas always separate names; a conjunction ("and", "y", "et", "e") separates unless the
words around it form one known name ("Trinidad and Tobago", "Group of 77 and China"): of all
ways to group the pieces between conjunctions, the one that recognises most names wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SEPARATOR = re.compile(r"\s*[,;]\s*")
_CONJUNCTION = re.compile(r"\s+(?:and|y|e|et|&)\s+", re.I)
_LEADING = re.compile(r"^(?:(?:and|y|e|et)\s+)?(?:on\s+behalf\s+of\s+)?", re.I)


def split_names(written: str, known: Callable[[str], bool]) -> list[str]:
    """The names of ``written``, each as written (stripped of a leading "and")."""
    names: list[str] = []
    for part in _SEPARATOR.split(written):
        part = _LEADING.sub("", part.strip()).strip(" .*")
        if part:
            names.extend(_by_conjunctions(part, known))
    return names


def _by_conjunctions(part: str, known: Callable[[str], bool]) -> list[str]:
    bounds = [0]
    for conjunction in _CONJUNCTION.finditer(part):
        bounds.extend((conjunction.start(), conjunction.end()))
    bounds.append(len(part))
    pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    # best[i]: (names recognised, groups, names) for the first i pieces
    best: list[tuple[int, int, list[str]]] = [(0, 0, [])]
    for i in range(1, len(pieces) + 1):
        options = []
        for j in range(i):
            name = part[pieces[j][0]:pieces[i - 1][1]].strip()
            recognised, groups, found = best[j]
            options.append((recognised + bool(name and known(name)), groups + 1,
                            [*found, name]))
        best.append(max(options, key=lambda option: (option[0], option[1])))
    return [name for name in best[-1][2] if name]
