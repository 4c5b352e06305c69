"""Write the site's root page, which sends each reader to their language.

Usage: python scripts/write_root_index.py [HTML_DIR] [--locale-dir DIR]

HTML_DIR defaults to _build/html and holds one folder per language.
Exit status: 0 written; 2 bad usage or a language folder missing.
"""

import sys

from handbook.rootindex import main

if __name__ == "__main__":
    sys.exit(main())
