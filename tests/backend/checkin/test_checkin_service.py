import pytest

import badges
from backend.checkin import services
from backend.checkin.models import CheckIn, Scan
from backend.core.errors import AppError
from backend.events.models import Registration
from tests.factories import RegistrationFactory


def scan(event, token, desk_user, nonce="n-1", desk=None):
    return services.check_in(event=event, token=token, nonce=nonce, desk=desk, user=desk_user)


def test_check_in_valid_badge_is_ok_with_the_person(event, badge, desk_user, desk):
    answer = scan(event, badge.token, desk_user, desk=desk)

    assert answer["result"] == "ok"
    assert answer["person"]["name"] == "Inès Bakari"
    assert answer["person"]["organization"] == "BicyclAide"
    assert answer["person"]["role_label"] == "porteur de projet"
    assert answer["desk"] == "Accueil 1"
    checkin = CheckIn.objects.get(event=event)
    assert (checkin.registration_id, checkin.desk_id, checkin.checked_in_by_id) == (
        badge.registration_id, desk.pk, desk_user.pk)


def test_check_in_second_scan_is_already_checked_in_with_when_and_desk(event, badge, desk_user, desk, organizer):
    first = scan(event, badge.token, desk_user, nonce="a", desk=desk)

    second = scan(event, badge.token, organizer, nonce="b")

    assert second["result"] == "already_checked_in"
    assert second["checked_in_at"] == first["checked_in_at"]
    assert second["desk"] == "Accueil 1"
    assert "Déjà arrivé" in second["message"]
    assert CheckIn.objects.filter(event=event).count() == 1


def test_check_in_by_organizer_without_desk_names_the_organizer(event, badge, organizer):
    scan(event, badge.token, organizer, nonce="a")

    again = scan(event, badge.token, organizer, nonce="b")

    assert again["desk"] == "organisation (orga)"


def test_check_in_old_version_after_reissue_is_revoked(event, badge, desk_user):
    services.reissue_badge(registration=badge.registration, reason="badge perdu")

    answer = scan(event, badge.token, desk_user)

    assert answer["result"] == "revoked"
    assert answer["person"]["name"] == "Inès Bakari"
    assert not CheckIn.objects.exists()


def test_check_in_new_version_after_reissue_is_ok(event, badge, desk_user):
    new = services.reissue_badge(registration=badge.registration)

    assert scan(event, new.token, desk_user)["result"] == "ok"


def test_check_in_cancelled_registration_is_revoked(event, badge, desk_user):
    Registration.objects.filter(pk=badge.registration_id).update(status=Registration.Status.CANCELLED)

    answer = scan(event, badge.token, desk_user)

    assert answer["result"] == "revoked"
    assert not CheckIn.objects.exists()


def test_check_in_badge_of_another_event_is_wrong_event(event, other_event, desk_user):
    foreign = services.issue_badge(registration=RegistrationFactory(event=other_event))
    services.ensure_event_key(event=event)

    answer = scan(event, foreign.token, desk_user)

    assert answer["result"] == "wrong_event"
    assert not CheckIn.objects.exists()


def test_check_in_short_code_of_another_event_is_wrong_event(event, other_event, desk_user, badge):
    foreign = services.issue_badge(registration=RegistrationFactory(event=other_event))

    assert scan(event, foreign.short_code, desk_user)["result"] == "wrong_event"


def test_check_in_forged_with_another_key_is_invalid(event, badge, desk_user):
    forged = badges.issue_token(private_key=badges.generate_private_key(), event_id=event.pk,
                                registration_id=badge.registration_id, version=1)

    assert scan(event, forged, desk_user)["result"] == "invalid"


@pytest.mark.parametrize("mangle", [
    lambda t: "",
    lambda t: "   ",
    lambda t: t[:20],
    lambda t: t[:-1],
    lambda t: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"),
    lambda t: t[:5] + ("Z" if t[5] != "Z" else "Y") + t[6:],
    lambda t: t + "00",
    lambda t: "<script>alert(1)</script>",
    lambda t: "é" * 5000,
    lambda t: "\x00\x01\x02",
    lambda t: "https://exemple.fr/?" + t,
], ids=["empty", "blank", "truncated", "one-char-less", "tampered-signature", "tampered-payload", "extra",
        "html", "huge", "control", "url"])
def test_check_in_malformed_token_is_invalid(event, badge, desk_user, mangle):
    answer = scan(event, mangle(badge.token), desk_user)

    assert answer["result"] == "invalid"
    assert answer["message"]
    assert not CheckIn.objects.exists()


def test_check_in_typed_short_code_is_ok(event, badge, desk_user):
    typed = badge.short_code.lower().replace("-", " ")

    assert scan(event, typed, desk_user)["result"] == "ok"


def test_check_in_unknown_short_code_is_invalid(event, badge, desk_user):
    assert scan(event, "ABCDE-FGHJK", desk_user)["result"] == "invalid"


def test_check_in_same_nonce_twice_records_one_scan_and_same_answer(event, badge, desk_user):
    first = scan(event, badge.token, desk_user, nonce="same")

    second = scan(event, badge.token, desk_user, nonce="same")

    assert second == first and first["result"] == "ok"
    assert Scan.objects.filter(event=event).count() == 1
    assert CheckIn.objects.filter(event=event).count() == 1


def test_check_in_same_nonce_after_failure_answers_the_first_failure(event, badge, desk_user):
    first = scan(event, "n'importe quoi", desk_user, nonce="x")

    second = scan(event, badge.token, desk_user, nonce="x")

    assert second == first and first["result"] == "invalid"
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("nonce", ["", "   ", "x" * 65, None])
def test_check_in_without_usable_nonce_is_refused(event, badge, desk_user, nonce):
    with pytest.raises(AppError) as exc:
        services.check_in(event=event, token=badge.token, nonce=nonce, user=desk_user)

    assert exc.value.field == "nonce"
    assert not Scan.objects.exists()


def test_check_in_participant_account_is_forbidden(event, badge):
    with pytest.raises(AppError) as exc:
        scan(event, badge.token, badge.registration.participant.user)

    assert exc.value.status == 403
    assert not CheckIn.objects.exists()


def test_check_in_desk_account_of_another_event_is_forbidden(other_event, badge, desk_user):
    with pytest.raises(AppError) as exc:
        scan(other_event, badge.token, desk_user)

    assert exc.value.status == 403
