import io

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import ExceptionReporter

from backend.checkin import demo, services
from backend.checkin.models import Badge, CheckIn, EventKey
from backend.checkin.permissions import can_check_in
from tests.factories import RegistrationFactory, UserFactory


def test_private_key_absent_from_every_checkin_api_response(api_client, organizer, event, badge, desk_user):
    private = EventKey.objects.get(event=event).private_key
    api_client.force_authenticate(organizer)
    slug = event.slug
    responses = [
        api_client.post("/api/checkin/", {"token": badge.token, "nonce": "n", "event": slug}, format="json"),
        api_client.get(reverse("api-checkin-status", kwargs={"slug": slug})),
        api_client.get(reverse("api-revocations", kwargs={"slug": slug})),
        api_client.get(reverse("api-badges-pdf", kwargs={"slug": slug})),
        api_client.get(reverse("api-no-shows", kwargs={"slug": slug})),
        api_client.post(reverse("api-badge-reissue", kwargs={"pk": badge.registration_id}), {}, format="json"),
        api_client.get("/api/schema/"),
    ]
    api_client.force_authenticate(badge.registration.participant.user)
    responses += [api_client.get(f"/api/me/badge/?event={slug}"), api_client.get(f"/api/me/badge.svg?event={slug}")]

    assert all(r.status_code < 400 for r in responses), [r.status_code for r in responses]
    assert all(private.encode() not in r.content for r in responses)


def test_admin_never_shows_the_private_key(client, event, badge):
    admin = UserFactory(is_staff=True, is_superuser=True)
    key = EventKey.objects.get(event=event)
    client.force_login(admin)

    pages = [client.get(reverse("admin:checkin_eventkey_changelist")),
             client.get(reverse("admin:checkin_eventkey_change", args=[key.pk])),
             client.get(reverse("admin:checkin_badge_change", args=[badge.pk]))]

    assert [p.status_code for p in pages] == [200, 200, 200]
    assert all(key.private_key.encode() not in p.content for p in pages)
    assert key.public_key.encode() in pages[1].content


def test_error_report_hides_the_private_key_when_signing_fails(event, registration):
    import badges

    key = services.ensure_event_key(event=event)
    EventKey.objects.filter(pk=key.pk).update(private_key=key.private_key[:-4])  # damaged: 30 bytes
    with pytest.raises(badges.BadKeyError) as failure:
        services.issue_badge(registration=registration)
    report = ExceptionReporter(RequestFactory().get("/"), failure.type, failure.value, failure.tb)

    text = report.get_traceback_html()

    assert "BadKeyError" in text
    assert key.private_key[:-4] not in text


def test_demo_build_is_the_morning_before_doors_open_and_idempotent(event):
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status="pending")
    out = io.StringIO()

    demo.build(event=event, stdout=out)
    demo.build(event=event, stdout=out)

    assert Badge.objects.filter(registration__event=event, revoked_at__isnull=True).count() == 3
    assert Badge.objects.filter(registration__event=event).count() == 3
    assert EventKey.objects.filter(event=event).count() == 1
    assert not CheckIn.objects.filter(event=event).exists()
    desk_account = UserFactory._meta.model.objects.get(username="accueil")
    assert desk_account.check_password("rencontres-demo")
    assert desk_account.groups.filter(name="Accueil").exists()
    assert can_check_in(desk_account, event)
    assert "3 badges prêts" in out.getvalue()


def test_demo_desk_account_can_check_in_a_demo_badge(event):
    registration = RegistrationFactory(event=event)
    demo.build(event=event, stdout=io.StringIO())
    desk_account = UserFactory._meta.model.objects.get(username="accueil")

    answer = services.check_in(event=event, token=registration.badges.get().token, nonce="demo",
                               user=desk_account, desk=desk_account.checkin_desks.get())

    assert answer["result"] == "ok" and answer["desk"] == "Accueil principal"
