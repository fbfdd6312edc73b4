"""Printable documents: badges (A6 or A4 sheets with cut marks) and table cards, as PDF bytes.

Rows become the pure package's cards here; `badges` (reportlab, qrcode) is imported inside
the functions so that manage.py starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import formats, translation

from backend.checkin import selectors, services
from backend.checkin.models import Badge
from backend.core.errors import AppError, not_found
from backend.events.models import Event, Participant
from backend.meetings.models import MeetingBlock


def event_date_label(event: Event) -> str:
    with translation.override("fr"):
        return formats.date_format(event.date, "l j F Y")


def badge_cards(*, event: Event, badges_qs: Iterable[Badge]) -> list:
    import badges

    date_label = event_date_label(event)
    cards = []
    for badge in badges_qs:
        participant = badge.registration.participant
        cards.append(badges.BadgeCard(
            name=participant.display_name,
            organization=participant.organization.name if participant.organization_id else "",
            role_label=participant.get_role_display(),
            role_key=participant.role,
            event_name=event.name,
            event_date_label=date_label,
            token=badge.token,
        ))
    return cards


def event_badges_pdf(*, event: Event, layout: str = "a6", registration_ids: list[int] | None = None,
                     user: Any = None) -> bytes:
    """Badges of the whole event (confirmed registrations) or of a selection; missing badges are issued."""
    from badges.pdf import LAYOUTS

    if layout not in LAYOUTS:  # checked before any badge is issued
        raise AppError("Format inconnu : « a6 » (un badge par page) ou « a4 » (planches avec traits de coupe).",
                       field="layout")
    services.issue_badges(event=event, registration_ids=registration_ids, user=user)
    active = (Badge.objects.filter(registration__event=event, revoked_at__isnull=True,
                                   registration__status="confirmed")
              .select_related("registration__participant__user", "registration__participant__organization")
              .order_by("registration__participant__user__last_name",
                        "registration__participant__user__first_name", "registration_id"))
    if registration_ids is not None:
        active = active.filter(registration_id__in=registration_ids)
    cards = badge_cards(event=event, badges_qs=active)
    if not cards:
        raise AppError("Aucun badge à imprimer : aucune inscription confirmée dans la sélection.",
                       code="empty", field="registrations")
    import badges

    return badges.badge_pdf(cards, layout=layout)


def _slot_label(slot) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(slot.start):%H:%M}–{timezone.localtime(slot.end):%H:%M}"


def _guest_label(participant: Participant) -> str:
    if participant.organization_id:
        return f"{participant.display_name} ({participant.organization.name})"
    return participant.display_name


def table_cards(*, block: MeetingBlock) -> list:
    """One card per host of the block's published timetable: its table, its slots and guests."""
    import badges

    event = block.item.event
    meetings = list(selectors.current_meetings(block=block))
    slots = list(block.slots.order_by("index"))
    hosted_tables = list(block.tables.filter(host__isnull=False).select_related("host__user", "host__organization"))
    fixed_tables = {table.host_id: table.label for table in hosted_tables}
    hosts: dict[int, Participant] = {}
    plan: dict[int, dict[int, Any]] = {}
    for meeting in meetings:
        hosts[meeting.host_id] = meeting.host
        plan.setdefault(meeting.host_id, {})[meeting.slot_id] = meeting
    for table in hosted_tables:
        hosts.setdefault(table.host_id, table.host)
    cards = []
    for host in sorted(hosts.values(), key=lambda h: (fixed_tables.get(h.pk, "~"), h.display_name)):
        booked = plan.get(host.pk, {})
        labels = {m.table.label for m in booked.values() if m.table_id}
        moving = host.pk not in fixed_tables and len(labels) > 1
        # A host without a fixed table may change tables: then each row says where.
        table_label = fixed_tables.get(host.pk) or ("selon le créneau" if moving else next(iter(labels), "—"))
        rows = []
        for slot in slots:
            meeting = booked.get(slot.pk)
            guest = _guest_label(meeting.guest) if meeting else ""
            if meeting and moving and meeting.table_id:
                guest = f"{meeting.table.label} · {guest}"
            rows.append((_slot_label(slot), guest))
        cards.append(badges.TableCard(
            table_label=table_label, host_name=host.display_name,
            host_organization=host.organization.name if host.organization_id else "",
            event_name=event.name, block_title=block.item.title, rows=rows))
    return cards


def event_table_cards_pdf(*, event: Event, block_id: Any = None) -> bytes:
    blocks = MeetingBlock.objects.filter(item__event=event).select_related("item__event").order_by("item__start")
    if block_id not in (None, ""):
        try:
            blocks = blocks.filter(pk=int(block_id))
        except (TypeError, ValueError):
            raise AppError("Bloc de rendez-vous : identifiant numérique attendu.", field="block") from None
        if not blocks.exists():
            raise not_found("Bloc de rendez-vous introuvable pour cet événement.")
    cards = [card for block in blocks for card in table_cards(block=block)]
    if not cards:
        raise AppError("Aucun chevalet à imprimer : pas d'hôte au planning publié ni de table attribuée.",
                       code="empty", field="block")
    import badges

    return badges.table_cards_pdf(cards)


def badge_image(*, badge: Badge, fmt: str) -> tuple[bytes, str]:
    import badges

    if fmt == "svg":
        return badges.qr_svg(badge.token).encode("utf-8"), "image/svg+xml"
    return badges.qr_png(badge.token), "image/png"
