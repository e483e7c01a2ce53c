"""Content rules applied to a visit (issue 5): suggested questions with the reason shown, and urgent symptoms
matched to the treatment.

The tables are built from the shipped content: one row for each ``suggest_when`` rule (and each value it
names), one row for each warning sign x each of its symptoms x each drug it applies to, one row for each urgent
symptom. New content gets tested without touching this file, and a rule that cannot be satisfied fails here.
The examples that issue 5 names are also written out one by one, so they are checked whatever the content does.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from helpers import load_shipped
from rrmm_prep import interview, rules, summary, ui, views
from rrmm_prep.content import HISTORY_FLAGS, Rule
from rrmm_prep.doc import Callout, render_markdown
from rrmm_prep.visit import SEVERITIES, SymptomReport, Treatment, Visit

C = load_shipped()

CALL_NOW_TEXT = summary.CALL_NOW
AFTER_HOURS = summary.AFTER_HOURS


def flat(text: str) -> str:
    """Text with every run of whitespace made one space (terminal output wraps at 80 columns)."""
    return " ".join(text.split())


# ------------------------------------------------------------------------------------------------ builders


def drug_treatment(drug_id: str) -> Treatment:
    drug = C.drug_by_id[drug_id]
    return Treatment(name=drug.name, kind="drug", ref=drug.id, drugs=[drug.id])


def report(symptom_id: str, severity: str = "mild", note: str = "") -> SymptomReport:
    return SymptomReport(name=C.symptom_by_id[symptom_id].label, id=symptom_id, severity=severity, note=note)


def make_visit(
    treatments=(), symptoms=(), reason_id: str = "", health_problems=(), date="2026-12-03"
) -> Visit:
    v = Visit(id="test-visit", created="2026-12-01T09:00:00")
    v.info.date = date
    v.info.reason_id = reason_id
    v.info.reason = C.reason_by_id[reason_id].label if reason_id else ""
    v.treatments = list(treatments)
    v.symptoms = list(symptoms)
    v.health_problems = list(health_problems)
    return v


def history_treatments(flag: str) -> list[Treatment]:
    """The fewest treatments that give a history flag."""
    if flag == "triple-class-exposed":
        return [drug_treatment(C.drugs_in(c)[0].id) for c in rules.TRIPLE_CLASS]
    if flag == "two-or-more-lines":
        return [Treatment(name="a first treatment"), Treatment(name="a second treatment")]
    if flag == "had-car-t":
        return [drug_treatment(C.drugs_in("car-t")[0].id)]
    if flag == "had-bispecific":
        return [drug_treatment(C.drugs_in("bispecific-antibody")[0].id)]
    raise AssertionError(f"no test builder for the history flag {flag!r}: add one in history_treatments()")


def mention_text(word: str) -> str:
    return f"had {word} in 2023"


# Each part of a rule that must match, and how a visit satisfies one value of it.
GROUPS = ("drug", "symptoms", "reasons", "history", "mentions")


def rule_choices(rule: Rule) -> dict[str, list[str]]:
    """For each part a rule sets, every value that satisfies it (for classes: every drug of the class)."""
    out: dict[str, list[str]] = {}
    if rule.drugs or rule.classes:
        drugs = list(rule.drugs) + [d.id for c in rule.classes for d in C.drugs_in(c)]
        out["drug"] = list(dict.fromkeys(drugs))
    for group in ("symptoms", "reasons", "history", "mentions"):
        values = getattr(rule, group)
        if values:
            out[group] = list(values)
    return out


def visit_for(chosen: dict[str, str]) -> Visit:
    """A visit that has exactly the chosen value of each part (and nothing else)."""
    treatments: list[Treatment] = []
    if "drug" in chosen:
        treatments.append(drug_treatment(chosen["drug"]))
    if "history" in chosen:
        treatments += history_treatments(chosen["history"])
    return make_visit(
        treatments=treatments,
        symptoms=[report(chosen["symptoms"])] if "symptoms" in chosen else [],
        reason_id=chosen.get("reasons", ""),
        health_problems=[mention_text(chosen["mentions"])] if "mentions" in chosen else [],
    )


def expected_names(chosen: dict[str, str]) -> list[str]:
    """What the reason must name for each chosen value: the drug, the symptom, the reason, the history, the word."""
    names = []
    for group, value in chosen.items():
        if group == "drug":
            names.append(C.drug_by_id[value].name)
        elif group == "symptoms":
            names.append(C.symptom_by_id[value].label)
        elif group == "reasons":
            names.append(C.reason_by_id[value].label)
        elif group == "history":
            names.append(HISTORY_FLAGS[value])
        else:
            names.append(value)
    return names


def _rule_rows():
    rows = []
    for topic in C.topics:
        for q in topic.questions:
            for i, rule in enumerate(q.suggest_when):
                choices = rule_choices(rule)
                first = {g: vals[0] for g, vals in choices.items()}
                seen = set()
                for group, values in choices.items():
                    for value in values:
                        chosen = {**first, group: value}
                        key = tuple(sorted(chosen.items()))
                        if key in seen:
                            continue
                        seen.add(key)
                        label = " ".join(f"{g}={v}" for g, v in chosen.items())
                        rows.append(pytest.param(q.id, i, chosen, id=f"{q.id}[{i}] {label}"))
    return rows


def _near_miss_rows():
    rows = []
    for topic in C.topics:
        for q in topic.questions:
            for i, rule in enumerate(q.suggest_when):
                choices = rule_choices(rule)
                first = {g: vals[0] for g, vals in choices.items()}
                for group in choices:
                    rest = {g: v for g, v in first.items() if g != group}
                    rows.append(pytest.param(q.id, i, rest, group, id=f"{q.id}[{i}] without {group}"))
    return rows


RULE_ROWS = _rule_rows()
NEAR_MISS_ROWS = _near_miss_rows()


def test_the_content_has_question_rules_to_test():
    assert len(RULE_ROWS) >= 50, "the shipped content should carry the suggestion rules of issue 5"


# ------------------------------------------------------------------------------------------------ suggestions


@pytest.mark.parametrize(("question_id", "rule_index", "chosen"), RULE_ROWS)
def test_each_rule_suggests_its_question_with_a_reason_naming_what_matched(question_id, rule_index, chosen):
    q = C.question_by_id[question_id]
    rule = q.suggest_when[rule_index]
    v = visit_for(chosen)

    reason = rules.match_rule(C, v, rule)
    assert reason, f"the rule {rule} does not match a visit built to satisfy it ({chosen})"
    for name in expected_names(chosen):
        assert name.casefold() in reason.casefold(), f"the reason {reason!r} does not name {name!r}"

    found = rules.suggestions(C, v)
    assert question_id in found, f"{question_id} is not suggested for {chosen}"
    first_match = next(r for r in (rules.match_rule(C, v, x) for x in q.suggest_when) if r)
    assert found[question_id] == first_match


@pytest.mark.parametrize(("question_id", "rule_index", "rest", "missing"), NEAR_MISS_ROWS)
def test_a_visit_missing_one_part_of_a_rule_is_not_matched_by_it(question_id, rule_index, rest, missing):
    q = C.question_by_id[question_id]
    rule = q.suggest_when[rule_index]
    v = visit_for(rest)

    assert rules.match_rule(C, v, rule) is None, f"the rule {rule} matched without its {missing}"
    others = [r for r in q.suggest_when if rules.match_rule(C, v, r)]
    if not others:
        assert question_id not in rules.suggestions(C, v)


def _wrong_value_rows():
    rows = []
    for topic in C.topics:
        for q in topic.questions:
            for i, rule in enumerate(q.suggest_when):
                choices = rule_choices(rule)
                for group in choices:
                    if group in ("drug", "symptoms", "reasons", "mentions"):
                        rows.append(pytest.param(q.id, i, group, id=f"{q.id}[{i}] other {group}"))
    return rows


@pytest.mark.parametrize(("question_id", "rule_index", "group"), _wrong_value_rows())
def test_a_different_drug_symptom_reason_or_word_does_not_match(question_id, rule_index, group):
    rule = C.question_by_id[question_id].suggest_when[rule_index]
    choices = rule_choices(rule)
    chosen = {g: vals[0] for g, vals in choices.items()}
    v = visit_for(chosen)
    if group == "drug":
        other = next(d for d in C.drugs if d.id not in choices["drug"])
        v.treatments[0] = drug_treatment(other.id)
    elif group == "symptoms":
        other = next(s for s in C.symptoms if s.id not in rule.symptoms)
        v.symptoms = [report(other.id)]
    elif group == "reasons":
        other = next(r for r in C.visit_reasons if r.id not in rule.reasons)
        v.info.reason_id, v.info.reason = other.id, other.label
    else:
        v.health_problems = ["a sore knee since the spring"]
        assert not any(w.casefold() in v.health_problems[0].casefold() for w in rule.mentions)
    assert rules.match_rule(C, v, rule) is None


@pytest.mark.parametrize(
    "symptom_id",
    sorted({s for t in C.topics for q in t.questions for r in q.suggest_when for s in r.symptoms}),
)
def test_a_symptom_marked_none_does_not_count_as_reported(symptom_id):
    v = make_visit(symptoms=[report(symptom_id, severity="none")])
    for q in C.question_by_id.values():
        for rule in q.suggest_when:
            if rule.symptoms and not (
                rule.drugs or rule.classes or rule.reasons or rule.history or rule.mentions
            ):
                assert rules.match_rule(C, v, rule) is None


# ---------------------------------------------------------------- the examples issue 5 names


@pytest.mark.parametrize(("typed", "drug_id"), [("Velcade", "bortezomib"), ("Thalomid", "thalidomide")])
def test_numbness_after_bortezomib_or_thalidomide_suggests_the_nerve_question(typed, drug_id):
    t = Treatment(name=typed, kind="drug", ref=drug_id, drugs=[drug_id])
    found = rules.suggestions(C, make_visit(treatments=[t], symptoms=[report("numbness", "moderate")]))
    assert "side-effects-nerves" in found
    reason = found["side-effects-nerves"]
    drug = C.drug_by_id[drug_id].name
    label = C.symptom_by_id["numbness"].label
    # "you have had bortezomib and you report numbness or tingling"
    assert re.search(rf"you have had .*{re.escape(drug)}.* and .*report .*{re.escape(label)}", reason), reason


@pytest.mark.parametrize("drug_id", ["bortezomib", "thalidomide"])
def test_numbness_question_needs_both_the_drug_and_the_numbness(drug_id):
    only_drug = rules.suggestions(C, make_visit(treatments=[drug_treatment(drug_id)]))
    only_symptom = rules.suggestions(C, make_visit(symptoms=[report("numbness")]))
    assert "side-effects-nerves" not in only_drug
    assert "side-effects-nerves" not in only_symptom


def test_eye_symptoms_on_belantamab_suggest_the_eye_question():
    v = make_visit(treatments=[drug_treatment("belantamab-mafodotin")], symptoms=[report("vision-change")])
    reason = rules.suggestions(C, v)["side-effects-eyes"]
    assert "belantamab mafodotin" in reason
    assert C.symptom_by_id["vision-change"].label in reason


@pytest.mark.parametrize("problem", ["DVT in 2023", "a blood clot in my leg in 2022"])
def test_blood_clot_history_with_an_imid_suggests_the_clot_question(problem):
    v = make_visit(treatments=[drug_treatment("lenalidomide")], health_problems=[problem])
    found = rules.suggestions(C, v)
    assert "side-effects-clots" in found
    assert "lenalidomide" in found["side-effects-clots"]
    word = next(w for w in ("DVT", "clot") if w in problem)
    assert word in found["side-effects-clots"]


def test_blood_clots_said_in_the_plural_count_as_clot_history():
    """People write "history of blood clots": the plural must match the 'clot' rule too."""
    v = make_visit(treatments=[drug_treatment("lenalidomide")], health_problems=["history of blood clots"])
    assert "side-effects-clots" in rules.suggestions(C, v)


def test_blood_clot_history_without_an_imid_does_not_suggest_the_clot_question():
    v = make_visit(treatments=[drug_treatment("bortezomib")], health_problems=["DVT in 2023"])
    assert "side-effects-clots" not in rules.suggestions(C, v)


TRIPLE_CLASS_QUESTIONS = ("cell-therapy-fit", "cell-therapy-compare", "trials-fit", "trials-find")


def test_a_pi_an_imid_and_an_anti_cd38_antibody_suggest_car_t_bispecifics_and_trials():
    v = make_visit(
        treatments=[
            drug_treatment("bortezomib"),
            drug_treatment("lenalidomide"),
            drug_treatment("daratumumab"),
        ]
    )
    found = rules.suggestions(C, v)
    for qid in TRIPLE_CLASS_QUESTIONS:
        assert qid in found, f"{qid} is not suggested after a PI, an IMiD and an anti-CD38 antibody"
    assert found["cell-therapy-compare"] == HISTORY_FLAGS["triple-class-exposed"]
    texts = " ".join(C.question_by_id[q].text for q in found)
    for word in ("CAR-T", "bispecific", "clinical trial"):
        assert word in texts


def test_triple_class_comes_from_a_regimen_too():
    """Dara-VRd is one treatment with all three classes in it."""
    drugs = [C.drugs_in(c)[0].id for c in rules.TRIPLE_CLASS]
    v = make_visit(treatments=[Treatment(name="D-VRd", kind="regimen", drugs=drugs)])
    assert "triple-class-exposed" in rules.history_flags(C, v)
    assert "trials-find" in rules.suggestions(C, v)


def test_two_of_the_three_classes_is_not_triple_class():
    v = make_visit(treatments=[drug_treatment("bortezomib"), drug_treatment("lenalidomide")])
    found = rules.suggestions(C, v)
    assert "triple-class-exposed" not in rules.history_flags(C, v)
    assert "trials-find" not in found
    assert "cell-therapy-compare" not in found


@pytest.mark.parametrize("topic_id", ["options", "goals-life", "getting-ready", "costs"])
def test_choosing_a_new_treatment_suggests_options_goals_logistics_and_costs(topic_id):
    found = rules.suggestions(C, make_visit(reason_id="new-treatment"))
    topic = C.topic_by_id[topic_id]
    suggested = [q.id for q in topic.questions if q.id in found]
    assert suggested, f"no question of '{topic.title}' is suggested when choosing a new treatment"
    for qid in suggested:
        assert found[qid] == f"your visit is about {C.reason_by_id['new-treatment'].label}"
    wanted = [
        q.id
        for q in topic.questions
        if any("new-treatment" in r.reasons and len(_parts(r)) == 1 for r in q.suggest_when)
    ]
    assert set(wanted) <= set(suggested)


def _parts(rule: Rule) -> list[str]:
    return [f for f in ("classes", "drugs", "symptoms", "reasons", "history", "mentions") if getattr(rule, f)]


def test_no_treatments_no_symptoms_no_reason_suggests_nothing():
    assert rules.suggestions(C, make_visit()) == {}


# ---------------------------------------------------------------- new-visit, the summary and `questions --for`

CHECK_UP = next(r for r in C.visit_reasons if r.id == "check-up")
NERVES = C.question_by_id["side-effects-nerves"]


def write_answers(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


NUMBNESS_ANSWERS = f"""\
visit:
  date: 2026-12-03
  with: Dr. Rivera, hematology
  reason: {CHECK_UP.label}
treatments:
  - drug: Velcade
    started: 2023-02
symptoms:
  - name: numbness or tingling
    severity: moderate
"""


def _only_visit_id(home: Path) -> str:
    (record,) = (home / "visits").glob("*.json")
    return record.stem


def _summary_text(home: Path) -> str:
    return (home / "visits" / f"{_only_visit_id(home)}.md").read_text(encoding="utf-8")


def test_new_visit_answers_pre_tick_suggestions_and_the_summary_keeps_each_reason(run, home, tmp_path):
    result = run("new-visit", "--answers", write_answers(tmp_path, NUMBNESS_ANSWERS))
    assert result.exit_code == 0, result

    record = json.loads((home / "visits" / f"{_only_visit_id(home)}.json").read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in record["questions"] if q["id"]}
    assert "side-effects-nerves" in by_id, "the suggested question is not ticked"
    assert "bortezomib" in by_id["side-effects-nerves"]["why_suggested"]
    for qid, q in by_id.items():
        if not C.question_by_id[qid].default:
            assert q["why_suggested"], f"{qid} was ticked without being default or suggested"

    lines = _summary_text(home).splitlines()
    at = next(i for i, line in enumerate(lines) if NERVES.text in line)
    assert "Suggested because" in lines[at + 1]
    assert "bortezomib" in lines[at + 1] and "numbness or tingling" in lines[at + 1]
    simpler = next(i for i, line in enumerate(lines) if C.question_by_id["talking-simpler"].text in line)
    assert "Suggested because" not in lines[simpler + 1], "a default question got a reason it does not have"


class LabelPrompter:
    """Answers a whole walk by the words in each prompt: {"words in the label": [answers, in order]}; Enter
    (the default) for anything else. Records every label asked."""

    def __init__(self, answers: dict[str, list[str]], limit: int = 400) -> None:
        self.answers = {k: list(v) for k, v in answers.items()}
        self.asked: list[str] = []
        self.limit = limit

    def ask(self, label: str, default: str = "") -> str:
        self.asked.append(label)
        if len(self.asked) > self.limit:
            raise AssertionError(f"the walk keeps asking; last prompts: {self.asked[-5:]}")
        for key, queue in self.answers.items():
            if key.lower() in label.lower() and queue:
                return queue.pop(0).strip() or default
        return default


def test_new_visit_walk_pre_ticks_suggested_questions_and_shows_why(run, home):
    numbness = [s.id for s in C.symptoms].index("numbness") + 1
    reason_number = [r.id for r in C.visit_reasons].index("check-up") + 1
    prompter = LabelPrompter(
        {
            "Visit date": ["2026-12-03"],
            "Reason: a number": [str(reason_number)],
            "Treatment (Enter when done)": ["Velcade", ""],
            "Which have you had?": [str(numbness)],
            "Show the summary here now?": ["n"],
        }
    )
    ui.set_prompter(prompter)
    result = run("new-visit")
    assert result.exit_code == 0, result
    out = result.stdout.splitlines()
    start = NERVES.text[:20]
    at = next((i for i, line in enumerate(out) if start in line), None)
    assert at is not None and out[at].startswith("[x]"), "the suggested question is not shown ticked"
    shown = flat(" ".join(out[at : at + 4]))
    assert "Suggested because" in shown and "bortezomib" in shown
    assert NERVES.text in _summary_text(home)


@pytest.mark.parametrize("which", ["latest", "2026-12-03", "id"])
def test_questions_for_a_visit_shows_suggestions_with_reasons(run, tmp_path, home, which):
    assert run("new-visit", "--answers", write_answers(tmp_path, NUMBNESS_ANSWERS)).exit_code == 0
    query = _only_visit_id(home) if which == "id" else which
    if which == "id":
        assert query != "2026-12-03", "the visit id should differ from its date here"
    result = run("questions", "--for", query, "--format", "text")
    assert result.exit_code == 0, result
    out = flat(result.stdout)
    assert NERVES.text in out
    assert re.search(r"Suggested because you have had bortezomib and you report numbness or tingling", out), (
        out
    )


def test_questions_for_a_visit_as_json(run, tmp_path):
    assert run("new-visit", "--answers", write_answers(tmp_path, NUMBNESS_ANSWERS)).exit_code == 0
    result = run("questions", "--for", "latest", "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert "bortezomib" in data["side-effects-nerves"]
    assert "numbness or tingling" in data["side-effects-nerves"]
    assert set(data) <= set(C.question_by_id)


def test_questions_for_an_unknown_visit_fails_with_a_message(run, tmp_path):
    assert run("new-visit", "--answers", write_answers(tmp_path, NUMBNESS_ANSWERS)).exit_code == 0
    result = run("questions", "--for", "2020-01-01")
    assert result.exit_code != 0
    assert "2020-01-01" in result.stderr


# ------------------------------------------------------------------------------------------------ urgent flags


def _drugs_for(sign) -> list[str]:
    return list(dict.fromkeys([*sign.drugs, *(d.id for c in sign.classes for d in C.drugs_in(c))]))


def _sign_rows():
    rows = []
    for sign in C.warning_signs:
        for symptom_id in sign.symptoms:
            for drug_id in _drugs_for(sign):
                rows.append(
                    pytest.param(sign.id, symptom_id, drug_id, id=f"{sign.id}-{symptom_id}-{drug_id}")
                )
    return rows


def _sign_symptom_rows():
    return [
        pytest.param(sign.id, symptom_id, id=f"{sign.id}-{symptom_id}")
        for sign in C.warning_signs
        for symptom_id in sign.symptoms
    ]


SIGN = {w.id: w for w in C.warning_signs}


def test_the_content_has_the_warning_signs_issue_5_names():
    names = " ".join(f"{w.name} {w.sign_of}" for w in C.warning_signs)
    for word in ("CRS", "ICANS", "clot", "belantamab", "steroid", "carfilzomib"):
        assert word in names
    assert len(_sign_rows()) >= 20


@pytest.mark.parametrize(("sign_id", "symptom_id", "drug_id"), _sign_rows())
def test_a_warning_sign_symptom_after_its_drug_is_flagged(sign_id, symptom_id, drug_id):
    sign = SIGN[sign_id]
    v = make_visit(treatments=[drug_treatment(drug_id)], symptoms=[report(symptom_id, "mild")])
    flags = [f for f in rules.urgent_flags(C, v) if f.name == sign.name]
    assert len(flags) == 1, f"no '{sign.name}' flag for {symptom_id} after {drug_id}"
    flag = flags[0]
    assert flag.sign_of == sign.sign_of
    assert flag.call_now == sign.call_now
    assert f"you have had {C.drug_by_id[drug_id].name}" in flag.because
    line = summary.flag_line(flag.symptom, flag)
    assert sign.sign_of.rstrip(". ") in line and C.drug_by_id[drug_id].name in line


@pytest.mark.parametrize(("sign_id", "symptom_id"), _sign_symptom_rows())
def test_a_warning_sign_symptom_without_the_drug_is_only_flagged_if_urgent_on_its_own(sign_id, symptom_id):
    sign = SIGN[sign_id]
    symptom = C.symptom_by_id[symptom_id]
    unrelated = next(d for d in C.drugs if d.id not in _drugs_for(sign))
    for treatments in ([], [drug_treatment(unrelated.id)]):
        v = make_visit(treatments=treatments, symptoms=[report(symptom_id, "mild")])
        flags = rules.urgent_flags(C, v)
        assert not [f for f in flags if f.name == sign.name], f"'{sign.name}' flagged without its drug"
        on_its_own = symptom.urgent and symptom.urgent_from in (None, "mild")
        general = [f for f in flags if not f.because]
        assert len(general) == (1 if on_its_own else 0)


@pytest.mark.parametrize("drug_id", [d.id for d in C.drugs_in("car-t")])
def test_confusion_after_car_t_is_flagged_as_a_possible_icans_sign(drug_id):
    v = make_visit(treatments=[drug_treatment(drug_id)], symptoms=[report("confusion")])
    flags = rules.urgent_flags(C, v)
    icans = [f for f in flags if "ICANS" in f.name]
    assert icans, f"confusion after {drug_id} is not flagged as ICANS: {flags}"
    assert C.drug_by_id[drug_id].name in icans[0].because
    md = summary.markdown(C, v)
    assert "ICANS" in md.split("## The visit")[0]


def _urgent_rows():
    rows = []
    for s in C.symptoms:
        if not s.urgent:
            continue
        start = SEVERITIES.index(s.urgent_from or "mild")
        for severity in ("", *SEVERITIES):
            flagged = severity == "" or (severity != "none" and SEVERITIES.index(severity) >= start)
            rows.append(pytest.param(s.id, severity, flagged, id=f"{s.id}-{severity or 'no severity'}"))
    return rows


@pytest.mark.parametrize(("symptom_id", "severity", "flagged"), _urgent_rows())
def test_general_urgent_symptoms_flag_on_their_own(symptom_id, severity, flagged):
    symptom = C.symptom_by_id[symptom_id]
    v = make_visit(symptoms=[report(symptom_id, severity)])
    flags = rules.urgent_flags(C, v)
    if flagged:
        assert len(flags) == 1
        assert flags[0].sign_of == symptom.sign_of and flags[0].call_now == symptom.call_now
        assert flags[0].because == ""
    else:
        assert flags == []


def test_general_urgent_symptoms_include_the_ones_issue_5_names():
    urgent = {s.id for s in C.symptoms if s.urgent and s.urgent_from is None}
    assert {"fever", "back-pain-weakness", "thirst-confusion", "bleeding"} <= urgent


@pytest.mark.parametrize("symptom_id", [s.id for s in C.symptoms if not s.urgent])
def test_a_non_urgent_symptom_with_no_treatment_is_not_flagged(symptom_id):
    assert rules.urgent_flags(C, make_visit(symptoms=[report(symptom_id, "severe")])) == []


# ---------------------------------------------------------------- where the flag is shown

FIRST_URGENT = next(s for s in C.symptoms if s.urgent and s.urgent_from is None)
SIGN_ONLY = next(  # a symptom that is urgent only after a treatment, with a drug that makes it so
    (w, s, _drugs_for(w)[0]) for w in C.warning_signs for s in w.symptoms if not C.symptom_by_id[s].urgent
)


class RecordingPrompter(ui.ScriptedPrompter):
    """A ScriptedPrompter that keeps what was printed before each prompt, in order."""

    def __init__(self, answers, capsys) -> None:
        super().__init__(answers)
        self.capsys = capsys
        self.transcript: list[tuple[str, str]] = []

    def ask(self, label: str, default: str = "") -> str:
        self.transcript.append(("out", self.capsys.readouterr().out))
        self.transcript.append(("ask", label))
        return super().ask(label, default)

    def printed_after(self, words: str) -> str:
        """What was printed between the prompt containing ``words`` and the next prompt."""
        for i, (kind, text) in enumerate(self.transcript):
            if kind == "ask" and words.lower() in text.lower():
                return self.transcript[i + 1][1] if i + 1 < len(self.transcript) else ""
        raise AssertionError(f"no prompt about {words!r}")


def _walk_symptom_step(capsys, treatments, symptom_id) -> RecordingPrompter:
    number = [s.id for s in C.symptoms].index(symptom_id) + 1
    prompter = RecordingPrompter(
        [
            ("Which have you had?", str(number)),
            ("mild", "1"),
            ("A note about", ""),
            ("closest one", ""),
        ],
        capsys,
    )
    ui.set_prompter(prompter)
    visit = interview.start(C)
    visit.treatments = list(treatments)
    interview.Walk(C, visit).step_symptoms()
    assert prompter.answers == [], "the symptom step asked something unexpected"
    return prompter


@pytest.mark.parametrize(
    ("treatments", "symptom_id", "words"),
    [
        pytest.param([], FIRST_URGENT.id, FIRST_URGENT.sign_of, id=f"{FIRST_URGENT.id}-on-its-own"),
        pytest.param(
            [drug_treatment(SIGN_ONLY[2])],
            SIGN_ONLY[1],
            SIGN_ONLY[0].sign_of,
            id=f"{SIGN_ONLY[0].id}-{SIGN_ONLY[1]}",
        ),
        pytest.param(
            [drug_treatment("ciltacabtagene-autoleucel")],
            "confusion",
            "ICANS",
            id="icans-confusion-after-car-t",
        ),
    ],
)
def test_reporting_an_urgent_symptom_shows_call_now_before_the_next_prompt(
    capsys, treatments, symptom_id, words
):
    prompter = _walk_symptom_step(capsys, treatments, symptom_id)
    before = flat(prompter.printed_after("Which have you had?"))
    assert CALL_NOW_TEXT.upper() not in before.upper()
    shown = flat(prompter.printed_after("1 mild, 2 moderate, 3 severe"))
    assert CALL_NOW_TEXT.upper() in shown.upper(), "the call-now box is not shown before the next prompt"
    assert flat(words) in shown
    assert AFTER_HOURS in shown


def test_reporting_a_symptom_that_is_not_urgent_shows_no_call_now_box(capsys):
    plain = next(
        s for s in C.symptoms if not s.urgent and not any(s.id in w.symptoms for w in C.warning_signs)
    )
    prompter = _walk_symptom_step(capsys, [], plain.id)
    assert CALL_NOW_TEXT.upper() not in flat(prompter.printed_after("1 mild, 2 moderate, 3 severe")).upper()


def test_the_flag_is_the_first_block_of_the_summary_after_the_title():
    v = make_visit(treatments=[drug_treatment("ciltacabtagene-autoleucel")], symptoms=[report("confusion")])
    doc = summary.build(C, v)
    assert isinstance(doc.blocks[1], Callout)
    assert doc.blocks[1].fill_in == AFTER_HOURS
    lines = [line for line in render_markdown(doc).splitlines() if line.strip()]
    assert lines[0].startswith("# ")
    assert lines[1].startswith(f"> **{CALL_NOW_TEXT}")
    assert any(AFTER_HOURS in line for line in lines[2:8])


URGENT_ANSWERS = f"""\
visit:
  date: 2026-12-03
  reason: {CHECK_UP.label}
treatments:
  - drug: Carvykti
symptoms:
  - name: confusion or trouble staying awake
    severity: mild
    note: since tuesday, private detail
private_notes: keep this to myself
"""


@pytest.fixture
def urgent_visit(run, tmp_path):
    result = run("new-visit", "--answers", write_answers(tmp_path, URGENT_ANSWERS))
    assert result.exit_code == 0, result
    return result


def test_new_visit_from_answers_prints_the_call_now_message(urgent_visit):
    out = flat(urgent_visit.stdout)
    assert CALL_NOW_TEXT.upper() in out.upper()
    assert "ICANS" in out and AFTER_HOURS in out


def test_the_saved_summary_starts_with_the_flag(urgent_visit, home):
    lines = [line for line in _summary_text(home).splitlines() if line.strip()]
    assert lines[0].startswith("# Visit")
    assert lines[1] == f"> **{CALL_NOW_TEXT}**"
    block = "\n".join(lines[1:8])
    assert "ICANS" in block and "ciltacabtagene autoleucel" in block and AFTER_HOURS in block


def _first_after_title(fmt: str, text: str) -> str:
    """The text of the first block after the title, in an export."""
    if fmt == "html":
        body = text.split("<h1>", 1)[1].split("</h1>", 1)[1]
        return body.lstrip().split("</aside>", 1)[0] if body.lstrip().startswith("<aside") else body[:200]
    lines = text.splitlines()
    if fmt == "txt":  # TITLE, ====, blank
        rest = lines[3:]
        assert rest and set(rest[0]) == {"!"}, f"the first block is not the call-now box: {rest[:2]}"
        end = rest.index(rest[0], 1)
        return "\n".join(rest[: end + 1])
    rest = [line for line in lines[1:] if line.strip()]
    block = []
    for line in rest:
        if not line.startswith(">"):
            break
        block.append(line)
    return "\n".join(block)


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("family", [False, True], ids=["full", "for-family"])
def test_every_export_starts_with_the_flag_and_the_after_hours_line(run, urgent_visit, tmp_path, fmt, family):
    out = tmp_path / f"export.{fmt}"
    args = ["export", "--format", fmt, "--output", out] + (["--for-family"] if family else [])
    result = run(*args)
    assert result.exit_code == 0, result
    text = out.read_text(encoding="utf-8")
    first = flat(_first_after_title(fmt, text))
    if fmt == "html":
        first = html.unescape(first)
    assert CALL_NOW_TEXT.upper() in first.upper()
    assert "ICANS" in first
    assert "ciltacabtagene autoleucel" in first
    assert AFTER_HOURS in first
    if family:
        assert "private detail" not in text and "keep this to myself" not in text


# ---------------------------------------------------------------- `rrmm-prep drugs X`


def _drugs_rows():
    rows = []
    for sign in C.warning_signs:
        for class_id in sign.classes:
            rows.append(pytest.param(sign.id, C.class_by_id[class_id].name, id=f"{sign.id}-class-{class_id}"))
        for drug_id in _drugs_for(sign):
            rows.append(pytest.param(sign.id, C.drug_by_id[drug_id].name, id=f"{sign.id}-drug-{drug_id}"))
    return rows


@pytest.mark.parametrize(("sign_id", "query"), _drugs_rows())
def test_drugs_shows_the_warning_signs_for_a_drug_or_class(run, sign_id, query):
    sign = SIGN[sign_id]
    result = run("drugs", query, "--format", "text")
    assert result.exit_code == 0, result
    out = flat(result.stdout)
    assert sign.name in out, f"'rrmm-prep drugs {query}' does not show '{sign.name}'"
    for symptom_id in sign.symptoms:
        assert flat(C.symptom_by_id[symptom_id].label) in out


def test_drugs_for_a_drug_with_no_warning_signs_shows_none():
    covered = {d for w in C.warning_signs for d in _drugs_for(w)}
    drug = next(d for d in C.drugs if d.id not in covered)
    doc = views.drug_doc(C, drug)
    assert not [b for b in doc.blocks if isinstance(b, Callout)]


def test_drugs_for_a_regimen_shows_the_signs_of_its_drugs(run):
    regimen = next(r for r in C.regimens if any(C.drug_by_id[d].class_id == "imid" for d in r.drug_ids))
    result = run("drugs", regimen.abbreviation, "--format", "text")
    assert result.exit_code == 0, result
    assert SIGN["imid-clot"].name in flat(result.stdout)


@pytest.mark.parametrize(
    ("stopped", "flagged"),
    [
        ("", True),  # still taking, or not said: flagged
        ("2026-10", True),  # two months before the visit
        ("2026-01", True),  # eleven months before
        ("2025-06", False),  # a year and a half before: no longer a warning sign of this drug
        ("2019", False),
        ("a while ago", True),  # unknown: when in doubt, flag
    ],
)
def test_a_warning_sign_counts_recent_treatments_only(stopped, flagged):
    from rrmm_prep.visit import SymptomReport, Treatment, Visit

    v = Visit()
    v.info.date = "2026-12-03"
    v.treatments = [
        Treatment(name="Xpovio", kind="drug", ref="selinexor", drugs=["selinexor"], stopped=stopped)
    ]
    v.symptoms = [SymptomReport(name="dizzy or faint", id="dizziness", severity="mild")]
    names = [f.name for f in rules.urgent_flags(C, v)]
    assert any("selinexor" in n for n in names) is flagged, names
