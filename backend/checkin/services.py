"""Writes of the check-in app: event keys, badges, desks, check-in, meeting attendance, re-plan.

`check_in` is safe under concurrency on PostgreSQL and SQLite alike: the check-in row is
inserted under the (event, registration) unique constraint, so among concurrent scans of one
badge exactly one inserts and the others read who did; the scan row, unique per (event,
nonce), is inserted in the same transaction, so a replayed nonce undoes its own attempt and
returns the first answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from backend.checkin import tokens
from backend.checkin.models import Badge, CheckIn, Desk, EventKey, MeetingAttendance, Scan
from backend.checkin.permissions import DESK_GROUP, can_check_in
from backend.core.errors import AppError, conflict, forbidden
from backend.events.models import Event, Participant, Registration
from backend.events.permissions import is_organizer, participant_of
from backend.meetings.models import Meeting, MeetingBlock

NONCE_MAX_CHARS = 64


# --- event key and badges -------------------------------------------------------------------

# Every variable, not a list of names: the report also shows the frames of the functions called
# (badges.tokens keeps the key in `private_key`, `text`, `raw`...), and a list would only hide its names.
@sensitive_variables()
def ensure_event_key(*, event: Event) -> EventKey:
    """The event's signing key, created on first use (concurrent callers get the same row)."""
    key = EventKey.objects.filter(event=event).first()
    if key is not None:
        return key
    import badges

    private_key = badges.generate_private_key()
    try:
        with transaction.atomic():
            return EventKey.objects.create(event=event, private_key=private_key,
                                           public_key=badges.public_key_of(private_key))
    except IntegrityError:
        return EventKey.objects.get(event=event)


def _require_confirmed(registration: Registration) -> None:
    if registration.status != Registration.Status.CONFIRMED:
        raise conflict(f"Pas de badge pour {registration.participant} : l'inscription n'est pas confirmée "
                       f"({registration.get_status_display()}).", code="registration_not_confirmed")


@sensitive_variables()
def _new_badge(*, registration: Registration, version: int, key: EventKey, user: Any) -> Badge:
    import badges

    token = badges.issue_token(private_key=key.private_key, event_id=registration.event_id,
                               registration_id=registration.pk, version=version)
    return Badge(registration=registration, version=version, token=token, short_code=badges.short_code(token),
                 issued_by=user if getattr(user, "is_authenticated", False) else None)


def _lock_event(event: Event) -> None:
    # Badge numbering for an event is serialized on its row (a no-op wait on SQLite, which
    # already serializes writers).
    Event.objects.select_for_update().filter(pk=event.pk).first()


def issue_badge(*, registration: Registration, user: Any = None) -> Badge:
    """The registration's active badge; issued now (next version) if it has none."""
    _require_confirmed(registration)
    active = Badge.objects.filter(registration=registration, revoked_at__isnull=True).first()
    if active is not None:  # the common case (showing one's badge) takes no lock
        return active
    key = ensure_event_key(event=registration.event)
    with transaction.atomic():
        _lock_event(registration.event)
        active = Badge.objects.filter(registration=registration, revoked_at__isnull=True).first()
        if active is not None:
            return active
        last = Badge.objects.filter(registration=registration).aggregate(v=Max("version"))["v"] or 0
        badge = _new_badge(registration=registration, version=last + 1, key=key, user=user)
        badge.save()
    return badge


def issue_badges(*, event: Event, registration_ids: Iterable[int] | None = None, user: Any = None) -> int:
    """Issue a badge to every confirmed registration (or those listed) that has none. Returns how many."""
    key = ensure_event_key(event=event)
    with transaction.atomic():
        _lock_event(event)
        active = Badge.objects.filter(registration__event=event, revoked_at__isnull=True)
        registrations = event.registrations.filter(status=Registration.Status.CONFIRMED).exclude(
            pk__in=active.values("registration"))
        if registration_ids is not None:
            registrations = registrations.filter(pk__in=list(registration_ids))
        last_versions = dict(Badge.objects.filter(registration__event=event).values("registration")
                             .annotate(v=Max("version")).values_list("registration", "v"))
        new = [_new_badge(registration=registration, version=last_versions.get(registration.pk, 0) + 1,
                          key=key, user=user)
               for registration in registrations.select_related("event")]
        Badge.objects.bulk_create(new)
    return len(new)


def reissue_badge(*, registration: Registration, user: Any = None, reason: str = "") -> Badge:
    """Lost badge, name change: revoke the current version and issue the next one."""
    _require_confirmed(registration)
    key = ensure_event_key(event=registration.event)
    with transaction.atomic():
        _lock_event(registration.event)
        Badge.objects.filter(registration=registration, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=(reason or "badge réémis")[:200])
        last = Badge.objects.filter(registration=registration).aggregate(v=Max("version"))["v"] or 0
        badge = _new_badge(registration=registration, version=last + 1, key=key, user=user)
        badge.save()
    return badge


# --- desks ----------------------------------------------------------------------------------

def ensure_desk_group() -> Group:
    """The « Accueil » group: the check-in permission and nothing else."""
    group, _ = Group.objects.get_or_create(name=DESK_GROUP)
    permission = Permission.objects.get(content_type__app_label="checkin", codename="scan_badges")
    group.permissions.set([permission])
    return group


def ensure_desk_account(*, event: Event, username: str, password: str, desk_name: str = "Accueil") -> Any:
    """A desk account (group « Accueil ») attached to a desk of the event; creates what is missing."""
    User = get_user_model()
    with transaction.atomic():
        group = ensure_desk_group()
        desk, _ = Desk.objects.get_or_create(event=event, name=desk_name)
        user, created = User.objects.get_or_create(username=username)
        if not created and (user.is_staff or user.is_superuser or participant_of(user) is not None):
            raise conflict(f"Le compte « {username} » existe déjà et n'est pas un compte d'accueil.",
                           field="username")
        if created:  # an existing desk account keeps the password its desk may have changed
            user.set_password(password)
            user.save()
        user.groups.add(group)
        desk.accounts.add(user)
    return user


# --- check-in -------------------------------------------------------------------------------

def _clock(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _answer(result: str, message: str, **extra: Any) -> dict:
    return {"result": result, "message": message, **extra}


def _checkin_details(checkin: CheckIn) -> dict:
    if checkin.desk is not None:
        where = checkin.desk.name
    elif checkin.checked_in_by is not None:
        where = f"organisation ({checkin.checked_in_by.get_username()})"
    else:
        where = "inconnu"
    return {"checked_in_at": timezone.localtime(checkin.checked_in_at).isoformat(), "desk": where}


def _decide(*, event: Event, verdict: tokens.Verdict, desk: Desk | None, user: Any,
            now) -> tuple[dict, Registration | None]:
    if verdict.badge is None:
        return _answer(verdict.result, verdict.message), None
    badge = verdict.badge
    registration = badge.registration
    person = tokens.person(registration)
    if verdict.result == Scan.Result.REVOKED:
        return _answer(Scan.Result.REVOKED, verdict.message, person=person), registration
    try:
        with transaction.atomic():  # a savepoint: a refused insert leaves the scan's transaction usable
            checkin = CheckIn.objects.create(event=event, registration=registration, badge=badge, desk=desk,
                                             checked_in_by=user, checked_in_at=now)
    except IntegrityError:
        existing = CheckIn.objects.select_related("desk", "checked_in_by").get(event=event,
                                                                               registration=registration)
        details = _checkin_details(existing)
        return _answer(Scan.Result.ALREADY,
                       f"Déjà arrivé·e à {_clock(existing.checked_in_at)} ({details['desk']}).",
                       person=person, **details), registration
    return _answer(Scan.Result.OK, f"Bienvenue, {person['name']} !", person=person,
                   **_checkin_details(checkin)), registration


def check_in(*, event: Event, token: str, nonce: str, desk: Desk | None = None, user: Any = None) -> dict:
    """Admit the badge `token` (or its typed short code) at `event`.

    Answers {"result": "ok" | "already_checked_in" | "revoked" | "wrong_event" | "invalid",
    "message", "person"?, "checked_in_at"?, "desk"?}. The same nonce twice records one scan
    and returns the first answer: the scan row (unique per event and nonce) is written in the
    check-in's transaction, so a replay rolls its own attempt back and reads the first answer.
    """
    nonce = (nonce or "").strip() if isinstance(nonce, str) else ""
    if not nonce or len(nonce) > NONCE_MAX_CHARS:
        raise AppError(f"Identifiant du scan (nonce) manquant ou trop long ({NONCE_MAX_CHARS} caractères au plus).",
                       field="nonce")
    if desk is not None and desk.event_id != event.pk:
        raise AppError("Ce poste d'accueil appartient à un autre événement.", field="desk")
    if not can_check_in(user, event):
        raise forbidden("Réservé aux organisateurs de l'événement et aux comptes d'accueil.")
    user = user if getattr(user, "is_authenticated", False) else None
    # Reading and verifying the badge needs no write lock: done before the transaction, so
    # that writers (serialized on SQLite) hold it only for the two inserts. A badge revoked
    # in between is admitted as if scanned a moment earlier; the constraint still admits once.
    verdict = tokens.resolve(event=event, text=token if isinstance(token, str) else "")
    try:
        with transaction.atomic():
            now = timezone.now()
            answer, registration = _decide(event=event, verdict=verdict, desk=desk, user=user, now=now)
            try:
                # No savepoint: a refused nonce ends this transaction anyway (rolled back below).
                Scan.objects.create(event=event, nonce=nonce, desk=desk, user=user, registration=registration,
                                    result=answer["result"], answer=answer, created_at=now)
            except IntegrityError:
                raise _Replayed from None  # undoes this attempt's check-in, if it made one
    except _Replayed:
        # The nonce was already answered (a replay, or the same scan sent twice at once): the
        # first answer stands. On PostgreSQL the insert above waited for that first transaction.
        stored = Scan.objects.filter(event=event, nonce=nonce).values_list("answer", flat=True).first()
        if stored is None:
            raise conflict("Le scan n'a pas pu être enregistré : scannez à nouveau.", code="scan_conflict") from None
        return stored
    return answer


class _Replayed(Exception):
    pass


# --- meeting attendance ---------------------------------------------------------------------

def _is_current(meeting: Meeting) -> bool:
    from backend.meetings.selectors import current_version

    current = current_version(block=meeting.version.block)
    return current is not None and current.pk == meeting.version_id


def mark_attendance(*, meeting: Meeting, status: str, user: Any, via_scan: bool = False) -> MeetingAttendance:
    """The host (or an organizer) marks a meeting of the published timetable held or no-show."""
    if status not in MeetingAttendance.Status.values:
        raise AppError("Statut inconnu : « held » (a eu lieu) ou « no_show » (absent) attendu.", field="status")
    block = meeting.version.block
    if not (meeting.host.user_id == getattr(user, "pk", None) or is_organizer(user, block.item.event)):
        raise forbidden("Seul l'hôte du rendez-vous (ou un organisateur) peut noter la présence.")
    if not _is_current(meeting):
        raise conflict("Ce rendez-vous n'est plus au planning publié : rechargez votre agenda.",
                       code="meeting_outdated")
    with transaction.atomic():
        attendance, _ = MeetingAttendance.objects.update_or_create(
            block=block, host=meeting.host, guest=meeting.guest,
            defaults={"slot": meeting.slot, "status": status, "via_scan": via_scan, "marked_by": user,
                      "marked_at": timezone.now()})
    return attendance


def mark_attendance_by_scan(*, event: Event, token: str, user: Any) -> MeetingAttendance:
    """The host scans the guest's badge at the table: their meeting of the day is marked held."""
    host = participant_of(user)
    if host is None:
        raise forbidden("Réservé aux hôtes des rendez-vous.")
    verdict = tokens.resolve(event=event, text=token if isinstance(token, str) else "")
    if verdict.badge is None or verdict.result == Scan.Result.REVOKED:
        raise AppError(f"Badge refusé : {verdict.message}", code=verdict.result, field="token")
    guest = verdict.badge.registration.participant
    now = timezone.now()
    from backend.meetings.selectors import participant_meetings

    candidates = list(participant_meetings(participant=host, event=event).filter(host=host, guest=guest)
                      .select_related("version__block__item__event"))
    if not candidates:
        raise AppError(f"Aucun rendez-vous prévu entre vous et {guest} au planning publié.", code="no_meeting",
                       status=404, field="token")
    meeting = min(candidates, key=lambda m: abs((m.slot.start - now).total_seconds()))
    return mark_attendance(meeting=meeting, status=MeetingAttendance.Status.HELD, user=user, via_scan=True)


# --- no-show loop ---------------------------------------------------------------------------

def replan_without_absentees(*, block: MeetingBlock, user: Any, participant_ids: Iterable[int]) -> Any:
    """Start a re-plan of `block` without the absent participants (the published meetings kept
    where possible, started slots locked): freed slots get refilled the same day."""
    event = block.item.event
    if not is_organizer(user, event):
        raise forbidden("Réservé aux organisateurs de l'événement.")
    ids = sorted(set(Participant.objects.filter(
        pk__in=list(participant_ids), registrations__event=event).values_list("pk", flat=True)))
    if not ids:
        raise AppError("Choisissez au moins un participant absent de cet événement.", field="participant_ids")
    from backend.meetings.services import start_solve

    return start_solve(block=block, user=user, replan=True, absent_participant_ids=tuple(ids))
