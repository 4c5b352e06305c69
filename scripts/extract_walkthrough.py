"""Print the steps of a tutorial page, in order, as one runnable bash script.

Usage: python scripts/extract_walkthrough.py PAGE [--os fedora|debian]

Steps are bash blocks marked with the MyST comment `% step: NAME` on the line before
them; blocks in tab items with `:sync: fedora` or `:sync: debian` are chosen by --os.
Exit status: 0 printed; 2 the page cannot be read or has no usable steps.
"""

import sys

from handbook.walkthrough import main

if __name__ == "__main__":
    sys.exit(main())
