"""Capacity under concurrent registrations: PostgreSQL only (row locks), skipped on SQLite."""

import threading

import pytest
from django.db import connection

from backend.events import services
from backend.events.models import Registration, WorkshopSeat
from tests.factories import EventFactory, ParticipantFactory, ProgrammeItemFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 12


def run_together(work, arguments):
    barrier = threading.Barrier(len(arguments))
    errors = []

    def target(argument):
        try:
            barrier.wait()
            work(argument)
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_workshop_last_seats_taken_by_exactly_capacity_threads():
    event = EventFactory()
    workshop = ProgrammeItemFactory(event=event, capacity=5)
    participants = [ParticipantFactory() for _ in range(THREADS)]

    errors = run_together(lambda p: services.register_participant(event=event, participant=p, workshops=[workshop],
                                                                  gdpr_consent=True), participants)

    assert errors == []
    assert WorkshopSeat.objects.filter(item=workshop, status="confirmed").count() == 5
    assert WorkshopSeat.objects.filter(item=workshop, status="waitlisted").count() == THREADS - 5


def test_event_last_places_taken_by_exactly_capacity_threads():
    event = EventFactory(capacity=4)
    participants = [ParticipantFactory() for _ in range(THREADS)]

    errors = run_together(lambda p: services.register_participant(event=event, participant=p, gdpr_consent=True),
                          participants)

    assert errors == []
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 4
    assert event.registrations.filter(status=Registration.Status.WAITLISTED).count() == THREADS - 4


def test_same_person_registering_twice_at_once_gets_one_registration_and_one_409():
    event = EventFactory()
    participant = ParticipantFactory()

    errors = run_together(lambda p: services.register_participant(event=event, participant=p, gdpr_consent=True),
                          [participant, participant])

    assert [getattr(e, "status", None) for e in errors] == [409]
    assert event.registrations.count() == 1


def test_cancellations_at_once_promote_exactly_the_freed_seats():
    event = EventFactory()
    workshop = ProgrammeItemFactory(event=event, capacity=4)
    registrations = [services.register_participant(event=event, participant=ParticipantFactory(),
                                                   workshops=[workshop], gdpr_consent=True) for _ in range(10)]

    errors = run_together(lambda r: services.cancel_registration(registration=r, by=r.participant.user),
                          registrations[:3])

    assert errors == []
    assert WorkshopSeat.objects.filter(item=workshop, status="confirmed").count() == 4
    promoted = WorkshopSeat.objects.filter(item=workshop, status="confirmed").order_by("created_at")
    assert [s.registration_id for s in promoted] == [r.pk for r in registrations[3:7]]
