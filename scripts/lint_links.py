"""Check the links of every language: internal ones strictly, external ones once.

Usage: python scripts/lint_links.py [--offline] [--format text|json|github] [--no-cache]
                                    [--allow-private] [--builddir DIR] [--config pyproject.toml]

Writes _build/linkcheck/output.json (JSON Lines, as Sphinx's linkcheck builder, plus
"language") and _build/linkcheck/summary.md (also appended to $GITHUB_STEP_SUMMARY).
Exit status: 0 nothing broken; 1 broken links; 2 bad usage or an internal error.
"""

import sys

from handbook.linkcheck_cli import main

if __name__ == "__main__":
    sys.exit(main())
