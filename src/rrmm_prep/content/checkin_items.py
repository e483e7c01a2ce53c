"""The weekly check-in's items, defined once in data/checkin.yaml: read here (through content/loader.py) and
checked, so a broken file is a clear message, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rrmm_prep.content import loader
from rrmm_prep.errors import ContentError

FILE = "checkin.yaml"
KINDS = ("rating", "event", "temperature", "words")


@dataclass(frozen=True)
class Item:
    id: str
    label: str  # the prompt
    short: str  # how the read-back, the chart and the summary name it
    kind: str = "rating"
    symptom: str = ""  # the content symptom a rating is reported as ("" : the person's words)
    note: str = ""  # what the words after a rating say ("where"), read by the symptom reader too


@dataclass(frozen=True)
class Items:
    reviewed: str
    sources: tuple[str, ...]
    scale: tuple[str, ...]
    items: tuple[Item, ...]

    @property
    def rated(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.kind == "rating")

    def by_id(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


@cache
def load() -> Items:
    from rrmm_prep.content.load import shipped_dir

    path = shipped_dir() / FILE
    try:
        doc = loader.load(path, FILE)
    except loader.YamlReadError as err:
        raise ContentError(err.problems) from None
    check = loader.Checker(FILE)
    top = check.mapping(doc, entry=None, required=("reviewed", "sources", "scale", "items"))
    items: list[Item] = []
    scale: list[str] = []
    sources: list[str] = []
    if top is not None:
        scale = check.texts(top, "scale", None)
        sources = check.texts(top, "sources", None)
        if len(scale) != 5:
            check.problem(top.key_lines.get("scale"), "should have five words, from none to the most", None)
        for i, raw in enumerate(check.items(top, "items", None) or []):
            m = check.mapping(
                raw,
                entry=f"item {i + 1}",
                required=("id", "label", "short"),
                optional=("kind", "symptom", "note"),
            )
            if m is None:
                continue
            kind = str(m.get("kind") or "rating")
            if kind not in KINDS:
                check.problem(
                    m.key_lines.get("kind"), f"kind should be one of {', '.join(KINDS)}", m.get("id")
                )
            items.append(
                Item(
                    str(m.get("id")),
                    str(m.get("label")),
                    str(m.get("short")),
                    kind,
                    str(m.get("symptom") or ""),
                    str(m.get("note") or ""),
                )
            )
    if check.problems:
        raise ContentError(check.problems)
    return Items(str(top.get("reviewed")), tuple(sources), tuple(scale), tuple(items))
