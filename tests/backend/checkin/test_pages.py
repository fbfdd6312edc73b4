from django.urls import reverse

from backend.checkin.models import CheckIn, MeetingAttendance
from backend.meetings.models import Meeting, SolveRun, Wish
from tests.factories import PASSWORD, ParticipantFactory, RegistrationFactory
from tests.meeting_factories import MeetingBlockFactory, TableFactory, publish


def test_desk_page_for_desk_account_has_focused_scan_field(client, desk_user, event):
    client.force_login(desk_user)

    response = client.get(reverse("checkin-desk", kwargs={"slug": event.slug}))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="scan-input"' in html and "autofocus" in html and "checkin/desk.js" in html
    assert "Accueil 1" in html and "Arrivées" in html


def test_desk_page_plain_form_post_checks_in_and_shows_the_name(client, desk_user, event, badge):
    client.force_login(desk_user)

    response = client.post(reverse("checkin-desk", kwargs={"slug": event.slug}),
                           {"token": badge.token, "nonce": "form-1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "result-ok" in html and "Inès Bakari" in html and "Bienvenue" in html
    assert CheckIn.objects.filter(event=event).count() == 1


def test_desk_page_form_resubmitted_with_same_nonce_records_once(client, desk_user, event, badge):
    client.force_login(desk_user)
    url = reverse("checkin-desk", kwargs={"slug": event.slug})

    client.post(url, {"token": badge.token, "nonce": "form-1"})
    again = client.post(url, {"token": badge.token, "nonce": "form-1"})

    assert "result-ok" in again.content.decode()
    assert CheckIn.objects.count() == 1


def test_desk_page_typed_garbage_shows_invalid(client, desk_user, event, badge):
    client.force_login(desk_user)

    response = client.post(reverse("checkin-desk", kwargs={"slug": event.slug}), {"token": "12345", "nonce": "f"})

    assert response.status_code == 200 and "result-invalid" in response.content.decode()


def test_desk_page_participant_is_refused(client, registration, event):
    client.force_login(registration.participant.user)

    assert client.get(reverse("checkin-desk", kwargs={"slug": event.slug})).status_code == 403


def test_desk_page_anonymous_goes_to_login(client, event):
    response = client.get(reverse("checkin-desk", kwargs={"slug": event.slug}))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_desk_account_logs_in_with_password_and_scans_through_session_api(client, desk_user, event, badge):
    client.login(username="accueil-test", password=PASSWORD)
    client.handler.enforce_csrf_checks = False

    response = client.post("/api/checkin/", {"token": badge.token, "nonce": "js-1"}, content_type="application/json")

    assert response.status_code == 200 and response.json()["result"] == "ok"


def test_desk_account_has_only_the_checkin_permission(desk_user):
    assert desk_user.get_all_permissions() == {"checkin.scan_badges"}
    assert not desk_user.is_staff and not desk_user.is_superuser


def test_badges_page_lists_people_and_downloads(client, organizer, event, badge):
    client.force_login(organizer)

    html = client.get(reverse("checkin-badges", kwargs={"slug": event.slug})).content.decode()

    assert "Inès Bakari" in html and badge.short_code in html and "traits de coupe" in html


def test_badges_page_pdf_selection_download(client, organizer, event, registration):
    other = RegistrationFactory(event=event)
    client.force_login(organizer)

    response = client.get(reverse("checkin-badges-pdf", kwargs={"slug": event.slug}),
                          {"format": "a4", "selection": "choix", "inscriptions": [registration.pk, other.pk]})

    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_badges_page_empty_selection_explains(client, organizer, event, registration):
    client.force_login(organizer)

    response = client.get(reverse("checkin-badges-pdf", kwargs={"slug": event.slug}), {"selection": "choix"},
                          follow=True)

    assert "Cochez au moins une personne" in response.content.decode()


def test_badges_page_participant_is_refused(client, registration, event):
    client.force_login(registration.participant.user)

    assert client.get(reverse("checkin-badges", kwargs={"slug": event.slug})).status_code == 403
    assert client.get(reverse("checkin-badges-pdf", kwargs={"slug": event.slug})).status_code == 403


def test_reissue_from_page_revokes_old_badge(client, organizer, event, badge):
    client.force_login(organizer)

    response = client.post(reverse("checkin-reissue", kwargs={"slug": event.slug, "pk": badge.registration_id}),
                           {"motif": "perdu"}, follow=True)

    badge.refresh_from_db()
    assert badge.revoked_at is not None and "version 2" in response.content.decode()


def test_my_badge_page_shows_code_and_qr(client, registration, event):
    client.force_login(registration.participant.user)

    html = client.get(reverse("checkin-my-badge", kwargs={"slug": event.slug})).content.decode()

    assert registration.badges.get().short_code in html and "badge.svg" in html


def _published_day(event):
    block = MeetingBlockFactory(item__event=event, slots=2)
    host = RegistrationFactory(event=event, participant=ParticipantFactory(role="funder")).participant
    guest = RegistrationFactory(event=event, participant=ParticipantFactory(
        role="project_holder", user__last_name="Roux")).participant
    Wish.objects.create(block=block, guest=guest, host=host, rank=1)
    waiting = RegistrationFactory(event=event, participant=ParticipantFactory(role="project_holder")).participant
    Wish.objects.create(block=block, guest=waiting, host=host, rank=1)
    publish(block, [(host, guest, 0, TableFactory(block=block, label="Table 7", host=host))])
    return block, host, guest


def test_attendance_page_host_marks_no_show_by_form(client, event):
    block, host, guest = _published_day(event)
    client.force_login(host.user)
    meeting = Meeting.objects.get(host=host)

    page = client.get(reverse("checkin-attendance", kwargs={"slug": event.slug})).content.decode()
    response = client.post(reverse("checkin-attendance", kwargs={"slug": event.slug}),
                           {"meeting": meeting.pk, "status": "no_show"}, follow=True)

    assert "Roux" in page and "Table 7" in page
    assert MeetingAttendance.objects.get().status == "no_show"
    assert "absent" in response.content.decode()


def test_attendance_page_foreign_meeting_is_refused_with_message(client, event):
    block, host, guest = _published_day(event)
    client.force_login(guest.user)

    response = client.post(reverse("checkin-attendance", kwargs={"slug": event.slug}),
                           {"meeting": Meeting.objects.get().pk, "status": "held"}, follow=True)

    assert "Rendez-vous introuvable" in response.content.decode()
    assert not MeetingAttendance.objects.exists()


def test_absences_page_offers_replan_and_button_starts_it(client, organizer, event):
    block, host, guest = _published_day(event)
    client.force_login(organizer)

    page = client.get(reverse("checkin-absences", kwargs={"slug": event.slug}), {"heure": "10:30"})
    response = client.post(reverse("checkin-replan", kwargs={"slug": event.slug, "block_id": block.pk}),
                           {"participants": [guest.pk], "heure": "10:30"}, follow=True)

    html = page.content.decode()
    assert "Roux" in html and "pas arrivé·e" in html and "Re-planifier" in html
    assert SolveRun.objects.filter(replan=True).exists(), response.content.decode()
    run = SolveRun.objects.get(replan=True)
    assert run.absent_participant_ids == [guest.pk]
    assert "Re-planification" in response.content.decode()


def test_absences_page_bad_time_is_explained(client, organizer, event):
    client.force_login(organizer)

    response = client.get(reverse("checkin-absences", kwargs={"slug": event.slug}), {"heure": "midi"})

    assert response.status_code == 200 and "Heure limite illisible" in response.content.decode()


def test_absences_page_participant_is_refused(client, registration, event):
    client.force_login(registration.participant.user)

    assert client.get(reverse("checkin-absences", kwargs={"slug": event.slug})).status_code == 403
