"""The history page's "who wrote the current text" in a real browser: Chromium (Playwright)
against `negotiation serve --demo`, words typed by two delegations over real WebSockets, and
axe-core's WCAG 2.1 AA rules on the page."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from sync_client import SyncClient, ws_url
from test_browser import (
    CHROMIUM,
    TIMEOUT_MS,
    api_get,
    chromium,
    delegate,
    first_document,
    pick_paragraph,
)
from test_browser import server as server  # the fixture, re-exported

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not at "
                       "/usr/bin/chromium (.ci/run installs it with apt-get install chromium)"),
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def demo_session(base: str, who: str) -> dict[str, str]:
    """The session cookie of the demo account ``who`` ("venezuela", "belize"), for a
    WebSocket: identity comes from the session."""
    with httpx.Client(base_url=base, timeout=30) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"',
                          client.get("/login").text).group(1)
        client.post("/login", data={"login": f"{who}@demo.plenary", "password": "plenary-demo",
                                    "csrf_token": token})
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())}


async def type_as_two_delegations(base: str, document_id: str, paragraph_id: str) -> None:
    url = ws_url(base, document_id)
    venezuela = await SyncClient.connect(url, name="Ana", delegation="Venezuela",
                                         headers=demo_session(base, "venezuela"))
    belize = await SyncClient.connect(url, name="Li", delegation="Belize",
                                      headers=demo_session(base, "belize"))
    venezuela.edit(paragraph_id, "Urgently, " + venezuela.text(paragraph_id))
    belize.edit(paragraph_id, belize.text(paragraph_id) + " [BELIZE: as proposed]")
    for client in (venezuela, belize):
        await client.settle()
    await venezuela.close()
    await belize.close()


def test_the_history_page_colours_the_text_by_delegation_and_passes_axe(server: str) -> None:
    from axe_playwright_python.async_playwright import Axe

    document = first_document(server)
    paragraph_id = pick_paragraph(document, server)
    asyncio.run(type_as_two_delegations(server, document["id"], paragraph_id))
    api = f"{server}/api/documents/{document['id']}/paragraphs/{paragraph_id}/attribution"
    spans = api_get(api).json()["spans"]
    by = {span["text"]: span["delegation"] for span in spans}
    assert by["Urgently, "] == "Venezuela"
    # the words of Belize's proposal, typed by Belize's delegate, are Belize's (a delegate
    # may not type a proposal naming another delegation: tests/test_typed_brackets_live.py)
    assert by[" [BELIZE: as proposed]"] == "Belize"

    async def scenario() -> None:
        async with chromium() as browser:
            context = await delegate(browser, server, "observer")
            page = await context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            await page.goto(f"{server}/documents/{document['id']}/paragraphs/"
                            f"{paragraph_id}/history")
            belize = page.locator('.attributed-text .by[data-delegation="Belize"]')
            assert "[BELIZE: as proposed]" in await belize.first.inner_text()
            venezuela = page.locator('.attributed-text .by[data-delegation="Venezuela"]')
            assert "Urgently," in await venezuela.first.inner_text()
            legend = await page.locator(".attribution-legend li").all_inner_texts()
            assert {item.split()[-1] for item in legend} >= {"Belize", "Venezuela",
                                                             "Secretariat"}
            # not colour alone: each span names its delegation for screen readers
            hidden = await belize.first.locator(".visually-hidden").inner_text()
            assert hidden.strip() == "(Belize)"
            colours = await page.evaluate(
                "[...document.querySelectorAll('.attributed-text .by')].map("
                "e => getComputedStyle(e).backgroundColor)")
            assert len(set(colours)) >= 3
            results = await Axe().run(page, options={
                "runOnly": {"type": "tag", "values": WCAG_21_AA}})
            assert results.violations_count == 0, results.generate_report()

    asyncio.run(scenario())
