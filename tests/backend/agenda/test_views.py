"""The agenda API, the secret feed and the pages: each participant sees their own agenda, nobody else's."""

import pytest

from backend.agenda import services
from backend.agenda.models import Delivery, FeedToken
from backend.events.models import WorkshopSeat
from tests.backend.agenda.calendars import parse_both, vobject_events
from tests.factories import ParticipantFactory, UserFactory, WorkshopSeatFactory
from tests.meeting_factories import TableFactory, publish

REASONS = "Microcrédit et prêt d'honneur ; thème : alimentation"


@pytest.fixture
def published(day):
    publish(day.block, [(day.funder, day.holder, 0, day.table1, REASONS), (day.cigales, day.bicycl, 2, day.table2)])
    return day


def test_agenda_api_lists_sessions_and_meetings_in_paris_time(api_client, published):
    api_client.force_authenticate(published.holder.user)

    response = api_client.get("/api/me/agenda/", {"event": "rencontres-2024"})

    assert response.status_code == 200
    items = response.json()["items"]
    assert [(item["kind"], item["start"], item["end"], item["title"]) for item in items] == [
        ("session", "2024-11-13T08:30:00+01:00", "2024-11-13T08:45:00+01:00", "Ouverture"),
        ("meeting", "2024-11-13T10:00:00+01:00", "2024-11-13T10:15:00+01:00",
         "Rendez-vous avec Claire Martin (France Active Métropole)"),
    ]
    meeting = items[1]
    assert meeting["table"] == "1" and meeting["location"].endswith("Grand plateau, table 1")
    assert meeting["with"] == {"name": "Claire Martin", "organization": "France Active Métropole",
                               "role": "financeur", "job_title": "Chargée de projet",
                               "email": "fam@exemple.fr", "phone": "01 23 45 67 89"}
    assert meeting["reasons"] == REASONS and meeting["role_in_meeting"] == "guest"
    assert "with" not in items[0] and "table" not in items[0]


def test_agenda_api_includes_a_workshop_only_with_a_confirmed_seat(api_client, published):
    registration = published.bicycl.registrations.get()
    WorkshopSeatFactory(registration=registration, item=published.workshop, status=WorkshopSeat.Status.WAITLISTED)
    api_client.force_authenticate(published.bicycl.user)
    before = [item["title"] for item in api_client.get("/api/me/agenda/", {"event": "rencontres-2024"}).json()["items"]]
    registration.seats.update(status=WorkshopSeat.Status.CONFIRMED)

    after = [item["title"] for item in api_client.get("/api/me/agenda/", {"event": "rencontres-2024"}).json()["items"]]

    assert published.workshop.title not in before and published.workshop.title in after


def test_agenda_api_gives_a_host_the_whole_block(api_client, published):
    api_client.force_authenticate(published.cigales.user)

    response = api_client.get("/api/me/agenda/", {"event": "rencontres-2024"})

    [block] = response.json()["host_blocks"]
    assert block["title"] == "Matinée des financements" and block["table"] == "2"
    assert [(row["start"][11:16], row["guest"]["name"] if row["guest"] else None) for row in block["rows"]] == [
        ("10:00", None), ("10:15", None), ("10:30", "Jérôme Lefèvre"), ("10:45", None)]


def test_agenda_api_shows_only_the_callers_own_meetings(api_client, published):
    api_client.force_authenticate(published.bicycl.user)

    response = api_client.get("/api/me/agenda/", {"event": "rencontres-2024"})

    partners = [item["with"]["name"] for item in response.json()["items"] if item["kind"] == "meeting"]
    assert partners == ["Hugo Bernard"]
    assert "N'Diaye" not in response.content.decode()


def test_agenda_api_requires_authentication(api_client, published):
    response = api_client.get("/api/me/agenda/", {"event": "rencontres-2024"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_agenda_api_without_event_parameter_says_what_is_missing(api_client, published):
    api_client.force_authenticate(published.holder.user)

    response = api_client.get("/api/me/agenda/")

    assert response.status_code == 400
    assert response.json()["fields"] == {"event": [
        "Paramètre « event » manquant : indiquez l'identifiant de l'événement (?event=...)."]}


def test_agenda_api_unknown_event_is_404(api_client, published):
    api_client.force_authenticate(published.holder.user)

    response = api_client.get("/api/me/agenda/", {"event": "inconnu"})

    assert response.status_code == 404 and response.json()["message"] == "Événement « inconnu » introuvable."


def test_agenda_api_for_someone_not_registered_is_404(api_client, published):
    stranger = ParticipantFactory()
    api_client.force_authenticate(stranger.user)

    response = api_client.get("/api/me/agenda/", {"event": "rencontres-2024"})

    assert response.status_code == 404
    assert "pas inscrit" in response.json()["message"]


def test_agenda_api_for_an_account_without_profile_is_404(api_client, published):
    api_client.force_authenticate(UserFactory())

    response = api_client.get("/api/me/agenda/", {"event": "rencontres-2024"})

    assert response.status_code == 404 and "profil de participant" in response.json()["message"]


def test_agenda_ics_download_is_the_callers_calendar(api_client, published):
    api_client.force_authenticate(published.holder.user)

    response = api_client.get("/api/me/agenda.ics", {"event": "rencontres-2024"}, HTTP_ACCEPT="text/calendar")

    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="agenda-rencontres-2024.ics"'
    _, vcal = parse_both(response.content)
    assert {event.summary.value for event in vobject_events(vcal).values()} == {
        "Ouverture", "Rendez-vous avec Claire Martin (France Active Métropole)"}


def test_agenda_ics_download_requires_authentication(api_client, published):
    response = api_client.get("/api/me/agenda.ics", {"event": "rencontres-2024"})

    assert response.status_code == 401


def test_feed_needs_no_login_and_serves_only_its_owner(client, published):
    token = services.get_or_create_feed_token(participant=published.bicycl, event=published.event)

    response = client.get(f"/ical/{token.token}.ics")

    assert response.status_code == 200 and response["Cache-Control"] == "private, no-cache"
    _, vcal = parse_both(response.content)
    meetings = [event.summary.value for event in vobject_events(vcal).values() if event.uid.value.startswith("rdv")]
    assert meetings == ["Rendez-vous avec Hugo Bernard (Les Cigales)"]


def test_revoked_feed_token_is_404(client, published):
    token = services.get_or_create_feed_token(participant=published.holder, event=published.event)
    services.revoke_feed_token(participant=published.holder, event=published.event)

    response = client.get(f"/ical/{token.token}.ics")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_regenerated_feed_token_retires_the_old_url(client, published):
    old = services.get_or_create_feed_token(participant=published.holder, event=published.event)

    new = services.regenerate_feed_token(participant=published.holder, event=published.event)

    assert client.get(f"/ical/{old.token}.ics").status_code == 404
    assert client.get(f"/ical/{new.token}.ics").status_code == 200
    assert FeedToken.objects.filter(participant=published.holder, revoked_at__isnull=True).get() == new


def test_unknown_feed_token_is_404(client, published):
    assert client.get("/ical/" + "x" * 43 + ".ics").status_code == 404


def test_api_creates_and_revokes_the_feed(api_client, published):
    api_client.force_authenticate(published.holder.user)

    created = api_client.post("/api/me/agenda/feed/?event=rencontres-2024")
    url = created.json()["url"]
    path = url.removeprefix("https://rencontres.example.fr")
    served = api_client.get(path).status_code
    revoked = api_client.delete("/api/me/agenda/feed/?event=rencontres-2024")

    assert created.status_code == 201 and url.startswith("https://rencontres.example.fr/ical/")
    assert served == 200 and revoked.status_code == 204
    assert api_client.get(path).status_code == 404


def test_agenda_page_is_french_and_printable_on_a4(client, published):
    client.force_login(published.funder.user)

    response = client.get("/agenda/rencontres-2024/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mon agenda : Rencontres ESS et Territoire" in html and "mercredi 13 novembre 2024" in html
    assert "votre table : Table 1" in html and "libre" in html and "N&#x27;Diaye" in html
    assert "size: A4 portrait" in html and "window.print()" in html
    assert "Créer mon lien d'abonnement" in html
    assert "/evenements/rencontres-2024/presence/" in html  # the host marks attendance from here


def test_agenda_page_creates_then_revokes_the_feed(client, published):
    client.force_login(published.holder.user)

    client.post("/agenda/rencontres-2024/abonnement/", {"action": "regenerate"})
    token = FeedToken.objects.get(participant=published.holder, revoked_at__isnull=True)
    page = client.get("/agenda/rencontres-2024/").content.decode()
    client.post("/agenda/rencontres-2024/abonnement/", {"action": "revoke"})

    assert f"https://rencontres.example.fr/ical/{token.token}.ics" in page
    assert client.get(f"/ical/{token.token}.ics").status_code == 404


def test_agenda_page_requires_login(client, published):
    response = client.get("/agenda/rencontres-2024/")

    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_deliveries_page_is_for_organizers_only(client, published):
    Delivery.objects.create(event=published.event, participant=published.holder, kind=Delivery.Kind.TIMETABLE_REQUEST,
                            recipient="cantines@exemple.fr", subject="Vos rendez-vous", body_text="...",
                            status=Delivery.Status.FAILED, attempts=4, last_error="ConnectionRefusedError")
    organizer = UserFactory()
    published.event.organizers.add(organizer)
    client.force_login(published.holder.user)
    refused = client.get("/agenda/rencontres-2024/envois/")
    client.force_login(organizer)

    response = client.get("/agenda/rencontres-2024/envois/", {"statut": "failed"})

    assert refused.status_code == 403
    html = response.content.decode()
    assert response.status_code == 200 and "cantines@exemple.fr" in html and "échec définitif" in html
    assert "4/4" in html and "ConnectionRefusedError" in html
    assert "échec définitif : 1<" in html and "envoyé : 0<" in html


def test_demo_gives_the_demo_logins_one_feed_each_and_is_idempotent(published):
    import io

    from backend.agenda import demo
    from tests.factories import RegistrationFactory

    porteur = ParticipantFactory(user=UserFactory(username="porteur"))
    RegistrationFactory(event=published.event, participant=porteur)
    out = io.StringIO()

    demo.build(event=published.event, stdout=out)
    demo.build(event=published.event, stdout=out)

    token = FeedToken.objects.get(participant=porteur)
    assert f"https://rencontres.example.fr/ical/{token.token}.ics" in out.getvalue()
    assert out.getvalue().count(token.token) == 2


def test_table_label_that_already_says_table_is_not_doubled(api_client, day):
    table = TableFactory(block=day.block, label="Table 7")
    publish(day.block, [(day.funder, day.holder, 0, table)])
    api_client.force_authenticate(day.holder.user)

    [meeting] = [item for item in api_client.get("/api/me/agenda/", {"event": "rencontres-2024"}).json()["items"]
                 if item["kind"] == "meeting"]

    assert meeting["table"] == "Table 7" and meeting["location"].endswith("Grand plateau, Table 7")
    assert "Table 7." in meeting["description"] and "table Table" not in meeting["description"]
