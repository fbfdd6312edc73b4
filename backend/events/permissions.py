"""Who may see and do what, for every app.

- `is_organizer(user, event)`: the user organizes that event (Event.organizers) or is a superuser.
- `can_view_registration(user, registration)`: its owner or an organizer of its event.
- DRF permissions: `IsEventOrganizer` (view has `get_event()`), `IsOwnerOrEventOrganizer`
  (object-level, for objects with a participant/registration and an event).

Views filter their querysets with the selectors (`registrations_visible_to`...) so that an object
the user may not see answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from backend.events.models import Event, Participant, Registration


def is_organizer(user: Any, event: Event | None) -> bool:
    if event is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return event.organizers.filter(pk=user.pk).exists()


def participant_of(user: Any) -> Participant | None:
    """The user's Participant row, or None (anonymous users, accounts without a profile)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.participant
    except Participant.DoesNotExist:
        return None


def event_of(obj: Any) -> Event | None:
    """The event an object belongs to: itself, `.event`, or `.registration.event`."""
    if isinstance(obj, Event):
        return obj
    if getattr(obj, "event_id", None) is not None:
        return obj.event
    registration = getattr(obj, "registration", None)
    if registration is not None:
        return registration.event
    return None


def owner_of(obj: Any) -> Any:
    """The user an object belongs to, for participants, registrations and rows hanging off them."""
    if isinstance(obj, Participant):
        return obj.user
    participant = getattr(obj, "participant", None)
    if participant is None and getattr(obj, "registration", None) is not None:
        participant = obj.registration.participant
    return participant.user if participant is not None else None


def can_view_registration(user: Any, registration: Registration) -> bool:
    return owner_of(registration) == user or is_organizer(user, registration.event)


class IsEventOrganizer(BasePermission):
    """The view's event (`view.get_event()`) is organized by the user; also checks objects' events."""

    message = "Réservé aux organisateurs de cet événement."

    def has_permission(self, request, view) -> bool:
        get_event = getattr(view, "get_event", None)
        if get_event is None:
            return bool(request.user and request.user.is_authenticated)
        return is_organizer(request.user, get_event())

    def has_object_permission(self, request, view, obj) -> bool:
        return is_organizer(request.user, event_of(obj))


class IsOwnerOrEventOrganizer(BasePermission):
    """Object-level: the object's owner, or an organizer of the object's event."""

    message = "Vous n'avez pas le droit d'accéder à cet élément."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj) -> bool:
        user = request.user
        return owner_of(obj) == user or is_organizer(user, event_of(obj))
