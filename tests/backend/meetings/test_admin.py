"""The admin of the meetings app for a staff organizer: their events only, and lists that stay cheap."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backend.events.groups import ensure_organizer_group
from backend.events.models import ProgrammeItem
from backend.meetings import services
from backend.meetings.models import MeetingBlock, Wish
from tests.backend.meetings.conftest import at
from tests.factories import EventFactory, ProgrammeItemFactory, UserFactory


def staff_browser(user) -> Client:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ensure_organizer_group())
    client = Client()
    client.force_login(user)
    return client


def other_event_block() -> MeetingBlock:
    event = EventFactory(slug="autre", organizers=[UserFactory(username="orga-autre")])
    item = ProgrammeItemFactory(event=event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="autre-bloc",
                                title="Bloc d'un autre événement", start=at(10), end=at(11))
    return services.configure_block(item=item, host_roles=["funder"], guest_roles=["project_holder"])


def test_admin_wish_add_in_another_events_block_refused_to_a_staff_organizer(day):
    other = other_event_block()
    client = staff_browser(day.organizer)

    response = client.post("/admin/meetings/wish/add/", {"block": other.pk, "guest": day.guests[0].pk,
                                                         "host": day.hosts[0].pk, "rank": 1, "status": "pending"})

    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    assert not Wish.objects.filter(block=other).exists()


def test_admin_wish_add_offers_only_the_blocks_of_the_organizers_events(day):
    other = other_event_block()

    html = staff_browser(day.organizer).get("/admin/meetings/wish/add/").content.decode()

    assert "Speed meetings MFI" in html and "Bloc d&#x27;un autre événement" not in html
    assert f'value="{other.pk}"' not in html


def test_admin_wish_list_queries_do_not_grow_with_wishes(day):
    client = staff_browser(day.organizer)
    services.add_wish(block=day.block, guest=day.guests[0], host=day.hosts[0])
    with CaptureQueriesContext(connection) as one:
        client.get("/admin/meetings/wish/")

    for guest in day.guests[1:]:
        for host in day.hosts:
            services.add_wish(block=day.block, guest=guest, host=host)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/meetings/wish/")

    assert response.status_code == 200 and Wish.objects.count() == 13
    assert len(many) == len(one)
