"""The real handbook, built in both languages into a temporary folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import LANGUAGES, REPO, BuiltSite, sphinx_build
from handbook.languages import language_tag
from handbook.sphinxext.search import undefined_stemmers

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(site: BuiltSite, language: str) -> list[Path]:
    return sorted((site.html / language).rglob("*.html"))


def search_terms(site: BuiltSite, language: str) -> dict:
    """Every indexed word: body words ("terms") and title words ("titleterms")."""
    text = (site.html / language / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return {**index["terms"], **index["titleterms"]}


def test_both_languages_build_without_warnings(site: BuiltSite) -> None:
    assert set(site.warnings) == {"zh_CN", "en"} <= set(LANGUAGES)
    for language, output in site.warnings.items():
        assert output == "", f"{language} build printed warnings:\n{output}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_lang_attribute(site: BuiltSite, language: str) -> None:
    for path in pages(site, language):
        assert soup(path).html["lang"] == language_tag(language), path


def test_english_home_page_is_english(site: BuiltSite) -> None:
    page = soup(site.page("en", "index"))
    assert page.title.get_text().startswith("Open Source Summer Handbook")
    article = page.find("article")
    assert article.h1.get_text(strip=True).startswith("Open Source Summer Handbook")
    # The language switcher names Chinese in Chinese on purpose (it has lang="zh-CN").
    for element in article.select("[lang]"):
        if element["lang"].startswith("zh"):
            element.decompose()
    leftovers = [
        p.get_text() for p in article.find_all(["p", "h1", "h2", "h3", "dt", "dd", "li"]) if CJK.search(p.get_text())
    ]
    assert leftovers == []
    assert len(article.get_text(" ", strip=True).split()) > 80


def test_chinese_home_page_is_chinese(site: BuiltSite) -> None:
    page = soup(site.page("zh_CN", "index"))
    assert page.title.get_text().startswith("开源之夏学生手册")
    assert CJK.search(page.find("article").p.get_text())


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("zh_CN", ["回到顶部", "下一页", "跳到正文"], ["Back to top", "Skip to content"]),
        ("en", ["Back to top", "Next", "Skip to content"], ["回到顶部", "下一页"]),
    ],
)
def test_theme_strings_in_page_language(site: BuiltSite, language: str, expected, absent) -> None:
    text = soup(site.page(language, "tutorials/index")).get_text(" ")
    for string in expected:
        assert string in text
    for string in absent:
        assert string not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switch_links_point_to_the_same_page(site: BuiltSite, language: str) -> None:
    checked = 0
    for path in pages(site, language):
        nav = soup(path).find("nav", class_="handbook-languages")
        if nav is None:
            assert path.name in {"genindex.html", "search.html"} or "/_" in str(path), path
            continue
        links = nav.find_all("a")
        assert {a["data-language"] for a in links} == set(LANGUAGES) - {language}, path
        for link in links:
            href = link["href"]
            # The 404 page is served at any depth, so its links start at the site root.
            target = (site.html / href.lstrip("/")) if href.startswith("/") else (path.parent / href).resolve()
            assert target.is_file(), f"{path}: {link['href']} does not exist"
            assert target.relative_to(site.html / link["data-language"]) == path.relative_to(site.html / language)
            checked += 1
    assert checked >= 5


def test_hreflang_alternates_in_head(site: BuiltSite) -> None:
    head = soup(site.page("en", "reference/index")).head
    alternates = {link["hreflang"]: link["href"] for link in head.find_all("link", rel="alternate")}
    assert alternates == {"zh-CN": "../../zh_CN/reference/index.html", "en": "../../en/reference/index.html"}


def test_chinese_search_index_holds_chinese_words(site: BuiltSite) -> None:
    terms = search_terms(site, "zh_CN")
    chinese = [term for term in terms if CJK.search(term)]
    assert len(chinese) > 50
    # Kept whole by the handbook's jieba dictionary (docs/_data/search-terms.txt).
    for word in ["开源之夏", "申请书", "导师"]:
        assert word in terms, word


def test_english_search_index_holds_english_words(site: BuiltSite) -> None:
    terms = search_terms(site, "en")
    for word in ["handbook", "mentor", "propos", "kubevirt"]:
        assert any(term.startswith(word) for term in terms), word
    # Chinese names stand beside their English ones (the glossary, 开源之夏), but the
    # index of the English site is overwhelmingly English.
    chinese = [term for term in terms if CJK.search(term)]
    assert len(chinese) < 0.05 * len(terms), chinese[:20]


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_script_defines_its_stemmer(site: BuiltSite, language: str) -> None:
    """Guards against sphinx-doc/sphinx#14229 (Sphinx 9.0's zh search script)."""
    script = (site.html / language / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "Stemmer" in script
    assert undefined_stemmers(script) == []


def test_stemmer_check_catches_the_sphinx_9_0_script() -> None:
    broken = "var BaseStemmer = function() {};\nvar EnglishStemmer = function() {};\nwindow.Stemmer = ChineseStemmer;"
    assert undefined_stemmers(broken) == ["ChineseStemmer"]
    fixed = broken.replace("= ChineseStemmer", "= EnglishStemmer")
    assert undefined_stemmers(fixed) == []


def test_root_page_links_every_language(site: BuiltSite) -> None:
    page = soup(site.html / "index.html")
    hrefs = [a["href"] for a in page.body.find_all("a")]
    assert hrefs == [f"{code}/index.html" for code in LANGUAGES]
    for href in hrefs:
        assert (site.html / href).is_file()
    assert page.script is not None and "navigator.languages" in page.script.string


def test_second_build_with_nothing_changed_reads_nothing(site: BuiltSite) -> None:
    language = "en"
    result = sphinx_build(language, site.html / language, site.doctrees / language)
    assert result.returncode == 0, result.stderr
    again = sphinx_build(language, site.html / language, site.doctrees / language, quiet=False)
    assert "0 added, 0 changed, 0 removed" in again.stdout
    assert "no targets are out of date" in again.stdout


def test_build_fails_clearly_for_an_unknown_language(tmp_path: Path) -> None:
    result = sphinx_build("xx", tmp_path / "out", tmp_path / "doctrees")
    assert result.returncode == 2
    assert "ERROR: handbook: language 'xx' is not one of the handbook's languages (zh_CN, en)" in result.stderr
    assert "Traceback" not in result.stderr


def test_sources_have_no_soft_line_breaks_inside_chinese_paragraphs() -> None:
    """One paragraph per line: a break between Chinese characters renders as a space."""
    for path in (REPO / "docs").rglob("*.md"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, (line, following) in enumerate(zip(lines, lines[1:], strict=False), start=1):
            if line and following and CJK.search(line[-1:]) and CJK.search(following[:1]):
                pytest.fail(f"{path.relative_to(REPO)}:{number}: paragraph continues on the next line")
