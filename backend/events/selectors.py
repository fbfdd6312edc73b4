"""Reads of the event domain."""

from django.db.models import QuerySet

from backend.events.models import Event, ProgrammeItem


def upcoming_or_latest_event() -> Event | None:
    """The event the home page shows: the most recent one."""
    return Event.objects.order_by("-date", "id").first()


def public_programme(*, event: Event) -> QuerySet[ProgrammeItem]:
    return event.programme.filter(public=True).order_by("start", "title")
