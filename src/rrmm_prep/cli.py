"""The command line: Typer only. Each command reads its options and calls app (or a page of render); that is all.

Nothing below this module imports Typer. Every expected error is an ``RrmmPrepError``; ``main()`` prints its
message and exits with its code. No traceback reaches a user unless ``--debug`` is given.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from rrmm_prep import __version__, errors, ui
from rrmm_prep.errors import RrmmPrepError
from rrmm_prep.model import serial

HELP = (
    "Get ready for a myeloma appointment, keep what was said, and share it.\n\n"
    "rrmm-prep helps you prepare and keep notes. It does not give medical advice, and it never tells you "
    "what a result means or which treatment to choose: your care team does that. Everything stays on "
    "this computer."
)


class _InOrder(typer.core.TyperGroup):
    """Lists the commands in the order people use them, not the order they are written in."""

    ORDER = (
        "new-visit",
        "print",
        "after-visit",
        "check-in",
        "visits",
        "export",
        "about",
        "trends",
        "drugs",
        "questions",
        "explain",
        "forget",
    )

    def list_commands(self, ctx):
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: self.ORDER.index(n) if n in self.ORDER else len(self.ORDER))


app = typer.Typer(
    cls=_InOrder,
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


content_app = typer.Typer(
    help="Check content files a clinic or you wrote.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(content_app, name="content")


class Format(str, Enum):
    auto = "auto"
    text = "text"
    markdown = "markdown"
    json = "json"


class _State:
    debug = False
    content_dir: str | None = None


state = _State()


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", "-f", help="auto (a table on a terminal, plain text when piped), text, markdown or json."
    ),
]


NoPager = Annotated[bool, typer.Option("--no-pager", help="Show it all at once, not a screen at a time.")]


VisitArg = Annotated[str | None, typer.Argument(help="A visit id or date (default: the latest).")]


def _version(value: bool) -> None:
    if value:
        ui.write(f"rrmm-prep {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
    content: Annotated[
        Path | None,
        typer.Option(
            "--content",
            help="A folder of your own content files, used on top of the shipped content (or set RRMM_PREP_CONTENT).",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show full error details (for developers).")] = False,
) -> None:
    state.debug = debug
    state.content_dir = str(content) if content else None


def _content():
    from rrmm_prep.content import load as loading

    return loading.load(state.content_dir)


def _show(doc, fmt: Format, no_pager: bool = False) -> None:
    ui.show(doc, fmt.value, page=not no_pager)


@app.command()
def drugs(
    query: Annotated[
        str | None,
        typer.Argument(help="A drug, brand, class, target or regimen: bortezomib, Velcade, IMiD, BCMA, KRd."),
    ] = None,
    fmt: FormatOption = Format.auto,
    no_pager: NoPager = False,
) -> None:
    """Explain a myeloma drug, brand, drug class or combination (regimen). With no name, list them all."""
    from rrmm_prep.render import browse

    content = _content()
    if query is None or not query.strip():
        if fmt is Format.json:
            ui.show_json(
                {
                    "classes": serial.plain(content.classes),
                    "drugs": serial.plain(content.drugs),
                    "regimens": serial.plain(content.regimens),
                }
            )
            return
        _show(browse.drugs_overview(content), fmt, no_pager)
        return
    from rrmm_prep.content.lookup import Index

    match = Index(content).find(query)
    if fmt is Format.json:
        ui.show_json(serial.plain(match))
        return
    _show(browse.match_doc(content, match), fmt, no_pager)


@app.command()
def questions(
    topic: Annotated[str | None, typer.Argument(help="A topic id or title word, such as 'costs'.")] = None,
    for_visit: Annotated[
        str | None,
        typer.Option(
            "--for", help="Show the questions suggested for a visit (id, date or 'latest'), and why."
        ),
    ] = None,
    fmt: FormatOption = Format.auto,
    no_pager: NoPager = False,
) -> None:
    """Browse the questions you can bring to your visit, by topic."""
    from rrmm_prep.render import browse

    content = _content()
    if for_visit is not None:
        from rrmm_prep.content import rules
        from rrmm_prep.store import find

        found = find.resolve(None if for_visit == "latest" else for_visit)
        if fmt is Format.json:
            ui.show_json(rules.suggestions(content, found))
            return
        _show(browse.suggestions_doc(content, found), fmt, no_pager)
        return
    topics = browse.find_topics(content, topic)
    if fmt is Format.json:
        ui.show_json(serial.plain(topics))
        return
    _show(browse.questions_doc(content, topics), fmt, no_pager)


@app.command()
def explain(
    word: Annotated[
        str | None, typer.Argument(help="A word you met, such as refractory, MRD, CRS or IMiD.")
    ] = None,
    fmt: FormatOption = Format.auto,
    no_pager: NoPager = False,
) -> None:
    """Explain a word you may hear at the clinic, in plain words. With no word, list them all."""
    from rrmm_prep.content.lookup import Match, find_term
    from rrmm_prep.render import browse

    content = _content()
    if not word:
        if fmt is Format.json:
            ui.show_json(serial.plain(content.terms))
            return
        _show(browse.terms_doc(content), fmt, no_pager)
        return
    found = find_term(content, word)
    if fmt is Format.json:
        ui.show_json(serial.plain(found))
        return
    _show(
        browse.match_doc(content, found) if isinstance(found, Match) else browse.term_doc(found),
        fmt,
        no_pager,
    )


@content_app.command("check")
def content_check(
    folder: Annotated[
        Path, typer.Argument(help="The folder with your drug_classes.yaml, questions.yaml or glossary.yaml.")
    ],
) -> None:
    """Check a folder of content files on top of the shipped content, and list every problem found."""
    from rrmm_prep.content import load as loading

    merged, files, warnings = loading.check_dir(folder)
    for warning in warnings:
        ui.note(f"Warning: {warning}")
    ui.say(
        f"OK: {', '.join(files)} in {folder} checked with the shipped content: "
        f"{len(merged.drugs)} drugs, {len(merged.regimens)} regimens, "
        f"{sum(len(t.questions) for t in merged.topics)} questions, {len(merged.terms)} glossary words."
        + (f" {len(warnings)} warning{'s' if len(warnings) != 1 else ''} above." if warnings else "")
    )


@app.command("new-visit")
def new_visit(
    answers_file: Annotated[
        Path | None, typer.Option("--answers", help="Read the answers from a YAML file instead of asking.")
    ] = None,
    answers_template: Annotated[
        bool, typer.Option("--answers-template", help="Print a complete answers file to fill in, and exit.")
    ] = False,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Ask nothing: take every default (and what is carried forward)."),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write the summary to this file (- for the screen)."),
    ] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Pick up the saved draft without asking.")] = False,
    discard_draft: Annotated[
        bool, typer.Option("--discard-draft", help="Throw away saved drafts and start fresh.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="With --answers: show what would be saved, and save nothing.")
    ] = False,
) -> None:
    """Prepare for a visit, step by step, and write a visit summary you can print and share."""
    from rrmm_prep.app import prepare

    prepare.new_visit(
        _content(),
        prepare.NewVisitOptions(
            answers_file, answers_template, no_input, output, resume, discard_draft, check=check
        ),
    )


@app.command("print")
def print_(
    visit: VisitArg = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the page here instead of your Documents folder."),
    ] = None,
    no_open: Annotated[
        bool, typer.Option("--no-open", help="Do not open the page in the web browser.")
    ] = False,
    with_private_notes: Annotated[
        bool, typer.Option("--with-private-notes", help="Put your private notes on the page too.")
    ] = False,
) -> None:
    """Make the page to print and bring: one page for your doctor, then your full summary and checklists."""
    from rrmm_prep.app import outputs
    from rrmm_prep.store import find

    content = _content()
    outputs.print_visit(
        content, find.resolve(visit), outputs.PrintOptions(output, not no_open, with_private_notes)
    )


@app.command()
def about(
    show: Annotated[bool, typer.Option("--show", help="Show what is saved, and ask nothing.")] = False,
    answers_file: Annotated[
        Path | None, typer.Option("--answers", help="Read it from a YAML file (about_me: name, born, ...).")
    ] = None,
) -> None:
    """About you: name, date of birth, myeloma type, when it was found, allergies, the after-hours number."""
    from rrmm_prep.app import about_me

    about_me.about(_content(), show, answers_file)


visits_app = typer.Typer(
    help="List your visits (newest first), or show one.", invoke_without_command=True, rich_markup_mode=None
)
app.add_typer(visits_app, name="visits")


@visits_app.callback()
def visits(ctx: typer.Context, fmt: FormatOption = Format.auto) -> None:
    """List your visits, newest first: date, who with, reason, questions answered, and any draft waiting."""
    if ctx.invoked_subcommand is not None:
        return
    from rrmm_prep.render import browse
    from rrmm_prep.store import draft_files, find

    items = find.listing()
    drafts = draft_files.list_drafts()
    if fmt is Format.json:
        ui.show_json({"visits": [i.__dict__ for i in items], "drafts": drafts})
        return
    ui.show(browse.visits_doc(items, drafts), fmt.value)


@visits_app.command("show")
def visits_show(visit: VisitArg = None, fmt: FormatOption = Format.auto, no_pager: NoPager = False) -> None:
    """Show a visit summary in the terminal."""
    from rrmm_prep.render import summary
    from rrmm_prep.store import find

    content = _content()
    found = find.resolve(visit)
    if fmt is Format.json:
        ui.show_json(found.to_dict())
        return
    _show(summary.build(content, found, find.earlier(found)), fmt, no_pager)


@app.command("after-visit")
def after_visit(
    visit: Annotated[
        str | None,
        typer.Argument(help="A visit id or date (default: today's visit, or the latest one past)."),
    ] = None,
    answers_file: Annotated[
        Path | None, typer.Option("--answers", help="Read what was said from a YAML file instead of asking.")
    ] = None,
    answers_template: Annotated[
        bool,
        typer.Option("--answers-template", help="Print an answers file for this visit to fill in, and exit."),
    ] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Ask nothing; keep what is recorded.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="With --answers: show what would be saved, and save nothing.")
    ] = False,
    calendar: Annotated[
        bool,
        typer.Option(
            "--calendar", help="Write the next appointment and dated tests as a calendar file (.ics)."
        ),
    ] = False,
) -> None:
    """After the visit: record the answers, what was decided and what changes, the next appointment, whom to call."""
    from rrmm_prep.app import after

    if calendar:
        from rrmm_prep.app import visit_calendar
        from rrmm_prep.store import find

        visit_calendar.write(find.resolve(visit))
        return

    after.after_visit(
        _content(), visit, after.AfterOptions(answers_file, answers_template, no_input, check=check)
    )


@app.command("check-in")
def check_in(
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers", help="Read this week's answers from a YAML file (date: fills in a missed week)."
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ask nothing: keep last week's answers.")
    ] = False,
    list_: Annotated[bool, typer.Option("--list", help="List your check-ins, newest first.")] = False,
    show: Annotated[
        bool, typer.Option("--show", help="Show each item across the weeks: a small chart.")
    ] = False,
    remind: Annotated[
        str | None,
        typer.Option(
            "--remind", help='Write a weekly calendar reminder (.ics), like --remind "monday 18:00".'
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="With --remind: write the file here.")
    ] = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """How have you been this week? About ten short questions, two minutes; it feeds your next visit."""
    from rrmm_prep.app import checkin

    if remind is not None:
        checkin.remind(remind, output)
        return
    if list_ or show:
        from rrmm_prep.render import checkin_chart

        found = checkin.all_checkins()
        if fmt is Format.json:
            ui.show_json([c.to_dict() for c in found])
            return
        if show and found and fmt in (Format.auto, Format.text):
            ui.write(checkin_chart.chart_text(found, bars=fmt is Format.auto and ui.is_terminal()))
            return
        ui.show((checkin_chart.list_doc if list_ else checkin_chart.chart_doc)(found), fmt.value)
        return
    checkin.check_in(_content(), checkin.CheckInOptions(answers_file, no_input))


class ExportFormat(str, Enum):
    md = "md"
    txt = "txt"
    html = "html"


@app.command()
def export(
    visit: VisitArg = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="md, txt (for email or a text message) or html (to print)."),
    ] = ExportFormat.md,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of the data folder (- for the screen)."),
    ] = None,
    all_visits: Annotated[
        bool, typer.Option("--all", help="Every visit as one treatment journal, newest first.")
    ] = False,
    for_family: Annotated[
        bool,
        typer.Option(
            "--for-family",
            help="Notes to share: what was decided, what starts, whom to call. No private notes.",
        ),
    ] = False,
    with_private_notes: Annotated[
        bool, typer.Option("--with-private-notes", help="Keep your private notes in it.")
    ] = False,
) -> None:
    """Export a visit (or all of them) to share: Markdown, plain text or a printable page."""
    from rrmm_prep.app import outputs

    outputs.export(
        _content(),
        outputs.ExportOptions(visit, fmt.value, output, all_visits, for_family, with_private_notes),
    )


@app.command()
def trends(
    test: Annotated[
        str | None, typer.Argument(help="One test, such as M-protein or kappa (default: all).")
    ] = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Show how your lab values moved across visits: a table and a small chart. Facts only, no verdicts."""
    from rrmm_prep.render import trends
    from rrmm_prep.store import find

    content = _content()
    doc, data = trends.trends_doc(content, find.all_visits(), test)
    if fmt is Format.json:
        ui.show_json(data)
        return
    ui.show(doc, fmt.value)


@app.command()
def forget(
    visit: Annotated[str | None, typer.Argument(help="The visit id or date to delete.")] = None,
    everything: Annotated[
        bool, typer.Option("--everything", help="Delete everything rrmm-prep wrote: visits, drafts, exports.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete one visit, or everything rrmm-prep keeps, after asking you to confirm."""
    from rrmm_prep.app import forgetting

    forgetting.forget(_content, visit, everything, yes)


def main(argv: list[str] | None = None) -> None:
    """The console script. Turns expected errors into a message and an exit code."""
    from typer._click.exceptions import ClickException

    ui.safe_streams()
    try:
        code = app(args=argv, prog_name="rrmm-prep", standalone_mode=False)
    except ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except RrmmPrepError as err:
        message = str(err)
        if message:
            if err.exit_code == 130:
                ui.note("\n" + message)
            else:
                ui.error(message)
        if state.debug:
            raise
        sys.exit(err.exit_code)
    except (KeyboardInterrupt, typer.Abort, errors.Interrupted):
        _stopped()
    except SystemExit:
        raise
    except Exception as err:  # a bug: say so plainly, without the answers a traceback could carry
        if state.debug or os.environ.get("RRMM_PREP_DEBUG"):
            raise
        ui.error(
            f"Something went wrong inside rrmm-prep ({type(err).__name__}). Nothing you saved was changed. "
            "Run the same command with --debug to see the details."
        )
        sys.exit(70)
    if code == 130:  # Ctrl-C outside a walk (Typer turns it into exit code 130)
        _stopped()
    if isinstance(code, int) and not isinstance(code, bool) and code:
        sys.exit(code)


def _stopped() -> None:
    # Walks keep their own drafts; anywhere else, stopping changes nothing.
    ui.note("\nStopped. Nothing was changed, and any draft you had is still saved.")
    sys.exit(130)
