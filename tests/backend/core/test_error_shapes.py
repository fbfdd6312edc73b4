"""Every API error is JSON {"code", "message", "fields"?} with a French message; never a 500."""

import pytest

from backend.core.errors import AppError, conflict, forbidden, not_found
from tests.factories import ParticipantFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_400_has_field_and_french_reason(api_client):
    response = api_client.post("/api/registrations/", {"event": "x", "gdpr_consent": "peut-être"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "gdpr_consent" in body["fields"]
    assert "booléen" in body["fields"]["gdpr_consent"][0]


def test_400_malformed_json_is_parse_error(api_client):
    response = api_client.post("/api/registrations/", "{pas du json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_404_unknown_object_json(api_client):
    api_client.force_authenticate(UserFactory())
    response = api_client.get("/api/registrations/999999/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Introuvable."}


def test_404_unknown_url_under_api_json(client):
    response = client.get("/api/nexiste-pas/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_403_forbidden_json_in_french(api_client):
    registration = RegistrationFactory(status="pending")
    api_client.force_authenticate(registration.participant.user)
    response = api_client.post(f"/api/registrations/{registration.pk}/approve/")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "organisateur" in response.json()["message"]


def test_409_conflict_json(api_client):
    participant = ParticipantFactory()
    registration = RegistrationFactory(participant=participant)
    api_client.force_authenticate(participant.user)
    response = api_client.post("/api/registrations/", {"event": registration.event.slug, "gdpr_consent": True},
                               format="json")
    assert response.status_code == 409
    assert response.json() == {"code": "already_registered", "message": "Vous êtes déjà inscrit(e) à cet événement."}


def test_401_without_credentials_in_french(api_client):
    response = api_client.get("/api/me/")
    assert response.status_code == 401
    assert response.json()["message"].startswith("Authentification requise")


def test_401_bad_token(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer pas-un-jeton")
    response = api_client.get("/api/me/")
    assert response.status_code == 401
    assert response.json() == {"code": "token_not_valid", "message": "Jeton invalide ou expiré."}


def test_405_method_not_allowed_in_french(api_client):
    response = api_client.delete("/api/events/")
    assert response.status_code == 405
    assert response.json()["message"] == "Méthode non autorisée."


def test_error_helpers_set_status_and_code():
    assert (not_found().status, conflict("x").status, forbidden().status, AppError("x").status) == (404, 409, 403, 400)
    assert conflict("x", field="email").field == "email"


def test_token_wrong_password_401_in_french(api_client):
    UserFactory(username="lina")

    response = api_client.post("/api/auth/token/", {"username": "lina", "password": "pas le bon"}, format="json")

    assert response.status_code == 401
    assert response.json() == {"code": "no_active_account", "message": "Identifiant ou mot de passe incorrect."}
