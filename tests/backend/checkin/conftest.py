"""Fixtures of the check-in tests: an event with an organizer, a desk account, confirmed people."""

import pytest

from backend.checkin import services
from backend.events.models import Participant
from tests.factories import EventFactory, ParticipantFactory, RegistrationFactory, UserFactory


@pytest.fixture
def organizer(db):
    return UserFactory(username="orga")


@pytest.fixture
def event(organizer):
    return EventFactory(name="Rencontres ESS et Territoire", slug="rencontres-2024", organizers=[organizer])


@pytest.fixture
def other_event(db):
    return EventFactory(name="Convention Busin'ESS 92", slug="convention-2025")


@pytest.fixture
def desk_user(event):
    return services.ensure_desk_account(event=event, username="accueil-test", password="motdepasse-test",
                                        desk_name="Accueil 1")


@pytest.fixture
def registration(event):
    participant = ParticipantFactory(user__first_name="Inès", user__last_name="Bakari",
                                     organization__name="BicyclAide", role=Participant.Role.PROJECT_HOLDER)
    return RegistrationFactory(event=event, participant=participant)


@pytest.fixture
def badge(registration):
    return services.issue_badge(registration=registration)


@pytest.fixture
def desk(desk_user, event):
    return desk_user.checkin_desks.get(event=event)
