"""Find content by what a person types: a generic name, a brand, a class, a target, a regimen, a glossary word.

Matching ignores case, spaces, dashes and dots ("KRd", "krd", "Darzalex Faspro", "darzalex-faspro", "CAR T").
An unknown name raises NotFoundError with the closest names ("did you mean ...").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rrmm_prep.content.records import Content, Drug, DrugClass, Regimen, Term, normalize
from rrmm_prep.errors import NotFoundError
from rrmm_prep.messages import command


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
        # The name a person reads comes first, so a suggestion says "Pd" or "belantamab mafodotin", never an id.
        for c in content.classes:
            self._add(("class", c), c.name, c.id, *c.aliases)
        for d in content.drugs:
            self._add(("drug", d), d.name, d.id, *d.brands, *d.aliases)
        for r in content.regimens:
            self._add(("regimen", r), r.abbreviation, r.id, *r.spellings)
        # Every name (not id) exactly as the content writes it: "Pd", "Velcade", "IMiD".
        self.spellings = {
            s.strip()
            for s in [
                *(x for c in content.classes for x in (c.name, *c.aliases)),
                *(x for d in content.drugs for x in (d.name, *d.brands, *d.aliases)),
                *(x for r in content.regimens for x in (r.abbreviation, *r.spellings)),
            ]
        }
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
            members = tuple(self.content.drugs_in(value.id))  # type: ignore[union-attr]
            return Match("class", query, drug_class=value, drugs=members)  # type: ignore[arg-type]
        if kind == "regimen":
            return Match("regimen", query, regimen=value, drugs=tuple(self.content.regimen_drugs(value)))  # type: ignore[arg-type]
        return Match("target", query, target=value, drugs=tuple(self.targets[value]))  # type: ignore[index]

    def suggestions(self, query: str, n: int = 3) -> list[str]:
        key = normalize(query)
        if not key:
            return []
        close = difflib.get_close_matches(key, list(self.names), n=n * 3, cutoff=0.7)
        return self._labels(close)[:n]

    def clear_match(self, query: str) -> str | None:
        """The one name a misspelling clearly means ("revlimd" -> Revlimid), or None when it is not clear: a
        short name (an abbreviation like "Pd" is never guessed), no close name, or several."""
        key = normalize(query)
        if len(key) < 5:
            return None
        labels = self._labels(difflib.get_close_matches(key, list(self.names), n=3, cutoff=0.8))
        return labels[0] if len(labels) == 1 else None

    def describe(self, name: str) -> str:
        """A name with what it is, so a suggestion never hides a different drug: "SPd (selinexor, pomalidomide
        and dexamethasone)", "Revlimid (lenalidomide)"."""
        try:
            match = self.find(name)
        except NotFoundError:
            return name
        if match.kind == "regimen" or (match.kind == "class" and match.drugs):
            names = [d.name for d in match.drugs]
            inner = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
            return f"{name} ({inner})"
        if match.kind == "drug" and match.drug and normalize(match.drug.name) != normalize(name):
            return f"{name} ({match.drug.name})"
        return name

    def _labels(self, keys: list[str]) -> list[str]:
        """The spellings to offer for these keys, one per entry, as the content writes them ("Revlimid")."""
        out: dict[int, str] = {}
        for k in keys:
            out.setdefault(id(self.names[k][1]), self.shown[k])
        return list(out.values())

    def _not_found(self, query: str) -> str:
        hints = self.suggestions(query)
        if hints:
            shown = "; ".join(self.describe(h) for h in hints)
            return f"No drug, class or regimen called '{query}'. Did you mean: {shown}?"
        return f"No drug, class or regimen called '{query}'. Run '{command('drugs')}' to see them all."


def find_term(content: Content, word: str) -> Term | Match:
    """A glossary word; or, for a drug, class, target or regimen name, its drugs entry (a Match). When a name is
    both, the glossary wins, unless only the drugs name is spelled exactly as typed: "Pd" is the regimen,
    "PD" the glossary's progression."""
    key = normalize(word)
    names: dict[str, Term] = {}
    spelled: dict[str, set[str]] = {}
    for term in content.terms:
        for spelling in (term.id, term.term, *term.aliases):
            names.setdefault(normalize(spelling), term)
            spelled.setdefault(term.id, set()).add(spelling.strip())
    found = names.get(key) or (names.get(key[:-1]) if key.endswith("s") else None)
    index = Index(content)
    if found is not None:
        typed = word.strip()
        if typed not in spelled[found.id] and typed in index.spellings:
            return index.find(typed)
        return found
    try:
        return index.find(word)
    except NotFoundError:
        pass
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.7)
    # A drug name is said with what it is, so a short regimen name never hides a different drug.
    hints = list(dict.fromkeys(names[k].term for k in close)) + [
        index.describe(h) for h in index.suggestions(word, 2)
    ]
    if hints:
        raise NotFoundError(
            f"No word '{word}' in the glossary or the drug list. Did you mean: {'; '.join(dict.fromkeys(hints))}?"
        )
    raise NotFoundError(
        f"No word '{word}' in the glossary or the drug list. Run '{command('explain')}' to see the words."
    )
