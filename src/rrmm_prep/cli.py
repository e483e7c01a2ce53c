"""The command line. Each command reads its options, calls the core, and hands the result to ui.

Nothing below this module imports Typer. Every expected error is an ``RrmmPrepError``; ``main()`` prints its
message and exits with its code. No traceback reaches a user unless ``--debug`` is given.
"""

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from rrmm_prep import __version__, ui
from rrmm_prep.errors import RrmmPrepError

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
        "after-visit",
        "visits",
        "export",
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
    from rrmm_prep import content

    return content.load(state.content_dir)


# ------------------------------------------------------------------------------------------------ browsing


@app.command()
def drugs(
    query: Annotated[
        str | None,
        typer.Argument(help="A drug, brand, class, target or regimen: bortezomib, Velcade, IMiD, BCMA, KRd."),
    ] = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Explain a myeloma drug, brand, drug class or combination (regimen). With no name, list them all."""
    from rrmm_prep import views

    content = _content()
    if query is None or not query.strip():
        if fmt is Format.json:
            ui.show_json(
                {
                    "classes": _as_json(content.classes),
                    "drugs": _as_json(content.drugs),
                    "regimens": _as_json(content.regimens),
                }
            )
            return
        ui.show(views.drugs_overview(content), fmt.value)
        return
    from rrmm_prep.lookup import Index

    match = Index(content).find(query)
    if fmt is Format.json:
        ui.show_json(_as_json(match))
        return
    ui.show(views.match_doc(content, match), fmt.value)


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
) -> None:
    """Browse the questions you can bring to your visit, by topic."""
    from rrmm_prep import views
    from rrmm_prep.content import normalize
    from rrmm_prep.errors import NotFoundError
    from rrmm_prep.loader import did_you_mean

    content = _content()
    if for_visit is not None:
        from rrmm_prep import records, rules

        found = records.resolve(None if for_visit == "latest" else for_visit)
        if fmt is Format.json:
            ui.show_json(rules.suggestions(content, found))
            return
        ui.show(views.suggestions_doc(content, found), fmt.value)
        return
    topics = list(content.topics)
    if topic:
        key = normalize(topic)
        topics = [
            t
            for t in content.topics
            if key in (normalize(t.id), normalize(t.title)) or key in normalize(t.title)
        ]
        if not topics:
            hint = did_you_mean(topic, [t.id for t in content.topics])
            names = ", ".join(t.id for t in content.topics)
            raise NotFoundError(
                f"No topic '{topic}'. " + (f"Did you mean '{hint}'? " if hint else "") + f"Topics: {names}"
            )
    if fmt is Format.json:
        ui.show_json(_as_json(topics))
        return
    ui.show(views.questions_doc(content, topics), fmt.value)


@app.command()
def explain(
    word: Annotated[
        str | None, typer.Argument(help="A word you met, such as refractory, MRD or CRS.")
    ] = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Explain a word you may hear at the clinic, in plain words. With no word, list them all."""
    from rrmm_prep import views
    from rrmm_prep.lookup import find_term

    content = _content()
    if not word:
        if fmt is Format.json:
            ui.show_json(_as_json(content.terms))
            return
        ui.show(views.terms_doc(content), fmt.value)
        return
    term = find_term(content, word)
    if fmt is Format.json:
        ui.show_json(_as_json(term))
        return
    ui.show(views.term_doc(term), fmt.value)


@content_app.command("check")
def content_check(
    folder: Annotated[
        Path, typer.Argument(help="The folder with your drug_classes.yaml, questions.yaml or glossary.yaml.")
    ],
) -> None:
    """Check a folder of content files on top of the shipped content, and list every problem found."""
    from rrmm_prep import content

    merged, files = content.check_dir(folder)
    ui.say(
        f"OK: {', '.join(files)} in {folder} checked with the shipped content: "
        f"{len(merged.drugs)} drugs, {len(merged.regimens)} regimens, "
        f"{sum(len(t.questions) for t in merged.topics)} questions, {len(merged.terms)} glossary words."
    )


# ------------------------------------------------------------------------------------------------ visits

DRAFT = "new-visit"


def _resume_draft(kind: str, steps: int, resume: bool, visit_id: str | None = None):
    """Offer a saved draft: (visit, step) to go on with, or None to start fresh. A draft that cannot be used
    is set aside under another name (never thrown away) and the person is told where it is."""
    from rrmm_prep import store
    from rrmm_prep.interview import ask_yes
    from rrmm_prep.visit import Visit

    draft = store.load_draft(kind)
    if draft is None:
        if resume:
            ui.note("There is no draft to resume; starting fresh.")
        return None
    if draft.get("unreadable"):
        ui.note(f"A draft could not be read; it was set aside as {draft['unreadable']}. Starting fresh.")
        return None
    try:
        visit = Visit.from_dict(draft.get("visit"))
        step = draft.get("step", 0)
        if not isinstance(step, int) or isinstance(step, bool) or not 0 <= step < steps:
            raise ValueError("the step it stopped at is not one of this version's")
        if visit_id is not None and visit.id != visit_id:
            raise ValueError("it belongs to another visit")
    except (ValueError, TypeError) as err:
        aside = store.set_aside_draft(kind)
        ui.note(f"A draft cannot be used ({err}); it was set aside as {aside}. Starting fresh.")
        return None
    saved = draft.get("saved", "")
    if resume or ask_yes(f"You have a draft saved {saved}. Pick up where you left off?", True):
        return visit, step
    return None


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
        Path | None, typer.Option("--output", "-o", help="Also write the summary to this file.")
    ] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Pick up the saved draft without asking.")] = False,
    discard_draft: Annotated[
        bool, typer.Option("--discard-draft", help="Throw away the saved draft and start fresh.")
    ] = False,
) -> None:
    """Prepare for a visit, step by step, and write a visit summary you can print and share."""
    from rrmm_prep import answers, interview, records, store, summary
    from rrmm_prep.errors import NoTerminalError, UsageError

    content = _content()
    if answers_template:
        ui.write(answers.new_visit_template(content))
        return
    if resume and discard_draft:
        raise UsageError("Use --resume or --discard-draft, not both.")
    if discard_draft:
        store.discard_draft(DRAFT)
        ui.note("The draft was thrown away.")
    last = records.latest()
    visit = interview.carry_forward(interview.start(content), last)
    if answers_file is not None or no_input:
        if answers_file is not None:
            visit = answers.new_visit(answers_file, content, visit)
        else:
            interview.settle_questions(content, visit)
            visit.ask_first = interview.default_first(visit)
    else:
        if not ui.can_prompt():
            raise NoTerminalError(
                "new-visit asks questions, and there is no terminal to ask in. "
                "Use --answers FILE (see --answers-template) or --no-input to take the defaults."
            )
        step = 0
        resumed = _resume_draft(DRAFT, len(interview.Walk.STEPS), resume)
        if resumed is not None:
            visit, step = resumed
        if last and step == 0:
            ui.say(
                f"Starting from your last visit ({last.info.date}): change anything that is different now."
            )
        walk = interview.Walk(content, visit, step)
        try:
            walk.run()
        except ui.Interrupted:
            path = store.save_draft(DRAFT, {"step": walk.step, "visit": visit.to_dict()})
            ui.note(
                f"\nStopped. Everything you typed is saved as a draft ({path}).\n"
                "Run 'rrmm-prep new-visit' again to pick up where you left off."
            )
            raise typer.Exit(130) from None
    earlier = records.earlier(visit)
    text = summary.markdown(content, visit, earlier)
    saved = store.save_new(store.new_visit_id(visit.info.date, visit.info.clinician), visit.to_dict(), text)
    store.discard_draft(DRAFT)
    ui.say(f"Saved your visit summary: {saved.summary}")
    if output is not None:
        ui.say(f"Also written to: {store.write_output(output, text)}")
    urgent = summary.urgent_block(content, visit)
    if urgent is not None and (answers_file is not None or no_input):
        from rrmm_prep.doc import Doc

        ui.show(Doc([urgent]))
    if answers_file is None and not no_input:
        from rrmm_prep.interview import ask_yes

        try:
            if ask_yes("Show the summary here now?", False):
                visit.id = saved.id
                ui.show(summary.build(content, visit, earlier))
        except ui.Interrupted:
            pass


visits_app = typer.Typer(
    help="List your visits (newest first), or show one.", invoke_without_command=True, rich_markup_mode=None
)
app.add_typer(visits_app, name="visits")


@visits_app.callback()
def visits(ctx: typer.Context, fmt: FormatOption = Format.auto) -> None:
    """List your visits, newest first: date, who with, reason, questions answered, and any draft waiting."""
    if ctx.invoked_subcommand is not None:
        return
    from rrmm_prep import records, store
    from rrmm_prep.doc import Doc, Heading, Para, Table

    items = records.listing()
    drafts = store.list_drafts()
    if fmt is Format.json:
        ui.show_json({"visits": [i.__dict__ for i in items], "drafts": drafts})
        return
    doc = Doc([Heading("Your visits")])
    good = [i for i in items if not i.damaged]
    if good:
        rows = [
            [
                i.id,
                f"{i.date} {i.time}".strip(),
                i.clinician or "-",
                i.reason or "-",
                f"{i.answered} of {i.asked}",
            ]
            for i in good
        ]
        doc.add(Table(["Visit", "Date", "With", "Reason", "Answered"], rows))
    else:
        doc.add(Para("No visits saved yet. Run 'rrmm-prep new-visit' to prepare one."))
    for i in items:
        if i.damaged:
            doc.add(Para(f"Damaged, cannot be read: {i.path} ({i.damaged})", "strong"))
    for kind in drafts:
        command = (
            f"rrmm-prep after-visit {kind.removeprefix(AFTER_DRAFT + '-')}"
            if kind != DRAFT
            else "rrmm-prep new-visit"
        )
        doc.add(Para(f"A draft is waiting: run '{command}' to finish it.", "strong"))
    ui.show(doc, fmt.value)


@visits_app.command("show")
def visits_show(
    visit: Annotated[str | None, typer.Argument(help="A visit id or date (default: the latest).")] = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Show a visit summary in the terminal."""
    from rrmm_prep import records, summary

    content = _content()
    found = records.resolve(visit)
    doc = summary.build(content, found, records.earlier(found))
    if fmt is Format.json:
        ui.show_json(found.to_dict())
        return
    ui.show(doc, fmt.value)


AFTER_DRAFT = "after-visit"


@app.command("after-visit")
def after_visit(
    visit: Annotated[str | None, typer.Argument(help="A visit id or date (default: the latest).")] = None,
    answers_file: Annotated[
        Path | None, typer.Option("--answers", help="Read what was said from a YAML file instead of asking.")
    ] = None,
    answers_template: Annotated[
        bool,
        typer.Option("--answers-template", help="Print an answers file for this visit to fill in, and exit."),
    ] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Ask nothing; keep what is recorded.")] = False,
) -> None:
    """After the visit: record the answers, decisions, next steps and whom to call."""
    from rrmm_prep import answers, interview, records, store, summary
    from rrmm_prep.errors import NoTerminalError

    content = _content()
    found = records.resolve(visit)
    if answers_template:
        ui.write(answers.after_visit_template(found))
        return
    if answers_file is not None:
        found = answers.after_visit(answers_file, found)
    elif not no_input:
        if not ui.can_prompt():
            raise NoTerminalError(
                "after-visit asks questions, and there is no terminal to ask in. "
                "Use --answers FILE (see --answers-template) or --no-input."
            )
        draft_name = f"{AFTER_DRAFT}-{found.id}"
        step = 0
        resumed = _resume_draft(draft_name, len(interview.AfterWalk.STEPS), False, found.id)
        if resumed is not None:
            found, step = resumed
        walk = interview.AfterWalk(found, step)
        try:
            walk.run()
        except ui.Interrupted:
            path = store.save_draft(draft_name, {"step": walk.step, "visit": found.to_dict()})
            ui.note(
                f"\nStopped. What you typed is saved as a draft ({path}). Run 'rrmm-prep after-visit' again to finish."
            )
            raise typer.Exit(130) from None
        store.discard_draft(draft_name)
    text = summary.markdown(content, found, records.earlier(found))
    saved = store.update(found.id, found.to_dict(), text)
    ui.say(f"Saved. The summary now has what was said: {saved.summary}")


class ExportFormat(str, Enum):
    md = "md"
    txt = "txt"
    html = "html"


@app.command()
def export(
    visit: Annotated[str | None, typer.Argument(help="A visit id or date (default: the latest).")] = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="md, txt (for email or a text message) or html (to print)."),
    ] = ExportFormat.md,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of the data folder.")
    ] = None,
    all_visits: Annotated[
        bool, typer.Option("--all", help="Every visit as one treatment journal, newest first.")
    ] = False,
    for_family: Annotated[
        bool,
        typer.Option(
            "--for-family", help="Leave out private notes and symptom details; keep decisions and next steps."
        ),
    ] = False,
) -> None:
    """Export a visit (or all of them) to share: Markdown, plain text or a printable page."""
    from rrmm_prep import records, store, summary
    from rrmm_prep.doc import Doc, Heading, render_markdown, render_text
    from rrmm_prep.errors import UsageError

    if all_visits and visit:
        raise UsageError("Give a visit or --all, not both.")
    content = _content()
    if all_visits:
        visits = records.all_visits()
        if not visits:
            raise UsageError("No visits saved yet. Run 'rrmm-prep new-visit' to prepare one.")
        doc = Doc([Heading("Treatment journal")])
        for i, v in enumerate(visits):
            part = summary.build(content, v, visits[i + 1 :], for_family)
            for block in part.blocks:
                if isinstance(block, Heading):
                    block.level += 1
            doc.add(*part.blocks)
        name, title = "journal", "Treatment journal"
    else:
        found = records.resolve(visit)
        doc = summary.build(content, found, records.earlier(found), for_family)
        name, title = found.id, summary.title(found)
    if for_family:
        name += "-family"
    if fmt is ExportFormat.md:
        text = render_markdown(doc)
    elif fmt is ExportFormat.txt:
        text = render_text(doc, 72)
    else:
        from rrmm_prep import export as html_export

        text = html_export.html(doc, title)
    path = store.write_output(output, text) if output else store.write_export(f"{name}.{fmt.value}", text)
    ui.say(f"Exported: {path}")


@app.command()
def trends(
    test: Annotated[
        str | None, typer.Argument(help="One test, such as M-protein or kappa (default: all).")
    ] = None,
    fmt: FormatOption = Format.auto,
) -> None:
    """Show how your lab values moved across visits: a table and a small chart. Facts only, no verdicts."""
    from rrmm_prep import records, views

    content = _content()
    doc, data = views.trends_doc(content, records.all_visits(), test)
    if fmt is Format.json:
        ui.show_json(data)
        return
    ui.show(doc, fmt.value)


@app.command()
def forget(
    visit: Annotated[str | None, typer.Argument(help="The visit id or date to delete.")] = None,
    everything: Annotated[
        bool, typer.Option("--everything", help="Delete all visits, drafts and exports.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete one visit, or everything rrmm-prep keeps, after asking you to confirm."""
    from rrmm_prep import interview, records, store
    from rrmm_prep.errors import UsageError

    if bool(visit) == everything:
        raise UsageError("Name one visit to delete, or use --everything.")
    if everything:
        what = f"everything in {store.home()} (all visits, drafts and exports)"
    else:
        found = records.resolve(visit)
        what = f"the visit {found.id} (its record and summary)"
    if not yes:
        if not ui.can_prompt():
            raise UsageError(f"This would delete {what}. Add --yes to confirm without a terminal.")
        try:
            if not interview.ask_yes(f"Delete {what}? This cannot be undone.", False):
                ui.say("Nothing was deleted.")
                return
        except ui.Interrupted:
            ui.say("Nothing was deleted.")
            return
    if everything:
        ui.say(f"Deleted {store.delete_everything()}.")
    else:
        store.delete_visit(found.id)
        ui.say(f"Deleted the visit {found.id}.")


def _as_json(value):
    import dataclasses

    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a content record
        return {name: _as_json(item) for name, item in zip(value._fields, value, strict=True)}
    if dataclasses.is_dataclass(value):
        return {f.name: _as_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    return value


# ------------------------------------------------------------------------------------------------ entry


def main(argv: list[str] | None = None) -> None:
    """The console script. Turns expected errors into a message and an exit code."""
    try:
        app(args=argv, prog_name="rrmm-prep", standalone_mode=True)
    except RrmmPrepError as err:
        ui.error(str(err))
        if state.debug:
            raise
        sys.exit(err.exit_code)
    except (KeyboardInterrupt, ui.Interrupted):
        # Walks save their own drafts; anywhere else, stopping changes nothing.
        ui.note("\nStopped. Nothing was changed, and any draft you had is still saved.")
        sys.exit(130)
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
