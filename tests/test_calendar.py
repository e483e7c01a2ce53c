"""Calendar files (issue 19): valid per RFC 5545 by the icalendar library and by an independent line check
written here, and free of health words (calendars sync to the cloud)."""

from __future__ import annotations

import datetime as dt
import re
import stat
from zoneinfo import ZoneInfo

import pytest

from rrmm_prep.render import calendar

NAME = re.compile(r"^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=(\"[^\"]*\"|[^;:,\"]*)(,(\"[^\"]*\"|[^;:,\"]*))*)*:")
WHEN = re.compile(r"^\d{8}(T\d{6}Z?)?$")


def rfc5545_problems(data: bytes) -> list[str]:
    """A small RFC 5545 check, independent of the icalendar library: CRLF line ends, lines of 75 octets at
    most, folding, content lines, BEGIN/END nesting, VCALENDAR's VERSION and PRODID, each VEVENT's UID,
    DTSTAMP and DTSTART, date-time values, and TZIDs that a VTIMEZONE defines."""
    problems = []
    if not data.endswith(b"\r\n") or b"\n" in data.replace(b"\r\n", b""):
        problems.append("lines must end with CRLF")
    raw = data.split(b"\r\n")[:-1]
    problems += [f"line over 75 octets: {line[:20]!r}" for line in raw if len(line) > 75]
    lines: list[str] = []
    for line in raw:
        text = line.decode("utf-8")
        if text.startswith((" ", "\t")):
            lines[-1] += text[1:]
        else:
            lines.append(text)
    stack: list[str] = []
    props: list[dict[str, list[str]]] = []
    tzids, used = set(), set()
    for line in lines:
        if not NAME.match(line):
            problems.append(f"not a content line: {line[:30]}")
            continue
        head, value = line.split(":", 1)
        name, *params = head.split(";")
        if name == "BEGIN":
            stack.append(value)
            props.append({})
            continue
        if name == "END":
            if not stack or stack[-1] != value:
                problems.append(f"END:{value} does not close {stack[-1:] or 'anything'}")
                continue
            have = props.pop()
            kind = stack.pop()
            need = {"VCALENDAR": ("VERSION", "PRODID"), "VEVENT": ("UID", "DTSTAMP", "DTSTART")}.get(kind, ())
            problems += [f"{kind} has no {p}" for p in need if p not in have]
            continue
        props[-1].setdefault(name, []).append(value)
        if name == "TZID" and stack[-1] == "VTIMEZONE":
            tzids.add(value)
        for p in params:
            if p.startswith("TZID="):
                used.add(p[5:])
        if name in ("DTSTART", "DTEND", "DTSTAMP") and stack[-1] == "VEVENT" and not WHEN.match(value):
            problems.append(f"{name} is not a date or date-time: {value}")
    if stack:
        problems.append(f"not closed: {stack}")
    problems += [f"TZID {t} has no VTIMEZONE" for t in used - tzids]
    return problems


def health_words() -> set[str]:
    from rrmm_prep.content import load

    content = load.load()
    words = {
        "myeloma",
        "cancer",
        "oncology",
        "chemo",
        "rrmm",
        "symptom",
        "fever",
        "pain",
        "tired",
        "treatment",
    }
    words |= {d.name.casefold() for d in content.drugs}
    words |= {b.casefold() for d in content.drugs for b in getattr(d, "brands", ())}
    words |= {s.label.casefold() for s in content.symptoms}
    return words


def _check(data: bytes) -> None:
    import icalendar

    parsed = icalendar.Calendar.from_ical(data)
    assert parsed.walk("VEVENT"), "no event"
    assert rfc5545_problems(data) == []
    lowered = data.decode("utf-8").casefold()
    assert [w for w in health_words() if re.search(rf"\b{re.escape(w)}\b", lowered)] == []


@pytest.mark.parametrize("zone", [None, "America/New_York", "Europe/London"])
def test_weekly_reminder_is_valid_and_says_nothing_of_health(zone):
    text = calendar.weekly(dt.date(2026, 12, 7), dt.time(18, 0), ZoneInfo(zone) if zone else None)
    _check(text.encode("utf-8"))
    import icalendar

    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["MO"]
    assert event.decoded("DTSTART").hour == 18


def test_appointments_are_valid():
    text = calendar.appointments(
        [("Appointment", dt.date(2027, 1, 7), dt.time(14, 0)), ("Tests", dt.date(2027, 1, 5), None)],
        ZoneInfo("America/Chicago"),
    )
    _check(text.encode("utf-8"))


def test_the_line_check_can_fail():
    good = calendar.weekly(dt.date(2026, 12, 7), dt.time(18, 0)).encode("utf-8")
    assert rfc5545_problems(good.replace(b"\r\n", b"\n"))
    assert rfc5545_problems(good.replace(b"UID:", b"X-NO-UID:"))
    assert rfc5545_problems(good.replace(b"END:VEVENT\r\n", b""))


def test_remind_writes_an_owner_only_file(run, home, pinned_day):
    result = run("check-in", "--remind", "friday 9:30")
    assert result.exit_code == 0, result.output
    path = home / "check-ins" / "weekly-check-in.ics"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    _check(path.read_bytes())
    assert "DTSTART" in path.read_text() and "BYDAY=FR" in path.read_text()


@pytest.mark.parametrize("when", ["someday 6pm", "monday", "monday 25:99", ""])
def test_remind_refuses_what_it_cannot_read(run, home, when):
    result = run("check-in", "--remind", when)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (home / "check-ins" / "weekly-check-in.ics").exists()


def test_after_visit_calendar_has_the_appointment_and_tests_only(run, home, tmp_path, pinned_day):
    assert run("new-visit", "--no-input").exit_code == 0
    answers = tmp_path / "after.yaml"
    answers.write_text(
        "next_visit: 2027-01-07 at 2pm\n"
        "next_steps: [PET/CT scan on December 10, blood tests on January 5, keep a diary]\n",
        encoding="utf-8",
    )
    done = run("after-visit", "--answers", answers)
    assert done.exit_code == 0, done.output
    assert "--calendar" in done.stdout
    result = run("after-visit", "--calendar")
    assert result.exit_code == 0, result.output
    (path,) = (home / "exports").glob("*-calendar.ics")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = path.read_bytes()
    _check(data)
    import icalendar

    summaries = sorted(str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert summaries == ["Appointment", "Tests", "Tests"]
    assert b"PET" not in data and b"blood" not in data
