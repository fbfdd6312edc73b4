"""Who may scan badges, print them and mark meetings.

Check-in is open to the event's organizers and to desk accounts: users holding the
`checkin.scan_badges` permission (group « Accueil ») attached to one of the event's desks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Exists
from rest_framework.permissions import BasePermission

from backend.events.models import Event
from backend.events.permissions import is_organizer

DESK_GROUP = "Accueil"
SCAN_PERMISSION = "checkin.scan_badges"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def is_desk_account(user: Any, event: Event) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    # Membership first: accounts attached to no desk never load their permissions.
    return user.checkin_desks.filter(event=event).exists() and user.has_perm(SCAN_PERMISSION)


def scan_permission_query(user_id: Any) -> Exists:
    """EXISTS: the user holds the scan permission, directly or through a group (what
    ModelBackend checks), to annotate onto the query that reads the user's desk."""
    app_label, codename = SCAN_PERMISSION.split(".")
    held = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return Exists(held.filter(user=user_id)) | Exists(held.filter(group__user=user_id))


def _may_scan(user: Any, desk: Any) -> bool:
    # The annotation saves ModelBackend's two permission queries per scan; any other
    # authentication backend is asked the usual way.
    annotated = getattr(desk, "may_scan", None)
    if annotated is None or list(settings.AUTHENTICATION_BACKENDS) != [MODEL_BACKEND]:
        return user.has_perm(SCAN_PERMISSION)
    return user.is_active and (user.is_superuser or bool(annotated))


def can_check_in(user: Any, event: Event | None, *, own_desk: Any = None) -> bool:
    """Whether `user` may scan badges at `event`.

    `own_desk`: a desk of the event the caller has just read as one of the user's desks,
    which spares the membership query. The answer is remembered on the user object, which
    lives for one request, so the view's check and the service's check cost one look-up.
    """
    if event is None or not getattr(user, "is_authenticated", False):
        return False
    rights = user.__dict__.setdefault("_checkin_rights", {})
    if event.pk not in rights:
        if own_desk is not None and own_desk.event_id == event.pk:
            rights[event.pk] = _may_scan(user, own_desk) or is_organizer(user, event)
        else:
            rights[event.pk] = is_organizer(user, event) or is_desk_account(user, event)
    return rights[event.pk]


class CanCheckIn(BasePermission):
    """DRF: the view's event (`view.get_event()`) may be checked in by the user."""

    message = "Réservé aux organisateurs de l'événement et aux comptes d'accueil."

    def has_permission(self, request, view) -> bool:
        return can_check_in(request.user, view.get_event())
