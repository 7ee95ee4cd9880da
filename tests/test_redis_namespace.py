"""Redis channels are namespaced per installation (``PLENARY_REDIS_NAMESPACE``,
server/redis_fanout.py): two installations sharing one Redis hear only their own notices, and
the processes of one installation hear each other. Real Redis at 127.0.0.1:6379; skipped with
the reason when it does not answer."""

from __future__ import annotations

import asyncio
import secrets
import socket

import pytest

from server.conference import TOPIC, publish_from_command, start_fanout, stop_fanout
from server.settings import Settings

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def redis_or_skip() -> None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("Redis does not answer at 127.0.0.1:6379 (PLENARY_REDIS_NAMESPACE is "
                    "about Redis channels)")


def test_two_namespaces_do_not_hear_each_other_and_one_namespace_does() -> None:
    ours, theirs = f"test-ours-{secrets.token_hex(3)}", f"test-theirs-{secrets.token_hex(3)}"

    async def scenario() -> dict[str, list[str]]:
        names = {"ours-1": ours, "ours-2": ours, "theirs": theirs}
        fanouts = {key: await start_fanout(Settings(redis_url=REDIS, redis_namespace=name))
                   for key, name in names.items()}
        heard: dict[str, list[str]] = {key: [] for key in fanouts}
        for key, fanout in fanouts.items():
            fanout.subscribe(TOPIC, heard[key].append)
        await asyncio.sleep(0.2)
        fanouts["ours-1"].publish(TOPIC, "from ours")
        fanouts["theirs"].publish(TOPIC, "from theirs")
        for _ in range(50):
            if len(heard["ours-2"]) >= 1 and heard["theirs"]:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # time for a stray frame to arrive, were there one
        for fanout in fanouts.values():
            await stop_fanout(fanout)
        return heard

    heard = asyncio.run(scenario())
    assert heard["ours-1"] == ["from ours"], "one's own notice comes back through Redis"
    assert heard["ours-2"] == ["from ours"], "the same namespace: another process hears it"
    assert heard["theirs"] == ["from theirs"], "another namespace hears nothing of ours"


def test_a_command_publishes_in_its_installations_namespace() -> None:
    ours = f"test-command-{secrets.token_hex(3)}"

    async def scenario() -> tuple[list[str], list[str]]:
        fanouts = [await start_fanout(Settings(redis_url=REDIS, redis_namespace=name))
                   for name in (ours, "plenary")]
        heard: tuple[list[str], list[str]] = ([], [])
        for fanout, into in zip(fanouts, heard, strict=True):
            fanout.subscribe(TOPIC, into.append)
        await asyncio.sleep(0.2)
        sent = await asyncio.to_thread(publish_from_command, Settings(
            redis_url=REDIS, redis_namespace=ours), "d-namespaced", "import")
        assert sent
        for _ in range(50):
            if heard[0]:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        for fanout in fanouts:
            await stop_fanout(fanout)
        return heard

    ours_heard, default_heard = asyncio.run(scenario())
    assert len(ours_heard) == 1 and '"d-namespaced"' in ours_heard[0]
    assert not any("d-namespaced" in frame for frame in default_heard)
