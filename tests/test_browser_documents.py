"""The documents page, live, in a real browser (Playwright, Debian's Chromium) against the real
server with the demo drafts: the observer's page counts the two delegates who open the 2007
draft, shows where it stands (open brackets, proposals, paragraphs agreed) and the bracket
Venezuela raises there, in its row and in the polite summary, shows the revision the
secretariat issues and the new draft it uploads (its title, full of markup, shown as text),
lets the keyboard follow a change to its document, and passes axe-core's WCAG 2.1 A/AA checks
before and after the updates, under the real Content-Security-Policy."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
import pytest
from test_browser import (  # noqa: F401
    api_get,
    assert_accessible,
    chromium,
    delegate,
    first_document,
    open_editor,
    pick_paragraph,
    server,
    stored_paragraph_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="Debian's Chromium is not at /usr/bin/chromium")]
HOSTILE = 'WELCOMING <img src=x onerror="document.title=1"> & "QUOTED" DRAFT'
COUNTS_MS = 20_000  # counts are told every 2 s, the page gets them every 3 s, its summary 5 s


def as_secretariat(base: str, who: str = "secretariat") -> tuple[httpx.Client, str, str]:
    """A logged-in client of the demo account ``who``, its CSRF token and the demo
    negotiation's id."""
    http = httpx.Client(base_url=base, timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text).group(1)
    http.post("/login", data={"login": f"{who}@demo.plenary", "password": "plenary-demo",
                              "csrf_token": token})
    home = http.get("/").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    negotiation = re.search(r'href="/negotiations/([^"]+)"', home).group(1)
    return http, token, negotiation


def plain_word(text: str) -> tuple[int, int]:
    """Where the first word of four letters or more outside any bracket is in ``text``."""
    depth = 0
    for match in re.finditer(r"\[|\]|[A-Za-z]{4,}", text):
        if match[0] == "[":
            depth += 1
        elif match[0] == "]":
            depth = max(0, depth - 1)
        elif depth == 0:
            return match.start(), match.end()
    raise AssertionError(f"no plain word in {text!r}")


def raise_a_bracket(base: str, document_id: str) -> None:
    """Venezuela brackets a word of the draft over HTTP (the live room takes it)."""
    paragraph_id = pick_paragraph({"id": document_id}, base)
    start, end = plain_word(stored_paragraph_text(base, document_id, paragraph_id))
    http, token, _ = as_secretariat(base, "venezuela")
    try:
        answer = http.post(f"/api/documents/{document_id}/paragraphs/{paragraph_id}/brackets",
                           json={"action": "raise", "start": start, "end": end},
                           headers={"X-CSRF-Token": token})
        assert answer.status_code == 200, answer.text[:300]
    finally:
        http.close()


def test_the_documents_page_counts_editors_and_shows_changes_live(server: str) -> None:  # noqa: F811
    document = first_document(server)
    row = f'tr[data-document-id="{document["id"]}"]'

    async def scenario() -> None:
        async with chromium() as browser:
            context = await browser.new_context()  # the real CSP: no bypass
            context.set_default_timeout(15_000)
            page = await context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda message: errors.append(message.text)
                    if "Content Security Policy" in message.text else None)
            await page.goto(f"{server}/login")
            await page.click('button[data-login="observer@demo.plenary"]')
            await page.wait_for_url(f"{server}/")
            await page.locator("#live-state[data-state=online]").wait_for()
            assert await page.locator(f"{row} td.connected").text_content() == "0 connected"
            await assert_accessible(page)

            for who in ("venezuela", "belize"):
                await open_editor(await delegate(browser, server, who), server,
                                  document["id"])
            await page.locator(f"{row} td.connected", has_text="2 connected").wait_for(
                timeout=COUNTS_MS)
            status = page.get_by_role("status")
            await status.filter(has_text="2 connected to 1 of these documents").wait_for(
                timeout=COUNTS_MS)
            assert await status.get_attribute("role") == "status"  # polite by its role

            progress = page.locator(f"{row} td.progress")
            await progress.filter(has_text=re.compile(r"^\d+ open brackets?, ")).wait_for()
            brackets = int((await progress.text_content()).split()[0])
            assert re.search(r"; \d+ of \d+ paragraphs agreed", await progress.text_content())
            await asyncio.to_thread(raise_a_bracket, server, document["id"])
            await progress.filter(has_text=re.compile(rf"^{brackets + 1} open brackets, ")
                                  ).wait_for(timeout=COUNTS_MS)
            await status.filter(has_text=re.compile(r"\d+ open brackets? and \d+ proposals?"
                                                    r" in \d+ documents? not adopted")
                                ).wait_for(timeout=COUNTS_MS)
            await assert_accessible(page)

            http, token, negotiation = await asyncio.to_thread(as_secretariat, server)
            try:
                revisions = int(await page.locator(f"{row} td.count").text_content())
                answer = await asyncio.to_thread(
                    http.post, f"/documents/{document['id']}/revisions",
                    data={"name": "Rev.1", "csrf_token": token},
                    files={"file": ("", b"", "text/plain")})
                assert answer.status_code == 303
                await page.locator(f"{row}.changed td.count",
                                   has_text=str(revisions + 1)).wait_for()
                answer = await asyncio.to_thread(
                    http.post, f"/negotiations/{negotiation}/documents",
                    data={"csrf_token": token, "text": f"CP/RES. 9 (2026)\n\n{HOSTILE}\n\n"
                          "THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To note the report.\n"},
                    files={"file": ("", b"", "text/plain")})
                assert answer.status_code == 200, answer.text[:300]
            finally:
                http.close()
            new_row = page.locator("#documents-rows tr", has_text="CP/RES. 9 (2026)")
            await new_row.wait_for()
            assert await new_row.locator("td.title a").text_content() == HOSTILE
            assert await page.locator("#documents-rows img, #live-changes img").count() == 0
            changes = page.locator("#live-changes li")
            assert await changes.count() == 2
            assert "a revision was issued" in await changes.nth(0).text_content()
            assert "a new document was imported" in await changes.nth(1).text_content()
            assert await page.locator("#live-changes-log").get_attribute("aria-live") == "polite"
            await assert_accessible(page)

            link = changes.nth(0).get_by_role("link")  # followed with the keyboard
            await link.focus()
            assert await page.evaluate("document.activeElement.textContent") == \
                await link.text_content()
            await page.keyboard.press("Enter")
            await page.wait_for_url(f"**/documents/{document['id']}")
            assert errors == []

    asyncio.run(scenario())
