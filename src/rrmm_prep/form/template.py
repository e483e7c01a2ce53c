"""The answers template (``--answers-template``), made from the same definitions as the walk."""

from __future__ import annotations

from rrmm_prep.form import kinds, questions
from rrmm_prep.form.answers_file import NOT_IN_FILES
from rrmm_prep.model.visit import OUTCOMES


def _comment_list(title: str, items: list[str]) -> list[str]:
    return [f"#   {title}:"] + [f"#     - {item}" for item in items]


def template(q: kinds.Questionnaire, ctx: kinds.Ctx) -> str:
    """A complete answers file for ``q``, accepted as it is: every field present and empty (= Enter)."""
    lines = [
        f"# Answers for: rrmm-prep {q.name} --answers FILE",
        "# Fill in what you like. An empty field keeps its default, the same as pressing Enter;",
        "# [] (an empty list) means none.",
        "# Dates can be written as you say them: 2026-12-03, 12/3, dec 3, next tuesday.",
        "# Examples are in comments (lines starting with #).",
    ]
    open_group = None
    for step in q.steps:
        step_fields = [f for f in step.fields if f.key not in NOT_IN_FILES]
        if not step_fields:
            continue
        lines.append("")
        lines.append(f"# ---- {step.title}")
        for f in step_fields:
            group, name = (f.key.split(".", 1) + [""])[:2] if "." in f.key else (None, f.key)
            if group != open_group:
                if group is not None:
                    lines.append(f"{group}:")
                open_group = group
            indent = "  " if group else ""
            lines += [indent + line for line in _field_template(f, name, ctx)]
    lines.append("")
    return "\n".join(lines)


def _field_template(f: kinds.Field, name: str, ctx: kinds.Ctx) -> list[str]:
    content = ctx.content
    comment = f.label.split(" (Enter")[0]
    example = f" like {f.example}" if f.example else ""
    if isinstance(f.kind, kinds.Treatments):
        return [
            f"{name}:",
            "#  - drug: VRd              # a drug, brand or combination; for one not in the list: other: NAME",
            "#    when: 2023-02 to 2024-01   # or started: / stopped:; a transplant or CAR-T: date: 2024-06",
            f"#    outcome: stopped working   # one of: {', '.join(OUTCOMES)}",
            "#    bad_effects: [numbness in my feet, trouble sleeping]",
        ]
    if isinstance(f.kind, kinds.Symptoms):
        listed = [s.label for s in content.symptoms if s.listed]
        return [
            f"{name}:",
            "#  - name: back pain and my legs feel weak   # a name from the list below, or your own words",
            "#    severity: moderate          # 1 mild, 2 moderate, 3 severe (or none)",
            "#    note: worse in the evening",
            *_comment_list("symptoms", listed),
        ]
    if isinstance(f.kind, kinds.Labs):
        return [
            f"{name}:",
            "#  - test: M-protein          # or one line: kappa 85.2 mg/L on 11/20",
            "#    value: 1.2",
            "#    unit: g/dL",
            "#    date: 2026-11-20         # empty: today",
            *_comment_list(
                "lab tests (unit)", [f"{x.name} ({', '.join(x.units)})" for x in content.lab_tests]
            ),
        ]
    if isinstance(f.kind, kinds.Questions):
        defaults = {q.id for q in questions.catalog(ctx) if q.default}
        return [
            "my_questions:         # your own questions, like [Can I travel to a wedding in June?]",
            "# questions: the ids of the questions to tick. Leave it out to get the default set and the",
            "# questions suggested for you. (* = in the default set)",
            *[f"#   {q.id}{' *' if q.id in defaults else ''}: {q.text}" for q in questions.catalog(ctx)],
        ]
    if isinstance(f.kind, kinds.AskFirst):
        return [
            "# ask_first: up to three questions to ask first (their number, id or text). Default: the first three."
        ]
    if isinstance(f.kind, kinds.Answers):
        lines = [f"{name}:"]
        lines += [f"  # {n}: {q.text}" for n, q in ctx.visit.numbered()]
        return lines
    if isinstance(f.kind, kinds.Choices):
        options = f.kind.options(ctx)
        shown = [f"{o.id}: {o.label}" if f.key == "ready" else o.label for o in options]
        return [f"{name}:   # {comment}{example}", *_comment_list("choose from", shown)]
    if isinstance(f.kind, kinds.Items | kinds.Stop | kinds.Start):
        return [f"{name}:   # {comment}{example}"]
    return [f"{name}:   # {comment}{example}"]
