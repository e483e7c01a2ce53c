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


MIGRATIONS = (m001_reasons_list,)  # MIGRATIONS[n - 1] takes schema n to n + 1


def migrate(data: dict) -> dict:
    data = dict(data)
    schema = data.pop("schema", 1)
    for step in MIGRATIONS[schema - 1 :]:
        data = step(data)
    return data
