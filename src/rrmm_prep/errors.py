"""One exception tree. The CLI turns each into a plain message and an exit code; no traceback reaches a user."""

from __future__ import annotations

from dataclasses import dataclass


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


class StoreError(RrmmPrepError):
    """Reading or writing the user's files failed. The message says what to do; nothing saved is lost."""

    exit_code = 1


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
