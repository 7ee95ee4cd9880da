"""server.live.bursts: a run of keystrokes ends after a pause, or after the longest burst, or when
its typist leaves; each ends exactly once."""

from __future__ import annotations

import asyncio

from server.live.bursts import Bursts


def run(scenario, pause: float = 0.08, longest: float = 0.3
        ) -> list[tuple[tuple[str, str], str]]:
    ended: list[tuple[tuple[str, str], str]] = []

    async def main() -> None:
        bursts = Bursts(pause, longest, lambda key, peer: ended.append((key, peer)))
        await scenario(bursts, ended)
        bursts.close()

    asyncio.run(main())
    return ended


def test_a_burst_ends_a_pause_after_its_last_keystroke() -> None:
    async def scenario(bursts: Bursts, ended: list) -> None:
        for _ in range(4):  # keystrokes 10 ms apart, well within the 0.2 s pause: one burst
            bursts.typed(("ana", "op-1"), "Ana")
            await asyncio.sleep(0.01)
        assert ended == []
        await asyncio.sleep(0.5)  # quiet for longer than the pause and a sweep
        assert ended == [(("ana", "op-1"), "Ana")]

    ended = run(scenario, pause=0.2, longest=30)
    assert ended == [(("ana", "op-1"), "Ana")]  # close() found nothing left


def test_uninterrupted_typing_ends_after_the_longest_burst() -> None:
    async def scenario(bursts: Bursts, ended: list) -> None:
        # keystrokes 25 ms apart for 0.8 s never pause for 1 s: what ends a burst meanwhile
        # is the longest-burst rule (0.3 s; sweeps every 0.25 s)
        for _ in range(32):
            bursts.typed(("li", "op-2"), "Li")
            await asyncio.sleep(0.025)
        assert ended and {peer for _, peer in ended} == {"Li"}

    run(scenario, pause=1.0, longest=0.3)


def test_a_typist_who_leaves_ends_only_their_bursts() -> None:
    async def scenario(bursts: Bursts, ended: list) -> None:
        bursts.typed(("ana", "op-1"), "Ana")
        bursts.typed(("ana", "op-2"), "Ana")
        bursts.typed(("li", "op-1"), "Li")
        bursts.end_all("Ana")
        assert sorted(ended) == [(("ana", "op-1"), "Ana"), (("ana", "op-2"), "Ana")]

    ended = run(scenario)
    assert ended[-1] == (("li", "op-1"), "Li")  # Li's burst went on until close()



def test_a_sweep_ends_one_paragraphs_bursts_per_turn_of_the_event_loop() -> None:
    """Ends may seal versions, which cost as much as a paragraph is long: what else waits on
    the event loop runs between two paragraphs' ends, and a paragraph's ends come together."""
    async def scenario(bursts: Bursts, ended: list) -> None:
        for who in ("ana", "li"):
            for paragraph in ("op-1", "op-2", "op-3"):
                bursts.typed((who, paragraph), who)
        turns: list[int] = []
        loop = asyncio.get_running_loop()
        until = loop.time() + 1.0

        def tick() -> None:  # the rest of the room: one callback per turn of the loop
            turns.append(len(ended))
            if len(ended) < 6 and loop.time() < until:
                loop.call_soon(tick)

        tick()
        await asyncio.sleep(0.3)  # past the pause and a sweep
        paragraphs = [key[1] for key, _ in ended]
        assert len(ended) == 6 and paragraphs[::2] == paragraphs[1::2]
        assert sorted(paragraphs[::2]) == ["op-1", "op-2", "op-3"]
        assert sorted(set(turns)) == [0, 2, 4, 6]  # one paragraph's two ends per turn

    run(scenario, pause=0.1, longest=30)


def test_typing_between_a_sweep_and_its_turn_keeps_the_burst_going() -> None:
    ended: list[tuple[str, str]] = []

    async def main() -> None:
        def end(key: tuple[str, str], peer: str) -> None:
            ended.append(key)
            if key == ("ana", "op-1"):  # the sweep found op-2 over too; typed into before
                bursts.typed(("ana", "op-2"), "Ana")  # its turn, it goes on

        bursts = Bursts(0.1, 30, end)
        bursts.typed(("ana", "op-1"), "Ana")
        bursts.typed(("ana", "op-2"), "Ana")
        await asyncio.sleep(0.15)
        assert ended == [("ana", "op-1")] and bursts.typing_in("op-2") == ["Ana"]
        await asyncio.sleep(0.2)
        assert ended == [("ana", "op-1"), ("ana", "op-2")]  # a pause after that keystroke
        bursts.close()

    asyncio.run(main())


def test_each_burst_ends_by_its_own_rule_whatever_the_order_they_were_typed_in() -> None:
    """A sweep reads the bursts in the order of their latest keystroke (the pause) and of
    their first one (the longest burst), only as far as the ones that are over."""
    async def scenario(bursts: Bursts, ended: list) -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        ends: dict[str, float] = {}
        bursts.typed(("ana", "op-1"), "Ana")  # typed on and on: the longest burst ends it
        bursts.typed(("li", "op-2"), "Li")  # once: the pause ends it
        bursts.typed(("jo", "op-3"), "Jo")  # twice: a pause after the second keystroke
        while loop.time() - start < 0.7:
            await asyncio.sleep(0.02)
            if loop.time() - start < 0.08:
                bursts.typed(("jo", "op-3"), "Jo")
            if loop.time() - start < 0.6:
                bursts.typed(("ana", "op-1"), "Ana")
            for (who, _), _peer in ended:
                ends.setdefault(who, loop.time() - start)
        assert [who for (who, _), _ in ended][:3] == ["li", "jo", "ana"]
        assert 0.1 <= ends["li"] < ends["jo"] and 0.18 <= ends["jo"] < 0.35 <= ends["ana"] < 0.6

    run(scenario, pause=0.1, longest=0.35)
