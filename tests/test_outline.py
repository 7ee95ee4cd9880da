"""negotiation.outline: paragraph structure changes as pure functions returning events."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.author import Author
from negotiation.errors import AlreadyDeleted, DomainError, StructureError, UnknownParagraph
from negotiation.model import Document, Paragraph, ParagraphKind
from negotiation.outline import (
    Deleted,
    Inserted,
    Moved,
    Outline,
    Placement,
    Restored,
    apply,
    delete_paragraph,
    insert_paragraph,
    move_paragraph,
    restore_paragraph,
)

ANA = Author("ana", "Peru")
CHAIR = Author("Chair")
PRE, OP, SUB = ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE, ParagraphKind.SUBPARAGRAPH


def resolution() -> Document:
    """pp1, pp2; op1 (op1a, op1b), op2: the shape of the store tests' resolution."""
    return Document(
        preamble=[Paragraph("pp1", PRE, "RECALLING ..."), Paragraph("pp2", PRE, "NOTING ...")],
        operative=[Paragraph("op1", OP, "To urge:", label="1", children=[
            Paragraph("op1a", SUB, "share information;", label="a"),
            Paragraph("op1b", SUB, "report.", label="b")]),
            Paragraph("op2", OP, "To request ...", label="2")])


def ids(outline: Outline, section: str | None = None, *, live: bool = True) -> list[str]:
    placements = outline.live() if live else list(outline)
    return [p.id for p in placements if section is None or
            (p.section == section and p.parent_id is None)]


def check(outline: Outline) -> None:
    """What every outline holds: each paragraph once in document order; positions 0..n-1
    among siblings; a sub-paragraph in its parent's section; hidden = deleted or below one."""
    placements = list(outline)
    assert sorted(p.id for p in placements) == sorted({p.id for p in placements})
    assert len(placements) == len(outline)
    groups: dict[tuple, list[Placement]] = {}
    for p in placements:
        groups.setdefault((p.section, p.parent_id), []).append(p)
        if p.parent_id is not None:
            assert outline[p.parent_id].section == p.section
    for group in groups.values():
        assert [p.position for p in group] == list(range(len(group)))
    for p in placements:
        hidden = p.deleted or any(outline[a].deleted for a in outline.ancestors(p.id))
        assert outline.is_hidden(p.id) == hidden == (p not in outline.live())


@pytest.fixture
def outline() -> Outline:
    return Outline.from_document(resolution())


# --------------------------------------------------------------------------- as the store did


def test_insert_move_delete_keep_order_as_the_store_did(outline) -> None:
    inserted, outline = insert_paragraph(outline, after="op1", section="operative",
                                         new_id="p-new", author=ANA)
    assert inserted == Inserted("p-new", "op1", "operative", None, "operative", ANA)
    assert ids(outline, "operative") == ["op1", "p-new", "op2"]
    moved, outline = move_paragraph(outline, "op2", after=None, author=CHAIR)
    assert moved == Moved("op2", None, "operative", None, CHAIR)
    assert ids(outline, "operative") == ["op2", "op1", "p-new"]
    _, outline = move_paragraph(outline, "op1b", after="op2", author=CHAIR)
    assert ids(outline, "operative") == ["op2", "op1b", "op1", "p-new"]
    assert outline["op1b"] == Placement("op1b", "operative", None, 1, "subparagraph")
    assert outline.children("op1") == ("op1a",)
    deleted, outline = delete_paragraph(outline, "op1", author=CHAIR)
    assert deleted == Deleted("op1", CHAIR, ("op1a",))
    assert ids(outline, "operative") == ["op2", "op1b", "p-new"]
    assert outline.is_hidden("op1a") and not outline["op1a"].deleted  # went with its parent
    assert ids(outline, "operative", live=False) == ["op2", "op1b", "op1", "p-new"]
    check(outline)


def test_insert_first_in_an_empty_section_and_after_a_sub_paragraph(outline) -> None:
    event, outline = insert_paragraph(outline, after=None, section="articles", new_id="art1",
                                      author=ANA)
    assert event == Inserted("art1", None, "articles", None, "article", ANA)
    assert outline["art1"] == Placement("art1", "articles", None, 0, "article")
    event, outline = insert_paragraph(outline, after="op1a", section="operative",
                                      new_id="op1a-bis", author=ANA)
    assert (event.parent_id, event.kind) == ("op1", "subparagraph")
    assert outline.children("op1") == ("op1a", "op1a-bis", "op1b")
    assert outline["op1b"].position == 2
    check(outline)


def test_the_section_asked_for_gives_way_to_the_anchors(outline) -> None:
    event, _ = insert_paragraph(outline, after="pp2", section="operative", new_id="x",
                                author=ANA)
    assert (event.section, event.kind) == ("preamble", "preambular")


def test_inserting_after_a_deleted_paragraph_takes_its_place(outline) -> None:
    _, outline = delete_paragraph(outline, "op1", author=CHAIR)
    _, outline = insert_paragraph(outline, after="op1", section="operative", new_id="x",
                                  author=ANA)
    assert ids(outline, "operative") == ["x", "op2"]
    assert [p.position for p in outline if p.parent_id is None and
            p.section == "operative"] == [0, 1, 2]


def test_the_docstring_example(outline) -> None:
    event, outline = insert_paragraph(outline, after="op1", section="operative",
                                      new_id="p-5d2c", author=Author("ana", "Peru"))
    assert event == Inserted("p-5d2c", after="op1", section="operative", parent_id=None,
                             kind="operative", author=Author("ana", "Peru"))


def test_the_events_name_their_stored_action() -> None:
    assert [e.action for e in (Inserted, Deleted, Restored, Moved)] == [
        "inserted", "deleted", "restored", "moved"]


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(("request_", "error", "message"), [
    (lambda o: insert_paragraph(o, after=None, section="annex", new_id="x", author=ANA),
     StructureError, "unknown section 'annex'; expected one of preamble, operative, articles"),
    (lambda o: insert_paragraph(o, after="op1", section="operative", new_id="op2",
                                author=ANA), StructureError, "already has a paragraph 'op2'"),
    (lambda o: insert_paragraph(o, after="op1", section="operative", new_id="", author=ANA),
     StructureError, "non-empty string"),
    (lambda o: insert_paragraph(o, after="nope", section="operative", new_id="x",
                                author=ANA), UnknownParagraph, "no paragraph 'nope'"),
    (lambda o: delete_paragraph(o, "nope", author=ANA), UnknownParagraph, "'nope'"),
    (lambda o: restore_paragraph(o, "op1", author=ANA), StructureError,
     "paragraph 'op1' is not deleted"),
    (lambda o: move_paragraph(o, "op1", after="op1", author=ANA), StructureError,
     "a paragraph cannot be moved after itself"),
    (lambda o: move_paragraph(o, "op1", after="op1b", author=ANA), StructureError,
     "'op1' cannot be moved after 'op1b', one of its own sub-paragraphs"),
    (lambda o: move_paragraph(o, "op1", after="nope", author=ANA), UnknownParagraph,
     "no paragraph 'nope'"),
])
def test_bad_requests_are_refused_naming_what_is_wrong(outline, request_, error,
                                                       message) -> None:
    before = Outline(list(outline))
    with pytest.raises(error, match=message.replace("(", r"\(")):
        request_(outline)
    assert outline == before


def test_deleting_twice_or_below_a_deleted_paragraph(outline) -> None:
    _, outline = delete_paragraph(outline, "op1", author=CHAIR)
    with pytest.raises(AlreadyDeleted, match=r"'op1' is already deleted$") as raised:
        delete_paragraph(outline, "op1", author=ANA)
    assert raised.value.paragraph_id == "op1"
    with pytest.raises(AlreadyDeleted, match="'op1a' is already deleted with 'op1'"):
        delete_paragraph(outline, "op1a", author=ANA)
    with pytest.raises(StructureError, match="inside deleted paragraph 'op1'; restore 'op1'"):
        restore_paragraph(outline, "op1a", author=ANA)
    with pytest.raises(StructureError, match="'op1a' is deleted; restore it before"):
        move_paragraph(outline, "op1a", after="op2", author=ANA)


def test_restoring_brings_back_what_went_with_it_not_what_went_alone(outline) -> None:
    _, outline = delete_paragraph(outline, "op1b", author=ANA)
    deleted, outline = delete_paragraph(outline, "op1", author=CHAIR)
    assert deleted.subparagraphs == ("op1a",)
    restored, outline = restore_paragraph(outline, "op1", author=CHAIR)
    assert restored == Restored("op1", CHAIR, ("op1a",))
    assert ids(outline, None) == ["pp1", "pp2", "op1", "op1a", "op2"]
    check(outline)


def test_moving_to_another_section_takes_the_sub_paragraphs_along(outline) -> None:
    event, outline = move_paragraph(outline, "op1", after="pp1", author=CHAIR)
    assert event == Moved("op1", "pp1", "preamble", None, CHAIR)
    assert ids(outline, None) == ["pp1", "op1", "op1a", "op1b", "pp2", "op2"]
    assert [outline[p].section for p in ("op1", "op1a", "op1b")] == ["preamble"] * 3
    assert outline["op1"].kind == "operative"  # a move keeps the kind, as the store did
    check(outline)


def test_moving_first_among_siblings_stays_below_the_parent(outline) -> None:
    _, outline = move_paragraph(outline, "op1b", after=None, author=CHAIR)
    assert outline.children("op1") == ("op1b", "op1a")
    assert outline.changed_since(Outline.from_document(resolution())) == [
        Placement("op1b", "operative", "op1", 0, "subparagraph"),
        Placement("op1a", "operative", "op1", 1, "subparagraph")]


# --------------------------------------------------------------------------- rows and replay


@dataclass
class Row:
    id: str
    section: str
    parent_id: str | None
    position: int
    kind: str = "operative"
    deleted: bool = False


def test_rows_are_read_as_an_order_and_numbered_again() -> None:
    outline = Outline.from_rows([Row("b", "operative", None, 4), Row("a", "operative", None, 4,
                                                                      deleted=True),
                                 Row("c", "operative", None, 9), Row("a1", "preamble", "a", 7),
                                 Row("z", "preamble", None, 0)])
    assert ids(outline, None, live=False) == ["z", "b", "a", "a1", "c"]
    assert [outline[i].position for i in ("b", "a", "c", "a1")] == [0, 1, 2, 0]
    assert outline["a1"].section == "operative"  # its parent's
    check(outline)


@pytest.mark.parametrize(("rows", "message"), [
    ([Row("a", "operative", None, 0), Row("a", "operative", None, 1)], "'a' is there twice"),
    ([Row("a", "operative", "ghost", 0)], "parent 'ghost', which is not there"),
    ([Row("a", "operative", "b", 0), Row("b", "operative", "a", 0)], "is inside itself"),
    ([Row("a", "annex", None, 0)], "unknown section 'annex'"),
])
def test_rows_that_make_no_outline_are_refused(rows, message) -> None:
    with pytest.raises(StructureError, match=message):
        Outline.from_rows(rows)


@pytest.mark.parametrize(("event", "message"), [
    (Inserted("x", "op1", "preamble", None, "operative", ANA),
     "'x' is recorded in preamble/None, but 'op1' is in operative/None"),
    (Inserted("op2", None, "operative", None, "operative", ANA), "'op2' exists already"),
    (Inserted("x", None, "operative", "op1", "subparagraph", ANA), "only the top of a section"),
    (Restored("op1", ANA), "restored paragraph 'op1' was not deleted already"),
    (Moved("op1", None, "preamble", None, ANA), "is recorded in preamble/None, but it is in"),
    (Moved("op1", "op1a", "operative", "op1", ANA), "'op1' cannot go after 'op1a'"),
    (Deleted("ghost", ANA), "no paragraph 'ghost'"),
])
def test_replaying_an_event_that_does_not_fit_is_refused(outline, event, message) -> None:
    with pytest.raises(StructureError, match=message):
        apply(outline, event)


def test_replay_is_lenient_where_old_logs_were(outline) -> None:
    """Revision imports marked a paragraph below a deleted one deleted too: it replays."""
    outline = apply(apply(outline, Deleted("op1", ANA)), Deleted("op1a", ANA))
    assert outline["op1a"].deleted
    with pytest.raises(TypeError, match="not a structure event"):
        apply(outline, "deleted")


class StoreRules:
    """Today's store (server/store/versions.py) transcribed over plain dicts: positions
    shift among siblings of the same section and parent, deleted ones included."""

    def __init__(self, outline: Outline) -> None:
        self.rows = {p.id: Row(p.id, p.section, p.parent_id, p.position, p.kind, p.deleted)
                     for p in outline}

    def siblings(self, row: Row) -> list[Row]:
        return [r for r in self.rows.values() if r.section == row.section
                and r.parent_id == row.parent_id and r.id != row.id]

    def place_after(self, row: Row, anchor: Row | None) -> None:
        row.position = anchor.position + 1 if anchor else 0
        for sibling in self.siblings(row):
            if sibling.position >= row.position:
                sibling.position += 1

    def run(self, event) -> None:
        anchor = self.rows.get(getattr(event, "after", None) or "")
        if isinstance(event, Inserted):
            row = Row(event.paragraph_id, anchor.section if anchor else event.section,
                      anchor.parent_id if anchor else None, 0)
            self.place_after(row, anchor)
            self.rows[row.id] = row
        elif isinstance(event, Moved):
            row = self.rows[event.paragraph_id]
            for sibling in self.siblings(row):
                if sibling.position > row.position:
                    sibling.position -= 1
            if anchor is not None:
                row.section, row.parent_id = anchor.section, anchor.parent_id
            self.place_after(row, anchor)
        else:
            self.rows[event.paragraph_id].deleted = isinstance(event, Deleted)

    def refuses(self, kind: str, target: str, anchor: str | None) -> bool:
        """Whether the new rules refuse a request (the store let some of these through)."""
        def hidden(name: str) -> bool:
            row = self.rows[name]
            return row.deleted or (row.parent_id is not None and hidden(row.parent_id))

        def inside(name: str, ancestor: str) -> bool:
            parent = self.rows[name].parent_id
            return parent is not None and (parent == ancestor or inside(parent, ancestor))

        if anchor is not None and anchor not in self.rows:
            return True
        if kind.startswith("insert"):
            return False
        if target not in self.rows:
            return True
        if kind == "delete":
            return hidden(target)
        if kind == "restore":
            parent = self.rows[target].parent_id
            return not self.rows[target].deleted or (parent is not None and hidden(parent))
        return target == anchor or hidden(target) or (
            anchor is not None and inside(anchor, target))

    def shown_below(self, name: str) -> set[str]:
        """The paragraphs below ``name`` with no deleted paragraph between (them included)."""
        shown = set()
        for row in self.rows.values():
            chain, parent = [row], row.parent_id
            while parent is not None and parent != name:
                chain.append(self.rows[parent])
                parent = self.rows[parent].parent_id
            if parent == name and not any(r.deleted for r in chain):
                shown.add(row.id)
        return shown

    def order(self, parent: str | None, section: str) -> list[str]:
        """One group of siblings in order (below a paragraph, whatever their section)."""
        group = [r for r in self.rows.values() if r.parent_id == parent
                 and (parent is not None or r.section == section)]
        return [r.id for r in sorted(group, key=lambda r: r.position)]


REQUESTS = ("insert", "insert-first", "delete", "restore", "move", "move-first")


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(REQUESTS), st.integers(0, 40), st.integers(0, 40),
                          st.sampled_from(["preamble", "operative", "articles"])),
                max_size=40))
def test_random_changes_replay_to_the_same_outline_and_match_the_store(requests) -> None:
    start = Outline.from_document(resolution())
    outline, events, store, fresh = start, [], StoreRules(start), itertools.count()
    for kind, first, second, section in requests:
        known = [p.id for p in outline] + ["nope"]
        target, anchor = known[first % len(known)], known[second % len(known)]
        uses_anchor = kind in ("insert", "move")
        refused = store.refuses(kind, target, anchor if uses_anchor else None)
        try:
            if kind.startswith("insert"):
                event, outline = insert_paragraph(
                    outline, after=None if kind == "insert-first" else anchor,
                    section=section, new_id=f"n{next(fresh)}", author=ANA)
            elif kind == "delete":
                event, outline = delete_paragraph(outline, target, author=ANA)
            elif kind == "restore":
                event, outline = restore_paragraph(outline, target, author=ANA)
            else:
                event, outline = move_paragraph(
                    outline, target, after=None if kind == "move-first" else anchor,
                    author=ANA)
        except DomainError:
            assert refused
            continue
        assert not refused
        events.append(event)
        store.run(event)
        if isinstance(event, Deleted | Restored):
            assert set(event.subparagraphs) == store.shown_below(event.paragraph_id)
            assert list(event.subparagraphs) == [p.id for p in outline
                                                 if p.id in event.subparagraphs]
        check(outline)
    replayed = start
    for event in events:
        replayed = apply(replayed, event)
    assert replayed == outline
    for placement in itertools.chain([None], outline):
        parent = placement.id if placement else None
        for section in (["preamble", "operative", "articles"] if parent is None else [""]):
            expected = store.order(parent, section)
            got = outline.children(parent) if parent else tuple(
                p.id for p in outline if p.parent_id is None and p.section == section)
            assert list(got) == expected
