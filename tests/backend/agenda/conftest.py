"""Agenda tests run tasks at once (immediate backend) and collect e-mails in django.core.mail.outbox."""

import datetime as dt

import pytest

from backend.events.models import Organization, Participant, ProgrammeItem
from backend.meetings.signals import timetable_published
from tests.factories import (
    PARIS,
    EventFactory,
    OrganizationFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.meeting_factories import MeetingBlockFactory, TableFactory, publish


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://rencontres.example.fr"
    settings.DEFAULT_FROM_EMAIL = "Rencontres ESS <rencontres@example.fr>"
    # Factories hash a password per user: the default hasher costs about a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render {% static %}: no collectstatic manifest in tests.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def day(db):
    """13 November 2024: a plenary, a workshop, a meeting block with two funders and two project holders."""
    class Day:
        pass

    d = Day()
    d.event = EventFactory(name="Rencontres ESS et Territoire", slug="rencontres-2024", date=dt.date(2024, 11, 13),
                           venue="Workstation, Courbevoie", address="1 place des Saisons; 92400 Courbevoie")
    d.plenary = ProgrammeItemFactory(event=d.event, kind=ProgrammeItem.Kind.PLENARY, title="Ouverture",
                                     start=dt.datetime(2024, 11, 13, 8, 30, tzinfo=PARIS),
                                     end=dt.datetime(2024, 11, 13, 8, 45, tzinfo=PARIS), room="Auditorium")
    d.workshop = ProgrammeItemFactory(event=d.event, kind=ProgrammeItem.Kind.WORKSHOP,
                                      title="Atelier : financer l'amorçage",
                                      start=dt.datetime(2024, 11, 13, 8, 45, tzinfo=PARIS),
                                      end=dt.datetime(2024, 11, 13, 10, 0, tzinfo=PARIS), room="Salle 2")
    d.block = MeetingBlockFactory(item__event=d.event, slots=4)

    def person(username, first, last, role, org_name, kind):
        user = UserFactory(username=username, first_name=first, last_name=last, email=f"{username}@exemple.fr")
        org = OrganizationFactory(name=org_name, kind=kind)
        participant = ParticipantFactory(user=user, organization=org, role=role, phone="01 23 45 67 89")
        RegistrationFactory(event=d.event, participant=participant)
        return participant

    d.funder = person("fam", "Claire", "Martin", Participant.Role.FUNDER, "France Active Métropole",
                      Organization.Kind.FUNDER)
    d.cigales = person("cigales", "Hugo", "Bernard", Participant.Role.FUNDER, "Les Cigales", Organization.Kind.FUNDER)
    d.holder = person("cantines", "Élodie", "N'Diaye; Le Gall, dite\n« Lo »", Participant.Role.PROJECT_HOLDER,
                      "Les petites cantines, Courbevoie; « Lit uP »", Organization.Kind.ASSOCIATION)
    d.bicycl = person("bicyclaide", "Jérôme", "Lefèvre", Participant.Role.PROJECT_HOLDER, "BicyclAide",
                      Organization.Kind.ASSOCIATION)
    d.table1 = TableFactory(block=d.block, label="1", host=d.funder)
    d.table2 = TableFactory(block=d.block, label="2", host=d.cigales)
    return d


@pytest.fixture
def publish_and_send(django_capture_on_commit_callbacks):
    """Publishes a new version and sends `timetable_published` as the meetings app does; returns the version."""
    def run(block, meetings):
        previous = block.versions.order_by("-number").first()
        version = publish(block, meetings)
        with django_capture_on_commit_callbacks(execute=True):
            timetable_published.send(sender=None, version_id=version.pk,
                                     previous_version_id=previous.pk if previous else None)
        return version

    return run
