"""Writes of the meetings domain: block set-up, slots, tables, wishes, answers, interests, presence.

Solving and publishing live in `backend.meetings.solving` and are re-exported here
(`start_solve`, `publish_run`), as is `build_problem` from `backend.meetings.problem`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.core.errors import AppError, conflict, forbidden, not_found
from backend.events.models import Participant, ProgrammeItem
from backend.meetings import selectors
from backend.meetings.models import HostInterest, MeetingBlock, Pause, Presence, Slot, Table, Wish
from backend.meetings.problem import build_problem  # noqa: F401  (public name)
from backend.meetings.solving import execute_run, publish_run, start_solve  # noqa: F401  (public names)

ROLES = set(Participant.Role.values)
# The largest value a PositiveSmallIntegerField stores on every database (PostgreSQL refuses more: a 500).
SMALL_INT_MAX = 32767


def _hm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


# --- Block configuration ----------------------------------------------------------------------------------

def configure_block(*, item: ProgrammeItem, host_roles: Sequence[str], guest_roles: Sequence[str],
                    slot_minutes: int = 15, pauses: Iterable[tuple[dt.datetime, dt.datetime]] = (),
                    wish_deadline: dt.datetime | None = None, max_wishes_per_guest: int = 8,
                    max_meetings_per_participant: int | None = None, max_consecutive: int | None = None,
                    hosts_must_accept: bool = False, solve_time_limit_s: int = 20) -> MeetingBlock:
    """Creates or updates the meeting block of a programme item, with its pauses, then its slots."""
    if item.kind != ProgrammeItem.Kind.MEETING_BLOCK:
        raise AppError(f"« {item.title} » n'est pas un bloc de rendez-vous d'affaires.", field="item")
    host_roles, guest_roles = list(host_roles), list(guest_roles)
    for field, roles in (("host_roles", host_roles), ("guest_roles", guest_roles)):
        if not roles:
            raise AppError("Indiquez au moins un rôle de chaque côté (hôtes et invités).", field=field)
        unknown = sorted(set(roles) - ROLES)
        if unknown:
            raise AppError(f"Rôle inconnu : {', '.join(unknown)}.", field=field)
    if set(host_roles) & set(guest_roles):
        raise AppError("Un même rôle ne peut pas être à la fois hôte et invité.", field="guest_roles")
    minutes = (item.end - item.start).total_seconds() / 60
    if not 5 <= slot_minutes <= minutes:
        raise AppError(f"La durée d'un créneau doit être comprise entre 5 et {int(minutes)} minutes.",
                       field="slot_minutes")
    if max_wishes_per_guest < 1:
        raise AppError("Le nombre de souhaits par invité doit être d'au moins 1.", field="max_wishes_per_guest")
    for field, value in (("max_meetings_per_participant", max_meetings_per_participant),
                         ("max_consecutive", max_consecutive)):
        if value is not None and value < 1:
            raise AppError("Cette limite doit être d'au moins 1 (laissez vide pour aucune limite).", field=field)
    if not 1 <= solve_time_limit_s <= 3600:
        raise AppError("La durée du calcul doit être comprise entre 1 et 3600 secondes.",
                       field="solve_time_limit_s")
    pauses = sorted(pauses)
    for index, (start, end) in enumerate(pauses):
        if end <= start:
            raise AppError(f"La pause {index + 1} finit avant de commencer.", field="pauses")
        if start < item.start or end > item.end:
            raise AppError(f"La pause {_hm(start)}-{_hm(end)} sort du bloc ({_hm(item.start)}-{_hm(item.end)}).",
                           field="pauses")
        if index and start < pauses[index - 1][1]:
            raise AppError(f"Les pauses se chevauchent ({_hm(start)}).", field="pauses")
    with transaction.atomic():
        block, _ = MeetingBlock.objects.select_for_update().get_or_create(item=item)
        block.host_roles, block.guest_roles = host_roles, guest_roles
        block.slot_minutes = slot_minutes
        block.wish_deadline = wish_deadline
        block.max_wishes_per_guest = max_wishes_per_guest
        block.max_meetings_per_participant = max_meetings_per_participant
        block.max_consecutive = max_consecutive
        block.hosts_must_accept = hosts_must_accept
        block.solve_time_limit_s = solve_time_limit_s
        block.save()
        existing = [(p.start, p.end) for p in block.pauses.all()]
        if existing != pauses:
            block.pauses.all().delete()
            Pause.objects.bulk_create(Pause(block=block, start=start, end=end) for start, end in pauses)
        _regenerate_slots(block)
    return block


def slot_times(*, start: dt.datetime, end: dt.datetime, minutes: int,
               pauses: Sequence[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Consecutive slots of `minutes` from start to end; a slot that would overlap a pause starts after it."""
    step = dt.timedelta(minutes=minutes)
    times, cursor = [], start
    while cursor + step <= end:
        overlapping = [p for p in pauses if p[0] < cursor + step and p[1] > cursor]
        if overlapping:
            cursor = max(p[1] for p in overlapping)
            continue
        times.append((cursor, cursor + step))
        cursor += step
    return times


def _regenerate_slots(block: MeetingBlock) -> None:
    item = block.item
    wanted = slot_times(start=item.start, end=item.end, minutes=block.slot_minutes,
                        pauses=[(p.start, p.end) for p in block.pauses.all()])
    current = [(s.start, s.end) for s in block.slots.order_by("index")]
    if current == wanted:
        return
    if block.versions.exists() or block.runs.exists():
        raise conflict("Des calculs ou un planning existent déjà pour ce bloc : ses créneaux ne peuvent plus "
                       "changer (durée, horaires, pauses).", field="slot_minutes")
    if not wanted:
        raise AppError("Aucun créneau ne tient dans le bloc avec ces réglages.", field="slot_minutes")
    block.slots.all().delete()
    Slot.objects.bulk_create(Slot(block=block, index=index, start=start, end=end)
                             for index, (start, end) in enumerate(wanted, start=1))


def generate_slots(*, block: MeetingBlock) -> list[Slot]:
    """(Re)creates the slots from the block's times, slot length and pauses; refused once solved."""
    with transaction.atomic():
        _regenerate_slots(block)
    return list(block.slots.order_by("index"))


def set_tables(*, block: MeetingBlock, tables: Sequence[dict[str, Any]]) -> list[Table]:
    """Replaces the block's tables: each {"label", "accessible", "host" (participant id or None)}."""
    labels: set[str] = set()
    hosts_seen: set[int] = set()
    host_ids = set(selectors.members(block=block, side=selectors.HOST).values_list("pk", flat=True))
    for index, table in enumerate(tables, start=1):
        label = str(table.get("label") or "").strip()
        if not label:
            raise AppError(f"Table {index} : le libellé est obligatoire.", field="tables")
        if len(label) > 40:
            raise AppError(f"Table {index} : libellé trop long (40 caractères au plus).", field="tables")
        if label in labels:
            raise AppError(f"Deux tables s'appellent « {label} ».", field="tables")
        labels.add(label)
        host = table.get("host")
        if host is not None:
            if host not in host_ids:
                raise AppError(f"Table « {label} » : le participant {host} n'est pas un hôte de ce bloc.",
                               field="tables")
            if host in hosts_seen:
                raise AppError(f"Un hôte ne peut être fixé qu'à une table (table « {label} »).", field="tables")
            hosts_seen.add(host)
    with transaction.atomic():
        if block.versions.exists():
            raise conflict("Le planning est publié : les tables ne peuvent plus être remplacées.", field="tables")
        block.tables.all().delete()
        Table.objects.bulk_create(Table(block=block, label=str(t["label"]).strip(),
                                        accessible=bool(t.get("accessible", True)), host_id=t.get("host"))
                                  for t in tables)
    return list(block.tables.order_by("id"))


# --- Wishes -------------------------------------------------------------------------------------------------

def _require_side(block: MeetingBlock, participant: Participant, side: str) -> None:
    if selectors.side_of(block=block, participant=participant) != side:
        who = "invités" if side == selectors.GUEST else "hôtes"
        raise forbidden(f"Réservé aux {who} de ce bloc de rendez-vous (inscription confirmée et rôle "
                        "concerné).")


def _check_deadline(block: MeetingBlock) -> None:
    if block.wish_deadline and timezone.now() > block.wish_deadline:
        deadline = timezone.localtime(block.wish_deadline)
        raise AppError(f"La date limite des souhaits est passée ({deadline:%d/%m/%Y à %H:%M}).",
                       code="deadline_passed")


def add_wish(*, block: MeetingBlock, guest: Participant, host: Participant) -> Wish:
    """Adds a wish at the end of the guest's list, after every check of the block's rules."""
    _require_side(block, guest, selectors.GUEST)
    if host.pk == guest.pk:
        raise AppError("Vous ne pouvez pas demander un rendez-vous avec vous-même.", field="host")
    if selectors.side_of(block=block, participant=host) != selectors.HOST:
        raise AppError(f"{host.display_name} ne reçoit pas de rendez-vous dans ce bloc.", field="host")
    _check_deadline(block)
    with transaction.atomic():
        # The guest's row lock serializes their concurrent wishes: the limit holds.
        Participant.objects.select_for_update().get(pk=guest.pk)
        previous = Wish.objects.filter(block=block, guest=guest, host=host).first()
        if previous is not None and previous.status == Wish.Status.DECLINED:
            raise AppError(f"{host.display_name} a décliné votre demande de rendez-vous.", code="declined",
                           field="host")
        if previous is not None:
            raise conflict(f"Vous avez déjà un souhait pour {host.display_name}.", field="host")
        wishes = Wish.objects.filter(block=block, guest=guest)
        active = wishes.exclude(status=Wish.Status.DECLINED).count()
        if active >= block.max_wishes_per_guest:
            raise AppError(f"Vous avez atteint la limite de {block.max_wishes_per_guest} souhaits pour ce bloc.",
                           code="too_many_wishes", field="host")
        last = wishes.order_by("-rank").values_list("rank", flat=True).first() or 0
        try:
            with transaction.atomic():
                return Wish.objects.create(block=block, guest=guest, host=host, rank=last + 1)
        except IntegrityError as exc:
            raise conflict(f"Vous avez déjà un souhait pour {host.display_name}.", field="host") from exc


def _own_wish(*, wish_id: int, block: MeetingBlock, guest: Participant) -> Wish:
    wish = Wish.objects.select_related("host__user").filter(pk=wish_id, block=block, guest=guest).first()
    if wish is None:
        raise not_found("Souhait introuvable.")
    return wish


def remove_wish(*, block: MeetingBlock, guest: Participant, wish_id: int) -> None:
    _check_deadline(block)
    with transaction.atomic():
        Participant.objects.select_for_update().get(pk=guest.pk)
        wish = _own_wish(wish_id=wish_id, block=block, guest=guest)
        if wish.status == Wish.Status.DECLINED:
            # Kept so that the same request cannot be sent again.
            raise AppError("Cette demande a été déclinée : elle reste visible et ne compte pas dans votre limite.",
                           code="declined")
        wish.delete()
        _renumber(block, guest, [w.pk for w in Wish.objects.filter(block=block, guest=guest).order_by("rank", "id")])


def _renumber(block: MeetingBlock, guest: Participant, ordered_ids: Sequence[int]) -> None:
    wishes = {w.pk: w for w in Wish.objects.filter(block=block, guest=guest)}
    changed = []
    for rank, pk in enumerate(ordered_ids, start=1):
        wish = wishes[pk]
        if wish.rank != rank:
            wish.rank = rank
            changed.append(wish)
    Wish.objects.bulk_update(changed, ["rank"])


def reorder_wishes(*, block: MeetingBlock, guest: Participant, wish_ids: Sequence[int]) -> list[Wish]:
    """Sets the guest's ranking: `wish_ids` lists every one of their wishes, preferred first."""
    _require_side(block, guest, selectors.GUEST)
    _check_deadline(block)
    with transaction.atomic():
        Participant.objects.select_for_update().get(pk=guest.pk)
        current = set(Wish.objects.filter(block=block, guest=guest).values_list("pk", flat=True))
        if len(wish_ids) != len(set(wish_ids)):
            raise AppError("Un souhait apparaît deux fois dans le classement.", field="wishes")
        if set(wish_ids) != current:
            raise AppError("Le classement doit contenir chacun de vos souhaits, une fois.", field="wishes")
        _renumber(block, guest, list(wish_ids))
    return list(selectors.guest_wishes(block=block, guest=guest))


def move_wish(*, block: MeetingBlock, guest: Participant, wish_id: int, offset: int) -> list[Wish]:
    """Moves one wish up (offset -1) or down (+1) in the guest's ranking (the page's buttons)."""
    ordered = list(Wish.objects.filter(block=block, guest=guest).order_by("rank", "id").values_list("pk", flat=True))
    if wish_id not in ordered:
        raise not_found("Souhait introuvable.")
    index = ordered.index(wish_id)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    return reorder_wishes(block=block, guest=guest, wish_ids=ordered)


def answer_wish(*, block: MeetingBlock, host: Participant, wish_id: int, accept: bool) -> Wish:
    """A host accepts or declines a wish addressed to them, where the block asks hosts to answer."""
    _require_side(block, host, selectors.HOST)
    if not block.hosts_must_accept:
        raise AppError("Dans ce bloc, les hôtes n'ont pas à accepter les demandes : toutes sont prises en compte.",
                       code="not_applicable")
    with transaction.atomic():
        wish = Wish.objects.select_for_update().filter(pk=wish_id, block=block, host=host).first()
        if wish is None:
            raise not_found("Demande introuvable.")
        wish.status = Wish.Status.ACCEPTED if accept else Wish.Status.DECLINED
        wish.save(update_fields=["status"])
    return wish


def set_interest(*, block: MeetingBlock, host: Participant, guest: Participant, interested: bool) -> bool:
    """A host flags (or unflags) a guest they want to meet; mutual interest raises the request's weight."""
    _require_side(block, host, selectors.HOST)
    if guest.pk == host.pk:
        raise AppError("Vous ne pouvez pas vous signaler vous-même.", field="guest")
    if selectors.side_of(block=block, participant=guest) != selectors.GUEST:
        raise AppError(f"{guest.display_name} n'est pas un invité de ce bloc.", field="guest")
    with transaction.atomic():
        if interested:
            HostInterest.objects.get_or_create(block=block, host=host, guest=guest)
        else:
            HostInterest.objects.filter(block=block, host=host, guest=guest).delete()
    return interested


# --- Presence ----------------------------------------------------------------------------------------------

def set_presence(*, block: MeetingBlock, participant: Participant, arrives_at: dt.datetime | None = None,
                 leaves_at: dt.datetime | None = None, needs_accessible: bool = False,
                 max_meetings: int | None = None) -> Presence:
    """Late arrival, early departure, accessibility and a personal cap on meetings for a block."""
    if selectors.side_of(block=block, participant=participant) is None:
        raise forbidden("Vous ne participez pas à ce bloc de rendez-vous.")
    item = block.item
    window = f"{_hm(item.start)}-{_hm(item.end)}"
    if arrives_at is not None and not item.start <= arrives_at <= item.end:
        raise AppError(f"L'heure d'arrivée doit être comprise dans le bloc ({window}).", field="arrives_at")
    if leaves_at is not None and not item.start <= leaves_at <= item.end:
        raise AppError(f"L'heure de départ doit être comprise dans le bloc ({window}).", field="leaves_at")
    if arrives_at is not None and leaves_at is not None and leaves_at <= arrives_at:
        raise AppError("L'heure de départ doit suivre l'heure d'arrivée.", field="leaves_at")
    if max_meetings is not None and max_meetings < 1:
        raise AppError("Le nombre de rendez-vous doit être d'au moins 1 (vide : la limite du bloc).",
                       field="max_meetings")
    if max_meetings is not None and max_meetings > SMALL_INT_MAX:
        raise AppError(f"Le nombre de rendez-vous ne peut pas dépasser {SMALL_INT_MAX}.", field="max_meetings")
    with transaction.atomic():
        presence, _ = Presence.objects.update_or_create(
            block=block, participant=participant,
            defaults={"arrives_at": arrives_at, "leaves_at": leaves_at, "needs_accessible": needs_accessible,
                      "max_meetings": max_meetings})
    return presence


# --- Profiles ----------------------------------------------------------------------------------------------

def save_profile(*, participant: Participant, **fields: Any) -> Any:
    """Creates or updates the matchmaking profile of the participant's role; many-to-many fields take Terms."""
    from backend.meetings.matching import PROFILE_OF_ROLE

    model = PROFILE_OF_ROLE.get(participant.role)
    if model is None:
        raise AppError(f"Le rôle « {participant.get_role_display()} » n'a pas de profil de mise en relation.",
                       code="no_profile")
    m2m = {f.name: f for f in model._meta.many_to_many}
    allowed = {f.name for f in model._meta.concrete_fields} - {"id", "participant"}
    unknown = sorted(set(fields) - allowed - set(m2m))
    if unknown:
        raise AppError(f"Champ inconnu pour ce profil : {', '.join(unknown)}.", field=unknown[0])
    for name, field in m2m.items():
        kind = field.remote_field.limit_choices_to["kind"]
        wrong = [t.label for t in fields.get(name, []) if t.kind != kind]
        if wrong:
            raise AppError(f"{field.verbose_name} : « {wrong[0]} » n'appartient pas à ce vocabulaire.", field=name)
    low, high = fields.get("ticket_min_eur"), fields.get("ticket_max_eur")
    if low is not None and high is not None and high < low:
        raise AppError("Le ticket maximum doit être supérieur ou égal au ticket minimum.", field="ticket_max_eur")
    with transaction.atomic():
        profile, _ = model.objects.get_or_create(participant=participant)
        for name, value in fields.items():
            if name not in m2m:
                setattr(profile, name, value)
        profile.save()
        for name in m2m:
            if name in fields:
                getattr(profile, name).set(fields[name])
    return profile
