"""Every print and every prompt goes through here: one seam to script in tests.

Output: a ``Doc`` is shown with Rich when standard output is a terminal, and as plain text (no escape codes)
when it is piped or ``--format text`` is asked for. All text reaches Rich as ``rich.text.Text``, never as markup,
so "[bold]" or "[/]" typed by a person or written in content is shown as it is.

Prompts: ``ask()`` reads one line. Tests swap in a ``ScriptedPrompter``; pressing Enter takes the default;
Ctrl-C or end of input raises ``Interrupted`` so the caller can save what it has.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterable, Sequence

from rrmm_prep.doc import Doc, render_markdown, render_text

FORMATS = ("auto", "text", "markdown", "json")


class Interrupted(Exception):
    """Ctrl-C or end of input at a prompt."""

    def __init__(self, how: str) -> None:
        super().__init__(how)
        self.how = how  # "ctrl-c" or "eof"


# ------------------------------------------------------------------------------------------------ output


def is_terminal(stream=None) -> bool:
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def width() -> int:
    return min(100, shutil.get_terminal_size((80, 24)).columns)


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False, markup=False, soft_wrap=False)


def show(doc: Doc, fmt: str = "auto") -> None:
    """Show a Doc in the chosen format (auto: Rich on a terminal, plain text otherwise)."""
    if fmt == "markdown":
        write(render_markdown(doc))
    elif fmt == "text" or (fmt == "auto" and not is_terminal()):
        write(render_text(doc, width(), ascii_only=not _unicode_ok()))
    else:
        console = _console()
        for block in _rich_blocks(doc):
            console.print(block)


def show_json(data: object) -> None:
    write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def say(text: str = "", style: str = "") -> None:
    """One line of plain output (styled only on a terminal)."""
    if style and is_terminal() and not os.environ.get("NO_COLOR"):
        from rich.text import Text

        _console().print(Text(text, style=style))
    else:
        write(text + "\n")


def error(message: str) -> None:
    sys.stderr.write(f"Error: {message}\n" if not message.startswith(("Error", "The ")) else message + "\n")
    sys.stderr.flush()


def note(message: str) -> None:
    """A side note for the person (to stderr, so it never mixes into piped output)."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def urgent(title: str, lines: Sequence[str]) -> None:
    """An urgent message: shown at once, boxed on a terminal, never hidden behind other output."""
    from rrmm_prep.doc import Callout

    show(Doc([Callout(title, list(lines))]))


def _rich_blocks(doc: Doc) -> list:
    from rich import box
    from rich.panel import Panel
    from rich.table import Table as RichTable
    from rich.text import Text

    from rrmm_prep import doc as d

    def grid(rows: Iterable[tuple[str, str]], style: str = "") -> RichTable:
        table = RichTable.grid(padding=(0, 1))
        table.add_column(no_wrap=True, style=style)
        table.add_column(overflow="fold")
        for mark, text in rows:
            table.add_row(Text(mark), Text(text))
        return table

    unicode = _unicode_ok()
    lines_box, heavy_box = (box.SIMPLE_HEAD, box.HEAVY) if unicode else (box.ASCII, box.ASCII)
    out: list = []
    for block in doc.blocks:
        if isinstance(block, d.Heading):
            style = "bold underline" if block.level == 1 else "bold"
            out.append(Text("\n" + block.text, style=style))
        elif isinstance(block, d.Para):
            out.append(Text(block.text, style={"muted": "dim", "strong": "bold"}.get(block.style, "")))
        elif isinstance(block, d.Bullets):
            marks = [
                f"{i}." if block.numbered else "•" for i in range(block.start, block.start + len(block.items))
            ]
            out.append(grid(zip(marks, block.items, strict=True)))
        elif isinstance(block, d.Tasks):
            rows = []
            for i, item in enumerate(block.items):
                done, number, notes, answer = block.parts(i)
                rows.append((("[x] " if done else "[ ] ") + number, item))
                rows += [("", n) for n in notes]
                if answer is not None:
                    rows.append(("", f"Answer: {answer or d.BLANK_LINE}"))
            out.append(grid(rows))
        elif isinstance(block, d.Table) and width() < 60:  # too narrow for columns: one row, one block
            for row in block.rows:
                out.append(
                    grid(((f"{h}:", v) for h, v in zip(block.headers, row, strict=False) if v), style="bold")
                )
        elif isinstance(block, d.Table):
            table = RichTable(box=lines_box, show_lines=False, expand=False)
            for header in block.headers:
                table.add_column(Text(header), overflow="fold")
            for row in block.rows:
                table.add_row(*(Text(c) for c in row))
            out.append(table)
        elif isinstance(block, d.Fields):
            out.append(grid(((f"{label}:", value) for label, value in block.pairs), style="bold"))
        elif isinstance(block, d.Chart):
            out.append(Text("\n".join(d.text_chart(block, width(), ascii_only=not _unicode_ok()))))
        elif isinstance(block, d.Callout):
            lines = [*block.lines, *([f"{block.fill_in} {d.BLANK_LINE}"] if block.fill_in else [])]
            body = RichTable.grid()
            body.add_row(Text(block.title, style="bold"))  # inside the box, so a narrow screen wraps it
            body.add_row(grid(("!", line) for line in lines))
            out.append(Panel(body, border_style="red", box=heavy_box))
    return out


def _unicode_ok() -> bool:
    if os.environ.get("RRMM_PREP_ASCII"):
        return False
    encoding = (getattr(sys.stdout, "encoding", "") or "").lower()
    return "utf" in encoding


# ------------------------------------------------------------------------------------------------ prompts


class TerminalPrompter:
    """Reads answers from the terminal, one line each. Enter gives the default."""

    def ask(self, label: str, default: str = "") -> str:
        shown = f"{label} [{default}]: " if default else f"{label}: "
        try:
            sys.stdout.write(shown)
            sys.stdout.flush()
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            sys.stdout.write("\n")
            raise Interrupted("ctrl-c") from None
        if line == "":
            sys.stdout.write("\n")
            raise Interrupted("eof")
        answer = line.rstrip("\r\n").strip()
        return answer if answer else default


class ScriptedPrompter:
    """For tests: answers prompts from a list, in order, and fails loudly on a prompt it did not expect.

    Each answer is a string, or ``(expected_text, answer)`` to check the prompt too. ``"^C"`` and ``"^D"``
    act like Ctrl-C and end of input.
    """

    def __init__(self, answers: Iterable[str | tuple[str, str]]) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def ask(self, label: str, default: str = "") -> str:
        self.asked.append(label)
        if not self.answers:
            raise AssertionError(
                f"unexpected prompt: {label!r} (default {default!r}); prompts so far: {self.asked}"
            )
        answer = self.answers.pop(0)
        if isinstance(answer, tuple):
            expected, answer = answer
            if expected.lower() not in label.lower():
                raise AssertionError(f"expected a prompt about {expected!r}, got {label!r}")
        if answer == "^C":
            raise Interrupted("ctrl-c")
        if answer == "^D":
            raise Interrupted("eof")
        return answer.strip() or default


_prompter: TerminalPrompter | ScriptedPrompter = TerminalPrompter()


def set_prompter(prompter) -> None:
    global _prompter
    _prompter = prompter


def ask(label: str, default: str = "") -> str:
    return _prompter.ask(label, default)


def can_prompt() -> bool:
    return not isinstance(_prompter, TerminalPrompter) or is_terminal(sys.stdin)
