"""A double click on « Nouveau lien » (two requests at once) must not end in a server error."""

import threading

import pytest
from django.db import connection

from backend.agenda import services
from backend.agenda.models import FeedToken
from backend.events.models import Event, Participant
from tests.factories import EventFactory, ParticipantFactory

N = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_regenerate_feed_token_clicked_at_once_leaves_one_active_token():
    event_id, participant_id = EventFactory().pk, ParticipantFactory().pk
    barrier = threading.Barrier(N)
    errors: list[str] = []

    def click() -> None:
        try:
            event, participant = Event.objects.get(pk=event_id), Participant.objects.get(pk=participant_id)
            barrier.wait(timeout=30)
            services.regenerate_feed_token(participant=participant, event=event)
        except Exception as exc:  # reported by the assertion below, with its text
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert FeedToken.objects.filter(participant_id=participant_id, revoked_at__isnull=True).count() == 1
    assert FeedToken.objects.filter(participant_id=participant_id).count() == N
