"""`rrmm-prep new-visit`: the walk (in-process, through the prompt seam), answers files, carry-forward and records.

The walk is driven by a DictPrompter: answers are given by what a prompt asks ("When is the visit"), and Enter
everywhere else, so a test says only what matters to it. Question texts and counts come from the content, never
hard-coded. The walk in a real terminal is in test_terminal.py; the three drivers agreeing, in test_drivers.py.
"""

from __future__ import annotations

import json
import re
import stat

import pytest

from helpers import (
    EXAMPLE_ANSWERS,
    FIXED_DAY_ISO,
    heading_texts,
    md_text,
    only_record,
    only_summary,
    visit_files,
    write,
    yaml_doc,
)
from rrmm_prep.model.visit import SCHEMA

NO_PRINT = {"Make a page to print": "n"}


def walk(run, prompter, answers: dict, *args: str):
    """Run new-visit in-process with ``answers`` (by prompt words); return (result, the prompter)."""
    p = prompter({**NO_PRINT, **answers})
    result = run("new-visit", *args)
    return result, p


# ------------------------------------------------------------------------------------------------ the first walk


def test_enter_through_a_first_visit_is_short_and_gives_a_useful_summary(
    run, home, prompter, shipped, pinned_day
):
    result, p = walk(run, prompter, {})
    assert result.exit_code == 0, result
    print(f"Enter-through first visit: {len(p.asked)} prompts")
    assert len(p.asked) <= 20, p.labels
    text = only_summary(home)
    shown = md_text(text)
    assert "Monday 23 November 2026" in shown
    assert "Ask these first" in heading_texts(text, 2)
    assert "Before you go" in heading_texts(text, 2) and "Before you leave" in heading_texts(text, 2)
    for c in [*shipped.before_you_go, *shipped.before_you_leave]:
        assert c.text in shown
    record = only_record(home)
    ticked = [q for q in record["questions"] if q["id"]]
    assert 1 <= len(ticked) <= 12  # a list one can read
    assert not list((home / "drafts").glob("*.json")) if (home / "drafts").exists() else True


def test_the_welcome_says_what_the_walk_covers_how_long_enter_and_ctrl_c(run, home, prompter, pinned_day):
    result, _ = walk(run, prompter, {})
    head = result.stdout.split("Step 1 of")[0]
    for words in ("your treatments so far", "your questions", "15 minutes", "Enter", "Ctrl-C", "draft"):
        assert words in head, words
    assert "does not give medical advice" in head


def test_about_me_is_asked_once_and_carried(run, home, prompter, pinned_day):
    about = {
        "Your name": "Robert Lee",
        "Date of birth": "5/14/1955",
        "type of myeloma": "IgG kappa",
        "When was the myeloma found": "march 2019",
        "Allergies": "penicillin, sulfa",
        "nights and weekends": "555-0100",
    }
    result, p = walk(run, prompter, about)
    assert result.exit_code == 0, result
    saved = json.loads((home / "about.json").read_text())
    assert saved["name"] == "Robert Lee" and saved["born"] == "1955-05-14" and saved["diagnosed"] == "2019-03"
    assert saved["allergies"] == ["penicillin", "sulfa"] and saved["after_hours"] == "555-0100"
    assert stat.S_IMODE((home / "about.json").stat().st_mode) == 0o600
    assert only_record(home)["about"]["name"] == "Robert Lee"
    result, p = walk(run, prompter, {"Quick": "full"})
    assert result.exit_code == 0, result
    assert not any("Your name" in label for label in p.labels)  # asked once
    newest = max(visit_files(home, ".json"), key=lambda f: f.stat().st_mtime_ns)
    assert json.loads(newest.read_text())["about"]["after_hours"] == "555-0100"


def test_enter_at_the_name_skips_about_me_and_asks_it_next_time(run, home, prompter, pinned_day):
    result, p = walk(run, prompter, {})
    assert [label for label in p.labels if "Date of birth" in label] == []
    assert not (home / "about.json").exists()
    result, p = walk(run, prompter, {})
    assert any("Your name" in label for label in p.labels)


DATES = [
    # (typed at "When is the visit", the date it is read as, the time)
    ("next tuesday", "2026-11-24", ""),  # the soonest Tuesday; it is said back, so a person can correct it
    ("tuesday", "2026-11-24", ""),
    ("in 2 weeks", "2026-12-07", ""),
    ("the 14th", "2026-12-14", ""),
    ("dec 3", "2026-12-03", ""),
    ("December 3rd", "2026-12-03", ""),
    ("12/3", "2026-12-03", ""),
    ("tomorrow", "2026-11-24", ""),
    ("today", "2026-11-23", ""),
    ("2027-01-07", "2027-01-07", ""),
    ("next tuesday 10:30", "2026-11-24", "10:30"),
    ("dec 3 at 2pm", "2026-12-03", "14:00"),
    ("next tusday at 2", "2026-11-24", "14:00"),  # a typo in a weekday
    ("decmber 3", "2026-12-03", ""),  # ... and in a month
    ("tomorow", "2026-11-24", ""),
    ("dec 3 at 9", "2026-12-03", "09:00"),  # a bare hour after "at"
    ("dec 3 at 2", "2026-12-03", "14:00"),  # 1 to 6 without am or pm: a clinic's afternoon
    ("dec 3 at 2:30", "2026-12-03", "14:30"),
    ("dec 3 at 8:45 am", "2026-12-03", "08:45"),
    ("Thursday 3 December 2026", "2026-12-03", ""),  # the way rrmm-prep says dates reads back
]


@pytest.mark.parametrize(("typed", "iso", "time"), DATES, ids=[d[0] for d in DATES])
def test_the_visit_date_in_spoken_forms_is_read_and_said_back(
    run, home, prompter, pinned_day, typed, iso, time
):
    from rrmm_prep.read.dates import say

    result, _ = walk(run, prompter, {"When is the visit": typed})
    assert result.exit_code == 0, result
    record = only_record(home)
    assert record["info"]["date"] == iso and record["info"]["time"] == time
    assert f"Read as: {say(iso)}" in result.stdout


def test_a_date_that_cannot_be_read_is_asked_again_with_examples(run, home, prompter, pinned_day):
    result, p = walk(run, prompter, {"When is the visit": ["someday soon", "dec 3"]})
    assert result.exit_code == 0, result
    assert "'someday soon' is not a date I can read" in result.stdout
    assert only_record(home)["info"]["date"] == "2026-12-03"


@pytest.mark.parametrize("typed", ["6 and 7", "6, 7", "6 7"])
def test_several_reasons(run, home, prompter, shipped, pinned_day, typed):
    result, _ = walk(run, prompter, {"What is the visit for": typed})
    assert result.exit_code == 0, result
    info = only_record(home)["info"]
    assert info["reason_ids"] == [shipped.visit_reasons[5].id, shipped.visit_reasons[6].id]


def test_a_reason_in_own_words(run, home, prompter, pinned_day):
    walk(run, prompter, {"What is the visit for": "my sister's advice"})
    info = only_record(home)["info"]
    assert info["reasons"] == ["my sister's advice"] and info["reason_ids"] == []


# ------------------------------------------------------------------------------------------------ treatments


def test_treatments_typed_as_a_list_with_a_typo_a_transplant_and_spoken_dates(
    run, home, prompter, pinned_day
):
    answers = {
        "Which myeloma treatments": "VRd, transplant, revlimd, DPd",  # "revlimd": the one clear match, said back
        "VRd: when": "2019 to 2020, worked",  # one prompt for what the line left out
        "transplant: when": "2020",
        "Revlimid: when": "12/8/2020 to 3/2024, stopped working",
        "DPd: when": "since march 2024",
    }
    result, p = walk(run, prompter, answers)
    assert result.exit_code == 0, result
    ts = only_record(home)["treatments"]
    assert [t["name"] for t in ts] == ["VRd", "transplant", "Revlimid", "DPd"]
    vrd, sct, rev, dpd = ts
    assert vrd["kind"] == "regimen" and vrd["started"] == "2019" and vrd["stopped"] == "2020"
    assert vrd["outcome"] == "worked"
    assert sct["one_time"] is True and sct["started"] == "2020" and sct["stopped"] == ""
    assert rev["ref"] == "lenalidomide" and rev["started"] == "2020-12-08" and rev["stopped"] == "2024-03"
    assert rev["outcome"] == "stopped working"
    assert dpd["started"] == "2024-03" and dpd["outcome"] == "still taking"
    assert "Read as: Revlimid (lenalidomide) (you typed 'revlimd')" in result.stdout
    # Each treatment is asked once for what its line left out; a one-time event its date and how it went.
    assert [label.split(":")[0] for label in p.labels if ": when" in label] == ["VRd", "transplant", "Revlimid", "DPd"]


# How a treatment went, typed as people say it: (typed, read as; "" = asked again, naming the choices).
OUTCOME_WORDS = [
    ("worked", "worked"),
    ("it worked for a while", "stopped working"),  # with its stop date: it worked, then stopped (words kept)
    ("it came back after a year", "stopped working"),
    ("never worked", "stopped working"),
    ("it didn't work", "stopped working"),
    ("stopped because of side effects", "stopped for side effects"),
    ("too many side effects so we stopped", "stopped for side effects"),
    ("finished the course", "finished as planned"),
    ("still on it", "still taking"),
    ("stoped working", "stopped working"),  # a misspelling close to one choice
    ("finised as planed", "finished as planned"),
    ("worked then stopped working", ""),
    ("numb feet", ""),
]


@pytest.mark.parametrize(("typed", "read_as"), OUTCOME_WORDS)
def test_how_a_treatment_went_in_everyday_words(typed, read_as, run, tmp_path, prompter, pinned_day):
    """The walk and an answers file read the words alike; words that say no choice, or two, are asked again in
    the walk (naming the choices) and are a problem in a file, never a silent guess."""
    walk_home, file_home = tmp_path / "walk", tmp_path / "file"
    prompter({**NO_PRINT, "Which myeloma treatments": "Velcade", "Velcade: when": [f"2020 to 2021, {typed}", "finished as planned"]})
    walked = run("new-visit", env={"RRMM_PREP_HOME": str(walk_home)})
    assert walked.exit_code == 0, walked
    stored = only_record(walk_home)["treatments"][0]
    two = typed == "worked then stopped working"  # two choices in one sentence: asked again, naming them
    assert stored["outcome"] == (read_as or ("finished as planned" if two else ""))
    assert ("Type its number" in walked.stdout) is two, walked.stdout
    if not read_as and not two:  # words that say no choice are a bad effect, never a guessed outcome
        assert [e["name"] for e in stored["bad_effects"]] == [typed]
    doc = {"treatments": [{"drug": "Velcade", "when": "2020 to 2021", "outcome": typed}]}
    result = run(
        "new-visit",
        "--answers",
        write(tmp_path, "a.yaml", yaml_doc(doc)),
        env={"RRMM_PREP_HOME": str(file_home)},
    )
    if read_as:
        assert result.exit_code == 0, result
        assert only_record(file_home)["treatments"][0]["outcome"] == read_as
    else:
        assert result.exit_code != 0 and "outcome" in result.stderr and "Traceback" not in result.stderr


def test_bad_effects_off_the_list_are_asked_again_and_a_brand_keeps_its_spelling(
    run, home, prompter, pinned_day
):
    result, _ = walk(
        run,
        prompter,
        {"Which myeloma treatments": "revlimid", "Revlimid: when": ["2020, 99", "2020, 1, hiccups"]},
    )
    assert result.exit_code == 0, result
    assert "99 is not on the list" in result.stdout
    assert "bad effects: blood clots: swelling or pain in one leg, hiccups" in result.stdout.replace("\n", " ") or (
        "hiccups" in result.stdout
    )
    [t] = only_record(home)["treatments"]
    effects = [e["name"] for e in t["bad_effects"]]
    assert t["name"] == "Revlimid" and effects[-1] == "hiccups" and len(effects) == 2


def test_words_close_to_no_drug_are_kept_as_own_words(run, home, prompter, pinned_day):
    result, _ = walk(run, prompter, {"Which myeloma treatments": "zapamab"})
    t = only_record(home)["treatments"][0]
    assert t["name"] == "zapamab" and t["kind"] == "" and t["drugs"] == []
    assert "Kept as you typed it: zapamab (not in rrmm-prep's list)" in result.stdout
    assert "(own words)" in md_text(only_summary(home))


def test_a_drug_class_asks_which_drug(run, home, prompter, pinned_day):
    result, _ = walk(run, prompter, {"Which myeloma treatments": "IMiD", "A number, or Enter": "2"})
    assert result.exit_code == 0, result
    assert "is a group of drugs" in result.stdout
    assert only_record(home)["treatments"][0]["kind"] == "drug"


def test_an_unknown_name_is_kept_as_typed_and_marked(run, home, prompter, pinned_day):
    result, _ = walk(run, prompter, {"Which myeloma treatments": "zzqxyv trial drug"})
    t = only_record(home)["treatments"][0]
    assert t["name"] == "zzqxyv trial drug" and t["kind"] == ""
    assert "Kept as you typed it" in result.stdout


def test_a_treatment_date_that_cannot_be_read_is_asked_again(run, home, prompter, pinned_day):
    result, _ = walk(
        run,
        prompter,
        {"Which myeloma treatments": "Velcade", "Velcade: when": ["2/30/2021 to 2022", "2021 to 2022"]},
    )
    assert "There is no 30 February 2021" in result.stdout  # said, and asked again
    assert only_record(home)["treatments"][0]["stopped"] == "2022"


def test_bad_effects_by_number_and_in_own_words(run, home, prompter, shipped, pinned_day):
    effects = shipped.drug_by_id["bortezomib"].side_effects
    walk(run, prompter, {"Which myeloma treatments": "Velcade", "Velcade: when": "2021, 1 2, hiccups"})
    t = only_record(home)["treatments"][0]
    assert [e["name"] for e in t["bad_effects"]] == [effects[0], effects[1], "hiccups"]


# ------------------------------------------------------------------------------------------------ symptoms


def test_own_words_are_read_back_and_a_fever_calls_now_at_once(run, home, prompter, pinned_day):
    from helpers import DictPrompter
    from rrmm_prep import ui
    from rrmm_prep.render import calls

    p = DictPrompter(
        {
            **NO_PRINT,
            "Which myeloma treatments": "teclistamab",
            "Which have you had": "temp 38.5 and a cough",
        },
        marking=True,
    )
    ui.set_prompter(p)
    result = run("new-visit")  # (the autouse fixture puts the terminal prompter back after the test)
    assert result.exit_code == 0, result
    readback = next(line for line in result.stdout.splitlines() if "Read as: fever" in line)
    assert "fever (temperature 38.5 C)" in readback and "chills, cough or burning urine" in readback
    out = result.stdout.upper()
    # The box is shown at once: after the reading, before the next question.
    assert (
        out.index("<<ASK WHICH HAVE YOU HAD")
        < out.index("READ AS: FEVER")
        < out.index(calls.CALL_NOW.upper())
        < out.index("<<ASK HOW BAD IS IT")
    )
    ids = [s["id"] for s in only_record(home)["symptoms"]]
    assert ids == ["fever", "infection-signs"]
    text = only_summary(home)
    assert text.index("Call your care team now") < text.index("## The visit")


def test_own_words_are_read_back_and_kept_as_said(run, home, prompter, pinned_day):
    result, p = walk(run, prompter, {"Which have you had": "my tummy"})
    assert "Read as: your own words: my tummy." in result.stdout  # said back; the review can change it
    assert [(s["id"], s["name"]) for s in only_record(home)["symptoms"]] == [("", "my tummy")]
    assert not any("type again" in label for label in p.labels)  # no second question for it


def test_unmatched_words_are_kept_as_ones_own(run, home, prompter, pinned_day):
    walk(run, prompter, {"Which have you had": "hiccups, 3"})
    symptoms = only_record(home)["symptoms"]
    assert {s["name"] for s in symptoms} >= {"hiccups"}
    assert any(s["id"] == "" and s["name"] == "hiccups" for s in symptoms)


def test_severity_and_a_note_in_one_answer(run, home, prompter, pinned_day):
    walk(run, prompter, {"Which have you had": "1", "How bad is it": "2, worse in the evening"})
    s = only_record(home)["symptoms"][0]
    assert s["severity"] == "moderate" and s["note"] == "worse in the evening"


def test_a_number_not_on_the_list_is_asked_again(run, home, prompter, pinned_day):
    result, _ = walk(run, prompter, {"Which have you had": ["150", "1"]})
    assert "150 is not on the list" in result.stdout
    assert len(only_record(home)["symptoms"]) == 1


def test_the_call_now_box_keeps_its_flags_in_the_record(run, home, prompter, pinned_day):
    walk(run, prompter, {"Which have you had": "seizure"})
    flags = only_record(home)["call_now"]
    assert [f["sign"] for f in flags] == ["seizure"] and flags[0]["level"] == "emergency"


# ------------------------------------------------------------------------------------------------ labs


def test_a_lab_typed_with_its_unit_is_split_and_dated_in_spoken_words(run, home, prompter, pinned_day):
    result, _ = walk(run, prompter, {"A result, like": "kappa 85.2 mg/L", "Date of the test": "last week"})
    lab = only_record(home)["labs"][0]
    assert (lab["test"], lab["value"], lab["unit"], lab["date"]) == (
        "free light chain kappa",
        "85.2",
        "mg/L",
        "2026-11-16",
    )
    assert lab["as_typed"] is False


def test_a_value_without_its_test_is_asked_again_with_its_test(run, home, prompter, pinned_day):
    result, _ = walk(
        run, prompter, {"A result, like": ["85.2 mg/L", "kappa 85.2 mg/L"], "Date of the test": "11/20"}
    )
    assert "names no test. Start with the test's name" in result.stdout  # never guessed from the unit
    lab = only_record(home)["labs"][0]
    assert lab["test"] == "free light chain kappa" and lab["date"] == "2026-11-20"


def test_an_unusual_unit_is_kept_as_typed_when_the_person_says_yep(run, home, prompter, pinned_day):
    walk(run, prompter, {"A result, like": "kappa 8.5 g/L", "Keep it as you typed it": "yep"})
    lab = only_record(home)["labs"][0]
    assert lab["unit"] == "g/L" and lab["as_typed"] is True
    assert "(as typed)" in md_text(only_summary(home))


def test_a_refused_lab_is_asked_again_never_dropped_silently(run, home, prompter, pinned_day):
    answers = {
        "A result, like": ["kappa 8.5 g/L", "kappa 85 mg/L"],
        "Keep it as you typed it": "n",
    }
    result, p = walk(run, prompter, answers)
    assert "type the result again" in result.stdout.lower()
    labs = only_record(home)["labs"]
    assert [(x["value"], x["unit"]) for x in labs] == [("85", "mg/L")]


def test_a_decimal_comma_is_a_decimal_and_1_200_is_asked(run, home, prompter, pinned_day):
    answers = {
        "A result, like": "M-protein 0,850 g/dL",
        "Add another result": ["IgG 1,200 mg/dL", ""],
        "1 for": "2",
    }
    walk(run, prompter, answers)
    labs = only_record(home)["labs"]
    assert [x["value"] for x in labs] == ["0.850", "1200"]


def test_words_of_a_result_are_its_value(run, home, prompter, pinned_day):
    walk(run, prompter, {"A result, like": "MRD negative"})
    lab = only_record(home)["labs"][0]
    assert (lab["test"], lab["value"], lab["unit"], lab["as_typed"]) == ("MRD", "negative", "", False)


# ------------------------------------------------------------------------------------------------ questions


def _number_of(shipped, question_id: str) -> int:
    return [q.id for t in shipped.topics for q in t.questions].index(question_id) + 1


def test_adding_and_removing_are_different_and_a_wanted_question_is_never_untickled(
    run, home, prompter, shipped, pinned_day
):
    car_t = (
        _number_of(shipped, "car-t-bispecific-option")
        if "car-t-bispecific-option" in shipped.question_by_id
        else None
    )
    car_t = car_t or next(
        i for i, q in enumerate((q for t in shipped.topics for q in t.questions), 1) if "CAR-T" in q.text
    )
    options = _number_of(shipped, "options-what")
    answers = {"Your change": [f"{car_t}", f"+{car_t}", f"-{options}", "Can I travel in June?", ""]}
    result, p = walk(run, prompter, answers)
    assert result.exit_code == 0, result
    texts = [q["text"] for q in only_record(home)["questions"]]
    cat = [q for t in shipped.topics for q in t.questions]
    assert cat[car_t - 1].text in texts  # typed twice: still on the list, never toggled off
    assert cat[options - 1].text not in texts
    assert texts[0] == "Can I travel in June?"  # own questions first
    assert result.stdout.count("On your list now") >= 4  # read back after every change


def test_own_questions_come_first_in_the_order_typed_and_a_letter_removes_one(
    run, home, prompter, pinned_day
):
    answers = {"Your change": ["First question?", "Second question?", "Third question?", "-b", ""]}
    walk(run, prompter, answers)
    own = [q["text"] for q in only_record(home)["questions"] if not q["id"]]
    assert own == ["First question?", "Third question?"]


def test_more_browses_questions_by_topic(run, home, prompter, shipped, pinned_day):
    topic = shipped.topics[-1]
    result, _ = walk(
        run, prompter, {"Your change": ["more", ""], "A topic's number": str(len(shipped.topics))}
    )
    assert topic.title in result.stdout
    for q in topic.questions:
        assert q.text[:40] in result.stdout


def test_ask_first_at_most_three(run, home, prompter, pinned_day):
    result, _ = walk(run, prompter, {"Which three": ["1 2 3 4", "2"]})
    assert "three at most" in result.stdout
    assert only_record(home)["ask_first"] == [1]


# ------------------------------------------------------------------------------------------------ typed text


def test_escape_bytes_and_control_characters_are_never_kept(run, home, prompter, pinned_day):
    walk(run, prompter, {"Anything else": "left\x1b[D\x1b[Dright\x07 and\x9b2J more"})
    notes = only_record(home)["notes"]
    assert notes == "leftright and more"
    text = only_summary(home)
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


def test_a_byte_that_is_not_utf8_is_kept_with_a_replacement(run, home, prompter, pinned_day):
    walk(
        run, prompter, {"Who is coming": "J\udcfcrgen"}
    )  # what a Latin-1 terminal sends, read with surrogates
    assert "J" in only_record(home)["info"]["companion"]


# ------------------------------------------------------------------------------------------------ printing


def test_the_walk_ends_by_offering_a_page_to_print(run, home, prompter, tmp_path, pinned_day):
    prompter({"Make a page to print": ""})
    result = run("new-visit")
    assert result.exit_code == 0, result
    page = next((tmp_path / "documents" / "rrmm-prep").glob("*.html"))
    assert "The page to print is" in result.stdout and str(page) in result.stdout
    assert stat.S_IMODE(page.stat().st_mode) == 0o600


# ------------------------------------------------------------------------------------------------ a repeat visit


@pytest.fixture
def last_visit(run, home, tmp_path, pinned_day):
    path = write(
        tmp_path, "first.yaml", EXAMPLE_ANSWERS.replace("date: 2026-12-03", f"date: {FIXED_DAY_ISO}")
    )
    assert run("new-visit", "--answers", path).exit_code == 0
    return only_record(home)


def test_a_repeat_visit_is_quick_by_default_and_short(run, home, prompter, last_visit, pinned_day):
    result, p = walk(run, prompter, {})
    assert result.exit_code == 0, result
    print(f"Enter-through repeat visit: {len(p.asked)} prompts")
    assert len(p.asked) <= 15, p.labels
    newest = max(visit_files(home, ".json"), key=lambda f: f.stat().st_mtime_ns)
    record = json.loads(newest.read_text())
    assert [t["name"] for t in record["treatments"]] == ["VRd", "Darzalex"]
    assert record["info"]["clinician"] == "Dr. Rivera, hematology"
    assert record["health_problems"] == ["type 2 diabetes", "high blood pressure"]
    own = [q["text"] for q in record["questions"] if not q["id"]]
    assert own == ["Can I get the infusions closer to home?", "Is it safe to travel by plane in June?"]
    assert all(q["carried"] for q in record["questions"] if not q["id"])


def test_a_dash_clears_a_carried_list_and_is_never_an_item(run, home, prompter, last_visit, pinned_day):
    result, p = walk(
        run,
        prompter,
        {"Quick": "full", "Which myeloma treatments": "", "Add more": "", "Type more to add": ["-"]},
    )
    assert result.exit_code == 0, result
    newest = max(visit_files(home, ".json"), key=lambda f: f.stat().st_mtime_ns)
    record = json.loads(newest.read_text())
    assert record["health_problems"] == [] and "Cleared: none now" in result.stdout
    assert "-" not in record["medicines"] and [t["name"] for t in record["treatments"]] == ["VRd", "Darzalex"]


def test_full_on_a_repeat_visit_shows_what_was_carried(run, home, prompter, last_visit, pinned_day):
    result, p = walk(run, prompter, {"Quick": "full", "Add more": "-1", "Other health": ""})
    newest = max(visit_files(home, ".json"), key=lambda f: f.stat().st_mtime_ns)
    record = json.loads(newest.read_text())
    assert [t["name"] for t in record["treatments"]] == ["Darzalex"]
    assert "VRd" in result.stdout  # the carried list was shown before it changed


# ------------------------------------------------------------------------------------------------ answers files


def test_example_answers_file_is_accepted_and_everything_shows(run, home, tmp_path, shipped):
    from rrmm_prep.render import calls

    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 0, result
    text = only_summary(home)
    shown = md_text(text)
    for words in [
        "Thursday 3 December 2026",
        "Dr. Rivera, hematology",
        "Riverside Cancer Center",
        "choosing a new treatment",
        "Maria (my daughter)",
        "VRd",
        "bortezomib, lenalidomide, dexamethasone",
        "February 2023 to January 2024",
        "stopped working",
        "numbness in my feet; trouble sleeping",
        "Darzalex",
        "since February 2024",
        "still taking",
        "numbness or tingling",
        "moderate",
        "worse in the evening",
        "38.4 C last night",
        "type 2 diabetes",
        "metformin 500 mg twice a day",
        "be well enough for a wedding in June",
        "Can I get the infusions closer to home?",
        "My sister can drive me to appointments on Tuesdays.",
        "Doctors call this triple-class exposed",
    ]:
        assert words in shown, words
    assert text.index(calls.CALL_NOW) < text.index("## The visit")
    assert calls.CALL_NOW.upper() in result.stdout.upper()
    assert f"Content reviewed {shipped.reviewed}" in shown


def test_no_input_equals_an_empty_answers_file_equals_enter_through(
    run, home, prompter, tmp_path, pinned_day
):
    from helpers import comparable

    homes = [tmp_path / n for n in ("walk", "none", "file")]
    prompter({**NO_PRINT})
    assert run("new-visit", env={"RRMM_PREP_HOME": str(homes[0])}).exit_code == 0
    assert run("new-visit", "--no-input", env={"RRMM_PREP_HOME": str(homes[1])}).exit_code == 0
    path = write(tmp_path, "empty.yaml", "visit:\n  date:\n")
    assert run("new-visit", "--answers", path, env={"RRMM_PREP_HOME": str(homes[2])}).exit_code == 0
    records = [comparable(only_record(h)) for h in homes]
    assert records[0] == records[1] == records[2]


def test_answers_template_is_accepted_as_it_is(run, home, tmp_path, pinned_day, shipped):
    from helpers import comparable

    result = run("new-visit", "--answers-template")
    assert result.exit_code == 0, result
    assert visit_files(home) == []
    template = result.stdout
    for q in (q for t in shipped.topics for q in t.questions):
        assert q.id in template
    for key in ("about_me:", "visit:", "treatments:", "symptoms:", "labs:", "my_questions:", "notes:"):
        assert key in template
    assert run("new-visit", "--answers", write(tmp_path, "t.yaml", template)).exit_code == 0
    other = tmp_path / "other"
    assert run("new-visit", "--no-input", env={"RRMM_PREP_HOME": str(other)}).exit_code == 0
    assert comparable(only_record(home)) == comparable(only_record(other))


def test_answers_file_with_about_me_a_transplant_and_spoken_dates(run, home, tmp_path, pinned_day):
    data = {
        "about_me": {
            "name": "Robert Lee",
            "born": "5/14/1955",
            "diagnosed": "2019",
            "myeloma_type": "IgG kappa",
            "allergies": ["penicillin"],
        },
        "visit": {"date": "next tuesday", "reason": ["choosing a new treatment", "a clinical trial"]},
        "treatments": [
            {"drug": "VRd", "when": "2019 to 2020", "outcome": "worked"},
            {"drug": "stem cell transplant", "date": "2020"},
            {"drug": "ASCT", "date": "march 2021"},
            {"drug": "auto transplant", "date": "2022"},
            {"drug": "transplant", "date": "2023"},
            {"drug": "DPd", "started": "12/8/2024"},
        ],
        "labs": [
            {"test": "kappa", "value": "85.2", "unit": "mg/L", "date": "last week"},
            "M-protein 1.2 g/dL on 11/20",
        ],
    }
    result = run("new-visit", "--answers", write(tmp_path, "a.yaml", yaml_doc(data)))
    assert result.exit_code == 0, result
    record = only_record(home)
    assert record["about"]["born"] == "1955-05-14"
    assert record["info"]["date"] == "2026-11-24"
    assert len(record["info"]["reasons"]) == 2
    ts = record["treatments"]
    assert [t["one_time"] for t in ts] == [False, True, True, True, True, False]
    assert [t["started"] for t in ts[1:5]] == ["2020", "2021-03", "2022", "2023"]
    assert ts[5]["started"] == "2024-12-08" and ts[5]["outcome"] == ""  # unknown, as Enter gives in the walk
    assert [x["date"] for x in record["labs"]] == ["2026-11-16", "2026-11-20"]
    assert json.loads((home / "about.json").read_text())["name"] == "Robert Lee"


def test_no_terminal_and_no_flag_says_which_flags_work(script, home):
    result = script("new-visit")
    assert result.exit_code != 0
    assert "--answers" in result.stderr and "--no-input" in result.stderr
    assert "Traceback" not in result.output
    assert visit_files(home) == [] and visit_files(home, ".json") == []


BAD_FILES = [
    # (id, file text, field, line, words in the message)
    (
        "unknown top field",
        "visit:\n  date: 2026-12-03\nfavourite_colour: blue\n",
        "favourite_colour",
        3,
        "unknown field",
    ),
    ("unknown visit field", "visit:\n  date: 2026-12-03\n  clinic: X\n", "clinic", 3, "unknown field"),
    ("close to two drugs", "treatments:\n  - drug: Darzalex\n  - drug: SPdd\n", "drug", 3, "did you mean"),
    ("drug class", "treatments:\n  - drug: IMiD\n", "drug", 2, "group of drugs"),
    ("bad date", "visit:\n  time: 10:30\n  date: 2026-02-30\n", "date", 3, "There is no 30 February 2026"),
    ("bad date words", "visit:\n  date: someday soon\n", "date", 2, "not a date"),
    ("bad time", "visit:\n  date: 2026-12-03\n  time: 25:00\n", "time", 3, "not a time"),
    ("list for text", "visit:\n  with: [Dr. A, Dr. B]\n", "with", 2, "should be text"),
    ("mapping for text", "notes:\n  a: b\n", "notes", 1, "should be text"),
    ("bad severity", "symptoms:\n  - name: fever\n    severity: purple\n", "severity", 3, "How bad is it"),
    ("bad outcome", "treatments:\n  - drug: Velcade\n    outcome: great\n", "outcome", 3, "How did it go?"),
    ("bad started", "treatments:\n  - drug: Velcade\n    started: 2023-13\n", "started", 3, "not a date"),
    (
        "stop date on a transplant",
        "treatments:\n  - drug: ASCT\n    stopped: 2020\n",
        "stopped",
        3,
        "one-time",
    ),
    ("unknown question id", "questions: [no-such-question]\n", "questions", 1, "not a known question id"),
    ("ask_first out of range", "ask_first: [99]\n", "ask_first", 1, "not a question"),
    (
        "lab unit",
        "labs:\n  - test: M-protein\n    value: 1.2\n    unit: mg/L\n",
        "unit",
        4,
        "usually given in",
    ),
    ("lab value", "labs:\n  - test: M-protein\n    value: lots\n    unit: g/dL\n", "value", 3, "no number"),
    (
        "lab value thousands",
        "labs:\n  - test: IgG\n    value: 1,200\n    unit: mg/dL\n",
        "value",
        3,
        "1.200 or 1200",
    ),
    ("treatment without a name", "treatments:\n  - started: 2023\n", "drug", 2, "needs 'drug'"),
    ("symptom without a name", "symptoms:\n  - severity: mild\n", "name", 2, "required"),
    ("symptom number off the list", "symptoms: ['150']\n", "name", 1, "not on the list"),
]


@pytest.mark.parametrize(
    ("text", "field", "line", "words"), [r[1:] for r in BAD_FILES], ids=[r[0] for r in BAD_FILES]
)
def test_bad_answers_file(run, home, tmp_path, text, field, line, words):
    path = write(tmp_path, "answers.yaml", text)
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 2, result
    problems = [ln for ln in result.stderr.splitlines() if ln.startswith("  - ")]
    assert len(problems) == 1, result.stderr
    assert f"{path}:{line}:" in problems[0]
    assert f"'{field}'" in problems[0]
    assert words in problems[0]
    assert "Traceback" not in result.output
    assert visit_files(home) == [] and visit_files(home, ".json") == []


def test_an_unknown_drug_in_a_file_is_kept_as_own_words_and_said(run, tmp_path, home):
    result = run("new-visit", "--answers", write(tmp_path, "a.yaml", "treatments:\n  - drug: zzqxyv\n"))
    assert result.exit_code == 0, result  # as the walk keeps it: the person's own words, said back
    assert "zzqxyv (your own words)" in result.stdout
    assert only_record(home)["treatments"][0]["kind"] == ""


def test_a_short_regimen_name_never_hides_a_different_drug(run, tmp_path):
    result = run("new-visit", "--answers", write(tmp_path, "a.yaml", "treatments:\n  - drug: SPdd\n"))
    assert result.exit_code == 2
    if "Did you mean" in result.stderr:  # a suggestion always shows its drugs
        assert re.search(r"Did you mean: [^?]*\([a-z]", result.stderr), result.stderr


def test_every_problem_in_a_file_is_reported(run, home, tmp_path):
    text = (
        "visit:\n"  # 1
        "  date: 2026-13-45\n"  # 2
        "  time: 25:99\n"  # 3
        "  with: [a, b]\n"  # 4
        "  colour: blue\n"  # 5
        "treatments:\n"  # 6
        "  - drug: IMiD\n"  # 7
        "  - drug: Velcade\n"  # 8
        "    outcome: great\n"  # 9
        "symptoms:\n"  # 10
        "  - name: fever\n"  # 11
        "    severity: purple\n"  # 12
        "questions: [no-such-question]\n"  # 13
    )
    result = run("new-visit", "--answers", write(tmp_path, "answers.yaml", text))
    assert result.exit_code == 2
    problems = [ln for ln in result.stderr.splitlines() if ln.startswith("  - ")]
    for line in (2, 3, 4, 5, 7, 9, 12, 13):
        assert any(f":{line}:" in p for p in problems), (line, result.stderr)
    assert len(problems) == 8, result.stderr
    assert visit_files(home) == []


def test_yaml_syntax_error_names_the_line(run, home, tmp_path):
    path = write(tmp_path, "answers.yaml", "visit:\n  date: 2026-12-03\n  with: [unclosed\n")
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 2 and str(path) in result.stderr
    assert "Traceback" not in result.output and visit_files(home) == []


def test_missing_answers_file(run, home, tmp_path):
    result = run("new-visit", "--answers", tmp_path / "nope.yaml")
    assert result.exit_code != 0 and "nope.yaml" in result.stderr and "Traceback" not in result.output


# ------------------------------------------------------------------------------------------------ records


def test_file_names_from_date_and_clinician_never_overwrite(run, home, tmp_path):
    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    for _ in range(3):
        assert run("new-visit", "--answers", path).exit_code == 0
    names = [p.name for p in visit_files(home, ".json")]
    assert names == [
        "2026-12-03-dr-rivera-2.json",
        "2026-12-03-dr-rivera-3.json",
        "2026-12-03-dr-rivera.json",
    ]


def test_record_is_json_with_a_schema_and_a_revision(run, home, tmp_path):
    assert run("new-visit", "--answers", write(tmp_path, "a.yaml", EXAMPLE_ANSWERS)).exit_code == 0
    record = only_record(home)
    assert record["schema"] == SCHEMA and record["revision"] == 1 and record["id"] == "2026-12-03-dr-rivera"


def test_files_are_private_even_with_umask_zero(run, home, tmp_path, prompter, pinned_day):
    import os

    old = os.umask(0)
    try:
        prompter(NO_PRINT)
        assert run("new-visit").exit_code == 0
    finally:
        os.umask(old)
    for path in [*visit_files(home), *visit_files(home, ".json")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "visits").stat().st_mode) == 0o700


def test_output_also_writes_the_summary(run, home, tmp_path):
    out = tmp_path / "mine.md"
    result = run("new-visit", "--answers", write(tmp_path, "a.yaml", EXAMPLE_ANSWERS), "--output", out)
    assert result.exit_code == 0, result
    assert out.read_text() == only_summary(home)


HOSTILE = ["<script>alert(1)</script>", "[bold]x[/]", "# heading", "| a | b |", "**bold** _it_ `code`", "\\"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_comes_out_literally(run, home, tmp_path, value):
    data = {"visit": {"with": value, "date": "2026-12-03"}, "notes": value, "my_questions": [value]}
    assert run("new-visit", "--answers", write(tmp_path, "a.yaml", yaml_doc(data))).exit_code == 0
    shown = md_text(only_summary(home))
    assert shown.count(value) >= 3


# A question of one's own as typed -> as it is kept (and printed): tidied as on paper, nothing else changed.
OWN_QUESTIONS = [
    ("can i travel in june", "Can I travel in june?"),
    ("Is it safe to fly?", "Is it safe to fly?"),
    ("what if i'm too tired for the infusion", "What if I'm too tired for the infusion?"),
    ("ask about the cost of  parking", "Ask about the cost of parking"),
    ("i want a second opinion.", "I want a second opinion."),
]


@pytest.mark.parametrize(("typed", "kept"), OWN_QUESTIONS)
def test_an_own_question_is_tidied_alike_in_the_walk_and_a_file(
    typed, kept, run, tmp_path, prompter, pinned_day
):
    walk_home, file_home = tmp_path / "walk", tmp_path / "file"
    prompter({**NO_PRINT, "Your change": [typed, ""]})
    assert run("new-visit", env={"RRMM_PREP_HOME": str(walk_home)}).exit_code == 0
    path = write(tmp_path, "a.yaml", yaml_doc({"my_questions": [typed]}))
    assert run("new-visit", "--answers", path, env={"RRMM_PREP_HOME": str(file_home)}).exit_code == 0
    for home in (walk_home, file_home):
        own = [q["text"] for q in only_record(home)["questions"] if not q["id"]]
        assert own == [kept], home


def test_a_usual_unit_typed_in_small_letters_is_kept_in_its_own_spelling(run, tmp_path, prompter, pinned_day):
    walk_home, file_home = tmp_path / "walk", tmp_path / "file"
    prompter({**NO_PRINT, "A result, like": "kappa 85.2 mg/l", "Date of the test": "11/20"})
    assert run("new-visit", env={"RRMM_PREP_HOME": str(walk_home)}).exit_code == 0
    doc = {"labs": [{"test": "kappa", "value": "85.2", "unit": "MG/L", "date": "11/20"}]}
    path = write(tmp_path, "a.yaml", yaml_doc(doc))
    assert run("new-visit", "--answers", path, env={"RRMM_PREP_HOME": str(file_home)}).exit_code == 0
    for home in (walk_home, file_home):
        [lab] = only_record(home)["labs"]
        assert (lab["unit"], lab["as_typed"]) == ("mg/L", False), home


# "No" at a list: (prompt words, answers-file shape, typed, kept). Allergies keep "none": asked, and none.
NONE_ANSWERS = [
    ("Allergies", {"about_me": {"name": "R", "allergies": "{typed}"}}, "no", ["none"]),
    ("Allergies", {"about_me": {"name": "R", "allergies": ["{typed}"]}}, "NKDA", ["none"]),
    ("Other health problems", {"health_problems": "{typed}"}, "none", []),
    ("Other health problems", {"health_problems": "{typed}"}, "-", []),  # "-" clears, never an item
    ("Medicines you take", {"medicines": ["{typed}"]}, "nothing", []),
    ("Other health problems", {"health_problems": "{typed}"}, "no diabetes here", ["no diabetes here"]),
]


@pytest.mark.parametrize(("prompt", "shape", "typed", "kept"), NONE_ANSWERS)
def test_no_at_a_list_means_none_in_the_walk_and_a_file(
    prompt, shape, typed, kept, run, tmp_path, prompter, pinned_day
):
    walk_home, file_home = tmp_path / "walk", tmp_path / "file"
    about = {"Your name": "R"} if prompt == "Allergies" else {}
    prompter({**NO_PRINT, **about, prompt: typed})
    assert run("new-visit", env={"RRMM_PREP_HOME": str(walk_home)}).exit_code == 0
    text = yaml_doc(shape).replace("'{typed}'", typed).replace("{typed}", typed)
    assert (
        run(
            "new-visit", "--answers", write(tmp_path, "a.yaml", text), env={"RRMM_PREP_HOME": str(file_home)}
        ).exit_code
        == 0
    )
    for home in (walk_home, file_home):
        rec = only_record(home)
        got = (
            rec["about"]["allergies"]
            if prompt == "Allergies"
            else rec["health_problems" if "health" in prompt else "medicines"]
        )
        assert got == kept, (home, got)


@pytest.mark.parametrize(("typed", "said"), [("5 2", "Ask first: 5, 2"), ("", None)])
def test_the_questions_to_ask_first_are_read_back_when_typed(typed, said, run, home, prompter, pinned_day):
    result, _ = walk(run, prompter, {"Which three": typed})
    assert result.exit_code == 0, result
    shown = [line.strip() for line in result.stdout.splitlines() if "Ask first:" in line]
    assert shown == ([f"-> {said}"] if said else []), shown
    assert only_record(home)["ask_first"] == ([4, 1] if typed else [0, 1, 2])


@pytest.mark.parametrize(
    "typed", ["2019 to 2020", "since march 2024", "until march 2023", "march 2019 - june 2020", "2021"]
)
def test_a_treatment_span_said_back_reads_back_the_same(typed, shipped, pinned_day):
    """What the walk shows as a treatment's dates (its read-back, and the default when it is asked again after
    a stop) reads as the same dates."""
    import datetime as dt

    from rrmm_prep.form import kinds
    from rrmm_prep.model.visit import Treatment, Visit
    from rrmm_prep.read import treatments

    ctx = kinds.Ctx(shipped, Visit(), dt.date.fromisoformat(FIXED_DAY_ISO))
    t = Treatment(name="Velcade", kind="drug", ref="bortezomib")
    treatments.read_when(ctx, t, typed)
    again = Treatment(name="Velcade", kind="drug", ref="bortezomib", outcome=t.outcome)
    treatments.read_when(ctx, again, t.when)
    assert (again.started, again.stopped, again.outcome) == (t.started, t.stopped, t.outcome), t.when
