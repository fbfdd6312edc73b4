import pytest

from backend.events.demo import build_base_day
from backend.events.models import Registration
from tests.factories import EventFactory, RegistrationFactory, UserFactory

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
    from backend.events.models import Participant
    assert Participant.objects.get(user__email="lina@exemple.fr").user.first_name == "Lina"


def test_admin_event_page_with_demo_inlines_opens(client):
    event, _ = build_base_day()
    organizer = event.organizers.get(username="organisateur")
    client.force_login(organizer)
    assert client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200
