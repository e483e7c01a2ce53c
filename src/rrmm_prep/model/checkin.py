"""The CheckIn record: one weekly check-in, plain data, to and from dicts, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from rrmm_prep.model.serial import build, plain
from rrmm_prep.model.visit import SymptomReport

SCHEMA = 1


@dataclass
class CheckIn:
    id: str = ""
    date: str = ""  # ISO date of the week it tells about (the day it was done, or a backfilled day)
    created: str = ""
    ratings: dict[str, int] = field(default_factory=dict)  # item id -> 0 (not at all) to 4 (very much)
    notes: dict[str, str] = field(default_factory=dict)  # item id -> the words after a rating ("lower back")
    fall: str = ""  # "" no fall; else the person's words
    temperature: str = ""  # as read: "38.3 C"
    new: str = ""  # anything new, in the person's words
    symptoms: list[SymptomReport] = field(default_factory=list)  # what the symptom reader made of it all
    call_now: list[dict] = field(default_factory=list)  # the call flags shown when it was made
    extra: dict = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict:
        data = plain(self)
        data["schema"] = SCHEMA
        data["kind"] = "check-in"
        return data

    @classmethod
    def from_dict(cls, data: dict) -> CheckIn:
        if not isinstance(data, dict) or data.get("kind") != "check-in":
            raise ValueError("not a check-in record")
        data = {k: v for k, v in data.items() if k not in ("schema", "kind")}
        ratings, notes = data.pop("ratings", {}), data.pop("notes", {})
        if not isinstance(ratings, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 4 for v in ratings.values()
        ):
            raise ValueError("'ratings' should be numbers from 0 to 4")
        if not isinstance(notes, dict) or not all(isinstance(v, str) for v in notes.values()):
            raise ValueError("'notes' should be text")
        made = build(cls, data)
        made.ratings, made.notes = dict(ratings), dict(notes)
        return made
