"""One typed line read into the parts of a compound answer: "2019 to 2020 worked, numbness" -> when, how it
went, bad effects. Each part says which words it claims (``claim``); the line is read segment by segment
(commas and semicolons between), and each segment's words are offered to the parts in their order. A part that
``repeats`` (bad effects) takes every segment left to it. Pure: no printing, no prompting."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

# (words, the item) -> (the words claimed as text, the words left); ("", words) when it claims nothing
Claim = Callable[[list[str], Any], tuple[str, list[str]]]


def split(text: str, item: Any, claims: Sequence[tuple[str, Claim, bool]]) -> dict[str, str]:
    """Part key -> the words for it. ``claims``: (key, claim, repeats), in the order they are offered."""
    out: dict[str, str] = {}
    for segment in [s.strip() for s in re.split(r"\s*[,;]\s*", text) if s.strip()]:
        words = segment.split()
        for key, claim, repeats in claims:
            if not words:
                break
            if key in out and not repeats:
                continue
            taken, words = claim(words, item)
            if taken:
                out[key] = f"{out[key]}, {taken}" if key in out else taken
    return out
