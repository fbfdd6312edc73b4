import pytest
from django.contrib.auth import get_user_model

from backend.events.models import Registration
from tests.factories import ParticipantFactory, ProgrammeItemFactory

pytestmark = pytest.mark.django_db


def test_home_shows_public_programme_in_french(client, event, workshop):
    ProgrammeItemFactory(event=event, slug="secret", title="Réunion interne", public=False)
    page = client.get("/").content.decode()
    assert event.name in page and "Atelier A" in page
    assert "Réunion interne" not in page
    assert 'lang="fr"' in page and "S'inscrire" in page


def test_home_without_event_says_so(client):
    assert "Aucun événement" in client.get("/").content.decode()


def test_register_page_anonymous_creates_account_and_logs_in(client, event, workshop):
    response = client.post("/evenements/journee/inscription/", {
        "first_name": "Awa", "last_name": "Diallo", "email": "awa@exemple.fr", "password": "Tres-Solide-2024",
        "role": "siae", "organization": "Régie de quartier", "workshops": [workshop.pk], "gdpr_consent": "on"})
    assert response.status_code == 302 and response["Location"] == "/mon-inscription/"
    page = client.get("/mon-inscription/").content.decode()
    assert "Confirmée" in page or "confirmée" in page
    assert "Atelier A" in page


def test_register_page_without_consent_shows_french_error(client, event):
    response = client.post("/evenements/journee/inscription/", {
        "first_name": "Awa", "last_name": "Diallo", "email": "awa@exemple.fr", "password": "Tres-Solide-2024",
        "role": "siae"})
    assert response.status_code == 400
    assert "consentement RGPD est obligatoire" in response.content.decode()
    assert not get_user_model().objects.filter(email="awa@exemple.fr").exists()


def test_register_page_existing_email_shows_409_reason(client, event, owner_registration):
    response = client.post("/evenements/journee/inscription/", {
        "first_name": "A", "last_name": "B", "email": owner_registration.participant.user.email,
        "password": "Tres-Solide-2024", "role": "siae", "gdpr_consent": "on"})
    assert response.status_code == 400
    assert "existe déjà" in response.content.decode()


def test_register_page_logged_in_participant_only_confirms(client, event):
    participant = ParticipantFactory()
    client.force_login(participant.user)
    assert "password" not in client.get("/evenements/journee/inscription/").content.decode()
    client.post("/evenements/journee/inscription/", {"gdpr_consent": "on"})
    assert Registration.objects.get(participant=participant).status == "confirmed"


def test_my_registration_requires_login(client):
    response = client.get("/mon-inscription/")
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_my_registration_cancel_by_owner(client, owner_registration):
    client.force_login(owner_registration.participant.user)
    client.post(f"/inscriptions/{owner_registration.pk}/annuler/")
    owner_registration.refresh_from_db()
    assert owner_registration.status == "cancelled"


def test_cancel_page_of_someone_else_is_404(client, owner_registration, other_participant):
    client.force_login(other_participant.user)
    assert client.post(f"/inscriptions/{owner_registration.pk}/annuler/").status_code == 404
    owner_registration.refresh_from_db()
    assert owner_registration.status == "confirmed"


def test_change_workshops_page(client, owner_registration, workshop):
    client.force_login(owner_registration.participant.user)
    client.post(f"/inscriptions/{owner_registration.pk}/ateliers/", {f"r{owner_registration.pk}-workshops": [workshop.pk]})
    assert owner_registration.seats.get().item == workshop


def test_profile_form_updates_name(client, owner_registration):
    client.force_login(owner_registration.participant.user)
    client.post("/mon-inscription/", {"first_name": "Zoé", "last_name": "Roux", "email": "zoe@exemple.fr"})
    owner_registration.participant.user.refresh_from_db()
    assert owner_registration.participant.user.first_name == "Zoé"


def test_login_page_in_french_and_login_works(client, owner_registration):
    assert "Connexion" in client.get("/connexion/").content.decode()
    response = client.post("/connexion/", {"username": "owner", "password": "motdepasse-test"})
    assert response.status_code == 302


def test_unknown_page_french_404(client):
    response = client.get("/evenements/inconnu/inscription/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_change_workshops_page_huge_number_refused_in_french(client, owner_registration, workshop):
    client.force_login(owner_registration.participant.user)

    response = client.post(f"/inscriptions/{owner_registration.pk}/ateliers/",
                           {f"r{owner_registration.pk}-workshops": ["99999999999999999999999"]}, follow=True)

    assert response.status_code == 200
    assert "Choix d&#x27;ateliers invalide." in response.content.decode()
    assert not owner_registration.seats.exists()


def test_register_page_huge_workshop_number_400_on_field(client, event, workshop):
    response = client.post("/evenements/journee/inscription/", {
        "first_name": "Awa", "last_name": "Diallo", "email": "awa@exemple.fr", "password": "Tres-Solide-2024",
        "role": "siae", "workshops": ["99999999999999999999999"], "gdpr_consent": "on"})

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Registration.objects.exists()
