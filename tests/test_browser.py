"""What a reader sees, in headless Chromium, against the built site on 127.0.0.1."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _left_behind(request) -> bool:
    """A page that sends the reader on (the root language chooser) has the rest of its
    own load aborted by the browser; that is the redirect working, not a failure."""
    return request.is_navigation_request() and request.failure == "net::ERR_ABORTED"


@pytest.fixture
def page_factory(browser, server):
    contexts = []

    def open_page(locale: str = "zh-CN"):
        context = browser.new_context(locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: not _left_behind(r) and page.problems.append(f"failed: {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status}: {r.url}"))
        page.on(
            "request",
            lambda r: not r.url.startswith((server, "data:")) and page.problems.append(f"third-party request: {r.url}"),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("zh-CN", "zh_CN"), ("en-US", "en"), ("en", "en"), ("fr-FR", "zh_CN"), ("zh-TW", "zh_CN")],
)
def test_root_page_sends_readers_to_their_language(page_factory, server, locale, expected) -> None:
    page = page_factory(locale)
    page.goto(f"{server}/index.html")
    page.wait_for_url(f"{server}/{expected}/index.html")
    assert page.problems == []


def test_language_switcher_lands_on_the_same_page_both_ways(page_factory, server) -> None:
    page = page_factory()
    page.goto(f"{server}/zh_CN/tutorials/index.html")
    page.click("nav.handbook-languages a[data-language=en]")
    page.wait_for_url(f"{server}/en/tutorials/index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("nav.handbook-languages a[data-language=zh_CN]")
    page.wait_for_url(f"{server}/zh_CN/tutorials/index.html")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.problems == []


@pytest.mark.parametrize(
    ("language", "query", "page_title"),
    [
        ("zh_CN", "导师", "如何联系导师"),
        ("en", "mentor", "How to contact a mentor"),
    ],
)
def test_search_finds_pages(page_factory, server, language, query, page_title) -> None:
    page = page_factory()
    page.goto(f"{server}/{language}/search.html?q={query}")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=10_000)
    assert page_title in results.all_inner_texts().__str__()
    assert page.problems == []
