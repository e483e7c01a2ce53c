"""The phrasing table (issue 16): what people type -> the symptoms the reader finds, and the words kept as theirs.

tests/tables/phrasing.yaml holds the rows; every one must pass with the shipped content. The table covers the
wordings issue 16 and the content review of 2026-12-02 name, typos, Spanish with and without accents, negations
and the false alarms ("got my flu shot yesterday", "cannot swallow solid food, mouth very dry").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rrmm_prep.read import symptoms

TABLE = Path(__file__).parent / "tables" / "phrasing.yaml"


def _rows() -> list[dict]:
    import yaml

    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))["rows"]


ROWS = _rows()


def test_the_table_is_big_enough_and_well_formed():
    assert len(ROWS) >= 200, len(ROWS)
    texts = [r["text"] for r in ROWS]
    assert len(set(texts)) == len(texts), "a text is in the table twice"
    for r in ROWS:
        assert set(r) <= {"text", "expect", "own"}, r
        assert isinstance(r["expect"], list), r
    assert sum(not r["expect"] for r in ROWS) >= 25, "too few calm rows"


@pytest.fixture(scope="module")
def reader(shipped):
    return symptoms.Reader(shipped.symptoms)


@pytest.mark.parametrize("row", ROWS, ids=[r["text"] for r in ROWS])
def test_phrasing(reader, shipped, row):
    for symptom_id in row["expect"]:
        assert symptom_id in shipped.symptom_by_id, f"unknown symptom id in the table: {symptom_id}"
    reading = reader.read(row["text"])
    assert not reading.problems, reading.problems
    assert sorted(reading.symptom_ids) == sorted(row["expect"]), reading.found
    own = [f.said for f in reading.found if not f.symptom_id]
    assert own == row.get("own", []), reading.found


def test_every_urgent_symptom_has_spanish_phrases_that_find_it(reader, shipped):
    """Issue 16 item 7: the shipped urgent signs carry Spanish phrases, and each is read as its own symptom."""
    from rrmm_prep.read.phrases import GAP

    for s in shipped.symptoms:
        if not s.urgent:
            continue
        assert s.phrases_es, f"{s.id} has no Spanish phrases"
        for phrase in s.phrases_es:
            text = phrase.replace(GAP, " ").replace("*", "")
            assert s.id in reader.read(text).symptom_ids, (s.id, phrase)


@pytest.mark.parametrize(
    ("with_accents", "without"),
    [
        ("tos y escalofríos", "tos y escalofrios"),
        ("convulsión", "convulsion"),
        ("confusión", "confusion"),
        ("piernas débiles", "piernas debiles"),
        ("perdí peso", "perdi peso"),
        ("azúcar alta", "azucar alta"),
    ],
)
def test_accents_never_decide_a_match(reader, with_accents, without):
    found = reader.read(with_accents).symptom_ids
    assert found
    assert reader.read(without).symptom_ids == found
