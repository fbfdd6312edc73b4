"""Who may scan badges, print them and mark meetings.

Check-in is open to the event's organizers and to desk accounts: users holding the
`checkin.scan_badges` permission (group « Accueil ») attached to one of the event's desks.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from backend.events.models import Event
from backend.events.permissions import is_organizer

DESK_GROUP = "Accueil"
SCAN_PERMISSION = "checkin.scan_badges"


def is_desk_account(user: Any, event: Event) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.has_perm(SCAN_PERMISSION):
        return False
    return user.checkin_desks.filter(event=event).exists()


def can_check_in(user: Any, event: Event | None) -> bool:
    if event is None:
        return False
    return is_organizer(user, event) or is_desk_account(user, event)


class CanCheckIn(BasePermission):
    """DRF: the view's event (`view.get_event()`) may be checked in by the user."""

    message = "Réservé aux organisateurs de l'événement et aux comptes d'accueil."

    def has_permission(self, request, view) -> bool:
        return can_check_in(request.user, view.get_event())
