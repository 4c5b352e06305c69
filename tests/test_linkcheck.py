"""The link checker, against local HTTP servers only (pytest-httpserver on 127.0.0.1)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sphinx.testing.util import SphinxTestApp
from werkzeug import Response

from conftest import BuiltSite
from handbook.linkcheck import Settings, check, check_internal, normalise
from handbook.linkcheck_cli import collect

SRC = Path(".")


def collection(language: str, *uris: str) -> dict:
    links = [
        {"docname": "page", "filename": "docs/page.md", "lineno": n, "uri": u, "kind": "external"}
        for n, u in enumerate(uris, start=1)
    ]
    return {"language": language, "links": links, "ids": {"page.html": []}, "generated": []}


def run(httpserver: HTTPServer, *collections: dict, tmp_path: Path | None = None, **overrides):
    settings = Settings(**{"allow_private": True, "timeout": 2.0, "retries": 2, **overrides})
    cache = tmp_path / "cache.json" if tmp_path else None
    report, requests = check(list(collections), SRC, settings, offline=False, cache_path=cache)
    return {row["uri"]: row for row in report.rows}, requests


def statuses(rows: dict) -> dict[str, str]:
    return {uri.rsplit("/", 1)[-1] or "/": row["status"] for uri, row in rows.items()}


def test_every_verdict(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ok").respond_with_data("fine")
    httpserver.expect_request("/gone").respond_with_data("gone", status=410)
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/moved").respond_with_response(
        Response("", 301, {"Location": httpserver.url_for("/ok")})
    )
    httpserver.expect_request("/busy").respond_with_response(Response("", 429, {"Retry-After": "600"}))
    urls = [httpserver.url_for(p) for p in ["/ok", "/gone", "/missing", "/moved", "/busy"]]
    rows, _ = run(
        httpserver,
        collection("en", *urls, "https://ignored.example/x"),
        ignore=[(__import__("re").compile("ignored\\.example"), "a sample host")],
    )
    assert statuses(rows) == {
        "ok": "working",
        "gone": "broken",
        "missing": "broken",
        "moved": "redirected",
        "busy": "rate-limited",
        "x": "ignored",
    }
    assert rows[urls[3]]["info"] == httpserver.url_for("/ok")
    assert rows["https://ignored.example/x"]["info"] == "a sample host"


def test_429_with_retry_after_then_success(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/slowdown", method="HEAD").respond_with_response(
        Response("", 429, {"Retry-After": "1"})
    )
    httpserver.expect_ordered_request("/slowdown", method="HEAD").respond_with_data("")
    started = time.monotonic()
    rows, requests = run(httpserver, collection("en", httpserver.url_for("/slowdown")))
    assert list(statuses(rows).values()) == ["working"]
    assert requests == 2 and time.monotonic() - started >= 1.0


def test_redirect_loop_is_broken(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_response(Response("", 302, {"Location": httpserver.url_for("/b")}))
    httpserver.expect_request("/b").respond_with_response(Response("", 302, {"Location": httpserver.url_for("/a")}))
    rows, _ = run(httpserver, collection("en", httpserver.url_for("/a")))
    row = rows[httpserver.url_for("/a")]
    assert row["status"] == "broken" and "redirect" in row["info"]


def test_a_slow_server_times_out(httpserver: HTTPServer) -> None:
    def slow(request):
        time.sleep(1.5)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    rows, _ = run(httpserver, collection("en", httpserver.url_for("/slow")), timeout=0.5, retries=0)
    assert rows[httpserver.url_for("/slow")]["status"] == "timeout"


def test_a_huge_body_is_read_only_up_to_the_cap(httpserver: HTTPServer) -> None:
    huge = "<p>" + "x" * 5_000_000 + '</p><h2 id="end">End</h2>'
    httpserver.expect_request("/huge").respond_with_data(huge, content_type="text/html")
    started = time.monotonic()
    rows, _ = run(httpserver, collection("en", httpserver.url_for("/huge") + "#end"), max_body_bytes=64 * 1024)
    row = next(iter(rows.values()))
    assert row["status"] == "broken" and "anchor #end not found" in row["info"]
    assert time.monotonic() - started < 5


def test_anchors_present_and_missing_with_one_fetch(httpserver: HTTPServer) -> None:
    page = '<h2 id="install">Install</h2><a name="old"></a><h3 id="user-content-usage">Usage</h3>'
    httpserver.expect_request("/doc").respond_with_data(page, content_type="text/html")
    base = httpserver.url_for("/doc")
    rows, requests = run(
        httpserver, collection("en", f"{base}#install", f"{base}#old", f"{base}#usage", f"{base}#nowhere")
    )
    assert {uri.split("#")[1]: row["status"] for uri, row in rows.items()} == {
        "install": "working",
        "old": "working",
        "usage": "working",
        "nowhere": "broken",
    }
    assert requests == 1 and len(httpserver.log) == 1


def test_head_refused_then_get(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/nohead", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/nohead", method="GET").respond_with_data("ok")
    rows, requests = run(httpserver, collection("en", httpserver.url_for("/nohead")))
    assert list(statuses(rows).values()) == ["working"] and requests == 2
    assert [request.method for request, _ in httpserver.log] == ["HEAD", "GET"]


def test_the_same_url_in_both_languages_is_requested_once(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/shared").respond_with_data("ok")
    url = httpserver.url_for("/shared")
    rows, requests = run(httpserver, collection("zh_CN", url), collection("en", url.replace("127.0.0.1", "127.0.0.1")))
    assert requests == 1 and len(httpserver.log) == 1


def test_a_cache_hit_sends_no_request(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/cached").respond_with_data("ok")
    httpserver.expect_request("/fails").respond_with_data("no", status=404)
    urls = [httpserver.url_for("/cached"), httpserver.url_for("/fails")]
    run(httpserver, collection("en", *urls), tmp_path=tmp_path)
    assert len(httpserver.log) == 2
    rows, requests = run(httpserver, collection("en", *urls), tmp_path=tmp_path)
    assert requests == 1 and len(httpserver.log) == 3  # only the failure is checked again
    assert rows[urls[0]]["status"] == "working"
    cache = json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))
    assert list(cache) == [normalise(urls[0])[0]] and cache[urls[0]]["expires"] > time.time()


def test_private_addresses_are_not_fetched(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/secret").respond_with_data("internal")
    settings = Settings(allow_private=False)
    report, requests = check(
        [collection("en", httpserver.url_for("/secret"))], SRC, settings, offline=False, cache_path=None
    )
    assert report.rows[0]["status"] == "ignored" and "non-public address" in report.rows[0]["info"]
    assert requests == 0 and httpserver.log == []


def test_offline_checks_internal_links_only(httpserver: HTTPServer) -> None:
    data = collection("en", httpserver.url_for("/never"))
    data["links"] += [
        {"docname": "page", "filename": "docs/page.md", "lineno": 9, "uri": "page.html#nope", "kind": "internal"},
        {"docname": "page", "filename": "docs/page.md", "lineno": 10, "uri": "other.html", "kind": "internal"},
    ]
    report, requests = check([data], SRC, Settings(), offline=True, cache_path=None)
    assert requests == 0 and httpserver.log == []
    assert [(r["lineno"], r["status"], r["info"]) for r in report.rows] == [
        (9, "broken", "no anchor #nope on page.html in en"),
        (10, "broken", "no page other.html in en"),
    ]


def test_images_and_downloads_must_exist(tmp_path: Path) -> None:
    (tmp_path / "here.svg").write_text("<svg/>", encoding="utf-8")
    data = {
        "language": "zh_CN",
        "ids": {},
        "links": [
            {"docname": "p", "filename": "docs/p.md", "lineno": 1, "uri": "here.svg", "kind": "image"},
            {"docname": "p", "filename": "docs/p.md", "lineno": 2, "uri": "gone.md", "kind": "download"},
        ],
    }
    assert [r.status for _, r in check_internal(data, tmp_path)] == ["working", "broken"]


@pytest.mark.sphinx("handbook-links", testroot="links", freshenv=True, confoverrides={"language": "en"})
def test_links_inside_translated_text_are_collected(app: SphinxTestApp) -> None:
    app.build()
    links = json.loads((app.outdir / "links.json").read_text(encoding="utf-8"))
    uris = {link["uri"]: link for link in links["links"]}
    assert "https://example.org/en/" in uris and "https://example.org/zh/" not in uris
    assert uris["https://example.org/en/"]["lineno"] == 4
    assert "section-two" in links["ids"]["index.html"]


def test_the_handbook_has_no_broken_internal_links(site: BuiltSite) -> None:
    repo = Path(__file__).resolve().parent.parent
    collections = [collect(language, site.html.parent, repo) for language in ["zh_CN", "en"]]
    report, requests = check(collections, repo / "docs", Settings(), offline=True, cache_path=None)
    assert requests == 0
    assert report.broken == []
    assert {row["language"] for row in report.rows} == {"zh_CN", "en"}
    assert len(report.rows) > 200
