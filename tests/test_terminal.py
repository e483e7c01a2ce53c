"""The installed `rrmm-prep` in a real pseudo-terminal (pexpect), read the way a person sees it: a 32-line,
80-column screen emulated by pyte.

- Robert's persona walk (issue 10): a 71-year-old and his daughter type his story with typos, spoken dates and the
  arrow keys; the summary has every question he chose, the right dates, no control characters, no lab dropped.
- Enter-through: short for a first and a repeat visit; no screen between two prompts runs past 30 lines, and a
  step's header is still on screen at its first prompt.
- Line editing (arrow keys, history), a closed terminal (SIGHUP) keeping a draft, the pager.

A prompt is taken as reached when the output ends in ": " and nothing more arrives for a moment.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import shutil
import signal
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

pytestmark = pytest.mark.terminal

ROWS, COLS = 32, 80
MAX_SCREEN = 30  # lines between two prompts, the new prompt included (issue 10)
TIMEOUT = 15
SETTLE = 0.15
PROMPT_END = r": [ \r]*$"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>]")
LEFT, UP = "\x1b[D", "\x1b[A"


def console_script() -> str:
    here = Path(sys.executable).parent / "rrmm-prep"
    return str(here) if here.exists() else shutil.which("rrmm-prep")


class Term:
    """One run of the console script in a pseudo-terminal, with the screen a person would see."""

    def __init__(self, home: Path, *args: str, rows: int = ROWS, cols: int = COLS, env: dict | None = None):
        environ = {
            k: v for k, v in os.environ.items() if not k.startswith(("RRMM_PREP", "PYTEST", "FORCE_COLOR"))
        }
        environ.update(
            RRMM_PREP_HOME=str(home), TERM="xterm", NO_COLOR="1", COLUMNS=str(cols), LINES=str(rows)
        )
        environ.update(env or {})
        self.child = pexpect.spawn(
            console_script(),
            list(args),
            env=environ,
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(rows, cols),
        )
        self.rows, self.cols = rows, cols
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)
        self.transcript = ""
        self.segment = ""
        self.prompts: list[str] = []
        self.heights: list[
            tuple[str, int]
        ] = []  # (prompt, lines printed since the last prompt, the prompt's)

    def _feed(self, text: str) -> None:
        self.stream.feed(text)
        self.transcript += text
        self.segment += text

    def prompt(self) -> str | None:
        """Wait for the next prompt; return its line (None at the end)."""
        while True:
            i = self.child.expect([PROMPT_END, pexpect.EOF])
            self._feed(self.child.before + (self.child.after if i == 0 else ""))
            if i == 1:
                return None
            j = self.child.expect([r"[\s\S]+", pexpect.TIMEOUT, pexpect.EOF], timeout=SETTLE)
            if j == 0:
                self._feed(self.child.after)
                if not re.search(PROMPT_END, self.child.after):
                    continue
                k = self.child.expect([r"[\s\S]+", pexpect.TIMEOUT, pexpect.EOF], timeout=SETTLE)
                if k == 0:
                    self._feed(self.child.after)
                    continue
            break
        plain = ANSI.sub("", self.segment).replace("\r", "")
        lines = plain.split("\n")
        line = lines[-1].strip()
        # The first line of the segment is the end of the line the answer was typed on: not new.
        height = sum(max(1, math.ceil(len(x) / self.cols)) for x in lines[1:]) if len(lines) > 1 else 1
        self.heights.append((line, height))
        if re.search(r"Step \d+ of \d+", plain):
            header = re.findall(r"Step \d+ of \d+: [^\n]+", plain)[-1].strip()
            shown = "\n".join(self.screen.display)
            assert header in shown, f"the step header {header!r} scrolled away before its prompt {line!r}"
        self.segment = ""
        self.prompts.append(line)
        return line

    def type(self, text: str = "") -> None:
        self.child.send(text + "\r")

    def finish(self) -> int:
        self.child.expect(pexpect.EOF, timeout=TIMEOUT)
        self._feed(self.child.before)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -(self.child.signalstatus or 0)

    @property
    def text(self) -> str:
        return ANSI.sub("", self.transcript).replace("\r", "")


def answer_by(term: Term, answers: list[tuple[str, str | list[str]]], limit: int = 80) -> int:
    """Answer each prompt by the first (words, answer) it contains (a list: one answer each time), Enter
    otherwise, until the program ends; returns the exit status."""
    queues = [(words.casefold(), list(a) if isinstance(a, list) else [a]) for words, a in answers]
    while True:
        line = term.prompt()
        if line is None:
            return term.finish()
        assert len(term.prompts) <= limit, term.prompts[-5:]
        typed = ""
        for words, queue in queues:
            if words in line.casefold():
                typed = queue.pop(0) if queue else ""
                break
        term.type(typed)


def newest_record(home: Path) -> dict:
    files = sorted((home / "visits").glob("*.json"), key=lambda f: f.stat().st_mtime_ns)
    return json.loads(files[-1].read_text(encoding="utf-8"))


def newest_summary(home: Path) -> str:
    files = sorted((home / "visits").glob("*.md"), key=lambda f: f.stat().st_mtime_ns)
    return files[-1].read_text(encoding="utf-8")


def assert_short_screens(term: Term) -> None:
    tall = [(p, h) for p, h in term.heights if h > MAX_SCREEN]
    assert not tall, f"screens over {MAX_SCREEN} lines: {tall}"


# ------------------------------------------------------------------------------------------------ Robert


def test_roberts_walk(tmp_path, shipped):
    """Robert is 71: VRd, then a transplant, then lenalidomide until it stopped working in 2024, now DPd. Numbness,
    tiredness and new back pain without weak legs; diabetes and high blood pressure. Goals: stay independent, and
    his granddaughter's wedding in June. He wants to ask about CAR-T, clinical trials and travel; Anna comes."""
    from rrmm_prep.read import dates

    home = tmp_path / "home"
    catalog = [q for t in shipped.topics for q in t.questions]
    car_t = next(i for i, q in enumerate(catalog, 1) if "CAR-T" in q.text and q.text.startswith("Could"))
    independent = next(i for i, g in enumerate(shipped.goals, 1) if "look after myself" in g.text)
    answers = [
        ("Your name", "Robert Lee"),
        ("Date of birth", "5/14/1955"),
        ("type of myeloma", "IgG kapa"),
        ("myeloma found", "march 2019"),
        ("Allergies", "penicilin"),
        ("When is the visit", "next tuesday 10:30"),
        ("Who is the visit with", "Dr Rivera, hematology"),
        ("Where?", f"Riverside Cancer Centr{LEFT}e"),  # the Left arrow edits the line
        ("What is the visit for", "1, 6 and 7"),
        ("Who is coming", "Anna (my daughter)"),
        ("Which myeloma treatments", "VRd, transplant, revlimd, DPd"),  # "revlimd": Revlimid, said back
        ("VRd: when", "2019 to 2020, worked, numbness in my feet"),  # one prompt for what the line left out
        ("transplant: when", "june 2020"),
        ("Revlimid: when", "2020 - 2024, stoped working"),  # a typo, read as "stopped working" and read back
        ("DPd: when", "since march 2024"),
        ("Which have you had", "numbness, tiredness and new back pain, legs are fine"),
        ("How bad is it: tiredness", "2, worse in the evening"),
        ("How bad is it: back", "2"),
        ("How much can you do", "2"),
        ("Other health problems", "diabetis, high blood pressure"),
        ("Medicines you take", "metformin 500mg twice a day, lisinopril"),
        ("What matters most", f"{independent}, my granddaughter's wedding in June"),
        ("A result, like", "kappa 85.2 mg/L"),
        ("Date of the test", "last week"),
        ("Your change", [f"+{car_t}", "Can we travel to the wedding in June?"]),
        ("Anything else", "Anna will drive me."),
        ("Enter to save", ""),  # the review: the record as it will be stored
        ("Make a page to print", "n"),
    ]
    term = Term(home, "new-visit")
    assert answer_by(term, answers) == 0, term.text[-3000:]
    count = len(term.prompts)
    about = sum(
        1
        for p in term.prompts
        if any(
            w in p
            for w in (
                "Your name",
                "Date of birth",
                "type of myeloma",
                "myeloma found",
                "Allergies",
                "nights and weekends",
            )
        )
    )
    offer = sum(1 for p in term.prompts if p.startswith("Make a page to print"))
    walk = count - about - offer
    print(
        f"\nRobert's full walk: {count} prompts in all: {about} about him (asked once), {offer} offer to print, "
        f"{walk} for the visit and its review; the goal is 35 or fewer in all"
    )
    (tmp_path / "robert-prompts.txt").write_text("\n".join(term.prompts))
    assert count <= 35, term.prompts
    assert_short_screens(term)

    today = dt.date.today()
    record = newest_record(home)
    text = newest_summary(home)
    assert record["info"]["date"] == dates.read_date("next tuesday", today, dates.FUTURE).isoformat()
    assert record["info"]["time"] == "10:30"
    assert record["info"]["place"] == "Riverside Cancer Center"
    ts = {t["name"]: t for t in record["treatments"]}
    assert (ts["VRd"]["started"], ts["VRd"]["stopped"], ts["VRd"]["outcome"]) == ("2019", "2020", "worked")
    assert ts["transplant"]["one_time"] and ts["transplant"]["started"] == "2020-06"
    assert (ts["Revlimid"]["stopped"], ts["Revlimid"]["outcome"]) == ("2024", "stopped working")
    assert (ts["DPd"]["started"], ts["DPd"]["outcome"]) == ("2024-03", "still taking")
    assert {s["id"] for s in record["symptoms"]} == {"numbness", "tiredness", "back-pain"}
    labs = record["labs"]
    assert [(x["test"], x["value"], x["unit"]) for x in labs] == [("free light chain kappa", "85.2", "mg/L")]
    assert labs[0]["date"] == (today - dt.timedelta(days=7)).isoformat()
    questions = [q["text"] for q in record["questions"]]
    assert "Can we travel to the wedding in June?" in questions
    assert catalog[car_t - 1].text in questions
    assert any("clinical trial" in q for q in questions)
    assert record["info"]["companion"] == "Anna (my daughter)"
    assert "\x1b" not in json.dumps(record) and "^[" not in text and "\x1b" not in text
    assert "Doctors call this triple-class exposed" in text
    assert "Call your care team now" not in text  # back pain without weak legs, rated moderate: no call


def test_walter_fixes_one_lab_and_takes_one_off_in_the_review(tmp_path):
    """Walter (issue 15) at an 80x24 terminal types his history, labs and symptoms in his own words: two drug
    lists, a bad effect in his words, a symptom "same as before", a rating in words, four labs with spoken dates.
    In the review he fixes a mistyped IgG (4500 for 450) and takes off a result from another lab; the stored
    record is what he said, field by field."""
    from rrmm_prep.read import dates

    home = tmp_path / "home"
    answers = [
        ("Your name", "Walter Green"),
        ("Date of birth", "2/3/1953"),
        ("type of myeloma", "igg lambda"),
        ("myeloma found", "2018"),
        ("Allergies", "none"),
        ("When is the visit", "next friday 9am"),
        ("Who is the visit with", "dr patel"),
        ("Which myeloma treatments", "velcade revlimid dex, darzalex pomalyst and dex"),
        ("VRd: when", "jan 2018 to dec 2019 worked, tired all the time"),
        ("DPd: when", "since feb 2022"),
        ("Which have you had", "tingling feet same as before, pretty bad tiredness"),
        ("A result, like", "m protein 1.1 g/dl nov 20"),
        ("Add another result", ["kappa 85.2 mg/L on 11/20", "igg 4500", "hemoglobin 10.2 last monday"]),
        ("Date of the test", "nov 20"),
        ("Enter saves", ["7.3", "-7.4", ""]),
        ("typed again", "igg 450 mg/dl"),
        ("Make a page to print", "n"),
    ]
    term = Term(home, "new-visit", rows=24)
    assert answer_by(term, answers) == 0, term.text[-3000:]
    assert_short_screens(term)
    shown = term.text
    assert "Now: IgG: 450 mg/dL, on" in shown and "Taken off: Hemoglobin: 10.2 g/dL" in shown

    today = dt.date.today()
    nov20 = dates.read_date("nov 20", today, dates.PAST).isoformat()
    record = newest_record(home)
    assert record["info"] | {"reasons": None, "reason_ids": None} == {
        "date": dates.read_date("next friday", today, dates.FUTURE).isoformat(),
        "time": "09:00",
        "clinician": "dr patel",
        "place": "",
        "reasons": None,
        "reason_ids": None,
        "companion": "",
    }
    assert record["about"] == {
        "name": "Walter Green",
        "born": "1953-02-03",
        "myeloma_type": "igg lambda",
        "diagnosed": "2018",
        "allergies": ["none"],
        "after_hours": "",
    }
    regimen = {"kind": "regimen", "reason": "", "one_time": False, "planned": False}
    assert record["treatments"] == [
        regimen
        | {
            "name": "VRd",
            "ref": "vrd",
            "drugs": ["bortezomib", "lenalidomide", "dexamethasone"],
            "started": "2018-01",
            "stopped": "2019-12",
            "outcome": "worked",
            "bad_effects": [{"name": "tired all the time", "id": "tiredness"}],
            "said": "velcade revlimid dex",
        },
        regimen
        | {
            "name": "DPd",
            "ref": "dpd",
            "drugs": ["daratumumab", "pomalidomide", "dexamethasone"],
            "started": "2022-02",
            "stopped": "",
            "outcome": "still taking",
            "bad_effects": [],
            "said": "darzalex pomalyst dex",
        },
    ]
    report = {"note": "", "detail": "", "since": ""}
    assert record["symptoms"] == [
        report
        | {
            "name": "numbness or tingling",
            "id": "numbness",
            "severity": "",  # Enter at "how bad": not rated, never a guess
            "said": "tingling feet same as before",
            "course": "ongoing",
        },
        report
        | {
            "name": "tiredness or low energy",
            "id": "tiredness",
            "severity": "moderate",  # "pretty bad", read back as the answer's default
            "said": "pretty bad tiredness",
            "course": "",
        },
    ]
    lab = {"date": nov20, "as_typed": False}
    assert record["labs"] == [
        lab | {"test": "M-protein", "id": "m-protein", "value": "1.1", "unit": "g/dL"},
        lab | {"test": "free light chain kappa", "id": "kappa-flc", "value": "85.2", "unit": "mg/L"},
        lab | {"test": "IgG", "id": "igg", "value": "450", "unit": "mg/dL"},
    ]
    summary = newest_summary(home)
    assert "4500" not in summary and "10.2" not in summary
    assert "Doctors call this triple-class exposed" in summary  # velcade, revlimid and darzalex, read as drugs


# ------------------------------------------------------------------------------------------------ Enter-through


def test_enter_through_a_first_and_a_repeat_visit(tmp_path):
    home = tmp_path / "home"
    counts = []
    for _ in range(2):
        term = Term(home, "new-visit")
        assert answer_by(term, [("Make a page to print", "n"), ("Pick up where", "n")]) == 0, term.text[
            -2000:
        ]
        counts.append(len(term.prompts))
        assert_short_screens(term)
    print(f"\nEnter-through: first visit {counts[0]} prompts, repeat visit {counts[1]}")
    assert counts[0] <= 20 and counts[1] <= 12, counts  # the quick repeat visit, its review counted
    assert len(list((home / "visits").glob("*.json"))) == 2


def test_the_welcome_screen(tmp_path):
    term = Term(tmp_path / "home", "new-visit")
    line = term.prompt()
    assert "Your name" in line
    shown = "\n".join(term.screen.display)
    for words in ("Get ready for your visit".upper(), "Enter", "Ctrl-C", "draft", "15 minutes"):
        assert words.lower() in shown.lower(), words
    term.child.sendcontrol("c")
    assert term.finish() == 130


# ------------------------------------------------------------------------------------------------ line editing


def test_arrow_keys_edit_the_line_and_never_reach_the_record(tmp_path):
    home = tmp_path / "home"
    term = Term(home, "new-visit")
    answers = [
        ("Which have you had", f"fevr{LEFT}e"),
        (
            "Anything else",
            f"at the desk{UP}",
        ),  # Up brings back an earlier answer (here: nothing typed is lost)
        ("Make a page to print", "n"),
    ]
    assert answer_by(term, answers) == 0, term.text[-2000:]
    record = newest_record(home)
    assert [s["id"] for s in record["symptoms"]] == ["fever"]
    raw = json.dumps(record)
    assert "\\u001b" not in raw and "[D" not in raw and "[A" not in raw


# ------------------------------------------------------------------------------------------------ a closed terminal


def test_closing_the_terminal_keeps_a_draft(tmp_path):
    home = tmp_path / "home"
    term = Term(home, "new-visit")
    for typed in ("", "dec 3", "", "Dr. Hangup"):  # the name (Enter skips about me), the date, its time, with whom
        term.prompt()
        term.type(typed)
    assert "Where?" in term.prompt()
    term.child.kill(signal.SIGHUP)
    term.child.expect(pexpect.EOF)
    term.child.close()
    drafts = list((home / "drafts").glob("new-visit-*.json"))
    assert len(drafts) == 1, term.text[-2000:]
    draft = json.loads(drafts[0].read_text())
    assert draft["format"] == 2 and draft["step"] == "visit"
    assert draft["visit"]["info"]["clinician"] == "Dr. Hangup"
    # The next run offers it, and picks up at the step that was running.
    term = Term(home, "new-visit")
    line = term.prompt()
    assert "Pick up where you left off" in line and "The visit" in line
    term.type("")
    assert "When is the visit" in term.prompt()
    term.child.sendcontrol("c")
    assert term.finish() == 130


# ------------------------------------------------------------------------------------------------ the pager


@pytest.fixture
def long_visit(tmp_path, shipped):
    from helpers import run_script, write, yaml_doc

    home = tmp_path / "home"
    data = {
        "visit": {"date": "2026-12-03", "with": "Dr. Rivera"},
        "treatments": [{"drug": "VRd", "started": "2019"}, {"drug": "DPd", "started": "2024"}],
        "questions": [q.id for t in shipped.topics for q in t.questions][:30],
    }
    result = run_script(
        "new-visit", "--answers", write(tmp_path, "a.yaml", yaml_doc(data)), env={"RRMM_PREP_HOME": str(home)}
    )
    assert result.exit_code == 0, result
    return home


def test_visits_show_pages_on_a_terminal_and_says_how(long_visit):
    term = Term(long_visit, "visits", "show")
    term.child.expect("Space or Enter for more, q to stop")
    shown = "\n".join(term.screen.display) + ANSI.sub("", term.child.before)
    assert "Visit on" in shown.replace("\n", " ") or "VISIT ON" in shown.upper()
    term.child.send("q")
    assert term.finish() == 0


def test_the_pager_goes_on_with_space_and_enter(long_visit):
    term = Term(long_visit, "drugs", "DPd")
    for key in (" ", "\r", " ", "\r", " ", "\r", " ", "\r", " ", "\r"):
        i = term.child.expect(["Space or Enter for more", pexpect.EOF])
        if i == 1:
            break
        term.child.send(key)
    term.child.expect(pexpect.EOF)
    term.child.close()
    assert term.child.exitstatus == 0


def test_no_pager_shows_it_all(long_visit):
    term = Term(long_visit, "visits", "show", "--no-pager")
    assert term.finish() == 0
    assert "Space or Enter" not in term.text and "Before you leave" in term.text


# ------------------------------------------------------------------------------------------------ names


def test_messages_name_the_program_as_it_was_started(tmp_path):
    from helpers import REPO, run_script

    script = Path(console_script())
    try:
        relative = os.path.relpath(script, REPO)
    except ValueError:
        pytest.skip("the console script is on another drive")
    path = os.pathsep.join(
        p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p) != script.parent
    )
    result = run_script(
        "visits", script=relative, cwd=REPO, env={"RRMM_PREP_HOME": str(tmp_path / "home"), "PATH": path}
    )
    assert f"{relative} new-visit" in result.stdout, result
