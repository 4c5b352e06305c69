"""Programme phases and deadlines: stored once, drawn on the page, published as iCalendar.

The data lives in one YAML file (``handbook_timelines``, by default
``docs/_data/timelines.yaml``)::

    ospp:
      name: {zh_CN: 开源之夏, en: OSPP}
      source: https://...
      editions:
        2025:
          - name: {zh_CN: 提交项目申请, en: Applications}
            start: 2025-05-09
            end: 2025-06-09 18:00
            deadline: true

Times are Beijing time (Asia/Shanghai). ``{programme-timeline}`` with ``:programme:``
and ``:year:`` draws an ordered list of the phases, in the page's language, with a
link to the programme's feed ``_calendars/<programme>.ics`` (RFC 5545), which the
HTML build writes with every edition's phases as events and deadlines at their real
time and time zone.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

from handbook.sphinxext.errors import stop

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TIMEZONE = ZoneInfo("Asia/Shanghai")
FEED_FOLDER = "_calendars"


class TimelineError(ValueError):
    """The timeline data is wrong; the message names the place and what was expected."""


def _moment(value: Any, where: str) -> datetime.datetime | datetime.date:
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=TIMEZONE) if value.tzinfo is None else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            parsed = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M")
        except ValueError:
            raise TimelineError(f"{where}: found {value!r}; expected YYYY-MM-DD or 'YYYY-MM-DD HH:MM'") from None
        return parsed.replace(tzinfo=TIMEZONE)
    raise TimelineError(f"{where}: found {value!r}; expected YYYY-MM-DD or 'YYYY-MM-DD HH:MM'")


def load(path: Path) -> dict[str, Any]:
    """Read and check the timeline file; raise TimelineError naming what is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TimelineError(f"{path}: cannot read: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise TimelineError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML") from None
    if not isinstance(data, dict):
        raise TimelineError(f"{path}: expected a mapping of programmes")
    for programme, entry in data.items():
        where = f"{path}: {programme}"
        if not isinstance(entry, dict) or not isinstance(entry.get("editions"), dict):
            raise TimelineError(f"{where}: expected name, source and editions")
        if not isinstance(entry.get("name"), dict) or not str(entry.get("source", "")).startswith("https://"):
            raise TimelineError(f"{where}: expected name (per language) and source (https:// URL)")
        for year, phases in entry["editions"].items():
            if not isinstance(year, int) or not isinstance(phases, list) or not phases:
                raise TimelineError(f"{where}.{year}: expected a year with a list of phases")
            for number, phase in enumerate(phases, start=1):
                place = f"{where}.{year} phase {number}"
                if not isinstance(phase, dict) or not isinstance(phase.get("name"), dict) or "start" not in phase:
                    raise TimelineError(f"{place}: expected name (per language) and start")
                phase["start"] = _moment(phase["start"], f"{place}.start")
                if "end" in phase:
                    phase["end"] = _moment(phase["end"], f"{place}.end")
    return data


def _text(names: dict[str, str], language: str) -> str:
    return names.get(language) or names.get(language.split("_")[0]) or names.get("en") or next(iter(names.values()))


def _show(moment: datetime.date | datetime.datetime) -> str:
    if isinstance(moment, datetime.datetime):
        return moment.strftime("%Y-%m-%d %H:%M") + " (UTC+8)"
    return moment.isoformat()


# -- the figure ----------------------------------------------------------------------------------


class ProgrammeTimeline(SphinxDirective):
    option_spec = {"programme": directives.unchanged_required, "year": directives.positive_int}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        if not self.config.handbook_timelines:
            raise self.error("programme-timeline: set handbook_timelines in conf.py to the timeline data file")
        path = Path(self.env.app.confdir, self.config.handbook_timelines)
        self.env.note_dependency(str(path))
        try:
            data = load(path)
        except TimelineError as error:
            stop(str(error), subtype="timeline")
        programme = self.options.get("programme", "")
        year = self.options.get("year")
        if programme not in data or year not in data[programme]["editions"]:
            raise self.error(
                f"programme-timeline: no {programme!r} {year} in {self.config.handbook_timelines}; "
                f"known: {', '.join(f'{p} {y}' for p in data for y in data[p]['editions'])}"
            )
        language = self.config.language
        entry = data[programme]
        container = nodes.container(classes=["handbook-timeline"])
        container["ids"] = [f"timeline-{programme}-{year}"]
        caption = nodes.paragraph(classes=["handbook-timeline-caption"])
        caption += nodes.strong(text=f"{_text(entry['name'], language)} {year} · {_('Timeline')}")
        container += caption
        steps = nodes.enumerated_list(classes=["handbook-timeline-steps"])
        for phase in data[programme]["editions"][year]:
            item = nodes.list_item(classes=["deadline"] if phase.get("deadline") else [])
            when = _show(phase["start"]) + (f" – {_show(phase['end'])}" if "end" in phase else "")
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(text=_text(phase["name"], language))
            paragraph += nodes.Text(" ")
            paragraph += nodes.inline(text=when, classes=["handbook-timeline-when"])
            item += paragraph
            steps += item
        container += steps
        depth = self.env.docname.count("/")
        feed = "../" * depth + f"{FEED_FOLDER}/{programme}.ics"
        link = nodes.paragraph()
        link += nodes.reference(
            "", _("Subscribe to the deadlines (iCalendar)"), refuri=feed, classes=["handbook-calendar-link"]
        )
        container += link
        return [container]


# -- the feeds ------------------------------------------------------------------------------------


def calendar(programme: str, entry: dict[str, Any], language: str) -> bytes:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Open Source Summer Handbook//timelines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{_text(entry['name'], language)}")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for year, phases in sorted(entry["editions"].items()):
        for phase in phases:
            name = _text(phase["name"], language)
            moments = [("start", phase["start"])]
            if "end" in phase:
                moments.append(("deadline" if phase.get("deadline") else "end", phase["end"]))
            for kind, moment in moments:
                event = icalendar.Event()
                uid = hashlib.sha1(f"{programme}-{year}-{name}-{kind}".encode()).hexdigest()[:16]
                event.add("uid", f"{uid}@osh-handbook")
                event.add("dtstamp", stamp)
                event.add(
                    "summary",
                    f"{_text(entry['name'], language)} {year}: {name}"
                    + ("" if kind == "start" and len(moments) == 1 else f" ({kind})"),
                )
                event.add("dtstart", moment)
                if isinstance(moment, datetime.datetime):
                    event.add("dtend", moment)
                event.add("url", entry["source"])
                cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not app.config.handbook_timelines:
        return
    path = Path(app.confdir, app.config.handbook_timelines)
    try:
        data = load(path)
    except TimelineError as error:
        stop(str(error), subtype="timeline")
    folder = Path(app.outdir, FEED_FOLDER)
    folder.mkdir(exist_ok=True)
    for programme, entry in data.items():
        (folder / f"{programme}.ics").write_bytes(calendar(programme, entry, app.config.language))


def setup_timeline(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_timelines",
        "",
        "env",
        types=frozenset({str}),
        description="YAML file of programme phases and deadlines, relative to conf.py",
    )
    app.add_directive("programme-timeline", ProgrammeTimeline)
    app.connect("build-finished", _write_feeds)
