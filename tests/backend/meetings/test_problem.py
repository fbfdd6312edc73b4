"""Rows -> meeting-problem/1: availability (presence, workshops), tables, weights, re-planning inputs."""

import scheduling
from backend.events.models import ProgrammeItem, WorkshopSeat
from backend.meetings import services
from backend.meetings.models import Wish
from backend.meetings.problem import participant_key, slot_key
from tests.factories import ProgrammeItemFactory, WorkshopSeatFactory
from tests.meeting_factories import publish

from .conftest import at


def entry(problem, participant):
    return next(p for p in problem["participants"] if p["id"] == participant_key(participant.pk))


def request_of(problem, host, guest):
    return next((r for r in problem["requests"]
                 if r["host"] == participant_key(host.pk) and r["guest"] == participant_key(guest.pk)), None)


def test_build_problem_is_valid_and_complete(day, wishes):
    problem = services.build_problem(block=day.block)

    scheduling.validate_problem(problem)
    assert len(problem["slots"]) == 6
    assert len(problem["tables"]) == 3
    assert len(problem["requests"]) == sum(len(v) for v in wishes.values())
    assert entry(problem, day.hosts[0])["table"] == f"t{day.block.tables.get(host=day.hosts[0]).pk}"
    assert all(p["side"] == "guest" for p in problem["participants"] if p["id"] in
               {participant_key(g.pk) for g in day.guests})
    assert participant_key(day.outsider.pk) not in {p["id"] for p in problem["participants"]}


def test_build_problem_late_arrival_and_early_departure_remove_slots(day, wishes):
    services.set_presence(block=day.block, participant=day.guests[0], arrives_at=at(10, 30), leaves_at=at(11, 15))

    problem = services.build_problem(block=day.block)

    slots = list(day.block.slots.order_by("index"))
    assert entry(problem, day.guests[0])["available"] == [slot_key(s.pk) for s in slots[2:5]]
    assert "available" not in entry(problem, day.guests[1])


def test_build_problem_confirmed_workshop_removes_overlapping_slots(day, wishes):
    registration = day.guests[1].registrations.get(event=day.event)
    WorkshopSeatFactory(registration=registration, item=day.workshop)  # 10:00-10:30
    waitlisted = day.guests[2].registrations.get(event=day.event)
    WorkshopSeatFactory(registration=waitlisted, item=day.workshop, status=WorkshopSeat.Status.WAITLISTED)

    problem = services.build_problem(block=day.block)

    slots = list(day.block.slots.order_by("index"))
    assert entry(problem, day.guests[1])["available"] == [slot_key(s.pk) for s in slots[2:]]
    assert "available" not in entry(problem, day.guests[2])


def test_build_problem_accessibility_and_personal_cap(day, wishes):
    services.set_presence(block=day.block, participant=day.guests[3], needs_accessible=True)
    services.set_presence(block=day.block, participant=day.hosts[0], max_meetings=2)

    problem = services.build_problem(block=day.block)

    assert entry(problem, day.guests[3])["needs_accessible"] is True
    assert entry(problem, day.hosts[0])["max_meetings"] == 2


def test_build_problem_first_wish_weighs_more_than_last(day, wishes):
    guest = day.guests[2]  # ranks: hosts 0, 2, 1

    problem = services.build_problem(block=day.block)

    first = request_of(problem, day.hosts[0], guest)["weight"]
    last = request_of(problem, day.hosts[1], guest)["weight"]
    assert first > last


def test_build_problem_mutual_interest_raises_weight(day, wishes):
    guest, host = day.guests[0], day.hosts[2]
    before = request_of(services.build_problem(block=day.block), host, guest)["weight"]

    services.set_interest(block=day.block, host=host, guest=guest, interested=True)

    after = request_of(services.build_problem(block=day.block), host, guest)["weight"]
    assert after > before


def test_build_problem_host_interest_alone_becomes_a_lower_request(day, wishes):
    guest, host = day.guests[3], day.hosts[2]  # guest 3 only wished host 1
    services.set_interest(block=day.block, host=host, guest=guest, interested=True)

    problem = services.build_problem(block=day.block)

    assert request_of(problem, host, guest)["weight"] < request_of(problem, day.hosts[1], guest)["weight"]


def test_build_problem_hosts_must_accept_keeps_accepted_only(day, wishes):
    day.block.hosts_must_accept = True
    day.block.save()
    accepted = Wish.objects.filter(host=day.hosts[0]).first()
    services.answer_wish(block=day.block, host=day.hosts[0], wish_id=accepted.pk, accept=True)

    problem = services.build_problem(block=day.block)

    assert [(r["host"], r["guest"]) for r in problem["requests"]] == [
        (participant_key(accepted.host_id), participant_key(accepted.guest_id))]


def test_build_problem_absent_participant_removed_with_requests_and_locks(day, wishes):
    absent = day.hosts[0]
    locked = [{"host": participant_key(absent.pk), "guest": participant_key(day.guests[0].pk),
               "slot": slot_key(day.block.slots.first().pk), "table": None}]

    problem = services.build_problem(block=day.block, locked=locked, previous=locked,
                                     absent_participant_ids=[absent.pk])

    scheduling.validate_problem(problem)
    assert participant_key(absent.pk) not in {p["id"] for p in problem["participants"]}
    assert all(r["host"] != participant_key(absent.pk) for r in problem["requests"])
    assert "locked" not in problem
    assert problem["previous"] == locked


def test_build_problem_meeting_in_another_block_removes_overlapping_slots(day, wishes):
    item = ProgrammeItemFactory(event=day.event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="pitch",
                                title="Pitch devant un jury", start=at(10, 0), end=at(10, 30))
    panel = services.configure_block(item=item, host_roles=["expert"], guest_roles=["project_holder"])
    publish(panel, [(day.hosts[2], day.guests[0], 1, None)])  # 10:15-10:30, jury = KPMG's expert

    problem = services.build_problem(block=day.block)

    slots = list(day.block.slots.order_by("index"))
    expected = [slot_key(s.pk) for s in slots if s.index != 1]
    assert entry(problem, day.guests[0])["available"] == expected
    assert entry(problem, day.hosts[2])["available"] == expected
    assert "available" not in entry(problem, day.guests[1])
