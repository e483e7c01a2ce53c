"""Every exception rrmm-prep raises, in one tree. The CLI turns each ``RrmmPrepError`` into a plain message and an exit
code; no traceback reaches a user.

- ``RrmmPrepError``: what the person is told (``str(err)``), with ``exit_code``: usage, not found, no terminal,
  stopped (a walk stopped, its draft kept), store (a file could not be read or written), data file (content or
  answers file problems).
- ``Unreadable``: an answer that cannot be read (a date too); the walk says why and asks again, an answers file
  reports it with its line.
- ``Interrupted``: Ctrl-C, end of input or a closed terminal, raised where a walk can keep what it has.
- ``NewerRecord`` and ``NewerDraft``: files a newer rrmm-prep wrote, left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from rrmm_prep.messages import NEWER


class RrmmPrepError(Exception):
    """Base of every error the tool expects. ``str(err)`` is the message shown to the user."""

    exit_code = 1


class UsageError(RrmmPrepError):
    """The user asked for something that cannot be done as asked (bad option, unknown name)."""

    exit_code = 2


class NotFoundError(RrmmPrepError):
    """A name, visit or file the user named does not exist."""

    exit_code = 1


class NoTerminalError(RrmmPrepError):
    """An interactive command was run without a terminal and without a non-interactive option."""

    exit_code = 2


class Stopped(RrmmPrepError):
    """A walk stopped by Ctrl-C, end of input or a closed terminal, with what was typed kept as a draft."""

    exit_code = 130


class Interrupted(Exception):
    """Ctrl-C, end of input, or a closed terminal, at a prompt or anywhere in a walk."""

    def __init__(self, how: str) -> None:
        super().__init__(how)
        self.how = how  # "ctrl-c", "eof", "hangup" or "terminate"


class Unreadable(ValueError):
    """An answer that cannot be read. ``str(err)`` says what to type instead."""


class DateError(Unreadable):
    """A date that cannot be read; the message says how to write one."""


class Ambiguous(Unreadable):
    """A number that can be read two ways ("1,200": 1.2 or 1200). ``readings`` are both, as text."""

    def __init__(self, message: str, readings: tuple[str, str]) -> None:
        super().__init__(message)
        self.readings = readings


class StoreError(RrmmPrepError):
    """Reading or writing the user's files failed. The message says what to do; nothing saved is lost."""

    exit_code = 1


class DiskFull(StoreError):
    """A write failed for want of room (or quota): freeing space and trying again can work."""


class Busy(StoreError):
    """Another run holds the record's lock: nothing was changed, and the same save can be tried again."""


class Newer(StoreError):
    """The record was saved by a newer rrmm-prep: this version never writes over it, so trying again cannot help."""


class Changed(RrmmPrepError):
    """The record changed on disk since it was read (someone else saved it). ``current`` is what is there now."""

    def __init__(self, current: dict) -> None:
        super().__init__("The visit was changed meanwhile.")
        self.current = current


class NewerRecord(ValueError):
    """A record of a schema this version does not know: kept as it is, never rewritten."""

    def __init__(self, schema: int) -> None:
        super().__init__(f"{NEWER} (record version {schema}); update rrmm-prep to read it")
        self.schema = schema


class NewerDraft(ValueError):
    """A draft a newer rrmm-prep wrote: this version leaves it where it is, for that version to pick up."""


@dataclass(frozen=True, repr=False)
class Problem:
    """One problem in a YAML file: where it is and what is wrong."""

    file: str
    line: int | None
    message: str
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.entry:
            parts.append(f"entry '{self.entry}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class DataFileError(RrmmPrepError):
    """A content or answers file has problems. Every problem found is listed, not just the first."""

    exit_code = 2

    def __init__(self, problems: list[Problem], what: str = "file") -> None:
        self.problems = list(problems)
        self.what = what
        count = len(self.problems)
        head = f"The {what} has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


class ContentError(DataFileError):
    """The drug or question content does not follow the schema."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, what="content")


class AnswersError(DataFileError):
    """An answers file (for --answers) does not follow the schema. Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, what="answers file")
