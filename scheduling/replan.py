"""What changed between the published meetings and a new schedule (re-planning on the day)."""

from __future__ import annotations


def _place(meeting: dict) -> dict:
    return {"slot": meeting.get("slot"), "table": meeting.get("table")}


def diff(previous: list[dict], meetings: list[dict]) -> dict:
    """kept / moved / added / cancelled, keyed by the (host, guest) pair.

    A previous meeting with `table: null` keeps its place if the new one is in the same slot (its
    table was not known). Moved items carry `from` and `to` ({"slot", "table"}).
    """
    before: dict[tuple, dict] = {}
    for m in previous:
        before.setdefault((m.get("host"), m.get("guest")), m)
    after = {(m.get("host"), m.get("guest")): m for m in meetings}
    kept, moved, added, cancelled = [], [], [], []
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            added.append(dict(new))
        elif old.get("slot") == new.get("slot") and old.get("table") in (None, new.get("table")):
            kept.append(dict(new))
        else:
            moved.append({"host": key[0], "guest": key[1], "from": _place(old), "to": _place(new)})
    for key, old in before.items():
        if key not in after:
            cancelled.append({"host": key[0], "guest": key[1], **_place(old)})
    return {"kept": kept, "moved": moved, "added": added, "cancelled": cancelled}
