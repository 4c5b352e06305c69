"""What a reader sees, in headless Chromium, against the built site on 127.0.0.1.

Every page of every language is loaded on a desktop and a phone-sized screen. The
screenshots and the page-weight report go to test-artifacts/, which the run keeps.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import LANGUAGES, REPO, BuiltSite
from handbook.languages import language_tag

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
PAGE_WEIGHT_LIMIT = 300 * 1024
PHONE = {"width": 375, "height": 812}

# Runs in the page: the accessibility basics and the page's own facts.
PAGE_FACTS = """() => {
  const article = document.querySelector("article") || document.body;
  const levels = [...article.querySelectorAll("h1,h2,h3,h4,h5,h6")]
    .filter((h) => h.offsetParent !== null || h.closest("details, .sd-tab-content"))
    .map((h) => Number(h.tagName[1]));
  const skips = [];
  for (let i = 1; i < levels.length; i++) if (levels[i] > levels[i - 1] + 1) skips.push(levels.slice(i - 1, i + 1));
  const imagesWithoutAlt = [...document.images]
    .filter((img) => !(img.getAttribute("alt") || "").trim()).map((i) => i.src);
  const silentLinks = [...document.querySelectorAll("a[href]")].filter((a) => {
    const text = (a.innerText || "").trim() || a.getAttribute("aria-label") || a.getAttribute("title") ||
      [...a.querySelectorAll("img[alt], svg title")].map((e) => e.getAttribute("alt") || e.textContent).join("");
    return !(text || "").trim();
  }).map((a) => a.outerHTML.slice(0, 120));
  return {lang: document.documentElement.lang, skips, imagesWithoutAlt, silentLinks,
          scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth};
}"""


def all_pages(site: BuiltSite) -> list[str]:
    pages = []
    for language in LANGUAGES:
        root = site.html / language
        for path in sorted(root.rglob("*.html")):
            relative = path.relative_to(root)
            if not any(part.startswith("_") for part in relative.parts):
                pages.append(f"{language}/{relative}")
    return pages


def _left_behind(request) -> bool:
    """A page that sends the reader on (the root language chooser) has the rest of its
    own load aborted by the browser; that is the redirect working, not a failure."""
    return request.is_navigation_request() and request.failure == "net::ERR_ABORTED"


@pytest.fixture
def page_factory(browser, server):
    contexts = []

    def open_page(locale: str = "zh-CN", **options):
        context = browser.new_context(locale=locale, **options)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.finished = []
        page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
        page.on(
            "requestfailed",
            lambda r: not _left_behind(r) and page.problems.append(f"failed: {r.url} {r.failure}"),
        )
        page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status}: {r.url}"))
        page.on(
            "request",
            lambda r: (
                not r.url.startswith((server, "data:", "blob:"))
                and page.problems.append(f"third-party request: {r.url}")
            ),
        )
        page.on("requestfinished", lambda r: page.finished.append(r))
        return page

    yield open_page
    for context in contexts:
        context.close()


# -- every page ----------------------------------------------------------------------------


def test_every_page_loads_cleanly_and_accessibly(page_factory, server, site: BuiltSite) -> None:
    desktop = page_factory()
    phone = page_factory(viewport=PHONE, is_mobile=True, has_touch=True)
    problems: list[str] = []
    weights: dict[str, int] = {}
    pages = all_pages(site)
    assert len(pages) > 40
    for page_path in pages:
        language = page_path.split("/", 1)[0]
        desktop.finished.clear()
        desktop.goto(f"{server}/{page_path}", wait_until="load")
        facts = desktop.evaluate(PAGE_FACTS)
        if facts["lang"] != language_tag(language):
            problems.append(f"{page_path}: <html lang={facts['lang']!r}>")
        for key in ("skips", "imagesWithoutAlt", "silentLinks"):
            if facts[key]:
                problems.append(f"{page_path}: {key}: {facts[key][:3]}")
        weights[page_path] = first_visit_bytes(desktop, server, site)
        phone.goto(f"{server}/{page_path}", wait_until="load")
        narrow = phone.evaluate(PAGE_FACTS)
        if narrow["scrollWidth"] > narrow["width"]:
            problems.append(
                f"{page_path}: scrolls sideways on a phone ({narrow['scrollWidth']}px > {narrow['width']}px)"
            )
    problems += [f"desktop: {p}" for p in desktop.problems] + [f"phone: {p}" for p in phone.problems]
    _write_weight_report(site, weights)
    heavy = {page: size for page, size in weights.items() if size > PAGE_WEIGHT_LIMIT}
    assert heavy == {}, "pages over 300 KB"
    assert problems == []


def first_visit_bytes(page, server: str, site: BuiltSite) -> int:
    """What a first visit to the page transfers: the page and every file it loaded
    (stylesheets, scripts, fonts, images), the search index excepted."""
    urls = page.evaluate("() => [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]")
    total = 0
    for url in dict.fromkeys(u.split("#")[0].split("?")[0] for u in urls):
        if not url.startswith(server) or url.endswith("searchindex.js"):
            continue
        path = site.html / url[len(server) :].lstrip("/")
        if path.is_file():
            total += path.stat().st_size
    return total


def _write_weight_report(site: BuiltSite, weights: dict[str, int]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    index_sizes = {code: (site.html / code / "searchindex.js").stat().st_size for code in LANGUAGES}
    report = {"pages": weights, "search_index_bytes": index_sizes, "limit_bytes": PAGE_WEIGHT_LIMIT}
    (ARTIFACTS / "page-weight.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    heaviest = max(weights, key=weights.get)
    print(
        f"\npage weight: heaviest {heaviest} {weights[heaviest] / 1024:.0f} KB; "
        f"search index {', '.join(f'{k} {v / 1024:.0f} KB' for k, v in index_sizes.items())}"
    )


# -- languages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("zh-CN", "zh_CN"), ("en-US", "en"), ("en", "en"), ("fr-FR", "zh_CN"), ("zh-TW", "zh_CN")],
)
def test_root_page_sends_readers_to_their_language(page_factory, server, locale, expected) -> None:
    page = page_factory(locale)
    page.goto(f"{server}/index.html")
    page.wait_for_url(f"{server}/{expected}/index.html")
    assert page.problems == []


@pytest.mark.parametrize("page_name", ["tutorials/kubevirt-minikube", "reference/faq", "index"])
def test_language_switcher_lands_on_the_same_page_both_ways(page_factory, server, page_name) -> None:
    page = page_factory()
    page.goto(f"{server}/zh_CN/{page_name}.html")
    page.click("nav.handbook-languages a[data-language=en]")
    page.wait_for_url(f"{server}/en/{page_name}.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("nav.handbook-languages a[data-language=zh_CN]")
    page.wait_for_url(f"{server}/zh_CN/{page_name}.html")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.problems == []


@pytest.mark.parametrize(("language", "heading"), [("zh_CN", "找不到这个页面"), ("en", "Page not found")])
def test_a_missing_page_shows_the_404_page_of_its_language(page_factory, server, language, heading) -> None:
    page = page_factory()
    response = page.goto(f"{server}/{language}/no/such/deep/page.html")
    assert response.status == 404
    assert page.locator("h1").first.inner_text().startswith(heading)
    assert page.locator("html").get_attribute("lang") == language_tag(language)
    page.click("article a:has-text('index'), article a[href$='index.html']")
    page.wait_for_url(f"{server}/{language}/index.html")
    # The missing page itself answers 404, which the browser also logs; nothing else may fail.
    missing = [p for p in page.problems if p.startswith("404:") or p.endswith("status of 404 (Not Found)")]
    assert len(missing) == 2 and page.problems == missing


# -- search ----------------------------------------------------------------------------------


def search(page_factory, server, language: str, query: str) -> list[str]:
    page = page_factory()
    page.goto(f"{server}/{language}/search.html?q={query}")
    page.wait_for_function(
        "() => !document.querySelector('#search-progress') || "
        "!document.querySelector('#search-progress').innerText.includes('…')",
        timeout=10_000,
    )
    page.locator("#search-results ul.search li").first.wait_for(timeout=10_000)
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    assert page.problems == []
    return [href.split("?")[0].split("#")[0] for href in hrefs]


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("zh_CN", "导师", "how-to/contact-a-mentor.html"),
        ("zh_CN", "申请书模板", "how-to/write-a-proposal.html"),
        ("zh_CN", "安装组件", "tutorials/kubevirt-minikube.html"),
        ("zh_CN", "KubeVirt", "tutorials/kubevirt-minikube.html"),
        ("en", "mentor", "how-to/contact-a-mentor.html"),
        ("en", "proposal template", "how-to/write-a-proposal.html"),
    ],
)
def test_search_finds_pages(page_factory, server, site: BuiltSite, language, query, expected) -> None:
    results = search(page_factory, server, language, query)
    assert expected in results
    if language == "zh_CN" and " " not in query and len(query) > 3:
        # An unspaced query of two words finds only pages that hold both words.
        text = (site.html / language / expected).read_text(encoding="utf-8")
        assert all(word in text for word in re.findall(r"申请书|模板|安装|组件", query))


# -- copy buttons, tabs, dark mode ---------------------------------------------------------------


def copied(page, block) -> str:
    block.hover()
    block.locator("button.copybtn").click()
    return page.evaluate("navigator.clipboard.readText()")


def test_the_copy_button_copies_commands_only(page_factory, server) -> None:
    page = page_factory(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{server}/zh_CN/tutorials/kubevirt-minikube.html")
    console = page.locator("div.highlight-console", has_text="hello-world").first
    assert copied(page, console).strip() == "docker run --rm hello-world"
    group = page.locator("div.highlight-bash", has_text="usermod").first
    assert copied(page, group).strip() == 'sudo usermod -aG docker "$USER"'
    page.locator("label", has_text="Debian / Ubuntu").nth(1).click()
    several = page.locator("div.highlight-console", has_text="pkgs.k8s.io").first
    lines = copied(page, several).strip().splitlines()
    assert len(lines) == 3 and not any(line.startswith("$") for line in lines)
    assert lines[-1] == "sudo apt-get update && sudo apt-get install -y kubectl"
    assert page.problems == []


def test_tabs_switch_and_stay_in_step_across_the_page(page_factory, server) -> None:
    page = page_factory()
    page.goto(f"{server}/zh_CN/tutorials/kubevirt-minikube.html")
    assert page.get_by_text("docker-ce-cli", exact=False).first.is_visible()
    assert not page.get_by_text("apt-get install -y docker.io", exact=False).first.is_visible()
    page.locator("label", has_text="Debian / Ubuntu").first.click()
    assert page.get_by_text("apt-get install -y docker.io", exact=False).first.is_visible()
    # The second tab set, further down, follows the choice.
    assert page.get_by_text("pkgs.k8s.io", exact=False).first.is_visible()
    assert not page.get_by_text("kubernetes<X.Y>-client", exact=False).first.is_visible()
    assert page.problems == []


def luminance(css_color: str) -> float:
    red, green, blue = (int(v) for v in re.findall(r"\d+", css_color)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_dark_mode_follows_the_system_and_the_toggle(page_factory, server) -> None:
    page = page_factory(color_scheme="dark")
    page.goto(f"{server}/zh_CN/index.html")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert luminance(background) < 0.2
    light = page_factory(color_scheme="light")
    light.goto(f"{server}/en/index.html")
    assert luminance(light.evaluate("getComputedStyle(document.body).backgroundColor")) > 0.8
    light.locator("button.theme-toggle:visible").first.click()
    assert light.evaluate("document.body.dataset.theme") == "dark"
    assert luminance(light.evaluate("getComputedStyle(document.body).backgroundColor")) < 0.2
    assert page.problems == [] and light.problems == []


# -- metadata ---------------------------------------------------------------------------------------


def test_sitemap_lists_every_page_with_its_alternates(site: BuiltSite) -> None:
    tree = ElementTree.parse(site.html / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = tree.getroot().findall("s:url", ns)
    locations = {u.find("s:loc", ns).text for u in urls}
    pages = [p for p in all_pages(site) if not p.endswith(("genindex.html", "search.html", "404.html"))]
    assert {loc.split("/", 3)[3] for loc in locations} == set(pages)
    for url in urls:
        alternates = {link.get("hreflang") for link in url.findall("x:link", ns)}
        assert {language_tag(code) for code in LANGUAGES} <= alternates


@pytest.mark.parametrize("language", LANGUAGES)
def test_opengraph_tags_and_no_social_card_images(page_factory, server, language) -> None:
    page = page_factory()
    page.goto(f"{server}/{language}/reference/ospp.html")
    meta = page.eval_on_selector_all(
        "meta[property^='og:']", "els => Object.fromEntries(els.map(e => [e.getAttribute('property'), e.content]))"
    )
    assert meta["og:title"] and meta["og:description"] and meta["og:type"] == "website"
    assert meta["og:locale"] == {"zh_CN": "zh_CN", "en": "en_US"}[language]
    assert meta["og:url"].endswith(f"/{language}/reference/ospp.html")
    assert "og:image" not in meta


# -- screenshots --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots_for_people_to_look_at(page_factory, server, language) -> None:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for name, page_name in [
        ("home", "index"),
        ("project", "reference/projects/kubevirt-riscv"),
        ("walkthrough", "tutorials/kubevirt-minikube"),
    ]:
        for device, options in [
            ("desktop", {"viewport": {"width": 1280, "height": 800}}),
            ("mobile", {"viewport": PHONE, "is_mobile": True}),
        ]:
            page = page_factory(**options)
            page.goto(f"{server}/{language}/{page_name}.html", wait_until="load")
            target = folder / f"{name}-{language}-{device}.png"
            page.screenshot(path=str(target), full_page=device == "desktop")
            assert target.stat().st_size > 10_000
            assert page.problems == []
    assert len(list(folder.glob(f"*-{language}-*.png"))) == 6


def test_artifacts_are_kept_out_of_git() -> None:
    assert "/test-artifacts/" in (REPO / ".gitignore").read_text(encoding="utf-8")
    assert isinstance(ARTIFACTS, Path)
