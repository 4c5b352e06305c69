"""Benchmarks of the build, the linters and the link checker (make bench).

Usage: python scripts/bench.py [--repeats N] [--sizes 30,300,1000] [--links 100]

Prints a table of medians, each beside its comparison measured in the same run, and
writes _build/bench/results.json. Takes several minutes; asserts nothing.
"""

import sys

from handbook.bench import main

if __name__ == "__main__":
    sys.exit(main())
