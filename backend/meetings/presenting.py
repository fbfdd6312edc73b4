"""Format ids -> what people read: names, slot times, table labels (diffs, run results, exports)."""

from __future__ import annotations

from backend.events.models import Participant
from backend.meetings import matching
from backend.meetings.models import MeetingBlock, SolveRun, TimetableVersion
from backend.meetings.problem import key_pk, slot_key, table_key
from backend.meetings.solving import meetings_as_format, reason_label


class Labels:
    """Readable names for the format's ids of one block."""

    def __init__(self, block: MeetingBlock, participant_keys: set[str] = frozenset()):
        self.slots = {slot_key(s.pk): str(s) for s in block.slots.all()}
        self.tables = {table_key(t.pk): t.label for t in block.tables.all()}
        ids = {key_pk(k) for k in participant_keys}
        self.people = {f"p{p.pk}": matching.label(p)
                       for p in Participant.objects.filter(pk__in=ids).select_related("user", "organization")}

    def person(self, key: str | None) -> str:
        return self.people.get(key, key or "")

    def place(self, place: dict) -> str:
        slot = self.slots.get(place.get("slot"), place.get("slot") or "?")
        table = self.tables.get(place.get("table")) if place.get("table") else None
        return f"{slot}, {table}" if table else slot


def _keys(diff: dict) -> set[str]:
    return {m[side] for items in diff.values() for m in items for side in ("host", "guest")}


def diff_payload_for_block(block: MeetingBlock, diff: dict) -> dict:
    labels = Labels(block, _keys(diff))
    out: dict = {"counts": {kind: len(items) for kind, items in diff.items()}}
    for kind, items in diff.items():
        rows = []
        for m in items:
            row = {"host": m["host"], "guest": m["guest"], "host_name": labels.person(m["host"]),
                   "guest_name": labels.person(m["guest"])}
            if kind == "moved":
                row.update({"from": labels.place(m["from"]), "to": labels.place(m["to"])})
            else:
                row["place"] = labels.place(m)
            rows.append(row)
        out[kind] = rows
    return out


def run_diff_payload(run: SolveRun) -> dict:
    from backend.meetings.solving import run_diff

    return diff_payload_for_block(run.block, run_diff(run=run))


def version_diff(*, version: TimetableVersion) -> dict:
    import scheduling

    previous = version.block.versions.filter(number__lt=version.number).order_by("-number").first()
    diff = scheduling.diff(meetings_as_format(previous), meetings_as_format(version))
    payload = diff_payload_for_block(version.block, diff)
    payload["previous_version"] = previous.number if previous else None
    payload["version"] = version.number
    return payload


def unscheduled_rows(run: SolveRun) -> list[dict]:
    items = (run.schedule or {}).get("unscheduled", [])
    labels = Labels(run.block, {m[side] for m in items for side in ("host", "guest")})
    info = run.requests_info or {}
    return [{"host": labels.person(m["host"]), "guest": labels.person(m["guest"]), "reason": m.get("reason", ""),
             "reason_label": reason_label(m.get("reason", "")),
             "rank": info.get(f"{key_pk(m['host'])}|{key_pk(m['guest'])}", {}).get("rank")}
            for m in items]
