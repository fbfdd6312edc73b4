import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from backend.events.models import Organization, Registration
from backend.events.validators import siret_problem, validate_siret
from tests.factories import (
    OrganizationFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    WorkshopSeatFactory,
    luhn_complete,
)

pytestmark = pytest.mark.django_db


def test_registration_second_for_same_person_and_event_rejected_by_database():
    registration = RegistrationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=registration.event, participant=registration.participant)


def test_registration_consent_without_date_rejected_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(gdpr_consent=True, consent_at=None)


def test_registration_without_consent_needs_no_date():
    registration = RegistrationFactory(gdpr_consent=False, consent_at=None)
    assert registration.status == Registration.Status.CONFIRMED


def test_programme_item_ending_before_start_rejected_by_database():
    start = dt.datetime(2024, 11, 13, 9, 0, tzinfo=dt.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeItemFactory(start=start, end=start - dt.timedelta(minutes=1))


def test_programme_item_same_slug_in_same_event_rejected_by_database():
    item = ProgrammeItemFactory(slug="atelier")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeItemFactory(event=item.event, slug="atelier")


def test_workshop_seat_twice_for_same_registration_rejected_by_database():
    seat = WorkshopSeatFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopSeatFactory(registration=seat.registration, item=seat.item)


def test_organization_siret_not_14_digits_rejected_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(name="X", kind="association", siret="1234")


def test_organization_same_siret_twice_rejected_by_database():
    organization = OrganizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(siret=organization.siret)


def test_siret_with_valid_luhn_key_accepted():
    siret = luhn_complete("7328290970001")
    assert siret_problem(siret) is None
    validate_siret(siret)


def test_siret_with_wrong_key_refused_in_french():
    siret = luhn_complete("7328290970001")
    wrong = siret[:-1] + str((int(siret[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        validate_siret(wrong)
    assert "clé de contrôle" in error.value.messages[0]


def test_siret_with_letters_refused():
    assert siret_problem("1234567890123A") == "le SIRET doit compter 14 chiffres"


def test_organization_full_clean_reports_bad_siret():
    organization = Organization(name="X", kind="association", siret="12345678901234")
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "siret" in error.value.message_dict
