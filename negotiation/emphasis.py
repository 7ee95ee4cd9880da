"""Markdown emphasis in a paragraph's words ("*Being* Parties", "**Article 2**", "_Noting_"),
for the renderers that can show it as formatting (HTML, Word, Akoma Ntoso) instead of as
asterisks. The same rule as the editor's static/emphasis.js: a mark opens before a non-space
and closes after one, not inside a word; "2 * 3" or a lone "*" is plain text.

``emphasis_runs(text)`` → [(words, style)], style None, "em" or "strong", the marks dropped.
"""

from __future__ import annotations

import re

EMPHASIS = re.compile(r"(\*\*|__)(?=\S)([^*_]*?\S)\1|(\*|_)(?=\S)([^*_]*?\S)\3")


def emphasis_runs(text: str) -> list[tuple[str, str | None]]:
    runs: list[tuple[str, str | None]] = []
    position = 0
    for match in EMPHASIS.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before.isalnum() or before == "_" or after.isalnum() or after == "_":
            continue
        if start > position:
            runs.append((text[position:start], None))
        if match.group(1):
            runs.append((match.group(2), "strong"))
        else:
            runs.append((match.group(4), "em"))
        position = end
    if position < len(text):
        runs.append((text[position:], None))
    return runs
