"""Content rules applied to a visit (issues 5 and 9): suggested questions with the reason shown (in the
person's own drug names), and the warning signs each drug page shows.

The tables are built from the shipped content: one row for each ``suggest_when`` rule (and each value it
names), one row for each warning sign x each class and drug it applies to. New content gets tested without
touching this file, and a rule that cannot be satisfied fails here. The examples that issue 5 names are also
written out one by one, so they are checked whatever the content does. Which symptoms need a call now is tested
in test_call_now.py.
"""

from __future__ import annotations

import json
import re

import pytest

from helpers import flat, load_shipped, only_record, only_summary, write
from rrmm_prep.content import rules
from rrmm_prep.content.records import Rule
from rrmm_prep.model.visit import SymptomReport, Treatment, Visit
from rrmm_prep.render import browse
from rrmm_prep.render.doc import Callout

C = load_shipped()


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
    v.info.reason_ids = [reason_id] if reason_id else []
    v.info.reasons = [C.reason_by_id[reason_id].label] if reason_id else []
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
        elif group == "history":  # the person's own treatments that give it, not a class name (issue 9)
            names += [t.name for t in history_treatments(value)]
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
    # The question is suggested exactly when another of its rules matches, and then for that rule's reason.
    reasons = [r for r in (rules.match_rule(C, v, x) for x in q.suggest_when) if r]
    assert rules.suggestions(C, v).get(question_id) == (reasons[0] if reasons else None)


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
        v.info.reason_ids, v.info.reasons = [other.id], [other.label]
    else:
        v.health_problems = ["a sore knee since the spring"]
        assert not any(w.casefold() in v.health_problems[0].casefold() for w in rule.mentions)
    assert rules.match_rule(C, v, rule) is None


def _symptom_rule_rows():
    rows = []
    for topic in C.topics:
        for q in topic.questions:
            for i, rule in enumerate(q.suggest_when):
                for symptom_id in rule.symptoms:
                    rows.append(pytest.param(q.id, i, symptom_id, id=f"{q.id}[{i}] {symptom_id}"))
    return rows


@pytest.mark.parametrize(("question_id", "rule_index", "symptom_id"), _symptom_rule_rows())
def test_a_symptom_marked_none_does_not_count_as_reported(question_id, rule_index, symptom_id):
    rule = C.question_by_id[question_id].suggest_when[rule_index]
    chosen = {g: vals[0] for g, vals in rule_choices(rule).items()}
    chosen["symptoms"] = symptom_id
    v = visit_for(chosen)
    assert rules.match_rule(C, v, rule), "the visit built to satisfy the rule does not"
    v.symptoms = [report(symptom_id, severity="none")]
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
    # "you have had Velcade and you report numbness or tingling": the name the person gave (issue 9)
    assert re.search(rf"you have had .*{re.escape(typed)}.* and .*report .*{re.escape(label)}", reason), (
        reason
    )
    assert drug not in reason or drug == typed


@pytest.mark.parametrize("drug_id", ["bortezomib", "thalidomide"])
def test_numbness_question_needs_both_the_drug_and_the_numbness(drug_id):
    only_drug = rules.suggestions(C, make_visit(treatments=[drug_treatment(drug_id)]))
    only_symptom = rules.suggestions(C, make_visit(symptoms=[report("numbness")]))
    assert "side-effects-nerves" not in only_drug
    assert "side-effects-nerves" not in only_symptom


@pytest.mark.parametrize("symptom_id", ["blurry-vision", "dry-eyes"])
def test_eye_symptoms_on_belantamab_suggest_the_eye_question(symptom_id):
    v = make_visit(treatments=[drug_treatment("belantamab-mafodotin")], symptoms=[report(symptom_id)])
    reason = rules.suggestions(C, v)["side-effects-eyes"]
    assert "belantamab mafodotin" in reason
    assert C.symptom_by_id[symptom_id].label in reason


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
    assert found["cell-therapy-compare"] == (
        "you have had bortezomib, lenalidomide and daratumumab (a proteasome inhibitor, an IMiD and an "
        "anti-CD38 antibody)"
    )
    texts = " ".join(C.question_by_id[q].text for q in found)
    for word in ("CAR-T", "bispecific", "clinical trial"):
        assert word in texts


def test_reasons_name_the_persons_own_drugs_not_class_names():
    """Issue 9: "because you have had Velcade, Revlimid and Darzalex", as the person wrote them."""
    typed = [("Velcade", "bortezomib"), ("Revlimid", "lenalidomide"), ("Darzalex", "daratumumab")]
    v = make_visit(treatments=[Treatment(name=n, kind="drug", ref=d, drugs=[d]) for n, d in typed])
    reason = rules.suggestions(C, v)["trials-find"]
    assert reason.startswith("you have had Velcade, Revlimid and Darzalex"), reason
    for _, generic in typed:
        assert generic not in reason


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


def test_new_visit_answers_pre_tick_suggestions_and_the_summary_keeps_each_reason(run, home, tmp_path):
    result = run("new-visit", "--answers", write(tmp_path, "answers.yaml", NUMBNESS_ANSWERS))
    assert result.exit_code == 0, result

    record = only_record(home)
    by_id = {q["id"]: q for q in record["questions"] if q["id"]}
    assert "side-effects-nerves" in by_id, "the suggested question is not ticked"
    assert "Velcade" in by_id["side-effects-nerves"]["why_suggested"]
    for qid, q in by_id.items():
        if not C.question_by_id[qid].default:
            assert q["why_suggested"], f"{qid} was ticked without being default or suggested"

    lines = only_summary(home).splitlines()
    at = next(i for i, line in enumerate(lines) if NERVES.text in line)
    assert "Suggested because" in lines[at + 1]
    assert "Velcade" in lines[at + 1] and "numbness or tingling" in lines[at + 1]
    plain = [q for q in record["questions"] if q["id"] and not q["why_suggested"]]
    assert plain, "no default question without a reason: the check below would prove nothing"
    for q in plain:
        at = next(i for i, line in enumerate(lines) if q["text"] in line)
        assert "Suggested because" not in lines[at + 1], f"{q['id']} got a reason it does not have"


def test_new_visit_walk_ticks_the_suggested_question_and_the_summary_says_why(
    run, home, prompter, pinned_day
):
    numbness = [s.id for s in C.symptoms if s.listed].index("numbness") + 1
    number = [q.id for t in C.topics for q in t.questions].index(NERVES.id) + 1  # its number in the walk
    prompter(
        {
            "Which myeloma treatments": "Velcade",
            "Which have you had": str(numbness),
            "Make a page to print": "n",
        }
    )
    result = run("new-visit")
    assert result.exit_code == 0, result
    shown = result.stdout.split("On your list now", 1)[1].split("Your questions:", 1)[0]
    # marked beside its number, where cutting a long question to the screen's width cannot take the mark away
    assert re.search(rf"^\s*{number}\.\* +{re.escape(NERVES.text[:30])}", shown, re.M), shown
    assert "* suggested for you" in shown
    record = only_record(home)
    [nerves] = [q for q in record["questions"] if q["id"] == NERVES.id]
    assert nerves["why_suggested"] == "you have had Velcade and you report numbness or tingling"
    lines = only_summary(home).splitlines()
    at = next(i for i, line in enumerate(lines) if NERVES.text in line)
    assert "Suggested because you have had Velcade and you report numbness or tingling." in lines[at + 1]


@pytest.mark.parametrize("which", ["latest", "2026-12-03", "id"])
def test_questions_for_a_visit_shows_suggestions_with_reasons(run, tmp_path, home, which):
    assert run("new-visit", "--answers", write(tmp_path, "answers.yaml", NUMBNESS_ANSWERS)).exit_code == 0
    query = only_record(home)["id"] if which == "id" else which
    if which == "id":
        assert query != "2026-12-03", "the visit id should differ from its date here"
    result = run("questions", "--for", query, "--format", "text")
    assert result.exit_code == 0, result
    out = flat(result.stdout)
    assert NERVES.text in out
    assert "Suggested because you have had Velcade and you report numbness or tingling" in out, out


def test_questions_for_a_visit_as_json(run, tmp_path):
    assert run("new-visit", "--answers", write(tmp_path, "answers.yaml", NUMBNESS_ANSWERS)).exit_code == 0
    result = run("questions", "--for", "latest", "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert "Velcade" in data["side-effects-nerves"]
    assert "numbness or tingling" in data["side-effects-nerves"]
    assert set(data) <= set(C.question_by_id)


def test_questions_for_an_unknown_visit_fails_with_a_message(run, tmp_path):
    assert run("new-visit", "--answers", write(tmp_path, "answers.yaml", NUMBNESS_ANSWERS)).exit_code == 0
    result = run("questions", "--for", "2020-01-01")
    assert result.exit_code != 0
    assert "2020-01-01" in result.stderr


# ------------------------------------------------------------------------------------------------ `rrmm-prep drugs X`
# Which symptoms need a call now (the call-now model of issue 9) is tested in test_call_now.py. Here: the drug
# pages show the warning signs of their drugs.


def _drugs_for(sign) -> list[str]:
    return list(dict.fromkeys([*sign.drugs, *(d.id for c in sign.classes for d in C.drugs_in(c))]))


SIGN = {w.id: w for w in C.warning_signs}


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
    doc = browse.drug_doc(C, drug)
    assert not [b for b in doc.blocks if isinstance(b, Callout)]


def test_drugs_for_a_regimen_shows_the_signs_of_its_drugs(run):
    regimen = next(r for r in C.regimens if any(C.drug_by_id[d].class_id == "imid" for d in r.drug_ids))
    result = run("drugs", regimen.abbreviation, "--format", "text")
    assert result.exit_code == 0, result
    assert SIGN["imid-clot"].name in flat(result.stdout)


@pytest.mark.parametrize("drug_id", [d.id for c in ("car-t", "bispecific-antibody") for d in C.drugs_in(c)])
def test_car_t_and_bispecific_pages_say_to_carry_the_wallet_card_and_what_to_do_out_of_hours(run, drug_id):
    """Issue 9 item 5: carry the wallet card given at the start and show it at any emergency room; and when the
    care team cannot be reached, go to the emergency room, say myeloma and the treatment, bring the card."""
    out = flat(run("drugs", drug_id, "--format", "text").stdout)
    assert re.search(
        r"wallet card[^.]*\. Carry it at all times\.? [^.]*show it at any emergency room", out, re.I
    )
    assert (
        "If you cannot reach your care team, go to the nearest emergency room. Say you have myeloma and which "
        "treatment you are on. Bring your wallet card and your medicine list."
    ) in out


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
    from rrmm_prep.model.visit import SymptomReport, Treatment, Visit

    v = Visit()
    v.info.date = "2026-12-03"
    v.treatments = [
        Treatment(name="Xpovio", kind="drug", ref="selinexor", drugs=["selinexor"], stopped=stopped)
    ]
    v.symptoms = [SymptomReport(name="dizzy or faint", id="dizziness", severity="mild")]
    names = [f.name for f in rules.urgent_flags(C, v)]
    assert any("selinexor" in n for n in names) is flagged, names
