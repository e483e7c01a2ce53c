"""The HTML export (rrmm_prep.render.html): self-contained, escaped, printable, with SVG charts.

Golden files live in tests/golden/export_*: built from documents written here, not from any content, so a
wording change in data/*.yaml never changes them. Run with UPDATE_GOLDEN=1 to rewrite them after a deliberate
change (and read the diff before committing it).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from helpers import check_golden
from rrmm_prep.form import defaults
from rrmm_prep.form.kinds import Ctx
from rrmm_prep.form.questions import settle_questions
from rrmm_prep.model.visit import Effect, LabValue, QuestionItem, SymptomReport, Treatment, Visit
from rrmm_prep.render import (
    calls,
    html,  # noqa: TID253 (the module under test)
    summary,
)
from rrmm_prep.render.doc import Break, Bullets, Callout, Chart, Doc, Fields, Heading, Para, Table, Tasks

# ------------------------------------------------------------------------------------------------ helpers

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN = {"style", "title", "head"}  # text inside these is not shown on the page


class Page(HTMLParser):
    """Parse a page: check that tags are balanced, and collect tags, attributes and the visible text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []  # (tag, name, value)
        self.text_parts: list[str] = []
        self.hidden = 0
        self.feed(source)
        self.close()
        if self.stack:
            self.errors.append(f"never closed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value) for name, value in attrs]
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in HIDDEN:
            self.hidden += 1

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value) for name, value in attrs]

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag for void element </{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        if tag in HIDDEN:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        """The visible text, with runs of white space made one space."""
        return " ".join("".join(self.text_parts).split())


def parse(source: str) -> Page:
    page = Page(source)
    assert page.errors == [], page.errors
    return page


def assert_self_contained(source: str) -> None:
    page = parse(source)
    low = source.lower()
    for banned in (
        "<script",
        "<link",
        "<iframe",
        "<object",
        "<embed",
        "<img",
        "<base",
        "<form",
        "@import",
        "url(",
    ):
        assert banned not in low, f"{banned!r} found in the page"
    for tag, name, value in page.attrs:
        assert not name.startswith("on"), f"event handler {name} on <{tag}>"
        if name in ("src", "href", "xlink:href", "srcset", "action", "data", "poster", "background"):
            assert "http" not in (value or "").lower() and "//" not in (value or ""), (
                f"<{tag} {name}={value!r}>"
            )
    for tag in ("html", "head", "body", "main", "style"):
        assert page.tags.count(tag) == 1, f"<{tag}> appears {page.tags.count(tag)} times"
    assert page.tags[: page.tags.index("body")].count("title") == 1  # (an SVG chart has its own <title>)
    csp = [v for t, n, v in page.attrs if t == "meta" and n == "content" and v and "default-src" in v]
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'; img-src data:"]


def small_doc() -> Doc:
    return Doc(
        [
            Heading("Visit on Thursday 3 December 2026"),
            Callout(
                "Call your care team now. Do not wait for this visit.",
                ["fever (38.4 C): may be a sign of an infection."],
                fill_in="Your care team's after-hours number:",
            ),
            Heading("The visit", 2),
            Fields([("Date", "Thursday 3 December 2026"), ("With", "Dr. Rivera & team")]),
            Heading("Ask these first", 2),
            Tasks(
                ["Can I get the infusions closer to home?", "Is it safe to fly?", "What are my options?"],
                done=[False, True, False],
                numbers=[1, 2, 3],
                notes=[[], [], ["Suggested because your visit is about choosing a new treatment."]],
                answers=["", "Yes, after the next cycle.", None],
            ),
            Heading("Treatments so far", 2),
            Table(["Treatment", "When"], [["VRd", "2023-02 to 2024-01"], ["Darzalex"]]),
            Bullets(["type 2 diabetes", "high blood pressure"]),
            Bullets(["first", "second"], numbered=True, start=3),
            Chart("M-protein", "g/dL", [("2026-09-10", 0.8), ("2026-12-03", 1.2)]),
            Para("Before you go", "strong"),
            Tasks(["Bring your medicines list."]),
            Para("Content reviewed 2026-11-23. Not medical advice.", "muted"),
        ]
    )


def realistic_visit(content) -> Visit:
    """A visit with 8 questions (3 to ask first), two treatments, symptoms with fever, and labs."""
    visit = defaults.start(content, None, today=dt.date(2026, 11, 23))
    visit.info.date = "2026-12-03"
    visit.info.time = "10:30"
    visit.info.clinician = "Dr. Rivera, hematology"
    visit.info.place = "Riverside Cancer Center"
    visit.info.companion = "Maria (my daughter)"
    visit.treatments = [
        Treatment(
            name="VRd",
            kind="regimen",
            drugs=["bortezomib", "lenalidomide", "dexamethasone"],
            started="2023-02",
            stopped="2024-01",
            outcome="stopped working",
            bad_effects=[Effect("numbness in my feet", "numbness"), Effect("trouble sleeping")],
        ),
        Treatment(
            name="Darzalex",
            kind="drug",
            ref="daratumumab",
            drugs=["daratumumab"],
            started="2024-02",
            outcome="still taking",
        ),
    ]
    visit.symptoms = [
        SymptomReport(
            "numbness or tingling", id="numbness", severity="moderate", note="worse in the evening"
        ),
        SymptomReport("fever", id="fever", note="38.4 C last night"),
    ]
    visit.daily_life = "I walk the dog every morning, and rest after lunch."
    visit.health_problems = ["type 2 diabetes", "high blood pressure"]
    visit.medicines = ["metformin 500 mg twice a day"]
    visit.goals = ["keep walking my dog", "be well enough for a wedding in June"]
    visit.labs = [
        LabValue("M-protein", "1.2", "g/dL", "2026-12-01", id="m-protein"),
        LabValue("Kappa free light chain", "88", "mg/L", "2026-12-01", id="kappa-flc"),
    ]
    visit.questions = [
        QuestionItem("Can I get the infusions closer to home?", topic="own"),
        QuestionItem("Is it safe to travel by plane in June?", topic="own"),
    ]
    ticked = [q.id for t in content.topics for q in t.questions][:6]
    settle_questions(Ctx(content, visit), ticked)
    visit.ask_first = [0, 1, 2]
    visit.notes = "My sister can drive me to appointments on Tuesdays."
    assert len(visit.questions) == 8
    return visit


def realistic_doc(content) -> tuple[Doc, str]:
    """The summary of realistic_visit with a lab chart after the lab table (as the trends work will add)."""
    visit = realistic_visit(content)
    doc = summary.build(content, visit)
    at = next(
        i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.text.startswith("Lab results")
    )
    chart = Chart(
        "M-protein",
        "g/dL",
        [("2026-03-02", 0.5), ("2026-06-11", 0.6), ("2026-09-10", 0.8), ("2026-12-03", 1.2)],
    )
    doc.blocks.insert(at + 2, chart)
    return doc, summary.title(visit)


# ------------------------------------------------------------------------------------------------ the page


def test_small_doc_golden():
    page = html.html(small_doc(), "Visit on Thursday 3 December 2026")
    assert_self_contained(page)
    check_golden("export_small.html", page)


def test_chart_golden():
    chart = Chart(
        "M-protein",
        "g/dL",
        [
            ("2026-03-02", 0.5),
            ("2026-06-11", 0.6),
            ("2026-09-10", 0.8),
            ("2026-12-03", 1.2),
            ("2027-01-07", 0.9),
        ],
    )
    check_golden("export_chart.svg", html.svg_chart(chart) + "\n")


def test_output_is_deterministic():
    assert html.html(small_doc(), "t") == html.html(small_doc(), "t")


def test_page_basics_and_print_css():
    page = html.html(small_doc(), "My <visit> & notes")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>My &lt;visit&gt; &amp; notes</title>" in page
    assert '<meta charset="utf-8">' in page
    css = re.search(r"<style>(.*)</style>", page, re.S).group(1)
    assert "overflow-wrap: anywhere" in css
    assert "max-width:" in css
    assert "@media print" in css
    page_rule = re.search(r"@page\s*{([^}]*)", css).group(1)
    margin = re.search(r"margin: (\d+)mm", page_rule)
    assert margin and 12 <= int(margin.group(1)) <= 20, page_rule  # room to hold and to punch the sheet
    assert not re.search(r"(^|[;{\s])size:", page_rule)  # A4 and Letter alike
    assert "break-after: avoid" in css and "break-inside: avoid" in css
    assert re.search(r"html { font-size: 1[89]px", css)  # large type on screen
    assert re.search(r"@media print {\s*html { font-size: 1[234](\.\d)?pt", css)  # and in print


def test_real_summary_exports(shipped):
    doc, title = realistic_doc(shipped)
    page = html.html(doc, title)
    assert_self_contained(page)
    text = parse(page).text
    assert calls.CALL_NOW in text
    assert "Thursday 3 December 2026" in text
    assert "Can I get the infusions closer to home?" in text
    assert page.count('class="answer blank"') == 8  # room to write each answer by hand
    assert page.count("<svg") == 1
    assert page.count("<section>") == len([b for b in doc.blocks if isinstance(b, Heading) and b.level == 2])
    assert page.index('class="callout"') < page.index("The visit")  # urgent first
    assert "metformin 500 mg twice a day" in text
    assert summary.NOT_ADVICE in text


def test_family_summary_exports(shipped):
    visit = realistic_visit(shipped)
    visit.private_notes = "Only for me"
    page = html.html(summary.build(shipped, visit, for_family=True), "For family")
    assert_self_contained(page)
    assert "Only for me" not in page
    assert calls.CALL_NOW in parse(page).text


def test_a_break_puts_the_doctor_sheet_on_its_own_page():
    """Issue 11: the doctor sheet comes first, on a page of its own; what follows starts a new page."""
    doc = Doc(
        [Heading("For your doctor"), Para("the sheet"), Break(), Heading("Your summary"), Para("the rest")]
    )
    page = html.html(doc, "t")
    assert_self_contained(page)
    sheet = page.index('<div class="sheet">')
    rest = page.index('<div class="page">')
    assert sheet < page.index("the sheet") < rest < page.index("the rest")
    css = re.search(r"<style>(.*)</style>", page, re.S).group(1)
    assert re.search(r"\.sheet {[^}]*break-after: page", css)
    assert '<div class="sheet">' not in html.html(Doc([Para("one page")]), "t")


def test_the_printable_page_starts_with_the_doctor_sheet(shipped):
    visit = realistic_visit(shipped)
    visit.private_notes = "PRIVATE-MARKER only for me"
    page = html.html(summary.printable(shipped, visit), summary.title(visit))
    assert_self_contained(page)
    sheet = page[page.index('<div class="sheet">') : page.index('<div class="page">')]
    text = parse(sheet).text
    for words in ("Dr. Rivera", "VRd", "Darzalex", "metformin", calls.CALL_NOW):
        assert words in text, words
    assert "PRIVATE-MARKER" not in page


# ------------------------------------------------------------------------------------------------ escaping

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "rich": "[bold]x[/] [/]",
    "markdown": "**md** _em_ `code` # heading | pipe",
    "quotes": "\"double\" & 'single' <b>bold</b> &amp;",
    "emoji": "🩸 blood test 👨‍👩‍👧 family 👍🏽",
    "long-word": "A" * 250 + "B" * 250,
}

PLACES = {
    "heading": lambda s: Doc([Heading(s, 2)]),
    "para": lambda s: Doc([Para(s)]),
    "para-muted": lambda s: Doc([Para(s, "muted")]),
    "bullet": lambda s: Doc([Bullets(["ok", s])]),
    "numbered": lambda s: Doc([Bullets([s], numbered=True)]),
    "task": lambda s: Doc([Tasks([s], numbers=[1], answers=[""])]),
    "task-note": lambda s: Doc([Tasks(["q"], notes=[[s]])]),
    "task-answer": lambda s: Doc([Tasks(["q"], done=[True], answers=[s])]),
    "table-header": lambda s: Doc([Table([s, "b"], [["1", "2"]])]),
    "table-cell": lambda s: Doc([Table(["a", "b"], [["1", s]])]),
    "field-label": lambda s: Doc([Fields([(s, "v")])]),
    "field-value": lambda s: Doc([Fields([("Label", s)])]),
    "callout-title": lambda s: Doc([Callout(s, ["x"])]),
    "callout-line": lambda s: Doc([Callout("Call now", [s])]),
    "callout-fill-in": lambda s: Doc([Callout("Call now", [], fill_in=s)]),
    "chart-title": lambda s: Doc([Chart(s, "g/dL", [("2026-01-01", 1.0)])]),
    "chart-unit": lambda s: Doc([Chart("M-protein", s, [("2026-01-01", 1.0)])]),
    "chart-date": lambda s: Doc([Chart("M-protein", "g/dL", [(s, 1.0), ("2026-02-01", 2.0)])]),
}


@pytest.mark.parametrize("hostile", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("place", PLACES.values(), ids=PLACES.keys())
def test_hostile_text_is_shown_literally(place, hostile):
    page = html.html(place(hostile), hostile)
    assert_self_contained(page)
    assert "<script>" not in page and "<b>" not in page
    without_breaks = page.replace("<wbr>", "")
    assert html._esc(hostile) in without_breaks  # escaped in the source
    assert hostile in parse(page).text  # and shown exactly as typed


def test_dates_in_table_cells_stay_on_one_line():
    page = html.html(Doc([Table(["When"], [["since 2024-02"], ["2023-02 to 2024-01-15"]])]), "t")
    assert '<td>since <span class="nobr">2024-02</span></td>' in page
    assert '<td><span class="nobr">2023-02</span> to <span class="nobr">2024-01-15</span></td>' in page


def test_long_words_in_table_cells_get_break_points():
    word = "x" * 500
    page = html.html(Doc([Table(["Note"], [[word]])]), "t")
    cell = re.search(r"<td>(.*?)</td>", page).group(1)
    assert cell.replace("<wbr>", "") == word
    assert max(len(chunk) for chunk in cell.split("<wbr>")) <= 10


@pytest.mark.parametrize(
    "text",
    ["👨‍👩‍👧" * 12, "e\u0301" * 30, "👍🏽" * 20, "1️⃣" * 20],
    ids=["zwj-family", "combining-accent", "skin-tone", "keycap"],
)
def test_break_points_never_split_a_character_sequence(text):
    cell = html._esc_cell(text)
    assert cell.replace("<wbr>", "") == text
    for chunk in cell.split("<wbr>")[1:]:
        assert chunk[0] not in "\u200d\ufe0f\u20e3\u0301" and not "\U0001f3fb" <= chunk[0] <= "\U0001f3ff"


def test_control_characters_are_dropped():
    page = html.html(Doc([Para("bell\x07 and nul\x00 and esc\x1b[31m")]), "t")
    assert "<p>bell and nul and esc[31m</p>" in page


# ------------------------------------------------------------------------------------------------ blocks


@pytest.mark.parametrize(
    ("answer", "present", "absent"),
    [
        ("", ['class="answer blank"', 'class="write"', "<span></span><span></span>"], []),
        (
            "Yes, next month.",
            ['<span class="answer-label">Answer:</span> Yes, next month.'],
            ['class="write"'],
        ),
        (None, [], ["Answer:", 'class="write"']),
    ],
    ids=["blank-lines-to-write-on", "answer-shown", "no-answer-line"],
)
def test_task_answers(answer, present, absent):
    page = html.html(Doc([Tasks(["Is it safe?"], numbers=[4], answers=[answer])]), "t")
    for s in present:
        assert s in page
    for s in absent:
        assert s not in page
    assert '<span class="num">4.</span> Is it safe?' in page
    assert "<input" not in page  # drawn boxes, nothing to click


def test_tasks_boxes_and_layout():
    page = html.html(small_doc(), "t")
    assert page.count('class="box"') == 4
    assert page.count('<li class="done"><span class="box" role="img" aria-label="done">') == 1
    assert page.count('aria-label="to do"') == 3
    assert '<ul class="tasks qa">' in page  # questions: one column, room to write
    assert '<ul class="tasks check">' in page  # plain checklists: two columns in print
    assert '<span class="note">Suggested because' in page


def test_callout_is_first_class():
    page = html.html(small_doc(), "t")
    assert '<aside class="callout" role="note" aria-labelledby="callout-1">' in page
    assert (
        '<p class="callout-title" id="callout-1"><span class="callout-mark" aria-hidden="true">!</span>'
        in page
    )
    assert (
        '<p class="fill-in"><span class="fill-in-label">Your care team&#x27;s after-hours number:</span>'
        '<span class="fill-in-line" aria-hidden="true"></span></p>'
    ) in page
    css = re.search(r"\.callout {([^}]*)}", page).group(1)
    assert re.search(r"border: [4-9]px solid", css)  # a border, so it shows in black and white


def test_table_fields_and_lists():
    page = html.html(small_doc(), "t")
    assert '<thead><tr><th scope="col">Treatment</th><th scope="col">When</th></tr></thead>' in page
    assert "<tr><td>Darzalex</td><td></td></tr>" in page  # a short row is padded
    assert '<div class="table-wrap">' in page  # scrolls on a narrow screen
    assert "<div><dt>With</dt><dd>Dr. Rivera &amp; team</dd></div>" in page
    assert '<ol start="3">' in page
    assert '<p class="strong">Before you go</p>' in page
    assert '<figure class="chart">\n<svg' in page


@pytest.mark.parametrize(
    ("blocks", "two_up"),
    [
        (
            [
                Heading("Health problems", 2),
                Bullets(["diabetes", "high blood pressure"]),
                Heading("Medicines", 2),
                Bullets(["metformin"]),
            ],
            True,
        ),
        (
            [
                Heading("Goals", 2),
                Bullets(["walk the dog"]),
                Heading("Notes", 2),
                Para("My sister drives me."),
            ],
            True,
        ),
        (
            [
                Heading("Health problems", 2),
                Bullets(["diabetes"]),
                Heading("Treatments", 2),
                Table(["a"], [["b"]]),
            ],
            False,
        ),
        (
            [
                Heading("Health problems", 2),
                Bullets(["diabetes"] * 6),
                Heading("Medicines", 2),
                Bullets(["x"]),
            ],
            False,
        ),
        ([Heading("Notes", 2), Para("x" * 130), Heading("Medicines", 2), Bullets(["x"])], False),
        ([Heading("Medicines", 2), Bullets(["x"])], False),
    ],
    ids=["two-short-lists", "list-and-note", "next-to-a-table", "long-list", "long-line", "alone"],
)
def test_short_sections_go_side_by_side(blocks, two_up):
    page = html.html(Doc(blocks), "t")
    parse(page)
    assert ('<div class="two-up">' in page) is two_up
    assert page.count("<section>") == len([b for b in blocks if isinstance(b, Heading)])


# ------------------------------------------------------------------------------------------------ chart

NUMBER_ATTR = re.compile(r'\b(?:x|y|x1|x2|y1|y2|cx|cy|r|width|height)="([^"]*)"')


def chart_numbers(svg: str) -> list[str]:
    nums = NUMBER_ATTR.findall(svg)
    for pts in re.findall(r'points="([^"]*)"', svg):
        nums += re.split(r"[ ,]", pts)
    return [n for n in nums if n != "100%"]


@pytest.mark.parametrize(
    "points",
    [
        [],
        [("2026-12-03", 1.2)],
        [("2026-09-10", 0.8), ("2026-12-03", 1.2)],
        [("2026-09-10", 45.0), ("2026-12-03", 45.0), ("2027-01-07", 45.0)],
        [("a", 0.0), ("b", 0.0)],
        [("2026-01-01", -3.5), ("2026-02-01", 2.25), ("2026-03-01", 150000.0)],
        [(f"2026-{m:02d}-01", float(m % 4)) for m in range(1, 13)],
    ],
    ids=["none", "one", "two", "all-equal", "all-zero", "negative-and-large", "twelve"],
)
def test_svg_chart_shapes(points):
    svg = html.svg_chart(Chart("M-protein", "g/dL", points))
    assert svg == html.svg_chart(Chart("M-protein", "g/dL", points))  # deterministic
    assert svg.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 240" width="100%" role="img"'
    )
    page = parse(svg)
    assert page.tags[1] == "title"
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    for n in chart_numbers(svg):
        assert re.fullmatch(r"-?\d+(\.\d)?", n), n
    markers = [t for t in page.tags if t in ("circle", "rect", "polygon")]
    assert len(markers) == len(points)
    assert ("polyline" in page.tags) == (len(points) > 1)
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    for date, value in points:
        assert date in texts
        assert html._value(value) in texts
    aria = re.search(r'aria-label="([^"]*)"', svg).group(1)
    assert aria.startswith("M-protein (g/dL). ")
    if not points:
        assert "No values to draw" in texts


def test_svg_chart_marks_points_with_different_shapes():
    svg = html.svg_chart(Chart("Kappa", "mg/L", [("a", 1), ("b", 3), ("c", 2), ("d", 4)]))
    assert svg.count("<circle") == 1 and svg.count("<rect") == 1 and svg.count("<polygon") == 2
    assert 'stroke="#000"' in svg and 'fill="red"' not in svg


def test_svg_chart_equal_values_draw_a_flat_line():
    svg = html.svg_chart(Chart("Calcium", "mg/dL", [("a", 9.5), ("b", 9.5), ("c", 9.5)]))
    line = re.search(r'<polyline points="([^"]*)"', svg).group(1)
    ys = {p.split(",")[1] for p in line.split()}
    assert len(ys) == 1


def test_svg_chart_skips_values_that_are_not_numbers():
    svg = html.svg_chart(Chart("Calcium", "", [("a", float("nan")), ("b", 9.5), ("c", float("inf"))]))
    assert svg.count("<circle") == 1 and ">b<" in svg and ">a<" not in svg


# ------------------------------------------------------------------------------------------------ import cost


def test_export_imports_nothing_heavy():
    code = (
        "import sys, rrmm_prep.render.html\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'rich', 'yaml', 'typer', 'markdown_it'})\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
