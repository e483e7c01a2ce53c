"""Helpers shared by the tests (imported by conftest.py and by test modules)."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from rrmm_prep import ui

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
    encoding: str = "utf-8",
) -> Result:
    """Run the installed console script as a real process, stdout and stderr piped, no stdin. ``encoding``:
    how to read what it wrote (latin-1 for a run with PYTHONIOENCODING=latin-1); bytes that are not valid in it
    fail the test."""
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
    return Result(proc.returncode, proc.stdout.decode(encoding), proc.stderr.decode(encoding))


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

    from rrmm_prep.content import load as loading

    names = ("RRMM_PREP_CONTENT", "RRMM_PREP_HOME") + (() if keep_cache else ("XDG_CACHE_HOME",))
    saved = {name: os.environ.pop(name, None) for name in names}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["RRMM_PREP_HOME"] = tmp
            if not keep_cache:
                os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
            return loading.load(None)
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
        self.answers = {
            k.casefold(): (list(v) if isinstance(v, list) else [v]) for k, v in (answers or {}).items()
        }
        self.asked: list[tuple[str, str]] = []
        self.limit = limit
        # write "<<ASK label>>" to stdout at each prompt: the output shows what came when
        self.marking = marking

    def new_history(self) -> None:
        pass

    def ask(self, label: str, default: str = "") -> str:
        from rrmm_prep import errors
        from rrmm_prep.control_chars import clean

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
            raise errors.Interrupted("ctrl-c")
        if answer == "^D":
            raise errors.Interrupted("eof")
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


# ------------------------------------------------------------------------------------------------ records on disk
# Used by test_store, test_forget, test_faults, test_privacy and test_bad_input.

NO_DEBUG = {"RRMM_PREP_DEBUG": None}  # a bug shows as a user meets it (exit 70), not as a test error


def escaped_yaml(data: dict) -> str:
    """A dict as an answers file with every control character (C0, DEL and C1) written as a JSON escape
    (\\u001b): JSON is YAML, and YAML refuses those characters raw but reads the escapes. Other text stays as
    it is (YAML reads no surrogate pair, so an emoji cannot be an escape)."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def answers_file(tmp_path: Path, name: str = "answers.yaml", **fields) -> Path:
    """An answers file holding ``fields`` (``visit={"date": ..., "with": ...}``, ``notes=...``)."""
    return write(tmp_path, name, escaped_yaml(fields))


def saved_id(result: Result) -> str:
    """The id of the visit a new-visit run saved, from its "Saved your visit summary: <path>" line."""
    match = re.search(r"Saved your visit summary: (\S+)\.md", result.stdout)
    assert match, f"no visit was saved\n{result!r}"
    return Path(match.group(1)).name


def save_visit(run, tmp_path: Path, date: str, clinician: str = "", *args: str, **fields) -> str:
    """Save a visit through the real command (``new-visit --answers``); return its id. ``args`` go before the
    command (like ``--content DIR``)."""
    visit = {"date": date, **({"with": clinician} if clinician else {})}
    path = answers_file(
        tmp_path,
        f"visit-{date}-{slug_of(clinician)}-{len(list(Path(tmp_path).iterdir()))}.yaml",
        visit=visit,
        **fields,
    )
    result = run(*args, "new-visit", "--answers", path)
    assert result.exit_code == 0, result
    return saved_id(result)


def slug_of(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "none"


def record_path(home: Path, visit_id: str) -> Path:
    return Path(home) / "visits" / f"{visit_id}.json"


def read_record(home: Path, visit_id: str) -> dict:
    import json

    return json.loads(record_path(home, visit_id).read_text(encoding="utf-8"))


def write_record(home: Path, visit_id: str, data: dict | str | bytes) -> Path:
    """Put a record on disk behind the tool's back (as another program, an older or newer rrmm-prep, or a sync
    would), and forget the cached visit list."""
    import json

    path = record_path(home, visit_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, dict):
        data = json.dumps(data, ensure_ascii=False, allow_nan=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    (Path(home) / "index.json").unlink(missing_ok=True)
    return path


# Files the tool may leave in its data folder. Anything else (temp files, backups, partial files) is a leftover.
KNOWN_FILES = re.compile(
    r"^(visits/[^/.][^/]*\.(json|md)|drafts/[^/.][^/]*\.json|exports/[^/.][^/]*|index\.json|about\.json|"
    r"written\.json)$"
)


def user_data(home: Path) -> dict[str, bytes]:
    """What the person saved: visits, drafts, exports and about me (index.json is a cache and may change)."""
    home = Path(home)
    out = {}
    for sub in ("visits", "drafts", "exports"):
        folder = home / sub
        if folder.exists():
            for p in sorted(folder.rglob("*")):
                if p.is_file() and not p.name.startswith("."):  # hidden files are the tool's (see leftovers)
                    out[str(p.relative_to(home))] = p.read_bytes()
    if (home / "about.json").is_file():
        out["about.json"] = (home / "about.json").read_bytes()
    return out


def leftovers(home: Path) -> list[str]:
    """Files in the data folder that are not a record, summary, draft, export, about me or index: temp files,
    lock files, backups..."""
    home = Path(home)
    if not home.exists():
        return []
    return sorted(
        str(p.relative_to(home))
        for p in home.rglob("*")
        if p.is_file() and not KNOWN_FILES.match(str(p.relative_to(home)))
    )


def files_under(root: Path) -> list[str]:
    root = Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


# ------------------------------------------------------------------------------------------------ hostile text

# What a terminal acts on: ESC starts sequences, BEL rings, C1 controls (U+0080-U+009F) act like ESC sequences on
# some terminals. Newline and tab are ordinary text.
OSC52 = "\x1b]52;c;SGVsbG8=\x07"  # writes the clipboard
OSC8 = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # a hidden link
CLEAR = "\x1b[2J\x1b[H"  # clears the screen
C1_CSI = "\x9b31m"  # CSI as one C1 character: red
BEL = "\x07"
HOSTILE = f"start {OSC52} one {OSC8} two {CLEAR} three {C1_CSI} four {BEL} end"


def raw_controls(text: str) -> list[str]:
    """The control characters in ``text`` a terminal would act on (all but newline and tab), as escapes."""
    return sorted({repr(c) for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F})


# ------------------------------------------------------------------------------------------------ fault injection


def path_of(path, dir_fd=None) -> str | None:
    """The absolute path an os call acts on (an fd is looked up in /proc)."""
    if isinstance(path, int):
        try:
            return os.readlink(f"/proc/self/fd/{path}")
        except OSError:
            return None
    path = os.fsdecode(path)
    if dir_fd is not None and not os.path.isabs(path):
        try:
            return os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        except OSError:
            return None
    return os.path.abspath(path)


def under(path: str | None, root: Path) -> bool:
    return path is not None and (path == str(root) or path.startswith(str(root) + os.sep))


def has_proc() -> bool:
    return Path("/proc/self/fd").is_dir()


class FailingDisk:
    """Makes writes to files under ``root`` fail: the ``fail_at``-th write (1-based) writes half its data and then
    raises ``OSError(err)``; with ``persistent`` every later write fails too (a disk that stays full), until
    ``free()`` is called (space was freed). ``fsync`` or the rename into place can be made to fail instead
    (``on="fsync"``, ``on="rename"``). Needs /proc (``has_proc()``) to map file descriptors to paths.

        disk = FailingDisk(home, fail_at=1)
        with disk.installed():
            ...  # every write under home fails with ENOSPC
    """

    def __init__(self, root: Path, fail_at: int | None, err: int = errno.ENOSPC, persistent=True, on="write"):
        self.root, self.fail_at, self.err, self.persistent, self.on = Path(root), fail_at, err, persistent, on
        self.count = 0
        self.failed = 0

    def free(self) -> None:
        """Space was freed: no later write fails."""
        self.fail_at = None

    def _should_fail(self) -> bool:
        self.count += 1
        if self.fail_at is None:
            return False
        hit = self.count == self.fail_at or (self.persistent and self.count > self.fail_at)
        self.failed += hit
        return hit

    def _error(self) -> OSError:
        return OSError(self.err, os.strerror(self.err))

    @contextlib.contextmanager
    def installed(self):
        import builtins
        import io

        import pytest

        disk = self
        real_fdopen, real_write, real_fsync, real_open = os.fdopen, os.write, os.fsync, builtins.open

        class Faulty:
            def __init__(self, f):
                self._f = f

            def write(self, data):
                if disk.on == "write" and disk._should_fail():
                    self._f.write(data[: len(data) // 2])
                    self._f.flush()
                    raise disk._error()
                return self._f.write(data)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self._f.close()
                return False

            def __getattr__(self, name):
                return getattr(self._f, name)

        def writing(mode) -> bool:
            return any(c in str(mode) for c in "wax+")

        def fdopen(fd, mode="r", *a, **k):
            f = real_fdopen(fd, mode, *a, **k)
            return Faulty(f) if writing(mode) and under(path_of(fd), disk.root) else f

        def open_(file, mode="r", *a, **k):
            f = real_open(file, mode, *a, **k)
            return Faulty(f) if writing(mode) and under(path_of(file), disk.root) else f

        def write(fd, data):
            if disk.on == "write" and under(path_of(fd), disk.root) and disk._should_fail():
                real_write(fd, bytes(data)[: len(data) // 2])
                raise disk._error()
            return real_write(fd, data)

        def fsync(fd):
            if disk.on == "fsync" and under(path_of(fd), disk.root) and disk._should_fail():
                raise disk._error()
            return real_fsync(fd)

        def renaming(real):
            def rename(src, dst, *a, **k):
                if disk.on == "rename" and under(path_of(dst), disk.root) and disk._should_fail():
                    raise disk._error()
                return real(src, dst, *a, **k)

            return rename

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(os, "fdopen", fdopen)
            mp.setattr(os, "write", write)
            mp.setattr(os, "fsync", fsync)
            mp.setattr(os, "replace", renaming(os.replace))
            mp.setattr(os, "rename", renaming(os.rename))
            mp.setattr(builtins, "open", open_)
            mp.setattr(io, "open", open_)
            yield self


class ReadOnly:
    """Makes everything that would change the folder ``root`` fail with ``err`` (EROFS: a read-only disk; EACCES:
    no permission), the way a read-only mount or a chmod 0500 folder does for a normal user (root included).
    ``only``: refuse only paths for which ``only(path)`` is true (one file that cannot be deleted)."""

    def __init__(self, root: Path, err: int = errno.EROFS, only=None):
        self.root, self.err, self.only = Path(root), err, only
        self.blocked: list[str] = []

    @contextlib.contextmanager
    def installed(self):
        import builtins
        import io

        import pytest

        ro = self
        names = (
            "open",
            "mkdir",
            "link",
            "replace",
            "rename",
            "unlink",
            "remove",
            "rmdir",
            "chmod",
            "symlink",
            "utime",
        )
        real = {name: getattr(os, name) for name in names}
        real_open = builtins.open

        def hit(path: str | None) -> bool:
            return under(path, ro.root) and (ro.only is None or ro.only(Path(path)))

        def refuse(what: str, path: str | None):
            ro.blocked.append(f"{what} {path}")
            exc = PermissionError if ro.err in (errno.EACCES, errno.EPERM) else OSError
            raise exc(ro.err, os.strerror(ro.err), path)

        def guard(name, nargs=1):
            fn = real[name]

            def wrapper(*args, **kwargs):
                dir_fd = kwargs.get("dir_fd") or kwargs.get("src_dir_fd")
                for arg in args[:nargs]:
                    if isinstance(arg, (str, bytes, os.PathLike)) and hit(path_of(arg, dir_fd)):
                        refuse(name, path_of(arg, dir_fd))
                return fn(*args, **kwargs)

            return wrapper

        def open_fd(path, flags, mode=0o777, *, dir_fd=None):
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC) and hit(path_of(path, dir_fd)):
                refuse("open", path_of(path, dir_fd))
            return real["open"](path, flags, mode, dir_fd=dir_fd)

        def open_(file, mode="r", *a, **k):
            if not isinstance(file, int) and any(c in mode for c in "wax+") and hit(path_of(file)):
                refuse("open", path_of(file))
            return real_open(file, mode, *a, **k)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(os, "open", open_fd)
            for name in ("mkdir", "unlink", "remove", "rmdir", "chmod", "utime"):
                mp.setattr(os, name, guard(name))
            for name in ("link", "replace", "rename", "symlink"):
                mp.setattr(os, name, guard(name, 2))
            mp.setattr(builtins, "open", open_)
            mp.setattr(io, "open", open_)
            yield self


# ------------------------------------------------------------------------------------------------ goldens, small content

GOLDEN = Path(__file__).parent / "golden"
# A complete, small content pack (not an override): golden files are rendered from it, so a wording change in
# data/*.yaml never changes one.
SMALL_CONTENT = Path(__file__).parent / "fixtures" / "small"


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with tests/golden/NAME; with UPDATE_GOLDEN=1, (re)write the file instead. Read the diff
    of a rewritten golden file before committing it."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN", "") not in ("", "0"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return
    assert path.is_file(), f"{path} is missing: run the tests with UPDATE_GOLDEN=1 to write it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"{name} differs from its golden file; if the change is meant, rerun with UPDATE_GOLDEN=1"
    )


def use_small_content(monkeypatch, tmp_path: Path):
    """Make tests/fixtures/small the shipped content for this test (in-process `run` included) and return it.
    Its cache goes to a folder of this test, so the session's cache of the real content stays warm."""
    from rrmm_prep.content import load as loading

    monkeypatch.setattr(loading, "shipped_dir", lambda: SMALL_CONTENT)
    monkeypatch.setattr(loading, "_LOADED", {})
    monkeypatch.setenv("XDG_CACHE_HOME", str(Path(tmp_path) / "small-content-cache"))
    return loading.load(None)


def flat(text: str) -> str:
    """Text with every run of white space made one space (output wraps at the terminal's width)."""
    return " ".join(text.split())


def pretend_terminal(monkeypatch, stdin: bool = False) -> dict[str, str]:
    """Make ui believe standard output is a terminal (and standard input too, with ``stdin``: only then do
    browsing commands page). Returns the environment that makes Rich write escape codes into a captured
    stream."""

    def is_terminal(stream=None) -> bool:
        return stdin or stream is None or stream is sys.stdout

    monkeypatch.setattr(ui, "is_terminal", is_terminal)
    return {"TTY_COMPATIBLE": "1", "TERM": "xterm-256color"}


# ------------------------------------------------------------------------------------------------ Robert's visits

# Robert, 71, as his answers files say him: a visit in September, and the one he prepares now (issue 10's persona,
# with what a doctor sheet is for: the history, what changed, medicines, allergies, the top questions).
ROBERT_BEFORE = {
    "about_me": {
        "name": "Robert Lee",
        "born": "1955-05-14",
        "myeloma_type": "IgG kappa",
        "diagnosed": "2019-03",
        "allergies": ["penicillin"],
        "after_hours": "555-0100",
    },
    "visit": {"date": "2026-09-10", "with": "Dr. Rivera, hematology", "place": "Riverside Cancer Center"},
    "treatments": [
        {
            "drug": "VRd",
            "when": "2019-04 to 2019-12",
            "outcome": "worked",
            "bad_effects": ["numbness in my feet"],
        },
        {"drug": "autologous stem cell transplant", "date": "2020-02"},
        {
            "drug": "Revlimid",
            "when": "2020-04 to 2024-02",
            "outcome": "stopped working",
            "bad_effects": ["tiredness"],
        },
        {"drug": "DPd", "when": "since 2024-03"},
    ],
    "symptoms": [{"name": "numbness or tingling", "severity": "mild"}],
    "labs": [
        {"test": "M-protein", "value": "0.6", "unit": "g/dL", "date": "2026-09-01"},
        {"test": "kappa", "value": "40.1", "unit": "mg/L", "date": "2026-09-01"},
    ],
    "health_problems": ["type 2 diabetes", "high blood pressure"],
    "medicines": ["metformin 500 mg twice a day", "lisinopril 10 mg", "aspirin 81 mg", "acyclovir 400 mg"],
}
ROBERT_NOW = {
    "visit": {
        "date": "2026-12-03",
        "time": "10:30",
        "with": "Dr. Rivera, hematology",
        "place": "Riverside Cancer Center",
        "reason": [
            "choosing a new treatment",
            "talking about CAR-T or a bispecific",
            "talking about a clinical trial",
        ],
        "companion": "Anna (my daughter)",
    },
    "symptoms": [
        {"name": "numbness or tingling", "severity": "moderate", "note": "worse in the evening"},
        {"name": "tiredness", "severity": "moderate"},
        {"name": "back pain", "severity": "moderate", "note": "new, lower back"},
        {"name": "temp 38.4 last night", "severity": "mild"},
    ],
    "labs": [
        {"test": "M-protein", "value": "1.2", "unit": "g/dL", "date": "2026-11-20"},
        {"test": "kappa", "value": "85.2", "unit": "mg/L", "date": "2026-11-20"},
        {"test": "hemoglobin", "value": "10.9", "unit": "g/dL", "date": "2026-11-20"},
    ],
    "goals": ["Stay able to look after myself", "be at my granddaughter's wedding in June"],
    "my_questions": [
        "Can I travel to the wedding in June?",
        "Could CAR-T work for me, and where would I go?",
    ],
    "private_notes": "PRIVATE-NOTE-MARKER: I have not told Anna how scared I am.",
    "notes": "Anna drives me to appointments.",
}


def make_roberts_visits(run, tmp_path) -> str:
    """Save Robert's two visits (answers files through the real tool); returns the id of the one he prepares."""
    for name, data in (("before.yaml", ROBERT_BEFORE), ("now.yaml", ROBERT_NOW)):
        result = run("new-visit", "--answers", write(tmp_path, name, yaml_doc(data)))
        assert result.exit_code == 0, result
    return "2026-12-03-dr-rivera"


def task_items(text: str) -> list[str]:
    """The text of every Markdown list item that is a task ("[ ]" or "[x]" first)."""
    tokens = md_tokens(text)
    out = []
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open":
            inline = next(t for t in tokens[i:] if t.type == "inline")
            if re.match(r"\[[ x]\] ", inline.content):
                out.append(inline.content)
    return out


def block_shape(text: str) -> list[str]:
    """The block structure of a Markdown text: block token types and tags, no text."""
    return [f"{t.type}:{t.tag}" for t in md_tokens(text) if t.type != "inline"]


# The hand-written answers file of issue 3: a first visit with a regimen, a drug, an urgent symptom (a fever),
# health problems, medicines, goals and own questions.
EXAMPLE_ANSWERS = """\
visit:
  date: 2026-12-03
  time: 10:30
  with: Dr. Rivera, hematology
  place: Riverside Cancer Center
  reason: choosing a new treatment
  companion: Maria (my daughter)
treatments:
  - drug: VRd
    started: 2023-02
    stopped: 2024-01
    outcome: stopped working
    bad_effects: [numbness in my feet, trouble sleeping]
  - drug: Darzalex
    started: 2024-02
    outcome: still taking
symptoms:
  - name: numbness or tingling
    severity: moderate
    note: worse in the evening
  - name: fever
    note: 38.4 C last night
health_problems: [type 2 diabetes, high blood pressure]
medicines: [metformin 500 mg twice a day]
goals: [keep walking my dog, be well enough for a wedding in June]
my_questions:
  - Can I get the infusions closer to home?
  - Is it safe to travel by plane in June?
notes: My sister can drive me to appointments on Tuesdays.
"""


def cli_commands() -> list[tuple[tuple[str, ...], object]]:
    """(path, click command) for every command a user can run, groups included: ("drugs",), ("content",),
    ("content", "check"). Hidden ones are left out."""
    import typer

    from rrmm_prep.cli import app

    out = []

    def walk(group, path):
        for name, command in sorted(group.commands.items()):
            if getattr(command, "hidden", False):
                continue
            out.append(((*path, name), command))
            if hasattr(command, "commands"):
                walk(command, (*path, name))

    walk(typer.main.get_command(app), ())
    return out
