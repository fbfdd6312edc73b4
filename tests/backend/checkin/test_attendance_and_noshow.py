import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from backend.checkin import selectors, services
from backend.checkin.models import MeetingAttendance
from backend.meetings.models import Meeting, SolveRun, Wish
from tests.factories import PARIS, ParticipantFactory, RegistrationFactory
from tests.meeting_factories import MeetingBlockFactory, TableFactory, publish


@pytest.fixture
def day(event):
    """A block of 4 slots: two funders at fixed tables, three project holders, one published version."""
    block = MeetingBlockFactory(item__event=event, item__title="Speed meetings", slots=4)
    hosts = [RegistrationFactory(event=event, participant=ParticipantFactory(
        role="funder", user__first_name="Hôte", user__last_name=name, organization__name=org)).participant
        for name, org in [("Lefort", "France Active Métropole"), ("Martin", "Les Cigales")]]
    guests = [RegistrationFactory(event=event, participant=ParticipantFactory(
        role="project_holder", user__first_name="Invité", user__last_name=name, organization__name=org)).participant
        for name, org in [("Bakari", "BicyclAide"), ("Roux", "Les petites cantines"), ("Petit", "ECOLAU")]]
    tables = [TableFactory(block=block, label=f"Table {i + 1}", host=host) for i, host in enumerate(hosts)]
    for guest in guests:
        for rank, host in enumerate(hosts, start=1):
            Wish.objects.create(block=block, guest=guest, host=host, rank=rank)
    version = publish(block, [(hosts[0], guests[0], 0, tables[0]), (hosts[0], guests[1], 1, tables[0]),
                              (hosts[1], guests[2], 0, tables[1]), (hosts[1], guests[0], 2, tables[1])])
    return {"block": block, "hosts": hosts, "guests": guests, "tables": tables, "version": version}


def meeting(day, host, guest):
    return Meeting.objects.get(version=day["version"], host=day["hosts"][host], guest=day["guests"][guest])


def test_host_marks_meeting_held_then_no_show(api_client, day):
    m = meeting(day, 0, 1)
    api_client.force_authenticate(m.host.user)
    url = reverse("api-meeting-attendance", kwargs={"pk": m.pk})

    held = api_client.post(url, {"status": "held"}, format="json")
    no_show = api_client.post(url, {"status": "no_show"}, format="json")

    assert held.status_code == 200 and no_show.status_code == 200
    mark = MeetingAttendance.objects.get()
    assert (mark.status, mark.host_id, mark.guest_id, mark.slot_id) == ("no_show", m.host_id, m.guest_id, m.slot_id)


def test_attendance_unknown_status_is_400(api_client, day):
    m = meeting(day, 0, 1)
    api_client.force_authenticate(m.host.user)

    response = api_client.post(reverse("api-meeting-attendance", kwargs={"pk": m.pk}), {"status": "peut-être"},
                               format="json")

    assert response.status_code == 400 and "status" in response.json()["fields"]


def test_attendance_by_the_guest_or_a_stranger_is_404(api_client, day):
    m = meeting(day, 0, 1)
    api_client.force_authenticate(m.guest.user)

    response = api_client.post(reverse("api-meeting-attendance", kwargs={"pk": m.pk}), {"status": "held"},
                               format="json")

    assert response.status_code == 404
    assert not MeetingAttendance.objects.exists()


def test_attendance_on_a_superseded_version_is_409(api_client, day):
    m = meeting(day, 0, 1)
    publish(day["block"], [(day["hosts"][0], day["guests"][1], 3, day["tables"][0])])
    api_client.force_authenticate(m.host.user)

    response = api_client.post(reverse("api-meeting-attendance", kwargs={"pk": m.pk}), {"status": "held"},
                               format="json")

    assert response.status_code == 409


def test_organizer_may_mark_attendance(api_client, day, organizer):
    m = meeting(day, 1, 2)
    api_client.force_authenticate(organizer)

    response = api_client.post(reverse("api-meeting-attendance", kwargs={"pk": m.pk}), {"status": "held"},
                               format="json")

    assert response.status_code == 200


def test_host_scans_guest_badge_marks_held(api_client, day, event):
    guest_badge = services.issue_badge(registration=day["guests"][1].registrations.get(event=event))
    api_client.force_authenticate(day["hosts"][0].user)

    response = api_client.post(reverse("api-attendance-scan"), {"token": guest_badge.token, "event": event.slug},
                               format="json")

    assert response.status_code == 200, response.json()
    mark = MeetingAttendance.objects.get()
    assert (mark.guest_id, mark.status, mark.via_scan) == (day["guests"][1].pk, "held", True)


def test_host_scans_badge_of_someone_without_meeting_is_404(api_client, day, event):
    guest_badge = services.issue_badge(registration=day["guests"][2].registrations.get(event=event))
    api_client.force_authenticate(day["hosts"][0].user)

    response = api_client.post(reverse("api-attendance-scan"), {"token": guest_badge.token, "event": event.slug},
                               format="json")

    assert response.status_code == 404 and response.json()["code"] == "no_meeting"


def test_host_scans_garbage_is_a_clear_400(api_client, day, event):
    services.ensure_event_key(event=event)
    api_client.force_authenticate(day["hosts"][0].user)

    response = api_client.post(reverse("api-attendance-scan"), {"token": "xx", "event": event.slug}, format="json")

    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_my_meetings_attendance_lists_host_meetings_with_marks(api_client, day, event):
    services.mark_attendance(meeting=meeting(day, 0, 0), status="held", user=day["hosts"][0].user)
    api_client.force_authenticate(day["hosts"][0].user)

    rows = api_client.get(reverse("api-my-attendance") + f"?event={event.slug}").json()

    assert [(r["guest"], r["status"]) for r in rows] == [("Invité Bakari", "held"), ("Invité Roux", None)]


def test_no_show_report_lists_not_checked_in_by_cutoff_and_no_show_meetings(api_client, day, event, organizer):
    early = services.issue_badge(registration=day["guests"][0].registrations.get(event=event))
    services.check_in(event=event, token=early.token, nonce="n", user=organizer)
    services.mark_attendance(meeting=meeting(day, 0, 1), status="no_show", user=day["hosts"][0].user)
    api_client.force_authenticate(organizer)

    data = api_client.get(reverse("api-no-shows", kwargs={"slug": event.slug})).json()
    before = api_client.get(reverse("api-no-shows", kwargs={"slug": event.slug}) + "?cutoff=2000-01-01T08:00").json()

    absent = {row["name"] for row in data["not_checked_in"]}
    assert "Invité Bakari" not in absent and {"Invité Roux", "Invité Petit", "Hôte Lefort"} <= absent
    assert "Invité Bakari" in {row["name"] for row in before["not_checked_in"]}
    assert [(m["host_name"], m["guest_name"]) for m in data["no_show_meetings"]] == [("Hôte Lefort", "Invité Roux")]


def test_no_show_report_bad_cutoff_is_400(api_client, event, organizer):
    api_client.force_authenticate(organizer)

    response = api_client.get(reverse("api-no-shows", kwargs={"slug": event.slug}) + "?cutoff=demain")

    assert response.status_code == 400 and response.json()["fields"] == {"cutoff": [response.json()["message"]]}


def test_no_show_report_participant_is_forbidden(api_client, day, event):
    api_client.force_authenticate(day["hosts"][0].user)

    assert api_client.get(reverse("api-no-shows", kwargs={"slug": event.slug})).status_code == 403


def test_absences_by_block_gives_reasons_per_person(day, event, organizer):
    for guest in day["guests"][:2]:
        badge = services.issue_badge(registration=guest.registrations.get(event=event))
        services.check_in(event=event, token=badge.token, nonce=f"n{guest.pk}", user=organizer)
    for host in day["hosts"]:
        badge = services.issue_badge(registration=host.registrations.get(event=event))
        services.check_in(event=event, token=badge.token, nonce=f"n{host.pk}", user=organizer)
    services.mark_attendance(meeting=meeting(day, 0, 1), status="no_show", user=day["hosts"][0].user)

    (entry,) = selectors.absences_by_block(event=event, cutoff=dt.datetime(2100, 1, 1, tzinfo=PARIS))

    assert {a.participant.display_name: a.reasons for a in entry.absentees} == {
        "Invité Petit": ["pas arrivé·e"], "Invité Roux": ["absent·e à un rendez-vous"]}
    assert entry.meetings_affected == 2


def test_replan_api_starts_a_replan_without_the_absent(api_client, day, organizer):
    absent = day["guests"][2]
    api_client.force_authenticate(organizer)

    response = api_client.post(reverse("api-replan-absentees", kwargs={"pk": day["block"].pk}),
                               {"participant_ids": [absent.pk]}, format="json")

    assert response.status_code == 202, response.json()
    run = SolveRun.objects.get(pk=response.json()["run"])
    assert run.replan is True and run.absent_participant_ids == [absent.pk]
    assert run.status == SolveRun.Status.QUEUED


def test_replan_api_participant_gets_404(api_client, day):
    api_client.force_authenticate(day["hosts"][0].user)

    response = api_client.post(reverse("api-replan-absentees", kwargs={"pk": day["block"].pk}),
                               {"participant_ids": [day["guests"][0].pk]}, format="json")

    assert response.status_code == 404
    assert not SolveRun.objects.filter(replan=True).exists()


def test_replan_api_needs_someone_of_the_event(api_client, day, organizer):
    api_client.force_authenticate(organizer)

    response = api_client.post(reverse("api-replan-absentees", kwargs={"pk": day["block"].pk}),
                               {"participant_ids": [ParticipantFactory().pk]}, format="json")

    assert response.status_code == 400


def test_replan_api_id_beyond_a_database_integer_is_a_clear_400(api_client, day, organizer):
    api_client.force_authenticate(organizer)

    response = api_client.post(reverse("api-replan-absentees", kwargs={"pk": day["block"].pk}),
                               {"participant_ids": [10**20]}, format="json")

    assert response.status_code == 400
    assert "participant_ids" in response.json()["message"], response.json()


def test_table_cards_pdf_has_one_card_per_host_with_slots_and_guests(api_client, day, event, organizer):
    api_client.force_authenticate(organizer)

    response = api_client.get(reverse("api-table-cards-pdf", kwargs={"slug": event.slug})
                              + f"?block={day['block'].pk}")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 2
    first = next(t for t in texts if "Lefort" in t)
    assert "Table 1" in first and "10:00" in first and "10:45" in first
    assert "Invité Bakari" in first and "Invité Roux" in first and "Invité Petit" not in first
    assert "Speed meetings" in first


def test_table_cards_pdf_unknown_block_is_404(api_client, day, event, organizer):
    api_client.force_authenticate(organizer)

    response = api_client.get(reverse("api-table-cards-pdf", kwargs={"slug": event.slug}) + "?block=999999")

    assert response.status_code == 404


def test_table_cards_host_changing_tables_gets_the_table_on_each_row(day, event):
    from backend.checkin import documents

    block = MeetingBlockFactory(item__event=event, item__title="Convention d'affaires", item__slug="convention",
                                slots=2)
    host, guest_a, guest_b = day["hosts"][0], day["guests"][0], day["guests"][1]
    t1, t2 = TableFactory(block=block, label="B1"), TableFactory(block=block, label="B2")
    publish(block, [(host, guest_a, 0, t1), (host, guest_b, 1, t2)])

    (card,) = documents.table_cards(block=block)

    assert card.table_label == "selon le créneau"
    assert [guest.split(" · ")[0] for _, guest in card.rows] == ["B1", "B2"]
