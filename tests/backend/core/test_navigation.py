"""The header shows each person the way to their own space, and organizers the way to run the day."""

import datetime as dt

import pytest

from backend.checkin import services as checkin_services
from backend.events.models import ProgrammeItem
from backend.meetings import services
from tests.factories import (
    PARIS,
    PASSWORD,
    EventFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    UserFactory,
)


@pytest.fixture
def event_with_block(db):
    organizer = UserFactory(username="equipe-ess")
    event = EventFactory(slug="mfi", organizers=[organizer])
    item = ProgrammeItemFactory(event=event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="speed-meetings",
                                title="Speed meetings",
                                start=dt.datetime(2024, 11, 13, 10, tzinfo=PARIS),
                                end=dt.datetime(2024, 11, 13, 11, tzinfo=PARIS))
    services.configure_block(item=item, host_roles=["funder"], guest_roles=["project_holder"])
    return event, organizer


def test_navigation_project_holder_sees_own_space_links(client, event_with_block):
    holder = ParticipantFactory(role="project_holder")
    client.login(username=holder.user.username, password=PASSWORD)

    page = client.get("/").content.decode()

    assert "/rendez-vous/mfi/speed-meetings/" in page
    assert "/agenda/mfi/" in page
    assert "/evenements/mfi/mon-badge/" in page
    assert "/organisation/mfi/speed-meetings/" not in page


def test_navigation_organizer_sees_organization_links(client, event_with_block):
    _, organizer = event_with_block
    client.login(username=organizer.username, password=PASSWORD)

    page = client.get("/").content.decode()

    assert "/organisation/mfi/speed-meetings/" in page
    assert "/evenements/mfi/accueil/" in page
    assert "/evenements/mfi/absences/" in page


def test_navigation_anonymous_sees_no_private_links(client, event_with_block):
    page = client.get("/").content.decode()

    assert "/agenda/mfi/" not in page
    assert "/organisation/" not in page


def test_navigation_desk_account_sees_the_desk_page(client, event_with_block):
    event, _ = event_with_block
    checkin_services.ensure_desk_account(event=event, username="accueil-mfi", password=PASSWORD)
    client.login(username="accueil-mfi", password=PASSWORD)

    page = client.get("/").content.decode()

    assert "/evenements/mfi/accueil/" in page
    assert "/organisation/" not in page
