"""The visit summary as Markdown (issue 3): its shape when parsed by markdown-it-py, and doc.md_escape.

Headings and task items are read from the parsed Markdown, not from the raw text, so the tests see what a
Markdown viewer shows. Question texts and counts come from the content, never from these tests.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import (
    EXAMPLE_ANSWERS,
    block_shape,
    check_golden,
    flat,
    heading_texts,
    html_text,
    md_html,
    md_text,
    task_items,
    use_small_content,
    visit_files,
    write,
)

EXAMPLE_SECTIONS = [
    "The visit",
    "Ask these first",
    "More questions",
    "Treatments so far",
    "How I have been",
    "Other health problems",
    "Medicines I take now",
    "My goals for the next treatment",
    "Other notes",
    "Before you go",
    "Before you leave",
]


norm = flat


def shown(text: str) -> str:
    """What a Markdown viewer should show for a text: line breaks folded into spaces, white space at the ends
    trimmed (in Python that includes VT, FF, NEL and the separators \\x1c-\\x1f), every other control character
    as a visible escape (^[, ^G, <U+009B>: issue 12), white space runs made one space."""
    import re

    from rrmm_prep.control_chars import visible

    return norm(visible(re.sub(r"\r\n|\r|\n", " ", text).strip()))


@pytest.fixture
def example(run, home, tmp_path):
    """(summary text, record dict) of the issue 3 example."""
    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 0, result
    [md] = visit_files(home)
    record = json.loads(md.with_suffix(".json").read_text(encoding="utf-8"))
    return md.read_text(encoding="utf-8"), record


def test_example_sections_in_order(example, shipped):
    text, record = example
    assert heading_texts(text, 1) == ["Visit on Thursday 3 December 2026 with Dr. Rivera, hematology"]
    assert heading_texts(text, 2) == EXAMPLE_SECTIONS
    # Topic headings under "More questions" follow the content's topic order.
    topic_order = [t.title for t in shipped.topics] + ["My own questions"]
    h3 = heading_texts(text, 3)
    assert h3 and all(t in topic_order for t in h3)
    assert h3 == sorted(h3, key=topic_order.index)


def test_urgent_callout_comes_first(example):
    from rrmm_prep.render import calls

    text, _ = example
    shape = block_shape(text)
    assert shape[:3] == ["heading_open:h1", "heading_close:h1", "blockquote_open:blockquote"]
    quote = md_html(text).split("</blockquote>")[0]
    assert calls.CALL_NOW in html_text(quote)
    assert "fever" in html_text(quote) and "38.4 C last night" in html_text(quote)
    assert calls.AFTER_HOURS in html_text(quote)


def test_no_urgent_callout_without_urgent_symptoms(run, home, tmp_path):
    from rrmm_prep.render import calls

    calm = EXAMPLE_ANSWERS.replace("  - name: fever\n    note: 38.4 C last night\n", "")
    path = write(tmp_path, "answers.yaml", calm)
    assert run("new-visit", "--answers", path).exit_code == 0
    [md] = visit_files(home)
    text = md.read_text(encoding="utf-8")
    assert calls.CALL_NOW not in text
    assert "blockquote_open:blockquote" not in block_shape(text)
    assert heading_texts(text, 2)[0] == "The visit"


def test_task_items_are_questions_and_checklists(example, shipped):
    text, record = example
    items = task_items(text)
    questions = record["questions"]
    assert len(items) == len(questions) + len(shipped.before_you_go) + len(shipped.before_you_leave)
    # Questions are numbered 1..N in the order shown, the three to ask first at the top.
    numbered = items[: len(questions)]
    for n, item in enumerate(numbered, 1):
        assert item.startswith(f"[ ] {n}. "), item
    firsts = [questions[i]["text"] for i in record["ask_first"]]
    for n, q in enumerate(firsts, 1):
        assert q in numbered[n - 1]
    # Each question has a line to write the answer on.
    shown = md_text(text)
    assert shown.count("Answer:") == len(questions)


def test_not_advice_line_and_content_date(example, shipped):
    from rrmm_prep.render import summary

    text, _ = example
    shown = norm(md_text(text))
    assert norm(summary.NOT_ADVICE) in shown
    assert f"Content reviewed {shipped.reviewed}." in shown
    # It is the last thing in the summary.
    assert shown.endswith(norm(summary.NOT_ADVICE))


def test_treatment_history_is_a_table(example):
    text, _ = example
    html = md_html(text)
    assert "<table>" in html
    table = html.split("<table>")[1].split("</table>")[0]
    cells = html_text(table)
    for words in (
        "VRd",
        "bortezomib, lenalidomide, dexamethasone",
        "Darzalex",
        "daratumumab",
        "stopped working",
    ):
        assert words in cells


def _visit(**kwargs):
    from rrmm_prep.model.visit import Visit

    v = Visit(**kwargs)
    v.info.date = "2026-12-03"
    return v


def test_a_visit_without_questions_leaves_room_to_write(shipped):
    from rrmm_prep.render import summary

    text = summary.markdown(shipped, _visit())
    assert "My questions" in heading_texts(text, 2)
    assert "Ask these first" not in heading_texts(text, 2)
    items = task_items(text)
    assert len(items) == 1 + len(shipped.before_you_go) + len(shipped.before_you_leave)


def test_without_ask_first_the_questions_are_my_questions(shipped):
    from rrmm_prep.model.visit import QuestionItem
    from rrmm_prep.render import summary

    v = _visit(questions=[QuestionItem(text="Mine?", topic="own")])
    text = summary.markdown(shipped, v)
    h2 = heading_texts(text, 2)
    assert "My questions" in h2 and "Ask these first" not in h2 and "More questions" not in h2
    assert "My own questions" in heading_texts(text, 3)


def test_ready_items_are_ticked(shipped):
    from rrmm_prep.render import summary

    go = shipped.before_you_go
    v = _visit(ready=[go[1].id])
    items = task_items(summary.markdown(shipped, v))
    ticked = [i for i in items if i.startswith("[x]")]
    assert len(ticked) == 1 and go[1].text in ticked[0]


def test_summary_and_text_render_the_same_words(example, shipped):
    """The plain text form (terminal, --format text) carries the same words as the Markdown."""
    from rrmm_prep.render import summary
    from rrmm_prep.render.text import render_text
    from rrmm_prep.store import find

    text, record = example
    visit = find.load(record["id"])
    plain = norm(render_text(summary.build(shipped, visit), 1000))
    for words in ("Dr. Rivera, hematology", "38.4 C last night", "keep walking my dog", summary.NOT_ADVICE):
        assert norm(words) in plain


# ------------------------------------------------------------------------------------------------ golden files
# Rendered from the small fixture content (tests/fixtures/small): a wording change in data/*.yaml does not
# change them. UPDATE_GOLDEN=1 rewrites them after a deliberate change to the layout; read the diff.


@pytest.fixture
def small_example(run, home, tmp_path, monkeypatch):
    """The issue 3 example saved with the small fixture content: (its summary, its record)."""
    use_small_content(monkeypatch, tmp_path)
    result = run("new-visit", "--answers", write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS))
    assert result.exit_code == 0, result
    [md] = visit_files(home)
    return md.read_text(encoding="utf-8"), json.loads(md.with_suffix(".json").read_text(encoding="utf-8"))


def test_the_example_summary_matches_its_golden_file(small_example):
    text, _ = small_example
    assert "Is there a clinical trial for me?" in text, "not rendered from the small content"
    check_golden("summary_small.md", text)


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_the_example_family_notes_match_their_golden_file(run, small_example, tmp_path, fmt):
    out = tmp_path / f"family.{fmt}"
    result = run("export", "--for-family", "--format", fmt, "--output", out)
    assert result.exit_code == 0, result
    check_golden(f"family_small.{fmt}", out.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------------ private notes


@pytest.mark.parametrize(
    ("kwargs", "kept"),
    [
        ({}, True),
        ({"with_private": True}, True),
        ({"with_private": False}, False),
        ({"for_family": True}, False),
    ],
    ids=["default", "with_private", "without", "for_family"],
)
def test_private_notes_are_only_in_the_persons_own_summary(shipped, kwargs, kept):
    from rrmm_prep.render import summary
    from rrmm_prep.render.text import render_text

    v = _visit(private_notes="PRIVATE-MARKER worries I keep from my family", notes="SHARED-MARKER")
    text = render_text(summary.build(shipped, v, None, **kwargs), 1000)
    assert ("PRIVATE-MARKER" in text) is kept
    assert "SHARED-MARKER" in text


# ------------------------------------------------------------------------------------------------ md_escape

ESCAPE_CASES = [
    "plain words",
    "<script>alert(1)</script>",
    "**bold** _x_ [link](http://e.com)",
    "# heading",
    "## two",
    "| a | b |",
    "[bold]x[/]",
    "[/]",
    "1. list",
    "1) list",
    "- item",
    "+ item",
    "* item",
    "> quote",
    "---",
    "***",
    "___",
    "===",
    "~~~",
    "```",
    "    four spaces",
    "emoji 🎉👍",
    "back\\slash `code`",
    "trailing backslash \\",
    "&amp; &lt; &#65; &copy",
    "<http://e.com>",
    "![alt](http://e.com/x.png)",
    "<!-- comment -->",
    "a_b_c snake_case",
    "2 * 3 * 4",
    "[ ] not a task",
    "[x] not done",
    "ends with a hash #",
    "Clinic #",
    "x" * 3000,
    "line one\nline two",
]


def _shown_para(s: str) -> str:
    from rrmm_prep.render.doc import Doc, Para
    from rrmm_prep.render.markdown import render_markdown

    return md_text(render_markdown(Doc([Para(s)])))


def _shown_task(s: str) -> str:
    import re

    from rrmm_prep.render.doc import Doc, Tasks
    from rrmm_prep.render.markdown import render_markdown

    shown = norm(md_text(render_markdown(Doc([Tasks([s])]))))
    assert shown.startswith("[ ]"), shown
    return re.sub(r"^\[ \] ?", "", shown)


def _shown_heading(s: str) -> str:
    from rrmm_prep.render.doc import Doc, Heading
    from rrmm_prep.render.markdown import render_markdown

    return md_text(render_markdown(Doc([Heading(s, 2)])))


def _shown_bullet(s: str) -> str:
    from rrmm_prep.render.doc import Bullets, Doc
    from rrmm_prep.render.markdown import render_markdown

    return md_text(render_markdown(Doc([Bullets([s])])))


def _shown_cell(s: str) -> str:
    from rrmm_prep.render.doc import Doc, Table
    from rrmm_prep.render.markdown import render_markdown

    html = md_html(render_markdown(Doc([Table(["h"], [[s]])])))
    assert "<table>" in html
    return html_text(html.split("<tbody>")[1]) if "<tbody>" in html else ""


RENDERERS = {
    "para": _shown_para,
    "task": _shown_task,
    "heading": _shown_heading,
    "bullet": _shown_bullet,
    "cell": _shown_cell,
}


@pytest.mark.parametrize("where", list(RENDERERS))
@pytest.mark.parametrize("text", ESCAPE_CASES, ids=lambda s: s[:24])
def test_md_escape_round_trip(where, text):
    assert norm(RENDERERS[where](text)) == shown(text)


@pytest.mark.parametrize("where", list(RENDERERS))
@pytest.mark.parametrize("text", ESCAPE_CASES, ids=lambda s: s[:24])
def test_escaped_text_adds_no_structure(where, text):
    """The escaped text makes the same blocks as plain words: no heading, list, quote, table or rule."""
    from rrmm_prep.render.doc import Bullets, Doc, Heading, Para, Table, Tasks
    from rrmm_prep.render.markdown import render_markdown

    make = {
        "para": lambda s: Doc([Para(s)]),
        "task": lambda s: Doc([Tasks([s])]),
        "heading": lambda s: Doc([Heading(s, 2)]),
        "bullet": lambda s: Doc([Bullets([s])]),
        "cell": lambda s: Doc([Table(["h"], [[s]])]),
    }[where]
    assert block_shape(render_markdown(make(text))) == block_shape(render_markdown(make("plain words")))
    html = md_html(render_markdown(make(text)))
    for tag in ("<script", "<a ", "<img", "<!--", "<em>", "<strong>", "<code>", "<s>"):
        assert tag not in html


@pytest.mark.parametrize(
    "text",
    ["a\r# b", "a\r\n- b", "visit\r===", "a\r> quote"],
    ids=["cr heading", "crlf list", "cr setext", "cr quote"],
)
@pytest.mark.parametrize("where", list(RENDERERS))
def test_carriage_returns_cannot_start_a_block(where, text):
    """Markdown ends a line at \\r as well as \\n; a value with a CR (possible in a quoted YAML string) must
    not start a heading, list or quote."""
    from rrmm_prep.render.doc import Bullets, Doc, Heading, Para, Table, Tasks
    from rrmm_prep.render.markdown import render_markdown

    make = {
        "para": lambda s: Doc([Para(s)]),
        "task": lambda s: Doc([Tasks([s])]),
        "heading": lambda s: Doc([Heading(s, 2)]),
        "bullet": lambda s: Doc([Bullets([s])]),
        "cell": lambda s: Doc([Table(["h"], [[s]])]),
    }[where]
    assert block_shape(render_markdown(make(text))) == block_shape(render_markdown(make("plain words")))
    assert norm(RENDERERS[where](text)) == shown(text)


# Text a person could type (or a content pack could hold): anything but lone surrogates, control characters
# included (shown as visible escapes); with the characters Markdown reacts to mixed in often, so the search
# finds the hard cases.
MARKDOWN_BITS = list("\n\r\t #>-+*_[]|`\\<&!=~0123456789.):;/\"'(){}") + [
    "\x00",
    "\x1b[2J",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x9b",
    "&amp;",
    "&#65;",
    "<b>",
    "```",
    "    ",
    "http://e.com",
    "\u00a0",
    "\u2028",
    "\x0b",
    "\x0c",
    "\x85",
    "🎉",
    "\r# ",
    "\r- ",
    "\r> ",
    "\r===",
    "\n# ",
    " #",
]
typed_text = st.lists(
    st.one_of(
        st.sampled_from(MARKDOWN_BITS),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=40,
).map("".join)

SETTINGS = settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(typed_text)
def test_any_text_in_a_para_renders_as_itself(text):
    assert norm(_shown_para(text)) == shown(text)


@SETTINGS
@given(typed_text)
def test_any_text_in_a_task_item_renders_as_itself(text):
    assert norm(_shown_task(text)) == shown(text)


@SETTINGS
@given(typed_text)
def test_any_text_in_a_heading_renders_as_itself(text):
    assert norm(_shown_heading(text)) == shown(text)


@SETTINGS
@given(typed_text)
def test_any_text_in_a_table_cell_renders_as_itself(text):
    assert norm(_shown_cell(text)) == shown(text)


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_characters="\r", blacklist_categories=("Cs",))))
def test_any_text_without_cr_in_a_para_renders_as_itself(text):
    """The same, without carriage returns: what a terminal can deliver in one line."""
    assert norm(_shown_para(text)) == shown(text)
