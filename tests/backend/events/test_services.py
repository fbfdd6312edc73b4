import pytest
from django.contrib.auth import get_user_model

from backend.core.errors import AppError
from backend.events import services
from backend.events.models import ProgrammeItem, Registration, WorkshopSeat
from tests.factories import (
    EventFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
PASSWORD = "Tres-Solide-2024"


def newcomer(event, email="nouvelle@exemple.fr", **kwargs):
    data = {"event": event, "email": email, "password": PASSWORD, "first_name": "Awa", "last_name": "Diallo",
            "role": "project_holder", "gdpr_consent": True,
            "organization": services.OrganizationInput(name="Recyclerie de Bagneux", commune="Bagneux")}
    data.update(kwargs)
    return services.self_register(**data)


def test_self_register_creates_account_profile_and_confirmed_registration(event):
    registration = newcomer(event)

    user = get_user_model().objects.get(email="nouvelle@exemple.fr")
    assert user.check_password(PASSWORD)
    assert registration.participant.user == user
    assert registration.participant.organization.name == "Recyclerie de Bagneux"
    assert registration.participant.organization.kind == "association"
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.gdpr_consent and registration.consent_at is not None


def test_self_register_without_consent_refused_and_nothing_written(event):
    with pytest.raises(AppError) as error:
        newcomer(event, gdpr_consent=False)
    assert error.value.field == "gdpr_consent"
    assert not get_user_model().objects.filter(email="nouvelle@exemple.fr").exists()


def test_self_register_same_email_twice_is_409(event):
    newcomer(event)
    with pytest.raises(AppError) as error:
        newcomer(event, email="Nouvelle@Exemple.fr")
    assert error.value.status == 409
    assert error.value.code == "already_registered"


def test_self_register_email_of_existing_account_is_409_asking_to_log_in(event):
    UserFactory(email="deja@exemple.fr")
    with pytest.raises(AppError) as error:
        newcomer(event, email="deja@exemple.fr")
    assert error.value.status == 409
    assert "connectez-vous" in error.value.message


def test_self_register_weak_password_refused_on_password_field(event):
    with pytest.raises(AppError) as error:
        newcomer(event, password="123")
    assert error.value.field == "password"


def test_self_register_organizer_role_refused(event):
    with pytest.raises(AppError) as error:
        newcomer(event, role="organizer")
    assert error.value.field == "role"


def test_self_register_bad_siret_refused_on_siret_field(event):
    with pytest.raises(AppError) as error:
        newcomer(event, organization=services.OrganizationInput(name="X", siret="12345678901235"))
    assert error.value.field == "organization.siret"


def test_register_existing_participant_twice_is_409(event):
    participant = ParticipantFactory()
    services.register_participant(event=event, participant=participant, gdpr_consent=True)
    with pytest.raises(AppError) as error:
        services.register_participant(event=event, participant=participant, gdpr_consent=True)
    assert error.value.status == 409


def test_register_after_cancellation_reopens_the_registration(event):
    participant = ParticipantFactory()
    first = services.register_participant(event=event, participant=participant, gdpr_consent=True)
    services.cancel_registration(registration=first, by=participant.user)
    again = services.register_participant(event=event, participant=participant, gdpr_consent=True)
    assert again.pk == first.pk
    assert again.status == Registration.Status.CONFIRMED


def test_register_when_closed_refused(event):
    event.registration_open = False
    event.save()
    with pytest.raises(AppError) as error:
        services.register_participant(event=event, participant=ParticipantFactory(), gdpr_consent=True)
    assert error.value.code == "registration_closed"


def test_event_capacity_reached_puts_next_on_waitlist(event):
    event.capacity = 1
    event.save()
    first = services.register_participant(event=event, participant=ParticipantFactory(), gdpr_consent=True)
    second = services.register_participant(event=event, participant=ParticipantFactory(), gdpr_consent=True)
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED


def test_event_cancellation_promotes_oldest_waitlisted(event):
    event.capacity = 1
    event.save()
    first = services.register_participant(event=event, participant=ParticipantFactory(), gdpr_consent=True)
    older = services.register_participant(event=event, participant=ParticipantFactory(), gdpr_consent=True)
    younger = services.register_participant(event=event, participant=ParticipantFactory(), gdpr_consent=True)

    services.cancel_registration(registration=first, by=first.participant.user)

    older.refresh_from_db()
    younger.refresh_from_db()
    assert older.status == Registration.Status.CONFIRMED
    assert younger.status == Registration.Status.WAITLISTED


def test_workshop_full_waitlists_and_cancellation_promotes_oldest(event, workshop):
    regs = [services.register_participant(event=event, participant=ParticipantFactory(), workshops=[workshop],
                                          gdpr_consent=True) for _ in range(4)]
    statuses = [r.seats.get().status for r in regs]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]

    services.cancel_registration(registration=regs[0], by=regs[0].participant.user)

    assert [r.seats.get().status for r in regs[1:]] == ["confirmed", "confirmed", "waitlisted"]
    assert workshop.seats.filter(status=WorkshopSeat.Status.CONFIRMED).count() == 2


def test_workshops_at_same_time_refused(event, workshop):
    other = ProgrammeItemFactory(event=event, slug="atelier-b", start=workshop.start, end=workshop.end)
    with pytest.raises(AppError) as error:
        services.register_participant(event=event, participant=ParticipantFactory(), workshops=[workshop, other],
                                      gdpr_consent=True)
    assert error.value.code == "workshops_overlap"


def test_workshop_of_another_event_refused(event):
    foreign = ProgrammeItemFactory(event=EventFactory())
    with pytest.raises(AppError) as error:
        services.register_participant(event=event, participant=ParticipantFactory(), workshops=[foreign],
                                      gdpr_consent=True)
    assert error.value.field == "workshops"


def test_non_workshop_item_refused_as_workshop(event):
    plenary = ProgrammeItemFactory(event=event, kind=ProgrammeItem.Kind.PLENARY)
    with pytest.raises(AppError):
        services.register_participant(event=event, participant=ParticipantFactory(), workshops=[plenary],
                                      gdpr_consent=True)


def test_approval_event_keeps_registration_pending_without_taking_seats(event, workshop):
    event.requires_approval = True
    event.save()
    registration = services.register_participant(event=event, participant=ParticipantFactory(),
                                                 workshops=[workshop], gdpr_consent=True)
    assert registration.status == Registration.Status.PENDING
    assert registration.seats.get().status == WorkshopSeat.Status.REQUESTED


def test_organizer_approval_confirms_and_takes_workshop_seat(event, workshop, organizer):
    event.requires_approval = True
    event.save()
    registration = services.register_participant(event=event, participant=ParticipantFactory(),
                                                 workshops=[workshop], gdpr_consent=True)
    services.approve_registration(registration=registration, by=organizer)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.seats.get().status == WorkshopSeat.Status.CONFIRMED


def test_approval_by_non_organizer_forbidden(event):
    event.requires_approval = True
    event.save()
    registration = services.register_participant(event=event, participant=ParticipantFactory(), gdpr_consent=True)
    with pytest.raises(AppError) as error:
        services.approve_registration(registration=registration, by=registration.participant.user)
    assert error.value.status == 403


def test_approval_of_confirmed_registration_is_409(event, organizer):
    registration = RegistrationFactory(event=event)
    with pytest.raises(AppError) as error:
        services.approve_registration(registration=registration, by=organizer)
    assert error.value.status == 409


def test_cancel_by_other_participant_forbidden(owner_registration, other_participant):
    with pytest.raises(AppError) as error:
        services.cancel_registration(registration=owner_registration, by=other_participant.user)
    assert error.value.status == 403


def test_cancel_twice_is_409(owner_registration):
    user = owner_registration.participant.user
    services.cancel_registration(registration=owner_registration, by=user)
    with pytest.raises(AppError) as error:
        services.cancel_registration(registration=owner_registration, by=user)
    assert error.value.status == 409


def test_set_workshops_swaps_and_frees_place_for_waitlist(event, workshop):
    other = ProgrammeItemFactory(event=event, slug="atelier-b", start=workshop.end,
                                 end=workshop.end + (workshop.end - workshop.start), capacity=5)
    regs = [services.register_participant(event=event, participant=ParticipantFactory(), workshops=[workshop],
                                          gdpr_consent=True) for _ in range(3)]

    services.set_workshops(registration=regs[0], workshops=[other], by=regs[0].participant.user)

    assert list(regs[0].seats.values_list("item__slug", "status")) == [("atelier-b", "confirmed")]
    assert regs[2].seats.get().status == "confirmed"


def test_update_profile_changes_name_and_email(owner_registration):
    user = owner_registration.participant.user
    services.update_profile(user=user, first_name="Zoé", email="zoe@exemple.fr", phone="0102030405")
    user.refresh_from_db()
    assert (user.first_name, user.email) == ("Zoé", "zoe@exemple.fr")
    assert user.participant.phone == "0102030405"


def test_update_profile_email_of_someone_else_is_409(owner_registration):
    UserFactory(email="pris@exemple.fr")
    with pytest.raises(AppError) as error:
        services.update_profile(user=owner_registration.participant.user, email="pris@exemple.fr")
    assert error.value.status == 409


@pytest.fixture
def received():
    from backend.events.signals import registration_confirmed, waitlist_promoted

    calls = []

    def confirmed(sender, registration_id, **kwargs):
        calls.append(("confirmed", registration_id))

    def promoted(sender, registration_id, **kwargs):
        calls.append(("promoted", registration_id))

    registration_confirmed.connect(confirmed, dispatch_uid="test-confirmed")
    waitlist_promoted.connect(promoted, dispatch_uid="test-promoted")
    yield calls
    registration_confirmed.disconnect(dispatch_uid="test-confirmed")
    waitlist_promoted.disconnect(dispatch_uid="test-promoted")


def test_confirmation_and_promotion_signals_sent_on_commit(event, received, django_capture_on_commit_callbacks):
    event.capacity = 1
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.register_participant(event=event, participant=ParticipantFactory(), gdpr_consent=True)
        second = services.register_participant(event=event, participant=ParticipantFactory(), gdpr_consent=True)
    assert received == [("confirmed", first.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=first, by=first.participant.user)
    assert received == [("confirmed", first.pk), ("promoted", second.pk)]
