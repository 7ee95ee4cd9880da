"""A delegation's alternative wording as live text, in a real browser (Playwright, Debian's
Chromium) against the real server with the demo drafts: Venezuela's delegate tables an
alternative wording of a paragraph of the 2007 draft from the editor; it appears under that
paragraph in Venezuela's and Belize's editors; Venezuela's delegate types in it and Belize's
editor shows the words live, read-only; after a reload the page shows it too; the editor
passes axe-core's WCAG 2.1 AA checks with it; the chair adopts it from the console."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from test_browser import (  # noqa: F401
    caret_to_end,
    chromium,
    delegate,
    open_editor,
    server,
    text_box,
    wait_online,
)
from test_browser_chair import assert_accessible, paragraphs, trafficking_draft

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="Debian's Chromium is not at /usr/bin/chromium")]

WORDING = "To reaffirm its resolve to combat trafficking in persons"
ADDED = " and its root causes"


def proposal_under(page, paragraph_id: str):
    return page.locator(f"#p-{paragraph_id} > .children > "
                        '.kind-proposal[data-delegation="Venezuela"]')


def test_a_tabled_proposal_is_edited_live_under_its_paragraph_and_adopted(server: str  # noqa: F811
                                                                          ) -> None:
    document = trafficking_draft(server)
    target = next(p for p in paragraphs(server, document["id"])
                  if "To reaffirm its commitment" in p["text"])

    async def scenario() -> None:
        async with chromium() as browser:
            venezuela = await open_editor(await delegate(browser, server, "venezuela"), server,
                                          document["id"])
            belize = await open_editor(await delegate(browser, server, "belize"), server,
                                       document["id"])
            await text_box(venezuela, target["id"]).click()
            venezuela.once("dialog", lambda dialog: asyncio.ensure_future(
                dialog.accept(WORDING)))
            await venezuela.get_by_role("button", name="Table an alternative wording").click()
            for page in (venezuela, belize):
                await proposal_under(page, target["id"]).get_by_text(WORDING).wait_for()
            mine = proposal_under(venezuela, target["id"])
            assert await mine.locator(".label").text_content() == "Venezuela proposes"
            proposal_id = await mine.get_attribute("data-paragraph-id")
            await venezuela.wait_for_function(f"""() => document.querySelector(
                '.paragraph-text[data-paragraph-id="{proposal_id}"]')
                .getAttribute('contenteditable') === 'plaintext-only'""")

            await caret_to_end(venezuela, proposal_id)
            await venezuela.keyboard.type(ADDED)
            await belize.wait_for_function(f"""() => document.querySelector(
                '.paragraph-text[data-paragraph-id="{proposal_id}"]')
                .textContent === {WORDING + ADDED!r}""", timeout=2000)
            theirs = text_box(belize, proposal_id)
            assert await theirs.get_attribute("contenteditable") == "false"
            assert (await theirs.get_attribute("title")).startswith(
                "Read only: Venezuela's proposal")

            await belize.reload()  # the page renders the proposal under its paragraph
            await wait_online(belize)
            again = proposal_under(belize, target["id"])
            assert await again.locator(".paragraph-text").text_content() == WORDING + ADDED
            await belize.wait_for_function(f"""() => document.querySelector(
                '.paragraph-text[data-paragraph-id="{proposal_id}"]').title
                .startsWith('Read only: Venezuela')""")
            await assert_accessible(belize)
            await assert_accessible(venezuela)

            console = await (await delegate(browser, server, "chair")).new_page()
            await console.goto(f"{server}/documents/{document['id']}/console")
            group = console.locator(f'.console-paragraph[data-paragraph-id="{target["id"]}"]')
            item = group.locator(
                f'.console-item[data-bracket="[Venezuela: {WORDING + ADDED}]"]')
            await group.get_by_label("Rationale").fill("the room agreed")
            await item.get_by_role("button", name=f"Adopt “{WORDING + ADDED}”").click()
            await venezuela.wait_for_function(f"""() => document.querySelector(
                '.paragraph-text[data-paragraph-id="{target['id']}"]')
                .textContent === {WORDING + ADDED!r}""", timeout=2000)
            await proposal_under(venezuela, target["id"]).wait_for(state="detached")
            await proposal_under(belize, target["id"]).wait_for(state="detached")
            assert venezuela.errors == [] and belize.errors == []

    asyncio.run(scenario())
    after = next(p for p in paragraphs(server, document["id"]) if p["id"] == target["id"])
    assert after["text"] == WORDING + ADDED and after["proposals"] == []
