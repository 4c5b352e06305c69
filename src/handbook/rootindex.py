"""The root ``index.html``: choose the reader's language.

With JavaScript, the first of the browser's preferred languages that the site has
wins (Chinese when none matches). Without JavaScript the page is a plain list of links.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from html import escape
from pathlib import Path

from handbook import base_url
from handbook.languages import SOURCE_LANGUAGE, discover, language_tag, native_name

TITLES = {"zh_CN": "开源之夏学生手册", "en": "Open Source Summer Handbook"}

_TEMPLATE = """<!doctype html>
<html lang="{source_tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{alternates}
<link rel="icon" href="{source_code}/_static/favicon.svg" type="image/svg+xml">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.6; }}
@media (prefers-color-scheme: dark) {{ body {{ background: #131416; color: #ffffffcc; }} a {{ color: #79a6ff; }} }}
</style>
<script>
(function () {{
  var sites = {sites_json};
  var prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  var choice = null;
  for (var i = 0; i < prefs.length && !choice; i++) {{
    var want = String(prefs[i]).toLowerCase();
    for (var j = 0; j < sites.length && !choice; j++) {{
      if (want === sites[j].tag.toLowerCase()) choice = sites[j];
    }}
    var base = want.split("-")[0];
    for (var k = 0; k < sites.length && !choice; k++) {{
      if (base === sites[k].tag.toLowerCase().split("-")[0]) choice = sites[k];
    }}
  }}
  location.replace((choice || sites[0]).code + "/index.html" + location.search + location.hash);
}})();
</script>
</head>
<body>
<h1>{title}</h1>
<ul>
{links}
</ul>
</body>
</html>
"""


def render(languages: list[str]) -> str:
    sites = [{"code": code, "tag": language_tag(code)} for code in languages]
    title = " / ".join(TITLES.get(code, TITLES["en"]) for code in languages[:2])
    links = "\n".join(
        f'<li><a href="{escape(code)}/index.html" hreflang="{escape(language_tag(code))}" '
        f'lang="{escape(language_tag(code))}">{escape(native_name(code))}</a></li>'
        for code in languages
    )
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{escape(language_tag(code))}" href="{escape(code)}/index.html">'
        for code in languages
    )
    return _TEMPLATE.format(
        source_tag=language_tag(SOURCE_LANGUAGE),
        source_code=SOURCE_LANGUAGE,
        title=escape(title),
        alternates=alternates,
        links=links,
        sites_json=json.dumps(sites),
    )


#: Pages that are not content: left out of the sitemap.
NOT_CONTENT = {"genindex.html", "search.html", "404.html"}


def pages_of(html_dir: Path, language: str) -> list[str]:
    """Every content page of one language, as paths relative to its folder."""
    root = html_dir / language
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if path.name not in NOT_CONTENT and not any(part.startswith("_") for part in path.relative_to(root).parts)
    )


def sitemap(html_dir: Path, languages: list[str], base: str) -> str:
    """A sitemap with, for every page, its address in each language (hreflang)."""
    pages = sorted(set().union(*(pages_of(html_dir, code) for code in languages)))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages:
        present = [code for code in languages if (html_dir / code / page).is_file()]
        link = '    <xhtml:link rel="alternate" hreflang="{}" href="{}"/>'
        alternates = [link.format(language_tag(code), escape(base + code + "/" + page)) for code in present]
        if page == "index.html":
            alternates.append(link.format("x-default", escape(base)))
        for code in present:
            lines += ["  <url>", f"    <loc>{escape(base + code + '/' + page)}</loc>", *alternates, "  </url>"]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html_dir", nargs="?", default="_build/html", type=Path)
    parser.add_argument("--locale-dir", default="locales", type=Path)
    args = parser.parse_args(argv)
    languages = discover(args.locale_dir)
    missing = [code for code in languages if not (args.html_dir / code / "index.html").is_file()]
    if missing:
        print(
            f"{args.html_dir}: no built site for {', '.join(missing)} "
            f"(expected {args.html_dir}/<lang>/index.html); run `make html` first",
            file=sys.stderr,
        )
        return 2
    (args.html_dir / "index.html").write_text(render(languages), encoding="utf-8")
    (args.html_dir / "sitemap.xml").write_text(sitemap(args.html_dir, languages, base_url()), encoding="utf-8")
    (args.html_dir / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {base_url()}sitemap.xml\n", encoding="utf-8"
    )
    # Hosts such as GitHub Pages serve /404.html for any missing path; the source
    # language's 404 page has links from the site root, so it works there too.
    not_found = args.html_dir / languages[0] / "404.html"
    if not_found.is_file():
        shutil.copyfile(not_found, args.html_dir / "404.html")
    return 0
