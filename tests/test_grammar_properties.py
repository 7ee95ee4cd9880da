"""Property tests of the bracket grammar (hypothesis).

1. Random nested bracket structures (Text / Group / Cell with options, delegation prefixes,
   adjacent cells) render to text that parses back to the same ``grammar.structure``.
2. Arbitrary text never crashes ``parse``, and ``render(parse(s).nodes) == s``: no character lost.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from negotiation.grammar import Cell, Group, Node, Text, parse, render, structure

# Words of four letters or more, so that no generated cell reads as an editorial letter "[w]ill";
# lower case, so that no generated text reads as a citation or a delegation's name.
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéñ", min_size=4, max_size=9)
JOIN = st.sampled_from([" ", ", ", "; ", " - ", "\n"])
PREFIXES = st.sampled_from(["", "", "", "VENEZUELA:  ", "TRINIDAD AND TOBAGO: ",
                            "ST. KITTS AND NEVIS: ", "BELICE:\t"])
SEPARATORS = st.sampled_from([" / ", "  /  ", "\t/ "])


@st.composite
def words(draw: st.DrawFn) -> str:
    parts = draw(st.lists(WORD, min_size=1, max_size=4))
    out = parts[0]
    for part in parts[1:]:
        out += draw(JOIN) + part
    return out


def sequences(groups: st.SearchStrategy[Group]) -> st.SearchStrategy[list[Node]]:
    """Text and groups alternating (two groups back to back would be one group of cells)."""

    @st.composite
    def build(draw: st.DrawFn) -> list[Node]:
        nodes: list[Node] = []
        group_first = draw(st.booleans())
        for index in range(draw(st.integers(min_value=1, max_value=4))):
            if (index % 2 == 0) == group_first:
                nodes.append(draw(groups))
            else:
                nodes.append(Text(draw(words())))
        return nodes

    return build()


def groups(inner: st.SearchStrategy[list[Node]]) -> st.SearchStrategy[Group]:
    @st.composite
    def build(draw: st.DrawFn) -> Group:
        cells = []
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            options = draw(st.lists(inner, min_size=1, max_size=3))
            if len(options) > 1:
                # An option that is empty next to a separator would lose the separator's
                # spaces to it; real alternatives always have words.
                options = [option or [Text("none")] for option in options]
            separators = [draw(SEPARATORS) for _ in options[1:]]
            cells.append(Cell(options=options, separators=separators, prefix=draw(PREFIXES)))
        return Group(cells=cells)

    return build()


def bracketed_text() -> st.SearchStrategy[list[Node]]:
    def extend(children: st.SearchStrategy[list[Node]]) -> st.SearchStrategy[list[Node]]:
        return sequences(groups(children))

    leaf = st.lists(words().map(Text), max_size=1)
    return extend(st.recursive(leaf, extend, max_leaves=8))


def depth(nodes: list[Node]) -> int:
    return max((1 + max(depth(o) for c in n.cells for o in c.options)
                for n in nodes if isinstance(n, Group)), default=0)


def count_groups(nodes: list[Node]) -> int:
    return sum(1 + sum(count_groups(o) for c in n.cells for o in c.options)
               for n in nodes if isinstance(n, Group))


@given(bracketed_text())
def test_random_bracket_structures_survive_render_and_parse(nodes: list[Node]) -> None:
    text = render(nodes)
    parsed = parse(text)
    assert structure(parsed.nodes) == structure(nodes), text
    assert parsed.diagnostics == []
    assert max((b.depth for b in parsed.brackets), default=0) == depth(nodes)
    assert len(parsed.brackets) == count_groups(nodes)


BRACKETY = st.text(alphabet=st.sampled_from(list("[]/ :\n\tab.AB()^*wé😀")) | st.characters(),
                   max_size=80)


@given(st.text() | BRACKETY)
def test_arbitrary_text_never_crashes_and_loses_no_character(text: str) -> None:
    parsed = parse(text, frozenset({"ref", "source"}))
    assert render(parsed.nodes) == text
    for diagnostic in parsed.diagnostics:
        assert text[diagnostic.offset] in "[]"
        assert diagnostic.line == text.count("\n", 0, diagnostic.offset) + 1
        assert diagnostic.column >= 1
    for bracket in parsed.brackets:
        assert text[bracket.start] == "[" and text[bracket.end - 1] == "]"
        assert bracket.depth >= 1 and len(bracket.options) >= 1


@given(BRACKETY)
def test_every_bracket_character_is_paired_literal_or_reported(text: str) -> None:
    parsed = parse(text)
    unmatched = text.count("[") - text.count("]")
    reported = {d.offset for d in parsed.diagnostics}
    assert len(reported) >= abs(unmatched)
