"""Writes of the event domain: accounts, registrations, workshop places, approval, cancellation.

Capacity is taken under a row lock late in the transaction: the Event row for the event's
capacity, then the ProgrammeItem rows (by id, so two transactions never wait on each other in a
cycle) for workshops. Everything before the locks (validation, account creation) runs unlocked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from backend.core.errors import AppError, conflict, forbidden
from backend.events.models import Event, Organization, Participant, ProgrammeItem, Registration, WorkshopSeat
from backend.events.permissions import is_organizer
from backend.events.validators import siret_problem

User = get_user_model()
logger = logging.getLogger(__name__)

# The organization kind a new organization gets when the person does not say.
DEFAULT_KIND_FOR_ROLE = {
    Participant.Role.PROJECT_HOLDER: Organization.Kind.ASSOCIATION,
    Participant.Role.FUNDER: Organization.Kind.FUNDER,
    Participant.Role.EXPERT: Organization.Kind.COMPANY,
    Participant.Role.SIAE: Organization.Kind.SIAE,
    Participant.Role.BUYER: Organization.Kind.COMPANY,
    Participant.Role.LOCAL_AUTHORITY: Organization.Kind.PUBLIC_BODY,
    Participant.Role.SPEAKER: Organization.Kind.ASSOCIATION,
    Participant.Role.ORGANIZER: Organization.Kind.PUBLIC_BODY,
}
# PostgreSQL refuses a longer value in the accounts' e-mail column; the validator alone allows 320.
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
# Organizers are named by an administrator, never self-declared.
SELF_SERVICE_ROLES = [role for role in Participant.Role if role != Participant.Role.ORGANIZER]


@dataclass(frozen=True)
class OrganizationInput:
    name: str = ""
    kind: str = ""
    commune: str = ""
    siret: str = ""
    website: str = ""


# ---------------------------------------------------------------------------------------------
# Accounts and profiles


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def check_email(email: str, *, field: str = "email") -> str:
    email = normalize_email(email)
    if not email:
        raise AppError("L'adresse e-mail est obligatoire.", field=field, code="required")
    if len(email) > EMAIL_MAX_LENGTH:
        raise AppError(f"Adresse e-mail trop longue ({EMAIL_MAX_LENGTH} caractères au plus).", field=field,
                       code="invalid_email")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise AppError(f"Adresse e-mail invalide : « {email} ».", field=field, code="invalid_email") from exc
    return email


def email_taken(email: str, *, exclude_user: Any = None) -> bool:
    users = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.exists()


def create_account(*, email: str, first_name: str, last_name: str, password: str | None) -> Any:
    """A user whose username is the e-mail; no password (None) makes an account that cannot log in yet."""
    email = check_email(email)
    if not first_name.strip():
        raise AppError("Le prénom est obligatoire.", field="first_name", code="required")
    if not last_name.strip():
        raise AppError("Le nom est obligatoire.", field="last_name", code="required")
    if email_taken(email):
        raise conflict("Un compte existe déjà avec cette adresse e-mail : connectez-vous pour vous inscrire.",
                       code="account_exists", field="email")
    user = User(username=email[:150], email=email, first_name=first_name.strip()[:150],
                last_name=last_name.strip()[:150])
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise AppError(" ".join(exc.messages), field="password", code="weak_password") from exc
        user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same e-mail, registered a moment ago by another request
        raise conflict("Un compte existe déjà avec cette adresse e-mail : connectez-vous pour vous inscrire.",
                       code="account_exists", field="email") from exc
    return user


def find_or_create_organization(*, data: OrganizationInput, role: str) -> Organization | None:
    """The organization with that SIRET, else the only one with that name, else a new one."""
    name = data.name.strip()
    siret = data.siret.replace(" ", "")
    if siret:
        problem = siret_problem(siret)
        if problem:
            raise AppError(f"SIRET invalide : {problem}.", field="organization.siret", code="bad_siret")
        existing = Organization.objects.filter(siret=siret).first()
        if existing:
            return existing
    if not name:
        if siret:
            raise AppError("Indiquez le nom de l'organisation.", field="organization.name", code="required")
        return None
    kind = data.kind or DEFAULT_KIND_FOR_ROLE.get(role, Organization.Kind.ASSOCIATION)
    if kind not in Organization.Kind.values:
        raise AppError(f"Type d'organisation inconnu : « {kind} ».", field="organization.kind", code="invalid")
    if not siret:
        same_name = list(Organization.objects.filter(name__iexact=name)[:2])
        if len(same_name) == 1:
            return same_name[0]
    organization = Organization(name=name[:200], kind=kind, commune=data.commune.strip()[:120],
                                siret=siret or None, website=data.website.strip())
    try:
        organization.full_clean(validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise AppError(messages[0], field=f"organization.{field}", code="invalid") from exc
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:  # same SIRET created concurrently: use that one
        return Organization.objects.get(siret=siret)
    return organization


def create_participant(*, user: Any, role: str, organization: OrganizationInput | None = None,
                       job_title: str = "", phone: str = "", allow_organizer: bool = False) -> Participant:
    allowed = Participant.Role.values if allow_organizer else SELF_SERVICE_ROLES
    if role not in allowed:
        raise AppError(f"Rôle inconnu ou non autorisé : « {role} ».", field="role", code="invalid_role")
    if Participant.objects.filter(user=user).exists():
        raise conflict("Ce compte a déjà un profil de participant.", code="profile_exists")
    org = find_or_create_organization(data=organization, role=role) if organization else None
    return Participant.objects.create(user=user, organization=org, role=role, job_title=job_title.strip()[:120],
                                      phone=phone.strip()[:30])


@transaction.atomic
def update_profile(*, user: Any, first_name: str | None = None, last_name: str | None = None,
                   email: str | None = None, job_title: str | None = None,
                   phone: str | None = None) -> Participant | None:
    """What a participant may change about themselves; the role and organization stay the organizer's."""
    participant = Participant.objects.select_related("user").filter(user=user).first()
    if participant is None and (job_title is not None or phone is not None):
        raise AppError("Ce compte n'a pas encore de profil de participant : inscrivez-vous d'abord à un "
                       "événement.", code="no_profile", field="job_title" if job_title is not None else "phone")
    if first_name is not None:
        if not first_name.strip():
            raise AppError("Le prénom est obligatoire.", field="first_name", code="required")
        user.first_name = first_name.strip()[:150]
    if last_name is not None:
        if not last_name.strip():
            raise AppError("Le nom est obligatoire.", field="last_name", code="required")
        user.last_name = last_name.strip()[:150]
    if email is not None:
        email = check_email(email)
        if email_taken(email, exclude_user=user):
            raise conflict("Cette adresse e-mail est déjà utilisée par un autre compte.", code="email_taken",
                           field="email")
        if user.username == user.email:
            user.username = email[:150]
        user.email = email
    user.save()
    if participant is not None:
        if job_title is not None:
            participant.job_title = job_title.strip()[:120]
        if phone is not None:
            participant.phone = phone.strip()[:30]
        participant.save()
    return participant


# ---------------------------------------------------------------------------------------------
# Registration


def check_workshops(*, event: Event, workshops: Iterable[ProgrammeItem]) -> list[ProgrammeItem]:
    """Workshops of this event, each once, none at the same time as another."""
    chosen: list[ProgrammeItem] = []
    for item in workshops:
        if item.event_id != event.pk or item.kind != ProgrammeItem.Kind.WORKSHOP:
            raise AppError(f"« {item.title} » n'est pas un atelier de cet événement.", field="workshops",
                           code="invalid_workshop")
        if any(other.pk == item.pk for other in chosen):
            continue
        for other in chosen:
            if item.start < other.end and other.start < item.end:
                raise AppError(f"Les ateliers « {other.title} » et « {item.title} » ont lieu en même temps : "
                               "choisissez-en un seul.", field="workshops", code="workshops_overlap")
        chosen.append(item)
    return chosen


def _check_self_registration(*, event: Event, gdpr_consent: bool) -> None:
    """What a person registering themselves must meet (an organizer registering them skips it)."""
    if not gdpr_consent:
        raise AppError("Le consentement au traitement de vos données (RGPD) est obligatoire pour s'inscrire.",
                       field="gdpr_consent", code="consent_required")
    if not event.registration_open:
        raise AppError("Les inscriptions à cet événement sont closes.", code="registration_closed", status=409)


def _already_registered() -> AppError:
    return conflict("Vous êtes déjà inscrit(e) à cet événement.", code="already_registered")


def register_participant(*, event: Event, participant: Participant, workshops: Sequence[ProgrammeItem] = (),
                         gdpr_consent: bool, by_organizer: bool = False) -> Registration:
    """Registers an existing participant. A cancelled registration is reopened; any other is a 409.

    `by_organizer` (imports, admin): no approval step, closed registrations allowed, and the consent
    may be recorded as absent (the organizer collected the data under their own legal basis).
    """
    if not by_organizer:
        _check_self_registration(event=event, gdpr_consent=gdpr_consent)
    chosen = check_workshops(event=event, workshops=workshops)
    with transaction.atomic():
        registration = Registration.objects.filter(event=event, participant=participant).first()
        if registration is not None and registration.status != Registration.Status.CANCELLED:
            raise _already_registered()
        if registration is None:
            registration = Registration(event=event, participant=participant)
        registration.gdpr_consent = gdpr_consent
        registration.consent_at = timezone.now() if gdpr_consent else None
        registration.status = Registration.Status.PENDING
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:  # the same person, a moment ago, in another request
            raise _already_registered() from exc
        WorkshopSeat.objects.bulk_create(
            [WorkshopSeat(registration=registration, item=item, status=WorkshopSeat.Status.REQUESTED)
             for item in chosen])
        if by_organizer or not event.requires_approval:
            _admit(registration)
        _notify_on_commit(registration)
    return registration


def self_register(*, event: Event, email: str, password: str, first_name: str, last_name: str, role: str,
                  organization: OrganizationInput | None = None, job_title: str = "", phone: str = "",
                  workshops: Sequence[ProgrammeItem] = (), gdpr_consent: bool) -> Registration:
    """A newcomer registers: creates the account, the participant profile and the registration at once."""
    # Checked before the account: these refusals say more than "an account exists with this e-mail".
    _check_self_registration(event=event, gdpr_consent=gdpr_consent)
    normalized = normalize_email(email)
    existing = User.objects.filter(Q(email__iexact=normalized) | Q(username__iexact=normalized))
    if normalized and Registration.objects.filter(event=event, participant__user__in=existing).exclude(
            status=Registration.Status.CANCELLED).exists():
        raise conflict("Une inscription à cet événement existe déjà pour cette adresse e-mail.",
                       code="already_registered", field="email")
    with transaction.atomic():
        user = create_account(email=email, first_name=first_name, last_name=last_name, password=password)
        participant = create_participant(user=user, role=role, organization=organization, job_title=job_title,
                                         phone=phone)
        return register_participant(event=event, participant=participant, workshops=workshops,
                                    gdpr_consent=gdpr_consent)


def register_user(*, event: Event, user: Any, workshops: Sequence[ProgrammeItem] = (), gdpr_consent: bool,
                  role: str = "", organization: OrganizationInput | None = None, job_title: str = "",
                  phone: str = "") -> Registration:
    """A logged-in user registers; the profile is created on the way if the account has none."""
    with transaction.atomic():
        participant = Participant.objects.filter(user=user).first()
        if participant is None:
            if not role:
                raise AppError("Indiquez votre rôle pour compléter votre profil.", field="role", code="required")
            participant = create_participant(user=user, role=role, organization=organization,
                                             job_title=job_title, phone=phone)
        return register_participant(event=event, participant=participant, workshops=workshops,
                                    gdpr_consent=gdpr_consent)


def approve_registration(*, registration: Registration, by: Any) -> Registration:
    """An organizer accepts a pending registration: confirmed, or waitlisted when the event is full."""
    if not is_organizer(by, registration.event):
        raise forbidden("Seul un organisateur de cet événement peut valider une inscription.")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.PENDING:
            raise conflict(f"Cette inscription n'est pas en attente de validation (statut : "
                           f"{registration.get_status_display()}).", code="not_pending")
        _admit(registration)
        _notify_on_commit(registration)
    return registration


def _check_owner_or_organizer(registration: Registration, by: Any, message: str) -> None:
    if registration.participant.user_id != getattr(by, "pk", None) and not is_organizer(by, registration.event):
        raise forbidden(message)


def cancel_registration(*, registration: Registration, by: Any) -> Registration:
    """The participant (or an organizer) cancels; the places freed go to the oldest on the waitlists."""
    _check_owner_or_organizer(registration, by, "Vous ne pouvez annuler que votre propre inscription.")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise conflict("Cette inscription est déjà annulée.", code="already_cancelled")
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        _release_seats(registration.seats.all())
        if was_confirmed:
            _promote_event_waitlist(registration.event)
        _notify_on_commit(registration)
    return registration


def set_workshops(*, registration: Registration, workshops: Sequence[ProgrammeItem], by: Any) -> Registration:
    """Replaces the workshops chosen; places kept where unchanged, freed ones promoted from the waitlist."""
    _check_owner_or_organizer(registration, by, "Vous ne pouvez modifier que votre propre inscription.")
    chosen = check_workshops(event=registration.event, workshops=workshops)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        # Under the lock: a cancellation that just committed must not get its places back.
        if registration.status == Registration.Status.CANCELLED:
            raise conflict("Cette inscription est annulée.", code="cancelled")
        wanted = {item.pk for item in chosen}
        current = {seat.item_id for seat in registration.seats.all()}
        _release_seats(registration.seats.exclude(item_id__in=wanted))
        WorkshopSeat.objects.bulk_create(
            [WorkshopSeat(registration=registration, item=item, status=WorkshopSeat.Status.REQUESTED)
             for item in chosen if item.pk not in current])
        # Places are only taken for confirmed registrations; the others keep them as requests.
        if registration.status == Registration.Status.CONFIRMED:
            _allocate_seats(registration)
    return registration


# ---------------------------------------------------------------------------------------------
# Capacity, under row locks. Callers hold a transaction.


def _admit(registration: Registration) -> None:
    """Confirms the registration if the event has room (Event row locked), else puts it on the waitlist."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    if event.capacity is not None:
        taken = event.registrations.filter(status=Registration.Status.CONFIRMED).exclude(pk=registration.pk).count()
        if taken >= event.capacity:
            registration.status = Registration.Status.WAITLISTED
            registration.save(update_fields=["status", "updated_at"])
            return
    registration.status = Registration.Status.CONFIRMED
    registration.save(update_fields=["status", "updated_at"])
    _allocate_seats(registration)


def _allocate_seats(registration: Registration) -> None:
    """Turns the registration's requested workshop places into confirmed or waitlisted ones."""
    requested = list(registration.seats.filter(status=WorkshopSeat.Status.REQUESTED).order_by("item_id"))
    if not requested:
        return
    items = {item.pk: item for item in ProgrammeItem.objects.select_for_update()
             .filter(pk__in=[seat.item_id for seat in requested]).order_by("pk")}
    taken = dict(WorkshopSeat.objects.filter(item_id__in=items, status=WorkshopSeat.Status.CONFIRMED)
                 .values_list("item_id").annotate(n=Count("id")).values_list("item_id", "n"))
    for seat in requested:
        capacity = items[seat.item_id].capacity
        full = capacity is not None and taken.get(seat.item_id, 0) >= capacity
        seat.status = WorkshopSeat.Status.WAITLISTED if full else WorkshopSeat.Status.CONFIRMED
    WorkshopSeat.objects.bulk_update(requested, ["status"])


def _release_seats(seats) -> None:
    """Deletes places; each confirmed place freed goes to the oldest waitlisted confirmed registration."""
    freed = sorted({seat.item_id for seat in seats if seat.status == WorkshopSeat.Status.CONFIRMED})
    seats.delete()
    for item in ProgrammeItem.objects.select_for_update().filter(pk__in=freed).order_by("pk"):
        _promote_workshop_waitlist(item)


def _promote_workshop_waitlist(item: ProgrammeItem) -> None:
    confirmed = item.seats.filter(status=WorkshopSeat.Status.CONFIRMED).count()
    room = None if item.capacity is None else item.capacity - confirmed
    waiting = (item.seats.filter(status=WorkshopSeat.Status.WAITLISTED,
                                 registration__status=Registration.Status.CONFIRMED)
               .select_related("registration").order_by("created_at", "id"))
    promoted = list(waiting if room is None else waiting[:max(room, 0)])
    for seat in promoted:
        seat.status = WorkshopSeat.Status.CONFIRMED
    WorkshopSeat.objects.bulk_update(promoted, ["status"])
    for seat in promoted:
        _notify_on_commit(seat.registration, promoted=True)


def _promote_event_waitlist(event: Event) -> None:
    event = Event.objects.select_for_update().get(pk=event.pk)
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "id")
    if event.capacity is not None:
        room = event.capacity - event.registrations.filter(status=Registration.Status.CONFIRMED).count()
        waiting = waiting[:max(room, 0)]
    for registration in list(waiting):
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        _allocate_seats(registration)
        _notify_on_commit(registration, promoted=True)


def _notify_on_commit(registration: Registration, *, promoted: bool = False) -> None:
    """After commit: `registration_confirmed` / `waitlist_promoted` signals (the agenda app mails those),
    and our own status e-mail for the other statuses (pending, waitlisted, cancelled)."""
    from backend.events.signals import registration_confirmed, waitlist_promoted
    from backend.events.tasks import send_registration_email

    registration_id = registration.pk
    if promoted:
        transaction.on_commit(lambda: _send(waitlist_promoted, registration_id))
    elif registration.status == Registration.Status.CONFIRMED:
        transaction.on_commit(lambda: _send(registration_confirmed, registration_id))
    else:
        transaction.on_commit(lambda: send_registration_email.enqueue(registration_id))


def _send(signal, registration_id: int) -> None:
    # The registration is committed: a failing receiver must not turn it into an error page.
    for receiver, result in signal.send_robust(sender=Registration, registration_id=registration_id):
        if isinstance(result, Exception):
            logger.error("Récepteur %s en échec pour l'inscription %s", receiver, registration_id,
                         exc_info=result)
