"""Wishes, answers, interests and presence: the rules of the block, a French error, nothing stored."""

import datetime as dt

import pytest
from django.utils import timezone

from backend.core.errors import AppError
from backend.meetings import services
from backend.meetings.models import HostInterest, MeetingBlock, Presence, Wish

from .conftest import at


def ranks(block, guest):
    return list(Wish.objects.filter(block=block, guest=guest).order_by("rank").values_list("host_id", "rank"))


def test_add_wish_appends_at_the_end_of_the_ranking(day):
    guest = day.guests[0]

    services.add_wish(block=day.block, guest=guest, host=day.hosts[1])
    services.add_wish(block=day.block, guest=guest, host=day.hosts[0])

    assert ranks(day.block, guest) == [(day.hosts[1].pk, 1), (day.hosts[0].pk, 2)]


def _refused(day, guest, host, *, match, status=400):
    before = Wish.objects.count()
    with pytest.raises(AppError, match=match) as error:
        services.add_wish(block=day.block, guest=guest, host=host)
    assert error.value.status == status
    assert Wish.objects.count() == before


def test_add_wish_to_someone_outside_the_block_refused(day):
    _refused(day, day.guests[0], day.outsider, match="ne reçoit pas de rendez-vous dans ce bloc")


def test_add_wish_to_a_host_not_confirmed_refused(day):
    from .conftest import person

    pending = person(day.event, "funder", "Pas confirmé", confirmed=False)
    _refused(day, day.guests[0], pending, match="ne reçoit pas de rendez-vous")


def test_add_wish_to_oneself_refused(day):
    _refused(day, day.guests[0], day.guests[0], match="avec vous-même")


def test_add_wish_by_a_host_refused(day):
    _refused(day, day.hosts[0], day.hosts[1], match="Réservé aux invités", status=403)


def test_add_wish_twice_refused_with_conflict(day):
    services.add_wish(block=day.block, guest=day.guests[0], host=day.hosts[0])
    _refused(day, day.guests[0], day.hosts[0], match="déjà un souhait", status=409)


def test_add_wish_beyond_the_limit_refused(day):
    MeetingBlock.objects.filter(pk=day.block.pk).update(max_wishes_per_guest=2)
    day.block.refresh_from_db()
    services.add_wish(block=day.block, guest=day.guests[0], host=day.hosts[0])
    services.add_wish(block=day.block, guest=day.guests[0], host=day.hosts[1])
    _refused(day, day.guests[0], day.hosts[2], match="limite de 2 souhaits")


def test_add_wish_after_the_deadline_refused(day):
    day.block.wish_deadline = timezone.now() - dt.timedelta(minutes=1)
    day.block.save()
    _refused(day, day.guests[0], day.hosts[0], match="date limite des souhaits est passée")


def test_add_wish_to_a_host_who_declined_refused(day):
    day.block.hosts_must_accept = True
    day.block.save()
    wish = services.add_wish(block=day.block, guest=day.guests[0], host=day.hosts[0])
    services.answer_wish(block=day.block, host=day.hosts[0], wish_id=wish.pk, accept=False)

    with pytest.raises(AppError, match="a été déclinée"):
        services.remove_wish(block=day.block, guest=day.guests[0], wish_id=wish.pk)
    _refused(day, day.guests[0], day.hosts[0], match="a décliné votre demande")


def test_declined_wish_does_not_count_in_the_limit(day):
    day.block.hosts_must_accept, day.block.max_wishes_per_guest = True, 1
    day.block.save()
    wish = services.add_wish(block=day.block, guest=day.guests[0], host=day.hosts[0])
    services.answer_wish(block=day.block, host=day.hosts[0], wish_id=wish.pk, accept=False)

    services.add_wish(block=day.block, guest=day.guests[0], host=day.hosts[1])

    assert Wish.objects.filter(guest=day.guests[0]).count() == 2


def test_move_wish_up_swaps_ranks(day, wishes):
    guest = day.guests[2]  # hosts 0, 2, 1
    third = Wish.objects.get(guest=guest, host=day.hosts[1])

    services.move_wish(block=day.block, guest=guest, wish_id=third.pk, offset=-1)

    assert [h for h, _ in ranks(day.block, guest)] == [day.hosts[0].pk, day.hosts[1].pk, day.hosts[2].pk]


def test_reorder_wishes_incomplete_list_refused_and_ranks_kept(day, wishes):
    guest = day.guests[2]
    before = ranks(day.block, guest)
    first = Wish.objects.get(guest=guest, rank=1)

    with pytest.raises(AppError, match="chacun de vos souhaits"):
        services.reorder_wishes(block=day.block, guest=guest, wish_ids=[first.pk])

    assert ranks(day.block, guest) == before


def test_reorder_wishes_with_another_guests_wish_refused(day, wishes):
    mine = list(Wish.objects.filter(guest=day.guests[0]).values_list("pk", flat=True))
    other = Wish.objects.filter(guest=day.guests[1]).first()

    with pytest.raises(AppError):
        services.reorder_wishes(block=day.block, guest=day.guests[0], wish_ids=[*mine[:-1], other.pk])


def test_remove_wish_renumbers_the_rest(day, wishes):
    guest = day.guests[2]
    first = Wish.objects.get(guest=guest, rank=1)

    services.remove_wish(block=day.block, guest=guest, wish_id=first.pk)

    assert [r for _, r in ranks(day.block, guest)] == [1, 2]


def test_remove_wish_of_another_guest_not_found(day, wishes):
    other = Wish.objects.filter(guest=day.guests[1]).first()

    with pytest.raises(AppError) as error:
        services.remove_wish(block=day.block, guest=day.guests[0], wish_id=other.pk)

    assert error.value.status == 404
    assert Wish.objects.filter(pk=other.pk).exists()


def test_answer_wish_where_the_block_does_not_ask_refused(day, wishes):
    wish = Wish.objects.filter(host=day.hosts[0]).first()

    with pytest.raises(AppError, match="n'ont pas à accepter"):
        services.answer_wish(block=day.block, host=day.hosts[0], wish_id=wish.pk, accept=True)

    wish.refresh_from_db()
    assert wish.status == Wish.Status.PENDING


def test_answer_wish_addressed_to_another_host_not_found(day, wishes):
    day.block.hosts_must_accept = True
    day.block.save()
    wish = Wish.objects.filter(host=day.hosts[0]).first()

    with pytest.raises(AppError) as error:
        services.answer_wish(block=day.block, host=day.hosts[1], wish_id=wish.pk, accept=False)

    assert error.value.status == 404


def test_set_interest_flags_and_unflags(day):
    services.set_interest(block=day.block, host=day.hosts[0], guest=day.guests[0], interested=True)
    services.set_interest(block=day.block, host=day.hosts[0], guest=day.guests[0], interested=True)
    assert HostInterest.objects.count() == 1

    services.set_interest(block=day.block, host=day.hosts[0], guest=day.guests[0], interested=False)
    assert HostInterest.objects.count() == 0


def test_set_interest_in_a_non_guest_refused(day):
    with pytest.raises(AppError, match="n'est pas un invité"):
        services.set_interest(block=day.block, host=day.hosts[0], guest=day.hosts[1], interested=True)


def test_set_presence_late_arrival_stored(day):
    presence = services.set_presence(block=day.block, participant=day.guests[0], arrives_at=at(10, 30))

    assert presence.arrives_at == at(10, 30)


@pytest.mark.parametrize(("arrives", "leaves", "field"), [
    (at(9), None, "arrives_at"), (None, at(12), "leaves_at"), (at(11), at(10, 30), "leaves_at")])
def test_set_presence_bad_times_refused_nothing_stored(day, arrives, leaves, field):
    with pytest.raises(AppError) as error:
        services.set_presence(block=day.block, participant=day.guests[0], arrives_at=arrives, leaves_at=leaves)

    assert error.value.field == field
    assert not Presence.objects.exists()


def test_set_presence_by_an_outsider_refused(day):
    with pytest.raises(AppError) as error:
        services.set_presence(block=day.block, participant=day.outsider, arrives_at=at(10, 30))

    assert error.value.status == 403
