"""The handbook's content, checked on the built HTML of every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import LANGUAGES, BuiltSite

CJK = re.compile(r"[\u4e00-\u9fff]")

REQUIRED_PAGES = [
    "explanation/programmes",
    "explanation/roles-and-selection",
    "explanation/technical-fields",
    "reference/ospp",
    "reference/asoc-2022",
    "reference/datenlord-2023",
    "reference/projects/index",
    "reference/faq",
    "reference/glossary",
    "how-to/choose-a-project",
    "how-to/study-a-project",
    "how-to/contact-a-mentor",
    "how-to/first-contribution",
    "how-to/write-a-proposal",
    "how-to/after-selection",
    "tutorials/kubevirt-minikube",
]
PROGRAMME_PAGES = ["reference/ospp", "reference/asoc-2022", "reference/datenlord-2023"]
#: Sources with no public address: the 2025 student blog among the handbook's seed documents.
UNLINKED_SOURCES = {"seed-2025"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("language", LANGUAGES)
def test_required_pages_exist_and_are_in_the_navigation(site: BuiltSite, language: str) -> None:
    navigation = soup(site.page(language, "index")).select(".sidebar-tree a.reference")
    linked = {a["href"].removesuffix(".html") for a in navigation}
    for page in REQUIRED_PAGES:
        assert site.page(language, page).is_file(), page
        assert page in linked, f"{page} is not in the {language} navigation"


@pytest.mark.parametrize("language", LANGUAGES)
def test_project_pages_are_reached_through_the_catalog_not_the_sidebar(site: BuiltSite, language: str) -> None:
    """The sidebar stops at section pages so that it does not grow with the catalog."""
    catalog = soup(site.page(language, "reference/projects/index"))
    linked = {a["href"] for a in catalog.select("table.handbook-project-catalog a")}
    assert "kubevirt-riscv.html" in linked and len(linked) == 10
    sidebar = {a["href"] for a in soup(site.page(language, "index")).select(".sidebar-tree a.reference")}
    assert not any(href.startswith("reference/projects/") and not href.endswith("index.html") for href in sidebar)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_faq_has_at_least_25_linkable_questions(site: BuiltSite, language: str) -> None:
    article = soup(site.page(language, "reference/faq")).find("article")
    questions = [h for h in article.find_all("h3") if h.find_parent("section", id=re.compile(r"^faq-"))]
    assert len(questions) >= 25
    for heading in questions:
        section = heading.find_parent("section")
        assert section["id"].startswith("faq-"), section["id"]
    # The same anchors in both languages, so shared links work across languages.
    ids = sorted(h.find_parent("section")["id"] for h in questions)
    other = soup(site.page("zh_CN", "reference/faq")).find("article")
    assert ids == sorted(s["id"] for s in other.select("section[id^=faq-]") if s.find("h3", recursive=False))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PROGRAMME_PAGES)
def test_programme_pages_cite_sources_with_working_anchors(site: BuiltSite, language: str, page: str) -> None:
    article = soup(site.page(language, page)).find("article")
    footnotes = article.select("aside.footnote-list aside.footnote, .footnote-list .footnote")
    assert len(footnotes) >= 2, "a programme page needs a sources list"
    targets = {tag.get("id") for tag in article.find_all(id=True)}
    references = article.select("a.footnote-reference")
    assert references
    for reference in references:
        assert reference["href"].startswith("#") and reference["href"][1:] in targets, reference
    for footnote in footnotes:
        if footnote["id"] not in UNLINKED_SOURCES:
            assert footnote.find("a", class_="reference external"), footnote.get_text()[:60]
    text = article.get_text(" ")
    assert re.search(r"2026", text), "the date the facts were checked"


@pytest.mark.parametrize("language", LANGUAGES)
def test_proposal_templates_are_downloadable(site: BuiltSite, language: str) -> None:
    page = site.page(language, "how-to/write-a-proposal")
    links = soup(page).select("a.download")
    names = sorted(Path(a["href"]).name for a in links)
    assert names == ["proposal-template.en.md", "proposal-template.zh_CN.md"]
    for link in links:
        target = (page.parent / link["href"]).resolve()
        assert target.is_file()
        assert target.read_text(encoding="utf-8").startswith("# ")


def test_english_pages_carry_no_untranslated_chinese_paragraphs(site: BuiltSite) -> None:
    offenders = []
    for path in sorted((site.html / "en").rglob("*.html")):
        if path.name == "genindex.html":  # lists the glossary's bilingual terms on purpose
            continue
        article = soup(path).find("article")
        if article is None:
            continue
        for element in article.select("[lang^=zh]"):
            element.decompose()
        for block in article.find_all(["p", "li", "dd", "h1", "h2", "h3", "td", "th"]):
            text = block.get_text(" ", strip=True)
            if text and len(CJK.findall(text)) / len(text) > 0.2:
                offenders.append(f"{path.relative_to(site.html)}: {text[:60]}")
    assert offenders == []


def test_the_rule_that_changed_in_2025_is_shown_per_edition(site: BuiltSite) -> None:
    for language, expected in [("zh_CN", ["2020–2024", "2025"]), ("en", ["2020–2024", "2025"])]:
        table_text = " ".join(
            t.get_text(" ") for t in soup(site.page(language, "reference/ospp")).select("#ospp-applications table")
        )
        for edition in expected:
            assert edition in table_text


def test_seed_slips_are_corrected(site: BuiltSite) -> None:
    for language in LANGUAGES:
        text = " ".join(soup(p).get_text(" ") for p in (site.html / language).rglob("*.html"))
        assert "GMU" not in text
    fields = soup(site.page("zh_CN", "explanation/technical-fields")).get_text()
    assert "中国科学院计算技术研究所和鹏城实验室" in fields
