"""A UN delegate's own proposal, recorded under another spelling of their delegation, in a real
browser (Playwright, Debian's Chromium) against the real server: in a UN negotiation Bolivia's
seat is "Bolivia (Plurinational State of)"; a proposal recorded before as "Bolivia" (the OAS
short name) is Bolivia's, so Bolivia's editor lets its delegate edit it and Chile's locks it,
saying why (the editor page passes axe-core's WCAG 2.1 AA checks)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from accounts_fixture import PASSWORD
from permission_world import World
from test_browser import TIMEOUT_MS, assert_accessible, chromium, text_box, wait_online
from un_world import table_as_recorded_before_the_key, un_world

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="Debian's Chromium is not at /usr/bin/chromium")]

WORDING = "Older words of Bolivia."


@pytest.fixture
def site(tmp_path: Path) -> Iterator[World]:
    with un_world(tmp_path) as made:
        yield made


async def editor_of(browser, site: World, key: str, document_id: str):
    """Log in through the login form as ``key`` and open the document's editor."""
    context = await browser.new_context(viewport={"width": 1200, "height": 900},
                                        bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await page.goto(f"{site.base}/login")
    await page.fill("#login", site.people[key].login)
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit].primary")
    await page.wait_for_url(lambda url: "/login" not in url)
    await page.goto(f"{site.base}/documents/{document_id}")
    await wait_online(page)
    return page


def test_bolivias_editor_opens_its_proposal_recorded_as_bolivia_and_chiles_locks_it(
        site: World) -> None:
    document_id = site.document()

    proposal = table_as_recorded_before_the_key(site, document_id, WORDING)

    async def scenario() -> tuple[str | None, str | None, str | None]:
        async with chromium() as browser:
            bolivia = await editor_of(browser, site, "bolivia", document_id)
            chile = await editor_of(browser, site, "chile", document_id)
            await chile.wait_for_function(
                "id => document.querySelector(`.paragraph-text[data-paragraph-id=\"${id}\"]`)"
                ".classList.contains('locked')", arg=proposal.id)
            own = text_box(bolivia, proposal.id)
            await own.wait_for()
            await assert_accessible(bolivia)
            return (await own.get_attribute("contenteditable"),
                    await own.get_attribute("title"),
                    await text_box(chile, proposal.id).get_attribute("title"))

    editable, bolivias_title, chiles_title = asyncio.run(scenario())
    assert (editable, bolivias_title) == ("plaintext-only", None)
    assert chiles_title == "Read only: Bolivia's proposal: you speak for Chile, not for Bolivia"
