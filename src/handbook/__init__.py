"""The Open Source Summer Handbook's own Sphinx extensions and tools."""

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    __version__ = version("osh-handbook")
except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
    __version__ = "0+unknown"

PACKAGE_DIR = Path(__file__).resolve().parent
#: Translations of the theme's interface strings (Furo's "Made with", "On this page", ...).
THEME_LOCALE_DIR = PACKAGE_DIR / "locale"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
