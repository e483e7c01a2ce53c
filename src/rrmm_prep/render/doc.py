"""A tiny document model: headings, paragraphs, lists, tasks, tables, call-outs, charts.

Pages build a ``Doc``; ``ui`` shows it in the terminal with Rich, render/text.py and render/markdown.py turn the
same ``Doc`` into plain text or GitHub-flavoured Markdown, and render/html.py into a page to print. All text in a Doc is literal: the Markdown renderer escapes it,
the text renderer prints it as is, and ui wraps it in ``rich.text.Text``. Nothing here imports Rich.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


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


_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def one_line(text: str) -> str:
    """Markdown ends a line at \\n, \\r or \\r\\n: fold them all into spaces, so text can never start a block."""
    return " ".join(_LINE_BREAKS.split(text)).strip()
