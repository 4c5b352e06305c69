"""Validate .readthedocs.yaml and .github/workflows/*.yml (schemas and hardening rules).

Usage: python scripts/check_ci_files.py [--root DIR] [--format text|json]
Exit status: 0 clean; 1 problems found; 2 a file is missing or not YAML.
"""

import sys

from handbook.cifiles import main

if __name__ == "__main__":
    sys.exit(main())
