"""The page to print, printed by a real headless Chromium: the doctor sheet alone on the first page, on A4 and on
Letter; the summary after it; no markup leaking into the print; and a screenshot.

Needs Debian's ``chromium`` and poppler's ``pdfinfo``/``pdftotext``. Without them the tests are skipped with the
reason, except on CI (CI=true), where a missing tool is a failure: CI installs them (.ci/run).
The browser runs with its own throw-away profile and with networking features off; the page loads nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import make_roberts_visits

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
]
PAPER = {"letter": (612, 792), "a4": (595.28, 841.89)}  # (width, height) in points
SHEET_END = "Made with rrmm-prep, a preparation aid."


def need(*names: str) -> str:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    reason = f"{' or '.join(names)} is not installed (Debian: apt-get install chromium poppler-utils)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must install it")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def tools() -> dict[str, str]:
    return {
        "chromium": need("chromium", "chromium-browser"),
        "pdfinfo": need("pdfinfo"),
        "pdftotext": need("pdftotext"),
    }


def chromium(tools: dict[str, str], tmp: Path, *args: str) -> None:
    profile = tmp / "chromium-profile"
    profile.mkdir(exist_ok=True)
    cmd = [tools["chromium"], *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    env = {**os.environ, "HOME": str(tmp)}  # nothing of the developer's browser is read or written
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env, check=False)
    assert proc.returncode == 0, f"chromium failed ({proc.returncode}):\n{proc.stderr[-3000:]}"


def pdf_info(tools: dict[str, str], pdf: Path) -> dict[str, str]:
    out = subprocess.run([tools["pdfinfo"], str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdf_text(tools: dict[str, str], pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    cmd = [tools["pdftotext"], "-enc", "UTF-8", *pages, str(pdf), "-"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture
def printed_page(run, home, tmp_path, pinned_day) -> Path:
    """Robert's page to print, made by `rrmm-prep print`."""
    make_roberts_visits(run, tmp_path)
    page = tmp_path / "page.html"
    result = run("print", "--no-open", "--output", page)
    assert result.exit_code == 0, result
    return page


def print_pdf(tools, page: Path, tmp_path: Path, paper: str) -> Path:
    source = page.read_text(encoding="utf-8")
    if paper != "letter":  # Chromium's default paper is Letter; the page itself sets no size
        source = source.replace("</style>", f"@page {{ size: {paper.upper()}; }}\n</style>", 1)
    sized = tmp_path / f"page-{paper}.html"
    sized.write_text(source, encoding="utf-8")
    pdf = tmp_path / f"page-{paper}.pdf"
    chromium(tools, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", sized.as_uri())
    return pdf


@pytest.mark.parametrize("paper", PAPER, ids=PAPER)
def test_the_doctor_sheet_prints_on_one_page_then_the_summary(tools, printed_page, tmp_path, paper):
    pdf = print_pdf(tools, printed_page, tmp_path, paper)
    info = pdf_info(tools, pdf)
    w, h = (float(x) for x in re.match(r"([\d.]+) x ([\d.]+)", info["Page size"]).groups())
    assert (round(w), round(h)) == tuple(round(x) for x in PAPER[paper])
    assert info.get("JavaScript", "no") == "no"
    pages = int(info["Pages"])
    assert pages >= 2
    first = pdf_text(tools, pdf, 1, 1)
    # The whole sheet is on page 1: its heading, the call box, the history, what is new, the questions, its end.
    for words in (
        "Robert Lee: visit summary for Dr. Rivera, hematology",
        # the call box's title (a line inside it may say "call 911" without the box being a 911 box)
        "Call 911 or your care team now"
        if "Call 911 or your care team now" in first
        else "Call your care team now",
        "Treatment history",
        "autologous stem cell transplant",
        "Doctors call this triple-class exposed",
        "New since the last visit",
        "0.6 g/dL (1 September 2026)",
        "acyclovir 400 mg",
        "My top questions",
        SHEET_END,
    ):
        assert words in first, f"{words!r} is not on the first page ({paper})"
    second = pdf_text(tools, pdf, 2, 2)
    assert "Visit on Thursday 3 December 2026 with Dr. Rivera, hematology" in second
    assert SHEET_END not in second
    everything = pdf_text(tools, pdf)
    assert "Before you leave" in everything and "It is not medical advice." in everything
    assert "PRIVATE-NOTE-MARKER" not in everything
    assert "<" not in everything and "&amp;" not in everything  # no markup leaked into the print


def test_screenshot(tools, printed_page, tmp_path):
    png = tmp_path / "page.png"
    chromium(tools, tmp_path, f"--screenshot={png}", "--window-size=1000,1400", printed_page.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 1400)
    assert len(data) > 20_000  # a page with text on it, not a blank image
