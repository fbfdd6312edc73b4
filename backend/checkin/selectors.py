"""Reads of the check-in app: badges, the desk's figures, revocations, absences, attendance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from backend.checkin.models import Badge, CheckIn, Desk, MeetingAttendance, Scan
from backend.checkin.permissions import can_check_in, scan_permission_query
from backend.core.errors import AppError, forbidden, not_found
from backend.events.models import Event, Participant, Registration
from backend.events.permissions import is_organizer, participant_of
from backend.meetings.models import Meeting, MeetingBlock


def event_by_slug(slug: str | None) -> Event:
    if not slug:
        raise AppError("Précisez l'événement (paramètre « event » : son identifiant).", field="event")
    event = next(iter(Event.objects.filter(slug=slug).order_by()[:1]), None)  # slug is unique
    if event is None:
        raise not_found(f"Événement « {slug} » introuvable.")
    return event


def own_registration(*, user: Any, event: Event) -> Registration:
    participant = participant_of(user)
    registration = (event.registrations.filter(participant=participant).select_related(
        "event", "participant__user", "participant__organization").first() if participant else None)
    if registration is None:
        raise not_found("Vous n'êtes pas inscrit·e à cet événement.")
    return registration


def checkin_context(*, user: Any, event_slug: str | None = None, desk_id: Any = None) -> tuple[Event, Desk | None]:
    """The event and desk a scan is made for, from what the device sent and who is scanning.

    A desk account attached to a single desk needs to send nothing; an organizer names the
    event (or the desk).
    """
    desk = None
    if desk_id not in (None, ""):
        try:
            # One query: the desk, its event, whether the user is attached to it and may scan.
            user_id = getattr(user, "pk", None)
            desk = (Desk.objects.select_related("event").order_by()
                    .annotate(attached=Exists(Desk.accounts.through.objects.filter(desk=OuterRef("pk"),
                                                                                  user=user_id)),
                              may_scan=scan_permission_query(user_id))
                    .get(pk=int(desk_id)))
        except (ValueError, TypeError, OverflowError, Desk.DoesNotExist):
            raise not_found("Poste d'accueil introuvable.") from None
        if event_slug and desk.event.slug != event_slug:
            raise AppError("Ce poste d'accueil appartient à un autre événement.", field="desk")
        event = desk.event
        if not (desk.attached or is_organizer(user, event)):
            raise forbidden("Ce poste d'accueil n'est pas le vôtre.")
        if desk.attached:
            can_check_in(user, event, own_desk=desk)  # remembered for the service's own check
        return event, desk
    if event_slug:
        event = event_by_slug(event_slug)
    else:
        desks = list(Desk.objects.filter(accounts=user).select_related("event")
                     .annotate(may_scan=scan_permission_query(user.pk))[:2])
        if len(desks) == 1 and can_check_in(user, desks[0].event, own_desk=desks[0]):
            return desks[0].event, desks[0]
        organized = list(Event.objects.filter(organizers=user)[:2])
        if not desks and not organized:
            raise forbidden("Réservé aux organisateurs de l'événement et aux comptes d'accueil.")
        if len(organized) != 1 or desks:
            raise AppError("Précisez l'événement (champ « event ») ou le poste d'accueil (champ « desk »).",
                           field="event")
        event = organized[0]
    # The check-in service itself refuses users who may not scan at this event (403).
    own = list(Desk.objects.filter(event=event, accounts=user).order_by()[:2])
    if own:
        can_check_in(user, event, own_desk=own[0])  # remembered for the service's own check
    return event, own[0] if len(own) == 1 else None


def revocation_list(*, event: Event) -> dict:
    """What an offline device needs: the public key, current versions and withdrawn badges.

    Withdrawn: every superseded version, and the active badge of a registration that is no
    longer confirmed (cancelled after printing). The private key is never part of it.
    """
    from backend.checkin.services import ensure_event_key

    key = ensure_event_key(event=event)
    rows = Badge.objects.filter(registration__event=event).values_list(
        "registration_id", "version", "revoked_at", "registration__status").order_by("registration_id", "version")
    revoked, current = [], {}
    for registration_id, version, revoked_at, status in rows:
        if revoked_at is not None or status != Registration.Status.CONFIRMED:
            revoked.append({"registration": registration_id, "version": version})
        if revoked_at is None:
            current[str(registration_id)] = version
    return {"event": event.slug, "event_id": event.pk, "public_key": key.public_key,
            "current_versions": current, "revoked": revoked}


@dataclass
class RoleCount:
    role: str
    label: str
    checked_in: int
    expected: int


def checkin_counts(*, event: Event) -> list[RoleCount]:
    """Arrivals against confirmed registrations, by role (the desk's live figures)."""
    rows = (event.registrations.filter(status=Registration.Status.CONFIRMED)
            .values("participant__role")
            .annotate(expected=Count("id"), checked_in=Count("checkins", filter=Q(checkins__event=event)))
            .order_by("participant__role"))
    labels = dict(Participant.Role.choices)
    return [RoleCount(row["participant__role"], labels.get(row["participant__role"], row["participant__role"]),
                      row["checked_in"], row["expected"]) for row in rows]


def recent_scans(*, event: Event, limit: int = 10) -> QuerySet[Scan]:
    return Scan.objects.filter(event=event).exclude(result="").select_related("desk").order_by(
        "-created_at", "-id")[:limit]


def absent_registrations(*, event: Event, cutoff: dt.datetime) -> QuerySet[Registration]:
    """Confirmed registrations with no check-in at or before the cut-off."""
    arrived = CheckIn.objects.filter(event=event, checked_in_at__lte=cutoff).values("registration")
    return (event.registrations.filter(status=Registration.Status.CONFIRMED).exclude(pk__in=arrived)
            .select_related("participant__user", "participant__organization")
            .order_by("participant__user__last_name", "participant__user__first_name", "pk"))


def no_show_attendances(*, event: Event) -> QuerySet[MeetingAttendance]:
    return (MeetingAttendance.objects.filter(block__item__event=event, status=MeetingAttendance.Status.NO_SHOW)
            .select_related("block__item", "slot", "host__user", "guest__user", "marked_by")
            .order_by("block", "slot__index", "pk"))


def current_meetings(*, block: MeetingBlock) -> QuerySet[Meeting]:
    from backend.meetings.selectors import current_version, version_meetings

    version = current_version(block=block)
    return Meeting.objects.none() if version is None else version_meetings(version=version)


@dataclass
class Absentee:
    participant: Participant
    reasons: list[str] = field(default_factory=list)


@dataclass
class BlockAbsences:
    block: MeetingBlock
    absentees: list[Absentee]
    meetings_affected: int


def absences_by_block(*, event: Event, cutoff: dt.datetime) -> list[BlockAbsences]:
    """Per meeting block: who of the published timetable is absent, and why (input to re-planning)."""
    not_arrived = set(absent_registrations(event=event, cutoff=cutoff).values_list("participant_id", flat=True))
    no_shows: dict[int, set[int]] = {}
    for mark in no_show_attendances(event=event):
        no_shows.setdefault(mark.block_id, set()).add(mark.guest_id)
    out = []
    for block in MeetingBlock.objects.filter(item__event=event).select_related("item").order_by("item__start"):
        absentees: dict[int, Absentee] = {}
        affected = 0
        for meeting in current_meetings(block=block):
            hit = False
            for person in (meeting.host, meeting.guest):
                reasons = []
                if person.pk in not_arrived:
                    reasons.append("pas arrivé·e")
                if person is meeting.guest and person.pk in no_shows.get(block.pk, set()):
                    reasons.append("absent·e à un rendez-vous")
                if reasons:
                    hit = True
                    entry = absentees.setdefault(person.pk, Absentee(person))
                    entry.reasons = sorted(set(entry.reasons) | set(reasons))
            affected += hit
        out.append(BlockAbsences(block, sorted(absentees.values(), key=lambda a: a.participant.display_name),
                                 affected))
    return out


@dataclass
class HostMeeting:
    meeting: Meeting
    attendance: MeetingAttendance | None


def host_meetings(*, participant: Participant, event: Event) -> list[HostMeeting]:
    """The host's meetings in the published timetables of the event, with their marks."""
    marks = {(m.block_id, m.guest_id): m for m in MeetingAttendance.objects.filter(
        host=participant, block__item__event=event)}
    out = []
    for block in MeetingBlock.objects.filter(item__event=event).select_related("item").order_by("item__start"):
        for meeting in current_meetings(block=block).filter(host=participant).order_by("slot__index"):
            out.append(HostMeeting(meeting, marks.get((block.pk, meeting.guest_id))))
    return out


def meeting_for_attendance(*, meeting_id: int, user: Any) -> Meeting:
    """A meeting the user may mark (its host or an organizer); 404 otherwise, like a missing one."""
    meeting = (Meeting.objects.filter(pk=meeting_id)
               .select_related("version__block__item__event", "host", "guest", "slot").first())
    if meeting is None or not (meeting.host.user_id == user.pk
                               or is_organizer(user, meeting.version.block.item.event)):
        raise not_found("Rendez-vous introuvable.")
    return meeting
