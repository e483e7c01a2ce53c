"""Record formats evolve by numbered steps: ``MIGRATIONS[n - 1]`` takes a record of schema n to n + 1."""

from __future__ import annotations


def m001_reasons_list(data: dict) -> dict:
    """Schema 1 -> 2: one reason (``reason``, ``reason_id``) becomes a list (``reasons``, ``reason_ids``)."""
    info = data.get("info")
    if isinstance(info, dict) and "reasons" not in info:
        reason, reason_id = info.pop("reason", ""), info.pop("reason_id", "")
        info["reasons"] = [reason] if isinstance(reason, str) and reason else []
        info["reason_ids"] = [reason_id] if isinstance(reason_id, str) and reason_id else []
    return data


def m002_parts(data: dict) -> dict:
    """Schema 2 -> 3: a treatment's bad effects become parts (``{name, id}``); a treatment stopped at a visit
    becomes a change with its date (the visit's day, as it was read before) and a reason."""
    for t in data.get("treatments") or []:
        if isinstance(t, dict) and isinstance(t.get("bad_effects"), list):
            t["bad_effects"] = [{"name": e} if isinstance(e, str) else e for e in t["bad_effects"]]
    after = data.get("after")
    if isinstance(after, dict):
        for t in after.get("start") or []:
            if isinstance(t, dict) and isinstance(t.get("bad_effects"), list):
                t["bad_effects"] = [{"name": e} if isinstance(e, str) else e for e in t["bad_effects"]]
        if isinstance(after.get("stop"), list):
            info = data.get("info") if isinstance(data.get("info"), dict) else {}
            day = info.get("date", "") if isinstance(info.get("date", ""), str) else ""
            after["stop"] = [{"name": s, "date": day} if isinstance(s, str) else s for s in after["stop"]]
    return data


MIGRATIONS = (m001_reasons_list, m002_parts)  # MIGRATIONS[n - 1] takes schema n to n + 1


def migrate(data: dict) -> dict:
    data = dict(data)
    schema = data.pop("schema", 1)
    for step in MIGRATIONS[schema - 1 :]:
        data = step(data)
    return data
