"""The chair's console and the big screen in a real browser (Playwright, Debian's Chromium),
against the real server with the demo drafts: the chair resolves Venezuela's bracket in the
2007 draft from the console while a Venezuelan delegate's editor and the big screen follow;
Belize's tabled paragraph is withdrawn by Belize and lifted by the chair; both pages pass
axe-core's WCAG 2.1 AA checks; the big screen is read at 1920x1080."""

from __future__ import annotations

import asyncio
import os
import re
import time
from pathlib import Path

import httpx
import pytest
from test_browser import (  # noqa: F401
    api_get,
    chromium,
    delegate,
    open_editor,
    server,
    text_box,
)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="Debian's Chromium is not at /usr/bin/chromium")]

SHARED = "[shared responsibility / co-responsibility]"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                    "wcag21aa"]}}


_SESSIONS: dict[tuple[str, str], tuple[httpx.Client, str]] = {}


def demo_post(base: str, who: str, path: str, body: dict) -> httpx.Response:
    """POST as the demo account ``who`` ("chair", "belize", ...), with its CSRF token."""
    if (base, who) not in _SESSIONS:
        http = httpx.Client(base_url=base, timeout=30)
        token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text)
        http.post("/login", data={"login": f"{who}@demo.plenary", "password": "plenary-demo",
                                  "csrf_token": token.group(1)})
        page = http.get("/").text
        _SESSIONS[base, who] = (http, re.search(r'name="csrf_token" value="([^"]+)"',
                                                page).group(1))
    http, token = _SESSIONS[base, who]
    return http.post(path, json=body, headers={"X-CSRF-Token": token})


def trafficking_draft(base: str) -> dict:
    documents = api_get(base + "/api/documents").json()["documents"]
    return next(d for d in documents if "HEMISPHERIC COOPERATION" in (d["title"] or ""))


def paragraphs(base: str, document_id: str) -> list[dict]:
    body = api_get(f"{base}/api/documents/{document_id}").json()["document"]
    found = []

    def walk(items):
        for item in items:
            found.append(item)
            walk(item["children"])

    for section in ("preamble", "operative", "articles"):
        walk(body[section])
    return found


async def assert_accessible(page) -> None:
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_the_chair_resolves_from_the_console_and_the_room_follows(server: str) -> None:  # noqa: F811
    document = trafficking_draft(server)
    shared = next(p for p in paragraphs(server, document["id"]) if SHARED in p["text"])

    async def scenario() -> None:
        async with chromium() as browser:
            venezuela = await open_editor(await delegate(browser, server, "venezuela"), server,
                                          document["id"])
            chair_context = await delegate(browser, server, "chair")
            console = await chair_context.new_page()
            await console.set_viewport_size({"width": 1400, "height": 1000})
            await console.goto(f"{server}/documents/{document['id']}/console")
            await console.wait_for_function(
                "document.getElementById('connection').dataset.state === 'online'")
            screen_context = await delegate(browser, server, "observer")
            screen = await screen_context.new_page()
            await screen.set_viewport_size({"width": 1920, "height": 1080})
            await screen.goto(f"{server}/documents/{document['id']}/screen")
            await screen.wait_for_function(
                "document.getElementById('screen').dataset.state === 'online'")
            await assert_accessible(console)

            group = console.locator(f'.console-paragraph[data-paragraph-id="{shared["id"]}"]')
            await group.locator("button.select-paragraph").click()
            await screen.locator("#screen-current").get_by_text(
                f"{SHARED} — held by Venezuela").wait_for()
            assert "The chair is on preambular paragraph" in await screen.locator(
                "#screen-where").text_content()

            item = group.locator(f'.console-item[data-bracket="{SHARED}"]')
            await group.get_by_label("Rationale").fill("agreed in informal consultations")
            started = time.monotonic()
            await item.get_by_role("button", name="Keep “shared responsibility”").click()
            await venezuela.wait_for_function(
                f"""() => document.querySelector(
                        '.paragraph-text[data-paragraph-id="{shared['id']}"]')
                        .textContent.includes('requires shared responsibility and')""",
                timeout=1000)
            assert time.monotonic() - started < 1.0
            await screen.locator("#screen-current").get_by_text(
                "requires shared responsibility and", exact=False).wait_for(timeout=2000)
            await console.locator(
                f'.console-paragraph[data-paragraph-id="{shared["id"]}"] '
                f'.console-item[data-bracket="{SHARED}"]').wait_for(state="detached")

            history = await chair_context.new_page()
            await history.goto(f"{server}/documents/{document['id']}/paragraphs/"
                               f"{shared['id']}/history")
            body = await history.locator("main").text_content()
            assert "Chair" in body and "agreed in informal consultations" in body
            assert "kept “shared responsibility”" in body
            assert venezuela.errors == []

    asyncio.run(scenario())


def test_belize_withdraws_its_paragraph_and_the_chair_lifts_it(server: str) -> None:  # noqa: F811
    document = trafficking_draft(server)
    belize = next(p for p in paragraphs(server, document["id"]) if p["proposed_by"] == "Belize")

    async def scenario() -> None:
        async with chromium() as browser:
            editor = await open_editor(await delegate(browser, server, "belize"), server,
                                       document["id"])
            await text_box(editor, belize["id"]).click()
            row = editor.locator("#bracket-list .bracket-row").first
            await row.get_by_text("held by Belize").wait_for()
            await row.get_by_role("button", name="Withdraw").click()
            await editor.locator("#bracket-list").get_by_text("awaiting the chair").wait_for()
            console = await (await delegate(browser, server, "chair")).new_page()
            await console.goto(f"{server}/documents/{document['id']}/console"
                               "?delegation=awaiting+chair")
            item = console.locator(f'.console-paragraph[data-paragraph-id="{belize["id"]}"] '
                                   '.console-item')
            assert "awaiting the chair" in await item.locator(".meta").text_content()
            await item.get_by_role("button", name="Lift").click()
            await item.wait_for(state="detached")
            assert editor.errors == []

    asyncio.run(scenario())
    after = next(p for p in paragraphs(server, document["id"]) if p["id"] == belize["id"])
    assert after["proposed_by"] is None and after["text"] == belize["text"]


def test_a_delegate_brackets_words_with_an_alternative_in_the_editor(server: str) -> None:  # noqa: F811
    document = trafficking_draft(server)
    target = next(p for p in paragraphs(server, document["id"])
                  if "To reaffirm its commitment" in p["text"])

    async def scenario() -> None:
        async with chromium() as browser:
            editor = await open_editor(await delegate(browser, server, "mexico"), server,
                                       document["id"])
            box = text_box(editor, target["id"])
            await editor.locator("#bracket-alternatives").fill("renew")
            await box.click()
            await box.evaluate("""element => {
                const node = element.firstChild.nodeType === 3 ? element.firstChild
                    : document.createTreeWalker(element, NodeFilter.SHOW_TEXT).nextNode();
                const start = node.data.indexOf('reaffirm');
                const range = document.createRange();
                range.setStart(node, start);
                range.setEnd(node, start + 'reaffirm'.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
            }""")
            await editor.get_by_role("button", name="Bracket the selection").click()
            await editor.wait_for_function(
                f"""() => document.querySelector(
                    '.paragraph-text[data-paragraph-id="{target['id']}"]')
                    .textContent.startsWith('To [reaffirm / renew] its commitment')""")
            await editor.locator("#bracket-list").get_by_text("held by Mexico").wait_for()
            assert editor.errors == []

    asyncio.run(scenario())


def test_a_delegate_who_follows_the_chair_is_taken_to_the_paragraph(server: str) -> None:  # noqa: F811
    document = trafficking_draft(server)
    last = [p for p in paragraphs(server, document["id"]) if p["text"].strip()][-1]

    async def scenario() -> None:
        async with chromium() as browser:
            editor = await open_editor(await delegate(browser, server, "mexico"), server,
                                       document["id"])
            await editor.get_by_label("Follow the chair").check()
            demo_post(server, "chair", f"/api/documents/{document['id']}/paragraphs/"
                      f"{last['id']}/select", {})
            await editor.locator("#chair-is-on").get_by_text("The chair is on").wait_for()
            await editor.wait_for_function(f"""() => {{
                const box = document.getElementById('p-{last['id']}').getBoundingClientRect();
                return box.top >= 0 && box.top < window.innerHeight;
            }}""")
            assert editor.errors == []

    asyncio.run(scenario())


def test_the_big_screen_is_readable_from_the_back_of_the_room(server: str,  # noqa: F811
                                                              tmp_path: Path) -> None:
    document = trafficking_draft(server)
    shared = next(p for p in paragraphs(server, document["id"]) if SHARED in p["text"])
    shot = Path(os.environ.get("PLENARY_SCREENSHOT_DIR", tmp_path)) / "big-screen.png"

    async def scenario() -> None:
        async with chromium() as browser:
            screen = await (await delegate(browser, server, "observer")).new_page()
            await screen.set_viewport_size({"width": 1920, "height": 1080})
            await screen.goto(f"{server}/documents/{document['id']}/screen")
            await screen.wait_for_function(
                "document.getElementById('screen').dataset.state === 'online'")
            demo_post(server, "chair", f"/api/documents/{document['id']}/paragraphs/"
                      f"{shared['id']}/select", {})
            await screen.locator("#screen-current .screen-text").wait_for()
            await screen.locator("#screen-previous .screen-text").wait_for()
            sizes = await screen.evaluate("""() => Object.fromEntries(
                ['screen-current', 'screen-previous', 'screen-next', 'screen-where'].map(id =>
                    [id, parseFloat(getComputedStyle(document.getElementById(id)).fontSize)]))""")
            assert sizes["screen-current"] >= 40, sizes  # ~1/25 of the screen's height
            assert min(sizes["screen-previous"], sizes["screen-next"]) >= 24, sizes
            assert sizes["screen-where"] >= 28, sizes
            box = await screen.locator("#screen-current").bounding_box()
            assert box["y"] < 540 < box["y"] + box["height"] + 200  # centred on the screen
            await screen.screenshot(path=str(shot))
            await assert_accessible(screen)

    asyncio.run(scenario())
    assert shot.stat().st_size > 10_000
