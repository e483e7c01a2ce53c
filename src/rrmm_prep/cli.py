"""The command line. Each command reads its options, calls the core, and hands the result to ui.

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

from rrmm_prep import __version__, ui
from rrmm_prep.errors import RrmmPrepError

HELP = (
    "Get ready for a myeloma appointment, keep what was said, and share it.\n\n"
    "rrmm-prep helps you prepare and keep notes. It does not give medical advice, and it never tells you "
    "what a result means or which treatment to choose: your care team does that. Everything stays on "
    "this computer."
)

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
content_app = typer.Typer(help="Check content files a clinic or you wrote.", no_args_is_help=True, rich_markup_mode=None)
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
    typer.Option("--format", "-f", help="auto (a table on a terminal, plain text when piped), text, markdown or json."),
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
            ui.show_json({"classes": _as_json(content.classes), "drugs": _as_json(content.drugs), "regimens": _as_json(content.regimens)})
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
    fmt: FormatOption = Format.auto,
) -> None:
    """Browse the questions you can bring to your visit, by topic."""
    from rrmm_prep import views
    from rrmm_prep.content import normalize
    from rrmm_prep.errors import NotFoundError
    from rrmm_prep.loader import did_you_mean

    content = _content()
    topics = list(content.topics)
    if topic:
        key = normalize(topic)
        topics = [t for t in content.topics if key in (normalize(t.id), normalize(t.title)) or key in normalize(t.title)]
        if not topics:
            hint = did_you_mean(topic, [t.id for t in content.topics])
            names = ", ".join(t.id for t in content.topics)
            raise NotFoundError(f"No topic '{topic}'. " + (f"Did you mean '{hint}'? " if hint else "") + f"Topics: {names}")
    if fmt is Format.json:
        ui.show_json(_as_json(topics))
        return
    ui.show(views.questions_doc(content, topics), fmt.value)


@app.command()
def explain(
    word: Annotated[str | None, typer.Argument(help="A word you met, such as refractory, MRD or CRS.")] = None,
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
    folder: Annotated[Path, typer.Argument(help="The folder with your drug_classes.yaml, questions.yaml or glossary.yaml.")],
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


@app.command("new-visit")
def new_visit(
    answers_file: Annotated[
        Path | None, typer.Option("--answers", help="Read the answers from a YAML file instead of asking.")
    ] = None,
    answers_template: Annotated[
        bool, typer.Option("--answers-template", help="Print a complete answers file to fill in, and exit.")
    ] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ask nothing: take every default (and what is carried forward).")
    ] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write the summary to this file.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Pick up the saved draft without asking.")] = False,
    discard_draft: Annotated[bool, typer.Option("--discard-draft", help="Throw away the saved draft and start fresh.")] = False,
) -> None:
    """Prepare for a visit, step by step, and write a visit summary you can print and share."""
    from rrmm_prep import answers, interview, records, store, summary
    from rrmm_prep.errors import NoTerminalError, UsageError
    from rrmm_prep.visit import Visit

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
        draft = store.load_draft(DRAFT)
        if draft and draft.get("unreadable"):
            ui.note(f"A draft could not be read and was set aside as {draft['unreadable']}.")
        elif draft:
            from rrmm_prep.interview import ask_yes

            if resume or ask_yes(f"You have a draft saved {draft.get('saved', '')}. Pick up where you left off?", True):
                try:
                    visit = Visit.from_dict(draft.get("visit", {}))
                    step = int(draft.get("step", 0))
                except (ValueError, TypeError):
                    ui.note("The draft was made by another version and cannot be used; starting fresh.")
                    visit, step = interview.carry_forward(interview.start(content), last), 0
        elif resume:
            ui.note("There is no draft to resume; starting fresh.")
        if last and step == 0:
            ui.say(f"Starting from your last visit ({last.info.date}): change anything that is different now.")
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
    text = summary.markdown(content, visit, last)
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
                ui.show(summary.build(content, visit, last))
        except ui.Interrupted:
            pass


def _as_json(value):
    import dataclasses

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
    except KeyboardInterrupt:
        ui.note("\nStopped.")
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
