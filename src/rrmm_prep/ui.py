"""Every print and every prompt goes through here: one seam to script in tests.

Output: a ``Doc`` is shown with Rich when standard output is a terminal, and as plain text (no escape codes)
when it is piped or ``--format text`` is asked for. All text reaches Rich as ``rich.text.Text``, never as markup,
so "[bold]" or "[/]" typed by a person or written in content is shown as it is; and no control character in it
is ever written live (controls.visible). Long pages on a terminal go through a small pager that says how to
go on and how to stop.

Prompts: ``ask()`` reads one line, with line editing (arrow keys, Home/End, and the walk's earlier answers as
history) where readline exists; elsewhere plain input. What is typed is cleaned of control characters before
anyone keeps it. Pressing Enter takes the default. Ctrl-C or end of input raises ``Interrupted`` so the caller
can save what it has. Tests swap in a ``ScriptedPrompter``.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import sys
from collections.abc import Iterable

from rrmm_prep.control_chars import clean, visible
from rrmm_prep.errors import Interrupted
from rrmm_prep.render.doc import Doc
from rrmm_prep.render.markdown import render_markdown
from rrmm_prep.render.text import column_lines, render_text


def is_terminal(stream=None) -> bool:
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def width() -> int:
    return min(100, shutil.get_terminal_size((80, 24)).columns)


def height() -> int:
    return max(10, shutil.get_terminal_size((80, 24)).lines)


def _console(stderr: bool = False, file=None, force: bool = False):
    from rich.console import Console

    kwargs = {"file": file, "force_terminal": True, "width": width()} if force else {}
    return Console(stderr=stderr, highlight=False, emoji=False, markup=False, soft_wrap=False, **kwargs)


def show(doc: Doc, fmt: str = "auto", page: bool = False) -> None:
    """Show a Doc in the chosen format (auto: Rich on a terminal, plain text otherwise). With ``page``, a long
    page on a terminal is shown a screen at a time."""
    if fmt == "markdown":
        write(render_markdown(doc))
    elif fmt == "text" or (fmt == "auto" and not is_terminal()):
        write(render_text(doc, width(), ascii_only=not _unicode_ok()))
    elif page and is_terminal(sys.stdin):
        pager(_rich_lines(doc))
    else:
        console = _console()
        for block in _rich_blocks(doc):
            console.print(block)


def _rich_lines(doc: Doc) -> list[str]:
    import io

    buffer = io.StringIO()
    console = _console(file=buffer, force=True)
    if not _colour_ok():
        console.no_color = True
    for block in _rich_blocks(doc):
        console.print(block)
    return buffer.getvalue().splitlines()


def _colour_ok() -> bool:
    return not os.environ.get("NO_COLOR")


PAGER_PROMPT = "-- Space or Enter for more, q to stop --"


def pager(lines: list[str]) -> None:
    """Show lines a screen at a time. Space or Enter shows more; q stops. Says so on screen, so nobody who has
    never met a pager gets stuck in one."""
    room = height() - 1
    if len(lines) <= room:
        _emit("\n".join(lines) + "\n")
        return
    start = 0
    while start < len(lines):
        chunk = lines[start : start + room]
        _emit("\n".join(chunk) + "\n")
        start += room
        if start >= len(lines):
            return
        left = len(lines) - start
        key = _read_key(f"{PAGER_PROMPT} ({left} more lines)")
        if key in ("q", "Q", "\x1b", "\x03", "\x04", ""):
            write("\n")
            return


def _read_key(prompt: str) -> str:
    """One key press, without Enter where the terminal allows it; the prompt is erased after."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    key = ""
    try:
        try:
            import termios
            import tty

            fd = sys.stdin.fileno()
            old = termios.tcgetattr(fd)
            try:
                tty.setcbreak(fd)
                key = os.read(fd, 1).decode("utf-8", "replace")
            finally:
                termios.tcsetattr(fd, termios.TCSADRAIN, old)
        except ImportError:  # Windows
            try:
                import msvcrt

                key = msvcrt.getwch()
            except ImportError:  # pragma: no cover - no way to read one key: a line will do
                key = (sys.stdin.readline() or "q")[:1] or "\n"
    except (OSError, ValueError):
        key = "q"
    except KeyboardInterrupt:
        key = "q"
    sys.stdout.write("\r" + " " * len(prompt) + "\r")
    sys.stdout.flush()
    return key


def show_json(data: object) -> None:
    """Strict JSON, with every control character escaped. A number JSON cannot hold (NaN, infinity), which
    should never get this far, is written as null rather than as ``NaN`` or ``Infinity`` (not JSON)."""
    try:
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(data), indent=2, ensure_ascii=False, allow_nan=False)
    text = re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)
    write(text + "\n")


def _finite(value):
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def write(text: str) -> None:
    """Text to standard output as it is, except control characters, which are shown, never sent."""
    _emit(visible(text))


def _emit(text: str) -> None:
    """Text to standard output exactly (Rich's own styling included: only ui's renderers call this)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except UnicodeEncodeError:  # a narrow output encoding that was not set to replace
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        sys.stdout.write(text.encode(encoding, "replace").decode(encoding, "replace"))
        sys.stdout.flush()


def say(text: str = "", style: str = "") -> None:
    """One line of plain output (styled only on a terminal). Control characters are shown, not sent."""
    text = visible(text)
    if style and is_terminal() and _colour_ok():
        from rich.text import Text

        _console().print(Text(text, style=style))
    else:
        write(text + "\n")


def readback(text: str) -> None:
    """Say what an answer was read as, so the person can check it."""
    say(f"  -> {text}", "bold")


def error(message: str) -> None:
    message = visible(message)
    note(f"Error: {message}" if not message.startswith(("Error", "The ")) else message)


def note(message: str) -> None:
    """A side note for the person (to stderr, so it never mixes into piped output). Never fails: a note about
    a draft kept must not be lost to a closed terminal."""
    text = visible(message) + "\n"
    try:
        try:
            sys.stderr.write(text)
        except UnicodeEncodeError:  # a narrow encoding that was not set to replace: replacement characters
            encoding = getattr(sys.stderr, "encoding", None) or "ascii"
            sys.stderr.write(text.encode(encoding, "replace").decode(encoding, "replace"))
        sys.stderr.flush()
    except (OSError, ValueError, UnicodeError):
        pass


def _rich_blocks(doc: Doc) -> list:
    from rich import box
    from rich.panel import Panel
    from rich.table import Table as RichTable
    from rich.text import Text

    from rrmm_prep.render import doc as d
    from rrmm_prep.render.text import text_chart

    def T(text: str, style: str = "") -> Text:
        return Text(visible(text), style=style)

    def grid(rows: Iterable[tuple[str, str]], style: str = "") -> RichTable:
        table = RichTable.grid(padding=(0, 1))
        table.add_column(no_wrap=True, style=style)
        table.add_column(overflow="fold")
        for mark, text in rows:
            table.add_row(T(mark), T(text))
        return table

    unicode = _unicode_ok()
    lines_box, heavy_box = (box.SIMPLE_HEAD, box.HEAVY) if unicode else (box.ASCII, box.ASCII)
    out: list = []
    for block in doc.blocks:
        if isinstance(block, d.Heading):
            style = "bold underline" if block.level == 1 else "bold"
            out.append(T("\n" + block.text, style=style))
        elif isinstance(block, d.Para):
            out.append(T(block.text, style={"muted": "dim", "strong": "bold"}.get(block.style, "")))
        elif isinstance(block, d.Bullets):
            marks = [
                f"{i}." if block.numbered else "•" for i in range(block.start, block.start + len(block.items))
            ]
            out.append(grid(zip(marks, block.items, strict=True)))
        elif isinstance(block, d.Columns):
            out.append(T("\n".join(column_lines(block, width()))))
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
                table.add_column(T(header), overflow="fold")
            for row in block.rows:
                table.add_row(*(T(c) for c in row))
            out.append(table)
        elif isinstance(block, d.Fields):
            out.append(grid(((f"{label}:", value) for label, value in block.pairs), style="bold"))
        elif isinstance(block, d.Chart):
            out.append(T("\n".join(text_chart(block, width(), ascii_only=not _unicode_ok()))))
        elif isinstance(block, d.Callout):
            lines = [*block.lines, *([f"{block.fill_in} {d.BLANK_LINE}"] if block.fill_in else [])]
            body = RichTable.grid()
            body.add_row(T(block.title, style="bold"))  # inside the box, so a narrow screen wraps it
            body.add_row(grid(("!", line) for line in lines))
            out.append(Panel(body, border_style="red" if _colour_ok() else "", box=heavy_box))
    return out


def _unicode_ok() -> bool:
    if os.environ.get("RRMM_PREP_ASCII"):
        return False
    encoding = (getattr(sys.stdout, "encoding", "") or "").lower()
    return "utf" in encoding


def safe_streams() -> None:
    """Never crash on bytes: input that is not valid in its encoding is kept with a replacement character, and
    output a narrow encoding cannot show is written with replacement characters."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]


class TerminalPrompter:
    """Reads answers from the terminal, one line each, with line editing where readline exists (not on
    Windows, where plain input is used). Enter gives the default."""

    def __init__(self) -> None:
        self._readline = None
        self._tried = False

    def _line_editing(self):
        if not self._tried:
            self._tried = True
            if is_terminal(sys.stdin) and is_terminal(sys.stdout):
                try:
                    import readline
                except ImportError:  # Windows, or Python built without it
                    readline = None
                self._readline = readline
        return self._readline

    def new_history(self) -> None:
        """Start the up-arrow history afresh: a walk's own earlier answers, nothing older."""
        rl = self._line_editing()
        if rl is not None:
            with contextlib.suppress(AttributeError):  # a readline without it
                rl.clear_history()

    def ask(self, label: str, default: str = "") -> str:
        shown = visible(f"{label} [{default}]: " if default else f"{label}: ")
        rl = self._line_editing()
        try:
            if rl is not None:
                line = input(shown)
            else:
                sys.stdout.write(shown)
                sys.stdout.flush()
                line = sys.stdin.readline()
                if line == "":
                    raise EOFError
        except KeyboardInterrupt:
            _newline()
            raise Interrupted("ctrl-c") from None
        except EOFError:
            _newline()
            raise Interrupted("eof") from None
        answer = clean(line)
        return answer if answer else default


def _newline() -> None:
    try:
        sys.stdout.write("\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        pass


class ScriptedPrompter:
    """For tests: answers prompts from a list, in order, and fails loudly on a prompt it did not expect.

    Each answer is a string, or ``(expected_text, answer)`` to check the prompt too. ``"^C"`` and ``"^D"``
    act like Ctrl-C and end of input. Answers are cleaned like typed ones.
    """

    def __init__(self, answers: Iterable[str | tuple[str, str]]) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def new_history(self) -> None:
        pass

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
        return clean(answer) or default


_prompter: TerminalPrompter | ScriptedPrompter = TerminalPrompter()


def set_prompter(prompter) -> None:
    global _prompter
    _prompter = prompter


def ask(label: str, default: str = "") -> str:
    return _prompter.ask(label, default)


def ask_yes(label: str, default: bool = True, asker=None) -> bool:
    """A yes-or-no question, asked until the answer reads (y, yes, yep, sure / n, no, nope ...)."""
    from rrmm_prep.errors import Unreadable
    from rrmm_prep.read.choices import read_yes_no

    while True:
        answer = (asker or ask)(f"{label} (y/n)", "y" if default else "n")
        try:
            return read_yes_no(answer)
        except Unreadable as err:
            say(str(err))


def new_history() -> None:
    _prompter.new_history()


def can_prompt() -> bool:
    return not isinstance(_prompter, TerminalPrompter) or is_terminal(sys.stdin)
