"""`manage.py solve` and the demo part of the meetings app."""

import io

import pytest
from django.core.management import CommandError, call_command

from backend.events.models import Participant, ProgrammeItem
from backend.meetings import demo
from backend.meetings.models import (
    FinancingNeedProfile,
    HostInterest,
    Meeting,
    PurchaseNeedProfile,
    SolveRun,
    TimetableVersion,
    Wish,
)
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    UserFactory,
)

from .conftest import at


def test_solve_command_prints_a_french_summary_and_publishes(day, wishes):
    out = io.StringIO()

    call_command("solve", "--event", day.event.slug, "--block", day.block.item.slug, "--publish",
                 "--time-limit", "2", stdout=out)

    text = out.getvalue()
    assert "Statut : optimal" in text or "Statut : feasible" in text
    assert f"invités avec au moins un rendez-vous : {len(day.guests)}" in text
    assert "Version 1 publiée" in text
    assert TimetableVersion.objects.get().meetings.count() > 0


def test_solve_command_without_publish_leaves_nothing_published(day, wishes):
    call_command("solve", "--event", day.event.slug, "--block", day.block.item.slug, "--time-limit", "1",
                 stdout=io.StringIO())

    assert SolveRun.objects.get().status == SolveRun.Status.DONE
    assert not TimetableVersion.objects.exists()


def test_solve_command_unknown_block_is_a_french_error(day):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("solve", "--event", day.event.slug, "--block", "nulle-part", stdout=io.StringIO())


def test_solve_command_without_wishes_is_a_french_error(day):
    with pytest.raises(CommandError, match="Aucune demande"):
        call_command("solve", "--event", day.event.slug, "--block", day.block.item.slug, stdout=io.StringIO())


@pytest.fixture
def demo_like_day(db):
    """The demo's shape in small: the two blocks with the demo's slugs and the two demo logins."""
    organizer = UserFactory(username="organisateur")
    event = EventFactory(slug="demo-mini", organizers=[organizer])
    ProgrammeItemFactory(event=event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="speed-meetings",
                         start=at(10), end=at(13, 30))
    ProgrammeItemFactory(event=event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="convention-business-92",
                         start=at(16, 30), end=at(18, 30))

    def person(role, org, username=None, kind="association"):
        user = UserFactory(username=username) if username else UserFactory()
        participant = ParticipantFactory(user=user, role=role, organization=OrganizationFactory(name=org, kind=kind))
        RegistrationFactory(event=event, participant=participant)
        return participant

    person("funder", "France Active Métropole", "financeur", "funder")
    for name in ("Les Cigales", "Villyz", "Microcrédit Seine Solidaire"):
        person("funder", name, kind="funder")
    person("expert", "KPMG", kind="company")
    person("project_holder", "BicyclAide", "porteur")
    for name in ("Les petites cantines", "Recyclerie de Nanterre", "Fablab de Sceaux", "Garage solidaire de Clichy"):
        person("project_holder", name)
    for name in ("Arche Facility Services", "Orion Immobilier"):
        person("buyer", name, kind="company")
    for name in ("Régie de quartier Propreté Antony", "ETTI Numérique Colombes", "Entreprise d'insertion Textile Vanves"):
        person("siae", name, kind="siae")
    return event


def counts():
    return {model.__name__: model.objects.count() for model in
            (Wish, HostInterest, Meeting, SolveRun, TimetableVersion, FinancingNeedProfile, PurchaseNeedProfile)}


def test_demo_build_solves_publishes_and_second_run_changes_nothing(demo_like_day, monkeypatch):
    monkeypatch.setattr(demo, "TIME_LIMIT_S", 2)
    out = io.StringIO()

    demo.build(event=demo_like_day, stdout=out)
    first = counts()
    demo.build(event=demo_like_day, stdout=out)

    assert counts() == first
    assert first["TimetableVersion"] == 2
    porteur = Participant.objects.get(user__username="porteur")
    financeur = Participant.objects.get(user__username="financeur")
    assert Wish.objects.filter(guest=porteur, rank=1, host=financeur).exists()
    assert Meeting.objects.filter(guest=porteur).exists()
    assert Meeting.objects.filter(host=financeur).exists()
    assert "déjà publiée" in out.getvalue()
    business = TimetableVersion.objects.get(block__item__slug="convention-business-92")
    assert business.block.slot_minutes == 20 and business.block.hosts_must_accept
