import pytest

from tests.factories import (
    EventFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    UserFactory,
)


@pytest.fixture
def organizer():
    return UserFactory(username="orga")


@pytest.fixture
def event(organizer):
    return EventFactory(slug="journee", organizers=[organizer])


@pytest.fixture
def workshop(event):
    return ProgrammeItemFactory(event=event, slug="atelier-a", title="Atelier A", capacity=2)


@pytest.fixture
def owner_registration(event):
    return RegistrationFactory(event=event, participant=ParticipantFactory(user=UserFactory(username="owner")))


@pytest.fixture
def other_participant():
    return ParticipantFactory(user=UserFactory(username="other"))


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Pages render without `collectstatic`: the manifest storage is for production."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2 with production iterations costs ~0.5 s per password: too slow for hundreds of tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
