"""Writes: calendar feed tokens, the e-mails a publication or a registration causes, and their sending.

E-mails are frozen in a `Delivery` row when decided (subject, bodies, calendar), then sent by the task
queue (`tasks.send_delivery_task`); a failure is recorded and retried a bounded number of times.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from backend.agenda import ical, selectors
from backend.agenda.history import MeetingTrack, track_meetings
from backend.agenda.models import Delivery, FeedToken
from backend.core.errors import not_found
from backend.events.models import Event, Participant, Registration
from backend.meetings.models import TimetableVersion

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4  # the first try and three retries (Delivery.max_attempts; a manual retry adds as many)
RETRY_DELAYS = [dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30)]
ACTION_LABELS = {"new": "Nouveau", "moved": "Modifié", "cancelled": "Annulé"}


# ---------------------------------------------------------------------------------------------
# Feed tokens


def _lock_participant(participant: Participant) -> None:
    # Token changes of one participant are serialized on their row: two clicks at once would
    # otherwise both insert an active token and the second hit the unique constraint (a 500).
    # Locking the token row is not enough, a new one is invisible to the other transaction.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()


def get_or_create_feed_token(*, participant: Participant, event: Event) -> FeedToken:
    with transaction.atomic():
        _lock_participant(participant)
        token = selectors.active_feed_token(participant=participant, event=event)
        if token is None:
            token = FeedToken.objects.create(participant=participant, event=event)
    return token


def regenerate_feed_token(*, participant: Participant, event: Event) -> FeedToken:
    """A new secret; the old URL stops working at once (404)."""
    with transaction.atomic():
        _lock_participant(participant)
        FeedToken.objects.filter(participant=participant, event=event,
                                 revoked_at__isnull=True).update(revoked_at=timezone.now())
        return FeedToken.objects.create(participant=participant, event=event)


def revoke_feed_token(*, participant: Participant, event: Event) -> int:
    """Revokes the active token, if any; returns how many were revoked (0 or 1)."""
    with transaction.atomic():
        return FeedToken.objects.filter(participant=participant, event=event,
                                        revoked_at__isnull=True).update(revoked_at=timezone.now())


# ---------------------------------------------------------------------------------------------
# What a publication changes for each participant


@dataclass(frozen=True)
class Change:
    action: str  # "new", "moved" or "cancelled"
    entry: selectors.AgendaEntry

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]


def _action(before: MeetingTrack | None, after: MeetingTrack) -> str | None:
    """What happened to a meeting between two versions, or None if nothing a calendar must know."""
    was = before.state if before is not None else None
    if was == after.state:
        return None
    if after.state is None:
        return "cancelled"
    return "new" if was is None else "moved"


def timetable_changes(*, version: TimetableVersion,
                      previous: TimetableVersion | None) -> dict[int, list[tuple[str, MeetingTrack]]]:
    """{participant id: [(action, track)]}: only the meetings whose slot, table or existence changed."""
    block = version.block
    after = track_meetings(block=block, up_to_number=version.number)
    before = track_meetings(block=block, up_to_number=previous.number) if previous is not None else {}
    changes: dict[int, list[tuple[str, MeetingTrack]]] = {}
    for pair, track in after.items():
        action = _action(before.get(pair), track)
        if action is None:
            continue
        for participant_id in pair:
            changes.setdefault(participant_id, []).append((action, track))
    return changes


# ---------------------------------------------------------------------------------------------
# Deciding the e-mails


def agenda_url(event: Event) -> str:
    return settings.SITE_URL + reverse("agenda:page", kwargs={"event_slug": event.slug})


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override("fr"):
        return (render_to_string(f"agenda/email/{template}.txt", context),
                render_to_string(f"agenda/email/{template}.html", context))


def _delivery(*, participant: Participant, event: Event, kind: str, subject: str, context: dict, template: str,
              calendar: bytes, method: str, version_id: int | None = None, registration: Registration | None = None,
              changes: list | None = None) -> Delivery:
    text, html = _render(template, {**context, "subject": subject})
    email = participant.user.email
    return Delivery.objects.create(
        event=event, participant=participant, kind=kind, version_id=version_id, registration=registration,
        recipient=email, subject=subject, body_text=text, body_html=html, calendar=calendar.decode("utf-8"),
        calendar_method=method, changes=changes or [],
        status=Delivery.Status.QUEUED if email else Delivery.Status.SKIPPED,
        last_error="" if email else "Le participant n'a pas d'adresse e-mail.",
    )


def _change_record(change: Change) -> dict:
    entry = change.entry
    return {"uid": entry.uid, "sequence": entry.sequence, "action": change.action,
            "start": entry.start.isoformat(), "end": entry.end.isoformat(), "table": entry.table}


def _timetable_deliveries(*, version: TimetableVersion, participant: Participant,
                          tracked: list[tuple[str, MeetingTrack]], first: bool) -> list[Delivery]:
    """At most two e-mails: REQUEST for new and moved meetings, CANCEL for removed ones."""
    block = version.block
    event = block.item.event
    agenda = selectors.agenda(participant=participant, event=event)
    tzid = agenda.tz.key
    changes = sorted(
        (Change(action, selectors.meeting_entry(track, participant=participant, event=event, block=block))
         for action, track in tracked),
        key=lambda change: (change.entry.start, change.entry.uid))
    requests = [change for change in changes if change.action != "cancelled"]
    cancels = [change for change in changes if change.action == "cancelled"]
    context = {"participant": participant, "event": event, "block": block.item.title, "tz": agenda.tz,
               "entries": agenda.entries, "agenda_url": agenda_url(event), "first": first,
               "cancelled_count": len(cancels)}
    created = []
    if requests:
        subject = (f"{event.name} : vos rendez-vous d'affaires" if first
                   else f"{event.name} : votre planning de rendez-vous a changé")
        calendar = ical.calendar([change.entry for change in requests], tzid=tzid, method="REQUEST")
        created.append(_delivery(
            participant=participant, event=event, kind=Delivery.Kind.TIMETABLE_REQUEST, subject=subject,
            context={**context, "changes": requests}, template="timetable_request", calendar=calendar,
            method="REQUEST", version_id=version.pk, changes=[_change_record(change) for change in requests]))
    if cancels:
        count = len(cancels)
        subject = f"{event.name} : {count} rendez-vous annulé{'s' if count > 1 else ''}"
        calendar = ical.calendar([change.entry for change in cancels], tzid=tzid, method="CANCEL")
        created.append(_delivery(
            participant=participant, event=event, kind=Delivery.Kind.TIMETABLE_CANCEL, subject=subject,
            context={**context, "changes": cancels}, template="timetable_cancel", calendar=calendar,
            method="CANCEL", version_id=version.pk, changes=[_change_record(change) for change in cancels]))
    return created


def notify_timetable_published(*, version_id: int, previous_version_id: int | None = None) -> list[int]:
    """Records one e-mail per method for each participant whose meetings changed; queues them on commit.

    Idempotent: a version already notified, or identical to the previous one, sends nothing.
    """
    version = (TimetableVersion.objects.select_related("block__item__event").filter(pk=version_id).first())
    if version is None:
        raise not_found(f"Version du planning {version_id} introuvable.")
    previous = None
    if previous_version_id is not None:
        previous = TimetableVersion.objects.filter(pk=previous_version_id, block_id=version.block_id).first()
    if Delivery.objects.filter(version_id=version.pk).exists():
        return []
    changes = timetable_changes(version=version, previous=previous)
    participants = Participant.objects.select_related("user", "organization").in_bulk(list(changes))
    first = previous is None
    try:
        with transaction.atomic():
            created = []
            for participant_id in sorted(changes):
                created += _timetable_deliveries(version=version, participant=participants[participant_id],
                                                 tracked=changes[participant_id], first=first)
            _queue_on_commit(created)
    except IntegrityError:  # the same version notified a moment ago by another worker
        logger.info("Version %s déjà notifiée.", version_id)
        return []
    return [delivery.pk for delivery in created]


def notify_registration(*, registration_id: int, kind: str) -> int | None:
    """The confirmation (or waitlist promotion) e-mail, with the participant's programme as an .ics."""
    registration = (Registration.objects.select_related("event", "participant__user", "participant__organization")
                    .filter(pk=registration_id).first())
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return None
    event, participant = registration.event, registration.participant
    agenda = selectors.agenda(participant=participant, event=event)
    sessions = [entry for entry in agenda.entries if entry.kind == "session"]
    promoted = kind == Delivery.Kind.WAITLIST_PROMOTED
    subject = (f"{event.name} : une place s'est libérée, votre inscription est confirmée" if promoted
               else f"{event.name} : inscription confirmée")
    calendar = ical.calendar(sessions, tzid=agenda.tz.key, method="PUBLISH", name=event.name)
    context = {"participant": participant, "event": event, "tz": agenda.tz, "entries": sessions,
               "agenda_url": agenda_url(event), "promoted": promoted}
    with transaction.atomic():
        delivery = _delivery(participant=participant, event=event, kind=kind, subject=subject, context=context,
                             template="registration", calendar=calendar, method="PUBLISH",
                             registration=registration,
                             changes=[{"uid": entry.uid, "sequence": entry.sequence, "action": "publish"}
                                      for entry in sessions])
        _queue_on_commit([delivery])
    return delivery.pk


# ---------------------------------------------------------------------------------------------
# Sending, with bounded retries


def _queue_on_commit(deliveries: list[Delivery], *, delay: dt.timedelta | None = None) -> None:
    from backend.agenda.tasks import send_delivery_task

    ids = [delivery.pk for delivery in deliveries if delivery.status != Delivery.Status.SKIPPED]

    def enqueue() -> None:
        task = send_delivery_task
        if delay is not None and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + delay)
        for delivery_id in ids:
            task.enqueue(delivery_id)

    if ids:
        transaction.on_commit(enqueue)


def send_delivery(*, delivery_id: int) -> Delivery:
    """Sends a recorded e-mail once; on failure records the error and schedules a retry, at most MAX_ATTEMPTS."""
    from backend.agenda.emails import build_message

    now = timezone.now()
    # Claiming the row first means a task enqueued twice never sends twice.
    claimed = (Delivery.objects.filter(pk=delivery_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.RETRYING])
               .update(status=Delivery.Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now))
    delivery = Delivery.objects.get(pk=delivery_id)
    if not claimed:
        return delivery
    try:
        build_message(delivery).send()
    except Exception as exc:  # any transport error (SMTP, network) is recorded, then retried
        delivery.last_error = f"{type(exc).__name__} : {exc}"[:2000]
        retry = delivery.attempts < delivery.max_attempts
        delivery.status = Delivery.Status.RETRYING if retry else Delivery.Status.FAILED
        delivery.save(update_fields=["status", "last_error"])
        logger.warning("Envoi %s, essai %s : %s", delivery.pk, delivery.attempts, delivery.last_error)
        if retry:
            with transaction.atomic():
                _queue_on_commit([delivery], delay=RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1])
        return delivery
    delivery.status = Delivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "sent_at"])
    return delivery


def retry_delivery(*, delivery: Delivery) -> Delivery:
    """An organizer sends a failed e-mail again: a fresh round of attempts, the count of past ones kept."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status == Delivery.Status.FAILED and delivery.recipient:
            delivery.status = Delivery.Status.QUEUED
            delivery.max_attempts = delivery.attempts + MAX_ATTEMPTS
            delivery.save(update_fields=["status", "max_attempts"])
            _queue_on_commit([delivery])
    return delivery
