"""Merge the message templates into every language's catalogs without losing work.

Usage: python scripts/update_po.py [--pot-dir DIR] [--locale-dir DIR] [--width N] -l LANG [-l LANG ...]

Changed paragraphs keep their old translation as fuzzy, with the previous msgid;
removed paragraphs stay as obsolete entries. A catalog is rewritten only when more
than its dates changed. Prints one line per catalog that changed.
Exit status: 0 done; 2 bad usage or no templates found (run `make gettext`).
"""

import argparse
import sys
from pathlib import Path

from handbook.po import NO_WRAP, update


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Merge .pot templates into the .po catalogs.")
    parser.add_argument("--pot-dir", type=Path, default=Path("_build/gettext"))
    parser.add_argument("--locale-dir", type=Path, default=Path("locales"))
    parser.add_argument("--width", type=int, default=NO_WRAP, help="wrap width; -1 never wraps")
    parser.add_argument("-l", "--language", action="append", required=True, dest="languages")
    args = parser.parse_args(argv)
    if not any(args.pot_dir.rglob("*.pot")):
        print(f"{args.pot_dir}: no .pot templates found; run `make gettext` first", file=sys.stderr)
        return 2
    for change in update(args.pot_dir, args.locale_dir, args.languages, args.width):
        if change.status == "unchanged":
            continue
        print(
            f"{change.po_file}: {change.status} (+{change.added} new, "
            f"{change.fuzzy} now fuzzy, {change.obsolete} obsolete)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
