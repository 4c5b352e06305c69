"""Running sphinx-build in a separate process, the way the Makefile does.

A separate process keeps Sphinx's global state (translators, registries) out of the
caller, which matters when one process builds several languages in turn.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def sphinx_build(
    builder: str,
    src: Path,
    out: Path,
    doctrees: Path,
    *,
    conf: Path,
    language: str | None = None,
    extra: tuple[str, ...] = (),
    quiet: bool = True,
) -> subprocess.CompletedProcess:
    """``python -m sphinx -c CONF -b BUILDER [-D language=…] -d DOCTREES SRC OUT``."""
    command = [sys.executable, "-m", "sphinx", "-c", str(conf), "-b", builder, *(["-q"] if quiet else [])]
    if language:
        command += ["-D", f"language={language}"]
    command += ["-d", str(doctrees), *extra, str(src), str(out)]
    return subprocess.run(command, capture_output=True, text=True, check=False)
