"""Find content by what a person types: a generic name, a brand, a class, a target, a regimen, a glossary word.

Matching ignores case, spaces, dashes and dots ("KRd", "krd", "Darzalex Faspro", "darzalex-faspro", "CAR T").
An unknown name raises NotFoundError with the closest names ("did you mean ...").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rrmm_prep.content import Content, Drug, DrugClass, Regimen, Term, normalize
from rrmm_prep.errors import NotFoundError


@dataclass(frozen=True, repr=False)
class Match:
    """What a query found. ``kind`` is one of: drug, class, regimen, target."""

    kind: str
    query: str
    drug: Drug | None = None
    drug_class: DrugClass | None = None
    regimen: Regimen | None = None
    target: str | None = None
    drugs: tuple[Drug, ...] = ()


class Index:
    """Every typed name that leads to an entry, built once per Content."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.names: dict[str, tuple[str, object]] = {}
        self.shown: dict[str, str] = {}  # normalized -> the spelling to suggest
        for c in content.classes:
            self._add(("class", c), c.id, c.name, *c.aliases)
        for d in content.drugs:
            self._add(("drug", d), d.id, d.name, *d.brands, *d.aliases)
        for r in content.regimens:
            self._add(("regimen", r), r.id, r.abbreviation, *r.spellings)
        targets: dict[str, list[Drug]] = {}
        for d in content.drugs:
            if d.target:
                for part in re.split(r"\s*(?:,|\band\b|×|\bx\b)\s*", d.target):
                    if part:
                        targets.setdefault(part, []).append(d)
        self.targets = targets
        for target in targets:
            key = normalize(target)
            if key not in self.names:
                self.names[key] = ("target", target)
                self.shown[key] = target

    def _add(self, value: tuple[str, object], *spellings: str) -> None:
        for spelling in spellings:
            key = normalize(spelling)
            if key and key not in self.names:
                self.names[key] = value
                self.shown[key] = spelling

    def find(self, query: str) -> Match:
        key = normalize(query)
        hit = self.names.get(key)
        if hit is None and key.endswith("s"):
            hit = self.names.get(key[:-1])
        if hit is None:
            raise NotFoundError(self._not_found(query))
        kind, value = hit
        if kind == "drug":
            return Match("drug", query, drug=value)  # type: ignore[arg-type]
        if kind == "class":
            return Match("class", query, drug_class=value, drugs=tuple(self.content.drugs_in(value.id)))  # type: ignore[union-attr]
        if kind == "regimen":
            return Match("regimen", query, regimen=value, drugs=tuple(self.content.regimen_drugs(value)))  # type: ignore[arg-type]
        return Match("target", query, target=value, drugs=tuple(self.targets[value]))  # type: ignore[index]

    def suggestions(self, query: str, n: int = 3) -> list[str]:
        key = normalize(query)
        if not key:
            return []
        close = difflib.get_close_matches(key, list(self.names), n=n * 3, cutoff=0.7)
        out: list[str] = []
        for k in close:
            shown = self.shown[k]
            kind, value = self.names[k]
            label = value.name if kind in ("drug", "class") else shown  # type: ignore[union-attr]
            if label not in out:
                out.append(label)
        return out[:n]

    def _not_found(self, query: str) -> str:
        hints = self.suggestions(query)
        if hints:
            return f"No drug, class or regimen called '{query}'. Did you mean: {', '.join(hints)}?"
        return f"No drug, class or regimen called '{query}'. Run 'rrmm-prep drugs' to see them all."


def find_term(content: Content, word: str) -> Term:
    key = normalize(word)
    names: dict[str, Term] = {}
    for term in content.terms:
        for spelling in (term.id, term.term, *term.aliases):
            names.setdefault(normalize(spelling), term)
    if key in names:
        return names[key]
    if key.endswith("s") and key[:-1] in names:
        return names[key[:-1]]
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.7)
    hints = list(dict.fromkeys(names[k].term for k in close))
    if hints:
        raise NotFoundError(f"No glossary word '{word}'. Did you mean: {', '.join(hints)}?")
    raise NotFoundError(f"No glossary word '{word}'. Run 'rrmm-prep explain' to see the list.")
