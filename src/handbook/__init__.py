"""The Open Source Summer Handbook's own Sphinx extensions and tools."""

import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urlsplit

try:
    __version__ = version("osh-handbook")
except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
    __version__ = "0+unknown"

PACKAGE_DIR = Path(__file__).resolve().parent
#: Translations of the theme's interface strings (Furo's "Made with", "On this page", ...).
THEME_LOCALE_DIR = PACKAGE_DIR / "locale"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

#: Where the site is served from when nothing else is said: the site root holding the
#: language folders. Deployments set HANDBOOK_BASE_URL (see .github/workflows/docs.yml).
DEFAULT_BASE_URL = "http://127.0.0.1:8000/"


def base_url() -> str:
    """The absolute URL of the site root (the folder that holds zh_CN/, en/, ...)."""
    configured = os.environ.get("HANDBOOK_BASE_URL", "").strip()
    return configured.rstrip("/") + "/" if configured else DEFAULT_BASE_URL


def base_path() -> str:
    """The path part of :func:`base_url`, always ending in a slash ("/" or "/repo/")."""
    path = urlsplit(base_url()).path or "/"
    return path if path.endswith("/") else path + "/"
