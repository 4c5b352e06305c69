"""``{translation-status}``: a table of every catalog's progress, made at build time.

The table is built from the catalogs themselves, so it is never out of date: each
catalog is noted as a dependency of the page, and the page is rebuilt when one
changes. Fuzzy entries are counted apart; Sphinx does not use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

from handbook.languages import native_name
from handbook.po import stats
from handbook.sphinxext.i18n import languages_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _row(cells: list[str | nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=str(cell))
        row += entry
    return row


class TranslationStatus(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.app.confdir, self.config.handbook_locale_root)
        headers = [_("Language"), _("Page"), _("Translated"), _("Fuzzy"), _("Untranslated"), _("Progress")]
        table = nodes.table(classes=["handbook-translation-status"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _header in headers)
        head = nodes.thead()
        head += _row(headers)
        body = nodes.tbody()
        for language in languages_of(self.env.app)[1:]:
            catalogs = root / language / "LC_MESSAGES"
            for po_file in sorted(catalogs.rglob("*.po")):
                self.env.note_dependency(str(po_file))
                counts = stats(po_file)
                page = str(po_file.relative_to(catalogs).with_suffix(""))
                share = 100 * counts.translated / counts.total if counts.total else 100.0
                body += _row(
                    [
                        native_name(language),
                        nodes.paragraph("", "", nodes.literal(text=page)),
                        counts.translated,
                        counts.fuzzy,
                        counts.untranslated,
                        f"{share:.0f}%",
                    ]
                )
        group += head
        group += body
        return [table]


def setup_status(app: Sphinx) -> None:
    app.add_directive("translation-status", TranslationStatus)
