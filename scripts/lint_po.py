"""Lint the translation catalogs and the Chinese source text.

Usage: python scripts/lint_po.py [PATH ...] [--format text|json|github] [--strict]
                                 [--pot-dir DIR] [--no-stale-check] [--no-typography]

PATH defaults to locales/. One finding a line: path:line:column: severity rule-id message.
Rules: src/handbook/lint/po.py. Settings: [tool.handbook.lint-po] in pyproject.toml.
Exit status: 0 no errors; 1 at least one error (with --strict, a warning too);
2 bad usage, bad configuration or a missing path.
"""

import sys

from handbook.lint.cli import lint_po_main

if __name__ == "__main__":
    sys.exit(lint_po_main())
