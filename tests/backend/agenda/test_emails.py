"""iMIP e-mails: MIME structure, French content, one METHOD per message, retries and the delivery log."""

import pytest
from django.core import mail

from backend.agenda import services
from backend.agenda.models import Delivery
from backend.events.models import WorkshopSeat
from backend.events.signals import registration_confirmed, waitlist_promoted
from tests.backend.agenda.calendars import calendar_parts, ical_events, parse_both, physical_lines
from tests.backend.agenda.mail_backends import FlakyBackend
from tests.factories import ProgrammeItemFactory, RegistrationFactory, WorkshopSeatFactory


@pytest.fixture
def flaky_mail(settings):
    backend = "tests.backend.agenda.mail_backends.FlakyBackend"
    if hasattr(settings, "MAILERS"):
        settings.MAILERS = {"default": {"BACKEND": backend}}
    else:
        settings.EMAIL_BACKEND = backend
    yield FlakyBackend
    FlakyBackend.failures_left = 0


def test_invitation_email_has_text_html_and_request_calendar_parts(day, publish_and_send):
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])

    [message] = [m for m in mail.outbox if m.to == ["cantines@exemple.fr"]]
    mime = message.message()

    assert mime.get_content_type() == "multipart/mixed"
    alternative = mime.get_payload()[0]
    assert [part.get_content_type() for part in alternative.iter_parts()] == [
        "text/plain", "text/html", "text/calendar"]
    calendar = alternative.get_payload()[2]
    assert calendar.get_param("method") == "REQUEST" and calendar.get_content_charset() == "utf-8"
    data = calendar.get_payload(decode=True)
    assert b"\r\nMETHOD:REQUEST\r\n" in data and max(len(line) for line in physical_lines(data)) <= 75
    attachment = mime.get_payload()[1]
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename() == "invitation.ics" and attachment.get_payload(decode=True) == data
    assert message.from_email == "Rencontres ESS <rencontres@example.fr>"
    cal, _ = parse_both(data)
    [event] = ical_events(cal).values()
    assert str(event["ORGANIZER"]) == "mailto:rencontres@example.fr"  # the sender, as iMIP clients expect


def test_invitation_email_is_in_french_with_the_agenda(day, publish_and_send):
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])

    [message] = [m for m in mail.outbox if m.to == ["fam@exemple.fr"]]

    assert message.subject == "Rencontres ESS et Territoire : vos rendez-vous d'affaires"
    assert "Bonjour Claire Martin," in message.body
    assert "Nouveau : mercredi 13 novembre, 10:00-10:15" in message.body
    assert "08:30-08:45 Ouverture" in message.body  # the whole agenda, not only the change
    assert "https://rencontres.example.fr/agenda/rencontres-2024/" in message.body
    html = message.alternatives[0].content
    assert message.alternatives[0].mimetype == "text/html" and 'lang="fr"' in html and "Table 1" in html


def test_cancellation_comes_in_its_own_email_with_method_cancel(day, publish_and_send):
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1), (day.cigales, day.holder, 1, day.table2)])
    mail.outbox.clear()

    publish_and_send(day.block, [(day.cigales, day.holder, 2, day.table2)])  # one moved, one removed

    to_holder = [m for m in mail.outbox if m.to == ["cantines@exemple.fr"]]
    methods = [[part.get_param("method") for part in calendar_parts(m.message())] for m in to_holder]
    assert methods == [["REQUEST"], ["CANCEL"]]
    assert to_holder[1].subject == "Rencontres ESS et Territoire : 1 rendez-vous annulé"
    assert "Ce rendez-vous est annulé" in to_holder[1].body and "Claire Martin" in to_holder[1].body
    assert "Les annulations vous parviennent dans un courriel séparé." in to_holder[0].body


def test_same_version_notified_twice_sends_once(day, django_capture_on_commit_callbacks):
    from tests.meeting_factories import publish

    version = publish(day.block, [(day.funder, day.holder, 0, day.table1)])
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify_timetable_published(version_id=version.pk)

    with django_capture_on_commit_callbacks(execute=True):
        second = services.notify_timetable_published(version_id=version.pk)

    assert len(first) == 2 and second == [] and len(mail.outbox) == 2


def test_delivery_records_who_what_when_and_outcome(day, publish_and_send):
    version = publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])

    delivery = Delivery.objects.get(participant=day.holder)

    assert delivery.kind == Delivery.Kind.TIMETABLE_REQUEST and delivery.version_id == version.pk
    assert delivery.recipient == "cantines@exemple.fr" and delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 1 and delivery.sent_at is not None and delivery.calendar_method == "REQUEST"
    assert delivery.changes == [{"uid": f"rdv-{day.block.pk}-{day.funder.pk}-{day.holder.pk}@rencontres-ess",
                                 "sequence": 0, "action": "new", "start": "2024-11-13T09:00:00+00:00",
                                 "end": "2024-11-13T09:15:00+00:00", "table": "1"}]


def test_failed_sending_is_retried_then_sent(day, publish_and_send, flaky_mail):
    flaky_mail.failures_left = 3

    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])

    deliveries = list(Delivery.objects.order_by("id"))
    assert [delivery.status for delivery in deliveries] == [Delivery.Status.SENT] * 2
    assert sum(delivery.attempts for delivery in deliveries) == 2 + 3  # every failure was tried again
    assert all("serveur SMTP injoignable" in delivery.last_error for delivery in deliveries)
    assert sorted(m.to[0] for m in mail.outbox) == ["cantines@exemple.fr", "fam@exemple.fr"]  # each once


def test_sending_gives_up_after_a_bounded_number_of_attempts(day, publish_and_send, flaky_mail,
                                                             django_capture_on_commit_callbacks):
    flaky_mail.failures_left = 100
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])
    failed = Delivery.objects.get(participant=day.holder)
    assert (failed.status, failed.attempts) == (Delivery.Status.FAILED, services.MAX_ATTEMPTS)
    assert mail.outbox == []
    flaky_mail.failures_left = 0

    with django_capture_on_commit_callbacks(execute=True):
        services.retry_delivery(delivery=failed)  # an organizer's "Renvoyer"

    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Delivery.Status.SENT, services.MAX_ATTEMPTS + 1)
    assert [m.to for m in mail.outbox] == [["cantines@exemple.fr"]]


def test_participant_without_email_is_recorded_as_skipped(day, publish_and_send):
    day.holder.user.email = ""
    day.holder.user.save()

    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])

    skipped = Delivery.objects.get(participant=day.holder)
    assert skipped.status == Delivery.Status.SKIPPED and skipped.attempts == 0
    assert [m.to for m in mail.outbox] == [["fam@exemple.fr"]]


def test_registration_confirmed_signal_mails_the_programme_as_ics(day, django_capture_on_commit_callbacks):
    registration = day.holder.registrations.get()
    WorkshopSeatFactory(registration=registration, item=day.workshop)
    full = ProgrammeItemFactory(event=day.event, title="Atelier complet")
    WorkshopSeatFactory(registration=registration, item=full, status=WorkshopSeat.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        registration_confirmed.send(sender=None, registration_id=registration.pk)

    [message] = mail.outbox
    assert message.subject == "Rencontres ESS et Territoire : inscription confirmée"
    assert "Votre inscription à « Rencontres ESS et Territoire » est confirmée." in message.body
    [part] = calendar_parts(message.message())
    assert part.get_filename() == "programme.ics" and part.get_param("method") == "PUBLISH"
    cal, vcal = parse_both(part.get_payload(decode=True))
    titles = sorted(str(event["SUMMARY"]) for event in ical_events(cal).values())
    assert titles == ["Atelier : financer l'amorçage", "Ouverture"]  # not the workshop still waitlisted
    assert not any(event.get("ATTENDEE") for event in cal.walk("VEVENT"))  # RFC 5546: none in PUBLISH
    assert len(vcal.vevent_list) == 2


def test_waitlist_promoted_signal_mails_the_promotion(day, django_capture_on_commit_callbacks):
    registration = day.bicycl.registrations.get()

    with django_capture_on_commit_callbacks(execute=True):
        waitlist_promoted.send(sender=None, registration_id=registration.pk)

    [message] = mail.outbox
    assert "une place s'est libérée" in message.subject
    assert Delivery.objects.get().kind == Delivery.Kind.WAITLIST_PROMOTED


def test_registration_signal_for_unconfirmed_registration_sends_nothing(day, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(event=day.event, status="waitlisted")

    with django_capture_on_commit_callbacks(execute=True):
        registration_confirmed.send(sender=None, registration_id=registration.pk)

    assert mail.outbox == [] and not Delivery.objects.exists()


def test_registering_through_the_events_service_mails_the_programme(day, django_capture_on_commit_callbacks):
    from backend.events import services as event_services
    from tests.factories import ParticipantFactory, UserFactory

    newcomer = ParticipantFactory(user=UserFactory(username="nouvelle", email="nouvelle@exemple.fr"))

    with django_capture_on_commit_callbacks(execute=True):
        event_services.register_participant(event=day.event, participant=newcomer, workshops=[day.workshop],
                                            gdpr_consent=True)

    [message] = [m for m in mail.outbox if m.to == ["nouvelle@exemple.fr"]]
    [part] = calendar_parts(message.message())
    cal, _ = parse_both(part.get_payload(decode=True))
    assert sorted(str(event["SUMMARY"]) for event in cal.walk("VEVENT")) == [
        "Atelier : financer l'amorçage", "Ouverture"]
    assert Delivery.objects.get(participant=newcomer).kind == Delivery.Kind.REGISTRATION_CONFIRMED
