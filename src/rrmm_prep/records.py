"""Visits as Visit objects: find one by id or date, the latest, the one before, the list. Files via store."""

from __future__ import annotations

from rrmm_prep import store
from rrmm_prep.errors import NotFoundError, StoreError
from rrmm_prep.visit import Visit


def describe(data: dict) -> store.Listing:
    visit = Visit.from_dict(data)
    return store.Listing(
        id=visit.id,
        date=visit.info.date,
        time=visit.info.time,
        clinician=visit.info.clinician,
        reason=visit.info.reason,
        asked=len(visit.questions),
        answered=len([q for q in visit.questions if q.answer.strip()]),
        created=visit.created,
    )


def listing() -> list[store.Listing]:
    return store.list_visits(describe)


def load(visit_id: str) -> Visit:
    data = store.read_record(visit_id)
    try:
        visit = Visit.from_dict(data)
    except (ValueError, TypeError) as err:
        raise StoreError(
            f"The visit record {store.record_path(visit_id)} is damaged ({err}). The other visits are fine."
        ) from None
    visit.id = visit_id
    return visit


def resolve(query: str | None) -> Visit:
    """A visit by id or date (YYYY-MM-DD); the latest readable visit when query is None."""
    everything = listing()
    visits = [v for v in everything if not v.damaged]
    if query is not None:
        damaged = [v for v in everything if v.damaged and (v.id == query or v.id.startswith(query + "-"))]
        if damaged and not any(query in (v.id, v.date) for v in visits):
            raise StoreError(
                f"The visit record {damaged[0].path} is damaged and cannot be read ({damaged[0].damaged}). "
                "The other visits are fine; restore this file from a backup if you have one."
            )
    if not visits:
        raise NotFoundError("No visits saved yet. Run 'rrmm-prep new-visit' to prepare one.")
    if query is None:
        return load(visits[0].id)
    exact = [v for v in visits if v.id == query]
    if exact:
        return load(exact[0].id)
    by_date = [v for v in visits if v.date == query]
    if len(by_date) == 1:
        return load(by_date[0].id)
    if len(by_date) > 1:
        ids = ", ".join(v.id for v in by_date)
        raise NotFoundError(f"More than one visit on {query}: {ids}. Give the id.")
    raise NotFoundError(f"No visit '{query}'. Run 'rrmm-prep visits' to see them.")


def latest() -> Visit | None:
    for item in listing():
        if not item.damaged:
            try:
                return load(item.id)
            except StoreError:
                continue
    return None


def earlier(visit: Visit) -> list[Visit]:
    """The readable visits dated before this one (by date, then by when they were made), newest first."""
    return [
        v
        for v in all_visits()
        if v.id != visit.id and (v.info.date, v.created) < (visit.info.date, visit.created)
    ]


def before(visit: Visit) -> Visit | None:
    """The visit just before this one, for "since last visit"."""
    found = earlier(visit)
    return found[0] if found else None


def all_visits() -> list[Visit]:
    out = []
    for item in listing():
        if not item.damaged:
            try:
                out.append(load(item.id))
            except StoreError:
                continue
    return out
