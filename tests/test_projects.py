"""The project knowledge base: schema, catalog directive, timelines and calendar feeds."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import BuiltSite
from handbook.sphinxext.errors import HandbookStop
from handbook.sphinxext.projects import FIELDS, check_front_matter, strip_project_block

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def catalog_rows(app: SphinxTestApp, page: str = "index") -> list[list[str]]:
    html = (app.outdir / f"{page}.html").read_text(encoding="utf-8")
    table = BeautifulSoup(html, "html.parser").select_one("table.handbook-project-catalog")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])] for row in table.find_all("tr")]


@pytest.mark.sphinx("html", testroot="projects", freshenv=True)
def test_a_valid_catalog(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    rows = catalog_rows(app)
    assert rows[0] == ["项目", "活动", "年份", "技能", "难度", "结果"]
    assert rows[1] == ["阿尔法项目", "开源之夏", "2025", "Go, Kubernetes", "进阶", "未知"]
    assert rows[2] == ["贝塔项目", "阿里巴巴编程之夏", "2022", "Java", "基础", "已合并"]
    link = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(
        "table.handbook-project-catalog a"
    )
    assert link["href"] == "alpha.html"


@pytest.mark.sphinx("html", testroot="projects", freshenv=True, confoverrides={"language": "en"})
def test_the_english_catalog_shows_english_labels(app: SphinxTestApp) -> None:
    app.build()
    rows = catalog_rows(app)
    assert rows[0] == ["Project", "Programme", "Year", "Skills", "Difficulty", "Outcome"]
    assert rows[1][1:] == ["OSPP", "2025", "Go, Kubernetes", "Advanced", "Unknown"]
    assert rows[2][4:] == ["Basic", "Merged"]


BAD_FRONT_MATTER = [
    ("year: 2022", "year: next year", 4, "project.year: found 'next year'; expected a whole number from 2019 to 2035"),
    ("programme: asoc", "programme: gsoc", 3, "project.programme: found 'gsoc'; expected one of ospp, asoc, datenlord"),
    ("  difficulty: basic\n", "", 2, "project.difficulty: missing; expected one of basic, advanced, unknown"),
    ("skills: [Java]", "skills: Java", 7, "project.skills: found 'Java'; expected a list of words"),
    (
        "repository: https://github.com/apache/rocketmq-flink",
        "repository: github.com/x",
        8,
        "project.repository: found 'github.com/x'; expected an https:// URL",
    ),
    ("checked: 2026-11-22", "checked: last week", 12, "project.checked: found 'last week'; expected a date written"),
    ("checked: 2026-11-22", "checked: 2026-11-22\n  mentor: somebody", 13, "project.mentor: unknown field"),
]


@pytest.mark.parametrize(("old", "new", "line", "message"), BAD_FRONT_MATTER, ids=[c[3][:30] for c in BAD_FRONT_MATTER])
def test_bad_front_matter_stops_the_build_with_a_clear_error(
    make_app, rootdir: Path, sphinx_test_tempdir: Path, old: str, new: str, line: int, message: str
) -> None:
    srcdir = sphinx_test_tempdir / f"bad-{abs(hash(message))}"
    if srcdir.exists():
        shutil.rmtree(srcdir)
    shutil.copytree(rootdir / "test-projects", srcdir)
    page = srcdir / "beta.md"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    with pytest.raises(HandbookStop) as stopped:
        app.build()
    errors = app.warning.getvalue()
    assert f"beta.md:{line}: ERROR: {message}" in errors, errors
    assert "Traceback" not in errors
    assert "problem(s) in the front matter of 1 project page(s)" in stopped.value.message


def test_the_schema_is_declared_once_with_types_and_choices() -> None:
    names = [field.name for field in FIELDS]
    assert names[:3] == ["programme", "year", "community"] and len(names) == len(set(names))
    assert {field.kind for field in FIELDS} == {"choice", "int", "str", "list", "url", "date"}


def test_front_matter_is_removed_without_moving_lines() -> None:
    text = "---\nproject:\n  programme: ospp\n  year: 2025\n---\n\n# Title\n"
    stripped = strip_project_block(text)
    assert stripped.splitlines()[6] == "# Title" and "programme" not in stripped
    kept = "---\ntitle: x\nproject:\n  year: 2025\n---\n# T\n"
    assert strip_project_block(kept).startswith("---\ntitle: x\n") and "# T" in strip_project_block(kept)
    assert check_front_matter("# No front matter\n") is None


def test_editing_a_project_page_updates_the_catalog(make_app, rootdir: Path, sphinx_test_tempdir: Path) -> None:
    srcdir = sphinx_test_tempdir / "incremental"
    if srcdir.exists():
        shutil.rmtree(srcdir)
    shutil.copytree(rootdir / "test-projects", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert catalog_rows(app)[2][0] == "贝塔项目"
    page = srcdir / "beta.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        .replace("# 贝塔项目", "# 贝塔项目（新）")
        .replace("difficulty: basic", "difficulty: advanced"),
        encoding="utf-8",
    )
    again = make_app("html", srcdir=srcdir, freshenv=False)
    again.build()
    assert catalog_rows(again)[2][0] == "贝塔项目（新）"
    assert catalog_rows(again)[2][4] == "进阶"


@pytest.mark.sphinx("html", testroot="projects", freshenv=True, parallel=2)
def test_a_parallel_build_gives_the_same_catalog(app: SphinxTestApp, make_app, rootdir, sphinx_test_tempdir) -> None:
    app.build()
    parallel = catalog_rows(app)
    srcdir = sphinx_test_tempdir / "serial"
    if srcdir.exists():
        shutil.rmtree(srcdir)
    shutil.copytree(rootdir / "test-projects", srcdir)
    serial = make_app("html", srcdir=srcdir, freshenv=True, parallel=0)
    serial.build()
    assert parallel == catalog_rows(serial) and len(parallel) == 3


@pytest.mark.sphinx("gettext", testroot="projects", freshenv=True)
def test_the_gettext_builder_still_works(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    pot = (app.outdir / "index.pot").read_text(encoding="utf-8")
    assert 'msgid "目录"' in pot
    assert "阿尔法项目" not in pot  # other pages' titles belong to their own catalogs


@pytest.mark.sphinx("html", testroot="projects", freshenv=True)
def test_the_feed_carries_deadlines_in_their_time_zone(app: SphinxTestApp) -> None:
    app.build()
    calendar = icalendar.Calendar.from_ical((app.outdir / "_calendars" / "ospp.ics").read_bytes())
    starts = {event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    assert datetime.datetime(2025, 6, 9, 18, 0, tzinfo=BEIJING) in starts
    assert any(tz["TZID"] == "Asia/Shanghai" for tz in calendar.walk("VTIMEZONE"))


# -- the handbook itself --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_handbook_lists_its_ten_projects(site: BuiltSite, language: str) -> None:
    page = BeautifulSoup(site.page(language, "reference/projects/index").read_text(encoding="utf-8"), "html.parser")
    rows = page.select("table.handbook-project-catalog tbody tr")
    assert len(rows) == 10
    for link in page.select("table.handbook-project-catalog a"):
        assert (site.page(language, "reference/projects/index").parent / link["href"]).is_file()
    programme_rows = {
        name: len(
            BeautifulSoup(site.page(language, f"reference/{name}").read_text(encoding="utf-8"), "html.parser").select(
                "table.handbook-project-catalog tbody tr"
            )
        )
        for name in ["ospp", "asoc-2022", "datenlord-2023"]
    }
    assert programme_rows == {"ospp": 3, "asoc-2022": 3, "datenlord-2023": 4}


def test_the_handbook_feeds_parse_and_hold_the_ospp_2025_deadline(site: BuiltSite) -> None:
    for language in ["zh_CN", "en"]:
        folder = site.html / language / "_calendars"
        assert sorted(p.name for p in folder.iterdir()) == ["asoc.ics", "datenlord.ics", "ospp.ics"]
        calendar = icalendar.Calendar.from_ical((folder / "ospp.ics").read_bytes())
        deadlines = [
            e
            for e in calendar.walk("VEVENT")
            if e.decoded("dtstart") == datetime.datetime(2025, 6, 9, 18, 0, tzinfo=BEIJING)
        ]
        assert deadlines
    page = site.page("en", "reference/ospp").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./_calendars/ospp\.ics"', page)
    assert "Applications" in BeautifulSoup(page, "html.parser").select_one(".handbook-timeline").get_text()
