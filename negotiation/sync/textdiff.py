r"""Text differences between two wordings of a paragraph: THE one wrapper around diff-match-patch.

No other module imports ``diff_match_patch`` or ``fast_diff_match_patch``; they call this one,
so the libraries' Java-style names (``diff_main``, ``patch_toText``) stop here.

Representation
--------------
A diff is a list of ``(op, text)`` pairs read left to right; ``op`` is "=" (kept), "-" (in the
old text only) or "+" (in the new text only)::

    >>> diff("The cat sat.", "The hat sat on the mat.")
    [('=', 'The '), ('-', 'c'), ('+', 'h'), ('=', 'at sat'), ('+', ' on the mat'), ('=', '.')]

Joining the "=" and "-" texts gives the old text back, joining "=" and "+" gives the new one.
``word_diff`` has the same shape with whole words in each piece, for people to read::

    >>> word_diff("The cat sat.", "The hat sat on the mat.")
    [('=', 'The '), ('-', 'cat'), ('+', 'hat'), ('=', ' sat'), ('+', ' on the mat'), ('=', '.')]

A patch (``make_patch``) is diff-match-patch's GNU-diff-like text: hunks of changes with a
little context (``patch_margin``), coordinates 1-based, text %-escaped. ``apply_patch`` applies
it to a text that may have changed elsewhere meanwhile (fuzzy: each hunk says if it applied)::

    >>> make_patch("The cat sat.", "The hat sat.")
    '@@ -1,9 +1,9 @@\n The \n-c\n+h\n at s\n'
    >>> apply_patch(make_patch("The cat sat.", "The hat sat."), "Yes. The cat sat.")
    ('Yes. The hat sat.', [True])

A delta (``delta``) is the compact exact form, tab-separated: keep 4, delete 1, insert "h",
keep 7. It applies only to exactly the old text::

    >>> delta("The cat sat.", "The hat sat.")
    '=4\t-1\t+h\t=7'

Lengths: code points or UTF-16 units
------------------------------------
Python strings count code points; JavaScript strings (and the JS diff-match-patch a browser
runs) count UTF-16 code units. They differ only for characters beyond U+FFFF (emoji, some
CJK): "😀" is 1 code point and 2 UTF-16 units.

* ``diff``, ``word_diff``, ``diff_counts``, ``similarity``, ``coverage``: code points
  (``word_similarity`` and ``word_coverage`` count words).
* ``delta`` / ``apply_delta``: UTF-16 code units, as the JS library writes and reads them, so a
  delta computed in a browser applies here and vice versa.
* ``make_patch`` / ``apply_patch``: the "@@ -start,length" coordinates count code points (the
  Python library's choice); a JS client counts UTF-16 units. The coordinates are only where a
  hunk is expected, and hunks are found by their context within ``match_distance``, so a patch
  from either side still applies unless the text is full of astral characters.

Tunables (``DiffSettings``; defaults are the libraries')
---------------------------------------------------------
* ``timeout``: Diff_Timeout, seconds, >= 0 (0 = no limit). A diff that runs out of time is still
  valid, only less minimal.
* ``edit_cost``: Diff_EditCost, characters, >= 0: how long an equality between two edits must
  be before "Efficiency" clean-up keeps it.
* ``match_threshold``: Match_Threshold, 0..1: how closely a patch hunk's context must match
  where it is applied (0 = exactly, 1 = anything goes).
* ``match_distance``: Match_Distance, characters, >= 0: how far from its expected place a hunk
  may be found; at this distance a perfect match scores as badly as a threshold miss.
* ``patch_delete_threshold``: Patch_DeleteThreshold, 0..1: for a hunk that deletes a long
  passage (over ~32 characters), how closely the passage must match the text to be deleted.
* ``patch_margin``: Patch_Margin, characters, 1..16: context kept around each hunk.

The C++ library ``fast_diff_match_patch`` computes diffs (10-100x faster); the pure Python
``diff_match_patch`` makes, parses and applies patches and deltas, which the C++ one cannot.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Literal

EQUAL, DELETE, INSERT = "=", "-", "+"
Diff = list[tuple[str, str]]
Cleanup = Literal["semantic", "efficiency", "none"]
_FAST_CLEANUP = {"semantic": "Semantic", "efficiency": "Efficiency", "none": "No"}
_PURE_OP = {0: EQUAL, -1: DELETE, 1: INSERT}
_OP_PURE = {EQUAL: 0, DELETE: -1, INSERT: 1}
# A word for ``word_diff``: a run of letters/digits, a run of spaces, or one other character.
_WORD = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


class PatchError(ValueError):
    """A patch or delta text that cannot be read, or a delta that does not fit the text."""


@dataclass(frozen=True)
class DiffSettings:
    """diff-match-patch's tunables, with units and ranges (see the module docstring)."""

    timeout: float = 1.0
    edit_cost: int = 4
    match_threshold: float = 0.5
    match_distance: int = 1000
    patch_delete_threshold: float = 0.5
    patch_margin: int = 4

    def __post_init__(self) -> None:
        checks = [
            (self.timeout >= 0, "timeout must be >= 0 seconds (0 = no limit)"),
            (self.edit_cost >= 0, "edit_cost must be >= 0 characters"),
            (0 <= self.match_threshold <= 1, "match_threshold must be within 0..1"),
            (self.match_distance >= 0, "match_distance must be >= 0 characters"),
            (0 <= self.patch_delete_threshold <= 1, "patch_delete_threshold must be within 0..1"),
            (1 <= self.patch_margin <= 16, "patch_margin must be within 1..16 characters"),
        ]
        for ok, rule in checks:
            if not ok:
                raise ValueError(f"DiffSettings: {rule}; got {self}")


DEFAULT = DiffSettings()


def diff(old: str, new: str, *, cleanup: Cleanup = "semantic",
         settings: DiffSettings = DEFAULT) -> Diff:
    """Character diff of ``old`` to ``new`` (code points); see the representation above.

    ``cleanup``: "semantic" (default) shifts and merges edits to fall on readable boundaries;
    "efficiency" merges edits separated by short equalities (``edit_cost``); "none" keeps the
    minimal diff.
    """
    fast = _fast()
    if fast is not None:
        return fast.diff(old, new, timelimit=settings.timeout, checklines=False,
                         cleanup=_FAST_CLEANUP[cleanup], counts_only=False)
    engine = _engine(settings)
    diffs = engine.diff_main(old, new, False)
    if cleanup == "semantic":
        engine.diff_cleanupSemantic(diffs)
    elif cleanup == "efficiency":
        engine.diff_cleanupEfficiency(diffs)
    return [(_PURE_OP[op], text) for op, text in diffs]


def common_affixes(old: str, new: str) -> tuple[int, int]:
    """Lengths (code points) of the longest common prefix of ``old`` and ``new`` and, in
    what follows it, of their longest common suffix.

    Found by bisection over slice comparisons (memcmp in C): about 20 microseconds for a
    100 KB paragraph, where the diff engine takes over a millisecond to find the same."""
    low, high = 0, min(len(old), len(new))  # old[:low] == new[:low]; the prefix <= high
    while low < high:
        middle = (low + high + 1) // 2
        if old[low:middle] == new[low:middle]:
            low = middle
        else:
            high = middle - 1
    prefix = low
    end_old, end_new = len(old), len(new)
    low, high = 0, min(end_old, end_new) - prefix  # the same, from the ends
    while low < high:
        middle = (low + high + 1) // 2
        if old[end_old - middle:end_old - low] == new[end_new - middle:end_new - low]:
            low = middle
        else:
            high = middle - 1
    return prefix, low


def diff_counts(old: str, new: str, *, cleanup: Cleanup = "semantic",
                timeout: float = 0.1) -> list[tuple[str, int]]:
    """Like ``diff`` but only lengths (code points): ``[("=", 4), ("-", 1), ...]``.

    The cheap form for measuring; ``timeout`` in seconds (>= 0, 0 = no limit) bounds the work.
    """
    fast = _fast()
    if fast is not None:
        return fast.diff(old, new, timelimit=timeout, checklines=False,
                         cleanup=_FAST_CLEANUP[cleanup], counts_only=True)
    settings = DiffSettings(timeout=timeout)
    return [(op, len(text)) for op, text in diff(old, new, cleanup=cleanup, settings=settings)]


def word_diff(old: str, new: str, *, cleanup: Cleanup = "semantic",
              settings: DiffSettings = DEFAULT) -> Diff:
    """A diff whose pieces are whole words, for people: "-cat +hat", never "-c +h".

    The texts are cut into words (letters and digits), runs of white space and single
    punctuation marks; each distinct one is coded as one character, the coded texts are diffed
    and cleaned up (``cleanup``, semantically by default), and the codes turned back into
    words. Within each change the deletion comes before the insertion.
    """
    codes: dict[str, str] = {}
    words: list[str] = []

    def encode(text: str) -> str:
        out = []
        for word in _WORD.findall(text):
            code = codes.get(word)
            if code is None:
                code = codes[word] = _code_point(len(words))
                words.append(word)
            out.append(code)
        return "".join(out)

    coded = diff(encode(old), encode(new), cleanup=cleanup, settings=settings)
    offset = _code_point(0)
    decoded = [(op, "".join(words[_index_of(c, offset)] for c in text)) for op, text in coded]
    return _merge(decoded)


def similarity(a: str, b: str, *, timeout: float = 0.1) -> float:
    """How alike two texts are, 0..1: twice the characters the diff keeps over both lengths.

    1.0 for equal texts (two empty texts included), 0.0 when nothing is shared. It is the Dice
    coefficient over code points kept by a semantically cleaned-up diff, so the scattered
    letters any two unrelated texts have in common do not count:

    >>> similarity("the cat sat", "the cat sat down")
    0.8148148148148148
    >>> similarity("No text", "This Agreement shall be implemented on the basis of equity")
    0.0
    """
    if a == b:
        return 1.0
    kept = sum(n for op, n in diff_counts(a, b, timeout=timeout) if op == EQUAL)
    return 2 * kept / (len(a) + len(b))


def coverage(part: str, whole: str, *, timeout: float = 0.1) -> float:
    """Share of ``part``'s code points found, in order, in ``whole``: 0..1 (1.0 if empty).

    Counted on a semantically cleaned-up diff, like ``similarity``. Tells whether a short
    text lives on inside a longer one, as when paragraphs are merged (each old piece is
    covered by the merged paragraph) or split.
    """
    if not part:
        return 1.0
    kept = sum(n for op, n in diff_counts(part, whole, timeout=timeout) if op == EQUAL)
    return kept / len(part)


class WordCoder:
    """Codes words as single characters, so that a diff of the codes is a diff of words.

    One code per distinct word (and punctuation mark); white space is left out. Codes are
    shared by every text one coder codes, so a text coded once can be compared with many;
    ``similarity`` of two codings is then a similarity counted in words:

    >>> coder = WordCoder()
    >>> similarity(coder.code("To urge states"), coder.code("To urge all states"))
    0.8571428571428571

    Codes start at U+0100 and skip the surrogate block; they mean nothing outside the coder.
    """

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}

    def code(self, text: str) -> str:
        out = []
        for word in _WORD.findall(text):
            if word.isspace():
                continue
            code = self._codes.get(word)
            if code is None:
                code = self._codes[word] = _code_point(len(self._codes))
            out.append(code)
        return "".join(out)


def word_similarity(a: str, b: str, *, timeout: float = 0.1) -> float:
    """Like ``similarity`` but counting words (and punctuation marks), not characters.

    White space is ignored. Diffing one code per word is about 30 times faster than diffing
    characters, which is what aligning whole documents needs (see ``WordCoder``):

    >>> word_similarity("To urge member states to ratify", "To urge states to ratify it")
    0.8333333333333334
    """
    coder = WordCoder()
    return similarity(coder.code(a), coder.code(b), timeout=timeout)


def word_coverage(part: str, whole: str, *, timeout: float = 0.1) -> float:
    """Like ``coverage`` but counting words (and punctuation marks): 0..1, 1.0 if no words."""
    coder = WordCoder()
    return coverage(coder.code(part), coder.code(whole), timeout=timeout)


def make_patch(old: str, new: str, *, settings: DiffSettings = DEFAULT) -> str:
    """The patch text that turns ``old`` into ``new`` ("" when they are equal)."""
    engine = _engine(settings)
    pure = [(_OP_PURE[op], text) for op, text in diff(old, new, settings=settings)]
    return engine.patch_toText(engine.patch_make(old, pure))


def apply_patch(patch_text: str, text: str, *,
                settings: DiffSettings = DEFAULT) -> tuple[str, list[bool]]:
    """Apply a patch text to ``text``: the result, and for each hunk whether it applied.

    Raises ``PatchError`` when the patch text cannot be read.
    """
    engine = _engine(settings)
    try:
        patches = engine.patch_fromText(patch_text)
    except ValueError as error:
        raise PatchError(f"not a diff-match-patch patch: {error}") from None
    result, applied = engine.patch_apply(patches, text)
    return result, list(applied)


def delta(old: str, new: str, *, settings: DiffSettings = DEFAULT) -> str:
    """The delta that turns exactly ``old`` into ``new`` (lengths in UTF-16 code units)."""
    pure = [(_OP_PURE[op], text) for op, text in diff(old, new, settings=settings)]
    return _engine(settings).diff_toDelta(pure)


def apply_delta(old: str, delta_text: str) -> str:
    """The new text a delta makes of ``old``; ``PatchError`` if it does not fit ``old``."""
    return new_text(delta_diff(old, delta_text))


def delta_diff(old: str, delta_text: str) -> Diff:
    """The diff a delta describes on ``old`` (its changes as its writer made them, no
    cleanup); ``PatchError`` if it does not fit ``old``."""
    try:
        diffs = _engine(DEFAULT).diff_fromDelta(old, delta_text)
    except (ValueError, UnicodeDecodeError) as error:
        raise PatchError(f"delta does not apply to a text of {len(old)} characters: "
                         f"{error}") from None
    return [(_PURE_OP[op], text) for op, text in diffs]


def old_text(diffs: Diff) -> str:
    """The old text a diff starts from."""
    return "".join(text for op, text in diffs if op != INSERT)


def new_text(diffs: Diff) -> str:
    """The new text a diff leads to."""
    return "".join(text for op, text in diffs if op != DELETE)


def _merge(diffs: Diff) -> Diff:
    """Join neighbouring pieces of one kind; in each change, put deletions before insertions."""
    merged: Diff = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            merged.append((DELETE, "".join(deleted)))
        if inserted:
            merged.append((INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for op, text in diffs:
        if not text:
            continue
        if op == DELETE:
            deleted.append(text)
        elif op == INSERT:
            inserted.append(text)
        else:
            flush()
            if merged and merged[-1][0] == EQUAL:
                merged[-1] = (EQUAL, merged[-1][1] + text)
            else:
                merged.append((EQUAL, text))
    flush()
    return merged


def _code_point(index: int) -> str:
    """The character coding word number ``index``: from U+0100 on, skipping surrogates."""
    point = 0x100 + index
    if point >= 0xD800:
        point += 0x800
    return chr(point)


def _index_of(code: str, offset: str) -> int:
    point = ord(code)
    if point >= 0xE000:
        point -= 0x800
    return point - ord(offset)


@functools.cache
def _fast() -> ModuleType | None:
    """The C++ diff module, or None where it is not installed (the pure one is used then)."""
    try:
        import fast_diff_match_patch
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    return fast_diff_match_patch


def _engine(settings: DiffSettings):  # -> diff_match_patch.diff_match_patch
    """A pure diff-match-patch object set up with ``settings`` (cheap: plain attributes)."""
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    engine.Diff_Timeout = settings.timeout
    engine.Diff_EditCost = settings.edit_cost
    engine.Match_Threshold = settings.match_threshold
    engine.Match_Distance = settings.match_distance
    engine.Patch_DeleteThreshold = settings.patch_delete_threshold
    engine.Patch_Margin = settings.patch_margin
    return engine
