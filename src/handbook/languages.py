"""Which languages the handbook is built in, and what they are called.

The source language is Simplified Chinese. Every folder ``locales/<code>/LC_MESSAGES``
adds a translation, so adding a language needs no code change.

Run as ``python -m handbook.languages [LOCALE_DIR]`` to print the language codes, or
``python -m handbook.languages --for-tag zh-cn`` to map a hosting service's language
tag to a handbook language (used by ``.readthedocs.yaml``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel import Locale, UnknownLocaleError

SOURCE_LANGUAGE = "zh_CN"

# Names a reader recognises in their own language; babel's default for zh_CN is
# "中文 (中国)", which names a country rather than the script readers look for.
_NATIVE_NAMES = {"zh_CN": "简体中文", "zh_TW": "繁體中文", "en": "English"}


def discover(locale_dir: Path) -> list[str]:
    """The source language first, then every translation under *locale_dir*, sorted."""
    found = []
    if locale_dir.is_dir():
        found = sorted(
            child.name
            for child in locale_dir.iterdir()
            if (child / "LC_MESSAGES").is_dir() and child.name != SOURCE_LANGUAGE
        )
    return [SOURCE_LANGUAGE, *found]


def native_name(code: str) -> str:
    """The language's name written in that language (``en`` -> ``English``)."""
    if code in _NATIVE_NAMES:
        return _NATIVE_NAMES[code]
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def language_tag(code: str) -> str:
    """The BCP 47 tag for a gettext code (``zh_CN`` -> ``zh-CN``), as HTML wants it."""
    return code.replace("_", "-")


def from_tag(tag: str, languages: list[str]) -> str | None:
    """The handbook language for a tag such as Read the Docs' ``zh-cn``, or None."""
    wanted = tag.replace("-", "_").lower()
    for code in languages:
        if code.lower() == wanted:
            return code
    for code in languages:
        if code.split("_")[0].lower() == wanted.split("_")[0]:
            return code
    return None


def main(argv: list[str] | None = None) -> int:
    """Print the language codes, or with ``--for-tag TAG`` the code that serves TAG."""
    args = list(sys.argv[1:] if argv is None else argv)
    tag = None
    if args[:1] == ["--for-tag"]:
        if len(args) < 2:
            print("usage: python -m handbook.languages [--for-tag TAG] [LOCALE_DIR]", file=sys.stderr)
            return 2
        tag, args = args[1], args[2:]
    locale_dir = Path(args[0]) if args else Path("locales")
    languages = discover(locale_dir)
    if tag is None:
        print(" ".join(languages))
        return 0
    code = from_tag(tag, languages)
    if code is None:
        print(f"no handbook language for {tag!r}; the languages are {', '.join(languages)}", file=sys.stderr)
        return 1
    print(code)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
