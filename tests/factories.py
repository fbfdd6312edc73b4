"""factory-boy factories shared by every area's tests.

UserFactory, EventFactory, ProgrammeItemFactory, OrganizationFactory, ParticipantFactory,
RegistrationFactory, WorkshopSeatFactory. Users get the password "motdepasse-test" (see PASSWORD).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from backend.events.models import Event, Organization, Participant, ProgrammeItem, Registration, WorkshopSeat

PASSWORD = "motdepasse-test"
PARIS = ZoneInfo("Europe/Paris")


def luhn_complete(prefix: str) -> str:
    """`prefix` (13 digits) followed by the digit that makes a valid Luhn key: a valid SIRET."""
    for check in range(10):
        candidate = f"{prefix}{check}"
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.fr")
    password = factory.django.Password(PASSWORD)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Rencontres ESS {n}")
    slug = factory.Sequence(lambda n: f"rencontres-{n}")
    date = dt.date(2024, 11, 13)
    venue = "Workstation, Courbevoie"
    timezone = "Europe/Paris"

    @factory.post_generation
    def organizers(self, create, extracted, **kwargs):
        """EventFactory(organizers=[user, ...]) makes those users organizers of the event."""
        if create and extracted:
            self.organizers.add(*extracted)


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    event = factory.SubFactory(EventFactory)
    kind = ProgrammeItem.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Atelier {n}")
    slug = factory.Sequence(lambda n: f"atelier-{n}")
    start = factory.LazyAttribute(lambda o: dt.datetime.combine(o.event.date, dt.time(8, 30), tzinfo=PARIS))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(minutes=90))
    room = "Salle 1"
    capacity = None
    public = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organization.Kind.ASSOCIATION
    commune = "Nanterre"
    siret = factory.Sequence(lambda n: luhn_complete(f"{900000000 + n:09d}0001"))
    website = ""


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Participant.Role.PROJECT_HOLDER
    job_title = "Chargée de projet"
    phone = ""


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = Registration.Status.CONFIRMED
    gdpr_consent = True
    consent_at = factory.LazyFunction(timezone.now)


class WorkshopSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopSeat

    registration = factory.SubFactory(RegistrationFactory)
    item = factory.SubFactory(ProgrammeItemFactory, event=factory.SelfAttribute("..registration.event"))
    status = WorkshopSeat.Status.CONFIRMED
