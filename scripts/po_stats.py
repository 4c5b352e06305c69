"""Per-page and per-language counts of translated, fuzzy and untranslated entries.

Usage: python scripts/po_stats.py [LOCALE_DIR]

Fuzzy entries are counted apart: Sphinx does not use them, so they are not translated.
Exit status: 0 printed; 2 the folder does not exist.
"""

import sys
from pathlib import Path

from handbook.po import stats


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    locale_dir = Path(args[0] if args else "locales")
    if not locale_dir.is_dir():
        print(f"{locale_dir}: no such folder (expected locales/<lang>/LC_MESSAGES/*.po)", file=sys.stderr)
        return 2
    for language_dir in sorted(p for p in locale_dir.iterdir() if (p / "LC_MESSAGES").is_dir()):
        rows = [stats(po) for po in sorted((language_dir / "LC_MESSAGES").rglob("*.po"))]
        print(f"{language_dir.name}:")
        for row in rows:
            page = row.po_file.relative_to(language_dir / "LC_MESSAGES").with_suffix("")
            counts = f"{row.translated:5} translated {row.fuzzy:5} fuzzy {row.untranslated:5} untranslated"
            print(f"  {str(page):40} {counts}")
        total = sum(r.total for r in rows) or 1
        done = sum(r.translated for r in rows)
        print(
            f"  {'total':40} {done:5} of {sum(r.total for r in rows)} translated ({100 * done / total:.1f}%), "
            f"{sum(r.fuzzy for r in rows)} fuzzy, {sum(r.untranslated for r in rows)} untranslated"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
