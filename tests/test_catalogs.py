"""The gettext catalogs: current, complete, and merged without losing work."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from conftest import LANGUAGES, REPO
from handbook.lint.po import fresh_templates
from handbook.po import update, update_one

TRANSLATIONS = [code for code in LANGUAGES if code != "zh_CN"]


@pytest.fixture(scope="module")
def fresh_pot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gettext")
    fresh_templates(REPO, out)
    return out


def msgids(path: Path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_catalogs_match_a_fresh_gettext(fresh_pot: Path, language: str) -> None:
    """Nobody forgot `make update-po`: one catalog per page, with the same messages."""
    catalogs = REPO / "locales" / language / "LC_MESSAGES"
    pots = {p.relative_to(fresh_pot).with_suffix(".po") for p in fresh_pot.rglob("*.pot")}
    pos = {p.relative_to(catalogs) for p in catalogs.rglob("*.po")}
    assert pos == pots
    for relative in sorted(pots):
        assert msgids(catalogs / relative) == msgids(fresh_pot / relative.with_suffix(".pot")), relative


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_catalogs_are_fully_translated(language: str) -> None:
    for path in sorted((REPO / "locales" / language).rglob("*.po")):
        catalog = polib.pofile(str(path))
        assert [e.msgid for e in catalog.untranslated_entries()] == [], path
        assert [e.msgid for e in catalog.fuzzy_entries()] == [], path


def _pot(path: Path, *messages: str, created: str = "2026-01-01 00:00+0000") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = polib.POFile()
    catalog.metadata = {"POT-Creation-Date": created, "Content-Type": "text/plain; charset=utf-8"}
    for number, message in enumerate(messages, start=1):
        catalog.append(polib.POEntry(msgid=message, occurrences=[("page.md", str(number))]))
    catalog.save(str(path))
    return path


def test_a_changed_paragraph_keeps_its_translation_as_fuzzy(tmp_path: Path) -> None:
    po = tmp_path / "en" / "LC_MESSAGES" / "page.po"
    pot = _pot(tmp_path / "page.pot", "导师会在两周内回复。", "申请书需要写明时间安排。")
    assert update_one(pot, po, "en").status == "created"
    catalog = polib.pofile(str(po))
    catalog.find("导师会在两周内回复。").msgstr = "Mentors answer within two weeks."
    catalog.find("申请书需要写明时间安排。").msgstr = "The proposal needs a timeline."
    catalog.save()

    _pot(pot, "导师通常会在两周内回复。")  # one paragraph edited, the other removed
    change = update_one(pot, po, "en")
    assert (change.status, change.fuzzy, change.obsolete) == ("updated", 1, 1)
    catalog = polib.pofile(str(po))
    edited = catalog.find("导师通常会在两周内回复。")
    assert edited.fuzzy
    assert edited.msgstr == "Mentors answer within two weeks."
    assert edited.previous_msgid == "导师会在两周内回复。"
    assert '#| msgid "导师会在两周内回复。"' in po.read_text(encoding="utf-8")
    removed = [e for e in catalog.obsolete_entries() if e.msgid == "申请书需要写明时间安排。"]
    assert removed and removed[0].msgstr == "The proposal needs a timeline."


def test_an_unchanged_template_leaves_the_catalog_untouched(tmp_path: Path) -> None:
    pot = _pot(tmp_path / "gettext" / "page.pot", "开源之夏")
    locale_dir = tmp_path / "locales"
    assert [c.status for c in update(pot.parent, locale_dir, ["en"])] == ["created"]
    po = locale_dir / "en" / "LC_MESSAGES" / "page.po"
    before = po.read_bytes()
    _pot(pot, "开源之夏", created="2030-06-01 12:00+0000")  # only the date differs
    assert [c.status for c in update(pot.parent, locale_dir, ["en"])] == ["unchanged"]
    assert po.read_bytes() == before


def test_long_paragraphs_are_never_wrapped(tmp_path: Path) -> None:
    long = "开源之夏" * 60
    pot = _pot(tmp_path / "page.pot", long)
    po = tmp_path / "page.po"
    update_one(pot, po, "en")
    assert f'msgid "{long}"' in po.read_text(encoding="utf-8")


def test_stats_do_not_count_fuzzy_entries_as_translated(tmp_path: Path) -> None:
    from handbook.po import stats

    po = tmp_path / "page.po"
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=utf-8"}
    catalog.append(polib.POEntry(msgid="甲", msgstr="A"))
    catalog.append(polib.POEntry(msgid="乙", msgstr="B", flags=["fuzzy"]))
    catalog.append(polib.POEntry(msgid="丙", msgstr=""))
    catalog.save(str(po))
    result = stats(po)
    assert (result.translated, result.fuzzy, result.untranslated) == (1, 1, 1)


def test_long_previous_msgids_stay_readable_and_stable(tmp_path: Path) -> None:
    """babel wraps `#| msgid` comments without quoting; the catalog must still parse."""
    long_old = "导师通常同时在处理本职工作和多位申请人的问题，请给对方几个工作日回复。" * 3
    long_new = long_old.replace("几个工作日", "三到五个工作日")
    pot = _pot(tmp_path / "page.pot", long_old)
    po = tmp_path / "en" / "LC_MESSAGES" / "page.po"
    update_one(pot, po, "en")
    catalog = polib.pofile(str(po))
    catalog.find(long_old).msgstr = "Give mentors a few working days to answer."
    catalog.save()
    _pot(pot, long_new)
    assert update_one(pot, po, "en").fuzzy == 1
    entry = polib.pofile(str(po)).find(long_new)
    assert entry.fuzzy and entry.previous_msgid == long_old
    before = po.read_bytes()
    assert update_one(pot, po, "en").status == "unchanged"
    assert po.read_bytes() == before
