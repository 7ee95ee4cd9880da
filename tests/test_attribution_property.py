"""Attribution under concurrency, with real WebSocket clients on the real server: three
delegations type and delete words at random places of one paragraph at the same time (in
rounds: each round's three edits are made on the same text and merged against each other),
with random pauses (so bursts end, and versions are sealed, at random moments).

Each delegation types only letters of its own alphabet, so the right author of every
character is known: at the end, the blame of every letter names the delegation whose alphabet
it is, and every stored version inserts and deletes only letters of its own author (and
spaces)."""

from __future__ import annotations

import asyncio
import itertools
import random

import pytest
from live_server import running
from sync_client import SyncClient, import_paragraphs, make_store, sync_app, ws_url

ORIGINAL = "to act now."  # the secretariat's: lower case
ALPHABETS = {"Venezuela": "ABCDEF", "Belize": "GHIJKL", "Chile": "MNOPQR"}
OWNER = {letter: delegation for delegation, letters in ALPHABETS.items() for letter in letters}
PAUSE = 0.1


def next_text(text: str, mine: str, rng: random.Random) -> str:
    """``text`` after one more edit by the delegation whose letters are ``mine``: one of its
    words deleted (with its space), or a new word typed at a word boundary."""
    own = [i for i in range(len(text)) if text[i] in mine and (i == 0 or text[i - 1] == " ")]
    if own and rng.random() < 0.25:
        start = end = rng.choice(own)
        while end < len(text) and text[end] in mine:
            end += 1
        end += 1 if end < len(text) and text[end] == " " else 0
        return text[:start] + text[end:]
    at = rng.choice([0] + [i + 1 for i, ch in enumerate(text) if ch == " "])
    word = "".join(rng.choice(mine) for _ in range(rng.randint(2, 5))) + " "
    return text[:at] + word + text[at:]


async def one_edit(client: SyncClient, paragraph_id: str, rng: random.Random) -> None:
    await asyncio.sleep(rng.choice([0.0, 0.005, 0.01]))
    mine = ALPHABETS[client.delegation]
    client.edit(paragraph_id, next_text(client.text(paragraph_id), mine, rng))
    await client.settle()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_letter_is_blamed_on_its_delegation_and_versions_hold_only_their_own(
        tmp_path, seed: int) -> None:
    store = make_store(tmp_path / "property.sqlite3")
    document_id, (paragraph_id,) = import_paragraphs(store, [ORIGINAL])

    async def scenario() -> None:
        with running(sync_app(store, coalesce_pause=PAUSE)) as base:
            url = ws_url(base, document_id)
            clients = [await SyncClient.connect(url, name=f"{d} delegate", delegation=d)
                       for d in ALPHABETS]
            rng = random.Random(seed)
            # rounds: in each, the three edit at once from the same text (their edits are
            # merged against each other's), then all catch up; a pause ends some bursts
            for _ in range(12):
                await asyncio.gather(*(one_edit(c, paragraph_id, rng) for c in clients))
                for client in clients:
                    await client.catch_up(paragraph_id)
                await asyncio.sleep(rng.choice([0.0, 0.0, 2 * PAUSE]))
            texts = {client.text(paragraph_id) for client in clients}
            assert len(texts) == 1
            await asyncio.sleep(3 * PAUSE)
            for client in clients:
                await client.close()

    asyncio.run(scenario())
    text = store.get_paragraph_text(document_id, paragraph_id)
    attribution = store.paragraph_attribution(document_id, paragraph_id)
    assert "".join(span.text for span in attribution.spans) == text
    for span in attribution.spans:
        assert span.version_id is not None
        for letter in span.text:
            if letter != " ":
                assert OWNER.get(letter) == span.author.delegation, (letter, span)
    history = store.paragraph_history(document_id, paragraph_id).entries
    assert history[-1].version.text == text  # replaying the versions gives the text
    for before, entry in itertools.pairwise(history):
        # without its author's letters (and the spaces everyone types), a version is the
        # one before it: it changed nothing of anyone else's
        mine = set(ALPHABETS[entry.version.delegation]) | {" "}
        assert others(before.version.text, mine) == others(entry.version.text, mine), entry


def others(text: str, mine: set[str]) -> str:
    return "".join(letter for letter in text if letter not in mine)
