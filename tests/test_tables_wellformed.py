"""The tables of typed lines (tests/tables/labs.yaml, tests/tables/treatments.yaml) are well formed.

These tables are the spec for issue 15: one typed line -> its stored parts, through the walk and answers files
alike. This file does not read any line (the reader tests do); it checks that the tables themselves say
something exact and consistent, against the shipped content: every id exists, every row has its fields with
the right types, the parts agree with each other and with the content, and the rows cover what they must.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import pytest

from helpers import FIXED_DAY_ISO

TABLES = Path(__file__).parent / "tables"
TODAY = dt.date.fromisoformat(FIXED_DAY_ISO)  # 2026-11-23, a Monday: the day both tables are read on

MIN_LABS = 90
MIN_TREATMENTS = 45

# Units the readers must know for a test beyond the ones the content lists as usual: light chains come in mg/dL
# on some reports (a trend converts: mg/dL x 10 = mg/L). Until data/questions.yaml lists them, they live here.
KNOWN_EXTRA_UNITS = {"kappa-flc": {"mg/dL"}, "lambda-flc": {"mg/dL"}}

LAB_ROW_KEYS = {"line", "visit", "expect", "asks", "then", "refused", "why"}
LAB_EXPECT_KEYS = {"test", "id", "value", "unit", "date"}
LAB_ASKS = ("value", "keep", "unit", "date")

TREATMENT_ROW_KEYS = {"line", "expect", "asks", "then", "refused", "why"}
TREATMENT_KEYS = {
    "name", "kind", "ref", "drugs", "started", "stopped", "outcome", "reason", "bad_effects", "one_time",
}  # fmt: skip
TREATMENT_ASKS = ("which", "when", "outcome", "bad_effects")
KINDS = ("regimen", "drug", "combination", "")
OUTCOMES = (
    "worked",
    "stopped working",
    "stopped for side effects",
    "stopped for another reason",
    "finished as planned",
    "still taking",
    "too early to tell",
    "",
)
STOP_OUTCOMES = ("stopped working", "stopped for side effects", "stopped for another reason")

# The lines issue 15 and its brief name: each must be a row.
ISSUE_LAB_LINES = (
    "kappa 85.2 mg/L on 11/20",
    "m protein 1.1 g/dl nov 20",
    "M-protein 1.2 g/dL on 2/30",
    "m protein 0.6",
    "m protein 0.6 g/dl september",
    "m spike 0.9 g/dl oct 2",
    "fflc ratio 12",
    "IgG 450",
    "vitamin D 32 ng/mL",
)
ISSUE_TREATMENT_LINES = (
    "VRd may 2019 to jan 2020 worked, numbness",
    "velcade revlimid dex",
    "Velcade + Cytoxan 2018",
    "VRd, transplant, revlimd, DPd",
    "Revlimid maintenance 2020 to 2023",
    "carvykti october 2026 too early to tell",
    "IMiD",
)


# ------------------------------------------------------------------------------------------------ loading


def _load(name: str) -> dict:
    """A table, read safely, with duplicate keys an error (PyYAML would keep the last one silently)."""
    import yaml

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
        keys = [loader.construct_object(k, deep=True) for k, _ in node.value]
        dupes = sorted({str(k) for k in keys if keys.count(k) > 1})
        if dupes:
            raise AssertionError(f"{name}, line {node.start_mark.line + 1}: duplicate key {', '.join(dupes)}")
        return loader.construct_mapping(node, deep=True)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    with open(TABLES / name, encoding="utf-8") as f:
        return yaml.load(f, Loader=Strict)  # noqa: S506 - a SafeLoader subclass


@functools.cache
def labs() -> dict:
    return _load("labs.yaml")


@functools.cache
def treatments() -> dict:
    return _load("treatments.yaml")


def _rows(table: dict) -> list[dict]:
    return table["rows"]


def _ids(rows: list[dict]) -> list[str]:
    return [f"{i}: {r.get('line', '?')!r}" for i, r in enumerate(rows)]


# ------------------------------------------------------------------------------------------------ helpers

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH = re.compile(r"\d{4}-\d{2}")
YEAR = re.compile(r"\d{4}")
NUMBER = re.compile(r"[<>]?\d+(?:\.\d+)?")  # a value as stored: a point, never a comma; a sign kept
TEXT_RESULT = re.compile(r"[a-z][a-z ]*[a-z]")  # the words of a text result, in lower case


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _span(when: str, *, allow_year: bool) -> tuple[dt.date, dt.date]:
    """The first and last day a stored date stands for. Fails on a malformed or impossible one."""
    if DAY.fullmatch(when):
        day = dt.date.fromisoformat(when)
        return day, day
    if MONTH.fullmatch(when):
        year, month = (int(p) for p in when.split("-"))
        first = dt.date(year, month, 1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return first, last
    if allow_year and YEAR.fullmatch(when):
        return dt.date(int(when), 1, 1), dt.date(int(when), 12, 31)
    raise AssertionError(f"not an ISO date{', month or year' if allow_year else ' or month'}: {when!r}")


def _check_asks(row: dict, allowed: tuple[str, ...]) -> list[str]:
    asks = row.get("asks", [])
    assert isinstance(asks, list) and all(isinstance(a, str) for a in asks), "asks must be a list of words"
    assert all(a in allowed for a in asks), f"asks must be among {allowed}: {asks}"
    assert asks == sorted(asks, key=allowed.index), f"asks must be in the order {allowed}: {asks}"
    assert len(set(asks)) == len(asks), f"an ask is listed twice: {asks}"
    then = row.get("then", {})
    assert isinstance(then, dict), "then must be a mapping"
    assert all(isinstance(v, str) and v.strip() for v in then.values()), "every answer in then is text"
    assert set(then) <= set(asks), f"then answers something not asked: {sorted(set(then) - set(asks))}"
    return asks


def _check_common(row: dict, keys: set[str]) -> None:
    assert isinstance(row, dict), "a row is a mapping"
    assert set(row) <= keys, f"unknown fields: {sorted(set(row) - keys)}"
    assert isinstance(row.get("line"), str) and row["line"].strip(), "every row has a line (text)"
    if "why" in row:
        assert isinstance(row["why"], str) and row["why"].strip(), "why is text"
    if "refused" in row:
        assert isinstance(row["refused"], str) and row["refused"].strip(), (
            "refused is a fragment of the message"
        )
        assert not {"expect", "asks", "then"} & set(row), "a refused row has no expect, asks or then"
        assert "why" in row, "a refused row says in why what the message must name"
    else:
        assert "expect" in row, "a row has expect or refused"


# ------------------------------------------------------------------------------------------------ both tables


@pytest.mark.parametrize("table", [labs, treatments], ids=["labs", "treatments"])
def test_table_header(table):
    data = table()
    assert set(data) == {"today", "rows"}
    assert data["today"] == TODAY.isoformat(), "today is quoted ISO text, the pinned Monday"
    assert isinstance(data["rows"], list)
    lines = [r.get("line") for r in data["rows"] if "visit" not in r]
    dupes = sorted({x for x in lines if lines.count(x) > 1})
    assert not dupes, f"a line is in the table twice: {dupes}"


def test_row_counts():
    assert len(_rows(labs())) >= MIN_LABS
    assert len(_rows(treatments())) >= MIN_TREATMENTS


def test_the_issues_lines_are_rows():
    lab_lines = {r["line"] for r in _rows(labs())}
    treatment_lines = {r["line"] for r in _rows(treatments())}
    assert [x for x in ISSUE_LAB_LINES if x not in lab_lines] == []
    assert [x for x in ISSUE_TREATMENT_LINES if x not in treatment_lines] == []


# ------------------------------------------------------------------------------------------------ labs


def _lab_row_ids() -> list[str]:
    return _ids(_rows(labs()))


@pytest.mark.parametrize("index", range(len(_rows(labs()))), ids=_lab_row_ids())
def test_lab_row(index, shipped):
    row = _rows(labs())[index]
    _check_common(row, LAB_ROW_KEYS)
    tests = {t.id: t for t in shipped.lab_tests}
    known_spellings = {_fold(n) for t in shipped.lab_tests for n in (t.name, *t.aliases)}
    content_units = {u.casefold(): u for t in shipped.lab_tests for u in t.units}
    content_units.update({u.casefold(): u for extra in KNOWN_EXTRA_UNITS.values() for u in extra})

    past_day = TODAY
    if "visit" in row:
        assert isinstance(row["visit"], str) and DAY.fullmatch(row["visit"]), "visit is a quoted ISO day"
        past_day = min(TODAY, dt.date.fromisoformat(row["visit"]))
    if "refused" in row:
        return

    asks = _check_asks(row, LAB_ASKS)
    then = row.get("then", {})
    assert set(then) == set(asks), "every lab ask is answered in then"
    expect = row["expect"]
    assert isinstance(expect, dict)
    assert set(expect) - {"as_typed"} == LAB_EXPECT_KEYS, f"expect has exactly {sorted(LAB_EXPECT_KEYS)}"
    for key in LAB_EXPECT_KEYS:
        assert isinstance(expect[key], str), f"expect.{key} is text (quote numbers and dates)"
    as_typed = expect.get("as_typed", False)
    if "as_typed" in expect:
        assert expect["as_typed"] is True, "as_typed is given only when true"

    test_id, value, unit = expect["id"], expect["value"], expect["unit"]
    # The test: the content's name for a content id; the words as typed (and no content name) otherwise.
    if test_id:
        assert test_id in tests, f"no lab test {test_id!r} in the content"
        assert expect["test"] == tests[test_id].name, (
            f"test must be the content's name {tests[test_id].name!r}"
        )
    else:
        assert expect["test"].strip() == expect["test"] and expect["test"], (
            "a test not in the content has words"
        )
        assert _fold(expect["test"]) not in known_spellings, (
            f"{expect['test']!r} is in the content: give its id"
        )
        assert _fold(expect["test"]) in _fold(row["line"]), (
            "a test not in the content keeps the words as typed"
        )

    # The value: a number with a point (a sign kept), or the words of a text result with no unit.
    numeric = bool(NUMBER.fullmatch(value))
    assert numeric or TEXT_RESULT.fullmatch(value), f"value {value!r} is neither a number nor words"
    if not numeric:
        assert unit == "", "a text result has no unit"
        assert "unit" not in asks and "keep" not in asks, "a text result is asked no unit"
    if value.startswith("0") and len(value) > 1:
        assert value.startswith("0."), "no leading zeros but the one before a point"

    # The unit: the content's spelling; for a content test a usual unit, a known extra one, or kept as typed.
    if unit:
        assert unit.strip() == unit and " " not in unit, f"unit {unit!r} has no spaces"
        if unit.casefold() in content_units:
            assert unit == content_units[unit.casefold()], (
                f"unit must be spelled {content_units[unit.casefold()]!r}"
            )
    if test_id and numeric:
        usual = set(tests[test_id].units)
        known = usual | KNOWN_EXTRA_UNITS.get(test_id, set())
        assert unit, "a number for a content test has a unit"
        if as_typed:
            assert unit not in known, "as_typed is only for a unit that is not usual for the test"
            assert "keep" in asks and then["keep"] == "yes", "as_typed follows a yes to 'keep as typed?'"
        else:
            assert unit in known, f"{unit!r} is not a unit of {test_id} ({sorted(known)}): ask keep"
        if "unit" in asks and "keep" not in asks:
            assert len(usual) >= 2, "the unit is asked only when the content lists several usual units"
        if len(usual) == 1 and "keep" not in asks:
            assert "unit" not in asks, "a test with one usual unit gets it, never asks it"
    elif as_typed:
        raise AssertionError("as_typed is only for a content test with a number")
    if "keep" in asks:
        assert then["keep"] in ("yes", "no"), "keep is answered yes or no"
        if then["keep"] == "no":
            assert "unit" in asks and not as_typed, "'no' to keep asks the unit again"
        else:
            assert as_typed, "'yes' to keep stores as_typed: true"
    if "value" in asks:
        assert "," in row["line"], "the value is asked only for an unclear number (a thousands comma)"

    # The date: an ISO day or month that exists and is not after the day dates are read from.
    first, _last = _span(expect["date"], allow_year=False)
    assert first <= past_day, f"date {expect['date']} is after {past_day}"
    if then.get("date") == "last week":
        assert expect["date"] == (past_day - dt.timedelta(days=7)).isoformat(), "last week is 7 days back"


def test_every_lab_test_is_typed_by_name_and_by_alias(shipped):
    """Every content lab test has a row typed by its name and a row typed by one of its aliases."""
    missing = []
    rows = [r for r in _rows(labs()) if "expect" in r]
    for t in shipped.lab_tests:
        lines = [_fold(r["line"]) for r in rows if r["expect"]["id"] == t.id]
        # "urine M-protein (24-hour urine)" is typed without its ()
        name = _fold(re.sub(r"\s*\(.*\)", "", t.name))
        if not any(name in line for line in lines):
            missing.append(f"{t.id} by name {name!r}")
        if not any(_fold(a) in line for a in t.aliases for line in lines):
            missing.append(f"{t.id} by an alias")
    assert missing == []


def test_labs_cover_what_the_brief_asks():
    rows = _rows(labs())
    lines = [r["line"] for r in rows]
    got = [r["expect"] for r in rows if "expect" in r]
    values = {e["value"] for e in got}
    assert {"1.2", "0.850", "<0.1", ">1000", "1200", "0.9"} <= values
    assert any(",2 " in x or ",7 " in x or ",4 " in x for x in lines), "a decimal comma"
    assert any(".9 " in x and " .9" in x for x in lines), "a value with a leading point"
    assert any("1,200" in x for x in lines), "the ambiguous 1,200"
    assert {"negative", "too small to measure", "not detected"} <= values, "text results"
    assert any(e["id"] == "" for e in got), "a test not in the content"
    assert any(e.get("as_typed") for e in got), "a unit kept as typed"
    assert any(e["id"] in KNOWN_EXTRA_UNITS and e["unit"] == "mg/dL" for e in got), "light chains in mg/dL"
    assert any(isinstance(e["date"], str) and MONTH.fullmatch(e["date"]) for e in got), "a month only"
    for words in ("on 11/20", "nov 20", "oct 2", "11/20/2026", "2026-11-20", "last week", "yesterday",
                  "3 days ago", "september", "from the 14th", "dated 11/2", "11/31", "2/30"):  # fmt: skip
        assert any(words in x for x in lines), f"a date typed as {words!r}"
    for typo in ("kapa", "hemoglobn", "creatnine"):
        assert any(x.startswith(typo + " ") for x in lines), f"the typo {typo!r}"
    assert sum("refused" in r for r in rows) >= 5
    assert any("date" in r.get("asks", []) for r in rows) and any("unit" in r.get("asks", []) for r in rows)
    assert any("keep" in r.get("asks", []) for r in rows) and any("visit" in r for r in rows)


# ------------------------------------------------------------------------------------------------ treatments


def _spellings(shipped, drug_id: str) -> set[str]:
    """How the content spells a drug: its name, brands and aliases, and the names of a class of that one drug
    ("transplant" is the autologous stem cell transplant)."""
    d = shipped.drug_by_id[drug_id]
    out = {d.name, *d.brands, *d.aliases}
    members = [x.id for x in shipped.drugs_in(d.class_id)]
    if members == [drug_id]:
        c = shipped.class_by_id[d.class_id]
        out |= {c.name, *c.aliases}
    return out


def _all_treatment_spellings(shipped) -> set[str]:
    return {
        _fold(s)
        for s in [
            *(x for c in shipped.classes for x in (c.name, *c.aliases)),
            *(x for d in shipped.drugs for x in (d.name, d.id, *d.brands, *d.aliases)),
            *(x for r in shipped.regimens for x in (r.abbreviation, r.id, *r.spellings)),
        ]
    }


def _check_treatment(t: dict, shipped) -> None:
    assert isinstance(t, dict) and set(t) == TREATMENT_KEYS, (
        f"a treatment has exactly {sorted(TREATMENT_KEYS)}"
    )
    for key in ("name", "kind", "ref", "started", "stopped", "outcome", "reason"):
        assert isinstance(t[key], str), f"{key} is text (quote dates)"
    assert isinstance(t["drugs"], list) and all(isinstance(d, str) for d in t["drugs"]), (
        "drugs: a list of ids"
    )
    assert isinstance(t["one_time"], bool), "one_time is true or false"
    assert isinstance(t["bad_effects"], list), "bad_effects is a list"
    assert t["name"].strip() == t["name"] and t["name"], "a treatment has a name"
    assert t["kind"] in KINDS, f"kind must be one of {KINDS}"
    assert t["outcome"] in OUTCOMES, f"outcome must be one of {OUTCOMES}"
    regimens = {r.id: r for r in shipped.regimens}
    drug_ids = {d.id for d in shipped.drugs}
    for d in t["drugs"]:
        assert d in drug_ids, f"no drug {d!r} in the content"
    assert len(set(t["drugs"])) == len(t["drugs"]), "a drug is listed twice"

    kind = t["kind"]
    if kind == "regimen":
        assert t["ref"] in regimens, f"no regimen {t['ref']!r} in the content"
        r = regimens[t["ref"]]
        assert t["name"] == r.abbreviation, f"a regimen's name is its abbreviation {r.abbreviation!r}"
        assert t["drugs"] == list(r.drug_ids), (
            f"a regimen's drugs are the content's, in order: {list(r.drug_ids)}"
        )
        assert not t["one_time"]
    elif kind == "drug":
        assert t["ref"] in drug_ids, f"no drug {t['ref']!r} in the content"
        assert t["drugs"] == [t["ref"]], "a drug's drugs are [its id]"
        assert t["name"] in _spellings(shipped, t["ref"]), (
            f"{t['name']!r} is not a content spelling of {t['ref']}"
        )
        assert t["one_time"] == shipped.drug_by_id[t["ref"]].one_time, "one_time as the content says"
    elif kind == "combination":
        assert t["ref"] == "" and len(t["drugs"]) >= 2, "a combination has no ref and two drugs or more"
        matches = [r.id for r in shipped.regimens if set(r.drug_ids) == set(t["drugs"])]
        assert not matches, f"these drugs are exactly the regimen {matches}: use it"
        parts = t["name"].split(" + ")
        assert len(parts) == len(t["drugs"]), "a combination's name joins its drugs with ' + '"
        for part, d in zip(parts, t["drugs"], strict=True):
            assert part in _spellings(shipped, d), f"{part!r} is not a content spelling of {d}"
        assert not t["one_time"]
    else:
        assert t["ref"] == "" and t["drugs"] == [] and not t["one_time"], (
            "own words have no ref, drugs, one_time"
        )
        assert _fold(t["name"]) not in _all_treatment_spellings(shipped), f"{t['name']!r} is in the content"

    today = TODAY
    spans = {}
    for key in ("started", "stopped"):
        if t[key]:
            spans[key] = _span(t[key], allow_year=True)
            assert spans[key][0] <= today, f"{key} {t[key]} is after today"
    if "started" in spans and "stopped" in spans:
        assert spans["started"][0] <= spans["stopped"][1], "started comes before stopped"
    if t["one_time"]:
        assert t["stopped"] == "", "a one-time treatment has no stop"
        assert t["outcome"] != "still taking", "a one-time treatment is never still taking"
    if t["outcome"] == "still taking":
        assert t["stopped"] == "", "still taking has no stop"
    if t["outcome"] == "too early to tell":
        assert t["one_time"] and t["started"], "too early to tell is only for a (recent) one-time treatment"
        assert _span(t["started"], allow_year=True)[0] >= today - dt.timedelta(days=366), "and a recent one"
    if t["reason"]:
        assert t["outcome"] in STOP_OUTCOMES, "a reason goes with an outcome that says why it stopped"
    symptom_ids = {s.id for s in shipped.symptoms}
    for effect in t["bad_effects"]:
        assert isinstance(effect, dict) and set(effect) == {"name", "id"}, "a bad effect is {name, id}"
        assert isinstance(effect["name"], str) and effect["name"].strip(), "a bad effect has words"
        assert isinstance(effect["id"], str), "a bad effect's id is text"
        assert effect["id"] == "" or effect["id"] in symptom_ids, (
            f"no symptom {effect['id']!r} in the content"
        )


def _treatment_row_ids() -> list[str]:
    return _ids(_rows(treatments()))


@pytest.mark.parametrize("index", range(len(_rows(treatments()))), ids=_treatment_row_ids())
def test_treatment_row(index, shipped):
    row = _rows(treatments())[index]
    _check_common(row, TREATMENT_ROW_KEYS)
    if "refused" in row:
        return
    asks = _check_asks(row, TREATMENT_ASKS)
    assert "asks" in row, "a treatment row says what is still asked ([] for nothing)"
    expect = row["expect"]
    assert isinstance(expect, list) and expect, "expect is a list of treatments"
    for t in expect:
        _check_treatment(t, shipped)
    then = row.get("then", {})
    assert set(then) <= {"which"}, "only which is answered in then"
    if "which" in asks:
        assert "which" in then and len(expect) == 1, "which is answered, for a line of one treatment"
        assert expect[0]["kind"] == "drug", "which picks a drug"
        assert then["which"] in _spellings(shipped, expect[0]["ref"]), "the answer names the drug stored"
    for t in expect:  # asks say what is still missing, for each treatment of the line
        dated = bool(t["started"] or t["stopped"])
        assert ("when" in asks) == (not dated), "when is asked exactly when the line gives no date"
        if "outcome" in asks:
            assert t["outcome"] == "", "an outcome that is asked is not given"
        else:
            assert t["outcome"] != "", "an outcome not given is asked (still taking counts as given)"
        if "bad_effects" in asks:
            assert t["bad_effects"] == [], "bad effects that are asked are not given"


def test_treatments_cover_what_the_brief_asks(shipped):
    rows = _rows(treatments())
    lines = [r["line"] for r in rows]
    got = [t for r in rows for t in r.get("expect", [])]
    kinds = {t["kind"] for t in got}
    assert kinds == set(KINDS), f"every kind: {sorted(kinds)}"
    assert any(len(r.get("expect", [])) >= 3 for r in rows), "a line of several treatments"
    outcomes = {t["outcome"] for t in got}
    assert set(OUTCOMES) <= outcomes, f"every outcome: missing {sorted(set(OUTCOMES) - outcomes)}"
    assert any(t["reason"] for t in got), "an own-words reason"
    assert any(e["id"] == "" for t in got for e in t["bad_effects"]), "a bad effect not in the content"
    assert any(t["one_time"] and t["ref"] == "autologous-stem-cell-transplant" for t in got), "a transplant"
    assert any(t["one_time"] and t["ref"] != "autologous-stem-cell-transplant" for t in got), "a CAR-T"
    brands = {b for d in shipped.drugs for b in d.brands}
    assert any(t["name"] in brands for t in got), "a brand"
    for typo in ("velcad", "revlimd", "darzelex"):
        assert any(typo in x for x in lines), f"the typo {typo!r}"
    for words in ("5/2019 to 1/2020", "last year", "2 years ago", "since march 2024", "2020 - 2024",
                  "it worked for a while", "never worked", "quit because of neuropathy", "still on it",
                  "no side effects"):  # fmt: skip
        assert any(words in x for x in lines), f"a line with {words!r}"
    refused_or_asked = [
        r
        for r in rows
        if "refused" in r or "which" in r.get("asks", []) or any(t["kind"] == "" for t in r.get("expect", []))
    ]
    assert len(refused_or_asked) >= 5, "at least 5 rows refused, asked which, or kept as own words"
