"""The three drivers of one questionnaire agree (issue 10): the walk, an answers file and --no-input give equal
Visit records for the same answers, field by field, over every field of new-visit and after-visit, not only the
defaults. A field added to form/fields.py without a row here fails `test_every_field_has_a_row`.
"""

from __future__ import annotations

import pytest

from helpers import comparable, only_record, write, yaml_doc

NO_PRINT = {"Make a page to print": "n"}

# (field key, what is typed in the walk (by prompt words), the same in an answers file)
NEW_VISIT_ROWS = [
    ("about_me.name", {"Your name": "Robert Lee"}, {"about_me": {"name": "Robert Lee"}}),
    (
        "about_me.born",
        {"Your name": "R", "Date of birth": "5/14/1955"},
        {"about_me": {"name": "R", "born": "5/14/1955"}},
    ),
    (
        "about_me.myeloma_type",
        {"Your name": "R", "type of myeloma": "IgG kappa"},
        {"about_me": {"name": "R", "myeloma_type": "IgG kappa"}},
    ),
    (
        "about_me.diagnosed",
        {"Your name": "R", "myeloma found": "march 2019"},
        {"about_me": {"name": "R", "diagnosed": "march 2019"}},
    ),
    (
        "about_me.allergies",
        {"Your name": "R", "Allergies": "penicillin, sulfa"},
        {"about_me": {"name": "R", "allergies": ["penicillin", "sulfa"]}},
    ),
    (
        "about_me.after_hours",
        {"Your name": "R", "nights and weekends": "555-0100"},
        {"about_me": {"name": "R", "after_hours": "555-0100"}},
    ),
    ("visit.date", {"When is the visit": "dec 3 10:30"}, {"visit": {"date": "dec 3", "time": "10:30"}}),
    ("visit.time", {"When is the visit": "2pm"}, {"visit": {"time": "2pm"}}),
    ("visit.with", {"Who is the visit with": "Dr. Rivera"}, {"visit": {"with": "Dr. Rivera"}}),
    ("visit.place", {"Where?": "Riverside"}, {"visit": {"place": "Riverside"}}),
    (
        "visit.reason",
        {"What is the visit for": "2 and 7, my own reason"},
        {"visit": {"reason": ["a regular check-up", "talking about a clinical trial", "my own reason"]}},
    ),
    (
        "visit.companion",
        {"Who is coming": "Anna (my daughter)"},
        {"visit": {"companion": "Anna (my daughter)"}},
    ),
    (
        "treatments",
        {
            "Which myeloma treatments": "Velcade, ASCT, Darzalex",
            "Velcade: when": "2021 to 2022, stopped working, hiccups",  # one prompt for what the line left out
            "ASCT: when": "2021",
            "Darzalex: when": "since 12/8/2024",
        },
        {
            "treatments": [
                {
                    "drug": "Velcade",
                    "when": "2021 to 2022",
                    "outcome": "stopped working",
                    "bad_effects": ["hiccups"],
                },
                {"drug": "ASCT", "date": "2021"},
                {"drug": "Darzalex", "when": "since 12/8/2024"},
            ]
        },
    ),
    (
        "symptoms",
        {"Which have you had": "fever, hiccups", "How bad is it: fever": "2, bad night"},
        {"symptoms": [{"name": "fever", "severity": "moderate", "note": "bad night"}, "hiccups"]},
    ),
    ("daily_life", {"How much can you do": "2"}, {"daily_life": "2"}),
    (
        "health_problems",
        {"Other health problems": "diabetes, high blood pressure"},
        {"health_problems": ["diabetes", "high blood pressure"]},
    ),
    ("medicines", {"Medicines you take": "metformin 500 mg"}, {"medicines": ["metformin 500 mg"]}),
    ("goals", {"What matters most": "9, my granddaughter's wedding"}, None),  # the file row is built below
    (
        "labs",
        {"A result, like": "kappa 85.2 mg/L", "Date of the test": "11/20"},
        {"labs": [{"test": "kappa", "value": "85.2", "unit": "mg/L", "date": "11/20"}]},
    ),
    (
        "questions",
        {"Your change": ["Can I travel in June?", ""]},
        {"my_questions": ["Can I travel in June?"]},
    ),
    ("ask_first", {"Which three": "2"}, {"ask_first": ["2"]}),
    ("notes", {"Anything else": "Anna drives me."}, {"notes": "Anna drives me."}),
    ("private_notes", {"A private note": "Scared of needles."}, {"private_notes": "Scared of needles."}),
]
FILE_ONLY = {"ready"}  # not asked in the walk: ticked on paper (tested with answers files below)
WALK_ONLY = {"visit.mode"}  # the path through the walk, not an answer


def _goal_row(shipped) -> dict:
    return {"goals": [shipped.goals[8].text, "my granddaughter's wedding"]}


def _homes(tmp_path):
    return tmp_path / "walk", tmp_path / "file"


@pytest.mark.parametrize(("key", "typed", "filed"), NEW_VISIT_ROWS, ids=[r[0] for r in NEW_VISIT_ROWS])
def test_the_walk_and_an_answers_file_agree_field_by_field(
    run, prompter, tmp_path, shipped, pinned_day, key, typed, filed
):
    walk_home, file_home = _homes(tmp_path)
    p = prompter({**NO_PRINT, **typed})
    result = run("new-visit", env={"RRMM_PREP_HOME": str(walk_home)})
    assert result.exit_code == 0, result
    unused = [k for k, v in p.answers.items() if v]
    assert not unused, f"prompts never asked: {unused}"
    data = filed if filed is not None else _goal_row(shipped)
    path = write(tmp_path, "answers.yaml", yaml_doc(data))
    result = run("new-visit", "--answers", path, env={"RRMM_PREP_HOME": str(file_home)})
    assert result.exit_code == 0, result
    walked, from_file = comparable(only_record(walk_home)), comparable(only_record(file_home))
    assert walked == from_file
    none = comparable(_no_input(run, tmp_path))
    assert walked != none, "the row changed nothing: it tests only the default"


def _no_input(run, tmp_path):
    home = tmp_path / "none"
    if not home.exists():
        assert run("new-visit", "--no-input", env={"RRMM_PREP_HOME": str(home)}).exit_code == 0
    return only_record(home)


def test_enter_everywhere_an_empty_file_and_no_input_agree(run, prompter, tmp_path, pinned_day):
    walk_home, file_home = _homes(tmp_path)
    prompter(dict(NO_PRINT))
    assert run("new-visit", env={"RRMM_PREP_HOME": str(walk_home)}).exit_code == 0
    assert (
        run(
            "new-visit",
            "--answers",
            write(tmp_path, "a.yaml", "notes:\n"),
            env={"RRMM_PREP_HOME": str(file_home)},
        ).exit_code
        == 0
    )
    assert (
        comparable(only_record(walk_home))
        == comparable(only_record(file_home))
        == comparable(_no_input(run, tmp_path))
    )


def test_the_ticked_questions_agree_when_the_walk_adds_one(run, prompter, tmp_path, shipped, pinned_day):
    walk_home, file_home = _homes(tmp_path)
    ticked = [q["id"] for q in _no_input(run, tmp_path)["questions"] if q["id"]]
    catalog = [q for t in shipped.topics for q in t.questions]
    extra = next(i for i, q in enumerate(catalog, 1) if q.id not in ticked)
    prompter({**NO_PRINT, "Your change": [f"+{extra}", ""]})
    assert run("new-visit", env={"RRMM_PREP_HOME": str(walk_home)}).exit_code == 0
    data = {"questions": [*ticked, catalog[extra - 1].id]}
    assert (
        run(
            "new-visit",
            "--answers",
            write(tmp_path, "a.yaml", yaml_doc(data)),
            env={"RRMM_PREP_HOME": str(file_home)},
        ).exit_code
        == 0
    )
    assert comparable(only_record(walk_home)) == comparable(only_record(file_home))


def test_every_field_has_a_row():
    from rrmm_prep.form import fields

    keys = {f.key for f in fields.NEW_VISIT.fields}
    covered = {r[0] for r in NEW_VISIT_ROWS} | FILE_ONLY | WALK_ONLY
    assert keys == covered, f"fields without a row: {keys - covered}; rows without a field: {covered - keys}"
    after = {f.key for f in fields.AFTER_VISIT.fields}
    assert after == {r[0] for r in AFTER_ROWS}


def test_ready_from_an_answers_file(run, home, tmp_path, shipped, pinned_day):
    ids = [c.id for c in shipped.before_you_go[:2]]
    assert run("new-visit", "--answers", write(tmp_path, "a.yaml", yaml_doc({"ready": ids}))).exit_code == 0
    assert only_record(home)["ready"] == ids


# ------------------------------------------------------------------------------------------------ after-visit

AFTER_ROWS = [
    (
        "answers",
        {"Which questions got an answer": "1", "What were you told": "Yes."},
        {"answers": {"1": "Yes."}},
    ),
    ("decisions", {"What was decided": "Start KRd."}, {"decisions": "Start KRd."}),
    (
        "treatment_changes.stop",
        {"Did a treatment stop": "1", "Darzalex: from when": "today, stopped working"},
        {"treatment_changes": {"stop": [{"name": "Darzalex", "date": "today", "reason": "stopped working"}]}},
    ),
    (
        "treatment_changes.change",
        {"Does a treatment change": "1", "Darzalex: from when": "jan 5, every other week"},
        {"treatment_changes": {"change": [{"name": "Darzalex", "date": "jan 5", "reason": "every other week"}]}},
    ),
    (
        "treatment_changes.start",
        {"Is a new treatment starting": "KRd, IVIG", "KRd: when it starts": "next monday"},
        {"treatment_changes": {"start": [{"drug": "KRd", "starts": "next monday"}, "IVIG"]}},
    ),
    ("watch", {"Bad effects to watch for": "fever, confusion"}, {"watch": ["fever", "confusion"]}),
    ("next_steps", {"Next steps": "a scan, blood tests"}, {"next_steps": ["a scan", "blood tests"]}),
    ("next_visit", {"When is the next appointment": "jan 7 at 2pm"}, {"next_visit": "jan 7 at 2pm"}),
    ("contact.name", {"Who should you call": "Kim Park"}, {"contact": {"name": "Kim Park"}}),
    ("contact.phone", {"Their phone number": "555-0142"}, {"contact": {"phone": "555-0142"}}),
    ("after_hours", {"The number to call at night": "555-0100"}, {"after_hours": "555-0100"}),
    ("for_family", {"A short note for family": "Rides help."}, {"for_family": "Rides help."}),
]
VISIT = {
    "visit": {"date": "2026-12-03", "with": "Dr. Rivera"},
    "treatments": [{"drug": "Darzalex", "started": "2024-02"}],
    "my_questions": ["Can I travel?"],
}


@pytest.mark.parametrize(("key", "typed", "filed"), AFTER_ROWS, ids=[r[0] for r in AFTER_ROWS])
def test_after_visit_walk_and_file_agree_field_by_field(
    run, prompter, tmp_path, pinned_day, key, typed, filed
):
    homes = (*_homes(tmp_path), tmp_path / "none")
    for h in homes:
        assert (
            run(
                "new-visit",
                "--answers",
                write(tmp_path, "v.yaml", yaml_doc(VISIT)),
                env={"RRMM_PREP_HOME": str(h)},
            ).exit_code
            == 0
        )
    assert run("after-visit", "--no-input", env={"RRMM_PREP_HOME": str(homes[2])}).exit_code == 0
    p = prompter(typed)
    assert run("after-visit", env={"RRMM_PREP_HOME": str(homes[0])}).exit_code == 0
    assert not [k for k, v in p.answers.items() if v], "a prompt was never asked"
    path = write(tmp_path, "a.yaml", yaml_doc(filed))
    assert run("after-visit", "--answers", path, env={"RRMM_PREP_HOME": str(homes[1])}).exit_code == 0
    walked, from_file, none = (comparable(only_record(h)) for h in homes)
    assert walked == from_file
    assert walked != none, "the row changed nothing: it tests only the default"


# Answers read the same way in both drivers: (what is typed in the walk, the same in a file, a check on the record)
SAME_READING = [
    (  # a treatment date of a past visit is read from the visit's day, not today (2026-11-23)
        {"When is the visit": "10/5/2026", "Which myeloma treatments": "ASCT", "ASCT: when": "last month"},
        {"visit": {"date": "10/5/2026"}, "treatments": [{"drug": "ASCT", "date": "last month"}]},
        lambda r: r["treatments"][0]["started"] == "2026-09",  # a month, as said
    ),
    (  # how bad, in words, with a note after a comma
        {"Which have you had": "hiccups", "How bad is it": "very bad, at night"},
        {"symptoms": [{"name": "hiccups", "severity": "very bad, at night"}]},
        lambda r: (r["symptoms"][0]["severity"], r["symptoms"][0]["note"]) == ("severe", "at night"),
    ),
    (  # bad effects by the number of a known side effect, and own words
        {"Which myeloma treatments": "Velcade", "Velcade: when": "1, hiccups"},
        {"treatments": [{"drug": "Velcade", "bad_effects": "1, hiccups"}]},
        lambda r: [e["name"] for e in r["treatments"][0]["bad_effects"]]
        == ["numbness or tingling in hands or feet", "hiccups"],
    ),
    (  # "no" bad effects is none, not an effect called "no"
        {"Which myeloma treatments": "Velcade", "Velcade: when": "no"},
        {"treatments": [{"drug": "Velcade", "bad_effects": "no"}]},
        lambda r: r["treatments"][0]["bad_effects"] == [],
    ),
    (  # a result without a date, for a visit that has passed, is dated the visit's day (not after it)
        {"When is the visit": "9/10/2026", "A result, like": "kappa 85.2 mg/L"},
        {"visit": {"date": "9/10/2026"}, "labs": [{"test": "kappa", "value": "85.2", "unit": "mg/L"}]},
        lambda r: [lab["date"] for lab in r["labs"]] == ["2026-09-10"],
    ),
    (  # notes are asked after the questions, so they never change which questions are suggested
        {"Anything else": "Worried about a dental problem, a blood clot and a trip in June."},
        {"notes": "Worried about a dental problem, a blood clot and a trip in June."},
        lambda r: r["notes"].startswith("Worried"),
    ),
    (  # a misspelt test name is the test it is close to
        {"A result, like": "kapa 85.2 mg/L", "Date of the test": "11/20"},
        {"labs": [{"test": "kapa", "value": "85.2", "unit": "mg/L", "date": "11/20"}]},
        lambda r: (r["labs"][0]["id"], r["labs"][0]["test"]) == ("kappa-flc", "free light chain kappa"),
    ),
    (  # one answer in one's own words keeps its commas where one answer is wanted
        {"How much can you do": "I walk to the shop, but I rest after"},
        {"daily_life": "I walk to the shop, but I rest after"},
        lambda r: r["daily_life"] == "I walk to the shop, but I rest after",
    ),
]


@pytest.mark.parametrize(
    ("typed", "filed", "holds"),
    SAME_READING,
    ids=[
        "treatment date",
        "severity",
        "effects",
        "no effects",
        "lab date",
        "notes",
        "lab typo",
        "own words with commas",
    ],
)
def test_answers_are_read_the_same_way_by_both_drivers(
    typed, filed, holds, run, prompter, tmp_path, pinned_day
):
    walk_home, file_home = _homes(tmp_path)
    prompter({**NO_PRINT, **typed})
    assert run("new-visit", env={"RRMM_PREP_HOME": str(walk_home)}).exit_code == 0
    path = write(tmp_path, "answers.yaml", yaml_doc(filed))
    result = run("new-visit", "--answers", path, env={"RRMM_PREP_HOME": str(file_home)})
    assert result.exit_code == 0, result
    walked, from_file = only_record(walk_home), only_record(file_home)
    assert holds(walked), walked
    assert comparable(walked) == comparable(from_file)


def test_two_digit_years_and_dates_that_have_not_come_yet(run, prompter, tmp_path, pinned_day):
    """A birthday '5/14/55' is in 1955; a date of the past that is after today ('2030' for when the myeloma was
    found, 'next week' for a test) is asked again in the walk and is a problem in a file."""
    walk_home, file_home = _homes(tmp_path)
    p = prompter(
        {
            **NO_PRINT,
            "Your name": "R",
            "Date of birth": "5/14/55",
            "myeloma found": ["2030", "2019"],
            "A result, like": "kappa 85.2 mg/L",
            "Date of the test": ["next week", "11/20"],
        }
    )
    result = run("new-visit", env={"RRMM_PREP_HOME": str(walk_home)})
    assert result.exit_code == 0, result
    assert "'2030' is after Monday 23 November 2026" in " ".join(result.stdout.split())
    assert len([label for label in p.labels if "Date of the test" in label]) == 2
    walked = only_record(walk_home)
    assert (walked["about"]["born"], walked["about"]["diagnosed"]) == ("1955-05-14", "2019")
    assert walked["labs"][0]["date"] == "2026-11-20"
    bad = {
        "about_me": {"name": "R", "diagnosed": "2030"},
        "labs": [{"test": "kappa", "value": "1", "date": "next week"}],
    }
    result = run(
        "new-visit",
        "--answers",
        write(tmp_path, "a.yaml", yaml_doc(bad)),
        env={"RRMM_PREP_HOME": str(file_home)},
    )
    assert result.exit_code == 2, result
    assert result.stderr.count("is after Monday 23 November 2026") == 2, result.stderr


def test_a_blank_questions_line_keeps_the_default_list(run, tmp_path, pinned_day):
    """'questions:' left blank is the default (as Enter is), even beside questions of one's own; [] is none."""
    homes = {}
    for name, text in {
        "absent": "my_questions: [Can I travel?]\n",
        "blank": "questions:\nmy_questions: [Can I travel?]\n",
        "none": "questions: []\nmy_questions: [Can I travel?]\n",
    }.items():
        homes[name] = tmp_path / name
        result = run(
            "new-visit",
            "--answers",
            write(tmp_path, f"{name}.yaml", text),
            env={"RRMM_PREP_HOME": str(homes[name])},
        )
        assert result.exit_code == 0, result
    ticked = {
        name: [q["id"] for q in only_record(home)["questions"] if q["id"]] for name, home in homes.items()
    }
    assert ticked["blank"] == ticked["absent"] and ticked["absent"]
    assert ticked["none"] == []


def test_two_picks_where_one_is_wanted_is_a_problem_in_a_file_as_in_the_walk(run, tmp_path, pinned_day):
    result = run("new-visit", "--answers", write(tmp_path, "a.yaml", "daily_life: ['2', '4']\n"))
    assert result.exit_code == 2, result
    assert "Please choose one" in result.stderr
