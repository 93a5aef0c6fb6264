"""The web app in a real browser: log in, log a favor, thank, and on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import Server, log_in, start_server

PHONE = {"width": 375, "height": 740}
NOW = "2026-11-20T09:00"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("flow-home")
    yield from start_server(home, NOW)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_favor_asks_for_a_thank_you_until_it_is_given(browser, server, viewport, screenshots):
    who = "Tim Park" if viewport is None else "Pia Lund"
    ident = "tim" if viewport is None else "pia"
    server.goodterms("add", who, "--id", ident)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        log_in(page, server)
        assert page.get_by_text(who).count() == 0  # nothing about them yet

        page.get_by_role("link", name="Log", exact=True).click()
        page.get_by_role("link", name="Favor").click()
        page.get_by_label("Which way").select_option("from")
        page.get_by_label("Who", exact=True).fill(ident)
        page.get_by_label("Kind", exact=True).select_option("referral")
        page.get_by_label("What they (or you) did").fill("sent my resume to their manager")
        page.get_by_role("button", name="Log it").click()

        page.get_by_role("link", name="Today").click()
        thanks = page.locator("article.finding", has_text="no-thank-you")
        card = thanks.filter(has_text=who)
        card.wait_for()
        assert who in card.inner_text()
        if viewport is not None:
            # Nothing sticks out of a phone's screen.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"the page is {width} px wide on a phone"
            page.screenshot(path=str(Path(screenshots) / "today-phone.png"))

        card.get_by_role("button", name="Thanked").first.click()
        card.wait_for(state="detached")
        page.reload()
        page.get_by_role("heading", name="Today").wait_for()
        assert card.count() == 0
        timeline = server.goodterms("show", ident).stdout
        assert "thanks" in timeline.lower()
    finally:
        context.close()
