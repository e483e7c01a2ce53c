"""The content schema: the shipped files load, and every kind of mistake in a content file is reported with
the file, the line, the entry and the field. Each case is a small override folder laid on top of the shipped
content, so the tests keep working as the shipped content grows. Also: the checks people rely on (issue 9:
one spelling per glossary word, rules that can match, urgent signs a phrase can reach), warnings for control
characters (issue 12), sources and status dates of the shipped content, and the content cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import BASE, DRUGS, GLOSSARY, line_no
from rrmm_prep.content import load as loading
from rrmm_prep.content import records
from rrmm_prep.errors import ContentError, RrmmPrepError

KNOW_BLOCK = (
    "    know:\n      - One thing to know.\n      - Two things to know.\n      - Three things to know.\n"
)
SECOND_DRUG = """\
  - id: zz-otherdrug
    name: zzotherdrug
    aliases: [Zztestbrand]
    class: zz-test-class
    given: a pill by mouth
    what_it_does: It does another test thing.
    know: [One., Two., Three.]
    status: Not a real drug.
    status_date: 2026-11-23
    sources: [https://example.org/other]
    reviewed: 2026-11-23
"""
DRUG_COPY = DRUGS[DRUGS.index("  - id: zz-testdrug") : DRUGS.index("regimens:")]


def case(id, file, old, new, entry, field, lines, word):
    """One broken folder: replace ``old`` by ``new`` in ``file``. ``lines`` are needles (or (needle, n) for the
    n-th match) whose line the problem may name; the first is the best line, later ones are also accepted."""
    return pytest.param(file, old, new, entry, field, lines, word, id=id)


D, Q, G = "drug_classes.yaml", "questions.yaml", "glossary.yaml"
GIVEN = "    given: a pill by mouth\n"

CASES = [
    case(
        "unknown key",
        D,
        GIVEN,
        GIVEN + "    colour: red\n",
        "zz-testdrug",
        "colour",
        ["colour: red"],
        "unknown",
    ),
    case(
        "misspelt key",
        D,
        "    what_it_does:",
        "    what_it_doez:",
        "zz-testdrug",
        "what_it_doez",
        ["what_it_doez"],
        "what_it_does",
    ),
    case(
        "unknown key in a class",
        D,
        "    how_it_works:",
        "    colour: red\n    how_it_works:",
        "zz-test-class",
        "colour",
        ["colour"],
        "unknown",
    ),
    case(
        "unknown key in a question",
        Q,
        "        default: false\n",
        "        default: false\n        tags: [x]\n",
        "zz-question",
        "tags",
        ["tags: [x]"],
        "unknown",
    ),
    case(
        "unknown top-level section",
        D,
        "classes:\n",
        "drugz: []\nclasses:\n",
        None,
        "drugz",
        ["drugz"],
        "unknown",
    ),
    case("missing required field", D, GIVEN, "", "zz-testdrug", "given", ["- id: zz-testdrug"], "required"),
    case(
        "missing sources",
        G,
        "    sources: [https://example.org/term]\n",
        "",
        "zz-term",
        "sources",
        ["- id: zz-term"],
        "required",
    ),
    case(
        "missing question text",
        Q,
        "        text: Is this a test question?\n",
        "",
        "zz-question",
        "text",
        ["- id: zz-question"],
        "required",
    ),
    case(
        "empty required field (null)",
        D,
        GIVEN,
        "    given:\n",
        "zz-testdrug",
        "given",
        ["given:"],
        "required",
    ),
    case(
        "empty required field (quotes)",
        D,
        GIVEN,
        '    given: ""\n',
        "zz-testdrug",
        "given",
        ["given:"],
        "required",
    ),
    case(
        "empty required field (spaces)",
        D,
        GIVEN,
        '    given: "   "\n',
        "zz-testdrug",
        "given",
        ["given:"],
        "required",
    ),
    case("empty required list", D, KNOW_BLOCK, "    know: []\n", "zz-testdrug", "know", ["know:"], "know"),
    case(
        "list where text expected",
        D,
        GIVEN,
        "    given: [a pill, a shot]\n",
        "zz-testdrug",
        "given",
        ["given:"],
        "text",
    ),
    case(
        "mapping where text expected",
        D,
        GIVEN,
        "    given: {how: pill}\n",
        "zz-testdrug",
        "given",
        ["given:"],
        "text",
    ),
    case(
        "text where list expected",
        D,
        KNOW_BLOCK,
        "    know: Just one thing to know.\n",
        "zz-testdrug",
        "know",
        ["know:"],
        "list",
    ),
    case(
        "sources as text",
        D,
        "    sources: [https://example.org/drug]",
        "    sources: https://example.org/drug",
        "zz-testdrug",
        "sources",
        ["sources: https://example.org/drug"],
        "list",
    ),
    case(
        "regimen drugs as text",
        D,
        "    drugs: [zz-testdrug]",
        "    drugs: zz-testdrug",
        "zz-reg",
        "drugs",
        ["drugs: zz-testdrug"],
        "list",
    ),
    case(
        "duplicate id",
        D,
        "regimens:\n",
        DRUG_COPY + "regimens:\n",
        "zz-testdrug",
        "id",
        [("- id: zz-testdrug", 2)],
        "twice",
    ),
    case(
        "duplicate question id",
        Q,
        "      - id: zz-first",
        "      - id: zz-question",
        "zz-question",
        "id",
        [("- id: zz-question", 2), ("- id: zz-question", 1)],
        "twice",
    ),
    case(
        "duplicate YAML key",
        D,
        GIVEN,
        GIVEN + "    given: a shot\n",
        "zz-testdrug",
        "given",
        ["given: a shot"],
        "twice",
    ),
    case(
        "bad id", D, "  - id: zz-testdrug", "  - id: ZZ Test Drug", None, "id", ["- id: ZZ Test Drug"], "id"
    ),
    case(
        "regimen names an unknown drug",
        D,
        "    drugs: [zz-testdrug]",
        "    drugs: [zz-testdrug, zz-nosuchdrug]",
        "zz-reg",
        "drugs",
        ["drugs: [zz-testdrug", "- id: zz-reg"],
        "zz-nosuchdrug",
    ),
    case(
        "drug names an unknown class",
        D,
        "    class: zz-test-class",
        "    class: zz-no-such-class",
        "zz-testdrug",
        "class",
        ["class: zz-no", "- id: zz-testdrug"],
        "zz-no-such-class",
    ),
    case(
        "rule names an unknown class",
        Q,
        "- classes: [zz-test-class]",
        "- classes: [zz-nope-class]",
        "zz-question",
        "classes",
        ["zz-nope-class", "- id: zz-question"],
        "zz-nope-class",
    ),
    case(
        "rule names an unknown drug",
        Q,
        "- drugs: [zz-testdrug]",
        "- drugs: [zz-nope-drug]",
        "zz-question",
        "drugs",
        ["zz-nope-drug", "- id: zz-question"],
        "zz-nope-drug",
    ),
    case(
        "rule names an unknown symptom",
        Q,
        "- symptoms: [zz-symptom]",
        "- symptoms: [zz-nope-symptom]",
        "zz-question",
        "symptoms",
        ["zz-nope-symptom", "- id: zz-question"],
        "zz-nope-symptom",
    ),
    case(
        "rule names an unknown visit reason",
        Q,
        "- reasons: [zz-reason]",
        "- reasons: [zz-nope-reason]",
        "zz-question",
        "reasons",
        ["zz-nope-reason", "- id: zz-question"],
        "zz-nope-reason",
    ),
    case(
        "rule names an unknown history flag",
        Q,
        "- history: [two-or-more-lines]",
        "- history: [zz-nope-history]",
        "zz-question",
        "history",
        ["zz-nope-history", "- id: zz-question"],
        "zz-nope-history",
    ),
    case(
        "rule with an unknown field",
        Q,
        "- history: [two-or-more-lines]",
        "- histroy: [two-or-more-lines]",
        "zz-question",
        "histroy",
        ["histroy", "suggest_when:"],
        "unknown",
    ),
    case(
        "warning sign names an unknown symptom",
        Q,
        "    symptoms: [zz-symptom]",
        "    symptoms: [zz-nope-symptom]",
        "zz-warning",
        "symptoms",
        ["symptoms: [zz-nope", "- id: zz-warning"],
        "zz-nope-symptom",
    ),
    case(
        "drug terms names an unknown glossary id",
        D,
        "    terms: [zz-term]",
        "    terms: [zz-term, zz-nosuchterm]",
        "zz-testdrug",
        "terms",
        ["terms: [zz-term,", "- id: zz-testdrug"],
        "zz-nosuchterm",
    ),
    case(
        "bad date (impossible)",
        D,
        "    status_date: 2026-11-23",
        "    status_date: 2026-13-45",
        "zz-testdrug",
        "status_date",
        ["status_date:"],
        "date",
    ),
    case(
        "bad date (words)",
        D,
        "    status_date: 2026-11-23",
        "    status_date: December 3, 2026",
        "zz-testdrug",
        "status_date",
        ["status_date:"],
        "date",
    ),
    case(
        "boxed warning without the date its label was checked",
        D,
        GIVEN,
        GIVEN + "    boxed_warning: A made-up warning.\n    label_sources: [https://example.org/label]\n",
        "zz-testdrug",
        "label_reviewed",
        ["- id: zz-testdrug", "boxed_warning:"],
        "label_reviewed",
    ),
    case(
        "REMS without the label it was checked against",
        D,
        GIVEN,
        GIVEN + "    rems: A made-up program.\n    label_reviewed: 2026-12-02\n",
        "zz-testdrug",
        "label_sources",
        ["- id: zz-testdrug", "rems:"],
        "required",
    ),
    case(
        "label checked on a date that is not a date",
        D,
        GIVEN,
        GIVEN + "    boxed_warning: A made-up warning.\n    label_reviewed: last week\n"
        "    label_sources: [https://example.org/label]\n",
        "zz-testdrug",
        "label_reviewed",
        ["label_reviewed:"],
        "date",
    ),
    case(
        "label source that is not a web address",
        D,
        GIVEN,
        GIVEN + "    boxed_warning: A made-up warning.\n    label_reviewed: 2026-12-02\n"
        "    label_sources: [the label]\n",
        "zz-testdrug",
        "label_sources",
        ["label_sources:"],
        "web address",
    ),
    case(
        "bad date (reviewed)",
        D,
        "    reviewed: 2026-11-23",
        "    reviewed: 23/11/2026",
        "zz-testdrug",
        "reviewed",
        ["    reviewed: 23/11/2026"],
        "date",
    ),
    case(
        "bad bool (yes)",
        D,
        "    withdrawn: false",
        "    withdrawn: yes",
        "zz-testdrug",
        "withdrawn",
        ["withdrawn:"],
        "true or false",
    ),
    case(
        "bad bool (no)",
        D,
        "    withdrawn: false",
        "    withdrawn: no",
        "zz-testdrug",
        "withdrawn",
        ["withdrawn:"],
        "true or false",
    ),
    case(
        "bad bool (1)",
        D,
        "    withdrawn: false",
        "    withdrawn: 1",
        "zz-testdrug",
        "withdrawn",
        ["withdrawn:"],
        "true or false",
    ),
    case(
        "bad bool in a question",
        Q,
        "        default: false",
        "        default: yes",
        "zz-question",
        "default",
        ["default: yes"],
        "true or false",
    ),
    case(
        "bad bool in a symptom",
        Q,
        "    urgent: true",
        "    urgent: on",
        "zz-symptom",
        "urgent",
        ["urgent: on"],
        "true or false",
    ),
    case(
        "bad source URL (no scheme)",
        D,
        "    sources: [https://example.org/drug]",
        "    sources: [www.example.org/drug]",
        "zz-testdrug",
        "sources",
        ["sources: [www"],
        "www.example.org/drug",
    ),
    case(
        "bad source URL (words)",
        G,
        "    sources: [https://example.org/term]",
        "    sources: [the drug label]",
        "zz-term",
        "sources",
        ["sources: [the"],
        "the drug label",
    ),
    case(
        "bad source URL (ftp)",
        Q,
        "    sources: [https://example.org/warning]",
        "    sources: [ftp://example.org/warning]",
        "zz-warning",
        "sources",
        ["ftp://"],
        "ftp://",
    ),
    case(
        "name clash between two new entries",
        D,
        "regimens:\n",
        SECOND_DRUG + "regimens:\n",
        "zz-otherdrug",
        "zz-testdrug",
        ["- id: zz-otherdrug", "aliases: [Zztestbrand]"],
        "zztestbrand",
    ),
    case(
        "name clash with a shipped drug",
        D,
        "    brands: [Zztestbrand]",
        "    brands: [Zztestbrand, Velcade]",
        "zz-testdrug",
        "bortezomib",
        ["brands:", "- id: zz-testdrug"],
        "velcade",
    ),
    case(
        "name clash between a regimen and a drug",
        D,
        "    abbreviation: ZZQd",
        "    abbreviation: zztestdrug",
        "zz-reg",
        "zz-testdrug",
        ["abbreviation:", "- id: zz-reg"],
        "zztestdrug",
    ),
    case(
        "know with 2 items",
        D,
        KNOW_BLOCK,
        KNOW_BLOCK.replace("      - Three things to know.\n", ""),
        "zz-testdrug",
        "know",
        ["know:"],
        "3 to 5",
    ),
    case(
        "know with 6 items",
        D,
        KNOW_BLOCK,
        KNOW_BLOCK + "      - Four.\n      - Five.\n      - Six.\n",
        "zz-testdrug",
        "know",
        ["know:"],
        "3 to 5",
    ),
    case(
        "urgent symptom without call_now",
        Q,
        "    call_now: Call the test team now.\n",
        "",
        "zz-symptom",
        "call_now",
        ["- id: zz-symptom"],
        "call_now",
    ),
    case(
        "missing status date",
        D,
        "    status_date: 2026-11-23\n",
        "",
        "zz-testdrug",
        "status_date",
        ["- id: zz-testdrug"],
        "required",
    ),
    case(
        "urgent symptom without sign_of",
        Q,
        "    sign_of: a made-up problem used only in tests\n",
        "",
        "zz-symptom",
        "sign_of",
        ["- id: zz-symptom"],
        "sign_of",
    ),
    case(
        "unknown symptom level",
        Q,
        "    urgent: true\n",
        "    urgent: true\n    level: urgent\n",
        "zz-symptom",
        "level",
        ["level: urgent"],
        "emergency, now, today",
    ),
    case(
        "temperature in F",
        Q,
        "    urgent: true\n",
        "    urgent: true\n    temperature_from: 100.4\n",
        "zz-symptom",
        "temperature_from",
        ["temperature_from:"],
        "degrees C",
    ),
    case(
        "urgent_from on a symptom that is not urgent",
        Q,
        "    urgent: true\n",
        "    urgent: false\n    urgent_from: severe\n",
        "zz-symptom",
        "urgent_from",
        ["urgent_from:"],
        "only for urgent",
    ),
    case(
        "urgent_from on an emergency sign",
        Q,
        "    urgent: true\n",
        "    urgent: true\n    level: emergency\n    urgent_from: moderate\n",
        "zz-symptom",
        "urgent_from",
        ["urgent_from:"],
        "whatever the severity",
    ),
    case(
        "severe_level no more urgent than level",
        Q,
        "    urgent: true\n",
        "    urgent: true\n    level: now\n    severe_level: today\n",
        "zz-symptom",
        "severe_level",
        ["severe_level:"],
        "more urgent than level",
    ),
    case(
        "severe_level on a symptom that is not urgent",
        Q,
        "    urgent: true\n",
        "    urgent: false\n    level: today\n    severe_level: now\n",
        "zz-symptom",
        "severe_level",
        ["severe_level:"],
        "only for urgent",
    ),
    case(
        "a Spanish phrase with no words",
        Q,
        "    urgent: true\n",
        '    urgent: true\n    phrases: [zz made-up symptom]\n    phrases_es: ["..."]\n',
        "zz-symptom",
        "phrases_es",
        ["phrases_es:"],
        "no words to match",
    ),
    case(
        "listed label too long for two columns",
        Q,
        "    label: zz made-up symptom\n",
        "    label: zz made-up symptom with a label far too long\n",
        "zz-symptom",
        "label",
        ["label: zz made-up"],
        "35 characters",
    ),
    case(
        "phrase starting with a gap",
        Q,
        "    urgent: true\n",
        "    urgent: true\n    phrases: [zz made-up, ... zz odd]\n",
        "zz-symptom",
        "phrases",
        ["phrases:"],
        "cannot start with",
    ),
    case(
        "bad listed",
        Q,
        "    urgent: true\n",
        "    urgent: true\n    listed: sometimes\n",
        "zz-symptom",
        "listed",
        ["listed:"],
        "true or false",
    ),
    case(
        "warning sign for no one",
        Q,
        "    classes: [zz-test-class]\n",
        "",
        "zz-warning",
        "classes",
        ["- id: zz-warning"],
        "everyone",
    ),
    case(
        "warning sign for everyone and a class",
        Q,
        "    classes: [zz-test-class]\n",
        "    everyone: true\n    classes: [zz-test-class]\n",
        "zz-warning",
        "everyone",
        ["everyone: true"],
        "leave out classes",
    ),
    case(
        "warning sign with an unknown second symptom",
        Q,
        "    symptoms: [zz-symptom]\n",
        "    symptoms: [zz-symptom]\n    with_any: [zz-nope-symptom]\n",
        "zz-warning",
        "with_any",
        ["with_any:", "- id: zz-warning"],
        "zz-nope-symptom",
    ),
    case(
        "unknown warning level",
        Q,
        "    symptoms: [zz-symptom]\n",
        "    symptoms: [zz-symptom]\n    level: soon\n",
        "zz-warning",
        "level",
        ["level: soon"],
        "emergency, now, today",
    ),
    case(
        "bad reviewed date on a warning sign",
        Q,
        "    symptoms: [zz-symptom]\n",
        "    symptoms: [zz-symptom]\n    reviewed: last week\n",
        "zz-warning",
        "reviewed",
        ["reviewed: last week"],
        "date",
    ),
    case(
        "warning sign months in words",
        Q,
        "    symptoms: [zz-symptom]\n",
        "    symptoms: [zz-symptom]\n    months: a while\n",
        "zz-warning",
        "months",
        ["months: a while"],
        "number of months or 'always'",
    ),
    case(
        "review as a list",
        Q,
        "    urgent: true\n",
        "    urgent: true\n    review: [checked, twice]\n",
        "zz-symptom",
        "review",
        ["review:"],
        "text",
    ),
    case(
        "section is not a list",
        G,
        "terms:\n  - id: zz-term",
        "terms: zz-term\nold:\n  - id: zz-term",
        None,
        "terms",
        ["terms: zz-term"],
        "list",
    ),
]


def _expected_lines(text: str, needles) -> list[int]:
    out = []
    for needle in needles:
        n, occurrence = needle if isinstance(needle, tuple) else (needle, 1)
        out.append(line_no(text, n, occurrence))
    return out


def _broken(build_tree, tmp_path, file, old, new):
    files = dict(BASE)
    assert old in files[file], f"test bug: {old!r} is not in {file}"
    files[file] = files[file].replace(old, new, 1)
    return build_tree(tmp_path, files), files[file]


def test_base_override_folder_is_valid(tmp_path, build_tree, shipped):
    folder = build_tree(tmp_path, BASE)
    merged, files, warnings = loading.check_dir(folder)
    assert sorted(files) == sorted(BASE)
    assert warnings == []
    assert merged.drug_by_id["zz-testdrug"].name == "zztestdrug"
    assert "zz-question" in merged.question_by_id
    assert len(merged.drugs) == len(shipped.drugs) + 1
    assert len(merged.terms) == len(shipped.terms) + 1
    assert loading.load(folder).drug_by_id["zz-testdrug"].terms == ("zz-term",)


@pytest.mark.parametrize(("file", "old", "new", "entry", "field", "lines", "word"), CASES)
def test_content_error_names_file_line_entry_and_field(
    tmp_path, build_tree, file, old, new, entry, field, lines, word
):
    folder, text = _broken(build_tree, tmp_path, file, old, new)
    expected_file = str(folder / file)
    expected_lines = _expected_lines(text, lines)

    # (loading.load, used by every command, builds the same schema: test_broken_override_breaks_other_commands_cleanly)
    with pytest.raises(ContentError) as info:
        loading.check_dir(folder)
    problems = info.value.problems
    listing = "\n".join(str(p) for p in problems)
    named = [p for p in problems if field in str(p) and (entry is None or entry in str(p))]
    assert named, f"no problem names entry {entry!r} and field {field!r}:\n{listing}"
    good = [p for p in named if p.file == expected_file and p.line in expected_lines]
    assert good, f"expected {expected_file} at line {expected_lines[0]} (or {expected_lines[1:]}):\n{listing}"
    p = good[0]
    message = str(p)
    assert f"{expected_file}:{p.line}" in message
    assert word.lower() in message.lower(), message
    if entry is not None:
        assert p.entry is not None, f"the problem has no entry: {message}"
    assert p.field is not None, f"the problem has no field: {message}"


CLI_CASES = [c for c in CASES if c.id in ("unknown key", "missing sources", "warning sign for no one")]


@pytest.mark.parametrize(("file", "old", "new", "entry", "field", "lines", "word"), CLI_CASES)
def test_content_check_names_the_problem_and_exits_2(
    tmp_path, build_tree, run, file, old, new, entry, field, lines, word
):
    """The same through the command line (one case per file): exit 2, the problem on stderr, no traceback."""
    folder, text = _broken(build_tree, tmp_path, file, old, new)
    result = run("content", "check", folder, env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert f"{folder / file}:{_expected_lines(text, lines)[0]}:" in result.stderr
    assert word.lower() in result.stderr.lower()
    assert "Traceback" not in result.output


def test_every_problem_is_reported_not_just_the_first(tmp_path, build_tree, run):
    files = dict(BASE)
    files[D] = (
        files[D]
        .replace(GIVEN, "    given: [a, b]\n    colour: red\n")
        .replace("withdrawn: false", "withdrawn: yes")
    )
    files[G] = files[G].replace("https://example.org/term", "not a web address")
    folder = build_tree(tmp_path, files)
    with pytest.raises(ContentError) as info:
        loading.check_dir(folder)
    found = {(Path(p.file).name, p.field) for p in info.value.problems}
    assert {(D, "given"), (D, "colour"), (D, "withdrawn"), (G, "sources")} <= found

    result = run("content", "check", folder, env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code == 2
    assert "4 problems" in result.stderr
    for needle in ("'given'", "'colour'", "'withdrawn'", "not a web address"):
        assert needle in result.stderr
    assert "Traceback" not in result.output


def test_a_yaml_error_in_one_file_does_not_hide_problems_in_another(tmp_path, build_tree):
    """`content check` reports every problem at once (docs/content.md): a duplicate key in one file must not
    hide a schema problem in another file."""
    files = dict(BASE)
    files[D] = files[D].replace(GIVEN, GIVEN + "    given: twice\n")
    files[G] = files[G].replace("    meaning:", "    meening:")
    folder = build_tree(tmp_path, files)
    with pytest.raises(ContentError) as info:
        loading.check_dir(folder)
    listing = "\n".join(map(str, info.value.problems))
    assert "twice" in listing
    assert "meening" in listing, listing


def test_content_check_with_the_installed_script_has_no_traceback(tmp_path, build_tree, script):
    files = dict(BASE)
    files[D] = files[D].replace("    class: zz-test-class", "    class: zz-nowhere")
    folder = build_tree(tmp_path, files)
    result = script("content", "check", folder)
    assert result.exit_code == 2, result
    assert "zz-nowhere" in result.stderr
    assert f"{folder / D}:" in result.stderr
    assert "Traceback" not in result.output


def test_content_check_ok(tmp_path, build_tree, run):
    folder = build_tree(tmp_path, BASE)
    result = run("content", "check", folder)
    assert result.exit_code == 0, result
    assert "OK" in result.stdout
    for name in BASE:
        assert name in result.stdout


def test_broken_override_breaks_other_commands_cleanly(tmp_path, build_tree, run):
    folder, _ = _broken(build_tree, tmp_path, D, GIVEN, "    given: [a, b]\n")
    result = run("--content", folder, "drugs", "Velcade", env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code == 2, result
    assert f"{folder / D}:" in result.stderr
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------------ checks people rely on
# Issue 9 item 7: enforced by every load (schema._checks_people_rely_on), so a clinic's content pack gets them.

ANOTHER_TERM = """\
  - id: zz-other-term
    term: zz other term
    aliases: [{alias}]
    meaning: Another made-up word.
    sources: [https://example.org/other-term]
"""
EMPTY_CLASS = """\
  - id: zz-empty-class
    name: zz empty class
    how_it_works: A made-up class with no drug in it.
    sources: [https://example.org/empty]
"""
# Unlisted, and labelled like zz-symptom: whatever is typed is read as zz-symptom, so it can never be reported.
HIDDEN_SYMPTOM = """\
  - id: zz-hidden
    label: zz made-up symptom
    listed: false
    sources: [https://example.org/hidden]
"""


def _changed(**changes) -> dict[str, str]:
    """BASE with (file, old, new) replacements."""
    files = dict(BASE)
    for file, old, new in changes.values():
        assert old in files[file], f"test bug: {old!r} is not in {file}"
        files[file] = files[file].replace(old, new, 1)
    return files


RELIED_ON = [
    pytest.param(
        {**BASE, G: GLOSSARY + ANOTHER_TERM.format(alias="ZZTERM")},
        G,
        "- id: zz-other-term",
        "zz-other-term",
        "aliases",
        "also used by the word 'zz-term'",
        id="a glossary spelling used by two words",
    ),
    pytest.param(
        {**BASE, G: GLOSSARY + ANOTHER_TERM.format(alias="zz-term")},
        G,
        "- id: zz-other-term",
        "zz-other-term",
        "aliases",
        "also used by the word 'zz-term'",
        id="a glossary id used as another word's alias",
    ),
    pytest.param(
        _changed(
            cls=(D, "drugs:\n", EMPTY_CLASS + "drugs:\n"),
            rule=(Q, "- classes: [zz-test-class]", "- classes: [zz-empty-class]"),
        ),
        Q,
        "- id: zz-topic",
        "zz-topic",
        "suggest_when",
        "'zz-question' can never match: no drug it names",
        id="a rule naming a class with no drug",
    ),
    pytest.param(
        _changed(
            hidden=(Q, "warning_signs:\n", HIDDEN_SYMPTOM + "warning_signs:\n"),
            rule=(Q, "- symptoms: [zz-symptom]", "- symptoms: [zz-hidden]"),
        ),
        Q,
        "- id: zz-topic",
        "zz-topic",
        "suggest_when",
        "'zz-question' can never match: none of its symptoms can be reported",
        id="a rule naming a symptom nobody can report",
    ),
    pytest.param(
        _changed(
            hidden=(Q, "warning_signs:\n", HIDDEN_SYMPTOM + "warning_signs:\n"),
            sign=(Q, "    symptoms: [zz-symptom]\n", "    symptoms: [zz-hidden]\n"),
        ),
        Q,
        "- id: zz-warning",
        "zz-warning",
        "symptoms",
        "none of these symptoms can be reported",
        id="a warning sign nobody can report",
    ),
    pytest.param(
        _changed(
            hidden=(
                Q,
                "warning_signs:\n",
                HIDDEN_SYMPTOM.replace("    listed: false\n", "    listed: false\n    urgent: true\n")
                + "    sign_of: a made-up problem\n    call_now: Call now.\n    reviewed: 2026-11-23\n"
                + "warning_signs:\n",
            ),
        ),
        Q,
        "- id: zz-hidden",
        "zz-hidden",
        "phrases",
        "an urgent symptom must be found by at least one of its phrases",
        id="an urgent symptom no phrase can reach",
    ),
]


@pytest.mark.parametrize(("files", "file", "line", "entry", "field", "words"), RELIED_ON)
def test_content_people_rely_on_is_checked_on_every_load(
    tmp_path, build_tree, run, files, file, line, entry, field, words
):
    folder = build_tree(tmp_path, files)
    with pytest.raises(ContentError) as info:
        loading.check_dir(folder)
    listing = "\n".join(map(str, info.value.problems))
    [problem] = [p for p in info.value.problems if p.entry == entry and p.field == field]
    assert problem.file == str(folder / file)
    assert problem.line == line_no(files[file], line), listing
    assert words in problem.message, listing
    result = run("content", "check", folder, env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code == 2, result
    assert words in " ".join(result.stderr.split())
    # Every command refuses it too, not only `content check`.
    assert run("--content", folder, "drugs", env={"RRMM_PREP_DEBUG": None}).exit_code == 2


def test_the_same_spelling_twice_in_one_word_is_fine(tmp_path, build_tree):
    files = dict(BASE)
    files[G] = GLOSSARY.replace("    term: zzterm\n", "    term: zzterm\n    aliases: [ZZTERM, zz-term]\n")
    merged, _, _ = loading.check_dir(build_tree(tmp_path, files))
    assert merged.term_by_id["zz-term"].aliases == ("ZZTERM", "zz-term")


# ------------------------------------------------------------------------------------ control characters
# YAML refuses control characters typed raw, so they come in as escapes in quoted text ("\e", "\x9b").

CONTROLS = [
    ("clipboard (OSC 52)", "\\e]52;c;SGVsbG8=\\a", "^[]52;c;SGVsbG8=^G"),
    ("clear screen", "\\e[2J\\e[H", "^[[2J^[[H"),
    (
        "link (OSC 8)",
        "\\e]8;;https://example.org\\e\\\\here\\e]8;;\\e\\\\",
        "^[]8;;https://example.org^[\\here",
    ),
    ("C1 control", "\\x9b31m", "<U+009B>31m"),
    ("bell", "\\a", "^G"),
]
PLACES = [
    (D, "    given: a pill by mouth", '    given: "a pill {} by mouth"'),
    (Q, "        text: Is this a test question?", '        text: "Is this {} a test question?"'),
    (G, "    meaning: A made-up word used in tests.", '    meaning: "A made-up {} word."'),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "escape", "shown"),
    # each kind of control in one of the three files, in turn
    [(*PLACES[i % len(PLACES)], escape, shown) for i, (_, escape, shown) in enumerate(CONTROLS)],
    ids=[f"{c[0]} in {PLACES[i % len(PLACES)][0]}" for i, c in enumerate(CONTROLS)],
)
def test_content_check_warns_about_control_characters_and_passes(
    tmp_path, build_tree, run, file, old, new, escape, shown
):
    files = dict(BASE)
    files[file] = files[file].replace(old, new.format(escape))
    folder = build_tree(tmp_path, files)
    line = line_no(files[file], new.format(escape))
    _, _, warnings = loading.check_dir(folder)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{folder / file}:{line}: ")
    assert shown in warnings[0]

    result = run("content", "check", folder)
    assert result.exit_code == 0, result
    assert "OK" in result.stdout and "1 warning above" in result.stdout
    assert f"{folder / file}:{line}: " in result.stderr and shown in result.stderr
    for raw in ("\x1b", "\x07", "\x9b"):
        assert raw not in result.output, "a control character reached the terminal"


def test_a_folder_without_control_characters_gets_no_warning(tmp_path, build_tree, run):
    result = run("content", "check", build_tree(tmp_path, BASE))
    assert result.exit_code == 0, result
    assert result.stderr == "" and "warning" not in result.stdout


# ------------------------------------------------------------------------------------ YAML 1.1 in content


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("status", "no", "no"),
        ("status", "3.10", "3.10"),
        ("status", "yes", "yes"),
        ("status", "10:30", "10:30"),
        ("given", "2026-12-03", "2026-12-03"),
        ("what_it_does", "1e3", "1e3"),
        ("name", "0o17", "0o17"),
        ("target", "off", "off"),
    ],
)
def test_yaml_1_1_values_stay_text_in_content(tmp_path, build_tree, run, field, typed, expected):
    files = dict(BASE)
    lines = files[D].splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(f"    {field}: ") and i > 6)
    lines[index] = f"    {field}: {typed}\n"
    files[D] = "".join(lines)
    folder = build_tree(tmp_path, files)
    drug = loading.load(folder).drug_by_id["zz-testdrug"]
    attribute = {"name": "name"}.get(field, field)
    assert getattr(drug, attribute) == expected
    assert isinstance(getattr(drug, attribute), str)
    if field == "name":
        return
    result = run("--content", folder, "drugs", "zztestdrug", "--format", "json")
    assert result.exit_code == 0, result
    import json

    assert json.loads(result.stdout)["drug"][field] == expected


# ------------------------------------------------------------------------------------ custom content folders


def _dump_drug_override(drug, **changes) -> str:
    import yaml

    entry = {
        "id": drug.id,
        "name": drug.name,
        "brands": list(drug.brands),
        "aliases": list(drug.aliases),
        "class": drug.class_id,
        "given": drug.given,
        "what_it_does": drug.what_it_does,
        "know": list(drug.know),
        "side_effects": list(drug.side_effects),
        "status": drug.status,
        "status_date": drug.status_date,
        "withdrawn": drug.withdrawn,
        "off_label": drug.off_label,
        "terms": list(drug.terms),
        "sources": list(drug.sources),
        "reviewed": drug.reviewed,
    }
    if drug.target:
        entry["target"] = drug.target
    entry.update(changes)
    return yaml.safe_dump({"drugs": [entry]}, sort_keys=False, allow_unicode=True, width=1000)


NEW_TEXT = "Zz override: this text comes from the clinic folder."


@pytest.fixture
def custom_folder(tmp_path, build_tree, shipped):
    """Adds zztestdrug (and its class, word, etc.) and replaces bortezomib's what_it_does."""
    override = _dump_drug_override(shipped.drug_by_id["bortezomib"], what_it_does=NEW_TEXT)
    files = dict(BASE)
    files[D] = DRUGS.replace("drugs:\n", override.split("\n", 1)[1].replace("- ", "  - ", 1), 1)
    files[D] = DRUGS.replace("regimens:\n", _indent_entry(override) + "regimens:\n")
    return build_tree(tmp_path, files)


def _indent_entry(dumped: str) -> str:
    # yaml.safe_dump writes "drugs:\n- id: ...\n  name: ..."; re-indent the entry under our "drugs:" section.
    body = dumped.split("\n", 1)[1]
    return "".join("  " + line + "\n" for line in body.splitlines())


def test_custom_folder_checks(custom_folder, shipped):
    merged, _, _ = loading.check_dir(custom_folder)
    assert merged.drug_by_id["bortezomib"].what_it_does == NEW_TEXT
    assert merged.drug_by_id["bortezomib"].brands == shipped.drug_by_id["bortezomib"].brands
    assert "zz-testdrug" in merged.drug_by_id
    assert len(merged.drugs) == len(shipped.drugs) + 1
    # The order of the shipped entries is kept: the override takes the shipped entry's place.
    assert [d.id for d in merged.drugs][: len(shipped.drugs)] == [d.id for d in shipped.drugs]


@pytest.mark.parametrize("how", ["--content", "RRMM_PREP_CONTENT"])
def test_custom_folder_is_used_by_commands(custom_folder, run, how):
    def call(*args):
        if how == "--content":
            return run("--content", custom_folder, *args)
        return run(*args, env={"RRMM_PREP_CONTENT": str(custom_folder)})

    result = call("drugs", "Velcade")
    assert result.exit_code == 0, result
    assert NEW_TEXT in result.stdout
    result = call("drugs", "zztestdrug")
    assert result.exit_code == 0, result
    assert "zztestdrug" in result.stdout.lower()
    assert "It does a test thing." in result.stdout
    result = call("drugs", "Zztestbrand")
    assert result.exit_code == 0, result
    assert "It does a test thing." in result.stdout
    result = call("explain", "zzterm")
    assert result.exit_code == 0, result
    assert "A made-up word used in tests." in result.stdout
    result = call("questions", "zz-topic")
    assert result.exit_code == 0, result
    assert "Is this a test question?" in result.stdout


def test_custom_folder_through_the_installed_script(custom_folder, script):
    result = script("drugs", "bortezomib", env={"RRMM_PREP_CONTENT": str(custom_folder)})
    assert result.exit_code == 0, result
    assert NEW_TEXT in result.stdout
    result = script("--content", custom_folder, "drugs", "zztestdrug")
    assert result.exit_code == 0, result
    assert "It does a test thing." in result.stdout


def test_without_the_folder_the_shipped_text_is_back(custom_folder, run, shipped):
    result = run("drugs", "bortezomib")
    assert result.exit_code == 0
    assert NEW_TEXT not in result.stdout
    assert shipped.drug_by_id["bortezomib"].what_it_does.split(".")[0] in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    "files",
    [{}, {"notes.txt": "hello\n"}, {"drugs.yaml": "drugs: []\n"}],
    ids=["empty folder", "no yaml", "wrongly named file"],
)
def test_folder_with_no_content_files(tmp_path, build_tree, run, files):
    folder = build_tree(tmp_path, files)
    with pytest.raises(RrmmPrepError):
        loading.check_dir(folder)
    result = run("content", "check", folder, env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code == 2, result
    assert str(folder) in result.stderr
    assert "drug_classes.yaml" in result.stderr
    if "drugs.yaml" in files:
        assert "drugs.yaml" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("how", ["check", "--content", "RRMM_PREP_CONTENT"])
def test_missing_folder(tmp_path, run, how):
    missing = tmp_path / "no-such-folder"
    if how == "check":
        result = run("content", "check", missing, env={"RRMM_PREP_DEBUG": None})
    elif how == "--content":
        result = run("--content", missing, "drugs", "Velcade", env={"RRMM_PREP_DEBUG": None})
    else:
        result = run("drugs", "Velcade", env={"RRMM_PREP_CONTENT": str(missing), "RRMM_PREP_DEBUG": None})
    assert result.exit_code == 2, result
    assert str(missing) in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_a_file_given_as_the_folder(tmp_path, run):
    path = tmp_path / "drug_classes.yaml"
    path.write_text(DRUGS, encoding="utf-8")
    result = run("content", "check", path, env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code == 2, result
    assert "folder" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "line"),
    [("- a\n- b\n", {1}), ("just some text\n", {1}), ("reviewed: 2026-11-23\nterms: [\n", {2, 3})],
    ids=["list at top", "text at top", "syntax error"],
)
def test_unreadable_content_file(tmp_path, build_tree, text, line):
    folder = build_tree(tmp_path, {G: text})
    with pytest.raises(ContentError) as info:
        loading.check_dir(folder)
    [problem] = info.value.problems
    assert problem.file == str(folder / G)
    assert problem.line in line


def test_binary_content_file(tmp_path, build_tree, run):
    folder = build_tree(tmp_path, {D: b"\x00\x01\x02binary"})
    result = run("content", "check", folder, env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code == 2
    assert "binary" in result.stderr
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------------ the shipped content


def test_shipped_content_loads(shipped):
    assert shipped.reviewed
    for section in ("classes", "drugs", "regimens", "topics", "visit_reasons", "symptoms", "terms"):
        assert getattr(shipped, section), f"the shipped content has no {section}"
    assert loading.shipped_dir().joinpath("drug_classes.yaml").is_file()


def test_every_shipped_entry_has_sources_and_a_reviewed_date(shipped):
    import datetime as dt

    for entry in (*shipped.classes, *shipped.drugs, *shipped.regimens, *shipped.terms):
        assert entry.sources, entry.id
        assert all(s.startswith("https://") or s.startswith("http://") for s in entry.sources), entry.id
    for entry in (*shipped.classes, *shipped.drugs):
        dt.date.fromisoformat(entry.reviewed)
    for question in shipped.question_by_id.values():
        assert question.sources, question.id


def _sources(c) -> list[tuple[str, str]]:
    """(entry, address) for every source of every entry of the content."""
    entries = [
        *c.classes,
        *c.drugs,
        *c.regimens,
        *c.question_by_id.values(),
        *c.symptoms,
        *c.warning_signs,
        *c.lab_tests,
        *c.terms,
    ]
    return [(f"{type(e).__name__} {e.id}", url) for e in entries for url in e.sources]


def weak_source(url: str) -> str | None:
    """Why an address is one issue 9 asks to replace, or None."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    if host.endswith("."):
        return "a host name with a trailing dot (issuu.com.)"
    for weak, why in (
        ("ashpublications.net", "the old ASH address (now ashpublications.org)"),
        ("verywell.com", "the retired Verywell site"),
        ("drugs.emedtv.com", "a dead site"),
    ):
        if host == weak or host.endswith("." + weak):
            return why
    if host.startswith("pubmed-d."):
        return "a mistyped PubMed address"
    if "cybercemetery" in host:
        return "an archived government page"
    return None


@pytest.mark.parametrize(
    ("url", "weak"),
    [
        ("https://ashpublications.net/blood/article/1", True),
        ("https://issuu.com./mmrf/docs/x", True),
        ("https://pubmed-d.ncbi.nlm.nih.gov/123/", True),
        ("https://www.verywell.com/myeloma", True),
        ("http://drugs.emedtv.com/kyprolis/kyprolis.html", True),
        ("https://cybercemetery.unt.edu/archive/nci/2013/trials.html", True),
        ("https://ashpublications.org/blood/article/1", False),
        ("https://issuu.com/mmrf/docs/x", False),
        ("https://pubmed.ncbi.nlm.nih.gov/123/", False),
        ("https://www.verywellhealth.com/myeloma", False),
    ],
)
def test_the_weak_source_check_can_tell(url, weak):
    assert (weak_source(url) is not None) is weak


def test_no_shipped_source_uses_a_weak_address(shipped):
    """Issue 9: odd or dead addresses were replaced, and none come back."""
    found = [(where, url, weak_source(url)) for where, url in _sources(shipped) if weak_source(url)]
    assert len(_sources(shipped)) > 300
    assert not found, "\n".join(f"{where}: {url} ({why})" for where, url, why in found)


def test_every_drug_status_is_dated_and_checked_by_its_review(shipped):
    import datetime as dt

    for d in shipped.drugs:
        status_day = dt.date.fromisoformat(d.status_date)
        assert status_day <= dt.date.fromisoformat(d.reviewed), f"{d.id}: status dated after its review"
        assert d.status.strip(), d.id


def test_a_drug_with_a_boxed_warning_or_rems_is_dated_and_sourced_against_its_label(shipped):
    """Issue 16: boxed warnings and REMS programs are from the current US label, with the day it was checked
    and the label or FDA notice it was checked against; the entry's review is that day or later."""
    import datetime as dt

    labelled = [d for d in shipped.drugs if d.boxed_warning or d.rems]
    assert len(labelled) >= 11
    for d in labelled:
        assert d.label_reviewed, d.id
        assert d.label_sources and all(u.startswith("https://") for u in d.label_sources), d.id
        assert dt.date.fromisoformat(d.reviewed) >= dt.date.fromisoformat(d.label_reviewed), d.id
        assert any(host in u for u in d.label_sources for host in ("fda.gov", "dailymed.nlm.nih.gov")), d.id


def test_a_drug_without_a_label_note_parses_as_before(tmp_path, build_tree):
    """The label fields are optional: an entry without them loads, with none set."""
    folder = build_tree(tmp_path, BASE)
    merged, _, _ = loading.check_dir(folder)
    d = merged.drug_by_id["zz-testdrug"]
    assert (d.boxed_warning, d.rems, d.label_reviewed, d.label_sources) == (None, None, None, ())


def test_every_urgent_sign_records_its_clinical_review(shipped):
    """Issue 9: a clinical review of every sign is recorded in the content, with the date and its sources."""
    import datetime as dt

    signs = [s for s in shipped.symptoms if s.urgent] + list(shipped.warning_signs)
    assert len(signs) >= 20
    for sign in signs:
        assert sign.review and len(sign.review.split()) >= 5, f"{sign.id} has no review note"
        assert dt.date.fromisoformat(sign.reviewed) >= dt.date.fromisoformat(shipped.reviewed), sign.id
        assert sign.sources, sign.id


# ------------------------------------------------------------------------------------ the content cache


def test_an_edited_override_is_seen_at_once(tmp_path, build_tree, run):
    folder = build_tree(tmp_path, BASE)
    assert loading.load(folder).drug_by_id["zz-testdrug"].what_it_does == "It does a test thing."
    path = folder / D
    path.write_text(
        DRUGS.replace("It does a test thing.", "It does a new thing."), encoding="utf-8"
    )  # same size
    assert loading.load(folder).drug_by_id["zz-testdrug"].what_it_does == "It does a new thing."
    result = run("--content", folder, "drugs", "zztestdrug")
    assert "It does a new thing." in result.stdout


def test_a_file_broken_after_a_good_load_is_reported(tmp_path, build_tree, run):
    folder = build_tree(tmp_path, BASE)
    assert run("--content", folder, "drugs", "zztestdrug").exit_code == 0
    (folder / D).write_text(DRUGS.replace(GIVEN, "    given: [a, b]\n"), encoding="utf-8")
    result = run("--content", folder, "drugs", "zztestdrug", env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code == 2, result
    assert "'given'" in result.stderr


def test_a_new_file_in_the_override_folder_is_seen(tmp_path, build_tree, run):
    folder = build_tree(tmp_path, {D: DRUGS})
    assert run("--content", folder, "explain", "zzterm").exit_code != 0
    (folder / G).write_text(GLOSSARY, encoding="utf-8")
    result = run("--content", folder, "explain", "zzterm")
    assert result.exit_code == 0, result


def test_cached_content_equals_fresh_content(tmp_path, build_tree):
    folder = build_tree(tmp_path, BASE)
    first = loading.load(folder)
    second = loading.load(folder)  # from the cache, if there is one
    assert first == second


def test_content_from_the_cache_equals_content_from_the_yaml(home, tmp_path, monkeypatch):
    """The second load comes from the cache; it must be the very same content, down to every nested record. The
    cache is in the user cache folder (XDG_CACHE_HOME), never in the data folder."""
    from rrmm_prep.store import files

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    monkeypatch.setattr(loading, "_LOADED", {})
    first = loading.load()
    cached = files.cache_dir() / "content.json"
    assert cached.is_file(), "the first load should write the cache"
    assert cached.is_relative_to(tmp_path / "cache-home")
    assert not (home / "cache").exists()
    monkeypatch.setattr(loading, "_LOADED", {})
    monkeypatch.setattr(
        "rrmm_prep.content.schema.build", lambda layers: pytest.fail("the cache was not used")
    )
    second = loading.load()
    assert second == first
    question = second.topics[0].questions[0]
    assert isinstance(question, records.Question) and all(
        isinstance(r, records.Rule) for r in question.suggest_when
    )
