"""The shipped words are plain: the median Flesch-Kincaid grade of the patient-facing text is 8 or lower."""

from __future__ import annotations

import statistics

MIN_WORDS = 4  # very short labels ("fever", "a pill by mouth") give meaningless grades


def patient_texts(c) -> list[tuple[str, str]]:
    """(where, text) for every patient-facing text field of the content."""
    out: list[tuple[str, str]] = []

    def add(where: str, text: str | None) -> None:
        if text and len(text.split()) >= MIN_WORDS:
            out.append((where, text))

    for k in c.classes:
        add(f"class {k.id} how_it_works", k.how_it_works)
    for d in c.drugs:
        add(f"drug {d.id} what_it_does", d.what_it_does)
        add(f"drug {d.id} given", d.given)
        add(f"drug {d.id} status", d.status)
        add(f"drug {d.id} boxed_warning", d.boxed_warning)
        add(f"drug {d.id} rems", d.rems)
        for i, item in enumerate(d.know):
            add(f"drug {d.id} know[{i}]", item)
    for r in c.regimens:
        add(f"regimen {r.id} note", r.note)
    for t in c.topics:
        for q in t.questions:
            add(f"question {q.id} text", q.text)
            add(f"question {q.id} why", q.why)
    for s in c.symptoms:
        add(f"symptom {s.id} label", s.label)
        add(f"symptom {s.id} sign_of", s.sign_of)
        add(f"symptom {s.id} call_now", s.call_now)
    for w in c.warning_signs:
        add(f"warning {w.id} sign_of", w.sign_of)
        add(f"warning {w.id} call_now", w.call_now)
    for section in ("before_you_go", "before_you_leave", "goals", "daily_life"):
        for choice in getattr(c, section):
            add(f"{section} {choice.id}", choice.text)
    for v in c.visit_reasons:
        add(f"visit reason {v.id}", v.label)
    for lab in c.lab_tests:
        add(f"lab {lab.id} note", lab.note)
    for term in c.terms:
        add(f"term {term.id} meaning", term.meaning)
    return out


def test_there_is_enough_text_to_measure(shipped):
    texts = patient_texts(shipped)
    assert len(texts) >= 100, f"only {len(texts)} texts"
    kinds = {where.split()[0] for where, _ in texts}
    assert {"class", "drug", "question", "term", "symptom"} <= kinds


def test_median_reading_grade_is_8_or_lower(shipped):
    import textstat

    graded = sorted(
        ((textstat.flesch_kincaid_grade(text), where, text) for where, text in patient_texts(shipped)),
        reverse=True,
    )
    median = statistics.median(g for g, _, _ in graded)
    worst = "\n".join(f"  {g:5.1f}  {where}: {text}" for g, where, text in graded[:5])
    message = f"median Flesch-Kincaid grade {median:.2f} over {len(graded)} texts; the 5 hardest:\n{worst}"
    print(message)
    assert median <= 8, message


def test_each_part_of_the_content_reads_at_grade_8_or_lower(shipped):
    """Not only the whole: the drug texts, the questions and the glossary each have a median of 8 or lower."""
    import textstat

    groups: dict[str, list[float]] = {}
    for where, text in patient_texts(shipped):
        groups.setdefault(where.split()[0], []).append(textstat.flesch_kincaid_grade(text))
    medians = {kind: statistics.median(grades) for kind, grades in groups.items()}
    too_hard = {
        kind: round(m, 1)
        for kind, m in medians.items()
        if m > 8 and kind in ("drug", "question", "term", "class")
    }
    assert not too_hard, f"medians by kind: { {k: round(v, 1) for k, v in medians.items()} }"
