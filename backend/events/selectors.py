"""Reads of the event domain."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from backend.events.models import Event, Organization, Participant, ProgrammeItem, Registration, WorkshopSeat


def upcoming_or_latest_event() -> Event | None:
    """The event the home page shows: the most recent one."""
    return Event.objects.order_by("-date", "id").first()


def event_by_slug(*, slug: str) -> Event | None:
    return Event.objects.filter(slug=slug).first()


def public_programme(*, event: Event) -> QuerySet[ProgrammeItem]:
    return programme_with_seats(event=event).filter(public=True)


def programme_with_seats(*, event: Event) -> QuerySet[ProgrammeItem]:
    """Programme items annotated with `seats_taken` (confirmed places) and `waitlist_size`."""
    return event.programme.annotate(
        seats_taken=Count("seats", filter=Q(seats__status=WorkshopSeat.Status.CONFIRMED)),
        waitlist_size=Count("seats", filter=Q(seats__status=WorkshopSeat.Status.WAITLISTED)),
    ).order_by("start", "title")


def workshops(*, event: Event) -> QuerySet[ProgrammeItem]:
    return programme_with_seats(event=event).filter(kind=ProgrammeItem.Kind.WORKSHOP)


def organized_events(*, user: Any) -> QuerySet[Event]:
    if not getattr(user, "is_authenticated", False):
        return Event.objects.none()
    if user.is_superuser:
        return Event.objects.all()
    return Event.objects.filter(organizers=user)


def registrations_visible_to(*, user: Any) -> QuerySet[Registration]:
    """Own registrations, plus every registration of the events the user organizes."""
    base = Registration.objects.select_related("event", "participant__user", "participant__organization")
    if not getattr(user, "is_authenticated", False):
        return base.none()
    if user.is_superuser:
        return base.all()
    return base.filter(Q(participant__user=user) | Q(event__organizers=user)).distinct()


def registration_of(*, user: Any, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, participant__user=user).first()


def registrations_of_user(*, user: Any) -> QuerySet[Registration]:
    if not getattr(user, "is_authenticated", False):
        return Registration.objects.none()
    return (Registration.objects.filter(participant__user=user).select_related("event")
            .prefetch_related("seats__item").order_by("-event__date"))


def event_participants(*, event: Event) -> QuerySet[Participant]:
    """Participants with a registration (any status) to the event."""
    return (Participant.objects.filter(registrations__event=event).select_related("user", "organization")
            .distinct().order_by("user__last_name", "user__first_name", "id"))


def event_organizations(*, event: Event) -> QuerySet[Organization]:
    return (Organization.objects.filter(members__registrations__event=event).distinct()
            .annotate(members_count=Count("members", filter=Q(members__registrations__event=event),
                                          distinct=True))
            .order_by("name", "id"))
