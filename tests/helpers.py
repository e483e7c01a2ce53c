"""Helpers shared by the tests (imported by conftest.py and by test modules)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
CONSOLE_SCRIPT = VENV_BIN / "rrmm-prep"

# Any ANSI escape sequence (CSI ... final byte, or OSC ... BEL/ST).
ANSI_RE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\))")
# An SGR sequence; used to look for colour parameters inside it.
SGR_RE = re.compile(r"\x1b\[([0-9;]*)m")


@dataclass
class Result:
    """What one run of the command line did."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return f"Result(exit_code={self.exit_code!r},\nstdout=\n{self.stdout}\nstderr=\n{self.stderr})"


def build_tree(base: Path, files: dict[str, str | bytes], folder: str = "content") -> Path:
    """Write ``files`` (name -> exact text or bytes) into ``base / folder`` and return that folder.

    The text is written exactly as given (no dedent), so line numbers in the test match the file.
    """
    root = Path(base) / folder
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def line_no(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based number of the line holding the ``occurrence``-th match of ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} (occurrence {occurrence}) is not in the text")


def strip_ansi(text: str) -> str:
    return ANSI_RE.sub("", text)


def colour_codes(text: str) -> list[str]:
    """SGR sequences in ``text`` that set a foreground or background colour (not bold, dim, underline)."""
    found = []
    for match in SGR_RE.finditer(text):
        params = [p for p in match.group(1).split(";") if p]
        for p in params:
            n = int(p)
            if 30 <= n <= 38 or 40 <= n <= 48 or 90 <= n <= 97 or 100 <= n <= 107:
                found.append(match.group(0))
                break
    return found


def run_script(
    *args: str,
    env: dict[str, str | None] | None = None,
    cwd: Path | None = None,
    script: Path | str = CONSOLE_SCRIPT,
    timeout: float = 60,
) -> Result:
    """Run the installed console script as a real process, stdout and stderr piped, no stdin."""
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    proc = subprocess.run(
        [str(script), *map(str, args)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    return Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


# A valid override folder: one made-up class, drug, regimen, symptom, visit reason, warning sign, topic and word.
DRUGS = """\
reviewed: 2026-11-23
classes:
  - id: zz-test-class
    name: zz test class
    how_it_works: This is a class made up for tests. It does test things.
    sources: [https://example.org/class]
drugs:
  - id: zz-testdrug
    name: zztestdrug
    brands: [Zztestbrand]
    class: zz-test-class
    target: ZZTARGET
    given: a pill by mouth
    what_it_does: It does a test thing.
    know:
      - One thing to know.
      - Two things to know.
      - Three things to know.
    status: Not a real drug. Used only in tests.
    status_date: 2026-11-23
    withdrawn: false
    terms: [zz-term]
    sources: [https://example.org/drug]
    reviewed: 2026-11-23
regimens:
  - id: zz-reg
    abbreviation: ZZQd
    drugs: [zz-testdrug]
    sources: [https://example.org/regimen]
"""

QUESTIONS = """\
reviewed: 2026-11-23
visit_reasons:
  - id: zz-reason
    label: a made-up reason
symptoms:
  - id: zz-symptom
    label: zz made-up symptom
    urgent: true
    sign_of: a made-up problem used only in tests
    call_now: Call the test team now.
    sources: [https://example.org/symptom]
warning_signs:
  - id: zz-warning
    name: zz made-up warning
    classes: [zz-test-class]
    symptoms: [zz-symptom]
    sign_of: a made-up problem
    call_now: Call the test team now about this.
    sources: [https://example.org/warning]
topics:
  - id: zz-topic
    title: Zz test topic
    questions:
      - id: zz-first
        text: Is this the first test question?
        why: It checks the schema.
        sources: [https://example.org/question]
      - id: zz-question
        text: Is this a test question?
        why: It checks the schema.
        default: false
        suggest_when:
          - classes: [zz-test-class]
          - drugs: [zz-testdrug]
          - symptoms: [zz-symptom]
          - reasons: [zz-reason]
          - history: [two-or-more-lines]
        sources: [https://example.org/question]
"""

GLOSSARY = """\
reviewed: 2026-11-23
terms:
  - id: zz-term
    term: zzterm
    meaning: A made-up word used in tests.
    sources: [https://example.org/term]
"""

BASE = {"drug_classes.yaml": DRUGS, "questions.yaml": QUESTIONS, "glossary.yaml": GLOSSARY}


def load_shipped(keep_cache: bool = False):
    """The shipped content alone (no override folder), loaded with RRMM_PREP_HOME (and, unless ``keep_cache``,
    the cache folder) in a throw-away folder so nothing reaches a real data folder. Used at collection time
    (tables of cases), by the `shipped` fixture, and to warm the session's content cache."""
    import tempfile

    from rrmm_prep import content

    names = ("RRMM_PREP_CONTENT", "RRMM_PREP_HOME") + (() if keep_cache else ("XDG_CACHE_HOME",))
    saved = {name: os.environ.pop(name, None) for name in names}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["RRMM_PREP_HOME"] = tmp
            if not keep_cache:
                os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
            return content.load(None)
    finally:
        for name in names:
            os.environ.pop(name, None)
        for name, value in saved.items():
            if value is not None:
                os.environ[name] = value


# ------------------------------------------------------------------------------------------------ walks

FIXED_DAY_ISO = "2026-11-23"  # a Monday: the day pinned walks start on


class DictPrompter:
    """Answers prompts by what they ask, not by their order: ``{"When is the visit": "dec 3", "How bad": ["2",
    ""]}``. A prompt is answered by the first key it contains (case ignored); a list gives its answers in turn,
    then Enter. Any other prompt gets Enter (its default). Every prompt is kept in ``asked``, with the answer.
    A walk that asks more than ``limit`` prompts fails (a prompt asked again and again)."""

    def __init__(
        self, answers: dict[str, str | list[str]] | None = None, limit: int = 150, marking: bool = False
    ) -> None:
        self.answers = {k.casefold(): (list(v) if isinstance(v, list) else [v]) for k, v in (answers or {}).items()}
        self.asked: list[tuple[str, str]] = []
        self.limit = limit
        self.marking = marking  # write "<<ASK label>>" to stdout at each prompt: the output shows what came when

    def new_history(self) -> None:
        pass

    def ask(self, label: str, default: str = "") -> str:
        from rrmm_prep import ui
        from rrmm_prep.controls import clean

        if len(self.asked) >= self.limit:
            raise AssertionError(f"more than {self.limit} prompts; the last ones: {self.asked[-5:]}")
        answer = ""
        for key, queue in self.answers.items():
            if key in label.casefold():
                answer = queue.pop(0) if queue else ""
                break
        self.asked.append((label, answer))
        if self.marking:
            import sys

            sys.stdout.write(f"\n<<ASK {label}>>\n")
        if answer == "^C":
            raise ui.Interrupted("ctrl-c")
        if answer == "^D":
            raise ui.Interrupted("eof")
        return clean(answer) or default

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.asked]


# ------------------------------------------------------------------------------------------------ reading outputs


def md_html(text: str) -> str:
    """Markdown -> HTML the way a GitHub-flavoured viewer would (CommonMark + tables + strikethrough)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def md_tokens(text: str):
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def html_text(rendered: str) -> str:
    """The text a reader sees: tags stripped, entities decoded."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def md_text(text: str) -> str:
    return html_text(md_html(text))


def headings(text: str) -> list[tuple[int, str]]:
    """(level, the text a reader sees) of every Markdown heading, in order."""
    return [
        (int(m.group(1)), html_text(m.group(2)))
        for m in re.finditer(r"<h([1-6])>(.*?)</h\1>", md_html(text), flags=re.S)
    ]


def heading_texts(text: str, level: int | None = None) -> list[str]:
    return [t for lv, t in headings(text) if level is None or lv == level]


def visit_files(home: Path, suffix: str = ".md") -> list[Path]:
    folder = home / "visits"
    return sorted(folder.glob(f"*{suffix}")) if folder.exists() else []


def only_summary(home: Path) -> str:
    files = visit_files(home)
    assert len(files) == 1, files
    return files[0].read_text(encoding="utf-8")


def only_record(home: Path) -> dict:
    import json

    files = visit_files(home, ".json")
    assert len(files) == 1, files
    return json.loads(files[0].read_text(encoding="utf-8"))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = Path(tmp_path) / name
    path.write_text(text, encoding="utf-8")
    return path


def yaml_doc(data: dict) -> str:
    """A dict as an answers file. JSON is YAML, and json.dumps quotes every string safely."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def comparable(record: dict) -> dict:
    """A visit record without what differs between two runs that saved the same answers (when and where it
    was made)."""
    out = {k: v for k, v in record.items() if k not in ("created", "id", "revision")}
    if isinstance(out.get("after"), dict):
        out["after"] = {k: v for k, v in out["after"].items() if k != "recorded"}
    return out
