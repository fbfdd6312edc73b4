import pytest

import badges
from backend.checkin import services
from backend.checkin.models import Badge, EventKey
from backend.core.errors import AppError
from backend.events.models import Registration
from tests.factories import RegistrationFactory


def test_issue_badge_signs_event_registration_and_version_1(registration):
    badge = services.issue_badge(registration=registration)

    key = EventKey.objects.get(event=registration.event)
    payload = badges.verify_token(badge.token, public_key=key.public_key, event_id=registration.event_id)
    assert (payload.registration_id, payload.version, badge.version) == (registration.pk, 1, 1)
    assert badge.short_code == badges.short_code(badge.token)


def test_issue_badge_twice_returns_the_same_badge(registration):
    first = services.issue_badge(registration=registration)

    second = services.issue_badge(registration=registration)

    assert second.pk == first.pk
    assert Badge.objects.filter(registration=registration).count() == 1


def test_reissue_badge_raises_version_and_revokes_old(badge):
    new = services.reissue_badge(registration=badge.registration, reason="badge perdu")

    badge.refresh_from_db()
    assert new.version == badge.version + 1
    assert badge.revoked_at is not None and badge.revoked_reason == "badge perdu"
    assert new.revoked_at is None and new.token != badge.token and new.short_code != badge.short_code


@pytest.mark.parametrize("status", [Registration.Status.PENDING, Registration.Status.CANCELLED,
                                    Registration.Status.WAITLISTED])
def test_issue_badge_unconfirmed_registration_is_refused(event, status):
    registration = RegistrationFactory(event=event, status=status)

    with pytest.raises(AppError) as exc:
        services.issue_badge(registration=registration)

    assert exc.value.status == 409 and "pas confirmée" in exc.value.message
    assert not Badge.objects.filter(registration=registration).exists()


def test_issue_badges_covers_confirmed_without_badge_only(event, badge):
    confirmed = RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status=Registration.Status.PENDING)

    issued = services.issue_badges(event=event)

    assert issued == 3
    assert set(Badge.objects.filter(registration__event=event).values_list("registration", flat=True)) == (
        {badge.registration_id} | {r.pk for r in confirmed})
    assert services.issue_badges(event=event) == 0


def test_issue_badges_after_reissue_keeps_versions_increasing(event, badge):
    badge.revoked_at = badge.issued_at
    badge.save()

    services.issue_badges(event=event)

    assert Badge.objects.get(registration=badge.registration, revoked_at__isnull=True).version == 2


def test_event_key_repr_and_str_do_not_contain_private_key(event):
    key = services.ensure_event_key(event=event)

    assert key.private_key not in repr(key) and key.private_key not in str(key)
    assert badges.public_key_of(key.private_key) == key.public_key


def test_ensure_event_key_is_stable(event):
    assert services.ensure_event_key(event=event).pk == services.ensure_event_key(event=event).pk
