"""Compound answers: a list of items (treatments, symptoms, lab results, treatment changes), each with a head
(its name) and parts (when, how it went, bad effects; how bad, since when; value, unit, date...), defined once.

A ``Part`` is all there is to know about one part: its key in an answers file (and other keys files may use),
how it is said back (``show``), how words are read into it (``read``), which words of a typed line are its
(``claim``), and whether the walk asks it when it is missing (``asked``). A ``Compound`` kind holds its parts;
the same functions serve the walk and answers files: ``split`` reads one line into the words of each part,
``apply`` reads each part's words into the item (one function for both drivers), ``missing`` says what the walk
still asks, ``line`` says an item back part by part, and the review lists the items numbered. Adding a part to
a compound answer is one Part in its definition (form/fields.py), plus the summary that shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rrmm_prep import ui
from rrmm_prep.content import loader
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.form.kinds import CLEAR, Ctx, Field, Given, Kind, note_read_as
from rrmm_prep.read import choices, parts

if TYPE_CHECKING:
    from rrmm_prep.form.walk import Walk


@dataclass(frozen=True)
class Part:
    key: str  # its key in an answers file
    label: str  # how read-backs and the review name it: "when", "how it went"
    show: Callable[[Any], str]  # the part of an item in words; "" when it is not set
    read: Callable[[Ctx, Any, str], None]  # words -> into the item; raises Unreadable
    claim: Callable[[Ctx, Any, list[str]], tuple[str, list[str]]] | None = None  # its words in a typed line
    asked: Callable[[Ctx, Any], bool] | None = None  # the walk asks it while this holds
    file_keys: tuple[str, ...] = ()  # more keys an answers file may use for it
    example: str = ""  # for the walk's prompt and the answers template
    repeats: bool = False  # takes every segment of a line left to it (bad effects, a note)


@dataclass(frozen=True)
class Compound(Kind):
    """A list of items of one kind, each a head and its parts. Subclasses say how a head is read and how the
    walk asks for items; everything about parts is here."""

    noun: str = "item"
    parts: tuple[Part, ...] = ()
    head_keys: tuple[str, ...] = ("name",)  # the keys that name an item in an answers file
    also_keys: tuple[str, ...] = ()  # more keys an item may have in a file, read by the kind itself
    shape: str = "list"

    # ---------------------------------------------------------------- parts (both drivers)

    def split(self, ctx: Ctx, item: Any, text: str) -> dict[str, str]:
        """One typed line (or the part of it after the head) -> part key -> its words."""
        claims = [
            (p.key, (lambda words, it, p=p: p.claim(ctx, it, words)), p.repeats)
            for p in self.parts
            if p.claim is not None
        ]
        return parts.split(clean(text), item, claims)

    def apply(self, ctx: Ctx, item: Any, texts: dict[str, str]) -> list[tuple[Part, str]]:
        """Read each part's words into the item, in the parts' order; (part, problem) for what does not read.
        The one function both the walk and answers files use."""
        problems = []
        for p in self.parts:
            if p.key in texts:
                try:
                    p.read(ctx, item, texts[p.key])
                except Unreadable as err:
                    problems.append((p, str(err)))
        return problems

    def missing(self, ctx: Ctx, item: Any) -> list[Part]:
        return [p for p in self.parts if p.asked is not None and p.asked(ctx, item)]

    def head(self, item: Any) -> str:
        return getattr(item, "name", "")

    def line(self, ctx: Ctx, item: Any) -> str:
        """An item said back part by part: "VRd: February 2019 to January 2020; worked; bad effects: numbness"."""
        shown = [f"{p.label}: {p.show(item)}" if p.label else p.show(item) for p in self.parts if p.show(item)]
        return self.head(item) + (": " + "; ".join(shown) if shown else "")

    def parts_default(self, item: Any, asked: list[Part]) -> str:
        """What Enter keeps at the prompt for these parts: their words as stored."""
        return ", ".join(p.show(item) for p in asked if p.show(item))

    # ---------------------------------------------------------------- the walk

    def ask_parts(self, w: Walk, item: Any, asked: list[Part] | None = None, label: str = "") -> None:
        """One prompt for the parts the walk asks (``asked``, default: the missing ones), read as a line."""
        ctx = w.ctx
        asked = self.missing(ctx, item) if asked is None else asked
        if not asked:
            return
        label = label or self.parts_prompt(ctx, item, asked)
        default = self.parts_default(item, asked)
        while True:
            answer = w.ask(label, default)
            if answer == default and default:
                return
            if answer.strip() == CLEAR or not answer.strip():
                return
            problems = self.apply(ctx, item, self.split(ctx, item, answer))
            if problems:
                ui.say(problems[0][1])
                continue
            ui.readback(f"Read as: {self.line(ctx, item)}")
            return

    def parts_prompt(self, ctx: Ctx, item: Any, asked: list[Part]) -> str:
        names = [p.label for p in asked]
        said = ", ".join(names[:-1]) + (" and " + names[-1] if len(names) > 1 else names[0])
        examples = ", ".join(p.example for p in asked if p.example)
        return f"{self.head(item)}: {said}?" + (f" (like {examples})" if examples else "")

    # ---------------------------------------------------------------- the review

    def entries(self, ctx: Ctx, f: Field) -> list[str] | None:
        return [self.line(ctx, item) for item in f.get(ctx)]

    def remove(self, ctx: Ctx, f: Field, n: int) -> str:
        """Take item ``n`` (1-based) off; returns what was taken off, for the read-back."""
        items = list(f.get(ctx))
        gone = items.pop(n - 1)
        f.put(ctx, items)
        return self.line(ctx, gone)

    def count(self, ctx: Ctx, f: Field) -> int:
        return len(f.get(ctx))

    def edit(self, w: Walk, f: Field, n: int) -> None:
        """Go back to item ``n`` to fix it: its parts, asked as one line, with what is stored as the default."""
        item = f.get(w.ctx)[n - 1]
        self.ask_parts(w, item, [p for p in self.parts if p.claim is not None])

    # ---------------------------------------------------------------- answers files

    def file_texts(self, g: Given, m: loader.YMap, ctx: Ctx | None = None, item: Any = None) -> dict[str, str]:
        """The words of each part in a file's item mapping (a list is joined as a line would be). A part's
        words are read as the walk reads its answer: "severity: very bad, at night" is how bad and a note."""
        texts: dict[str, str] = {}
        for p in self.parts:
            for key in (p.key, *p.file_keys):
                if m.get(key) is None:
                    continue
                value = m.get(key)
                words = value if isinstance(value, str) else ", ".join(g.check.texts(m, key, g.item_entry))
                reads = ctx is not None and p.claim is not None and not p.repeats
                said = self.split(ctx, item, words) if reads else {}
                if p.key in said:
                    texts.update({k: v for k, v in said.items() if k not in texts or k == p.key})
                else:
                    texts[p.key] = words
                break
        return texts

    def file_keys(self) -> tuple[str, ...]:
        return (*self.head_keys, *(k for p in self.parts for k in (p.key, *p.file_keys)), *self.also_keys)

    def file_item(self, g: Given, raw) -> loader.YMap | None:
        """An item of the file's list as a mapping: a line of text is its head key holding the line."""
        if isinstance(raw, str):
            m = loader.YMap({self.head_keys[0]: raw})
            m.line, m.key_lines = getattr(raw, "line", None), {self.head_keys[0]: getattr(raw, "line", None)}
            raw = m
        return g.check.mapping(raw, entry=g.item_entry, optional=self.file_keys(), line=loader.line_of(raw))

    def report(self, g: Given, m: loader.YMap, problems: list[tuple[Part, str]]) -> None:
        for p, message in problems:
            g.problem(message, m.key_lines.get(p.key, m.line), g.item_entry, p.key)

    def note(self, ctx: Ctx, g: Given, text: str, item: Any) -> None:
        note_read_as(ctx, g.field, text, self.line(ctx, item))

    def template(self, ctx: Ctx, f: Field, name: str) -> list[str]:
        lines = [f"{name}:"]
        first = True
        for key, example in self.template_keys(ctx):
            lines.append(f"#  {'- ' if first else '  '}{key}: {example}")
            first = False
        return lines

    def template_keys(self, ctx: Ctx) -> list[tuple[str, str]]:
        return [(self.head_keys[0], "")] + [(p.key, p.example) for p in self.parts]


def read_list_edit(text: str, count: int):
    """A change to a numbered list in a step: N to change an item, -N to take it off, words to add."""
    return choices.read_list_edit(text, count, numbers_add=True)
