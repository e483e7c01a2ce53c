#!/usr/bin/env python3
"""Startup time of rrmm-prep against a bare Typer app doing the same kind of thing, in the same run.

    .venv/bin/python benchmarks/bench_startup.py            # 15 timed runs per command
    .venv/bin/python benchmarks/bench_startup.py -n 30 --only drugs
    .venv/bin/python benchmarks/bench_startup.py --max-ratio 1.25   # exit 1 when a ratio is higher
    .venv/bin/python benchmarks/bench_startup.py --check            # exit 1 when a case misses its target
    .venv/bin/python benchmarks/bench_startup.py --imports --profile  # also: which imports and steps cost most

Every command runs as a subprocess of this interpreter (sys.executable), output to /dev/null, with
RRMM_PREP_HOME in a temporary folder. rrmm-prep and the bare app take turns, run by run, so drift in the machine's
speed hits both alike. The ratio is rrmm-prep's median over the bare app's median; the ratio of the best times is shown too
(steadier on a busy machine).

Targets (issue 6): `drugs bortezomib` and `--help` at most 1.25x the bare app, `visits` with 500 visits on disk at
most 1.5x. The other cases are reported without a target.

This is a plain script, not a test: timings belong to a quiet machine, not to the test suite.

To add a command, add a Case to CASES. ``setup(home)`` runs once before the timed runs (fill the home folder,
e.g. 500 visits for `visits`); ``before_each(home)`` runs before every timed run, untimed (e.g. remove the visits
so `new-visit --no-input` starts fresh).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BARE_APP = '''
import typer

app = typer.Typer(add_completion=False, no_args_is_help=True)


@app.callback()
def main() -> None:
    """A bare Typer app to compare startup against."""


@app.command()
def drugs(name: str = typer.Argument(None)) -> None:
    """Print one line."""
    print(f"{name}: a line of text")


@app.command()
def other() -> None:
    """Another command, so the app is a group like rrmm-prep."""
    print("other")


if __name__ == "__main__":
    app()
'''

RRMM = [sys.executable, "-c", "import sys; from rrmm_prep.cli import main; sys.argv[0] = 'rrmm-prep'; main()"]


@dataclass
class Case:
    name: str
    argv: list[str]  # rrmm-prep's arguments
    bare: list[str]  # the bare app's arguments, doing the same kind of thing
    setup: Callable[[Path], None] | None = None
    before_each: Callable[[Path], None] | None = None
    env: dict[str, str] = field(default_factory=dict)
    target: float | None = None  # the highest acceptable median ratio (issue 6); None: reported only


# ------------------------------------------------------------------------------------------------ set-ups


def _tool_env(home: Path) -> dict[str, str]:
    """The tool's data folder and content cache both in the temporary folder; bytecode kept, as an installed
    package has it (PYTHONDONTWRITEBYTECODE would make every run compile every module, and time that)."""
    env = {**os.environ, "RRMM_PREP_HOME": str(home), "XDG_CACHE_HOME": str(home / "xdg-cache")}
    for name in ("RRMM_PREP_CONTENT", "RRMM_PREP_DEBUG", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def run_tool(home: Path, *args: str) -> None:
    proc = subprocess.run([*RRMM, *args], env=_tool_env(home), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"rrmm-prep {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")


def warm_cache(home: Path) -> None:
    """One untimed run, so the content cache exists (as it does after the first run on a person's machine)."""
    run_tool(home, "drugs")


def _drop_cache(home: Path) -> None:
    shutil.rmtree(home / "xdg-cache", ignore_errors=True)


VISITS = 500
ANSWERS = """\
visit:
  date: 2026-12-03
  time: 10:30
  with: Dr. Rivera, hematology
  place: Riverside Cancer Center
  reason: choosing a new treatment
treatments:
  - drug: VRd
    started: 2023-02
    stopped: 2024-01
    outcome: stopped working
    bad_effects: [numbness in my feet]
  - drug: Darzalex
    started: 2024-02
symptoms:
  - name: numbness or tingling
    severity: moderate
health_problems: [type 2 diabetes]
medicines: [metformin 500 mg twice a day]
goals: [keep walking my dog]
my_questions: [Can I get the infusions closer to home?]
notes: My sister can drive me on Tuesdays.
"""


def make_visits(home: Path, count: int = VISITS) -> None:
    """``count`` visits on disk: one saved by ``new-visit --answers`` (a real record and summary), copied under
    distinct ids, dates and clinicians, owner-only like the tool's own files. Then one untimed ``visits`` run, so
    the index and the content cache are built (as they are after the person's last visit)."""
    answers = home.parent / f"{home.name}-answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    run_tool(home, "new-visit", "--answers", str(answers))
    folder = home / "visits"
    (record,) = folder.glob("*.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    summary = record.with_suffix(".md").read_text(encoding="utf-8")
    record.unlink()
    record.with_suffix(".md").unlink()
    start = dt.date(2015, 1, 1)
    for i in range(count):
        date = (start + dt.timedelta(days=7 * i)).isoformat()
        visit_id = f"{date}-dr-test-{i % 25}"
        one = {
            **data,
            "id": visit_id,
            "info": {**data["info"], "date": date, "clinician": f"Dr. Test {i % 25}"},
        }
        for path, text in (
            (folder / f"{visit_id}.json", json.dumps(one, indent=2, ensure_ascii=False)),
            (folder / f"{visit_id}.md", summary),
        ):
            path.write_text(text, encoding="utf-8")
            path.chmod(0o600)
    run_tool(home, "visits")


def _drop_index(home: Path) -> None:
    (home / "index.json").unlink(missing_ok=True)


def _clear_visits(home: Path) -> None:
    """Before each ``new-visit --no-input``: no visit and no draft (nothing carried forward, no name taken); the
    content cache stays, as it would on a person's machine."""
    for name in ("visits", "drafts"):
        shutil.rmtree(home / name, ignore_errors=True)
    _drop_index(home)


CASES: list[Case] = [
    Case("drugs bortezomib", ["drugs", "bortezomib"], ["drugs", "bortezomib"], setup=warm_cache, target=1.25),
    Case("--help", ["--help"], ["--help"], target=1.25),
    Case("--version", ["--version"], ["--help"]),
    Case("drugs KRd", ["drugs", "KRd"], ["drugs", "KRd"], setup=warm_cache),
    Case(
        "drugs bortezomib (no cache)",
        ["drugs", "bortezomib"],
        ["drugs", "bortezomib"],
        before_each=_drop_cache,
    ),
    Case(f"visits ({VISITS} on disk)", ["visits"], ["drugs", "x"], setup=make_visits, target=1.5),
    Case(
        f"visits ({VISITS}, no index)", ["visits"], ["drugs", "x"], setup=make_visits, before_each=_drop_index
    ),
    Case(
        "new-visit --no-input",
        ["new-visit", "--no-input"],
        ["drugs", "x"],
        setup=warm_cache,
        before_each=_clear_visits,
    ),
]


# ------------------------------------------------------------------------------------------------ timing


def _time(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(
            f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.decode(errors='replace')}"
        )
    return took


def bench(
    case: Case, runs: int, warmup: int, workdir: Path, bare_app: Path
) -> tuple[list[float], list[float]]:
    home = Path(tempfile.mkdtemp(prefix="home-", dir=workdir))
    env = {**_tool_env(home), **case.env}
    if case.setup:
        case.setup(home)
    ours = RRMM + case.argv
    theirs = [sys.executable, str(bare_app), *case.bare]
    mine, bare = [], []
    for i in range(warmup + runs):
        if case.before_each:
            case.before_each(home)
        a = _time(ours, env)
        b = _time(theirs, env)
        if i >= warmup:
            mine.append(a)
            bare.append(b)
    return mine, bare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=15, help="timed runs per command (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (default 2)")
    parser.add_argument("--only", action="append", default=[], help="run only cases whose name contains this")
    parser.add_argument("--max-ratio", type=float, default=None, help="exit 1 if a median ratio is higher")
    parser.add_argument("--check", action="store_true", help="exit 1 if a case with a target misses it")
    parser.add_argument(
        "--imports", action="store_true", help="also list the slowest imports (-X importtime)"
    )
    parser.add_argument("--profile", action="store_true", help="also time the steps of `drugs` in-process")
    args = parser.parse_args(argv)
    import compileall

    import rrmm_prep

    # Bytecode for the package, as an installed wheel has it (an editable install compiles on first import).
    compileall.compile_dir(Path(rrmm_prep.__file__).parent, quiet=1)

    cases = [c for c in CASES if not args.only or any(o in c.name for o in args.only)]
    if not cases:
        parser.error("no case matches --only")
    print(f"python {sys.version.split()[0]} at {sys.executable}; {args.runs} runs, {args.warmup} warm-up")
    print(
        f"{'command':30} {'rrmm-prep best/median':>22} {'bare best/median':>18} {'ratio median':>13} {'best':>5}"
        f"  target"
    )
    worst = 0.0
    missed = []
    with tempfile.TemporaryDirectory(prefix="rrmm-bench-") as tmp:
        workdir = Path(tmp)
        bare_app = workdir / "bare_app.py"
        bare_app.write_text(textwrap.dedent(BARE_APP), encoding="utf-8")
        for case in cases:
            mine, bare = bench(case, args.runs, args.warmup, workdir, bare_app)
            ratio = statistics.median(mine) / statistics.median(bare)
            worst = max(worst, ratio)
            best_ratio = min(mine) / min(bare)
            verdict = ""
            if case.target is not None:
                verdict = f"<= {case.target:.2f} " + ("ok" if ratio <= case.target else "OVER")
                if ratio > case.target:
                    missed.append(f"{case.name}: {ratio:.2f} > {case.target:.2f}")
            print(
                f"{case.name:30} {min(mine) * 1000:9.0f} / {statistics.median(mine) * 1000:6.0f} ms"
                f" {min(bare) * 1000:6.0f} / {statistics.median(bare) * 1000:5.0f} ms {ratio:13.2f} {best_ratio:5.2f}"
                f"  {verdict}"
            )
        if args.imports:
            imports_report(workdir)
        if args.profile:
            profile_drugs(workdir)
    status = 0
    if args.max_ratio is not None and worst > args.max_ratio:
        print(f"FAIL: a ratio of {worst:.2f} is above {args.max_ratio}")
        status = 1
    if missed:
        print("Missed targets: " + "; ".join(missed))
        if args.check:
            status = 1
    return status


# ------------------------------------------------------------------------------------------------ where it goes


def _importtime(code: str, env: dict[str, str]) -> list[tuple[int, int, str]]:
    """(self us, cumulative us, module with its nesting indent) for each import ``code`` makes (-X importtime)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True, check=False
    )
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line[len("import time:") :].split("|")
        rows.append((int(self_us), int(cumulative), name[1:].rstrip()))
    return rows


RUN_QUIETLY = """
import contextlib, io
from rrmm_prep.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main({argv!r})
    except SystemExit:
        pass
"""


def imports_report(workdir: Path, top: int = 10) -> None:
    """The slowest imports for the module import alone, `drugs bortezomib` and `visits` (warm caches)."""
    home = workdir / "imports-home"
    make_visits(home, 50)
    env = _tool_env(home)
    probes = {
        "from rrmm_prep.cli import main": "from rrmm_prep.cli import main",
        "rrmm-prep --help": RUN_QUIETLY.format(argv=["--help"]),
        "rrmm-prep drugs bortezomib": RUN_QUIETLY.format(argv=["drugs", "bortezomib"]),
        "rrmm-prep visits": RUN_QUIETLY.format(argv=["visits"]),
    }
    for label, code in probes.items():
        rows = _importtime(code, env)
        total = sum(r[0] for r in rows)
        top_level = [(cumulative, name) for _, cumulative, name in rows if not name.startswith(" ")]
        print(f"\nImports for `{label}`: {total / 1000:.0f} ms over {len(rows)} modules. Slowest top-level:")
        for cumulative, name in sorted(top_level, reverse=True)[:top]:
            print(f"  {cumulative / 1000:7.1f} ms  {name}")
        by_package: dict[str, int] = {}
        for self_us, _, name in rows:
            package = name.strip().split(".")[0]
            by_package[package] = by_package.get(package, 0) + self_us
        biggest = sorted(by_package.items(), key=lambda kv: -kv[1])[:8]
        print("  by package (self time): " + ", ".join(f"{k} {v / 1000:.0f} ms" for k, v in biggest))


PROFILE = """
import json, time
t0 = time.perf_counter()
from rrmm_prep.content import load as loading
from rrmm_prep.content import records
from rrmm_prep.model import serial
from rrmm_prep.content import loader
from rrmm_prep.store import files
t_import = time.perf_counter() - t0


def timed(fn, n=5):
    best, out = None, None
    for _ in range(n):
        t = time.perf_counter()
        out = fn()
        took = time.perf_counter() - t
        best = took if best is None else min(best, took)
    return best, out


layers = [(loading.shipped_dir(), False)]
steps = {"import rrmm_prep.cli (first time, in-process)": t_import}
texts, docs = {}, {}
for name in records.FILES:
    path = loading.shipped_dir() / name
    steps[f"read {name}"], texts[name] = timed(lambda: loader.read_text(path))
    steps[f"parse {name} (libyaml + line-keeping conversion)"], docs[name] = timed(
        lambda: loader.parse(texts[name], name)
    )
docs = {name: [(name, doc)] for name, doc in docs.items()}
steps["check the schema + cross-references (content._Parser)"], _ = timed(lambda: content._Parser().parse(docs))
steps["loading.load, cold (no cache): all of the above"], _ = timed(lambda: content._build(layers))
steps["cache key (stat the 3 files)"], key = timed(lambda: loading._cache_key(layers))
loading.load(None)
steps["cache read (files.read_cache)"], cached = timed(lambda: files.read_cache("content", key))
steps["cache decode (json + dataclasses)"], _ = timed(
    lambda: serial.record(records.Content, json.loads(cached))
)
steps["loading.load, warm (cache hit): key + read + decode"], c = timed(lambda: loading.load(None))
from rrmm_prep.render import browse
from rrmm_prep.render.text import render_text
from rrmm_prep.content.lookup import Index

steps["lookup: Index(content).find('bortezomib')"], match = timed(lambda: Index(c).find("bortezomib"))
steps["browse.match_doc"], doc = timed(lambda: browse.match_doc(c, match))
steps["doc.render_text"], _ = timed(lambda: render_text(doc, 80))
print(json.dumps(steps))
"""


def profile_drugs(workdir: Path) -> None:
    """Time the steps of `drugs bortezomib` in one process (best of 5 each). Reaches into private helpers of
    rrmm_prep.content, so it may need updating when they change; a failure is reported, not raised."""
    home = workdir / "profile-home"
    proc = subprocess.run(
        [sys.executable, "-c", PROFILE], env=_tool_env(home), capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        print(f"\n(profile failed: {proc.stderr.strip().splitlines()[-1:]})")
        return
    steps = json.loads(proc.stdout.strip().splitlines()[-1])
    print("\nSteps of `drugs bortezomib`, in-process (best of 5):")
    for name, seconds in steps.items():
        print(f"  {seconds * 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    sys.exit(main())
