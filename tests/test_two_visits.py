"""Issue 15, "after the visit, the record is the new state": a two-visit story through answers files.

After-visit stops DPd, plans Carvykti for later and starts two medicines that are not myeloma treatments (IVIG and
loperamide). The next visit's record, its call-now box, page 1 of the doctor sheet and the family text all show
the new state, not the old one."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import write

FIRST = """\
visit: {date: 2026-11-23, with: Dr. Rivera}
treatments:
  - {drug: DPd, started: 2024-03}
symptoms:
  - {name: fever, severity: moderate, note: temp 38.4}
my_questions: [Could CAR-T work for me?]
"""

AFTER = """\
decisions: Stop DPd. Carvykti in three weeks, after the evaluation.
treatment_changes:
  stop: [{name: DPd, date: 2026-11-23, reason: stopped working}]
  start: [{drug: Carvykti, starts: in 3 weeks}, IVIG, loperamide]
next_visit: in 4 weeks
after_hours: 555-0100
"""

NEXT = """\
visit: {date: 2026-12-21, with: Dr. Rivera}
"""


def _saved(result) -> str:
    assert result.exit_code == 0, result
    return Path(result.stdout.split("Saved your visit summary: ")[1].split("\n")[0].strip()).stem


def test_after_visit_stops_plans_and_starts_and_the_next_visit_shows_the_new_state(run, home, tmp_path, pinned_day):
    first = _saved(run("new-visit", "--answers", write(tmp_path, "first.yaml", FIRST)))
    after = run("after-visit", first, "--answers", write(tmp_path, "after.yaml", AFTER))
    assert after.exit_code == 0, after
    # what was read differently from the text is said once: relative dates count from the visit's day
    assert "'Carvykti' read as Carvykti: planned for Monday 14 December 2026" in after.stdout
    assert "'IVIG' is not a myeloma treatment: on the medicines list" in after.stdout
    assert "next_visit: 'in 4 weeks' read as Monday 21 December 2026" in after.stdout

    second = _saved(run("new-visit", "--answers", write(tmp_path, "next.yaml", NEXT)))
    rec = json.loads((home / "visits" / f"{second}.json").read_text(encoding="utf-8"))
    ts = {t["name"]: t for t in rec["treatments"]}
    assert ts["DPd"]["stopped"] == "2026-11-23" and ts["DPd"]["outcome"] == "stopped working"
    assert ts["Carvykti"]["planned"] is True and ts["Carvykti"]["started"] == "2026-12-14"
    assert set(ts) == {"DPd", "Carvykti"}  # IVIG and loperamide are medicines, not myeloma treatments
    assert rec["medicines"] == ["IVIG", "loperamide (Imodium)"]
    assert rec["about"]["after_hours"] == "555-0100"
    assert rec["call_now"] == []  # last visit's fever is not this visit's alarm

    # page 1 of the doctor sheet: the new state, no "on DPd", a planned CAR-T is not a drug type had
    result = run("print", second, "--no-open", "--output", tmp_path / "page.html")
    assert result.exit_code == 0, result
    page = " ".join(re.sub("<[^>]+>", " ", (tmp_path / "page.html").read_text(encoding="utf-8")).split())
    sheet = page.split("Made with rrmm-prep, a preparation aid.")[0]
    assert "March 2024 to Monday 23 November 2026 stopped working" in sheet
    assert "Planned: Carvykti (from Monday 14 December 2026)." in sheet
    assert "On now:" not in sheet
    assert "CAR-T cell therapy" not in sheet.split("Drug types had:")[1].split(".")[0]
    assert "IVIG; loperamide (Imodium)." in sheet

    # the family text made after the first visit leads with the plan, tells the fever as past, explains words
    assert run("export", first, "--for-family", "--format", "txt").exit_code == 0
    family = " ".join((home / "exports" / f"{first}-family.txt").read_text(encoding="utf-8").split())
    assert "CALL YOUR CARE TEAM NOW" not in family.upper().split("WHAT WAS DECIDED")[0]
    assert family.index("About myeloma: A cancer of plasma cells") < family.index("What was decided")
    assert "Stopping: DPd (stopped working)" in family
    assert "Starting: Carvykti (planned from Monday 14 December 2026), IVIG and loperamide (Imodium)" in family
    assert "Before the visit, this was reported: fever." in family
    assert "Once Carvykti is given, call the care team right away about:" in family
    assert "you are on DPd" not in family and "you recently had DPd" in family
    for word in ("DPd: a combination", "Carvykti", "IVIG: Antibodies", "loperamide (Imodium): A medicine"):
        assert word in family.split("Words and medicines in these notes")[1], word
