"""negotiation.console: the console's items, filters and progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from negotiation.bracket_book import BracketBook
from negotiation.console import console_items, filter_items, open_over_time, progress
from negotiation.model import Document, Paragraph, ParagraphKind, Proposal

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_items_in_reading_order_with_references_holders_and_ages() -> None:
    document = Document(operative=[
        Paragraph(id="a", kind=ParagraphKind.OPERATIVE, label="1", text="To [act / do]."),
        Paragraph(id="b", kind=ParagraphKind.OPERATIVE, label="2", text="Agreed words.",
                  proposals=[Proposal("Belize", "Other words.")])])
    books = {"a": (BracketBook("To [act / do].", default_holders=("Mexico",)), "open"),
             "b": (BracketBook("Agreed words.", proposals=(("Belize", "Other words."),)),
                   "agreed")}
    since = {("a", "[act / do]"): T0 + timedelta(hours=1)}
    items = console_items(document, books, since, T0)
    assert [(i.reference, i.kind, i.holders) for i in items] == [
        ("operative paragraph 1", "alternatives", ("Mexico",)),
        ("operative paragraph 2", "proposal", ("Belize",))]
    now = T0 + timedelta(hours=2)
    assert [i.age_seconds(now) for i in items] == [3600, 7200]
    assert [i.paragraph_id for i in filter_items(items, now, delegation="Belize")] == ["b"]
    assert [i.paragraph_id for i in filter_items(items, now, delegation="BELIZE")] == ["b"]
    assert [i.paragraph_id for i in filter_items(items, now, delegation="Mexico")] == ["a"]
    assert [i.paragraph_id for i in filter_items(items, now, delegation="México")] == ["a"]
    assert [i.paragraph_id for i in filter_items(items, now, kind="bracket")] == ["a"]
    assert [i.paragraph_id for i in filter_items(items, now, min_age_seconds=5000)] == ["b"]
    figures = progress(books, items)
    assert (figures.open_brackets, figures.proposals, figures.agreed) == (1, 1, 1)


def test_open_over_time_counts_back_from_now() -> None:
    events = [(T0, "raised"), (T0 + timedelta(minutes=1), "joined"),
              (T0 + timedelta(minutes=2), "resolved")]
    assert open_over_time(3, events) == [(T0, 4), (T0 + timedelta(minutes=1), 4),
                                         (T0 + timedelta(minutes=2), 3)]
