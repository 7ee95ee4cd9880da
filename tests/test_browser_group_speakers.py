"""Naming a delegate to speak for a negotiating group, and acting in its name, in a real
browser (Playwright, Debian's Chromium) against the real server with the demo: the secretariat
opens the members page, names Venezuela's delegate to speak for the Group of 77 and China
(the page, with the form open, passes axe-core's WCAG 2.1 AA checks); Venezuela's editor then
offers "In the name of" (absent for Belize's delegate, who speaks for no group) and tables an
alternative wording in the group's name, which appears under the paragraph as the group's."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from test_browser import (  # noqa: F401
    chromium,
    delegate,
    open_editor,
    server,
    text_box,
)
from test_browser_chair import assert_accessible, paragraphs, trafficking_draft

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="Debian's Chromium is not at /usr/bin/chromium")]

G77 = "Group of 77 and China"
WORDING = "To reaffirm the resolve of the developing countries"


def test_the_secretariat_names_a_group_and_the_delegate_tables_in_its_name(server: str  # noqa: F811
                                                                          ) -> None:
    document = trafficking_draft(server)
    target = next(p for p in paragraphs(server, document["id"])
                  if "To reaffirm its commitment" in p["text"])

    async def scenario() -> None:
        async with chromium() as browser:
            secretariat = await (await delegate(browser, server, "secretariat")).new_page()
            await secretariat.goto(server + "/")
            await secretariat.click(".negotiations a")
            row = secretariat.locator("tr", has_text="venezuela@demo.plenary")
            await row.locator("summary").click()
            await assert_accessible(secretariat)  # the members, the groups' form open
            await row.get_by_role("checkbox", name=G77).check()
            await row.get_by_role("button", name="Save the groups of").click()
            await secretariat.locator("tr", has_text="venezuela@demo.plenary").locator(
                "td.speaks-for", has_text=G77).wait_for()

            venezuela = await open_editor(await delegate(browser, server, "venezuela"),
                                          server, document["id"])
            belize = await open_editor(await delegate(browser, server, "belize"), server,
                                       document["id"])
            choice = venezuela.get_by_label("In the name of")
            await choice.wait_for()
            assert await belize.locator("label.in-name-of").is_hidden()
            await choice.select_option(G77)
            await text_box(venezuela, target["id"]).click()
            venezuela.once("dialog", lambda dialog: asyncio.ensure_future(
                dialog.accept(WORDING)))
            await venezuela.get_by_role("button", name="Table an alternative wording").click()
            for page in (venezuela, belize):
                await page.locator(f'#p-{target["id"]} > .children > '
                                   f'.kind-proposal[data-delegation="{G77}"]').get_by_text(
                    WORDING).wait_for()
            await assert_accessible(venezuela)  # the editor with its "In the name of"

    asyncio.run(scenario())
