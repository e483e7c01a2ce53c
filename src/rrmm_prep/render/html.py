"""A Doc -> one self-contained, printable HTML page (``rrmm-prep export --format html``).

The page loads nothing: no scripts, no outside fonts, images or styles, and a Content-Security-Policy that says
so. It prints cleanly on A4 and Letter (margins only, no fixed paper size), in black and white: the urgent
call-out has a thick border, not only a colour; checkboxes are drawn boxes; an unanswered question gets a ruled
line to write on by hand; charts are inline SVG with every value written beside its point. The visit's prep card
(8 questions, tables, a chart and the two checklists) prints on two pages with 12pt text.

Every piece of text goes through ``_esc`` (html.escape plus dropping control characters), so what a person
typed, ``<script>`` or ``[bold]`` alike, shows exactly as typed. Imported only by the export command.
"""

from __future__ import annotations

import html as _html
import math
import re
import unicodedata

from rrmm_prep.render.doc import (
    Break,
    Bullets,
    Callout,
    Chart,
    Columns,
    Doc,
    Fields,
    Heading,
    Para,
    Table,
    Tasks,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


# C0/C1 control characters (tab, newline and carriage return are kept): never valid in an HTML page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _esc(text: str) -> str:
    return _html.escape(_CONTROL.sub("", str(text)), quote=True)


_LONG_WORD = re.compile(r"(\S{21,})")


_DATE = re.compile(r"(?<![\w<>-])(\d{4}-\d{2}(?:-\d{2})?)(?![\w-])")  # 2024-02, 2026-12-01: kept on one line


_JOINERS = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def _esc_cell(text: str, every: int = 10) -> str:
    """Escaped text for a table cell: long words get break points (<wbr>) every few characters.

    Table columns are as wide as their longest unbreakable word, so a 500-character word would push the table
    off the page. Breaks are never put inside an emoji sequence or before a combining mark.
    """
    out = []
    for part in _LONG_WORD.split(str(text)):
        if not _LONG_WORD.fullmatch(part):
            out.append(_esc(part))
            continue
        chunk = ""
        for i, ch in enumerate(part):
            nxt = part[i + 1] if i + 1 < len(part) else ""
            chunk += ch
            safe = nxt and ch not in _JOINERS and nxt not in _JOINERS and not unicodedata.combining(nxt)
            safe = safe and not ("\U0001f3fb" <= nxt <= "\U0001f3ff")  # skin tone modifiers
            if len(chunk) >= every and safe:
                out.append(_esc(chunk) + "<wbr>")
                chunk = ""
        out.append(_esc(chunk))
    return _DATE.sub(r'<span class="nobr">\1</span>', "".join(out))


# In print the prep card fits one or two sheets (issue 4) by a tight vertical rhythm, not by small type: text is 12pt
# (lists, tables, checklists and the visit details 11.5pt; only the "Suggested because ..." line under a question
# and the closing line 10pt), headings bold and larger, black on white. Each question gets one ruled line to write
# on (two on screen); neighbouring checklists share one two-column flow (.checklists), and the closing line may go
# to the next page alone rather than take the whole checklist block with it. A short table (up to six rows) is
# not split between pages.
STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 19px; -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: #fff; color: #111;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans",
    Arial, sans-serif;
  line-height: 1.45; overflow-wrap: anywhere; word-break: normal;
}
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; margin: 1.3em 0 0.4em; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.6rem; margin-top: 0; padding-bottom: 0.25em; border-bottom: 3px solid #111; }
h2 { font-size: 1.3rem; padding-bottom: 0.1em; border-bottom: 1px solid #777; }
h3 { font-size: 1.1rem; }
h4, h5, h6 { font-size: 1rem; }
p { margin: 0.4em 0; white-space: pre-line; }
p.muted { color: #444; font-size: 0.9rem; font-style: italic; margin-top: 1.5em; }
main > p.muted:last-child, section > p.muted:last-child { break-before: avoid; page-break-before: avoid; }
.nobr { white-space: nowrap; }
p.strong { font-weight: 700; break-after: avoid; page-break-after: avoid; }
ul, ol { margin: 0.3em 0 0.6em; padding-left: 1.6em; }
li { margin: 0.15em 0; white-space: pre-line; break-inside: avoid; page-break-inside: avoid; }

ul.tasks { list-style: none; padding-left: 0; }
ul.tasks > li { display: flex; gap: 0.55em; align-items: flex-start; margin: 0.35em 0; }
ul.tasks.qa > li { margin: 0.55em 0 0.7em; }
.box {
  flex: none; position: relative; display: inline-block; width: 0.95em; height: 0.95em; margin-top: 0.22em;
  border: 2px solid #111; border-radius: 2px; background: #fff;
}
li.done > .box::after {
  content: ""; position: absolute; left: 0.24em; top: 0.04em; width: 0.26em; height: 0.52em;
  border: solid #111; border-width: 0 0.15em 0.15em 0; transform: rotate(45deg);
}
.task { flex: 1; min-width: 0; white-space: pre-line; }
.num { font-weight: 700; }
.note { display: block; margin: 0.1em 0 0; color: #333; font-size: 0.9rem; font-style: italic; }
.answer { display: block; margin-top: 0.15em; }
.answer-label { font-weight: 700; }
.answer.blank { display: flex; align-items: flex-start; gap: 0.4em; }
.answer.blank > .answer-label { padding-top: 0.3em; }
.write { display: block; flex: 1; min-width: 0; }
.write > span { display: block; height: 1.65em; border-bottom: 1.5px solid #444; }

.callout {
  margin: 1em 0 1.2em; padding: 0.7em 1em 0.8em; border: 5px solid #a00000; border-radius: 6px;
  background: #fff0f0; break-inside: avoid; page-break-inside: avoid;
}
.callout-title { margin: 0 0 0.35em; font-size: 1.25rem; font-weight: 800; line-height: 1.25; }
.callout-mark {
  display: inline-block; width: 1.3em; height: 1.3em; margin-right: 0.4em; border-radius: 50%;
  background: #111; color: #fff; text-align: center; line-height: 1.3em; font-weight: 900;
}
.callout ul { margin: 0.2em 0 0; padding-left: 1.3em; }
.callout li { margin: 0.25em 0; }
.fill-in { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.4em; margin: 0.7em 0 0; }
.fill-in-label { font-weight: 700; }
.fill-in-line { flex: 1 1 10em; min-height: 1.6em; border-bottom: 2px solid #111; }

.table-wrap { overflow-x: auto; margin: 0.4em 0 0.8em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td {
  border: 1px solid #666; padding: 0.3em 0.45em; text-align: left; vertical-align: top; white-space: pre-line;
  overflow-wrap: break-word;
}
thead th { background: #e8e8e8; border-bottom: 2px solid #111; }
tr { break-inside: avoid; page-break-inside: avoid; }

dl.fields {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(15em, 1fr)); gap: 0.2em 1.5em; margin: 0.4em 0 0.8em;
}
dl.fields > div { break-inside: avoid; page-break-inside: avoid; }
dl.fields dt { display: inline; font-weight: 700; }
dl.fields dt::after { content: ":"; }
dl.fields dd { display: inline; margin: 0 0 0 0.3em; white-space: pre-line; }

figure.chart { margin: 0.6em 0 1em; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { display: block; width: 100%; max-width: 40rem; height: auto; }

@media (max-width: 36rem) {
  html { font-size: 18px; }
  main { padding: 1rem 0.75rem 2rem; }
}

section { margin: 0; }
.two-up { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0 2rem; }

ul.columns { columns: 2; column-gap: 2rem; }
ul.tasks.plain > li { display: list-item; list-style: disc; margin-left: 1.2em; }
.sheet { margin-bottom: 2rem; padding-bottom: 1rem; border-bottom: 3px double #111; }
.page { margin-top: 1rem; }

@page {
  margin: 12mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; color: #444; }
}
@media print {
  html { font-size: 12pt; }
  body { line-height: 1.15; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; margin: 0; padding: 0; }
  h1 { font-size: 14pt; margin-bottom: 0.35em; padding-bottom: 0.15em; }
  h2 { font-size: 13pt; margin: 0.35em 0 0.05em; padding-bottom: 0; border-bottom: 0; }
  h3 { font-size: 12.5pt; margin: 0.3em 0 0; }
  p { margin: 0.1em 0; }
  ul, ol { margin: 0.05em 0 0.15em; }
  li { margin: 0; }
  main li, .two-up p, dl.fields { font-size: 11.5pt; }
  .callout { margin: 0.35em 0 0.15em; padding: 0.3em 0.7em 0.4em; border-color: #000; background: #fff; }
  .callout-title { font-size: 14pt; margin-bottom: 0.15em; }
  .callout li { font-size: 12pt; }
  .fill-in { margin-top: 0.2em; }
  .note { font-size: 10pt; line-height: 1.15; margin: 0; }
  ul.tasks.qa { margin: 0; }
  ul.tasks.qa > li { font-size: 12pt; margin: 0 0 0.1em; }
  .answer.blank { align-items: flex-end; }
  .answer.blank > .answer-label { padding: 0 0 0.1em; }
  .write > span { height: 1.45em; }
  .write > span + span { display: none; }
  dl.fields { gap: 0 1.5em; margin: 0.05em 0 0.1em; }
  table { font-size: 11.5pt; line-height: 1.1; }
  th, td { padding: 0.05em 0.3em; }
  thead th { background: #fff; }
  .table-wrap { overflow: visible; margin: 0.1em 0 0.15em; }
  .table-wrap { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap:has(tbody > tr:nth-child(7)) { break-inside: auto; page-break-inside: auto; }
  ul.tasks.check { columns: 2; column-gap: 1.1em; margin: 0.1em 0 0.1em; line-height: 1.1; }
  ul.tasks.check > li { gap: 0.4em; margin: 0 0 0.08em; }
  .box { width: 0.9em; height: 0.9em; margin-top: 0.12em; }
  .checklists { columns: 2; column-gap: 1.1em; margin-top: 0.5em; padding-top: 0.15em; border-top: 1px solid #777; }
  .checklists ul.tasks.check { columns: auto; }
  .checklists h2 { margin-top: 0; }
  .checklists section + section h2 { margin-top: 0.35em; }
  main > .checklists + p.muted { break-before: auto; page-break-before: auto; }
  figure.chart { margin: 0.1em 0 0.15em; }
  figure.chart svg { width: 100mm; max-width: 100%; }
  .two-up { grid-template-columns: 1fr 1fr; gap: 0 1.1em; }
  p.muted { font-size: 10pt; margin-top: 0.3em; }
  a { color: inherit; text-decoration: none; }
  .sheet { break-after: page; page-break-after: always; margin: 0; padding: 0; border: 0; }
  .sheet h1 { font-size: 13pt; margin-bottom: 0.2em; }
  .sheet h2 { font-size: 11.5pt; margin: 0.25em 0 0.02em; }
  .sheet li, .sheet dl.fields, .sheet table, .sheet p, .sheet main li { font-size: 10pt; line-height: 1.12; }
  .sheet dl.fields { grid-template-columns: repeat(3, 1fr); gap: 0 1em; }
  .sheet .callout { padding: 0.2em 0.6em 0.3em; margin: 0.2em 0 0.1em; }
  .sheet .callout li { font-size: 10pt; margin: 0; }
  .sheet .callout-title { font-size: 11.5pt; }
  .sheet th, .sheet td { padding: 0 0.25em; }
  .sheet .table-wrap { margin: 0.05em 0 0.1em; }
  .sheet p.muted { font-size: 9pt; margin-top: 0.2em; }
  .page { margin: 0; }
}
""".strip()


def html(doc: Doc, title: str) -> str:
    """One self-contained, printable HTML5 page showing ``doc``. A Break block ends a page: what comes before
    the first one (the doctor sheet) is laid out to fit one printed page by itself."""
    parts: list[list] = [[]]
    starts = [0]  # each part's first block's place in the whole page, so ids stay unique across parts
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Break):
            parts.append([])
            starts.append(i + 1)
        else:
            parts[-1].append(block)
    if len(parts) == 1:
        body = _body(doc)
    else:
        sheet = f'<div class="sheet">\n{_body(Doc(parts[0]))}\n</div>'
        rest = "\n".join(
            f'<div class="page">\n{_body(Doc(p), start)}\n</div>'
            for p, start in zip(parts[1:], starts[1:], strict=True)
        )
        body = f"{sheet}\n{rest}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_esc(CSP)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n'
        '<meta name="generator" content="rrmm-prep">\n'
        f"<title>{_esc(title)}</title>\n"
        f"<style>\n{STYLE}\n</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"{body}\n"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


def _body(doc: Doc, start: int = 0) -> str:
    """The blocks, each part under a level-2 heading in its own <section>; short neighbouring parts (a few list
    items or lines, like "Medicines I take now") side by side, and neighbouring checklists ("Before you go",
    "Before you leave") in one two-column flow, so the printed card stays short."""
    parts: list[list[tuple[int, object]]] = [[]]
    for i, block in enumerate(doc.blocks, start):
        if isinstance(block, Heading) and block.level <= 2 and parts[-1]:
            parts.append([])
        parts[-1].append((i, block))
    html_parts: list[str] = []
    pending: str | None = None  # a short section waiting for a partner
    checklists: list[str] = []  # checklist sections in a row
    for part in parts:
        is_section = isinstance(part[0][1], Heading) and part[0][1].level == 2
        if is_section and _checklist(part):
            if pending is not None:
                html_parts.append(pending)
                pending = None
            checklists.append(f"<section>\n{_blocks(part[:2])}\n</section>")
            if len(part) > 2:  # the closing line of the page ("Content reviewed ...") follows the checklists
                html_parts += [_checklists(checklists), _blocks(part[2:])]
                checklists = []
            continue
        if checklists:
            html_parts.append(_checklists(checklists))
            checklists = []
        text = _blocks(part)
        if is_section:
            text = f"<section>\n{text}\n</section>"
        if is_section and _short(part):
            if pending is None:
                pending = text
                continue
            html_parts.append(f'<div class="two-up">\n{pending}\n{text}\n</div>')
            pending = None
            continue
        if pending is not None:
            html_parts.append(pending)
            pending = None
        html_parts.append(text)
    if pending is not None:
        html_parts.append(pending)
    if checklists:
        html_parts.append(_checklists(checklists))
    return "\n".join(html_parts)


def _blocks(part: list[tuple[int, object]]) -> str:
    return "\n".join(_block(block, i) for i, block in part)


def _checklist(part: list[tuple[int, object]]) -> bool:
    """A heading over one plain checklist (no numbers, notes or answers), like "Before you leave", maybe followed
    by the page's closing line (muted)."""
    if len(part) < 2 or not isinstance(part[1][1], Tasks):
        return False
    tasks = part[1][1]
    plain = not tasks.numbers and not any(tasks.notes) and all(a is None for a in tasks.answers)
    return plain and all(isinstance(b, Para) and b.style == "muted" for _, b in part[2:])


def _checklists(sections: list[str]) -> str:
    """Checklists in a row share one two-column flow in print, one heading after the other, so that neither
    leaves half a column empty; a checklist on its own prints in two columns by itself."""
    if len(sections) == 1:
        return sections[0]
    inner = "\n".join(sections)
    return f'<div class="checklists">\n{inner}\n</div>'


def _short(part: list[tuple[int, object]]) -> bool:
    """A few short lines under one heading: fits half the page width."""
    lines: list[str] = []
    for _, block in part[1:]:
        if isinstance(block, Bullets):
            lines += block.items
        elif isinstance(block, Para) and block.style != "muted":
            lines.append(block.text)
        elif isinstance(block, Fields):
            lines += [f"{label}: {value}" for label, value in block.pairs]
        else:
            return False
    return (
        0 < len(lines) <= 5 and sum(len(line) for line in lines) <= 240 and all(len(x) <= 120 for x in lines)
    )


def _block(block, index: int) -> str:
    if isinstance(block, Heading):
        level = min(6, max(1, block.level))
        return f"<h{level}>{_esc(block.text)}</h{level}>"
    if isinstance(block, Para):
        cls = f' class="{block.style}"' if block.style in ("muted", "strong") else ""
        return f"<p{cls}>{_esc(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "\n".join(f"<li>{_esc(item)}</li>" for item in block.items)
        if block.numbered:
            start = f' start="{int(block.start)}"' if block.start != 1 else ""
            return f"<ol{start}>\n{items}\n</ol>"
        return f"<ul>\n{items}\n</ul>"
    if isinstance(block, Tasks):
        return _tasks(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Fields):
        pairs = "\n".join(
            f"<div><dt>{_esc(label)}</dt><dd>{_esc(value)}</dd></div>" for label, value in block.pairs
        )
        return f'<dl class="fields">\n{pairs}\n</dl>'
    if isinstance(block, Callout):
        return _callout(block, index)
    if isinstance(block, Chart):
        return f'<figure class="chart">\n{svg_chart(block)}\n</figure>'
    if isinstance(block, Columns):
        items = "\n".join(f"<li>{_esc(f'{mark} {item}'.strip())}</li>" for mark, item in block.rows())
        return f'<ul class="columns">\n{items}\n</ul>'
    raise TypeError(f"cannot export a {type(block).__name__} block")  # pragma: no cover - a new block type


def _tasks(block: Tasks) -> str:
    parts = [block.parts(i) for i in range(len(block.items))]
    # Plain checklists (no notes, no answers) print in two columns to keep the prep card short.
    kind = "qa" if any(notes or answer is not None for _, _, notes, answer in parts) else "check"
    rows = []
    for item, (done, number, notes, answer) in zip(block.items, parts, strict=True):
        state = "done" if done else "to do"
        inner = f'<span class="num">{_esc(number.strip())}</span> ' if number else ""
        inner += _esc(item)
        inner += "".join(f'<span class="note">{_esc(note)}</span>' for note in notes)
        if answer is not None:
            if answer:
                inner += (
                    f'<span class="answer"><span class="answer-label">Answer:</span> {_esc(answer)}</span>'
                )
            else:
                inner += (
                    '<span class="answer blank"><span class="answer-label">Answer:</span>'
                    '<span class="write" aria-hidden="true"><span></span><span></span></span></span>'
                )
        cls = ' class="done"' if done else ""
        box = f'<span class="box" role="img" aria-label="{state}"></span>' if block.boxes else ""
        rows.append(f'<li{cls}>{box}<span class="task">{inner}</span></li>')
    plain = "" if block.boxes else " plain"
    return f'<ul class="tasks {kind}{plain}">\n' + "\n".join(rows) + "\n</ul>"


def _table(block: Table) -> str:
    width = max([len(block.headers), *(len(r) for r in block.rows)])
    headers = [*block.headers, *[""] * (width - len(block.headers))]
    head = "".join(f'<th scope="col">{_esc_cell(h)}</th>' for h in headers)
    rows = []
    for row in block.rows:
        cells = [*row, *[""] * (width - len(row))]
        rows.append("<tr>" + "".join(f"<td>{_esc_cell(c)}</td>" for c in cells) + "</tr>")
    body = "\n".join(rows)
    return f'<div class="table-wrap">\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>'


def _callout(block: Callout, index: int) -> str:
    ident = f"callout-{index}"
    out = [
        f'<aside class="callout" role="note" aria-labelledby="{ident}">',
        f'<p class="callout-title" id="{ident}"><span class="callout-mark" aria-hidden="true">!</span>'
        f"{_esc(block.title)}</p>",
    ]
    if block.lines:
        out.append("<ul>\n" + "\n".join(f"<li>{_esc(line)}</li>" for line in block.lines) + "\n</ul>")
    if block.fill_in:
        out.append(
            f'<p class="fill-in"><span class="fill-in-label">{_esc(block.fill_in)}</span>'
            '<span class="fill-in-line" aria-hidden="true"></span></p>'
        )
    out.append("</aside>")
    return "\n".join(out)


VIEW_W, VIEW_H = 640, 240


_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 40, 58, 192  # the plot area inside the viewBox


SHAPES = ("circle", "square", "triangle", "diamond")


def _n(x: float) -> str:
    """A coordinate: rounded to one decimal, no trailing .0, never -0."""
    text = f"{round(x, 1):.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _value(v: float) -> str:
    """A lab value as people read it: 45, 0.8, 1.25, 150000."""
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.6g}"


def _marker(shape: str, x: float, y: float) -> str:
    r = 6.0
    common = 'fill="#fff" stroke="#000" stroke-width="2.5"'
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {common}/>'
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{_n(x - s)}" y="{_n(y - s)}" width="{_n(2 * s)}" height="{_n(2 * s)}" {common}/>'
    if shape == "triangle":
        pts = [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
    else:  # diamond
        pts = [(x, y - r * 1.25), (x + r * 1.1, y), (x, y + r * 1.25), (x - r * 1.1, y)]
    points = " ".join(f"{_n(px)},{_n(py)}" for px, py in pts)
    return f'<polygon points="{points}" {common}/>'


def svg_chart(chart: Chart) -> str:
    """An inline SVG line chart of ``chart``: black lines, a different marker shape for each point, each value
    written beside its point and each date under it. Readable in black and white; same input, same bytes."""
    points = [(str(d), float(v)) for d, v in chart.points if isinstance(v, int | float) and math.isfinite(v)]
    caption = f"{chart.title} ({chart.unit})" if chart.unit else chart.title
    values = ", ".join(f"{d}: {_value(v)}" for d, v in points) or "no values"
    label = f"{caption}. {values}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W} {VIEW_H}" width="100%" '
        f'role="img" aria-label="{_esc(label)}" preserveAspectRatio="xMinYMin meet" '
        'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="15">',
        f"<title>{_esc(label)}</title>",
        f'<text x="{_LEFT - 40}" y="24" font-size="17" font-weight="700" fill="#000">{_esc(caption)}</text>',
        # axes: the value axis on the left, the date axis along the bottom
        f'<line x1="{_LEFT}" y1="{_TOP - 18}" x2="{_LEFT}" y2="{_BOTTOM}" stroke="#000" stroke-width="1.5"/>',
        f'<line x1="{_LEFT}" y1="{_BOTTOM}" x2="{VIEW_W - _RIGHT + 20}" y2="{_BOTTOM}" stroke="#000" '
        'stroke-width="1.5"/>',
    ]
    if not points:
        out.append(
            f'<text x="{_n((_LEFT + VIEW_W - _RIGHT) / 2)}" y="{_n((_TOP + _BOTTOM) / 2)}" text-anchor="middle" '
            'fill="#000">No values to draw</text>'
        )
        out.append("</svg>")
        return "\n".join(out)

    nums = [v for _, v in points]
    lo, hi = min(nums), max(nums)
    span = hi - lo
    low_y = _BOTTOM - 36  # room under the lowest point for a value written below it

    def y_of(v: float) -> float:
        if span == 0:
            return (_TOP + low_y) / 2
        return low_y - (v - lo) / span * (low_y - _TOP)

    count = len(points)
    first_x, last_x = _LEFT + 40, VIEW_W - _RIGHT

    def x_of(i: int) -> float:
        if count == 1:
            return (first_x + last_x) / 2
        return first_x + i * (last_x - first_x) / (count - 1)

    xy = [(x_of(i), y_of(v)) for i, (_, v) in enumerate(points)]
    # dashed reference lines at the lowest and the highest value, labelled on the value axis
    for ref in sorted({lo, hi}):
        y = y_of(ref)
        out.append(
            f'<line x1="{_LEFT}" y1="{_n(y)}" x2="{VIEW_W - _RIGHT + 20}" y2="{_n(y)}" stroke="#777" '
            'stroke-width="1" stroke-dasharray="4 4"/>'
        )
        out.append(
            f'<line x1="{_LEFT - 6}" y1="{_n(y)}" x2="{_LEFT}" y2="{_n(y)}" stroke="#000" stroke-width="1.5"/>'
        )
        out.append(
            f'<text x="{_LEFT - 9}" y="{_n(y + 5)}" text-anchor="end" font-size="13" fill="#000">'
            f"{_esc(_value(ref))}</text>"
        )
    if count > 1:
        line = " ".join(f"{_n(x)},{_n(y)}" for x, y in xy)
        out.append(
            f'<polyline points="{line}" fill="none" stroke="#000" stroke-width="2.5" stroke-linejoin="round"/>'
        )
    slant = count > 6  # many dates: slant them so they do not run into each other
    for i, ((date, v), (x, y)) in enumerate(zip(points, xy, strict=True)):
        before = points[i - 1][1] if i > 0 else None
        after = points[i + 1][1] if i + 1 < count else None
        # a value goes above its point, or below it where the line comes down to the point and goes up again
        below = (
            span > 0 and all(n is None or n > v for n in (before, after)) and (before, after) != (None, None)
        )
        ty = y + 27 if below else y - 14
        out.append(
            f'<line x1="{_n(x)}" y1="{_BOTTOM}" x2="{_n(x)}" y2="{_BOTTOM + 6}" stroke="#000" stroke-width="1.5"/>'
        )
        out.append(_marker(SHAPES[i % len(SHAPES)], x, y))
        out.append(
            f'<text x="{_n(x)}" y="{_n(ty)}" text-anchor="middle" font-weight="700" fill="#000">'
            f"{_esc(_value(v))}</text>"
        )
        if slant:
            dy = _BOTTOM + 17
            out.append(
                f'<text x="{_n(x)}" y="{dy}" text-anchor="end" font-size="12" fill="#000" '
                f'transform="rotate(-25 {_n(x)} {dy})">{_esc(date)}</text>'
            )
        else:
            out.append(
                f'<text x="{_n(x)}" y="{_BOTTOM + 24}" text-anchor="middle" font-size="14" fill="#000">'
                f"{_esc(date)}</text>"
            )
    out.append("</svg>")
    return "\n".join(out)
