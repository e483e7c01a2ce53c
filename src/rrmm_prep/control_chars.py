"""Control characters: cleaned out of what people type, and never written live to a terminal or a text file.

A terminal acts on control characters: ESC starts sequences that move the cursor, clear the screen, set the
clipboard (OSC 52) or make links (OSC 8); BEL rings; C1 controls (U+0080 to U+009F) do the same on some
terminals. Typed text is cleaned when it is kept (``clean``: arrow-key sequences like ``ESC [ D`` go whole);
text from files is shown with its controls made visible (``visible``: ``^[``, ``^G``, ``<U+009B>``), as git and
less do. Newline and tab are ordinary text. Pure, tiny, imported at startup.
"""

from __future__ import annotations

import re

# A whole escape sequence (CSI, OSC, or a two-character ESC sequence), or a single control character.
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|\x9b[0-?]*[ -/]*[@-~]"
)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # every control but tab and newline


def clean(text: str, one_line: bool = True) -> str:
    """Typed text as it should be kept: escape sequences and control characters removed, tabs and (for one
    line) newlines made spaces, spaces at the ends trimmed."""
    text = _SEQUENCE.sub("", text)
    text = text.replace("\t", " ")
    if one_line:
        text = text.replace("\r", " ").replace("\n", " ")
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL.sub("", text)
    return text.strip()


def visible(text: str) -> str:
    """Text safe to write to a terminal or a .txt/.md file: every control character but newline and tab is
    shown as a visible escape (``^[`` for ESC, ``^G`` for BEL, ``<U+009B>`` for a C1 control)."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(_show, text)


def _show(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if code == 0x7F:
        return "^?"
    if code < 0x20:
        return "^" + chr(code + 0x40)
    return f"<U+{code:04X}>"
