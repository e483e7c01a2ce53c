"""about: the facts about the person, asked once and carried forward."""

from __future__ import annotations

import copy
from pathlib import Path

from rrmm_prep import errors, ui
from rrmm_prep.app.session import Guard
from rrmm_prep.content.records import Content
from rrmm_prep.errors import Stopped
from rrmm_prep.form import answers_file, fields, kinds
from rrmm_prep.model.serial import build, plain
from rrmm_prep.model.visit import AboutMe, Visit
from rrmm_prep.store import about_file


def about_me() -> AboutMe:
    data = about_file.read_about()
    if not data:
        return AboutMe()
    try:
        return build(AboutMe, data)
    except (ValueError, TypeError):
        return AboutMe()


def about(content: Content, show_only: bool, answers: Path | None = None) -> AboutMe:
    from rrmm_prep.render import browse

    current = about_me()
    visit = Visit(about=copy.deepcopy(current))
    ctx = kinds.Ctx(content, visit)
    if answers is not None:
        answers_file.apply(fields.ABOUT, ctx, answers_file.read(answers), str(answers))
    elif not show_only and ui.can_prompt():
        from rrmm_prep.form.walk import Walk

        ui.say("Press Enter to keep each answer in [brackets]. Type - to clear one.")
        with Guard():
            try:
                Walk(fields.ABOUT, ctx).run()
            except (errors.Interrupted, KeyboardInterrupt):
                ui.note("\nStopped. About me was not changed.")
                raise Stopped("") from None
    if visit.about != current:
        about_file.write_about(plain(visit.about))
        ui.say("Saved.")
    ui.show(browse.about_doc(visit.about))
    return visit.about
