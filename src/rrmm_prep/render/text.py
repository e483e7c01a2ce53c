"""A Doc as plain text (pipes, ``--format text``, the .txt export), lists in columns, and small text charts."""

from __future__ import annotations

import textwrap

from rrmm_prep.control_chars import visible
from rrmm_prep.render.doc import (
    BLANK_LINE,
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


def render_text(doc: Doc, width: int = 80, ascii_only: bool = False) -> str:
    """Plain text. Control characters in the text are shown as visible escapes, never written live."""
    return visible(_render_text(doc, width, ascii_only))


def _render_text(doc: Doc, width: int, ascii_only: bool) -> str:
    width = max(40, width)
    out: list[str] = []

    def wrap(text: str, first: str = "", rest: str = "") -> list[str]:
        lines = []
        for i, part in enumerate(text.splitlines() or [""]):
            lines += textwrap.wrap(
                part,
                width,
                initial_indent=first if i == 0 else rest,
                subsequent_indent=rest,
                break_long_words=True,
                break_on_hyphens=False,
            ) or [first.rstrip()]
        return lines

    for block in doc.blocks:
        if isinstance(block, Heading):
            title = block.text.upper() if block.level == 1 else block.text
            out += [title, ("=" if block.level == 1 else "-") * min(width, len(title))]
        elif isinstance(block, Para):
            out += wrap(block.text)
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items, block.start):
                mark = f"{i}. " if block.numbered else "- "
                out += wrap(item, mark, " " * len(mark))
        elif isinstance(block, Tasks):
            for i, item in enumerate(block.items):
                done, number, notes, answer = block.parts(i)
                mark = (("[x] " if done else "[ ] ") if block.boxes else "- ") + number
                out += wrap(item, mark, " " * len(mark))
                for note in notes:
                    out += wrap(note, "    ", "    ")
                if answer is not None:
                    out += wrap(f"Answer: {answer or BLANK_LINE}", "    ", "    ")
        elif isinstance(block, Table):
            for row in block.rows:
                pairs = [f"{h}: {v}" for h, v in zip(block.headers, row, strict=False) if v]
                out += wrap("; ".join(pairs), "- ", "  ")
        elif isinstance(block, Fields):
            for label, value in block.pairs:
                out += wrap(f"{label}: {value}", "", "  ")
        elif isinstance(block, Callout):
            bar = "!" * min(width, 60)
            out += [bar, *wrap(block.title.upper())]
            for line in block.lines:
                out += wrap(line, "* ", "  ")
            if block.fill_in:
                out += wrap(f"{block.fill_in} {BLANK_LINE}", "* ", "  ")
            out.append(bar)
        elif isinstance(block, Chart):
            out += text_chart(block, width, ascii_only)
        elif isinstance(block, Columns):
            out += column_lines(block, width)
        elif isinstance(block, Break):
            out.append("-" * min(width, 60))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def column_lines(block: Columns, width: int = 80) -> list[str]:
    """A Columns block as lines of text: items run down the first column, then the next. Items that do not fit
    two columns go one to a line, wrapped; with ``width=1`` each item keeps to one line, cut with "..."."""
    rows = block.rows()
    if not rows:
        return []
    mark_w = max(len(m) for m, _ in rows)
    cols = max(1, min(block.width, len(rows)))
    col_w = (width - 2 * (cols - 1)) // cols
    text_w = col_w - mark_w - 1
    if cols > 1 and (width < 60 or any(len(" ".join(t.split())) > text_w for _, t in rows)):
        lines = []
        for mark, text in rows:
            lines += textwrap.wrap(
                " ".join(text.split()),
                width,
                initial_indent=f"{mark.rjust(mark_w)} ",
                subsequent_indent=" " * (mark_w + 1),
            ) or [mark]
        return lines
    text_w = max(8, text_w)
    height = -(-len(rows) // cols)
    lines = []
    for r in range(height):
        cells = []
        for c in range(cols):
            i = c * height + r
            if i >= len(rows):
                continue
            mark, text = rows[i]
            one = " ".join(text.split())
            if len(one) > text_w:
                one = one[: text_w - 3].rstrip() + "..."
            cells.append(f"{mark.rjust(mark_w)} {one}".ljust(col_w))
        lines.append("  ".join(cells).rstrip())
    return lines


def text_chart(chart: Chart, width: int = 80, ascii_only: bool = False) -> list[str]:
    """A chart as lines of text: one bar per value, scaled to the largest. Works without colour."""
    if not chart.points:
        return []
    top = max(v for _, v in chart.points) or 1.0
    label_w = max(len(d) for d, _ in chart.points)
    value_w = max(len(f"{v:g}") for _, v in chart.points)
    room = max(10, min(40, width - label_w - value_w - 6))
    fill = "#" if ascii_only else "█"
    lines = [f"{chart.title} ({chart.unit})" if chart.unit else chart.title]
    for date, value in chart.points:
        bar = fill * max(1, round(value / top * room)) if value > 0 else ""
        lines.append(f"{date.ljust(label_w)}  {f'{value:g}'.rjust(value_w)}  {bar}")
    return lines
