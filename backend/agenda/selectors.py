"""Reads: a participant's agenda for an event (sessions and meetings), hosts' blocks, feed tokens, deliveries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet

from backend.agenda.history import MeetingTrack, track_meetings
from backend.agenda.models import Delivery, FeedToken
from backend.core.errors import AppError, not_found
from backend.events.models import Event, Participant, ProgrammeItem, Registration, WorkshopSeat
from backend.events.permissions import participant_of
from backend.meetings.models import MeetingBlock
from backend.meetings.selectors import current_version, event_blocks

UID_DOMAIN = "rencontres-ess"
# Programme items every confirmed registrant attends; workshops need a confirmed seat.
FOR_EVERYONE = [ProgrammeItem.Kind.PLENARY, ProgrammeItem.Kind.NETWORKING, ProgrammeItem.Kind.OTHER]


@dataclass(frozen=True)
class Person:
    name: str
    organization: str
    role: str
    job_title: str
    email: str
    phone: str


@dataclass(frozen=True)
class AgendaEntry:
    """One line of an agenda and one VEVENT of a calendar."""

    kind: str  # "meeting" or "session"
    uid: str
    start: dt.datetime
    end: dt.datetime
    title: str
    location: str
    description: str
    sequence: int = 0
    cancelled: bool = False
    changed_at: dt.datetime | None = None  # last revision, for DTSTAMP in feeds
    table: str = ""
    partner: Person | None = None
    reasons: str = ""
    as_host: bool = False
    block: str = ""
    room: str = ""
    attendees: tuple[Person, ...] = ()

    @property
    def table_name(self) -> str:
        return table_name(self.table).capitalize()


@dataclass(frozen=True)
class HostRow:
    start: dt.datetime
    end: dt.datetime
    guest: Person | None
    reasons: str = ""


@dataclass(frozen=True)
class HostBlock:
    """A host's whole block: their table and who comes at each slot (free slots included)."""

    title: str
    table: str
    rows: list[HostRow]

    @property
    def table_name(self) -> str:
        return table_name(self.table).capitalize()


@dataclass
class Agenda:
    event: Event
    participant: Participant
    tz: ZoneInfo
    entries: list[AgendaEntry] = field(default_factory=list)  # sessions and current meetings
    cancelled: list[AgendaEntry] = field(default_factory=list)  # meetings removed by a re-planning
    host_blocks: list[HostBlock] = field(default_factory=list)

    def calendar_entries(self) -> list[AgendaEntry]:
        """What a feed carries: cancelled meetings stay, so that calendars remove them."""
        return sorted(self.entries + self.cancelled, key=lambda entry: (entry.start, entry.uid))


# ---------------------------------------------------------------------------------------------
# Lookups


def event_from_param(slug: str | None) -> Event:
    if not slug:
        raise AppError("Paramètre « event » manquant : indiquez l'identifiant de l'événement (?event=...).",
                       field="event", code="required")
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise not_found(f"Événement « {slug} » introuvable.")
    return event


def participant_for_user(user: Any) -> Participant:
    participant = participant_of(user)
    if participant is None:
        raise not_found("Votre compte n'a pas de profil de participant : aucun agenda à afficher.")
    return participant


def user_agenda(*, user: Any, event_slug: str | None) -> Agenda:
    """The agenda of the signed-in user at the event named by `event_slug` (pages and API alike)."""
    event = event_from_param(event_slug)
    return agenda(participant=participant_for_user(user), event=event)


def active_feed_token(*, participant: Participant, event: Event) -> FeedToken | None:
    return FeedToken.objects.filter(participant=participant, event=event, revoked_at__isnull=True).first()


def feed_token(*, token: str) -> FeedToken:
    """The active token with that secret; revoked and unknown ones are both 404."""
    found = (FeedToken.objects.select_related("participant__user", "participant__organization", "event")
             .filter(token=token, revoked_at__isnull=True).first())
    if found is None:
        raise not_found("Abonnement introuvable ou révoqué.")
    return found


def deliveries(*, event: Event) -> QuerySet[Delivery]:
    return (Delivery.objects.filter(event=event)
            .select_related("participant__user", "participant__organization")
            .order_by("-created_at", "-id"))


def delivery_counts(*, event: Event) -> dict[str, int]:
    """{status label: number of e-mails}, every status listed (zeros included), in one query."""
    found = dict(Delivery.objects.filter(event=event).order_by().values("status")
                 .annotate(count=Count("pk")).values_list("status", "count"))
    return {label: found.get(value, 0) for value, label in Delivery.Status.choices}


# ---------------------------------------------------------------------------------------------
# Building blocks


def person(participant: Participant) -> Person:
    return Person(
        name=participant.display_name,
        organization=participant.organization.name if participant.organization_id else "",
        role=participant.get_role_display(),
        job_title=participant.job_title,
        email=participant.user.email,
        phone=participant.phone,
    )


def table_name(label: str) -> str:
    """ "12" -> "table 12"; labels that already say it ("Table 12") are kept as they are."""
    if not label:
        return ""
    return label if label.lower().startswith("table") else f"table {label}"


def place(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def session_uid(item: ProgrammeItem) -> str:
    return f"session-{item.pk}@{UID_DOMAIN}"


def session_entry(item: ProgrammeItem, *, event: Event, participant: Participant) -> AgendaEntry:
    description = item.description or f"{item.get_kind_display().capitalize()} : {event.name}."
    return AgendaEntry(kind="session", uid=session_uid(item), start=item.start, end=item.end, title=item.title,
                       location=place(event.venue, event.address, item.room), description=description,
                       room=item.room, attendees=(person(participant),))


def meeting_entry(track: MeetingTrack, *, participant: Participant, event: Event, block: MeetingBlock) -> AgendaEntry:
    meeting = track.meeting
    as_host = meeting.host_id == participant.pk
    partner = person(meeting.guest if as_host else meeting.host)
    state = track.state or track.last_state
    table = table_name(state.table)
    with_whom = partner.name + (f" ({partner.organization})" if partner.organization else "")
    title = f"Rendez-vous avec {with_whom}"
    if track.cancelled:
        title = f"Annulé : {title}"
    lines = [f"Rendez-vous d'affaires : {block.item.title}."]
    if state.table:
        lines.append(f"{table.capitalize()}.")
    lines.append("Avec : " + ", ".join(part for part in [partner.name, partner.job_title, partner.organization,
                                                          partner.role] if part) + ".")
    contact = " · ".join(part for part in [partner.email, partner.phone] if part)
    if contact:
        lines.append(f"Contact : {contact}.")
    if meeting.reasons:
        lines.append(f"Pourquoi ce rendez-vous : {meeting.reasons}")
    if track.cancelled:
        lines.insert(0, "Ce rendez-vous est annulé.")
    return AgendaEntry(
        kind="meeting", uid=track.uid, start=state.start, end=state.end, title=title,
        location=place(event.venue, event.address, block.item.room, table), description="\n".join(lines),
        sequence=track.sequence, cancelled=track.cancelled, changed_at=track.changed_at, table=state.table,
        partner=partner, reasons=meeting.reasons, as_host=as_host, block=block.item.title, room=block.item.room,
        attendees=(person(meeting.host), person(meeting.guest)),
    )


def session_items(*, participant: Participant, event: Event) -> list[ProgrammeItem]:
    """Plenaries, networking and other public items for a confirmed registration; workshops with a seat."""
    registration = Registration.objects.filter(event=event, participant=participant,
                                               status=Registration.Status.CONFIRMED).first()
    if registration is None:
        return []
    general = list(event.programme.filter(kind__in=FOR_EVERYONE, public=True))
    workshops = [seat.item for seat in registration.seats.select_related("item")
                 .filter(status=WorkshopSeat.Status.CONFIRMED)]
    return sorted(general + workshops, key=lambda item: (item.start, item.title))


def host_block(*, block: MeetingBlock, participant: Participant, tracks: dict) -> HostBlock | None:
    """Every slot of the block for a host, with the guest of the current version at that slot."""
    if current_version(block=block) is None:
        return None
    table = block.tables.filter(host=participant).first()
    hosted = [track for track in tracks.values()
              if track.meeting.host_id == participant.pk and not track.cancelled]
    if table is None and not hosted:
        return None
    by_slot = {track.meeting.slot_id: track.meeting for track in hosted}
    label = table.label if table else next((m.table.label for m in by_slot.values() if m.table_id), "")
    rows = []
    for slot in block.slots.order_by("index"):
        meeting = by_slot.get(slot.pk)
        rows.append(HostRow(start=slot.start, end=slot.end,
                            guest=person(meeting.guest) if meeting else None,
                            reasons=meeting.reasons if meeting else ""))
    return HostBlock(title=block.item.title, table=label, rows=rows)


# ---------------------------------------------------------------------------------------------
# The agenda


def agenda(*, participant: Participant, event: Event) -> Agenda:
    """The participant's agenda; 404 when they neither registered nor have a meeting at that event."""
    result = Agenda(event=event, participant=participant, tz=ZoneInfo(event.timezone or "Europe/Paris"))
    result.entries = [session_entry(item, event=event, participant=participant)
                      for item in session_items(participant=participant, event=event)]
    for block in event_blocks(event=event):
        tracks = track_meetings(block=block, participant_id=participant.pk)
        for track in tracks.values():
            entry = meeting_entry(track, participant=participant, event=event, block=block)
            (result.cancelled if track.cancelled else result.entries).append(entry)
        hosted = host_block(block=block, participant=participant, tracks=tracks)
        if hosted is not None:
            result.host_blocks.append(hosted)
    registered = Registration.objects.filter(event=event, participant=participant).exists()
    if not registered and not result.entries and not result.cancelled:
        raise not_found("Vous n'êtes pas inscrit(e) à cet événement : aucun agenda à afficher.")
    result.entries.sort(key=lambda entry: (entry.start, entry.kind, entry.uid))
    result.cancelled.sort(key=lambda entry: (entry.start, entry.uid))
    return result
