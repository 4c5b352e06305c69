"""Keep the gettext catalogs in step with the message templates, losing nothing.

``update`` merges every ``.pot`` under the template folder into
``<locale_dir>/<lang>/LC_MESSAGES/`` with sphinx-intl's catalog functions (babel),
and differs from ``sphinx-intl update`` in three ways:

* a changed source paragraph keeps its old translation as a fuzzy entry *with the
  previous msgid shown* (``#| msgid``), so the translator sees what changed;
* a removed paragraph is kept as an obsolete entry (``#~``) and reported;
* a catalog is rewritten only when something other than its creation date changed,
  and always with one wrapping policy, so diffs show real changes only.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages import pofile
from sphinx_intl import catalog as sphinx_intl_catalog

#: Never wrap: a paragraph is one line in the source and one msgid line in the catalog.
NO_WRAP = -1

_VOLATILE_HEADER = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.M)


@dataclass(frozen=True)
class Change:
    po_file: Path
    status: str  # "created", "updated" or "unchanged"
    added: int = 0
    fuzzy: int = 0
    obsolete: int = 0


def _render(catalog, width: int, earlier: dict[str, polib.POEntry] | None = None) -> bytes:
    """The catalog as PO text, previous msgids of fuzzy entries included.

    babel merges, but writes ``#| msgid`` comments wrapped at 76 columns without
    quoting the continuation lines, which gives a file no tool can read again. So
    babel writes the entries and polib, which wraps nothing at width 0, writes the
    file with the previous msgids."""
    buffer = io.BytesIO()
    pofile.write_po(buffer, catalog, width=width, include_previous=False, ignore_obsolete=False)
    rendered = polib.pofile(buffer.getvalue().decode("utf-8"), wrapwidth=max(width, 0))
    previous = {
        message.id: message.previous_id for message in catalog if message.id and message.fuzzy and message.previous_id
    }
    earlier = earlier or {}
    for entry in rendered:
        # babel reads an existing "#| msgid" line back as a translator comment. The
        # templates carry no translator comments, so every one comes from the catalog
        # as polib read it, and so does the previous msgid of an entry still fuzzy.
        old = earlier.get(entry.msgid)
        entry.tcomment = old.tcomment if old is not None else ""
        before = previous.get(entry.msgid)
        if before and not entry.obsolete:
            entry.previous_msgid = before[0] if isinstance(before, (list, tuple)) else before
        elif entry.fuzzy and not entry.obsolete and old is not None and old.previous_msgid:
            entry.previous_msgid = old.previous_msgid
    return (str(rendered).rstrip("\n") + "\n").encode("utf-8")


def _same_apart_from_dates(old: bytes, new: bytes) -> bool:
    return _VOLATILE_HEADER.sub(b"", old) == _VOLATILE_HEADER.sub(b"", new)


def update_one(pot_file: Path, po_file: Path, language: str, width: int = NO_WRAP) -> Change:
    template = sphinx_intl_catalog.load_po(str(pot_file))
    if not po_file.exists():
        template.locale = language
        template.fuzzy = False
        po_file.parent.mkdir(parents=True, exist_ok=True)
        po_file.write_bytes(_render(template, width))
        return Change(po_file, "created", added=len([m for m in template if m.id]))
    old_bytes = po_file.read_bytes()
    earlier = {e.msgid: e for e in polib.pofile(str(po_file))}
    catalog = sphinx_intl_catalog.load_po(str(po_file))
    before = {m.id for m in catalog if m.id}
    was_fuzzy = {m.id for m in catalog if m.id and m.fuzzy}
    sphinx_intl_catalog.update_with_fuzzy(catalog, template)
    after = {m.id for m in catalog if m.id}
    new_fuzzy = {m.id for m in catalog if m.id and m.fuzzy} - was_fuzzy
    obsolete = len(catalog.obsolete)
    new_bytes = _render(catalog, width, earlier)
    if _same_apart_from_dates(old_bytes, new_bytes):
        return Change(po_file, "unchanged")
    po_file.write_bytes(new_bytes)
    return Change(po_file, "updated", added=len(after - before), fuzzy=len(new_fuzzy), obsolete=obsolete)


def update(pot_dir: Path, locale_dir: Path, languages: list[str], width: int = NO_WRAP) -> list[Change]:
    changes = []
    for pot_file in sorted(pot_dir.rglob("*.pot")):
        relative = pot_file.relative_to(pot_dir).with_suffix(".po")
        for language in languages:
            po_file = locale_dir / language / "LC_MESSAGES" / relative
            changes.append(update_one(pot_file, po_file, language, width))
    return changes


@dataclass(frozen=True)
class Stats:
    po_file: Path
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated


def stats(po_file: Path) -> Stats:
    """Counts for one catalog. A fuzzy entry is *not* translated: Sphinx ignores it
    (``sphinx-intl stat`` counts it as translated)."""
    catalog = sphinx_intl_catalog.load_po(str(po_file))
    entries = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in entries if m.fuzzy)
    translated = sum(1 for m in entries if m.string and not m.fuzzy)
    return Stats(po_file, translated, fuzzy, len(entries) - translated - fuzzy)
