"""The HTML export printed by a real headless Chromium: page count, text in the PDF, and a screenshot.

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

from rrmm_prep import export, summary  # noqa: TID253 (the module under test)
from test_export_html import realistic_doc

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
# Issue 4: the prep card for a visit fits on one or two pages. The realistic visit (8 questions, each with a line to
# write on, the urgent block, two tables, a lab chart and the content's two checklists) must print on two at most,
# and the core of the card (urgent block, visit, every question with its answer line) must be on those two.
MAX_PAGES = 2
CORE_PAGES = 2
PAPER = {  # (width, height) in points
    "letter": (612, 792),
    "a4": (595.28, 841.89),
}


def need(*names: str) -> str:
    """The path of the first program found; skip (or on CI fail) when none is installed."""
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


def pdf_text(tools: dict[str, str], pdf: Path, last_page: int | None = None) -> str:
    pages = ["-l", str(last_page)] if last_page else []
    cmd = [tools["pdftotext"], "-enc", "UTF-8", *pages, str(pdf), "-"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture(scope="module")
def page_html(tmp_path_factory, shipped) -> tuple[str, str]:
    doc, title = realistic_doc(shipped)
    return export.html(doc, title), title


@pytest.mark.parametrize("paper", PAPER, ids=PAPER)
def test_summary_prints_on_few_pages(tools, page_html, tmp_path, paper):
    source, title = page_html
    if paper != "letter":  # Chromium's default paper is Letter; the page itself sets no size
        source = source.replace("</style>", f"@page {{ size: {paper.upper()}; }}\n</style>", 1)
    page = tmp_path / "summary.html"
    page.write_text(source, encoding="utf-8")
    pdf = tmp_path / "summary.pdf"
    chromium(tools, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())

    info = pdf_info(tools, pdf)
    pages = int(info["Pages"])
    assert 1 <= pages <= MAX_PAGES, f"{pages} pages on {paper}"
    w, h = (float(x) for x in re.match(r"([\d.]+) x ([\d.]+)", info["Page size"]).groups())
    assert (round(w), round(h)) == tuple(round(x) for x in PAPER[paper])
    assert info.get("JavaScript", "no") == "no"

    text = pdf_text(tools, pdf)
    assert summary.CALL_NOW in text
    assert "Your care team's after-hours number:" in text
    assert "Thursday 3 December 2026" in text
    assert "Can I get the infusions closer to home?" in text
    assert "Answer:" in text
    assert "M-protein (g/dL)" in text  # the chart's caption, drawn as SVG text
    assert "2026-09-10" in text
    assert "It is not medical advice." in text
    assert "<" not in text and "&amp;" not in text  # no markup leaked into the printed page

    core = pdf_text(tools, pdf, last_page=CORE_PAGES)
    for needed in (summary.CALL_NOW, "The visit", "Ask these first", "8. ", "Treatments so far"):
        assert needed in core, f"{needed!r} is not on the first {CORE_PAGES} pages"
    assert core.count("Answer:") == 8


def test_screenshot(tools, page_html, tmp_path):
    source, _ = page_html
    page = tmp_path / "summary.html"
    page.write_text(source, encoding="utf-8")
    png = tmp_path / "summary.png"
    chromium(tools, tmp_path, f"--screenshot={png}", "--window-size=1000,1400", page.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 1400)
    assert len(data) > 20_000  # a page with text on it, not a blank image
