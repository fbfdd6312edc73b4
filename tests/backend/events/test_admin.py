import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.events.demo import build_base_day
from backend.events.models import Participant, Registration, WorkshopSeat
from tests.factories import (
    EventFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopSeatFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_organizer(event):
    from backend.events.groups import ensure_organizer_group

    user = UserFactory(username="staff-orga", is_staff=True)
    user.groups.add(ensure_organizer_group())
    event.organizers.add(user)
    return user


@pytest.mark.parametrize("model", ["event", "programmeitem", "organization", "participant", "registration",
                                   "workshopseat"])
def test_admin_changelist_and_add_open_for_staff_organizer(client, staff_organizer, model, owner_registration):
    client.force_login(staff_organizer)
    assert client.get(f"/admin/events/{model}/").status_code == 200
    assert client.get(f"/admin/events/{model}/add/").status_code == 200


def test_admin_in_french(client, staff_organizer):
    client.force_login(staff_organizer)
    assert "Inscriptions" in client.get("/admin/").content.decode()


def test_admin_staff_organizer_sees_only_own_events_registrations(client, staff_organizer, owner_registration):
    foreign = RegistrationFactory(event=EventFactory(name="Autre journée"))
    client.force_login(staff_organizer)
    page = client.get("/admin/events/registration/").content.decode()
    assert str(owner_registration.participant) in page
    assert str(foreign.participant) not in page


def test_admin_approve_action_confirms_pending(client, staff_organizer, event):
    pending = RegistrationFactory(event=event, status=Registration.Status.PENDING)
    client.force_login(staff_organizer)
    client.post("/admin/events/registration/", {"action": "approve", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == "confirmed"


def test_admin_add_participant_creates_account(client, staff_organizer):
    client.force_login(staff_organizer)
    response = client.post("/admin/events/participant/add/", {
        "first_name": "Lina", "last_name": "Roux", "email": "lina@exemple.fr", "role": "buyer",
        "job_title": "", "phone": ""})
    assert response.status_code == 302
    assert Participant.objects.get(user__email="lina@exemple.fr").user.first_name == "Lina"


def test_admin_event_page_with_demo_inlines_opens(client):
    event, _ = build_base_day()
    organizer = event.organizers.get(username="organisateur")
    client.force_login(organizer)
    assert client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200


def test_admin_seat_on_other_event_registration_refused(client, staff_organizer):
    other_event = EventFactory(name="Autre journée")
    foreign = RegistrationFactory(event=other_event)
    foreign_item = ProgrammeItemFactory(event=other_event, slug="secret", title="Atelier de l'autre journée")
    client.force_login(staff_organizer)

    form_page = client.get("/admin/events/workshopseat/add/").content.decode()
    response = client.post("/admin/events/workshopseat/add/",
                           {"registration": foreign.pk, "item": foreign_item.pk, "status": "confirmed"})

    assert "Atelier de l'autre journée" not in form_page
    assert response.status_code == 200  # the form again, with its errors
    assert not WorkshopSeat.objects.filter(registration=foreign).exists()


def _registration_page_queries(client, registration) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/admin/events/registration/{registration.pk}/change/").status_code == 200
    return len(queries)


def test_admin_registration_page_queries_not_growing_with_workshops(client, staff_organizer, owner_registration):
    event = owner_registration.event
    items = [ProgrammeItemFactory(event=event, slug=f"atelier-{n}", kind="workshop") for n in range(12)]
    for item in items[:2]:
        WorkshopSeatFactory(registration=owner_registration, item=item)
    client.force_login(staff_organizer)
    few = _registration_page_queries(client, owner_registration)

    for item in items[2:6]:
        WorkshopSeatFactory(registration=owner_registration, item=item)
    more = _registration_page_queries(client, owner_registration)

    # One query per inline row (its workshop choices) at most, never one per workshop offered.
    assert more - few <= 4


def _participant_change(participant, **changes) -> dict:
    user = participant.user
    return {"first_name": user.first_name, "last_name": user.last_name, "email": user.email, "user": user.pk,
            "organization": "", "role": participant.role, "job_title": "", "phone": ""} | changes


def test_admin_participant_email_change_moves_the_login(client, staff_organizer):
    participant = ParticipantFactory(user=UserFactory(username="lina@exemple.fr", email="lina@exemple.fr"))
    client.force_login(staff_organizer)

    response = client.post(f"/admin/events/participant/{participant.pk}/change/",
                           _participant_change(participant, email="Lina.Roux@Exemple.fr"))

    assert response.status_code == 302
    participant.user.refresh_from_db()
    assert (participant.user.username, participant.user.email) == ("lina.roux@exemple.fr", "lina.roux@exemple.fr")


def test_admin_participant_email_of_another_account_refused(client, staff_organizer):
    UserFactory(username="pris", email="pris@exemple.fr")
    participant = ParticipantFactory(user=UserFactory(username="lina", email="lina@exemple.fr"))
    client.force_login(staff_organizer)

    response = client.post(f"/admin/events/participant/{participant.pk}/change/",
                           _participant_change(participant, email="pris@exemple.fr"))

    assert response.status_code == 200
    assert "Cette adresse e-mail est déjà utilisée par un autre compte." in response.content.decode()
    participant.user.refresh_from_db()
    assert participant.user.email == "lina@exemple.fr"


def test_admin_add_participant_email_too_long_refused_on_field(client, staff_organizer):
    client.force_login(staff_organizer)

    response = client.post("/admin/events/participant/add/", {
        "first_name": "Lina", "last_name": "Roux", "email": "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".fr",
        "role": "buyer", "job_title": "", "phone": ""})

    assert response.status_code == 200
    assert not Participant.objects.exists()


def _event_page_queries(client, event) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200
    return len(queries)


def test_admin_event_page_one_query_per_registration_at_most(client, staff_organizer, event):
    RegistrationFactory.create_batch(2, event=event)
    client.force_login(staff_organizer)
    few = _event_page_queries(client, event)

    RegistrationFactory.create_batch(4, event=event)
    more = _event_page_queries(client, event)

    # The participant autocomplete looks up its selected option, one row at a time; nothing more per row.
    assert more - few <= 4
