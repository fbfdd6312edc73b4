"""Rows -> meeting-problem/1: slots, tables, participants with their availability, weighted requests.

Ids in the document are stable and derived from primary keys (`s<slot>`, `t<table>`, `p<participant>`),
so a schedule maps back to rows without a lookup table, and an exported problem stays readable.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from backend.events.models import Participant, WorkshopSeat
from backend.meetings import matching, selectors
from backend.meetings.models import (
    HostInterest,
    Meeting,
    MeetingBlock,
    Presence,
    Slot,
    TimetableVersion,
    Wish,
)

FORMAT = "meeting-problem/1"


def participant_key(pk: int) -> str:
    return f"p{pk}"


def slot_key(pk: int) -> str:
    return f"s{pk}"


def table_key(pk: int) -> str:
    return f"t{pk}"


def key_pk(key: str) -> int:
    return int(key[1:])


def pair_key(host_pk: int, guest_pk: int) -> str:
    return f"{host_pk}|{guest_pk}"


def _busy_windows(block: MeetingBlock, participant_ids: Iterable[int]) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """What else each participant is doing during the event: workshops they hold a confirmed seat in,
    and meetings of the official timetables of the event's other blocks."""
    ids = set(participant_ids)
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    seats = (WorkshopSeat.objects
             .filter(status=WorkshopSeat.Status.CONFIRMED, registration__event_id=block.item.event_id,
                     registration__participant_id__in=ids)
             .values_list("registration__participant_id", "item__start", "item__end"))
    for participant_id, start, end in seats:
        busy[participant_id].append((start, end))
    newest = TimetableVersion.objects.filter(block=OuterRef("block")).order_by("-number").values("pk")[:1]
    official = (TimetableVersion.objects.filter(block__item__event_id=block.item.event_id)
                .exclude(block=block).filter(pk=Subquery(newest)))
    meetings = (Meeting.objects.filter(version__in=official).filter(Q(host_id__in=ids) | Q(guest_id__in=ids))
                .values_list("host_id", "guest_id", "slot__start", "slot__end"))
    for host_id, guest_id, start, end in meetings:
        for participant_id in {host_id, guest_id} & ids:
            busy[participant_id].append((start, end))
    return busy


def available_slots(*, slots: Sequence[Slot], presence: Presence | None,
                    busy: Sequence[tuple[dt.datetime, dt.datetime]]) -> list[Slot]:
    """Slots inside the participant's presence window that overlap nothing else they do (`busy`)."""
    arrives = presence.arrives_at if presence else None
    leaves = presence.leaves_at if presence else None
    return [slot for slot in slots
            if (arrives is None or slot.start >= arrives) and (leaves is None or slot.end <= leaves)
            and not any(start < slot.end and end > slot.start for start, end in busy)]


def _iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat()


def build_problem_with_details(*, block: MeetingBlock, previous: Sequence[dict] | None = None,
                               locked: Sequence[dict] | None = None,
                               absent_participant_ids: Iterable[int] = ()) -> tuple[dict, dict[str, dict]]:
    """The problem document and, per request (`pair_key`), its rank, interest, score and French reasons."""
    absent = set(absent_participant_ids)
    event = block.item.event
    slots = list(block.slots.order_by("index"))
    tables = list(block.tables.order_by("id"))
    hosts = [p for p in selectors.members(block=block, side=selectors.HOST) if p.pk not in absent]
    guests = [p for p in selectors.members(block=block, side=selectors.GUEST) if p.pk not in absent]
    everyone: dict[int, Participant] = {p.pk: p for p in hosts + guests}
    presences = {p.participant_id: p for p in Presence.objects.filter(block=block)}
    busy = _busy_windows(block, everyone)
    fixed_table = {t.host_id: t for t in tables if t.host_id is not None}

    participants = []
    for side, people in (("host", hosts), ("guest", guests)):
        for person in people:
            presence = presences.get(person.pk)
            entry: dict[str, Any] = {"id": participant_key(person.pk), "side": side, "name": matching.label(person)}
            free = available_slots(slots=slots, presence=presence, busy=busy.get(person.pk, ()))
            if len(free) != len(slots):
                entry["available"] = [slot_key(s.pk) for s in free]
            cap = presence.max_meetings if presence and presence.max_meetings else block.max_meetings_per_participant
            if cap:
                entry["max_meetings"] = cap
            if side == "host" and person.pk in fixed_table:
                entry["table"] = table_key(fixed_table[person.pk].pk)
            if presence and presence.needs_accessible:
                entry["needs_accessible"] = True
            participants.append(entry)

    requests, details = _requests(block, everyone)
    problem: dict[str, Any] = {
        "format": FORMAT,
        "name": f"{event.name} - {block.item.title}",
        "timezone": event.timezone,
        "slots": [{"id": slot_key(s.pk), "start": _iso(s.start), "end": _iso(s.end)} for s in slots],
        "participants": participants,
        "requests": requests,
        "options": {"time_limit_s": block.solve_time_limit_s, "seed": 0, "max_consecutive": block.max_consecutive,
                    "objective": "fair"},
    }
    if tables:
        problem["tables"] = [{"id": table_key(t.pk), "label": t.label, "accessible": t.accessible} for t in tables]
    kept = [m for m in locked or [] if key_pk(m["host"]) not in absent and key_pk(m["guest"]) not in absent]
    if kept:
        problem["locked"] = kept
    if previous:
        problem["previous"] = list(previous)
    return problem, details


def build_problem(*, block: MeetingBlock, previous: Sequence[dict] | None = None, locked: Sequence[dict] | None = None,
                  absent_participant_ids: Iterable[int] = ()) -> dict:
    """The block as a meeting-problem/1 document (see docs/meetings.md)."""
    problem, _ = build_problem_with_details(block=block, previous=previous, locked=locked,
                                            absent_participant_ids=absent_participant_ids)
    return problem


def _requests(block: MeetingBlock, everyone: dict[int, Participant]) -> tuple[list[dict], dict[str, dict]]:
    wishes = Wish.objects.filter(block=block).exclude(status=Wish.Status.DECLINED).order_by("guest_id", "rank", "id")
    if block.hosts_must_accept:
        wishes = wishes.filter(status=Wish.Status.ACCEPTED)
    flagged = set(HostInterest.objects.filter(block=block).values_list("host_id", "guest_id"))
    by_guest: dict[int, list[Wish]] = defaultdict(list)
    for wish in wishes:
        if wish.host_id in everyone and wish.guest_id in everyone:
            by_guest[wish.guest_id].append(wish)
    profiles = matching.profiles_for(everyone.values())
    labels = matching.term_labels()

    requests, details = [], {}
    wished: set[tuple[int, int]] = set()
    for guest_id, guest_wishes in by_guest.items():
        for rank, wish in enumerate(guest_wishes, start=1):
            wished.add((wish.host_id, guest_id))
            flag = (wish.host_id, guest_id) in flagged
            mutual = flag or wish.status == Wish.Status.ACCEPTED
            match = matching.score(profiles.get(wish.host_id), profiles.get(guest_id), labels=labels)
            weight = matching.weight(rank=rank, wishes_count=len(guest_wishes), mutual=mutual, host_flagged=flag,
                                     score=match.score)
            requests.append({"host": participant_key(wish.host_id), "guest": participant_key(guest_id),
                             "weight": weight})
            details[pair_key(wish.host_id, guest_id)] = {
                "rank": rank, "mutual": mutual, "host_flagged": flag, "score": match.score,
                "reasons": list(match.reasons), "weight": weight}
    # A host's interest in a guest who did not ask is a request too, weighted lower than wishes.
    if not block.hosts_must_accept:
        for host_id, guest_id in sorted(flagged - wished):
            if host_id not in everyone or guest_id not in everyone:
                continue
            match = matching.score(profiles.get(host_id), profiles.get(guest_id), labels=labels)
            weight = matching.weight(rank=None, wishes_count=0, mutual=False, host_flagged=True, score=match.score)
            requests.append({"host": participant_key(host_id), "guest": participant_key(guest_id), "weight": weight})
            details[pair_key(host_id, guest_id)] = {
                "rank": None, "mutual": False, "host_flagged": True, "score": match.score,
                "reasons": list(match.reasons), "weight": weight}
    return requests, details
