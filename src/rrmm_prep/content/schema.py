"""Content YAML -> checked content records: the schema, enforced on load.

Reads each layer's files through loader (plain YAML with line numbers), lays later layers over earlier ones by
entry id, checks every field and every reference between entries, and builds the frozen records of content.py.
Every problem names the file, the line, the entry and the field; all of them are reported together. Imported
only when the content cache is missing or stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from rrmm_prep.content import loader
from rrmm_prep.content.records import (
    FILES,
    HISTORY_FLAGS,
    LEVELS,
    Choice,
    Content,
    Drug,
    DrugClass,
    LabTest,
    Question,
    Regimen,
    Rule,
    Symptom,
    Term,
    Topic,
    VisitReason,
    WarningSign,
    normalize,
)
from rrmm_prep.errors import ContentError, Problem
from rrmm_prep.model.visit import SEVERITIES
from rrmm_prep.read.phrases import phrase_problem

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


LABEL_MAX = 35  # a listed symptom label fits one of two columns at 80 characters


def build(layers: list[tuple[Path, bool]]) -> Content:
    problems: list[Problem] = []
    docs: dict[str, list[tuple[str, loader.YMap]]] = {name: [] for name in FILES}
    for folder, optional in layers:
        for name in FILES:
            path = folder / name
            if optional and not path.exists():
                continue
            label = str(path) if optional else f"data/{name}"
            try:
                doc = loader.load(path, label)
            except loader.YamlReadError as err:
                problems.extend(err.problems)
                continue
            if doc is None:
                problems.append(Problem(label, None, "is empty; add content to it, or remove the file"))
                continue
            if not isinstance(doc, loader.YMap):
                problems.append(
                    Problem(label, loader.line_of(doc, 1), "should be a mapping of sections at the top")
                )
                continue
            docs[name].append((label, doc))
    # A file that cannot be read does not hide the problems of the others: check those too, but skip the
    # references between entries, which would only repeat that entries of the unreadable file are missing.
    parser = _Parser(cross_check=not problems)
    content = parser.parse(docs)
    if problems or parser.problems:
        raise ContentError(problems + parser.problems)
    return content


SECTIONS = {
    "drug_classes.yaml": ("reviewed", "classes", "drugs", "regimens"),
    "questions.yaml": (
        "reviewed",
        "visit_reasons",
        "symptoms",
        "warning_signs",
        "daily_life",
        "goals",
        "topics",
        "before_you_go",
        "before_you_leave",
        "lab_tests",
    ),
    "glossary.yaml": ("reviewed", "terms"),
}


class _Parser:
    def __init__(self, cross_check: bool = True) -> None:
        self.problems: list[Problem] = []
        self.lines: dict[tuple[str, str], tuple[str, int | None]] = {}
        self.cross_check = cross_check
        self.known: dict[str, tuple[set, str]] = {}  # ids parsed so far, for the suggestion rules

    # Each section of each layer is a list of entries with ids; later layers replace entries by id.
    def _section(self, docs, name: str, section: str, build) -> list:
        merged: dict[str, object] = {}
        for label, doc in docs[name]:
            check = loader.Checker(label)
            value = doc.get(section)
            if value is None:
                continue
            if not isinstance(value, loader.YList):
                check.problem(doc.key_lines.get(section), "should be a list of entries", None, section)
                self.problems.extend(check.problems)
                continue
            seen: dict[str, int | None] = {}
            for raw in value:
                entry_id = self._entry_id(check, raw, section)
                if entry_id is None:
                    continue
                if entry_id in seen:
                    check.problem(
                        loader.line_of(raw),
                        f"the id '{entry_id}' is used twice in {section} (first on line {seen[entry_id]})",
                        entry_id,
                        "id",
                    )
                    continue
                seen[entry_id] = loader.line_of(raw)
                built = build(check, raw, entry_id, doc)
                if built is not None:
                    merged[entry_id] = built
                    self.lines[(section, entry_id)] = (label, loader.line_of(raw))
            self.problems.extend(check.problems)
        return list(merged.values())

    @staticmethod
    def _entry_id(check: loader.Checker, raw, section: str) -> str | None:
        if not isinstance(raw, loader.YMap):
            check.problem(
                loader.line_of(raw), f"each entry in {section} should be a mapping with an id", None, section
            )
            return None
        entry_id = raw.get("id")
        if not isinstance(entry_id, str) or not ID_RE.match(entry_id):
            check.problem(
                raw.key_lines.get("id", raw.line),
                "needs an id of lowercase letters, digits and dashes, like 'bortezomib'",
                None,
                "id",
            )
            return None
        return str(entry_id)

    def _reviewed(self, check, raw, entry_id, doc, required=False) -> str:
        value = check.date(raw, "reviewed", entry_id, required=required)
        if value:
            return value
        file_value = doc.get("reviewed")
        return str(file_value) if file_value else ""

    def _sources(self, check, raw, entry_id, key="sources", required=True) -> tuple[str, ...]:
        urls = check.texts(raw, key, entry_id, required=required)
        for url in urls:
            if not re.match(r"^https?://\S+\.\S+$", url):
                check.problem(
                    raw.key_lines.get(key),
                    f"'{url}' is not a web address (http...)",
                    entry_id,
                    key,
                )
        return urls

    def parse(self, docs) -> Content:
        reviewed_dates = []
        for name, layers in docs.items():
            for label, doc in layers:
                check = loader.Checker(label)
                check.mapping(doc, entry=None, optional=SECTIONS[name], line=doc.line)
                if layers and label == layers[0][0]:
                    value = check.date(doc, "reviewed", None, required=True)
                    if value:
                        reviewed_dates.append(value)
                else:
                    check.date(doc, "reviewed", None)
                self.problems.extend(check.problems)

        classes = self._section(docs, "drug_classes.yaml", "classes", self._class)
        drugs = self._section(docs, "drug_classes.yaml", "drugs", self._drug)
        regimens = self._section(docs, "drug_classes.yaml", "regimens", self._regimen)
        reasons = self._section(docs, "questions.yaml", "visit_reasons", self._reason)
        symptoms = self._section(docs, "questions.yaml", "symptoms", self._symptom)
        self.known = {
            "classes": ({c.id for c in classes}, "class"),
            "drugs": ({d.id for d in drugs}, "drug"),
            "symptoms": ({s.id for s in symptoms}, "symptom"),
            "reasons": ({r.id for r in reasons}, "visit reason"),
            "history": (set(HISTORY_FLAGS), "history flag"),
        }
        warnings = self._section(docs, "questions.yaml", "warning_signs", self._warning)
        daily = self._section(docs, "questions.yaml", "daily_life", self._choice)
        goals = self._section(docs, "questions.yaml", "goals", self._choice)
        topics = self._section(docs, "questions.yaml", "topics", self._topic)
        go = self._section(docs, "questions.yaml", "before_you_go", self._choice)
        leave = self._section(docs, "questions.yaml", "before_you_leave", self._choice)
        labs = self._section(docs, "questions.yaml", "lab_tests", self._lab)
        terms = self._section(docs, "glossary.yaml", "terms", self._term)

        content = Content(
            reviewed=min(reviewed_dates) if reviewed_dates else "",
            classes=tuple(classes),
            drugs=tuple(drugs),
            regimens=tuple(regimens),
            topics=tuple(topics),
            visit_reasons=tuple(reasons),
            symptoms=tuple(symptoms),
            warning_signs=tuple(warnings),
            daily_life=tuple(daily),
            goals=tuple(goals),
            before_you_go=tuple(go),
            before_you_leave=tuple(leave),
            lab_tests=tuple(labs),
            terms=tuple(terms),
        )
        if self.cross_check:
            self._cross_check(content)
            self._checks_people_rely_on(content)
        return content

    # ------------------------------------------------------------------ entries

    def _class(self, check, raw, entry_id, doc):
        m = check.mapping(
            raw,
            entry=entry_id,
            required=("id", "name", "how_it_works", "sources"),
            optional=("aliases", "reviewed"),
        )
        if m is None:
            return None
        return DrugClass(
            id=entry_id,
            name=check.text(m, "name", entry_id) or entry_id,
            aliases=check.texts(m, "aliases", entry_id),
            how_it_works=check.text(m, "how_it_works", entry_id) or "",
            sources=self._sources(check, m, entry_id),
            reviewed=self._reviewed(check, m, entry_id, doc),
        )

    def _drug(self, check, raw, entry_id, doc):
        m = check.mapping(
            raw,
            entry=entry_id,
            required=(
                "id",
                "name",
                "class",
                "given",
                "what_it_does",
                "know",
                "status",
                "status_date",
                "sources",
            ),
            optional=(
                "brands",
                "aliases",
                "target",
                "side_effects",
                "withdrawn",
                "off_label",
                "one_time",
                "terms",
                "reviewed",
                "boxed_warning",
                "rems",
                "label_reviewed",
                "label_sources",
            ),
        )
        if m is None:
            return None
        know = check.texts(m, "know", entry_id, required=True)
        # What the current US label says (boxed warning, REMS) is dated and sourced: set either, and the date it
        # was checked and the label or FDA notice it was checked against are required. The date and the label
        # alone record "checked: no boxed warning, no REMS".
        boxed = check.text(m, "boxed_warning", entry_id, required=False) or None
        rems = check.text(m, "rems", entry_id, required=False) or None
        label_needed = bool(boxed or rems or m.get("label_reviewed") or m.get("label_sources"))
        label_reviewed = check.date(m, "label_reviewed", entry_id)
        if label_needed and not label_reviewed and m.get("label_reviewed") is None:
            check.problem(
                m.line,
                "needs label_reviewed, the date the label was checked, with boxed_warning, rems or label_sources",
                entry_id,
                "label_reviewed",
            )
        label_sources = self._sources(check, m, entry_id, "label_sources", required=label_needed)
        if know and not 3 <= len(know) <= 5:
            check.problem(
                m.key_lines.get("know"), f"should list 3 to 5 things, not {len(know)}", entry_id, "know"
            )
        return Drug(
            id=entry_id,
            name=check.text(m, "name", entry_id) or entry_id,
            brands=check.texts(m, "brands", entry_id),
            aliases=check.texts(m, "aliases", entry_id),
            class_id=check.text(m, "class", entry_id) or "",
            target=check.text(m, "target", entry_id, required=False),
            given=check.text(m, "given", entry_id) or "",
            what_it_does=check.text(m, "what_it_does", entry_id) or "",
            know=know,
            side_effects=check.texts(m, "side_effects", entry_id),
            status=check.text(m, "status", entry_id) or "",
            status_date=check.date(m, "status_date", entry_id, required=True) or "",
            withdrawn=check.boolean(m, "withdrawn", entry_id, default=False),
            off_label=check.boolean(m, "off_label", entry_id, default=False),
            one_time=check.boolean(m, "one_time", entry_id, default=False),
            terms=check.texts(m, "terms", entry_id),
            sources=self._sources(check, m, entry_id),
            reviewed=self._reviewed(check, m, entry_id, doc, required=True),
            boxed_warning=boxed,
            rems=rems,
            label_reviewed=label_reviewed,
            label_sources=label_sources,
        )

    def _regimen(self, check, raw, entry_id, doc):
        m = check.mapping(
            raw,
            entry=entry_id,
            required=("id", "abbreviation", "drugs", "sources"),
            optional=("spellings", "note", "reviewed"),
        )
        if m is None:
            return None
        return Regimen(
            id=entry_id,
            abbreviation=check.text(m, "abbreviation", entry_id) or entry_id,
            spellings=check.texts(m, "spellings", entry_id),
            drug_ids=check.texts(m, "drugs", entry_id, required=True),
            note=check.text(m, "note", entry_id, required=False),
            sources=self._sources(check, m, entry_id),
            reviewed=self._reviewed(check, m, entry_id, doc),
        )

    def _reason(self, check, raw, entry_id, doc):
        m = check.mapping(raw, entry=entry_id, required=("id", "label"), optional=("aliases",))
        if m is None:
            return None
        return VisitReason(
            entry_id, check.text(m, "label", entry_id) or entry_id, check.texts(m, "aliases", entry_id)
        )

    def _symptom(self, check, raw, entry_id, doc):
        m = check.mapping(
            raw,
            entry=entry_id,
            required=("id", "label", "sources"),
            optional=(
                "phrases",
                "phrases_es",
                "listed",
                "urgent",
                "urgent_from",
                "level",
                "severe_level",
                "sign_of",
                "call_now",
                "temperature_from",
                "temperature_words",
                "reviewed",
                "review",
            ),
        )
        if m is None:
            return None
        urgent = check.boolean(m, "urgent", entry_id, default=False)
        urgent_from = check.choice(m, "urgent_from", entry_id, SEVERITIES[1:], default=None)
        level = check.choice(m, "level", entry_id, LEVELS, default="now")
        call_now = check.text(m, "call_now", entry_id, required=False)
        sign_of = check.text(m, "sign_of", entry_id, required=False)
        label = check.text(m, "label", entry_id) or entry_id
        if urgent and not call_now:
            check.problem(m.line, "an urgent symptom needs the call_now wording", entry_id, "call_now")
        if urgent and not sign_of:
            check.problem(
                m.line, "an urgent symptom needs sign_of (what it may be a sign of)", entry_id, "sign_of"
            )
        if urgent_from and not urgent:
            check.problem(
                m.key_lines.get("urgent_from"), "is only for urgent symptoms", entry_id, "urgent_from"
            )
        if level == "emergency" and urgent_from:
            check.problem(
                m.key_lines.get("urgent_from"),
                "an emergency sign is urgent whatever the severity; remove urgent_from",
                entry_id,
                "urgent_from",
            )
        listed = check.boolean(m, "listed", entry_id, default=True)
        if listed and len(label) > LABEL_MAX:
            check.problem(
                m.key_lines.get("label"),
                f"a listed symptom's label is shown in two columns: keep it to {LABEL_MAX} characters "
                f"(it has {len(label)})",
                entry_id,
                "label",
            )
        temperature_from = check.text(m, "temperature_from", entry_id, required=False)
        if temperature_from is not None and not re.fullmatch(
            r"3[5-9](\.\d)?|4[0-2](\.\d)?", temperature_from
        ):
            check.problem(
                m.key_lines.get("temperature_from"),
                f"should be a temperature in degrees C, like 38.0, not '{temperature_from}'",
                entry_id,
                "temperature_from",
            )
            temperature_from = None
        phrases = check.texts(m, "phrases", entry_id)
        phrases_es = check.texts(m, "phrases_es", entry_id)
        for name, texts in (("phrases", phrases), ("phrases_es", phrases_es)):
            for phrase in texts:
                problem = phrase_problem(phrase)
                if problem:
                    check.problem(m.key_lines.get(name), f"the phrase '{phrase}' {problem}", entry_id, name)
        severe_level = check.choice(m, "severe_level", entry_id, LEVELS, default=None)
        if severe_level and not urgent:
            check.problem(
                m.key_lines.get("severe_level"), "is only for urgent symptoms", entry_id, "severe_level"
            )
        elif severe_level and level in LEVELS and LEVELS.index(severe_level) >= LEVELS.index(level):
            check.problem(
                m.key_lines.get("severe_level"),
                f"should be more urgent than level ({level}), or left out",
                entry_id,
                "severe_level",
            )
        return Symptom(
            id=entry_id,
            label=label,
            phrases=phrases,
            listed=listed,
            urgent=urgent,
            urgent_from=urgent_from if urgent else None,
            level=level,
            sign_of=sign_of,
            call_now=call_now,
            temperature_from=temperature_from,
            temperature_words=check.texts(m, "temperature_words", entry_id),
            sources=self._sources(check, m, entry_id),
            reviewed=self._reviewed(check, m, entry_id, doc, required=urgent),
            review=check.text(m, "review", entry_id, required=False),
            phrases_es=phrases_es,
            severe_level=severe_level if urgent else None,
        )

    def _warning(self, check, raw, entry_id, doc):
        m = check.mapping(
            raw,
            entry=entry_id,
            required=("id", "name", "symptoms", "sign_of", "call_now", "sources"),
            optional=("everyone", "classes", "drugs", "with_any", "level", "months", "reviewed", "review"),
        )
        if m is None:
            return None
        everyone = check.boolean(m, "everyone", entry_id, default=False)
        classes = check.texts(m, "classes", entry_id)
        drugs = check.texts(m, "drugs", entry_id)
        if not classes and not drugs and not everyone:
            check.problem(
                m.line, "needs the classes or drugs it applies to (or everyone: true)", entry_id, "classes"
            )
        if everyone and (classes or drugs):
            check.problem(
                m.key_lines.get("everyone"),
                "applies to everyone, so leave out classes and drugs (or set everyone: false)",
                entry_id,
                "everyone",
            )
        return WarningSign(
            id=entry_id,
            name=check.text(m, "name", entry_id) or entry_id,
            everyone=everyone,
            classes=classes,
            drugs=drugs,
            symptoms=check.texts(m, "symptoms", entry_id, required=True),
            with_any=check.texts(m, "with_any", entry_id),
            level=check.choice(m, "level", entry_id, LEVELS, default="now") or "now",
            sign_of=check.text(m, "sign_of", entry_id) or "",
            call_now=check.text(m, "call_now", entry_id) or "",
            sources=self._sources(check, m, entry_id),
            reviewed=self._reviewed(check, m, entry_id, doc, required=True),
            review=check.text(m, "review", entry_id, required=False),
            months=self._months(check, m, entry_id),
        )

    @staticmethod
    def _months(check, m, entry_id) -> str | None:
        value = check.text(m, "months", entry_id, required=False)
        if value is None or value == "always" or (value.isdecimal() and 0 < int(value) <= 600):
            return value
        check.problem(
            m.key_lines.get("months"),
            f"should be a number of months or 'always', not '{value}'",
            entry_id,
            "months",
        )
        return None

    def _choice(self, check, raw, entry_id, doc):
        m = check.mapping(raw, entry=entry_id, required=("id", "text"), optional=())
        if m is None:
            return None
        return Choice(entry_id, check.text(m, "text", entry_id) or entry_id)

    def _topic(self, check, raw, entry_id, doc):
        m = check.mapping(raw, entry=entry_id, required=("id", "title", "questions"), optional=())
        if m is None:
            return None
        questions = []
        seen = set()
        for q in check.items(m, "questions", entry_id, required=True):
            qid = self._entry_id(check, q, f"topic '{entry_id}'")
            if qid is None:
                continue
            if qid in seen:
                check.problem(loader.line_of(q), f"the question id '{qid}' is used twice", qid, "id")
                continue
            seen.add(qid)
            question = self._question(check, q, qid, entry_id)
            if question is not None:
                questions.append(question)
        return Topic(entry_id, check.text(m, "title", entry_id) or entry_id, tuple(questions))

    def _question(self, check, raw, qid, topic_id):
        m = check.mapping(
            raw, entry=qid, required=("id", "text", "why", "sources"), optional=("default", "suggest_when")
        )
        if m is None:
            return None
        rules = []
        for rule_raw in check.items(m, "suggest_when", qid):
            r = check.mapping(
                rule_raw,
                entry=qid,
                field="suggest_when",
                optional=("classes", "drugs", "symptoms", "reasons", "history", "mentions"),
                line=m.key_lines.get("suggest_when"),
            )
            if r is None:
                continue
            fields = set(Rule._fields)
            rule = Rule(**{key: check.texts(r, key, qid, one_ok=True) for key in r if key in fields})
            for key, values in rule._asdict().items():
                known, what = self.known.get(key, (None, ""))
                for value in values if known is not None and self.cross_check else ():
                    if value not in known:
                        hint = loader.did_you_mean(value, known)
                        message = f"names the {what} '{value}', which does not exist"
                        check.problem(
                            r.key_lines.get(key),
                            message + (f"; did you mean '{hint}'?" if hint else ""),
                            qid,
                            key,
                        )
            if rule == Rule():
                check.problem(r.line, "an empty rule would never match", qid, "suggest_when")
                continue
            rules.append(rule)
        return Question(
            id=qid,
            topic_id=topic_id,
            text=check.text(m, "text", qid) or qid,
            why=check.text(m, "why", qid) or "",
            default=check.boolean(m, "default", qid, default=False),
            suggest_when=tuple(rules),
            sources=self._sources(check, m, qid),
        )

    def _lab(self, check, raw, entry_id, doc):
        m = check.mapping(
            raw,
            entry=entry_id,
            required=("id", "name", "units", "sources"),
            optional=("aliases", "note", "converts"),
        )
        if m is None:
            return None
        return LabTest(
            id=entry_id,
            name=check.text(m, "name", entry_id) or entry_id,
            aliases=check.texts(m, "aliases", entry_id),
            units=check.texts(m, "units", entry_id, required=True, one_ok=True),
            note=check.text(m, "note", entry_id, required=False),
            sources=self._sources(check, m, entry_id),
            converts=self._converts(check, m, entry_id),
        )

    @staticmethod
    def _converts(check, m, entry_id) -> tuple[str, ...]:
        """Other units with their factor to the first usual unit: "mg/dL = 10" (1 mg/dL is 10 of it)."""
        out = check.texts(m, "converts", entry_id)
        for item in out:
            unit, _, factor = item.partition("=")
            if not unit.strip() or not re.fullmatch(r"\s*\d+(?:\.\d+)?\s*", factor):
                check.problem(
                    m.key_lines.get("converts"),
                    f"'{item}' should be a unit and its factor to the first unit, like 'mg/dL = 10'",
                    entry_id,
                    "converts",
                )
        return out

    def _term(self, check, raw, entry_id, doc):
        m = check.mapping(
            raw, entry=entry_id, required=("id", "term", "meaning", "sources"), optional=("aliases", "medicine")
        )
        if m is None:
            return None
        return Term(
            id=entry_id,
            term=check.text(m, "term", entry_id) or entry_id,
            aliases=check.texts(m, "aliases", entry_id),
            meaning=check.text(m, "meaning", entry_id) or "",
            sources=self._sources(check, m, entry_id),
            medicine=check.boolean(m, "medicine", entry_id, default=False),
        )

    # ------------------------------------------------------------------ references between entries

    def _ref_problem(self, section: str, entry_id: str, field_name: str, message: str) -> None:
        label, line = self.lines.get((section, entry_id), ("content", None))
        self.problems.append(Problem(label, line, message, entry_id, field_name))

    def _cross_check(self, c: Content) -> None:
        def unknown(section, entry_id, field_name, value, known, what):
            hint = loader.did_you_mean(value, known)
            self._ref_problem(
                section,
                entry_id,
                field_name,
                f"names the {what} '{value}', which does not exist"
                + (f"; did you mean '{hint}'?" if hint else ""),
            )

        classes, drugs = c.class_by_id, c.drug_by_id
        symptoms, terms = c.symptom_by_id, c.term_by_id
        for d in c.drugs:
            if d.class_id and d.class_id not in classes:
                unknown("drugs", d.id, "class", d.class_id, classes, "class")
            for t in d.terms:
                if t not in terms:
                    unknown("drugs", d.id, "terms", t, terms, "glossary term")
        for r in c.regimens:
            for d in r.drug_ids:
                if d not in drugs:
                    unknown("regimens", r.id, "drugs", d, drugs, "drug")
        for w in c.warning_signs:
            for k in w.classes:
                if k not in classes:
                    unknown("warning_signs", w.id, "classes", k, classes, "class")
            for d in w.drugs:
                if d not in drugs:
                    unknown("warning_signs", w.id, "drugs", d, drugs, "drug")
            for key, values in (("symptoms", w.symptoms), ("with_any", w.with_any)):
                for s in values:
                    if s not in symptoms:
                        unknown("warning_signs", w.id, key, s, symptoms, "symptom")
        # Every name a person can type must lead to one place.
        names: dict[str, str] = {}
        entries = (
            [("classes", x.id, (x.id, x.name, *x.aliases)) for x in c.classes]
            + [("drugs", x.id, (x.id, x.name, *x.brands, *x.aliases)) for x in c.drugs]
            + [("regimens", x.id, (x.id, x.abbreviation, *x.spellings)) for x in c.regimens]
        )
        for section, entry_id, spellings in entries:
            for spelling in {normalize(s) for s in spellings if normalize(s)}:
                owner = names.get(spelling)
                if owner and owner != f"{section}:{entry_id}":
                    self._ref_problem(
                        section,
                        entry_id,
                        "name",
                        f"the name '{spelling}' is also used by {owner.replace(':', ' ')}",
                    )
                names[spelling] = f"{section}:{entry_id}"
        # Question ids are unique across topics (they are stable ids, kept in visit records).
        seen_q: dict[str, str] = {}
        for topic in c.topics:
            for q in topic.questions:
                if q.id in seen_q and seen_q[q.id] != topic.id:
                    self._ref_problem(
                        "topics",
                        topic.id,
                        "questions",
                        f"the question id '{q.id}' is also in '{seen_q[q.id]}'",
                    )
                seen_q[q.id] = topic.id

    # ------------------------------------------------------------------ what only tests checked before

    def _checks_people_rely_on(self, c: Content) -> None:
        """Enforced on every load, so a clinic's content pack gets them too: every urgent symptom can be found
        by at least one of its phrases; every suggestion rule and warning sign can be met; glossary words are
        spelled one way each."""
        from rrmm_prep.read.phrases import GAP
        from rrmm_prep.read.symptoms import Reader

        reader = Reader(c.symptoms)
        reachable: set[str] = {s.id for s in c.symptoms if s.listed}
        for s in c.symptoms:
            if s.listed and not s.urgent:
                continue  # picked from the checklist: reachable whatever its phrases
            # One phrase that finds the symptom is enough (reading every phrase made each load ten times slower).
            found = any(
                s.id in reader.read(phrase.replace(GAP, " ").replace("…", " ").replace("*", "")).symptom_ids
                for phrase in (s.label, *s.phrases)
            )
            if found:
                reachable.add(s.id)
            elif s.urgent:
                self._ref_problem(
                    "symptoms",
                    s.id,
                    "phrases",
                    "an urgent symptom must be found by at least one of its phrases; every one is read as "
                    "another symptom (make one longer or more specific)",
                )
        classes_with_drugs = {d.class_id for d in c.drugs}

        def can_have(drugs, classes) -> bool:
            return any(d in c.drug_by_id for d in drugs) or any(k in classes_with_drugs for k in classes)

        for w in c.warning_signs:
            if not w.everyone and not can_have(w.drugs, w.classes):
                self._ref_problem(
                    "warning_signs", w.id, "classes", "no drug is in these classes, so it can never apply"
                )
            if not any(s in reachable for s in w.symptoms):
                self._ref_problem("warning_signs", w.id, "symptoms", "none of these symptoms can be reported")
            if w.with_any and not any(s in reachable for s in w.with_any):
                self._ref_problem("warning_signs", w.id, "with_any", "none of these symptoms can be reported")
        possible = {"two-or-more-lines"}
        if all(k in classes_with_drugs for k in ("proteasome-inhibitor", "imid", "anti-cd38-antibody")):
            possible.add("triple-class-exposed")
        if "car-t" in classes_with_drugs:
            possible.add("had-car-t")
        if "bispecific-antibody" in classes_with_drugs:
            possible.add("had-bispecific")
        for topic in c.topics:
            for q in topic.questions:
                for rule in q.suggest_when:
                    why = None
                    if (rule.drugs or rule.classes) and not can_have(rule.drugs, rule.classes):
                        why = "no drug it names (or in the classes it names) exists"
                    elif rule.symptoms and not any(s in reachable for s in rule.symptoms):
                        why = "none of its symptoms can be reported"
                    elif rule.history and not any(h in possible for h in rule.history):
                        why = "no treatment history can give it"
                    elif rule.mentions and not any(w.strip() for w in rule.mentions):
                        why = "its words are empty"
                    if why:
                        self._ref_problem(
                            "topics", topic.id, "suggest_when", f"a rule of '{q.id}' can never match: {why}"
                        )
        spellings: dict[str, str] = {}
        for term in c.terms:
            for spelling in {normalize(x) for x in (term.id, term.term, *term.aliases) if normalize(x)}:
                owner = spellings.get(spelling)
                if owner and owner != term.id:
                    self._ref_problem(
                        "terms",
                        term.id,
                        "aliases",
                        f"the spelling '{spelling}' is also used by the word '{owner}'",
                    )
                spellings[spelling] = term.id
