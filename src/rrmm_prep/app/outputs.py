"""print, export and the treatment journal: a Doc rendered and written where the person can find it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rrmm_prep import ui
from rrmm_prep.content.records import Content
from rrmm_prep.errors import UsageError
from rrmm_prep.model.visit import Visit
from rrmm_prep.store import find
from rrmm_prep.store import written as written_files


def output(where: Path, text: str) -> Path | None:
    """``--output``: ``-`` is standard output (returns None); else the file, through store (said if a link)."""
    if str(where) == "-":
        ui.write(text)
        return None
    out = written_files.write_output(where, text)
    if out.note:
        ui.note(out.note)
    return out.path


@dataclass
class PrintOptions:
    output: Path | None = None
    open_browser: bool = True
    with_private_notes: bool = False


def documents_folder() -> Path:
    import platformdirs

    return platformdirs.user_documents_path() / "rrmm-prep"


def print_visit(content: Content, visit: Visit, o: PrintOptions) -> Path | None:
    """Write the page to print (the doctor sheet, then the full summary and the checklists) and open it."""
    from rrmm_prep.render import html, summary

    earlier = find.earlier(visit)
    doc = summary.printable(content, visit, earlier, with_private=o.with_private_notes)
    page = html.html(doc, summary.title(visit))
    if o.output is not None:
        path = output(o.output, page)
    else:
        path = written_files.write_printable(documents_folder(), f"{visit.id}.html", page, visit.id)
    if path is None:
        return None
    ui.say(f"The page to print is: {path}")
    if o.open_browser:
        import webbrowser

        try:
            opened = webbrowser.open(path.resolve().as_uri())
        except Exception:  # a browser that cannot start must not lose the page
            opened = False
        ui.say(
            "It is open in your web browser: print it from there."
            if opened
            else "Open it in your web browser to print it."
        )
    return path


@dataclass
class ExportOptions:
    visit: str | None = None
    fmt: str = "md"
    output: Path | None = None
    all_visits: bool = False
    for_family: bool = False
    with_private: bool = False


def journal(content: Content, visits: list[Visit], for_family: bool = False, with_private: bool = False):
    """Every visit as one treatment journal, newest first."""
    from rrmm_prep.render import summary
    from rrmm_prep.render.doc import Doc, Heading

    doc = Doc([Heading("Treatment journal")])
    for i, v in enumerate(visits):
        part = summary.build(content, v, visits[i + 1 :], for_family, with_private=with_private)
        for block in part.blocks:
            if isinstance(block, Heading):
                block.level += 1
        doc.add(*part.blocks)
    return doc


def render(doc, fmt: str, title: str) -> str:
    from rrmm_prep.render.markdown import render_markdown
    from rrmm_prep.render.text import render_text

    if fmt == "md":
        return render_markdown(doc)
    if fmt == "txt":
        return render_text(doc, 72)
    from rrmm_prep.render import html

    return html.html(doc, title)


def export(content: Content, o: ExportOptions) -> Path | None:
    from rrmm_prep.render import summary

    if o.all_visits and o.visit:
        raise UsageError("Give a visit or --all, not both.")
    if o.all_visits:
        visits = find.all_visits()
        if not visits:
            raise find.no_visits()
        doc = journal(content, visits, o.for_family, o.with_private)
        name, title = "journal", "Treatment journal"
    else:
        found = find.resolve(o.visit)
        doc = summary.build(content, found, find.earlier(found), o.for_family, with_private=o.with_private)
        name, title = found.id, (summary.family_title(found) if o.for_family else summary.title(found))
    if o.for_family:
        name += "-family"
    text = render(doc, o.fmt, title)
    if o.output is not None:
        path = output(o.output, text)
        if path is None:
            return None
    else:
        path = written_files.write_export(f"{name}.{o.fmt}", text)
    if o.for_family and o.fmt != "html" and ui.is_terminal():
        ui.say("")
        ui.show(doc, "text")
        ui.say("")
    ui.say(f"Exported: {path}")
    return path


def rebuild_journals(content: Content) -> list[Path]:
    """Make the journals in the exports folder again from the visits left (after a visit is forgotten), or
    delete them when no visit is left."""
    visits = find.all_visits()
    out = []
    for path, family_only in written_files.journal_exports():
        if not visits:
            written_files.remove_export(path)
            continue
        fmt = path.suffix.lstrip(".")
        doc = journal(content, visits, family_only, with_private=False)
        written_files.write_export(path.name, render(doc, fmt, "Treatment journal"))
        out.append(path)
    return out
