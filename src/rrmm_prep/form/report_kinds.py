"""The compound answers of how the person has been: symptoms (each with how bad, a note, since when, new or
ongoing), bad effects to watch for, and lab results (test, value, unit, date). Their parts are defined in
form/fields.py; how they are asked and read is here, the same for the walk and answers files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rrmm_prep import ui
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.form.compound import Compound
from rrmm_prep.form.kinds import CLEAR, Ctx, Field, Given
from rrmm_prep.model.visit import Effect, SymptomReport
from rrmm_prep.read import labs, symptoms, treatments
from rrmm_prep.render.doc import Columns, Doc, Para, Table

if TYPE_CHECKING:
    from rrmm_prep.form.walk import Walk


# ------------------------------------------------------------------------------------------------ symptoms


@dataclass(frozen=True)
class Symptoms(Compound):
    """Symptoms by checklist number or in one's own words, each then asked how bad (with its other parts)."""

    noun: str = "symptom"
    head_keys: tuple[str, ...] = ("name",)

    def head(self, item: SymptomReport) -> str:
        return item.name + (f" ({item.detail})" if item.detail else "")

    def ask(self, w: Walk, f: Field) -> None:
        ctx = w.ctx
        listed = [s for s in ctx.content.symptoms if s.listed]
        ui.show(
            Doc([Para("Symptoms you may have had since your last visit:"), Columns([s.label for s in listed], numbered=True)])
        )
        current = list(f.get(ctx))
        number = {s.id: i for i, s in enumerate(listed, 1)}
        default = ", ".join(
            str(number[r.id]) if r.id in number and not r.said else (r.said or r.name) for r in current
        )
        while True:
            answer = w.ask(f.label + " (Enter for none)", default)
            if answer == default and current:
                reports = current
                break
            if not answer.strip() or answer.strip() == CLEAR:
                reports = []
                break
            reading = symptoms.read_symptoms(ctx, answer)
            if reading.problems:
                ui.say("; ".join(reading.problems) + ". Type numbers from the list, or your own words.")
                continue
            reports = symptoms.reports_from(ctx, reading, current)
            if any(found.number is None for found in reading.found):
                ui.readback(f"Read as: {symptoms.show_reading(ctx, reading) or 'no symptoms'}.")
            break
        f.put(ctx, reports)
        fresh = list(reports)  # each is asked how bad; what the words said (like "bad") is the default
        w.show_new_flags(waiting=self.waiting(ctx, fresh))
        if fresh:
            ui.say(
                "How bad is each? 1 mild, 2 moderate, 3 severe; then a note, or 'same as before' or 'new': "
                "2, worse at night",
                "dim",
            )
        for i, report in enumerate(fresh):
            self.ask_how_bad(w, report)
            w.show_new_flags(waiting=self.waiting(ctx, fresh[i + 1 :]))

    @staticmethod
    def waiting(ctx: Ctx, reports: list[SymptomReport]) -> list[SymptomReport]:
        """The reports not rated yet whose call depends on how bad they are: their box waits for the rating."""
        out = []
        for r in reports:
            symptom = ctx.content.symptom_by_id.get(r.id)
            if not r.severity and symptom is not None and (symptom.urgent_from or symptom.severe_level):
                out.append(r)
        return out

    def ask_how_bad(self, w: Walk, report: SymptomReport) -> None:
        ctx = w.ctx
        default = symptoms.show_how_bad(report) if report.severity else ""
        while True:
            answer = w.ask(f"How bad is it: {report.name}?", default)
            if answer == default and default:
                return
            if not answer.strip():
                return  # not rated
            texts = self.split(ctx, report, answer)
            if "severity" not in texts and texts.get("note"):
                ui.say(
                    "How bad is it? Type 1 (mild), 2 (moderate) or 3 (severe) first, then a note: 2, worse at night."
                )
                continue
            problems = self.apply(ctx, report, texts)
            if problems:
                ui.say(problems[0][1])
                continue
            if not answer.strip().split(",")[0].strip().isdecimal():
                ui.readback(f"Read as: {symptoms.show_how_bad(report)}")
            return

    def edit(self, w: Walk, f: Field, n: int) -> None:
        self.ask_how_bad(w, f.get(w.ctx)[n - 1])

    def line(self, ctx: Ctx, item: SymptomReport) -> str:
        return f"{self.head(item)}: {symptoms.show_how_bad(item)}"

    def template_keys(self, ctx: Ctx) -> list[tuple[str, str]]:
        return [
            ("name", "back pain and my legs feel weak   # a name from the list below, or your own words"),
            ("severity", "moderate          # 1 mild, 2 moderate, 3 severe (or none); empty: not rated"),
            ("note", "worse in the evening"),
            ("since", "last week          # when it began, if you know"),
            ("course", "new               # new since the last visit, or: same as before"),
        ]

    def template(self, ctx: Ctx, f: Field, name: str) -> list[str]:
        from rrmm_prep.form.kinds import comment_list

        listed = [s.label for s in ctx.content.symptoms if s.listed]
        return [*super().template(ctx, f, name), *comment_list("symptoms", listed)]

    def load(self, ctx: Ctx, g: Given) -> None:
        reports: list[SymptomReport] = []
        for raw in g.items():
            m = self.file_item(g, raw)
            if m is None:
                continue
            name = g.check.text(m, "name", g.item_entry) or ""
            if not name:
                g.problem("is required: the symptom's name, or your own words", m.line, g.item_entry, "name")
                continue
            # A name in a file is words; numbers pick from the checklist only when the name is only numbers.
            reading = ctx.symptom_reader.read(clean(name), picks=name.replace(" ", "").replace(",", "").isdecimal())
            for problem in reading.problems:
                g.problem(problem, m.key_lines.get("name"), g.item_entry, "name")
            for report in symptoms.reports_from(ctx, reading, reports):
                if any(r.id == report.id and r.name == report.name for r in reports):
                    continue
                self.report(g, m, self.apply(ctx, report, self.file_texts(g, m, ctx, report)))
                reports.append(report)
        g.field.put(ctx, reports)
        ctx.chosen.add(g.field.key)


# ------------------------------------------------------------------------------------------------ effects to watch


@dataclass(frozen=True)
class Effects(Compound):
    """Bad effects to watch for (after the visit), each the person's words and the symptom they describe."""

    noun: str = "bad effect"
    head_keys: tuple[str, ...] = ("name",)

    def read(self, ctx: Ctx, text: str) -> list[Effect]:
        return treatments.read_effects(ctx, _NO_DRUGS, text)

    def show(self, ctx: Ctx, value) -> str:
        return "; ".join(e.name for e in value)

    def ask(self, w: Walk, f: Field) -> None:
        ctx = w.ctx
        default = self.show(ctx, f.get(ctx))
        got = w.read(f.label, default.replace(";", ","), lambda a: self.read(ctx, a))
        if got is None:
            return
        f.put(ctx, got[1])
        if got[1]:
            ui.readback("Noted: " + "; ".join(e.name for e in got[1]))
        w.show_new_flags()

    def load(self, ctx: Ctx, g: Given) -> None:
        texts = g.texts() if not isinstance(g.value, str) else [g.value]
        g.field.put(ctx, self.read(ctx, ", ".join(texts)))
        ctx.chosen.add(g.field.key)


class _NoDrugs:
    drugs: list[str] = []


_NO_DRUGS: Any = _NoDrugs()


# ------------------------------------------------------------------------------------------------ lab results


@dataclass(frozen=True)
class Labs(Compound):
    """Lab results, one a line; what a line leaves out is asked, one question at a time."""

    noun: str = "lab result"
    head_keys: tuple[str, ...] = ("test",)
    also_keys: tuple[str, ...] = ("as_typed",)

    def head(self, item) -> str:
        return item.test

    def line(self, ctx: Ctx, item) -> str:
        return labs.show(item)

    def ask(self, w: Walk, f: Field) -> None:
        ctx = w.ctx
        results = list(f.get(ctx))
        if results:
            ui.show(Doc([Para("Results you added:"), self.table(results)]))
        ui.say("Type a result as it is on your report: the test, the number and the unit, and its date.", "dim")
        last_date = ""
        while True:
            label = f"{f.label}; Enter to skip" if not results else "Add another result (-N takes one off; Enter when done)"
            answer = w.ask(label)
            if not answer:
                return
            remove = _minus(answer, len(results))
            if remove == -1:
                continue
            if remove is not None:
                gone = results.pop(remove - 1)
                f.put(ctx, results)
                ui.readback(f"Taken off: {labs.show(gone)}")
                continue
            try:
                line = labs.read_line(ctx, answer)
            except Unreadable as err:
                ui.say(str(err))
                continue
            if line.filled:
                ui.readback(
                    f"Unit: {line.unit} (the usual one for {line.test}; type it again if your report says otherwise)"
                )
            lab = self.ask_missing(w, line, last_date)
            if lab is None:
                ui.say("Then type the result again, with the unit from your report.")
                continue
            last_date = lab.date
            results.append(lab)
            f.put(ctx, results)
            ui.readback(f"Added: {labs.show(lab)}")

    def ask_missing(self, w: Walk, line: labs.LabLine, last_date: str = ""):
        """Ask what a line left out, one at a time: which number, keep an unusual unit, the unit, the date."""
        ctx = w.ctx
        as_typed = False
        for ask in list(line.asks):
            if ask == "value":
                first, second = line.readings
                got = w.read(
                    f"Is '{line.value}' {first} or {second}? 1 for {first}, 2 for {second}",
                    "",
                    lambda a: labs.read_value(ctx, line, a),
                )
                if got is None:
                    return None
            elif ask == "keep":
                ui.say(line.problem)
                if w.yes("Keep it as you typed it?", True):
                    as_typed = True
                elif not self._ask_unit(w, line, "Which unit is on your report?", default=False):
                    return None
            elif ask == "unit" and not self._ask_unit(w, line, "Which unit?"):
                return None
            elif ask == "date":
                label = "Date of the test (like 11/20 or last week)"
                got = w.read(label, labs.dates.say(last_date) if last_date else "", lambda a: labs.read_date(ctx, a))
                line.date = got[1] if got is not None and got[1] else (last_date or ctx.past_day.isoformat())
        return line.lab(as_typed)

    def _ask_unit(self, w: Walk, line: labs.LabLine, question: str, default: bool = True) -> bool:
        """The unit, asked: True once one of the test's units is given (Enter takes the first usual one only
        when ``default``, never after an unusual unit was typed: the number may be in another unit)."""
        units = labs.usual_units(w.ctx, line)
        line.unit = ""
        got = w.read(
            f"{question} {' or '.join(units)}" if units else f"{question} (as on the report)",
            units[0] if units and default else "",
            lambda a: labs.put_unit(w.ctx, line, a) if a.strip() else None,
        )
        if got is None and default and units:
            line.unit = units[0]
        return bool(line.unit)

    def edit(self, w: Walk, f: Field, n: int) -> None:
        """Type the result again: the line as stored is the default, Enter keeps it."""
        ctx = w.ctx
        results = list(f.get(ctx))
        old = results[n - 1]
        default = labs.said(old)
        while True:
            answer = w.ask("The result, typed again (Enter keeps it)", default)
            if answer == default:
                return
            try:
                line = labs.read_line(ctx, answer)
            except Unreadable as err:
                ui.say(str(err))
                continue
            lab = self.ask_missing(w, line, old.date)
            if lab is not None:
                results[n - 1] = lab
                f.put(ctx, results)
                ui.readback(f"Now: {labs.show(lab)}")
            return

    def table(self, results) -> Table:
        return Table(
            ["Test", "Value", "Unit", "Date"],
            [[x.test, x.value or "-", x.unit or "-", labs.dates.say(x.date) if x.date else "-"] for x in results],
        )

    def load(self, ctx: Ctx, g: Given) -> None:
        out = []
        for raw in g.items():
            m = self.file_item(g, raw)
            if m is None:
                continue
            lab = self._from_file(ctx, g, m, isinstance(raw, str))
            if lab is not None:
                out.append(lab)
        g.field.put(ctx, out)
        ctx.chosen.add(g.field.key)

    def _from_file(self, ctx: Ctx, g: Given, m, is_line: bool):
        where = m.key_lines.get("test", m.line)
        entry = g.item_entry
        as_typed = g.check.boolean(m, "as_typed", entry, default=False, lenient=True)
        if is_line:
            text = g.check.text(m, "test", entry) or ""
        else:
            value = g.check.text(m, "value", entry, required=False) or ""
            unit = g.check.text(m, "unit", entry, required=False) or ""
            date = g.check.text(m, "date", entry, required=False) or ""
            text = " ".join(p for p in (g.check.text(m, "test", entry) or "", value, unit) if p)
            if date:
                text += f" on {date}" if date[:1].isdigit() else f" {date}"
        value_line = where if is_line else m.key_lines.get("value", where)
        try:
            line = labs.read_line(ctx, text)
        except Unreadable as err:
            about_test = "names no test" in str(err)
            g.problem(str(err), where if about_test else value_line, entry, "test" if about_test else "value")
            return None
        for ask in line.asks:
            if ask == "value":
                g.problem(line.problem, value_line, entry, "value")
                return None
            unit_line = where if is_line else m.key_lines.get("unit", where)
            if ask == "keep" and not as_typed:
                g.problem(line.problem + " (Add 'as_typed: true' to keep it as written.)", unit_line, entry, "unit")
                return None
            if ask == "unit":
                units = " or ".join(labs.usual_units(ctx, line))
                g.problem(f"{line.test} needs its unit: {units}", unit_line, entry, "unit")
                return None
            if ask == "date":
                line.date = ctx.past_day.isoformat()
                ctx.read_as.append(f"labs: '{line.said}' has no date; dated {labs.dates.say(line.date)}")
        return line.lab(as_typed)

    def template_keys(self, ctx: Ctx) -> list[tuple[str, str]]:
        return [
            ("test", "M-protein          # or one line: kappa 85.2 mg/L on 11/20"),
            ("value", "1.2"),
            ("unit", "g/dL"),
            ("date", "2026-11-20         # empty: the visit's day (today, for a visit ahead)"),
        ]

    def template(self, ctx: Ctx, f: Field, name: str) -> list[str]:
        from rrmm_prep.form.kinds import comment_list

        return [
            *super().template(ctx, f, name),
            *comment_list("lab tests (unit)", [f"{x.name} ({', '.join(x.units)})" for x in ctx.content.lab_tests]),
        ]


def _minus(answer: str, count: int) -> int | None:
    """ "-2" takes result 2 off: 2; a number off the list is said, -1; None when the answer is not a removal."""
    text = answer.strip()
    if text.startswith("-") and text[1:].strip().isdecimal():
        n = int(text[1:])
        if 1 <= n <= count:
            return n
        ui.say(f"{n} is not on the list (1 to {count})." if count else "There is no result to take off.")
        return -1
    return None
