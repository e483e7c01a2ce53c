"""Check-ins seen over the weeks: a line for one week, the list, and a chart of each item across the weeks
(a table of 0 to 4, with a small bar on a terminal; plain numbers when piped, in files and on the page). Pure."""

from __future__ import annotations

from rrmm_prep.content import checkin_items
from rrmm_prep.model.checkin import CheckIn
from rrmm_prep.read import dates
from rrmm_prep.render.doc import Doc, Heading, Para, Table

MAX_WEEKS = 8  # columns that fit 80 characters


def week_line(c: CheckIn) -> str:
    """ "tiredness quite a bit, pain a little (lower back); a fall; temperature 38.3 C" or "nothing to note"."""
    items = checkin_items.load()
    parts = []
    for item in items.rated:
        n = c.ratings.get(item.id, 0)
        if n:
            note = c.notes.get(item.id, "")
            parts.append(f"{item.short} {items.scale[n]}" + (f" ({note})" if note else ""))
    said = [", ".join(parts)] if parts else []
    if c.fall:
        said.append(f"a fall ({c.fall})")
    if c.temperature:
        said.append(f"temperature {c.temperature}")
    if c.new:
        said.append(f"new: {c.new}")
    return "; ".join(said) or "nothing to note"


def _short_day(iso: str) -> str:
    """2026-11-18 -> "18 Nov"."""
    try:
        day, month = dates.say(iso, False).split(" ")[:2]
    except ValueError:
        return iso[:6]
    return f"{day} {month[:3]}"


BARS = " ▁▃▅█"  # 0 to 4 on a terminal that shows them


def chart_text(checkins: list[CheckIn], bars: bool = False) -> str:
    """The chart as fixed-width lines (80 columns at most): each item a row, each week a column; numbers, and
    with ``bars`` a small bar beside each."""
    headers, rows = chart_rows(checkins)
    scale = checkin_items.load().scale
    label = max(len(r[0]) for r in rows) + 2
    lines = ["Your check-ins over the weeks", "", " " * label + "".join(f"{h:>7}" for h in headers[1:])]
    rated = len(checkin_items.load().rated)
    for i, row in enumerate(rows):
        cells = []
        for cell in row[1:]:
            if bars and i < rated and cell.isdigit():
                cell = f"{cell} {BARS[int(cell)] * 2}"
            cells.append(f"{cell:>7}")
        lines.append(f"{row[0]:<{label}}" + "".join(cells))
    lines += ["", ", ".join(f"{i} {w}" for i, w in enumerate(scale))]
    if len(checkins) > MAX_WEEKS:
        lines.append(f"The last {MAX_WEEKS} of {len(checkins)} check-ins.")
    return "\n".join(lines) + "\n"


def chart_rows(checkins: list[CheckIn]) -> tuple[list[str], list[list[str]]]:
    """Headers (the weeks, oldest first, the last MAX_WEEKS) and one row per item: 0 to 4, a fall as "fell",
    a temperature as its number, "-" where nothing was said."""
    weeks = checkins[-MAX_WEEKS:]
    items = checkin_items.load()
    headers = ["", *(_short_day(c.date) for c in weeks)]
    rows = [[item.short, *(str(c.ratings.get(item.id, 0)) for c in weeks)] for item in items.rated]
    rows.append(["falls", *("fell" if c.fall else "-" for c in weeks)])
    rows.append(["temperature", *(c.temperature.split(" ")[0] if c.temperature else "-" for c in weeks)])
    return headers, rows


def chart_doc(checkins: list[CheckIn]) -> Doc:
    doc = Doc([Heading("Your check-ins over the weeks")])
    if not checkins:
        return doc.add(Para("No check-ins yet. Run: rrmm-prep check-in"))
    headers, rows = chart_rows(checkins)
    scale = checkin_items.load().scale
    doc.add(Table(headers, rows))
    doc.add(Para(", ".join(f"{i} {w}" for i, w in enumerate(scale))))
    if len(checkins) > MAX_WEEKS:
        doc.add(Para(f"The last {MAX_WEEKS} of {len(checkins)} check-ins.", "muted"))
    return doc


def list_doc(checkins: list[CheckIn]) -> Doc:
    doc = Doc([Heading("Your check-ins")])
    if not checkins:
        return doc.add(Para("No check-ins yet. Run: rrmm-prep check-in"))
    rows = [
        [dates.say(c.date, False), week_line(c), "call-now shown" if c.call_now else ""]
        for c in reversed(checkins)
    ]
    return doc.add(Table(["Week of", "How it went", ""], rows))


MAX_SINCE = 6  # lines of the "Since last visit" block: it must leave page 1 on one side of paper


def since_lines(checkins: list[CheckIn]) -> list[str]:
    """What the check-ins since the last visit say, six lines at most: each item whose rating moved (first
    week -> last week), each fall and each temperature, with its day. Facts, no verdicts."""
    if not checkins:
        return []
    items = checkin_items.load()
    first, last = checkins[0], checkins[-1]
    lines = []
    for item in items.rated:
        a, b = first.ratings.get(item.id, 0), last.ratings.get(item.id, 0)
        if a != b and len(checkins) > 1:
            how = "got worse" if b > a else "got better"
            lines.append(f"{item.short} {how}, {items.scale[a]} -> {items.scale[b]}")
        elif b >= 3:
            lines.append(f"{item.short}: {items.scale[b]}")
    for c in checkins:
        if c.fall:
            lines.append(f"a fall on {dates.say(c.date, False)} ({c.fall})")
        if c.temperature:
            lines.append(f"temperature {c.temperature} on {dates.say(c.date, False)}")
    if len(lines) > MAX_SINCE:
        lines = [
            *lines[: MAX_SINCE - 1],
            f"... and {len(lines) - MAX_SINCE + 1} more (rrmm-prep check-in --list)",
        ]
    return lines
