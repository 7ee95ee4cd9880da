"""The warning a tampered document shows, in a real browser: visible, announced (role=alert),
and free of axe-core's WCAG 2.1 A/AA violations (axe-core as shipped by axe-playwright-python).
The real server (`negotiation serve --demo`); the database changed through sqlite3."""

from __future__ import annotations

import asyncio
import sqlite3
from importlib import resources
from pathlib import Path

import pytest
from test_browser import (  # noqa: F401
    CHROMIUM,
    TIMEOUT_MS,
    api_get,
    chromium,
    delegate,
    first_document,
    server,
)

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's Chromium is not at /usr/bin/chromium "
                              "(.ci/run installs it with apt-get install chromium)"),
]


async def warning_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations inside the warning, one line each."""
    source = (resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")
    await page.add_script_tag(content=source)
    result = await page.evaluate(
        "tags => axe.run({include: [['.integrity-warning']]}, "
        "{runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})" for v in result["violations"]]


def test_a_tampered_document_warns_accessibly(server: str, tmp_path: Path) -> None:  # noqa: F811
    document_id = first_document(server)["id"]
    database = sqlite3.connect(tmp_path / "data" / "plenary.sqlite3")
    database.execute("UPDATE documents SET title = 'FORGED TITLE' WHERE id = ?", (document_id,))
    database.commit()
    database.close()
    assert api_get(f"{server}/api/documents/{document_id}").json()["verified"] is False

    async def scenario() -> None:
        async with chromium() as browser:
            context = await delegate(browser, server, "observer")
            context.set_default_timeout(TIMEOUT_MS)
            page = await context.new_page()
            for path in (f"/documents/{document_id}/revisions", f"/documents/{document_id}"):
                await page.goto(server + path)
                alert = page.locator('section.integrity-warning[role="alert"]')
                await alert.wait_for(state="visible")
                assert "the document, title: is 'FORGED TITLE'" in await alert.inner_text()
                assert await warning_violations(page) == []

    asyncio.run(scenario())
