"""Every endpoint of the events API, for the owner, another participant, an organizer and anonymous users."""

import pytest

from backend.events.models import Registration
from tests.factories import (
    PASSWORD,
    EventFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(api_client):
    def login(user):
        api_client.force_authenticate(user)
        return api_client
    return login


def test_events_list_public_with_slug_and_name(api_client, event):
    response = api_client.get("/api/events/")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"][0]["slug"] == "journee"
    assert response.json()["results"][0]["name"] == event.name


def test_event_detail_public(api_client, event):
    assert api_client.get("/api/events/journee/").json()["slug"] == "journee"


def test_event_unknown_is_json_404(api_client):
    response = api_client.get("/api/events/inconnu/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Introuvable."}


def test_programme_anonymous_sees_only_public_items(api_client, event, workshop):
    ProgrammeItemFactory(event=event, slug="coulisses", public=False)
    response = api_client.get("/api/events/journee/programme/")
    assert response.status_code == 200
    assert [i["slug"] for i in response.json()["results"]] == ["atelier-a"]
    assert response.json()["results"][0]["seats_taken"] == 0


def test_programme_organizer_also_sees_hidden_items(as_user, event, organizer, workshop):
    ProgrammeItemFactory(event=event, slug="coulisses", public=False)
    response = as_user(organizer).get("/api/events/journee/programme/")
    assert sorted(i["slug"] for i in response.json()["results"]) == ["atelier-a", "coulisses"]


@pytest.mark.parametrize("path", ["participants", "organizations"])
def test_event_directory_anonymous_401(api_client, event, path):
    response = api_client.get(f"/api/events/journee/{path}/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("path", ["participants", "organizations"])
def test_event_directory_participant_403(as_user, owner_registration, path):
    response = as_user(owner_registration.participant.user).get(f"/api/events/journee/{path}/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_event_participants_organizer_sees_registered_people_with_status(as_user, organizer, owner_registration):
    RegistrationFactory()  # another event
    response = as_user(organizer).get("/api/events/journee/participants/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["id"], r["registration_status"]) for r in rows] == [(owner_registration.participant_id,
                                                                     "confirmed")]


def test_event_organizations_organizer_sees_member_counts(as_user, organizer, owner_registration):
    response = as_user(organizer).get("/api/events/journee/organizations/")
    assert response.json()["results"][0]["name"] == owner_registration.participant.organization.name
    assert response.json()["results"][0]["members_count"] == 1


def test_organizer_of_another_event_is_not_organizer_here(as_user, owner_registration):
    stranger = UserFactory()
    EventFactory(organizers=[stranger])
    assert as_user(stranger).get("/api/events/journee/participants/").status_code == 403


def test_registrations_anonymous_401(api_client, owner_registration):
    assert api_client.get("/api/registrations/").status_code == 401
    assert api_client.get(f"/api/registrations/{owner_registration.pk}/").status_code == 401


def test_registrations_owner_lists_only_own(as_user, owner_registration, other_participant):
    RegistrationFactory(event=owner_registration.event, participant=other_participant)
    response = as_user(owner_registration.participant.user).get("/api/registrations/")
    assert [r["id"] for r in response.json()["results"]] == [owner_registration.pk]


def test_registrations_organizer_lists_all_of_event_only(as_user, organizer, owner_registration, other_participant):
    second = RegistrationFactory(event=owner_registration.event, participant=other_participant)
    RegistrationFactory()  # another event, not organized by them
    response = as_user(organizer).get("/api/registrations/")
    assert sorted(r["id"] for r in response.json()["results"]) == sorted([owner_registration.pk, second.pk])


def test_registration_retrieve_owner_200_other_404_organizer_200(as_user, organizer, owner_registration,
                                                                 other_participant):
    url = f"/api/registrations/{owner_registration.pk}/"
    assert as_user(owner_registration.participant.user).get(url).status_code == 200
    assert as_user(other_participant.user).get(url).status_code == 404
    assert as_user(organizer).get(url).status_code == 200


def test_self_registration_anonymous_creates_account_then_token_works(api_client, event, workshop):
    response = api_client.post("/api/registrations/", {
        "event": "journee", "workshops": ["atelier-a"], "gdpr_consent": True, "email": "awa@exemple.fr",
        "password": "Tres-Solide-2024", "first_name": "Awa", "last_name": "Diallo", "role": "siae",
        "organization": {"name": "Régie de quartier", "commune": "Nanterre"}}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "confirmed"
    assert response.json()["workshops"][0]["status"] == "confirmed"
    token = api_client.post("/api/auth/token/", {"username": "awa@exemple.fr", "password": "Tres-Solide-2024"})
    assert token.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access']}")
    assert api_client.get("/api/me/").json()["participant"]["role"] == "siae"


def test_self_registration_second_time_is_409_with_french_message(api_client, owner_registration):
    response = api_client.post("/api/registrations/", {
        "event": "journee", "gdpr_consent": True, "email": owner_registration.participant.user.email,
        "password": "Tres-Solide-2024", "first_name": "A", "last_name": "B", "role": "buyer"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "already_registered"
    assert "existe déjà" in response.json()["message"]


def test_self_registration_missing_fields_400_with_field(api_client, event):
    response = api_client.post("/api/registrations/", {"event": "journee", "gdpr_consent": True}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()["fields"]


def test_self_registration_without_consent_400_on_consent(api_client, event):
    response = api_client.post("/api/registrations/", {
        "event": "journee", "gdpr_consent": False, "email": "x@exemple.fr", "password": "Tres-Solide-2024",
        "first_name": "A", "last_name": "B", "role": "buyer"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"gdpr_consent": [response.json()["message"]]}
    assert "RGPD" in response.json()["message"]


def test_self_registration_unknown_workshop_400(api_client, event):
    response = api_client.post("/api/registrations/", {
        "event": "journee", "gdpr_consent": True, "workshops": ["nope"], "email": "x@exemple.fr",
        "password": "Tres-Solide-2024", "first_name": "A", "last_name": "B", "role": "buyer"}, format="json")
    assert response.status_code == 400
    assert "workshops" in response.json()["fields"]


def test_self_registration_unknown_event_400(api_client):
    response = api_client.post("/api/registrations/", {"event": "nope", "gdpr_consent": True}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["event"]


def test_logged_in_participant_registers_with_own_profile(as_user, event):
    participant = ParticipantFactory()
    response = as_user(participant.user).post("/api/registrations/", {"event": "journee", "gdpr_consent": True},
                                              format="json")
    assert response.status_code == 201
    assert response.json()["participant"]["id"] == participant.pk


def test_cancel_owner_200_other_404_anonymous_401(api_client, as_user, owner_registration, other_participant):
    url = f"/api/registrations/{owner_registration.pk}/cancel/"
    assert api_client.post(url).status_code == 401
    assert as_user(other_participant.user).post(url).status_code == 404
    response = as_user(owner_registration.participant.user).post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_cancel_organizer_200(as_user, organizer, owner_registration):
    assert as_user(organizer).post(f"/api/registrations/{owner_registration.pk}/cancel/").status_code == 200


def test_approve_owner_403_other_404_organizer_200(as_user, organizer, event, other_participant):
    registration = RegistrationFactory(event=event, status=Registration.Status.PENDING)
    url = f"/api/registrations/{registration.pk}/approve/"
    assert as_user(registration.participant.user).post(url).status_code == 403
    assert as_user(other_participant.user).post(url).status_code == 404
    response = as_user(organizer).post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"


def test_workshops_put_by_owner_takes_seat(as_user, owner_registration, workshop):
    response = as_user(owner_registration.participant.user).put(
        f"/api/registrations/{owner_registration.pk}/workshops/", {"workshops": ["atelier-a"]}, format="json")
    assert response.status_code == 200
    assert response.json()["workshops"][0]["status"] == "confirmed"


def test_workshops_put_by_other_participant_404(as_user, owner_registration, other_participant, workshop):
    response = as_user(other_participant.user).put(
        f"/api/registrations/{owner_registration.pk}/workshops/", {"workshops": ["atelier-a"]}, format="json")
    assert response.status_code == 404


def test_me_anonymous_401(api_client):
    assert api_client.get("/api/me/").status_code == 401


def test_me_shows_own_profile_and_organized_events(as_user, organizer, event, owner_registration):
    assert as_user(owner_registration.participant.user).get("/api/me/").json()["username"] == "owner"
    assert as_user(organizer).get("/api/me/").json()["organized_events"] == ["journee"]


def test_me_patch_updates_profile(as_user, owner_registration):
    response = as_user(owner_registration.participant.user).patch("/api/me/", {"job_title": "Trésorière",
                                                                             "first_name": "Zoé"}, format="json")
    assert response.status_code == 200
    assert response.json()["first_name"] == "Zoé"
    assert response.json()["participant"]["job_title"] == "Trésorière"


def test_me_patch_bad_email_400_with_field(as_user, owner_registration):
    response = as_user(owner_registration.participant.user).patch("/api/me/", {"email": "pas-un-mail"},
                                                                  format="json")
    assert response.status_code == 400
    assert "email" in response.json()["fields"]


def test_jwt_token_with_password_then_bearer(api_client, owner_registration):
    token = api_client.post("/api/auth/token/", {"username": "owner", "password": PASSWORD})
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access']}")
    assert api_client.get("/api/registrations/").json()["count"] == 1


LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".fr"  # valid, but longer than the 254 of the column


def test_self_register_email_too_long_400_on_email(api_client, event):
    response = api_client.post("/api/registrations/", {
        "event": "journee", "gdpr_consent": True, "email": LONG_EMAIL, "password": "rencontres-2024",
        "first_name": "Ana", "last_name": "Lopes", "role": "funder"}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"email": ["Adresse e-mail trop longue (254 caractères au plus)."]}
    assert not Registration.objects.exists()


def test_me_patch_email_too_long_400_on_email(as_user, owner_registration):
    response = as_user(owner_registration.participant.user).patch("/api/me/", {"email": LONG_EMAIL},
                                                                  format="json")

    assert response.status_code == 400
    assert "email" in response.json()["fields"]
