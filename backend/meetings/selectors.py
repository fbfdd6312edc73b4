"""Reads of the meetings domain: who takes part in a block, wishes visible to whom, published meetings."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from backend.core.errors import not_found
from backend.events.models import Event, Participant, Registration
from backend.events.permissions import is_organizer, participant_of
from backend.meetings.models import HostInterest, Meeting, MeetingBlock, SolveRun, TimetableVersion, Wish

HOST, GUEST = "host", "guest"


def block_by_slugs(*, event_slug: str, block_slug: str) -> MeetingBlock:
    block = (MeetingBlock.objects.select_related("item__event")
             .filter(item__event__slug=event_slug, item__slug=block_slug).first())
    if block is None:
        raise not_found("Bloc de rendez-vous introuvable pour cet événement.")
    return block


def event_blocks(*, event: Event) -> QuerySet[MeetingBlock]:
    return MeetingBlock.objects.filter(item__event=event).select_related("item__event").order_by("item__start")


def members(*, block: MeetingBlock, side: str) -> QuerySet[Participant]:
    """Participants of the block on one side: a confirmed registration and a role of that side."""
    roles = block.host_roles if side == HOST else block.guest_roles
    return (Participant.objects
            .filter(role__in=roles, registrations__event_id=block.item.event_id,
                    registrations__status=Registration.Status.CONFIRMED)
            .select_related("user", "organization").distinct()
            .order_by("organization__name", "user__last_name", "user__first_name", "id"))


def side_of(*, block: MeetingBlock, participant: Participant | None) -> str | None:
    if participant is None:
        return None
    confirmed = participant.registrations.filter(event_id=block.item.event_id,
                                                 status=Registration.Status.CONFIRMED).exists()
    if not confirmed:
        return None
    if participant.role in block.host_roles:
        return HOST
    if participant.role in block.guest_roles:
        return GUEST
    return None


def wishes_visible_to(*, user: Any, block: MeetingBlock) -> QuerySet[Wish]:
    """Organizers see every wish; a guest their own; a host those addressed to them."""
    base = (Wish.objects.filter(block=block)
            .select_related("guest__user", "guest__organization", "host__user", "host__organization"))
    if is_organizer(user, block.item.event):
        return base.order_by("guest_id", "rank")
    participant = participant_of(user)
    if participant is None:
        return base.none()
    return base.filter(Q(guest=participant) | Q(host=participant)).order_by("guest_id", "rank")


def guest_wishes(*, block: MeetingBlock, guest: Participant) -> QuerySet[Wish]:
    return (Wish.objects.filter(block=block, guest=guest)
            .select_related("host__user", "host__organization").order_by("rank", "id"))


def received_wishes(*, block: MeetingBlock, host: Participant) -> QuerySet[Wish]:
    return (Wish.objects.filter(block=block, host=host)
            .select_related("guest__user", "guest__organization").order_by("rank", "created_at", "id"))


def host_interests(*, block: MeetingBlock, host: Participant) -> set[int]:
    return set(HostInterest.objects.filter(block=block, host=host).values_list("guest_id", flat=True))


def current_version(*, block: MeetingBlock) -> TimetableVersion | None:
    """The official timetable of a block: its highest published version."""
    return TimetableVersion.objects.filter(block=block).order_by("-number").first()


def version_meetings(*, version: TimetableVersion) -> QuerySet[Meeting]:
    return (version.meetings.select_related("slot", "table", "host__user", "host__organization",
                                            "guest__user", "guest__organization")
            .order_by("slot__index", "table__label", "host_id"))


def participant_meetings(*, participant: Participant, event: Event) -> QuerySet[Meeting]:
    """The participant's meetings in the current published version of every block of the event."""
    current_ids = [version.pk for block in event_blocks(event=event)
                   if (version := current_version(block=block)) is not None]
    return (Meeting.objects.filter(version_id__in=current_ids)
            .filter(Q(host=participant) | Q(guest=participant))
            .select_related("version__block__item", "slot", "table", "host__user", "host__organization",
                            "guest__user", "guest__organization")
            .order_by("slot__start", "id"))


def active_run(*, block: MeetingBlock) -> SolveRun | None:
    return block.runs.filter(status__in=[SolveRun.Status.QUEUED, SolveRun.Status.RUNNING]).first()


def runs(*, block: MeetingBlock) -> QuerySet[SolveRun]:
    return block.runs.select_related("created_by").order_by("-created_at", "-id")


def run_for_user(*, user: Any, run_id: int) -> SolveRun:
    """A run, for an organizer of its event; anybody else gets 404 (existence is not leaked)."""
    run = SolveRun.objects.select_related("block__item__event").filter(pk=run_id).first()
    if run is None or not is_organizer(user, run.block.item.event):
        raise not_found("Calcul introuvable.")
    return run


def version_for_user(*, user: Any, version_id: int) -> TimetableVersion:
    version = TimetableVersion.objects.select_related("block__item__event", "run").filter(pk=version_id).first()
    if version is None or not is_organizer(user, version.block.item.event):
        raise not_found("Version introuvable.")
    return version


def suggestions(*, block: MeetingBlock, guest: Participant, q: str = "", term: str = "", role: str = "",
                compatible_only: bool = False) -> list[dict]:
    """The block's hosts ranked by compatibility with the guest, with French reasons, filtered.

    `term` is a vocabulary code the host's profile must offer (instrument, theme, purchase category).
    """
    from backend.meetings import matching

    hosts = [h for h in members(block=block, side=HOST) if h.pk != guest.pk]
    if role:
        hosts = [h for h in hosts if h.role == role]
    if q:
        needle = q.casefold()
        hosts = [h for h in hosts if needle in matching.label(h).casefold()]
    profiles = matching.profiles_for([*hosts, guest])
    labels = matching.term_labels()
    wishes = {w.host_id: w.status for w in Wish.objects.filter(block=block, guest=guest)}
    rows = []
    for host in hosts:
        profile = profiles.get(host.pk)
        if term and (profile is None or not _offers(profile, term)):
            continue
        match = matching.score(profile, profiles.get(guest.pk), viewer="guest", labels=labels)
        if compatible_only and (match.blocking or match.score <= 0):
            continue
        rows.append({"host": host, "score": int(match.score), "reasons": list(match.reasons),
                     "blocking": list(match.blocking), "wished": host.pk in wishes,
                     "wish_status": wishes.get(host.pk)})
    rows.sort(key=lambda r: (bool(r["blocking"]), -r["score"], matching.label(r["host"]).casefold()))
    return rows


def _offers(profile: Any, code: str) -> bool:
    return any(code in (getattr(profile, name, ()) or ()) for name in ("instruments", "themes", "categories", "stages"))


def event_blocks_of(*, participant: Participant) -> list[MeetingBlock]:
    """The blocks a participant takes part in (confirmed registration, role on one side)."""
    blocks = (MeetingBlock.objects.select_related("item__event")
              .filter(item__event__registrations__participant=participant,
                      item__event__registrations__status=Registration.Status.CONFIRMED)
              .distinct().order_by("item__start"))
    return [b for b in blocks if participant.role in (*b.host_roles, *b.guest_roles)]
