import io

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from backend.checkin import services
from backend.checkin.models import Badge
from backend.events.models import Registration
from tests.factories import RegistrationFactory


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_my_badge_png_decodes_back_to_the_token(api_client, registration, event):
    api_client.force_authenticate(registration.participant.user)

    response = api_client.get(f"/api/me/badge.png?event={event.slug}")

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    badge = Badge.objects.get(registration=registration)
    assert [d.text for d in decoded] == [badge.token]


def test_my_badge_svg_is_an_svg_image(api_client, badge, event):
    api_client.force_authenticate(badge.registration.participant.user)

    response = api_client.get(f"/api/me/badge.svg?event={event.slug}")

    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_my_badge_json_gives_token_and_short_code(api_client, badge, event):
    api_client.force_authenticate(badge.registration.participant.user)

    data = api_client.get(f"/api/me/badge/?event={event.slug}").json()

    assert (data["token"], data["short_code"], data["version"]) == (badge.token, badge.short_code, 1)


def test_my_badge_other_participant_gets_their_own_never_someone_elses(api_client, badge, event):
    other = RegistrationFactory(event=event)
    api_client.force_authenticate(other.participant.user)

    data = api_client.get(f"/api/me/badge/?event={event.slug}").json()

    assert data["registration"] == other.pk and data["token"] != badge.token


def test_my_badge_not_registered_is_404(api_client, event, desk_user):
    api_client.force_authenticate(desk_user)

    response = api_client.get(f"/api/me/badge.png?event={event.slug}")

    assert response.status_code == 404
    assert "inscrit" in response.json()["message"]


def test_my_badge_unconfirmed_is_409(api_client, event):
    registration = RegistrationFactory(event=event, status=Registration.Status.PENDING)
    api_client.force_authenticate(registration.participant.user)

    response = api_client.get(f"/api/me/badge.png?event={event.slug}")

    assert response.status_code == 409


@pytest.mark.parametrize("query", ["", "?event=", "?event=inconnu"])
def test_my_badge_without_known_event_is_a_clear_error(api_client, registration, query):
    api_client.force_authenticate(registration.participant.user)

    response = api_client.get(f"/api/me/badge.png{query}")

    assert response.status_code in (400, 404)
    assert "vénement" in response.json()["message"]


def test_my_badge_anonymous_is_refused(api_client, event):
    assert api_client.get(f"/api/me/badge.png?event={event.slug}").status_code == 401


def test_badges_pdf_a6_has_one_page_per_confirmed_person(api_client, organizer, event, registration):
    RegistrationFactory(event=event, participant__user__last_name="Zidane", participant__role="funder")
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED, participant__user__last_name="Annulé")
    api_client.force_authenticate(organizer)

    response = api_client.get(reverse("api-badges-pdf", kwargs={"slug": event.slug}) + "?layout=a6")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response.content)
    assert pages == 2
    assert "Bakari" in text and "BicyclAide" in text and "Zidane" in text and "Annulé" not in text
    assert Badge.objects.filter(registration__event=event).count() == 2


def test_badges_pdf_a4_sheets_hold_four_badges(api_client, organizer, event):
    RegistrationFactory.create_batch(5, event=event)
    api_client.force_authenticate(organizer)

    response = api_client.get(reverse("api-badges-pdf", kwargs={"slug": event.slug}) + "?layout=a4")

    pages, _ = pdf_text(response.content)
    assert response.status_code == 200 and pages == 2


def test_badges_pdf_selection_prints_only_those(api_client, organizer, event, registration):
    other = RegistrationFactory(event=event, participant__user__last_name="Zidane")
    api_client.force_authenticate(organizer)

    response = api_client.get(reverse("api-badges-pdf", kwargs={"slug": event.slug})
                              + f"?registrations={other.pk}")

    pages, text = pdf_text(response.content)
    assert pages == 1 and "Zidane" in text and "Bakari" not in text


def test_badges_pdf_prints_the_current_version_after_reissue(api_client, organizer, event, badge):
    new = services.reissue_badge(registration=badge.registration)
    api_client.force_authenticate(organizer)

    response = api_client.get(reverse("api-badges-pdf", kwargs={"slug": event.slug}))

    _, text = pdf_text(response.content)
    assert new.short_code in text and badge.short_code not in text


@pytest.mark.parametrize("query", ["?layout=a3", "?registrations=abc", "?registrations=999999",
                                   "?registrations=99999999999999999999999"])
def test_badges_pdf_bad_query_is_a_clear_400(api_client, organizer, event, registration, query):
    api_client.force_authenticate(organizer)

    response = api_client.get(reverse("api-badges-pdf", kwargs={"slug": event.slug}) + query)

    assert response.status_code == 400
    assert response.json()["message"]


def test_badges_pdf_participant_is_forbidden(api_client, registration, event):
    api_client.force_authenticate(registration.participant.user)

    assert api_client.get(reverse("api-badges-pdf", kwargs={"slug": event.slug})).status_code == 403


def test_badges_pdf_desk_account_is_forbidden(api_client, desk_user, event):
    api_client.force_authenticate(desk_user)

    assert api_client.get(reverse("api-badges-pdf", kwargs={"slug": event.slug})).status_code == 403


def test_reissue_api_revokes_and_returns_next_version(api_client, organizer, badge):
    api_client.force_authenticate(organizer)

    response = api_client.post(reverse("api-badge-reissue", kwargs={"pk": badge.registration_id}),
                               {"reason": "nom corrigé"}, format="json")

    assert response.status_code == 201 and response.json()["version"] == 2
    badge.refresh_from_db()
    assert badge.revoked_reason == "nom corrigé"


def test_reissue_api_participant_gets_404(api_client, badge):
    api_client.force_authenticate(badge.registration.participant.user)

    response = api_client.post(reverse("api-badge-reissue", kwargs={"pk": badge.registration_id}), {},
                               format="json")

    assert response.status_code == 404
    assert Badge.objects.filter(registration=badge.registration).count() == 1
