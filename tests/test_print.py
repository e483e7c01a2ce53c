"""The page to print and bring (issue 11): the one-page doctor sheet first, then the full summary and checklists;
`rrmm-prep print` writing it where a person can find it and opening it; private notes left out of everything
printed or shared unless asked for. (Chromium prints it in test_browser.py.)"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from helpers import make_roberts_visits

PRIVATE = "PRIVATE-NOTE-MARKER"


@pytest.fixture
def robert(run, home, tmp_path, pinned_day) -> str:
    return make_roberts_visits(run, tmp_path)


def sheet_text(shipped, home, visit_id: str) -> str:
    from rrmm_prep.render import summary
    from rrmm_prep.render.text import render_text
    from rrmm_prep.store import find

    visit = find.resolve(visit_id)
    return render_text(summary.doctor_sheet(shipped, visit, find.earlier(visit)), 100)


# ------------------------------------------------------------------------------------------------ the sheet


def test_the_doctor_sheet_has_what_the_doctor_needs_first(robert, shipped, home):
    text = sheet_text(shipped, home, robert)
    for words in (
        "ROBERT LEE: VISIT SUMMARY FOR DR. RIVERA, HEMATOLOGY",
        "Born: 14 May 1955",
        "Myeloma: IgG kappa",
        "Diagnosed: March 2019",
        "Allergies: penicillin",
        "Anna (my daughter)",
    ):
        assert words in text, words
    # the call-now box, with the after-hours number about me holds
    assert "CALL YOUR CARE TEAM NOW" in text and "after-hours number: 555-0100" in text
    assert text.index("CALL YOUR CARE TEAM NOW") < text.index("Treatment history")


def test_the_history_reads_as_lines_of_therapy_with_the_transplant_in_its_place(robert, shipped, home):
    text = " ".join(sheet_text(shipped, home, robert).split())
    # a transplant and the maintenance after it are in the line of the induction before them
    rows = (
        "Line: 1; Treatment: VRd",
        "Line: 1; Treatment: autologous stem cell transplant",
        "Line: 1; Treatment: Revlimid",
        "Line: 2; Treatment: DPd",
    )
    order = [text.index(n) for n in rows]
    assert order == sorted(order)
    assert "April 2019 to December 2019" in text and "worked" in text
    assert "February 2020" in text and "one-time" in text
    assert "stopped working" in text and "since March 2024" in text
    # the drug types had, each with the person's own names, and the plain fact doctors use
    assert "Proteasome inhibitor: bortezomib (in VRd)" in text
    assert "IMiD: Revlimid (also in VRd) and pomalidomide (in DPd)" in text
    assert "Anti-CD38 antibody: daratumumab (in DPd)" in text
    assert "Doctors call this triple-class exposed" in text
    assert "advice" not in text.lower().split("triple-class exposed")[1].split(".")[1]  # a fact, no advice


def test_what_is_new_since_the_last_visit_medicines_and_the_top_three_questions(robert, shipped, home):
    text = " ".join(sheet_text(shipped, home, robert).split())
    assert "New since the last visit" in text
    # each result beside the same test's value last time: facts, no verdicts
    assert (
        "M-protein; Result: 1.2 g/dL; Date: 20 November 2026; Last time: 0.6 g/dL (1 September 2026)" in text
    )
    assert "free light chain kappa; Result: 85.2 mg/L" in text and "Last time: 40.1 mg/L" in text
    assert "hemoglobin; Result: 10.9 g/dL; Date: 20 November 2026; Last time: -" in text
    assert "back or neck pain (new)" in text and "new, lower back" in text
    assert "numbness or tingling (new)" not in text  # it was there last time
    for medicine in ("metformin 500 mg twice a day", "lisinopril 10 mg", "aspirin 81 mg", "acyclovir 400 mg"):
        assert medicine in text
    top = text.split("My top questions")[1]
    assert "1. Can I travel to the wedding in June?" in top and "3." in top and "4." not in top
    assert PRIVATE not in text


# ------------------------------------------------------------------------------------------------ print


def test_print_writes_the_page_where_a_person_finds_it_and_opens_it(run, robert, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    result = run("print")
    assert result.exit_code == 0, result
    page = tmp_path / "documents" / "rrmm-prep" / f"{robert}.html"
    assert page.exists() and stat.S_IMODE(page.stat().st_mode) == 0o600
    assert f"The page to print is: {page}" in result.stdout
    assert opened == [page.resolve().as_uri()]
    assert "open in your web browser" in result.stdout
    html = page.read_text()
    assert html.index("Treatment history") < html.index('class="page"') < html.index("Before you go")
    assert PRIVATE not in html


def test_print_no_open_and_output(run, robert, tmp_path, monkeypatch):
    monkeypatch.setattr("webbrowser.open", lambda url: pytest.fail("the browser must not open"))
    out = tmp_path / "for-dr-rivera.html"
    result = run("print", "--no-open", "--output", out)
    assert result.exit_code == 0, result
    assert out.exists() and str(out) in result.stdout


def test_print_with_private_notes_only_when_asked(run, robert, tmp_path):
    out = tmp_path / "mine.html"
    assert run("print", "--no-open", "--with-private-notes", "--output", out).exit_code == 0
    assert PRIVATE in out.read_text()


def test_a_browser_that_cannot_start_still_leaves_the_page(run, robert, tmp_path, monkeypatch):
    def broken(url):
        raise OSError("no display")

    monkeypatch.setattr("webbrowser.open", broken)
    result = run("print")
    assert result.exit_code == 0, result
    assert "Open it in your web browser to print it." in result.stdout


def test_forget_deletes_the_printed_page_too(run, robert, tmp_path):
    assert run("print", "--no-open").exit_code == 0
    page = tmp_path / "documents" / "rrmm-prep" / f"{robert}.html"
    assert page.exists()
    assert run("forget", robert, "--yes").exit_code == 0
    assert not page.exists()


# ------------------------------------------------------------------------------------------------ private notes


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "md"),
        ("export", "--format", "txt"),
        ("export", "--format", "html"),
        ("export", "--for-family", "--format", "md"),
        ("export", "--for-family", "--format", "txt"),
        ("export", "--for-family", "--format", "html"),
        ("export", "--all", "--format", "md"),
        ("export", "--all", "--for-family", "--format", "txt"),
        ("print", "--no-open"),
    ],
    ids=lambda a: " ".join(a),
)
def test_the_private_note_is_in_no_printed_or_family_output(run, robert, tmp_path, args):
    out = tmp_path / "out.file"
    result = run(*args, "--output", out)
    assert result.exit_code == 0, result
    assert PRIVATE not in out.read_text() and PRIVATE not in result.stdout
    # ... while the person's own summary keeps it
    assert PRIVATE in (Path(tmp_path) / "home" / "visits" / f"{robert}.md").read_text()


def test_the_printed_page_has_each_id_once(run, home, tmp_path, pinned_day):
    """The doctor sheet and the summary after it both have a call-now box; their ids (which the boxes' labels
    point at) differ."""
    import re

    robert = make_roberts_visits(run, tmp_path)
    out = tmp_path / "page.html"
    assert run("print", robert, "--no-open", "--output", out).exit_code == 0
    page = out.read_text()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) >= 2, "the page should have a call box on the sheet and in the summary"
    assert len(ids) == len(set(ids)), ids
    for label in re.findall(r'aria-labelledby="([^"]+)"', page):
        assert label in ids
