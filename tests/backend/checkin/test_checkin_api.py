import pytest
from django.urls import reverse

from backend.checkin.models import CheckIn
from tests.factories import EventFactory, RegistrationFactory, UserFactory

URL = "/api/checkin/"


def test_checkin_api_desk_account_gets_ok_without_naming_the_event(api_client, badge, desk_user):
    api_client.force_authenticate(desk_user)

    response = api_client.post(URL, {"token": badge.token, "nonce": "n1"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["result"] == "ok"
    assert response.json()["person"]["name"] == "Inès Bakari"
    assert response.json()["desk"] == "Accueil 1"


def test_checkin_api_organizer_names_the_event(api_client, badge, organizer, event):
    api_client.force_authenticate(organizer)

    response = api_client.post(URL, {"token": badge.token, "nonce": "n1", "event": event.slug}, format="json")

    assert response.status_code == 200 and response.json()["result"] == "ok"


def test_checkin_api_every_result_is_answered_with_200(api_client, badge, desk_user, event, other_event):
    from backend.checkin import services

    api_client.force_authenticate(desk_user)
    old = badge.token
    new = services.reissue_badge(registration=badge.registration).token
    foreign = services.issue_badge(registration=RegistrationFactory(event=other_event)).token
    cases = [(new, "ok"), (new, "already_checked_in"), (old, "revoked"), (foreign, "wrong_event"),
             ("PAS-UN-BADGE", "invalid")]

    results = [api_client.post(URL, {"token": token, "nonce": f"n{i}"}, format="json") for i, (token, _) in
               enumerate(cases)]

    assert [(r.status_code, r.json()["result"]) for r in results] == [(200, want) for _, want in cases]


def test_checkin_api_replayed_nonce_answers_the_same(api_client, badge, desk_user):
    api_client.force_authenticate(desk_user)
    body = {"token": badge.token, "nonce": "rejoue"}

    first = api_client.post(URL, body, format="json").json()
    second = api_client.post(URL, body, format="json").json()

    assert first == second and first["result"] == "ok"
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize("token", ["", "x" * 100_000, "🙂" * 50, "0" * 109, "%00", "null"])
def test_checkin_api_hostile_token_is_invalid_never_500(api_client, badge, desk_user, token):
    api_client.force_authenticate(desk_user)

    response = api_client.post(URL, {"token": token, "nonce": "n"}, format="json")

    assert response.status_code == 200
    assert response.json()["result"] == "invalid"


def test_checkin_api_missing_fields_give_french_errors(api_client, desk_user):
    api_client.force_authenticate(desk_user)

    response = api_client.post(URL, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"token", "nonce"}


def test_checkin_api_anonymous_is_refused(api_client, badge):
    response = api_client.post(URL, {"token": badge.token, "nonce": "n"}, format="json")

    assert response.status_code == 401
    assert not CheckIn.objects.exists()


def test_checkin_api_participant_is_forbidden(api_client, badge, event):
    api_client.force_authenticate(badge.registration.participant.user)

    response = api_client.post(URL, {"token": badge.token, "nonce": "n", "event": event.slug}, format="json")

    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_checkin_api_participant_without_event_is_forbidden(api_client, badge):
    api_client.force_authenticate(badge.registration.participant.user)

    response = api_client.post(URL, {"token": badge.token, "nonce": "n"}, format="json")

    assert response.status_code == 403


def test_checkin_api_organizer_of_another_event_is_forbidden(api_client, badge, event):
    stranger = UserFactory()
    EventFactory(organizers=[stranger])
    api_client.force_authenticate(stranger)

    response = api_client.post(URL, {"token": badge.token, "nonce": "n", "event": event.slug}, format="json")

    assert response.status_code == 403


def test_checkin_api_desk_of_another_account_is_forbidden(api_client, badge, desk, event):
    from backend.checkin import services

    other = services.ensure_desk_account(event=EventFactory(), username="autre-accueil", password="x")
    api_client.force_authenticate(other)

    response = api_client.post(URL, {"token": badge.token, "nonce": "n", "desk": desk.pk}, format="json")

    assert response.status_code == 403


def test_checkin_status_counts_by_role_and_lists_last_scans(api_client, badge, desk_user, event):
    RegistrationFactory(event=event, participant__role="funder")
    api_client.force_authenticate(desk_user)
    api_client.post(URL, {"token": badge.token, "nonce": "n"}, format="json")

    data = api_client.get(reverse("api-checkin-status", kwargs={"slug": event.slug})).json()

    counts = {c["role"]: (c["checked_in"], c["expected"]) for c in data["counts"]}
    assert counts == {"project_holder": (1, 1), "funder": (0, 1)}
    assert (data["checked_in"], data["expected"]) == (1, 2)
    assert data["recent"][0]["name"] == "Inès Bakari" and data["recent"][0]["result"] == "ok"


def test_checkin_status_participant_is_forbidden(api_client, badge, event):
    api_client.force_authenticate(badge.registration.participant.user)

    assert api_client.get(reverse("api-checkin-status", kwargs={"slug": event.slug})).status_code == 403


def test_revocation_list_has_public_key_versions_and_revoked(api_client, badge, desk_user, event):
    from backend.checkin import services

    new = services.reissue_badge(registration=badge.registration)
    cancelled = services.issue_badge(registration=RegistrationFactory(event=event))
    cancelled.registration.status = "cancelled"
    cancelled.registration.save()
    api_client.force_authenticate(desk_user)

    data = api_client.get(reverse("api-revocations", kwargs={"slug": event.slug})).json()

    assert data["public_key"] == event.badge_key.public_key
    assert data["current_versions"][str(badge.registration_id)] == new.version
    assert {(r["registration"], r["version"]) for r in data["revoked"]} == {
        (badge.registration_id, 1), (cancelled.registration_id, 1)}


def test_revocation_list_anonymous_is_refused(api_client, event):
    assert api_client.get(reverse("api-revocations", kwargs={"slug": event.slug})).status_code == 401
