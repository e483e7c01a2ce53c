"""A Doc as GitHub-flavoured Markdown (the visit summary, ``--format markdown``); all text escaped."""

from __future__ import annotations

import re

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
    one_line,
)

_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")


_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)](?=\s|$))")


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
