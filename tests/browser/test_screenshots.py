"""Every main page on the demo network, in a browser: it renders, and its picture is kept.

With GOODTERMS_SCREENSHOTS=docs/screenshots the pictures replace those in the docs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from goodterms.demo import DEMO_AS_OF, DEMO_TIMEZONE, demo_journal
from tests.browser.conftest import Server, log_in, start_server

PAGES = [
    ("today", "/", "Today"),
    ("people", "/people/", "People"),
    ("person", "/people/kai/", None),
    ("log", "/log/", "Log what happened"),
    ("ask", "/ask/", None),
    ("import", "/import/", None),
    ("review", "/review/", None),
    ("settings", "/settings/", "Settings"),
    ("balance", "/balance/", None),
    ("introductions", "/introductions/", None),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("demo-home")
    for server in start_server(home, DEMO_AS_OF, DEMO_TIMEZONE):
        journal = home / "demo.jsonl"
        journal.write_text("".join(json.dumps(line) + "\n" for line in demo_journal()),
                           encoding="utf-8")
        server.goodterms("import", str(journal))
        yield server


@pytest.fixture(scope="module")
def page(browser, demo) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    log_in(page, demo)
    yield page
    context.close()


@pytest.mark.parametrize(("name", "path", "heading"), PAGES, ids=[p[0] for p in PAGES])
def test_each_main_page_renders_on_the_demo_network(page, demo, screenshots, name, path,
                                                    heading):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(demo.url + path)
    assert response is not None and response.status == 200, path
    h1 = page.locator("h1").first
    assert h1.inner_text().strip()
    if heading:
        assert h1.inner_text().strip().startswith(heading)
    assert "Traceback" not in page.content()
    assert errors == []
    page.screenshot(path=str(Path(screenshots) / f"{name}.png"))
