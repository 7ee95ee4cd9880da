"""The path page, the compare page and the burndown chart in a real browser (Playwright,
Debian's Chromium) for the corpus document: the four Paris texts imported as one document
with four revisions. Each page is screenshot (in $PLENARY_SCREENSHOT_DIR, else the test's tmp
folder), its content checked (the numbers and words shown) and run through axe-core's
WCAG 2.1 A and AA rules (axe-core as shipped by the axe-playwright-python package)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import httpx
import pytest
from accounts_fixture import PASSWORD, create_account_cli, logged_in
from test_browser import CHROMIUM, TIMEOUT_MS, chromium, free_port

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FILES = sorted(CORPUS.glob("paris-v*.md"))
NAMES = ["Draft", "Rev.1", "Rev.2", "Adopted"]
NEGOTIATION = Path(sys.executable).parent / "negotiation"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not at "
                       "/usr/bin/chromium (.ci/run installs it with apt-get install chromium)"),
    pytest.mark.skipif(len(FILES) != 4, reason=f"the corpus is not at {CORPUS}"),
]


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """`negotiation serve` on the corpus document; yields (base URL, document id)."""
    data = tmp_path_factory.mktemp("data")
    url = f"sqlite:///{data / 'plenary.sqlite3'}"

    def negotiation(*args: str) -> str:
        done = subprocess.run([str(NEGOTIATION), *args, "--db", url], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    document_id = negotiation("import", str(FILES[0]), "--name", NAMES[0])
    for name, source in zip(NAMES[1:], FILES[1:], strict=True):
        negotiation("import", str(source), "--as-revision-of", document_id, "--name", name)
    create_account_cli(url, READER)  # pages need a session: the installation's secretariat
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(PLENARY_DATA_DIR=str(data), PLENARY_STORE_WRITER="thread")
    process = subprocess.Popen([str(NEGOTIATION), "serve", "--port", str(port)], cwd=ROOT,
                               env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/login", timeout=2).raise_for_status()
            break
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the server did not answer within 60 s")
            time.sleep(0.1)
    try:
        yield base, document_id
    finally:
        process.terminate()
        process.wait(timeout=15)


READER = "secretariat@corpus.test"


async def log_in(page, base: str) -> None:
    """Log ``page`` in as the installation's secretariat through the login form."""
    await page.goto(base + "/login")
    await page.fill("#login", READER)
    await page.fill("#password", PASSWORD)
    await page.click("button.primary")
    await page.wait_for_url(lambda url: "/login" not in url)


def screenshot_dir(tmp_path: Path) -> Path:
    return Path(os.environ.get("PLENARY_SCREENSHOT_DIR", tmp_path))


async def accessibility_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, one line each."""
    source = (resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")
    await page.add_script_tag(content=source)
    result = await page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            f"{v['nodes'][0]['target']})" for v in result["violations"]]


def visit(base: str, path: str, shot: Path, check) -> None:
    async def scenario() -> None:
        async with chromium() as browser:
            context = await browser.new_context(viewport={"width": 1200, "height": 900},
                                                bypass_csp=True)  # for evaluate's eval
            context.set_default_timeout(TIMEOUT_MS)
            page = await context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            await log_in(page, base)
            response = await page.goto(base + path)
            assert response.status == 200
            await check(page)
            await page.screenshot(path=str(shot), full_page=False)
            assert await accessibility_violations(page) == []
            assert errors == []

    asyncio.run(scenario())
    assert shot.stat().st_size > 10_000


def test_burndown_chart_of_the_corpus(corpus_server, tmp_path: Path) -> None:
    base, document_id = corpus_server

    async def check(page) -> None:
        chart = page.locator("img.burndown-chart")
        await chart.scroll_into_view_if_needed()
        assert await chart.evaluate("img => img.complete && img.naturalWidth") == 720
        figures = await page.locator("#burndown-figures tbody tr").evaluate_all(
            "rows => rows.map(row => [...row.cells].slice(0, 3).map(c => c.textContent))")
        assert [(name, opened) for name, _, opened in figures] == [
            ("Draft", "858"), ("Rev.1", "819"), ("Rev.2", "182"), ("Adopted", "0")]

    visit(base, f"/documents/{document_id}/revisions",
          screenshot_dir(tmp_path) / "burndown.png", check)


def test_compare_page_of_the_last_two_corpus_revisions(corpus_server, tmp_path: Path) -> None:
    base, document_id = corpus_server

    async def check(page) -> None:
        counts = await page.locator("#compare-counts").inner_text()
        assert counts == "113 edited · 72 new · 152 dropped · 30 unchanged"
        first_edit = page.locator("tr.change-edited").first
        assert await first_edit.locator("ins").count() + \
            await first_edit.locator("del").count() > 0
        assert await page.locator("th", has_text="Rev.2").count() >= 1

    visit(base, f"/documents/{document_id}/compare?from=Rev.2&to=Adopted",
          screenshot_dir(tmp_path) / "compare.png", check)


def test_path_page_of_a_corpus_paragraph(corpus_server, tmp_path: Path) -> None:
    base, document_id = corpus_server
    http = logged_in(base, READER)
    # the first paragraph of the path table that was in every revision, changed in each, and
    # held brackets in the draft
    table = http.get(f"{base}/documents/{document_id}/path").text
    rows = re.finditer(r'<a href="/documents/[^/]+/paragraphs/([^/]+)/path">([^<]+)</a></th>\s*'
                    r'<td class="cell-new">new</td><td class="cell-edited">edited</td>'
                    r'<td class="cell-edited">edited</td><td class="cell-edited">edited</td>',
                       table)
    paragraph_id, name = next(
        row.groups() for row in rows
        if re.search(r'class="stage-meta">([0-9]+) open', http.get(
            f"{base}/documents/{document_id}/paragraphs/{row.group(1)}/path").text)[1] != "0")
    http.close()

    async def check(page) -> None:
        stages = await page.locator(".stage-name").evaluate_all(
            "names => names.map(name => name.textContent)")
        assert [stage.split(" ")[0] for stage in stages] == NAMES
        assert await page.locator("h1").inner_text() == f"Path of {name}"
        metas = await page.locator(".stage-meta").all_inner_texts()
        brackets = [int(meta.split(" ")[0]) for meta in metas]
        assert len(brackets) == 4 and brackets[0] > 0 and brackets[-1] == 0
        assert await page.locator(".timeline ins").count() > 0
        assert "0 still open" in await page.locator(".history-summary").inner_text()
        assert (await page.locator(".final-wording").inner_text()).strip()

    visit(base, f"/documents/{document_id}/paragraphs/{paragraph_id}/path",
          screenshot_dir(tmp_path) / "path.png", check)


def test_markdown_emphasis_shows_as_italics_in_the_editor(corpus_server, tmp_path: Path) -> None:
    base, document_id = corpus_server

    async def scenario() -> None:
        async with chromium() as browser:
            context = await browser.new_context(viewport={"width": 1200, "height": 900},
                                                bypass_csp=True)  # for evaluate's eval
            context.set_default_timeout(TIMEOUT_MS)
            page = await context.new_page()
            await log_in(page, base)
            await page.goto(f"{base}/documents/{document_id}")
            await page.wait_for_function(
                "document.getElementById('connection').dataset.state === 'online'")
            first = page.locator(".section-preamble .paragraph-text").first
            assert await first.locator(".md-em:not(.md-mark)").first.inner_text() == "Being"
            assert await first.inner_text() == await first.evaluate(
                "e => e.textContent.replace('*Being*', 'Being')")  # marks hidden, kept
            assert (await first.evaluate("e => e.textContent")).startswith("*Being* Parties")
            await page.screenshot(path=str(screenshot_dir(tmp_path) / "editor-emphasis.png"))

    asyncio.run(scenario())
