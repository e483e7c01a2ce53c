"""A tiny document model and its plain renderers.

Views build a ``Doc`` (headings, paragraphs, lists, tables, call-outs); ``ui`` shows it in the terminal with Rich,
and the functions here turn the same ``Doc`` into plain text (pipes, ``--format text``) or GitHub-flavoured
Markdown (``--format markdown``, the visit summary). All text in a Doc is literal: the Markdown renderer escapes it,
the text renderer prints it as is, and ui wraps it in ``rich.text.Text``. Nothing here imports Rich.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from rrmm_prep.controls import visible


# repr=False on every block: reprs are never shown, and generating them slows every start.
def and_list(items) -> str:
    """ "a", "a and b", "a, b and c": each item once, empty ones left out."""
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(repr=False)
class Heading:
    text: str
    level: int = 1


@dataclass(repr=False)
class Para:
    text: str
    style: str = ""  # "", "muted", "strong"


@dataclass(repr=False)
class Bullets:
    items: list[str]
    numbered: bool = False
    start: int = 1


@dataclass(repr=False)
class Tasks:
    """Checkbox items. ``done`` marks ticked ones; ``numbers`` shows a number before each item; ``notes`` are
    lines under an item; ``answers`` gives each item an answer line (None: none, "": a blank line to write on)."""

    items: list[str]
    done: list[bool] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    notes: list[list[str]] = field(default_factory=list)
    answers: list[str | None] = field(default_factory=list)
    boxes: bool = True  # False: a plain list of items with their answers (questions asked, for family)

    def parts(self, i: int) -> tuple[bool, str, list[str], str | None]:
        """(done, number prefix, notes, answer) of item i."""
        done = self.done[i] if i < len(self.done) else False
        number = f"{self.numbers[i]}. " if i < len(self.numbers) else ""
        notes = self.notes[i] if i < len(self.notes) else []
        answer = self.answers[i] if i < len(self.answers) else None
        return done, number, notes, answer


BLANK_LINE = "_" * 40


@dataclass(repr=False)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass(repr=False)
class Fields:
    """Label: value pairs."""

    pairs: list[tuple[str, str]]


@dataclass(repr=False)
class Callout:
    """Something that must not be missed (urgent symptoms). ``fill_in`` ends it with a line to write on."""

    title: str
    lines: list[str]
    fill_in: str = ""


@dataclass(repr=False)
class Chart:
    """A small line chart of one lab test across visits: (date, number) points, oldest first."""

    title: str
    unit: str
    points: list[tuple[str, float]]


@dataclass(repr=False)
class Columns:
    """A list shown in columns on a terminal (two by default), so a long list stays on one screen; numbered,
    or with its own ``marks`` ("a.", "12."). ``width=1`` keeps each item to one line. ``limit`` shows at most
    that many items. Elsewhere (files, pipes) it is a plain list."""

    items: list[str]
    numbered: bool = False
    marks: list[str] | None = None
    width: int = 2
    limit: int | None = None

    def rows(self) -> list[tuple[str, str]]:
        marks = self.marks or [f"{i}." if self.numbered else "-" for i in range(1, len(self.items) + 1)]
        pairs = list(zip(marks, self.items, strict=False))
        if self.limit is not None and len(pairs) > self.limit:
            pairs = [*pairs[: self.limit - 1], ("", f"... and {len(pairs) - self.limit + 1} more")]
        return pairs


@dataclass(repr=False)
class Break:
    """A new page when printed (the doctor sheet stands on its own page); a rule in text and Markdown."""


Block = Heading | Para | Bullets | Tasks | Table | Fields | Callout | Chart | Columns | Break


@dataclass(repr=False)
class Doc:
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Doc:
        self.blocks.extend(blocks)
        return self


# ----------------------------------------------------------------------------------------------- plain text


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


# ------------------------------------------------------------------------------------------------ Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)](?=\s|$))")


_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def one_line(text: str) -> str:
    """Markdown ends a line at \\n, \\r or \\r\\n: fold them all into spaces, so text can never start a block."""
    return " ".join(_LINE_BREAKS.split(text)).strip()


def md_escape(text: str) -> str:
    """Escape text so Markdown shows it literally: no emphasis, links, HTML, tables or structure come from it.

    Only what Markdown could act on is escaped, so the file stays easy to read as plain text:
    backslash, backtick, ``* _ [ ] | ~`` get a backslash; ``& < >`` become entities (a backslash does not stop
    raw HTML everywhere); a line start that would make a heading, quote, list or rule is escaped too.
    """
    text = visible(one_line(text))
    text = "".join(_MD_ENTITIES.get(ch, ch) for ch in text)
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + "".join("\\" + c if not c.isdigit() else c for c in m.group(2)), text
    )


def md_cell(text: str) -> str:
    """Text for a table cell: inline escaping only (a cell never starts a block)."""
    text = visible(one_line(text))
    text = "".join(_MD_ENTITIES.get(ch, ch) for ch in text)
    return _MD_INLINE.sub(r"\\\1", text) or " "


def render_markdown(doc: Doc) -> str:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            # A run of # at the end of a heading would be read as its closing marker: escape its first #.
            text = re.sub(r"(?<=\s)#(#*)$", r"\\#\1", md_escape(block.text))
            out.append("#" * min(6, block.level) + " " + text)
        elif isinstance(block, Para):
            text = md_escape(block.text)
            if block.style == "strong":
                text = f"**{text}**"
            elif block.style == "muted":
                text = f"*{text}*"
            out.append(text)
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items, block.start):
                mark = f"{i}." if block.numbered else "-"
                out.append(f"{mark} {md_escape(item)}")
        elif isinstance(block, Tasks):
            for i, item in enumerate(block.items):
                done, number, notes, answer = block.parts(i)
                box = f"[{'x' if done else ' '}] " if block.boxes else ""
                lines = [f"- {box}{number}{md_escape(item)}"]
                lines += [f"  *{md_escape(note)}*" for note in notes]
                if answer is not None:
                    lines.append(f"  **Answer:** {md_escape(answer) if answer else BLANK_LINE}")
                out.append("\\\n".join(lines))  # a backslash at the end of a line is a hard line break
        elif isinstance(block, Table):
            out.append("| " + " | ".join(md_cell(h) for h in block.headers) + " |")
            out.append("|" + "|".join("---" for _ in block.headers) + "|")
            for row in block.rows:
                out.append("| " + " | ".join(md_cell(c) for c in row) + " |")
        elif isinstance(block, Fields):
            for label, value in block.pairs:
                out.append(f"- **{md_escape(label)}:** {md_escape(value)}")
        elif isinstance(block, Callout):
            out.append(f"> **{md_escape(block.title)}**")
            out.append(">")
            for line in block.lines:
                out.append(f"> - {md_escape(line)}")
            if block.fill_in:
                out.append(f"> - {md_escape(block.fill_in)} {BLANK_LINE}")
        elif isinstance(block, Chart):
            continue  # the values are in the table beside it; charts are drawn in the terminal and in HTML
        elif isinstance(block, Columns):
            for mark, item in block.rows():
                out.append(f"- {md_escape(f'{mark} {item}'.strip())}")
        elif isinstance(block, Break):
            out.append("---")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


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
