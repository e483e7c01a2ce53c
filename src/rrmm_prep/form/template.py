"""The answers template (``--answers-template``), made from the same definitions as the walk: every field a
file can give, empty (as Enter), with its example and its choices in comments."""

from __future__ import annotations

from rrmm_prep.form import kinds
from rrmm_prep.form.answers_file import file_fields


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
        step_fields = [f for f in step.fields if f in file_fields(q)]
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
            lines += [indent + line for line in f.kind.template(ctx, f, name)]
    lines.append("")
    return "\n".join(lines)
